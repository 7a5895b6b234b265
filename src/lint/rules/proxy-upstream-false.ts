import { booleanOption, interactiveToolsEnabled } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-proxy[upstream-false]",
    severity: "error",
    description: "interactivetools_upstream_proxy is false: users connect to the GxIT proxy directly (development only).",
    rationale:
      "Galaxy's option docs: interactivetools_upstream_proxy 'should only be set to false in development'. With false, " +
      "Galaxy hands out URLs on the proxy's own port, so users bypass nginx and its TLS — tool sessions and the tokens " +
      "in their URLs travel unencrypted, and the proxy must be exposed to the network.",
    fix: "Remove galaxy.interactivetools.upstream_proxy (Galaxy's default true) and serve tools through the nginx vhost.",
    messages: {
      upstreamFalse: "interactivetools_upstream_proxy is false: users reach the GxIT proxy directly, without nginx and TLS",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          interactivetools:
            upstream_proxy: false
      `,
      correct: yaml`
        version: 1
        galaxy:
          interactivetools:
            upstream_proxy: true
      `,
    },
    sources: ["doc/source/admin/galaxy_options.rst (interactivetools_upstream_proxy)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d)) return;
    const o = booleanOption(d, "interactivetools_upstream_proxy");
    if (o?.value !== false) return;
    ctx.report({ path: o.path, messageId: "upstreamFalse" });
  },
);
