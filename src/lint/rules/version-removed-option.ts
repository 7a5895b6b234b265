// Options Galaxy dropped: galaxy.yml still accepts them, so nothing warns,
// and the admin believes a behaviour is configured that no longer exists.
import { compareVersion, REMOVED_GALAXY_OPTIONS } from "../../config/galaxy-version.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-version[removed-option]",
    severity: "error",
    description: "galaxy.config sets an interactive-tool option that the configured Galaxy release no longer has.",
    rationale:
      "Galaxy ignores options it does not know, so a removed option is silently dead: interactivetools_shorten_url " +
      "went with the *.ep. host form in 23.2 (galaxyproject/galaxy#16795), yet galaxy-helm still sets it. The admin " +
      "keeps tuning, and documenting, a setting that has no effect; `galaxy-config lint` does not list it as dropped. " +
      "The check uses galaxy.version, or assumes a current Galaxy on target gtn-current.",
    fix: "Remove the option from galaxy.config (or set galaxy.version to the release you really run).",
    messages: {
      removed: "{{option}} was removed in Galaxy {{since}} ({{why}}), and this config is for Galaxy {{version}}",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          version: "24.2"
          config:
            interactivetools_shorten_url: true
      `,
      correct: yaml`
        version: 1
        galaxy:
          version: "24.2"
      `,
    },
    sources: ["galaxyproject/galaxy#16795", "admins-problems-and-current-galaxy §2b", "galaxy-helm values.yaml (interactivetools_shorten_url)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const version = d.galaxy.version;
    const options = (d.config.galaxy?.config ?? {}) as Record<string, unknown>;
    for (const [option, removed] of Object.entries(REMOVED_GALAXY_OPTIONS)) {
      if (!Object.prototype.hasOwnProperty.call(options, option)) continue;
      const applies = version !== undefined ? compareVersion(version, removed.since) >= 0 : d.target === "gtn-current";
      if (!applies) continue;
      ctx.report({
        path: ["galaxy", "config", option],
        at: "key",
        messageId: "removed",
        data: { option, since: removed.since, why: removed.why, version: version?.text ?? `${removed.since} or later (target gtn-current)` },
      });
    }
  },
);
