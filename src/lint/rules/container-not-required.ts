// Without require_container, a GxIT whose container cannot be resolved runs
// directly on the job host, unconfined.
import { gxitDestinations, gxitFacts, paramPath } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-container[not-required]",
    severity: "error",
    description: "A destination that runs interactive tools does not set require_container: true.",
    rationale:
      "require_container 'secures the destination to only allow containerized jobs'. Without it, an interactive tool " +
      "whose container cannot be resolved (typo in the image, registry down, resolver misconfigured) falls back to running " +
      "on the job host as the Galaxy user, outside any container, with everything the Galaxy user can touch.",
    fix: "Add `require_container: true` to the destination's params.",
    messages: {
      notRequired: "destination \"{{destination}}\" runs interactive tools ({{tool}}) without require_container: true; a tool whose container cannot be resolved would run unconfined on the host",
    },
    fixable: true,
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params:
                docker_enabled: true
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                require_container: true
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
      `,
    },
    sources: ["lib/galaxy/config/sample/job_conf.sample.yml (require_container)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const g = gxitFacts(d);
    for (const dest of gxitDestinations(d)) {
      if (dest.params.require_container === true) continue;
      const via = g.destinations.get(dest.id)!;
      ctx.report({
        path: paramPath(dest, "require_container"),
        messageId: "notRequired",
        data: { destination: dest.id, tool: via.toolId },
        edit: { path: paramPath(dest, "require_container"), value: true },
      });
    }
  },
);
