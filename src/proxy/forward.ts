// The HTTP data path to a backend, on undici's Agent (one keep-alive pool per
// backend origin, no pipelining). http-proxy, built on http.ClientRequest, was
// the throughput ceiling (docs/benchmarks.md); undici's dispatch() hands us
// the backend's raw status, headers and body chunks with no intermediate
// objects, and its parser pauses the backend socket while the client cannot
// take more (backpressure both ways; bodies are never buffered here).
//
// Header rules (RFC 9110 §7.6.1, §7.6.2):
// - hop-by-hop headers (Connection and the names it lists, Keep-Alive, TE,
//   Transfer-Encoding, Upgrade, Proxy-Connection, Trailer, Expect — Node has
//   already answered an Expect: 100-continue) are not forwarded either way;
//   undici and Node's server frame each side's connection themselves;
// - everything else keeps the client's (or backend's) order and duplicates;
// - X-Forwarded-For gets the client address appended where the client's
//   first one was; X-Forwarded-Proto/-Host are added at the end unless a front
//   end sent them;
// - the forwarded request never has more header lines than a Node backend
//   keeps (Node drops lines past the 1000th without a word): 431 instead.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Agent, Dispatcher } from "undici";

/** Header lines a Node.js backend keeps (http.Server's default maxHeadersCount). */
export const BACKEND_MAX_HEADERS = 1000;

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "transfer-encoding", "upgrade", "trailer", "expect"]);
const IDEMPOTENT_NO_BODY = new Set(["GET", "HEAD", "OPTIONS"]);

/** Names listed in a Connection header (other than keep-alive/close), lower-cased. */
function connectionTokens(value: string): string[] {
  const out: string[] = [];
  for (const t of value.split(",")) {
    const name = t.trim().toLowerCase();
    if (name !== "" && name !== "close" && name !== "keep-alive") out.push(name);
  }
  return out;
}

export interface ForwardedRequestHeaders {
  /** Host to send: the routed host for absolute-form requests, else the client's. */
  host: string | undefined;
  /** A header to set (requires_path_in_header_named), replacing any client value. */
  pathHeader: [string, string] | undefined;
  /** x-interactive-tool-host/-port for a double proxy (replacing any client value). */
  toolTarget: [string, string] | undefined;
  remoteAddress: string | undefined;
}

/**
 * The header lines for the backend, flat ([name, value, name, value, …]),
 * or undefined when they would exceed BACKEND_MAX_HEADERS.
 */
export function requestHeaders(raw: readonly string[], f: ForwardedRequestHeaders): string[] | undefined {
  const out: string[] = [];
  let dropped: Set<string> | undefined;
  let xffAt = -1;
  let hostSeen = false;
  let protoSeen = false;
  let fwdHostSeen = false;
  let clientHost: string | undefined;
  const pathName = f.pathHeader?.[0].toLowerCase();
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) {
      if (lower === "connection") for (const t of connectionTokens(value)) (dropped ??= new Set()).add(t);
      continue;
    }
    if (lower === "host") {
      // A second Host line is rejected by Node's parser; keep the first.
      if (hostSeen) continue;
      hostSeen = true;
      clientHost = value;
      out.push(name, f.host ?? value);
      continue;
    }
    if (lower.startsWith("x-interactive-tool-") || lower === pathName) continue;
    if (lower === "x-forwarded-for") {
      if (xffAt >= 0) out[xffAt + 1] += `, ${value}`;
      else {
        xffAt = out.length;
        out.push(name, value);
      }
      continue;
    }
    if (lower === "x-forwarded-proto") protoSeen = true;
    else if (lower === "x-forwarded-host") fwdHostSeen = true;
    out.push(name, value);
  }
  if (dropped !== undefined) {
    for (let i = out.length - 2; i >= 0; i -= 2) {
      if (dropped.has(out[i]!.toLowerCase()) && out[i]!.toLowerCase() !== "host") {
        out.splice(i, 2);
        if (i < xffAt) xffAt -= 2;
        else if (i === xffAt) xffAt = -1;
      }
    }
  }
  if (!hostSeen && f.host !== undefined) out.unshift("host", f.host);
  if (f.remoteAddress !== undefined) {
    if (xffAt >= 0) out[xffAt + 1] += `, ${f.remoteAddress}`;
    else out.push("x-forwarded-for", f.remoteAddress);
  }
  if (!protoSeen) out.push("x-forwarded-proto", "http"); // no TLS here; a TLS front end sets its own
  const forwardedHost = f.host ?? clientHost;
  if (!fwdHostSeen && forwardedHost !== undefined) out.push("x-forwarded-host", forwardedHost);
  if (f.pathHeader) out.push(f.pathHeader[0], f.pathHeader[1]);
  if (f.toolTarget) out.push("x-interactive-tool-host", f.toolTarget[0], "x-interactive-tool-port", f.toolTarget[1]);
  return out.length / 2 > BACKEND_MAX_HEADERS ? undefined : out;
}

