// Benchmark for gxit-proxy, run as `node dist/scripts/bench-proxy.js [options]`
// (after `npm run build`). Everything runs on loopback in one go, against one
// small backend:
//   - throughput and latency of small responses (wrk if installed, else a
//     built-in Node load generator): backend direct, nginx proxy_pass (if
//     nginx is installed), gx-it-proxy (if GX_IT_PROXY_MAIN points to its
//     lib/main.js, or the package @galaxyproject/gx-it-proxy is resolvable),
//     gxit-proxy with 10 and with 10,000 sessions;
//   - 10 against 10,000 sessions again, interleaved (both proxies up,
//     alternating runs), since sequential runs differ by more than the
//     effect on a shared machine;
//   - a 1 MB response streamed (MB/s) through nginx, gx-it-proxy, gxit-proxy
//     (started with the unit's node options, PROXY_NODE_ARGS) and gxit-proxy
//     on V8's defaults; then nginx and both gxit-proxies again,
//     interleaved, for the ratio to nginx;
//   - 2,000 idle websockets through a fresh gxit-proxy (its first connections): resident memory each;
//   - reload latency: a Galaxy-style insert (DELETE then INSERT in one
//     transaction, default journal) from this process → first 200 through
//     the proxy process, for gxit-proxy (10 and 10,000 sessions) and
//     gx-it-proxy when available.
// Prints a Markdown report; --out <file> also writes it there.
//
// Options: --duration <s> (5) --connections <n> (32) --reloads <n> (25)
//          --out <file> --no-nginx --no-upstream --json
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PROXY_NODE_ARGS } from "./proxy-node-args.js";
import { freePort } from "../src/util/net.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const PROXY_MAIN = resolve(HERE, "../src/proxy/main.js");
const KEY_TYPE = "interactivetoolentrypoint";
const INFO = JSON.stringify({ requires_path_in_url: false, requires_path_in_header_named: null });
const GALAXY_DDL = `CREATE TABLE IF NOT EXISTS gxitproxy ("key" VARCHAR(16) NOT NULL, key_type TEXT NOT NULL, token VARCHAR(32), host TEXT, port INTEGER, info TEXT, PRIMARY KEY ("key", key_type))`;

const children = new Set<ChildProcess>();
function cleanupChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
process.on("exit", cleanupChildren);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    cleanupChildren();
    process.exit(130);
  });
}

interface LoadResult {
  name: string;
  requests: number;
  /** response bytes per second (wrk's Transfer/sec), MB/s */
  mbps?: number;
  /** CPU time of the proxy process per request (user + system), µs */
  cpuUs?: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  note?: string;
}

interface ReloadResult {
  name: string;
  runs: number;
  median: number;
  p90: number;
  max: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}


function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : undefined;
}

function track(child: ChildProcess, name: string): ChildProcess {
  children.add(child);
  child.on("exit", () => children.delete(child));
  child.stderr?.on("data", (d: Buffer) => {
    if (process.env["BENCH_DEBUG"]) process.stderr.write(`[${name}] ${d.toString()}`);
  });
  return child;
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        r(true);
      });
      s.once("error", () => r(false));
    });
    if (ok) return;
    if (Date.now() - start > timeoutMs) throw new Error(`nothing listening on ${port} after ${timeoutMs} ms`);
    await sleep(20);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const t = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(t);
}

// ------------------------------------------------------------------ backend

const BACKEND_SRC = `
const http = require("http");
const crypto = require("crypto");
const body = Buffer.from("ok\\n");
const big = Buffer.alloc(1024 * 1024, 0x61);
const server = http.createServer((req, res) => {
  const b = req.url === "/1m" ? big : body;
  res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": b.length });
  res.end(b);
});
server.on("upgrade", (req, socket) => {
  const accept = crypto.createHash("sha1").update(req.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
  socket.on("error", () => socket.destroy());
  socket.write("HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Accept: " + accept + "\\r\\n\\r\\n");
});
server.listen(Number(process.argv[1]), "127.0.0.1");
`;

async function startBackend(): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = track(spawn(process.execPath, ["-e", BACKEND_SRC, String(port)], { stdio: ["ignore", "ignore", "pipe"] }), "backend");
  await waitForPort(port);
  return { port, child };
}

