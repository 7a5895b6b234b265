// Facts about a deployment that several rules need (Galaxy options wherever
// the config sets them, the volume and docker-argument analysis of each
// destination, which destinations run interactive tools). Computed once per
// deployment and cached, so rules stay small and the lint stays fast.
import type { Deployment, DestinationModel } from "../../config/model.js";
import type { ConfigPath } from "../../config/source.js";
import { isTemplateRef, isVarRef, literalOf, textKey, textParts, type Text, type TextPart } from "../../config/text.js";
import { parseDockerRunArgs, type DockerArgs } from "./docker-args.js";
import { analyzeVolumes, resolvePath, type VolumeAnalysis } from "./volumes.js";

export interface OptionValue {
  value: unknown;
  path: ConfigPath;
}

/** Galaxy options gxit-gen models as fields; anything else lives in galaxy.config. */
const MODELLED_OPTIONS: Record<string, ConfigPath> = {
  galaxy_infrastructure_url: ["galaxy", "infrastructure_url"],
  interactivetools_upstream_proxy: ["galaxy", "interactivetools", "upstream_proxy"],
  interactivetools_map: ["galaxy", "interactivetools", "map"],
  interactivetools_prefix: ["galaxy", "interactivetools", "prefix"],
  interactivetools_enable: ["galaxy", "interactivetools", "enable"],
  outputs_to_working_directory: ["galaxy", "outputs_to_working_directory"],
};

function valueAtPath(root: unknown, path: ConfigPath): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return cur;
}

/**
 * A Galaxy option as the config sets it: the modelled field when the user
 * wrote it, else `galaxy.config.<name>`. Undefined when neither is set.
 */
export function galaxyOption(d: Deployment, name: string): OptionValue | undefined {
  const modelled = MODELLED_OPTIONS[name];
  if (modelled && d.source.nodeAt(modelled).exact) {
    return { value: valueAtPath(d.config, modelled), path: modelled };
  }
  const cfg = d.config.galaxy?.config ?? {};
  if (Object.prototype.hasOwnProperty.call(cfg, name)) {
    return { value: (cfg as Record<string, unknown>)[name], path: ["galaxy", "config", name] };
  }
  // A schema default gxit-gen emits (it has no YAML node; findings point at the nearest parent).
  const dflt = modelled ? valueAtPath(d.config, modelled) : undefined;
  return dflt === undefined ? undefined : { value: dflt, path: modelled! };
}

/** The literal string of a config value (plain data string or a Text without variables). */
export function literalString(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (isVarRef(v) || isTemplateRef(v)) return literalOf(v as Text);
  return undefined;
}

/** A boolean option: true/false, or "unknown" when it comes from an Ansible expression. */
export function booleanOption(d: Deployment, name: string): { value: boolean | "unknown"; path: ConfigPath } | undefined {
  const o = galaxyOption(d, name);
  if (!o) return undefined;
  if (typeof o.value === "boolean") return { value: o.value, path: o.path };
  const s = literalString(o.value);
  if (s !== undefined && /^(?:true|yes|on|1)$/i.test(s)) return { value: true, path: o.path };
  if (s !== undefined && /^(?:false|no|off|0)$/i.test(s)) return { value: false, path: o.path };
  return { value: "unknown", path: o.path };
}

interface Facts {
  volumes: Map<string, VolumeAnalysis>;
  runArgs: Map<string, DockerArgs | undefined>;
  gxit: GxitFacts;
}

const cache = new WeakMap<Deployment, Facts>();

function facts(d: Deployment): Facts {
  let f = cache.get(d);
  if (!f) {
    f = { volumes: new Map(), runArgs: new Map(), gxit: computeGxit(d) };
    cache.set(d, f);
  }
  return f;
}

/** Galaxy's global outputs_to_working_directory; the `$defaults` expansion reads only this one. */
export function globalOtwd(d: Deployment): boolean | "unknown" {
  return booleanOption(d, "outputs_to_working_directory")?.value ?? false;
}

/** The dataset store (galaxy.config.file_path) when it is a literal absolute path. */
export function datasetStore(d: Deployment): string | undefined {
  const fp = literalString(galaxyOption(d, "file_path")?.value);
  return fp !== undefined && fp.startsWith("/") ? resolvePath(fp, {}) : undefined;
}

/** Kubernetes jobs ignore docker_volumes/docker_* (they use k8s_* params). */
export function runsDockerLocally(dest: DestinationModel): boolean {
  return dest.dockerEnabled && dest.runner?.kind !== "kubernetes";
}

/**
 * The destination's volumes with `$defaults` expanded. With the global
 * option unknown, it is modelled as false only when `assumeOtwd` is false.
 */
export function volumesOf(d: Deployment, dest: DestinationModel, assumeOtwd?: boolean): VolumeAnalysis {
  const otwd = assumeOtwd ?? globalOtwd(d) === true;
  const key = `${dest.id}\0${otwd}`;
  const f = facts(d);
  let v = f.volumes.get(key);
  if (!v) {
    const store = datasetStore(d);
    v = analyzeVolumes(dest.params.docker_volumes, dest.runner, otwd, store ? { default_file_path: store } : {});
    f.volumes.set(key, v);
  }
  return v;
}

export function runArgsOf(d: Deployment, dest: DestinationModel): DockerArgs | undefined {
  const f = facts(d);
  if (!f.runArgs.has(dest.id)) {
    const s = dest.params.docker_run_extra_arguments;
    f.runArgs.set(dest.id, s === undefined ? undefined : parseDockerRunArgs(s));
  }
  return f.runArgs.get(dest.id);
}

export function destinationPath(dest: DestinationModel, ...rest: Array<string | number>): ConfigPath {
  return [...dest.path, ...rest];
}

