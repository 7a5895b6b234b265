// Ansible silently ignores a variable no role reads: `gie_proxy_prot: 8800`
// leaves the proxy on its default port and nothing says so.
import { closestMatch } from "../../util/suggest.js";
import { ROLE_VARIABLES } from "../galaxy/role-variables.generated.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-vars[unknown]",
    severity: "warning",
    description: "A variable with a role's prefix (gie_proxy_, certbot_, docker_) is not one the role reads.",
    rationale:
      "Ansible accepts any variable name and a role reads only the names it knows, so a misspelt or outdated role " +
      "variable is silently ignored: the role keeps its default (the proxy on port 8000, no certificate for the GxIT " +
      "wildcard, the Galaxy user outside the docker group). The known names are every variable the real roles read in " +
      "the versions gxit-gen targets (usegalaxy_eu.gie_proxy, usegalaxy_eu.certbot, geerlingguy.docker).",
    fix: "Rename the variable to the one the role reads (the finding suggests the closest), or remove it.",
    messages: {
      unknown: "{{name}} is not a variable of {{role}} (versions {{versions}}); Ansible ignores it",
      unknownWithGuess: "{{name}} is not a variable of {{role}}; did you mean {{guess}}? Ansible ignores it as written",
    },
    examples: {
      kind: "vars",
      problematic: yaml`
        gie_proxy_prot: 8800
        gie_proxy_sessions_path: /srv/galaxy/var/interactivetools_map.sqlite
      `,
      correct: yaml`
        gie_proxy_port: 8800
        gie_proxy_sessions_path: /srv/galaxy/var/interactivetools_map.sqlite
      `,
    },
    sources: ["usegalaxy_eu.gie_proxy, usegalaxy_eu.certbot and geerlingguy.docker: defaults/, tasks/, templates/ (src/lint/galaxy/role-variables.generated.ts)"],
  },
  (ctx) => {
    const vars = (ctx.deployment.config.extra_vars ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(vars)) {
      const prefix = Object.keys(ROLE_VARIABLES).find((p) => name.startsWith(p));
      if (prefix === undefined) continue;
      const known = ROLE_VARIABLES[prefix]!;
      if (known.variables.includes(name)) continue;
      const guess = closestMatch(name, known.variables);
      ctx.report({
        path: ["extra_vars", name],
        at: "key",
        messageId: guess ? "unknownWithGuess" : "unknown",
        data: { name, role: known.role, versions: known.versions.join(", "), guess: guess ?? "" },
      });
    }
  },
);
