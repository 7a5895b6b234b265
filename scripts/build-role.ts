// Builds the Ansible role roles-out/gxit_proxy (npm run build:role).
//
// Hand-written parts of the role (tasks/, handlers/, templates/,
// meta/main.yml, .yamllint) live in roles-out/gxit_proxy itself. This script
// generates the rest, deterministically (same inputs → same bytes):
//   files/gxit-proxy/   the built proxy: lib/*.js from dist/src/proxy, a
//                       package.json and a package-lock.json whose only
//                       runtime dependencies are http-proxy, undici,
//                       better-sqlite3 and pg (entries copied from the root lock)
//   defaults/main.yml   every variable, reading usegalaxy_eu.gie_proxy's name first
//   meta/argument_specs.yml   the same variables, typed and described
//                       (descriptions from schemas/gxit-config.schema.json where they overlap)
//   vars/main.yml       artifact facts (version, lock checksum, supported Node.js)
//                       and derived values
//   README.md           with a variables table generated from argument_specs.yml
//
// Usage: node dist/scripts/build-role.js [--out <dir>] [--check]
//   --out <dir>  write the role there (default roles-out/gxit_proxy); the
//                hand-written parts are copied from roles-out/gxit_proxy
//   --check      write nothing; exit 1 and list the files that would change
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { PROXY_NODE_ARGS } from "./proxy-node-args.js";
import { listFiles } from "../src/util/files.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const ROLE_SRC = join(ROOT, "roles-out/gxit_proxy");
const PROXY_DIST = join(ROOT, "dist/src/proxy");
const RUNTIME_DEPS = ["better-sqlite3", "http-proxy", "pg", "undici"] as const;
/** Generated paths (relative to the role); everything else in the role is hand-written. */
const GENERATED = ["files", "defaults/main.yml", "meta/argument_specs.yml", "vars/main.yml", "README.md"];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

// ---------------------------------------------------------------- variables

interface RoleVar {
  /** gxit_proxy_<name> */
  name: string;
  /** usegalaxy_eu.gie_proxy's variable, read first when defined */
  alias?: string;
  type: "str" | "int" | "bool" | "list" | "dict" | "raw";
  elements?: "str";
  default: Json;
  choices?: string[];
  /**
   * key under the config schema's `proxy` object whose description comes
   * first; none where the schema describes gxit-gen's own default rather
   * than the role's (Node.js setup)
   */
  schemaKey?: string;
  description: string;
}

