import { rowId, sameRow } from "./map-rows.js";
/** Below this many rows a full read takes well under a millisecond. */
export const INCREMENTAL_MIN_ROWS = 2000;
const TOP_ROWS_VERIFIED = 8;
const COLS = "key, key_type, token, host, port, info";
function rowOf(t) {
    return { key: t[1], key_type: t[2], token: t[3], host: t[4], port: t[5], info: t[6] };
}
export class SqliteReader {
    snapshot;
    /** rowid → row; null when rowids are not usable (a WITHOUT ROWID table). */
    byRowid = null;
    rowidOf = new Map();
    maxRowid = 0;
    constructor(snapshot) {
        this.snapshot = snapshot;
    }
    /** Forgets rowids (the file was replaced, or the snapshot came from elsewhere). */
    reset() {
        this.byRowid = null;
        this.rowidOf = new Map();
        this.maxRowid = 0;
    }
    /**
     * Reads the map through an open connection. `full` forces a full read. All
     * statements run in one read transaction, so they see one snapshot even
     * when a writer commits meanwhile.
     */
    read(db, full) {
        return db.transaction(() => this.readInSnapshot(db, full))();
    }
    readInSnapshot(db, full) {
        const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gxitproxy'").get();
        if (exists === undefined) {
            // Galaxy creates the table on its first save: an empty map.
            this.reset();
            return { changes: this.snapshot.replaceAll([]), incremental: false };
        }
        if (!full && this.byRowid !== null && this.byRowid.size >= INCREMENTAL_MIN_ROWS) {
            const delta = this.readDelta(db);
            if (delta)
                return { changes: delta, incremental: true };
        }
        return { changes: this.readAll(db), incremental: false };
    }
    readAll(db) {
        let tuples;
        try {
            tuples = db.prepare(`SELECT rowid, ${COLS} FROM gxitproxy`).raw(true).all();
        }
        catch (e) {
            if (e.code !== "SQLITE_ERROR")
                throw e;
            // A WITHOUT ROWID table (not what Galaxy or gx-it-proxy create): full reads only.
            this.reset();
            const rows = db.prepare(`SELECT ${COLS} FROM gxitproxy`).all();
            return this.snapshot.replaceAll(rows);
        }
        const byRowid = new Map();
        const rowidOf = new Map();
        let maxRowid = 0;
        for (const t of tuples) {
            const row = rowOf(t);
            byRowid.set(t[0], row);
            rowidOf.set(rowId(row), t[0]);
            if (t[0] > maxRowid)
                maxRowid = t[0];
        }
        this.byRowid = byRowid;
        this.rowidOf = rowidOf;
        this.maxRowid = maxRowid;
        return this.snapshot.replaceAll(byRowid.values());
    }
    /** The incremental read; undefined when a full read is the better choice. All reads happen before the first mutation. */
    readDelta(db) {
        const byRowid = this.byRowid;
        const [, count] = db.prepare("SELECT max(rowid), count(*) FROM gxitproxy").raw(true).get();
        const fetched = new Map();
        const after = db.prepare(`SELECT rowid, ${COLS} FROM gxitproxy WHERE rowid > ? ORDER BY rowid LIMIT 257`).raw(true).all(this.maxRowid);
        if (after.length > 256)
            return undefined;
        for (const t of after)
            fetched.set(t[0], rowOf(t));
        for (const t of db.prepare(`SELECT rowid, ${COLS} FROM gxitproxy ORDER BY rowid DESC LIMIT ${TOP_ROWS_VERIFIED}`).raw(true).all()) {
            fetched.set(t[0], rowOf(t));
        }
        // Which fetched rows are new or changed, and which known rows they displace.
        const changed = [];
        const removed = new Set();
        let added = 0;
        for (const [id, row] of fetched) {
            const old = byRowid.get(id);
            if (old && sameRow(old, row))
                continue;
            if (old === undefined)
                added++;
            changed.push([id, row]);
            // A new row for a (key, key_type) we know means the old row was deleted (it is the primary key).
            const displaced = this.rowidOf.get(rowId(row));
            if (displaced !== undefined && displaced !== id)
                removed.add(displaced);
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
            const current = new Set(db.prepare("SELECT rowid FROM gxitproxy").pluck(true).all());
            for (const id of byRowid.keys())
                if (!current.has(id))
                    removed.add(id);
            if (current.size !== byRowid.size + added - gone())
                return undefined;
        }
        const removedIds = [];
        const forget = (id) => {
            const old = byRowid.get(id);
            if (old === undefined)
                return;
            byRowid.delete(id);
            const pk = rowId(old);
            if (this.rowidOf.get(pk) === id) {
                this.rowidOf.delete(pk);
                removedIds.push(pk);
            }
        };
        for (const id of removed)
            if (!fetched.has(id))
                forget(id);
        const upserts = [];
        for (const [id, row] of changed) {
            forget(id);
            byRowid.set(id, row);
            this.rowidOf.set(rowId(row), id);
            upserts.push(row);
            if (id > this.maxRowid)
                this.maxRowid = id;
        }
        return this.snapshot.apply(removedIds, upserts);
    }
}
