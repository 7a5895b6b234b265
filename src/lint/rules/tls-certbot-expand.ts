import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-tls[certbot-expand]",
    severity: "warning",
    description: "certbot_expand is set in variables; it belongs on the command line, once.",
    rationale:
      "The tutorial adds the wildcard SAN by running the playbook once with `-e certbot_expand=true`. As a group " +
      "variable it makes usegalaxy_eu.certbot force a certificate request on every run (certbot_force_run defaults to " +
      "certbot_expand), which quickly hits Let's Encrypt's rate limits and can leave nginx without a certificate.",
    fix: "Delete certbot_expand from certbot.vars / extra_vars and run `ansible-playbook galaxy.yml -e certbot_expand=true` once when the names change.",
    messages: {
      expandVar: "certbot_expand is a variable here, so every playbook run forces a new certificate request; pass -e certbot_expand=true once instead",
    },
    examples: {
      problematic: yaml`
        version: 1
        certbot:
          dns_provider: rfc2136
          vars:
            certbot_expand: true
      `,
      correct: yaml`
        version: 1
        certbot:
          dns_provider: rfc2136
      `,
    },
    sources: ["GTN tutorial, 'Getting a Wildcard SSL Certificate'", "usegalaxy-eu/ansible-certbot defaults/main.yml"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const places: Array<[readonly string[], Record<string, unknown> | undefined]> = [
      [["certbot", "vars"], d.config.certbot?.vars as Record<string, unknown> | undefined],
      [["extra_vars"], d.config.extra_vars as Record<string, unknown> | undefined],
    ];
    for (const [base, vars] of places) {
      if (!vars || !Object.prototype.hasOwnProperty.call(vars, "certbot_expand")) continue;
      // false is the role default and forces nothing.
      if (vars.certbot_expand === false) continue;
      ctx.report({ path: [...base, "certbot_expand"], at: "key", messageId: "expandVar" });
    }
  },
);
