import { gxitFacts } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-routing[not-docker]",
    severity: "error",
    description: "An interactive tool is routed to a destination that is not Docker-enabled.",
    rationale:
      "Interactive tools are Docker-only: Galaxy starts their container, publishes the entry point port and registers it " +
      "with the proxy. On a destination without docker_enabled the tool either fails or — without require_container — runs " +
      "its server directly on the job host as the Galaxy user.",
    fix: "Route the tool to a destination with `docker_enabled: true` (and require_container: true).",
    messages: {
      notDocker: "interactive tool {{tool}} is routed to \"{{destination}}\", which is not Docker-enabled",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            local: {type: local}
          destinations:
            local:
              runner: local
          tools:
            - id: interactive_tool_ethercalc
              destination: local
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            local: {type: local}
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            local:
              runner: local
            interactive_local:
              runner: pulsar_embedded
              params: {docker_enabled: true, require_container: true}
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
      `,
    },
    sources: ["doc/source/admin/special_topics/interactivetools.rst"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const g = gxitFacts(d);
    for (const t of d.jobs.tools) {
      if (!t.destination || t.destination.dockerEnabled || !g.isGxitTool(t.id)) continue;
      ctx.report({
        path: [...t.path, "destination"],
        messageId: "notDocker",
        data: { tool: t.id, destination: t.destinationId },
      });
    }
  },
);
