// The in-memory routing table built from one snapshot of the sessions map.
// A table is immutable once built; a change builds a new one (sharing the
// shards it does not touch) and the map source swaps the reference, so a
// request always sees one consistent snapshot.
import { createHash, timingSafeEqual } from "node:crypto";
/** The only key_type Galaxy writes (entry_point.__class__.__name__.lower()). */
export const GALAXY_KEY_TYPE = "interactivetoolentrypoint";
/** URL class ids that mean Galaxy's entry points: `ep` (current) and the legacy long form. */
const ENTRY_POINT_CLASSES = new Set(["ep", GALAXY_KEY_TYPE]);
const NO_FLAGS = Object.freeze({ requiresPathInUrl: false, requiresPathInHeaderNamed: null });
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * Galaxy stores the same `info` text for nearly every row, so parsed values
 * are memoised by their text; this keeps a 10,000-row reload cheap.
 */
const infoCache = new Map();
export function flagsFromInfo(info) {
    if (info === null || info === undefined || info === "")
        return NO_FLAGS;
    if (typeof info === "string") {
        const cached = infoCache.get(info);
        if (cached)
            return cached;
        let parsed;
        try {
            parsed = JSON.parse(info);
        }
        catch {
            return "info is not valid JSON";
        }
        const flags = flagsFromInfo(parsed === null ? undefined : typeof parsed === "object" ? parsed : {});
        if (typeof flags !== "string" && infoCache.size < 1000)
            infoCache.set(info, flags);
        return flags;
    }
    if (typeof info !== "object" || Array.isArray(info))
        return "info is not a JSON object";
    const o = info;
    const inUrl = o["requires_path_in_url"];
    const header = o["requires_path_in_header_named"];
    let headerName = null;
    if (typeof header === "string" && header !== "") {
        if (!HEADER_NAME.test(header))
            return `requires_path_in_header_named "${header}" is not a valid header name`;
        headerName = header;
    }
    const requiresPathInUrl = inUrl === true || inUrl === 1 || inUrl === "true" || inUrl === "True";
    if (!requiresPathInUrl && headerName === null)
        return NO_FLAGS;
    return Object.freeze({ requiresPathInUrl, requiresPathInHeaderNamed: headerName });
}
/** Returns a Route, or a reason why the row cannot be routed. */
export function routeFromRow(row) {
    const key = row.key;
    if (typeof key !== "string" || key === "")
        return "empty key";
    const keyType = typeof row.key_type === "string" && row.key_type !== "" ? row.key_type : GALAXY_KEY_TYPE;
    if (typeof row.token !== "string" || row.token === "")
        return "no token";
    if (typeof row.host !== "string" || row.host.trim() === "")
        return "no host";
    const port = typeof row.port === "number" ? row.port : typeof row.port === "string" && /^\s*\d+\s*$/.test(row.port) ? Number(row.port) : NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        return `bad port ${String(row.port)}`;
    const flags = flagsFromInfo(row.info);
    if (typeof flags === "string")
        return flags;
    let host = row.host.trim();
    if (host.startsWith("[") && host.endsWith("]"))
        host = host.slice(1, -1);
    return {
        key,
        keyType,
        token: row.token,
        host,
        port,
        requiresPathInUrl: flags.requiresPathInUrl,
        requiresPathInHeaderNamed: flags.requiresPathInHeaderNamed,
    };
}
/**
 * Tables are split into shards by a hash of the key so that a change copies
 * only the shards it touches: a one-row save on a 100,000-row map copies
 * about 400 entries, not 100,000 (a full `new Map` copy takes 12–50 ms here).
 */
