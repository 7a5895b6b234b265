// An interactive tool runs until the user stops it: without a wall-clock
// limit a forgotten notebook holds a job slot and a node's memory for ever.
import { remoteGxitDestinations, walltimeOf } from "../galaxy/job-hosts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-jobhost[walltime]",
    severity: "warning",
    description: "Interactive tools run on a cluster or remote Pulsar destination with no wall-clock limit.",
    rationale:
      "An interactive tool job ends when the user stops it in Galaxy. Sessions that are forgotten, or whose browser tab " +
      "was closed, keep running: on a cluster each holds a scheduler slot, cores and memory (and the container keeps " +
      "the user's API key in its environment) until someone notices. usegalaxy.org runs its GxITs on a dedicated Slurm " +
      "partition with `--time` defaulting to 6 hours. The scheduler is what enforces it: Slurm's `--time` in the " +
      "destination's nativeSpecification, or, for Pulsar, in submit_native_specification, which Pulsar hands to its " +
      "Slurm or DRMAA manager. Galaxy's own `walltime` limit counts for cluster runners, which Galaxy polls; a Pulsar " +
      "job's run time is counted on the Pulsar side.",
    fix: "Add `limits: {walltime: \"08:00:00\"}` to the destination (gxit-gen writes it as Slurm's --time), or put your scheduler's wall-clock option into its native specification.",
    messages: {
      missing: "destination \"{{destination}}\" runs interactive tools on {{host}} with no wall-clock limit: a forgotten session holds its slot until someone stops it",
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
              limits: {user_concurrent_jobs: 2}
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
      "galaxyproject/usegalaxy-playbook environments.yaml.j2 (gxit partition, --time, default_time 06:00:00)",
      "lib/galaxy/config/sample/job_conf.sample.yml (limits: walltime)",
      "galaxyproject/galaxy#13511 (Slurm + Docker GxIT containers left running)",
    ],
  },
  (ctx) => {
    for (const dest of remoteGxitDestinations(ctx.deployment)) {
      if (walltimeOf(ctx.deployment, dest) !== undefined) continue;
      const host = dest.runner?.kind === "cluster" ? `cluster runner "${dest.runnerId}"` : `remote Pulsar (runner "${dest.runnerId}")`;
      ctx.report({ path: [...dest.path, "runner"], at: "key", messageId: "missing", data: { destination: dest.id, host } });
    }
  },
);
