// Test helpers for the proxy: a small backend (HTTP echo + websocket echo
// with raw RFC 6455 frames), a websocket client, a Galaxy-style map writer
// running in a separate process, and bounded polling.
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http, { type IncomingMessage } from "node:http";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Logger } from "../../src/proxy/log.js";

export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const PROXY_BIN = join(REPO_ROOT, "dist/src/proxy/main.js");
export const KEY_TYPE = "interactivetoolentrypoint";

// ---------------------------------------------------------------- logging

export class CapturingLogger extends Logger {
  readonly lines: string[];
  constructor(verbose = false) {
    const lines: string[] = [];
    super(verbose, "text", { write: (l: string) => void lines.push(l) });
    this.lines = lines;
  }
  count(substring: string): number {
    return this.lines.filter((l) => l.includes(substring)).length;
  }
}

// ---------------------------------------------------------------- backend

export interface Backend {
  port: number;
  name: string;
  /** Requests seen (method, url, headers). */
  seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * GET /slow never answers; GET /delay/<ms> answers after ms; anything else
 * echoes {backend, method, url, headers} as JSON. Websocket upgrades are
 * accepted; the server sends "hello from <name>" then echoes "echo:<text>".
 */
export async function startBackend(name: string): Promise<Backend> {
  const seen: Backend["seen"] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    if (req.url === "/slow") return; // never answers
    const delay = /^\/delay\/(\d+)/.exec(req.url ?? "");
    const answer = (): void => {
      const body = JSON.stringify({ backend: name, method: req.method, url: req.url, headers: req.headers });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    };
    req.resume();
    req.on("end", () => (delay ? setTimeout(answer, Number(delay[1])) : answer()));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("upgrade", (req: IncomingMessage, socket: net.Socket) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    socket.on("error", () => socket.destroy());
    const key = String(req.headers["sec-websocket-key"] ?? "");
    const accept = createHash("sha1").update(key + WS_GUID).digest("base64");
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.write(encodeFrame(`hello from ${name}`, false));
    const reader = new FrameReader();
    socket.on("data", (chunk: Buffer) => {
      for (const msg of reader.push(chunk)) {
        if (msg.opcode === 0x8) {
          socket.end(encodeFrame("", false, 0x8));
          return;
        }
        socket.write(encodeFrame(`echo:${msg.text}`, false));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    name,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port with nothing listening on it (bound, then released). */
export async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// ---------------------------------------------------------------- websocket frames

export function encodeFrame(text: string, mask: boolean, opcode = 0x1): Buffer {
  const payload = Buffer.from(text, "utf8");
  const len = payload.length;
  const header: number[] = [0x80 | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (len < 126) header.push(maskBit | len);
  else header.push(maskBit | 126, (len >> 8) & 0xff, len & 0xff);
  const parts = [Buffer.from(header)];
  if (mask) {
    const m = randomBytes(4);
    const masked = Buffer.alloc(len);
    for (let i = 0; i < len; i++) masked[i] = payload[i]! ^ m[i % 4]!;
    parts.push(m, masked);
  } else parts.push(payload);
  return Buffer.concat(parts);
}

export class FrameReader {
  private buf = Buffer.alloc(0);
  push(chunk: Buffer): { opcode: number; text: string }[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: { opcode: number; text: string }[] = [];
    for (;;) {
      if (this.buf.length < 2) break;
      const opcode = this.buf[0]! & 0x0f;
      const masked = (this.buf[1]! & 0x80) !== 0;
      let len = this.buf[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) break;
        len = this.buf.readUInt16BE(2);
        off = 4;
      }
      const need = off + (masked ? 4 : 0) + len;
      if (this.buf.length < need) break;
      let payload = this.buf.subarray(off + (masked ? 4 : 0), need);
      if (masked) {
        const m = this.buf.subarray(off, off + 4);
        payload = Buffer.from(payload.map((b, i) => b ^ m[i % 4]!));
      }
      out.push({ opcode, text: payload.toString("utf8") });
      this.buf = this.buf.subarray(need);
    }
    return out;
  }
}

export interface WsClient {
  /** Status line + headers of the handshake response. */
  head: string;
  status: number;
  next(timeoutMs?: number): Promise<string>;
  send(text: string): void;
  close(): void;
}

/** Opens a websocket through the proxy; resolves with the handshake outcome. */
export function openWs(port: number, path: string, hostHeader: string): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const key = randomBytes(16).toString("base64");
    let buf = Buffer.alloc(0);
    let headDone = false;
    const queue: string[] = [];
    const waiters: ((s: string) => void)[] = [];
    const reader = new FrameReader();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("websocket handshake timed out"));
    }, 5000);
    socket.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on("connect", () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    const client: WsClient = {
      head: "",
      status: 0,
      next(timeoutMs = 3000) {
        const q = queue.shift();
        if (q !== undefined) return Promise.resolve(q);
        return new Promise((res, rej) => {
          const t = setTimeout(() => rej(new Error("no websocket message")), timeoutMs);
          waiters.push((s) => {
            clearTimeout(t);
            res(s);
          });
        });
      },
      send(text: string) {
        socket.write(encodeFrame(text, true));
      },
      close() {
        socket.destroy();
      },
    };
    const deliver = (data: Buffer): void => {
      for (const m of reader.push(data)) {
        const w = waiters.shift();
        if (w) w(m.text);
        else queue.push(m.text);
      }
    };
    socket.on("data", (chunk: Buffer) => {
      if (headDone) return deliver(chunk);
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      headDone = true;
      clearTimeout(timer);
      client.head = buf.subarray(0, end).toString("latin1");
      client.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(client.head)?.[1] ?? 0);
      const rest = buf.subarray(end + 4);
      resolve(client);
      if (rest.length) deliver(rest);
    });
    socket.on("close", () => {
      if (!headDone) {
        clearTimeout(timer);
        reject(new Error("socket closed before a handshake response: " + buf.toString("latin1")));
      }
    });
  });
}