const VARS: RoleVar[] = [
  { name: "dir", alias: "gie_proxy_dir", type: "str", default: "/opt/gxit-proxy", schemaKey: "dir", description: "The artifact (lib/, package.json, node_modules/) goes here, owned by gxit_proxy_install_owner. An existing gx-it-proxy checkout can be reused: its lib/main.js is replaced by gxit-proxy's." },
  { name: "sessions_path", alias: "gie_proxy_sessions_path", type: "str", default: "", schemaKey: "sessions_path", description: "Required. Galaxy's interactivetools_map (a SQLite file, any name; it may not exist yet) or its interactivetoolsproxy_map (a PostgreSQL URL such as postgresql://user:password@host/db or postgresql:///db?host=/var/run/postgresql)." },
  { name: "ip", alias: "gie_proxy_ip", type: "str", default: "127.0.0.1", schemaKey: "ip", description: "Passed as --ip." },
  { name: "port", alias: "gie_proxy_port", type: "int", default: 8000, schemaKey: "port", description: "Passed as --port. Below 1024 the unit grants CAP_NET_BIND_SERVICE." },
  { name: "path_prefix", alias: "gie_proxy_path_prefix", type: "str", default: "", schemaKey: "path_prefix", description: "Passed as --proxyPathPrefix (Galaxy's default is /interactivetool/ep); empty: host-based routing only." },
  { name: "user", alias: "gie_proxy_user", type: "str", default: "galaxy", schemaKey: "user", description: "It must be able to read the sessions map; the role does not create it." },
  { name: "group", alias: "gie_proxy_group", type: "str", default: "galaxy", schemaKey: "group", description: "" },
  { name: "verbose", alias: "gie_proxy_verbose", type: "bool", default: false, schemaKey: "verbose", description: "Passed as --verbose (one log line per request and map reload)." },
  { name: "setup_nodejs", alias: "gie_proxy_setup_nodejs", type: "str", default: "none", choices: ["package", "nodeenv", "none"], description: "How to install Node.js: package or nodeenv; unset to use the system's node. none (or null) uses gxit_proxy_nodejs_executable or the node on PATH. In every case the version is checked against what better-sqlite3 supports." },
  { name: "nodejs_package", alias: "gie_proxy_nodejs_package", type: "raw", default: "nodejs", schemaKey: "nodejs_package", description: "A name or a list. Debian 12's nodejs (18.x) is too old; use NodeSource's or a newer distribution." },
  { name: "nodejs_version", alias: "gie_proxy_nodejs_version", type: "str", default: "22.12.0", description: "Node.js version for nodeenv. It must be 20.9 or later, with a major version better-sqlite3 supports (vars/main.yml)." },
  { name: "virtualenv", alias: "gie_proxy_virtualenv", type: "str", default: "", description: "Virtualenv that nodeenv installs Node.js into. Required with setup_nodejs: nodeenv." },
  { name: "virtualenv_command", alias: "gie_proxy_virtualenv_command", type: "str", default: "", description: "Command that creates the virtualenv. Empty: ansible.builtin.pip's default." },
  { name: "virtualenv_python", alias: "gie_proxy_virtualenv_python", type: "str", default: "", schemaKey: "virtualenv_python", description: "Empty: ansible.builtin.pip's default." },
  { name: "nodejs_executable", alias: "gie_proxy_nodejs_executable", type: "str", default: "", schemaKey: "nodejs_executable", description: "Empty: <virtualenv>/bin/node with nodeenv, else the node on the system PATH; resolved to an absolute path for the unit." },
  { name: "npm_executable", alias: "gie_proxy_npm_executable", type: "str", default: "", schemaKey: "npm_executable", description: "Used for npm ci. Empty: the npm next to node." },
  { name: "install", alias: "gie_proxy_install", type: "bool", default: true, schemaKey: "install", description: "Copies the artifact and runs npm ci --omit=dev (only when the lock or the Node.js major version changed)." },
  { name: "setup_service", alias: "gie_proxy_setup_service", type: "str", default: "systemd", choices: ["systemd", "none"], schemaKey: "setup_service", description: "systemd renders the unit (see gxit_proxy_service_manager); none: no unit at all." },
  { name: "service_name", alias: "gie_proxy_service_name", type: "str", default: "galaxy-gie-proxy", schemaKey: "service_name", description: "The same default as usegalaxy_eu.gie_proxy, so switching roles replaces the old unit." },
  { name: "service_restart_mode", alias: "gie_proxy_service_restart_mode", type: "str", default: "on-failure", choices: ["no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"], schemaKey: "service_restart_mode", description: "" },
  { name: "service_restartsec", alias: "gie_proxy_service_restartsec", type: "str", default: "1s", schemaKey: "service_restartsec", description: "" },
  { name: "command_line", alias: "gie_proxy_command_line", type: "str", default: "", description: "Replaces the whole ExecStart when set (gxit-proxy also has lib/main.js and every gx-it-proxy flag, so an upstream command line keeps working); empty: built from the variables here." },
  // gxit-proxy's own
  { name: "service_manager", type: "str", default: "systemd", choices: ["systemd", "none"], description: "systemd: daemon-reload, enable, start, and restart on changes; none: only render the unit file (containers and CI without systemd as PID 1)." },
  { name: "systemd_unit_dir", type: "str", default: "/etc/systemd/system", description: "Where the unit file is written." },
  { name: "forward_ip", type: "str", default: "", description: "Passed as --forwardIP (double proxy); empty: off." },
  { name: "forward_port", type: "int", default: 0, description: "Passed as --forwardPort; 0: off." },
  { name: "reverse_proxy", type: "bool", default: false, description: "Passed as --reverseProxy." },
  { name: "connect_timeout", type: "int", default: 10000, description: "Backend connect timeout in ms (--connectTimeout)." },
  { name: "idle_timeout", type: "int", default: 300000, description: "Backend idle timeout for HTTP in ms (--idleTimeout)." },
  { name: "drain_timeout", type: "int", default: 10000, description: "Grace period on stop in ms (--drainTimeout); TimeoutStopSec is 5 s more." },
  { name: "log_format", type: "str", default: "text", choices: ["text", "json"], description: "Log line format (--logFormat)." },
  { name: "cors", type: "str", default: "reflect", choices: ["reflect", "off"], description: "gx-it-proxy's CORS headers (--cors)." },
  { name: "extra_args", type: "list", elements: "str", default: [], description: "More arguments for ExecStart." },
  { name: "node_args", type: "list", elements: "str", default: [...PROXY_NODE_ARGS], description: "Options for node itself, before lib/main.js in ExecStart. The defaults halve the CPU the proxy spends per MB streamed (--single-threaded-gc: with V8's concurrent GC each burst of socket-read buffers starts a full collection on helper threads) and cap the young generation's growth, which idle websockets would otherwise pay for (docs/benchmarks.md). []: V8's defaults." },
  { name: "sessions_password", type: "str", default: "", description: "Password of a PostgreSQL map's role (set it from a vault variable). It is written to an environment file (PGPASSWORD) that only root reads, which systemd passes to the service: never into the unit file or the command line, both world-readable." },
  { name: "tls_certificate", type: "str", default: "", description: "Listen with TLS (--tlsCert): the certificate chain (PEM) nginx on another host verifies; with gxit_proxy_tls_key. The files are the admin's (the role does not create them)." },
  { name: "tls_key", type: "str", default: "", description: "The certificate's private key (--tlsKey), readable by gxit_proxy_user." },
  { name: "environment_dir", type: "str", default: "/etc/gxit-proxy", description: "Where the environment file with the map's password goes (root-owned, 0700)." },
  { name: "sessions_dir_writable", type: "bool", default: false, description: "Add the map's directory to ReadWritePaths. Only needed if you switched the map to WAL mode; Galaxy's default journal needs read access only." },
  { name: "limit_nofile", type: "int", default: 65536, description: "LimitNOFILE= of the unit (each websocket holds two descriptors)." },
  { name: "install_owner", type: "str", default: "root", description: "Owner of the installed files and the unit; the service user cannot modify its code." },
  { name: "install_group", type: "str", default: "root", description: "Group of the installed files and the unit." },
  { name: "npm_prefer_offline", type: "bool", default: true, description: "Pass --prefer-offline to npm ci (use the npm cache when it has the packages)." },
  { name: "npm_environment", type: "dict", default: {}, description: "Extra environment for npm ci, for example https_proxy or npm_config_registry." },
];

