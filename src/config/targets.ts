// What each output target assumes where the config is silent, and which
// config keys only make sense for one target or one proxy runner. The schema
// cannot express defaults that depend on another value (the target, the
// proxy role), so normalize applies them here, once.
import type { GxitGenConfiguration } from "../schema/config-types.generated.js";
import type { Diagnostic } from "../util/errors.js";
import type { ProxyRole, Target } from "./model.js";
import type { ConfigSource } from "./source.js";

export const TARGET_DEFAULTS: Record<Target, { dockerRoleVersion: string; proxyRole: ProxyRole; gieProxyRoleVersion: string; vhostName: string; pathBased: boolean; entryPointStyle: "legacy" | "ep" }> = {
  "gtn-2020": {
    dockerRoleVersion: "2.6.0",
    proxyRole: "usegalaxy_eu.gie_proxy",
    gieProxyRoleVersion: "0.0.2",
    vhostName: "galaxy-gie-proxy",
    pathBased: false,
    entryPointStyle: "legacy",
  },
  "gtn-current": {
    // The current tutorial's pins (ansible-role-contracts §5, §6.1).
    dockerRoleVersion: "7.8.0",
    proxyRole: "gravity",
    gieProxyRoleVersion: "0.2.0",
    vhostName: "galaxy-gxit-proxy",
    pathBased: true,
    entryPointStyle: "ep",
  },
};

/** The gx-it-proxy release Gravity runs unless the config pins another. */
export const GRAVITY_GX_IT_PROXY_VERSION = "0.2.3";

export const DEFAULT_GIE_PROXY_DIR = "/srv/galaxy/gie-proxy/proxy";

/** proxy.* keys that are usegalaxy_eu.gie_proxy / gxit_proxy role variables. */
export const ROLE_ONLY_PROXY_KEYS = [
  "role_version", "dir", "git_repo", "git_version", "setup_nodejs", "nodejs_version", "nodejs_package",
  "virtualenv", "virtualenv_command", "virtualenv_python", "setup_service", "service_name",
  "service_restart_mode", "service_restartsec", "user", "group", "install", "setup_libpq", "npm_executable",
  "nodejs_executable", "path_prefix",
] as const;

/** proxy.* keys that only Gravity's gx_it_proxy section reads. */
export const GRAVITY_ONLY_PROXY_KEYS = [
  "version", "forward_ip", "forward_port", "reverse_proxy", "umask", "start_timeout", "stop_timeout",
  "memory_limit", "memory_high", "environment",
] as const;

/**
 * Fills the target-dependent defaults into the validated config (in place)
 * and reports keys that contradict the target or the proxy runner.
 */
export function applyTargetDefaults(source: ConfigSource, config: GxitGenConfiguration, problems: Diagnostic[]): void {
  const file = source.file;
  const target = config.target!;
  const defaults = TARGET_DEFAULTS[target];
  const proxy = config.proxy!;
  const set = (path: Array<string | number>) => source.nodeAt(path).exact;

  if (proxy.role === "gravity" && target !== "gtn-current") {
    problems.push({
      file,
      position: source.locate(["proxy", "role"]),
      message: "Gravity runs the proxy only on target gtn-current; set `target: gtn-current` (gxit-gen migrate does it) or choose usegalaxy_eu.gie_proxy or gxit_proxy",
    });
  }
  proxy.role ??= defaults.proxyRole;
  const rec = proxy as Record<string, unknown>;
  if (proxy.role === "gravity") {
    for (const key of ROLE_ONLY_PROXY_KEYS) {
      if (rec[key] === undefined) continue;
      problems.push({
        file,
        position: source.locateKey(["proxy", key]),
        message: `proxy.${key} is a usegalaxy_eu.gie_proxy role variable, and Gravity runs the proxy here (proxy.role: gravity); remove it${key === "path_prefix" ? " (Gravity derives --proxyPathPrefix from interactivetools_base_path and prefix)" : ""}`,
      });
    }
    proxy.version ??= GRAVITY_GX_IT_PROXY_VERSION;
  } else {
    for (const key of GRAVITY_ONLY_PROXY_KEYS) {
      if (rec[key] === undefined) continue;
      problems.push({
        file,
        position: source.locateKey(["proxy", key]),
        message: `proxy.${key} is a Gravity gx_it_proxy setting, and ${proxy.role} runs the proxy here; remove it or set proxy.role: gravity (target gtn-current)`,
      });
    }
    proxy.dir ??= DEFAULT_GIE_PROXY_DIR;
    if (proxy.role === "usegalaxy_eu.gie_proxy") proxy.role_version ??= defaults.gieProxyRoleVersion;
  }
  config.docker!.role_version ??= defaults.dockerRoleVersion;
  config.nginx!.vhost!.name ??= defaults.vhostName;

  if (target === "gtn-current") {
    if (set(["galaxy", "job_config_file"])) {
      problems.push({
        file,
        position: source.locateKey(["galaxy", "job_config_file"]),
        message: "target gtn-current writes the job config inline (galaxy_job_config, no job_conf.xml); remove galaxy.job_config_file",
      });
    }
  } else {
    if (config.galaxy!.gravity !== undefined) {
      problems.push({
        file,
        position: source.locateKey(["galaxy", "gravity"]),
        message: "galaxy.gravity is written only by target gtn-current; set `target: gtn-current` or remove it",
      });
    }
    for (const [id, dest] of Object.entries(config.jobs!.destinations ?? {})) {
      if (dest.container_resolvers === undefined) continue;
      problems.push({
        file,
        position: source.locateKey(["jobs", "destinations", id, "container_resolvers"]),
        message: `destination "${id}": per-environment container_resolvers need the YAML job config of target gtn-current; job_conf.xml has no place for them`,
      });
    }
  }
}
