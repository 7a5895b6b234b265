import { textKey } from "../../config/text.js";
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { expectedWildcard } from "../galaxy/hosts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-tls[external-cert]",
    severity: "note",
    description: "The certificate is managed outside gxit-gen, so it cannot check that it covers the interactive tool wildcard host.",
    rationale:
      "With certbot.enabled false gxit-gen emits no certbot variables and cannot see the certificate nginx serves. " +
      "Domain-based interactive tools need a certificate with the exact wildcard host (*.ep.<prefix>.<host>, or the " +
      "legacy form), or every tool URL fails TLS validation.",
    fix: "Make sure the certificate you provide lists the wildcard host named in the finding (or let gxit-gen manage it with certbot).",
    messages: {
      external: "the certificate is not managed here; make sure it lists {{host}}",
    },
    examples: {
      problematic: yaml`
        version: 1
        certbot:
          enabled: false
      `,
      correct: yaml`
        version: 1
        certbot:
          enabled: true
          dns_provider: rfc2136
      `,
    },
    sources: ["GTN tutorial, 'Getting a Wildcard SSL Certificate'"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d) || d.certbot.enabled) return;
    ctx.report({
      path: ["certbot", "enabled"],
      messageId: "external",
      data: { host: textKey(expectedWildcard(d).host) },
    });
  },
);
