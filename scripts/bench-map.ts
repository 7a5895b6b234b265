// The sessions-map benchmark: what a change of the map costs the proxy's
// event loop, and how soon a new session is routable.
//
//   node dist/scripts/bench-map.js [--rows 100000] [--saves 20]
//
// 1. SQLite, `--rows` sessions, Galaxy-style saves from another process:
//    the longest event-loop stall (a 1 ms timer's lateness) and the pickup
//    latency (commit → route in the table), for gxit-proxy's map source and,
//    in the same run, for a full re-read on the event loop (what the proxy
//    did before on every reconcile and SIGHUP).
// 2. PostgreSQL (when /usr/lib/postgresql/*/bin is installed): commit → route
//    in the table with the NOTIFY trigger and with polling only.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { FileMapSource } from "../src/proxy/file-source.js";
import { Logger } from "../src/proxy/log.js";
import { PostgresMapSource } from "../src/proxy/postgres-source.js";
import { RouteTable, type RawRow } from "../src/proxy/routes.js";
import type { SessionsMap } from "../src/proxy/sessions-map.js";
import { writeBenchmarkSection } from "./bench-report.js";
import { GALAXY_DDL, REPO_ROOT, tempDir } from "../test/proxy/helpers.js";
import { galaxySaveSql, postgresBin, startPostgres } from "../test/proxy/services.js";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" }, saves: { type: "string", default: "20" } } });
const ROWS = Number(values.rows);
const SAVES = Number(values.saves);
const quiet = new Logger(false, "text", { write: () => undefined });
const report: string[] = [];
/** Prints a line of the report and keeps it for docs/benchmarks.md. */
function out(line: string): void {
  console.log(line);
  report.push(line);
}

/** Measures the event loop's lateness while fn runs. */
async function withStallMonitor<T>(fn: () => Promise<T>): Promise<{ result: T; maxStallMs: number }> {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - 1);
    last = now;
  }, 1);
  try {
    const result = await fn();
    return { result, maxStallMs: max };
  } finally {
    clearInterval(timer);
  }
}

async function until(cond: () => boolean, timeoutMs = 10_000): Promise<number> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setImmediate(r));
  }
  return performance.now() - start;
}

const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `${q(0.5).toFixed(2)} / ${q(0.9).toFixed(2)} / ${s[s.length - 1]!.toFixed(2)}`;
};

const execFileAsync = promisify(execFile);

/** A Galaxy-style save by another process; asynchronous, so the event loop stays free while it runs. */
async function saveInChild(path: string, key: string): Promise<void> {
  const code = `const D=require(process.argv[1]); const db=new D(process.argv[2], {timeout:5000});
db.transaction(()=>{db.exec(process.argv[3]); db.prepare("DELETE FROM gxitproxy WHERE key=? AND key_type='interactivetoolentrypoint'").run(process.argv[4]);
db.prepare("INSERT INTO gxitproxy VALUES (?, 'interactivetoolentrypoint', 'tok', '127.0.0.1', 8888, ?)").run(process.argv[4], JSON.stringify({requires_path_in_url:false, requires_path_in_header_named:null}));})(); db.close();`;
  await execFileAsync(process.execPath, ["-e", code, join(REPO_ROOT, "node_modules/better-sqlite3"), path, GALAXY_DDL, key]);
}

