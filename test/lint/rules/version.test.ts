import { ruleTester } from "../rule-tester.js";

ruleTester("gxit-version[wildcard]", {
  valid: [
    "version: 1\n",
    { name: "no version: nothing to contradict", code: "version: 1\ngalaxy:\n  interactivetools: {entry_point_style: legacy}\n" },
    'version: 1\ngalaxy:\n  version: "24.2"\n',
    'version: 1\ngalaxy:\n  version: "23.1"\n  interactivetools: {entry_point_style: legacy}\n',
    'version: 1\ntarget: gtn-current\ngalaxy:\n  version: "25.0"\n',
    { name: "tools off", code: 'version: 1\ngalaxy:\n  version: "24.2"\n  interactivetools: {enable: false, entry_point_style: legacy}\n' },
  ],
  invalid: [
    {
      code: 'version: 1\ngalaxy:\n  version: "24.2"\n  interactivetools:\n    entry_point_style: legacy\n',
      errors: [{ line: 5, col: 24, endLine: 5, endCol: 30, messageId: "wrongForm", data: { expected: "*.ep." }, message: "Galaxy 24.2 hands out *.ep. names (from 23.2)" }],
    },
    {
      name: "ep on a Galaxy before 23.2",
      code: 'version: 1\ntarget: gtn-current\ngalaxy:\n  version: "23.1"\n  interactivetools:\n    entry_point_style: ep\n',
      errors: [{ line: 6, col: 24, endLine: 6, endCol: 26, messageId: "wrongForm", message: "*.interactivetoolentrypoint. names (before 23.2)" }],
    },
  ],
});

ruleTester("gxit-version[removed-option]", {
  valid: [
    "version: 1\n",
    { name: "before the removal", code: 'version: 1\ngalaxy:\n  version: "23.1"\n  config:\n    interactivetools_shorten_url: true\n' },
    { name: "gtn-2020 without a version: cannot tell", code: "version: 1\ngalaxy:\n  config:\n    interactivetools_shorten_url: true\n" },
  ],
  invalid: [
    {
      code: 'version: 1\ngalaxy:\n  version: "24.2"\n  config:\n    interactivetools_shorten_url: true\n',
      errors: [{ line: 5, col: 5, endLine: 5, endCol: 33, messageId: "removed", data: { option: "interactivetools_shorten_url", since: "23.2" } }],
    },
    {
      name: "gtn-current without a version: a current Galaxy",
      code: "version: 1\ntarget: gtn-current\ngalaxy:\n  config:\n    interactivetools_shorten_url: false\n",
      errors: [{ line: 5, col: 5, endLine: 5, endCol: 33, messageId: "removed", message: "(target gtn-current)" }],
    },
  ],
});

ruleTester("gxit-version[target]", {
  valid: [
    "version: 1\n",
    'version: 1\ngalaxy:\n  version: "23.0"\n',
    { name: "the bundled role serves path-based tools", code: 'version: 1\ngalaxy:\n  version: "24.2"\nproxy:\n  role: gxit_proxy\n' },
    'version: 1\ntarget: gtn-current\ngalaxy:\n  version: "23.0"\n',
    { name: "a role on an old Galaxy", code: 'version: 1\ntarget: gtn-current\ngalaxy:\n  version: "22.05"\nproxy:\n  role: usegalaxy_eu.gie_proxy\n' },
  ],
  invalid: [
    {
      code: 'version: 1\ntarget: gtn-2020\ngalaxy:\n  version: "24.2"\n',
      errors: [{ line: 2, col: 9, endLine: 2, endCol: 17, messageId: "legacyTarget", data: { version: "24.2" } }],
    },
    {
      code: 'version: 1\ntarget: gtn-current\ngalaxy:\n  version: "22.05"\n',
      errors: [{ line: 1, col: 1, endLine: 1, endCol: 1, messageId: "gravityTooOld", message: "only from Galaxy 23.0" }],
    },
  ],
});
