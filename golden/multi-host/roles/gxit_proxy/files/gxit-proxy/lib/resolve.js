import { HEALTH_PATH } from "./options.js";
import { routeTokenMatches } from "./routes.js";
const HOSTNAME = /^[a-z0-9_](?:[a-z0-9_-]*)(?:\.[a-z0-9_-]+)*\.?$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]+(?:%25[0-9a-z._~-]+)?\]$/;
/** Parses a Host header value. Returns undefined when it is malformed. */
export function parseHost(raw) {
    const h = raw.trim().toLowerCase();
    if (h === "")
        return undefined;
    let hostname = h;
    if (h.startsWith("[")) {
        const end = h.indexOf("]");
        if (end < 0)
            return undefined;
        hostname = h.slice(0, end + 1);
        const rest = h.slice(end + 1);
        if (rest !== "" && !/^:\d{1,5}$/.test(rest))
            return undefined;
        if (!IPV6_LITERAL.test(hostname))
            return undefined;
        return { hostname, isIpLiteral: true };
    }
    const colon = h.lastIndexOf(":");
    if (colon >= 0) {
        if (!/^\d{1,5}$/.test(h.slice(colon + 1)))
            return undefined;
        hostname = h.slice(0, colon);
    }
    if (hostname.length > 253 || !HOSTNAME.test(hostname))
        return undefined;
    return { hostname, isIpLiteral: /^\d+\.\d+\.\d+\.\d+$/.test(hostname) };
}
/** Splits the request-target; undefined when it is not origin- or absolute-form. */
export function parseRequestTarget(url) {
    let authority;
    let rest = url;
    if (!url.startsWith("/")) {
        const m = /^https?:\/\/([^/?#]*)(.*)$/i.exec(url);
        if (!m)
            return undefined;
        authority = m[1];
        rest = m[2] === "" ? "/" : m[2];
        if (!rest.startsWith("/") && !rest.startsWith("?"))
            return undefined;
        if (rest.startsWith("?"))
            rest = "/" + rest;
    }
    // Reject what a URL parser would reject, and anything with raw whitespace or controls.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0020\u007f]/.test(rest) || rest.includes("#"))
        return undefined;
    const q = rest.indexOf("?");
    const path = q < 0 ? rest : rest.slice(0, q);
    const query = q < 0 ? "" : rest.slice(q);
    if (path.startsWith("//"))
        return undefined;
    try {
        decodeURI(path);
    }
    catch {
        return undefined;
    }
    return { path, query, authority };
}
function headerValue(h) {
    if (Array.isArray(h))
        return h[0];
    return h;
}
/** Header routing (explicit opt-in): target from x-interactive-tool-host/-port. */
function targetFromHeaders(headers) {
    const rawHost = headerValue(headers["x-interactive-tool-host"])?.trim();
    if (!rawHost)
        return "missing x-interactive-tool-host";
    let host = rawHost;
    let portText = headerValue(headers["x-interactive-tool-port"])?.trim();
    const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(rawHost);
    if (m) {
        host = m[1];
        portText ??= m[2];
    }
    if (host.startsWith("[") && host.endsWith("]"))
        host = host.slice(1, -1);
    if (!/^[A-Za-z0-9._:-]+$/.test(host))
        return "malformed x-interactive-tool-host";
    if (portText === undefined || !/^\d{1,5}$/.test(portText))
        return "missing or malformed x-interactive-tool-port";
    const port = Number(portText);
    if (port < 1 || port > 65535)
        return "x-interactive-tool-port out of range";
    return { host, port };
}
export function resolve(method, rawUrl, headers, cfg) {
    const target = parseRequestTarget(rawUrl ?? "");
    if (target === undefined)
        return { kind: "bad-request", reason: "malformed request-target" };
    const hostHeader = target.authority ?? headerValue(headers.host);
    let host;
    if (hostHeader !== undefined && hostHeader !== "") {
        host = parseHost(hostHeader);
        if (host === undefined)
            return { kind: "bad-request", reason: "malformed Host header" };
    }
    const headerMode = cfg.table === undefined;
    // 1. path-based
    const prefix = cfg.proxyPathPrefix;
    if (prefix !== undefined && (target.path === prefix || target.path.startsWith(prefix + "/"))) {
        const segments = target.path.slice(prefix.length).split("/"); // ["", key, token, ...rest]
        const key = segments[1];
        const token = segments[2];
        const strippedUrl = "/" + segments.slice(3).join("/") + target.query;
        if (headerMode) {
            const t = targetFromHeaders(headers);
            if (typeof t === "string")
                return { kind: "not-found", reason: "no-target-headers" };
            return { kind: "route", via: "header", target: t, route: undefined, key, token, url: key && token ? strippedUrl : target.path + target.query, pathHeader: undefined, authority: target.authority };
        }
        if (!key || !token)
            return { kind: "not-found", reason: "incomplete" };
        const route = cfg.table.lookup(key, cfg.pathClass);
        if (route === undefined)
            return { kind: "not-found", reason: "unknown-key", key };
        if (!routeTokenMatches(route, token, false))
            return { kind: "not-found", reason: "wrong-token", key };
        return {
            kind: "route",
            via: "path",
            target: { host: route.host, port: route.port },
            route,
            key,
            token,
            url: route.requiresPathInUrl ? target.path + target.query : strippedUrl,
            pathHeader: route.requiresPathInHeaderNamed ? [route.requiresPathInHeaderNamed, `${prefix}/${key}/${token}`] : undefined,
            authority: target.authority,
        };
    }
    // 2. header-routing mode: the headers choose the target (explicitly enabled).
    if (headerMode) {
        if (headers["x-interactive-tool-host"] !== undefined) {
            const t = targetFromHeaders(headers);
            if (typeof t === "string")
                return { kind: "bad-request", reason: t };
            return { kind: "route", via: "header", target: t, route: undefined, key: undefined, token: undefined, url: target.path + target.query, pathHeader: undefined, authority: target.authority };
        }
    }
    else if (host !== undefined && !host.isIpLiteral) {
        // 3. host-based: <key>-<token>.<class>.<…>
        const dot = host.hostname.indexOf(".");
        const label = dot < 0 ? host.hostname : host.hostname.slice(0, dot);
        const dash = label.indexOf("-");
        if (dash >= 0) {
            const key = label.slice(0, dash);
            const token = label.slice(dash + 1);
            if (key === "" || token === "")
                return { kind: "not-found", reason: "incomplete" };
            const rest = dot < 0 ? "" : host.hostname.slice(dot + 1);
            const urlClass = rest === "" ? undefined : rest.split(".")[0];
            const route = cfg.table.lookup(key, urlClass);
            if (route === undefined)
                return { kind: "not-found", reason: "unknown-key", key };
            if (!routeTokenMatches(route, token, true))
                return { kind: "not-found", reason: "wrong-token", key };
            return {
                kind: "route",
                via: "host",
                target: { host: route.host, port: route.port },
                route,
                key,
                token,
                url: target.path + target.query,
                pathHeader: undefined,
                authority: target.authority,
            };
        }
    }
    // 4. not tool traffic: the health endpoint, or nothing.
    if (target.path === HEALTH_PATH && (method === "GET" || method === "HEAD"))
        return { kind: "health", hostname: host?.hostname };
    return { kind: "not-found", reason: headerMode ? "no-target-headers" : "not-a-tool-url" };
}
