import { ruleTester } from "../rule-tester.js";

ruleTester("gxit-ansible[min-version]", {
  valid: [
    "version: 1\n",
    { name: "the site runs a newer ansible-core", code: "version: 1\nansible_core: '2.16'\ndocker:\n  role_version: 7.8.0\n" },
    { name: "a role version gxit-gen knows nothing about", code: "version: 1\nplaybook:\n  roles:\n    - {name: my.role, version: 1.0.0}\n" },
  ],
  invalid: [
    {
      name: "geerlingguy.docker 7.8.0 on Debian bookworm's default 2.14 (the production example before issue #12)",
      code: "version: 1\ndocker:\n  role_version: 7.8.0\n",
      errors: [{ line: 3, col: 17, endLine: 3, endCol: 22, messageId: "tooNew", message: "geerlingguy.docker 7.8.0 needs ansible-core 2.15.1 or later, but ansible_core is 2.14" }],
    },
    {
      name: "galaxyproject.nginx 1.0.2 on 2.10",
      code: "version: 1\nansible_core: '2.10'\nplaybook:\n  roles:\n    - {name: galaxyproject.nginx, version: 1.0.2}\n",
      errors: [{ line: 5, col: 44, endLine: 5, endCol: 49, messageId: "tooNew", message: "needs ansible-core 2.11" }],
    },
  ],
});
