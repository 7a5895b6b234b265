import { isPostgresUrl } from "./postgres-url.js";
import { RouteTable } from "./routes.js";
/** Table, state, counters and fault logging shared by every source. */
export class MapSourceBase {
    label;
    log;
    tableRef = RouteTable.EMPTY;
    format = "missing";
    state = "ok";
    loads = 0;
    incrementalLoads = 0;
    lastLoadAt = null;
    lastLoadMs = null;
    problem = null;
    lastSkippedReport = "";
    constructor(label, log) {
        this.label = label;
        this.log = log;
    }
    get table() {
        return this.tableRef;
    }
    watchMode() {
        return undefined;
    }
    status() {
        const s = {
            path: this.label,
            format: this.format,
            state: this.state,
            sessions: this.tableRef.size,
            loads: this.loads,
            incremental: this.incrementalLoads,
            lastLoadAt: this.lastLoadAt ? this.lastLoadAt.toISOString() : null,
            lastLoadMs: this.lastLoadMs,
        };
        const watch = this.watchMode();
        if (watch !== undefined)
            s.watch = watch;
        return s;
    }
    /** A successful read: applies the rows that changed (possibly none). */
    loaded(format, changes, how) {
        const previous = this.tableRef.size;
        const table = changes.removes.length === 0 && changes.upserts.length === 0 ? this.tableRef : this.tableRef.withChanges(changes.removes, changes.upserts);
        this.tableRef = table;
        this.format = format;
        this.state = "ok";
        this.loads++;
        if (how.incremental)
            this.incrementalLoads++;
        this.lastLoadAt = new Date();
        this.lastLoadMs = Math.round(how.ms * 100) / 100;
        if (this.problem !== null) {
            this.log.info("sessions map readable again", { sessions: table.size, format });
            this.problem = null;
        }
        this.reportSkipped(table);
        this.log.debug("sessions map loaded", {
            format,
            sessions: table.size,
            previous,
            changed: changes.removes.length + changes.upserts.length,
            incremental: how.incremental || undefined,
            ms: this.lastLoadMs,
        });
    }
    reportSkipped(table) {
        if (table.skipped.length === 0) {
            this.lastSkippedReport = "";
            return;
        }
        const first = table.skipped[0];
        const report = `${table.skipped.length}:${first.key}:${first.reason}`;
        if (report === this.lastSkippedReport)
            return;
        this.lastSkippedReport = report;
        if (table.skipped.length === 1)
            this.log.warn("sessions map row skipped because it cannot be routed", { key: first.key, reason: first.reason });
        else
            this.log.warn("sessions map rows skipped because they cannot be routed", { skipped: table.skipped.length, first_key: first.key, reason: first.reason });
    }
    /**
     * The map is there but holds nothing to read (missing, 0 bytes): fine while
     * no routes are held (Galaxy creates the map lazily); a fault otherwise.
     */
    nothingToRead(format) {
        if (this.tableRef.size > 0) {
            const what = format === "missing" ? "disappeared" : "is empty (0 bytes: truncated?)";
            this.reportProblem(format === "missing" ? "vanished" : "truncated", `sessions map ${this.label} ${what}; keeping the last ${this.tableRef.size} routes`);
            return;
        }
        if (this.format !== format || this.loads === 0 || this.problem !== null) {
            this.loaded(format, { removes: [], upserts: [] }, { incremental: false, ms: 0 });
        }
    }
    /** Logged once per incident (until the map is readable again); later changes of shape only with --verbose. */
    reportProblem(kind, message) {
        this.state = kind;
        if (this.problem === kind)
            return;
        const first = this.problem === null;
        this.problem = kind;
        if (first)
            this.log.warn(message, { kind, kept_sessions: this.tableRef.size });
        else
            this.log.debug(message, { kind, kept_sessions: this.tableRef.size });
    }
}
/**
 * `--sessions` value → source: a PostgreSQL URL, else a file (SQLite or JSON,
 * told apart by content). Imported lazily: the sources extend MapSourceBase,
 * and node-postgres is loaded only for a PostgreSQL map.
 */
export async function openSessionsMap(spec, log, options) {
    if (isPostgresUrl(spec)) {
        const { PostgresMapSource } = await import("./postgres-source.js");
        return new PostgresMapSource(spec, log, options);
    }
    const { FileMapSource } = await import("./file-source.js");
    return new FileMapSource(spec, log, options);
}
