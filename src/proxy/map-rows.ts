// The rows a map source last handed to the route table, and the difference
// between them and a new read. Sources (the SQLite/JSON reader in its worker,
// PostgreSQL on the main thread) keep one RowSnapshot equal to what the route
// table holds, so each change crosses to the table as the rows that changed,
// never as the whole map.
import type { RawRow, RowKey } from "./routes.js";

export interface RowChanges {
  removes: RowKey[];
  upserts: RawRow[];
}

/** The primary key of a row (key, key_type) as one string. */
export function rowId(row: RawRow): string {
  return `${String(row.key)}\u0000${String(row.key_type ?? "")}`;
}

function rowKeyOf(row: RawRow): RowKey | undefined {
  if (typeof row.key !== "string") return undefined;
  return [row.key, typeof row.key_type === "string" ? row.key_type : ""];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

export function sameRow(a: RawRow, b: RawRow): boolean {
  return (
    a.key === b.key &&
    a.key_type === b.key_type &&
    a.token === b.token &&
    a.host === b.host &&
    sameValue(a.port, b.port) &&
    sameValue(a.info, b.info)
  );
}

export class RowSnapshot {
  private rows = new Map<string, RawRow>();

  get size(): number {
    return this.rows.size;
  }

  get(id: string): RawRow | undefined {
    return this.rows.get(id);
  }

  /** Replaces every row (a full read); returns what changed. */
  replaceAll(next: Iterable<RawRow>): RowChanges {
    const fresh = new Map<string, RawRow>();
    const upserts: RawRow[] = [];
    for (const row of next) {
      const id = rowId(row);
      fresh.set(id, row);
      const old = this.rows.get(id);
      if (old === undefined || !sameRow(old, row)) upserts.push(row);
    }
    const removes: RowKey[] = [];
    for (const [id, old] of this.rows) {
      if (fresh.has(id)) continue;
      const k = rowKeyOf(old);
      if (k) removes.push(k);
    }
    this.rows = fresh;
    return { removes, upserts };
  }

  /** Applies known changes (incremental reads); returns them in route-table form. */
  apply(removed: Iterable<string>, upserted: Iterable<RawRow>): RowChanges {
    const removes: RowKey[] = [];
    for (const id of removed) {
      const old = this.rows.get(id);
      if (old === undefined) continue;
      this.rows.delete(id);
      const k = rowKeyOf(old);
      if (k) removes.push(k);
    }
    const upserts: RawRow[] = [];
    for (const row of upserted) {
      const id = rowId(row);
      const old = this.rows.get(id);
      this.rows.set(id, row);
      if (old === undefined || !sameRow(old, row)) upserts.push(row);
    }
    return { removes, upserts };
  }
}