/** usegalaxy_eu.gie_proxy variables that have no meaning here. */
const IGNORED_UPSTREAM = [
  ["gie_proxy_git_repo", "the proxy is not cloned; the role carries a built artifact"],
  ["gie_proxy_git_version", "same"],
  ["gie_proxy_setup_libpq", "PostgreSQL maps are read with node-postgres (pure JavaScript): no libpq needed"],
  ["gie_proxy_install_pgnative", "same: pg-native is never installed"],
  ["gie_proxy_npm_unsafe_perm", "npm ci runs as the install owner"],
] as const;

// ---------------------------------------------------------------- YAML helpers

/** A YAML scalar: plain when unambiguous, else double-quoted (JSON escapes are valid YAML). */
function scalar(v: Json): string {
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  if (typeof v === "string") {
    if (/^[A-Za-z_/][A-Za-z0-9_./@-]*$/.test(v) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(v)) return v;
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return v.length === 0 ? "[]" : "[" + v.map(scalar).join(", ") + "]";
  const entries = Object.entries(v);
  return entries.length === 0 ? "{}" : "{" + entries.map(([k, x]) => `${k}: ${scalar(x)}`).join(", ") + "}";
}

/** Word-wraps text into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function jinjaDefault(v: RoleVar): string {
  const d = v.default;
  // bool: default() without `true`, or an explicit `false` would be replaced; null | bool is false.
  if (v.type === "bool") return `{{ ${v.alias} | default(${d}) | bool }}`;
  if (v.type === "int") return `{{ ${v.alias} | default(${d}, true) | int }}`;
  if (typeof d === "string") return `{{ ${v.alias} | default('${d}', true) }}`;
  return `{{ ${v.alias} | default(${JSON.stringify(d)}, true) }}`;
}

// ---------------------------------------------------------------- generated files

function schemaDescriptions(): Map<string, string> {
  const out = new Map<string, string>();
  const path = join(ROOT, "schemas/gxit-config.schema.json");
  if (!existsSync(path)) return out;
  const schema = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const defs = (schema["$defs"] ?? schema["definitions"] ?? {}) as Record<string, { properties?: Record<string, { description?: string }> }>;
  const proxy = defs["proxy"]?.properties ?? {};
  for (const [k, p] of Object.entries(proxy)) if (typeof p.description === "string") out.set(k, p.description);
  return out;
}

function description(v: RoleVar, schema: Map<string, string>): string {
  // Parenthesised remarks about the upstream role do not apply to this one.
  const fromSchema = v.schemaKey ? schema.get(v.schemaKey)?.replace(/\s*\([^()]*(?:usegalaxy_eu|gie_proxy|upstream role|only systemd|role >=)[^()]*\)/g, "") : undefined;
  let text = [fromSchema?.trim(), v.description].filter((x) => x).join(" ");
  if (text === "") throw new Error(`gxit_proxy_${v.name} has no description`);
  if (v.alias) text += ` Read from ${v.alias} when that is defined (usegalaxy_eu.gie_proxy).`;
  return text;
}

function defaultsYaml(): string {
  const lines = [
    "---",
    "# Generated by scripts/build-role.ts from its variable table; edit that,",
    "# then run npm run build:role. Each usegalaxy_eu.gie_proxy variable",
    "# (gie_proxy_*) is read first, so existing group_vars keep working.",
    "# Types, choices and descriptions: meta/argument_specs.yml, README.md.",
    "",
  ];
  for (const v of VARS) {
    if (v.alias) {
      const expr = jinjaDefault(v);
      const one = `gxit_proxy_${v.name}: "${expr}"`;
      if (one.length <= 80) lines.push(one);
      else lines.push(`gxit_proxy_${v.name}: >-`, `  ${expr}`);
    } else lines.push(`gxit_proxy_${v.name}: ${scalar(v.default)}`);
  }
  return lines.join("\n") + "\n";
}

function argumentSpecsYaml(schema: Map<string, string>): string {
  const l: string[] = [
    "---",
    "# Generated by scripts/build-role.ts; Ansible validates these before the",
    "# role runs.",
    "argument_specs:",
    "  main:",
    "    short_description: Install gxit-proxy, the Galaxy Interactive Tools proxy",
    "    description:",
    ...wrap(
      "Installs gxit-proxy (a hardened drop-in replacement for gx-it-proxy) from the built artifact in files/, runs npm ci --omit=dev, and renders a hardened systemd unit whose ExecReload re-reads the sessions map. Accepts the variables of usegalaxy_eu.gie_proxy (gie_proxy_*) unchanged.",
      66,
    ).map((x) => `      - ${scalar(x)}`),
    "    author:",
    "      - gxit-gen",
    "    options:",
  ];
  const opt = (name: string, type: string, body: { default?: Json; choices?: string[]; elements?: string; description: string }): void => {
    l.push(`      ${name}:`);
    l.push(`        type: ${type}`);
    if (body.elements) l.push(`        elements: ${body.elements}`);
    if (body.default !== undefined) l.push(`        default: ${scalar(body.default)}`);
    if (body.choices) {
      l.push("        choices:");
      for (const c of body.choices) l.push(`          - ${scalar(c)}`);
    }
    l.push("        description:");
    for (const line of wrap(body.description, 64)) l.push(`          - ${scalar(line)}`);
  };
  for (const v of VARS) {
    opt(`gxit_proxy_${v.name}`, v.type, {
      default: v.default,
      choices: v.choices,
      elements: v.elements,
      description: description(v, schema),
    });
  }
  for (const v of VARS) {
    if (!v.alias) continue;
    opt(v.alias, v.type, {
      choices: v.choices,
      elements: v.elements,
      description: `usegalaxy_eu.gie_proxy's name for gxit_proxy_${v.name}; when defined, it wins over gxit_proxy_${v.name}'s default.`,
    });
  }
  return l.join("\n") + "\n";
}

interface LockPackage {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  [k: string]: unknown;
}

/** The lock entries needed by the runtime dependencies, copied from the root lock. */
function lockClosure(lock: { packages: Record<string, LockPackage> }): Record<string, LockPackage> {
  const pkgs = lock.packages;
  const out: Record<string, LockPackage> = {};
  const find = (name: string, from: string): string | undefined => {
    // npm's lookup: node_modules folders from the requiring package upwards.
    let base = from;
    for (;;) {
      const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
      if (pkgs[candidate]) return candidate;
      if (base === "") return undefined;
      const idx = base.lastIndexOf("/node_modules/");
      base = idx < 0 ? "" : base.slice(0, idx);
    }
  };
  const visit = (path: string): void => {
    if (out[path]) return;
    const entry = pkgs[path];
    if (!entry) throw new Error(`package-lock.json has no ${path}`);
    const copy: LockPackage = {};
    for (const [k, val] of Object.entries(entry)) if (k !== "dev" && k !== "devOptional" && k !== "peer") copy[k] = val;
    out[path] = copy;
    const deps = { ...(entry.dependencies ?? {}), ...(entry.optionalDependencies ?? {}) };
    for (const name of Object.keys(deps).sort()) {
      const found = find(name, path);
      if (found) visit(found);
      else if (!(entry.optionalDependencies && name in entry.optionalDependencies)) throw new Error(`${path} needs ${name}, not in package-lock.json`);
    }
    for (const name of Object.keys(entry.peerDependencies ?? {}).sort()) {
      const meta = entry["peerDependenciesMeta"] as Record<string, { optional?: boolean }> | undefined;
      if (meta?.[name]?.optional) continue;
      const found = find(name, path);
      if (found) visit(found);
    }
  };
  for (const dep of RUNTIME_DEPS) visit(`node_modules/${dep}`);
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, null, 2) + "\n";
}

