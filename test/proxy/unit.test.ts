// Pure parts of the proxy: option parsing, Host/URL parsing, routing decisions, the route table.
import { expect } from "chai";
import { BACKEND_MAX_HEADERS, requestHeaders, responseHeaders } from "../../src/proxy/forward.js";
import { parseOptions } from "../../src/proxy/options.js";
import { libpqUrl, redactUrl } from "../../src/proxy/postgres-url.js";
import { parseHost, parseRequestTarget, resolve, type ResolveConfig } from "../../src/proxy/resolve.js";
import { RouteTable, routeFromRow, tokenMatches } from "../../src/proxy/routes.js";

function table(rows: { key: string; token: string; key_type?: string; port?: number; info?: unknown }[]): RouteTable {
  const t = new RouteTable();
  for (const r of rows) t.addRow({ key: r.key, key_type: r.key_type ?? "interactivetoolentrypoint", token: r.token, host: "10.0.0.5", port: r.port ?? 8888, info: r.info ?? null });
  return t;
}

describe("proxy options", () => {
  it("has gx-it-proxy's defaults", () => {
    const r = parseOptions(["--sessions", "/x/map.sqlite"]);
    expect(r.kind).to.equal("run");
    if (r.kind !== "run") return;
    expect(r.options.ip).to.equal("localhost");
    expect(r.options.port).to.equal(8000);
    expect(r.options.proxyPathPrefix).to.equal(undefined);
    expect(r.options.reverseProxy).to.equal(false);
    expect(r.options.verbose).to.equal(false);
  });

  it("accepts the flags Gravity passes, in both --flag value and --flag=value forms", () => {
    const r = parseOptions(["--ip", "0.0.0.0", "--port=4002", "--sessions", "database/interactivetools_map.sqlite", "--verbose", "--proxyPathPrefix", "/interactivetool/ep", "--forwardIP", "10.0.0.1", "--forwardPort", "8910", "--reverseProxy", "--pollingInterval", "5000"]);
    expect(r.kind).to.equal("run");
    if (r.kind !== "run") return;
    expect(r.options).to.include({ ip: "0.0.0.0", port: 4002, verbose: true, proxyPathPrefix: "/interactivetool/ep", forwardIP: "10.0.0.1", forwardPort: 8910, reverseProxy: true, pollingInterval: 5000 });
  });

  it("refuses to start without a sessions map unless header routing is explicit", () => {
    const r = parseOptions([]);
    expect(r.kind).to.equal("error");
    if (r.kind === "error") expect(r.message).to.match(/open relay/);
    expect(parseOptions(["--headerRouting"]).kind).to.equal("run");
  });

  it("accepts the PostgreSQL URL forms of Galaxy's interactivetoolsproxy_map and libpq", () => {
    for (const url of [
      "postgresql:///gxitproxy?host=/var/run/postgresql",
      "postgresql://galaxy:s3cret@db.example.org:5432/gxitproxy",
      "postgres://galaxy@db/gxitproxy",
      "postgresql+psycopg2://galaxy:pw@db/gxitproxy",
    ]) {
      const r = parseOptions(["--sessions", url, "--createTrigger"]);
      expect(r.kind, url).to.equal("run");
      if (r.kind === "run") expect(r.options).to.include({ sessions: url, createTrigger: true });
    }
    expect(libpqUrl("postgresql+psycopg2://u:p@h/db")).to.equal("postgresql://u:p@h/db");
    expect(redactUrl("postgresql://galaxy:s3cret@db:5432/x")).to.equal("postgresql://galaxy:***@db:5432/x");
    expect(redactUrl("postgresql:///x?host=/run&password=s3cret")).to.equal("postgresql:///x?host=/run&password=***");
    const r = parseOptions(["--sessions", "/srv/map.sqlite", "--createTrigger"]);
    expect(r.kind).to.equal("error");
    if (r.kind === "error") expect(r.message).to.match(/--createTrigger needs a PostgreSQL map/);
  });

  it("accepts Galaxy's sqlite:/// form and normalises the path prefix", () => {
    const r = parseOptions(["--sessions", "sqlite:////srv/galaxy/map.sqlite", "--proxyPathPrefix", "interactivetool/ep/"]);
    expect(r.kind).to.equal("run");
    if (r.kind !== "run") return;
    expect(r.options.sessions).to.equal("/srv/galaxy/map.sqlite");
    expect(r.options.proxyPathPrefix).to.equal("/interactivetool/ep");
  });

  it("rejects bad numbers, unknown flags and a prefix over the health endpoint", () => {
    expect(parseOptions(["--sessions", "m", "--port", "80x"]).kind).to.equal("error");
    expect(parseOptions(["--sessions", "m", "--bogus"]).kind).to.equal("error");
    expect(parseOptions(["--sessions", "m", "--proxyPathPrefix", "/_gxit-proxy"]).kind).to.equal("error");
    expect(parseOptions(["--sessions", "m", "--headerRouting"]).kind).to.equal("error");
  });
});

