// templates/galaxy/config/job_conf.xml.j2: Galaxy's XML job configuration
// (plugins, destinations with their docker params and env, tool routing), as
// the tutorial writes it, but with pulsar_config as an Ansible variable.
import type { Scalar as ConfigScalar } from "../../schema/config-types.generated.js";
import { isText, type Text } from "../../config/text.js";
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { JinjaRefs } from "../render/jinja.js";
import { renderXml, type XmlElement } from "../render/xml.js";

function paramText(refs: JinjaRefs, value: ConfigScalar | Text): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  if (isText(value)) return refs.text(value);
  throw new Error(`unsupported param value ${JSON.stringify(value)}`);
}

export const jobConfXmlEmitter: Emitter = {
  id: "job-conf-xml",
  description: "Galaxy job_conf.xml template (runners, destinations, tool routing)",
  emit({ deployment, notice }) {
    const refs = new JinjaRefs(deployment.source.text);
    const { jobs } = deployment;

    const plugins: XmlElement[] = jobs.runners.map((r) => {
      const params: XmlElement[] = [];
      if (r.pulsarConfig !== undefined) {
        params.push({ name: "param", attributes: { id: "pulsar_config" }, text: refs.text(r.pulsarConfig) });
      }
      for (const [id, value] of Object.entries(r.config.params ?? {})) {
        params.push({ name: "param", attributes: { id }, text: paramText(refs, value) });
      }
      const attributes: Record<string, string> = { id: r.id, type: "runner", load: r.load };
      if (r.workers !== undefined) attributes.workers = String(r.workers);
      return { name: "plugin", attributes, children: params };
    });

    const destinations: XmlElement[] = jobs.destinations.map((d) => {
      const children: XmlElement[] = [];
      for (const [id, value] of Object.entries(d.params)) {
        if (value === undefined) continue;
        children.push({ name: "param", attributes: { id }, text: paramText(refs, value) });
      }
      for (const [name, value] of Object.entries(d.dockerEnv)) {
        children.push({ name: "param", attributes: { id: `docker_env_${name}` }, text: refs.text(value) });
      }
      for (const e of d.env) {
        children.push({ name: "env", attributes: { id: e.id }, text: refs.text(e.value) });
      }
      return { name: "destination", attributes: { id: d.id, runner: d.runnerId }, children };
    });

    const root: XmlElement = {
      name: "job_conf",
      children: [
        { name: "plugins", attributes: { workers: String(jobs.workers) }, children: plugins },
        { name: "destinations", attributes: { default: jobs.defaultDestination }, children: destinations },
      ],
    };
    if (jobs.tools.length > 0) {
      root.children!.push({
        name: "tools",
        children: jobs.tools.map((t) => ({
          name: "tool",
          attributes: { id: t.id, destination: t.destinationId },
        })),
      });
    }
    return [{ path: OUTPUT_PATHS.jobConf, content: refs.finish(renderXml(root, notice)) }];
  },
};
