// Proof that roles-out/gxit_proxy is reproducible, lint-clean and works:
// it is applied to this machine with ansible-playbook (connection: local,
// no systemd needed), the installed proxy is started exactly as the unit's
// ExecStart says and routes a request from a Galaxy-style map, and a second
// run changes nothing.
//
// Tools (ansible-playbook, ansible-lint, yamllint, systemd-analyze): when one
// is missing the test that needs it is skipped with the reason, unless CI is
// set, in which case it fails (systemd-analyze is always optional).
import { expect } from "chai";
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hostOf, REPO_ROOT, request, startBackend, tempDir, waitFor, writeMap, type Backend } from "../proxy/helpers.js";
import { freePort } from "../../src/util/net.js";
import { listFiles } from "../../src/util/files.js";
import { PROXY_NODE_ARGS } from "../../scripts/proxy-node-args.js";

const ROLE = join(REPO_ROOT, "roles-out/gxit_proxy");
const IN_CI = ["1", "true", "yes"].includes(String(process.env["CI"] ?? "").toLowerCase());

function which(tool: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v "${tool}"`], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/** Returns the tool's path; skips the test (or fails it under CI) when it is missing. */
function requireTool(ctx: Mocha.Context, tool: string): string {
  const path = which(tool);
  if (path) return path;
  if (IN_CI) throw new Error(`${tool} is required when CI is set (install ansible-core, ansible-lint, yamllint)`);
  process.stderr.write(`      skipped: ${tool} is not installed (set CI=true to make this a failure)\n`);
  ctx.skip();
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}


/** Splits an ExecStart value the way systemd does for the quoting the role emits. */
function splitExecStart(line: string): string[] {
  const args: string[] = [];
  const re = /'((?:[^'])*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(re)) args.push((m[1] ?? m[2] ?? m[3] ?? "").replace(/%%/g, "%"));
  return args;
}

function recap(out: string): { ok: number; changed: number; failed: number } {
  const m = /localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/.exec(out);
  if (!m) throw new Error(`no PLAY RECAP in ansible-playbook output:\n${out.slice(-3000)}`);
  return { ok: Number(m[1]), changed: Number(m[2]), failed: Number(m[4]) };
}


describe("gxit_proxy role: artifact", function () {
  this.timeout(60_000);

  it("is reproducible: a rebuild gives the committed bytes", async () => {
    const check = await run(process.execPath, [join(REPO_ROOT, "dist/scripts/build-role.js"), "--check"], { cwd: REPO_ROOT });
    expect(check.code, check.out).to.equal(0);
    const d = tempDir("role-rebuild");
    try {
      const out = join(d.path, "gxit_proxy");
      const build = await run(process.execPath, [join(REPO_ROOT, "dist/scripts/build-role.js"), "--out", out], { cwd: REPO_ROOT });
      expect(build.code, build.out).to.equal(0);
      const committed = listFiles(ROLE);
      expect(listFiles(out)).to.deep.equal(committed);
      for (const f of committed) expect(readFileSync(join(out, f), "utf8"), f).to.equal(readFileSync(join(ROLE, f), "utf8"));
    } finally {
      d.cleanup();
    }
  });

  it("ships only http-proxy, undici, better-sqlite3 and pg as runtime dependencies, and a lock that matches", () => {
    const pkg = JSON.parse(readFileSync(join(ROLE, "files/gxit-proxy/package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies?: unknown; bin: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).to.deep.equal(["better-sqlite3", "http-proxy", "pg", "undici"]);
    expect(pkg.devDependencies).to.equal(undefined);
    const lock = JSON.parse(readFileSync(join(ROLE, "files/gxit-proxy/package-lock.json"), "utf8")) as { packages: Record<string, { dependencies?: Record<string, string>; dev?: boolean }> };
    expect(lock.packages["node_modules/pg-native"], "pg-native (a native build) is never shipped").to.equal(undefined);
    expect(lock.packages[""]?.dependencies).to.deep.equal(pkg.dependencies);
    expect(Object.values(lock.packages).some((p) => p.dev)).to.equal(false);
    for (const name of ["mocha", "typescript", "chai", "commander", "yaml"]) expect(lock.packages[`node_modules/${name}`], name).to.equal(undefined);
    expect(existsSync(join(ROLE, "files/gxit-proxy", pkg.bin["gxit-proxy"]!))).to.equal(true);
    expect(existsSync(join(ROLE, "files/gxit-proxy/node_modules"))).to.equal(false);
  });

  it("passes yamllint (strict, default rules)", async function () {
    const yamllint = requireTool(this, "yamllint");
    const r = await run(yamllint, ["-s", ROLE]);
    expect(r.code, r.out).to.equal(0);
  });

  it("passes ansible-lint at the production profile", async function () {
    const lint = requireTool(this, "ansible-lint");
    // Lint a copy outside the repository, so only the role is in the project.
    const d = tempDir("role-lint");
    try {
      cpSync(ROLE, join(d.path, "roles/gxit_proxy"), { recursive: true });
      const r = await run(lint, ["--offline", "--nocolor", "--profile", "production", "roles/gxit_proxy"], {
        cwd: d.path,
        env: { ANSIBLE_NOCOLOR: "1", NO_COLOR: "1", HOME: process.env["HOME"] ?? d.path },
        timeoutMs: 300_000,
      });
      expect(r.code, r.out).to.equal(0);
      expect(r.out).to.match(/Passed with production profile/);
    } finally {
      d.cleanup();
    }
  });
});

describe("gxit_proxy role: applied with ansible-playbook (connection: local)", function () {
  // The first run builds better-sqlite3 on the target (npm ci), which can take minutes.
  this.timeout(900_000);
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  let playbook: string;
  let port: number;
  let firstRun: { code: number; out: string } | undefined;
  const children: ChildProcess[] = [];
  const paths = { install: "", map: "", units: "" };

  const ansible = (ctx: Mocha.Context, extra: string[] = []): Promise<{ code: number; out: string }> => {
    const bin = requireTool(ctx, "ansible-playbook");
    const args = ["-i", "localhost,", playbook, "-e", `@${join(dir.path, "vars.json")}`, ...extra];
    if (existsSync("/usr/bin/python3")) args.push("-e", "ansible_python_interpreter=/usr/bin/python3");
    return run(bin, args, {
      cwd: dir.path,
      env: { ANSIBLE_ROLES_PATH: join(REPO_ROOT, "roles-out"), ANSIBLE_NOCOLOR: "1", ANSIBLE_FORCE_COLOR: "0", ANSIBLE_RETRY_FILES_ENABLED: "0", ANSIBLE_LOCALHOST_WARNING: "0" },
      timeoutMs: 840_000,
    });
  };

  before(async () => {
    dir = tempDir("role-apply");
    backend = await startBackend("R");
    port = await freePort();
    paths.install = join(dir.path, "opt/gxit-proxy");
    paths.map = join(dir.path, "data/interactivetools_map.sqlite");
    paths.units = join(dir.path, "units");
    mkdirSync(join(dir.path, "data"));
    playbook = join(dir.path, "play.yml");
    writeFileSync(
      playbook,
      "---\n- name: Apply gxit_proxy\n  hosts: localhost\n  connection: local\n  gather_facts: false\n  roles:\n    - role: gxit_proxy\n",
    );
    // better-sqlite3's native module: by default the test hands prebuild-install
    // a local prebuild made from this checkout's own build (same machine, same
    // Node.js ABI), through gxit_proxy_npm_environment, so npm ci needs no
    // download from GitHub and no compiler. GXIT_ROLE_TEST_BUILD_FROM_SOURCE=1
    // makes npm ci build it on the "target" instead (minutes).
    const npmEnvironment: Record<string, string> = {};
    const built = join(REPO_ROOT, "node_modules/better-sqlite3/build/Release/better_sqlite3.node");
    if (!process.env["GXIT_ROLE_TEST_BUILD_FROM_SOURCE"] && existsSync(built)) {
      const sqliteVersion = (JSON.parse(readFileSync(join(REPO_ROOT, "node_modules/better-sqlite3/package.json"), "utf8")) as { version: string }).version;
      const prebuilds = join(dir.path, "prebuilds");
      mkdirSync(prebuilds);
      const tarball = `better-sqlite3-v${sqliteVersion}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
      const tar = spawnSync("tar", ["-czf", join(prebuilds, tarball), "-C", join(REPO_ROOT, "node_modules/better-sqlite3"), "build/Release/better_sqlite3.node"]);
      if (tar.status === 0) npmEnvironment["npm_config_better_sqlite3_local_prebuilds"] = prebuilds;
    }
    // An existing usegalaxy_eu.gie_proxy group_vars, plus what a machine without systemd needs.
    const user = spawnSync("id", ["-un"], { encoding: "utf8" }).stdout.trim();
    const group = spawnSync("id", ["-gn"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(
      join(dir.path, "vars.json"),
      JSON.stringify({
        gie_proxy_dir: paths.install,
        gie_proxy_sessions_path: paths.map,
        gie_proxy_port: port,
        gie_proxy_ip: "127.0.0.1",
        gie_proxy_path_prefix: "/interactivetool/ep",
        gie_proxy_user: user,
        gie_proxy_group: group,
        gie_proxy_verbose: true,
        gie_proxy_setup_service: "systemd",
        gxit_proxy_service_manager: "none",
        gxit_proxy_systemd_unit_dir: paths.units,
        gxit_proxy_nodejs_executable: process.execPath,
        gxit_proxy_install_owner: user,
        gxit_proxy_install_group: group,
        gxit_proxy_npm_environment: npmEnvironment,
      }),
    );
  });

  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await backend?.close();
    dir?.cleanup();
  });

  it("rejects invalid variables before doing anything", async function () {
    const r = await ansible(this, ["-e", "gxit_proxy_setup_nodejs=bogus"]);
    expect(r.code).to.not.equal(0);
    expect(r.out).to.match(/gxit_proxy_setup_nodejs/);
    expect(existsSync(paths.install)).to.equal(false);
    const dirless = await ansible(this, ["-e", "gie_proxy_dir=relative/dir"]);
    expect(dirless.code).to.not.equal(0);
    expect(dirless.out).to.match(/gxit_proxy_dir must be\s+absolute/);
  });

  it("installs the proxy and renders a hardened unit (first run)", async function () {
    firstRun = await ansible(this);
    expect(firstRun.code, firstRun.out.slice(-4000)).to.equal(0);
    expect(recap(firstRun.out).failed).to.equal(0);
    expect(recap(firstRun.out).changed).to.be.greaterThan(0);
    expect(existsSync(join(paths.install, "lib/main.js"))).to.equal(true);
    expect(existsSync(join(paths.install, "node_modules/better-sqlite3"))).to.equal(true);
    expect(existsSync(join(paths.install, "node_modules/mocha"))).to.equal(false);
    const unit = readFileSync(join(paths.units, "galaxy-gie-proxy.service"), "utf8");
    for (const directive of [
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "ProtectHome=yes",
      "PrivateTmp=yes",
      "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
      "ExecReload=/bin/kill -HUP $MAINPID",
      "CapabilityBoundingSet=\n",
    ]) {
      expect(unit).to.include(directive);
    }
    expect(unit).to.not.match(/^ReadWritePaths=/m);
    expect(unit).to.not.match(/MemoryDenyWriteExecute=yes/);
  });

  it("the unit passes systemd-analyze verify (when available)", async function () {
    if (!firstRun) this.skip();
    const analyze = which("systemd-analyze");
    if (!analyze) {
      process.stderr.write("      skipped: systemd-analyze is not installed\n");
      this.skip();
    }
    const r = await run(analyze, ["verify", join(paths.units, "galaxy-gie-proxy.service")]);
    expect(r.code, r.out).to.equal(0);
  });

  it("runs as the unit's ExecStart says, routes a Galaxy-style map, reloads on ExecReload's SIGHUP, drains on stop", async function () {
    if (!firstRun) this.skip();
    const unit = readFileSync(join(paths.units, "galaxy-gie-proxy.service"), "utf8");
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1];
    const workDir = /^WorkingDirectory=(.*)$/m.exec(unit)?.[1];
    expect(execStart).to.be.a("string");
    const argv = splitExecStart(execStart!);
    expect(argv[0]).to.equal(process.execPath);
    // The default gxit_proxy_node_args come before the script (and this node accepts them: it is started below).
    expect(argv.slice(1, 1 + PROXY_NODE_ARGS.length)).to.deep.equal([...PROXY_NODE_ARGS]);
    expect(argv[1 + PROXY_NODE_ARGS.length]).to.equal(join(paths.install, "lib/main.js"));
    const child = spawn(argv[0]!, argv.slice(1), { cwd: workDir, env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    await waitFor(() => out.includes(`Listening on 127.0.0.1:${port}`), 15_000, "installed proxy to listen");
    expect(out).to.include(`Watching path ${paths.map}`);

    await writeMap(paths.map, [{ op: "save", session: { key: "326unmiv5sanl", token: "2jlcp7mzyjsbm", port: backend.port } }]);
    await waitFor(async () => (await request(port, "/", { Host: hostOf("326unmiv5sanl", "2jlcp7mzyjsbm") })).status === 200, 2000, "routing through the installed proxy");
    const viaPath = await request(port, "/interactivetool/ep/326unmiv5sanl/2jlcp7mzyjsbm/tree?x=1", { Host: "galaxy.test" });
    expect(viaPath.status).to.equal(200);
    expect(viaPath.json()).to.include({ backend: "R", url: "/tree?x=1" });
    expect((await request(port, "/", { Host: hostOf("326unmiv5sanl", "wrong") })).status).to.equal(404);

    child.kill("SIGHUP"); // what ExecReload=/bin/kill -HUP $MAINPID does
    await waitFor(() => out.includes("reloading sessions map"), 3000, "reload on SIGHUP");
    child.kill("SIGTERM"); // KillSignal
    expect(await exited).to.equal(0);
  });

  it("changes nothing on a second run", async function () {
    if (!firstRun) this.skip();
    const second = await ansible(this);
    expect(second.code, second.out.slice(-4000)).to.equal(0);
    const r = recap(second.out);
    expect(r.failed).to.equal(0);
    expect(r.changed, second.out.slice(-4000)).to.equal(0);
  });
});
