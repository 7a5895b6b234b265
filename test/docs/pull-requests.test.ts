// The PR workflow a user copies (examples/ci/github-workflow.yml), the
// pre-commit hooks (.pre-commit-hooks.yaml) and docs/pull-requests.md. The
// workflow's own shell steps are run with bash against a real compiled tree,
// with `gxit-gen` on PATH pointing at this build, so the exit codes and the
// drift summary are what a pull request would get.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ExitCode } from "../../src/util/errors.js";
import { repoPath } from "../../src/util/paths.js";
import { compileWithCli, explain, needTools, removeDir, run, tempDir } from "../ecosystem/tools.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: unknown;
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[]; permissions?: Record<string, string> }>;
}

/** The file npm links as `gxit-gen` (package.json bin): what a user's CI and hooks run. */
function installedBin(): string {
  const pkg = JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as { bin: Record<string, string> };
  return repoPath(pkg.bin["gxit-gen"]!);
}

const workflow = parse(readFileSync(repoPath("examples", "ci", "github-workflow.yml"), "utf8")) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const stepNamed = (re: RegExp): Step => {
  const s = steps.find((x) => re.test(x.name ?? ""));
  if (!s) throw new Error(`no workflow step named like ${re}`);
  return s;
};

describe("PR workflow: examples/ci/github-workflow.yml", function () {
  this.timeout(60_000);
  let dir: string;
  let bin: string;

  before(async () => {
    dir = tempDir("pr-workflow");
    // `gxit-gen` as installed by the workflow, but this build.
    bin = join(dir, "bin");
    mkdirSync(bin);
    const shim = join(bin, "gxit-gen");
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${installedBin()}" "$@"\n`);
    chmodSync(shim, 0o755);
  });
  after(() => removeDir(dir));

  /** A user's repository: the tutorial config as gxit.yml and its compiled output in ansible/. */
  async function userRepo(name: string, config = repoPath("examples", "gtn-tutorial.yml")): Promise<string> {
    const repo = join(dir, name);
    mkdirSync(repo, { recursive: true });
    copyFileSync(config, join(repo, "gxit.yml"));
    await compileWithCli(join(repo, "gxit.yml"), join(repo, "ansible"));
    return repo;
  }

  /** Runs one step's shell script as the runner would (bash -e), with the workflow's env. */
  function runStep(step: Step, repo: string) {
    const summary = join(repo, "step-summary.md");
    writeFileSync(summary, "");
    const r = spawnSync("bash", ["-e", "-c", step.run!], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, ...workflow.env, PATH: `${bin}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: summary },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, summary: readFileSync(summary, "utf8") };
  }

  it("lints with SARIF output and uploads it with codeql-action/upload-sarif, even after findings", () => {
    expect(stepNamed(/^Lint/).run).to.match(/gxit-gen lint --format sarif -o gxit-lint\.sarif "\$CONFIG"/);
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload, "an upload-sarif step").to.not.equal(undefined);
    expect(upload!.with!.sarif_file).to.equal("gxit-lint.sarif");
    expect(upload!.if).to.match(/!cancelled\(\)/);
    expect(Object.values(workflow.jobs)[0]!.permissions!["security-events"]).to.equal("write");
  });

  it("runs only commands without GitHub expressions in its scripts, so they behave as tested here", () => {
    for (const s of steps) if (s.run) expect(s.run, s.name).to.not.include("${{");
  });

  it("the lint step passes on a clean config and writes a SARIF 2.1.0 report", async () => {
    const repo = await userRepo("clean-lint");
    const r = runStep(stepNamed(/^Lint/), repo);
    expect(r.status, r.stderr).to.equal(ExitCode.ok);
    const sarif = JSON.parse(readFileSync(join(repo, "gxit-lint.sarif"), "utf8")) as { version: string };
    expect(sarif.version).to.equal("2.1.0");
  });

  it("the lint step fails (exit 2) on an unsafe config and still writes the report", async () => {
    const unsafe = join(dir, "unsafe.yml");
    // Interactive tools on the local runner with $defaults: datasets writable from the container.
    writeFileSync(unsafe, readFileSync(repoPath("examples", "gtn-tutorial.yml"), "utf8").replace("      runner: pulsar_embedded", "      runner: local"));
    const repo = join(dir, "unsafe-lint");
    mkdirSync(repo);
    copyFileSync(unsafe, join(repo, "gxit.yml"));
    const r = runStep(stepNamed(/^Lint/), repo);
    expect(r.status).to.equal(ExitCode.lintFindings);
    expect(existsSync(join(repo, "gxit-lint.sarif"))).to.equal(true);
  });

  it("the drift step passes when the committed output is up to date", async () => {
    const repo = await userRepo("up-to-date");
    const r = runStep(stepNamed(/committed output/), repo);
    expect(r.status, r.stderr).to.equal(ExitCode.ok);
    expect(r.summary).to.equal("");
  });

  it("the drift step fails (exit 1) on a hand-edited generated file, with the diff in the log and the summary", async () => {
    const repo = await userRepo("drift");
    appendFileSync(join(repo, "ansible", "group_vars", "galaxyservers", "interactive-tools.yml"), "hand_edited: true\n");
    const r = runStep(stepNamed(/committed output/), repo);
    expect(r.status).to.equal(ExitCode.failure);
    expect(r.stdout).to.include("--- a/group_vars/galaxyservers/interactive-tools.yml");
    expect(r.stdout).to.include("-hand_edited: true");
    expect(r.summary).to.include("```diff");
    expect(r.summary).to.include("-hand_edited: true");
    expect(r.summary).to.include("gxit-gen compile gxit.yml -o ansible");
  });

  it("the drift step propagates an invalid config's exit code 3, not drift's 1", async () => {
    const repo = await userRepo("invalid");
    writeFileSync(join(repo, "gxit.yml"), "version: 1\nproxy:\n  prot: 8000\n");
    const r = runStep(stepNamed(/committed output/), repo);
    expect(r.status).to.equal(ExitCode.invalidConfig);
    expect(r.summary).to.equal("");
  });

  it("passes yamllint --strict with the default rules, like the files it checks", function () {
    needTools(this, "yamllint");
    expect(workflow.on).to.have.keys("pull_request", "push");
    const r = run("yamllint", ["--strict", "-d", "default", repoPath("examples", "ci", "github-workflow.yml"), repoPath(".pre-commit-hooks.yaml")]);
    expect(r.status, explain(r)).to.equal(0);
  });
});

