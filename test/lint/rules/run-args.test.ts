import { docker } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

// docker_run_extra_arguments' value starts at column 37 on line 10.
ruleTester("gxit-run-args[privileged]", {
  valid: [
    docker("pulsar_embedded", ["docker_run_extra_arguments: --add-host localhost:host-gateway -e NB_UID=$(id -u)"]),
    docker("pulsar_embedded", ["docker_run_extra_arguments: --privileged=false --network bridge --pid=container"]),
    { name: "a quoted word is not a flag", code: docker("pulsar_embedded", ["docker_run_extra_arguments: -e 'NOTE=--privileged'"]) },
    { name: "a host value only known at run time", code: docker("pulsar_embedded", ["docker_run_extra_arguments: --network $NET"]) },
  ],
  invalid: [
    {
      code: docker("pulsar_embedded", ["docker_run_extra_arguments: --rm --privileged --cap-add=SYS_ADMIN"]),
      errors: [
        { line: 10, col: 42, endLine: 10, endCol: 54, messageId: "privileged", message: "--privileged" },
        { line: 10, col: 55, endLine: 10, endCol: 74, messageId: "privileged", message: "--cap-add SYS_ADMIN" },
      ],
    },
    {
      name: "host namespaces in both spellings",
      code: docker("pulsar_embedded", ["docker_run_extra_arguments: --pid=host --net host --network=HOST --userns host --ipc=host"]),
      errors: [{ line: 10, col: 37, endLine: 10, endCol: 47, messageId: "privileged" }, { line: 10, col: 48, endLine: 10, endCol: 58, messageId: "privileged" }, { line: 10, col: 59, endLine: 10, endCol: 73, messageId: "privileged" }, { line: 10, col: 74, endLine: 10, endCol: 87, messageId: "privileged" }, { line: 10, col: 88, endLine: 10, endCol: 98, messageId: "privileged" }],
    },
    {
      code: docker("pulsar_embedded", ['docker_run_extra_arguments: "--security-opt seccomp=unconfined --device /dev/fuse"']),
      errors: [
        { line: 10, col: 38, endLine: 10, endCol: 71, messageId: "privileged", message: "seccomp=unconfined" },
        { line: 10, col: 72, endLine: 10, endCol: 90, messageId: "privileged", message: "host devices" },
      ],
    },
  ],
});

ruleTester("gxit-run-args[mounts]", {
  valid: [docker("pulsar_embedded", ["docker_run_extra_arguments: -e VOLUME=-v --tmpfs /scratch"])],
  invalid: [
    {
      code: docker("pulsar_embedded", ["docker_run_extra_arguments: -v/srv:/srv --mount type=bind,src=/a,dst=/b --volumes-from data"]),
      errors: [{ line: 10, col: 37, endLine: 10, endCol: 48, messageId: "mount" }, { line: 10, col: 49, endLine: 10, endCol: 80, messageId: "mount" }, { line: 10, col: 81, endLine: 10, endCol: 100, messageId: "mount" }],
    },
  ],
});

ruleTester("gxit-run-args[syntax]", {
  valid: [docker("pulsar_embedded", ["docker_run_extra_arguments: -e NB_UID=$(id -u) -e 'A=b;c' --label x=\"y|z\""])],
  invalid: [
    {
      code: docker("pulsar_embedded", ["docker_run_extra_arguments: -e A=1; touch /tmp/x"]),
      errors: [
        { line: 10, col: 43, endLine: 10, endCol: 44, messageId: "operator", message: '";"' },
        { line: 10, col: 45, endLine: 10, endCol: 50, messageId: "positional", message: '"touch"' },
        { line: 10, col: 51, endLine: 10, endCol: 57, messageId: "positional", message: '"/tmp/x"' },
      ],
    },
    { name: "unbalanced quote", code: docker("pulsar_embedded", ["docker_run_extra_arguments: -e 'A=1"]), errors: [{ line: 10, col: 37, endLine: 10, endCol: 44, messageId: "unsplittable", message: "unterminated '" }] },
  ],
});
