// group_vars/<group>.yml: every variable the tutorial has the admin add, in
// the tutorial's order and names, with the GxIT options merged into
// galaxy_config and the config templates listed for galaxyproject.galaxy.
// Conflicts between sections are rejected by the front end
// (config/conflicts.ts); reaching one here is a bug, so it throws.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";
import type { Deployment } from "../../config/model.js";
import { textKey, type Text } from "../../config/text.js";
import { generatedVariables, ownedGalaxyOptions, PROXY_VARS, proxyVarsElsewhere, proxyWrittenValues } from "../../config/conflicts.js";

export { PROXY_VARS };
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { printJobConfigYaml } from "../job-config/print-yaml.js";
import { TPV_TEMPLATE } from "./tpv.js";
import { buildJobConfig } from "../job-config/structure.js";
import { renderYamlDocument, toVarsNode, varsScalar, type YamlValue } from "../render/yaml.js";

/** Config keys that only steer gxit-gen and are not role variables. */
const PROXY_META_KEYS = new Set(["role", "role_version"]);

/** Gravity's gx_it_proxy settings (gravity/settings.py GxItProxySettings) after enable, port and sessions. */
const GRAVITY_PROXY_SETTINGS = [
  "version", "ip", "verbose", "forward_ip", "forward_port", "reverse_proxy", "umask",
  "start_timeout", "stop_timeout", "memory_limit", "memory_high", "environment",
] as const;

export class VarsBuilder {
  readonly doc = new Document(new YAMLMap());
  private readonly root = this.doc.contents as YAMLMap;
  /** Which part of the config produced each variable, for conflict messages. */
  private readonly origin = new Map<string, string>();

  /** What the front end's conflict check assumes gxit-gen writes; set() holds the emitter to it. */
  private readonly generated: Map<string, string>;

  constructor(
    private readonly deployment: Deployment,
    generated?: Map<string, string>,
  ) {
    this.generated = generated ?? generatedVariables(deployment);
  }

  set(name: string, value: YamlValue, origin: string, comment?: string): void {
    const passThrough = origin.startsWith("certbot.vars.") || origin.startsWith("extra_vars.");
    if (!passThrough && !this.generated.has(name)) {
      throw new Error(`internal: group_vars writes ${name} (${origin}), which config/conflicts.ts generatedVariables does not list`);
    }
    if (this.origin.has(name)) {
      throw new Error(`internal: variable ${name} emitted twice (${this.origin.get(name)}, ${origin})`);
    }
    this.origin.set(name, origin);
    const key = new Scalar(name);
    if (comment) key.commentBefore = ` ${comment}`;
    this.root.items.push(new Pair(key, toVarsNode(this.doc, value)));
  }

  has(name: string): boolean {
    return this.origin.has(name);
  }

  node(value: YamlValue): Node {
    return toVarsNode(this.doc, value);
  }

  get file(): string {
    return this.deployment.file;
  }
}

function seqOf(items: Node[]): YAMLSeq {
  const seq = new YAMLSeq();
  seq.items.push(...items);
  return seq;
}

function mapOf(entries: Array<[string, Node]>): YAMLMap {
  const map = new YAMLMap();
  for (const [k, v] of entries) map.items.push(new Pair(new Scalar(k), v));
  return map;
}

/** The group variable holding the inline job config (the GTN convention; not a role variable). */
export const JOB_CONFIG_VAR = "galaxy_job_config";

/** Where gxit-gen installs the path-based location snippet (galaxyproject.nginx nginx_extra_configs item). */
export const PATH_LOCATION_CONFIG = "galaxy-gxit-path.conf";

/** galaxyproject.galaxy's galaxy_gravity_config_default (defaults/main.yml, 0.10–0.12). */
const GRAVITY_ROLE_DEFAULTS: Record<string, YamlValue> = {
  galaxy_root: { var: "galaxy_server_dir" },
  log_dir: { var: "galaxy_log_dir" },
  virtualenv: { var: "galaxy_venv_dir" },
  app_server: "gunicorn",
  gunicorn: { bind: "localhost:8080" },
};

/** galaxy_config.gravity: the user's other Gravity settings, then gx_it_proxy when Gravity runs the proxy. */
function gravitySection(b: VarsBuilder, d: Deployment): YAMLMap | undefined {
  const user = d.config.galaxy!.gravity;
  if (user === undefined && d.proxy.role !== "gravity") return undefined;
  const entries: Array<[string, Node]> = [];
  // galaxy_config.gravity replaces galaxyproject.galaxy's galaxy_gravity_config_default
  // as a whole, so without settings of the admin's own, those defaults are written out.
  for (const [k, v] of Object.entries(user ?? GRAVITY_ROLE_DEFAULTS)) {
    if (k === "gx_it_proxy") throw new Error("internal: galaxy.gravity.gx_it_proxy reached the emitter; the front end should have rejected it");
    entries.push([k, b.node(v as YamlValue)]);
  }
  if (d.proxy.role === "gravity") {
    const proxy = d.config.proxy! as Record<string, unknown>;
    const it: Array<[string, Node]> = [
      ["enable", b.node(true)],
      ["port", b.node(d.proxy.port)],
      // The same value as interactivetools_map: one variable feeds both.
      ["sessions", varsScalar({ var: d.proxy.sessionsVar })],
    ];
    for (const key of GRAVITY_PROXY_SETTINGS) {
      if (proxy[key] !== undefined) it.push([key, b.node(proxy[key] as YamlValue)]);
    }
    entries.push(["gx_it_proxy", mapOf(it)]);
  }
  return mapOf(entries);
}

