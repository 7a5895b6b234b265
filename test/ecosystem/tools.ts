// Running the ecosystem's real tools (ansible-lint, yamllint, ansible-playbook,
// nginx, openssl) from tests. Nothing here imitates a tool: when one is
// missing the suite is skipped locally and fails in CI, where .ci/run installs
// them, so a green CI run always means every tool gave its verdict.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parse } from "yaml";
import { runCli } from "../../src/cli/run.js";
import { memoryIO } from "../../src/cli/io.js";
import { repoPath } from "../../src/util/paths.js";

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The command line, for failure messages. */
  command: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** The environment every tool runs with: no colours, no user config leaking in. */
export function toolEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ANSIBLE_NOCOLOR: "1", ANSIBLE_FORCE_COLOR: "0" };
  // A developer's own Ansible settings must not change the verdict.
  for (const k of Object.keys(env)) if (k.startsWith("ANSIBLE_") && !(k in extra)) delete env[k];
  env.ANSIBLE_NOCOLOR = "1";
  env.ANSIBLE_RETRY_FILES_ENABLED = "0";
  env.ANSIBLE_HOST_KEY_CHECKING = "0";
  return { ...env, ...extra };
}

function describeCommand(cmd: string, args: string[], cwd?: string): string {
  return `${cwd ? `(cd ${cwd} && ` : ""}${[cmd, ...args].join(" ")}${cwd ? ")" : ""}`;
}

export function run(cmd: string, args: string[], opts: RunOptions = {}): ToolResult {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? toolEnv(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`${describeCommand(cmd, args, opts.cwd)}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, command: describeCommand(cmd, args, opts.cwd) };
}

/** Like run, without blocking the event loop, so several examples' tools run side by side. */
export function runAsync(cmd: string, args: string[], opts: RunOptions = {}): Promise<ToolResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? toolEnv() });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", (err) => reject(new Error(`${describeCommand(cmd, args, opts.cwd)}: ${err.message}`)));
    child.on("close", (status) =>
      resolvePromise({ status, stdout, stderr, command: describeCommand(cmd, args, opts.cwd) }),
    );
  });
}

/** A failure message that shows what the tool said. */
export function explain(r: ToolResult): string {
  return `${r.command} exited ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

export function haveTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0;
}

/**
 * Skips the calling suite when a tool is missing, except in CI (CI is set),
 * where a missing tool is a failure: CI must show every tool's verdict.
 */
export function needTools(ctx: Mocha.Context, ...names: string[]): void {
  const missing = names.filter((n) => !haveTool(n));
  if (missing.length === 0) return;
  const message = `missing ${missing.join(", ")} (install: apt-get install ansible-core ansible-lint yamllint nginx-light openssl)`;
  if (process.env.CI) throw new Error(`CI is set and ${message}`);
  console.log(`      skipped: ${message}`);
  ctx.skip();
}

/** Prints one tool's verdict on one example, so the CI log shows each of them. */
export function verdict(tool: string, example: string, text: string): void {
  console.log(`      ${tool} ${example}: ${text}`);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `gxit-${prefix}-`));
}

/** Removes a test's temp dir; GXIT_KEEP_TMP=1 keeps it to inspect what a tool saw. */
export function removeDir(dir: string | undefined): void {
  if (dir && !process.env.GXIT_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
}

/** Every example config (examples/*.yml); examples/ci/ holds CI files, not configs. */
export function exampleConfigs(): Array<{ name: string; file: string }> {
  const dir = repoPath("examples");
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => ({ name: basename(e.name).replace(/\.ya?ml$/, ""), file: join(dir, e.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Compiles through the real CLI entry point (in-process), as a user would. */
export async function compileWithCli(config: string, outDir: string): Promise<void> {
  const io = memoryIO();
  const code = await runCli(["compile", config, "-o", outDir, "-q"], io);
  if (code !== 0) throw new Error(`gxit-gen compile ${config} exited ${code}: ${io.err}${io.out}`);
}

/** Role names a playbook applies (plain strings or {role: name}). */
export function playbookRoles(playbookText: string): string[] {
  const plays = parse(playbookText) as Array<{ roles?: Array<string | { role: string }> }>;
  return plays.flatMap((p) => (p.roles ?? []).map((r) => (typeof r === "string" ? r : r.role)));
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Runs async jobs at most `size` at a time. The tools are single-threaded
 * Python; keeping every core busy is what keeps the suite fast in CI.
 * Results are settled promises, so a job failing early is reported by the
 * test that awaits it, never as an unhandled rejection.
 */
export function jobPool(size: number): <T>(job: () => Promise<T>) => Promise<Settled<T>> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return <T>(job: () => Promise<T>) =>
    new Promise<Settled<T>>((resolvePromise) => {
      const start = () => {
        active++;
        Promise.resolve()
          .then(job)
          .then(
            (value) => resolvePromise({ ok: true, value }),
            (error: unknown) => resolvePromise({ ok: false, error: error instanceof Error ? error : new Error(String(error)) }),
          )
          .finally(() => {
            active--;
            waiting.shift()?.();
          });
      };
      if (active < size) start();
      else waiting.push(start);
    });
}

/** The value of a settled job, or its error thrown in the awaiting test. */
export function unwrap<T>(s: Settled<T>): T {
  if (!s.ok) throw s.error;
  return s.value;
}

/** Parallel jobs: the machine's cores, at least 2. */
export function parallelism(): number {
  return Math.max(2, availableParallelism());
}
