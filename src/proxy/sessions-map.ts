// The sessions map as seen by the proxy: a source (Galaxy's SQLite file, a
// JSON file, or PostgreSQL) that keeps one immutable RouteTable current.
//
// Every source has the same life cycle (async start, status, reload, stop)
// and the same rules: a change arrives as the rows that changed and becomes a
// new table that shares everything else with the old one (routes.ts), so no
// change, however big the map, re-reads the map on the event loop; a map
// that cannot be read, vanishes, or turns up empty while it held routes is a
// fault that keeps the last good routes, logged once when it starts and once
// when it ends.
import type { Logger } from "./log.js";
import type { RowChanges } from "./map-rows.js";
import { isPostgresUrl } from "./postgres-url.js";
import { RouteTable } from "./routes.js";

export type MapFormat = "missing" | "empty" | "sqlite" | "json" | "postgresql" | "unknown";

export interface MapStatus {
  /** the file, or the database URL without its password */
  path: string;
  format: MapFormat;
  /** "ok" when the map was last read fine; otherwise what went wrong (routes are the last good ones). */
  state: string;
  sessions: number;
  loads: number;
  /** how many of those loads applied only the rows that changed */
  incremental: number;
  lastLoadAt: string | null;
  lastLoadMs: number | null;
  /** how changes are noticed (PostgreSQL: "notify" or "poll") */
  watch?: string;
}

/** What the proxy needs of a sessions map. */
export interface SessionsMap {
  /** The current routes; a new object after each change, never mutated. */
  readonly table: RouteTable;
  /** Reads the map once (a missing or unreachable map is not an error) and starts watching it. */
  start(): Promise<void>;
  status(): MapStatus;
  /** SIGHUP: re-read everything even if nothing seems to have changed. */
  reload(): void;
  stop(): Promise<void>;
}

export interface MapSourceOptions {
  /** --pollingInterval: the fallback poll (files) or the poll (PostgreSQL), ms; 0 disables */
  pollMs: number;
  /** a full re-read this long after incremental changes (files), ms */
  reconcileAfterMs?: number;
  /** --createTrigger (PostgreSQL) */
  createTrigger?: boolean;
}

/** Table, state, counters and fault logging shared by every source. */
export abstract class MapSourceBase implements SessionsMap {
  private tableRef: RouteTable = RouteTable.EMPTY;
  protected format: MapFormat = "missing";
  private state = "ok";
  private loads = 0;
  private incrementalLoads = 0;
  private lastLoadAt: Date | null = null;
  private lastLoadMs: number | null = null;
  private problem: string | null = null;
  private lastSkippedReport = "";

  constructor(
    readonly label: string,
    protected readonly log: Logger,
  ) {}

  get table(): RouteTable {
    return this.tableRef;
  }

  abstract start(): Promise<void>;
  abstract reload(): void;
  abstract stop(): Promise<void>;

  protected watchMode(): string | undefined {
    return undefined;
  }

  status(): MapStatus {
    const s: MapStatus = {
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
    if (watch !== undefined) s.watch = watch;
    return s;
  }

  /** A successful read: applies the rows that changed (possibly none). */
  protected loaded(format: MapFormat, changes: RowChanges, how: { incremental: boolean; ms: number }): void {
    const previous = this.tableRef.size;
    const table = changes.removes.length === 0 && changes.upserts.length === 0 ? this.tableRef : this.tableRef.withChanges(changes.removes, changes.upserts);
    this.tableRef = table;
    this.format = format;
    this.state = "ok";
    this.loads++;
    if (how.incremental) this.incrementalLoads++;
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

  private reportSkipped(table: RouteTable): void {
    if (table.skipped.length === 0) {
      this.lastSkippedReport = "";
      return;
    }
    const first = table.skipped[0]!;
    const report = `${table.skipped.length}:${first.key}:${first.reason}`;
    if (report === this.lastSkippedReport) return;
    this.lastSkippedReport = report;
    if (table.skipped.length === 1) this.log.warn("sessions map row skipped because it cannot be routed", { key: first.key, reason: first.reason });
    else this.log.warn("sessions map rows skipped because they cannot be routed", { skipped: table.skipped.length, first_key: first.key, reason: first.reason });
  }

  /**
   * The map is there but holds nothing to read (missing, 0 bytes): fine while
   * no routes are held (Galaxy creates the map lazily); a fault otherwise.
   */
  protected nothingToRead(format: "missing" | "empty"): void {
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
  protected reportProblem(kind: string, message: string): void {
    this.state = kind;
    if (this.problem === kind) return;
    const first = this.problem === null;
    this.problem = kind;
    if (first) this.log.warn(message, { kind, kept_sessions: this.tableRef.size });
    else this.log.debug(message, { kind, kept_sessions: this.tableRef.size });
  }
}

/**
 * `--sessions` value → source: a PostgreSQL URL, else a file (SQLite or JSON,
 * told apart by content). Imported lazily: the sources extend MapSourceBase,
 * and node-postgres is loaded only for a PostgreSQL map.
 */
export async function openSessionsMap(spec: string, log: Logger, options: MapSourceOptions): Promise<SessionsMap> {
  if (isPostgresUrl(spec)) {
    const { PostgresMapSource } = await import("./postgres-source.js");
    return new PostgresMapSource(spec, log, options);
  }
  const { FileMapSource } = await import("./file-source.js");
  return new FileMapSource(spec, log, options);
}
