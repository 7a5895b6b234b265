// The tutorial's central warning: a Docker destination whose volumes expand
// to the dataset store read-write lets any user of an interactive tool read
// and rewrite every user's datasets.
import { datasetMounts } from "../galaxy/datasets.js";
import { dockerDestinations, globalOtwd, runnerLabel } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-volumes[datasets-rw]",
    severity: "error",
    suppressible: false,
    description: "A Docker destination mounts Galaxy's dataset store read-write into the container.",
    rationale:
      "On every runner except Pulsar, Galaxy expands `$defaults` in docker_volumes to include " +
      "`$default_file_path:rw` — the whole dataset store — unless galaxy.yml's global " +
      "`outputs_to_working_directory` is true (then `default_ro`). Interactive tools are fully user-controlled " +
      "(Jupyter, RStudio), so every GxIT user can read, change and delete every other user's data. " +
      "An explicit `$default_file_path` or dataset path without `:ro`, or a -v/--mount of it in " +
      "docker_run_extra_arguments, does the same. Galaxy keeps one volume per target and later entries win, " +
      "so `$defaults,$default_file_path:ro` is modelled as read-only.",
    fix:
      "Run the destination on the embedded Pulsar runner (`runner: pulsar_embedded`, with " +
      "`container_monitor_result: callback`), which stages inputs and never mounts the dataset store; or at least " +
      "set `galaxy.outputs_to_working_directory: true` (global) so the store is mounted read-only.",
    messages: {
      implicitDefaults: "destination \"{{destination}}\" enables Docker without docker_volumes, so Galaxy uses $defaults, which on the {{runner}} mounts the whole dataset store read-write ({{bind}}){{hint}}",
      defaults: "\"$defaults\" on the {{runner}} expands to {{bind}}: every user's datasets are writable from a container the user controls{{hint}}",
      volume: "volume \"{{volume}}\" mounts the dataset store read-write ({{bind}})",
      runArgs: "docker_run_extra_arguments mounts the dataset store read-write (\"{{volume}}\")",
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
    sources: [
      "lib/galaxy/tool_util/deps/container_classes.py (HasDockerLikeVolumes._expand_volume_str, preprocess_volumes)",
      "GTN tutorial 'Galaxy Interactive Tools', section 'Securing Interactive Tools'",
    ],
  },
  (ctx) => {
    const d = ctx.deployment;
    // With the global option unknown (an Ansible expression), model it as true: a finding then holds either way.
    const otwd = globalOtwd(d) !== false;
    for (const dest of dockerDestinations(d)) {
      const destOnly = dest.params.outputs_to_working_directory === true && globalOtwd(d) !== true;
      const hint = destOnly ? " (outputs_to_working_directory on the destination does not change $defaults; only the global option does)" : "";
      for (const m of datasetMounts(d, dest, otwd)) {
        if (!m.writable) continue;
        const messageId = m.origin === "implicit-defaults" ? "implicitDefaults" : m.origin === "defaults" ? "defaults" : m.origin === "volume" ? "volume" : "runArgs";
        ctx.report({
          path: m.path,
          messageId,
          ...(m.span ? { span: m.span } : {}),
          subject: `${m.origin}\0${m.raw}\0${m.bind}`,
          data: { destination: dest.id, bind: m.bind, origin: m.origin, runner: runnerLabel(dest), volume: m.raw, hint },
        });
      }
    }
  },
);
