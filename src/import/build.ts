// From a hand-written tree (the deployment model the tree front end built:
// variables with their origins, job confs, nginx, tool panel, Pulsar app,
// playbook) to the data of a gxit-gen config. Every value set records the
// origin it came from; everything that the config cannot express is listed
// with its origin and the reason, never dropped silently and never guessed.
// Values are taken as written (not resolved through the variables), so a
// `{{ var }}` in the tree stays a {var: …} reference in the config.
import { basename } from "node:path";
import { PATH_LOCATION_CONFIG, PROXY_VARS } from "../compile/emitters/group-vars.js";
import { GRAVITY_ONLY_PROXY_KEYS } from "../config/targets.js";
import { canonicalLimitType, isDestinationLimit, limitValueProblem } from "../config/job-hosts.js";
import { RUNNER_LOADS } from "../config/normalize.js";
import { joinText, textKey, textParts, type Text } from "../config/text.js";
import { entry, get, str, type LEntry, type LValue, type Origin, type SourceFile } from "../parse/located.js";
import { attr, type XmlElement } from "../parse/xml-tree.js";
import { CONFIG_SCHEMA } from "../schema/validate.js";
import { jobConfFromXml, jobConfFromYaml, type JobConf } from "../tree/jobconf.js";
import type { LoadedTree } from "../tree/load.js";
import type { ReadFile } from "../tree/normalize.js";
import { isGxitToolKey, tpvFromYaml } from "../tree/tpv.js";
import { boolOf, dataOf, intOf, literalOf, scalarOf, textOf, type Converted } from "./values.js";

export type ConfigPathSegment = string | number;

export interface NotCarried {
  origin: Origin | undefined;
  /** What it is, as the tree names it (a variable, an element, a param). */
  what: string;
  why: string;
}

export interface ImportedConfig {
  data: Record<string, unknown>;
  /** Where each config value was written in the tree, by config path. */
  origins: Map<string, Origin>;
  notCarried: NotCarried[];
  /** The target the config is imported for, and why (one line). */
  target: { id: string; why: string };
}

export const pathKey = (path: readonly ConfigPathSegment[]): string => JSON.stringify(path);

/** The roles compile adds to the playbook itself (not "existing roles"). */
const GXIT_ROLES = new Set(["geerlingguy.docker", "usegalaxy_eu.gie_proxy", "gxit_proxy", "usegalaxy_eu.aws_cli"]);
/** galaxy_config_templates entries for files gxit-gen generates itself. */
const GENERATED_TEMPLATE = /(^|\/)(tool_conf_interactive\.xml|(galaxy_)?job_conf[^/]*\.(xml|ya?ml)|pulsar_app\.ya?ml)(\.j2)?$/;
/** gx_it_proxy settings the config carries (proxy.*), besides enable and sessions. */
const GRAVITY_PROXY_KEYS = new Set<string>(["port", "ip", "verbose", ...GRAVITY_ONLY_PROXY_KEYS]);
/** The proxy role variables that are booleans in the config (the rest but the port are text). */
const PROXY_BOOLEAN_KEYS = new Set<string>(["verbose", "install", "setup_libpq"]);
/** Directives the generated vhost always writes. */
const VHOST_FIXED = new Set(["proxy_redirect off", "proxy_http_version 1.1"]);

class Builder {
  readonly data: Record<string, unknown> = { version: 1 };
  readonly origins = new Map<string, Origin>();
  readonly notCarried: NotCarried[] = [];

  set(path: ConfigPathSegment[], value: unknown, origin: Origin | undefined): void {
    let cur: Record<string | number, unknown> = this.data;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i]!;
      if (cur[seg] === undefined) cur[seg] = typeof path[i + 1] === "number" ? [] : {};
      cur = cur[seg] as Record<string | number, unknown>;
    }
    cur[path[path.length - 1]!] = value;
    if (origin) this.origins.set(pathKey(path), origin);
  }

  has(path: ConfigPathSegment[]): boolean {
    let cur: unknown = this.data;
    for (const seg of path) {
      if (cur === null || typeof cur !== "object") return false;
      cur = (cur as Record<string | number, unknown>)[seg];
    }
    return cur !== undefined;
  }

  /** Marks a container path with the origin of what it was read from (for its comment). */
  mark(path: ConfigPathSegment[], origin: Origin): void {
    if (!this.origins.has(pathKey(path))) this.origins.set(pathKey(path), origin);
  }

  skip(origin: Origin | undefined, what: string, why: string): void {
    this.notCarried.push({ origin, what, why });
  }

  /** Sets a converted value, or lists it as not carried over. */
  put(path: ConfigPathSegment[], c: Converted<unknown>, origin: Origin, what: string): boolean {
    if (c.ok) {
      this.set(path, c.value, origin);
      return true;
    }
    this.skip(c.at.origin, what, c.why);
    return false;
  }
}

type SchemaNode = Record<string, unknown>;
function schemaAt(...keys: string[]): SchemaNode {
  const deref = (n: SchemaNode): SchemaNode =>
    typeof n.$ref === "string" ? deref((n.$ref as string).split("/").slice(1).reduce<SchemaNode>((a, k) => a[k] as SchemaNode, CONFIG_SCHEMA as SchemaNode)) : n;
  let n = deref(CONFIG_SCHEMA as SchemaNode);
  for (const k of keys) n = deref(k === "*" ? (n.additionalProperties as SchemaNode) : ((n.properties as Record<string, SchemaNode>)[k] as SchemaNode));
  return n;
}

/** How a destination param is typed in the config: boolean, literal string, or Text. */
function paramKinds(): Map<string, "boolean" | "literal" | "text"> {
  const props = schemaAt("jobs", "destinations", "*", "params").properties as Record<string, SchemaNode>;
  const out = new Map<string, "boolean" | "literal" | "text">();
  for (const k of Object.keys(props)) {
    const t = schemaAt("jobs", "destinations", "*", "params", k).type;
    out.set(k, t === "boolean" ? "boolean" : t === "string" ? "literal" : "text");
  }
  return out;
}

