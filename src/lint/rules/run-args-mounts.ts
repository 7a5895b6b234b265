// Mounts in docker_run_extra_arguments escape Galaxy's volume model (and this
// linter's dataset checks, except for literal paths it can resolve).
import { dockerDestinations, paramPath, runArgsOf } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

const MOUNT_FLAGS = new Set(["--volume", "--mount", "--volumes-from"]);

export default defineRule(
  {
    id: "gxit-run-args[mounts]",
    severity: "warning",
    description: "docker_run_extra_arguments mounts volumes (-v, --volume, --mount, --volumes-from) outside docker_volumes.",
    rationale:
      "Galaxy builds the container's binds from docker_volumes, dedupes them by target and applies default_ro; mounts " +
      "added through docker_run_extra_arguments skip all of that (and clash with Galaxy's own -v for the same target). " +
      "Reviewers and this linter look for mounts in docker_volumes.",
    fix: "Move the mount into docker_volumes with an explicit mode, e.g. `docker_volumes: $defaults,/srv/reference:ro`.",
    messages: {
      mount: "{{flag}} mounts outside docker_volumes, bypassing Galaxy's volume handling",
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
              params:
                docker_enabled: true
                docker_run_extra_arguments: -v /srv/reference:/reference
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
                docker_volumes: $defaults,/srv/reference:/reference:ro
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/docker_util.py (build_docker_run_command)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of dockerDestinations(d)) {
      const args = runArgsOf(d, dest);
      if (!args) continue;
      for (const f of args.flags) {
        if (!MOUNT_FLAGS.has(f.name)) continue;
        ctx.report({
          path: paramPath(dest, "docker_run_extra_arguments"),
          span: [f.start, f.end],
          subject: `${f.name}=${f.value ?? ""}`,
          messageId: "mount",
          data: { flag: `${f.written}${f.value !== undefined ? ` ${f.value}` : ""}` },
        });
      }
    }
  },
);
