// Reported by the front end (config/conflicts.ts) when a pass-through section
// sets what gxit-gen already writes from its own settings.
import { defineConfigRule, yaml } from "../meta.js";

export default defineConfigRule("conflict", {
  description: "galaxy.config, certbot.vars or extra_vars sets a variable or option that gxit-gen writes from its own setting.",
  rationale:
    "gxit-gen writes docker_users, certbot_domains, galaxy_config and the GxIT options of galaxy.yml from their own " +
    "keys, and its lint rules check those keys. The same name set again through a pass-through section would either " +
    "replace the generated value (so the rules checked a value Galaxy never sees) or be dropped; both are refused, at " +
    "the key that repeats it.",
  fix: "Remove the repeated key and set the value through the section the message names (e.g. docker.users instead of extra_vars.docker_users).",
  examples: {
    problematic: yaml`
      version: 1
      extra_vars:
        docker_users: [galaxy, ubuntu]
    `,
    correct: yaml`
      version: 1
      docker:
        users: [galaxy, ubuntu]
    `,
  },
  sources: ["docs/config-reference.md (the pass-through sections)"],
});