export function importTree(tree: LoadedTree): ImportedConfig {
  const b = new Builder();
  const { vars, files } = tree;
  const firstDoc = (f: ReadFile | undefined) => f?.yaml?.documents.find((d) => d !== undefined);

  /** The site's own definition of a variable (role defaults are the role's choice, not the site's). */
  const siteVar = (name: string, hops = 0): LEntry | undefined => {
    const d = vars.definition(name);
    if (!d || d.layer === "role-defaults") return undefined;
    // `certbot_domains: "{{ server_names }}"`: a collection is carried over from the variable it names.
    const ref = d.entry.value.kind === "scalar" && typeof d.entry.value.value === "string" ? /^\s*\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}\s*$/.exec(d.entry.value.value) : null;
    if (ref && hops < 10) {
      const target = siteVar(ref[1]!, hops + 1);
      if (target && (target.value.kind === "map" || target.value.kind === "seq")) return target;
    }
    // `galaxy_config: "{{ group_galaxy_config | combine(host_galaxy_config) }}"`: the collection the
    // front end computed, whose entries keep the file:line they were written at.
    if (d.entry.value.kind === "scalar" && d.entry.value.partial && !ref) {
      const resolved = vars.lookup(name);
      if (resolved && (resolved.kind === "map" || resolved.kind === "seq")) return { ...d.entry, value: resolved };
    }
    return d.entry;
  };

  // ---- playbook, inventory group, role versions
  const playbooks = files.filter((f) => f.kind === "playbook").sort((a, b2) => a.rel.split("/").length - b2.rel.split("/").length);
  let play: { file: ReadFile; play: LValue } | undefined;
  for (const f of playbooks) {
    const doc = firstDoc(f);
    for (const p of doc?.kind === "seq" ? doc.items : []) {
      const roles = get(p, "roles");
      const names = roles?.kind === "seq" ? roles.items.map(roleName) : [];
      if (!play || names.includes("galaxyproject.galaxy")) play = { file: f, play: p };
      if (names.includes("galaxyproject.galaxy")) break;
    }
    if (play) break;
  }
  // The other plays of that playbook (proxy replicas, the sessions map's database): not read back yet.
  if (play) {
    const doc = firstDoc(play.file);
    for (const p of doc?.kind === "seq" ? doc.items : []) {
      if (p === play.play) continue;
      const hosts = entry(p, "hosts");
      const group = hosts ? literalOf(hosts.value) : undefined;
      b.skip(hosts?.keyOrigin ?? p.origin, `play for ${group?.ok ? String(group.value) : "other hosts"}`, "import reads the Galaxy play only; several hosts (proxy.replicas, proxy.database) are not read back yet: set them in the config");
    }
  }
  const playRoles: string[] = [];
  const versions = requirementVersions(files, firstDoc);
  if (play) {
    const p = play.play;
    const name = basename(play.file.rel);
    if (name !== "galaxy.yml") b.put(["playbook", "file"], { ok: true, value: name }, p.origin, "playbook file");
    const pe = (k: string) => entry(p, k);
    const nm = pe("name");
    if (nm) b.put(["playbook", "name"], literalOf(nm.value), nm.keyOrigin, "play name");
    const hosts = pe("hosts");
    if (hosts) b.put(["inventory_group"], literalOf(hosts.value), hosts.keyOrigin, "play hosts");
    const become = pe("become");
    if (become) b.put(["playbook", "become"], boolOf(become.value), become.keyOrigin, "play become");
    const roles = get(p, "roles");
    let n = 0;
    for (const item of roles?.kind === "seq" ? roles.items : []) {
      const rn = roleName(item);
      if (rn === undefined) {
        b.skip(item.origin, "playbook role", "its name is not a literal role name");
        continue;
      }
      playRoles.push(rn);
      if (GXIT_ROLES.has(rn)) continue;
      const path = ["playbook", "roles", n++];
      b.set([...path, "name"], rn, item.origin);
      b.mark(path, item.origin);
      const version = versions.get(rn);
      if (version) b.put([...path, "version"], literalOf(version.value), version.value.origin, `${rn} version`);
      for (const e of item.kind === "map" ? item.entries : []) {
        if (e.key === "role" || e.key === "name") continue;
        if (e.key === "become") b.put([...path, "become"], boolOf(e.value), e.keyOrigin, `${rn} become`);
        else if (e.key === "become_user") b.put([...path, "become_user"], literalOf(e.value), e.keyOrigin, `${rn} become_user`);
        else b.skip(e.keyOrigin, `role ${rn}: ${e.key}`, "the config's playbook roles take only name, version, become and become_user");
      }
    }
    for (const e of p.kind === "map" ? p.entries : []) {
      if (["name", "hosts", "become", "roles", "vars", "vars_files"].includes(e.key)) continue;
      b.skip(e.keyOrigin, `play ${e.key}`, "the generated playbook applies roles only; keep this in your own playbook");
    }
    const docker = versions.get("geerlingguy.docker");
    if (docker) b.put(["docker", "role_version"], literalOf(docker.value), docker.value.origin, "geerlingguy.docker version");
    const gie = versions.get("usegalaxy_eu.gie_proxy");
    if (gie) b.put(["proxy", "role_version"], literalOf(gie.value), gie.value.origin, "usegalaxy_eu.gie_proxy version");
    const aws = versions.get("usegalaxy_eu.aws_cli");
    if (aws) b.put(["certbot", "aws_cli_role_version"], literalOf(aws.value), aws.value.origin, "usegalaxy_eu.aws_cli version");
  }

  // ---- Galaxy options (galaxy_config.galaxy, or a galaxy.yml options file)
  const galaxyConfig = siteVar("galaxy_config");
  let options: LValue | undefined = get(galaxyConfig?.value, "galaxy");
  for (const f of files.filter((x) => x.kind === "galaxy-options")) options ??= get(firstDoc(f), "galaxy");
  // ---- the target, from what the tree shows: Gravity running the proxy, or a YAML/inline job config, is
  // the current tutorial's stack (gtn-current); an XML job conf with a proxy role is gtn-2020's.
  const gravity = get(galaxyConfig?.value, "gravity") ?? siteVar("host_galaxy_config_gravity")?.value;
  const gxItProxy = entry(gravity, "gx_it_proxy");
  const enable = entry(gxItProxy?.value, "enable");
  const disabled = enable ? boolOf(enable.value) : undefined;
  const gravityRunsProxy = gxItProxy !== undefined && !(disabled?.ok && disabled.value === false);
  const xmlJobConf = files.some((f) => f.kind === "job-conf-xml" && f.xml?.root);
  const yamlJobConf = files.some((f) => f.kind === "job-conf-yaml") || siteVar("galaxy_job_config") !== undefined || entry(options, "job_config") !== undefined;
  const current = gravityRunsProxy || (yamlJobConf && !xmlJobConf);
  const target = current
    ? { id: "gtn-current", why: gravityRunsProxy ? "Gravity runs the proxy (gx_it_proxy)" : "the job configuration is YAML" }
    : { id: "gtn-2020", why: xmlJobConf ? "the job configuration is job_conf.xml" : "no YAML job configuration and no Gravity-run proxy" };
  if (current) b.set(["target"], "gtn-current", gravityRunsProxy ? gxItProxy!.keyOrigin : undefined);
  const sessionsVar = gravityRunsProxy ? "gxit_proxy_sessions_path" : "gie_proxy_sessions_path";

  if (!b.has(["inventory_group"]) && galaxyConfig) {
    const m = /(?:^|\/)group_vars\/([A-Za-z0-9_][A-Za-z0-9_.-]*?)(?:\.ya?ml)?(?:\/|$)/.exec(relOf(files, galaxyConfig.keyOrigin.src) ?? "");
    if (m && m[1] !== "all") b.set(["inventory_group"], m[1], galaxyConfig.keyOrigin);
  }
  for (const e of galaxyConfig?.value.kind === "map" ? galaxyConfig.value.entries : []) {
    if (e.key === "gravity" && current) continue;
    if (e.key !== "galaxy") b.skip(e.keyOrigin, `galaxy_config.${e.key}`, "the config writes only galaxy_config.galaxy; keep this section in your own vars (the generated galaxy_config replaces the whole variable)");
  }
  const OWNED: Record<string, (e: LEntry) => void> = {
    job_config_file: (e) => b.put(["galaxy", "job_config_file"], textOf(e.value), e.keyOrigin, "job_config_file"),
    interactivetools_enable: (e) => b.put(["galaxy", "interactivetools", "enable"], boolOf(e.value), e.keyOrigin, "interactivetools_enable"),
    interactivetools_map: (e) => {
      const t = textOf(e.value);
      // The config's default map is the proxy's sessions path, as the tutorial writes it.
      if (t.ok && textKey(t.value) === `{{ ${sessionsVar} }}`) return;
      b.put(["galaxy", "interactivetools", "map"], t, e.keyOrigin, "interactivetools_map");
    },
    interactivetools_base_path: (e) => b.put(["galaxy", "interactivetools", "base_path"], literalOf(e.value), e.keyOrigin, "interactivetools_base_path"),
    interactivetools_prefix: (e) => b.put(["galaxy", "interactivetools", "prefix"], literalOf(e.value), e.keyOrigin, "interactivetools_prefix"),
    interactivetools_upstream_proxy: (e) => b.put(["galaxy", "interactivetools", "upstream_proxy"], boolOf(e.value), e.keyOrigin, "interactivetools_upstream_proxy"),
    interactivetools_proxy_host: (e) => b.put(["galaxy", "interactivetools", "proxy_host"], literalOf(e.value), e.keyOrigin, "interactivetools_proxy_host"),
    outputs_to_working_directory: (e) => b.put(["galaxy", "outputs_to_working_directory"], boolOf(e.value), e.keyOrigin, "outputs_to_working_directory"),
    galaxy_infrastructure_url: (e) => b.put(["galaxy", "infrastructure_url"], textOf(e.value), e.keyOrigin, "galaxy_infrastructure_url"),
    // Imported into jobs below.
    job_config: () => undefined,
  };
  for (const e of options?.kind === "map" ? options.entries : []) {
    const own = OWNED[e.key];
    if (own) own(e);
    else b.put(["galaxy", "config", e.key], dataOf(e.value), e.keyOrigin, `galaxy option ${e.key}`);
  }
  if (options) b.mark(["galaxy", "config"], options.origin);

  // galaxy_config_templates: gxit-gen's own entries tell the config dir; the others are kept.
  const templates = siteVar("galaxy_config_templates");
  let configDir: Text | undefined;
  let n = 0;
  for (const item of templates?.value.kind === "seq" ? templates.value.items : []) {
    const src = get(item, "src");
    const dest = get(item, "dest");
    const srcText = src?.kind === "scalar" ? String(src.value) : "";
    if (GENERATED_TEMPLATE.test(srcText)) {
      const d = dest ? textOf(dest) : undefined;
      if (/tool_conf_interactive\.xml(\.j2)?$/.test(srcText) && d?.ok) {
        const parts = textParts(d.value);
        const lastPart = parts[parts.length - 1];
        if (lastPart?.kind === "literal" && lastPart.text.endsWith("/tool_conf_interactive.xml")) {
          const dir = joinText([...parts.slice(0, -1), ...(lastPart.text === "/tool_conf_interactive.xml" ? [] : [{ kind: "literal" as const, text: lastPart.text.slice(0, -"/tool_conf_interactive.xml".length) }])]);
          configDir = dir;
          b.set(["galaxy", "config_dir"], dir, dest!.origin);
        }
      }
      continue;
    }
    if (!src || !dest) {
      b.skip(item.origin, "galaxy_config_templates entry", "it has no src or no dest");
      continue;
    }
    const s = textOf(src);
    const d = textOf(dest);
    if (!s.ok || !d.ok) {
      b.skip((s.ok ? (d as { at: LValue }).at : s.at).origin, "galaxy_config_templates entry", (s.ok ? (d as { why: string }).why : s.why));
      continue;
    }
    b.set(["galaxy", "config_templates", n, "src"], s.value, src.origin);
    b.set(["galaxy", "config_templates", n, "dest"], d.value, dest.origin);
    b.mark(["galaxy", "config_templates", n++], item.origin);
  }

  const toolConfigFiles = siteVar("galaxy_tool_config_files");
  if (toolConfigFiles) {
    const interactive = textKey(joinText(configDir ?? { var: "galaxy_config_dir" }, "/tool_conf_interactive.xml"));
    const items = toolConfigFiles.value.kind === "seq" ? toolConfigFiles.value.items : [];
    if (toolConfigFiles.value.kind !== "seq") b.skip(toolConfigFiles.value.origin, "galaxy_tool_config_files", "it is not a list");
    const kept: Text[] = [];
    for (const item of items) {
      const t = textOf(item);
      if (!t.ok) {
        b.skip(t.at.origin, "galaxy_tool_config_files item", t.why);
        continue;
      }
      if (textKey(t.value) === interactive) continue;
      b.mark(["galaxy", "tool_config_files", kept.length], item.origin);
      kept.push(t.value);
    }
    b.set(["galaxy", "tool_config_files"], kept, toolConfigFiles.keyOrigin);
  }

  // ---- Docker
  const compose = siteVar("docker_install_compose");
  if (compose) b.put(["docker", "install_compose"], boolOf(compose.value), compose.keyOrigin, "docker_install_compose");
  const dockerUsers = siteVar("docker_users");
  if (dockerUsers) importTextList(b, ["docker", "users"], dockerUsers, "docker_users");

  // ---- the proxy: gie_proxy_* (both roles), or Gravity's gx_it_proxy
  const bundled = playRoles.includes("gxit_proxy") || files.some((f) => f.rel.startsWith("roles/gxit_proxy/"));
  if (gravityRunsProxy) {
    b.set(["proxy", "role"], "gravity", gxItProxy!.keyOrigin);
    for (const e of gxItProxy!.value.kind === "map" ? gxItProxy!.value.entries : []) {
      if (e.key === "enable") continue;
      if (e.key === "sessions") {
        // `sessions: "{{ gxit_proxy_sessions_path }}"`: the path is that variable's value.
        const t = textOf(e.value);
        const named = t.ok && textKey(t.value) === `{{ ${sessionsVar} }}` ? siteVar(sessionsVar) : undefined;
        if (named) b.put(["proxy", "sessions_path"], textOf(named.value), named.keyOrigin, sessionsVar);
        else b.put(["proxy", "sessions_path"], t, e.keyOrigin, "gx_it_proxy.sessions");
      } else if (GRAVITY_PROXY_KEYS.has(e.key)) {
        const c = ["port", "forward_port", "start_timeout", "stop_timeout"].includes(e.key) ? intOf(e.value) : e.key === "verbose" || e.key === "reverse_proxy" ? boolOf(e.value) : e.key === "environment" || e.key.startsWith("memory_") ? dataOf(e.value) : literalOf(e.value);
        b.put(["proxy", e.key], c, e.keyOrigin, `gx_it_proxy.${e.key}`);
      } else b.skip(e.keyOrigin, `gx_it_proxy.${e.key}`, "not a gx_it_proxy setting the config knows");
    }
    for (const [k, v] of gravity?.kind === "map" ? gravity.entries.map((x) => [x.key, x] as const) : []) {
      if (k !== "gx_it_proxy") b.put(["galaxy", "gravity", k], dataOf(v.value), v.keyOrigin, `galaxy_config.gravity.${k}`);
    }
    for (const d of vars.definitions()) {
      if (d.layer !== "role-defaults" && d.name.startsWith("gie_proxy_")) b.skip(d.entry.keyOrigin, d.name, "Gravity runs the proxy here (gx_it_proxy), so the proxy role's variables do not apply");
    }
  } else {
    if (bundled) b.set(["proxy", "role"], "gxit_proxy", play?.play.origin);
    else if (current) {
      // gtn-current's default runner is Gravity: a tree that runs the upstream role says so explicitly.
      const firstVar = vars.definitions().find((d) => d.layer !== "role-defaults" && d.name.startsWith("gie_proxy_"));
      if (firstVar || playRoles.includes("usegalaxy_eu.gie_proxy")) b.set(["proxy", "role"], "usegalaxy_eu.gie_proxy", firstVar?.entry.keyOrigin ?? play?.play.origin);
    }
    for (const [key, variable] of PROXY_VARS) {
      const e = siteVar(variable);
      if (!e) continue;
      const c = key === "port" ? intOf(e.value) : PROXY_BOOLEAN_KEYS.has(key) ? boolOf(e.value) : textOf(e.value);
      b.put(["proxy", key], c, e.keyOrigin, variable);
    }
    for (const d of vars.definitions()) {
      if (d.layer === "role-defaults" || !d.name.startsWith("gie_proxy_")) continue;
      if (!PROXY_VARS.some(([, v]) => v === d.name)) b.skip(d.entry.keyOrigin, d.name, "not a variable of usegalaxy_eu.gie_proxy or gxit_proxy that the config knows");
    }
    if (gxItProxy) b.skip(gxItProxy.keyOrigin, "Gravity's gx_it_proxy", "it is disabled (enable: false); the proxy role's variables are imported");
    if (gravity && !current) b.skip(gravity.origin, "galaxy_config.gravity", "Gravity settings are written only by target gtn-current; keep them in your own vars");
  }
  const extraConfigs = siteVar("nginx_extra_configs");
  if (current) {
    const items = extraConfigs?.value.kind === "seq" ? extraConfigs.value.items : [];
    const path = items.find((i) => str(i) === PATH_LOCATION_CONFIG);
    b.set(["nginx", "path_based"], path !== undefined, path?.origin ?? extraConfigs?.keyOrigin);
    for (const i of items) if (i !== path) b.skip(i.origin, `nginx_extra_configs item ${str(i) ?? ""}`, "the config writes only its own path-based location there; keep yours in your own vars");
  }

  // ---- nginx
  const vhostFile = files.find((f) => f.kind === "nginx" && f.rel === tree.deployment.nginx.vhostName);
  const vhostName = vhostFile ? basename(vhostFile.rel).replace(/\.j2$/, "") : undefined;
  if (vhostFile && vhostName) importVhost(b, vhostFile, vhostName);
  const sslServers = siteVar("nginx_ssl_servers");
  if (sslServers) {
    const items = sslServers.value.kind === "seq" ? sslServers.value.items : [];
    const kept: string[] = [];
    for (const item of items) {
      const l = literalOf(item);
      if (!l.ok) b.skip(item.origin, "nginx_ssl_servers item", l.why);
      else if (l.value !== (vhostName ?? "galaxy-gie-proxy")) kept.push(l.value);
    }
    b.set(["nginx", "ssl_servers"], kept, sslServers.keyOrigin);
  }

  // ---- the certificate: the GxIT wildcard tells the host name and the entry point style
  const domains = siteVar("certbot_domains");
  if (!domains) b.set(["certbot", "enabled"], false, undefined);
  else {
    const items = domains.value.kind === "seq" ? domains.value.items : [];
    const texts = items.map((i) => ({ item: i, t: textOf(i) }));
    const wildcard = (style: string) =>
      texts.find((x) => x.t.ok && new RegExp(`^\\*\\.${style}\\.[a-z0-9-]+\\.`).test(textKey(x.t.value)));
    const w = wildcard("ep") ?? wildcard("interactivetoolentrypoint");
    const kept: Text[] = [];
    for (const x of texts) {
      if (!x.t.ok) {
        b.skip(x.t.at.origin, "certbot_domains item", x.t.why);
        continue;
      }
      if (x === w) {
        const m = /^\*\.(ep|interactivetoolentrypoint)\.([a-z0-9-]+)\.(.+)$/.exec(textKey(x.t.value))!;
        b.set(["galaxy", "interactivetools", "entry_point_style"], m[1] === "ep" ? "ep" : "legacy", x.item.origin);
        if (!b.has(["galaxy", "interactivetools", "prefix"]) && m[2] !== "interactivetool") b.set(["galaxy", "interactivetools", "prefix"], m[2], x.item.origin);
        const host = textOf({ ...(x.item as LValue & { kind: "scalar" }), value: m[3]! });
        if (host.ok) b.set(["galaxy", "hostname"], host.value, x.item.origin);
        continue;
      }
      b.mark(["certbot", "domains", kept.length], x.item.origin);
      kept.push(x.t.value);
    }
    b.set(["certbot", "domains"], kept, domains.keyOrigin);
    const provider = siteVar("certbot_dns_provider");
    if (provider) b.put(["certbot", "dns_provider"], literalOf(provider.value), provider.keyOrigin, "certbot_dns_provider");
    const creds = siteVar("certbot_dns_credentials");
    if (creds) b.put(["certbot", "dns_credentials"], dataOf(creds.value), creds.keyOrigin, "certbot_dns_credentials");
    const aws = siteVar("aws_cli_credentials");
    if (aws) b.put(["certbot", "aws_cli_credentials"], dataOf(aws.value), aws.keyOrigin, "aws_cli_credentials");
    for (const d of vars.definitions()) {
      if (d.layer === "role-defaults" || !d.name.startsWith("certbot_") || ["certbot_domains", "certbot_dns_provider", "certbot_dns_credentials"].includes(d.name)) continue;
      if (d.name === "certbot_expand") {
        b.skip(d.entry.keyOrigin, d.name, "certbot_expand belongs on the command line (-e certbot_expand=true) when the names change, not in the vars");
        continue;
      }
      b.put(["certbot", "vars", d.name], dataOf(d.entry.value), d.entry.keyOrigin, d.name);
    }
  }
  // ---- jobs
  importJobs(b, tree, siteVar, options);

  // ---- the interactive tool panel and the embedded Pulsar app
  importToolConf(b, files);
  const pulsarApp = files.find((f) => f.kind === "pulsar-app");
  if (pulsarApp) importPulsarApp(b, firstDoc(pulsarApp));

  return { data: b.data, origins: b.origins, notCarried: b.notCarried, target };
}

