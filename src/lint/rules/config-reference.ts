// Reported by the front end (config/normalize.ts) when one section names
// something another section does not define; lint then runs no other rule.
import { defineConfigRule, yaml } from "../meta.js";

export default defineConfigRule("reference", {
  description: "A name refers to something the config does not define (a destination's runner, the default destination, a runner without type).",
  rationale:
    "Galaxy refuses to start with a job configuration whose destination names an undefined runner plugin, or whose " +
    "default destination does not exist; gxit-gen checks the references before it writes job_conf, so the mistake is " +
    "reported at its line instead of in Galaxy's log after a deployment.",
  fix: "Define the named runner or destination, or correct the name (the message suggests the closest one).",
  examples: {
    problematic: yaml`
      version: 1
      jobs:
        runners:
          pulsar_embedded: {type: pulsar_embedded}
        destinations:
          interactive_pulsar:
            runner: pulsar_embeded
    `,
    correct: yaml`
      version: 1
      jobs:
        runners:
          pulsar_embedded: {type: pulsar_embedded}
        destinations:
          interactive_pulsar:
            runner: pulsar_embedded
    `,
  },
  sources: ["lib/galaxy/jobs/__init__.py (JobConfiguration: unknown runner / default destination)"],
});
