// Real services for the proxy's multi-host tests: a throwaway PostgreSQL
// cluster (Debian's initdb + pg_ctl) and an nginx with an `upstream` of proxy
// replicas, each on a free loopback port, each stopped by its PID. Nothing
// here imitates a service: when one is missing the tests skip locally and
// fail in CI (CI=true), where .ci/run installs it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { GALAXY_TABLE_SQL } from "../../src/proxy/postgres-source.js";
import { freePort } from "../../src/util/net.js";

export function requireTool(available: boolean, what: string, ctx: Mocha.Context): void {
  if (available) return;
  if (process.env["CI"] === "true") throw new Error(`${what} is missing (CI=true: .ci/run installs it)`);
  ctx.skip();
}

// ---------------------------------------------------------------- PostgreSQL

/** The newest installed Debian PostgreSQL server binaries, if any. */
export function postgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")) && existsSync(join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, "bin") : undefined;
}

/** Root cannot run PostgreSQL: run it as `nobody` then (CI runs as root). */
function serviceUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const r = spawnSync("id", ["-u", "nobody"], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", "nobody"], { encoding: "utf8" });
  if (r.status !== 0 || g.status !== 0) throw new Error("running as root and there is no user nobody to run PostgreSQL as");
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export const PG_ROLE = "galaxy";
export const PG_PASSWORD = "gx it/pw:@%"; // URL-hostile on purpose
export const PG_DB = "gxitproxy";

export interface Postgres {
  port: number;
  /** the directory of the Unix socket */
  socketDir: string;
  /** postgresql://galaxy:…@127.0.0.1:port/gxitproxy */
  url: string;
  /** runs SQL as the map's role in a separate psql process, as Galaxy's own connection would */
  sql(text: string): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** the postmaster's PID, read from postmaster.pid */
  pid(): number | undefined;
  cleanup(): Promise<void>;
}

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql");
  const user = serviceUser();
  const dir = mkdtempSync(join(tmpdir(), "gxit-pg-"));
  const data = join(dir, "data");
  const socketDir = join(dir, "run");
  mkdirSync(socketDir);
  const pwfile = join(dir, "pw");
  writeFileSync(pwfile, "superpw\n");
  if (user) {
    chmodSync(dir, 0o755);
    for (const p of [dir, socketDir, pwfile]) chownSync(p, user.uid, user.gid);
  }
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const env = { ...process.env, LC_ALL: "C", LANG: "C" };
  const init = spawnSync(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--pwfile", pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"], {
    ...as,
    env,
    encoding: "utf8",
    cwd: dir,
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const log = join(dir, "postgres.log");
  const pgctl = (args: string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const c = spawn(join(bin, "pg_ctl"), args, { ...as, env, cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      c.stderr!.on("data", (d: Buffer) => (err += d.toString()));
      c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args[0]} failed (${code}): ${err} ${existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : ""}`))));
    });
  const opts = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const pid = (): number | undefined => {
    try {
      return Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    } catch {
      return undefined;
    }
  };
  const psql = (db: string, role: string, text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const c = spawn(join(bin, "psql"), ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", socketDir, "-p", String(port), "-U", role, "-d", db], {
        env: { ...env, PGCONNECT_TIMEOUT: "5" },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      c.stdout!.on("data", (d: Buffer) => (out += d.toString()));
      c.stderr!.on("data", (d: Buffer) => (err += d.toString()));
      c.on("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`psql failed (${code}): ${err}`))));
      c.stdin!.end(text);
    });
  const pg: Postgres = {
    port,
    socketDir,
    url: `postgresql://${PG_ROLE}:${encodeURIComponent(PG_PASSWORD)}@127.0.0.1:${port}/${PG_DB}`,
    sql: (text) => psql(PG_DB, PG_ROLE, text),
    start: () => pgctl(["start", "-D", data, "-l", log, "-w", "-t", "30", "-o", opts]),
    async stop() {
      const p = pid();
      if (p === undefined) return;
      process.kill(p, "SIGINT"); // fast shutdown: what a restart of the database service does
      const until = Date.now() + 30_000;
      while (Date.now() < until) {
        try {
          process.kill(p, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      process.kill(p, "SIGKILL");
    },
    pid,
    async cleanup() {
      await pg.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  // The map's database and role, as an admin creates them for interactivetoolsproxy_map.
  const pwLiteral = PG_PASSWORD.replace(/'/g, "''");
  await psql("postgres", "postgres", `CREATE ROLE ${PG_ROLE} LOGIN PASSWORD '${pwLiteral}'; CREATE DATABASE ${PG_DB} OWNER ${PG_ROLE};`);
  return pg;
}

/** Galaxy's DDL on PostgreSQL (SQLAlchemy, the gxitproxy Table of InteractiveToolPropagatorSQLAlchemy). */
export const GALAXY_PG_DDL = GALAXY_TABLE_SQL;

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Galaxy's save(): one transaction, DELETE then INSERT of the (key, key_type). */
export function galaxySaveSql(key: string, token: string, host: string, port: number): string {
  const info = JSON.stringify({ requires_path_in_url: false, requires_path_in_header_named: null }).replace(/,/g, ", ").replace(/:/g, ": ");
  return `BEGIN;
${GALAXY_PG_DDL};
DELETE FROM gxitproxy WHERE gxitproxy.key = ${lit(key)} AND gxitproxy.key_type = 'interactivetoolentrypoint';
INSERT INTO gxitproxy (key, key_type, token, host, port, info) VALUES (${lit(key)}, 'interactivetoolentrypoint', ${lit(token)}, ${lit(host)}, ${port}, ${lit(info)});
COMMIT;`;
}

/** Galaxy's remove(key=…, key_type=…). */
export function galaxyRemoveSql(key: string): string {
  return `BEGIN; DELETE FROM gxitproxy WHERE gxitproxy.key = ${lit(key)} AND gxitproxy.key_type = 'interactivetoolentrypoint'; COMMIT;`;
}

// ---------------------------------------------------------------- nginx

export function hasNginx(): boolean {
  return spawnSync("nginx", ["-v"], { stdio: "ignore" }).status === 0;
}

export interface Nginx {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** nginx in front of proxy replicas: an `upstream` with keepalive and max_fails/fail_timeout, as compile emits. */
export async function startNginxUpstream(replicaPorts: number[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), "gxit-nginx-"));
  for (const d of ["logs", "tmp"]) mkdirSync(join(dir, d));
  chmodSync(join(dir, "tmp"), 0o777);
  const port = await freePort();
  const conf = join(dir, "nginx.conf");
  const root = userInfo().uid === 0;
  writeFileSync(
    conf,
    [
      root ? "user nobody nogroup;" : "",
      "daemon off;",
      "worker_processes 1;",
      `pid ${join(dir, "nginx.pid")};`,
      `error_log ${join(dir, "logs", "error.log")} warn;`,
      "events { worker_connections 1024; }",
      "http {",
      "  access_log off;",
      `  client_body_temp_path ${join(dir, "tmp", "body")};`,
      `  proxy_temp_path ${join(dir, "tmp", "proxy")};`,
      `  fastcgi_temp_path ${join(dir, "tmp", "fastcgi")};`,
      `  uwsgi_temp_path ${join(dir, "tmp", "uwsgi")};`,
      `  scgi_temp_path ${join(dir, "tmp", "scgi")};`,
      "  upstream gxit_proxy {",
      ...replicaPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`),
      "    keepalive 32;",
      "  }",
      "  server {",
      `    listen 127.0.0.1:${port};`,
      "    location / {",
      "      proxy_pass http://gxit_proxy;",
      "      proxy_http_version 1.1;",
      '      proxy_set_header Connection "";',
      "      proxy_set_header Host $host;",
      "      proxy_next_upstream error timeout http_502;",
      "      proxy_next_upstream_tries 2;",
      "      proxy_connect_timeout 2s;",
      "    }",
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  const child = spawn("nginx", ["-p", `${dir}/`, "-c", conf, "-e", join(dir, "logs", "error.log")], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  // Ready when the port accepts connections.
  const net = await import("node:net");
  const until = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.destroy();
        r(true);
      });
      s.on("error", () => r(false));
    });
    if (ok) break;
    if (child.exitCode !== null || Date.now() > until) throw new Error(`nginx did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once("exit", () => r()));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
