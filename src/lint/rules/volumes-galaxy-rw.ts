// Writable Galaxy code, tool wrappers or reference data let a job change what
// Galaxy itself (and every later job) runs.
import { dockerDestinations, paramPath, volumesOf } from "../galaxy/facts.js";
import { GALAXY_OWNED_VARS, isWritableMode, leadingVar } from "../galaxy/volumes.js";
import { defineRule, yaml } from "../meta.js";

const JOB_DIRECTORY_ROOT = /^\$(?:\{job_directory\}|job_directory)\/?$/;

export default defineRule(
  {
    id: "gxit-volumes[galaxy-rw]",
    severity: "error",
    description: "A Galaxy-owned directory ($galaxy_root, $tool_directory, tool data, the job directory) is mounted writable.",
    rationale:
      "`$defaults` mounts Galaxy's code, the tool's directory, reference data and the job directory `default_ro` on " +
      "purpose: the job directory holds the scripts Galaxy runs after the container exits, and the others are shared by " +
      "every job. A later `:rw` entry for the same target overrides the default (later entries win), letting an " +
      "interactive tool user plant code that runs as the Galaxy user.",
    fix: "Remove the `:rw` override; if a tool needs a writable scratch space, mount a dedicated directory instead.",
    messages: {
      galaxyRw: "volume \"{{volume}}\" makes {{variable}} writable from the container; Galaxy mounts it read-only for a reason",
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
                docker_volumes: $defaults,$tool_directory:rw
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
                docker_volumes: $defaults
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/container_classes.py (_expand_volume_str, preprocess_volumes)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of dockerDestinations(d)) {
      if (dest.params.docker_volumes === undefined) continue;
      for (const v of volumesOf(d, dest).effective) {
        if (v.viaDefaults || !isWritableMode(v.mode)) continue;
        const name = leadingVar(v.source);
        const owned = (name !== undefined && (GALAXY_OWNED_VARS as readonly string[]).includes(name)) || JOB_DIRECTORY_ROOT.test(v.source);
        if (!owned) continue;
        ctx.report({
          path: paramPath(dest, "docker_volumes"),
          span: v.from.span,
          subject: v.from.raw,
          messageId: "galaxyRw",
          data: { volume: v.from.raw, variable: name !== undefined ? `$${name}` : v.source },
        });
      }
    }
  },
);
