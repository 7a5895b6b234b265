// A pinned role that needs a newer ansible-core than the site runs stops the
// play halfway (geerlingguy.docker 7.8.0 on Debian bookworm's 2.14 fails at
// deb822_repository); --syntax-check and ansible-lint pass, because the
// failing include is dynamic.
import { DEFAULT_ANSIBLE_CORE, compareVersions, minAnsibleVersion } from "../../config/roles.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-ansible[min-version]",
    severity: "error",
    description: "A pinned role needs a newer ansible-core than the one the config says the site runs.",
    rationale:
      "Each role declares min_ansible_version in meta/main.yml; below it, the role uses modules or options the site's " +
      "ansible-core does not have. The play then stops in the middle of that role (geerlingguy.docker 7.8.0 needs 2.15.1 " +
      "and fails at deb822_repository on Debian bookworm's 2.14), after the roles before it changed the host. " +
      "`ansible-playbook --syntax-check` and ansible-lint pass, because the failing tasks are included dynamically.",
    fix: "Pin an older role version that supports your ansible-core, or upgrade ansible-core and set ansible_core to the version you run.",
    messages: {
      tooNew: "{{role}} {{version}} needs ansible-core {{min}} or later, but ansible_core is {{ansibleCore}}",
    },
    examples: {
      problematic: yaml`
        version: 1
        ansible_core: "${DEFAULT_ANSIBLE_CORE}"
        docker:
          role_version: 7.8.0
      `,
      correct: yaml`
        version: 1
        ansible_core: "${DEFAULT_ANSIBLE_CORE}"
        docker:
          role_version: 6.1.0
      `,
    },
    sources: ["meta/main.yml of each role at the pinned tag (min_ansible_version)", "geerlingguy/ansible-role-docker 7.8.0"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const pin of d.pinnedRoles) {
      const min = minAnsibleVersion(pin.name, pin.version);
      if (min === undefined || compareVersions(min, d.ansibleCore) <= 0) continue;
      ctx.report({
        path: pin.path,
        messageId: "tooNew",
        data: { role: pin.name, version: pin.version, min, ansibleCore: d.ansibleCore },
      });
    }
  },
);
