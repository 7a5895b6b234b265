// `npm run bench`: what a pre-commit hook pays. Times `gxit-gen lint
// examples/gtn-tutorial.yml` as a whole process (median of N runs, the
// installed bundle), `ansible-lint` on the compiled tree of the same example
// in the same run, and prints both with their ratio; then the in-process cost
// of each stage per example, and parsing cost against config size
// (scripts/bench-parse.ts, --parse-sizes). Writes the results to docs/benchmarks.md
// (section "cli") unless --no-write.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { compileDeployment } from "../src/compile/index.js";
import { bundledExamples } from "../src/compile/examples.js";
import { writeTree } from "../src/compile/write.js";
import { loadConfigFile } from "../src/config/load.js";
import { lintDeployment } from "../src/lint/index.js";
import { walkTree } from "../src/read/walk.js";
import { loadTree, readTreeFile } from "../src/tree/load.js";
import { repoPath } from "../src/util/paths.js";
import { writeBenchmarkSection } from "./bench-report.js";
import { benchParse } from "./bench-parse.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "15" },
    "no-write": { type: "boolean" },
    // Config sizes for the parsing benchmark, in MB ("" skips it).
    "parse-sizes": { type: "string", default: "1,4,16,50" },
  },
});
const runs = Math.max(10, Number(values.runs));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall time of a whole process, in ms; fails loudly if the command fails. */
function timeProcess(cmd: string, args: string[], cwd: string, n: number, okCodes = [0]): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
    times.push(performance.now() - start);
    if (r.error || !okCodes.includes(r.status ?? -1)) {
      throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.error?.message ?? r.stderr}`);
    }
  }
  return median(times);
}

function inProcess(fn: () => void, n: number): number {
  for (let i = 0; i < 5; i++) fn(); // warm the JIT
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - start) / n;
}

const lines: string[] = [];
const say = (s = "") => {
  console.log(s);
  lines.push(s);
};

const cli = repoPath("dist/bundle/main.js");
const example = "examples/gtn-tutorial.yml";
const node = timeProcess(process.execPath, ["-e", "0"], repoPath(), runs);
const lint = timeProcess(process.execPath, [cli, "lint", example], repoPath(), runs);
const validate = timeProcess(process.execPath, [cli, "validate", "-q", example], repoPath(), runs);

// A real Ansible tree of usegalaxy.eu's size (≈ 230 KB in 8 files, a 145 KB galaxy.yml-options file, TPV),
// from the shared corpus next to the repository when it is there.
const corpusTree = repoPath("..", "shared", "corpus", "usegalaxy-eu");
const treeBytes = existsSync(corpusTree) ? walkTree(corpusTree).reduce((n, f) => n + f.text.length, 0) : 0;
const treeFiles = existsSync(corpusTree) ? walkTree(corpusTree).length : 0;
const treeLint = existsSync(corpusTree) ? timeProcess(process.execPath, [cli, "lint", corpusTree], repoPath(), runs, [0, 2]) : undefined;

const tree = mkdtempSync(join(tmpdir(), "gxit-bench-"));
let ansibleLint: number | undefined;
try {
  writeTree(compileDeployment(loadConfigFile(repoPath(example))), join(tree, "out"));
  cpSync(join(tree, "out"), join(tree, "out2"), { recursive: true });
  const probe = spawnSync("ansible-lint", ["--version"], { encoding: "utf8" });
  if (!probe.error) {
    const n = Math.max(3, Math.min(10, runs));
    ansibleLint = timeProcess("ansible-lint", ["--nocolor", "-q"], join(tree, "out"), n, [0]);
  }
} finally {
  rmSync(tree, { recursive: true, force: true });
}

say("## CLI start-up and lint speed (`npm run bench`)");
say();
say(`Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)} at the start; medians of ${runs} runs.`);
say();
say("| command (whole process) | median |");
say("|---|---:|");
say(`| \`node -e 0\` (Node's own start) | ${node.toFixed(0)} ms |`);
say(`| \`gxit-gen validate -q ${example}\` | ${validate.toFixed(0)} ms |`);
say(`| \`gxit-gen lint ${example}\` | ${lint.toFixed(0)} ms |`);
if (treeLint !== undefined) {
  say(`| \`gxit-gen lint\` of the usegalaxy.eu Ansible tree (${treeFiles} files, ${(treeBytes / 1024).toFixed(0)} KB) | ${treeLint.toFixed(0)} ms |`);
}
if (ansibleLint !== undefined) {
  say(`| \`ansible-lint\` on the compiled tree of the same example | ${ansibleLint.toFixed(0)} ms |`);
  say();
  say(`gxit-gen lint is **${(ansibleLint / lint).toFixed(1)}×** faster than ansible-lint on the same deployment.`);
} else {
  say();
  say("ansible-lint is not installed: no comparison.");
}
say();
say("In-process cost per example (after warm-up):");
say();
say("| example | parse + validate | parse + validate + lint | parse + validate + compile |");
say("|---|---:|---:|---:|");
for (const ex of bundledExamples()) {
  const file = repoPath(ex.configPath);
  const load = inProcess(() => loadConfigFile(file), 200);
  const lintMs = inProcess(() => lintDeployment(loadConfigFile(file), { lintConfig: false }), 200);
  const compileMs = inProcess(() => compileDeployment(loadConfigFile(file)), 100);
  say(`| ${ex.name} | ${load.toFixed(2)} ms | ${lintMs.toFixed(2)} ms | ${compileMs.toFixed(2)} ms |`);
}

const parseSizes = values["parse-sizes"].split(",").filter((s) => s.trim() !== "").map(Number);
if (parseSizes.length > 0) {
  say();
  benchParse(parseSizes, say);
}

if (existsSync(corpusTree)) {
  say();
  say("In-process cost of the tree lint (usegalaxy.eu tree, after warm-up):");
  say();
  say("| stage | time |");
  say("|---|---:|");
  const files = walkTree(corpusTree);
  say(`| walk + read files | ${inProcess(() => walkTree(corpusTree), 20).toFixed(2)} ms |`);
  say(`| parse (YAML/XML/nginx, Jinja tolerated) | ${inProcess(() => files.map((f) => readTreeFile(f, [])), 20).toFixed(2)} ms |`);
  say(`| parse + variables + normalize | ${inProcess(() => loadTree(corpusTree), 20).toFixed(2)} ms |`);
  say(`| parse + normalize + lint | ${inProcess(() => lintDeployment(loadTree(corpusTree).deployment, { lintConfig: false }), 20).toFixed(2)} ms |`);
}

if (!values["no-write"]) {
  writeBenchmarkSection("cli", lines.join("\n"));
  console.log("\nwritten to docs/benchmarks.md");
}