// ------------------------------------------------------------------ maps

function session(i: number): { key: string; token: string } {
  return { key: `b${i.toString(36)}k`, token: `t${(i * 7919 + 13).toString(36)}x` };
}

function createMap(path: string, n: number, backendPort: number): void {
  const db = new Database(path);
  db.exec(GALAXY_DDL);
  const ins = db.prepare("INSERT INTO gxitproxy (key, key_type, token, host, port, info) VALUES (?, ?, ?, ?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const s = session(i);
      ins.run(s.key, KEY_TYPE, s.token, "127.0.0.1", backendPort, INFO);
    }
  })();
  db.close();
}

/** Galaxy's save(): one transaction, DELETE then INSERT, default journal mode. */
function galaxySave(path: string, key: string, token: string, port: number): void {
  const db = new Database(path, { timeout: 5000 });
  db.transaction(() => {
    db.exec(GALAXY_DDL);
    db.prepare("DELETE FROM gxitproxy WHERE key = ? AND key_type = ?").run(key, KEY_TYPE);
    db.prepare("INSERT INTO gxitproxy (key, key_type, token, host, port, info) VALUES (?, ?, ?, ?, ?, ?)").run(key, KEY_TYPE, token, "127.0.0.1", port, INFO);
  })();
  db.close();
}

// ------------------------------------------------------------------ load generation

/** The middle value (upper middle for an even count). */
function median(xs: readonly number[]): number {
  return [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function parseWrkDuration(s: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(s.trim());
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === "us" ? v / 1000 : m[2] === "ms" ? v : m[2] === "s" ? v * 1000 : v * 60_000;
}

function parseWrkBytes(s: string): number {
  const m = /^([\d.]+)(B|KB|MB|GB)$/.exec(s.trim());
  if (!m) return NaN;
  const f = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[m[2] as "B"];
  return (Number(m[1]) * f) / 1024 ** 2;
}

async function loadWrk(wrk: string, name: string, port: number, host: string, seconds: number, connections: number, path = "/", warmup = true): Promise<LoadResult> {
  const url = `http://127.0.0.1:${port}${path}`;
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", "-H", `Host: ${host}`, url];
  if (warmup) spawnSync(wrk, ["-t1", `-c${connections}`, "-d1s", "-H", `Host: ${host}`, url], { encoding: "utf8" });
  const r = spawnSync(wrk, args, { encoding: "utf8" });
  const out = r.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const p50 = parseWrkDuration(/\s50%\s+(\S+)/.exec(out)?.[1] ?? "");
  const p99 = parseWrkDuration(/\s99%\s+(\S+)/.exec(out)?.[1] ?? "");
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sockErr = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (sockErr ? sockErr.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const mbps = parseWrkBytes(/Transfer\/sec:\s+(\S+)/.exec(out)?.[1] ?? "");
  return { name, requests, rps, p50, p99, errors, mbps };
}

async function loadBuiltin(name: string, port: number, host: string, seconds: number, connections: number): Promise<LoadResult> {
  const run = async (ms: number, record: boolean): Promise<{ lat: number[]; n: number; errors: number; elapsed: number }> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
    const lat: number[] = [];
    let n = 0;
    let errors = 0;
    const start = performance.now();
    const end = start + ms;
    const worker = async (): Promise<void> => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await new Promise<number>((r) => {
          const req = http.get({ host: "127.0.0.1", port, path: "/", headers: { Host: host }, agent }, (res) => {
            res.resume();
            res.on("end", () => r(res.statusCode ?? 0));
          });
          req.on("error", () => r(0));
        });
        if (status !== 200) errors++;
        n++;
        if (record) lat.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: connections }, worker));
    agent.destroy();
    return { lat, n, errors, elapsed: performance.now() - start };
  };
  await run(1000, false);
  const r = await run(seconds * 1000, true);
  r.lat.sort((a, b) => a - b);
  return { name, requests: r.n, rps: (r.n / r.elapsed) * 1000, p50: pct(r.lat, 50), p99: pct(r.lat, 99), errors: r.errors, note: "built-in generator" };
}

// ------------------------------------------------------------------ reload latency

