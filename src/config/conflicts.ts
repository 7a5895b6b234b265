// Conflicts between sections of a config: a variable or Galaxy option that
// gxit-gen writes from one of its own settings, set a second time through a
// pass-through section (galaxy.config, certbot.vars, extra_vars). Part of the
// front end, so validate, lint and compile reject the same configs; the
// emitters only assert that what reaches them is conflict-free.
import type { Deployment } from "./model.js";
import type { Diagnostic } from "../util/errors.js";

/** The proxy settings and the role variables they become (usegalaxy_eu.gie_proxy and gxit_proxy share names). */
export const PROXY_VARS: ReadonlyArray<readonly [configKey: string, variable: string]> = [
  ["dir", "gie_proxy_dir"],
  ["git_repo", "gie_proxy_git_repo"],
  ["git_version", "gie_proxy_git_version"],
  ["setup_nodejs", "gie_proxy_setup_nodejs"],
  ["nodejs_package", "gie_proxy_nodejs_package"],
  ["virtualenv_command", "gie_proxy_virtualenv_command"],
  ["virtualenv_python", "gie_proxy_virtualenv_python"],
  ["nodejs_version", "gie_proxy_nodejs_version"],
  ["virtualenv", "gie_proxy_virtualenv"],
  ["setup_service", "gie_proxy_setup_service"],
  ["sessions_path", "gie_proxy_sessions_path"],
  ["ip", "gie_proxy_ip"],
  ["port", "gie_proxy_port"],
  ["path_prefix", "gie_proxy_path_prefix"],
  ["user", "gie_proxy_user"],
  ["group", "gie_proxy_group"],
  ["service_name", "gie_proxy_service_name"],
  ["service_restart_mode", "gie_proxy_service_restart_mode"],
  ["service_restartsec", "gie_proxy_service_restartsec"],
  ["verbose", "gie_proxy_verbose"],
  ["install", "gie_proxy_install"],
  ["setup_libpq", "gie_proxy_setup_libpq"],
  ["npm_executable", "gie_proxy_npm_executable"],
  ["nodejs_executable", "gie_proxy_nodejs_executable"],
];

/**
 * The galaxy_config.galaxy options gxit-gen writes for this deployment from
 * its own settings (the config reference names the setting for each).
 */
export function ownedGalaxyOptions(d: Deployment): string[] {
  // With the map in PostgreSQL Galaxy gets interactivetoolsproxy_map, which replaces interactivetools_map.
  const map = d.proxy.database ? "interactivetoolsproxy_map" : "interactivetools_map";
  const owned = [d.galaxy.jobConfig === "inline" ? "job_config" : "job_config_file", "interactivetools_enable", map];
  if (d.galaxy.basePath !== "/") owned.push("interactivetools_base_path");
  if (d.galaxy.prefix !== "interactivetool") owned.push("interactivetools_prefix");
  if (d.galaxy.upstreamProxy !== undefined) owned.push("interactivetools_upstream_proxy");
  if (d.config.galaxy?.interactivetools?.proxy_host !== undefined) owned.push("interactivetools_proxy_host");
  if (d.galaxy.outputsToWorkingDirectory !== undefined) owned.push("outputs_to_working_directory");
  if (d.galaxy.infrastructureUrl !== undefined) owned.push("galaxy_infrastructure_url");
  return owned;
}

/**
 * The group_vars variables gxit-gen writes from its own sections, each with
 * the section that produces it (certbot.vars and extra_vars come on top).
 */
export function generatedVariables(d: Deployment): Map<string, string> {
  const vars = new Map<string, string>([
    ["docker_install_compose", "docker"],
    ["docker_users", "docker"],
  ]);
  if (d.proxy.role === "gravity") {
    vars.set(d.proxy.sessionsVar, "proxy.sessions_path");
  } else if (proxyVarsElsewhere(d)) {
    // The proxies' own group_vars file holds the proxy variables (see proxyGroupVariables).
  } else {
    const proxy = { ...(d.config.proxy ?? {}), ...proxyWrittenValues(d) } as Record<string, unknown>;
    for (const [key, variable] of PROXY_VARS) if (proxy[key] !== undefined) vars.set(variable, `proxy.${key}`);
  }
  if (d.proxy.role !== "gravity" && !proxyVarsElsewhere(d)) for (const [k, origin] of replicaVariables(d)) vars.set(k, origin);
  vars.set("nginx_ssl_servers", "nginx");
  if (d.nginx.pathBased) vars.set("nginx_extra_configs", "nginx.vhost");
  if (d.certbot.enabled) {
    const certbot = d.config.certbot ?? {};
    vars.set("certbot_domains", "certbot.domains");
    if (certbot.dns_provider !== undefined) vars.set("certbot_dns_provider", "certbot.dns_provider");
    if (certbot.dns_credentials !== undefined) vars.set("certbot_dns_credentials", "certbot.dns_credentials");
    if (certbot.aws_cli_credentials !== undefined) vars.set("aws_cli_credentials", "certbot.aws_cli_credentials");
  }
  vars.set("galaxy_tool_config_files", "galaxy.tool_config_files");
  if (d.galaxy.jobConfig === "inline") vars.set("galaxy_job_config", "jobs");
  vars.set("galaxy_config", "galaxy");
  vars.set("galaxy_config_templates", "galaxy.config_templates");
  return vars;
}