/** galaxy_config.galaxy: the user's other options, then the GxIT options gxit-gen owns. */
function galaxySection(b: VarsBuilder, d: Deployment): YAMLMap {
  const galaxy = d.config.galaxy!;
  const owned: Array<[string, Node]> =
    d.galaxy.jobConfig === "inline"
      ? [["job_config", varsScalar({ var: JOB_CONFIG_VAR })]]
      : [["job_config_file", varsScalar(d.galaxy.jobConfigFile)]];
  owned.push(["interactivetools_enable", b.node(d.galaxy.interactivetoolsEnable)]);
  if (d.proxy.database) owned.push(["interactivetoolsproxy_map", varsScalar(d.proxy.database.galaxyUrl)]);
  else owned.push(["interactivetools_map", varsScalar(d.galaxy.interactivetoolsMap)]);
  if (d.galaxy.basePath !== "/") owned.push(["interactivetools_base_path", varsScalar(d.galaxy.basePath)]);
  if (d.galaxy.prefix !== "interactivetool") {
    owned.push(["interactivetools_prefix", varsScalar(d.galaxy.prefix)]);
  }
  if (d.galaxy.upstreamProxy !== undefined) {
    owned.push(["interactivetools_upstream_proxy", b.node(d.galaxy.upstreamProxy)]);
  }
  const it = galaxy.interactivetools!;
  if (it.proxy_host !== undefined) owned.push(["interactivetools_proxy_host", varsScalar(it.proxy_host)]);
  if (d.galaxy.outputsToWorkingDirectory !== undefined) {
    owned.push(["outputs_to_working_directory", b.node(d.galaxy.outputsToWorkingDirectory)]);
  }
  if (d.galaxy.infrastructureUrl !== undefined) {
    owned.push(["galaxy_infrastructure_url", varsScalar(d.galaxy.infrastructureUrl)]);
  }
  const ownedNames = new Set(owned.map(([k]) => k));
  const declared = ownedGalaxyOptions(d);
  if (declared.length !== ownedNames.size || !declared.every((k) => ownedNames.has(k))) {
    throw new Error(`internal: config/conflicts.ts ownedGalaxyOptions (${declared.join(", ")}) differs from what group_vars writes (${[...ownedNames].join(", ")})`);
  }
  const entries: Array<[string, Node]> = [];
  for (const [k, v] of Object.entries(galaxy.config ?? {})) {
    if (ownedNames.has(k)) throw new Error(`internal: galaxy.config.${k} conflicts with gxit-gen's own option; the front end should have rejected it`);
    entries.push([k, b.node(v as YamlValue)]);
  }
  entries.push(...owned);
  return mapOf(entries);
}

/**
 * The proxy's variables (usegalaxy_eu.gie_proxy or the bundled gxit_proxy:
 * same names), in the Galaxy group's file or in the proxies' own.
 */
export function setProxyVars(b: VarsBuilder, d: Deployment): void {
  // Written out: the port and the derived prefix, so that the vhost and
  // galaxy.yml never depend on the role's defaults being visible (a play
  // without the role has no gie_proxy_port); the database URL and a
  // reachable address for replicas (proxyWrittenValues).
  const proxy = { ...(d.config.proxy! as Record<string, unknown>), ...proxyWrittenValues(d) };
  let first = true;
  for (const [key, variable] of PROXY_VARS) {
    if (PROXY_META_KEYS.has(key) || proxy[key] === undefined) continue;
    b.set(variable, proxy[key] as YamlValue, `proxy.${key}`, first ? `Interactive Tools: the GxIT proxy (${d.proxy.role})` : undefined);
    first = false;
  }
  const db = d.proxy.database;
  if (db?.password) {
    // The role writes it to an owner-only environment file (PGPASSWORD), never into the unit.
    b.set("gxit_proxy_sessions_password", db.password, "proxy.database.password", "The sessions map's database password (an environment file only root reads)");
  }
  const tls = d.proxy.replicas?.tls;
  if (tls) {
    b.set("gxit_proxy_tls_certificate", tls.certificate as YamlValue, "proxy.replicas.tls.certificate", "TLS between nginx and the replicas");
    b.set("gxit_proxy_tls_key", tls.key as YamlValue, "proxy.replicas.tls.key");
  }
}

