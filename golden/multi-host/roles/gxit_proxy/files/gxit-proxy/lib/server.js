// The proxy server: applies routing decisions (resolve.ts), owns the
// timeouts, the error pages, the health endpoint and graceful drain.
// HTTP requests go to backends through undici (forward.ts); websocket
// upgrades through http-proxy, which splices the two sockets once and is
// then out of the way (a few KB per open websocket).
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import httpProxy from "http-proxy";
import { Agent } from "undici";
import { Forward, requestHeaders } from "./forward.js";
import { redactToken } from "./log.js";
import { resolve } from "./resolve.js";
const CONNECT_TIMEOUT = "GXIT_CONNECT_TIMEOUT";
const IDLE_TIMEOUT = "GXIT_IDLE_TIMEOUT";
/** Backend errors that mean "no answer in time" (504); every other one is a 502. */
const TIMEOUT_CODES = new Set([CONNECT_TIMEOUT, IDLE_TIMEOUT, "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
function codedError(code, message) {
    return Object.assign(new Error(message), { code });
}
/**
 * The http.Agent of websocket handshakes: a connect timeout and an idle
 * timeout until the backend answers (expiry destroys the socket with a coded
 * error, which http-proxy hands to our error callback). No keep-alive: an
 * upgraded socket is never reused.
 */
class UpgradeAgent extends http.Agent {
    connectTimeoutMs;
    idleTimeoutMs;
    constructor(connectTimeoutMs, idleTimeoutMs) {
        super({ keepAlive: false, timeout: idleTimeoutMs });
        this.connectTimeoutMs = connectTimeoutMs;
        this.idleTimeoutMs = idleTimeoutMs;
    }
    createConnection(options) {
        const socket = net.createConnection(options);
        const timer = setTimeout(() => {
            socket.destroy(codedError(CONNECT_TIMEOUT, `connect timeout after ${this.connectTimeoutMs} ms`));
        }, this.connectTimeoutMs);
        const clear = () => clearTimeout(timer);
        socket.once("connect", clear);
        socket.once("close", clear);
        socket.on("timeout", () => {
            if (socket._httpMessage) {
                socket.destroy(codedError(IDLE_TIMEOUT, `backend idle for ${this.idleTimeoutMs} ms`));
            }
        });
        return socket;
    }
}
const STATUS_TEXT = {
    400: "Bad Request",
    404: "Not Found",
    408: "Request Timeout",
    431: "Request Header Fields Too Large",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
};
const MESSAGES = {
    400: "The request could not be understood by the Interactive Tools proxy.",
    404: "This Interactive Tool does not exist or has ended. Open it again from Galaxy.",
    408: "The request was not received in time.",
    431: "The request has more header lines than the Interactive Tool accepts.",
    502: "The Interactive Tool is not reachable. It may still be starting, or it has stopped.",
    503: "The Interactive Tools proxy is shutting down. Try again in a moment.",
    504: "The Interactive Tool did not answer in time.",
};
function errorPage(status) {
    const title = `${status} ${STATUS_TEXT[status] ?? "Error"}`;
    return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${MESSAGES[status] ?? ""}</p></body></html>\n`;
}
export class ProxyServer {
    server;
    /** HTTP to backends: one keep-alive pool per backend origin. */
    agent;
    retryAgent;
    wsProxy;
    wsAgent;
    options;
    log;
    map;
    version;
    pathClass;
    healthHosts;
    startedAt = Date.now();
    inflight = 0;
    upgraded = new Set();
    draining = false;
    drainWaiters = [];
    constructor(cfg) {
        this.options = cfg.options;
        this.log = cfg.log;
        this.map = cfg.map;
        this.version = cfg.version;
        const prefix = this.options.proxyPathPrefix;
        this.pathClass = prefix === undefined ? undefined : prefix.slice(prefix.lastIndexOf("/") + 1) || undefined;
        this.healthHosts = new Set([stripBrackets(this.options.ip.toLowerCase()), ...this.options.healthHosts]);
        this.agent = new Agent({
            connect: { timeout: this.options.connectTimeout },
            // Before the response: backend silence since the request was sent (or
            // while it does not read the body); during the body: silence between
            // chunks, not counted while the client is not reading.
            headersTimeout: this.options.idleTimeout,
            bodyTimeout: this.options.idleTimeout,
            // Python servers close idle connections without a Keep-Alive hint
            // (gunicorn after 2 s, uvicorn 5 s): pooled connections are dropped
            // sooner, so a request (a notebook save is a POST) never meets one the
            // backend is closing. A backend's hint is honoured, less 1 s.
            keepAliveTimeout: this.options.keepAliveTimeout,
            keepAliveTimeoutThreshold: 1000,
            pipelining: 1,
        });
        this.retryAgent = new Agent({
            connect: { timeout: this.options.connectTimeout },
            headersTimeout: this.options.idleTimeout,
            bodyTimeout: this.options.idleTimeout,
            pipelining: 1,
        });
        this.wsAgent = new UpgradeAgent(this.options.connectTimeout, this.options.idleTimeout);
        this.wsProxy = httpProxy.createProxyServer({ ws: true, xfwd: false, changeOrigin: false, agent: this.wsAgent });
        // Fallback; every call passes its own callback.
        this.wsProxy.on("error", (err) => this.log.warn("proxy error", { error: err.message }));
        const requestTimeout = this.options.requestTimeout;
        const headersTimeout = this.options.headersTimeout;
        const serverOptions = {
            headersTimeout,
            requestTimeout,
            // Node checks both timeouts on this interval (default 30 s).
            connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(Math.min(headersTimeout, requestTimeout || headersTimeout) / 4))),
            // One backend read (64 KB) fits before res.write() asks us to wait, so a
            // large download is not paused and resumed after every chunk.
            highWaterMark: 64 * 1024,
        };
        // With --tlsCert/--tlsKey the same server speaks TLS (nginx on another host
        // verifies it); an https.Server emits the same request/upgrade events.
        this.server =
            this.options.tlsCert !== undefined && this.options.tlsKey !== undefined
                ? https.createServer({ ...serverOptions, cert: readFileSync(this.options.tlsCert), key: readFileSync(this.options.tlsKey) })
                : http.createServer(serverOptions);
        this.server.keepAliveTimeout = 5_000;
        // Counted ourselves against what a backend keeps (forward.ts): 431, never a silent cut.
        this.server.maxHeadersCount = 2 * 1000 + 1;
        this.server.on("request", (req, res) => this.onRequest(req, res));
        this.server.on("upgrade", (req, socket, head) => this.onUpgrade(req, socket, head));
        this.server.on("clientError", (err, socket) => this.onClientError(err, socket));
    }
    listen() {
        return new Promise((resolvePromise, reject) => {
            const onError = (e) => reject(e);
            this.server.once("error", onError);
            this.server.listen(this.options.port, this.options.ip, () => {
                this.server.off("error", onError);
                resolvePromise(this.server.address());
            });
        });
    }
    onClientError(err, socket) {
        if (err.code === "ECONNRESET" || !socket.writable) {
            socket.destroy();
            return;
        }
        const s = socket;
        const underway = socket._httpMessage;
        let status = 400;
        if (err.code === "HPE_HEADER_OVERFLOW")
            status = 431;
        else if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") {
            status = 408;
            this.log.warn("client too slow: request timeout", {
                client: s.remoteAddress,
                phase: underway ? "body" : "headers",
                limit_ms: underway ? this.options.requestTimeout : this.options.headersTimeout,
            });
        }
        if (underway?.headersSent) {
            socket.destroy(); // a response is under way: nothing more can be said
            return;
        }
        socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        // A client that does not read would hold the socket: it has had its answer.
        setTimeout(() => socket.destroy(), 1000).unref();
    }
    resolveRequest(req) {
        return resolve(req.method, req.url, req.headers, {
            proxyPathPrefix: this.options.proxyPathPrefix,
            pathClass: this.pathClass,
            table: this.map?.table,
        });
    }
    /** The health endpoint answers only on the proxy's own address(es), never on a tool's or the public host name. */
    isHealthHost(req, hostname) {
        if (hostname === undefined)
            return true; // HTTP/1.0 without Host: a direct probe
        const h = stripBrackets(hostname);
        if (this.healthHosts.has(h))
            return true;
        let local = req.socket.localAddress ?? "";
        if (local.startsWith("::ffff:"))
            local = local.slice(7);
        if (h === local)
            return true;
        return h === "localhost" && (local === "::1" || local.startsWith("127."));
    }
    /** The backend and what to tell it: nothing the client sent can choose the target. */
    forwarding(req, r) {
        const double = this.options.forwardIP !== undefined || this.options.forwardPort !== undefined;
        const headers = requestHeaders(req.rawHeaders, {
            host: r.authority || undefined,
            pathHeader: r.pathHeader,
            toolTarget: double ? [r.target.host, String(r.target.port)] : undefined,
            remoteAddress: req.socket.remoteAddress,
        });
        return { target: this.forwardTarget(r).target, headers };
    }
    /** --forwardIP/--forwardPort (double proxy) send everything to one address. */
    forwardTarget(r) {
        if (this.options.forwardIP === undefined && this.options.forwardPort === undefined)
            return { target: r.target };
        return { target: { host: this.options.forwardIP ?? "localhost", port: this.options.forwardPort ?? 80 } };
    }
    onRequest(req, res) {
        const started = this.log.isVerbose ? performance.now() : 0;
        this.inflight++;
        let outcome = "";
        let forward;
        res.once("close", () => {
            this.inflight--;
            if (forward !== undefined && !forward.finished)
                forward.cancel(); // the client went away
            if (this.log.isVerbose) {
                this.log.debug("request", {
                    method: req.method,
                    status: res.statusCode,
                    outcome,
                    ms: Math.round((performance.now() - started) * 10) / 10,
                });
            }
            if (this.draining) {
                this.server.closeIdleConnections();
                if (this.inflight === 0)
                    this.notifyDrained();
            }
        });
        if (this.draining)
            res.shouldKeepAlive = false;
        let r;
        try {
            r = this.resolveRequest(req);
        }
        catch (e) {
            this.log.error("routing failed", { error: e.message });
            outcome = "error";
            this.sendError(req, res, 502);
            return;
        }
        switch (r.kind) {
            case "bad-request":
                outcome = `bad-request: ${r.reason}`;
                this.sendError(req, res, 400);
                return;
            case "not-found":
                outcome = r.key ? `${r.reason} key=${r.key}` : r.reason;
                this.sendError(req, res, 404);
                return;
            case "health":
                if (!this.isHealthHost(req, r.hostname)) {
                    outcome = "not-a-tool-url (health asked on a public host name)";
                    this.sendError(req, res, 404);
                    return;
                }
                outcome = "health";
                this.sendHealth(req, res);
                return;
            case "route": {
                const { target, headers } = this.forwarding(req, r);
                if (headers === undefined) {
                    outcome = "too many header lines";
                    this.log.warn("request refused: more header lines than a backend keeps", { lines: req.rawHeaders.length / 2 });
                    this.sendError(req, res, 431);
                    return;
                }
                if (this.log.isVerbose) {
                    outcome = `${r.via}${r.key ? ` key=${r.key}` : ""} -> ${r.target.host}:${r.target.port}${r.token ? ` token=${redactToken(r.token)}` : ""}`;
                }
                const method = req.method;
                const hasBody = req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");
                forward = new Forward(this, req, res, { origin: originOf(target), path: r.url, method, headers, body: hasBody ? req : null }, { corsOrigin: this.options.cors === "reflect" ? req.headers.origin : null, reverseProxyPort: this.options.reverseProxy ? this.options.port : undefined });
                forward.start();
                return;
            }
        }
    }
    backendRetry(fwd, err) {
        this.log.debug("retrying on a fresh backend connection", { target: String(fwd.opts.origin), code: err.code });
    }
    backendFailed(fwd, err) {
        const { req, res } = fwd;
        if (res.destroyed || res.socket?.destroyed === true) {
            res.destroy();
            return;
        }
        const status = TIMEOUT_CODES.has(err.code ?? "") ? 504 : 502;
        this.log.debug("backend error", { target: String(fwd.opts.origin), code: err.code ?? "ERR", error: err.message, status });
        this.sendError(req, res, status);
    }
    /**
     * Headers of a websocket handshake, which http-proxy sends from
     * req.headers: the same rules as forward.ts, applied in place.
     */
    prepareUpgrade(req, r) {
        const h = req.headers;
        for (const name of Object.keys(h))
            if (name.startsWith("x-interactive-tool-"))
                delete h[name];
        if (r.authority)
            h.host = r.authority;
        if (r.pathHeader)
            h[r.pathHeader[0].toLowerCase()] = r.pathHeader[1];
        const remote = req.socket.remoteAddress;
        if (remote) {
            const prior = h["x-forwarded-for"];
            h["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${remote}` : remote;
        }
        if (h["x-forwarded-proto"] === undefined)
            h["x-forwarded-proto"] = "http";
        if (h["x-forwarded-host"] === undefined && h.host !== undefined)
            h["x-forwarded-host"] = h.host;
        req.url = r.url;
        const { target } = this.forwardTarget(r);
        if (target !== r.target) {
            h["x-interactive-tool-host"] = r.target.host;
            h["x-interactive-tool-port"] = String(r.target.port);
        }
        return target;
    }
    onUpgrade(req, socket, head) {
        socket.on("error", () => socket.destroy());
        if (this.draining) {
            writeRawError(socket, 503);
            return;
        }
        const r = this.resolveRequest(req);
        if (r.kind === "bad-request")
            return writeRawError(socket, 400);
        if (r.kind === "not-found" || r.kind === "health") {
            this.log.debug("websocket refused", { reason: r.kind === "not-found" ? r.reason : "health", key: r.kind === "not-found" ? r.key : undefined });
            return writeRawError(socket, 404);
        }
        const upgrade = String(req.headers.upgrade ?? "").toLowerCase();
        if (req.method !== "GET" || upgrade !== "websocket")
            return writeRawError(socket, 400);
        const target = this.prepareUpgrade(req, r);
        this.upgraded.add(socket);
        socket.once("close", () => this.upgraded.delete(socket));
        this.log.debug("websocket", { via: r.via, key: r.key, target: `${r.target.host}:${r.target.port}` });
        this.wsProxy.ws(req, socket, head, { target, agent: this.wsAgent }, (err) => {
            const e = err;
            const s = socket;
            const responded = (s.bytesWritten ?? 0) > 0 || s.writableLength > 0;
            this.log.debug("websocket backend error", { target: `${target.host}:${target.port}`, code: e.code ?? "ERR", error: e.message });
            if (!responded && socket.writable) {
                writeRawError(socket, e.code === CONNECT_TIMEOUT || e.code === IDLE_TIMEOUT ? 504 : 502);
            }
            else
                socket.destroy();
        });
    }
    sendError(req, res, status) {
        if (res.headersSent) {
            res.destroy();
            return;
        }
        const body = errorPage(status);
        res.writeHead(status, {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Length": Buffer.byteLength(body),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            // A body still coming (an upload to an unknown session) is not wanted:
            // close the connection after the answer instead of reading it to its end.
            ...(this.draining || status === 400 || status === 431 || !req.complete ? { Connection: "close" } : {}),
        });
        res.end(req.method === "HEAD" ? undefined : body);
        if (!req.complete)
            req.resume();
    }
    sendHealth(req, res) {
        const map = this.map?.status();
        const body = JSON.stringify({
            status: this.draining ? "draining" : "ok",
            version: this.version,
            mode: this.map ? "sessions" : "headers",
            sessions: map ? map.sessions : null,
            map: map ?? null,
            uptime_s: Math.round((Date.now() - this.startedAt) / 1000),
            inflight: this.inflight - 1,
            websockets: this.upgraded.size,
        });
        res.writeHead(this.draining ? 503 : 200, {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            "Cache-Control": "no-store",
        });
        res.end(req.method === "HEAD" ? undefined : body);
    }
    notifyDrained() {
        const waiters = this.drainWaiters;
        this.drainWaiters = [];
        for (const w of waiters)
            w();
    }
    /**
     * Graceful stop: close the listener, let in-flight HTTP requests finish
     * (up to drainTimeout), then close websockets and whatever is left.
     */
    async shutdown(drainTimeoutMs) {
        if (!this.draining) {
            this.draining = true;
            this.server.close();
            this.server.closeIdleConnections();
        }
        let drained = this.inflight === 0;
        if (!drained) {
            drained = await new Promise((resolveDrain) => {
                const timer = setTimeout(() => resolveDrain(false), drainTimeoutMs);
                this.drainWaiters.push(() => {
                    clearTimeout(timer);
                    resolveDrain(true);
                });
            });
        }
        for (const s of this.upgraded)
            s.destroy();
        this.upgraded.clear();
        this.server.closeAllConnections();
        await Promise.all([this.agent.destroy(), this.retryAgent.destroy()]).catch(() => undefined);
        this.wsAgent.destroy();
        this.wsProxy.close();
        return { drained };
    }
    get inflightRequests() {
        return this.inflight;
    }
}
function writeRawError(socket, status) {
    if (!socket.writable) {
        socket.destroy();
        return;
    }
    const body = errorPage(status);
    socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}\r\n` +
        "Content-Type: text/html; charset=utf-8\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        "Cache-Control: no-store\r\n" +
        "Connection: close\r\n\r\n" +
        body);
}
function stripBrackets(host) {
    return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
/** undici's origin for a backend (IPv6 literals in brackets). */
function originOf(t) {
    return t.host.includes(":") ? `http://[${t.host}]:${t.port}` : `http://${t.host}:${t.port}`;
}
