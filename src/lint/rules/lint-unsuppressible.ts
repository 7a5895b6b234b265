// Reported by the engine while it applies suppressions.
import { defineDirectiveRule, yaml } from "../meta.js";

export default defineDirectiveRule({
  id: "gxit-lint[unsuppressible]",
  severity: "error",
  suppressible: false,
  description: "A gxit-lint comment tries to suppress a rule that only .gxit-lint.yml can allow.",
  rationale:
    "Writable datasets, the Docker socket and privileged container flags give interactive tool users other users' data " +
    "or the host. Accepting that must be a reviewed, central decision, so these rules ignore inline comments and are " +
    "silenced only by an allow entry in .gxit-lint.yml that names the rule, the destination and a reason.",
  fix: "Remove the comment and add an allow entry to .gxit-lint.yml next to the config: `allow: [{rule: <id>, destination: <id>, reason: <why>}]`.",
  messages: {
    directiveRule: "{{id}} is about gxit-lint comments themselves and cannot be suppressed; fix the comment instead",
    configRule: "{{id}} reports an invalid config, which no comment can accept; fix the config instead",
    allowlistOnly: "{{id}} cannot be suppressed inline; add an allow entry naming the destination and a reason to .gxit-lint.yml",
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
                docker_net: host  # gxit-lint disable=gxit-net[host] -- needed for the license server
                docker_run_extra_arguments: --privileged  # gxit-lint disable=gxit-run-args[privileged] -- GPU access
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
                docker_net: host  # gxit-lint disable=gxit-net[host] -- needed for the license server
    `,
  },
});
