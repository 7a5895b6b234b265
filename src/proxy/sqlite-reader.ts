// Reads Galaxy's SQLite sessions map (the `gxitproxy` table) into a
// RowSnapshot. Runs inside the map worker (map-worker.ts), never on the
// proxy's event loop.
//
// Galaxy (InteractiveToolPropagatorSQLAlchemy) writes each save as one
// transaction: CREATE TABLE if missing, DELETE the (key, key_type), INSERT,
// COMMIT; a removal is a DELETE. Rows are never updated in place. For big
// maps that allows an exact incremental read: new rows are those above the
// highest known rowid plus the top few rows (SQLite hands a deleted rowid
// out again only at the top of the table); other deletions show in
// count(*) and are found by comparing rowid lists. Anything else (an UPDATE
// by hand) is caught by the full re-read that follows changes shortly after.
import type Database from "better-sqlite3";
import { rowId, sameRow, type RowChanges, type RowSnapshot } from "./map-rows.js";
import type { RawRow } from "./routes.js";

/** Below this many rows a full read takes well under a millisecond. */
export const INCREMENTAL_MIN_ROWS = 2000;
const TOP_ROWS_VERIFIED = 8;
const COLS = "key, key_type, token, host, port, info";

type Tuple = [number, unknown, unknown, unknown, unknown, unknown, unknown];

function rowOf(t: Tuple): RawRow {
  return { key: t[1], key_type: t[2], token: t[3], host: t[4], port: t[5], info: t[6] };
}

export interface SqliteRead {
  changes: RowChanges;
  incremental: boolean;
}

export class SqliteReader {
  /** rowid → row; null when rowids are not usable (a WITHOUT ROWID table). */
  private byRowid: Map<number, RawRow> | null = null;
  private rowidOf = new Map<string, number>();
  private maxRowid = 0;

  constructor(private readonly snapshot: RowSnapshot) {}

  /** Forgets rowids (the file was replaced, or the snapshot came from elsewhere). */
  reset(): void {
    this.byRowid = null;
    this.rowidOf = new Map();
    this.maxRowid = 0;
  }

  /**
   * Reads the map through an open connection. `full` forces a full read. All
   * statements run in one read transaction, so they see one snapshot even
   * when a writer commits meanwhile.
   */
  read(db: Database.Database, full: boolean): SqliteRead {
    return db.transaction(() => this.readInSnapshot(db, full))();
  }

  private readInSnapshot(db: Database.Database, full: boolean): SqliteRead {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gxitproxy'").get();
    if (exists === undefined) {
      // Galaxy creates the table on its first save: an empty map.
      this.reset();
      return { changes: this.snapshot.replaceAll([]), incremental: false };
    }
    if (!full && this.byRowid !== null && this.byRowid.size >= INCREMENTAL_MIN_ROWS) {
      const delta = this.readDelta(db);
      if (delta) return { changes: delta, incremental: true };
    }
    return { changes: this.readAll(db), incremental: false };
  }

  private readAll(db: Database.Database): RowChanges {
    let tuples: Tuple[];
    try {
      tuples = db.prepare(`SELECT rowid, ${COLS} FROM gxitproxy`).raw(true).all() as Tuple[];
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_ERROR") throw e;
      // A WITHOUT ROWID table (not what Galaxy or gx-it-proxy create): full reads only.
      this.reset();
      const rows = db.prepare(`SELECT ${COLS} FROM gxitproxy`).all() as RawRow[];
      return this.snapshot.replaceAll(rows);
    }
    const byRowid = new Map<number, RawRow>();
    const rowidOf = new Map<string, number>();
    let maxRowid = 0;
    for (const t of tuples) {
      const row = rowOf(t);
      byRowid.set(t[0], row);
      rowidOf.set(rowId(row), t[0]);
      if (t[0] > maxRowid) maxRowid = t[0];
    }
    this.byRowid = byRowid;
    this.rowidOf = rowidOf;
    this.maxRowid = maxRowid;
    return this.snapshot.replaceAll(byRowid.values());
  }

  /** The incremental read; undefined when a full read is the better choice. All reads happen before the first mutation. */
  private readDelta(db: Database.Database): RowChanges | undefined {
    const byRowid = this.byRowid!;
    const [, count] = db.prepare("SELECT max(rowid), count(*) FROM gxitproxy").raw(true).get() as [number | null, number];
    const fetched = new Map<number, RawRow>();
    const after = db.prepare(`SELECT rowid, ${COLS} FROM gxitproxy WHERE rowid > ? ORDER BY rowid LIMIT 257`).raw(true).all(this.maxRowid) as Tuple[];
    if (after.length > 256) return undefined;
    for (const t of after) fetched.set(t[0], rowOf(t));
    for (const t of db.prepare(`SELECT rowid, ${COLS} FROM gxitproxy ORDER BY rowid DESC LIMIT ${TOP_ROWS_VERIFIED}`).raw(true).all() as Tuple[]) {
      fetched.set(t[0], rowOf(t));
    }

    // Which fetched rows are new or changed, and which known rows they displace.
    const changed: [number, RawRow][] = [];
    const removed = new Set<number>();
    let added = 0;
    for (const [id, row] of fetched) {
      const old = byRowid.get(id);
      if (old && sameRow(old, row)) continue;
      if (old === undefined) added++;
      changed.push([id, row]);
      // A new row for a (key, key_type) we know means the old row was deleted (it is the primary key).
      const displaced = this.rowidOf.get(rowId(row));
      if (displaced !== undefined && displaced !== id) removed.add(displaced);
    }
    const gone = (): number => {
      let n = 0;
      for (const id of removed) if (!fetched.has(id)) n++;
      return n;
    };
    if (count !== byRowid.size + added - gone()) {
      // Other deletions happened (Galaxy's remove()): find them by rowid.
      const current = new Set(db.prepare("SELECT rowid FROM gxitproxy").pluck(true).all() as number[]);
      for (const id of byRowid.keys()) if (!current.has(id)) removed.add(id);
      if (current.size !== byRowid.size + added - gone()) return undefined;
    }

    const removedIds: string[] = [];
    const forget = (id: number): void => {
      const old = byRowid.get(id);
      if (old === undefined) return;
      byRowid.delete(id);
      const pk = rowId(old);
      if (this.rowidOf.get(pk) === id) {
        this.rowidOf.delete(pk);
        removedIds.push(pk);
      }
    };
    for (const id of removed) if (!fetched.has(id)) forget(id);
    const upserts: RawRow[] = [];
    for (const [id, row] of changed) {
      forget(id);
      byRowid.set(id, row);
      this.rowidOf.set(rowId(row), id);
      upserts.push(row);
      if (id > this.maxRowid) this.maxRowid = id;
    }
    return this.snapshot.apply(removedIds, upserts);
  }
}