async function probe(agent: http.Agent, port: number, host: string): Promise<number> {
  return new Promise((r) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/", headers: { Host: host }, agent }, (res) => {
      res.resume();
      res.on("end", () => r(res.statusCode ?? 0));
    });
    req.setTimeout(2000, () => req.destroy());
    req.on("error", () => r(0));
  });
}

async function reloadLatency(name: string, port: number, mapPath: string, backendPort: number, runs: number, hostFor: (k: string, t: string) => string): Promise<ReloadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const key = `r${i}${Date.now().toString(36)}`;
    const token = `tok${i}z`;
    const host = hostFor(key, token);
    if ((await probe(agent, port, host)) === 200) throw new Error("session routable before it was written");
    galaxySave(mapPath, key, token, backendPort);
    const t0 = performance.now();
    for (;;) {
      if ((await probe(agent, port, host)) === 200) break;
      if (performance.now() - t0 > 10_000) throw new Error(`${name}: insert not routable after 10 s`);
    }
    samples.push(performance.now() - t0);
    await sleep(30);
  }
  agent.destroy();
  samples.sort((a, b) => a - b);
  return { name, runs, median: pct(samples, 50), p90: pct(samples, 90), max: samples[samples.length - 1]! };
}

// ------------------------------------------------------------------ subjects

/** gxit-proxy as the packaged unit starts it (node options included), unless nodeArgs says otherwise. */
async function startGxitProxy(mapPath: string, nodeArgs: readonly string[] = PROXY_NODE_ARGS): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = track(spawn(process.execPath, [...nodeArgs, PROXY_MAIN, "--ip", "127.0.0.1", "--port", String(port), "--sessions", mapPath], { stdio: ["ignore", "ignore", "pipe"] }), "gxit-proxy");
  await waitForPort(port);
  return { port, child };
}

function findUpstream(): string | undefined {
  const env = process.env["GX_IT_PROXY_MAIN"];
  if (env && existsSync(env)) return env;
  try {
    return createRequire(import.meta.url).resolve("@galaxyproject/gx-it-proxy/lib/main.js");
  } catch {
    return undefined;
  }
}

async function startUpstream(main: string, mapPath: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = track(spawn(process.execPath, [main, "--ip", "127.0.0.1", "--port", String(port), "--sessions", mapPath], { stdio: ["ignore", "ignore", "pipe"] }), "gx-it-proxy");
  await waitForPort(port);
  return { port, child };
}

async function startNginx(nginx: string, dir: string, backendPort: number, connections: number): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const prefix = join(dir, "nginx");
  mkdirSync(join(prefix, "tmp"), { recursive: true });
  const conf = `daemon off;
master_process off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive ${connections}; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`;
  writeFileSync(join(prefix, "nginx.conf"), conf);
  const child = track(spawn(nginx, ["-p", prefix, "-c", join(prefix, "nginx.conf"), "-e", "stderr"], { stdio: ["ignore", "ignore", "pipe"] }), "nginx");
  await waitForPort(port);
  return { port, child };
}

// ------------------------------------------------------------------ websockets

const WEBSOCKETS = 2000;

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}

