// The sessions map: reloads after Galaxy-style writes from another process,
// a map that appears later, corrupt and half-written maps, JSON maps, 10,000 sessions.
import { expect } from "chai";
import { execFile } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startProxy, type RunningProxy } from "../../src/proxy/main.js";
import type { RouteTable } from "../../src/proxy/routes.js";
import { FileMapSource } from "../../src/proxy/file-source.js";
import {
  CapturingLogger,
  GALAXY_DDL,
  hasPython3Sqlite,
  REPO_ROOT,
  type MapOp,
  hostOf,
  request,
  startBackend,
  tempDir,
  waitFor,
  writeMap,
  writeMapPython,
  type Backend,
} from "./helpers.js";

describe("gxit-proxy sessions map", function () {
  this.timeout(30_000);
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  const running: RunningProxy[] = [];

  async function proxyFor(mapPath: string, log = new CapturingLogger(), extra: string[] = []): Promise<RunningProxy> {
    const p = await startProxy(["--ip", "127.0.0.1", "--port", "0", "--sessions", mapPath, ...extra], log);
    running.push(p);
    return p;
  }
  const status = async (p: RunningProxy, key: string, token: string): Promise<number> => (await request(p.port, "/", { Host: hostOf(key, token) })).status;

  before(async () => {
    dir = tempDir("map");
    backend = await startBackend("T");
  });
  after(async () => {
    for (const p of running) await p.stop();
    await backend?.close();
    dir?.cleanup();
  });

  it("starts with a missing map, then routes once Galaxy creates it", async () => {
    const mapPath = join(dir.path, "late", "interactivetools_map.sqlite");
    mkdirSync(join(dir.path, "late"));
    const p = await proxyFor(mapPath);
    expect(await status(p, "k1", "t1")).to.equal(404);
    await writeMap(mapPath, [{ op: "save", session: { key: "k1", token: "t1", port: backend.port } }]);
    await waitFor(async () => (await status(p, "k1", "t1")) === 200, 1000, "new map to be routable");
  });

  it("picks up an insert and a delete from another process within 1 s", async () => {
    const mapPath = join(dir.path, "reload.sqlite");
    await writeMap(mapPath, [{ op: "save", session: { key: "base", token: "tok", port: backend.port } }]);
    const p = await proxyFor(mapPath);
    expect(await status(p, "base", "tok")).to.equal(200);
    await writeMap(mapPath, [{ op: "save", session: { key: "newkey", token: "newtok", port: backend.port } }]);
    await waitFor(async () => (await status(p, "newkey", "newtok")) === 200, 1000, "insert to be routable");
    await writeMap(mapPath, [{ op: "remove", key: "newkey" }]);
    await waitFor(async () => (await status(p, "newkey", "newtok")) === 404, 1000, "delete to be seen");
    expect(await status(p, "base", "tok")).to.equal(200);
    // a re-save of the same key with a new token (DELETE then INSERT) replaces the route
    await writeMap(mapPath, [{ op: "save", session: { key: "base", token: "tok2", port: backend.port } }]);
    await waitFor(async () => (await status(p, "base", "tok2")) === 200, 1000, "re-save to be seen");
    expect(await status(p, "base", "tok")).to.equal(404);
  });

  it("reads a map written by Python's sqlite3, as Galaxy does", async function () {
    if (!hasPython3Sqlite()) this.skip();
    const mapPath = join(dir.path, "python.sqlite");
    const p = await proxyFor(mapPath);
    await writeMapPython(mapPath, { key: "326unmiv5sanl", token: "2jlcp7mzyjsbm", port: backend.port });
    await waitFor(async () => (await status(p, "326unmiv5sanl", "2jlcp7mzyjsbm")) === 200, 1000, "python-written row");
  });

  it("keeps the last good routes when the map is corrupted, logs once, recovers", async () => {
    const mapPath = join(dir.path, "corrupt.sqlite");
    await writeMap(mapPath, [{ op: "save", session: { key: "good", token: "tok", port: backend.port } }]);
    const log = new CapturingLogger();
    const p = await proxyFor(mapPath, log);
    expect(await status(p, "good", "tok")).to.equal(200);

    // Clobber the file in place (same inode): garbage over the header.
    const original = readFileSync(mapPath);
    writeFileSync(mapPath, Buffer.concat([Buffer.from("this is not a database at all"), original.subarray(29)]));
    await waitFor(() => p.map!.status().state !== "ok", 1000, "corruption to be noticed");
    for (let i = 0; i < 5; i++) {
      appendFileSync(mapPath, "x"); // more change events, still broken
      await new Promise((r) => setTimeout(r, 20));
      expect(await status(p, "good", "tok")).to.equal(200);
    }
    expect(log.lines.filter((l) => l.includes("keeping the last good routes") || l.includes("neither a SQLite database nor JSON")).length).to.equal(1);

    // Half-written: a truncated copy of a real database.
    writeFileSync(mapPath, original.subarray(0, 4096 + 100));
    await new Promise((r) => setTimeout(r, 50));
    expect(await status(p, "good", "tok")).to.equal(200);

    // Repaired: Galaxy (or the admin) writes a fresh map.
    writeFileSync(mapPath, original);
    await writeMap(mapPath, [{ op: "save", session: { key: "after", token: "fix", port: backend.port } }]);
    await waitFor(async () => (await status(p, "after", "fix")) === 200, 2000, "recovery");
    expect(log.count("sessions map readable again")).to.be.at.least(1);
  });

  it("keeps routing while a writer holds the map locked, then picks up its commit", async () => {
    const mapPath = join(dir.path, "locked.sqlite");
    await writeMap(mapPath, [{ op: "save", session: { key: "before", token: "t", port: backend.port } }]);
    const log = new CapturingLogger();
    const p = await proxyFor(mapPath, log);
    const holder = execFile(process.execPath, [
      "-e",
      `const D = require(process.argv[1]); const db = new D(process.argv[2]);
       db.exec("BEGIN EXCLUSIVE");
       db.prepare("INSERT INTO gxitproxy (key, key_type, token, host, port, info) VALUES ('during', 'interactivetoolentrypoint', 't', '127.0.0.1', ${backend.port}, NULL)").run();
       process.stdout.write("locked\\n");
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
       db.exec("COMMIT"); db.close();`,
      join(REPO_ROOT, "node_modules/better-sqlite3"),
      mapPath,
    ]);
    let locked = false;
    holder.stdout!.on("data", () => (locked = true));
    const done = new Promise<void>((r) => holder.on("exit", () => r()));
    await waitFor(() => locked, 5000, "writer to take the lock");
    for (let i = 0; i < 5; i++) expect(await status(p, "before", "t")).to.equal(200);
    await done;
    await waitFor(async () => (await status(p, "during", "t")) === 200, 1000, "commit after the lock");
    expect(log.count("warn")).to.equal(0);
  });

  it("treats an empty file as an empty map and a non-map file as an error that keeps routes", async () => {
    const mapPath = join(dir.path, "empty.sqlite");
    writeFileSync(mapPath, "");
    const p = await proxyFor(mapPath);
    expect(p.map!.status()).to.include({ format: "empty", sessions: 0 });
    await writeMap(mapPath, [{ op: "save", session: { key: "e1", token: "t", port: backend.port } }]);
    await waitFor(async () => (await status(p, "e1", "t")) === 200, 1000, "map written into the empty file");
  });

  it("reads a JSON map with tokens, and a replaced file (rename)", async () => {
    const mapPath = join(dir.path, "sessions.json");
    writeFileSync(mapPath, JSON.stringify({ j1: { host: "127.0.0.1", port: backend.port, token: "jt1" }, notoken: { host: "127.0.0.1", port: backend.port } }));
    const log = new CapturingLogger();
    const p = await proxyFor(mapPath, log);
    expect(p.map!.status().format).to.equal("json");
    expect(await status(p, "j1", "jt1")).to.equal(200);
    expect(await status(p, "j1", "wrong")).to.equal(404);
    expect(log.count("cannot be routed")).to.equal(1);

    const tmp = mapPath + ".tmp";
    writeFileSync(tmp, JSON.stringify({ j2: { host: "127.0.0.1", port: backend.port, token: "jt2", info: { requires_path_in_url: true } } }));
    renameSync(tmp, mapPath);
    await waitFor(async () => (await status(p, "j2", "jt2")) === 200, 1000, "renamed JSON map");
    expect(await status(p, "j1", "jt1")).to.equal(404);

    // half-written JSON keeps the last good routes
    writeFileSync(mapPath, '{"j3": {"host": "127.0.0.1", "po');
    await new Promise((r) => setTimeout(r, 50));
    expect(await status(p, "j2", "jt2")).to.equal(200);
    expect(p.map!.status().state).to.equal("json");
  });

  it("reloads on request (SIGHUP path) even when nothing seems to have changed", async () => {
    const mapPath = join(dir.path, "hup.sqlite");
    await writeMap(mapPath, [{ op: "save", session: { key: "h", token: "t", port: backend.port } }]);
    const p = await proxyFor(mapPath, new CapturingLogger(), ["--pollingInterval", "0"]);
    const loads = p.map!.status().loads;
    p.map!.reload();
    await waitFor(() => p.map!.status().loads > loads, 1000, "forced reload");
    expect(await status(p, "h", "t")).to.equal(200);
  });

  it("routes 10,000 sessions and still picks up a new one quickly", async () => {
    const mapPath = join(dir.path, "big.sqlite");
    const sessions = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i.toString(36)}x`, token: `t${(i * 7919).toString(36)}`, port: backend.port }));
    await writeMap(mapPath, [{ op: "bulk", sessions }]);
    const p = await proxyFor(mapPath);
    expect(p.map!.table.size).to.equal(10_000);
    for (const i of [0, 1, 4999, 9998, 9999]) {
      const s = sessions[i]!;
      expect(await status(p, s.key, s.token), s.key).to.equal(200);
    }
    expect(await status(p, sessions[5]!.key, sessions[6]!.token)).to.equal(404);
    await writeMap(mapPath, [{ op: "save", session: { key: "brandnew", token: "tok", port: backend.port } }]);
    await waitFor(async () => (await status(p, "brandnew", "tok")) === 200, 1000, "insert into a 10,000-row map");
    expect(p.map!.table.size).to.equal(10_001);
  });

  it("keeps a 10,000-row map exact through removals, re-saves and rowid reuse (incremental path)", async () => {
    const mapPath = join(dir.path, "delta.sqlite");
    const sessions = Array.from({ length: 10_000 }, (_, i) => ({ key: `d${i.toString(36)}`, token: `t${i}`, port: backend.port }));
    await writeMap(mapPath, [{ op: "bulk", sessions }]);
    // No reconcile: only the incremental path can get the state right here.
    const live = new FileMapSource(mapPath, new CapturingLogger(), { pollMs: 0, reconcileAfterMs: 3_600_000 });
    await live.start();
    try {
      let rnd = 42;
      const next = (n: number): number => {
        rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
        return rnd % n;
      };
      let fresh = 0;
      for (let round = 0; round < 8; round++) {
        const ops: MapOp[] = [];
        for (let j = 0; j < 1 + (round % 4); j++) {
          const pick = next(4);
          const existing = sessions[next(sessions.length)]!;
          if (pick === 0) ops.push({ op: "remove", key: existing.key });
          else if (pick === 1) ops.push({ op: "save", session: { ...existing, token: `re${round}${j}` } });
          else ops.push({ op: "save", session: { key: `new${fresh++}`, token: "n", port: backend.port } });
        }
        // Re-save of the newest row: SQLite hands its rowid out again.
        if (round % 3 === 0 && fresh > 0) ops.push({ op: "save", session: { key: `new${fresh - 1}`, token: `reuse${round}`, port: backend.port + 1 } });
        await writeMap(mapPath, ops);
        const want = snapshot(await fullRead(mapPath));
        await waitFor(() => snapshot(live.table) === want, 5000, `incremental state after round ${round}`);
      }
      expect(live.status().incremental).to.be.at.least(8);
      expect(live.status().loads).to.equal(live.status().incremental + 1);
    } finally {
      await live.stop();
    }
  });

  it("converges after an in-place UPDATE (not Galaxy's pattern) via the reconcile", async () => {
    const mapPath = join(dir.path, "update.sqlite");
    const sessions = Array.from({ length: 3000 }, (_, i) => ({ key: `u${i}`, token: `t${i}`, port: backend.port }));
    await writeMap(mapPath, [{ op: "bulk", sessions }]);
    const live = new FileMapSource(mapPath, new CapturingLogger(), { pollMs: 0 });
    await live.start();
    try {
      const { execFileSync } = await import("node:child_process");
      execFileSync(process.execPath, ["-e", `const D=require(process.argv[1]); const d=new D(process.argv[2]); d.prepare("UPDATE gxitproxy SET token='changed' WHERE key='u5'").run(); d.close();`, join(REPO_ROOT, "node_modules/better-sqlite3"), mapPath]);
      await waitFor(() => live.table.lookup("u5")?.token === "changed", 3000, "reconcile after UPDATE");
    } finally {
      await live.stop();
    }
  });

  it("keeps the last good routes when the map is truncated to 0 bytes or cut short, and says so once", async () => {
    const mapPath = join(dir.path, "trunc0.sqlite");
    const sessions = Array.from({ length: 300 }, (_, i) => ({ key: `tz${i}`, token: `t${i}`, port: backend.port }));
    await writeMap(mapPath, [{ op: "bulk", sessions }]);
    const log = new CapturingLogger();
    const p = await proxyFor(mapPath, log);
    expect(await status(p, "tz1", "t1")).to.equal(200);
    const original = readFileSync(mapPath);
    expect(original.length).to.be.greaterThan(8192);

    truncateSync(mapPath, 0);
    await waitFor(() => p.map!.status().state === "truncated", 1000, "truncation to be noticed");
    // The old code dropped every route ~120 ms later: wait well past that, with more events.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 60));
      expect(await status(p, "tz1", "t1")).to.equal(200);
    }
    expect(p.map!.status()).to.include({ sessions: 300, state: "truncated" });

    // Cut short: a SQLite header that promises more pages than the file has.
    writeFileSync(mapPath, original.subarray(0, 4096));
    await new Promise((r) => setTimeout(r, 100));
    expect(await status(p, "tz299", "t299")).to.equal(200);
    expect(p.map!.table.size).to.equal(300);
    expect(log.lines.filter((l) => l.includes(" warn ")).length, log.lines.join("\n")).to.equal(1);
    expect(log.count("readable again")).to.equal(0);

    // Galaxy writes the map again: the new contents count, against the last good routes.
    writeFileSync(mapPath, original);
    await writeMap(mapPath, [{ op: "remove", key: "tz1" }, { op: "save", session: { key: "tznew", token: "n", port: backend.port } }]);
    await waitFor(async () => (await status(p, "tznew", "n")) === 200, 2000, "rewritten map");
    expect(await status(p, "tz1", "t1")).to.equal(404);
    expect(await status(p, "tz2", "t2")).to.equal(200);
    expect(log.count("sessions map readable again")).to.equal(1);
  });

  it("does not block a writer switching a WAL map back to the rollback journal", async function () {
    if (!hasPython3Sqlite()) this.skip();
    const mapPath = join(dir.path, "wal.sqlite");
    const py = (code: string): Promise<string> =>
      new Promise((resolve, reject) =>
        execFile("python3", ["-c", code, mapPath], { timeout: 20_000 }, (err, out, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(out.trim()))),
      );
    const save = (key: string): string => `
import sqlite3, sys, json
c = sqlite3.connect(sys.argv[1], timeout=5)
c.execute(${JSON.stringify(GALAXY_DDL)})
c.execute("DELETE FROM gxitproxy WHERE key=? AND key_type='interactivetoolentrypoint'", ("${key}",))
c.execute("INSERT INTO gxitproxy VALUES (?, 'interactivetoolentrypoint', 'wt', '127.0.0.1', ${backend.port}, ?)", ("${key}", json.dumps({"requires_path_in_url": False, "requires_path_in_header_named": None})))
c.commit()
`;
    expect(await py(`import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(c.execute("PRAGMA journal_mode=WAL").fetchone()[0])`)).to.equal("wal");
    await py(save("w1"));
    const p = await proxyFor(mapPath);
    expect(await status(p, "w1", "wt")).to.equal(200);
    await py(save("w2"));
    await waitFor(async () => (await status(p, "w2", "wt")) === 200, 1000, "a WAL commit");
    // The proxy is running and has read the map: the writer must still be able to leave WAL mode.
    expect(await py(`import sqlite3, sys\nc = sqlite3.connect(sys.argv[1], timeout=2)\nprint(c.execute("PRAGMA journal_mode=DELETE").fetchone()[0])`)).to.equal("delete");
    await py(save("w3"));
    await waitFor(async () => (await status(p, "w3", "wt")) === 200, 1000, "a commit after leaving WAL mode");
    expect(await status(p, "w1", "wt")).to.equal(200);
  });

  it("hands out a new table on each change and never alters one a request may hold", async () => {
    const mapPath = join(dir.path, "immutable.sqlite");
    const sessions = Array.from({ length: 2500 }, (_, i) => ({ key: `im${i}`, token: `t${i}`, port: backend.port }));
    await writeMap(mapPath, [{ op: "bulk", sessions }]);
    const p = await proxyFor(mapPath);
    const before = p.map!.table;
    const incremental = p.map!.status().incremental;
    await writeMap(mapPath, [{ op: "remove", key: "im7" }, { op: "save", session: { key: "im8", token: "changed", port: backend.port } }]);
    await waitFor(async () => (await status(p, "im8", "changed")) === 200, 1000, "the change");
    expect(p.map!.status().incremental).to.be.greaterThan(incremental);
    expect(p.map!.table).to.not.equal(before);
    expect(before.size).to.equal(2500);
    expect(before.lookup("im7")?.token).to.equal("t7");
    expect(before.lookup("im8")?.token).to.equal("t8");
    expect(p.map!.table.size).to.equal(2499);
    expect(p.map!.table.lookup("im7")).to.equal(undefined);
  });

  it("survives the map being truncated to zero and rewritten", async () => {
    const mapPath = join(dir.path, "trunc.sqlite");
    await writeMap(mapPath, [{ op: "save", session: { key: "z", token: "t", port: backend.port } }]);
    const p = await proxyFor(mapPath);
    truncateSync(mapPath, 0);
    await writeMap(mapPath, [{ op: "save", session: { key: "z2", token: "t", port: backend.port } }]);
    await waitFor(async () => (await status(p, "z2", "t")) === 200, 1000, "rewritten map");
  });
});

function snapshot(table: RouteTable): string {
  return [...table.routes()]
    .map((r) => `${r.key}|${r.keyType}|${r.token}|${r.host}|${r.port}|${r.requiresPathInUrl}|${r.requiresPathInHeaderNamed}`)
    .sort()
    .join("\n");
}

async function fullRead(path: string): Promise<RouteTable> {
  const m = new FileMapSource(path, new CapturingLogger(), { pollMs: 0 });
  await m.start();
  await m.stop();
  return m.table;
}
