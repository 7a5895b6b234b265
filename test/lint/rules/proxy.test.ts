import { ruleTester } from "../rule-tester.js";

ruleTester("gxit-proxy[upstream-port]", {
  valid: [
    "version: 1\n",
    "version: 1\nproxy:\n  port: 8001\nnginx:\n  vhost:\n    upstream_port: 8001\n",
    "version: 1\nnginx:\n  vhost:\n    upstream_port: 8000\n",
    "version: 1\nnginx:\n  vhost:\n    upstream_port: {var: my_port}\n",
  ],
  invalid: [
    { code: "version: 1\nproxy:\n  port: 8001\nnginx:\n  vhost:\n    upstream_port: 8000\n", errors: [{ line: 6, col: 20, endLine: 6, endCol: 24, messageId: "portMismatch", message: "listens on 8001" }] },
    { code: "version: 1\nnginx:\n  vhost:\n    upstream_port: 4002\n", errors: [{ line: 4, col: 20, endLine: 4, endCol: 24, messageId: "portMismatchDefault", message: "8000 (role default)" }] },
  ],
});

ruleTester("gxit-proxy[map-mismatch]", {
  valid: [
    "version: 1\n",
    "version: 1\ngalaxy:\n  interactivetools:\n    map: {var: gie_proxy_sessions_path}\n",
    "version: 1\ngalaxy:\n  interactivetools:\n    map: /x/map.sqlite\nproxy:\n  sessions_path: /x/map.sqlite\n",
    { name: "different variables: cannot tell", code: "version: 1\ngalaxy:\n  interactivetools:\n    map: {var: my_map}\n" },
    "version: 1\ngalaxy:\n  config:\n    interactivetoolsproxy_map: postgresql:///gxitproxy\nproxy:\n  sessions_path: postgresql:///gxitproxy\n",
  ],
  invalid: [
    { code: "version: 1\ngalaxy:\n  interactivetools:\n    map: /x/a.sqlite\nproxy:\n  sessions_path: /x/b.sqlite\n", errors: [{ line: 4, col: 10, endLine: 4, endCol: 21, messageId: "sessionsMap" }] },
    {
      name: "same variable, different file",
      code: 'version: 1\ngalaxy:\n  interactivetools:\n    map: {template: "{{ galaxy_mutable_data_dir }}/map.sqlite"}\n',
      errors: [{ line: 4, col: 10, endLine: 4, endCol: 64, messageId: "sessionsMap", message: "interactivetools_map.sqlite" }],
    },
    {
      name: "interactivetoolsproxy_map replaces the file map",
      code: "version: 1\ngalaxy:\n  config:\n    interactivetoolsproxy_map: postgresql:///gxitproxy\n",
      errors: [{ line: 4, col: 32, endLine: 4, endCol: 55, messageId: "proxyMap", message: "replaces interactivetools_map" }],
    },
  ],
});

ruleTester("gxit-proxy[upstream-false]", {
  valid: ["version: 1\n", "version: 1\ngalaxy:\n  interactivetools:\n    upstream_proxy: true\n", "version: 1\ngalaxy:\n  interactivetools:\n    enable: false\n    upstream_proxy: false\n"],
  invalid: [
    { code: "version: 1\ngalaxy:\n  interactivetools:\n    upstream_proxy: false\n", errors: [{ line: 4, col: 21, endLine: 4, endCol: 26, messageId: "upstreamFalse" }] },
    { code: "version: 1\ngalaxy:\n  config:\n    interactivetools_upstream_proxy: 'False'\n", errors: [{ line: 4, col: 38, endLine: 4, endCol: 45, messageId: "upstreamFalse" }] },
  ],
});

ruleTester("gxit-proxy[map-shared-db]", {
  valid: ["version: 1\ngalaxy:\n  config:\n    database_connection: postgresql:///galaxy\n    interactivetoolsproxy_map: postgresql:///gxitproxy\n"],
  invalid: [
    {
      code: "version: 1\ngalaxy:\n  config:\n    install_database_connection: postgresql://DB/galaxy/\n    interactivetoolsproxy_map: postgresql://db/galaxy\n",
      errors: [{ line: 5, col: 32, endLine: 5, endCol: 54, messageId: "sharedDb", message: "install_database_connection" }],
    },
  ],
});

ruleTester("gxit-proxy[server-name]", {
  valid: [
    "version: 1\n",
    "version: 1\ngalaxy:\n  hostname: g.example.org\nnginx:\n  vhost:\n    server_name: '*.example.org'\n",
    { name: "several names, one of them covering the host", code: "version: 1\ngalaxy:\n  hostname: g.example.org\nnginx:\n  vhost:\n    server_name: 'gxit.example.org *.example.org'\n" },
    { name: "different variables", code: "version: 1\nnginx:\n  vhost:\n    server_name: {template: '*.interactivetool.{{ gxit_host }}'}\n" },
  ],
  invalid: [
    { code: "version: 1\ngalaxy:\n  hostname: g.example.org\nnginx:\n  vhost:\n    server_name: '*.gxit.g.example.org'\n", errors: [{ line: 6, col: 18, endLine: 6, endCol: 40, messageId: "serverName" }] },
    {
      name: "prefix changed, server_name not",
      code: "version: 1\ngalaxy:\n  interactivetools:\n    prefix: it\nnginx:\n  vhost:\n    server_name: {template: '*.interactivetool.{{ inventory_hostname }}'}\n",
      errors: [{ line: 7, col: 18, endLine: 7, endCol: 74, messageId: "serverName", message: "*.interactivetoolentrypoint.it.{{ inventory_hostname }}" }],
    },
  ],
});

const RSTUDIO = "tool_conf:\n  sections:\n    - id: it\n      name: IT\n      tools: [interactive/interactivetool_rstudio.xml]\n";

ruleTester("gxit-proxy[path-based]", {
  valid: [
    "version: 1\n",
    { name: "RStudio with the derived prefix, the emitted location and gie_proxy 0.1.0", code: "version: 1\nproxy:\n  role_version: 0.1.0\n" + RSTUDIO },
    { name: "the bundled proxy takes the prefix", code: "version: 1\nproxy:\n  role: gxit_proxy\n" + RSTUDIO },
  ],
  invalid: [
    {
      name: "path-based tool on gie_proxy 0.0.2, which does not pass --proxyPathPrefix",
      code: "version: 1\n" + RSTUDIO,
      errors: [{ line: 1, col: 1, endLine: 1, endCol: 1, messageId: "roleTooOld", message: "0.0.2" }],
    },
    {
      name: "location switched off",
      code: "version: 1\nproxy:\n  role_version: 0.1.0\nnginx:\n  path_based: false\n" + RSTUDIO,
      errors: [{ line: 5, col: 15, endLine: 5, endCol: 20, messageId: "noLocation", message: "/interactivetool/ep/" }],
    },
    {
      name: "a prefix that is not where Galaxy links the tools",
      code: "version: 1\nproxy:\n  role_version: 0.1.0\n  path_prefix: /interactivetool\n" + RSTUDIO,
      errors: [{ line: 4, col: 16, endLine: 4, endCol: 32, messageId: "prefixMismatch", message: "/interactivetool/ep" }],
    },
  ],
});
