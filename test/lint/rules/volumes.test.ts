import { docker, ROUTE_ETHERCALC } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

ruleTester("gxit-volumes[datasets-rw]", {
  valid: [
    docker("pulsar_embedded", ["docker_volumes: $defaults", "container_monitor_result: callback"]),
    docker("local", ["docker_volumes: $defaults"], { head: ["galaxy:", "  outputs_to_working_directory: true"] }),
    { name: "later entry for the same target wins", code: docker("local", ["docker_volumes: $defaults,$default_file_path:ro"]) },
    {
      name: "literal override of the known file_path",
      code: docker("local", ["docker_volumes: $defaults,/data/datasets:ro"], { head: ["galaxy:", "  config:", "    file_path: /data/datasets"] }),
    },
    { name: "kubernetes ignores docker_volumes", code: docker("kubernetes", ["docker_volumes: $defaults"]) },
    { name: "unknown file_path: a literal path cannot be judged", code: docker("pulsar_embedded", ["docker_volumes: $defaults,/data:/data:rw"]) },
    { name: "remote Pulsar mounts its own host's paths", code: docker("pulsar_rest", ["docker_volumes: $default_file_path:rw"]) },
  ],
  invalid: [
    { name: "$defaults on the local runner", code: docker("local", ["docker_volumes: $defaults"]), errors: [{ line: 10, col: 25, endLine: 10, endCol: 34, messageId: "defaults", message: "expands to $default_file_path:rw" }] },
    {
      name: "docker_volumes unset means $defaults: points at docker_enabled",
      code: docker("local"),
      errors: [{ line: 9, col: 25, endLine: 9, endCol: 29, messageId: "implicitDefaults", message: "without docker_volumes" }],
    },
    {
      name: "slurm runner too; the $defaults entry is pointed at inside the string",
      code: docker("slurm", ["docker_volumes: /srv/ref:ro,$defaults"]),
      errors: [{ line: 10, col: 37, endLine: 10, endCol: 46, messageId: "defaults" }],
    },
    {
      name: "outputs_to_working_directory on the destination only does not help",
      code: docker("local", ["docker_volumes: $defaults", "outputs_to_working_directory: true"]),
      errors: [{ line: 10, col: 25, endLine: 10, endCol: 34, messageId: "defaults", message: "only the global option" }],
    },
    {
      name: "explicit $default_file_path without mode, even on embedded Pulsar",
      code: docker("pulsar_embedded", ["docker_volumes: $defaults,$default_file_path"]),
      errors: [{ line: 10, col: 35, endLine: 10, endCol: 53, messageId: "volume", message: "read-write" }],
    },
    {
      name: "an override earlier than $defaults loses",
      code: docker("local", ["docker_volumes: $default_file_path:ro,$defaults"]),
      errors: [{ line: 10, col: 47, endLine: 10, endCol: 56, messageId: "defaults" }],
    },
    {
      name: "a parent of the known file_path",
      code: docker("pulsar_embedded", ["docker_volumes: $defaults,/data:/data:z"], { head: ["galaxy:", "  config:", "    file_path: /data/datasets"] }),
      errors: [{ line: 13, col: 35, endLine: 13, endCol: 48, messageId: "volume", message: "/data:/data:z" }],
    },
    {
      name: "-v of the dataset store in docker_run_extra_arguments",
      code: docker("pulsar_embedded", ["docker_run_extra_arguments: --rm -v /data/datasets:/d"], { head: ["galaxy:", "  config:", "    file_path: /data/datasets/"] }),
      errors: [{ line: 13, col: 42, endLine: 13, endCol: 62, messageId: "runArgs" }],
    },
  ],
});

ruleTester("gxit-volumes[datasets-readable]", {
  valid: [
    docker("pulsar_embedded", ["docker_volumes: $defaults"]),
    docker("local", ["docker_volumes: $defaults"]),
    docker("local", ["docker_volumes: $working_directory:rw"]),
  ],
  invalid: [
    {
      code: docker("local", ["docker_volumes: $defaults"], { head: ["galaxy:", "  outputs_to_working_directory: true"] }),
      errors: [{ line: 12, col: 25, endLine: 12, endCol: 34, messageId: "defaults", message: "read-only" }],
    },
    {
      name: "global option from galaxy.config, unknown value",
      code: docker("local", ["docker_volumes: $defaults"], { head: ["galaxy:", "  config:", "    outputs_to_working_directory: {var: otwd}"] }),
      errors: [{ line: 13, col: 25, endLine: 13, endCol: 34, messageId: "defaults", message: "templated outputs_to_working_directory" }],
    },
    { code: docker("pulsar_embedded", ["docker_volumes: $defaults,$default_file_path:default_ro"]), errors: [{ line: 10, col: 35, endLine: 10, endCol: 64, messageId: "explicit" }] },
  ],
});

ruleTester("gxit-volumes[otwd-destination-only]", {
  valid: [
    docker("local", ["outputs_to_working_directory: true"], { head: ["galaxy:", "  outputs_to_working_directory: true"] }),
    docker("pulsar_embedded", ["outputs_to_working_directory: true"]),
    docker("local", ["docker_volumes: $working_directory:rw", "outputs_to_working_directory: true"]),
  ],
  invalid: [
    { code: docker("local", ["outputs_to_working_directory: true"]), errors: [{ line: 10, col: 39, endLine: 10, endCol: 43, messageId: "destinationOnly" }] },
    { code: docker("local", ["docker_volumes: $defaults,/srv:ro", "outputs_to_working_directory: true"]), errors: [{ line: 11, col: 39, endLine: 11, endCol: 43, messageId: "destinationOnly" }] },
  ],
});