export interface ResponseRewrite {
  /** gx-it-proxy's CORS headers: reflect this Origin (or undefined), add Allow-Credentials. */
  corsOrigin: string | undefined | null;
  /** --reverseProxy: the proxy's port for 302 Location rewriting, or undefined. */
  reverseProxyPort: number | undefined;
}

/** The backend's response header lines for the client (flat, strings), hop-by-hop removed. */
export function responseHeaders(status: number, raw: readonly Buffer[], rw: ResponseRewrite): string[] {
  const out: string[] = [];
  let dropped: string[] | undefined;
  let hasAllowOrigin = false;
  let hasAllowCredentials = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString("latin1");
    let value = raw[i + 1]!.toString("latin1");
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) {
      if (lower === "connection") (dropped ??= []).push(...connectionTokens(value));
      continue;
    }
    if (lower === "access-control-allow-origin") hasAllowOrigin = true;
    else if (lower === "access-control-allow-credentials") hasAllowCredentials = true;
    else if (lower === "location" && status === 302 && rw.reverseProxyPort !== undefined && value.startsWith("http://localhost/")) {
      value = `http://localhost:${rw.reverseProxyPort}/${value.slice("http://localhost/".length)}`;
    }
    out.push(name, value);
  }
  if (dropped !== undefined && dropped.length > 0) {
    for (let i = out.length - 2; i >= 0; i -= 2) if (dropped.includes(out[i]!.toLowerCase())) out.splice(i, 2);
  }
  if (rw.corsOrigin !== null) {
    if (rw.corsOrigin !== undefined && !hasAllowOrigin) out.push("access-control-allow-origin", rw.corsOrigin);
    if (!hasAllowCredentials) out.push("access-control-allow-credentials", "true");
  }
  return out;
}

/** How a failed exchange with the backend ends, decided by the server. */
export interface ForwardOwner {
  readonly agent: Agent;
  /** Resends: a new connection each time, closed after the response. */
  readonly retryAgent: Agent;
  /** The request is being resent once after err (logged). */
  backendRetry(fwd: Forward, err: NodeJS.ErrnoException): void;
  /** The backend failed before any response byte reached the client. */
  backendFailed(fwd: Forward, err: NodeJS.ErrnoException): void;
}

const RETRYABLE = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

/**
 * One request's exchange with its backend: undici's dispatch handler. It
 * writes the response to the client as it arrives and stops reading the
 * backend while the client is not reading (res.write() returned false);
 * undici's body timeout does not run while paused, so --idleTimeout counts
 * backend silence only.
 */
export class Forward implements Dispatcher.DispatchHandlers {
  private abortBackend: ((err?: Error) => void) | undefined;
  private resumeBackend: (() => void) | undefined;
  private waitingForDrain = false;
  /** Response headers went to the client. */
  started = false;
  /** The exchange ended (completed or failed). */
  finished = false;
  private mayRetry: boolean;

  constructor(
    private readonly owner: ForwardOwner,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly opts: Dispatcher.DispatchOptions,
    private readonly rewrite: ResponseRewrite,
  ) {
    // A request the backend may not have seen is resent once on a fresh
    // connection only when that is harmless: an idempotent method without a
    // body. Requests with a body are never resent; the pool's short idle
    // lifetime (--keepAliveTimeout) keeps them off connections a backend is
    // about to close.
    this.mayRetry = opts.body === null && IDEMPOTENT_NO_BODY.has(opts.method);
  }

  start(): void {
    this.owner.agent.dispatch(this.opts, this);
  }

  /** Once more on a fresh connection: the pool's others may be as stale as the one that failed. */
  private resend(): void {
    this.owner.retryAgent.dispatch({ ...this.opts, reset: true }, this);
  }

  /** The client went away: stop the backend exchange. */
  cancel(): void {
    if (this.finished) return;
    this.finished = true;
    this.abortBackend?.();
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.finished) abort();
    else this.abortBackend = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true; // 1xx (103 Early Hints): not relayed
    const headers = responseHeaders(statusCode, rawHeaders, this.rewrite);
    this.resumeBackend = resume;
    this.res.writeHead(statusCode, statusText || undefined, headers);
    this.started = true;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.res.write(chunk)) return true;
    if (!this.waitingForDrain) {
      this.waitingForDrain = true;
      this.res.once("drain", this.onDrain);
    }
    return false;
  }

  private readonly onDrain = (): void => {
    this.waitingForDrain = false;
    if (!this.finished) this.resumeBackend?.();
  };

  onComplete(): void {
    this.finished = true;
    this.res.end();
  }

  onError(err: Error): void {
    if (this.finished) return; // cancelled by us
    const e = err as NodeJS.ErrnoException;
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
