// Reported by the engine while it applies suppressions.
import { defineDirectiveRule, yaml } from "../meta.js";

export default defineDirectiveRule({
  id: "gxit-lint[unknown-rule]",
  severity: "warning",
  suppressible: false,
  description: "A gxit-lint suppression comment names a rule that does not exist.",
  rationale: "A misspelt rule id suppresses nothing, so the finding it was meant for still fails the lint — or the id was renamed and the comment is stale.",
  fix: "Use an id from `gxit-gen rules` (the message suggests the closest one).",
  messages: {
    unknown: "unknown rule \"{{id}}\" in gxit-lint directive",
    unknownWithGuess: "unknown rule \"{{id}}\" in gxit-lint directive; did you mean \"{{guess}}\"?",
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
                docker_auto_rm: false  # gxit-lint disable=gxit-container[no-remove] -- debugging destination
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