function roleName(item: LValue): string | undefined {
  return item.kind === "scalar" ? str(item) : str(get(item, "role") ?? get(item, "name"));
}

function relOf(files: readonly ReadFile[], src: SourceFile): string | undefined {
  return files.find((f) => f.src === src)?.rel;
}

/** requirements.yml (a list, or `roles:`): role name → its version entry. */
function requirementVersions(files: readonly ReadFile[], firstDoc: (f: ReadFile | undefined) => LValue | undefined): Map<string, LEntry> {
  const out = new Map<string, LEntry>();
  for (const f of files.filter((x) => /(^|\/)requirements\.ya?ml$/.test(x.rel))) {
    const doc = firstDoc(f);
    const list = doc?.kind === "seq" ? doc : get(doc, "roles");
    for (const item of list?.kind === "seq" ? list.items : []) {
      const name = str(get(item, "name")) ?? str(get(item, "src"));
      const version = entry(item, "version");
      if (name && version && !out.has(name)) out.set(name, version);
    }
  }
  return out;
}

function importTextList(b: Builder, path: ConfigPathSegment[], e: LEntry, what: string): void {
  if (e.value.kind !== "seq") {
    b.skip(e.value.origin, what, "it is not a literal list (an expression or a single value)");
    return;
  }
  const out: Text[] = [];
  for (const item of e.value.items) {
    const t = textOf(item);
    if (!t.ok) {
      b.skip(t.at.origin, `${what} item`, t.why);
      continue;
    }
    b.mark([...path, out.length], item.origin);
    out.push(t.value);
  }
  b.set(path, out, e.keyOrigin);
}

