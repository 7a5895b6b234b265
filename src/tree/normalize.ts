// Builds the Deployment model from a site's Ansible tree: the same facts a
// gxit-gen config yields (runners, destinations with params, env and
// volumes, tool routes, proxy, certificate names, nginx vhost, galaxy.yml
// options), each recorded in a TreeSource with the hand-written file and
// range it came from. Where no file sets a Galaxy option, Galaxy's default
// applies (the rules read absent options as Galaxy does).
import { posix } from "node:path";
import { canonicalLimitType } from "../config/job-hosts.js";
import { DEFAULT_PROXY_PORT, type Deployment, type DestinationModel, type JobLimitModel, type RunnerModel, type ToolRouteModel } from "../config/model.js";
import { RUNNER_LOADS, runnerKind } from "../config/normalize.js";
import { DEFAULT_ANSIBLE_CORE } from "../config/roles.js";
import type { ConfigPath } from "../config/source.js";
import { joinText, type Text } from "../config/text.js";
import { get, str, toData, type LEntry, type LScalar, type LValue, type Origin, type SourceFile } from "../parse/located.js";
import type { XmlRead } from "../parse/xml-tree.js";
import type { YamlRead } from "../parse/yaml-tree.js";
import type { GxitGenConfiguration } from "../schema/config-types.generated.js";
import { jobConfFromXml, jobConfFromYaml, type JobConf } from "./jobconf.js";
import { TreeSource } from "./source.js";
import { resolveValue } from "./template.js";
import { canLand, isGxitToolKey, matchingEntries, resolveInheritance, tpvFromYaml, type Resolved, type TpvEntity } from "./tpv.js";
import { VariableModel, type VarLayer } from "./vars.js";
import type { FileKind } from "../read/kinds.js";
import type { NginxRead } from "../parse/nginx.js";

export interface ReadFile {
  kind: FileKind;
  rel: string;
  src: SourceFile;
  yaml?: YamlRead;
  xml?: XmlRead;
  nginx?: NginxRead;
}

export interface TreeModel {
  deployment: Deployment;
  vars: VariableModel;
  jobConfs: JobConf[];
  files: ReadFile[];
}

