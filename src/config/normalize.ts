// Builds the Deployment model from validated config data: applies the
// defaults the schema cannot express (values derived from other values) and
// checks references between sections.
import type { GxitGenConfiguration, InventoryHost } from "../schema/config-types.generated.js";
import { ConfigError, type Diagnostic } from "../util/errors.js";
import { closestMatch } from "../util/suggest.js";
import { posix } from "node:path";
import { entryPointStyleFor, parseGalaxyVersion } from "./galaxy-version.js";
import { normalizeLimits, setsWalltime, walltimeParam } from "./job-hosts.js";
import {
  DEFAULT_PROXY_PORT,
  GRAVITY_PROXY_PORT,
  PATH_BASED_TOOL_FILES,
  type Deployment,
  type DestinationModel,
  type HostModel,
  type MapDatabaseModel,
  type ProxyReplicasModel,
  type RunnerKind,
  type RunnerModel,
  type ToolRouteModel,
  type TpvModel,
} from "./model.js";
import { compareVersions, DOCKER_FOR_OLD_ANSIBLE, minAnsibleVersion, roleDefaultVersion } from "./roles.js";
import { toolIdFromFile } from "./tool-ids.js";
import type { ConfigPath, ConfigSource } from "./source.js";
import { applyTargetDefaults, TARGET_DEFAULTS } from "./targets.js";
import { joinText, textKey, type Text } from "./text.js";

/** Galaxy's runner plugins for the `type` shorthand. */
export const RUNNER_LOADS: Record<string, string> = {
  local: "galaxy.jobs.runners.local:LocalJobRunner",
  pulsar_embedded: "galaxy.jobs.runners.pulsar:PulsarEmbeddedJobRunner",
  pulsar_rest: "galaxy.jobs.runners.pulsar:PulsarRESTJobRunner",
  pulsar_mq: "galaxy.jobs.runners.pulsar:PulsarMQJobRunner",
  slurm: "galaxy.jobs.runners.slurm:SlurmJobRunner",
  drmaa: "galaxy.jobs.runners.drmaa:DRMAAJobRunner",
  condor: "galaxy.jobs.runners.condor:CondorJobRunner",
  kubernetes: "galaxy.jobs.runners.kubernetes:KubernetesJobRunner",
};

/** The tutorial routes EtherCalc to its Docker destination. */
const TUTORIAL_TOOL_ROUTES = [{ id: "interactive_tool_ethercalc", destination: "interactive_local" }];

export function runnerKind(load: string): RunnerKind {
  const cls = load.split(":")[1] ?? "";
  if (cls === "LocalJobRunner") return "local";
  if (cls === "PulsarEmbeddedJobRunner") return "pulsar_embedded";
  if (cls === "PulsarMQJobRunner") return "pulsar_mq";
  if (load.startsWith("galaxy.jobs.runners.pulsar:")) return "pulsar_rest";
  if (cls === "KubernetesJobRunner") return "kubernetes";
  if (/^galaxy\.jobs\.runners\.(slurm|drmaa|condor|pbs|univa|cli)\b/.test(load)) return "cluster";
  return "other";
}

/**
 * Node.js for the proxy: without a way to get node the role writes
 * `ExecStart=node ...` on a host where nothing installs it. Unless the config
 * says how (setup_nodejs) or where (nodejs_executable), install it the
 * tutorial's way: nodeenv into a venv next to the proxy. Filled into the
 * config like the schema's defaults, so group_vars writes it as configured.
 */
function defaultNodejs(proxy: NonNullable<GxitGenConfiguration["proxy"]>): void {
  if (proxy.role === "gravity" || proxy.setup_nodejs !== undefined || proxy.nodejs_executable !== undefined) return;
  proxy.setup_nodejs = "nodeenv";
  proxy.nodejs_version ??= proxy.role === "gxit_proxy" ? "22.12.0" : "14.21.3";
  // Outside the proxy's directory: the role clones into it after nodeenv ran.
  const dir = proxy.dir!;
  proxy.virtualenv ??=
    typeof dir === "string" && posix.basename(dir) === "proxy" ? `${posix.dirname(dir)}/venv` : joinText(dir, "-venv");
  proxy.virtualenv_command ??= "/usr/bin/python3 -m venv";
}

