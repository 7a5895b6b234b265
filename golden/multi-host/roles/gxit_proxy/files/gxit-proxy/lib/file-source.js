// A sessions map in a file: Galaxy's SQLite map (interactivetools_map) or a
// JSON file. This side only notices changes and applies what the reader in
// the worker thread (map-worker.ts) posts.
//
// Galaxy writes the SQLite map with the default rollback journal: each save
// creates, writes and deletes `<map>-journal` next to the map. We watch the
// map and its directory (so the journal and `-wal` files are seen too) and
// ask the worker to check on every event; bursts of events become one check.
// A slow fallback poll covers file systems without change events (NFS).
import { existsSync, statSync, watch } from "node:fs";
import { basename, dirname } from "node:path";
import { Worker } from "node:worker_threads";
import { MapSourceBase } from "./sessions-map.js";
const RECONCILE_AFTER_MS = 1000;
const WORKER_RESTART_MS = 1000;
/** start() waits at most this long for the first read (a writer may hold the map locked). */
const FIRST_READ_WAIT_MS = 6000;
export class FileMapSource extends MapSourceBase {
    path;
    options;
    worker = null;
    dirWatcher = null;
    fileWatcher = null;
    fileWatcherIdentity = null;
    pollTimer = null;
    restartTimer = null;
    checkScheduled = false;
    stopped = false;
    firstOutcome = null;
    base;
    dir;
    reconcileAfterMs;
    constructor(path, log, options) {
        super(path, log);
        this.path = path;
        this.options = options;
        this.base = basename(path);
        this.dir = dirname(path);
        this.reconcileAfterMs = options.reconcileAfterMs ?? RECONCILE_AFTER_MS;
    }
    async start() {
        this.log.info(`Watching path ${this.path}`, { sessions: this.path });
        if (!existsSync(this.dir)) {
            this.log.warn(`the directory of the sessions map does not exist (yet): ${this.dir}; polling for it`, { poll_ms: this.options.pollMs });
        }
        const first = new Promise((resolve) => {
            const timer = setTimeout(resolve, FIRST_READ_WAIT_MS);
            timer.unref();
            this.firstOutcome = () => {
                clearTimeout(timer);
                resolve();
            };
        });
        this.startWorker();
        this.send({ type: "check", force: true });
        this.armWatchers();
        if (this.options.pollMs > 0) {
            this.pollTimer = setInterval(() => this.schedule(), this.options.pollMs);
            this.pollTimer.unref();
        }
        await first;
    }
    reload() {
        this.send({ type: "check", force: true });
    }
    async stop() {
        this.stopped = true;
        if (this.pollTimer)
            clearInterval(this.pollTimer);
        if (this.restartTimer)
            clearTimeout(this.restartTimer);
        this.pollTimer = this.restartTimer = null;
        this.dirWatcher?.close();
        this.fileWatcher?.close();
        this.dirWatcher = this.fileWatcher = null;
        const w = this.worker;
        this.worker = null;
        if (w)
            await w.terminate();
    }
    startWorker() {
        const cfg = { path: this.path, reconcileAfterMs: this.reconcileAfterMs };
        const w = new Worker(new URL("./map-worker.js", import.meta.url), { workerData: { gxitMapWorker: cfg } });
        w.unref();
        w.on("message", (o) => this.onOutcome(o));
        w.on("error", (e) => {
            // The reader failed in a way it did not catch: keep the routes, start a new one.
            this.log.error("sessions map reader failed; keeping the last good routes and restarting it", { error: String(e) });
            if (this.worker === w)
                this.worker = null;
            if (!this.stopped && this.restartTimer === null) {
                this.restartTimer = setTimeout(() => {
                    this.restartTimer = null;
                    if (this.stopped)
                        return;
                    this.startWorker();
                    this.send({ type: "check", force: true });
                }, WORKER_RESTART_MS);
                this.restartTimer.unref();
            }
        });
        this.worker = w;
    }
    send(m) {
        this.worker?.postMessage(m);
    }
    onOutcome(o) {
        if (this.stopped)
            return;
        switch (o.type) {
            case "loaded":
                this.loaded(o.format, o.changes, { incremental: o.incremental, ms: o.ms });
                break;
            case "missing":
            case "empty":
                this.nothingToRead(o.type);
                break;
            case "problem":
                if (o.kind === "unrecognised")
                    this.format = "unknown";
                this.reportProblem(o.kind, o.message);
                break;
        }
        this.armWatchers();
        const done = this.firstOutcome;
        this.firstOutcome = null;
        done?.();
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
            this.send({ type: "check", force: false });
        });
    }
    armWatchers() {
        if (this.stopped)
            return;
        if (this.dirWatcher === null) {
            try {
                const names = new Set([this.base, `${this.base}-journal`, `${this.base}-wal`, `${this.base}-shm`]);
                const w = watch(this.dir, { persistent: false }, (_event, filename) => {
                    if (filename === null || names.has(String(filename)))
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
        // The file itself, for writes in place that some file systems report only on the file.
        // A replaced file (rename) needs a new watch.
        const st = statSync(this.path, { throwIfNoEntry: false });
        const identity = st ? `${st.dev}:${st.ino}` : null;
        if (identity !== null && (identity !== this.fileWatcherIdentity || this.fileWatcher === null)) {
            this.fileWatcher?.close();
            this.fileWatcher = null;
            this.fileWatcherIdentity = identity;
            try {
                const w = watch(this.path, { persistent: false }, () => this.schedule());
                w.on("error", () => {
                    w.close();
                    if (this.fileWatcher === w)
                        this.fileWatcher = null;
                });
                this.fileWatcher = w;
            }
            catch {
                // file vanished between the stat and the watch: the directory watch sees it return
            }
        }
    }
}
