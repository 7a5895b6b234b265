// Reported by the front end (config/load.ts) when the config does not match
// schemas/gxit-config.schema.json; lint then runs no other rule on it.
import { defineConfigRule, yaml } from "../meta.js";

export default defineConfigRule("schema", {
  description: "The config does not match the gxit-gen schema (unknown key, wrong type, value out of range).",
  rationale:
    "Every rule and emitter reads the validated, typed config. A misspelt key would otherwise be ignored silently (the " +
    "setting the admin meant never reaches Galaxy), and a wrong type would produce a job configuration Galaxy " +
    "rejects at start-up, on the server, long after the commit.",
  fix: "Change the key or value at the reported position; `gxit-gen schema` prints the schema and docs/config-reference.md describes every key.",
  examples: {
    problematic: yaml`
      version: 1
      proxy:
        prot: 8800
    `,
    correct: yaml`
      version: 1
      proxy:
        port: 8800
    `,
  },
  sources: ["schemas/gxit-config.schema.json", "docs/config-reference.md"],
});
