// Directive rules run with every rule (they judge suppressions of the others).
import { docker } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

const REASON = " -- debugging destination";

ruleTester("gxit-lint[no-reason]", {
  valid: [
    docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm]${REASON}`]),
    docker("pulsar_embedded", ["docker_auto_rm: false  # an ordinary comment"]),
  ],
  invalid: [
    { code: docker("pulsar_embedded", ["docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm]"]), errors: [{ line: 10, col: 32, message: "no reason" }] },
    { name: "an empty reason", code: docker("pulsar_embedded", ["docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm] --   "]), errors: [{ line: 10, col: 32 }] },
  ],
});

ruleTester("gxit-lint[unused-suppression]", {
  valid: [
    docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm]${REASON}`]),
    { name: "comment on its own line applies to the next line with content", code: docker("pulsar_embedded", [`# gxit-lint disable=gxit-container[no-rm]${REASON}`, "", "docker_auto_rm: false"]) },
  ],
  invalid: [
    { code: docker("pulsar_embedded", [`docker_auto_rm: true  # gxit-lint disable=gxit-container[no-rm]${REASON}`]), errors: [{ line: 10, col: 51 }] },
    {
      name: "one of two ids unused",
      code: docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm], gxit-docker[sudo]${REASON}`]),
      errors: [{ line: 10, col: 75, message: "gxit-docker[sudo]" }],
    },
    { name: "the wrong line", code: docker("pulsar_embedded", [`docker_sudo: false  # gxit-lint disable=gxit-container[no-rm]${REASON}`, "docker_auto_rm: false"]), errors: [{ line: 10, col: 49 }] },
  ],
});

ruleTester("gxit-lint[unsuppressible]", {
  valid: [docker("pulsar_embedded", [`docker_net: host  # gxit-lint disable=gxit-net[host]${REASON}`])],
  invalid: [
    {
      code: docker("local", [`docker_volumes: $defaults  # gxit-lint disable=gxit-volumes[datasets-rw]${REASON}`]),
      errors: [{ line: 10, col: 56, message: ".gxit-lint.yml" }],
    },
  ],
});

ruleTester("gxit-lint[unknown-rule]", {
  valid: [docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm]${REASON}`])],
  invalid: [
    {
      code: docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint disable=gxit-container[no-remove]${REASON}`]),
      errors: [{ line: 10, col: 52, message: 'did you mean "gxit-container[no-rm]"' }],
    },
  ],
});

ruleTester("gxit-lint[bad-directive]", {
  valid: [docker("pulsar_embedded", ['docker_run_extra_arguments: "-e X=#gxit-lint"'])],
  invalid: [
    { code: docker("pulsar_embedded", [`docker_auto_rm: false  # gxit-lint ignore gxit-container[no-rm]${REASON}`]), errors: [{ line: 10, col: 32 }] },
    { name: "ids separated by spaces", code: docker("pulsar_embedded", ["docker_auto_rm: false  # gxit-lint disable=gxit-container[no-rm] because"]), errors: [{ line: 10, col: 32 }] },
  ],
});
