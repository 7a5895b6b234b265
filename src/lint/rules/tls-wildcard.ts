// The certificate must carry the exact wildcard host of the tool URLs:
// certificate wildcards cover a single label. gxit-gen appends that host to
// certbot_domains unless certbot.add_wildcard is false; then the names in
// certbot.domains are the certificate's names, and must cover it.
import { textKey } from "../../config/text.js";
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { certCovers, expectedWildcard } from "../galaxy/hosts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-tls[wildcard]",
    severity: "error",
    description: "certbot.add_wildcard is false and the certificate's names do not include the wildcard host of domain-based interactive tools.",
    rationale:
      "Domain-based tools are served at <key>-<token>.ep.<prefix>.<host> (legacy: …interactivetoolentrypoint…). A " +
      "certificate wildcard covers one label only, so the certificate needs exactly `*.ep.<prefix>.<host>` (or the legacy " +
      "form, matching galaxy.interactivetools.entry_point_style and prefix); browsers reject every tool URL otherwise. " +
      "gxit-gen appends that name to certbot_domains, unless certbot.add_wildcard is false: then certbot.domains is " +
      "the whole list, and a wildcard one label short (`*.interactivetool.<host>`) or for another host is a common slip.",
    fix: "Add the wildcard host from the message to certbot.domains, or remove `add_wildcard: false` so gxit-gen appends it.",
    messages: {
      missingWildcard: "the certificate names ({{names}}) do not include {{host}}, the host name of domain-based interactive tools",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          hostname: galaxy.example.org
        certbot:
          dns_provider: rfc2136
          add_wildcard: false
          domains: [galaxy.example.org, '*.interactivetool.galaxy.example.org']
      `,
      correct: yaml`
        version: 1
        galaxy:
          hostname: galaxy.example.org
        certbot:
          dns_provider: rfc2136
          add_wildcard: false
          domains: [galaxy.example.org, '*.interactivetoolentrypoint.interactivetool.galaxy.example.org']
      `,
    },
    sources: ["GTN tutorial, 'Getting a Wildcard SSL Certificate'", "doc/source/admin/special_topics/interactivetools.rst"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d) || !d.certbot.enabled || d.config.certbot?.add_wildcard !== false) return;
    const names = d.certbot.domains;
    const host = expectedWildcard(d).host;
    const verdicts = names.map((n) => certCovers(n, host));
    // A name from a variable might be the wildcard: only report when every name is known not to cover it.
    if (verdicts.some((v) => v === true) || !verdicts.every((v) => v === false)) return;
    const written = d.source.nodeAt(["certbot", "domains"]).exact;
    ctx.report({
      path: written ? ["certbot", "domains"] : ["certbot", "add_wildcard"],
      messageId: "missingWildcard",
      data: { names: names.map(textKey).join(", ") || "none", host: textKey(host) },
    });
  },
);
