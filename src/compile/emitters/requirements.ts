// requirements.yml: every external role the play runs, with the versions the
// config pins (or the defaults for the earlier tutorials' roles); with
// proxy.database also the community.postgresql collection (the sessions
// map's database role uses its modules), in the roles:/collections: form
// ansible-galaxy reads for both.
import { Document, YAMLMap, YAMLSeq } from "yaml";
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { renderYamlDocument } from "../render/yaml.js";
import { requiredRoles } from "./roles.js";

export const POSTGRESQL_COLLECTION = "community.postgresql";

export const requirementsEmitter: Emitter = {
  id: "requirements",
  description: "role requirements for ansible-galaxy",
  emit({ deployment: d, notice }) {
    const doc = new Document(new YAMLSeq());
    const seq = doc.contents as YAMLSeq;
    for (const role of requiredRoles(d)) {
      seq.items.push(doc.createNode({ src: role.name, version: role.version }));
    }
    if (d.proxy.database) {
      const top = new YAMLMap();
      top.set("roles", seq);
      top.set("collections", doc.createNode([{ name: POSTGRESQL_COLLECTION, version: d.proxy.database.collectionVersion }]));
      doc.contents = top;
    }
    return [{ path: OUTPUT_PATHS.requirements, content: renderYamlDocument(doc, notice) }];
  },
};
