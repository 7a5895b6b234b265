// Regression tests for request faults gxit-proxy used to mishandle (issue
// #14): each runs over real loopback sockets, with the map written by a
// separate process as Galaxy writes it. No timing is asserted beyond
// generous functional timeouts.
import { expect } from "chai";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { join } from "node:path";
import { startProxy, type RunningProxy } from "../../src/proxy/main.js";
import { CapturingLogger, hostOf, request, startBackend, tempDir, writeMap, type Backend } from "./helpers.js";

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function listen(server: net.Server): Promise<number> {
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r((server.address() as AddressInfo).port)));
}

function close(server: net.Server): Promise<void> {
  return new Promise((r) => server.close(() => r()));
}

/** A raw client connection; collects everything the proxy sends until it closes. */
function rawClient(port: number): { socket: net.Socket; data: () => string; closed: Promise<void> } {
  const socket = net.connect(port, "127.0.0.1");
  let data = "";
  socket.on("data", (c: Buffer) => (data += c.toString("latin1")));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((r) => socket.on("close", () => r()));
  return { socket, data: () => data, closed };
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);
}

describe("gxit-proxy request faults (loopback)", function () {
  this.timeout(30_000);
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  let mapPath: string;
  const started: RunningProxy[] = [];
  const servers: net.Server[] = [];

  async function proxy(args: string[], log = new CapturingLogger(true)): Promise<{ px: RunningProxy; log: CapturingLogger }> {
    const px = await startProxy(["--ip", "127.0.0.1", "--port", "0", "--sessions", mapPath, ...args], log);
    started.push(px);
    return { px, log };
  }

  async function session(key: string, port: number): Promise<string> {
    await writeMap(mapPath, [{ op: "save", session: { key, token: `${key}tok`, port } }]);
    return hostOf(key, `${key}tok`);
  }

  before(async () => {
    dir = tempDir("faults");
    mapPath = join(dir.path, "interactivetools_map.sqlite");
    backend = await startBackend("F");
    await writeMap(mapPath, [{ op: "save", session: { key: "echo", token: "echotok", port: backend.port } }]);
  });

  afterEach(async () => {
    for (const px of started.splice(0)) await px.stop();
    for (const s of servers.splice(0)) await close(s);
  });

  after(async () => {
    await backend?.close();
    dir?.cleanup();
  });

  it("never sends a POST on a pooled connection the backend is about to close (Python-style keep-alive, no hint)", async () => {
    // Like a Python server: keeps connections alive without a Keep-Alive
    // header and closes one after 300 ms of silence. It records, for each
    // request, how long its connection had been idle.
    const gaps: number[] = [];
    const py = net.createServer((sock) => {
      let last = -1;
      let idle: NodeJS.Timeout | undefined;
      let buf = "";
      const arm = (): void => {
        clearTimeout(idle);
        idle = setTimeout(() => sock.destroy(), 300);
      };
      arm();
      sock.on("error", () => undefined);
      sock.on("close", () => clearTimeout(idle));
      sock.on("data", (d: Buffer) => {
        buf += d.toString("latin1");
        for (;;) {
          const end = buf.indexOf("\r\n\r\n");
          if (end < 0) return;
          const len = Number(/content-length: *(\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
          if (buf.length < end + 4 + len) return;
          buf = buf.slice(end + 4 + len);
          gaps.push(last < 0 ? -1 : performance.now() - last);
          sock.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nsaved");
          last = performance.now();
          arm();
        }
      });
    });
    servers.push(py);
    const host = await session("pyk", await listen(py));
    const { px } = await proxy(["--keepAliveTimeout", "100"]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // Saves spaced so that a pool keeping connections longer than the
      // backend would meet closing ones; then a quick burst that reuses one.
      for (const pause of [200, 250, 290, 310, 0, 0, 0, 240]) {
        await sleep(pause);
        const r = await request(px.port, "/api/contents/nb.ipynb", { Host: host, "Content-Type": "application/json", "Content-Length": "2" }, { method: "PUT", agent, body: "{}" });
        expect(r.status).to.equal(200);
        expect(r.body).to.equal("saved");
      }
    } finally {
      agent.destroy();
    }
    expect(gaps).to.have.length(8);
    // Only the back-to-back requests may share a connection; none arrived on
    // a connection idle longer than the pool's keep-alive timeout.
    expect(gaps.filter((g) => g >= 0).every((g) => g < 150), `idle gaps ${gaps.map((g) => Math.round(g)).join(",")}`).to.equal(true);
    expect(gaps.filter((g) => g >= 0).length).to.be.greaterThan(0);
  });

  it("resends a body-less GET once after a reused connection fails, never a POST with a body", async () => {
    // Answers the first GET on each connection and resets a connection on
    // any later one; resets every POST after reading it.
    let posts = 0;
    const flaky = net.createServer((sock) => {
      let served = 0;
      sock.on("error", () => undefined);
      sock.on("data", (d: Buffer) => {
        if (!d.includes("\r\n\r\n")) return;
        const isPost = d.toString("latin1").startsWith("POST");
        if (isPost) posts++;
        if (!isPost && served++ === 0) sock.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nKeep-Alive: timeout=60\r\n\r\nfirst");
        else sock.resetAndDestroy();
      });
    });
    servers.push(flaky);
    const host = await session("flk", await listen(flaky));
    const { px, log } = await proxy([]);
    for (let i = 0; i < 6; i++) {
      const r = await request(px.port, "/", { Host: host }).catch((e: Error) => {
        throw new Error(`${e.message}\n${log.lines.join("")}`);
      });
      expect(r.status, `GET ${i}`).to.equal(200);
      expect(r.body).to.equal("first");
    }
    expect(log.count("retrying on a fresh backend connection")).to.be.greaterThan(0);
    const post = await request(px.port, "/", { Host: host, "Content-Length": "4" }, { method: "POST", body: "data" });
    expect(post.status).to.equal(502);
    expect(posts).to.equal(1);
  });

  it("answers headers that never complete with 408 and logs it", async () => {
    const { px, log } = await proxy(["--headersTimeout", "300", "--requestTimeout", "600"]);
    const c = rawClient(px.port);
    c.socket.write("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
    await within(c.closed, 10_000, "connection closed");
    expect(c.data()).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(log.count("request timeout")).to.equal(1);
    expect(log.lines.find((l) => l.includes("request timeout"))).to.include("phase=headers");
  });

  it("cuts a request body trickled to a tool with 408, and frees the backend connection", async () => {
    let backendClosed!: Promise<void>;
    const srv = http.createServer((req) => {
      req.resume();
      backendClosed = new Promise<void>((r) => req.socket.on("close", () => r()));
    });
    servers.push(srv);
    const host = await session("trk", await listen(srv));
    const { px, log } = await proxy(["--headersTimeout", "300", "--requestTimeout", "600"]);
    const c = rawClient(px.port);
    c.socket.write(`POST /upload HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1000\r\n\r\n`);
    const trickle = setInterval(() => c.socket.writable && c.socket.write("x"), 100);
    try {
      await within(c.closed, 10_000, "client connection closed");
      expect(backendClosed, "the request reached the backend").to.not.equal(undefined);
      await within(backendClosed, 10_000, "backend connection closed");
    } finally {
      clearInterval(trickle);
    }
    expect(c.data()).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(log.lines.find((l) => l.includes("request timeout"))).to.include("phase=body");
  });

  it("closes the connection after a 404 instead of reading a trickled body forever", async () => {
    const { px } = await proxy([]);
    const c = rawClient(px.port);
    c.socket.write(`POST / HTTP/1.1\r\nHost: ${hostOf("nosuchkey", "x")}\r\nContent-Length: 100000\r\n\r\nabc`);
    const trickle = setInterval(() => c.socket.writable && c.socket.write("x"), 100);
    try {
      await within(c.closed, 10_000, "connection closed after the 404");
    } finally {
      clearInterval(trickle);
    }
    expect(c.data()).to.match(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(c.data()).to.match(/\r\nConnection: close\r\n/i);
  });

  it("does not count a client that pauses reading as backend silence (--idleTimeout)", async () => {
    const size = 16 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const big = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": size });
      let sent = 0;
      const pump = (): void => {
        while (sent < size) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    servers.push(big);
    const host = await session("big", await listen(big));
    const { px, log } = await proxy(["--idleTimeout", "300"]);
    const received = await new Promise<number>((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port: px.port, path: "/file", headers: { Host: host }, agent: false }, (res) => {
        expect(res.statusCode).to.equal(200);
        let n = 0;
        let paused = false;
        res.on("data", (c: Buffer) => {
          n += c.length;
          if (!paused) {
            paused = true;
            res.pause(); // the client stops reading for 4 × --idleTimeout
            setTimeout(() => res.resume(), 1200);
          }
        });
        res.on("end", () => resolve(n));
        res.on("aborted", () => reject(new Error(`download cut after ${n} bytes`)));
        res.on("error", reject);
      });
      req.on("error", reject);
    });
    expect(received).to.equal(size);
    expect(log.count("backend error")).to.equal(0);
  });

  it("still cuts a download when the backend itself goes silent mid-body", async () => {
    const stall = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Length": 1000 });
      res.write("partial");
    });
    servers.push(stall);
    const host = await session("stl", await listen(stall));
    const { px } = await proxy(["--idleTimeout", "300"]);
    const outcome = await within(
      new Promise<string>((resolve) => {
        const req = http.get({ host: "127.0.0.1", port: px.port, path: "/", headers: { Host: host }, agent: false }, (res) => {
          res.resume();
          res.on("end", () => resolve("complete"));
          res.on("aborted", () => resolve("cut"));
          res.on("error", () => resolve("cut"));
        });
        req.on("error", () => resolve("cut"));
      }),
      10_000,
      "download to end",
    );
    expect(outcome).to.equal("cut");
  });

  it("forwards an absolute-form request with the routed Host, not the client's Host header", async () => {
    const { px } = await proxy([]);
    const tool = hostOf("echo", "echotok");
    const c = rawClient(px.port);
    c.socket.write(`GET http://${tool}/lab?x=1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
    await within(c.closed, 10_000, "response");
    expect(c.data()).to.match(/^HTTP\/1\.1 200 /);
    const echo = JSON.parse(c.data().slice(c.data().indexOf("\r\n\r\n") + 4)) as { url: string; headers: Record<string, string> };
    expect(echo.url).to.equal("/lab?x=1");
    expect(echo.headers["host"]).to.equal(tool);
    expect(echo.headers["x-forwarded-host"]).to.equal(tool);
  });

  it("keeps the client's header order, Host first, and refuses (431) what a Node backend would cut", async () => {
    const seen: string[][] = [];
    const raw = http.createServer((req, res) => {
      seen.push(req.rawHeaders);
      res.end("ok");
    });
    servers.push(raw);
    const host = await session("hdr", await listen(raw));
    const { px, log } = await proxy([]);
    const send = (count: number): Promise<string> => {
      const c = rawClient(px.port);
      let head = `GET / HTTP/1.1\r\nHost: ${host}\r\n`;
      for (let i = 0; i < count; i++) head += `X-H-${i}: ${i}\r\n`;
      c.socket.write(head + "Connection: close\r\n\r\n");
      return within(c.closed, 10_000, "response").then(() => c.data());
    };
    // 1 + 990 client lines + 3 X-Forwarded lines: within a Node backend's 1,000.
    expect(await send(990)).to.match(/^HTTP\/1\.1 200 /);
    const got = seen[0]!;
    // (undici adds its own Connection: keep-alive for the backend hop)
    const names = got.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()).filter((n) => n !== "connection");
    expect(names[0]).to.equal("host");
    expect(names.slice(1, 991)).to.deep.equal(Array.from({ length: 990 }, (_, i) => `x-h-${i}`));
    expect(names.slice(991)).to.deep.equal(["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"]);
    // 1 + 997 + 3 = 1,001 lines: the backend would drop one without a word.
    expect(await send(997)).to.match(/^HTTP\/1\.1 431 /);
    expect(seen).to.have.length(1);
    expect(log.count("more header lines than a backend keeps")).to.equal(1);
  });

  it("answers the health endpoint only on its own address or a configured host, never a public or tool host", async () => {
    const { px } = await proxy(["--healthHost", "proxy.internal"]);
    const path = "/_gxit-proxy/health";
    expect((await request(px.port, path, { Host: `127.0.0.1:${px.port}` })).status).to.equal(200);
    expect((await request(px.port, path, { Host: `localhost:${px.port}` })).status).to.equal(200);
    expect((await request(px.port, path, { Host: "proxy.internal" })).status).to.equal(200);
    for (const h of ["galaxy.example.org", "ep.interactivetool.galaxy.example.org", "foo.ep.interactivetool.galaxy.example.org"]) {
      const r = await request(px.port, path, { Host: h });
      expect(r.status, h).to.equal(404);
      expect(r.body).to.not.include("sessions");
    }
    // Tool hosts are tool traffic: the path goes to the tool.
    const viaTool = await request(px.port, path, { Host: hostOf("echo", "echotok") });
    expect(viaTool.json()).to.include({ backend: "F", url: path });
  });
});
