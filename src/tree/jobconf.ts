// Galaxy's job configuration in each form a tree writes it — job_conf.xml,
// the YAML job conf (`runners`/`execution`/`tools`), the galaxyproject.galaxy
// role's older `galaxy_jobconf` dict (`plugins`/`destinations` lists) and an
// inline `galaxy_job_config` — read into one located shape. Values are
// already resolved through the variable model.
import { get, str, type LEntry, type LMap, type LValue, type Origin } from "../parse/located.js";
import { attr, attrValue, type XmlElement } from "../parse/xml-tree.js";

export interface JobRunner {
  id: string;
  idOrigin: Origin;
  load: LValue | undefined;
  /** The runner's own worker count, as written (read by the importer). */
  workers?: LValue | undefined;
  /** Runner params (YAML: every key but id/load/workers; XML: <param>). */
  params: LEntry[];
}

export interface JobDestination {
  id: string;
  idOrigin: Origin;
  runner: LValue | undefined;
  params: LEntry[];
  env: Array<{ id: string; value: LValue; origin: Origin }>;
  /** TPV's `tpv_config_files` when the destination is a TPV dispatcher. */
  tpvFiles: LValue[];
  /** Galaxy destination tags (`tags:` list or comma-separated string, XML `tags` attribute). */
  tags: string[];
}

/** One `limits` entry (`<limit type id|tag window>value</limit>` or `{type, value, id|tag, window}`). */
export interface JobConfLimit {
  type: string;
  value: LValue | undefined;
  id?: string;
  tag?: string;
  window?: LValue;
  origin: Origin;
}

export interface JobTool {
  id: string;
  idOrigin: Origin;
  destination: LValue | undefined;
  /** Position among the file's tools. */
  index: number;
}

/** A structural mistake Galaxy would reject or silently ignore. */
export interface JobConfProblem {
  origin: Origin;
  message: string;
}

export interface JobConf {
  file: string;
  runners: JobRunner[];
  destinations: JobDestination[];
  tools: JobTool[];
  defaultDestination: LValue | undefined;
  /** job_conf.xml's `<plugins workers=…>`, as written (read by the importer). */
  workers?: LValue | undefined;
  limits: JobConfLimit[];
  problems: JobConfProblem[];
}

const DESTINATION_KEYS = new Set(["id", "runner", "env", "params", "tags", "resubmit", "inherits", "handler", "source", "container", "container_override"]);

function entries(v: LValue | undefined): LEntry[] {
  return v?.kind === "map" ? v.entries : [];
}

function paramsOf(m: LMap, skip: Set<string>): LEntry[] {
  // YAML job conf: params may be nested under `params:` or written inline next to `runner:`.
  const nested = entries(get(m, "params"));
  return [...m.entries.filter((e) => !skip.has(e.key)), ...nested];
}

/** `env:` as a list of {name, value} (job conf, TPV) or a mapping (TPV). */
export function envOf(v: LValue | undefined): JobDestination["env"] {
  const out: JobDestination["env"] = [];
  if (v?.kind === "seq") {
    for (const item of v.items) {
      const name = str(get(item, "name"));
      const value = get(item, "value");
      if (name !== undefined && value) out.push({ id: name, value, origin: item.origin });
    }
  } else if (v?.kind === "map") {
    for (const e of v.entries) out.push({ id: e.key, value: e.value, origin: e.keyOrigin });
  }
  return out;
}

function tagsOf(v: LValue | undefined): string[] {
  if (v?.kind === "seq") return v.items.map((i) => str(i)).filter((t): t is string => t !== undefined);
  const s = str(v);
  return s === undefined ? [] : s.split(",").map((t) => t.trim()).filter((t) => t !== "");
}

