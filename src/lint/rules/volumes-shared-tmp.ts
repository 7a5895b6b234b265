// A host /tmp (or /var/tmp, /dev/shm) mounted writable into interactive tool
// containers is shared by every user's container and by the host's own
// processes; Galaxy gives each job its own $tmp_directory for this.
import { dockerMounts } from "../galaxy/docker-args.js";
import { gxitDestinations, paramPath, runArgsOf, volumesOf } from "../galaxy/facts.js";
import { isWritableMode, sharedHostDir } from "../galaxy/volumes.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-volumes[shared-tmp]",
    severity: "warning",
    description: "A shared host directory (/tmp, /var/tmp, /dev/shm) is mounted read-write into interactive tool containers.",
    rationale:
      "Interactive tools give their users a shell. A host /tmp mounted read-write is the same directory in every " +
      "user's container and on the job host itself: one user reads another's scratch files (notebooks, uploaded " +
      "data, tokens written by tools), or plants files and symlinks that the next job or a host process trusts. " +
      "Galaxy already gives each job its own scratch space: `$defaults` mounts the per-job `$tmp_directory` " +
      "(inside the job directory, removed with it) at the container's /tmp.",
    fix: "Mount the per-job directory instead: `$tmp_directory:/tmp:rw` (part of `$defaults`), or drop the entry; use `--tmpfs /tmp` in docker_run_extra_arguments for memory-backed scratch.",
    messages: {
      volume: "volume \"{{volume}}\" mounts the host's {{dir}} read-write into the containers of \"{{destination}}\", shared by every user and job",
      runArgs: "{{flag}} mounts the host's {{dir}} read-write into the containers of \"{{destination}}\", shared by every user and job",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_pulsar:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                container_monitor_result: callback
                docker_volumes: $defaults,/tmp:rw
          tools:
            - id: interactive_tool_jupyter_notebook
              destination: interactive_pulsar
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_pulsar:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                container_monitor_result: callback
                docker_volumes: $defaults,$tmp_directory:/tmp:rw
          tools:
            - id: interactive_tool_jupyter_notebook
              destination: interactive_pulsar
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/container_classes.py ($defaults: $tmp_directory:/tmp:rw)", "Filesystem Hierarchy Standard (/tmp, /var/tmp are shared by all users)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of gxitDestinations(d)) {
      if (!dest.dockerEnabled) continue;
      if (dest.params.docker_volumes !== undefined) {
        for (const e of volumesOf(d, dest).entries) {
          const dir = e.parsed && isWritableMode(e.parsed.mode) ? sharedHostDir(e.parsed.source) : undefined;
          if (dir === undefined) continue;
          ctx.report({ path: paramPath(dest, "docker_volumes"), span: e.span, subject: e.raw, messageId: "volume", data: { volume: e.raw, dir, destination: dest.id } });
        }
      }
      for (const m of dockerMounts(runArgsOf(d, dest) ?? { flags: [], positionals: [], operators: [] })) {
        if (m.type !== "bind" || m.readOnly || m.source === undefined || m.flag.dynamic) continue;
        const dir = sharedHostDir(m.source);
        if (dir === undefined) continue;
        ctx.report({
          path: paramPath(dest, "docker_run_extra_arguments"),
          span: [m.flag.start, m.flag.end],
          subject: `${m.flag.written} ${m.flag.value}`,
          messageId: "runArgs",
          data: { flag: `${m.flag.written} ${m.flag.value}`, dir, destination: dest.id },
        });
      }
    }
  },
);