const SHARD_BITS = 8;
const SHARDS = 1 << SHARD_BITS;
function shardOf(key) {
    // FNV-1a over UTF-16 code units; keys are short (≤ 13 chars from Galaxy).
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) {
        h ^= key.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0) & (SHARDS - 1);
}
export class RouteTable {
    /** shard → (key → routes for that key, almost always exactly one). Shards are never mutated once the table is built. */
    shards;
    count;
    /** Rows of the last build or change that could not be routed. */
    skipped = [];
    sealed = false;
    static EMPTY = new RouteTable().seal();
    constructor(shards, count = 0) {
        this.shards = shards ?? new Array(SHARDS).fill(undefined);
        this.count = count;
    }
    /** Builds a table from rows (what a full read of the map returns). */
    static fromRows(rows) {
        const t = new RouteTable();
        for (const row of rows)
            t.addRow(row);
        return t.seal();
    }
    /** Freezes a table built with add/addRow; a sealed table is never mutated again. */
    seal() {
        this.sealed = true;
        return this;
    }
    /** Adds a route while building (before seal()). */
    add(route) {
        if (this.sealed)
            throw new Error("RouteTable is immutable once sealed; use withChanges()");
        const i = shardOf(route.key);
        const shard = (this.shards[i] ??= new Map());
        this.count += putRoute(shard, route);
    }
    /** Adds the row's route while building; returns it, or undefined when the row cannot be routed. */
    addRow(row) {
        const r = routeFromRow(row);
        if (typeof r === "string") {
            this.skipped.push({ key: typeof row.key === "string" ? row.key : "?", reason: r });
            return undefined;
        }
        this.add(r);
        return r;
    }
    /**
     * A new table with the rows named by `removes` gone and `upserts` added
     * (removes first, so a DELETE-then-INSERT of one key is one change). This
     * table is left untouched: requests holding it keep a consistent snapshot.
     * Cost: the number of changes plus the size of the shards they touch.
     */
    withChanges(removes, upserts) {
        const shards = this.shards.slice();
        const copied = new Set();
        const writable = (i) => {
            if (!copied.has(i)) {
                copied.add(i);
                shards[i] = new Map(shards[i] ?? []);
            }
            return shards[i];
        };
        let count = this.count;
        for (const [key, rawType] of removes) {
            const keyType = rawType === "" ? GALAXY_KEY_TYPE : rawType;
            const i = shardOf(key);
            const list = shards[i]?.get(key);
            if (list === undefined || !list.some((r) => r.keyType === keyType))
                continue;
            const rest = list.filter((r) => r.keyType !== keyType);
            const shard = writable(i);
            if (rest.length === 0)
                shard.delete(key);
            else
                shard.set(key, rest);
            count--;
        }
        const next = new RouteTable(shards, 0);
        next.count = count;
        for (const row of upserts) {
            const r = routeFromRow(row);
            if (typeof r === "string") {
                next.skipped.push({ key: typeof row.key === "string" ? row.key : "?", reason: r });
                continue;
            }
            next.count += putRoute(writable(shardOf(r.key)), r);
        }
        return next.seal();
    }
    /** Every route, for inspection (health, tests). */
    *routes() {
        for (const shard of this.shards)
            if (shard)
                for (const list of shard.values())
                    yield* list;
    }
    listFor(key) {
        return this.shards[shardOf(key)]?.get(key);
    }
    /** The route stored for exactly (key, keyType), if any. */
    exact(key, keyType) {
        return this.listFor(key)?.find((r) => r.keyType === keyType);
    }
    get size() {
        return this.count;
    }
    /**
     * O(1) lookup. `urlClass` is the class id the URL names (`ep` or the legacy
     * `interactivetoolentrypoint` label of a host, the last segment of the path
     * prefix), or undefined when the URL does not name one.
     * - A class naming Galaxy's entry points selects key_type interactivetoolentrypoint
     *   only; any other class selects the row whose key_type equals it, if any.
     * - When that does not pick a row (no class, or an unrelated host label such
     *   as `coolkey-cooltoken.usegalaxy.org`), the Galaxy key_type is preferred,
     *   then a key with a single row, as gx-it-proxy (which ignores key_type) would.
     */
    lookup(key, urlClass) {
        const list = this.listFor(key);
        if (list === undefined)
            return undefined;
        if (urlClass !== undefined) {
            if (ENTRY_POINT_CLASSES.has(urlClass))
                return list.find((r) => r.keyType === GALAXY_KEY_TYPE);
            const exact = list.find((r) => r.keyType === urlClass);
            if (exact)
                return exact;
        }
        const galaxy = list.find((r) => r.keyType === GALAXY_KEY_TYPE);
        if (galaxy)
            return galaxy;
        return list.length === 1 ? list[0] : undefined;
    }
}
/** Puts a route into a shard (replacing the same key_type); returns how many routes were added (0 or 1). */
function putRoute(shard, route) {
    const list = shard.get(route.key);
    if (list === undefined) {
        shard.set(route.key, [route]);
        return 1;
    }
    const i = list.findIndex((r) => r.keyType === route.keyType);
    if (i >= 0) {
        const copy = list.slice();
        copy[i] = route;
        shard.set(route.key, copy);
        return 0;
    }
    shard.set(route.key, [...list, route]);
    return 1;
}
function digest(s) {
    return createHash("sha256").update(s, "utf8").digest();
}
/** Constant-time token comparison (hashing first hides the length, too). */
export function tokenMatches(presented, expected) {
    return timingSafeEqual(digest(presented), digest(expected));
}
const routeDigests = new WeakMap();
/**
 * Constant-time check of a presented token against a route's token; the
 * route's digest is computed once. Host names are case-insensitive, so
 * host-based URLs compare against the lower-cased token.
 */
export function routeTokenMatches(route, presented, caseInsensitive) {
    let d = routeDigests.get(route);
    if (d === undefined) {
        const exact = digest(route.token);
        const lowerToken = route.token.toLowerCase();
        d = { exact, lower: lowerToken === route.token ? exact : digest(lowerToken) };
        routeDigests.set(route, d);
    }
    return timingSafeEqual(digest(presented), caseInsensitive ? d.lower : d.exact);
}
