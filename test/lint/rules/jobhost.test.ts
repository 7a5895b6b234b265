// Interactive tools on remote job hosts (Pulsar REST/MQ, cluster runners):
// what the proxy needs to reach them and what bounds a session. Configs and
// hand-written tree files (cases with `kind`) through the same rules.
import { docker } from "../fixtures.js";
import { ruleTester } from "../rule-tester.js";

const CALLBACK = "container_monitor_result: callback";
/** A destination-level line for docker()'s destination "gxit" (append as `tail`). */
const dest = (line: string) => `      ${line}`;

/** A YAML job conf (current format) with one runner and a GxIT environment on it. */
function yamlJobConf(load: string, runnerLines: string[], envLines: string[], tail: string[] = []): string {
  return (
    [
      "runners:",
      "  r:",
      `    load: ${load}`,
      ...runnerLines.map((l) => `    ${l}`),
      "execution:",
      "  default: gxit",
      "  environments:",
      "    gxit:",
      "      runner: r",
      "      docker_enabled: true",
      `      ${CALLBACK}`,
      ...envLines.map((l) => `      ${l}`),
      "tools:",
      "  - id: interactive_tool_jupyter_notebook",
      "    environment: gxit",
      ...tail,
    ].join("\n") + "\n"
  );
}
const MQ = "galaxy.jobs.runners.pulsar:PulsarMQJobRunner";
const SLURM = "galaxy.jobs.runners.slurm:SlurmJobRunner";
const REST = "galaxy.jobs.runners.pulsar:PulsarRESTJobRunner";
/** A destination on runner "mq" (a config needs one). */
const MQ_DEST = "  destinations:\n    remote: {runner: mq, params: {jobs_directory: /data/pulsar/staging, url: 'https://pulsar.example.org/'}}\n";

/** job_conf.xml with a Slurm plugin, a GxIT destination "gxit" and the given extra children. */
function xmlJobConf(destChildren: string[], after: string[] = []): string {
  return [
    "<job_conf>",
    "    <plugins>",
    `        <plugin id="slurm" type="runner" load="${SLURM}"/>`,
    "    </plugins>",
    '    <destinations default="gxit">',
    '        <destination id="gxit" runner="slurm" tags="interactive">',
    '            <param id="docker_enabled">true</param>',
    '            <param id="container_monitor_result">callback</param>',
    ...destChildren.map((c) => `            ${c}`),
    "        </destination>",
    "    </destinations>",
    "    <tools>",
    '        <tool id="interactive_tool_jupyter_notebook" destination="gxit"/>',
    "    </tools>",
    ...after.map((c) => `    ${c}`),
    "</job_conf>",
  ].join("\n") + "\n";
}

ruleTester("gxit-jobhost[get-ip-method]", {
  valid: [
    docker("pulsar_mq", [CALLBACK, "container_monitor_get_ip_method: 'command:tailscale ip -4'"]),
    { name: "declared reachable", code: docker("pulsar_mq", [CALLBACK], { tail: [dest("job_host: {reachable_from_proxy: true}")] }) },
    { name: "a cluster on the proxy's network is assumed reachable", code: docker("slurm", [CALLBACK]) },
    { name: "embedded Pulsar is the Galaxy host", code: docker("pulsar_embedded", [CALLBACK], { tail: [dest("job_host: {reachable_from_proxy: false}")] }) },
    { name: "not an interactive tool destination", code: docker("pulsar_mq", [CALLBACK], { tail: ["tool_conf: {sections: []}"] }) },
    { name: "tree: the MQ environment reports a Tailscale address", kind: "job-conf-yaml", code: yamlJobConf(MQ, [], ["container_monitor_get_ip_method: 'command:tailscale ip -4'"]) },
  ],
  invalid: [
    { name: "MQ, nothing said: points at the destination's runner key", code: docker("pulsar_mq", [CALLBACK]), errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "messageQueue", data: { destination: "gxit" } }] },
    {
      name: "declared unreachable",
      code: docker("slurm", [CALLBACK], { tail: [dest("job_host: {reachable_from_proxy: false}")] }),
      errors: [{ line: 11, col: 40, endLine: 11, endCol: 45, messageId: "declared" }],
    },
    { name: "tree: an MQ environment of a YAML job conf", kind: "job-conf-yaml", code: yamlJobConf(MQ, [], []), errors: [{ line: 8, col: 15, endLine: 8, endCol: 16, messageId: "messageQueue" }] },
  ],
});