// ---------------------------------------------------------------- HTTP client

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export function request(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  opts: { method?: string; agent?: http.Agent | false; timeoutMs?: number; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method: opts.method ?? "GET", headers, agent: opts.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 5000, () => req.destroy(new Error(`request ${path} timed out`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

export function hostOf(key: string, token: string, cls = "ep"): string {
  return `${key}-${token}.${cls}.interactivetool.galaxy.test`;
}

/** Polls fn until it returns true; fails after timeoutMs. Returns elapsed ms. */
export async function waitFor(fn: () => Promise<boolean> | boolean, timeoutMs = 1000, what = "condition"): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await fn()) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

// ---------------------------------------------------------------- temp dirs

export function tempDir(tag: string): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), `gxit-proxy-${tag}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------- Galaxy-style map writer

/** The DDL SQLAlchemy emits for Galaxy's gxitproxy Table on SQLite. */
export const GALAXY_DDL = `CREATE TABLE IF NOT EXISTS gxitproxy (
\t"key" VARCHAR(16) NOT NULL,
\tkey_type TEXT NOT NULL,
\ttoken VARCHAR(32),
\thost TEXT,
\tport INTEGER,
\tinfo TEXT,
\tPRIMARY KEY ("key", key_type)
)`;

/** gx-it-proxy's createdb.js DDL. */
export const UPSTREAM_DDL = `CREATE TABLE IF NOT EXISTS gxitproxy
    (key text,
     key_type text,
     token text,
     host text,
     port integer,
     info text,
     PRIMARY KEY (key, key_type)
)`;

export interface Session {
  key: string;
  token: string;
  host?: string;
  port: number;
  keyType?: string;
  info?: { requires_path_in_url?: boolean; requires_path_in_header_named?: string | null } | null;
}

export type MapOp = { op: "save"; session: Session } | { op: "remove"; key: string; keyType?: string } | { op: "bulk"; sessions: Session[] };

/**
 * Runs the writes in a separate Node process with better-sqlite3, the way
 * Galaxy's InteractiveToolPropagatorSQLAlchemy does: one transaction per
 * operation (create table if missing, DELETE, INSERT, COMMIT), default
 * rollback journal.
 */
const WRITER = `
const Database = require(process.argv[1]);
const [path, ddl] = [process.argv[2], process.argv[3]];
const ops = JSON.parse(require("fs").readFileSync(0, "utf8"));
const db = new Database(path, { timeout: 5000 });
const del = () => db.prepare("DELETE FROM gxitproxy WHERE key = ? AND key_type = ?");
const ins = () => db.prepare("INSERT INTO gxitproxy (key, key_type, token, host, port, info) VALUES (?, ?, ?, ?, ?, ?)");
const row = (s) => [s.key, s.keyType || "interactivetoolentrypoint", s.token, s.host || "127.0.0.1", s.port,
  s.info === null ? null : JSON.stringify(Object.assign({requires_path_in_url: false, requires_path_in_header_named: null}, s.info || {}))];
for (const o of ops) {
  db.transaction(() => {
    db.exec(ddl);
    if (o.op === "save") { const r = row(o.session); del().run(r[0], r[1]); ins().run(...r); }
    else if (o.op === "remove") { del().run(o.key, o.keyType || "interactivetoolentrypoint"); }
    else if (o.op === "bulk") { const d = del(), i = ins(); for (const s of o.sessions) { const r = row(s); d.run(r[0], r[1]); i.run(...r); } }
  })();
}
db.close();
`;

export function writeMap(path: string, ops: MapOp[], ddl = GALAXY_DDL): Promise<void> {
  const sqliteModule = join(REPO_ROOT, "node_modules/better-sqlite3");
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["-e", WRITER, sqliteModule, path, ddl], { timeout: 20_000 }, (err, _out, stderr) => {
      if (err) reject(new Error(`map writer failed: ${err.message} ${stderr}`));
      else resolve();
    });
    child.stdin!.end(JSON.stringify(ops));
  });
}

export function hasPython3Sqlite(): boolean {
  const r = spawnSync("python3", ["-c", "import sqlite3"], { stdio: "ignore" });
  return r.status === 0;
}

/** Galaxy's own writer, as literally as possible: Python's sqlite3 module. */
export function writeMapPython(path: string, session: Session): Promise<void> {
  const py = `
import json, sqlite3, sys
path, key, token, host, port = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
conn = sqlite3.connect(path)
conn.execute(${JSON.stringify(GALAXY_DDL)})
conn.execute('DELETE FROM gxitproxy WHERE key=? AND key_type=?', (key, 'interactivetoolentrypoint'))
conn.execute('INSERT INTO gxitproxy (key, key_type, token, host, port, info) VALUES (?, ?, ?, ?, ?, ?)',
  (key, 'interactivetoolentrypoint', token, host, port, json.dumps({"requires_path_in_url": False, "requires_path_in_header_named": None})))
conn.commit()
conn.close()
`;
  return new Promise((resolve, reject) => {
    execFile(
      "python3",
      ["-c", py, path, session.key, session.token, session.host ?? "127.0.0.1", String(session.port)],
      { timeout: 20_000 },
      (err, _o, stderr) => (err ? reject(new Error(`python writer failed: ${err.message} ${stderr}`)) : resolve()),
    );
  });
}

// ---------------------------------------------------------------- the proxy as a process

export interface Spawned {
  child: ChildProcess;
  output(): string;
  port: number;
  exited: Promise<number | null>;
}

/** Starts the built proxy binary on a free loopback port; resolves once it listens. */
export async function spawnProxy(args: string[]): Promise<Spawned> {
  const child = spawn(process.execPath, [PROXY_BIN, "--ip", "127.0.0.1", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  let port = 0;
  await waitFor(
    () => {
      const m = /Listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) port = Number(m[1]);
      if (child.exitCode !== null) throw new Error(`proxy exited early: ${out}`);
      return port > 0;
    },
    10_000,
    "proxy to listen",
  );
  return { child, output: () => out, port, exited };
}

