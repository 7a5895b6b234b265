// Directive rules run with every rule (they judge suppressions of the others).
import { ConfigSource } from "../../../src/config/source.js";
import { allowableRuleIds } from "../../../src/lint/index.js";
import { parseLintConfig } from "../../../src/lint/lint-config.js";
import { docker } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

const lintConfig = (text: string) => parseLintConfig(ConfigSource.fromText(".gxit-lint.yml", text), allowableRuleIds);

const REASON = " -- debugging destination";

ruleTester("gxit-lint[no-reason]", {
  valid: [
    docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm]${REASON}`]),
    docker("pulsar_embedded", ["docker_auto_rm: false  # an ordinary comment"]),
  ],
  invalid: [
    { code: docker("pulsar_embedded", ["docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm]"]), errors: [{ line: 10, col: 32, endLine: 10, endCol: 73, messageId: "noReason", message: "no reason" }] },
    { name: "an empty reason", code: docker("pulsar_embedded", ["docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm] --   "]), errors: [{ line: 10, col: 32, endLine: 10, endCol: 79, messageId: "noReason" }] },
  ],
});

ruleTester("gxit-lint[unused-suppression]", {
  valid: [
    docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm]${REASON}`]),
    { name: "comment on its own line applies to the next line with content", code: docker("pulsar_embedded", [`# gxit-lint disable=gxit-container[no-rm]${REASON}`, "", "docker_auto_rm: false"]) },
  ],
  invalid: [
    { code: docker("pulsar_embedded", [`docker_auto_rm: true  # gxit-lint disable=gxit-container[no-rm]${REASON}`]), errors: [{ line: 10, col: 51, endLine: 10, endCol: 72, messageId: "unusedDirective" }] },
    {
      name: "one of two ids unused",
      code: docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm], gxit-docker[sudo]${REASON}`]),
      errors: [{ line: 10, col: 75, endLine: 10, endCol: 92, messageId: "unusedDirective", message: "gxit-docker[sudo]" }],
    },
    {
      name: "an allow entry for a destination that reports nothing",
      code: docker("pulsar_embedded", ["docker_net: bridge"]),
      lintConfig: lintConfig("allow:\n  - rule: gxit-net[host]\n    destination: gxit\n    reason: r\n"),
      errors: [{ line: 2, col: 5, endLine: 2, endCol: 5, messageId: "unusedAllowDestination", message: '"gxit"' }],
    },
    {
      name: "an allow entry for a path that reports nothing",
      code: "version: 1\nextra_vars:\n  db_password: {var: vault_db_password}\n",
      lintConfig: lintConfig("allow:\n  - rule: gxit-secrets[plain-text]\n    path: extra_vars.db_password\n    reason: r\n"),
      errors: [{ line: 2, col: 5, endLine: 2, endCol: 5, messageId: "unusedAllowPath", message: "extra_vars.db_password" }],
    },
    { name: "the wrong line", code: docker("pulsar_embedded", [`docker_sudo: false  # gxit-lint disable=gxit-container[no-rm]${REASON}`, "docker_auto_rm: false"]), errors: [{ line: 10, col: 49, endLine: 10, endCol: 70, messageId: "unusedDirective" }] },
  ],
});

ruleTester("gxit-lint[unsuppressible]", {
  valid: [docker("pulsar_embedded", [`docker_net: host  # gxit-lint disable=gxit-net[host]${REASON}`])],
  invalid: [
    {
      code: docker("local", [`docker_volumes: $defaults  # gxit-lint disable=gxit-volumes[datasets-rw]${REASON}`]),
      errors: [{ line: 10, col: 56, endLine: 10, endCol: 81, messageId: "allowlistOnly", message: ".gxit-lint.yml" }],
    },
    {
      name: "a config rule named in a directive",
      code: docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm],gxit-config[schema]${REASON}`]),
      errors: [{ line: 10, col: 74, endLine: 10, endCol: 93, messageId: "configRule" }],
    },
    {
      name: "a directive rule named in a directive",
      code: docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm],gxit-lint[no-reason]${REASON}`]),
      errors: [{ line: 10, col: 74, endLine: 10, endCol: 94, messageId: "directiveRule" }],
    },
  ],
});

ruleTester("gxit-lint[unknown-rule]", {
  valid: [docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm]${REASON}`])],
  invalid: [
    {
      code: docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-remove]${REASON}`]),
      errors: [{ line: 10, col: 52, endLine: 10, endCol: 77, messageId: "unknownWithGuess", message: 'did you mean "gxit-container[no-rm]"' }],
    },
    {
      name: "nothing close to it",
      code: docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm],zzz-qqq${REASON}`]),
      errors: [{ line: 10, col: 74, endLine: 10, endCol: 81, messageId: "unknown" }],
    },
  ],
});

ruleTester("gxit-lint[bad-directive]", {
  valid: [docker("pulsar_embedded", ['docker_run_extra_arguments: "-e X=#gxit-lint"'])],
  invalid: [
    { code: docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint ignore gxit-container[no-rm]${REASON}`]), errors: [{ line: 10, col: 32, endLine: 10, endCol: 97, messageId: "malformed" }] },
    { name: "ids separated by spaces", code: docker("pulsar_embedded", ["docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm] because"]), errors: [{ line: 10, col: 32, endLine: 10, endCol: 81, messageId: "malformed" }] },
  ],
});
