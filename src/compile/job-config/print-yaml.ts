// Prints the job-config structure as the YAML mapping Galaxy reads from
// galaxy.yml's `job_config` (gtn-current): runners, execution (default and
// environments), tools. It becomes the value of galaxy_job_config in
// group_vars, so strings follow the vars-file rules of render/yaml.ts.
import { type Document, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { isText, type Text } from "../../config/text.js";
import { toVarsNode } from "../render/yaml.js";
import { GALAXY_DEFAULT_WORKERS, type JobConfig, type JobParamValue } from "./structure.js";

function mapOf(entries: Array<[string, Node]>): YAMLMap {
  const map = new YAMLMap();
  for (const [k, v] of entries) map.items.push(new Pair(new Scalar(k), v));
  return map;
}

function value(doc: Document, v: JobParamValue): Node {
  if (Array.isArray(v)) {
    const seq = new YAMLSeq();
    for (const item of v) seq.items.push(toVarsNode(doc, item));
    return seq;
  }
  return toVarsNode(doc, isText(v) ? (v as Text) : v);
}

export function printJobConfigYaml(jc: JobConfig, doc: Document): YAMLMap {
  const runners = jc.runners.map((r): [string, Node] => {
    const entries: Array<[string, Node]> = [["load", value(doc, r.load)]];
    // YAML has no <plugins workers>: a runner without its own count gets the
    // config-wide one, written only when it differs from Galaxy's default.
    const workers = r.workers ?? (jc.workers !== GALAXY_DEFAULT_WORKERS ? jc.workers : undefined);
    if (workers !== undefined) entries.push(["workers", value(doc, workers)]);
    for (const [id, v] of r.params) entries.push([id, value(doc, v)]);
    return [r.id, mapOf(entries)];
  });
  const environments = jc.environments.map((e): [string, Node] => {
    const entries: Array<[string, Node]> = [["runner", value(doc, e.runner)]];
    const params = e.params.map(([id, v]): [string, Node] => [id, value(doc, v)]);
    // A dispatcher's settings are its own keys (as TPV's docs write them);
    // a runner's settings go under params:.
    if (e.runner === "dynamic") entries.push(...params);
    else if (params.length > 0) entries.push(["params", mapOf(params)]);
    if (e.env.length > 0) {
      const env = new YAMLSeq();
      for (const x of e.env) env.items.push(mapOf([["name", value(doc, x.name)], ["value", value(doc, x.value)]]));
      entries.push(["env", env]);
    }
    if (e.containerResolvers.length > 0) {
      const resolvers = new YAMLSeq();
      for (const r of e.containerResolvers) resolvers.items.push(mapOf([["type", value(doc, r.type)]]));
      entries.push(["container_resolvers", resolvers]);
    }
    return [e.id, mapOf(entries)];
  });
  const root: Array<[string, Node]> = [
    ["runners", mapOf(runners)],
    [
      "execution",
      mapOf([
        ["default", value(doc, jc.defaultEnvironment)],
        ["environments", mapOf(environments)],
      ]),
    ],
  ];
  if (jc.tools.length > 0) {
    const tools = new YAMLSeq();
    for (const t of jc.tools) tools.items.push(mapOf([["id", value(doc, t.id)], ["environment", value(doc, t.environment)]]));
    root.push(["tools", tools]);
  }
  if (jc.limits.length > 0) {
    const limits = new YAMLSeq();
    for (const l of jc.limits) {
      const entries: Array<[string, Node]> = [["type", value(doc, l.type)]];
      if (l.id !== undefined) entries.push(["id", value(doc, l.id)]);
      if (l.window !== undefined) entries.push(["window", value(doc, l.window)]);
      entries.push(["value", value(doc, l.value)]);
      limits.items.push(mapOf(entries));
    }
    root.push(["limits", limits]);
  }
  return mapOf(root);
}