describe("proxy Host and request-target parsing", () => {
  it("parses host names, ports and IP literals", () => {
    expect(parseHost("K1-T1.ep.interactivetool.Example.org:8000")).to.deep.equal({ hostname: "k1-t1.ep.interactivetool.example.org", isIpLiteral: false });
    expect(parseHost("127.0.0.1:4002")?.isIpLiteral).to.equal(true);
    expect(parseHost("[::1]:4002")?.isIpLiteral).to.equal(true);
    for (const bad of ["bad host", "a..b", "x:port", "[::1", "a/b", "\u00e9.org", ""]) expect(parseHost(bad), bad).to.equal(undefined);
  });

  it("parses origin- and absolute-form targets and rejects the rest", () => {
    expect(parseRequestTarget("/a/b?x=1")).to.deep.equal({ path: "/a/b", query: "?x=1", authority: undefined });
    expect(parseRequestTarget("http://k-t.ep.x.org/p?q")).to.deep.equal({ path: "/p", query: "?q", authority: "k-t.ep.x.org" });
    for (const bad of ["*", "a/b", "//evil/x", "/%E0%A4%A", "ftp://x/y"]) expect(parseRequestTarget(bad), bad).to.equal(undefined);
  });
});

describe("proxy routing decisions", () => {
  const cfg = (t: RouteTable | undefined, prefix: string | undefined = "/interactivetool/ep"): ResolveConfig => ({ proxyPathPrefix: prefix, pathClass: prefix ? "ep" : undefined, table: t });
  const t = table([
    { key: "326unmiv5sanl", token: "2jlcp7mzyjsbm" },
    { key: "k2", token: "t2", info: JSON.stringify({ requires_path_in_url: true, requires_path_in_header_named: null }) },
    { key: "k3", token: "t3", info: JSON.stringify({ requires_path_in_url: false, requires_path_in_header_named: "X-My-Header" }) },
  ]);

  it("routes Galaxy's host-based URLs, current and legacy", () => {
    for (const host of ["326unmiv5sanl-2jlcp7mzyjsbm.ep.interactivetool.myserver.net", "326unmiv5sanl-2jlcp7mzyjsbm.interactivetoolentrypoint.interactivetool.myserver.net:443", "326unmiv5sanl-2jlcp7mzyjsbm.usegalaxy.org"]) {
      const r = resolve("GET", "/lab?x=1", { host }, cfg(t));
      expect(r.kind, host).to.equal("route");
      if (r.kind === "route") expect(r).to.include({ via: "host", url: "/lab?x=1" });
    }
  });

  it("routes path-based URLs, stripping unless requires_path_in_url", () => {
    const a = resolve("GET", "/interactivetool/ep/326unmiv5sanl/2jlcp7mzyjsbm/foo/bar?x=1", { host: "galaxy.test" }, cfg(t));
    expect(a.kind === "route" && a.url).to.equal("/foo/bar?x=1");
    const b = resolve("GET", "/interactivetool/ep/326unmiv5sanl/2jlcp7mzyjsbm", { host: "galaxy.test" }, cfg(t));
    expect(b.kind === "route" && b.url).to.equal("/");
    const c = resolve("GET", "/interactivetool/ep/k2/t2/foo", { host: "galaxy.test" }, cfg(t));
    expect(c.kind === "route" && c.url).to.equal("/interactivetool/ep/k2/t2/foo");
    const d = resolve("GET", "/interactivetool/ep/k3/t3/x", { host: "galaxy.test" }, cfg(t));
    expect(d.kind === "route" && d.pathHeader).to.deep.equal(["X-My-Header", "/interactivetool/ep/k3/t3"]);
    // path-based wins over the Host header
    const e = resolve("GET", "/interactivetool/ep/k2/t2/", { host: "326unmiv5sanl-wrong.ep.x.y" }, cfg(t));
    expect(e.kind === "route" && e.key).to.equal("k2");
  });

  it("does not match a prefix that only shares a string prefix", () => {
    expect(resolve("GET", "/interactivetool/epx/k2/t2/", { host: "galaxy.test" }, cfg(t)).kind).to.equal("not-found");
  });

  it("answers unknown keys and wrong tokens alike, never routing", () => {
    expect(resolve("GET", "/", { host: "nokey-2jlcp7mzyjsbm.ep.x.y" }, cfg(t))).to.deep.include({ kind: "not-found", reason: "unknown-key" });
    expect(resolve("GET", "/", { host: "326unmiv5sanl-2jlcp7mzyjsbX.ep.x.y" }, cfg(t))).to.deep.include({ kind: "not-found", reason: "wrong-token" });
    expect(resolve("GET", "/interactivetool/ep/326unmiv5sanl", { host: "g" }, cfg(t))).to.deep.include({ kind: "not-found", reason: "incomplete" });
    expect(resolve("GET", "/", { host: "localhost:8000" }, cfg(t))).to.deep.include({ kind: "not-found", reason: "not-a-tool-url" });
  });

  it("rejects malformed Host and URL with 400", () => {
    expect(resolve("GET", "/", { host: "a b" }, cfg(t)).kind).to.equal("bad-request");
    expect(resolve("GET", "*", { host: "x" }, cfg(t)).kind).to.equal("bad-request");
  });

  it("serves health only outside tool traffic", () => {
    expect(resolve("GET", "/_gxit-proxy/health", { host: "127.0.0.1:4002" }, cfg(t)).kind).to.equal("health");
    const r = resolve("GET", "/_gxit-proxy/health", { host: "326unmiv5sanl-2jlcp7mzyjsbm.ep.x.y" }, cfg(t));
    expect(r.kind).to.equal("route");
  });

  it("in map mode ignores client-sent target headers", () => {
    const r = resolve("GET", "/", { host: "localhost", "x-interactive-tool-host": "10.9.9.9", "x-interactive-tool-port": "22" }, cfg(t));
    expect(r.kind).to.equal("not-found");
  });

  it("routes by headers only in explicit header mode", () => {
    const r = resolve("GET", "/x", { host: "localhost", "x-interactive-tool-host": "127.0.0.1:9000" }, cfg(undefined, undefined));
    expect(r.kind === "route" && r.target).to.deep.equal({ host: "127.0.0.1", port: 9000 });
    expect(resolve("GET", "/x", { host: "localhost" }, cfg(undefined, undefined)).kind).to.equal("not-found");
  });
});

