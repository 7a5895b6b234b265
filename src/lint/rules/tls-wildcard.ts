// The certificate must carry the exact wildcard host of the tool URLs:
// certificate wildcards cover a single label.
import { isTemplateRef, isVarRef, textKey, type Text } from "../../config/text.js";
import type { ConfigPath } from "../../config/source.js";
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { certCovers, expectedWildcard } from "../galaxy/hosts.js";
import { defineRule, yaml } from "../meta.js";

/** certbot_domains as the role will see it: an override in certbot.vars/extra_vars wins over gxit-gen's list. */
export function effectiveCertNames(d: import("../../config/model.js").Deployment): { names: Text[] | undefined; path: ConfigPath } {
  const overrides: Array<[ConfigPath, unknown]> = [
    [["certbot", "vars", "certbot_domains"], (d.config.certbot?.vars as Record<string, unknown> | undefined)?.certbot_domains],
    [["extra_vars", "certbot_domains"], (d.config.extra_vars as Record<string, unknown> | undefined)?.certbot_domains],
  ];
  for (const [path, v] of overrides) {
    if (v === undefined) continue;
    if (!Array.isArray(v)) return { names: undefined, path };
    const names = v.filter((x): x is Text => typeof x === "string" || isVarRef(x) || isTemplateRef(x));
    return { names: names.length === v.length ? names : undefined, path };
  }
  return { names: d.certbot.domains, path: ["certbot", "domains"] };
}

export default defineRule(
  {
    id: "gxit-tls[wildcard]",
    severity: "error",
    description: "The certificate's names do not include the wildcard host of domain-based interactive tools.",
    rationale:
      "Domain-based tools are served at <key>-<token>.ep.<prefix>.<host> (legacy: …interactivetoolentrypoint…). A " +
      "certificate wildcard covers one label only, so the certificate needs exactly `*.ep.<prefix>.<host>` (or the legacy " +
      "form, matching galaxy.interactivetools.entry_point_style and prefix); browsers reject every tool URL otherwise. " +
      "gxit-gen appends that name to certbot_domains, but a certbot_domains set in certbot.vars or extra_vars replaces the list.",
    fix: "Remove the certbot_domains override and list extra names in certbot.domains, or add the wildcard host to the override.",
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
          vars:
            certbot_domains: [galaxy.example.org]
      `,
      correct: yaml`
        version: 1
        galaxy:
          hostname: galaxy.example.org
        certbot:
          dns_provider: rfc2136
          domains: [galaxy.example.org]
      `,
    },
    sources: ["GTN tutorial, 'Getting a Wildcard SSL Certificate'", "doc/source/admin/special_topics/interactivetools.rst"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d) || !d.certbot.enabled) return;
    const { names, path } = effectiveCertNames(d);
    if (names === undefined) return;
    const host = expectedWildcard(d).host;
    const verdicts = names.map((n) => certCovers(n, host));
    if (verdicts.some((v) => v === true) || !verdicts.every((v) => v === false)) return;
    ctx.report({
      path,
      messageId: "missingWildcard",
      data: { names: names.map(textKey).join(", ") || "none", host: textKey(host) },
    });
  },
);
