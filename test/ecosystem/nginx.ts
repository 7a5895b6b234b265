// nginx -t on a rendered vhost, inside the smallest nginx.conf that matches
// what galaxyproject.nginx provides: ssl_certificate and ssl_certificate_key
// at http level (its conf.d/ssl.conf), which is why the vhost itself only says
// `listen *:443 ssl`. Every path nginx touches is in the test's temp dir.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run, type ToolResult } from "./tools.js";

/** A throwaway self-signed certificate for the wildcard host, made with openssl. */
export function selfSignedCert(dir: string, host: string): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const cert = join(dir, "fullchain.pem");
  const key = join(dir, "privkey.pem");
  if (!existsSync(cert)) {
    const r = run("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
      "-subj", `/CN=${host}`,
      "-addext", `subjectAltName=DNS:${host},DNS:*.${host}`,
      "-keyout", key, "-out", cert,
    ]);
    if (r.status !== 0) throw new Error(`openssl could not make a certificate: ${r.stderr}`);
  }
  return { cert, key };
}

/**
 * The file nginx -t can load here: a CA bundle for verifying proxy replicas
 * (proxy_ssl_trusted_certificate) is a file of the admin's nginx host, which
 * this machine does not have; a copy points it at the test's certificate.
 */
export function testable(file: string, certs: { cert: string }): string {
  const text = readFileSync(file, "utf8");
  const out = text.replace(/(proxy_ssl_trusted_certificate\s+)(\S+);/g, (m, d: string, path: string) => (existsSync(path) ? m : `${d}${certs.cert};`));
  if (out === text) return file;
  const copy = `${file}.nginx-test`;
  writeFileSync(copy, out);
  return copy;
}

/** Writes nginx.conf including `vhostFile` and runs `nginx -t` on it. */
export function nginxTest(dir: string, vhostFile: string, certs: { cert: string; key: string }): ToolResult {
  vhostFile = testable(vhostFile, certs);
  const prefix = join(dir, "nginx");
  for (const d of ["logs", "tmp"]) mkdirSync(join(prefix, d), { recursive: true });
  const conf = join(prefix, "nginx.conf");
  const p = (...parts: string[]) => join(prefix, ...parts);
  writeFileSync(
    conf,
    [
      `pid ${p("nginx.pid")};`,
      `error_log ${p("logs", "error.log")};`,
      "events {}",
      "http {",
      `    access_log ${p("logs", "access.log")};`,
      // Debian compiles in /var/lib/nginx/*; -t creates temp dirs, so keep them here.
      `    client_body_temp_path ${p("tmp", "body")};`,
      `    proxy_temp_path ${p("tmp", "proxy")};`,
      `    fastcgi_temp_path ${p("tmp", "fastcgi")};`,
      `    uwsgi_temp_path ${p("tmp", "uwsgi")};`,
      `    scgi_temp_path ${p("tmp", "scgi")};`,
      // What galaxyproject.nginx's ssl.conf puts at http level.
      `    ssl_certificate ${certs.cert};`,
      `    ssl_certificate_key ${certs.key};`,
      `    include ${vhostFile};`,
      "}",
      "",
    ].join("\n"),
  );
  return run("nginx", ["-t", "-p", `${prefix}/`, "-c", conf, "-e", p("logs", "error.log")]);
}

/**
 * Galaxy's own vhost as the GTN playbook writes it (git-gat
 * templates/nginx/galaxy.j2, rendered): an upstream for gunicorn, the SSL
 * server, `location /` to Galaxy, and the generated path-based location
 * included where the generated README says to put it.
 */
export function galaxyVhostIncluding(dir: string, locationFile: string, certs: { cert: string }, gxitVhost?: string): string {
  mkdirSync(dir, { recursive: true });
  locationFile = testable(locationFile, certs);
  const file = join(dir, "galaxy");
  writeFileSync(
    file,
    [
      // The replicas' upstream is defined in the GxIT vhost, which nginx loads next to Galaxy's.
      ...(gxitVhost ? [`include ${testable(gxitVhost, certs)};`] : []),
      "upstream galaxy {",
      "    server localhost:8080;",
      "}",
      "server {",
      "    listen *:443 ssl default_server;",
      "    server_name galaxy.example.org;",
      "    client_max_body_size 10G;",
      "    location / {",
      "        proxy_pass http://galaxy;",
      "        proxy_set_header X-Forwarded-Host $host;",
      "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
      "        proxy_set_header X-Forwarded-Proto $scheme;",
      "    }",
      `    include ${locationFile};`,
      "}",
      "",
    ].join("\n"),
  );
  return file;
}