function importVhost(b: Builder, f: ReadFile, name: string): void {
  const nginx = f.nginx!;
  if (!/^templates\/nginx\/[^/]+\.j2$/.test(f.rel)) b.skip(nginx.directives[0]?.origin, f.rel, `the vhost template is written to templates/nginx/${name}.j2 by compile`);
  b.set(["nginx", "vhost", "name"], name, nginx.directives[0]?.origin);
  const server = nginx.directives.find((d) => d.name === "server" && d.block && JSON.stringify(d.block.map((x) => x.name)).includes("location"));
  for (const d of nginx.directives) if (d !== server) b.skip(d.origin, `nginx ${d.name}`, "the generated vhost has one server block forwarding to the proxy; keep this in your own nginx config");
  if (!server?.block) return;
  const words = (d: { args: Array<{ value: unknown }> }) => d.args.map((a) => String(a.value)).join(" ");
  const headers: Array<{ name: string; value: string }> = [];
  const visit = (ds: NonNullable<typeof server.block>, inLocation: boolean) => {
    for (const d of ds) {
      const w = words(d);
      if (d.name === "listen" && !inLocation) b.set(["nginx", "vhost", "listen"], w, d.origin);
      else if (d.name === "server_name" && !inLocation) {
        const t = textOf({ ...d.args[0]!, value: w, partial: w.includes("{{") });
        if (!t.ok) b.skip(d.origin, "server_name", t.why);
        else b.set(["nginx", "vhost", "server_name"], typeof t.value === "string" ? t.value : { template: textKey(t.value) }, d.origin);
      } else if ((d.name === "access_log" || d.name === "error_log") && !inLocation) b.set(["nginx", "vhost", d.name], w, d.origin);
      else if (d.name === "location" && w === "/" && d.block) visit(d.block, true);
      else if (d.name === "proxy_set_header" && inLocation && d.args.length === 2) {
        b.mark(["nginx", "vhost", "proxy_headers", headers.length], d.origin);
        headers.push({ name: String(d.args[0]!.value), value: String(d.args[1]!.value) });
      } else if (d.name === "proxy_pass" && inLocation) {
        const m = /^https?:\/\/([^:/]+|\[[^\]]+\])(?::(\d+|\{\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}\}))?\/?$/.exec(w);
        if (!m) b.skip(d.origin, "proxy_pass", `${w} is not http://host:port; the config forwards to one host and port`);
        else {
          b.set(["nginx", "vhost", "upstream_host"], m[1], d.origin);
          const port = m[2];
          if (port === undefined) b.set(["nginx", "vhost", "upstream_port"], 80, d.origin);
          else if (/^\d+$/.test(port)) b.set(["nginx", "vhost", "upstream_port"], Number(port), d.origin);
          else b.set(["nginx", "vhost", "upstream_port"], { var: /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)/.exec(port)![1] }, d.origin);
        }
      } else if (!(inLocation && VHOST_FIXED.has(`${d.name} ${w}`))) {
        b.skip(d.origin, `nginx ${d.name}${inLocation ? " (in location /)" : ""}`, "the generated vhost does not write this directive; add it to the template after compiling, or keep your own vhost");
      }
    }
  };
  visit(server.block, false);
  if (headers.length > 0) b.set(["nginx", "vhost", "proxy_headers"], headers, undefined);
}