ruleTester("gxit-jobhost[monitor-command]", {
  valid: [
    docker("pulsar_rest", [CALLBACK, "container_monitor_command: /opt/galaxy-job-execution/bin/galaxy-container-monitor"]),
    { name: "a cluster node mounts Galaxy's code", code: docker("slurm", [CALLBACK]) },
    { name: "embedded Pulsar runs on the Galaxy host", code: docker("pulsar_embedded", [CALLBACK]) },
    { name: "tree", kind: "job-conf-yaml", code: yamlJobConf(REST, [], ["container_monitor_command: /opt/galaxy-job-execution/bin/galaxy-container-monitor"]) },
  ],
  invalid: [
    { code: docker("pulsar_rest", [CALLBACK]), errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "missing", data: { runner: "r" } }] },
    { code: docker("pulsar_mq", [CALLBACK]), errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "missing", message: "remote Pulsar" }] },
    { name: "tree", kind: "job-conf-yaml", code: yamlJobConf(MQ, [], []), errors: [{ line: 8, col: 15, endLine: 8, endCol: 16, messageId: "missing" }] },
  ],
});

ruleTester("gxit-jobhost[walltime]", {
  valid: [
    docker("slurm", [CALLBACK], { tail: [dest("limits: {walltime: '08:00:00'}")] }),
    docker("pulsar_mq", [CALLBACK], { tail: [dest("limits: {walltime: '08:00:00'}")] }),
    { name: "the scheduler's own option", code: docker("slurm", [CALLBACK, "nativeSpecification: '--partition=gxit -t 8:00:00'"]) },
    { name: "Galaxy's walltime limit, on a cluster runner", code: docker("slurm", [CALLBACK], { tail: ["  limits:", "    - {type: walltime, value: '24:00:00'}"] }) },
    { name: "tree: a native specification from a variable may set it", kind: "job-conf-xml", code: xmlJobConf(['<param id="nativeSpecification">{{ slurm_gxit_spec }}</param>']) },
    { name: "the Galaxy host: the session ends with the user", code: docker("pulsar_embedded", [CALLBACK]) },
    { name: "tree: TPV templates the walltime into the native specification", kind: "tpv", code: "destinations:\n  slurm_gxit:\n    runner: slurm\n    params:\n      docker_enabled: true\n      container_monitor_result: callback\n      native_specification: '--time={walltime}:00:00'\n    scheduling:\n      require: [gxit]\ntools:\n  interactive_tool_.*:\n    scheduling:\n      require: [gxit]\n" },
    { name: "tree: job_conf.xml with Galaxy's walltime limit", kind: "job-conf-xml", code: xmlJobConf([], ["<limits>", '    <limit type="walltime">24:00:00</limit>', "</limits>"]) },
  ],
  invalid: [
    { code: docker("slurm", [CALLBACK]), errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "missing", message: 'cluster runner "r"' }] },
    {
      name: "Galaxy's walltime limit does not bound a Pulsar job",
      code: docker("pulsar_rest", [CALLBACK], { tail: ["  limits:", "    - {type: walltime, value: '24:00:00'}"] }),
      errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "missing", message: "remote Pulsar" }],
    },
    { name: "tree: a Slurm destination without --time", kind: "job-conf-xml", code: xmlJobConf(['<param id="nativeSpecification">--partition=gxit</param>']), errors: [{ line: 6, col: 40, endLine: 6, endCol: 45, messageId: "missing" }] },
  ],
});

ruleTester("gxit-jobhost[user-limit]", {
  valid: [
    docker("slurm", [CALLBACK], { tail: [dest("limits: {user_concurrent_jobs: 1}")] }),
    { name: "jobs.limits by id", code: docker("pulsar_mq", [CALLBACK], { tail: ["  limits:", "    - {type: destination_user_concurrent_jobs, id: gxit, value: 2}"] }) },
    { name: "the Galaxy host", code: docker("local", [CALLBACK]) },
    { name: "tree: a limit by the destination's tag", kind: "job-conf-xml", code: xmlJobConf([], ["<limits>", '    <limit type="destination_user_concurrent_jobs" tag="interactive">2</limit>', "</limits>"]) },
    { name: "tree: YAML's environment_ alias", kind: "job-conf-yaml", code: yamlJobConf(SLURM, [], [], ["limits:", "  - type: environment_user_concurrent_jobs", "    id: gxit", "    value: 1"]) },
  ],
  invalid: [
    { code: docker("slurm", [CALLBACK]), errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "missing", data: { id: "gxit" } }] },
    {
      name: "a site-wide limit does not single out interactive tools",
      code: docker("pulsar_rest", [CALLBACK], { tail: ["  limits:", "    - {type: registered_user_concurrent_jobs, value: 10}"] }),
      errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "missing" }],
    },
    { name: "tree: a limit for another destination", kind: "job-conf-xml", code: xmlJobConf([], ["<limits>", '    <limit type="destination_user_concurrent_jobs" id="other">2</limit>', "</limits>"]), errors: [{ line: 6, col: 40, endLine: 6, endCol: 45, messageId: "missing" }] },
  ],
});

