// Over a message queue Galaxy cannot ask Pulsar where its job directories
// are: the destination must say it.
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-pulsar[mq-jobs-directory]",
    severity: "error",
    description: "A destination on a Pulsar MQ runner does not set jobs_directory.",
    rationale:
      "A Pulsar REST client asks the Pulsar server for its staging directory before it rewrites the job's paths. Over " +
      "a message queue there is no such request, so the destination must give the Pulsar server's staging directory " +
      "itself: Galaxy's job_conf sample says `jobs_directory` 'is not optional when using message queues'. Without it " +
      "the job's command line points at paths that do not exist on the Pulsar host.",
    fix: "Set `jobs_directory` in the destination's params to the Pulsar server's staging_directory (e.g. /data/pulsar/staging).",
    messages: {
      missing: "destination \"{{destination}}\" uses Pulsar MQ runner \"{{runner}}\" without jobs_directory, which message-queue destinations must set",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_mq:
              type: pulsar_mq
              params: {amqp_url: {var: vault_pulsar_amqp_url}}
          destinations:
            remote:
              runner: pulsar_mq
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_mq:
              type: pulsar_mq
              params: {amqp_url: {var: vault_pulsar_amqp_url}}
          destinations:
            remote:
              runner: pulsar_mq
              params:
                jobs_directory: /data/pulsar/staging
      `,
    },
    sources: ["lib/galaxy/config/sample/job_conf.sample.yml (pulsar_mq_dest: jobs_directory)"],
  },
  (ctx) => {
    for (const dest of ctx.deployment.jobs.destinations) {
      if (dest.runner?.kind !== "pulsar_mq" || dest.params.jobs_directory !== undefined) continue;
      ctx.report({ path: [...dest.path, "runner"], at: "key", messageId: "missing", data: { destination: dest.id, runner: dest.runnerId } });
    }
  },
);
