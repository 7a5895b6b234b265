// Watches the sessions map Galaxy writes and keeps the last good RouteTable.
//
// Galaxy (InteractiveToolPropagatorSQLAlchemy) writes `gxitproxy` in a SQLite
// file with the default rollback journal: each save is one transaction
// (CREATE TABLE if missing, DELETE, INSERT, COMMIT) that creates, writes and
// deletes `<map>-journal` next to the map. We watch the map file and its
// directory, and on any event re-check cheaply: `stat` (has the file been
// replaced?) and `PRAGMA data_version` (has another connection committed?).
// Only when something changed is the table re-read. A slow fallback poll
// covers file systems without change events (NFS).
//
// The format is recognised by content, never by name: the 16-byte SQLite
// header, else a JSON document. A missing or empty file is an empty map. A
// locked map is retried within milliseconds; a corrupt, half-written or
// unreadable map keeps the last good routes and is logged once.
import Database from "better-sqlite3";
import { closeSync, openSync, readFileSync, readSync, statSync, watch, type FSWatcher, type Stats } from "node:fs";
import { basename, dirname } from "node:path";
import type { Logger } from "./log.js";
import { RouteTable, type RawRow } from "./routes.js";

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");
const BUSY_RETRY_MS = [1, 2, 4, 8, 16, 32, 64, 100];

export type MapFormat = "missing" | "empty" | "sqlite" | "json" | "unknown";

export interface MapStatus {
  path: string;
  format: MapFormat;
  /** "ok" when the current file was read; otherwise what went wrong (routes are the last good ones). */
  state: string;
  sessions: number;
  loads: number;
  lastLoadAt: string | null;
  lastLoadMs: number | null;
}

type CheckResult = "done" | "busy";

class MapProblem extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

export class SessionsMap {
  private tableRef: RouteTable = RouteTable.EMPTY;
  private format: MapFormat = "missing";
  private state = "ok";
  private loads = 0;
  private lastLoadAt: Date | null = null;
  private lastLoadMs: number | null = null;

  private db: Database.Database | null = null;
  private dataVersion: Database.Statement | null = null;
  private selectAll: Database.Statement | null = null;
  private lastDataVersion: number | null = null;
  private fileIdentity: string | null = null;
  private jsonSignature: string | null = null;

  private dirWatcher: FSWatcher | null = null;
  private fileWatcher: FSWatcher | null = null;
  private fileWatcherIdentity: string | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private checkScheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private busyAttempt = 0;
  private busySince: number | null = null;
  private forceNext = false;
  private problem: string | null = null;
  private lastSkippedReport = "";
  private stopped = false;
  private readonly base: string;
  private readonly dir: string;

  constructor(
    readonly path: string,
    private readonly log: Logger,
    private readonly fallbackPollMs: number,
  ) {
    this.base = basename(path);
    this.dir = dirname(path);
  }

  get table(): RouteTable {
    return this.tableRef;
  }

  status(): MapStatus {
    return {
      path: this.path,
      format: this.format,
      state: this.state,
      sessions: this.tableRef.size,
      loads: this.loads,
      lastLoadAt: this.lastLoadAt ? this.lastLoadAt.toISOString() : null,
      lastLoadMs: this.lastLoadMs,
    };
  }

  /** Loads the map synchronously (a missing file is fine) and starts watching. */
  start(): void {
    this.log.info(`Watching path ${this.path}`, { sessions: this.path });
    this.runCheck(false);
    this.armWatchers();
    if (this.fallbackPollMs > 0) {
      this.pollTimer = setInterval(() => this.schedule(), this.fallbackPollMs);
      this.pollTimer.unref();
    }
  }

  /** SIGHUP: reopen the file and re-read it even if nothing seems to have changed. */
  reload(): void {
    this.closeDb();
    this.jsonSignature = null;
    this.forceNext = true;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.pollTimer = this.retryTimer = null;
    this.dirWatcher?.close();
    this.fileWatcher?.close();
    this.dirWatcher = this.fileWatcher = null;
    this.closeDb();
  }