ruleTester("gxit-pulsar[amqp-url]", {
  valid: [
    `version: 1\njobs:\n  runners:\n    mq:\n      type: pulsar_mq\n      params: {amqp_url: {var: vault_amqp_url}}\n${MQ_DEST}`,
    { name: "a pulsar-relay runner", kind: "job-conf-yaml", code: `runners:\n  mq:\n    load: ${MQ}\n    relay_url: "{{ pulsar_relay_url }}"\n` },
    { name: "not an MQ runner", code: "version: 1\njobs:\n  runners:\n    mq: {type: pulsar_rest}\n" + MQ_DEST },
  ],
  invalid: [
    { code: "version: 1\njobs:\n  runners:\n    mq: {type: pulsar_mq}\n" + MQ_DEST, errors: [{ line: 4, col: 5, endLine: 4, endCol: 7, messageId: "missing", data: { runner: "mq" } }] },
    { name: "tree: a YAML job conf runner", kind: "job-conf-yaml", code: `runners:\n  mq:\n    load: ${MQ}\n    manager: _default_\n`, errors: [{ line: 2, col: 3, endLine: 2, endCol: 5, messageId: "missing" }] },
  ],
});

ruleTester("gxit-pulsar[mq-jobs-directory]", {
  valid: [
    docker("pulsar_mq", ["jobs_directory: /data/pulsar/staging"]),
    { name: "tree", kind: "job-conf-yaml", code: yamlJobConf(MQ, [], ["jobs_directory: /data/pulsar/staging"]) },
  ],
  invalid: [
    { code: docker("pulsar_mq"), errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "missing", data: { destination: "gxit" } }] },
    { name: "tree", kind: "job-conf-yaml", code: yamlJobConf(MQ, [], []), errors: [{ line: 8, col: 15, endLine: 8, endCol: 16, messageId: "missing" }] },
  ],
});

ruleTester("gxit-pulsar[rest-url]", {
  valid: [docker("pulsar_rest", ["url: https://pulsar.example.org:8913/"]), docker("pulsar_mq")],
  invalid: [
    { code: docker("pulsar_rest"), errors: [{ line: 7, col: 7, endLine: 7, endCol: 13, messageId: "missing" }] },
    { name: "tree", kind: "job-conf-yaml", code: yamlJobConf(REST, [], []), errors: [{ line: 8, col: 15, endLine: 8, endCol: 16, messageId: "missing" }] },
  ],
});

ruleTester("gxit-pulsar[amqp-tls]", {
  valid: [
    `version: 1\njobs:\n  runners:\n    mq:\n      type: pulsar_mq\n      params: {amqp_url: "amqps://galaxy:x@mq.example.org//pulsar"}\n${MQ_DEST}`,
    { name: "a local broker", code: `version: 1\njobs:\n  runners:\n    mq:\n      type: pulsar_mq\n      params: {amqp_url: "amqp://guest:guest@localhost:5672//"}\n${MQ_DEST}` },
    { name: "the URL from a variable: undecided", code: `version: 1\njobs:\n  runners:\n    mq:\n      type: pulsar_mq\n      params: {amqp_url: {var: vault_amqp_url}}\n${MQ_DEST}` },
    { name: "tree: usegalaxy.eu's form", kind: "job-conf-yaml", code: `runners:\n  mq:\n    load: ${MQ}\n    amqp_url: "pyamqp://galaxy_it01:{{ rabbitmq_password }}@mq.galaxyproject.eu:5671//pulsar/galaxy_it01?ssl=1"\n` },
  ],
  invalid: [
    {
      code: `version: 1\njobs:\n  runners:\n    mq:\n      type: pulsar_mq\n      params: {amqp_url: {template: "pyamqp://galaxy:{{ vault_pw }}@mq.example.org//pulsar"}}\n${MQ_DEST}`,
      errors: [{ line: 6, col: 26, endLine: 6, endCol: 93, messageId: "plain", data: { runner: "mq", host: " mq.example.org" } }],
    },
    { name: "tree", kind: "job-conf-yaml", code: `runners:\n  mq:\n    load: ${MQ}\n    amqp_url: amqp://galaxy:secret@10.0.0.5:5672//\n`, errors: [{ line: 4, col: 15, endLine: 4, endCol: 51, messageId: "plain", message: "10.0.0.5" }] },
  ],
});