describe("proxy route table", () => {
  it("honours key_type: ep selects Galaxy's key_type, other classes their own", () => {
    const t = table([
      { key: "k", token: "a", key_type: "interactivetoolentrypoint", port: 1 },
      { key: "k", token: "b", key_type: "other", port: 2 },
      { key: "only", token: "c", key_type: "custom", port: 3 },
    ]);
    expect(t.size).to.equal(3);
    expect(t.lookup("k", "ep")?.port).to.equal(1);
    expect(t.lookup("k", "interactivetoolentrypoint")?.port).to.equal(1);
    expect(t.lookup("k", "other")?.port).to.equal(2);
    expect(t.lookup("k", "usegalaxy")?.port).to.equal(1);
    expect(t.lookup("k")?.port).to.equal(1);
    expect(t.lookup("only", "ep")).to.equal(undefined);
    expect(t.lookup("only", "somewhere")?.port).to.equal(3);
  });

  it("skips rows that cannot be routed, with a reason", () => {
    expect(routeFromRow({ key: "k", key_type: "x", token: null, host: "h", port: 1, info: null })).to.equal("no token");
    expect(routeFromRow({ key: "k", key_type: "x", token: "t", host: "h", port: 70000, info: null })).to.match(/bad port/);
    expect(routeFromRow({ key: "k", key_type: "x", token: "t", host: "h", port: 1, info: "{" })).to.match(/JSON/);
    expect(routeFromRow({ key: "k", key_type: "x", token: "t", host: "h", port: 1, info: '{"requires_path_in_header_named":"bad header"}' })).to.match(/header name/);
  });

  it("compares tokens of any length in constant time", () => {
    expect(tokenMatches("abc", "abc")).to.equal(true);
    expect(tokenMatches("abc", "abd")).to.equal(false);
    expect(tokenMatches("abc", "abcd")).to.equal(false);
    expect(tokenMatches("", "x")).to.equal(false);
  });
});