  /** Coalesces bursts of events (journal create, write, delete) into one check. */
  private schedule(): void {
    if (this.checkScheduled || this.stopped) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      if (this.stopped) return;
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = null;
      }
      const force = this.forceNext;
      this.forceNext = false;
      this.runCheck(force);
      this.armWatchers();
    });
  }

  private runCheck(force: boolean): void {
    let result: CheckResult;
    try {
      result = this.check(force);
    } catch (e) {
      result = "done";
      const p = e instanceof MapProblem ? e : new MapProblem("unexpected", String((e as Error)?.message ?? e));
      this.reportProblem(p);
      // Re-open from scratch next time: the file may have been rewritten in place.
      this.closeDb();
      this.jsonSignature = null;
    }
    if (result === "busy") {
      const now = Date.now();
      this.busySince ??= now;
      if (now - this.busySince > 5000) {
        this.reportProblem(new MapProblem("locked", "sessions map has been locked by a writer for over 5 s"));
      }
      const delay = BUSY_RETRY_MS[Math.min(this.busyAttempt, BUSY_RETRY_MS.length - 1)]!;
      this.busyAttempt++;
      if (force) this.forceNext = true;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.schedule();
      }, delay);
      this.retryTimer.unref();
    } else {
      this.busyAttempt = 0;
      this.busySince = null;
    }
  }

  private check(force: boolean): CheckResult {
    const st = statSync(this.path, { throwIfNoEntry: false });
    if (st === undefined) {
      this.closeDb();
      this.jsonSignature = null;
      this.fileIdentity = null;
      if (this.tableRef.size > 0) {
        throw new MapProblem("vanished", `sessions map ${this.path} disappeared; keeping the last ${this.tableRef.size} routes`);
      }
      this.setLoaded("missing", RouteTable.EMPTY, 0);
      return "done";
    }
    if (!st.isFile()) throw new MapProblem("not-a-file", `sessions map ${this.path} is not a regular file`);
    const identity = `${st.dev}:${st.ino}`;
    if (identity !== this.fileIdentity) {
      this.closeDb();
      this.jsonSignature = null;
      this.fileIdentity = identity;
    }
    if (this.db) return this.checkSqlite(force);
    if (st.size === 0) {
      // Created but not written yet (SQLite creates the file before the header).
      this.jsonSignature = null;
      if (this.format !== "empty" || this.tableRef.size !== 0) this.setLoaded("empty", RouteTable.EMPTY, 0);
      return "done";
    }
    const head = readHead(this.path, 16);
    if (head.length === 16 && head.equals(SQLITE_HEADER)) {
      this.openDb();
      return this.checkSqlite(true);
    }
    const first = head.toString("utf8").trimStart()[0];
    if (first === "{" || first === "[") return this.checkJson(st, force);
    if (head.length < 16 && SQLITE_HEADER.subarray(0, head.length).equals(head)) {
      throw new MapProblem("partial", `sessions map ${this.path} is being written (partial SQLite header)`);
    }
    this.format = "unknown";
    throw new MapProblem("unrecognised", `sessions map ${this.path} is neither a SQLite database nor JSON`);
  }

  private openDb(): void {
    try {
      const db = new Database(this.path, { readonly: true, fileMustExist: true, timeout: 0 });
      this.db = db;
      this.dataVersion = db.prepare("PRAGMA data_version").pluck();
      this.selectAll = null; // prepared lazily: the table may not exist yet
      this.lastDataVersion = null;
    } catch (e) {
      this.closeDb();
      throw sqliteProblem(e, this.path);
    }
  }

  private closeDb(): void {
    this.dataVersion = null;
    this.selectAll = null;
    this.lastDataVersion = null;
    if (this.db) {
      try {
        this.db.close();
      } catch {
        // ignore: closing a broken handle
      }
      this.db = null;
    }
  }

  private checkSqlite(force: boolean): CheckResult {
    const db = this.db!;
    try {
      const version = this.dataVersion!.get() as number;
      if (!force && version === this.lastDataVersion && this.problem === null) return "done";
      const started = performance.now();
      if (this.selectAll === null) {
        const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gxitproxy'").get();
        if (exists === undefined) {
          // Galaxy creates the table on its first save.
          this.lastDataVersion = version;
          this.setLoaded("sqlite", RouteTable.EMPTY, performance.now() - started);
          return "done";
        }
        this.selectAll = db.prepare("SELECT key, key_type, token, host, port, info FROM gxitproxy").raw(true);
      }
      const table = new RouteTable();
      for (const r of this.selectAll.iterate() as IterableIterator<unknown[]>) {
        table.addRow({ key: r[0], key_type: r[1], token: r[2], host: r[3], port: r[4], info: r[5] });
      }
      this.lastDataVersion = version;
      this.setLoaded("sqlite", table, performance.now() - started);
      return "done";
    } catch (e) {
      const code = (e as { code?: string }).code ?? "";
      if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "busy";
      if (code === "SQLITE_SCHEMA") {
        this.selectAll = null;
        return "busy";
      }
      throw sqliteProblem(e, this.path);
    }
  }

  private checkJson(st: Stats, force: boolean): CheckResult {
    const signature = `${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    if (!force && signature === this.jsonSignature && this.problem === null) return "done";
    const started = performance.now();
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(this.path, "utf8"));
    } catch (e) {
      this.format = "json";
      throw new MapProblem("json", `sessions map ${this.path} is not valid JSON (${(e as Error).message}); keeping the last good routes`);
    }
    const table = new RouteTable();
    if (Array.isArray(doc)) {
      for (const row of doc) if (row && typeof row === "object") table.addRow(row as RawRow);
    } else if (doc && typeof doc === "object") {
      for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
        if (!value || typeof value !== "object") continue;
        const v = value as Record<string, unknown>;
        let info: unknown = v["info"];
        if (info === undefined && ("requires_path_in_url" in v || "requires_path_in_header_named" in v)) {
          info = { requires_path_in_url: v["requires_path_in_url"], requires_path_in_header_named: v["requires_path_in_header_named"] };
        }
        table.addRow({ key, key_type: v["key_type"], token: v["token"], host: v["host"], port: v["port"], info });
      }
    } else {
      throw new MapProblem("json-shape", `sessions map ${this.path} must be a JSON object keyed by session key`);
    }
    this.jsonSignature = signature;
    this.setLoaded("json", table, performance.now() - started);
    return "done";
  }

  private setLoaded(format: MapFormat, table: RouteTable, ms: number): void {
    const previous = this.tableRef.size;
    this.format = format;
    this.tableRef = table;
    this.state = "ok";
    this.loads++;
    this.lastLoadAt = new Date();
    this.lastLoadMs = Math.round(ms * 100) / 100;
    if (this.problem !== null) {
      this.log.info("sessions map readable again", { sessions: table.size, format });
      this.problem = null;
    }
    if (table.skipped.length > 0) {
      const first = table.skipped[0]!;
      const report = `${table.skipped.length}:${first.key}:${first.reason}`;
      if (report !== this.lastSkippedReport) {
        this.log.warn("sessions map rows skipped because they cannot be routed", {
          skipped: table.skipped.length,
          first_key: first.key,
          reason: first.reason,
        });
        this.lastSkippedReport = report;
      }
    } else this.lastSkippedReport = "";
    this.log.debug("sessions map loaded", { format, sessions: table.size, previous, ms: this.lastLoadMs });
  }

  private reportProblem(p: MapProblem): void {
    this.state = p.kind;
    if (this.problem === p.kind) return;
    const first = this.problem === null;
    this.problem = p.kind;
    // Logged once per incident (until the map is readable again); how the
    // failure changes shape meanwhile (corrupt → unrecognised → partial…) only with --verbose.
    if (first) this.log.warn(p.message, { kind: p.kind, kept_sessions: this.tableRef.size });
    else this.log.debug(p.message, { kind: p.kind, kept_sessions: this.tableRef.size });
  }

  private armWatchers(): void {
    if (this.stopped) return;
    if (this.dirWatcher === null) {
      try {
        const journal = new Set([this.base, `${this.base}-journal`, `${this.base}-wal`, `${this.base}-shm`]);
        const w = watch(this.dir, { persistent: false }, (_event, filename) => {
          if (filename === null || journal.has(String(filename))) this.schedule();
        });
        w.on("error", () => {
          w.close();
          if (this.dirWatcher === w) this.dirWatcher = null;
        });
        this.dirWatcher = w;
      } catch {
        // directory missing or not watchable: the fallback poll covers it
      }
    }
    if (this.fileIdentity !== null && this.fileWatcherIdentity !== this.fileIdentity) {
      this.fileWatcher?.close();
      this.fileWatcher = null;
      this.fileWatcherIdentity = null;
      try {
        const w = watch(this.path, { persistent: false }, () => this.schedule());
        w.on("error", () => {
          w.close();
          if (this.fileWatcher === w) {
            this.fileWatcher = null;
            this.fileWatcherIdentity = null;
          }
        });
        this.fileWatcher = w;
        this.fileWatcherIdentity = this.fileIdentity;
      } catch {
        // file vanished between stat and watch: the directory watch sees it return
      }
    }
  }
}

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(n);
    const read = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function sqliteProblem(e: unknown, path: string): MapProblem {
  const code = (e as { code?: string }).code ?? "ERROR";
  const msg = (e as Error)?.message ?? String(e);
  const kind = code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB" ? "corrupt" : code.toLowerCase();
  return new MapProblem(kind, `cannot read sessions map ${path}: ${msg} (${code}); keeping the last good routes`);
}
