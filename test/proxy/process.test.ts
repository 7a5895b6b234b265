// The built binary, as systemd/Gravity run it: startup line, refusals,
// SIGHUP reload, SIGTERM drain with exit 0.
import { expect } from "chai";
import { spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { hostOf, PROXY_BIN, request, spawnProxy, startBackend, tempDir, waitFor, writeMap, type Backend } from "./helpers.js";

describe("gxit-proxy binary", function () {
  this.timeout(30_000);
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  let mapPath: string;
  const children: ChildProcess[] = [];

  before(async () => {
    dir = tempDir("proc");
    backend = await startBackend("P");
    mapPath = join(dir.path, "interactivetools_map.sqlite");
    await writeMap(mapPath, [{ op: "save", session: { key: "k1", token: "t1", port: backend.port } }]);
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await backend?.close();
    dir?.cleanup();
  });

  it("prints its version and help", () => {
    const v = spawnSync(process.execPath, [PROXY_BIN, "--version"], { encoding: "utf8" });
    expect(v.status).to.equal(0);
    expect(v.stdout.trim()).to.match(/^\d+\.\d+\.\d+/);
    const h = spawnSync(process.execPath, [PROXY_BIN, "--help"], { encoding: "utf8" });
    expect(h.stdout).to.include("--proxyPathPrefix");
  });

  it("refuses to start without --sessions, in one line", () => {
    const none = spawnSync(process.execPath, [PROXY_BIN, "--port", "0"], { encoding: "utf8" });
    expect(none.status).to.not.equal(0);
    expect(none.stderr.trim().split("\n")).to.have.length(1);
    expect(none.stderr).to.match(/open relay/);
  });

  it("logs 'Watching path <sessions>', reloads on SIGHUP, drains on SIGTERM and exits 0", async () => {
    const p = await spawnProxy(["--sessions", mapPath, "--verbose"]);
    children.push(p.child);
    expect(p.output()).to.include(`Watching path ${mapPath}`);
    expect((await request(p.port, "/", { Host: hostOf("k1", "t1") })).status).to.equal(200);

    p.child.kill("SIGHUP");
    await waitFor(() => p.output().includes("reloading sessions map"), 3000, "SIGHUP log line");

    // An in-flight request survives SIGTERM; new connections are refused.
    const inflight = request(p.port, "/delay/600", { Host: hostOf("k1", "t1") }, { timeoutMs: 10_000 });
    await waitFor(() => backend.seen.some((s) => s.url === "/delay/600"), 3000, "request to reach the backend");
    p.child.kill("SIGTERM");
    await waitFor(() => p.output().includes("SIGTERM received"), 3000, "SIGTERM log line");
    let refused = false;
    try {
      await request(p.port, "/", { Host: hostOf("k1", "t1") }, { timeoutMs: 2000 });
    } catch (e) {
      refused = /ECONNREFUSED|ECONNRESET|socket hang up/.test(String(e));
    }
    expect(refused, "new connection after SIGTERM").to.equal(true);
    const r = await inflight;
    expect(r.status).to.equal(200);
    expect(await p.exited).to.equal(0);
    expect(p.output()).to.include("stopped");
  });

  it("exits 0 on SIGINT when idle", async () => {
    const p = await spawnProxy(["--sessions", mapPath, "--logFormat", "json"]);
    children.push(p.child);
    const first = JSON.parse(p.output().split("\n")[0]!) as { msg: string; level: string };
    expect(first).to.include({ level: "info", msg: `Watching path ${mapPath}` });
    p.child.kill("SIGINT");
    expect(await p.exited).to.equal(0);
  });
});
