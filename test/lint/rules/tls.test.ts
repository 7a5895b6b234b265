import { docker } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

const DNS = ["certbot:", "  dns_provider: rfc2136"];

ruleTester("gxit-tls[wildcard]", {
  valid: [
    "version: 1\n",
    { name: "gxit-gen appends the wildcard", code: "version: 1\ncertbot:\n  domains: [g.example.org]\n" },
    "version: 1\ncertbot:\n  add_wildcard: false\n  domains: [g.example.org, '*.interactivetoolentrypoint.interactivetool.g.example.org']\ngalaxy:\n  hostname: g.example.org\n",
    { name: "a name from a variable: cannot tell", code: "version: 1\ncertbot:\n  add_wildcard: false\n  domains: [g.example.org, {var: gxit_wildcard}]\ngalaxy:\n  hostname: g.example.org\n" },
    { name: "certificate not managed here", code: "version: 1\ncertbot:\n  enabled: false\n  add_wildcard: false\n  domains: [x.org]\n" },
  ],
  invalid: [
    {
      code: "version: 1\ngalaxy:\n  hostname: g.example.org\ncertbot:\n  add_wildcard: false\n  domains: [g.example.org, '*.interactivetool.g.example.org']\n",
      errors: [{ line: 6, col: 12, endLine: 6, endCol: 62, messageId: "missingWildcard", message: "*.interactivetoolentrypoint.interactivetool.g.example.org" }],
    },
    {
      name: "the default domains, ep style",
      code: "version: 1\ngalaxy:\n  interactivetools: {entry_point_style: ep}\ncertbot:\n  add_wildcard: false\n",
      errors: [{ line: 5, col: 17, endLine: 5, endCol: 22, messageId: "missingWildcard", message: "*.ep.interactivetool.{{ inventory_hostname }}" }],
    },
  ],
});

ruleTester("gxit-tls[external-cert]", {
  valid: ["version: 1\n", "version: 1\ncertbot:\n  enabled: false\ngalaxy:\n  interactivetools:\n    enable: false\n"],
  invalid: [{ code: "version: 1\ncertbot:\n  enabled: false\n", errors: [{ line: 3, col: 12, endLine: 3, endCol: 17, messageId: "external", message: "*.interactivetoolentrypoint.interactivetool.{{ inventory_hostname }}" }] }],
});

ruleTester("gxit-tls[dns-challenge]", {
  valid: [
    "version: 1\n" + DNS.join("\n") + "\n",
    "version: 1\ncertbot:\n  vars:\n    certbot_dns_provider: cloudflare\n",
    "version: 1\nextra_vars:\n  certbot_auth_method: --manual --preferred-challenges dns\n",
    "version: 1\ncertbot:\n  enabled: false\n",
  ],
  invalid: [
    { name: "no certbot section: the document", code: "version: 1\n", errors: [{ line: 1, col: 1, endLine: 1, endCol: 1, messageId: "httpChallenge" }] },
    { code: "version: 1\ncertbot:\n  domains: [g.example.org]\n", errors: [{ line: 2, col: 1, endLine: 2, endCol: 8, messageId: "httpChallenge", message: "--standalone" }] },
    { code: "version: 1\ncertbot:\n  vars:\n    certbot_auth_method: --webroot\n", errors: [{ line: 2, col: 1, endLine: 2, endCol: 8, messageId: "httpChallenge", message: "--webroot" }] },
  ],
});

ruleTester("gxit-tls[stale-wildcard]", {
  valid: [
    "version: 1\ncertbot:\n  domains: [g.org, '*.interactivetoolentrypoint.interactivetool.g.org']\ngalaxy:\n  hostname: g.org\n",
    { name: "not a GxIT-shaped wildcard", code: "version: 1\ncertbot:\n  domains: ['*.g.org']\n" },
  ],
  invalid: [
    {
      code: "version: 1\ngalaxy:\n  hostname: g.org\n  interactivetools: {entry_point_style: ep}\ncertbot:\n  domains:\n    - g.org\n    - '*.interactivetoolentrypoint.interactivetool.g.org'\n",
      errors: [{ line: 8, col: 7, endLine: 8, endCol: 58, messageId: "stale" }],
    },
    {
      name: "old prefix",
      code: "version: 1\ngalaxy:\n  interactivetools: {prefix: it}\ncertbot:\n  domains:\n    - {template: '*.interactivetoolentrypoint.interactivetool.{{ inventory_hostname }}'}\n",
      errors: [{ line: 6, col: 7, endLine: 6, endCol: 89, messageId: "stale" }],
    },
  ],
});

ruleTester("gxit-tls[certbot-expand]", {
  valid: ["version: 1\n", "version: 1\ncertbot:\n  vars:\n    certbot_expand: false\n"],
  invalid: [
    { code: "version: 1\ncertbot:\n  vars:\n    certbot_expand: true\n", errors: [{ line: 4, col: 5, endLine: 4, endCol: 19, messageId: "expandVar" }] },
    { code: "version: 1\nextra_vars:\n  certbot_expand: yes\n", errors: [{ line: 3, col: 3, endLine: 3, endCol: 17, messageId: "expandVar" }] },
  ],
});

ruleTester("gxit-tls[requests-ca]", {
  valid: [docker("pulsar_embedded", [], { tail: ["      env:", "        - {id: HTTPS_PROXY, value: 'http://proxy:3128'}"] })],
  invalid: [
    {
      code: docker("pulsar_embedded", [], { tail: ["      env:", "        - id: REQUESTS_CA_BUNDLE", "          value: /etc/ssl/certs/ca.crt"] }),
      errors: [{ line: 11, col: 11, endLine: 13, endCol: 1, messageId: "env" }],
    },
    { code: docker("pulsar_embedded", [], { tail: ["      docker_env:", "        REQUESTS_CA_BUNDLE: /etc/ssl/certs/ca.crt"] }), errors: [{ line: 11, col: 9, endLine: 11, endCol: 27, messageId: "dockerEnv" }] },
  ],
});

ruleTester("gxit-tls[host-name]", {
  valid: [
    "version: 1\n",
    { name: "certbot.domains defaults to a literal galaxy.hostname", code: "version: 1\ngalaxy:\n  hostname: g.example.org\n" },
    { name: "certificate not managed here", code: "version: 1\ngalaxy:\n  hostname: g.example.org\ncertbot:\n  enabled: false\n" },
  ],
  invalid: [
    {
      name: "literal galaxy.hostname, certbot_domains left on {{ inventory_hostname }} (issue #12)",
      code: "version: 1\ngalaxy:\n  hostname: g.example.org\ncertbot:\n  domains:\n    - {var: inventory_hostname}\n",
      errors: [{ line: 6, col: 5, endLine: 7, endCol: 1, messageId: "unprovenHost", message: "g.example.org" }],
    },
    {
      name: "another host",
      code: "version: 1\ngalaxy:\n  hostname: g.example.org\ncertbot:\n  domains: [other.example.org]\n",
      errors: [{ line: 5, col: 12, endLine: 5, endCol: 31, messageId: "missingHost", message: "other.example.org" }],
    },
  ],
});
