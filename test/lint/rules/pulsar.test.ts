import { docker, ROUTE_ETHERCALC } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

const URL_HEAD = (url: string) => ["galaxy:", `  infrastructure_url: ${url}`];

ruleTester("gxit-pulsar[callback]", {
  valid: [
    docker("pulsar_embedded", ["container_monitor_result: callback"], { tail: ROUTE_ETHERCALC }),
    { name: "file works with the local runner", code: docker("local", [], { tail: ROUTE_ETHERCALC }) },
    { name: "not an interactive tool destination", code: docker("pulsar_rest", [], { tail: ["tool_conf: {sections: []}"] }) },
  ],
  invalid: [
    { name: "unset: points at the destination's runner key", code: docker("pulsar_embedded", [], { tail: ROUTE_ETHERCALC }), errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "unsetResult", message: "unset (file)" }] },
    { code: docker("pulsar_rest", ["container_monitor_result: file"], { tail: ROUTE_ETHERCALC }), errors: [{ line: 10, col: 35, endLine: 10, endCol: 39, messageId: "notCallback", message: '"file"' }] },
  ],
});

ruleTester("gxit-pulsar[infrastructure-url]", {
  valid: [
    docker("pulsar_rest", ["container_monitor_result: callback"]),
    docker("pulsar_rest", ["container_monitor_result: callback"], { head: URL_HEAD("https://galaxy.example.org/") }),
    { name: "no callback, no need", code: docker("pulsar_rest", [], { head: URL_HEAD('""') }) },
    { name: "host from a variable", code: docker("pulsar_rest", ["container_monitor_result: callback"], { head: URL_HEAD("{template: 'https://{{ inventory_hostname }}:8443'}") }) },
    { name: "embedded Pulsar runs on the Galaxy host: localhost is Galaxy", code: docker("pulsar_embedded", ["container_monitor_result: callback"], { head: URL_HEAD("http://localhost:8080") }) },
    { name: "the local runner, URL unset: Galaxy's default reaches gunicorn", code: docker("local", ["container_monitor_result: callback"], { head: URL_HEAD('""') }) },
  ],
  invalid: [
    {
      code: docker("pulsar_rest", ["container_monitor_result: callback"], { head: URL_HEAD("http://localhost:8080") }),
      errors: [{ line: 3, col: 23, endLine: 3, endCol: 44, messageId: "loopback", message: 'container monitor of "gxit" posts from a remote job host' }],
    },
    {
      name: "empty URL: points at each remote callback destination",
      code: docker("pulsar_mq", ["container_monitor_result: callback"], { head: URL_HEAD('""') }),
      errors: [{ line: 12, col: 35, endLine: 12, endCol: 43, messageId: "unset", message: "pulsar_mq runner" }],
    },
    {
      name: "plain http from a remote job host: the job key crosses the network",
      code: docker("pulsar_rest", ["container_monitor_result: callback"], { head: URL_HEAD("{template: 'http://{{ inventory_hostname }}:8080'}") }),
      errors: [{ line: 3, col: 23, endLine: 3, endCol: 73, messageId: "plainHttp", message: '"gxit"' }],
    },
    {
      name: "a loopback address, cluster runner",
      code: docker("slurm", ["container_monitor_result: callback"], { head: URL_HEAD("http://127.0.0.1/") }),
      errors: [{ line: 3, col: 23, endLine: 3, endCol: 40, messageId: "loopback" }],
    },
  ],
});

ruleTester("gxit-pulsar[infrastructure-url-tls]", {
  valid: [
    docker("pulsar_embedded", ["container_monitor_result: callback"]),
    { name: "a remote job host calls back: gxit-pulsar[infrastructure-url] reports it", code: docker("slurm", ["container_monitor_result: callback"], { head: URL_HEAD("http://galaxy.example.org/") }) },
    docker("pulsar_embedded", [], { head: URL_HEAD("http://galaxy.example.org/") }),
  ],
  invalid: [
    {
      code: docker("pulsar_embedded", ["container_monitor_result: callback"], { head: URL_HEAD("{template: 'http://{{ inventory_hostname }}/'}") }),
      errors: [{ line: 3, col: 23, endLine: 3, endCol: 69, messageId: "plainHttp" }],
    },
  ],
});

ruleTester("gxit-pulsar[token]", {
  valid: [
    docker("pulsar_rest", ["private_token: {var: vault_pulsar_token}"]),
    docker("pulsar_embedded"),
    "version: 1\npulsar:\n  private_token: {var: vault_pulsar_token}\n",
  ],
  invalid: [
    { name: "missing on a REST destination", code: docker("pulsar_rest"), errors: [{ line: 8, col: 7, endLine: 8, endCol: 13, messageId: "missing", message: "no private_token" }] },
    { code: docker("pulsar_rest", ["private_token: 123456789changeme"]), errors: [{ line: 10, col: 24, endLine: 10, endCol: 41, messageId: "sample", message: "sample" }] },
    { code: docker("pulsar_embedded", ['private_token: ""']), errors: [{ line: 10, col: 24, endLine: 10, endCol: 26, messageId: "empty", message: "empty" }] },
    { code: "version: 1\npulsar:\n  private_token: changeme\n", errors: [{ line: 3, col: 18, endLine: 3, endCol: 26, messageId: "sample" }] },
  ],
});

ruleTester("gxit-pulsar[queued-python]", {
  valid: [
    docker("pulsar_embedded", [], { tail: [...ROUTE_ETHERCALC, "pulsar:", "  managers:", "    _default_: {type: queued_drmaa}"] }),
    { name: "no interactive tool on embedded Pulsar", code: docker("local", [], { tail: ROUTE_ETHERCALC }) },
  ],
  invalid: [
    {
      code: docker("pulsar_embedded", [], { tail: [...ROUTE_ETHERCALC, "pulsar:", "  managers:", "    _default_: {type: queued_python}"] }),
      errors: [{ line: 15, col: 23, endLine: 15, endCol: 36, messageId: "queued" }],
    },
    { name: "gxit-gen's default manager: points at the runner", code: docker("pulsar_embedded", [], { tail: ROUTE_ETHERCALC }), errors: [{ line: 4, col: 5, endLine: 4, endCol: 6, messageId: "queuedDefault", message: "default" }] },
  ],
});
