// A GxIT wildcard SAN for another entry point style or prefix is a leftover:
// it protects nothing Galaxy serves, and usually means the real one was
// expected to come from it.
import { textKey, type Text } from "../../config/text.js";
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { certCovers, expectedWildcard, gxitWildcardShape } from "../galaxy/hosts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-tls[stale-wildcard]",
    severity: "warning",
    description: "certbot.domains lists an interactive tool wildcard for another entry point style or prefix than Galaxy uses.",
    rationale:
      "Galaxy up to and including 23.1 served tools at *.interactivetoolentrypoint.<prefix>.<host>; from 23.2 it uses " +
      "*.ep.<prefix>.<host>, and the prefix follows interactivetools_prefix. A SAN of the other form covers no tool URL " +
      "(certificate wildcards cover one label), adds a DNS-01 challenge per renewal, and suggests the entry_point_style " +
      "or prefix setting is not what the admin believes.",
    fix: "Remove the stale name from certbot.domains, or set galaxy.interactivetools.entry_point_style / prefix to match your Galaxy.",
    messages: {
      stale: "{{name}} is not the interactive tool wildcard Galaxy uses here ({{host}}); it covers no tool URL",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          hostname: galaxy.example.org
          interactivetools:
            entry_point_style: ep
        certbot:
          dns_provider: rfc2136
          domains:
            - galaxy.example.org
            - "*.interactivetoolentrypoint.interactivetool.galaxy.example.org"
      `,
      correct: yaml`
        version: 1
        galaxy:
          hostname: galaxy.example.org
          interactivetools:
            entry_point_style: ep
        certbot:
          dns_provider: rfc2136
          domains:
            - galaxy.example.org
            - "*.ep.interactivetool.galaxy.example.org"
      `,
    },
    sources: ["galaxyproject/galaxy#16795 (interactivetools_shorten_url removed, .ep form)", "doc/source/admin/special_topics/interactivetools.rst"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d) || !d.certbot.enabled) return;
    const host = expectedWildcard(d).host;
    const listed: Text[] = d.config.certbot?.domains ?? [];
    listed.forEach((name, i) => {
      if (!gxitWildcardShape(name) || certCovers(name, host) !== false) return;
      ctx.report({
        path: ["certbot", "domains", i],
        messageId: "stale",
        data: { name: textKey(name), host: textKey(host) },
      });
    });
  },
);