async function sqliteBench(): Promise<void> {
  const dir = tempDir("bench-map");
  const path = join(dir.path, "map.sqlite");
  const db = new Database(path);
  db.exec(GALAXY_DDL);
  const ins = db.prepare("INSERT INTO gxitproxy VALUES (?, 'interactivetoolentrypoint', ?, '10.0.0.5', 8888, ?)");
  const info = JSON.stringify({ requires_path_in_url: false, requires_path_in_header_named: null });
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) ins.run(`k${i.toString(36)}`, `t${i}`, info);
  })();
  db.close();

  // gxit-proxy's source: saves (incremental in the worker) and the reconcile that follows each.
  const source = new FileMapSource(path, quiet, { pollMs: 1000 });
  await source.start();
  const pickups: number[] = [];
  const { maxStallMs } = await withStallMonitor(async () => {
    for (let i = 0; i < SAVES; i++) {
      const key = `new${i}`;
      await saveInChild(path, key);
      const after = performance.now();
      await until(() => source.table.lookup(key) !== undefined);
      pickups.push(performance.now() - after);
    }
    await new Promise((r) => setTimeout(r, 1500)); // the reconcile (a full read, in the worker)
    source.reload(); // SIGHUP: a full read, in the worker
    await new Promise((r) => setTimeout(r, 1500));
  });
  await source.stop();
  // Baseline in the same run: the same writer processes on an unwatched copy of the map, so that
  // the lateness of the timer on this machine (other load, GC, the spawns) is seen without the proxy's work.
  const copy = join(dir.path, "unwatched.sqlite");
  (await import("node:fs")).copyFileSync(path, copy);
  const baseline = await withStallMonitor(async () => {
    for (let i = 0; i < SAVES; i++) {
      await saveInChild(copy, `new${i}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 3000));
  });

  // The alternative: a full re-read on the event loop (the old reconcile / SIGHUP).
  const full: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const d = new Database(path, { readonly: true });
    const rows = d.prepare("SELECT key, key_type, token, host, port, info FROM gxitproxy").all() as RawRow[];
    RouteTable.fromRows(rows);
    d.close();
    full.push(performance.now() - t);
  }
  // One save applied to the table on the event loop (what the worker's message costs).
  const table = RouteTable.fromRows(new Database(path, { readonly: true }).prepare("SELECT key, key_type, token, host, port, info FROM gxitproxy").all() as RawRow[]);
  const apply: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    table.withChanges([[`k${i.toString(36)}`, "interactivetoolentrypoint"]], [{ key: `k${i.toString(36)}`, key_type: "interactivetoolentrypoint", token: "x", host: "10.0.0.5", port: 8888, info }]);
    apply.push(performance.now() - t);
  }
  dir.cleanup();
  out(`\n### SQLite map, ${ROWS.toLocaleString("en")} rows, ${SAVES} Galaxy-style saves from another process\n`);
  out("| measure | ms |");
  out("|---|---:|");
  out(`| gxit-proxy: longest event-loop stall during the saves, their reconciles and a SIGHUP | ${maxStallMs.toFixed(2)} |`);
  out(`| baseline: longest stall with the same writers on an unwatched copy (no proxy work) | ${baseline.maxStallMs.toFixed(2)} |`);
  out(`| gxit-proxy: one save applied to the route table on the event loop, median / p90 / max | ${stats(apply)} |`);
  out(`| gxit-proxy: pickup, writer exit → route in the table, median / p90 / max | ${stats(pickups)} |`);
  out(`| alternative: full re-read on the event loop (the old reconcile and SIGHUP), median / p90 / max | ${stats(full)} |`);
}

async function postgresBench(): Promise<void> {
  if (!postgresBin()) {
    console.log("\n(PostgreSQL not installed: the PostgreSQL part is skipped)");
    return;
  }
  const server = await startPostgres();
  try {
    await server.sql(galaxySaveSql("seed", "t", "127.0.0.1", 8888));
    const writer = new pg.Client({ connectionString: server.url });
    await writer.connect();
    const measure = async (source: SessionsMap, label: string, n: number): Promise<string> => {
      await source.start();
      const lat: number[] = [];
      const { maxStallMs } = await withStallMonitor(async () => {
        for (let i = 0; i < n; i++) {
          const key = `${label}${i}`;
          // Galaxy's save: one transaction, DELETE then INSERT.
          await writer.query("BEGIN");
          await writer.query("DELETE FROM gxitproxy WHERE key = $1 AND key_type = 'interactivetoolentrypoint'", [key]);
          await writer.query("INSERT INTO gxitproxy VALUES ($1, 'interactivetoolentrypoint', 'tok', '127.0.0.1', 8888, $2)", [key, '{"requires_path_in_url": false, "requires_path_in_header_named": null}']);
          await writer.query("COMMIT");
          const t = performance.now();
          await until(() => source.table.lookup(key) !== undefined, 15_000);
          lat.push(performance.now() - t);
        }
      });
      await source.stop();
      return `${stats(lat)} | ${maxStallMs.toFixed(2)}`;
    };
    const notify = await measure(new PostgresMapSource(server.url, quiet, { pollMs: 0, createTrigger: true }), "n", 30);
    await writer.query("DROP TRIGGER IF EXISTS gxitproxy_notify ON gxitproxy; DROP TRIGGER IF EXISTS gxitproxy_notify_truncate ON gxitproxy");
    const poll = await measure(new PostgresMapSource(server.url, quiet, { pollMs: 1000 }), "p", 5);
    await writer.end();
    out("\n### PostgreSQL map: commit → route in the table\n");
    out("| watch | median / p90 / max ms | longest event-loop stall ms |");
    out("|---|---:|---:|");
    out(`| LISTEN/NOTIFY (--createTrigger), 30 saves | ${notify} |`);
    out(`| polling only, --pollingInterval 1000, 5 saves | ${poll} |`);
  } finally {
    await server.cleanup();
  }
}

await sqliteBench();
await postgresBench();
const load = (await import("node:os")).loadavg()[0]!.toFixed(1);
writeBenchmarkSection(
  "map",
  `## Sessions map (\`npm run bench:map\`)\n\nOne run on the development machine (2 vCPUs shared with other jobs; load average ${load} at the end of the run), ${ROWS.toLocaleString("en")} rows. ` +
    "Stalls are the lateness of a 1 ms timer on the proxy's event loop; the baseline row is the same machine, same run, without the proxy's work.\n" +
    report.join("\n"),
);
