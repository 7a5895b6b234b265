// A PostgreSQL sessions map, with the real thing: a throwaway cluster, the
// map written by psql with Galaxy's SQL, proxies as separate processes, two
// replicas behind a real nginx upstream. The database is restarted and a
// replica killed under load.
import { expect } from "chai";
import http from "node:http";
import { hostOf, request, spawnProxy, startBackend, waitFor, type Backend, type Spawned } from "./helpers.js";
import {
  galaxyRemoveSql,
  galaxySaveSql,
  hasNginx,
  PG_DB,
  PG_PASSWORD,
  PG_ROLE,
  postgresBin,
  requireTool,
  startNginxUpstream,
  startPostgres,
  type Postgres,
} from "./services.js";

describe("gxit-proxy with a PostgreSQL sessions map", function () {
  this.timeout(120_000);
  let pg: Postgres | undefined;
  let backend: Backend;
  const procs: Spawned[] = [];

  before(async function () {
    requireTool(postgresBin() !== undefined, "PostgreSQL (Debian package postgresql)", this);
    pg = await startPostgres();
    backend = await startBackend("PG");
  });
  after(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    await backend?.close();
    await pg?.cleanup();
  });
  afterEach(async () => {
    for (const p of procs.splice(0)) {
      if (p.child.exitCode === null) {
        p.child.kill("SIGTERM");
        await p.exited;
      }
    }
  });

  const proxy = async (args: string[]): Promise<Spawned> => {
    const p = await spawnProxy(args);
    procs.push(p);
    return p;
  };
  const status = async (port: number, key: string, token: string): Promise<number> => (await request(port, "/", { Host: hostOf(key, token) })).status;

  it("reads Galaxy's table over TCP with a password, by polling when there is no trigger", async () => {
    await pg!.sql(`DROP TABLE IF EXISTS gxitproxy; ${galaxySaveSql("326unmiv5sanl", "2jlcp7mzyjsbm", "127.0.0.1", backend.port)}`);
    const p = await proxy(["--sessions", pg!.url, "--pollingInterval", "100"]);
    expect(p.output()).to.include(`Watching path postgresql://${PG_ROLE}:***@127.0.0.1:${pg!.port}/${PG_DB}`);
    expect(p.output()).to.not.include(encodeURIComponent(PG_PASSWORD));
    expect(p.output()).to.match(/no NOTIFY trigger on table gxitproxy: polling every 100 ms/);
    expect(await status(p.port, "326unmiv5sanl", "2jlcp7mzyjsbm")).to.equal(200);
    expect(await status(p.port, "326unmiv5sanl", "wrong")).to.equal(404);
    await pg!.sql(galaxySaveSql("k2", "t2", "127.0.0.1", backend.port));
    await waitFor(async () => (await status(p.port, "k2", "t2")) === 200, 5000, "a polled insert");
    await pg!.sql(galaxyRemoveSql("k2"));
    await waitFor(async () => (await status(p.port, "k2", "t2")) === 404, 5000, "a polled delete");
    const health = (await request(p.port, "/_gxit-proxy/health", { Host: "127.0.0.1" })).json<{ map: { format: string; watch: string; path: string } }>();
    expect(health.map).to.include({ format: "postgresql", watch: "poll" });
    expect(health.map.path).to.not.include(encodeURIComponent(PG_PASSWORD));
  });

  it("takes the socket form and Galaxy's SQLAlchemy URL form", async () => {
    await pg!.sql(galaxySaveSql("sock", "t", "127.0.0.1", backend.port));
    const socketForm = `postgresql:///${PG_DB}?host=${encodeURIComponent(pg!.socketDir)}&port=${pg!.port}&user=${PG_ROLE}`;
    const a = await proxy(["--sessions", socketForm]);
    expect(await status(a.port, "sock", "t")).to.equal(200);
    const b = await proxy(["--sessions", pg!.url.replace(/^postgresql:/, "postgresql+psycopg2:")]);
    expect(await status(b.port, "sock", "t")).to.equal(200);
  });

  it("creates the NOTIFY trigger with --createTrigger and applies each change by the row it names", async () => {
    const p = await proxy(["--sessions", pg!.url, "--createTrigger", "--pollingInterval", "0", "--verbose"]);
    expect(p.output()).to.include("created the NOTIFY trigger");
    expect(p.output()).to.not.include("no NOTIFY trigger");
    const health = (await request(p.port, "/_gxit-proxy/health", { Host: "127.0.0.1" })).json<{ map: { watch: string } }>();
    expect(health.map.watch).to.equal("notify");
    // --pollingInterval 0: nothing but the notifications can make these visible.
    await pg!.sql(galaxySaveSql("n1", "t1", "127.0.0.1", backend.port));
    await waitFor(async () => (await status(p.port, "n1", "t1")) === 200, 5000, "a notified insert");
    await pg!.sql(galaxySaveSql("n1", "t1b", "127.0.0.1", backend.port));
    await waitFor(async () => (await status(p.port, "n1", "t1b")) === 200, 5000, "a notified re-save");
    expect(await status(p.port, "n1", "t1")).to.equal(404);
    await pg!.sql(galaxyRemoveSql("n1"));
    await waitFor(async () => (await status(p.port, "n1", "t1b")) === 404, 5000, "a notified delete");
    await pg!.sql(`UPDATE gxitproxy SET token = 'upd' WHERE key = 'sock'`);
    await waitFor(async () => (await status(p.port, "sock", "upd")) === 200, 5000, "a notified UPDATE");
    expect(p.output()).to.match(/sessions map loaded .*incremental=true/);
  });

  it("keeps serving through a database restart under load, and routes a session added after it", async () => {
    await pg!.sql(galaxySaveSql("live", "t", "127.0.0.1", backend.port));
    const p = await proxy(["--sessions", pg!.url, "--pollingInterval", "200"]);
    expect(await status(p.port, "live", "t")).to.equal(200);
    const load = loadLoop(p.port, hostOf("live", "t"), 4);
    await waitFor(() => load.ok() >= 20, 20_000, "load to run");
    await pg!.stop();
    await waitFor(() => p.output().includes("sessions map database unreachable"), 5000, "the outage to be logged");
    const duringOutage = load.ok();
    await waitFor(() => load.ok() >= duringOutage + 20, 20_000, "requests served while the database is down");
    await pg!.start();
    await waitFor(() => p.output().includes("sessions map readable again"), 10_000, "the reconnect");
    await pg!.sql(galaxySaveSql("after", "t", "127.0.0.1", backend.port));
    await waitFor(async () => (await status(p.port, "after", "t")) === 200, 5000, "a session added after the restart");
    const result = await load.stop();
    if (process.env["GXIT_REPORT"]) console.log(`      database restarted under load: ${result.ok} ok, ${result.failed} failed`);
    expect(result.ok).to.be.at.least(40);
    expect(result.failed, "requests to an existing session during the restart").to.equal(0);
    expect(p.output().split("\n").filter((l) => l.includes("unreachable")).length, "one line per state change").to.equal(1);
  });

  it("two replicas behind an nginx upstream: killing one under load costs at most the requests in flight", async function () {
    requireTool(hasNginx(), "nginx (Debian package nginx-light)", this);
    await pg!.sql(galaxySaveSql("ha", "t", "127.0.0.1", backend.port));
    const a = await proxy(["--sessions", pg!.url, "--createTrigger"]);
    const b = await proxy(["--sessions", pg!.url]);
    const nginx = await startNginxUpstream([a.port, b.port]);
    try {
      expect(await status(nginx.port, "ha", "t")).to.equal(200);
      const concurrency = 8;
      const load = loadLoop(nginx.port, hostOf("ha", "t"), concurrency);
      await waitFor(() => load.ok() >= 50, 20_000, "load to run");
      a.child.kill("SIGKILL");
      await a.exited;
      const atKill = load.ok();
      await waitFor(() => load.ok() >= atKill + 50, 20_000, "load to go on through the surviving replica");
      // A session Galaxy adds now is routable through the surviving replica.
      await pg!.sql(galaxySaveSql("ha2", "t", "127.0.0.1", backend.port));
      await waitFor(async () => (await status(nginx.port, "ha2", "t")) === 200, 5000, "a new session via the surviving replica");
      const result = await load.stop();
      if (process.env["GXIT_REPORT"]) console.log(`      replica killed under load: ${result.ok} ok, ${result.failed} failed`);
      expect(result.ok).to.be.at.least(100);
      expect(result.failed, `failed requests (${result.ok} ok)`).to.be.at.most(concurrency);
    } finally {
      await nginx.stop();
    }
  });
});

/** `concurrency` keep-alive clients in a bounded loop (loopback only) until stop(). */
function loadLoop(port: number, host: string, concurrency: number): { ok(): number; stop(): Promise<{ ok: number; failed: number }> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let running = true;
  let ok = 0;
  let failed = 0;
  const deadline = Date.now() + 50_000; // bounded even if stop() is never reached
  const worker = async (): Promise<void> => {
    while (running && Date.now() < deadline) {
      try {
        const r = await request(port, "/", { Host: host }, { agent, timeoutMs: 5000 });
        if (r.status === 200) ok++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  const workers = Array.from({ length: concurrency }, () => worker());
  return {
    ok: () => ok,
    async stop() {
      running = false;
      await Promise.all(workers);
      agent.destroy();
      return { ok, failed };
    },
  };
}
