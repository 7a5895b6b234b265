// The hooks of .pre-commit-hooks.yaml run by Debian's real pre-commit against
// a throwaway git repository, installed from this repository's HEAD as a user
// would get them (pre-commit builds the node environment: npm install and
// our prepare script). Slow (a few minutes, once), so it is one test.
import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileDeployment } from "../../src/compile/index.js";
import { writeTree } from "../../src/compile/write.js";
import { loadConfigFile } from "../../src/config/load.js";
import { repoPath, tempDir } from "../helpers.js";

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 900_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, error: r.error };
}

/**
 * A long step (pre-commit builds the hooks' node environment: minutes), with
 * a progress line every 20 s so that a CI log never sits silent.
 */
function runWithProgress(what: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const started = Date.now();
  console.log(`      ${what}…`);
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const lastLine = () => out.trimEnd().split("\n").pop()?.slice(0, 100) ?? "";
    const ticker = setInterval(() => console.log(`      … ${what}: ${Math.round((Date.now() - started) / 1000)} s; last output: ${lastLine()}`), 20_000);
    const timeout = setTimeout(() => child.kill("SIGKILL"), 900_000);
    child.on("error", (err) => {
      clearInterval(ticker);
      clearTimeout(timeout);
      fail(err);
    });
    child.on("close", (code) => {
      clearInterval(ticker);
      clearTimeout(timeout);
      console.log(`      ${what}: exit ${code} after ${Math.round((Date.now() - started) / 1000)} s`);
      done({ code, out });
    });
  });
}

describe("pre-commit hooks with the real pre-commit", function () {
  this.timeout(1_000_000);

  it("lint and drift hooks pass on a clean repository and fail on an unsafe, drifted one", async function () {
    const probe = run("pre-commit", ["--version"], repoPath());
    const head = run("git", ["rev-parse", "HEAD"], repoPath());
    if (probe.error || head.code !== 0) {
      if (process.env.CI) expect.fail(`pre-commit or the git checkout is missing: ${probe.error?.message ?? head.out}`);
      this.skip();
    }
    const work = tempDir("gxit-precommit-");
    const env = { ...process.env, PRE_COMMIT_HOME: join(work, "cache"), PRE_COMMIT_COLOR: "never" };
    const repo = join(work, "site");
    run("git", ["init", "-q", repo], work);
    run("git", ["config", "user.email", "ci@example.org"], repo);
    run("git", ["config", "user.name", "CI"], repo);
    copyFileSync(repoPath("examples/gtn-tutorial.yml"), join(repo, "gxit.yml"));
    writeTree(compileDeployment(loadConfigFile(join(repo, "gxit.yml"))), join(repo, "ansible"));
    writeFileSync(
      join(repo, ".pre-commit-config.yaml"),
      [
        "repos:",
        `  - repo: ${repoPath()}`,
        `    rev: ${head.out.trim()}`,
        "    hooks:",
        "      - id: gxit-gen-lint",
        "      - id: gxit-gen-check",
        "        args: [gxit.yml, -o, ansible]",
        "",
      ].join("\n"),
    );
    run("git", ["add", "-A"], repo);

    const clean = await runWithProgress("pre-commit on a clean repository (installs the hooks first)", "pre-commit", ["run", "--all-files"], repo, env);
    expect(clean.code, clean.out).to.equal(0);
    expect(clean.out).to.match(/gxit-gen lint\.+Passed/);
    expect(clean.out).to.match(/gxit-gen compile --check\.+Passed/);

    // The tutorial's unsafe first state, and output that no longer matches.
    const config = readFileSync(join(repo, "gxit.yml"), "utf8").replace("runner: pulsar_embedded\n      params:", "runner: local\n      params:");
    writeFileSync(join(repo, "gxit.yml"), config);
    run("git", ["add", "-A"], repo);
    const unsafe = await runWithProgress("pre-commit on an unsafe, drifted repository", "pre-commit", ["run", "--all-files"], repo, env);
    expect(unsafe.code, unsafe.out).to.equal(1);
    expect(unsafe.out).to.match(/gxit-gen lint\.+Failed/);
    expect(unsafe.out).to.match(/gxit\.yml:\d+:\d+ error gxit-volumes\[datasets-rw\]/);
    expect(unsafe.out).to.match(/gxit-gen compile --check\.+Failed/);
  });
});