describe("proxy forwarded headers", () => {
  const base = { host: undefined, pathHeader: undefined, toolTarget: undefined, remoteAddress: "10.1.2.3" } as const;

  it("drops hop-by-hop headers and the names Connection lists, keeping order and duplicates", () => {
    const raw = ["Host", "t.example", "Connection", "keep-alive, X-Secret", "Cookie", "a=1", "X-Secret", "s", "Keep-Alive", "timeout=5", "Cookie", "b=2", "TE", "trailers", "Expect", "100-continue"];
    const out = requestHeaders(raw, base)!;
    expect(out).to.deep.equal(["Host", "t.example", "Cookie", "a=1", "Cookie", "b=2", "x-forwarded-for", "10.1.2.3", "x-forwarded-proto", "http", "x-forwarded-host", "t.example"]);
  });

  it("appends to the client's X-Forwarded-For in place, keeps a front end's Proto/Host, rewrites Host for absolute-form", () => {
    const raw = ["X-Forwarded-For", "1.1.1.1", "Host", "evil", "X-Forwarded-Proto", "https", "X-Forwarded-For", "2.2.2.2", "x-interactive-tool-host", "spoof", "X-My-Header", "/spoofed"];
    const out = requestHeaders(raw, { ...base, host: "k-t.ep.x", pathHeader: ["X-My-Header", "/p/k/t"], toolTarget: ["10.0.0.9", "8888"] })!;
    expect(out).to.deep.equal([
      "X-Forwarded-For", "1.1.1.1, 2.2.2.2, 10.1.2.3",
      "Host", "k-t.ep.x",
      "X-Forwarded-Proto", "https",
      "x-forwarded-host", "k-t.ep.x",
      "X-My-Header", "/p/k/t",
      "x-interactive-tool-host", "10.0.0.9", "x-interactive-tool-port", "8888",
    ]);
  });

  it("refuses more lines than a Node backend keeps", () => {
    const raw: string[] = ["Host", "h"];
    for (let i = 0; i < BACKEND_MAX_HEADERS - 4; i++) raw.push(`x-${i}`, "v"); // + Host + 3 X-Forwarded
    expect(requestHeaders(raw, base)).to.have.length(2 * BACKEND_MAX_HEADERS);
    raw.push("x-one-more", "v");
    expect(requestHeaders(raw, base)).to.equal(undefined);
  });

  it("passes response headers through without hop-by-hop ones, adding gx-it-proxy's CORS headers where missing", () => {
    const raw = ["Content-Type", "text/html", "Connection", "close", "Transfer-Encoding", "chunked", "Set-Cookie", "a=1", "Set-Cookie", "b=2", "Location", "http://localhost/x"].map((s) => Buffer.from(s, "latin1"));
    expect(responseHeaders(302, raw, { corsOrigin: "https://galaxy.example", reverseProxyPort: 4002 })).to.deep.equal([
      "Content-Type", "text/html", "Set-Cookie", "a=1", "Set-Cookie", "b=2", "Location", "http://localhost:4002/x",
      "access-control-allow-origin", "https://galaxy.example", "access-control-allow-credentials", "true",
    ]);
    expect(responseHeaders(200, raw.slice(0, 2), { corsOrigin: null, reverseProxyPort: undefined })).to.deep.equal(["Content-Type", "text/html"]);
  });
});
