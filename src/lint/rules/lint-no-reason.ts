// Reported by the engine while it applies suppressions (see suppress.ts).
import { defineDirectiveRule, yaml } from "../meta.js";

export default defineDirectiveRule({
  id: "gxit-lint[no-reason]",
  severity: "error",
  suppressible: false,
  description: "A gxit-lint suppression comment gives no reason.",
  rationale:
    "A suppression is a decision to accept a risk; the reason is what a reviewer (or the next admin) reads to judge " +
    "it. Suppressions without one are not applied, and are reported so the gap is visible.",
  fix: "Write the reason after ` -- `: `# gxit-lint disable=<rule-id> -- <why this is acceptable here>`.",
  messages: {
    noReason: "suppression of {{ids}} has no reason; add ` -- <why this is acceptable>`",
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
                docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm]
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
                docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm] -- debugging destination; containers are inspected after failures
    `,
  },
});
