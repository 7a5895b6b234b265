// The in-memory routing table built from one snapshot of the sessions map.
// A table is immutable once built; a reload builds a new one and swaps the
// reference, so a request always sees one consistent snapshot.
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
export class RouteTable {
    /** key → routes for that key (almost always exactly one). */
    byKey = new Map();
    count = 0;
    skipped = [];
    static EMPTY = new RouteTable();
    add(route) {
        const list = this.byKey.get(route.key);
        if (list === undefined) {
            this.byKey.set(route.key, [route]);
            this.count++;
            return;
        }
        const i = list.findIndex((r) => r.keyType === route.keyType);
        if (i >= 0)
            list[i] = route;
        else {
            list.push(route);
            this.count++;
        }
    }
    /** Adds the row's route; returns it, or undefined when the row cannot be routed. */
    addRow(row) {
        const r = routeFromRow(row);
        if (typeof r === "string") {
            this.skipped.push({ key: typeof row.key === "string" ? row.key : "?", reason: r });
            return undefined;
        }
        this.add(r);
        return r;
    }
    /** Removes this very route object (not whatever now has its key), for incremental updates. */
    remove(route) {
        const list = this.byKey.get(route.key);
        if (list === undefined)
            return;
        const i = list.indexOf(route);
        if (i < 0)
            return;
        list.splice(i, 1);
        this.count--;
        if (list.length === 0)
            this.byKey.delete(route.key);
    }
    /** Every route, for inspection (health, tests). */
    *routes() {
        for (const list of this.byKey.values())
            yield* list;
    }
    /** The route stored for exactly (key, keyType), if any. */
    exact(key, keyType) {
        return this.byKey.get(key)?.find((r) => r.keyType === keyType);
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
        const list = this.byKey.get(key);
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
