import { docker, ROUTE_ETHERCALC } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

ruleTester("gxit-secrets[plain-text]", {
  valid: [
    { name: "run args: -e with a non-secret name, or copied from the host", code: docker("pulsar_embedded", ["docker_run_extra_arguments: -e MODE=prod -e API_KEY"]) },
    "version: 1\ncertbot:\n  dns_credentials:\n    server: ns.example.org\n    port: 53\n    name: certbot.\n    secret: {var: vault_certbot_dns_secret}\n    algorithm: HMAC-SHA512\n",
    "version: 1\ngalaxy:\n  config:\n    database_connection: postgresql:///galaxy?host=/var/run/postgresql\n    id_secret: {var: vault_id_secret}\n    token_expiry: 3600\n    password_file: /etc/galaxy/pw\n",
    { name: "a password from the vault inside a URL template", code: 'version: 1\ngalaxy:\n  config:\n    amqp_internal_connection: {template: "pyamqp://galaxy:{{ vault_amqp_password }}@mq:5672//"}\n' },
    { name: "credentials file path", code: "version: 1\ncertbot:\n  dns_credentials:\n    credentials: /root/.secrets/google.json\n" },
    { name: "sample Pulsar token is gxit-pulsar[token]'s finding", code: docker("pulsar_rest", ["private_token: changeme"]) },
  ],
  invalid: [
    {
      name: "run args: -e NAME=literal, split into shell words",
      code: docker("pulsar_embedded", ["docker_run_extra_arguments: \"--rm -e 'API_KEY=s3cr3tv4lue' --env=DB_PASSWORD=hunter22\""]),
      errors: [
        { line: 10, col: 43, endLine: 10, endCol: 67, messageId: "plainText", message: '"API_KEY" (-e)' },
        { line: 10, col: 68, endLine: 10, endCol: 94, messageId: "plainText", message: '"DB_PASSWORD" (--env)' },
      ],
    },
    {
      name: "the tutorial's TSIG secret in plain text",
      code: "version: 1\ncertbot:\n  dns_credentials:\n    server: ns.example.org\n    secret: HeySeEkReTvAlUe==\n",
      errors: [{ line: 5, col: 13, endLine: 5, endCol: 30, messageId: "plainText", message: '"secret"' }],
    },
    {
      name: "database URL with a password: points at the password",
      code: "version: 1\ngalaxy:\n  config:\n    database_connection: postgresql://galaxy:hunter2@db.example.org/galaxy\n",
      errors: [{ line: 4, col: 46, endLine: 4, endCol: 53, messageId: "plainText", message: "URL with an embedded password" }],
    },
    {
      name: "AMQP URL in a template with a literal password",
      code: 'version: 1\ngalaxy:\n  config:\n    amqp_internal_connection: {template: "pyamqp://galaxy:s3cret@{{ mq_host }}//"}\n',
      errors: [{ line: 4, col: 31, endLine: 4, endCol: 83, messageId: "plainText" }],
    },
    {
      name: "AWS keys for route53",
      code: "version: 1\ncertbot:\n  aws_cli_credentials:\n    - access_key: AKIAABCDEFGHIJKLMNOP\n      secret_key: {var: vault_aws_secret}\n",
      errors: [{ line: 4, col: 19, endLine: 4, endCol: 39, messageId: "awsCredential" }],
    },
    {
      name: "nested lists and env values",
      code: docker("pulsar_rest", ["private_token: 9f8a7b6c5d4e3f2a1b0c"], { tail: ["      env:", "        - {id: AWS_SECRET_ACCESS_KEY, value: abcdEFGHijklMNOPqrstUVWXyz0123456789+/ab}"] }),
      errors: [{ line: 10, col: 24, endLine: 10, endCol: 44, messageId: "plainText", message: '"private_token"' }, { line: 12, col: 46, endLine: 12, endCol: 86, messageId: "plainText" }],
    },
    { name: "a default value is still plain text", code: "version: 1\nextra_vars:\n  rabbitmq_password: changeme\n", errors: [{ line: 3, col: 22, endLine: 3, endCol: 30, messageId: "plainTextDefault", message: "well-known default" }] },
  ],
});

ruleTester("gxit-secrets[container-env]", {
  valid: [
    docker("pulsar_embedded", ["docker_run_extra_arguments: -e MODE=prod"], { tail: ROUTE_ETHERCALC }),
    { name: "a literal secret is plain-text's finding", code: docker("pulsar_embedded", ["docker_run_extra_arguments: -e API_KEY=s3cr3tv4lue"], { tail: ROUTE_ETHERCALC }) },
  ],
  invalid: [
    {
      code: docker("pulsar_embedded", ["docker_run_extra_arguments: --env-file /etc/job.env -e API_KEY -e S3_SECRET_KEY={{vault_s3}}"], { tail: ROUTE_ETHERCALC }),
      errors: [
        { line: 10, col: 37, endLine: 10, endCol: 60, messageId: "envFile", message: "/etc/job.env" },
        { line: 10, col: 61, endLine: 10, endCol: 71, messageId: "runArgsEnv", message: "-e API_KEY" },
        { line: 10, col: 72, endLine: 10, endCol: 101, messageId: "runArgsEnv", message: "S3_SECRET_KEY" },
      ],
    },
    {
      code: docker("pulsar_embedded", [], { tail: ["      docker_env:", "        AWS_SECRET_ACCESS_KEY: {var: vault_aws}", ...ROUTE_ETHERCALC] }),
      errors: [{ line: 11, col: 9, endLine: 11, endCol: 30, messageId: "dockerEnv", message: "{{ vault_aws }}" }],
    },
  ],
});
