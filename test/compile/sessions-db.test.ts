// The sessions map's database as the compiled tree creates it, applied for
// real: the generated roles/gxit_sessions_db runs with ansible-playbook and
// the community.postgresql modules against a throwaway PostgreSQL cluster;
// then Galaxy's writes (with Galaxy's URL and the vault password) reach a
// gxit-proxy that reads the database with the URL and environment file
// password the compiled proxy variables give it, through the NOTIFY trigger.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodePostgres from "pg";
import { parse } from "yaml";
import { compileDeployment } from "../../src/compile/index.js";
import { writeTree } from "../../src/compile/write.js";
import { deploymentOf } from "../helpers.js";
import { hostOf, request, spawnProxy, startBackend, waitFor, type Backend, type Spawned } from "../proxy/helpers.js";
import { galaxySaveSql, postgresBin, requireTool, startPostgres, type Postgres } from "../proxy/services.js";

const PASSWORD = "s3cret/with@odd:chars%";

function hasModules(): boolean {
  return spawnSync("ansible-playbook", ["--version"]).status === 0 && spawnSync("/usr/bin/python3", ["-c", "import psycopg2"]).status === 0;
}

describe("compiled tree: the sessions map's PostgreSQL database (roles/gxit_sessions_db)", function () {
  this.timeout(180_000);
  let pg: Postgres | undefined;
  let dir: string;
  let backend: Backend;
  let proxy: Spawned | undefined;
  let run: () => ReturnType<typeof spawnSync>;
  let proxyVars: Record<string, unknown>;
  let tree: string;

  before(async function () {
    requireTool(postgresBin() !== undefined, "PostgreSQL (Debian package postgresql)", this);
    requireTool(hasModules(), "ansible-playbook with python3-psycopg2 (community.postgresql)", this);
    pg = await startPostgres();
    backend = await startBackend("db-test");
    dir = mkdtempSync(join(tmpdir(), "gxit-sessions-db-"));
    const config = [
      "version: 1",
      "target: gtn-current",
      "galaxy:",
      "  hosts: [{name: galaxy.test, address: 127.0.0.1}]",
      "proxy:",
      "  role: gxit_proxy",
      "  replicas:",
      "    group: gxitproxies",
      "    hosts: [{name: proxy1.test, address: 127.0.0.1}]",
      "  database:",
      "    group: dbservers",
      "    host: 127.0.0.1",
      `    port: ${pg.port}`,
      `    socket_dir: ${pg.socketDir}`,
      "    name: gxitmap",
      "    user: gxitmap",
      "    password: {var: vault_gxitmap_password}",
      "",
    ].join("\n");
    tree = join(dir, "tree");
    writeTree(compileDeployment(deploymentOf(config)), tree);
    proxyVars = parse(readFileSync(join(tree, "group_vars", readdirGroup(tree, "gxitproxies")), "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, "hosts.yml"), "all:\n  children:\n    dbservers:\n      hosts:\n        dbhost:\n          ansible_connection: local\n          ansible_python_interpreter: /usr/bin/python3\n");
    writeFileSync(join(dir, "play.yml"), "- name: Sessions map database\n  hosts: dbservers\n  roles: [gxit_sessions_db]\n");
    writeFileSync(join(dir, "vault.json"), JSON.stringify({ vault_gxitmap_password: PASSWORD, ansible_become: false }));
    run = () =>
      spawnSync("ansible-playbook", ["-i", join(dir, "hosts.yml"), join(dir, "play.yml"), "-e", `@${join(dir, "vault.json")}`], {
        encoding: "utf8",
        env: { ...process.env, ANSIBLE_ROLES_PATH: join(tree, "roles"), ANSIBLE_NOCOLOR: "1", ANSIBLE_RETRY_FILES_ENABLED: "0" },
      });
  });

  after(async () => {
    if (proxy && proxy.child.exitCode === null) {
      proxy.child.kill("SIGTERM");
      await proxy.exited;
    }
    await backend?.close();
    await pg?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ansible-playbook creates role, database, table and trigger, and a second run changes nothing it should not", () => {
    const first = run();
    expect(first.status, String(first.stdout) + String(first.stderr)).to.equal(0);
    expect(String(first.stdout)).to.not.include(PASSWORD);
    const second = run();
    expect(second.status, String(second.stdout)).to.equal(0);
    // The role, the database and pg_hba are left alone the second time.
    expect(String(second.stdout)).to.match(/TASK \[gxit_sessions_db : Create the sessions map's database\] \*+\nok:/);
    expect(String(second.stdout)).to.match(/TASK \[gxit_sessions_db : Let Galaxy and the proxies connect with a password\] \*+\nok:/);
  });

  it("the table is Galaxy's, owned by the map's role, with the NOTIFY triggers", async () => {
    const cols = await psql(pg!, "SELECT column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '-') || ' ' || is_nullable FROM information_schema.columns WHERE table_name = 'gxitproxy' ORDER BY ordinal_position");
    expect(cols.split("\n")).to.deep.equal([
      "key character varying 16 NO",
      "key_type text - NO",
      "token character varying 32 YES",
      "host text - YES",
      "port integer - YES",
      "info text - YES",
    ]);
    expect(await psql(pg!, "SELECT tableowner FROM pg_tables WHERE tablename = 'gxitproxy'")).to.equal("gxitmap");
    expect(await psql(pg!, "SELECT string_agg(conname || ':' || pg_get_constraintdef(oid), ',') FROM pg_constraint WHERE conrelid = 'gxitproxy'::regclass")).to.equal("gxitproxy_pkey:PRIMARY KEY (key, key_type)");
    expect(await psql(pg!, "SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE tgrelid = 'gxitproxy'::regclass AND NOT tgisinternal")).to.equal("gxitproxy_notify,gxitproxy_notify_truncate");
  });

  it("Galaxy's interactivetoolsproxy_map, as Ansible renders it with the vault password, logs in to the map's database", async () => {
    // galaxy_config_dir is galaxyproject.galaxy's. The password has "/", "@", ":" and "%": Ansible's urlencode alone keeps "/", which would end the URL's authority.
    const out = join(dir, "galaxy-map-url");
    writeFileSync(
      join(dir, "render-url.yml"),
      [
        "- name: Render Galaxy's sessions map URL",
        "  hosts: dbservers",
        "  gather_facts: false",
        `  vars_files: [${JSON.stringify(join(tree, "group_vars", readdirGroup(tree, "galaxyservers")))}]`,
        "  vars: {galaxy_config_dir: /srv/galaxy/config}",
        "  tasks:",
        "    - name: Write it",
        "      ansible.builtin.copy:",
        "        content: \"{{ galaxy_config.galaxy.interactivetoolsproxy_map }}\"",
        `        dest: ${JSON.stringify(out)}`,
        "        mode: \"0600\"",
        "",
      ].join("\n"),
    );
    const r = spawnSync("ansible-playbook", ["-i", join(dir, "hosts.yml"), join(dir, "render-url.yml"), "-e", `@${join(dir, "vault.json")}`], {
      encoding: "utf8",
      env: { ...process.env, ANSIBLE_NOCOLOR: "1", ANSIBLE_RETRY_FILES_ENABLED: "0" },
    });
    expect(r.status, String(r.stdout) + String(r.stderr)).to.equal(0);
    const url = readFileSync(out, "utf8");
    expect(new URL(url).host).to.equal(`127.0.0.1:${pg!.port}`);
    expect(decodeURIComponent(new URL(url).password)).to.equal(PASSWORD);
    const client = new nodePostgres.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query("SELECT current_user AS u")).rows[0].u).to.equal("gxitmap");
    } finally {
      await client.end();
    }
  });

  it("a replica with the compiled sessions path and the password from its environment follows Galaxy's writes by NOTIFY", async () => {
    const sessions = String(proxyVars.gie_proxy_sessions_path);
    expect(sessions).to.equal(`postgresql://gxitmap@127.0.0.1:${pg!.port}/gxitmap`);
    expect(proxyVars.gxit_proxy_sessions_password).to.equal("{{ vault_gxitmap_password }}");
    const saved = process.env.PGPASSWORD;
    process.env.PGPASSWORD = PASSWORD;
    try {
      proxy = await spawnProxy(["--sessions", sessions, "--pollingInterval", "60000"]);
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = saved;
    }
    await waitFor(async () => (await request(proxy!.port, "/_gxit-proxy/health", { Host: "127.0.0.1" })).json<{ map: { state: string } }>().map.state === "ok", 10_000, "map ok");
    const health = (await request(proxy.port, "/_gxit-proxy/health", { Host: "127.0.0.1" })).json<{ map: { watch: string } }>();
    expect(health.map.watch).to.equal("notify");
    // Galaxy writes as the map's role over TCP, with the password (scram-sha-256 per the compiled pg_hba entry).
    const w = spawnSync(join(postgresBin()!, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(pg!.port), "-U", "gxitmap", "-d", "gxitmap", "-c", galaxySaveSql("k1abc", "t1abc", "127.0.0.1", backend.port)], {
      encoding: "utf8",
      env: { ...process.env, PGPASSWORD: PASSWORD },
    });
    expect(w.status, w.stderr).to.equal(0);
    // The poll is a minute away: only the trigger's notification can make the session routable now.
    await waitFor(async () => (await request(proxy!.port, "/", { Host: hostOf("k1abc", "t1abc") })).status === 200, 5_000, "session routable");
  });
});

function readdirGroup(tree: string, group: string): string {
  const flat = join(tree, "group_vars", `${group}.yml`);
  try {
    readFileSync(flat);
    return `${group}.yml`;
  } catch {
    return join(group, "interactive-tools.yml");
  }
}

function psql(pg: Postgres, sql: string): Promise<string> {
  const r = spawnSync(join(postgresBin()!, "psql"), ["-X", "-q", "-t", "-A", "-h", pg.socketDir, "-p", String(pg.port), "-U", "postgres", "-d", "gxitmap", "-c", sql], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return Promise.resolve(r.stdout.trim());
}
