// nginx only forwards the interactive tool host names it serves.
import { textKey } from "../../config/text.js";
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { expectedWildcard, nginxCovers } from "../galaxy/hosts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-proxy[server-name]",
    severity: "error",
    description: "The nginx GxIT vhost's server_name does not cover the wildcard host Galaxy hands out for interactive tools.",
    rationale:
      "Galaxy builds domain-based tool URLs as <token>.<entry point>.<prefix>.<host> (legacy: …interactivetoolentrypoint…, " +
      "current: …ep…). nginx routes requests by server_name; a vhost whose server_name does not match those names never " +
      "sees them, and the requests land on the default server (Galaxy itself, or nothing).",
    fix: "Leave nginx.vhost.server_name unset (it defaults to *.<prefix>.<host>) or make it a wildcard above the tools' host names.",
    messages: {
      serverName: "server_name {{serverName}} does not match the interactive tool host names {{host}}",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          hostname: galaxy.example.org
        nginx:
          vhost:
            server_name: "*.gxit.galaxy.example.org"
      `,
      correct: yaml`
        version: 1
        galaxy:
          hostname: galaxy.example.org
        nginx:
          vhost:
            server_name: "*.interactivetool.galaxy.example.org"
      `,
    },
    sources: ["nginx docs: server_name wildcard names", "GTN tutorial, 'Proxying the Proxy'"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d) || !d.source.nodeAt(["nginx", "vhost", "server_name"]).exact) return;
    const expected = expectedWildcard(d);
    if (nginxCovers(d.nginx.serverName, expected.host) !== false) return;
    ctx.report({
      path: ["nginx", "vhost", "server_name"],
      messageId: "serverName",
      data: { serverName: textKey(d.nginx.serverName), host: textKey(expected.host) },
    });
  },
);