interface Built {
  files: Map<string, string>; // role-relative path → content
}

function build(): Built {
  const files = new Map<string, string>();
  const rootPkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    version: string;
    license?: string;
    dependencies: Record<string, string>;
    engines?: Record<string, string>;
  };
  const rootLock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockPackage> };
  const version = rootPkg.version;

  // files/gxit-proxy/lib/*.js
  if (!existsSync(join(PROXY_DIST, "main.js"))) throw new Error(`${PROXY_DIST}/main.js is missing: run npm run build first`);
  const modules = readdirSync(PROXY_DIST).filter((f) => f.endsWith(".js")).sort();
  for (const m of modules) {
    let js = readFileSync(join(PROXY_DIST, m), "utf8");
    js = js.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n");
    if (/from "\.\.\//.test(js) || /import\("\.\.\//.test(js)) throw new Error(`${m} imports from outside src/proxy; the artifact must stand alone`);
    files.set(`files/gxit-proxy/lib/${m}`, js);
  }

  const deps: Record<string, string> = {};
  for (const d of RUNTIME_DEPS) {
    const v = rootPkg.dependencies[d];
    if (!v) throw new Error(`package.json does not depend on ${d}`);
    deps[d] = v;
  }
  const sqliteEngines = rootLock.packages["node_modules/better-sqlite3"]?.engines?.["node"] ?? "";
  const majors = [...sqliteEngines.matchAll(/(\d+)\.x/g)].map((m) => Number(m[1]));
  const minVersion = (rootPkg.engines?.["node"] ?? ">=20.9").replace(/^>=\s*/, "");
  const minParts = minVersion.split(".");
  while (minParts.length < 3) minParts.push("0");
  const nodeMin = minParts.join(".");
  const supportedMajors = majors.filter((m) => m >= Number(minParts[0]));
  if (supportedMajors.length === 0) throw new Error(`cannot read the Node.js versions better-sqlite3 supports from "${sqliteEngines}"`);

  const pkg = {
    name: "gxit-proxy",
    version,
    description: "Galaxy Interactive Tools proxy: a hardened drop-in replacement for gx-it-proxy (built by gxit-gen)",
    license: rootPkg.license ?? "MIT",
    private: true,
    type: "module",
    bin: { "gxit-proxy": "lib/main.js" },
    engines: { node: `>=${minVersion}` },
    dependencies: deps,
    // npm >= 11.x asks for install scripts to be allowed; better-sqlite3 builds its binding in one.
    allowScripts: { "better-sqlite3": true },
  };
  files.set("files/gxit-proxy/package.json", stableJson(pkg));
  const lock = {
    name: "gxit-proxy",
    version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "gxit-proxy", version, license: pkg.license, dependencies: deps, bin: pkg.bin, engines: pkg.engines },
      ...lockClosure(rootLock),
    },
  };
  const lockText = stableJson(lock);
  files.set("files/gxit-proxy/package-lock.json", lockText);
  const lockSha = createHash("sha256").update(lockText).digest("hex");

  const schema = schemaDescriptions();
  files.set("defaults/main.yml", defaultsYaml());
  const specs = argumentSpecsYaml(schema);
  files.set("meta/argument_specs.yml", specs);
  files.set("vars/main.yml", varsYaml(version, lockSha, deps["better-sqlite3"]!, nodeMin, supportedMajors));
  files.set("README.md", readme(specs, version, nodeMin, supportedMajors));
  return { files };
}