export const groupVarsEmitter: Emitter = {
  id: "group-vars",
  description: "group_vars for the inventory group (docker, proxy, nginx, certbot, galaxy variables)",
  emit({ deployment: d, notice }) {
    const b = new VarsBuilder(d);
    const cfg = d.config;

    // Docker (geerlingguy.docker)
    b.set("docker_install_compose", cfg.docker!.install_compose!, "docker", "Interactive Tools: Docker (geerlingguy.docker)");
    b.set("docker_users", (cfg.docker!.users ?? [d.galaxy.user]) as YamlValue, "docker");

    if (d.proxy.role === "gravity") {
      // Gravity runs the proxy; one variable holds the sessions map for it and for Galaxy.
      b.set(d.proxy.sessionsVar, d.proxy.sessionsPath as YamlValue, "proxy.sessions_path", "Interactive Tools: the GxIT proxy (run by Gravity, see galaxy_config.gravity.gx_it_proxy)");
    } else if (!proxyVarsElsewhere(d)) {
      setProxyVars(b, d);
    }

    // nginx (galaxyproject.nginx): the GxIT vhost joins the SSL servers
    const sslServers = [...d.nginx.sslServers];
    if (!sslServers.includes(d.nginx.vhostName)) sslServers.push(d.nginx.vhostName);
    b.set("nginx_ssl_servers", sslServers, "nginx", "Interactive Tools: nginx vhost of the wildcard host (galaxyproject.nginx)");
    if (d.nginx.pathBased) {
      b.set("nginx_extra_configs", [PATH_LOCATION_CONFIG], "nginx", "The path-based location; include it in Galaxy's vhost (see README.md)");
    }

    // The wildcard certificate (usegalaxy_eu.certbot)
    const certbot = cfg.certbot!;
    if (d.certbot.enabled) {
      b.set("certbot_domains", d.certbot.domains as YamlValue, "certbot", "Interactive Tools: wildcard certificate (usegalaxy_eu.certbot)");
      if (certbot.dns_provider !== undefined) b.set("certbot_dns_provider", certbot.dns_provider, "certbot");
      if (certbot.dns_credentials !== undefined) {
        b.set("certbot_dns_credentials", certbot.dns_credentials as YamlValue, "certbot");
      }
      if (certbot.aws_cli_credentials !== undefined) {
        b.set("aws_cli_credentials", certbot.aws_cli_credentials as YamlValue, "certbot");
      }
      for (const [k, v] of Object.entries(certbot.vars ?? {})) {
        b.set(k, v as YamlValue, `certbot.vars.${k}`);
      }
    }

    // Galaxy (galaxyproject.galaxy)
    b.set("galaxy_tool_config_files", d.galaxy.toolConfigFiles as YamlValue, "galaxy", "Interactive Tools: Galaxy (galaxyproject.galaxy)");
    if (d.galaxy.jobConfig === "inline") {
      b.set(JOB_CONFIG_VAR, printJobConfigYaml(buildJobConfig(d), b.doc), "jobs", "Interactive Tools: the job configuration, inline (galaxy_config.galaxy.job_config)");
    }
    const gravity = gravitySection(b, d);
    b.set("galaxy_config", mapOf([...(gravity ? [["gravity", gravity] as [string, Node]] : []), ["galaxy", galaxySection(b, d)]]), "galaxy");

    const templates: Array<{ src: Text; dest: Text }> = [...(cfg.galaxy!.config_templates ?? [])];
    templates.push({ src: "templates/galaxy/config/tool_conf_interactive.xml.j2", dest: d.galaxy.interactiveToolConfFile });
    if (d.galaxy.jobConfig === "xml-file") {
      templates.push({ src: "templates/galaxy/config/job_conf.xml.j2", dest: { var: "galaxy_config.galaxy.job_config_file" } });
    }
    if (d.jobs.tpv !== undefined) templates.push({ src: TPV_TEMPLATE, dest: d.jobs.tpv.file });
    const pulsarDests = new Map<string, Text>();
    for (const r of d.jobs.runners) if (r.pulsarConfig) pulsarDests.set(textKey(r.pulsarConfig), r.pulsarConfig);
    for (const dest of pulsarDests.values()) {
      templates.push({ src: "templates/galaxy/config/pulsar_app.yml.j2", dest });
    }
    b.set(
      "galaxy_config_templates",
      seqOf(templates.map((t) => mapOf([["src", varsScalar(t.src)], ["dest", varsScalar(t.dest)]]))),
      "galaxy",
    );

    // Variables gxit-gen does not model, verbatim as data
    let firstExtra = true;
    for (const [k, v] of Object.entries(cfg.extra_vars ?? {})) {
      b.set(k, v as YamlValue, `extra_vars.${k}`, firstExtra ? "Other variables (extra_vars)" : undefined);
      firstExtra = false;
    }

    return [{ path: OUTPUT_PATHS.groupVars(d.inventoryGroup), content: renderYamlDocument(b.doc, notice) }];
  },
};
