// requirements.yml: the external roles with the versions the config pins.
import { Document, YAMLSeq } from "yaml";
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { renderYamlDocument } from "../render/yaml.js";
import { plannedRoles } from "./roles.js";

export const requirementsEmitter: Emitter = {
  id: "requirements",
  description: "role requirements for ansible-galaxy",
  emit({ deployment: d, notice }) {
    const doc = new Document(new YAMLSeq());
    const seq = doc.contents as YAMLSeq;
    for (const role of plannedRoles(d)) {
      if (role.version === undefined) continue;
      seq.items.push(doc.createNode({ src: role.name, version: role.version }));
    }
    return [{ path: OUTPUT_PATHS.requirements, content: renderYamlDocument(doc, notice) }];
  },
};
