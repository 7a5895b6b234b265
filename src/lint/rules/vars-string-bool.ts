// "false" is a non-empty string: true in every Jinja `{% if %}` a role
// template writes, and a type error or a surprise in Galaxy's own options.
import { ROLE_VARIABLES } from "../galaxy/role-variables.generated.js";
import { defineRule, yaml } from "../meta.js";

/** Galaxy options about interactive tools and datasets that are booleans in galaxy.yml's schema. */
export const GALAXY_BOOLEAN_OPTIONS = [
  "interactivetools_enable",
  "interactivetools_upstream_proxy",
  "interactivetools_shorten_url",
  "outputs_to_working_directory",
  "enable_celery_tasks",
  "require_login",
  "allow_user_impersonation",
] as const;

const BOOL_WORD = /^(?:true|false|yes|no|on|off)$/i;

export default defineRule(
  {
    id: "gxit-vars[string-bool]",
    severity: "warning",
    description: "A boolean role variable or Galaxy option is written as a quoted string (\"false\").",
    rationale:
      "YAML reads `\"false\"` (quoted) as a string. Roles test their booleans in Jinja (`{% if gie_proxy_verbose %}`, " +
      "`when: certbot_auto_renew`), where any non-empty string is true, so `\"false\"` turns the feature on; Galaxy " +
      "validates galaxy.yml options against its schema, which expects a boolean. The value that was meant to switch " +
      "something off leaves it on.",
    fix: "Write the boolean unquoted: `true` or `false`.",
    messages: {
      roleVariable: "{{name}} is a boolean of {{role}} but is written as the string \"{{value}}\"; write {{bool}} unquoted",
      galaxyOption: "Galaxy option {{name}} is a boolean but is written as the string \"{{value}}\"; write {{bool}} unquoted",
    },
    examples: {
      kind: "vars",
      problematic: yaml`
        certbot_auto_renew: "false"
        galaxy_config:
          galaxy:
            interactivetools_enable: "true"
      `,
      correct: yaml`
        certbot_auto_renew: false
        galaxy_config:
          galaxy:
            interactivetools_enable: true
      `,
    },
    sources: ["YAML 1.1/1.2 core schema (quoted scalars are strings)", "lib/galaxy/config/schemas/config_schema.yml (type: bool)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const word = (v: unknown) => (typeof v === "string" && BOOL_WORD.test(v.trim()) ? v : undefined);
    const bool = (v: string) => String(/^(?:true|yes|on)$/i.test(v.trim()));
    const vars = (d.config.extra_vars ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(vars)) {
      const s = word(value);
      if (s === undefined) continue;
      const owner = Object.values(ROLE_VARIABLES).find((r) => r.booleans.includes(name));
      if (!owner) continue;
      ctx.report({ path: ["extra_vars", name], messageId: "roleVariable", data: { name, role: owner.role, value: s, bool: bool(s) } });
    }
    const options = (d.config.galaxy?.config ?? {}) as Record<string, unknown>;
    for (const name of GALAXY_BOOLEAN_OPTIONS) {
      const s = word(options[name]);
      if (s === undefined) continue;
      ctx.report({ path: ["galaxy", "config", name], messageId: "galaxyOption", data: { name, value: s, bool: bool(s) } });
    }
  },
);