export function paramPath(dest: DestinationModel, param: string): ConfigPath {
  return [...dest.path, "params", param];
}

// ---------------------------------------------------------------- GxITs

export interface PanelTool {
  file: string;
  /** The tool id Galaxy's shipped wrappers use for this file (interactivetool_x.xml → interactive_tool_x). */
  id: string;
  path: ConfigPath;
}

export interface GxitFacts {
  panelTools: PanelTool[];
  isGxitTool(id: string): boolean;
  /** Destinations that run at least one interactive tool, with the route (or panel entry) that sends it there. */
  destinations: Map<string, { via: ConfigPath; toolId: string }>;
  /** Panel tools with no route: Galaxy runs them on the default destination. */
  unrouted: PanelTool[];
}

export { toolIdFromFile } from "../../config/tool-ids.js";
import { toolIdFromFile } from "../../config/tool-ids.js";

function computeGxit(d: Deployment): GxitFacts {
  const panelTools = d.interactiveToolFiles.map((t) => ({ file: t.file, id: toolIdFromFile(t.file).toLowerCase(), path: t.path }));
  const panelIds = new Set(panelTools.map((t) => t.id));
  // Galaxy lowercases tool ids in job_conf and drops a trailing slash.
  const norm = (id: string) => id.toLowerCase().replace(/\/$/, "");
  const isGxitTool = (id: string) => norm(id).startsWith("interactive_tool_") || panelIds.has(norm(id));
  const destinations = new Map<string, { via: ConfigPath; toolId: string }>();
  const routed = new Set<string>();
  for (const t of d.jobs.tools) {
    routed.add(norm(t.id));
    if (isGxitTool(t.id) && !destinations.has(t.destinationId)) {
      destinations.set(t.destinationId, { via: t.path, toolId: t.id });
    }
  }
  const unrouted = panelTools.filter((t) => !routed.has(t.id));
  const first = unrouted[0];
  if (first && !destinations.has(d.jobs.defaultDestination)) {
    destinations.set(d.jobs.defaultDestination, { via: first.path, toolId: first.id });
  }
  return { panelTools, isGxitTool, destinations, unrouted };
}

export function gxitFacts(d: Deployment): GxitFacts {
  return facts(d).gxit;
}

/** Destinations that run interactive tools (routed, or the default destination for unrouted panel tools). */
export function gxitDestinations(d: Deployment): DestinationModel[] {
  const g = gxitFacts(d);
  return d.jobs.destinations.filter((dest) => g.destinations.has(dest.id));
}

/** Whether GxITs are on at all; with interactivetools_enable false the proxy/TLS rules have nothing to say. */
export function interactiveToolsEnabled(d: Deployment): boolean {
  return booleanOption(d, "interactivetools_enable")?.value !== false;
}

/** Destinations whose jobs run in Docker containers started by Galaxy or Pulsar. */
export function dockerDestinations(d: Deployment): DestinationModel[] {
  return d.jobs.destinations.filter(runsDockerLocally);
}

/** `local runner "local"`, for messages. */
export function runnerLabel(dest: DestinationModel): string {
  const kind = dest.runner?.kind ?? "unknown";
  return `${kind === "other" || kind === "cluster" ? "non-Pulsar" : kind} runner "${dest.runnerId}"`;
}

/** Pulsar servers elsewhere: their paths are on another host's filesystem. */
export function isRemotePulsar(dest: DestinationModel): boolean {
  return dest.runner?.kind === "pulsar_rest" || dest.runner?.kind === "pulsar_mq";
}

/**
 * Whether two config texts are the same value: true/false when that can be
 * decided from the config alone, undefined when it depends on what Ansible
 * variables hold. Texts with the same variables in the same places differ
 * exactly when their literal parts differ.
 */
export function sameText(a: Text, b: Text, opts: { caseInsensitive?: boolean } = {}): boolean | undefined {
  const norm = (s: string) => (opts.caseInsensitive ? s.toLowerCase() : s);
  if (norm(textKey(a)) === norm(textKey(b))) return true;
  const va = textParts(a).filter((p) => p.kind === "var").map((p) => (p as { path: string }).path);
  const vb = textParts(b).filter((p) => p.kind === "var").map((p) => (p as { path: string }).path);
  if (va.length === vb.length && va.every((v, i) => v === vb[i])) return false;
  // Equal strings share their literal ends: "postgresql:///x" can never equal "{{ dir }}/map.sqlite".
  const pa = textParts(a);
  const pb = textParts(b);
  const lit = (p: TextPart | undefined) => (p?.kind === "literal" ? norm(p.text) : "");
  const [a0, b0, a1, b1] = [lit(pa[0]), lit(pb[0]), lit(pa[pa.length - 1]), lit(pb[pb.length - 1])];
  if (!a0.startsWith(b0) && !b0.startsWith(a0)) return false;
  if (!a1.endsWith(b1) && !b1.endsWith(a1)) return false;
  return undefined;
}

/**
 * Values of role variables that hand-written trees almost always leave as
 * the GTN tutorial sets them: its group_vars say `galaxy_user: {name: galaxy}`,
 * and galaxyproject.galaxy derives `__galaxy_user_name` from it
 * (defaults/main.yml: `galaxy_user.name | default(galaxy_user)`).
 */
export const KNOWN_VARIABLES: Readonly<Record<string, string>> = {
  "galaxy_user.name": "galaxy",
  __galaxy_user_name: "galaxy",
};

/** A text with a known variable replaced by its known value (other texts unchanged). */
export function resolveKnown(t: Text): { text: Text; resolved: boolean } {
  if (isVarRef(t) && Object.prototype.hasOwnProperty.call(KNOWN_VARIABLES, t.var)) return { text: KNOWN_VARIABLES[t.var]!, resolved: true };
  return { text: t, resolved: false };
}
