/** Header lines a Node.js backend keeps (http.Server's default maxHeadersCount). */
export const BACKEND_MAX_HEADERS = 1000;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "transfer-encoding", "upgrade", "trailer", "expect"]);
const IDEMPOTENT_NO_BODY = new Set(["GET", "HEAD", "OPTIONS"]);
/** Names listed in a Connection header (other than keep-alive/close), lower-cased. */
function connectionTokens(value) {
    const out = [];
    for (const t of value.split(",")) {
        const name = t.trim().toLowerCase();
        if (name !== "" && name !== "close" && name !== "keep-alive")
            out.push(name);
    }
    return out;
}
/**
 * The header lines for the backend, flat ([name, value, name, value, …]),
 * or undefined when they would exceed BACKEND_MAX_HEADERS.
 */
export function requestHeaders(raw, f) {
    const out = [];
    let dropped;
    let xffAt = -1;
    let hostSeen = false;
    let protoSeen = false;
    let fwdHostSeen = false;
    let clientHost;
    const pathName = f.pathHeader?.[0].toLowerCase();
    for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i];
        const value = raw[i + 1];
        const lower = name.toLowerCase();
        if (HOP_BY_HOP.has(lower)) {
            if (lower === "connection")
                for (const t of connectionTokens(value))
                    (dropped ??= new Set()).add(t);
            continue;
        }
        if (lower === "host") {
            // A second Host line is rejected by Node's parser; keep the first.
            if (hostSeen)
                continue;
            hostSeen = true;
            clientHost = value;
            out.push(name, f.host ?? value);
            continue;
        }
        if (lower.startsWith("x-interactive-tool-") || lower === pathName)
            continue;
        if (lower === "x-forwarded-for") {
            if (xffAt >= 0)
                out[xffAt + 1] += `, ${value}`;
            else {
                xffAt = out.length;
                out.push(name, value);
            }
            continue;
        }
        if (lower === "x-forwarded-proto")
            protoSeen = true;
        else if (lower === "x-forwarded-host")
            fwdHostSeen = true;
        out.push(name, value);
    }
    if (dropped !== undefined) {
        for (let i = out.length - 2; i >= 0; i -= 2) {
            if (dropped.has(out[i].toLowerCase()) && out[i].toLowerCase() !== "host") {
                out.splice(i, 2);
                if (i < xffAt)
                    xffAt -= 2;
                else if (i === xffAt)
                    xffAt = -1;
            }
        }
    }
    if (!hostSeen && f.host !== undefined)
        out.unshift("host", f.host);
    if (f.remoteAddress !== undefined) {
        if (xffAt >= 0)
            out[xffAt + 1] += `, ${f.remoteAddress}`;
        else
            out.push("x-forwarded-for", f.remoteAddress);
    }
    if (!protoSeen)
        out.push("x-forwarded-proto", "http"); // no TLS here; a TLS front end sets its own
    const forwardedHost = f.host ?? clientHost;
    if (!fwdHostSeen && forwardedHost !== undefined)
        out.push("x-forwarded-host", forwardedHost);
    if (f.pathHeader)
        out.push(f.pathHeader[0], f.pathHeader[1]);
    if (f.toolTarget)
        out.push("x-interactive-tool-host", f.toolTarget[0], "x-interactive-tool-port", f.toolTarget[1]);
    return out.length / 2 > BACKEND_MAX_HEADERS ? undefined : out;
}
/** The backend's response header lines for the client (flat, strings), hop-by-hop removed. */
export function responseHeaders(status, raw, rw) {
    const out = [];
    let dropped;
    let hasAllowOrigin = false;
    let hasAllowCredentials = false;
    for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i].toString("latin1");
        let value = raw[i + 1].toString("latin1");
        const lower = name.toLowerCase();
        if (HOP_BY_HOP.has(lower)) {
            if (lower === "connection")
                (dropped ??= []).push(...connectionTokens(value));
            continue;
        }
        if (lower === "access-control-allow-origin")
            hasAllowOrigin = true;
        else if (lower === "access-control-allow-credentials")
            hasAllowCredentials = true;
        else if (lower === "location" && status === 302 && rw.reverseProxyPort !== undefined && value.startsWith("http://localhost/")) {
            value = `http://localhost:${rw.reverseProxyPort}/${value.slice("http://localhost/".length)}`;
        }
        out.push(name, value);
    }
    if (dropped !== undefined && dropped.length > 0) {
        for (let i = out.length - 2; i >= 0; i -= 2)
            if (dropped.includes(out[i].toLowerCase()))
                out.splice(i, 2);
    }
    if (rw.corsOrigin !== null) {
        if (rw.corsOrigin !== undefined && !hasAllowOrigin)
            out.push("access-control-allow-origin", rw.corsOrigin);
        if (!hasAllowCredentials)
            out.push("access-control-allow-credentials", "true");
    }
    return out;
}
const RETRYABLE = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);
/**
 * One request's exchange with its backend: undici's dispatch handler. It
 * writes the response to the client as it arrives and stops reading the
 * backend while the client is not reading (res.write() returned false);
 * undici's body timeout does not run while paused, so --idleTimeout counts
 * backend silence only.
 */
