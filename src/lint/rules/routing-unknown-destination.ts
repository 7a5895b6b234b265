import { closestMatch } from "../../util/suggest.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-routing[unknown-destination]",
    severity: "error",
    description: "A tool is routed to a destination that jobs.destinations does not define.",
    rationale:
      "Galaxy resolves every <tool destination=…> when it loads the job configuration; an unknown destination id stops " +
      "Galaxy from starting (or, in older versions, fails each job of that tool).",
    fix: "Fix the destination id in jobs.tools, or define the destination under jobs.destinations.",
    messages: {
      unknown: "tool {{tool}} is routed to destination \"{{destination}}\", which is not defined",
      unknownWithGuess: "tool {{tool}} is routed to destination \"{{destination}}\", which is not defined; did you mean \"{{guess}}\"?",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params: {docker_enabled: true, require_container: true}
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_pulsar
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params: {docker_enabled: true, require_container: true}
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
      `,
    },
    sources: ["lib/galaxy/jobs/__init__.py (JobConfiguration)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const ids = d.jobs.destinations.map((x) => x.id);
    for (const t of d.jobs.tools) {
      if (t.destination) continue;
      const guess = closestMatch(t.destinationId, ids);
      ctx.report({
        path: [...t.path, "destination"],
        messageId: guess ? "unknownWithGuess" : "unknown",
        data: { tool: t.id, destination: t.destinationId, guess: guess ?? "" },
      });
    }
  },
);
