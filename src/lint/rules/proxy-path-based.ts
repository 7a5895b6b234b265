// Path-based interactive tools need three things to agree: Galaxy links them
// at /<prefix>/ep/... on its own host, Galaxy's vhost forwards that path to
// the proxy, and the proxy strips the same prefix (--proxyPathPrefix).
import { compareVersions } from "../../config/roles.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-proxy[path-based]",
    severity: "error",
    description: "Path-based interactive tools are served, but Galaxy's vhost, the proxy's prefix or the proxy role cannot route them.",
    rationale:
      "Tools whose entry point has requires_domain=\"False\" (RStudio) are linked at https://<galaxy host>/<prefix>/ep/<id>/<token>/. " +
      "Those requests reach Galaxy's own vhost, so it needs `location ~* ^/(<prefix>/.+)$` forwarding to the proxy " +
      "(gxit-gen emits it for galaxy.j2 to include unless nginx.path_based is false); without it Galaxy answers them. " +
      "The proxy must strip exactly /<prefix>/ep (gie_proxy_path_prefix → --proxyPathPrefix), which " +
      "usegalaxy_eu.gie_proxy only passes from 0.1.0 on.",
    fix:
      "Leave nginx.path_based and proxy.path_prefix unset (gxit-gen derives both from the prefix), and pin " +
      "usegalaxy_eu.gie_proxy 0.1.0 or later. If your galaxy.j2 already has the location, suppress this with a reason.",
    messages: {
      noLocation:
        "path-based tools ({{tools}}) are linked at {{prefix}}/ on Galaxy's host, but nginx.path_based is false: Galaxy's vhost must forward them to the proxy",
      prefixMismatch: "proxy.path_prefix is {{configured}}, but Galaxy links path-based tools at {{prefix}}",
      roleTooOld: "usegalaxy_eu.gie_proxy {{version}} does not pass gie_proxy_path_prefix to the proxy (needs 0.1.0 or later)",
    },
    examples: {
      // RStudio in the panel makes path-based routing needed on both targets;
      // the vhost location switched off fires everywhere, 0.0.2 also on gtn-2020.
      problematic: yaml`
        version: 1
        proxy:
          role_version: 0.0.2
        nginx:
          path_based: false
        tool_conf:
          sections:
            - id: interactivetools
              name: Interactive Tools
              tools:
                - interactive/interactivetool_rstudio.xml
      `,
      correct: yaml`
        version: 1
        proxy:
          role_version: 0.1.0
        tool_conf:
          sections:
            - id: interactivetools
              name: Interactive Tools
              tools:
                - interactive/interactivetool_rstudio.xml
      `,
    },
    sources: [
      "GTN tutorial (April 2025), path-based interactive tools",
      "galaxy tools/interactive/interactivetool_rstudio.xml (requires_domain=\"False\")",
      "usegalaxy-eu/ansible-gie-proxy 0.1.0 (gie_proxy_path_prefix)",
    ],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!d.pathBased.needed) return;
    const tools = d.pathBased.tools.map((t) => t.file).join(", ") || "proxy.path_prefix";
    if (!d.nginx.pathBased) {
      ctx.report({ path: ["nginx", "path_based"], messageId: "noLocation", data: { tools, prefix: d.galaxy.pathPrefix } });
    }
    if (d.proxy.pathPrefixExplicit && d.proxy.pathPrefix !== d.galaxy.pathPrefix) {
      ctx.report({
        path: ["proxy", "path_prefix"],
        messageId: "prefixMismatch",
        data: { configured: d.proxy.pathPrefix!, prefix: d.galaxy.pathPrefix },
      });
    }
    const role = d.pinnedRoles.find((r) => r.name === "usegalaxy_eu.gie_proxy");
    if (d.proxy.role === "usegalaxy_eu.gie_proxy" && role && compareVersions(role.version, "0.1.0") < 0) {
      ctx.report({ path: role.path, messageId: "roleTooOld", data: { version: role.version } });
    }
  },
);
