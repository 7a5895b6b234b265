// Galaxy's parse_volume_str turns `A` and `A:B` into read-write binds. An
// explicit mode makes the intent visible in review.
import { dockerDestinations, paramPath, volumesOf } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-volumes[no-mode]",
    severity: "warning",
    description: "A docker_volumes entry has no mode, so Galaxy mounts it read-write.",
    rationale:
      "Galaxy's Volume.parse_volume_str reads `A` as `A:A:rw` and `A:B` as `A:B:rw`: leaving the mode out grants write " +
      "access, which is rarely what an extra mount (reference data, a shared directory) needs.",
    fix: "Append `:ro` to the entry (or `:rw` if the tool really must write there).",
    messages: {
      noMode: "volume \"{{volume}}\" has no mode; Galaxy mounts it read-write ({{bind}})",
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
                docker_volumes: $defaults,/srv/reference
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
                docker_volumes: $defaults,/srv/reference:ro
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/container_classes.py (Volume.parse_volume_str)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of dockerDestinations(d)) {
      if (dest.params.docker_volumes === undefined) continue;
      for (const e of volumesOf(d, dest).entries) {
        if (!e.parsed || e.parsed.explicitMode) continue;
        ctx.report({
          path: paramPath(dest, "docker_volumes"),
          span: e.span,
          subject: e.raw,
          messageId: "noMode",
          data: { volume: e.raw, bind: `${e.parsed.source}:${e.parsed.target}:rw` },
        });
      }
    }
  },
);
