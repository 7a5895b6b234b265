// Rules about hand-written input: role variables, job conf structure, the
// nginx vhost, and GxIT configuration with interactive tools switched off.
// Cases with `kind` are one file of an Ansible tree.
import { ruleTester } from "../rule-tester.js";

ruleTester("gxit-vars[unknown]", {
  valid: [
    { kind: "vars", code: "gie_proxy_port: 8800\ncertbot_domains: [galaxy.example.org]\ndocker_users: [galaxy]\n" },
    { kind: "vars", code: "galaxy_tmp_dir: /mnt/tmp\nslurm_gxit_docker_volumes: $job_directory:ro\n" },
    "version: 1\nextra_vars:\n  gie_proxy_verbose: true\n",
  ],
  invalid: [
    {
      kind: "vars",
      code: "gie_proxy_prot: 8800\n",
      errors: [{ line: 1, col: 1, endLine: 1, endCol: 15, messageId: "unknownWithGuess", data: { guess: "gie_proxy_port" } }],
    },
    {
      kind: "vars",
      code: "certbot_zzz_unrelated_option_name: 1\n",
      errors: [{ line: 1, col: 1, endLine: 1, endCol: 34, messageId: "unknown", data: { role: "usegalaxy_eu.certbot" } }],
    },
    {
      code: "version: 1\nextra_vars:\n  docker_user: [galaxy]\n",
      errors: [{ line: 3, col: 3, endLine: 3, endCol: 14, messageId: "unknownWithGuess", data: { guess: "docker_users" } }],
    },
  ],
});

ruleTester("gxit-vars[string-bool]", {
  valid: [
    { kind: "vars", code: "certbot_auto_renew: false\ngalaxy_config:\n  galaxy:\n    interactivetools_enable: true\n" },
    { kind: "vars", code: 'certbot_environment: "production"\n' },
  ],
  invalid: [
    {
      kind: "vars",
      code: 'certbot_auto_renew: "false"\n',
      errors: [{ line: 1, col: 21, endLine: 1, endCol: 28, messageId: "roleVariable", data: { bool: "false" } }],
    },
    {
      kind: "vars",
      code: "galaxy_config:\n  galaxy:\n    interactivetools_enable: 'yes'\n",
      errors: [{ line: 3, col: 30, endLine: 3, endCol: 35, messageId: "galaxyOption", data: { bool: "true" } }],
    },
  ],
});

const XML_HEAD = '<job_conf>\n    <plugins>\n        <plugin id="local" type="runner" load="galaxy.jobs.runners.local:LocalJobRunner"/>\n    </plugins>\n';

ruleTester("gxit-jobconf[malformed]", {
  valid: [{ kind: "job-conf-xml", code: XML_HEAD + '    <destinations default="d">\n        <destination id="d" runner="local"><param id="docker_enabled">true</param></destination>\n    </destinations>\n</job_conf>\n' }],
  invalid: [
    {
      kind: "job-conf-xml",
      code: '<job_conf>\n    <destinations default="d">\n        <plugin id="local" load="galaxy.jobs.runners.local:LocalJobRunner"/>\n        <destination id="d" runner="local"/>\n    </destinations>\n</job_conf>\n',
      errors: [{ line: 3, col: 9, endLine: 3, endCol: 77, messageId: "misplaced", message: "move it into <plugins>" }],
    },
    {
      kind: "job-conf-xml",
      code: XML_HEAD + '    <destinations default="d">\n        <destination id="d" runner="local"><param>$defaults</param></destination>\n    </destinations>\n</job_conf>\n',
      errors: [{ line: 6, col: 44, endLine: 6, endCol: 51, messageId: "misplaced", message: "no id attribute" }],
    },
  ],
});

const VHOST = (target: string) => `server {\n    listen 443 ssl;\n    server_name *.interactivetool.galaxy.example.org;\n    location / {\n        proxy_pass ${target};\n    }\n}\n`;

ruleTester("gxit-nginx[plain-upstream]", {
  valid: [
    { kind: "nginx", code: VHOST("http://localhost:8000") },
    { kind: "nginx", code: VHOST("http://127.0.0.1:{{ gie_proxy_port }}") },
    { kind: "nginx", code: VHOST("https://gxit-proxy.internal:8443") },
    { kind: "nginx", code: VHOST("http://{{ gie_proxy_host }}:8000") },
  ],
  invalid: [
    {
      kind: "nginx",
      code: VHOST("http://10.0.0.7:8000"),
      errors: [{ line: 5, col: 20, endLine: 5, endCol: 40, messageId: "plain", data: { host: "10.0.0.7" } }],
    },
  ],
});

ruleTester("gxit-config[disabled]", {
  valid: [
    "version: 1\n",
    { kind: "vars", code: "galaxy_config:\n  galaxy:\n    interactivetools_enable: true\ngalaxy_job_config:\n  execution:\n    default: local\n    environments:\n      local: {runner: local}\n  tools:\n    - id: interactive_tool_jupyter\n      environment: local\n" },
  ],
  invalid: [
    {
      code: "version: 1\ngalaxy:\n  interactivetools:\n    enable: false\n",
      errors: [{ line: 4, col: 13, endLine: 4, endCol: 18, messageId: "disabled" }],
    },
    {
      kind: "vars",
      code: "galaxy_job_config:\n  execution:\n    default: local\n    environments:\n      local: {runner: local}\n  tools:\n    - id: interactive_tool_jupyter\n      environment: local\n",
      errors: [{ line: 7, col: 11, endLine: 7, endCol: 35, messageId: "unset" }],
    },
  ],
});
