// A user who opens a notebook per tab takes every slot of the GxIT
// partition; Galaxy's per-destination user limit queues the rest.
import { limitId, remoteGxitDestinations, userLimitOf } from "../galaxy/job-hosts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-jobhost[user-limit]",
    severity: "warning",
    description: "Interactive tools run on a cluster or remote Pulsar destination that has no per-user concurrency limit.",
    rationale:
      "Each interactive tool session is a job that holds its slot for as long as it runs. Without a limit one user can " +
      "start sessions until the job hosts are full and every other user's tool waits. Galaxy's job conf limit " +
      "`destination_user_concurrent_jobs` (YAML also spells it `environment_user_concurrent_jobs`) caps the jobs one " +
      "user runs on a destination at once; further jobs stay queued. usegalaxy.org sets 1 for its GxIT environment, " +
      "usegalaxy.eu 2. With TPV the limit names the TPV destination: TPV gives each job its destination's id. A " +
      "site-wide registered_user_concurrent_jobs limit does not single out interactive tools. Note that Galaxy shows a " +
      "job held by a limit as queued (galaxy#21285): tell users.",
    fix: "Add `limits: {user_concurrent_jobs: 2}` to the destination (gxit-gen writes Galaxy's destination_user_concurrent_jobs limit for it).",
    messages: {
      missing: "destination \"{{destination}}\" runs interactive tools on a shared job host with no destination_user_concurrent_jobs limit for \"{{id}}\": one user can take every slot",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            slurm: {type: slurm}
          destinations:
            interactive_slurm:
              runner: slurm
              limits: {walltime: "08:00:00"}
              params:
                docker_enabled: true
                docker_volumes: "$job_directory:ro,$working_directory:rw"
                container_monitor_result: callback
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            slurm: {type: slurm}
          destinations:
            interactive_slurm:
              runner: slurm
              limits: {walltime: "08:00:00", user_concurrent_jobs: 2}
              params:
                docker_enabled: true
                docker_volumes: "$job_directory:ro,$working_directory:rw"
                container_monitor_result: callback
      `,
    },
    sources: [
      "lib/galaxy/config/sample/job_conf.sample.yml (limits: environment_user_concurrent_jobs)",
      "galaxyproject/usegalaxy-playbook env/main/group_vars/galaxyservers/vars.yml (environment_user_concurrent_jobs jetstream2_gxit)",
      "galaxyproject/galaxy#21285 (a limit looks like an endless wait)",
    ],
  },
  (ctx) => {
    for (const dest of remoteGxitDestinations(ctx.deployment)) {
      if (userLimitOf(ctx.deployment, dest) !== undefined) continue;
      ctx.report({ path: [...dest.path, "runner"], at: "key", messageId: "missing", data: { destination: dest.id, id: limitId(dest) } });
    }
  },
);
