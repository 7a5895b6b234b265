// The proxy server: applies routing decisions (resolve.ts) with http-proxy,
// owns the timeouts, the error pages, the health endpoint and graceful drain.
import http from "node:http";
import net from "node:net";
import httpProxy from "http-proxy";
import { redactToken } from "./log.js";
import { resolve } from "./resolve.js";
const CONNECT_TIMEOUT = "GXIT_CONNECT_TIMEOUT";
const IDLE_TIMEOUT = "GXIT_IDLE_TIMEOUT";
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);
function codedError(code, message) {
    return Object.assign(new Error(message), { code });
}
/**
 * An http.Agent with a connect timeout and an idle timeout on active
 * sockets (http.Agent alone only times out pooled ones). Expiry destroys the
 * socket with a coded error, which http-proxy hands to our error callback.
 * Pooled sockets follow http.Agent's rules: dropped when the backend closes
 * them, after a backend's Keep-Alive timeout hint, or after the idle
 * timeout. (Re-arming socket timers on every request costs ~20 % throughput.)
 * A request that meets a pooled socket the backend just closed is resent
 * once when that is safe (see onWebError).
 */
class BackendAgent extends http.Agent {
    connectTimeoutMs;
    idleTimeoutMs;
    constructor(options, connectTimeoutMs, idleTimeoutMs) {
        super(options);
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
            // Pooled (free) sockets are destroyed by http.Agent itself.
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
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
};
const MESSAGES = {
    400: "The request could not be understood by the Interactive Tools proxy.",
    404: "This Interactive Tool does not exist or has ended. Open it again from Galaxy.",
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
    proxy;
    agent;
    wsAgent;
    options;
    log;
    map;
    version;
    pathClass;
    startedAt = Date.now();
    inflight = 0;
    upgraded = new Set();
    draining = false;
    lastProxyReq = new WeakMap();
    drainWaiters = [];
    constructor(cfg) {
        this.options = cfg.options;
        this.log = cfg.log;
        this.map = cfg.map;
        this.version = cfg.version;
        const prefix = this.options.proxyPathPrefix;
        this.pathClass = prefix === undefined ? undefined : prefix.slice(prefix.lastIndexOf("/") + 1) || undefined;
        this.agent = new BackendAgent({ keepAlive: true, timeout: this.options.idleTimeout, maxFreeSockets: 256 }, this.options.connectTimeout, this.options.idleTimeout);
        this.wsAgent = new BackendAgent({ keepAlive: false, timeout: this.options.idleTimeout }, this.options.connectTimeout, this.options.idleTimeout);
        this.proxy = httpProxy.createProxyServer({ ws: true, xfwd: false, changeOrigin: false, agent: this.agent });
        this.proxy.on("proxyRes", (proxyRes, req, res) => this.onProxyRes(proxyRes, req, res));
        this.proxy.on("proxyReq", (proxyReq, req) => this.lastProxyReq.set(req, proxyReq));
        // Fallback; every call passes its own callback.
        this.proxy.on("error", (err) => this.log.warn("proxy error", { error: err.message }));
        this.server = http.createServer();
        this.server.requestTimeout = 0; // long uploads are fine; the backend idle timeout bounds waiting
        this.server.headersTimeout = 60_000;
        this.server.keepAliveTimeout = 5_000;
        this.server.on("request", (req, res) => this.onRequest(req, res));
        this.server.on("upgrade", (req, socket, head) => this.onUpgrade(req, socket, head));
        this.server.on("clientError", (err, socket) => {
            if (err.code === "ECONNRESET" || !socket.writable) {
                socket.destroy();
                return;
            }
            const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
            const text = status === 431 ? "Request Header Fields Too Large" : "Bad Request";
            socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        });
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
    resolveRequest(req) {
        return resolve(req.method, req.url, req.headers, {
            proxyPathPrefix: this.options.proxyPathPrefix,
            pathClass: this.pathClass,
            table: this.map?.table,
        });
    }
    /** Headers for the backend: nothing the client sent can choose the target. */
    prepareForwarding(req, r) {
        const h = req.headers;
        for (const name of Object.keys(h))
            if (name.startsWith("x-interactive-tool-"))
                delete h[name];
        if (r.pathHeader)
            h[r.pathHeader[0].toLowerCase()] = r.pathHeader[1];
        const remote = req.socket.remoteAddress;
        if (remote) {
            const prior = h["x-forwarded-for"];
            h["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${remote}` : remote;
        }
        if (h["x-forwarded-proto"] === undefined)
            h["x-forwarded-proto"] = "http"; // no TLS here; a TLS front end sets its own
        if (h["x-forwarded-host"] === undefined && h.host !== undefined)
            h["x-forwarded-host"] = h.host;
        req.url = r.url;
        let target = r.target;
        if (this.options.forwardIP !== undefined || this.options.forwardPort !== undefined) {
            h["x-interactive-tool-host"] = r.target.host;
            h["x-interactive-tool-port"] = String(r.target.port);
            target = { host: this.options.forwardIP ?? "localhost", port: this.options.forwardPort ?? 80 };
        }
        return target;
    }
    onRequest(req, res) {
        const started = performance.now();
        this.inflight++;
        let outcome = "";
        res.once("close", () => {
            this.inflight--;
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
            req.headers.connection = "close";
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
                outcome = "health";
                this.sendHealth(req, res);
                return;
            case "route": {
                const target = this.prepareForwarding(req, r);
                if (this.log.isVerbose) {
                    outcome = `${r.via}${r.key ? ` key=${r.key}` : ""} -> ${r.target.host}:${r.target.port}${r.token ? ` token=${redactToken(r.token)}` : ""}`;
                }
                this.forwardWeb(req, res, target, true);
                return;
            }
        }
    }
    forwardWeb(req, res, target, mayRetry) {
        this.proxy.web(req, res, { target }, (err) => this.onWebError(err, req, res, target, mayRetry));
    }
    onWebError(err, req, res, target, mayRetry) {
        if (req.socket.destroyed) {
            res.destroy();
            return;
        }
        // A pooled backend connection the backend had just closed: the request
        // never reached it, so a body-less idempotent request is sent once more.
        const proxyReq = this.lastProxyReq.get(req);
        if (mayRetry &&
            proxyReq?.reusedSocket === true &&
            (err.code === "ECONNRESET" || err.code === "EPIPE") &&
            !res.headersSent &&
            IDEMPOTENT.has(req.method ?? "") &&
            req.headers["content-length"] === undefined &&
            req.headers["transfer-encoding"] === undefined) {
            this.log.debug("retrying on a fresh backend connection", { target: `${target.host}:${target.port}`, code: err.code });
            this.forwardWeb(req, res, target, false);
            return;
        }
        const status = err.code === CONNECT_TIMEOUT || err.code === IDLE_TIMEOUT || err.code === "ETIMEDOUT" ? 504 : 502;
        this.log.debug("backend error", { target: `${target.host}:${target.port}`, code: err.code ?? "ERR", error: err.message, status });
        if (res.headersSent) {
            res.destroy();
            return;
        }
        this.sendError(req, res, status);
    }
    onProxyRes(proxyRes, req, res) {
        // A backend that dies mid-body must not leave the client waiting.
        const abort = () => {
            if (!res.writableEnded)
                res.destroy();
        };
        proxyRes.on("error", abort);
        proxyRes.on("aborted", abort);
        if (this.options.cors === "reflect") {
            const origin = req.headers.origin;
            if (origin !== undefined && proxyRes.headers["access-control-allow-origin"] === undefined) {
                proxyRes.headers["access-control-allow-origin"] = origin;
            }
            if (proxyRes.headers["access-control-allow-credentials"] === undefined) {
                proxyRes.headers["access-control-allow-credentials"] = "true";
            }
        }
        if (this.options.reverseProxy && proxyRes.statusCode === 302) {
            const loc = proxyRes.headers.location;
            if (typeof loc === "string" && loc.startsWith("http://localhost/")) {
                proxyRes.headers.location = `http://localhost:${this.options.port}/${loc.slice("http://localhost/".length)}`;
            }
        }
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
        const target = this.prepareForwarding(req, r);
        this.upgraded.add(socket);
        socket.once("close", () => this.upgraded.delete(socket));
        this.log.debug("websocket", { via: r.via, key: r.key, target: `${r.target.host}:${r.target.port}` });
        this.proxy.ws(req, socket, head, { target, agent: this.wsAgent }, (err) => {
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
            ...(this.draining || status === 400 ? { Connection: "close" } : {}),
        });
        res.end(req.method === "HEAD" ? undefined : body);
        // The request body (if any) is not wanted; don't let it stall the socket.
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
        this.agent.destroy();
        this.wsAgent.destroy();
        this.proxy.close();
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
