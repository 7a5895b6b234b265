// The target must fit the Galaxy it is for: Gravity runs gx-it-proxy only
// from 23.0, and the 2020 generation's proxy role cannot serve path-based
// tools on current Galaxy.
import { compareVersion, EP_WILDCARD_SINCE, GRAVITY_PROXY_SINCE } from "../../config/galaxy-version.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-version[target]",
    severity: "error",
    description: "The output target or the proxy runner does not fit galaxy.version.",
    rationale:
      "Gravity gained its gx_it_proxy service with Galaxy 23.0: on an older Galaxy, proxy.role gravity writes settings " +
      "nothing reads and no proxy starts. The gtn-2020 target writes job_conf.xml and usegalaxy_eu.gie_proxy 0.0.2, " +
      "whose command line has no --proxyPathPrefix: on Galaxy 23.2 and later, which links path-based tools under " +
      "/interactivetool/ep, those tools cannot be served, and the current tutorial has moved on (inline job config, Gravity).",
    fix: "On Galaxy 23.2 or later use `target: gtn-current` (`gxit-gen migrate CONFIG --to gtn-current`); before 23.0 use a proxy role, not Gravity.",
    messages: {
      gravityTooOld: "Gravity runs gx-it-proxy only from Galaxy {{since}}, and this config is for Galaxy {{version}}; use proxy.role usegalaxy_eu.gie_proxy or gxit_proxy",
      legacyTarget: "target gtn-2020 (job_conf.xml, usegalaxy_eu.gie_proxy 0.0.2) is the 2020 generation, and Galaxy {{version}} is current: use target gtn-current (gxit-gen migrate)",
    },
    examples: {
      problematic: yaml`
        version: 1
        target: gtn-current
        galaxy:
          version: "22.05"
        proxy:
          role: gravity
      `,
      correct: yaml`
        version: 1
        target: gtn-current
        galaxy:
          version: "24.2"
        proxy:
          role: gravity
      `,
    },
    sources: ["galaxyproject/gravity gravity/settings.py (GxItProxySettings)", "ansible-role-contracts §1.5, §6.6"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const version = d.galaxy.version;
    if (version === undefined) return;
    if (d.proxy.role === "gravity" && compareVersion(version, GRAVITY_PROXY_SINCE) < 0) {
      ctx.report({ path: ["proxy", "role"], messageId: "gravityTooOld", data: { since: GRAVITY_PROXY_SINCE, version: version.text } });
    }
    if (d.target === "gtn-2020" && d.proxy.role === "usegalaxy_eu.gie_proxy" && compareVersion(version, EP_WILDCARD_SINCE) >= 0) {
      ctx.report({ path: ["target"], messageId: "legacyTarget", data: { version: version.text } });
    }
  },
);