export class Forward {
    owner;
    req;
    res;
    opts;
    rewrite;
    abortBackend;
    resumeBackend;
    waitingForDrain = false;
    /** Response headers went to the client. */
    started = false;
    /** The exchange ended (completed or failed). */
    finished = false;
    mayRetry;
    constructor(owner, req, res, opts, rewrite) {
        this.owner = owner;
        this.req = req;
        this.res = res;
        this.opts = opts;
        this.rewrite = rewrite;
        // A request the backend may not have seen is resent once on a fresh
        // connection only when that is harmless: an idempotent method without a
        // body. Requests with a body are never resent; the pool's short idle
        // lifetime (--keepAliveTimeout) keeps them off connections a backend is
        // about to close.
        this.mayRetry = opts.body === null && IDEMPOTENT_NO_BODY.has(opts.method);
    }
    start() {
        this.owner.agent.dispatch(this.opts, this);
    }
    /** Once more on a fresh connection: the pool's others may be as stale as the one that failed. */
    resend() {
        this.owner.retryAgent.dispatch({ ...this.opts, reset: true }, this);
    }
    /** The client went away: stop the backend exchange. */
    cancel() {
        if (this.finished)
            return;
        this.finished = true;
        this.abortBackend?.();
    }
    onConnect(abort) {
        if (this.finished)
            abort();
        else
            this.abortBackend = abort;
    }
    onHeaders(statusCode, rawHeaders, resume, statusText) {
        if (statusCode < 200)
            return true; // 1xx (103 Early Hints): not relayed
        const headers = responseHeaders(statusCode, rawHeaders, this.rewrite);
        this.resumeBackend = resume;
        this.res.writeHead(statusCode, statusText || undefined, headers);
        this.started = true;
        return true;
    }
    onData(chunk) {
        if (this.res.write(chunk))
            return true;
        if (!this.waitingForDrain) {
            this.waitingForDrain = true;
            this.res.once("drain", this.onDrain);
        }
        return false;
    }
    onDrain = () => {
        this.waitingForDrain = false;
        if (!this.finished)
            this.resumeBackend?.();
    };
    onComplete() {
        this.finished = true;
        this.res.end();
    }
    onError(err) {
        if (this.finished)
            return; // cancelled by us
        const e = err;
        if (!this.started && this.mayRetry && RETRYABLE.has(e.code ?? "") && !this.res.destroyed) {
            this.mayRetry = false;
            this.abortBackend = undefined;
            this.owner.backendRetry(this, e);
            this.resend();
            return;
        }
        this.finished = true;
        if (this.started) {
            // Mid-body: the client must not wait for the rest.
            this.res.destroy();
            return;
        }
        this.owner.backendFailed(this, e);
    }
}
