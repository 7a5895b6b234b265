import { docker, ROUTE_ETHERCALC } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

const PANEL = ["tool_conf:", "  sections:", "    - id: it", "      name: Interactive Tools", "      tools: [interactive/interactivetool_jupyter_notebook.xml]"];

ruleTester("gxit-container[not-required]", {
  valid: [
    docker("pulsar_embedded", ["require_container: true"], { tail: ROUTE_ETHERCALC }),
    {
      name: "no interactive tool routed there (and an empty panel)",
      code: docker("pulsar_embedded", [], { tail: ["  tools:", "    - id: bwa", "      destination: gxit", "tool_conf: {sections: []}"] }),
    },
  ],
  invalid: [
    { code: docker("pulsar_embedded", [], { tail: ROUTE_ETHERCALC }), errors: [{ line: 8, col: 7, endLine: 8, endCol: 13, messageId: "notRequired", message: "interactive_tool_ethercalc" }] },
    { code: docker("pulsar_embedded", ["require_container: false"], { tail: ROUTE_ETHERCALC }), errors: [{ line: 10, col: 28, endLine: 10, endCol: 33, messageId: "notRequired" }] },
    {
      name: "a tool of the interactive tool panel routed by its id",
      code: docker("pulsar_embedded", [], { tail: ["  tools:", "    - id: interactive_tool_jupyter_notebook", "      destination: gxit", ...PANEL] }),
      errors: [{ line: 8, col: 7, endLine: 8, endCol: 13, messageId: "notRequired" }],
    },
    {
      name: "unrouted panel tool lands on the default destination",
      code: docker("pulsar_embedded", [], { tail: PANEL }),
      errors: [{ line: 8, col: 7, endLine: 8, endCol: 13, messageId: "notRequired" }],
    },
  ],
});

ruleTester("gxit-container[no-rm]", {
  valid: [docker("pulsar_embedded", ["docker_auto_rm: true"]), docker("pulsar_embedded")],
  invalid: [{ code: docker("pulsar_embedded", ["docker_auto_rm: false"]), errors: [{ line: 10, col: 25, endLine: 10, endCol: 30, messageId: "noRm" }] }],
});

ruleTester("gxit-container[monitor-off]", {
  valid: [docker("kubernetes", ["container_monitor: false"], { tail: ROUTE_ETHERCALC })],
  invalid: [
    { code: docker("local", ["container_monitor: false"], { tail: ROUTE_ETHERCALC }), errors: [{ line: 10, col: 28, endLine: 10, endCol: 33, messageId: "monitorOff" }] },
    {
      name: "an unrouted panel tool runs on the default destination",
      code: docker("local", ["container_monitor: false"]),
      errors: [{ line: 10, col: 28, endLine: 10, endCol: 33, messageId: "monitorOff" }],
    },
  ],
});
