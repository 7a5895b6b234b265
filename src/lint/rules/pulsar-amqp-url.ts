// A Pulsar MQ runner talks to Pulsar only through the message broker.
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-pulsar[amqp-url]",
    severity: "error",
    description: "A Pulsar MQ runner (PulsarMQJobRunner) has no amqp_url (nor a pulsar-relay relay_url).",
    rationale:
      "Galaxy's Pulsar MQ runner sends jobs to Pulsar and receives their status through a message broker " +
      "(RabbitMQ): `amqp_url` on the runner names it, e.g. `pyamqp://galaxy:<password>@mq.example.org:5671//pulsar/galaxy?ssl=1`. " +
      "The Pulsar server must consume the same queue (its `message_queue_url`, galaxyproject.pulsar's " +
      "`pulsar_message_queue_url`). Without the URL no job reaches Pulsar; usegalaxy.eu's newer runners use a " +
      "pulsar-relay (`relay_url`) instead, which this rule accepts.",
    fix: "Add `amqp_url` to the runner's params, from the vault: `params: {amqp_url: {var: vault_pulsar_amqp_url}}`, and point the Pulsar server's message_queue_url at the same broker and virtual host.",
    messages: {
      missing: "Pulsar MQ runner \"{{runner}}\" has no amqp_url: its jobs never reach a Pulsar server",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_mq: {type: pulsar_mq}
          destinations:
            remote:
              runner: pulsar_mq
              params:
                jobs_directory: /data/pulsar/staging
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_mq:
              type: pulsar_mq
              params:
                amqp_url: {var: vault_pulsar_amqp_url}
          destinations:
            remote:
              runner: pulsar_mq
              params:
                jobs_directory: /data/pulsar/staging
      `,
    },
    sources: ["lib/galaxy/config/sample/job_conf.sample.yml (pulsar_mq: amqp_url)", "galaxyproject/pulsar docs/galaxy_conf.rst (message queue)"],
  },
  (ctx) => {
    for (const runner of ctx.deployment.jobs.runners) {
      if (runner.kind !== "pulsar_mq") continue;
      const params = (runner.config.params ?? {}) as Record<string, unknown>;
      const set = (k: string) => params[k] !== undefined && params[k] !== null && params[k] !== "";
      if (set("amqp_url") || set("relay_url")) continue;
      ctx.report({ path: [...runner.path, "params", "amqp_url"], messageId: "missing", data: { runner: runner.id } });
    }
  },
);
