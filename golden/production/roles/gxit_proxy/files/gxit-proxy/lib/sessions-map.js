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
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, watch } from "node:fs";
import { basename, dirname } from "node:path";
import { GALAXY_KEY_TYPE, RouteTable, flagsFromInfo } from "./routes.js";
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");
const BUSY_RETRY_MS = [1, 1, 2, 2, 4, 8, 16, 32, 64, 100];
/** Below this many rows a full re-read takes well under a millisecond. */
const INCREMENTAL_MIN_ROWS = 2000;
const TOP_ROWS_VERIFIED = 8;
const RECONCILE_AFTER_MS = 1000;
class MapProblem extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
export class SessionsMap {
    path;
    log;
    fallbackPollMs;
    tableRef = RouteTable.EMPTY;
    format = "missing";
    state = "ok";
    loads = 0;
    incrementalLoads = 0;
    lastLoadAt = null;
    lastLoadMs = null;
    db = null;
    dataVersion = null;
    selectAll = null;
    selectRowids = null;
    selectTop = null;
    selectAfter = null;
    selectStats = null;
    rowidOf = new Map();
    maxRowid = 0;
    /** rowid → its route (null: row skipped); null when rowids are not usable. */
    byRowid = null;
    reconcileTimer = null;
    lastDataVersion = null;
    fileIdentity = null;
    jsonSignature = null;
    dirWatcher = null;
    fileWatcher = null;
    fileWatcherIdentity = null;
    pollTimer = null;
    checkScheduled = false;
    retryTimer = null;
    busyAttempt = 0;
    busySince = null;
    forceNext = false;
    problem = null;
    lastSkippedReport = "";
    stopped = false;
    base;
    dir;
    reconcileAfterMs;
    constructor(path, log, fallbackPollMs, tuning = {}) {
        this.path = path;
        this.log = log;
        this.fallbackPollMs = fallbackPollMs;
        this.reconcileAfterMs = tuning.reconcileAfterMs ?? RECONCILE_AFTER_MS;
        this.base = basename(path);
        this.dir = dirname(path);
    }
    get table() {
        return this.tableRef;
    }
    status() {
        return {
            path: this.path,
            format: this.format,
            state: this.state,
            sessions: this.tableRef.size,
            loads: this.loads,
            incremental: this.incrementalLoads,
            lastLoadAt: this.lastLoadAt ? this.lastLoadAt.toISOString() : null,
            lastLoadMs: this.lastLoadMs,
        };
    }
    /** Loads the map synchronously (a missing file is fine) and starts watching. */
    start() {
        this.log.info(`Watching path ${this.path}`, { sessions: this.path });
        if (!existsSync(this.dir)) {
            this.log.warn(`the directory of the sessions map does not exist (yet): ${this.dir}; polling for it`, { poll_ms: this.fallbackPollMs });
        }
        this.runCheck(false);
        this.armWatchers();
        if (this.fallbackPollMs > 0) {
            this.pollTimer = setInterval(() => this.schedule(), this.fallbackPollMs);
            this.pollTimer.unref();
        }
    }
    /** SIGHUP: reopen the file and re-read it even if nothing seems to have changed. */
    reload() {
        this.closeDb();
        this.jsonSignature = null;
        this.forceNext = true;
        this.schedule();
    }
    stop() {
        this.stopped = true;
        if (this.pollTimer)
            clearInterval(this.pollTimer);
        if (this.retryTimer)
            clearTimeout(this.retryTimer);
        if (this.reconcileTimer)
            clearTimeout(this.reconcileTimer);
        this.pollTimer = this.retryTimer = this.reconcileTimer = null;
        this.dirWatcher?.close();
        this.fileWatcher?.close();
        this.dirWatcher = this.fileWatcher = null;
        this.closeDb();
    }
    /** Coalesces bursts of events (journal create, write, delete) into one check. */
    schedule() {
        if (this.checkScheduled || this.stopped)
            return;
        this.checkScheduled = true;
        setImmediate(() => {
            this.checkScheduled = false;
            if (this.stopped)
                return;
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
    runCheck(force) {
        let result;
        try {
            result = this.check(force);
        }
        catch (e) {
            result = "done";
            const p = e instanceof MapProblem ? e : new MapProblem("unexpected", String(e?.message ?? e));
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
            const delay = BUSY_RETRY_MS[Math.min(this.busyAttempt, BUSY_RETRY_MS.length - 1)];
            this.busyAttempt++;
            if (force)
                this.forceNext = true;
            this.retryTimer = setTimeout(() => {
                this.retryTimer = null;
                this.schedule();
            }, delay);
            this.retryTimer.unref();
        }
        else {
            this.busyAttempt = 0;
            this.busySince = null;
        }
    }
    check(force) {
        const st = statSync(this.path, { throwIfNoEntry: false });
        if (st === undefined) {
            this.closeDb();
            this.jsonSignature = null;
            this.fileIdentity = null;
            if (this.tableRef.size > 0) {
                throw new MapProblem("vanished", `sessions map ${this.path} disappeared; keeping the last ${this.tableRef.size} routes`);
            }
            if (this.format !== "missing" || this.loads === 0)
                this.setLoaded("missing", new RouteTable(), 0);
            return "done";
        }
        if (!st.isFile())
            throw new MapProblem("not-a-file", `sessions map ${this.path} is not a regular file`);
        const identity = `${st.dev}:${st.ino}`;
        if (identity !== this.fileIdentity) {
            this.closeDb();
            this.jsonSignature = null;
            this.fileIdentity = identity;
        }
        if (this.db)
            return this.checkSqlite(force);
        if (st.size === 0) {
            // Created but not written yet (SQLite creates the file before the header).
            this.jsonSignature = null;
            if (this.format !== "empty" || this.tableRef.size !== 0)
                this.setLoaded("empty", new RouteTable(), 0);
            return "done";
        }
        const head = readHead(this.path, 16);
        if (head.length === 16 && head.equals(SQLITE_HEADER)) {
            this.openDb();
            return this.checkSqlite(true);
        }
        const first = head.toString("utf8").trimStart()[0];
        if (first === "{" || first === "[")
            return this.checkJson(st, force);
        if (head.length < 16 && SQLITE_HEADER.subarray(0, head.length).equals(head)) {
            throw new MapProblem("partial", `sessions map ${this.path} is being written (partial SQLite header)`);
        }
        this.format = "unknown";
        throw new MapProblem("unrecognised", `sessions map ${this.path} is neither a SQLite database nor JSON`);
    }
    openDb() {
        try {
            const db = new Database(this.path, { readonly: true, fileMustExist: true, timeout: 0 });
            this.db = db;
            this.dataVersion = db.prepare("PRAGMA data_version").pluck();
            this.selectAll = null; // prepared lazily: the table may not exist yet
            this.lastDataVersion = null;
        }
        catch (e) {
            this.closeDb();
            throw sqliteProblem(e, this.path);
        }
    }
    closeDb() {
        this.dataVersion = null;
        this.selectAll = this.selectRowids = this.selectTop = this.selectAfter = this.selectStats = null;
        this.rowidOf = new Map();
        this.byRowid = null;
        this.lastDataVersion = null;
        if (this.db) {
            try {
                this.db.close();
            }
            catch {
                // ignore: closing a broken handle
            }
            this.db = null;
        }
    }
    checkSqlite(force) {
        const db = this.db;
        try {
            const version = this.dataVersion.get();
            if (!force && version === this.lastDataVersion && this.problem === null)
                return "done";
            const started = performance.now();
            if (this.selectAll === null) {
                const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gxitproxy'").get();
                if (exists === undefined) {
                    // Galaxy creates the table on its first save.
                    this.lastDataVersion = version;
                    this.byRowid = null;
                    this.setLoaded("sqlite", new RouteTable(), performance.now() - started);
                    return "done";
                }
                this.prepareSelects(db);
            }
            if (!force && this.byRowid !== null && this.byRowid.size >= INCREMENTAL_MIN_ROWS && this.problem === null && this.applyDelta()) {
                this.lastDataVersion = version;
                this.loadedIncrementally(performance.now() - started);
                this.scheduleReconcile();
                return "done";
            }
            const table = new RouteTable();
            const byRowid = this.selectRowids ? new Map() : null;
            const rowidOf = new Map();
            let maxRowid = 0;
            for (const r of this.selectAll.iterate()) {
                if (byRowid) {
                    const id = r[0];
                    const route = table.addRow({ key: r[1], key_type: r[2], token: r[3], host: r[4], port: r[5], info: r[6] });
                    byRowid.set(id, route ?? null);
                    if (route)
                        rowidOf.set(route, id);
                    if (id > maxRowid)
                        maxRowid = id;
                }
                else
                    table.addRow({ key: r[0], key_type: r[1], token: r[2], host: r[3], port: r[4], info: r[5] });
            }
            this.byRowid = byRowid;
            this.rowidOf = rowidOf;
            this.maxRowid = maxRowid;
            this.lastDataVersion = version;
            this.setLoaded("sqlite", table, performance.now() - started);
            return "done";
        }
        catch (e) {
            const code = e.code ?? "";
            if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
                return "busy";
            if (code === "SQLITE_SCHEMA") {
                this.selectAll = null;
                return "busy";
            }
            throw sqliteProblem(e, this.path);
        }
    }
    prepareSelects(db) {
        const cols = "key, key_type, token, host, port, info";
        try {
            this.selectAll = db.prepare(`SELECT rowid, ${cols} FROM gxitproxy`).raw(true);
            this.selectRowids = db.prepare("SELECT rowid FROM gxitproxy").pluck(true);
            this.selectTop = db.prepare(`SELECT rowid, ${cols} FROM gxitproxy ORDER BY rowid DESC LIMIT ${TOP_ROWS_VERIFIED}`).raw(true);
            this.selectAfter = db.prepare(`SELECT rowid, ${cols} FROM gxitproxy WHERE rowid > ? ORDER BY rowid LIMIT 257`).raw(true);
            this.selectStats = db.prepare("SELECT max(rowid), count(*) FROM gxitproxy").raw(true);
        }
        catch {
            // A WITHOUT ROWID table (not what Galaxy or gx-it-proxy create): full reloads only.
            this.selectAll = db.prepare(`SELECT ${cols} FROM gxitproxy`).raw(true);
            this.selectRowids = this.selectTop = this.selectAfter = this.selectStats = null;
        }
    }
    /**
     * Incremental update for big maps, exact for the way Galaxy writes: rows
     * are never updated in place, a save is DELETE then INSERT of one
     * (key, key_type), a removal is a DELETE. New rows are those above the
     * highest known rowid plus the top few rows (SQLite hands a deleted rowid
     * out again only at the top of the table), re-read and compared. A new row
     * for a (key, key_type) we know implies that the old row was deleted (it is
     * the primary key). If `count(*)` then shows other deletions, the rowid
     * lists are compared. Anything else (an UPDATE by hand) is caught by the
     * full reconcile that follows changes shortly after.
     * All reads happen before the first mutation, so a failure changes nothing.
     * Returns false when a full reload is the better choice.
     */
    applyDelta() {
        const byRowid = this.byRowid;
        const [, count] = this.selectStats.get();
        const fetched = new Map();
        for (const row of this.selectAfter.all(this.maxRowid))
            fetched.set(row[0], row);
        if (fetched.size > 256)
            return false;
        for (const row of this.selectTop.all())
            fetched.set(row[0], row);
        // Which fetched rows are new or changed, and which known rows they displace.
        const changed = [];
        const removed = new Set();
        let added = 0;
        for (const [id, r] of fetched) {
            const old = byRowid.get(id);
            if (old && old.key === r[1] && old.keyType === r[2] && old.token === r[3] && old.host === r[4] && old.port === r[5] && sameInfo(old, r[6]))
                continue;
            if (old === undefined)
                added++;
            changed.push(r);
            const key = r[1];
            const keyType = typeof r[2] === "string" && r[2] !== "" ? r[2] : GALAXY_KEY_TYPE;
            if (typeof key === "string") {
                const displaced = this.tableRef.exact(key, keyType);
                const displacedId = displaced ? this.rowidOf.get(displaced) : undefined;
                if (displacedId !== undefined && displacedId !== id)
                    removed.add(displacedId);
            }
        }
        const gone = () => {
            let n = 0;
            for (const id of removed)
                if (!fetched.has(id))
                    n++;
            return n;
        };
        if (count !== byRowid.size + added - gone()) {
            // Other deletions happened (Galaxy's remove()): find them by rowid.
            const current = new Set(this.selectRowids.all());
            for (const id of byRowid.keys())
                if (!current.has(id))
                    removed.add(id);
            if (current.size !== byRowid.size + added - gone())
                return false;
        }
        const table = this.tableRef;
        for (const id of removed) {
            if (fetched.has(id))
                continue;
            const old = byRowid.get(id);
            if (old) {
                table.remove(old);
                this.rowidOf.delete(old);
            }
            byRowid.delete(id);
        }
        const skippedBefore = table.skipped.length;
        for (const r of changed) {
            const id = r[0];
            const old = byRowid.get(id);
            if (old) {
                table.remove(old);
                this.rowidOf.delete(old);
            }
            const route = table.addRow({ key: r[1], key_type: r[2], token: r[3], host: r[4], port: r[5], info: r[6] });
            byRowid.set(id, route ?? null);
            if (route)
                this.rowidOf.set(route, id);
            if (id > this.maxRowid)
                this.maxRowid = id;
        }
        if (table.skipped.length > skippedBefore) {
            const s = table.skipped[table.skipped.length - 1];
            this.log.warn("sessions map row skipped because it cannot be routed", { key: s.key, reason: s.reason });
        }
        return true;
    }
    loadedIncrementally(ms) {
        this.loads++;
        this.incrementalLoads++;
        this.lastLoadAt = new Date();
        this.lastLoadMs = Math.round(ms * 100) / 100;
        this.log.debug("sessions map updated", { format: "sqlite", sessions: this.tableRef.size, ms: this.lastLoadMs, incremental: true });
    }
    /** A full re-read shortly after incremental updates, so that any writer pattern converges. */
    scheduleReconcile() {
        if (this.reconcileTimer !== null || this.stopped)
            return;
        this.reconcileTimer = setTimeout(() => {
            this.reconcileTimer = null;
            this.forceNext = true;
            this.schedule();
        }, this.reconcileAfterMs);
        this.reconcileTimer.unref();
    }
    checkJson(st, force) {
        const signature = `${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
        if (!force && signature === this.jsonSignature && this.problem === null)
            return "done";
        const started = performance.now();
        let doc;
        try {
            doc = JSON.parse(readFileSync(this.path, "utf8"));
        }
        catch (e) {
            this.format = "json";
            throw new MapProblem("json", `sessions map ${this.path} is not valid JSON (${e.message}); keeping the last good routes`);
        }
        const table = new RouteTable();
        if (Array.isArray(doc)) {
            for (const row of doc)
                if (row && typeof row === "object")
                    table.addRow(row);
        }
        else if (doc && typeof doc === "object") {
            for (const [key, value] of Object.entries(doc)) {
                if (!value || typeof value !== "object")
                    continue;
                const v = value;
                let info = v["info"];
                if (info === undefined && ("requires_path_in_url" in v || "requires_path_in_header_named" in v)) {
                    info = { requires_path_in_url: v["requires_path_in_url"], requires_path_in_header_named: v["requires_path_in_header_named"] };
                }
                table.addRow({ key, key_type: v["key_type"], token: v["token"], host: v["host"], port: v["port"], info });
            }
        }
        else {
            throw new MapProblem("json-shape", `sessions map ${this.path} must be a JSON object keyed by session key`);
        }
        this.jsonSignature = signature;
        this.setLoaded("json", table, performance.now() - started);
        return "done";
    }
    setLoaded(format, table, ms) {
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
            const first = table.skipped[0];
            const report = `${table.skipped.length}:${first.key}:${first.reason}`;
            if (report !== this.lastSkippedReport) {
                this.log.warn("sessions map rows skipped because they cannot be routed", {
                    skipped: table.skipped.length,
                    first_key: first.key,
                    reason: first.reason,
                });
                this.lastSkippedReport = report;
            }
        }
        else
            this.lastSkippedReport = "";
        this.log.debug("sessions map loaded", { format, sessions: table.size, previous, ms: this.lastLoadMs });
    }
    reportProblem(p) {
        this.state = p.kind;
        if (this.problem === p.kind)
            return;
        const first = this.problem === null;
        this.problem = p.kind;
        // Logged once per incident (until the map is readable again); how the
        // failure changes shape meanwhile (corrupt → unrecognised → partial…) only with --verbose.
        if (first)
            this.log.warn(p.message, { kind: p.kind, kept_sessions: this.tableRef.size });
        else
            this.log.debug(p.message, { kind: p.kind, kept_sessions: this.tableRef.size });
    }
    armWatchers() {
        if (this.stopped)
            return;
        if (this.dirWatcher === null) {
            try {
                const journal = new Set([this.base, `${this.base}-journal`, `${this.base}-wal`, `${this.base}-shm`]);
                const w = watch(this.dir, { persistent: false }, (_event, filename) => {
                    if (filename === null || journal.has(String(filename)))
                        this.schedule();
                });
                w.on("error", () => {
                    w.close();
                    if (this.dirWatcher === w)
                        this.dirWatcher = null;
                });
                this.dirWatcher = w;
            }
            catch {
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
            }
            catch {
                // file vanished between stat and watch: the directory watch sees it return
            }
        }
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
function sameInfo(route, info) {
    const flags = flagsFromInfo(info);
    return typeof flags !== "string" && flags.requiresPathInUrl === route.requiresPathInUrl && flags.requiresPathInHeaderNamed === route.requiresPathInHeaderNamed;
}
