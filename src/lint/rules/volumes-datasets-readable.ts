// Read-only is better than read-write, but a GxIT user can still read every
// dataset in the Galaxy server (the tutorial's option 1, rejected in favour
// of Pulsar for dataset privacy).
import { datasetMounts } from "../galaxy/datasets.js";
import { dockerDestinations, globalOtwd, runnerLabel } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-volumes[datasets-readable]",
    severity: "warning",
    description: "A Docker destination mounts Galaxy's dataset store read-only: users can read everybody's datasets.",
    rationale:
      "With the global `outputs_to_working_directory: true`, `$defaults` on non-Pulsar runners mounts " +
      "`$default_file_path` with `default_ro` (read-only for Docker). That stops tampering, but any interactive tool " +
      "user can still read every dataset of every user. An explicit read-only mount of the dataset store has the same effect.",
    fix: "Run interactive tools through the embedded Pulsar runner, which stages only the job's own inputs into the container.",
    messages: {
      defaults: "$defaults on the {{runner}} mounts the whole dataset store read-only ({{bind}}): every user's datasets are readable from the container{{unknown}}",
      explicit: "\"{{volume}}\" mounts the dataset store read-only ({{bind}}): every user's datasets are readable from the container",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          outputs_to_working_directory: true
        jobs:
          runners:
            local: {type: local}
          destinations:
            interactive_local:
              runner: local
              params:
                docker_enabled: true
                docker_volumes: $defaults
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
                docker_volumes: $defaults
                container_monitor_result: callback
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/container_classes.py", "GTN tutorial, 'Securing Interactive Tools' (option 1)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const g = globalOtwd(d);
    for (const dest of dockerDestinations(d)) {
      // Unknown global option: the store is at least readable (and datasets-rw is silent).
      for (const m of datasetMounts(d, dest, g !== false)) {
        if (m.writable) continue;
        const unknown = g === "unknown" && m.origin !== "volume" && m.origin !== "run-args" ? " (read-write if the templated outputs_to_working_directory is false)" : "";
        const messageId = m.origin === "implicit-defaults" || m.origin === "defaults" ? "defaults" : "explicit";
        ctx.report({
          path: m.path,
          messageId,
          ...(m.span ? { span: m.span } : {}),
          subject: `${m.origin}\0${m.raw}\0${m.bind}`,
          data: { destination: dest.id, bind: m.bind, origin: m.origin, runner: runnerLabel(dest), volume: m.raw, unknown },
        });
      }
    }
  },
);
