// The wildcard host form is a fact of the Galaxy release: *.ep. from 23.2,
// *.interactivetoolentrypoint. before. A config that declares its Galaxy and
// then chooses the other form gets a certificate and DNS name no tool uses.
import { compareVersion, EP_WILDCARD_SINCE } from "../../config/galaxy-version.js";
import { textKey } from "../../config/text.js";
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-version[wildcard]",
    severity: "error",
    description: "galaxy.interactivetools.entry_point_style contradicts galaxy.version: the certificate and DNS name would not be the ones Galaxy hands out.",
    rationale:
      "Galaxy 23.2 and later link domain-based tools at <key>-<token>.ep.<prefix>.<host>; releases through 23.1 used " +
      "<key>-<token>.interactivetoolentrypoint.<prefix>.<host>. gxit-gen derives the certificate's wildcard SAN and the " +
      "DNS name from entry_point_style, and a certificate wildcard covers one label only: with the other form, every " +
      "tool URL fails TLS (or does not resolve) although the playbook ran cleanly.",
    fix: "Remove galaxy.interactivetools.entry_point_style: galaxy.version picks the right form. Or correct galaxy.version.",
    messages: {
      wrongForm:
        "entry_point_style {{style}} gives {{host}}, but Galaxy {{version}} hands out {{expected}} names ({{rule}}); the certificate would cover no tool URL",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          version: "23.1"
          interactivetools:
            entry_point_style: ep
      `,
      correct: yaml`
        version: 1
        galaxy:
          version: "23.1"
      `,
    },
    sources: ["galaxyproject/galaxy#16795 (the .ep. form, in 23.2)", "ansible-role-contracts §6.5"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const version = d.galaxy.version;
    if (version === undefined || !interactiveToolsEnabled(d)) return;
    const expected = compareVersion(version, EP_WILDCARD_SINCE) >= 0 ? "ep" : "legacy";
    if (d.galaxy.entryPointStyle === expected) return;
    ctx.report({
      path: ["galaxy", "interactivetools", "entry_point_style"],
      messageId: "wrongForm",
      data: {
        style: d.galaxy.entryPointStyle,
        host: textKey(d.wildcardHost),
        version: version.text,
        expected: expected === "ep" ? "*.ep." : "*.interactivetoolentrypoint.",
        rule: expected === "ep" ? `from ${EP_WILDCARD_SINCE}` : `before ${EP_WILDCARD_SINCE}`,
      },
    });
  },
);