ruleTester("gxit-volumes[no-mode]", {
  valid: [
    docker("pulsar_embedded", ["docker_volumes: $defaults,/srv/ref:ro"]),
    docker("pulsar_embedded", ["docker_volumes: $defaults,/srv/ref:/ref:rw"]),
    docker("pulsar_embedded"),
  ],
  invalid: [
    {
      code: docker("pulsar_embedded", ["docker_volumes: $defaults, /srv/ref,/a:/b"]),
      errors: [
        { line: 10, col: 36, endLine: 10, endCol: 44, messageId: "noMode", message: "/srv/ref:/srv/ref:rw" },
        { line: 10, col: 45, endLine: 10, endCol: 50, messageId: "noMode", message: "/a:/b:rw" },
      ],
    },
    { name: "double-quoted value", code: docker("pulsar_embedded", ['docker_volumes: "$defaults,/srv/ref"']), errors: [{ line: 10, col: 36, endLine: 10, endCol: 44, messageId: "noMode" }] },
  ],
});

ruleTester("gxit-volumes[invalid]", {
  valid: [docker("pulsar_embedded", ["docker_volumes: $defaults,/a:/b:Z,/c:default_ro"])],
  invalid: [
    {
      code: docker("pulsar_embedded", ["docker_volumes: $defaults,/a:/b:ro:z,/c:/d:rx"]),
      errors: [
        { line: 10, col: 35, endLine: 10, endCol: 45, messageId: "invalid", message: "at most 3" },
        { line: 10, col: 46, endLine: 10, endCol: 54, messageId: "invalid", message: 'mode "rx"' },
      ],
    },
  ],
});

ruleTester("gxit-volumes[docker-socket]", {
  valid: [
    docker("pulsar_embedded", ["docker_volumes: $defaults,/srv/run:/run:ro", "docker_host: unix:///var/run/docker.sock"]),
    docker("local", ["docker_host: tcp://10.0.0.5:2376", "docker_cmd: docker --tlsverify"]),
  ],
  invalid: [
    { code: docker("pulsar_embedded", ["docker_volumes: $defaults,/var/run/docker.sock:ro"]), errors: [{ line: 10, col: 35, endLine: 10, endCol: 58, messageId: "volume" }] },
    { name: "the directory holding the socket", code: docker("pulsar_embedded", ["docker_volumes: /run:/host-run:ro"]), errors: [{ line: 10, col: 25, endLine: 10, endCol: 42, messageId: "volume" }] },
    {
      code: docker("pulsar_embedded", ["docker_run_extra_arguments: --mount type=bind,src=/var/run/docker.sock,dst=/d.sock"]),
      errors: [{ line: 10, col: 37, endLine: 10, endCol: 91, messageId: "runArgsMount" }],
    },
    { code: docker("pulsar_embedded", ["docker_run_extra_arguments: --use-api-socket"]), errors: [{ line: 10, col: 37, endLine: 10, endCol: 53, messageId: "apiSocket" }] },
    { code: docker("local", ["docker_host: tcp://10.0.0.5:2375"]), errors: [{ line: 10, col: 22, endLine: 10, endCol: 41, messageId: "plainTcp", message: "plain TCP" }] },
  ],
});

ruleTester("gxit-volumes[galaxy-rw]", {
  valid: [
    docker("pulsar_embedded", ["docker_volumes: $defaults"]),
    docker("local", ["docker_volumes: $defaults,$job_directory/outputs:rw"]),
    { name: "a later read-only entry wins", code: docker("local", ["docker_volumes: $galaxy_root:rw,$defaults"]) },
  ],
  invalid: [
    { code: docker("pulsar_embedded", ["docker_volumes: $defaults,$tool_directory:rw"]), errors: [{ line: 10, col: 35, endLine: 10, endCol: 53, messageId: "galaxyRw", message: "$tool_directory" }] },
    { code: docker("local", ["docker_volumes: $defaults,${job_directory}"]), errors: [{ line: 10, col: 35, endLine: 10, endCol: 51, messageId: "galaxyRw" }] },
  ],
});

ruleTester("gxit-volumes[shared-tmp]", {
  valid: [
    docker("pulsar_embedded", ["docker_volumes: $defaults,$tmp_directory:/tmp:rw"], { tail: ROUTE_ETHERCALC }),
    { name: "read-only", code: docker("pulsar_embedded", ["docker_volumes: $defaults,/var/tmp/ref:/ref:ro"], { tail: ROUTE_ETHERCALC }) },
    { name: "a tmpfs is per container", code: docker("pulsar_embedded", ["docker_run_extra_arguments: --tmpfs /tmp"], { tail: ROUTE_ETHERCALC }) },
    { name: "a directory merely named tmp", code: docker("pulsar_embedded", ["docker_volumes: /srv/tmpdata:/data:rw"], { tail: ROUTE_ETHERCALC }) },
  ],
  invalid: [
    {
      code: docker("pulsar_embedded", ["docker_volumes: $defaults,/tmp:rw,/dev/shm"], { tail: ROUTE_ETHERCALC }),
      errors: [
        { line: 10, col: 35, endLine: 10, endCol: 42, messageId: "volume", message: "host's /tmp" },
        { line: 10, col: 43, endLine: 10, endCol: 51, messageId: "volume", message: "host's /dev/shm" },
      ],
    },
    {
      name: "a fixed directory inside /var/tmp, through -v",
      code: docker("pulsar_embedded", ["docker_run_extra_arguments: -v /var/tmp/gxit:/scratch"], { tail: ROUTE_ETHERCALC }),
      errors: [{ line: 10, col: 37, endLine: 10, endCol: 62, messageId: "runArgs", message: "/var/tmp" }],
    },
  ],
});
