// Reported by the engine while it applies suppressions.
import { defineDirectiveRule, yaml } from "../meta.js";

export default defineDirectiveRule({
  id: "gxit-lint[bad-directive]",
  severity: "error",
  suppressible: false,
  description: "A comment starting with gxit-lint is not a valid directive.",
  rationale:
    "gxit-lint only understands `# gxit-lint disable=<id>[,<id>] -- <reason>`. Anything else (a typo in disable, ids " +
    "separated by spaces, a missing =) would silently suppress nothing.",
  fix: "Write `# gxit-lint disable=<rule-id>[,<rule-id>] -- <reason>`.",
  messages: {
    malformed: "malformed gxit-lint directive: {{problem}}",
  },
  examples: {
    problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            debug_docker:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                docker_auto_rm: false  # gxit-lint ignore gxit-container[no-rm] -- debugging destination
    `,
    correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            debug_docker:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm] -- debugging destination
    `,
  },
});