function openWebsocket(port: number, host: string): Promise<net.Socket> {
  return new Promise((resolveWs, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let head = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("websocket handshake timed out"));
    }, 10_000);
    socket.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on("connect", () => {
      socket.write(`GET /ws HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    const onData = (c: Buffer): void => {
      head += c.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      clearTimeout(timer);
      socket.off("data", onData);
      if (head.startsWith("HTTP/1.1 101")) resolveWs(socket);
      else {
        socket.destroy();
        reject(new Error(`websocket refused: ${head.split("\r\n")[0]}`));
      }
    };
    socket.on("data", onData);
  });
}

/** Opens `count` websockets through the proxy and measures its resident memory before and after (idle). */
async function idleWebsockets(port: number, pid: number, host: string, count: number): Promise<{ count: number; rssBeforeKb: number; rssAfterKb: number }> {
  await sleep(1000);
  const rssBeforeKb = rssKb(pid);
  const sockets: net.Socket[] = [];
  try {
    for (let i = 0; i < count; i += 100) {
      sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => openWebsocket(port, host)))));
    }
    await sleep(2000);
    return { count, rssBeforeKb, rssAfterKb: rssKb(pid) };
  } finally {
    for (const s of sockets) s.destroy();
  }
}

// ------------------------------------------------------------------ main

/** user + system CPU seconds of a process, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    const hz = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
    return ticks / hz;
  } catch {
    return undefined;
  }
}

function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "5" },
      connections: { type: "string", default: "32" },
      reloads: { type: "string", default: "25" },
      out: { type: "string" },
      "no-nginx": { type: "boolean" },
      "no-upstream": { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  const seconds = Number(values.duration);
  const connections = Number(values.connections);
  const reloads = Number(values.reloads);
  if (!existsSync(PROXY_MAIN)) throw new Error(`${PROXY_MAIN} not found: run npm run build first`);

  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), "gxit-bench-"));
  const wrk = which("wrk");
  const nginx = values["no-nginx"] ? undefined : which("nginx");
  const upstream = values["no-upstream"] ? undefined : findUpstream();
  const notes: string[] = [];
  const load: LoadResult[] = [];
  const reload: ReloadResult[] = [];
  const runLoad = async (name: string, port: number, host: string, pid?: number): Promise<LoadResult> => {
    const before = cpuSeconds(pid);
    const r = await (wrk ? loadWrk(wrk, name, port, host, seconds, connections) : loadBuiltin(name, port, host, seconds, connections));
    const after = cpuSeconds(pid);
    // The warm-up second is included in the CPU time but not in the request count: an upper bound.
    if (before !== undefined && after !== undefined && r.requests > 0) r.cpuUs = ((after - before) * 1e6) / (r.requests * (1 + 1 / seconds));
    return r;
  };
  const log = (s: string): void => void process.stderr.write(s + "\n");

  const big: LoadResult[] = [];
  /** Per round: req/s and the proxy's CPU µs per request (the steadier of the two on a shared machine). */
  let interleaved: { rounds: number; rps10: number[]; rps10k: number[]; cpu10: number[]; cpu10k: number[] } | undefined;
  /** 1 MB responses, MB/s per round, nginx and gxit-proxy alternating. */
  let bigInterleaved: { rounds: number; seconds: number; mbps: Map<string, number[]> } | undefined;
  let websockets: { count: number; rssBeforeKb: number; rssAfterKb: number } | undefined;
  const bigConnections = Math.min(connections, 8);
  const runBig = async (name: string, port: number, host: string, pid: number | undefined): Promise<void> => {
    if (!wrk) return;
    const before = cpuSeconds(pid);
    const r = await loadWrk(wrk, name, port, host, seconds, bigConnections, "/1m");
    const after = cpuSeconds(pid);
    // CPU per MB streamed (warm-up included, as for small responses): the figure a shared machine disturbs least.
    if (before !== undefined && after !== undefined && r.requests > 0) r.cpuUs = ((after - before) * 1e6) / (r.requests * (1 + 1 / seconds));
    big.push(r);
  };
  const started: ChildProcess[] = [];
  let nginxRun: { port: number; child: ChildProcess } | undefined;
  try {
    const backend = await startBackend();
    started.push(backend.child);
    const s0 = session(0);
    const epHost = (k: string, t: string): string => `${k}-${t}.ep.interactivetool.bench.test`;
    const host0 = epHost(s0.key, s0.token);

    log("load: backend direct");
    load.push(await runLoad("backend direct", backend.port, host0, backend.child.pid));
    await runBig("backend direct", backend.port, host0, backend.child.pid);

    if (nginx) {
      log("load: nginx proxy_pass");
      try {
        const ng = await startNginx(nginx, dir, backend.port, connections);
        started.push(ng.child);
        load.push(await runLoad("nginx proxy_pass (keepalive)", ng.port, host0, ng.child.pid));
        await runBig("nginx proxy_pass (keepalive)", ng.port, host0, ng.child.pid);
        nginxRun = ng; // kept for the interleaved 1 MB rounds
      } catch (e) {
        notes.push(`nginx: skipped (${(e as Error).message})`);
      }
    } else notes.push("nginx: not installed (or --no-nginx), skipped");

    const map10 = join(dir, "map10.sqlite");
    createMap(map10, 10, backend.port);
    const map10k = join(dir, "map10k.sqlite");
    createMap(map10k, 10_000, backend.port);

    if (upstream) {
      log("load + reload: gx-it-proxy");
      const up = await startUpstream(upstream, map10);
      await sleep(500);
      load.push(await runLoad("gx-it-proxy, 10 sessions", up.port, host0, up.child.pid));
      await runBig("gx-it-proxy, 10 sessions", up.port, host0, up.child.pid);
      reload.push(await reloadLatency("gx-it-proxy, 10 sessions", up.port, map10, backend.port, Math.min(reloads, 10), epHost));
      await stop(up.child);
    } else {
      notes.push("gx-it-proxy: not found (set GX_IT_PROXY_MAIN=/path/to/gx-it-proxy/lib/main.js, or install @galaxyproject/gx-it-proxy@0.2.3), skipped");
    }

    log("load + reload: gxit-proxy, 10 sessions");
    const mapSmall = join(dir, "small.sqlite");
    createMap(mapSmall, 10, backend.port);
    const g10 = await startGxitProxy(mapSmall);
    started.push(g10.child);
    load.push(await runLoad("gxit-proxy, 10 sessions", g10.port, host0, g10.child.pid));
    await runBig("gxit-proxy, 10 sessions", g10.port, host0, g10.child.pid);
    const defaultGc = "gxit-proxy on V8's defaults (gxit_proxy_node_args: [])";
    const gDefault = await startGxitProxy(mapSmall, []);
    started.push(gDefault.child);
    await runBig(defaultGc, gDefault.port, host0, gDefault.child.pid);
    if (wrk && nginxRun) {
      log("interleaved: 1 MB responses, nginx and gxit-proxy");
      // Sequential 1 MB runs on a shared machine differ by more than the
      // effect measured; alternating rounds let a trend in load cancel out.
      const subjects: [string, number][] = [
        ["nginx proxy_pass (keepalive)", nginxRun.port],
        ["gxit-proxy, 10 sessions", g10.port],
        [defaultGc, gDefault.port],
      ];
      const rounds = 6;
      const each = Math.max(2, Math.round(seconds / 2));
      bigInterleaved = { rounds, seconds: each, mbps: new Map(subjects.map(([n]) => [n, []])) };
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? subjects : [...subjects].reverse();
        for (const [name, port] of order) bigInterleaved.mbps.get(name)!.push((await loadWrk(wrk, name, port, host0, each, bigConnections, "/1m", i === 0)).mbps ?? NaN);
      }
    }
    await stop(gDefault.child);
    if (nginxRun) await stop(nginxRun.child);
    reload.push(await reloadLatency("gxit-proxy, 10 sessions", g10.port, mapSmall, backend.port, reloads, epHost));

    log("load + reload: gxit-proxy, 10,000 sessions");
    const g10k = await startGxitProxy(map10k);
    started.push(g10k.child);
    const sLast = session(9_999);
    const hostLast = epHost(sLast.key, sLast.token);
    load.push(await runLoad("gxit-proxy, 10,000 sessions", g10k.port, hostLast, g10k.child.pid));
    reload.push(await reloadLatency("gxit-proxy, 10,000 sessions", g10k.port, map10k, backend.port, reloads, epHost));

    if (wrk) {
      log("interleaved: gxit-proxy 10 vs 10,000 sessions");
      const rounds = 6;
      const each = Math.max(2, Math.round(seconds / 2));
      interleaved = { rounds, rps10: [], rps10k: [], cpu10: [], cpu10k: [] };
      for (let i = 0; i < rounds; i++) {
        // Alternate which goes first, so a trend in the machine's load cancels out.
        const order = i % 2 === 0 ? ["10", "10k"] : ["10k", "10"];
        for (const which of order) {
          const pid = which === "10" ? g10.child.pid : g10k.child.pid;
          const before = cpuSeconds(pid);
          const r = which === "10" ? await loadWrk(wrk, "10", g10.port, host0, each, connections, "/", false) : await loadWrk(wrk, "10k", g10k.port, hostLast, each, connections, "/", false);
          const after = cpuSeconds(pid);
          (which === "10" ? interleaved.rps10 : interleaved.rps10k).push(r.rps);
          if (before !== undefined && after !== undefined && r.requests > 0) (which === "10" ? interleaved.cpu10 : interleaved.cpu10k).push(((after - before) * 1e6) / r.requests);
        }
      }
    }
    await stop(g10k.child);

    await stop(g10.child);
    log(`websockets: ${WEBSOCKETS} idle through gxit-proxy`);
    // A fresh process: after the 1 MB runs the allocator keeps freed buffers
    // resident, and their release would be counted against the websockets.
    const gWs = await startGxitProxy(mapSmall);
    started.push(gWs.child);
    websockets = await idleWebsockets(gWs.port, gWs.child.pid!, host0, WEBSOCKETS);
    await stop(gWs.child);
    await stop(backend.child);
  } finally {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }

  const generator = wrk ? `wrk -t1 -c${connections} -d${seconds}s --latency` : `built-in Node generator, ${connections} connections, ${seconds}s`;
  const lines: string[] = [];
  lines.push(`Command: \`npm run build && node dist/scripts/bench-proxy.js --duration ${seconds} --connections ${connections} --reloads ${reloads}\``);
  lines.push("");
  lines.push(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load average before/after ${loadBefore.map((x) => x.toFixed(1)).join("/")} → ${loadavg().map((x) => x.toFixed(1)).join("/")}; load: ${generator}, all on loopback (generator, proxy and backend share the CPUs).`);
  lines.push("");
  lines.push("| target | req/s | p50 ms | p99 ms | errors | server CPU µs/req |");
  lines.push("|---|---:|---:|---:|---:|---:|");
  for (const r of load) lines.push(`| ${r.name} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors} | ${r.cpuUs === undefined ? "n/a" : fmt(r.cpuUs, 0)} |`);
  lines.push("");
  lines.push("server CPU µs/req: user + system CPU time of the process under test (the proxy; for \"backend direct\", the backend) per request, an upper bound (includes the warm-up second).");
  lines.push("");
  lines.push("Reload latency: Galaxy-style insert (DELETE + INSERT, one transaction, default journal) committed → first 200 through the proxy.");
  lines.push("");
  lines.push("| proxy | runs | median ms | p90 ms | max ms |");
  lines.push("|---|---:|---:|---:|---:|");
  for (const r of reload) lines.push(`| ${r.name} | ${r.runs} | ${fmt(r.median)} | ${fmt(r.p90)} | ${fmt(r.max)} |`);
  if (big.length) {
    lines.push("");
    lines.push(`1 MB responses (wrk -t1 -c${bigConnections} -d${seconds}s, path /1m):`);
    lines.push("");
    lines.push("| target | MB/s | p99 ms | errors | server CPU ms/MB |");
    lines.push("|---|---:|---:|---:|---:|");
    for (const r of big) lines.push(`| ${r.name} | ${fmt(r.mbps ?? NaN, 0)} | ${fmt(r.p99)} | ${r.errors} | ${r.cpuUs === undefined ? "n/a" : fmt(r.cpuUs / 1000, 2)} |`);
    lines.push("");
    lines.push(`gxit-proxy runs as its unit starts it: \`node ${PROXY_NODE_ARGS.join(" ")} lib/main.js …\` (the role's gxit_proxy_node_args); the row on V8's defaults shows what those options are worth.`);
  }
  if (bigInterleaved) {
    lines.push("");
    lines.push(`1 MB responses, interleaved (${bigInterleaved.rounds} rounds of ${bigInterleaved.seconds} s, alternating order), MB/s:`);
    lines.push("");
    for (const [name, xs] of bigInterleaved.mbps) lines.push(`- ${name}: ${xs.map((x) => fmt(x, 0)).join(", ")} (median ${fmt(median(xs), 0)})`);
  }
  if (interleaved) {
    lines.push("");
    lines.push(
      `10 vs 10,000 sessions, interleaved (${interleaved.rounds} rounds, alternating order): req/s 10 sessions ${interleaved.rps10.map((x) => fmt(x, 0)).join(", ")}; 10,000 sessions ${interleaved.rps10k.map((x) => fmt(x, 0)).join(", ")}. Proxy CPU µs/req 10 sessions ${interleaved.cpu10.map((x) => fmt(x, 0)).join(", ")}; 10,000 sessions ${interleaved.cpu10k.map((x) => fmt(x, 0)).join(", ")}.`,
    );
  }
  if (websockets) {
    lines.push("");
    lines.push(`${websockets.count} idle websockets through a fresh gxit-proxy (its first connections): resident memory ${websockets.rssBeforeKb} kB → ${websockets.rssAfterKb} kB.`);
  }
  // The issue-#14 targets, as ratios within this run.
  const byName = (list: LoadResult[], prefix: string): LoadResult | undefined => list.find((r) => r.name.startsWith(prefix));
  const g10 = byName(load, "gxit-proxy, 10 sessions");
  const up = byName(load, "gx-it-proxy");
  const ng = byName(load, "nginx");
  const targets: [string, string, number | undefined, (v: number) => boolean, number][] = [];
  const ratio = (a: number | undefined, b: number | undefined): number | undefined => (a !== undefined && b !== undefined && b > 0 ? a / b : undefined);
  targets.push(["small responses, req/s ÷ gx-it-proxy", "≥ 5", ratio(g10?.rps, up?.rps), (v) => v >= 5, 2]);
  targets.push(["small responses, req/s ÷ nginx proxy_pass", "≥ 0.5", ratio(g10?.rps, ng?.rps), (v) => v >= 0.5, 2]);
  targets.push(["small responses, p99 ÷ gx-it-proxy's", "≤ 0.25", ratio(g10?.p99, up?.p99), (v) => v <= 0.25, 2]);
  targets.push(["(small responses, CPU µs/req ÷ nginx's)", "", ratio(g10?.cpuUs, ng?.cpuUs), () => true, 2]);
  targets.push(["(small responses, CPU µs/req ÷ gx-it-proxy's)", "", ratio(g10?.cpuUs, up?.cpuUs), () => true, 2]);
  targets.push(["10,000 ÷ 10 sessions, req/s (interleaved medians)", "≥ 0.95", interleaved ? median(interleaved.rps10k) / median(interleaved.rps10) : undefined, (v) => v >= 0.95, 3]);
  targets.push(["(10,000 ÷ 10 sessions, CPU µs/req, interleaved medians)", "", interleaved && interleaved.cpu10.length > 0 && interleaved.cpu10k.length > 0 ? median(interleaved.cpu10k) / median(interleaved.cpu10) : undefined, () => true, 3]);
  const bigMedian = (prefix: string): number | undefined => {
    for (const [name, xs] of bigInterleaved?.mbps ?? []) if (name.startsWith(prefix)) return median(xs);
    return undefined;
  };
  targets.push(["1 MB response, MB/s ÷ nginx proxy_pass (interleaved medians)", "≥ 0.8", ratio(bigMedian("gxit-proxy, 10"), bigMedian("nginx")), (v) => v >= 0.8, 2]);
  targets.push(["(1 MB response on V8's defaults: MB/s ÷ nginx, interleaved medians)", "", ratio(bigMedian("gxit-proxy on V8"), bigMedian("nginx")), () => true, 2]);
  targets.push(["(1 MB response, MB/s ÷ gx-it-proxy)", "", ratio(byName(big, "gxit-proxy")?.mbps, byName(big, "gx-it-proxy")?.mbps), () => true, 2]);
  targets.push(["idle websocket, resident KB each", "≤ 20", websockets ? (websockets.rssAfterKb - websockets.rssBeforeKb) / websockets.count : undefined, (v) => v <= 20, 1]);
  lines.push("");
  lines.push("| target (issue #14) | wanted | this run | met |");
  lines.push("|---|---|---:|---|");
  for (const [what, wanted, v, ok, digits] of targets) {
    const met = v === undefined ? "n/a" : wanted === "" ? "" : ok(v) ? "yes" : "**no**";
    lines.push(`| ${what} | ${wanted} | ${v === undefined ? "n/a" : fmt(v, digits)} | ${met} |`);
  }
  if (notes.length) {
    lines.push("");
    for (const n of notes) lines.push(`- ${n}`);
  }
  const report = lines.join("\n") + "\n";
  if (values.json) process.stdout.write(JSON.stringify({ load, big, interleaved, bigInterleaved: bigInterleaved && { ...bigInterleaved, mbps: Object.fromEntries(bigInterleaved.mbps) }, websockets, reload, notes }, null, 2) + "\n");
  else process.stdout.write(report);
  if (values.out) writeFileSync(values.out, report);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench-proxy: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
