// Reported by the engine while it applies suppressions and allowlist entries.
import { defineDirectiveRule, yaml } from "../meta.js";

export default defineDirectiveRule({
  id: "gxit-lint[unused-suppression]",
  severity: "warning",
  suppressible: false,
  description: "A gxit-lint suppression comment or .gxit-lint.yml allow entry silences nothing.",
  rationale:
    "Stale suppressions hide the next problem that appears on the same line or destination, and tell readers a risk " +
    "exists where it no longer does. A suppression applies to findings on its own line (trailing comment) or on the " +
    "next line with content (comment on its own line).",
  fix: "Remove the comment or allow entry (or move it to the line the finding points at).",
  messages: {
    unusedDirective: "unused suppression: {{id}} reports nothing on line {{line}}; remove it",
    unusedAllowDestination: "unused allow entry: {{id}} reports nothing for destination \"{{target}}\" in {{file}}; remove it",
    unusedAllowPath: "unused allow entry: {{id}} reports nothing for path {{target}} in {{file}}; remove it",
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
                docker_auto_rm: true  # gxit-lint disable=gxit-container[no-rm] -- debugging destination
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
                docker_auto_rm: true
    `,
  },
});