function importJobs(b: Builder, tree: LoadedTree, siteVar: (n: string) => LEntry | undefined, options: LValue | undefined): void {
  const confs: Array<{ conf: JobConf; xml?: XmlElement; origin: Origin }> = [];
  for (const f of tree.files) {
    if (f.kind === "job-conf-xml" && f.xml?.root) confs.push({ conf: jobConfFromXml(f.src.file, f.xml.root), xml: f.xml.root, origin: f.xml.root.origin });
    if (f.kind === "job-conf-yaml") {
      const doc = f.yaml?.documents.find((d) => d !== undefined);
      if (doc) confs.push({ conf: jobConfFromYaml(f.src.file, get(doc, "galaxy_jobconf") ?? doc), origin: doc.origin });
    }
  }
  for (const name of ["galaxy_job_config", "galaxy_jobconf"]) {
    const e = siteVar(name);
    // A job conf file that a play also loads as vars_files is one job configuration, not two.
    const alsoFile = e && tree.files.some((f) => f.kind === "job-conf-yaml" && f.src === e.keyOrigin.src);
    if (e?.value.kind === "map" && !alsoFile) confs.push({ conf: jobConfFromYaml(e.keyOrigin.src.file, e.value), origin: e.keyOrigin });
  }
  const inline = entry(options, "job_config");
  if (inline?.value.kind === "map") confs.push({ conf: jobConfFromYaml(inline.keyOrigin.src.file, inline.value), origin: inline.keyOrigin });
  for (const tpv of tree.files.filter((f) => f.kind === "tpv")) {
    for (const doc of tpv.yaml?.documents ?? []) {
      if (!doc) continue;
      const t = tpvFromYaml(tpv.src.file, doc);
      for (const d of t.destinations) b.skip(d.idOrigin, `TPV destination ${d.id}`, "the config has no TPV routing (its targets write a static job configuration); write it as a jobs.destinations entry if GxITs should run there");
      for (const tool of t.tools) {
        if (isGxitToolKey(tool.id)) b.skip(tool.idOrigin, `TPV tool ${tool.id}`, "the config has no TPV routing; route the interactive tools with jobs.tools");
      }
      const other = t.tools.filter((x) => !isGxitToolKey(x.id)).length;
      if (other > 0) b.skip(doc.origin, `${other} other TPV tool entr${other === 1 ? "y" : "ies"}`, "not interactive tools, and the config has no TPV routing");
    }
  }
  if (confs.length === 0) {
    b.skip(undefined, "job configuration", "no job conf in the tree (job_conf.xml/.yml, galaxy_job_config); the config's default (the GTN tutorial's) applies");
    return;
  }
  for (const extra of confs.slice(1)) b.skip(extra.origin, "a second job configuration", "only the first job configuration the tree defines is imported");
  const { conf, xml } = confs[0]!;
  for (const p of conf.problems) b.skip(p.origin, "job conf", p.message);
  if (xml) {
    for (const c of xml.children) {
      if (!["plugins", "destinations", "tools", "limits"].includes(c.name)) b.skip(c.origin, `<${c.name}>`, "the config models plugins, destinations, tool routes and limits only; Galaxy's defaults apply");
    }
  }
  const kinds = paramKinds();
  if (conf.workers) b.put(["jobs", "workers"], intOf(conf.workers), conf.workers.origin, "<plugins workers>");
  const runnerIds = new Set<string>();
  for (const r of conf.runners) {
    const path = ["jobs", "runners", r.id];
    const load = r.load ? literalOf(r.load) : { ok: true as const, value: RUNNER_LOADS.local! };
    if (!load.ok) {
      b.skip(load.at.origin, `runner ${r.id}`, `its load ${load.why.replace(/^it /, "")}`);
      continue;
    }
    runnerIds.add(r.id);
    b.mark(path, r.idOrigin);
    const type = Object.entries(RUNNER_LOADS).find(([, l]) => l === load.value)?.[0];
    if (type) b.set([...path, "type"], type, r.load?.origin ?? r.idOrigin);
    else b.set([...path, "load"], load.value, r.load!.origin);
    if (r.workers) b.put([...path, "workers"], intOf(r.workers), r.workers.origin, `runner ${r.id} workers`);
    for (const p of r.params) {
      if (p.key === "pulsar_config") b.put([...path, "pulsar_config"], textOf(p.value), p.keyOrigin, `runner ${r.id} pulsar_config`);
      else b.put([...path, "params", p.key], scalarOf(p.value), p.keyOrigin, `runner ${r.id} param ${p.key}`);
    }
  }
  const destIds = new Set<string>();
  for (const d of conf.destinations) {
    const path = ["jobs", "destinations", d.id];
    const runner = d.runner ? str(d.runner) : undefined;
    if (d.tpvFiles.length > 0) {
      b.skip(d.idOrigin, `destination ${d.id}`, "a TPV dispatcher; the config has no TPV routing (its TPV destinations are listed separately)");
      continue;
    }
    if (runner === undefined || !runnerIds.has(runner)) {
      b.skip(d.runner?.origin ?? d.idOrigin, `destination ${d.id}`, runner === undefined ? "it has no literal runner" : `its runner ${runner} is not a runner plugin of the job conf (a dynamic runner?)`);
      continue;
    }
    destIds.add(d.id);
    b.mark(path, d.idOrigin);
    b.set([...path, "runner"], runner, d.runner!.origin);
    for (const p of d.params) {
      // An environment's own container resolvers (YAML job config) are a destination field of the config, not a param.
      if (p.key === "container_resolvers") {
        b.put([...path, "container_resolvers"], dataOf(p.value), p.keyOrigin, `destination ${d.id} container_resolvers`);
        continue;
      }
      if (p.key.startsWith("docker_env_")) {
        b.put([...path, "docker_env", p.key.slice("docker_env_".length)], textOf(p.value), p.keyOrigin, `destination ${d.id} param ${p.key}`);
        continue;
      }
      const kind = kinds.get(p.key);
      if (!kind) {
        b.skip(p.keyOrigin, `destination ${d.id} param ${p.key}`, "not a destination param the config models (see jobs.destinations.<id>.params in the config reference)");
        continue;
      }
      const c = kind === "boolean" ? boolOf(p.value) : kind === "literal" ? literalOf(p.value) : textOf(p.value);
      b.put([...path, "params", p.key], c, p.keyOrigin, `destination ${d.id} param ${p.key}`);
    }
    let at = 0;
    for (const e of d.env) {
      const t = textOf(e.value);
      if (!t.ok) {
        b.skip(t.at.origin, `destination ${d.id} env ${e.id}`, t.why);
        continue;
      }
      b.set([...path, "env", at, "id"], e.id, e.origin);
      b.set([...path, "env", at, "value"], t.value, e.value.origin);
      b.mark([...path, "env", at++], e.origin);
    }
  }
  if (destIds.size === 0) {
    if (b.has(["jobs"])) delete b.data.jobs;
    b.skip(confs[0]!.origin, "job configuration", "no destination could be carried over; the config's default job configuration (the GTN tutorial's) applies");
    return;
  }
  const def = conf.defaultDestination ? str(conf.defaultDestination) : undefined;
  if (def !== undefined) {
    if (destIds.has(def)) b.set(["jobs", "default_destination"], def, conf.defaultDestination!.origin);
    else b.skip(conf.defaultDestination!.origin, "default destination", `${def} is not a destination that was carried over; the first destination becomes the default`);
  }
  let t = 0;
  for (const tool of conf.tools) {
    const dest = tool.destination ? str(tool.destination) : undefined;
    if (dest === undefined || !destIds.has(dest)) {
      b.skip(tool.idOrigin, `tool route ${tool.id}`, tool.destination === undefined ? "it names no destination (only a handler or resources, which the config does not model)" : dest === undefined ? "its destination is not a literal id" : `its destination ${dest} was not carried over`);
      continue;
    }
    b.set(["jobs", "tools", t, "id"], tool.id, tool.idOrigin);
    b.set(["jobs", "tools", t, "destination"], dest, tool.destination!.origin);
    b.mark(["jobs", "tools", t++], tool.idOrigin);
  }
  importLimits(b, conf, destIds);
  // Without routes the config would route nothing (its defaults route only the tutorial's destinations).
  if (t === 0) b.set(["jobs", "tools"], [], undefined);
}

