// gxit-proxy with --tlsCert/--tlsKey: the listener nginx on another host
// reaches over TLS (proxy.replicas.tls in a gxit-gen config). A real
// certificate made by openssl, a real backend, node's https client verifying
// against the certificate as its CA, as nginx's proxy_ssl_verify does.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import { join } from "node:path";
import { startProxy, type RunningProxy } from "../../src/proxy/main.js";
import { parseOptions } from "../../src/proxy/options.js";
import { CapturingLogger, hostOf, startBackend, tempDir, type Backend } from "./helpers.js";

const NAME = "gxit-proxy.example.internal";

function opensslCert(dir: string): { cert: string; key: string } | undefined {
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  const r = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${NAME}`, "-addext", `subjectAltName=DNS:${NAME}`, "-keyout", key, "-out", cert], { encoding: "utf8" });
  return r.status === 0 ? { cert, key } : undefined;
}

function get(port: number, host: string, ca: Buffer, servername: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: "127.0.0.1", port, path: "/hello", headers: { host }, ca, servername }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("gxit-proxy: TLS listener (--tlsCert/--tlsKey)", function () {
  this.timeout(30000);
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  let proxy: RunningProxy;
  let files: { cert: string; key: string };

  before(async function () {
    dir = tempDir("tls");
    const made = opensslCert(dir.path);
    if (!made) {
      if (process.env.CI === "true") throw new Error("openssl is needed for the TLS test");
      this.skip();
    }
    files = made!;
    backend = await startBackend("A");
    const map = join(dir.path, "map.json");
    writeFileSync(map, JSON.stringify({ k1: { host: "127.0.0.1", port: backend.port, token: "t1" } }));
    proxy = await startProxy(["--ip", "127.0.0.1", "--port", "0", "--sessions", map, "--tlsCert", files.cert, "--tlsKey", files.key], new CapturingLogger());
  });

  after(async () => {
    await proxy?.stop();
    await backend?.close();
    dir?.cleanup();
  });

  it("routes a session over TLS to a client that verifies the certificate", async () => {
    const r = await get(proxy.port, hostOf("k1", "t1"), readFileSync(files.cert), NAME);
    expect(r.status).to.equal(200);
    expect(JSON.parse(r.body).backend).to.equal("A");
  });

  it("fails verification for a name the certificate does not carry", async () => {
    const err = await get(proxy.port, hostOf("k1", "t1"), readFileSync(files.cert), "other.example.internal").then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code).to.equal("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("does not answer plain HTTP", async () => {
    const answer = await new Promise<string>((resolve) => {
      const s = net.connect(proxy.port, "127.0.0.1", () => s.write(`GET / HTTP/1.1\r\nHost: ${hostOf("k1", "t1")}\r\n\r\n`));
      let got = "";
      s.on("data", (c) => (got += c.toString("latin1")));
      s.on("close", () => resolve(got));
      s.on("error", () => resolve(got));
    });
    expect(answer).not.to.match(/^HTTP\/1\.1 200/);
  });

  it("needs both files, and says so", () => {
    const r = parseOptions(["--sessions", "/x.sqlite", "--tlsCert", "/c.pem"]);
    expect(r.kind).to.equal("error");
    expect(r.kind === "error" && r.message).to.include("--tlsCert and --tlsKey go together");
  });

  it("refuses to start when a file is missing, with the file named", async () => {
    const map = join(dir.path, "map.json");
    const missing = join(dir.path, "absent.pem");
    const err = await startProxy(["--ip", "127.0.0.1", "--port", "0", "--sessions", map, "--tlsCert", missing, "--tlsKey", files.key], new CapturingLogger()).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.include(missing);
  });
});
