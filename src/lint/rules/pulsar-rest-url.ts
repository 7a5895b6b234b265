// A Pulsar REST destination names the server it sends jobs to.
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-pulsar[rest-url]",
    severity: "error",
    description: "A destination on a Pulsar REST runner does not set url.",
    rationale:
      "Galaxy's Pulsar REST runner posts each job to the Pulsar server the destination's `url` names " +
      "(e.g. https://pulsar.example.org:8913/). Without it Galaxy has nowhere to send the job and it fails at submission. " +
      "Use https: the request carries the private_token and the job's files.",
    fix: "Set `url` in the destination's params to the Pulsar server, e.g. `url: https://pulsar.example.org:8913/`.",
    messages: {
      missing: "destination \"{{destination}}\" uses Pulsar REST runner \"{{runner}}\" without url: Galaxy has no Pulsar server to send its jobs to",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_rest: {type: pulsar_rest}
          destinations:
            remote:
              runner: pulsar_rest
              params:
                private_token: {var: vault_pulsar_private_token}
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_rest: {type: pulsar_rest}
          destinations:
            remote:
              runner: pulsar_rest
              params:
                url: https://pulsar.example.org:8913/
                private_token: {var: vault_pulsar_private_token}
      `,
    },
    sources: ["lib/galaxy/config/sample/job_conf.sample.yml (pulsar_rest destination: url)"],
  },
  (ctx) => {
    for (const dest of ctx.deployment.jobs.destinations) {
      if (dest.runner?.kind !== "pulsar_rest" || dest.params.url !== undefined) continue;
      ctx.report({ path: [...dest.path, "runner"], at: "key", messageId: "missing", data: { destination: dest.id, runner: dest.runnerId } });
    }
  },
);