describe("pre-commit hooks: .pre-commit-hooks.yaml", function () {
  this.timeout(60_000);
  interface Hook {
    id: string;
    entry: string;
    language: string;
    files?: string;
    pass_filenames?: boolean;
    args?: string[];
  }
  const hooks = parse(readFileSync(repoPath(".pre-commit-hooks.yaml"), "utf8")) as Hook[];
  const hook = (id: string) => hooks.find((h) => h.id === id)!;
  let dir: string;
  before(() => {
    dir = tempDir("pre-commit");
  });
  after(() => removeDir(dir));

  /** What pre-commit runs: entry, then args, then (unless pass_filenames: false) the matching files. */
  function runHook(h: Hook, args: string[], files: string[], cwd: string) {
    const [cmd, ...entryArgs] = h.entry.split(" ");
    expect(cmd).to.equal("gxit-gen");
    const argv = [...entryArgs, ...args, ...(h.pass_filenames === false ? [] : files)];
    return spawnSync(process.execPath, [installedBin(), ...argv], { cwd, encoding: "utf8" });
  }

  it("offers gxit-gen-lint, gxit-gen-check and gxit-gen-lint-tree as node hooks", () => {
    expect(hooks.map((h) => h.id)).to.deep.equal(["gxit-gen-lint", "gxit-gen-check", "gxit-gen-lint-tree"]);
    for (const h of hooks) expect(h.language).to.equal("node");
    // `gxit-gen` must be the package's bin for language: node to find it.
    const pkg = JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as { bin: Record<string, string> };
    expect(pkg.bin).to.have.property("gxit-gen");
  });

  it("gxit-gen-lint's default files pattern picks configs, not generated YAML", () => {
    const files = new RegExp(hook("gxit-gen-lint").files!);
    expect(["gxit.yml", "deploy/gxit-prod.yaml"].filter((f) => files.test(f))).to.have.length(2);
    expect(["ansible/galaxy.yml", "ansible/group_vars/galaxyservers/interactive-tools.yml", "gxit/notes.txt"].filter((f) => files.test(f))).to.deep.equal([]);
  });

  it("gxit-gen-lint passes on a clean config and exits 2 on an unsafe one", async () => {
    const repo = join(dir, "lint");
    mkdirSync(repo);
    copyFileSync(repoPath("examples", "gtn-tutorial.yml"), join(repo, "gxit.yml"));
    expect(runHook(hook("gxit-gen-lint"), [], ["gxit.yml"], repo).status).to.equal(ExitCode.ok);
    writeFileSync(join(repo, "gxit.yml"), readFileSync(join(repo, "gxit.yml"), "utf8").replace("      runner: pulsar_embedded", "      runner: local"));
    expect(runHook(hook("gxit-gen-lint"), [], ["gxit.yml"], repo).status).to.equal(ExitCode.lintFindings);
  });

  it("gxit-gen-lint-tree lints a playbook repository: 0 on the safe tree, 2 on the tutorial's unsafe first state", () => {
    for (const [name, status] of [["xml-safe", ExitCode.ok], ["xml-unsafe", ExitCode.lintFindings]] as const) {
      const repo = join(dir, `tree-${name}`);
      cpSync(repoPath("test", "tree", "fixtures", name), repo, { recursive: true });
      expect(runHook(hook("gxit-gen-lint-tree"), [], [], repo).status, name).to.equal(status);
    }
  });

  it("gxit-gen-check with the documented args passes when up to date and fails on drift", async () => {
    const repo = join(dir, "check");
    mkdirSync(repo);
    copyFileSync(repoPath("examples", "gtn-tutorial.yml"), join(repo, "gxit.yml"));
    await compileWithCli(join(repo, "gxit.yml"), join(repo, "ansible"));
    const h = hook("gxit-gen-check");
    expect(h.pass_filenames).to.equal(false);
    const args = ["gxit.yml", "-o", "ansible"];
    expect(runHook(h, args, ["gxit.yml"], repo).status).to.equal(ExitCode.ok);
    appendFileSync(join(repo, "ansible", "galaxy.yml"), "# edited\n");
    const drift = runHook(h, args, ["gxit.yml"], repo);
    expect(drift.status).to.equal(ExitCode.failure);
    expect(drift.stdout).to.include("+++ b/galaxy.yml");
  });
});

describe("docs/pull-requests.md", () => {
  const text = readFileSync(repoPath("docs", "pull-requests.md"), "utf8");

  it("documents each exit code with the value the CLI uses", () => {
    const rows = new Map(
      [...text.matchAll(/^\| (\d) \| ([^|]+) \|/gm)].map((m) => [Number(m[1]), m[2]!.trim()] as [number, string]),
    );
    expect(rows.get(ExitCode.ok)).to.equal("ok");
    expect(rows.get(ExitCode.failure)).to.match(/drift/);
    expect(rows.get(ExitCode.lintFindings)).to.match(/lint/);
    expect(rows.get(ExitCode.invalidConfig)).to.match(/invalid config/);
  });

  it("warns against linguist-generated and links the workflow that exists", () => {
    expect(text).to.match(/Do not mark the output `linguist-generated`/);
    const link = /\]\((\.\.\/examples\/ci\/github-workflow\.yml)\)/.exec(text);
    expect(link).to.not.equal(null);
    expect(existsSync(repoPath("docs", link![1]!))).to.equal(true);
  });
});
