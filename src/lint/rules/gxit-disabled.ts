// A tree that routes interactive tools and runs their proxy while Galaxy has
// them switched off: the tools appear nowhere and users get no entry points.
import { booleanOption, gxitFacts } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-config[disabled]",
    severity: "warning",
    description: "Interactive tools are configured (routes, proxy) but galaxy.yml's interactivetools_enable is false or unset.",
    rationale:
      "Galaxy starts interactive tools only when `interactivetools_enable: true` (its default is false). Without it, " +
      "the GxIT destinations, the proxy and the wildcard vhost are configured for nothing: jobs of interactive tools are " +
      "refused or never get entry points. It is usually an option that was lost when galaxy.yml options moved (e.g. from " +
      "group_vars to host_vars), or one left off on a new host.",
    fix: "Set `interactivetools_enable: true` in galaxy.yml's options (galaxy_config.galaxy), or remove the GxIT configuration.",
    messages: {
      disabled: "interactive tools are configured (route of {{tool}}) but interactivetools_enable is false",
      unset: "interactive tools are configured (route of {{tool}}) but no file sets interactivetools_enable, and Galaxy's default is false",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          interactivetools:
            enable: false
      `,
      correct: yaml`
        version: 1
        galaxy:
          interactivetools:
            enable: true
      `,
    },
    sources: ["lib/galaxy/config/schemas/config_schema.yml (interactivetools_enable: default false)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const opt = booleanOption(d, "interactivetools_enable");
    if (opt && opt.value !== false) return;
    const route = [...gxitFacts(d).destinations.values()][0];
    if (!route) return;
    const written = d.source.nodeAt(opt?.path ?? []).exact;
    ctx.report(
      written && opt
        ? { path: opt.path, messageId: "disabled", data: { tool: route.toolId } }
        : { path: route.via, messageId: "unset", data: { tool: route.toolId } },
    );
  },
);
