// The worker thread that reads a file sessions map (file-source.ts starts
// it). Reading a 100,000-row map takes 0.4–1.7 s; here it never stalls the
// proxy. The worker keeps a RowSnapshot equal to the proxy's route table and
// posts only the rows that changed.
//
// Each check is cheap until something changed: `stat`, then the first 100
// bytes of the file (the SQLite header's change counter, incremented by every
// commit in rollback-journal mode) and the `-wal` file's size and mtime (WAL
// mode). Only then is the table read. With Galaxy's rollback journal the
// read-only connection stays open between reads (its page cache makes an
// incremental read of a 100,000-row map a few ms instead of ~60 ms cold); it
// holds no lock while idle. In WAL mode it is closed after each read, so that
// between reads the proxy holds nothing open: a writer can switch the journal
// mode back (`PRAGMA journal_mode=DELETE` needs to be the only connection).
//
// The format is recognised by content, never by name: the 16-byte SQLite
// header, else a JSON document. A locked map is retried within milliseconds;
// a SQLite file shorter than its header says (truncated) is retried while a
// writer's journal exists, else reported like a corrupt map.
import Database from "better-sqlite3";
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { JsonMapError, rowsFromJson } from "./json-reader.js";
import { RowSnapshot } from "./map-rows.js";
import { SqliteReader } from "./sqlite-reader.js";
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");
const BUSY_RETRY_MS = [1, 1, 2, 2, 4, 8, 16, 32, 64, 100];
const LOCKED_REPORT_AFTER_MS = 5000;
class MapProblem extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
class Busy extends Error {
    why;
    constructor(why) {
        super(why.message);
        this.why = why;
    }
}
export class FileMapReader {
    cfg;
    post;
    snapshot = new RowSnapshot();
    sqlite = new SqliteReader(this.snapshot);
    identity = null;
    signature = null;
    inProblem = false;
    busyAttempt = 0;
    busySince = null;
    retryTimer = null;
    reconcileTimer = null;
    pendingForce = false;
    stopped = false;
    db = null;
    lastFullReadMs = 0;
    lastChangeCounter = 0;
    lastSize = 0;
    constructor(cfg, post) {
        this.cfg = cfg;
        this.post = post;
    }
    stop() {
        this.stopped = true;
        this.closeDb();
        if (this.retryTimer)
            clearTimeout(this.retryTimer);
        if (this.reconcileTimer)
            clearTimeout(this.reconcileTimer);
    }
    /** One check; `force` reads everything even if nothing seems to have changed. */
    check(force) {
        if (this.stopped)
            return;
        if (this.retryTimer) {
            clearTimeout(this.retryTimer);
            this.retryTimer = null;
        }
        force ||= this.pendingForce;
        this.pendingForce = false;
        try {
            const outcome = this.read(force);
            this.busyAttempt = 0;
            this.busySince = null;
            if (outcome === null)
                return;
            this.inProblem = false;
            this.post(outcome);
        }
        catch (e) {
            if (e instanceof Busy)
                return this.retryLater(force, e.why);
            const p = e instanceof MapProblem ? e : new MapProblem("unexpected", String(e?.message ?? e));
            // Re-read from scratch next time: the file may have been rewritten in place.
            this.signature = null;
            this.closeDb();
            this.inProblem = true;
            this.post({ type: "problem", kind: p.kind, message: p.message });
        }
    }
    retryLater(force, why) {
        const now = Date.now();
        this.busySince ??= now;
        if (now - this.busySince > LOCKED_REPORT_AFTER_MS && !this.inProblem) {
            this.inProblem = true;
            this.post({ type: "problem", kind: why.kind, message: `${why.message} for over ${LOCKED_REPORT_AFTER_MS / 1000} s; keeping the last good routes` });
        }
        const delay = BUSY_RETRY_MS[Math.min(this.busyAttempt, BUSY_RETRY_MS.length - 1)];
        this.busyAttempt++;
        if (force)
            this.pendingForce = true;
        this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.check(false);
        }, delay);
    }
    /** null: nothing changed since the last outcome. */
    read(force) {
        const path = this.cfg.path;
        const st = statSync(path, { throwIfNoEntry: false, bigint: true });
        if (st === undefined) {
            this.closeDb();
            this.identity = this.signature = null;
            this.sqlite.reset();
            return { type: "missing" };
        }
        if (!st.isFile())
            throw new MapProblem("not-a-file", `sessions map ${path} is not a regular file; keeping the last good routes`);
        const identity = `${st.dev}:${st.ino}`;
        if (identity !== this.identity) {
            this.closeDb();
            this.identity = identity;
            this.signature = null;
            this.sqlite.reset();
        }
        const head = st.size === 0n ? Buffer.alloc(0) : readHead(path, 100);
        const stamp = `${identity}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
        if (head.length >= 16 && head.subarray(0, 16).equals(SQLITE_HEADER))
            return this.readSqlite(head, stamp, Number(st.size), force);
        // Whatever the file is now, it is not the database the open connection caches
        // (a database written anew into the same file may reuse its change counter).
        this.closeDb();
        if (st.size === 0n) {
            this.signature = null;
            return { type: "empty" };
        }
        const text = head.toString("utf8").trimStart();
        if (text.startsWith("{") || text.startsWith("["))
            return this.readJson(stamp, force);
        if (text === "" && head.length < 100 && readFileSync(path, "utf8").trim() === "") {
            this.signature = null;
            return { type: "empty" };
        }
        if (head.length < 16 && SQLITE_HEADER.subarray(0, head.length).equals(head)) {
            throw new Busy(new MapProblem("partial", `sessions map ${path} is being written (partial SQLite header)`));
        }
        throw new MapProblem("unrecognised", `sessions map ${path} is neither a SQLite database nor JSON; keeping the last good routes`);
    }
    readSqlite(head, stamp, size, force) {
        const path = this.cfg.path;
        if (head.length < 100)
            throw new Busy(new MapProblem("partial", `sessions map ${path} is being written (partial SQLite header)`));
        const changeCounter = head.readUInt32BE(24);
        // A counter that went back, or a file that shrank, means a new database in the same file
        // (Galaxy never shrinks the map: deleted pages go to the freelist): do not trust the connection's cache.
        if (changeCounter < this.lastChangeCounter || size < this.lastSize)
            this.closeDb();
        this.lastChangeCounter = changeCounter;
        this.lastSize = size;
        const wal = head[18] === 2 || head[19] === 2;
        const walStat = wal ? statSync(`${path}-wal`, { throwIfNoEntry: false, bigint: true }) : undefined;
        const signature = `sqlite:${stamp}:${changeCounter}:${walStat ? `${walStat.size}:${walStat.mtimeNs}` : "-"}`;
        if (!force && signature === this.signature && !this.inProblem)
            return null;
        const rawPageSize = head.readUInt16BE(16);
        const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
        const pages = head.readUInt32BE(28);
        const validFor = head.readUInt32BE(92);
        if (!wal && validFor === changeCounter && pages * pageSize > size) {
            const p = new MapProblem("truncated", `sessions map ${path} is truncated (${size} of ${pages * pageSize} bytes)`);
            if (existsSync(`${path}-journal`))
                throw new Busy(p); // a writer is mid-commit
            throw new MapProblem(p.kind, `${p.message}; keeping the last good routes`);
        }
        const started = performance.now();
        try {
            this.db ??= new Database(path, { readonly: true, fileMustExist: true, timeout: 0 });
            const { changes, incremental } = this.sqlite.read(this.db, force || this.inProblem);
            const ms = performance.now() - started;
            this.signature = signature;
            if (incremental)
                this.scheduleReconcile();
            else
                this.lastFullReadMs = ms;
            return { type: "loaded", format: "sqlite", changes, incremental, ms };
        }
        catch (e) {
            if (e instanceof MapProblem || e instanceof Busy)
                throw e;
            const code = e.code ?? "ERROR";
            if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED") || code === "SQLITE_SCHEMA") {
                throw new Busy(new MapProblem("locked", `sessions map ${path} has been locked by a writer`));
            }
            this.sqlite.reset();
            this.closeDb();
            throw sqliteProblem(e, path);
        }
        finally {
            if (wal)
                this.closeDb();
        }
    }
    closeDb() {
        if (this.db === null)
            return;
        try {
            this.db.close();
        }
        catch {
            // closing a broken handle
        }
        this.db = null;
    }
    readJson(stamp, force) {
        const signature = `json:${stamp}`;
        if (!force && signature === this.signature && !this.inProblem)
            return null;
        const started = performance.now();
        let rows;
        try {
            rows = rowsFromJson(readFileSync(this.cfg.path, "utf8"), this.cfg.path);
        }
        catch (e) {
            if (e instanceof JsonMapError)
                throw new MapProblem(e.kind, e.message);
            throw e;
        }
        this.sqlite.reset();
        const changes = this.snapshot.replaceAll(rows);
        this.signature = signature;
        return { type: "loaded", format: "json", changes, incremental: false, ms: performance.now() - started };
    }
    /**
     * A full re-read shortly after incremental updates, so that any writer
     * pattern converges. It waits at least ten times as long as the last full
     * read took, so that on a big map the reconcile uses at most ~10 % of a core.
     */
    scheduleReconcile() {
        if (this.reconcileTimer !== null || this.stopped)
            return;
        this.reconcileTimer = setTimeout(() => {
            this.reconcileTimer = null;
            this.check(true);
        }, Math.max(this.cfg.reconcileAfterMs, Math.round(10 * this.lastFullReadMs)));
    }
}
function readHead(path, n) {
    const fd = openSync(path, "r");
    try {
        const buf = Buffer.alloc(n);
        const read = readSync(fd, buf, 0, n, 0);
        return buf.subarray(0, read);
    }
    finally {
        closeSync(fd);
    }
}
function sqliteProblem(e, path) {
    const code = e.code ?? "ERROR";
    const msg = e?.message ?? String(e);
    const kind = code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB" ? "corrupt" : code.toLowerCase();
    return new MapProblem(kind, `cannot read sessions map ${path}: ${msg} (${code}); keeping the last good routes`);
}
if (parentPort !== null && workerData?.gxitMapWorker) {
    const port = parentPort;
    const reader = new FileMapReader(workerData.gxitMapWorker, (o) => port.postMessage(o));
    port.on("message", (m) => {
        if (m.type === "check")
            reader.check(m.force);
        else {
            reader.stop();
            port.close();
        }
    });
}
