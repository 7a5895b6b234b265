// requirements.yml: every external role the play runs, with the versions the
// config pins (or the defaults for the earlier tutorials' roles).
import { Document, YAMLSeq } from "yaml";
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { renderYamlDocument } from "../render/yaml.js";
import { requiredRoles } from "./roles.js";

export const requirementsEmitter: Emitter = {
  id: "requirements",
  description: "role requirements for ansible-galaxy",
  emit({ deployment: d, notice }) {
    const doc = new Document(new YAMLSeq());
    const seq = doc.contents as YAMLSeq;
    for (const role of requiredRoles(d)) {
      seq.items.push(doc.createNode({ src: role.name, version: role.version }));
    }
    return [{ path: OUTPUT_PATHS.requirements, content: renderYamlDocument(doc, notice) }];
  },
};
