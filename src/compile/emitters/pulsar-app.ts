// templates/galaxy/config/pulsar_app.yml.j2: the embedded Pulsar app config.
// Emitted only when a pulsar_embedded runner exists.
import { Document, Pair, Scalar, YAMLMap } from "yaml";
import type { Text } from "../../config/text.js";
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { JinjaRefs } from "../render/jinja.js";
import { renderYamlDocument } from "../render/yaml.js";

export const pulsarAppEmitter: Emitter = {
  id: "pulsar-app",
  description: "pulsar_app.yml template for the embedded Pulsar runner",
  emit({ deployment, notice }) {
    if (!deployment.jobs.runners.some((r) => r.kind === "pulsar_embedded")) return [];
    const refs = new JinjaRefs(deployment.source.text);
    const pulsar = deployment.config.pulsar!;
    const doc = new Document(new YAMLMap());
    const root = doc.contents as YAMLMap;
    // In a template the quoting must survive Jinja: text with a reference is
    // always double-quoted, because "{{" would otherwise open a YAML flow map.
    const text = (value: Text): Scalar => {
      const s = new Scalar(refs.text(value));
      s.type = Scalar.QUOTE_DOUBLE;
      return s;
    };
    const add = (key: string, value: Scalar | YAMLMap, comment?: string) => {
      const k = new Scalar(key);
      if (comment) k.commentBefore = ` ${comment}`;
      root.items.push(new Pair(k, value));
    };
    add("staging_directory", text(pulsar.staging_directory!), "The path where per-job directories will be created");
    add("persistence_directory", text(pulsar.persistence_directory!), "Where Pulsar state information will be stored (e.g. currently active jobs)");
    add("tool_dependency_dir", text(pulsar.tool_dependency_dir!), "Where to find Galaxy tool dependencies");
    if (pulsar.private_token !== undefined) {
      add("private_token", text(pulsar.private_token), "Token Pulsar requires of Galaxy");
    }
    const managers = new YAMLMap();
    for (const [name, m] of Object.entries(pulsar.managers!)) {
      managers.items.push(new Pair(new Scalar(name), doc.createNode(m)));
    }
    add("managers", managers, "How to run jobs (see https://pulsar.readthedocs.io/en/latest/job_managers.html)");
    return [{ path: OUTPUT_PATHS.pulsarApp, content: refs.finish(renderYamlDocument(doc, notice)) }];
  },
};