function limitsFromYaml(v: LValue | undefined): JobConfLimit[] {
  const out: JobConfLimit[] = [];
  for (const item of listOf(v)) {
    const type = str(get(item, "type"));
    if (item.kind !== "map" || type === undefined) continue;
    const id = str(get(item, "id"));
    const tag = str(get(item, "tag"));
    const window = get(item, "window");
    out.push({ type, value: get(item, "value"), ...(id !== undefined ? { id } : {}), ...(tag !== undefined ? { tag } : {}), ...(window ? { window } : {}), origin: item.origin });
  }
  return out;
}

function tpvFilesOf(m: LMap): LValue[] {
  const f = get(m, "tpv_config_files") ?? get(get(m, "params"), "tpv_config_files");
  return f?.kind === "seq" ? f.items : f ? [f] : [];
}

/** The YAML job conf (current format) or the role's `galaxy_jobconf` dict. */
export function jobConfFromYaml(file: string, root: LValue): JobConf {
  const out: JobConf = { file, runners: [], destinations: [], tools: [], defaultDestination: undefined, limits: [], problems: [] };
  if (root.kind !== "map") return out;
  out.limits = limitsFromYaml(get(root, "limits"));
  // Current format: runners: {id: {load, ...}}, execution: {default, environments: {id: {runner, ...}}}.
  for (const e of entries(get(root, "runners"))) {
    if (e.value.kind !== "map") continue;
    out.runners.push({ id: e.key, idOrigin: e.keyOrigin, load: get(e.value, "load"), workers: get(e.value, "workers"), params: paramsOf(e.value, new Set(["load", "workers", "params"])) });
  }
  const execution = get(root, "execution");
  for (const e of entries(get(execution, "environments"))) {
    if (e.value.kind !== "map") continue;
    out.destinations.push({
      id: e.key,
      idOrigin: e.keyOrigin,
      runner: get(e.value, "runner"),
      params: paramsOf(e.value, DESTINATION_KEYS),
      env: envOf(get(e.value, "env")),
      tpvFiles: tpvFilesOf(e.value),
      tags: tagsOf(get(e.value, "tags")),
    });
  }
  out.defaultDestination = get(execution, "default");
  // Older dict (galaxyproject.galaxy's galaxy_jobconf): plugins/destinations as lists of {id, ...}.
  for (const item of listOf(get(root, "plugins"))) {
    const id = get(item, "id");
    if (item.kind !== "map" || str(id) === undefined) continue;
    out.runners.push({ id: str(id)!, idOrigin: id!.origin, load: get(item, "load"), workers: get(item, "workers"), params: paramsOf(item, new Set(["id", "load", "workers", "params"])) });
  }
  const dests = get(root, "destinations");
  for (const item of listOf(dests)) {
    const id = get(item, "id");
    if (item.kind !== "map" || str(id) === undefined) continue;
    out.destinations.push({ id: str(id)!, idOrigin: id!.origin, runner: get(item, "runner"), params: paramsOf(item, DESTINATION_KEYS), env: envOf(get(item, "env")), tpvFiles: tpvFilesOf(item), tags: tagsOf(get(item, "tags")) });
  }
  out.defaultDestination ??= get(root, "default_destination");
  listOf(get(root, "tools")).forEach((item, index) => {
    const id = get(item, "id");
    if (item.kind !== "map" || str(id) === undefined) return;
    out.tools.push({ id: str(id)!, idOrigin: id!.origin, destination: get(item, "destination") ?? get(item, "environment"), index });
  });
  return out;
}

function listOf(v: LValue | undefined): LValue[] {
  return v?.kind === "seq" ? v.items : [];
}

function paramEntries(el: XmlElement, problems: JobConfProblem[]): LEntry[] {
  const out: LEntry[] = [];
  for (const c of el.children) {
    if (c.name !== "param") continue;
    const id = attr(c, "id");
    if (!id || typeof id.value !== "string") {
      problems.push({ origin: c.origin, message: `<param> inside <${el.name}> has no id attribute; Galaxy ignores it` });
      continue;
    }
    const value = c.text ?? { kind: "scalar" as const, value: "", origin: { src: c.origin.src, start: c.origin.end, end: c.origin.end }, quoted: true };
    out.push({ key: id.value, keyOrigin: id.origin, value });
  }
  return out;
}