function varsYaml(version: string, lockSha: string, sqliteVersion: string, nodeMin: string, majors: number[]): string {
  return `---
# Generated by scripts/build-role.ts. Facts about the artifact in files/,
# and values derived from the variables (not meant to be overridden).
gxit_proxy_artifact_version: ${scalar(version)}
gxit_proxy_artifact_lock_id: ${scalar(lockSha.slice(0, 32))}
gxit_proxy_better_sqlite3_version: ${scalar(sqliteVersion)}
gxit_proxy_node_min_version: ${scalar(nodeMin)}
gxit_proxy_supported_node_majors: ${scalar(majors)}

gxit_proxy_system_path: >-
  /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
gxit_proxy_node_wanted: >-
  {{ gxit_proxy_nodejs_executable
     if gxit_proxy_nodejs_executable | length > 0
     else (gxit_proxy_virtualenv ~ '/bin/node'
           if gxit_proxy_setup_nodejs == 'nodeenv' else 'node') }}
# npm ci runs again when the lock or the Node.js major version changes.
gxit_proxy_npm_stamp: >-
  {{ gxit_proxy_dir }}/node_modules/.gxit-proxy-{{
  gxit_proxy_artifact_lock_id[:16] }}-node{{ gxit_proxy_node_major }}
gxit_proxy_npm_env: >-
  {{ {'PATH': (gxit_proxy_node_path | dirname) ~ ':' ~ gxit_proxy_system_path,
      'npm_config_update_notifier': 'false'}
     | combine(gxit_proxy_npm_environment) }}
gxit_proxy_protect_home: >-
  {{ 'read-only'
     if ([gxit_proxy_sessions_path, gxit_proxy_dir,
          gxit_proxy_node_path | default('')]
         | select('match', '/(home|root|run/user)(/|$)') | list | length > 0)
     else 'yes' }}
gxit_proxy_args: >-
  {{ ['--ip', gxit_proxy_ip, '--port', gxit_proxy_port | string,
      '--sessions', gxit_proxy_sessions_path]
     + (['--proxyPathPrefix', gxit_proxy_path_prefix]
        if gxit_proxy_path_prefix | length > 0 else [])
     + (['--verbose'] if gxit_proxy_verbose | bool else [])
     + (['--forwardIP', gxit_proxy_forward_ip]
        if gxit_proxy_forward_ip | length > 0 else [])
     + (['--forwardPort', gxit_proxy_forward_port | string]
        if gxit_proxy_forward_port | int > 0 else [])
     + (['--reverseProxy'] if gxit_proxy_reverse_proxy | bool else [])
     + ['--connectTimeout', gxit_proxy_connect_timeout | string,
        '--idleTimeout', gxit_proxy_idle_timeout | string,
        '--drainTimeout', gxit_proxy_drain_timeout | string]
     + (['--logFormat', gxit_proxy_log_format]
        if gxit_proxy_log_format != 'text' else [])
     + (['--cors', gxit_proxy_cors] if gxit_proxy_cors != 'reflect' else [])
     + (['--tlsCert', gxit_proxy_tls_certificate,
         '--tlsKey', gxit_proxy_tls_key]
        if gxit_proxy_tls_certificate | length > 0 else [])
     + gxit_proxy_extra_args }}
# The environment file that carries the PostgreSQL map's password.
gxit_proxy_environment_file: >-
  {{ gxit_proxy_environment_dir }}/{{ gxit_proxy_service_name }}.env
# systemd: quote like a shell, and escape its % specifiers.
gxit_proxy_exec_start: >-
  {{ gxit_proxy_command_line
     if gxit_proxy_command_line | length > 0
     else ([gxit_proxy_node_path] + gxit_proxy_node_args
           + [gxit_proxy_dir ~ '/lib/main.js']
           + gxit_proxy_args) | map('quote') | join(' ')
              | replace('%', '%%') }}
`;
}

