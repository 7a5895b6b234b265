// `npm run bench`: how long the things a pre-commit hook runs take.
// Measures in-process work (parse + validate + lint + compile) over many
// iterations, and one cold start of the CLI, which is what a hook pays.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { compileDeployment } from "../src/compile/index.js";
import { bundledExamples } from "../src/compile/examples.js";
import { loadConfigFile } from "../src/config/load.js";
import { repoPath } from "../src/util/paths.js";

function timeIt(label: string, iterations: number, fn: () => void): void {
  for (let i = 0; i < 5; i++) fn(); // warm up the JIT and the ajv validator
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const ms = (performance.now() - start) / iterations;
  console.log(`${label.padEnd(48)} ${ms.toFixed(3).padStart(9)} ms/op  (${iterations} runs)`);
}

console.log(`node ${process.version}`);
for (const example of bundledExamples()) {
  const file = repoPath(example.configPath);
  timeIt(`load+validate ${example.name}`, 300, () => loadConfigFile(file));
  timeIt(`load+validate+compile ${example.name}`, 200, () => compileDeployment(loadConfigFile(file)));
}

const cliPath = repoPath("dist/src/cli/main.js");
const example = repoPath("examples/gtn-tutorial.yml");
const runs = 10;
const start = performance.now();
for (let i = 0; i < runs; i++) execFileSync(process.execPath, [cliPath, "validate", "-q", example]);
console.log(`${"cold CLI start: gxit-gen validate".padEnd(48)} ${((performance.now() - start) / runs).toFixed(1).padStart(9)} ms/op  (${runs} runs)`);

// Benchmarks of the other stages, when built.
for (const extra of ["dist/scripts/bench-lint.js", "dist/scripts/bench-proxy.js"]) {
  if (!existsSync(repoPath(extra))) continue;
  console.log(`\n== ${extra}`);
  const r = spawnSync(process.execPath, [repoPath(extra)], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
