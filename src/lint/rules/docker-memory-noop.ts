// docker_memory is only read by the godocker/chronos runners in the Galaxy
// versions we model; local and Pulsar Docker jobs get no -m.
import { dockerDestinations, paramPath } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-docker[memory-noop]",
    severity: "warning",
    description: "docker_memory is set, but Galaxy does not pass it to `docker run` for local or Pulsar jobs.",
    rationale:
      "In the DockerContainer.containerize_command versions read for gxit-gen, `memory` is not handed to " +
      "build_docker_run_command; only the godocker and chronos runners use docker_memory. The limit you see in the " +
      "config is then not enforced, and one interactive tool can exhaust the host's memory. Check your Galaxy version.",
    fix: "Enforce the limit where it works: `docker_run_extra_arguments: --memory 4g` (or a cgroup limit on the job's systemd slice / cluster).",
    messages: {
      memoryNoop: "docker_memory \"{{memory}}\" is not passed to docker run for {{runner}} Docker jobs; the limit is not enforced",
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
                docker_memory: 4G
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
                docker_run_extra_arguments: --memory 4g
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/container_classes.py (DockerContainer.containerize_command)"],
  },
  (ctx) => {
    for (const dest of dockerDestinations(ctx.deployment)) {
      if (dest.params.docker_memory === undefined) continue;
      ctx.report({
        path: paramPath(dest, "docker_memory"),
        messageId: "memoryNoop",
        data: { memory: String(dest.params.docker_memory), runner: dest.runner?.kind ?? "this" },
      });
    }
  },
);
