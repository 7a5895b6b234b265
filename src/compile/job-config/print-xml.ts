// Prints the job-config structure as Galaxy's job_conf.xml (gtn-2020): plugins,
// destinations with their params and env, tool routing. Text goes through
// JinjaRefs, so the result is a template whose references Ansible fills in.
import { isText, type Text } from "../../config/text.js";
import type { JinjaRefs } from "../render/jinja.js";
import { renderXml, type XmlElement } from "../render/xml.js";
import type { JobConfig, JobParamValue } from "./structure.js";

function paramText(refs: JinjaRefs, id: string, value: JobParamValue): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  if (isText(value)) return refs.text(value as Text);
  throw new Error(`job_conf.xml cannot hold the list value of param ${id}; use the gtn-current target`);
}

function param(refs: JinjaRefs, id: string, value: JobParamValue): XmlElement {
  return { name: "param", attributes: { id }, text: paramText(refs, id, value) };
}

export function printJobConfigXml(jc: JobConfig, refs: JinjaRefs, notice: string): string {
  const plugins: XmlElement[] = jc.runners.map((r) => {
    const attributes: Record<string, string> = { id: r.id, type: "runner", load: r.load };
    if (r.workers !== undefined) attributes.workers = String(r.workers);
    return { name: "plugin", attributes, children: r.params.map(([id, v]) => param(refs, id, v)) };
  });
  const withResolvers = jc.environments.find((e) => e.containerResolvers.length > 0);
  if (withResolvers) {
    throw new Error(`job_conf.xml cannot hold container_resolvers of environment ${withResolvers.id}; use the gtn-current target`);
  }
  const destinations: XmlElement[] = jc.environments.map((e) => ({
    name: "destination",
    attributes: { id: e.id, runner: e.runner },
    children: [
      ...e.params.map(([id, v]) => param(refs, id, v)),
      ...e.env.map((x) => ({ name: "env", attributes: { id: x.name }, text: refs.text(x.value) })),
    ],
  }));
  const root: XmlElement = {
    name: "job_conf",
    children: [
      { name: "plugins", attributes: { workers: String(jc.workers) }, children: plugins },
      { name: "destinations", attributes: { default: jc.defaultEnvironment }, children: destinations },
    ],
  };
  if (jc.tools.length > 0) {
    root.children!.push({
      name: "tools",
      children: jc.tools.map((t) => ({ name: "tool", attributes: { id: t.id, destination: t.environment } })),
    });
  }
  if (jc.limits.length > 0) {
    root.children!.push({
      name: "limits",
      children: jc.limits.map((l) => {
        const attributes: Record<string, string> = { type: l.type };
        if (l.id !== undefined) attributes.id = l.id;
        if (l.window !== undefined) attributes.window = String(l.window);
        return { name: "limit", attributes, text: String(l.value) };
      }),
    });
  }
  return renderXml(root, notice);
}
