// The certificate must name the host nginx serves Galaxy (and path-based
// tools) on. A literal galaxy.hostname with certbot_domains left on
// {{ inventory_hostname }} can disagree without anything noticing.
import { textKey } from "../../config/text.js";
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { certCovers } from "../galaxy/hosts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-tls[host-name]",
    severity: "warning",
    description: "The certificate's names may not include galaxy.hostname, the host nginx serves Galaxy and path-based tools on.",
    rationale:
      "nginx serves Galaxy, and path-based interactive tools under /<prefix>/ep/, on galaxy.hostname; the wildcard host " +
      "of domain-based tools is derived from it too. certbot_domains that name a different host (or a variable that " +
      "cannot be shown to be the same, such as {{ inventory_hostname }} next to a literal galaxy.hostname) give a " +
      "certificate browsers reject on Galaxy's own URLs, while the wildcard still looks right.",
    fix: "Leave certbot.domains unset (it defaults to galaxy.hostname), or list galaxy.hostname's exact value first.",
    messages: {
      missingHost: "the certificate names ({{names}}) do not include {{host}}, the host nginx serves Galaxy on",
      unprovenHost:
        "the certificate names ({{names}}) cannot be shown to include {{host}}, the host nginx serves Galaxy on: write them the same way",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          hostname: galaxy.example.org
        certbot:
          dns_provider: rfc2136
          domains:
            - {var: inventory_hostname}
      `,
      correct: yaml`
        version: 1
        galaxy:
          hostname: galaxy.example.org
        certbot:
          dns_provider: rfc2136
      `,
    },
    sources: ["usegalaxy-eu/ansible-certbot tasks/request-cert.yml (-d certbot_domains)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d) || !d.certbot.enabled) return;
    // certbot_domains in certbot.vars / extra_vars is gxit-config[conflict]; the model's names are the certificate's.
    const names = d.certbot.domains;
    const host = d.galaxy.hostname;
    const verdicts = names.map((n) => certCovers(n, host));
    if (verdicts.some((v) => v === true)) return;
    ctx.report({
      path: ["certbot", "domains"],
      messageId: verdicts.every((v) => v === false) ? "missingHost" : "unprovenHost",
      data: { names: names.map(textKey).join(", ") || "none", host: textKey(host) },
    });
  },
);