/** The job conf's limits that the config can hold: jobs.limits entries, destination_* ones for carried-over destinations. */
function importLimits(b: Builder, conf: JobConf, destIds: ReadonlySet<string>): void {
  let at = 0;
  for (const l of conf.limits) {
    const type = canonicalLimitType(l.type);
    const what = `limit ${l.type}${l.id !== undefined ? ` ${l.id}` : ""}`;
    if (type === undefined) {
      b.skip(l.origin, what, "not a limit type Galaxy documents");
      continue;
    }
    if (l.tag !== undefined) {
      b.skip(l.origin, what, "it names a destination tag; the config has no destination tags (name the destination instead)");
      continue;
    }
    if (isDestinationLimit(type) && (l.id === undefined || !destIds.has(l.id))) {
      b.skip(l.origin, what, l.id === undefined ? "it names no destination" : `its destination ${l.id} was not carried over`);
      continue;
    }
    const raw = l.value === undefined ? undefined : type.endsWith("_concurrent_jobs") ? intOf(l.value) : literalOf(l.value);
    if (raw === undefined || !raw.ok) {
      b.skip(l.value?.origin ?? l.origin, what, raw === undefined ? "it has no value" : raw.why);
      continue;
    }
    const problem = limitValueProblem(type, raw.value);
    if (problem !== undefined) {
      b.skip(l.value!.origin, what, problem);
      continue;
    }
    const window = l.window ? intOf(l.window) : undefined;
    if (window !== undefined && (!window.ok || type !== "total_walltime")) {
      b.skip(l.window!.origin, `${what} window`, type !== "total_walltime" ? "window belongs to total_walltime only" : window.ok ? "" : window.why);
      continue;
    }
    const path = ["jobs", "limits", at++];
    b.set([...path, "type"], type, l.origin);
    if (l.id !== undefined) b.set([...path, "id"], l.id, l.origin);
    if (window?.ok) b.set([...path, "window"], window.value, l.window!.origin);
    b.set([...path, "value"], raw.value, l.value!.origin);
    b.mark(path, l.origin);
  }
}

