// Entries Galaxy's parser rejects make every job on the destination fail.
import { dockerDestinations, paramPath, volumesOf } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-volumes[invalid]",
    severity: "error",
    description: "A docker_volumes entry cannot be parsed by Galaxy (too many parts, an unknown mode, an empty part).",
    rationale:
      "Galaxy's Volume.parse_volume_str accepts `A`, `A:mode`, `A:B` and `A:B:mode` with mode one of rw, ro, default_ro, " +
      "z, Z, and raises for anything else, so every job sent to the destination fails before the container starts.",
    fix: "Write each entry as source[:target][:mode] with mode rw, ro, default_ro, z or Z, separated by commas.",
    messages: {
      invalid: "invalid volume: {{error}}",
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
                docker_volumes: $defaults,/srv/reference:/ref:ro:z
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
                docker_volumes: $defaults,/srv/reference:/ref:ro
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/container_classes.py (Volume.parse_volume_str)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of dockerDestinations(d)) {
      if (dest.params.docker_volumes === undefined) continue;
      for (const e of volumesOf(d, dest).entries) {
        if (e.error === undefined) continue;
        ctx.report({ path: paramPath(dest, "docker_volumes"), span: e.span, subject: e.raw, messageId: "invalid", data: { error: e.error } });
      }
    }
  },
);
