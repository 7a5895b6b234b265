// End-to-end routing through a real proxy on loopback, with the map written
// by a separate process exactly as Galaxy writes it.
import { expect } from "chai";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { startProxy, type RunningProxy } from "../../src/proxy/main.js";
import {
  CapturingLogger,
  deadPort,
  hostOf,
  openWs,
  request,
  startBackend,
  tempDir,
  UPSTREAM_DDL,
  writeMap,
  type Backend,
} from "./helpers.js";

describe("gxit-proxy routing (loopback)", function () {
  this.timeout(20_000);
  let dir: ReturnType<typeof tempDir>;
  let a: Backend;
  let b: Backend;
  let proxy: RunningProxy;
  let log: CapturingLogger;
  let mapPath: string;
  let dead: number;

  before(async () => {
    dir = tempDir("routing");
    // Deliberately not named *.sqlite: the format is recognised by content.
    mapPath = join(dir.path, "interactivetools_map.db");
    [a, b] = await Promise.all([startBackend("A"), startBackend("B")]);
    dead = await deadPort();
    await writeMap(mapPath, [
      { op: "save", session: { key: "326unmiv5sanl", token: "2jlcp7mzyjsbm", port: a.port } },
      { op: "save", session: { key: "k2", token: "t2", port: b.port, info: { requires_path_in_url: true } } },
      { op: "save", session: { key: "k3", token: "t3", port: a.port, info: { requires_path_in_header_named: "X-My-Header" } } },
      { op: "save", session: { key: "deadkey", token: "deadtok", port: dead } },
      { op: "save", session: { key: "slowkey", token: "slowtok", port: a.port } },
    ]);
    log = new CapturingLogger(true);
    proxy = await startProxy(["--ip", "127.0.0.1", "--port", "0", "--sessions", mapPath, "--proxyPathPrefix", "/interactivetool/ep", "--idleTimeout", "400"], log);
  });

  after(async () => {
    await proxy?.stop();
    await Promise.all([a?.close(), b?.close()]);
    dir?.cleanup();
  });

  it("logs upstream's startup line", () => {
    expect(log.lines[0]).to.include(`Watching path ${mapPath}`);
  });

  it("routes host-based URLs (current and legacy form), keeping Host and adding X-Forwarded-*", async () => {
    for (const cls of ["ep", "interactivetoolentrypoint"]) {
      const host = hostOf("326unmiv5sanl", "2jlcp7mzyjsbm", cls);
      const r = await request(proxy.port, "/lab/tree?x=1", { Host: host });
      expect(r.status, cls).to.equal(200);
      const echo = r.json<{ backend: string; url: string; headers: Record<string, string> }>();
      expect(echo.backend).to.equal("A");
      expect(echo.url).to.equal("/lab/tree?x=1");
      expect(echo.headers["host"]).to.equal(host);
      expect(echo.headers["x-forwarded-for"]).to.equal("127.0.0.1");
      expect(echo.headers["x-forwarded-proto"]).to.equal("http");
      expect(echo.headers["x-forwarded-host"]).to.equal(host);
      expect(r.headers["access-control-allow-credentials"]).to.equal("true");
    }
  });

  it("routes path-based URLs: strips the prefix by default, keeps it with requires_path_in_url", async () => {
    const r1 = await request(proxy.port, "/interactivetool/ep/326unmiv5sanl/2jlcp7mzyjsbm/foo/bar?x=1", { Host: "galaxy.test" });
    expect(r1.status).to.equal(200);
    expect(r1.json()["url"]).to.equal("/foo/bar?x=1");
    const r2 = await request(proxy.port, "/interactivetool/ep/k2/t2/foo", { Host: "galaxy.test" });
    expect(r2.json()).to.include({ backend: "B", url: "/interactivetool/ep/k2/t2/foo" });
  });

  it("sets the header named by requires_path_in_header_named, overriding a client value", async () => {
    const r = await request(proxy.port, "/interactivetool/ep/k3/t3/x", { Host: "galaxy.test", "X-My-Header": "/spoofed" });
    expect(r.status).to.equal(200);
    const headers = r.json<{ headers: Record<string, string> }>().headers;
    expect(headers["x-my-header"]).to.equal("/interactivetool/ep/k3/t3");
  });

  it("answers unknown sessions and wrong tokens with 404 and never forwards them", async () => {
    const before = a.seen.length + b.seen.length;
    const unknown = await request(proxy.port, "/", { Host: hostOf("nosuchkey", "2jlcp7mzyjsbm") });
    const wrong = await request(proxy.port, "/", { Host: hostOf("326unmiv5sanl", "wrongtoken") });
    const wrongPath = await request(proxy.port, "/interactivetool/ep/326unmiv5sanl/wrongtoken/", { Host: "galaxy.test" });
    const plain = await request(proxy.port, "/", { Host: "localhost" });
    for (const r of [unknown, wrong, wrongPath, plain]) {
      expect(r.status).to.equal(404);
      expect(r.headers["content-type"]).to.match(/text\/html/);
      expect(r.body.length).to.be.below(1000);
    }
    expect(a.seen.length + b.seen.length).to.equal(before);
  });

  it("ignores client-spoofed x-interactive-tool-* headers", async () => {
    const spoof = { "X-Interactive-Tool-Host": "127.0.0.1", "X-Interactive-Tool-Port": String(b.port) };
    const before = b.seen.length;
    const unknown = await request(proxy.port, "/", { Host: "localhost", ...spoof });
    expect(unknown.status).to.equal(404);
    const unknownSession = await request(proxy.port, "/", { Host: hostOf("nosuchkey", "x"), ...spoof });
    expect(unknownSession.status).to.equal(404);
    expect(b.seen.length).to.equal(before);
    const known = await request(proxy.port, "/", { Host: hostOf("326unmiv5sanl", "2jlcp7mzyjsbm"), ...spoof, "X-Interactive-Tool-Whatever": "1" });
    const echo = known.json<{ backend: string; headers: Record<string, string> }>();
    expect(echo.backend).to.equal("A");
    expect(Object.keys(echo.headers).filter((h) => h.startsWith("x-interactive-tool-"))).to.deep.equal([]);
  });

  it("answers a dead backend with 502 at once", async () => {
    const t0 = performance.now();
    const r = await request(proxy.port, "/", { Host: hostOf("deadkey", "deadtok") });
    expect(r.status).to.equal(502);
    expect(performance.now() - t0).to.be.below(2000);
  });

  it("answers a backend that does not respond with 504 after the idle timeout", async () => {
    const t0 = performance.now();
    const r = await request(proxy.port, "/slow", { Host: hostOf("slowkey", "slowtok") });
    expect(r.status).to.equal(504);
    expect(performance.now() - t0).to.be.within(300, 4000);
  });

  it("answers malformed Host and request-target with 400", async () => {
    const r = await request(proxy.port, "/", { Host: "bad_host..x" });
    expect(r.status).to.equal(400);
    const raw = await new Promise<string>((resolve) => {
      const s = net.connect(proxy.port, "127.0.0.1", () => s.write("GET nopath HTTP/1.1\r\nHost: x\r\n\r\n"));
      let data = "";
      s.on("data", (c: Buffer) => (data += c.toString()));
      s.on("close", () => resolve(data));
    });
    expect(raw).to.match(/^HTTP\/1\.1 400/);
  });

  it("serves a health endpoint outside tool traffic", async () => {
    const r = await request(proxy.port, "/_gxit-proxy/health", { Host: "127.0.0.1" });
    expect(r.status).to.equal(200);
    expect(r.json()).to.include({ status: "ok", sessions: 5, mode: "sessions" });
  });

  it("proxies websockets both ways, host-based and path-based", async () => {
    const viaHost = await openWs(proxy.port, "/api/kernels/1/channels", hostOf("326unmiv5sanl", "2jlcp7mzyjsbm"));
    expect(viaHost.status).to.equal(101);
    expect(await viaHost.next()).to.equal("hello from A");
    viaHost.send("ping");
    expect(await viaHost.next()).to.equal("echo:ping");
    viaHost.close();

    const viaPath = await openWs(proxy.port, "/interactivetool/ep/k2/t2/ws", "galaxy.test");
    expect(viaPath.status).to.equal(101);
    expect(await viaPath.next()).to.equal("hello from B");
    viaPath.send("x".repeat(300));
    expect(await viaPath.next()).to.equal("echo:" + "x".repeat(300));
    viaPath.close();
    expect(b.seen.at(-1)?.url).to.equal("/interactivetool/ep/k2/t2/ws");
  });

  it("answers a websocket to an unknown session with a real HTTP 404", async () => {
    const ws = await openWs(proxy.port, "/", hostOf("nosuchkey", "x"));
    expect(ws.head).to.match(/^HTTP\/1\.1 404 Not Found\r\n/);
    ws.close();
    const dead502 = await openWs(proxy.port, "/", hostOf("deadkey", "deadtok"));
    expect(dead502.status).to.equal(502);
    dead502.close();
  });

  it("handles 500 concurrent requests", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 500 });
    try {
      const host = hostOf("326unmiv5sanl", "2jlcp7mzyjsbm");
      const replies = await Promise.all(Array.from({ length: 500 }, (_, i) => request(proxy.port, `/c/${i}`, { Host: host }, { agent, timeoutMs: 15_000 })));
      expect(replies.filter((r) => r.status === 200).length).to.equal(500);
      expect(new Set(replies.map((r) => r.json()["url"])).size).to.equal(500);
    } finally {
      agent.destroy();
    }
  });

  it("reads gx-it-proxy's own DDL too", async () => {
    const d = tempDir("upstream-ddl");
    const p = join(d.path, "map.sqlite");
    await writeMap(p, [{ op: "save", session: { key: "e3c1915314cbd610", token: "d76ec842e77049059753b0d40992d15f", port: a.port, info: null } }], UPSTREAM_DDL);
    const px = await startProxy(["--ip", "127.0.0.1", "--port", "0", "--sessions", p], new CapturingLogger());
    try {
      const r = await request(px.port, "/", { Host: "e3c1915314cbd610-d76ec842e77049059753b0d40992d15f.interactivetoolentrypoint.interactivetool.mygalaxy.org" });
      expect(r.status).to.equal(200);
    } finally {
      await px.stop();
      d.cleanup();
    }
  });

  it("forwards to --forwardIP/--forwardPort with the real target in headers (double proxy)", async () => {
    const inner = await startProxy(["--ip", "127.0.0.1", "--port", "0", "--headerRouting"], new CapturingLogger());
    const outer = await startProxy(["--ip", "127.0.0.1", "--port", "0", "--sessions", mapPath, "--forwardIP", "127.0.0.1", "--forwardPort", String(inner.port), "--proxyPathPrefix", "/interactivetool/ep"], new CapturingLogger());
    try {
      const r = await request(outer.port, "/interactivetool/ep/k2/t2/deep", { Host: "galaxy.test" });
      expect(r.status).to.equal(200);
      expect(r.json()).to.include({ backend: "B", url: "/interactivetool/ep/k2/t2/deep" });
      const unknown = await request(outer.port, "/", { Host: hostOf("nosuchkey", "x") });
      expect(unknown.status).to.equal(404);
    } finally {
      await outer.stop();
      await inner.stop();
    }
  });

});