/**
 * usegalaxy_eu.gie_proxy 0.2.0 defaults gie_proxy_setup_libpq to a lookup
 * that knows only RedHat, so on Debian the play stops ("dict object has no
 * attribute 'Debian'"); its libpq tasks support RedHat only, and only a
 * PostgreSQL sessions map needs the pg-native they build. Unless the config
 * says otherwise, gxit-gen writes false.
 */
function defaultLibpq(proxy: NonNullable<GxitGenConfiguration["proxy"]>): void {
  if (proxy.role !== "usegalaxy_eu.gie_proxy" || proxy.setup_libpq !== undefined) return;
  if (compareVersions(proxy.role_version!, "0.2.0") >= 0) proxy.setup_libpq = false;
}

/** Every role requirements.yml pins, with the config node that sets its version (the model's pinnedRoles). */
function pinnedRoles(config: GxitGenConfiguration, proxyRole: string, certbot: string | undefined | false): Deployment["pinnedRoles"] {
  const pins: Deployment["pinnedRoles"] = config.playbook!.roles!.flatMap((r, i) =>
    r.version === undefined ? [] : [{ name: r.name, version: r.version, path: ["playbook", "roles", i, "version"] as ConfigPath }],
  );
  pins.push({ name: "geerlingguy.docker", version: config.docker!.role_version!, path: ["docker", "role_version"] });
  if (proxyRole === "usegalaxy_eu.gie_proxy") {
    pins.push({ name: "usegalaxy_eu.gie_proxy", version: config.proxy!.role_version!, path: ["proxy", "role_version"] });
  }
  if (certbot !== false) {
    pins.push({ name: "usegalaxy_eu.certbot", version: config.certbot!.role_version!, path: ["certbot", "role_version"] });
    if (certbot === "route53") {
      pins.push({ name: "usegalaxy_eu.aws_cli", version: config.certbot!.aws_cli_role_version!, path: ["certbot", "aws_cli_role_version"] });
    }
  }
  return pins;
}

