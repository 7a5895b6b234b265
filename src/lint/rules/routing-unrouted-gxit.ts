// Tools without a route run on the default destination; for an interactive
// tool that is usually a plain local destination.
import { gxitFacts } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-routing[unrouted]",
    severity: "warning",
    description: "An interactive tool in the tool panel has no route, so it would run on the default destination, which is not Docker-enabled.",
    rationale:
      "Galaxy sends tools without a <tool> mapping to the default destination. gxit-gen derives the tool id from the " +
      "wrapper's file name the way Galaxy's shipped wrappers are named (interactivetool_<name>.xml has id " +
      "interactive_tool_<name>); if no route matches, the tool lands on the default destination, usually local without Docker.",
    fix: "Add a jobs.tools entry `{id: interactive_tool_<name>, destination: <docker destination>}` (if the tool's id differs from its file name, route that id).",
    messages: {
      unrouted: "{{file}} (tool id {{tool}}) has no route in jobs.tools; it would run on the default destination \"{{destination}}\", which is not Docker-enabled",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            local: {type: local}
            pulsar_embedded: {type: pulsar_embedded}
          default_destination: local
          destinations:
            local:
              runner: local
            interactive_local:
              runner: pulsar_embedded
              params: {docker_enabled: true, require_container: true}
          tools: []
        tool_conf:
          sections:
            - id: interactivetools
              name: Interactive Tools
              tools: [interactive/interactivetool_ethercalc.xml]
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            local: {type: local}
            pulsar_embedded: {type: pulsar_embedded}
          default_destination: local
          destinations:
            local:
              runner: local
            interactive_local:
              runner: pulsar_embedded
              params: {docker_enabled: true, require_container: true}
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
        tool_conf:
          sections:
            - id: interactivetools
              name: Interactive Tools
              tools: [interactive/interactivetool_ethercalc.xml]
      `,
    },
    sources: ["lib/galaxy/jobs/__init__.py (default destination)", "tools/interactive/interactivetool_*.xml in Galaxy"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const dflt = d.jobs.destinations.find((x) => x.id === d.jobs.defaultDestination);
    if (!dflt || dflt.dockerEnabled) return;
    for (const t of gxitFacts(d).unrouted) {
      ctx.report({
        path: t.path,
        messageId: "unrouted",
        data: { file: t.file, tool: t.id, destination: dflt.id },
      });
    }
  },
);
