import { docker } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

ruleTester("gxit-user[image-default]", {
  valid: [docker("pulsar_embedded"), docker("pulsar_embedded", ["docker_set_user: $UID"]), "version: 1\njobs:\n  destinations:\n    local:\n      runner: local\n      params: {docker_set_user: ''}\n"],
  invalid: [
    { code: docker("pulsar_embedded", ['docker_set_user: ""']), errors: [{ line: 10, col: 26, endLine: 10, endCol: 28, messageId: "emptyUser" }] },
    { name: "whitespace only", code: docker("local", ["docker_set_user: ' '"]), errors: [{ line: 10, col: 26, endLine: 10, endCol: 29, messageId: "emptyUser" }] },
  ],
});

ruleTester("gxit-user[root]", {
  valid: [docker("pulsar_embedded", ["docker_set_user: $UID"]), docker("pulsar_embedded", ["docker_set_user: '1000:0'", "docker_run_extra_arguments: --user $(id -u)"])],
  invalid: [
    { code: docker("pulsar_embedded", ["docker_set_user: root"]), errors: [{ line: 10, col: 26, endLine: 10, endCol: 30, messageId: "setUser" }] },
    { code: docker("pulsar_embedded", ['docker_set_user: "0:0"']), errors: [{ line: 10, col: 26, endLine: 10, endCol: 31, messageId: "setUser" }] },
    { code: docker("pulsar_embedded", ["docker_run_extra_arguments: -u root:root"]), errors: [{ line: 10, col: 37, endLine: 10, endCol: 49, messageId: "runArgs", message: "-u root:root" }] },
  ],
});

ruleTester("gxit-docker[sudo]", {
  valid: [docker("pulsar_embedded", ["docker_sudo: false"])],
  invalid: [{ code: docker("local", ["docker_sudo: true"]), errors: [{ line: 10, col: 22, endLine: 10, endCol: 26, messageId: "sudo" }] }],
});

ruleTester("gxit-docker[memory-noop]", {
  valid: [docker("pulsar_embedded", ["docker_run_extra_arguments: --memory 4g"])],
  invalid: [{ code: docker("pulsar_embedded", ["docker_memory: 4G"]), errors: [{ line: 10, col: 24, endLine: 10, endCol: 26, messageId: "memoryNoop" }] }],
});

ruleTester("gxit-docker[users]", {
  valid: [
    "version: 1\n",
    "version: 1\ngalaxy:\n  user: galaxy\ndocker:\n  users: [admin, galaxy]\n",
    { name: "default Galaxy user variable listed", code: "version: 1\ndocker:\n  users:\n    - {var: galaxy_user.name}\n" },
    { name: "galaxy_user.name is galaxy (the tutorial's value)", code: "version: 1\ndocker:\n  users: [galaxy]\n" },
    { name: "an unknown variable: cannot tell (a note from users-unverified)", code: "version: 1\ngalaxy:\n  user: {var: my_user}\ndocker:\n  users: [ubuntu]\n" },
  ],
  invalid: [
    { code: "version: 1\ngalaxy:\n  user: galaxy\ndocker:\n  users: [admin]\n", errors: [{ line: 5, col: 10, endLine: 5, endCol: 17, messageId: "missingGalaxyUser" }] },
    { name: "empty list", code: "version: 1\ndocker:\n  users: []\n", errors: [{ line: 3, col: 10, endLine: 3, endCol: 12, messageId: "missingResolvedUser" }] },
    {
      name: "the default Galaxy user variable, resolved to galaxy",
      code: "version: 1\ngalaxy:\n  user: {var: galaxy_user.name}\ndocker:\n  users: [ubuntu]\n",
      errors: [{ line: 5, col: 10, endLine: 5, endCol: 18, messageId: "missingResolvedUser", message: "galaxy_user.name is galaxy" }],
    },
    {
      name: "same variable, different literal text",
      code: 'version: 1\ngalaxy:\n  user: {var: galaxy_user.name}\ndocker:\n  users:\n    - {template: "{{ galaxy_user.name }}2"}\n',
      errors: [{ line: 6, col: 5, endLine: 7, endCol: 1, messageId: "missingResolvedUser" }],
    },
  ],
});

ruleTester("gxit-docker[users-unverified]", {
  valid: [
    "version: 1\n",
    "version: 1\ndocker:\n  users: [ubuntu]\n",
    "version: 1\ngalaxy:\n  user: {var: my_user}\ndocker:\n  users: [{var: my_user}]\n",
  ],
  invalid: [
    {
      code: "version: 1\ngalaxy:\n  user: {var: my_user}\ndocker:\n  users: [ubuntu]\n",
      errors: [{ line: 5, col: 10, endLine: 5, endCol: 18, messageId: "unverified", message: "{{ my_user }}" }],
    },
  ],
});

ruleTester("gxit-net[host]", {
  valid: [docker("pulsar_embedded", ["docker_net: bridge"])],
  invalid: [{ code: docker("pulsar_embedded", ["docker_net: host"]), errors: [{ line: 10, col: 21, endLine: 10, endCol: 25, messageId: "host" }] }],
});

ruleTester("gxit-net[implicit-bridge]", {
  valid: [
    docker("pulsar_embedded", ["docker_net: none"]),
    docker("pulsar_embedded", ["docker_run_extra_arguments: --network gxit"]),
    "version: 1\njobs:\n  destinations:\n    local: {runner: local}\n",
  ],
  invalid: [
    { name: "points at the params key", code: docker("pulsar_embedded"), errors: [{ line: 8, col: 7, endLine: 8, endCol: 13, messageId: "implicitBridge" }] },
  ],
});
