// The container monitor is how Galaxy learns the GxIT's host port; without it
// the proxy map never gets an entry (except on Kubernetes, which reports it
// another way and wants it off).
import { gxitDestinations, paramPath } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-container[monitor-off]",
    severity: "warning",
    description: "container_monitor is false on a non-Kubernetes destination that runs interactive tools.",
    rationale:
      "Galaxy's container monitor reports the container's IP and port, which Galaxy writes into the proxy's sessions map. " +
      "With container_monitor false the tool starts but is never reachable. Galaxy's docs say to turn it off only with " +
      "the Kubernetes runner.",
    fix: "Remove `container_monitor: false` (default true) on Docker destinations.",
    messages: {
      monitorOff: "container_monitor is false on \"{{destination}}\": Galaxy never learns the interactive tool's port, so the proxy cannot route to it",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            local: {type: local}
          destinations:
            interactive_local:
              runner: local
              params:
                docker_enabled: true
                container_monitor: false
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            local: {type: local}
          destinations:
            interactive_local:
              runner: local
              params:
                docker_enabled: true
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
      `,
    },
    sources: ["lib/galaxy/config/sample/job_conf.sample.yml (container_monitor)", "lib/galaxy/jobs/__init__.py (container_monitor_command)"],
  },
  (ctx) => {
    for (const dest of gxitDestinations(ctx.deployment)) {
      if (dest.params.container_monitor !== false || dest.runner?.kind === "kubernetes") continue;
      ctx.report({
        path: paramPath(dest, "container_monitor"),
        messageId: "monitorOff",
        data: { destination: dest.id },
      });
    }
  },
);
