// Command line of gxit-proxy. The first block of flags is gx-it-proxy's, with
// the same names, meanings and defaults, so an existing systemd unit, Gravity
// config or supervisor entry keeps working when only the binary is swapped.
// The second block is ours. Parsing is pure (no I/O) so it is unit-testable.
import { parseArgs } from "node:util";
import { isPostgresUrl } from "./postgres-url.js";
export const HEALTH_PATH = "/_gxit-proxy/health";
export const DEFAULT_FALLBACK_POLL_MS = 1000;
export const HELP = `Usage: gxit-proxy [options]

Galaxy Interactive Tools proxy (drop-in replacement for gx-it-proxy).

Options compatible with gx-it-proxy:
  --ip <ip>                  public-facing IP of the proxy (default: localhost)
  --port <n>                 public-facing port of the proxy (default: 8000)
  --sessions <file|url>      sessions map to watch: Galaxy's SQLite file
                             (detected by content, any name), a JSON file, or
                             a PostgreSQL URL (postgresql://user:pw@host/db,
                             postgresql:///db?host=/var/run/postgresql)
  --proxyPathPrefix <path>   path-based routing prefix, e.g. /interactivetool/ep
  --forwardIP <ip>           forward all requests to this IP (double proxy)
  --forwardPort <n>          forward all requests to this port (double proxy)
  --reverseProxy             rewrite 302 Location http://localhost/ with our port
  --pollingInterval <ms>     fallback poll of a file map, poll of a PostgreSQL
                             map without NOTIFY trigger (default: 1000;
                             0 disables; change events are seen without it)
  --verbose                  log every request and map reload
  -V, --version              print the version and exit
  -h, --help                 print this help and exit

gxit-proxy options:
  --headerRouting            without --sessions, route by the client-sent
                             x-interactive-tool-host/-port headers (open relay:
                             only for an inner proxy behind a trusted one)
  --connectTimeout <ms>      backend connect timeout (default: 10000)
  --idleTimeout <ms>         backend idle timeout for HTTP (default: 300000)
  --keepAliveTimeout <ms>    keep an idle backend connection for reuse this
                             long, unless the backend says (default: 1000)
  --headersTimeout <ms>      client must send the request headers within
                             this, else 408 (default: 60000)
  --requestTimeout <ms>      client must send the whole request, body
                             included, within this, else 408; 0: no limit
                             (default: 300000, as gx-it-proxy)
  --healthHost <name>        also answer the health endpoint for this Host
                             (repeatable; default: only the --ip address)
  --drainTimeout <ms>        grace period on SIGTERM/SIGINT (default: 10000)
  --logFormat <text|json>    log line format (default: text)
  --cors <reflect|off>       add gx-it-proxy's CORS headers (default: reflect)
  --createTrigger            PostgreSQL map: create the gxitproxy table (if
                             missing) and its NOTIFY trigger at start
  --tlsCert <file>           listen with TLS: certificate chain (PEM), for
                             nginx on another host (needs --tlsKey)
  --tlsKey <file>            private key (PEM) of --tlsCert

Signals: SIGHUP reloads the map; SIGTERM/SIGINT drain and exit 0.
Health: GET ${HEALTH_PATH} on the proxy's IP (never a tool URL).
`;
function int(name, raw, min, max) {
    if (raw === undefined)
        return `--${name} needs a value`;
    if (!/^\d+$/.test(raw.trim()))
        return `--${name} must be an integer, got "${raw}"`;
    const n = Number(raw.trim());
    if (n < min || n > max)
        return `--${name} must be between ${min} and ${max}, got ${n}`;
    return n;
}
/** Normalises the path prefix: leading slash, no trailing slash. */
export function normalizePrefix(raw) {
    let p = raw.trim();
    if (p === "")
        return undefined;
    if (!p.startsWith("/"))
        p = "/" + p;
    p = p.replace(/\/+$/, "");
    return p === "" ? undefined : p;
}
export function parseOptions(argv) {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                ip: { type: "string" },
                port: { type: "string" },
                sessions: { type: "string" },
                pollingInterval: { type: "string" },
                proxyPathPrefix: { type: "string" },
                forwardIP: { type: "string" },
                forwardPort: { type: "string" },
                reverseProxy: { type: "boolean" },
                verbose: { type: "boolean" },
                version: { type: "boolean", short: "V" },
                help: { type: "boolean", short: "h" },
                headerRouting: { type: "boolean" },
                connectTimeout: { type: "string" },
                idleTimeout: { type: "string" },
                keepAliveTimeout: { type: "string" },
                headersTimeout: { type: "string" },
                requestTimeout: { type: "string" },
                healthHost: { type: "string", multiple: true },
                drainTimeout: { type: "string" },
                logFormat: { type: "string" },
                cors: { type: "string" },
                createTrigger: { type: "boolean" },
                tlsCert: { type: "string" },
                tlsKey: { type: "string" },
            },
        });
    }
    catch (e) {
        return { kind: "error", message: e.message.split("\n")[0] ?? String(e) };
    }
    const v = parsed.values;
    if (v.help)
        return { kind: "help" };
    if (v.version)
        return { kind: "version" };
    const errors = [];
    const num = (name, raw, dflt, min, max) => {
        if (raw === undefined)
            return dflt;
        const r = int(name, raw, min, max);
        if (typeof r === "string") {
            errors.push(r);
            return dflt;
        }
        return r;
    };
    const port = num("port", v.port, 8000, 0, 65535);
    const pollingInterval = num("pollingInterval", v.pollingInterval, DEFAULT_FALLBACK_POLL_MS, 0, 86_400_000);
    const forwardPort = v.forwardPort === undefined ? undefined : num("forwardPort", v.forwardPort, 0, 1, 65535);
    const connectTimeout = num("connectTimeout", v.connectTimeout, 10_000, 1, 3_600_000);
    const idleTimeout = num("idleTimeout", v.idleTimeout, 300_000, 1, 86_400_000);
    const drainTimeout = num("drainTimeout", v.drainTimeout, 10_000, 0, 3_600_000);
    const keepAliveTimeout = num("keepAliveTimeout", v.keepAliveTimeout, 1000, 1, 600_000);
    const headersTimeout = num("headersTimeout", v.headersTimeout, 60_000, 1, 3_600_000);
    const requestTimeout = num("requestTimeout", v.requestTimeout, 300_000, 0, 86_400_000);
    if (requestTimeout !== 0 && requestTimeout < headersTimeout) {
        errors.push(`--requestTimeout (${requestTimeout}) must be 0 or at least --headersTimeout (${headersTimeout})`);
    }
    const healthHosts = [];
    for (const raw of v.healthHost ?? []) {
        const h = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
        if (!/^[a-z0-9_.:-]+$/.test(h))
            errors.push(`--healthHost "${raw}" is not a host name or address`);
        else
            healthHosts.push(h);
    }
    let sessions = v.sessions?.trim();
    if (sessions === "")
        sessions = undefined;
    // A PostgreSQL URL (Galaxy's SQLAlchemy form postgresql+psycopg2:// included) is passed on as it is.
    if (sessions !== undefined && !isPostgresUrl(sessions)) {
        if (/^sqlite:\/\//i.test(sessions)) {
            // Galaxy's internal (SQLAlchemy) form of interactivetools_map:
            // sqlite:///relative/path or sqlite:////absolute/path
            sessions = sessions.replace(/^sqlite:\/\/\/?/i, "").replace(/\?.*$/, "");
            if (sessions === "")
                errors.push("--sessions sqlite:/// URL has no path");
        }
        else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(sessions)) {
            errors.push(`--sessions: unsupported URL scheme in "${sessions}"; give a file path or a postgresql:// URL`);
        }
    }
    const proxyPathPrefix = v.proxyPathPrefix === undefined ? undefined : normalizePrefix(v.proxyPathPrefix);
    if (proxyPathPrefix !== undefined) {
        if (!/^[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$/.test(proxyPathPrefix) || proxyPathPrefix.includes("//")) {
            errors.push(`--proxyPathPrefix "${v.proxyPathPrefix}" is not a valid URL path`);
        }
        else if (HEALTH_PATH === proxyPathPrefix || HEALTH_PATH.startsWith(proxyPathPrefix + "/") || proxyPathPrefix.startsWith("/_gxit-proxy")) {
            errors.push(`--proxyPathPrefix must not overlap the health endpoint ${HEALTH_PATH}`);
        }
    }
    const logFormat = (v.logFormat ?? "text");
    if (logFormat !== "text" && logFormat !== "json")
        errors.push(`--logFormat must be text or json, got "${v.logFormat}"`);
    const cors = (v.cors ?? "reflect");
    if (cors !== "reflect" && cors !== "off")
        errors.push(`--cors must be reflect or off, got "${v.cors}"`);
    const headerRouting = v.headerRouting === true;
    if (sessions === undefined && !headerRouting && errors.length === 0) {
        errors.push("no --sessions given: refusing to start, because routing by client-sent headers makes the proxy an open relay; pass --sessions <map> (Galaxy's interactivetools_map) or, for an inner proxy behind a trusted one, --headerRouting");
    }
    if (sessions !== undefined && headerRouting) {
        errors.push("--headerRouting cannot be combined with --sessions (with a map, client-sent routing headers are always ignored)");
    }
    if (v.createTrigger === true && (sessions === undefined || !isPostgresUrl(sessions))) {
        errors.push("--createTrigger needs a PostgreSQL map (--sessions postgresql://…)");
    }
    const tlsCert = v.tlsCert?.trim() || undefined;
    const tlsKey = v.tlsKey?.trim() || undefined;
    if ((tlsCert === undefined) !== (tlsKey === undefined))
        errors.push("--tlsCert and --tlsKey go together: give both, or neither");
    const ip = (v.ip ?? "localhost").trim();
    if (ip === "")
        errors.push("--ip must not be empty");
    const forwardIP = v.forwardIP?.trim() || undefined;
    if (errors.length > 0)
        return { kind: "error", message: errors[0] };
    return {
        kind: "run",
        options: {
            ip,
            port,
            sessions,
            pollingInterval,
            proxyPathPrefix,
            forwardIP,
            forwardPort,
            reverseProxy: v.reverseProxy === true,
            verbose: v.verbose === true,
            headerRouting,
            connectTimeout,
            idleTimeout,
            keepAliveTimeout,
            headersTimeout,
            requestTimeout,
            healthHosts,
            drainTimeout,
            logFormat,
            cors,
            createTrigger: v.createTrigger === true,
            tlsCert,
            tlsKey,
        },
    };
}
