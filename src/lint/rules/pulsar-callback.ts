// Pulsar jobs run in Pulsar's own job directory, so the default `file` result
// of the container monitor is never read by Galaxy.
import { gxitDestinations, paramPath } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-pulsar[callback]",
    severity: "error",
    description: "An interactive tool destination on a Pulsar runner does not set container_monitor_result: callback.",
    rationale:
      "The container monitor reports the tool's port either by writing container_runtime.json in the job directory " +
      "(`file`, the default) or by calling Galaxy's API (`callback`). Pulsar — embedded or remote — uses its own job " +
      "directory, which Galaxy does not read, so with `file` the proxy map never gets the port and the tool is unreachable.",
    fix: "Add `container_monitor_result: callback` to the destination's params (and set galaxy.infrastructure_url).",
    messages: {
      notCallback: "destination \"{{destination}}\" runs interactive tools on Pulsar runner \"{{runner}}\" with container_monitor_result \"{{result}}\"; Pulsar needs callback or the tool is never reachable",
      unsetResult: "destination \"{{destination}}\" runs interactive tools on Pulsar runner \"{{runner}}\" with container_monitor_result unset (file); Pulsar needs callback or the tool is never reachable",
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
        galaxy:
          infrastructure_url: https://galaxy.example.org/
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                container_monitor_result: callback
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
      `,
    },
    sources: ["GTN tutorial, 'Detail: Infrastructure URL/Callback'", "lib/galaxy/jobs/__init__.py (container_monitor_command)"],
  },
  (ctx) => {
    for (const dest of gxitDestinations(ctx.deployment)) {
      if (!dest.runner?.isPulsar || !dest.dockerEnabled) continue;
      if (dest.params.container_monitor === false || dest.params.container_monitor_result === "callback") continue;
      const set = dest.params.container_monitor_result !== undefined;
      ctx.report({
        path: set ? paramPath(dest, "container_monitor_result") : [...dest.path, "runner"],
        ...(set ? {} : { at: "key" as const }),
        subject: dest.params.container_monitor_result ?? "<default file>",
        messageId: set ? "notCallback" : "unsetResult",
        data: { destination: dest.id, runner: dest.runnerId, result: dest.params.container_monitor_result ?? "file" },
        edit: { path: paramPath(dest, "container_monitor_result"), value: "callback" },
      });
    }
  },
);
