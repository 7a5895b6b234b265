// A Pulsar server with no or a sample private_token accepts jobs (i.e.
// arbitrary commands) from anyone who can reach it.
import { literalOf, type Text } from "../../config/text.js";
import { paramPath } from "../galaxy/facts.js";
import { isDefaultSecret } from "../galaxy/secrets.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-pulsar[token]",
    severity: "error",
    description: "A Pulsar private_token is empty, missing for a Pulsar REST destination, or a sample value such as 123456789changeme.",
    rationale:
      "Pulsar's REST API runs whatever job description it receives; private_token is its only authentication " +
      "(app.yml.sample: 'please use this in combination with SSL'). Galaxy's job_conf sample ships `123456789changeme`, " +
      "and sample tokens end up in production. Without a real token anyone who reaches the Pulsar port runs commands as Pulsar's user.",
    fix: "Generate a long random token, store it in the vault and reference it: `private_token: {var: vault_pulsar_private_token}`.",
    messages: {
      missing: "{{owner}} has no private_token: the Pulsar server accepts jobs from anyone who reaches it",
      empty: "{{owner}} has an empty private_token: Pulsar accepts any client",
      sample: "{{owner}} uses the sample private_token \"{{token}}\"",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_rest: {type: pulsar_rest}
          destinations:
            remote_gxit:
              runner: pulsar_rest
              params:
                docker_enabled: true
                url: https://pulsar.example.org:8913/
                private_token: 123456789changeme
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_rest: {type: pulsar_rest}
          destinations:
            remote_gxit:
              runner: pulsar_rest
              params:
                docker_enabled: true
                url: https://pulsar.example.org:8913/
                private_token: {var: vault_pulsar_private_token}
      `,
    },
    sources: ["galaxyproject/pulsar app.yml.sample (private_token)", "lib/galaxy/config/sample/job_conf.sample.yml (123456789changeme)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const check = (token: Text | undefined, path: readonly (string | number)[], required: boolean, owner: string) => {
      if (token === undefined) {
        if (required) ctx.report({ path, messageId: "missing", data: { owner } });
        return;
      }
      const lit = literalOf(token);
      if (lit === undefined) return; // an Ansible variable: cannot tell, and a vault reference is what we want
      if (isDefaultSecret(lit)) {
        ctx.report({
          path,
          messageId: lit.trim() === "" ? "empty" : "sample",
          data: { owner, token: lit },
        });
      }
    };
    for (const dest of d.jobs.destinations) {
      check(dest.params.private_token, paramPath(dest, "private_token"), dest.runner?.kind === "pulsar_rest", `destination "${dest.id}"`);
    }
    check(d.config.pulsar?.private_token, ["pulsar", "private_token"], false, "the embedded Pulsar app");
  },
);