export function normalize(source: ConfigSource, config: GxitGenConfiguration): Deployment {
  const problems: Diagnostic[] = [];
  const file = source.file;
  applyTargetDefaults(source, config, problems);
  // A defaulted geerlingguy.docker pin must run on the site's ansible-core:
  // 7.x needs 2.15.1, so older controllers get 6.1.0 (GTN, April 2025).
  if (!source.nodeAt(["docker", "role_version"]).exact) {
    const min = minAnsibleVersion("geerlingguy.docker", config.docker!.role_version!);
    if (min !== undefined && compareVersions(min, config.ansible_core!) > 0) config.docker!.role_version = DOCKER_FOR_OLD_ANSIBLE;
  }
  const target = config.target!;
  const galaxy = config.galaxy!;
  const it = galaxy.interactivetools!;
  const proxyCfg = config.proxy!;
  const vhost = config.nginx!.vhost!;
  const jobsCfg = config.jobs!;

  const hostname = galaxy.hostname!;
  const prefix = it.prefix!;
  const configDir = galaxy.config_dir!;
  const version = galaxy.version !== undefined ? parseGalaxyVersion(galaxy.version) : undefined;
  const entryPointStyle =
    it.entry_point_style ?? (version ? entryPointStyleFor(version) : TARGET_DEFAULTS[target].entryPointStyle);
  const basePath = it.base_path ?? "/";
  // Gravity: f"{interactivetools_base_path}{interactivetools_prefix}/ep" (gravity/state.py).
  const derivedPathPrefix = `${basePath}${prefix}/ep`;
  const proxyRole = proxyCfg.role!;
  if (target === "gtn-current" && proxyCfg.path_prefix !== undefined && proxyCfg.path_prefix !== derivedPathPrefix) {
    problems.push({
      file,
      position: source.locate(["proxy", "path_prefix"]),
      message: `proxy.path_prefix must be ${derivedPathPrefix} (interactivetools_base_path + prefix + /ep, as Galaxy links path-based tools); remove it, gxit-gen derives it`,
    });
  }
  const sessionsVar = proxyRole === "gravity" ? "gxit_proxy_sessions_path" : "gie_proxy_sessions_path";
  const portVar = proxyRole === "gravity" ? "galaxy_config.gravity.gx_it_proxy.port" : "gie_proxy_port";
  // Path-based tools (requires_domain="False") in the panel, or a proxy prefix: Galaxy's vhost needs the location.
  const pathBasedTools = config.tool_conf!.sections!.flatMap((s, si) =>
    s.tools
      .map((file, ti) => ({ file, path: ["tool_conf", "sections", si, "tools", ti] as ConfigPath }))
      .filter((t) => PATH_BASED_TOOL_FILES.has(posix.basename(t.file))),
  );
  const pathBasedNeeded = pathBasedTools.length > 0 || proxyCfg.path_prefix !== undefined;
  const pathBased = config.nginx!.path_based ?? (TARGET_DEFAULTS[target].pathBased || pathBasedNeeded);
  const wildcardHost = joinText(
    entryPointStyle === "ep" ? `*.ep.${prefix}.` : `*.interactivetoolentrypoint.${prefix}.`,
    hostname,
  );

  const interactiveToolConfFile = joinText(configDir, "/tool_conf_interactive.xml");
  const toolConfigFiles: Text[] = [...galaxy.tool_config_files!];
  if (!toolConfigFiles.some((t) => textKey(t) === textKey(interactiveToolConfFile))) {
    toolConfigFiles.push(interactiveToolConfFile);
  }

  const runners: RunnerModel[] = Object.entries(jobsCfg.runners!).map(([id, r]) => {
    if (r.type === undefined && r.load === undefined) {
      problems.push({
        file,
        position: source.locateKey(["jobs", "runners", id]),
        message: `runner "${id}" needs a type (${Object.keys(RUNNER_LOADS).join(", ")}) or a load (module:Class)`,
      });
    }
    const load = r.load ?? RUNNER_LOADS[r.type ?? "local"]!;
    const kind = runnerKind(load);
    const model: RunnerModel = {
      id,
      load,
      kind,
      isPulsar: kind.startsWith("pulsar"),
      config: r,
      path: ["jobs", "runners", id],
    };
    if (r.workers !== undefined) model.workers = r.workers;
    if (kind === "pulsar_embedded") {
      model.pulsarConfig = r.pulsar_config ?? joinText(configDir, "/pulsar_app.yml");
    }
    return model;
  });
  const runnerById = new Map(runners.map((r) => [r.id, r]));

  const destinations: DestinationModel[] = Object.entries(jobsCfg.destinations!).map(([id, d]) => {
    const runner = runnerById.get(d.runner);
    if (!runner) {
      const guess = closestMatch(d.runner, [...runnerById.keys()]);
      problems.push({
        file,
        position: source.locate(["jobs", "destinations", id, "runner"]),
        message: `destination "${id}" uses runner "${d.runner}", which jobs.runners does not define${guess ? `; did you mean "${guess}"?` : `; define it under jobs.runners`}`,
      });
    }
    const params = { ...(d.params ?? {}) };
    const model: DestinationModel = {
      id,
      runnerId: d.runner,
      runner,
      params,
      dockerEnv: d.docker_env ?? {},
      env: d.env ?? [],
      dockerEnabled: d.params?.docker_enabled === true,
      containerResolvers: d.container_resolvers ?? [],
      tags: [],
      jobHost: d.job_host?.reachable_from_proxy !== undefined ? { reachableFromProxy: d.job_host.reachable_from_proxy } : {},
      config: d,
      path: ["jobs", "destinations", id],
    };
    const walltime = d.limits?.walltime;
    if (walltime !== undefined && runner) {
      // The scheduler enforces the walltime: gxit-gen writes it as Slurm's
      // --time where the runner hands Slurm options on.
      const param = walltimeParam(runner);
      const existing = param ? params[param] : undefined;
      if (param === undefined) {
        problems.push({
          file,
          position: source.locate(["jobs", "destinations", id, "limits", "walltime"]),
          message: `destination "${id}": limits.walltime is written as Slurm's --time, which runner "${d.runner}" (${runner.kind}) does not take; use a Slurm or Pulsar REST/MQ runner, or set your scheduler's wall-clock option yourself (embedded Pulsar: pulsar.managers.<name>.native_specification)`,
        });
      } else if (existing !== undefined && setsWalltime(existing)) {
        problems.push({
          file,
          position: source.locate(["jobs", "destinations", id, "params", param]),
          message: `destination "${id}": params.${param} already sets a wall-clock limit and limits.walltime sets another; keep one of them`,
        });
      } else {
        params[param] = existing !== undefined && existing.trim() !== "" ? `--time=${walltime} ${existing}` : `--time=${walltime}`;
        model.walltime = { value: walltime, path: ["jobs", "destinations", id, "limits", "walltime"] };
      }
    }
    return model;
  });
  const destinationById = new Map(destinations.map((d) => [d.id, d]));

  if (destinations.length === 0) {
    problems.push({
      file,
      position: source.locate(["jobs", "destinations"]),
      message: "jobs.destinations is empty; define at least one destination",
    });
  }
  const defaultDestination = jobsCfg.default_destination ?? destinations[0]?.id ?? "local";
  if (jobsCfg.default_destination !== undefined && !destinationById.has(defaultDestination)) {
    const guess = closestMatch(defaultDestination, [...destinationById.keys()]);
    problems.push({
      file,
      position: source.locate(["jobs", "default_destination"]),
      message: `jobs.default_destination "${defaultDestination}" is not a destination${guess ? `; did you mean "${guess}"?` : ""}`,
    });
  }

  const limits = normalizeLimits(source, jobsCfg.limits ?? [], destinations, problems);

  // The tutorial's routing only makes sense with the tutorial's destinations:
  // a user who defines destinations routes tools explicitly.
  const destinationsDefaulted = !source.has(["jobs", "destinations"]);
  const toolsCfg = jobsCfg.tools ?? (destinationsDefaulted ? TUTORIAL_TOOL_ROUTES : []);
  const tools: ToolRouteModel[] = toolsCfg.map((t, i) => ({
    id: t.id,
    destinationId: t.destination,
    destination: destinationById.get(t.destination),
    path: ["jobs", "tools", i],
  }));

  // TPV: the tool rule sends every interactive tool to one destination; the
  // model records those routes, so lint judges TPV output as it judges tools:.
  let tpv: TpvModel | undefined;
  const tpvCfg = jobsCfg.tpv;
  if (tpvCfg !== undefined && target !== "gtn-current") {
    problems.push({ file, position: source.locateKey(["jobs", "tpv"]), message: "jobs.tpv needs target gtn-current (TPV is loaded from the YAML job config); set `target: gtn-current` or remove it" });
  } else if (tpvCfg !== undefined) {
    const routed = tools.find((t) => t.id.startsWith("interactive_tool_"))?.destinationId;
    const destinationId =
      tpvCfg.destination ?? routed ?? destinations.find((x) => x.dockerEnabled && x.runner?.kind === "pulsar_embedded")?.id ?? destinations.find((x) => x.dockerEnabled)?.id;
    if (destinationId === undefined || !destinationById.has(destinationId)) {
      problems.push({
        file,
        position: source.locate(["jobs", "tpv", "destination"]),
        message: destinationId === undefined ? "jobs.tpv: no Docker-enabled destination for interactive tools; define one or name it in jobs.tpv.destination" : `jobs.tpv.destination "${destinationId}" is not a destination`,
      });
    } else {
      const toolIdRegex = tpvCfg.tool_id_regex!;
      tpv = {
        destinationId,
        toolIdRegex,
        requireLogin: tpvCfg.require_login!,
        file: tpvCfg.file!,
        tools: Object.entries(tpvCfg.tools ?? {}).map(([id, t]) => ({
          id,
          ...(t.cores !== undefined ? { cores: t.cores } : {}),
          ...(t.mem !== undefined ? { mem: t.mem } : {}),
          ...(t.walltime !== undefined ? { walltime: t.walltime } : {}),
          ...(t.docker_run_extra_arguments !== undefined ? { dockerRunExtraArguments: t.docker_run_extra_arguments } : {}),
        })),
      };
      const matches = new RegExp(`^(?:${toolIdRegex})$`);
      const panelIds = config.tool_conf!.sections!.flatMap((sec) => sec.tools).map((f) => toolIdFromFile(f).toLowerCase());
      tools.length = 0;
      for (const id of [...new Set(panelIds)].filter((x) => matches.test(x))) {
        tools.push({ id, destinationId, destination: destinationById.get(destinationId), path: ["jobs", "tpv"] });
      }
    }
  }

  // requirements.yml pins every Galaxy (namespaced) role the playbook runs; a
  // role without a namespace is the site's own, in its roles/ directory.
  config.playbook!.roles!.forEach((role, i) => {
    role.version ??= roleDefaultVersion(config.target!, role.name);
    if (role.version === undefined && role.name.includes(".")) {
      problems.push({
        file,
        position: source.locate(["playbook", "roles", i]),
        message: `role ${role.name} has no version; requirements.yml pins every role the playbook runs, so set playbook.roles[${i}].version`,
      });
    }
  });
  const galaxyHosts = hostModels(galaxy.hosts, ["galaxy", "hosts"]);
  const networkFilesystems = (galaxy.network_filesystems ?? []).map((path, i) => ({ path, configPath: ["galaxy", "network_filesystems", i] as const }));
  const inventoryGroup = config.inventory_group!;
  const replicas = replicasModel(source, config, inventoryGroup, problems);
  const database = databaseModel(source, config, inventoryGroup, problems);

  if (problems.length > 0) throw new ConfigError(problems);

  const certbotCfg = config.certbot!;
  // The certificate names the Galaxy host nginx serves, whatever it is.
  const domains: Text[] = [...(certbotCfg.domains ?? [hostname])];
  if (certbotCfg.add_wildcard !== false && !domains.some((d) => textKey(d) === textKey(wildcardHost))) domains.push(wildcardHost);

  // With the map in PostgreSQL the proxies read the database (the password comes from their environment file).
  const sessionsPath = database ? database.proxyUrl : proxyCfg.sessions_path!;
  const interactiveToolFiles = config.tool_conf!.sections!.flatMap((s, si) =>
    s.tools.map((file, ti) => ({ file, path: ["tool_conf", "sections", si, "tools", ti] as const })),
  );

  defaultNodejs(proxyCfg);
  defaultLibpq(proxyCfg);

  return {
    file,
    source,
    config,
    target,
    inventoryGroup,
    ansibleCore: config.ansible_core!,
    galaxy: {
      hostname,
      user: galaxy.user!,
      infrastructureUrl: galaxy.infrastructure_url,
      configDir,
      jobConfigFile: galaxy.job_config_file!,
      toolConfigFiles,
      interactiveToolConfFile,
      interactivetoolsEnable: it.enable!,
      interactivetoolsMap: it.map ?? { var: sessionsVar },
      interactivetoolsMapExplicit: it.map !== undefined,
      prefix,
      version,
      entryPointStyle,
      basePath,
      pathPrefix: derivedPathPrefix,
      jobConfig: target === "gtn-current" ? "inline" : "xml-file",
      upstreamProxy: it.upstream_proxy,
      outputsToWorkingDirectory: galaxy.outputs_to_working_directory,
      hosts: galaxyHosts,
      networkFilesystems,
    },
    proxy: {
      role: proxyRole,
      sessionsPath,
      sessionsVar,
      port: proxyCfg.port ?? (proxyRole === "gravity" ? GRAVITY_PROXY_PORT : DEFAULT_PROXY_PORT),
      portExplicit: proxyCfg.port !== undefined,
      portVar,
      // gtn-current always gives the proxy the derived prefix (Gravity does so
      // itself); gtn-2020 does when it serves path-based tools.
      pathPrefix: target === "gtn-current" || (pathBased && proxyCfg.path_prefix === undefined) ? derivedPathPrefix : proxyCfg.path_prefix,
      pathPrefixExplicit: proxyCfg.path_prefix !== undefined,
      replicas,
      database,
    },
    pathBased: { tools: pathBasedTools, needed: pathBasedNeeded },
    pinnedRoles: pinnedRoles(config, proxyCfg.role!, certbotCfg.enabled! ? certbotCfg.dns_provider : false),
    nginx: {
      vhostName: vhost.name!,
      serverName: vhost.server_name ?? joinText(`*.${prefix}.`, hostname),
      upstreamPort: vhost.upstream_port ?? { var: portVar },
      proxyPass: compiledProxyPass(vhost.upstream_host!, vhost.upstream_port ?? { var: portVar }, proxyCfg.port ?? (proxyRole === "gravity" ? GRAVITY_PROXY_PORT : DEFAULT_PROXY_PORT), replicas),
      sslServers: config.nginx!.ssl_servers!,
      pathBased,
    },
    certbot: {
      enabled: certbotCfg.enabled!,
      domains,
      dnsProvider: certbotCfg.dns_provider,
    },
    wildcardHost,
    jobs: {
      tpv,
      workers: jobsCfg.workers!,
      runners,
      destinations,
      defaultDestination,
      tools,
      limits,
    },
    interactiveToolFiles,
  };
}