/** job_conf.xml: <plugins><plugin>, <destinations default=…><destination>, <tools><tool>. */
export function jobConfFromXml(file: string, root: XmlElement): JobConf {
  const out: JobConf = { file, runners: [], destinations: [], tools: [], defaultDestination: undefined, limits: [], problems: [] };
  if (root.name !== "job_conf") {
    out.problems.push({ origin: root.origin, message: `the root element is <${root.name}>; a Galaxy job conf starts with <job_conf>` });
    return out;
  }
  const expected: Record<string, string> = { plugins: "plugin", destinations: "destination", tools: "tool", handlers: "handler", limits: "limit", resources: "group", macros: "xml" };
  for (const section of root.children) {
    const child = expected[section.name];
    if (child === undefined) continue;
    for (const c of section.children) {
      if (c.name === child || (section.name === "tools" && c.name === "tool") || (section.name === "macros")) continue;
      if (section.name === "destinations" && c.name === "expand") continue;
      out.problems.push({
        origin: c.origin,
        message: `<${c.name}> inside <${section.name}>: Galaxy expects only <${child}> there, so this element is ignored${c.name === "plugin" ? "; move it into <plugins>" : c.name === "destination" ? "; move it into <destinations>" : ""}`,
      });
    }
  }
  const section = (name: string) => root.children.filter((c) => c.name === name);
  for (const plugins of section("plugins")) {
    out.workers ??= attr(plugins, "workers");
    for (const p of plugins.children.filter((c) => c.name === "plugin")) {
      const id = attr(p, "id");
      if (!id) {
        out.problems.push({ origin: p.origin, message: "<plugin> has no id attribute" });
        continue;
      }
      out.runners.push({ id: String(id.value), idOrigin: id.origin, load: attr(p, "load"), workers: attr(p, "workers"), params: paramEntries(p, out.problems) });
    }
  }
  for (const dests of section("destinations")) {
    if (attr(dests, "default")) out.defaultDestination = attr(dests, "default");
    for (const d of dests.children.filter((c) => c.name === "destination")) {
      const id = attr(d, "id");
      if (!id) {
        out.problems.push({ origin: d.origin, message: "<destination> has no id attribute" });
        continue;
      }
      const env = d.children
        .filter((c) => c.name === "env")
        .flatMap((c) => {
          const name = attrValue(c, "id");
          const value = c.text ?? attr(c, "value");
          return name && value ? [{ id: name, value, origin: c.origin }] : [];
        });
      const params = paramEntries(d, out.problems);
      const tpv = params.find((p) => p.key === "tpv_config_files");
      out.destinations.push({ id: String(id.value), idOrigin: id.origin, runner: attr(d, "runner"), params, env, tpvFiles: tpv ? [tpv.value] : [], tags: tagsOf(attr(d, "tags")) });
    }
  }
  for (const limits of section("limits")) {
    for (const l of limits.children.filter((c) => c.name === "limit")) {
      const type = attrValue(l, "type");
      if (type === undefined) {
        out.problems.push({ origin: l.origin, message: "<limit> has no type attribute; Galaxy ignores it" });
        continue;
      }
      const id = attrValue(l, "id");
      const tag = attrValue(l, "tag");
      const window = attr(l, "window");
      out.limits.push({ type, value: l.text, ...(id !== undefined ? { id } : {}), ...(tag !== undefined ? { tag } : {}), ...(window ? { window } : {}), origin: l.origin });
    }
  }
  let index = 0;
  for (const tools of section("tools")) {
    for (const t of tools.children.filter((c) => c.name === "tool")) {
      const id = attr(t, "id");
      if (!id) continue;
      out.tools.push({ id: String(id.value), idOrigin: id.origin, destination: attr(t, "destination") ?? attr(t, "environment"), index: index++ });
    }
  }
  return out;
}
