/** The primary key of a row (key, key_type) as one string. */
export function rowId(row) {
    return `${String(row.key)}\u0000${String(row.key_type ?? "")}`;
}
function rowKeyOf(row) {
    if (typeof row.key !== "string")
        return undefined;
    return [row.key, typeof row.key_type === "string" ? row.key_type : ""];
}
function sameValue(a, b) {
    if (a === b)
        return true;
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object")
        return JSON.stringify(a) === JSON.stringify(b);
    return false;
}
export function sameRow(a, b) {
    return (a.key === b.key &&
        a.key_type === b.key_type &&
        a.token === b.token &&
        a.host === b.host &&
        sameValue(a.port, b.port) &&
        sameValue(a.info, b.info));
}
export class RowSnapshot {
    rows = new Map();
    get size() {
        return this.rows.size;
    }
    get(id) {
        return this.rows.get(id);
    }
    /** Replaces every row (a full read); returns what changed. */
    replaceAll(next) {
        const fresh = new Map();
        const upserts = [];
        for (const row of next) {
            const id = rowId(row);
            fresh.set(id, row);
            const old = this.rows.get(id);
            if (old === undefined || !sameRow(old, row))
                upserts.push(row);
        }
        const removes = [];
        for (const [id, old] of this.rows) {
            if (fresh.has(id))
                continue;
            const k = rowKeyOf(old);
            if (k)
                removes.push(k);
        }
        this.rows = fresh;
        return { removes, upserts };
    }
    /** Applies known changes (incremental reads); returns them in route-table form. */
    apply(removed, upserted) {
        const removes = [];
        for (const id of removed) {
            const old = this.rows.get(id);
            if (old === undefined)
                continue;
            this.rows.delete(id);
            const k = rowKeyOf(old);
            if (k)
                removes.push(k);
        }
        const upserts = [];
        for (const row of upserted) {
            const id = rowId(row);
            const old = this.rows.get(id);
            this.rows.set(id, row);
            if (old === undefined || !sameRow(old, row))
                upserts.push(row);
        }
        return { removes, upserts };
    }
}