/** The proxies run in a group of their own: their variables go to that group's vars file. */
export function proxyVarsElsewhere(d: Deployment): boolean {
  return d.proxy.replicas !== undefined && d.proxy.replicas.group !== d.inventoryGroup;
}

/** What the bundled role needs for replicas and a PostgreSQL map, beyond the gie_proxy_* variables. */
export function replicaVariables(d: Deployment): Map<string, string> {
  const vars = new Map<string, string>();
  if (d.proxy.database?.password) vars.set("gxit_proxy_sessions_password", "proxy.database.password");
  if (d.proxy.replicas?.tls) {
    vars.set("gxit_proxy_tls_certificate", "proxy.replicas.tls.certificate");
    vars.set("gxit_proxy_tls_key", "proxy.replicas.tls.key");
  }
  return vars;
}

/** The variables of the proxies' own group (proxy.replicas.group), each with the section that produces it. */
export function proxyGroupVariables(d: Deployment): Map<string, string> {
  const vars = new Map<string, string>();
  const proxy = { ...(d.config.proxy ?? {}) } as Record<string, unknown>;
  Object.assign(proxy, proxyWrittenValues(d));
  for (const [key, variable] of PROXY_VARS) if (proxy[key] !== undefined) vars.set(variable, `proxy.${key}`);
  for (const [k, origin] of replicaVariables(d)) vars.set(k, origin);
  return vars;
}

/**
 * Proxy settings gxit-gen writes out even when the config leaves them unset:
 * the port and the derived prefix, the database URL as the sessions path,
 * and an address nginx on another host can reach.
 */
export function proxyWrittenValues(d: Deployment): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // The port and the derived path prefix are always written out (see the group_vars emitter).
  Object.assign(out, { port: d.proxy.port, path_prefix: d.proxy.pathPrefix });
  if (d.proxy.database) out.sessions_path = d.proxy.sessionsPath;
  if (d.proxy.replicas?.remote) {
    out.port = d.proxy.port;
    if (d.config.proxy?.ip === undefined) out.ip = "0.0.0.0";
  }
  return out;
}

/** Every conflict between sections, at the key that repeats what another section sets. */
export function checkConflicts(d: Deployment): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const at = (path: Array<string | number>, message: string) =>
    problems.push({ file: d.file, position: d.source.locateKey(path), message });

  const galaxyConfig = d.config.galaxy?.config ?? {};
  for (const k of ownedGalaxyOptions(d)) {
    if (Object.prototype.hasOwnProperty.call(galaxyConfig, k)) {
      at(["galaxy", "config", k], `galaxy.config.${k} is set by gxit-gen from its own setting; remove it here and use the dedicated key (see the config reference)`);
    }
  }

  if (d.config.galaxy?.gravity && Object.prototype.hasOwnProperty.call(d.config.galaxy.gravity, "gx_it_proxy")) {
    at(["galaxy", "gravity", "gx_it_proxy"], "galaxy.gravity.gx_it_proxy is written by gxit-gen from the proxy section; set its values under proxy: (with proxy.role: gravity)");
  }

  const generated = generatedVariables(d);
  // certbot.vars are only emitted when gxit-gen manages the certificate.
  const certbotVars = d.certbot.enabled ? Object.keys(d.config.certbot?.vars ?? {}) : [];
  for (const k of certbotVars) {
    const origin = generated.get(k);
    if (origin !== undefined) {
      at(["certbot", "vars", k], `certbot.vars.${k} is already set by gxit-gen from ${origin}; set it there instead`);
    }
  }
  const certbotSet = new Set(certbotVars);
  const proxyGroup = proxyVarsElsewhere(d) ? proxyGroupVariables(d) : new Map<string, string>();
  for (const k of Object.keys(d.config.extra_vars ?? {})) {
    const origin = generated.get(k) ?? proxyGroup.get(k) ?? (certbotSet.has(k) ? `certbot.vars.${k}` : undefined);
    if (origin !== undefined) {
      at(["extra_vars", k], `extra_vars.${k} is generated by gxit-gen from ${origin}; set it through that section of the config instead`);
    }
  }
  return problems;
}