function importToolConf(b: Builder, files: readonly ReadFile[]): void {
  const confs = files.filter((f) => f.kind === "tool-conf" && f.xml?.root);
  const own = confs.find((f) => /tool_conf_interactive/.test(f.rel));
  const sections: Array<{ id: string; name: string; tools: string[]; origin: Origin }> = [];
  let monitor: LValue | undefined;
  for (const f of own ? [own] : confs) {
    const root = f.xml!.root!;
    if (own) monitor = attr(root, "monitor");
    for (const s of root.children) {
      if (s.name === "tool" && /interactive/i.test(String(attr(s, "file")?.value ?? ""))) {
        b.skip(s.origin, `tool ${String(attr(s, "file")!.value)}`, "outside a <section>; the config lists tools by section");
        continue;
      }
      if (s.name !== "section") continue;
      const tools = s.children.filter((c) => c.name === "tool" && attr(c, "file")).map((c) => String(attr(c, "file")!.value)).filter((file) => own || /interactive/i.test(file));
      if (tools.length === 0) continue;
      const id = attr(s, "id");
      const name = attr(s, "name");
      if (!id || !name || id.partial || name.partial) {
        b.skip(s.origin, "tool panel section", "it has no literal id and name");
        continue;
      }
      sections.push({ id: String(id.value), name: String(name.value), tools, origin: s.origin });
    }
  }
  if (monitor) b.put(["tool_conf", "monitor"], boolOf(monitor), monitor.origin, "toolbox monitor");
  if (sections.length === 0) {
    // Not the config's default (EtherCalc): the import must not invent a tool the site does not load.
    b.set(["tool_conf", "sections"], [], undefined);
    b.skip(undefined, "interactive tool panel", "no tool_conf file in the tree lists interactive tools; the config's tool panel is left empty (list them under tool_conf.sections)");
    return;
  }
  sections.forEach((s, i) => {
    b.set(["tool_conf", "sections", i], { id: s.id, name: s.name, tools: s.tools }, s.origin);
  });
}

