// roles/gxit_sessions_db/: with proxy.database, a small role for the
// PostgreSQL server that creates what Galaxy and the proxies share: the
// database role (its password from the vault variable), the database owned
// by it, the gxitproxy table exactly as Galaxy's SQLAlchemy model creates
// it, the NOTIFY trigger gxit-proxy listens to, and pg_hba entries for the
// hosts that connect over the network. It uses the modules of the
// community.postgresql collection (requirements.yml pins it); the admin's
// PostgreSQL role (e.g. galaxyproject.postgresql) still installs the server.
import { Document, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";
import type { Deployment } from "../../config/model.js";
import { GALAXY_TABLE_SQL, TRIGGER_FUNCTION_SQL, TRIGGER_STATEMENTS } from "../../proxy/map-sql.js";
import { type Emitter, type GeneratedFile } from "../emitter.js";
import { renderYamlDocument, toVarsNode, type YamlValue } from "../render/yaml.js";

export const SESSIONS_DB_ROLE = "gxit_sessions_db";
const V = (name: string) => `{{ ${SESSIONS_DB_ROLE}_${name} }}`;

/** The addresses that connect to the database over the network: Galaxy's hosts and the proxy replicas. */
export function databaseClients(d: Deployment): string[] {
  if (d.proxy.database?.host === undefined) return [];
  const out: string[] = [];
  for (const h of [...d.galaxy.hosts, ...(d.proxy.replicas?.hosts ?? [])]) {
    // pg_hba wants a CIDR for an address; a name is matched by reverse lookup.
    const a = /^[0-9.]+$/.test(h.address) ? `${h.address}/32` : /^\[.*\]$/.test(h.address) ? `${h.address.slice(1, -1)}/128` : h.address;
    if (!out.includes(a)) out.push(a);
  }
  return out;
}

function quoted(text: string): Scalar {
  const s = new Scalar(text);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

/** SQL lines wrapped after a comma, so that the tasks file stays within yamllint's line length. */
function wrapSql(sql: string, width = 100): string {
  return sql
    .split("\n")
    .flatMap((line) => {
      const indent = /^\s*/.exec(line)![0] + "    ";
      const out: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(", ", width);
        if (cut <= indent.length) break;
        out.push(rest.slice(0, cut + 1));
        rest = indent + rest.slice(cut + 2);
      }
      out.push(rest);
      return out;
    })
    .join("\n");
}

function block(text: string): Scalar {
  const s = new Scalar(text);
  s.type = Scalar.BLOCK_LITERAL;
  return s;
}

function task(doc: Document, name: string, module: string, args: Array<[string, Node | YamlValue]>, extra: Array<[string, Node | YamlValue]> = []): YAMLMap {
  const m = new YAMLMap();
  m.set("name", name);
  const a = new YAMLMap();
  for (const [k, v] of args) a.set(k, v instanceof Scalar || v instanceof YAMLSeq || v instanceof YAMLMap ? v : toVarsNode(doc, v as YamlValue));
  m.set(module, a);
  for (const [k, v] of extra) m.set(k, v instanceof Scalar || v instanceof YAMLSeq || v instanceof YAMLMap ? v : toVarsNode(doc, v as YamlValue));
  return m;
}

/** Every community.postgresql task connects the same way. */
const LOGIN: Array<[string, Node]> = [
  ["login_unix_socket", quoted(V("socket_dir"))],
  ["port", quoted(V("port"))],
];

const AS_POSTGRES: Array<[string, YamlValue]> = [
  ["become", true],
  ["become_user", "postgres"],
];

export const sessionsDbRoleEmitter: Emitter = {
  id: "sessions-db-role",
  description: "the role that creates the sessions map's PostgreSQL database, table and NOTIFY trigger",
  emit({ deployment: d, notice }) {
    const db = d.proxy.database;
    if (db === undefined) return [];
    const files: GeneratedFile[] = [];
    const base = `roles/${SESSIONS_DB_ROLE}`;

    const defaults = new Document(new YAMLMap());
    const dm = defaults.contents as YAMLMap;
    dm.set("gxit_sessions_db_name", db.name);
    dm.set("gxit_sessions_db_user", db.user);
    // How the play reaches the server on its own host: the socket, as the postgres superuser (peer authentication).
    dm.set("gxit_sessions_db_port", db.port);
    dm.set("gxit_sessions_db_socket_dir", db.socketDir);
    if (db.password) dm.set("gxit_sessions_db_password", quoted(`{{ ${db.password.var} }}`));
    const clients = databaseClients(d);
    const clientSeq = new YAMLSeq();
    for (const c of clients) clientSeq.items.push(new Scalar(c));
    dm.set("gxit_sessions_db_clients", clientSeq);
    files.push({ path: `${base}/defaults/main.yml`, content: renderYamlDocument(defaults, notice) });

    const doc = new Document(new YAMLSeq());
    const tasks = doc.contents as YAMLSeq;
    tasks.items.push(task(doc, "Install psycopg2 for the community.postgresql modules", "ansible.builtin.package", [["name", "python3-psycopg2"], ["state", "present"]], [["become", true]]));
    tasks.items.push(
      task(doc, "Create the sessions map's database role", "community.postgresql.postgresql_user", [
        ["name", quoted(V("user"))],
        ...LOGIN,
        ...(db.password ? ([["password", quoted(V("password"))]] as Array<[string, Node]>) : []),
      ], [...AS_POSTGRES, ["no_log", true]]),
    );
    tasks.items.push(
      task(doc, "Create the sessions map's database", "community.postgresql.postgresql_db", [
        ["name", quoted(V("name"))],
        ["owner", quoted(V("user"))],
        ...LOGIN,
      ], AS_POSTGRES),
    );
    const statements = new YAMLSeq();
    for (const sql of [GALAXY_TABLE_SQL, TRIGGER_FUNCTION_SQL, ...TRIGGER_STATEMENTS]) statements.items.push(block(wrapSql(sql) + "\n"));
    tasks.items.push(
      task(doc, "Create the gxitproxy table as Galaxy does, and its NOTIFY trigger", "community.postgresql.postgresql_query", [
        ["db", quoted(V("name"))],
        // As the owner, so that Galaxy (which writes as that role) owns the table.
        ["session_role", quoted(V("user"))],
        ["query", statements],
        ...LOGIN,
      ], AS_POSTGRES),
    );
    tasks.items.push(
      task(doc, "Find pg_hba.conf", "community.postgresql.postgresql_query", [["query", "SHOW hba_file"], ...LOGIN], [
        ...AS_POSTGRES,
        ["register", `${SESSIONS_DB_ROLE}_hba`],
        ["changed_when", false],
        ["when", `${SESSIONS_DB_ROLE}_clients | length > 0`],
      ]),
    );
    tasks.items.push(
      task(doc, "Let Galaxy and the proxies connect with a password", "community.postgresql.postgresql_pg_hba", [
        ["dest", quoted(`{{ ${SESSIONS_DB_ROLE}_hba.query_result[0].hba_file }}`)],
        ["contype", "host"],
        ["databases", quoted(V("name"))],
        ["users", quoted(V("user"))],
        ["address", quoted("{{ item }}")],
        ["method", "scram-sha-256"],
      ], [...AS_POSTGRES, ["loop", quoted(V("clients"))], ["notify", "Reload PostgreSQL"]]),
    );
    files.push({ path: `${base}/tasks/main.yml`, content: renderYamlDocument(doc, notice) });

    const handlers = new Document(new YAMLSeq());
    (handlers.contents as YAMLSeq).items.push(task(handlers, "Reload PostgreSQL", "community.postgresql.postgresql_query", [["query", "SELECT pg_reload_conf()"], ...LOGIN], AS_POSTGRES));
    files.push({ path: `${base}/handlers/main.yml`, content: renderYamlDocument(handlers, notice) });
    return files;
  },
};