function layerOf(rel: string): VarLayer | undefined {
  if (/(^|\/)group_vars\/all(\.ya?ml|\/|$)/.test(rel)) return "group-all";
  if (/(^|\/)group_vars\//.test(rel)) return "group";
  if (/(^|\/)host_vars\//.test(rel)) return "host";
  if (/^roles\/[^/]+\/defaults\//.test(rel)) return "role-defaults";
  if (/^roles\/[^/]+\/vars\//.test(rel)) return "role-vars";
  return undefined;
}

/** A model Text from a resolved value: literal, or a template that keeps what could not be resolved. */
function textOf(v: LValue | undefined): Text | undefined {
  if (!v) return undefined;
  if (v.kind === "scalar") {
    if (v.value === null) return undefined;
    return v.partial ? expression(String(v.value)) : String(v.value);
  }
  if (v.kind === "unknown") return expression(v.text.includes("{{") ? v.text : `{{ ${v.text.replace(/[^A-Za-z0-9_.]/g, "_") || "unknown"} }}`);
  return undefined;
}

/** `{{ name }}` is a variable reference (as a config writes {var: name}); anything else a template. */
function expression(text: string): Text {
  const m = /^\s*\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*-?\}\}\s*$/.exec(text);
  return m ? { var: m[1]! } : { template: text };
}

/** Data for rules that read free-form values (options, runner params): what is not known stays an Ansible expression, never a literal. */
function modelData(v: LValue): unknown {
  if (v.kind === "unknown") return textOf(v);
  if (v.kind === "scalar") return v.partial ? textOf(v) : v.value;
  if (v.kind === "seq") return v.items.map(modelData);
  const o: Record<string, unknown> = {};
  for (const e of v.entries) o[e.key] = modelData(e.value);
  return o;
}

/** Galaxy's asbool on a param value. */
function asBool(v: LValue | undefined): boolean | undefined {
  if (v?.kind !== "scalar") return undefined;
  if (typeof v.value === "boolean") return v.value;
  if (v.partial) return undefined;
  const s = String(v.value).toLowerCase();
  if (["true", "yes", "on", "1"].includes(s)) return true;
  if (["false", "no", "off", "0", ""].includes(s)) return false;
  return undefined;
}

export function normalizeTree(root: string, files: ReadFile[]): TreeModel {
  const source = new TreeSource(root);
  for (const f of files) source.files.push(f.src);
  const vars = new VariableModel();
  const byRel = new Map(files.map((f) => [f.rel, f]));
  const firstDoc = (f: ReadFile | undefined) => f?.yaml?.documents.find((d) => d !== undefined);

  // ---- variables, lowest precedence first
  const layered = files.filter((f) => f.kind === "vars" && layerOf(f.rel) !== undefined);
  for (const layer of ["role-defaults", "group-all", "group", "host"] as const) {
    for (const f of layered) if (layerOf(f.rel) === layer) vars.define(layer, firstDoc(f));
  }
  const plays: Array<{ file: ReadFile; play: LValue }> = [];
  for (const f of files.filter((x) => x.kind === "playbook")) {
    const doc = firstDoc(f);
    for (const play of doc?.kind === "seq" ? doc.items : []) {
      plays.push({ file: f, play });
      vars.define("play", get(play, "vars"));
      const vf = get(play, "vars_files");
      for (const item of vf?.kind === "seq" ? vf.items : []) {
        const p = str(item);
        if (p === undefined || p.includes("{{")) continue;
        const rel = posix.normalize(posix.join(posix.dirname(f.rel), p));
        vars.define("play", firstDoc(byRel.get(rel)));
      }
    }
  }
  for (const f of layered) if (layerOf(f.rel) === "role-vars") vars.define("role-vars", firstDoc(f));
  const v = (name: string) => vars.lookup(name);
  const varEntry = (name: string) => vars.definition(name)?.entry;

  // ---- Galaxy options: galaxy_config.galaxy, or a galaxy.yml / options file
  let galaxyOptions: LValue | undefined = get(v("galaxy_config"), "galaxy");
  const optionsBase: ConfigPath = ["galaxy", "config"];
  for (const f of files.filter((x) => x.kind === "galaxy-options")) {
    const opts = get(firstDoc(f), "galaxy");
    if (opts && !galaxyOptions) galaxyOptions = resolveValue(opts, vars);
  }
  const options: Record<string, unknown> = {};
  if (galaxyOptions?.kind === "map") {
    for (const e of galaxyOptions.entries) {
      options[e.key] = modelData(e.value);
      source.setValue([...optionsBase, e.key], e.value, e.keyOrigin);
    }
  }
  if (galaxyOptions) source.set(optionsBase, { origin: galaxyOptions.origin });

  // ---- job confs
  const jobConfs: JobConf[] = [];
  for (const f of files) {
    if (f.kind === "job-conf-xml" && f.xml?.root) jobConfs.push(jobConfFromXml(f.src.file, resolveXml(f.xml, vars)));
    if (f.kind === "job-conf-yaml") {
      const doc = firstDoc(f);
      if (!doc) continue;
      const root = get(doc, "galaxy_jobconf") ?? doc;
      jobConfs.push(jobConfFromYaml(f.src.file, resolveValue(root, vars)));
    }
  }
  const inline = v("galaxy_job_config") ?? get(galaxyOptions, "job_config");
  if (inline?.kind === "map") jobConfs.push(jobConfFromYaml((vars.definition("galaxy_job_config")?.entry.keyOrigin ?? inline.origin).src.file, inline));
  const inlineOld = v("galaxy_jobconf");
  if (inlineOld?.kind === "map" && !files.some((f) => f.kind === "job-conf-yaml" && get(firstDoc(f), "galaxy_jobconf"))) {
    jobConfs.push(jobConfFromYaml(inlineOld.origin.src.file, inlineOld));
  }

  const runners: RunnerModel[] = [];
  const runnerById = new Map<string, RunnerModel>();
  const destinations: DestinationModel[] = [];
  const destById = new Map<string, DestinationModel>();
  const tools: ToolRouteModel[] = [];
  let defaultDestination: string | undefined;
  const configRunners: Record<string, unknown> = {};

  for (const jc of jobConfs) {
    for (const r of jc.runners) {
      if (runnerById.has(r.id)) continue;
      const path: ConfigPath = ["jobs", "runners", r.id];
      source.set(path, { origin: r.idOrigin, keyOrigin: r.idOrigin });
      const load = str(r.load) ?? RUNNER_LOADS.local!;
      if (r.load) source.setValue([...path, "load"], r.load);
      const params: Record<string, unknown> = {};
      for (const p of r.params) {
        params[p.key] = modelData(p.value);
        source.setValue([...path, "params", p.key], p.value, p.keyOrigin);
      }
      const kind = runnerKind(load);
      const model: RunnerModel = { id: r.id, load, kind, isPulsar: kind.startsWith("pulsar"), config: { load, params } as RunnerModel["config"], path };
      if (kind === "pulsar_embedded") {
        const pc = r.params.find((p) => p.key === "pulsar_config");
        model.pulsarConfig = textOf(pc?.value) ?? joinText(textOf(v("galaxy_config_dir")) ?? "/srv/galaxy/config", "/pulsar_app.yml");
      }
      runners.push(model);
      runnerById.set(r.id, model);
      configRunners[r.id] = model.config;
    }
  }

  const addDestination = (
    id: string,
    idOrigin: Origin,
    runner: LValue | undefined,
    params: Iterable<LEntry>,
    env: Array<{ id: string; value: LValue; origin: Origin }>,
    tags: string[] = [],
  ): DestinationModel | undefined => {
    if (destById.has(id)) return undefined;
    const path: ConfigPath = ["jobs", "destinations", id];
    source.set(path, { origin: idOrigin, keyOrigin: idOrigin });
    const runnerId = str(runner) ?? "";
    if (runner) source.setValue([...path, "runner"], runner);
    const p: Record<string, unknown> = {};
    const dockerEnv: Record<string, Text> = {};
    let dockerEnabled = false;
    for (const e of params) {
      if (e.key.startsWith("docker_env_")) {
        const t = textOf(e.value);
        if (t !== undefined) dockerEnv[e.key.slice("docker_env_".length)] = t;
        source.setValue([...path, "docker_env", e.key.slice("docker_env_".length)], e.value, e.keyOrigin);
        continue;
      }
      const data = toData(e.value);
      p[e.key] = e.key === "docker_enabled" || e.key === "outputs_to_working_directory" || e.key === "require_container" ? (asBool(e.value) ?? data) : data;
      if (e.key === "docker_enabled") dockerEnabled = asBool(e.value) === true;
      source.setValue([...path, "params", e.key], e.value, e.keyOrigin);
    }
    const envList = env.map((x, i) => {
      source.setValue([...path, "env", i, "value"], x.value);
      source.set([...path, "env", i], { origin: x.origin });
      return { id: x.id, value: textOf(x.value) ?? "" };
    });
    const model: DestinationModel = {
      id,
      runnerId,
      runner: runnerById.get(runnerId),
      params: p as DestinationModel["params"],
      dockerEnv,
      env: envList,
      dockerEnabled,
      containerResolvers: [],
      tags,
      jobHost: {},
      config: { runner: runnerId, params: p } as DestinationModel["config"],
      path,
    };
    destinations.push(model);
    destById.set(id, model);
    return model;
  };

  const tpvFilesListed: LValue[] = [];
  for (const jc of jobConfs) {
    for (const d of jc.destinations) {
      tpvFilesListed.push(...d.tpvFiles);
      addDestination(d.id, d.idOrigin, d.runner, d.params, d.env, d.tags);
    }
    if (defaultDestination === undefined && str(jc.defaultDestination) !== undefined) {
      defaultDestination = str(jc.defaultDestination);
      source.setValue(["jobs", "default_destination"], jc.defaultDestination!);
    }
    for (const t of jc.tools) {
      const dest = str(t.destination);
      if (dest === undefined) continue;
      const path: ConfigPath = ["jobs", "tools", tools.length];
      source.set(path, { origin: t.idOrigin });
      source.set([...path, "id"], { origin: t.idOrigin });
      if (t.destination) source.setValue([...path, "destination"], t.destination);
      tools.push({ id: t.id, destinationId: dest, destination: undefined, path });
    }
  }

  // ---- limits (every job conf's, in file order)
  const limits: JobLimitModel[] = [];
  for (const jc of jobConfs) {
    for (const l of jc.limits) {
      const type = canonicalLimitType(l.type);
      if (type === undefined) continue;
      const path: ConfigPath = ["jobs", "limits", limits.length];
      source.set(path, { origin: l.origin });
      const raw = l.value?.kind === "scalar" ? l.value.value : undefined;
      const value = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : String(raw ?? "");
      const window = l.window?.kind === "scalar" && Number.isFinite(Number(l.window.value)) ? Number(l.window.value) : undefined;
      limits.push({ type, value, ...(l.id !== undefined ? { id: l.id } : {}), ...(l.tag !== undefined ? { tag: l.tag } : {}), ...(window !== undefined ? { window } : {}), path });
    }
  }

  // ---- TPV
  const tpvDest: TpvEntity[] = [];
  const tpvTools: TpvEntity[] = [];
  for (const f of files.filter((x) => x.kind === "tpv")) {
    for (const doc of f.yaml?.documents ?? []) {
      if (!doc) continue;
      const t = tpvFromYaml(f.src.file, resolveValue(doc, vars));
      tpvDest.push(...t.destinations);
      tpvTools.push(...t.tools);
    }
  }
  const destEntities = new Map(tpvDest.map((d) => [d.id, d]));
  const resolvedDest = tpvDest.filter((d) => !d.abstract).map((d) => resolveInheritance(d, destEntities));
  for (const r of resolvedDest) addDestination(r.entity.id, r.entity.idOrigin, r.runner, r.params.values(), r.env);
  const toolEntities = new Map(tpvTools.map((t) => [t.id, t]));
  const defaultTool = toolEntities.get("default");
  const defaultResolved = defaultTool ? resolveInheritance(defaultTool, toolEntities) : undefined;
  const DOCKER_PARAM = /^(docker_|container_monitor|outputs_to_working_directory|require_container)/;

  const routeTpv = (label: string, labelOrigin: Origin, tool: Resolved, extra: { params: LEntry[]; tags: Resolved["tags"] }[]) => {
    // Each variant: the tool as written, and with each conditional rule that may apply.
    const variants = [{ params: [] as LEntry[], tags: { require: [], prefer: [], accept: [], reject: [] } as Resolved["tags"] }, ...extra];
    for (const variant of variants) {
      const tags = { require: [...tool.tags.require, ...variant.tags.require], prefer: [...tool.tags.prefer, ...variant.tags.prefer], accept: [...tool.tags.accept, ...variant.tags.accept], reject: [...tool.tags.reject, ...variant.tags.reject] };
      const toolParams = [...tool.params.values(), ...variant.params].filter((p) => DOCKER_PARAM.test(p.key));
      for (const d of resolvedDest) {
        if (!canLand(tags, d.tags)) continue;
        let destId = d.entity.id;
        if (toolParams.length > 0) {
          // The tool's own params override the destination's: model that combination as its own destination.
          destId = `${d.entity.id}[${label}]`;
          const merged = new Map(d.params);
          for (const p of toolParams) merged.set(p.key, p);
          addDestination(destId, labelOrigin, d.runner, merged.values(), [...d.env, ...tool.env]);
        }
        const path: ConfigPath = ["jobs", "tools", tools.length];
        source.set(path, { origin: labelOrigin });
        source.set([...path, "id"], { origin: labelOrigin });
        tools.push({ id: label, destinationId: destId, destination: undefined, path });
      }
    }
  };
  for (const t of tpvTools) {
    if (t.abstract || t.id === "default" || !isGxitToolKey(t.id)) continue;
    // TPV merges the default entry, then every entry whose id or regex matches, each after its own inherits.
    let r = defaultResolved;
    for (const m of matchingEntries(t.id, tpvTools)) r = resolveInheritance(m, toolEntities, r);
    r = withCertainRules({ ...r!, entity: t });
    routeTpv(t.id, t.idOrigin, r, r.rules.filter((x) => !x.fails && !x.forInteractive).map((x) => ({ params: x.params, tags: x.tags })));
  }
  if (defaultResolved) {
    // Rules of the default entry that single out interactive tools (tool.tool_type == 'interactive').
    const gxitRules = defaultResolved.rules.filter((x) => x.forInteractive && !x.fails);
    if (gxitRules.length > 0) {
      const base = withCertainRules(defaultResolved);
      routeTpv("interactive_tool_* (tool_type interactive)", defaultResolved.entity.idOrigin, base, []);
    }
  }
  for (const t of tools) t.destination = destById.get(t.destinationId);

  /**
   * For an interactive tool, a rule whose condition is "the tool is
   * interactive" always applies: its params and scheduling are certain, not
   * "may" facts.
   */
  function withCertainRules(r: Resolved): Resolved {
    const out: Resolved = { ...r, params: new Map(r.params), tags: { ...r.tags } };
    for (const rule of r.rules) {
      if (!rule.forInteractive || rule.fails) continue;
      for (const p of rule.params) out.params.set(p.key, p);
      out.tags = {
        require: [...out.tags.require, ...rule.tags.require],
        prefer: [...out.tags.prefer, ...rule.tags.prefer],
        accept: [...out.tags.accept, ...rule.tags.accept],
        reject: [...out.tags.reject, ...rule.tags.reject],
      };
    }
    return out;
  }

  // ---- tool panel (tool_conf.xml): interactive tool wrappers
  const interactiveToolFiles: Deployment["interactiveToolFiles"] = [];
  for (const f of files.filter((x) => x.kind === "tool-conf" && x.xml?.root)) {
    const walk = (el: import("../parse/xml-tree.js").XmlElement) => {
      for (const c of el.children) {
        if (c.name === "tool") {
          const file = c.attrs.find((a) => a.name === "file")?.value;
          if (file && /interactive/i.test(String(file.value))) {
            const path: ConfigPath = ["tool_conf", "sections", 0, "tools", interactiveToolFiles.length];
            source.setValue(path, file);
            interactiveToolFiles.push({ file: String(file.value), path });
          }
        }
        walk(c);
      }
    };
    walk(f.xml!.root!);
  }

  // ---- proxy, certificate, nginx, docker
  const gxItProxy = get(get(v("galaxy_config"), "gravity"), "gx_it_proxy") ?? get(v("host_galaxy_config_gravity"), "gx_it_proxy");
  const portVal = v("gie_proxy_port") ?? get(gxItProxy, "port");
  const port = portVal?.kind === "scalar" && Number.isFinite(Number(portVal.value)) ? Number(portVal.value) : DEFAULT_PROXY_PORT;
  if (portVal) source.setValue(["proxy", "port"], portVal);
  const sessions = v("gie_proxy_sessions_path") ?? get(gxItProxy, "sessions");
  if (sessions) source.setValue(["proxy", "sessions_path"], sessions);
  const pathPrefix = str(v("gie_proxy_path_prefix") ?? get(gxItProxy, "path_prefix"));

  const certbotVars: Record<string, unknown> = {};
  let certNames: Text[] = [];
  const certDomains = v("certbot_domains");
  if (certDomains) {
    const e = varEntry("certbot_domains")!;
    source.setValue(["certbot", "vars", "certbot_domains"], certDomains, e.keyOrigin);
    if (certDomains.kind === "seq") {
      certNames = certDomains.items.map((i) => textOf(i)).filter((t): t is Text => t !== undefined);
      certDomains.items.forEach((i, n) => source.setValue(["certbot", "vars", "certbot_domains", n], i));
      certbotVars.certbot_domains = certNames.length === certDomains.items.length ? certNames : toData(certDomains);
    } else certbotVars.certbot_domains = toData(certDomains);
  }
  const dockerUsers = v("docker_users");
  const dockerCfg: Record<string, unknown> = {};
  if (dockerUsers?.kind === "seq") {
    dockerCfg.users = dockerUsers.items.map((i) => textOf(i) ?? "");
    source.setValue(["docker", "users"], dockerUsers, varEntry("docker_users")?.keyOrigin);
    dockerUsers.items.forEach((i, n) => source.setValue(["docker", "users", n], i));
  }
  const sslServers = v("nginx_ssl_servers");
  const nginxVhost = files.find((f) => f.kind === "nginx" && f.nginx?.servers.some((s) => s.proxyPass.length > 0 && /interactive|gie|gxit|\bep\b/i.test(f.rel + s.serverName.map((n) => String(n.value.value)).join(" "))));
  const gxitServer = nginxVhost?.nginx?.servers.find((s) => s.proxyPass.length > 0);
  if (gxitServer?.serverName[0]) source.setValue(["nginx", "vhost", "server_name"], resolveValue(gxitServer.serverName[0].value, vars));

  const prefix = str(get(galaxyOptions, "interactivetools_prefix")) ?? "interactivetool";
  const hostname: Text =
    certNames.find((n) => typeof n === "string" && !n.startsWith("*")) ?? textOf(v("hostname")) ?? textOf(v("inventory_hostname")) ?? { var: "inventory_hostname" };
  const entryPointStyle = "ep" as const;
  const wildcardHost = joinText(`*.ep.${prefix}.`, hostname);

  // Every variable the tree defines, as written (not rendered), for the rules that read role variables.
  const extraVars: Record<string, unknown> = {};
  const recordFacts = (path: ConfigPath, val: LValue, keyOrigin?: Origin) => {
    source.setValue(path, val, keyOrigin);
    if (val.kind === "map") for (const e of val.entries) recordFacts([...path, e.key], e.value, e.keyOrigin);
    else if (val.kind === "seq") val.items.forEach((x, i) => recordFacts([...path, i], x));
  };
  for (const def of vars.definitions()) {
    extraVars[def.name] = modelData(def.entry.value);
    recordFacts(["extra_vars", def.name], def.entry.value, def.entry.keyOrigin);
  }

  // Job conf mistakes, each at its element.
  const problems: Array<{ path: ConfigPath; problem: string }> = [];
  for (const jc of jobConfs) {
    for (const pr of jc.problems) {
      const path: ConfigPath = ["jobs", "problems", problems.length];
      source.set(path, { origin: pr.origin });
      problems.push({ path, problem: pr.message });
    }
  }

  // nginx: where the GxIT vhost forwards.
  const proxyPass: Array<{ url: Text; path: ConfigPath }> = [];
  const upstreams = nginxUpstreams(files);
  const addProxyPass = (target: LScalar) => {
    const path: ConfigPath = ["nginx", "vhost", "proxy_pass", proxyPass.length];
    const resolved = resolveValue(target, vars);
    source.setValue(path, resolved);
    source.set(path, { origin: target.origin, value: resolved });
    const t = textOf(resolved);
    if (t !== undefined) proxyPass.push({ url: t, path });
  };
  for (const target of gxitServer?.proxyPass ?? []) {
    // proxy_pass http://<upstream name>: each server of that upstream is a target, at its own line.
    const m = /^(https?):\/\/([A-Za-z0-9_.-]+)\/?$/i.exec(str(target) ?? "");
    const servers = m ? upstreams.get(m[2]!) : undefined;
    if (!servers) {
      addProxyPass(target);
      continue;
    }
    for (const s of servers) addProxyPass({ kind: "scalar", value: `${m![1]!.toLowerCase()}://${String(s.value)}`, origin: s.origin, ...(s.partial ? { partial: true } : {}) });
  }

  const config = {
    version: 1,
    // Galaxy's default for interactivetools_enable is false: without the option, Galaxy has no interactive tools.
    galaxy: { config: options, interactivetools: { enable: asBool(get(galaxyOptions, "interactivetools_enable")) ?? false } },
    certbot: { vars: certbotVars, domains: [] },
    docker: dockerCfg,
    jobs: { runners: configRunners },
    extra_vars: extraVars,
    pulsar: {},
  } as unknown as GxitGenConfiguration;

  const deployment: Deployment = {
    file: root,
    source: source as unknown as Deployment["source"],
    config,
    target: "gtn-2020",
    inventoryGroup: "galaxyservers",
    ansibleCore: DEFAULT_ANSIBLE_CORE,
    galaxy: {
      hostname,
      user: textOf(v("galaxy_user_name")) ?? "galaxy",
      infrastructureUrl: textOf(get(galaxyOptions, "galaxy_infrastructure_url")),
      configDir: textOf(v("galaxy_config_dir")) ?? "/srv/galaxy/config",
      jobConfigFile: textOf(get(galaxyOptions, "job_config_file")) ?? "job_conf.yml",
      toolConfigFiles: [],
      interactiveToolConfFile: "tool_conf_interactive.xml",
      interactivetoolsEnable: asBool(get(galaxyOptions, "interactivetools_enable")) === true,
      interactivetoolsMap: textOf(get(galaxyOptions, "interactivetoolsproxy_map") ?? get(galaxyOptions, "interactivetools_map")) ?? "interactivetools_map.sqlite",
      interactivetoolsMapExplicit: get(galaxyOptions, "interactivetools_map") !== undefined || get(galaxyOptions, "interactivetoolsproxy_map") !== undefined,
      prefix,
      version: undefined,
      entryPointStyle,
      basePath: str(get(galaxyOptions, "interactivetools_base_path")) ?? "/",
      pathPrefix: `${str(get(galaxyOptions, "interactivetools_base_path")) ?? "/"}${prefix}/ep`,
      jobConfig: get(galaxyOptions, "job_config") !== undefined ? "inline" : "xml-file",
      upstreamProxy: asBool(get(galaxyOptions, "interactivetools_upstream_proxy")),
      outputsToWorkingDirectory: asBool(get(galaxyOptions, "outputs_to_working_directory")),
      hosts: [],
      networkFilesystems: [],
    },
    proxy: {
      role: gxItProxy ? "gxit_proxy" : "usegalaxy_eu.gie_proxy",
      sessionsPath: textOf(sessions) ?? "",
      port,
      portExplicit: portVal !== undefined,
      portVar: "gie_proxy_port",
      sessionsVar: "gie_proxy_sessions_path",
      pathPrefix,
      pathPrefixExplicit: pathPrefix !== undefined,
      replicas: undefined,
      database: undefined,
    },
    // The tree's own galaxy.j2 is not read for the path-based location yet: not judged.
    pathBased: { tools: [], needed: false },
    pinnedRoles: [],
    nginx: {
      vhostName: nginxVhost?.rel ?? "",
      serverName: gxitServer?.serverName[0] ? (textOf(resolveValue(gxitServer.serverName[0].value, vars)) ?? "") : joinText(`*.${prefix}.`, hostname),
      upstreamPort: port,
      sslServers: sslServers?.kind === "seq" ? sslServers.items.map((i) => str(i) ?? "") : [],
      pathBased: false,
      proxyPass,
    },
    certbot: { enabled: certDomains !== undefined, domains: certNames, dnsProvider: str(v("certbot_dns_provider")) },
    wildcardHost,
    jobs: { tpv: undefined, workers: 4, runners, destinations, defaultDestination: defaultDestination ?? destinations[0]?.id ?? "local", tools, limits, problems },
    interactiveToolFiles,
  };
  return { deployment, vars, jobConfs, files };
}

/** The `upstream <name> { server <address> …; }` blocks of the tree's nginx files (at any depth), by name. */
function nginxUpstreams(files: ReadFile[]): Map<string, LScalar[]> {
  const out = new Map<string, LScalar[]>();
  const visit = (ds: import("../parse/nginx.js").NginxDirective[]) => {
    for (const d of ds) {
      if (d.name === "upstream" && d.block && d.args[0]) {
        const servers = d.block.filter((x) => x.name === "server" && x.args[0]).map((x) => x.args[0]!);
        out.set(String(d.args[0].value), servers);
      } else if (d.block) visit(d.block);
    }
  };
  for (const f of files) if (f.nginx) visit(f.nginx.directives);
  return out;
}

/** job_conf.xml with every attribute and text value resolved through the variables. */
function resolveXml(x: XmlRead, vars: VariableModel) {
  const walk = (el: import("../parse/xml-tree.js").XmlElement): import("../parse/xml-tree.js").XmlElement => {
    const out = { ...el, attrs: el.attrs.map((a) => ({ ...a, value: resolveScalar(a.value, vars) })), children: [] as import("../parse/xml-tree.js").XmlElement[] };
    if (el.text) out.text = resolveScalar(el.text, vars);
    out.children = el.children.map((c) => ({ ...walk(c), parent: out }));
    return out;
  };
  return walk(x.root!);
}

function resolveScalar(s: import("../parse/located.js").LScalar, vars: VariableModel): import("../parse/located.js").LScalar {
  if (!s.partial) return s;
  const r = resolveValue(s, vars);
  if (r.kind === "scalar") return r;
  return { ...s, partial: true };
}