function hostModels(hosts: InventoryHost[] | undefined, base: readonly ["galaxy" | "proxy", ...string[]]): HostModel[] {
  return (hosts ?? []).map((h, i) => ({ name: h.name, address: h.address ?? h.name, path: [...base, i] }));
}

/** proxy.replicas: the proxies' group and hosts; only the bundled role runs replicas that share a PostgreSQL map. */
function replicasModel(source: ConfigSource, config: GxitGenConfiguration, inventoryGroup: string, problems: Diagnostic[]): ProxyReplicasModel | undefined {
  const cfg = config.proxy!.replicas;
  if (cfg === undefined) return undefined;
  const file = source.file;
  if (config.proxy!.role !== "gxit_proxy") {
    problems.push({
      file,
      position: source.locateKey(["proxy", "replicas"]),
      message: "proxy.replicas needs proxy.role: gxit_proxy (the bundled role runs one replica per host and keeps the map's password out of the unit file)",
    });
  }
  const group = cfg.group ?? inventoryGroup;
  const hosts = hostModels(cfg.hosts, ["proxy", "replicas", "hosts"]);
  if (group !== inventoryGroup && hosts.length === 0) {
    problems.push({
      file,
      position: source.locateKey(["proxy", "replicas", "group"]),
      message: `proxy.replicas.group ${group} is not the Galaxy group: list its hosts in proxy.replicas.hosts (nginx forwards to their addresses)`,
    });
  }
  const seen = new Set<string>();
  for (const h of hosts) {
    if (seen.has(h.address)) {
      problems.push({ file, position: source.locate(h.path), message: `proxy.replicas.hosts lists ${h.address} twice; each replica is one host` });
    }
    seen.add(h.address);
  }
  const tls = cfg.tls;
  return {
    group,
    hosts,
    remote: group !== inventoryGroup || hosts.length > 0,
    keepalive: cfg.keepalive!,
    maxFails: cfg.max_fails!,
    failTimeout: cfg.fail_timeout!,
    tls: tls ? { certificate: tls.certificate, key: tls.key, ca: tls.ca, name: tls.name ?? hosts[0]?.name ?? "localhost" } : undefined,
    path: ["proxy", "replicas"],
  };
}