// ---------------------------------------------------------------- README

interface SpecOption {
  type: string;
  default?: Json;
  choices?: string[];
  description: string | string[];
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function readme(specsYaml: string, version: string, nodeMin: string, majors: number[]): string {
  const specs = parseYaml(specsYaml) as { argument_specs: { main: { options: Record<string, SpecOption> } } };
  const options = specs.argument_specs.main.options;
  const rows: string[] = [];
  for (const [name, o] of Object.entries(options)) {
    if (name.startsWith("gie_proxy_")) continue;
    const alias = `gie_proxy_${name.slice("gxit_proxy_".length)}`;
    const hasAlias = alias in options;
    const desc = (Array.isArray(o.description) ? o.description.join(" ") : o.description).replace(/ Read from gie_proxy_\w+ when that is defined \(usegalaxy_eu\.gie_proxy\)\.$/, "");
    const dflt = o.default === undefined ? "" : `\`${scalar(o.default)}\``;
    const type = o.choices ? `${o.type}: ${o.choices.map((c) => `\`${c}\``).join(", ")}` : o.type;
    rows.push(`| \`${name}\` | ${hasAlias ? `\`${alias}\`` : ""} | ${type} | ${dflt} | ${cell(desc)} |`);
  }
  const ignored = IGNORED_UPSTREAM.map(([n, why]) => `- \`${n}\`: ${why}.`).join("\n");
  return `<!-- Generated by scripts/build-role.ts (npm run build:role); edit the script, not this file. -->
# Ansible role \`gxit_proxy\`

Installs **gxit-proxy ${version}**, gxit-gen's Galaxy Interactive Tools proxy,
a hardened drop-in replacement for gx-it-proxy
(see [docs/proxy.md](../../docs/proxy.md) for the proxy itself), and its
systemd unit.

- It ships the built proxy in \`files/gxit-proxy\` (compiled JavaScript, a
  \`package.json\` and a \`package-lock.json\` whose only runtime dependencies
  are \`http-proxy\`, \`undici\` and \`better-sqlite3\`) and installs it with
  \`npm ci --omit=dev\`, which builds better-sqlite3 for the target. npm ci
  runs again only when the lock or the Node.js major version changes; a
  second run of the role reports no changes.
- It accepts the variables of \`usegalaxy_eu.gie_proxy\` (\`gie_proxy_*\`)
  unchanged: an existing \`group_vars\` works as it is.
- The unit is hardened (\`NoNewPrivileges\`, \`ProtectSystem=strict\` with no
  writable path, \`ProtectHome\`, \`PrivateTmp\`, \`RestrictAddressFamilies\`,
  a system call filter, no capabilities) and \`systemctl reload\` makes the
  proxy re-read the sessions map. The service restarts only when the
  artifact, its dependencies or the unit changed.

## Requirements

- Node.js >= ${nodeMin} with a major version of ${majors.join(", ")} (what
  better-sqlite3 supports); the role checks it. Set
  \`gxit_proxy_setup_nodejs\` to \`package\` or \`nodeenv\` to install it.
- npm, and access to the npm registry (or its cache) for \`npm ci\`. If no
  prebuilt better-sqlite3 binary matches the target, a C++ toolchain, make
  and python3 are needed to build it.
- ansible-core >= 2.14.

## Example

\`\`\`yaml
- hosts: galaxyservers
  become: true
  roles:
    - role: gxit_proxy
      vars:
        gxit_proxy_sessions_path: /srv/galaxy/var/data/interactivetools_map.sqlite
        gxit_proxy_path_prefix: /interactivetool/ep
        gxit_proxy_port: 4002
\`\`\`

With an existing \`usegalaxy_eu.gie_proxy\` configuration, replace the role
name and keep the \`gie_proxy_*\` variables.

## Variables

Every variable has a \`gxit_proxy_\` name. Where \`usegalaxy_eu.gie_proxy\` has
one, its \`gie_proxy_\` name is read first when it is defined.

| variable | gie_proxy name | type | default | description |
|---|---|---|---|---|
${rows.join("\n")}

Ignored \`usegalaxy_eu.gie_proxy\` variables:

${ignored}
`;
}