function importPulsarApp(b: Builder, doc: LValue | undefined): void {
  const TEXT_KEYS = ["staging_directory", "persistence_directory", "tool_dependency_dir", "private_token"];
  for (const e of doc?.kind === "map" ? doc.entries : []) {
    if (TEXT_KEYS.includes(e.key)) {
      b.put(["pulsar", e.key], textOf(e.value), e.keyOrigin, `pulsar_app ${e.key}`);
      continue;
    }
    if (e.key !== "managers" || e.value.kind !== "map") {
      b.skip(e.keyOrigin, `pulsar_app ${e.key}`, "not a Pulsar app setting the config models");
      continue;
    }
    for (const m of e.value.entries) {
      const path = ["pulsar", "managers", m.key];
      b.mark(path, m.keyOrigin);
      for (const k of m.value.kind === "map" ? m.value.entries : []) {
        if (k.key === "type" || k.key === "native_specification") b.put([...path, k.key], literalOf(k.value), k.keyOrigin, `pulsar manager ${m.key} ${k.key}`);
        else if (k.key === "num_concurrent_jobs") b.put([...path, k.key], str(k.value) === "*" ? { ok: true, value: "*" } : intOf(k.value), k.keyOrigin, `pulsar manager ${m.key} ${k.key}`);
        else b.skip(k.keyOrigin, `pulsar manager ${m.key} ${k.key}`, "not a manager setting the config models");
      }
      if (!b.has(path)) b.set(path, {}, m.keyOrigin);
    }
  }
}