/** proxy.database: the map's PostgreSQL database, and the URLs Galaxy and the proxies get. */
function databaseModel(source: ConfigSource, config: GxitGenConfiguration, inventoryGroup: string, problems: Diagnostic[]): MapDatabaseModel | undefined {
  const cfg = config.proxy!.database;
  if (cfg === undefined) return undefined;
  const file = source.file;
  if (config.proxy!.role !== "gxit_proxy") {
    problems.push({
      file,
      position: source.locateKey(["proxy", "database"]),
      message: "proxy.database needs proxy.role: gxit_proxy (gx-it-proxy through usegalaxy_eu.gie_proxy or Gravity gets the password on its command line, in a world-readable unit)",
    });
  }
  for (const [path, what] of [
    [["proxy", "sessions_path"], "proxy.sessions_path"],
    [["galaxy", "interactivetools", "map"], "galaxy.interactivetools.map"],
  ] as const) {
    if (source.has(path)) {
      problems.push({ file, position: source.locateKey(path), message: `${what} and proxy.database both name the sessions map; remove ${what} (gxit-gen derives the URLs from proxy.database)` });
    }
  }
  const name = cfg.name!;
  const user = cfg.user!;
  const port = cfg.port!;
  const socketDir = cfg.socket_dir!;
  const password = cfg.password;
  // Every literal part is checked by the schema (names, host, socket path): no quoting needed.
  // Ansible's urlencode keeps "/" (Python's quote with safe="/"), which would
  // end the URL's authority inside the password: encode it too.
  const auth = password ? `${user}:{{ ${password.var} | urlencode | replace('/', '%2F') }}` : user;
  const galaxyUrl =
    cfg.host !== undefined
      ? `postgresql://${auth}@${cfg.host}:${port}/${name}`
      : `postgresql://${auth}@/${name}?host=${socketDir}${port === 5432 ? "" : `&port=${port}`}`;
  const proxyUrl =
    cfg.host !== undefined
      ? `postgresql://${user}@${cfg.host}:${port}/${name}`
      : `postgresql:///${name}?host=${socketDir}${port === 5432 ? "" : `&port=${port}`}&user=${user}`;
  return {
    group: cfg.group ?? inventoryGroup,
    host: cfg.host,
    port,
    socketDir,
    name,
    user,
    password,
    galaxyUrl: password ? { template: galaxyUrl } : galaxyUrl,
    proxyUrl,
    collectionVersion: cfg.collection_version!,
    path: ["proxy", "database"],
  };
}

/** Where the compiled vhost forwards: the one proxy (nginx.vhost.upstream_host), or each replica of the upstream. */
function compiledProxyPass(upstreamHost: string, upstreamPort: number | { var: string }, proxyPort: number, replicas: ProxyReplicasModel | undefined): Array<{ url: Text; path: ConfigPath }> {
  const bracket = (h: string) => (h.includes(":") && !h.startsWith("[") ? `[${h}]` : h);
  if (replicas === undefined || replicas.hosts.length === 0) {
    const scheme = replicas?.tls ? "https" : "http";
    const port: Text = typeof upstreamPort === "number" || replicas ? String(replicas ? proxyPort : upstreamPort) : upstreamPort;
    return [{ url: joinText(`${scheme}://${bracket(upstreamHost)}:`, port), path: replicas ? replicas.path : ["nginx", "vhost", "upstream_host"] }];
  }
  const scheme = replicas.tls ? "https" : "http";
  return replicas.hosts.map((h) => ({ url: `${scheme}://${bracket(h.address)}:${proxyPort}`, path: h.path }));
}