// ---------------------------------------------------------------- main


function main(): void {
  const { values } = parseArgs({ options: { out: { type: "string" }, check: { type: "boolean" } } });
  const out = resolve(values.out ?? ROLE_SRC);
  const { files } = build();

  if (values.check) {
    const differences: string[] = [];
    const existing = new Set(listFiles(out).filter((f) => GENERATED.some((g) => f === g || f.startsWith(g + "/"))));
    for (const [path, content] of files) {
      const p = join(out, path);
      if (!existsSync(p) || readFileSync(p, "utf8") !== content) differences.push(path);
      existing.delete(path);
    }
    for (const stale of existing) differences.push(`${stale} (stale)`);
    if (differences.length > 0) {
      process.stderr.write(`build-role: ${out} is out of date; run npm run build:role\n${differences.map((d) => `  ${d}\n`).join("")}`);
      process.exit(1);
    }
    process.stdout.write(`build-role: ${relative(process.cwd(), out) || "."} is up to date\n`);
    return;
  }

  if (out !== ROLE_SRC) {
    rmSync(out, { recursive: true, force: true });
    cpSync(ROLE_SRC, out, { recursive: true, filter: (src) => !GENERATED.some((g) => src === join(ROLE_SRC, g)) });
  } else rmSync(join(out, "files"), { recursive: true, force: true });
  for (const [path, content] of files) {
    const p = join(out, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  process.stdout.write(`build-role: wrote ${files.size} files to ${relative(process.cwd(), out) || "."}\n`);
}

main();
