import { docker, ROUTE_ETHERCALC } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

const LOCAL_DEFAULT = [
  "version: 1",
  "jobs:",
  "  runners:",
  "    local: {type: local}",
  "    p: {type: pulsar_embedded}",
  "  default_destination: local",
  "  destinations:",
  "    local: {runner: local}",
  "    gxit: {runner: p, params: {docker_enabled: true, require_container: true}}",
];

ruleTester("gxit-routing[unknown-destination]", {
  valid: [
    docker("pulsar_embedded", [], { tail: ROUTE_ETHERCALC }),
    {
      name: "no default route (EtherCalc → interactive_local) once the destinations are one's own",
      code: docker("pulsar_embedded"),
    },
  ],
  invalid: [
    {
      code: docker("pulsar_embedded", [], { tail: ["  tools:", "    - id: interactive_tool_ethercalc", "      destination: gxitt"] }),
      errors: [{ line: 12, col: 20, endLine: 12, endCol: 25, messageId: "unknownWithGuess", message: 'did you mean "gxit"' }],
    },
    { code: docker("pulsar_embedded", [], { tail: ["  tools:", "    - {id: bwa, destination: cluster}"] }), errors: [{ line: 11, col: 30, endLine: 11, endCol: 37, messageId: "unknown" }] },
  ],
});

ruleTester("gxit-routing[not-docker]", {
  valid: [
    docker("pulsar_embedded", [], { tail: ROUTE_ETHERCALC }),
    { name: "ordinary tools may run anywhere", code: [...LOCAL_DEFAULT, "  tools:", "    - {id: bwa, destination: local}"].join("\n") + "\n" },
  ],
  invalid: [
    {
      code: [...LOCAL_DEFAULT, "  tools:", "    - {id: interactive_tool_jupyter_notebook, destination: local}"].join("\n") + "\n",
      errors: [{ line: 11, col: 60, endLine: 11, endCol: 65, messageId: "notDocker" }],
    },
  ],
});

ruleTester("gxit-routing[unrouted]", {
  valid: [
    [...LOCAL_DEFAULT, "  tools:", "    - {id: interactive_tool_ethercalc, destination: gxit}"].join("\n") + "\n",
    { name: "default destination runs Docker", code: docker("pulsar_embedded") },
  ],
  invalid: [
    {
      name: "gxit-gen's default panel lists EtherCalc: no YAML node, so the document",
      code: [...LOCAL_DEFAULT, "  tools: []"].join("\n") + "\n",
      errors: [{ line: 1, col: 1, endLine: 1, endCol: 1, messageId: "unrouted", message: "interactive_tool_ethercalc" }],
    },
    {
      code: [...LOCAL_DEFAULT, "  tools: []", "tool_conf:", "  sections:", "    - id: it", "      name: IT", "      tools:", "        - interactive/interactivetool_ethercalc.xml", "        - interactive/interactivetool_jupyter_notebook_1.0.1.xml"].join("\n") + "\n",
      errors: [{ line: 16, col: 11, endLine: 16, endCol: 52, messageId: "unrouted" }, { line: 17, col: 11, endLine: 17, endCol: 65, messageId: "unrouted", message: "(tool id interactive_tool_jupyter_notebook)" }],
    },
  ],
});
