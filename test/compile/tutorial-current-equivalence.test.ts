// examples/gtn-current.yml must compile to the current GTN tutorial's final
// state (generation C, ansible-role-contracts §6): the same group_vars values
// with the job config inline (compared as data, so `params:` and flat keys
// are judged by what Galaxy reads), the same vhost directives, tool conf and
// pulsar_app, and the path-based location. Expected values are transcribed
// from the tutorial; the differences are the deviations the example lists.
import { expect } from "chai";
import { XMLParser } from "fast-xml-parser";
import { parse } from "yaml";
import { compileDeployment } from "../../src/compile/index.js";
import { loadConfigFile } from "../../src/config/load.js";
import { repoPath } from "../helpers.js";

const tree = compileDeployment(loadConfigFile(repoPath("examples/gtn-current.yml")));
const file = (p: string) => String(tree.get(p)?.content ?? expect.fail(`missing ${p}`));
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (_n: string, _p: unknown, _l: boolean, attr: boolean) => !attr });

/** The tutorial's galaxy_job_config after the Pulsar step (§6.3), in block style. */
const TUTORIAL_JOB_CONFIG = {
  runners: {
    local_runner: { load: "galaxy.jobs.runners.local:LocalJobRunner", workers: 4 },
    pulsar_embedded: {
      load: "galaxy.jobs.runners.pulsar:PulsarEmbeddedJobRunner",
      pulsar_config: "{{ galaxy_config_dir }}/pulsar_app.yml",
    },
  },
  execution: {
    default: "local_env",
    environments: {
      local_env: { runner: "local_runner" },
      local_interactive_env: {
        runner: "pulsar_embedded",
        params: {
          docker_enabled: true,
          docker_volumes: "$defaults",
          docker_sudo: false,
          docker_net: "bridge",
          docker_auto_rm: true,
          docker_set_user: "",
          require_container: true,
          container_monitor_result: "callback",
        },
        env: [{ name: "REQUESTS_CA_BUNDLE", value: "/etc/ssl/certs/ca-certificates.crt" }],
      },
    },
  },
  tools: [
    { id: "interactive_tool_ethercalc", environment: "local_interactive_env" },
    { id: "interactive_tool_jupyter_notebook", environment: "local_interactive_env" },
  ],
};

/** Galaxy reads an environment's params from `params:` and from flat keys alike. */
function flattenParams(jobConfig: typeof TUTORIAL_JOB_CONFIG): unknown {
  const envs = Object.fromEntries(
    Object.entries(jobConfig.execution.environments).map(([id, e]) => {
      const { params, ...rest } = e as { params?: Record<string, unknown> };
      return [id, { ...rest, ...(params ?? {}) }];
    }),
  );
  return { ...jobConfig, execution: { ...jobConfig.execution, environments: envs } };
}

describe("the gtn-current example reproduces the current tutorial", () => {
  const vars = parse(file("group_vars/galaxyservers/interactive-tools.yml"));

  it("group_vars: the tutorial's variables and values", () => {
    const { galaxy_job_config: jobConfig, galaxy_config: galaxyConfig, ...rest } = vars;
    expect(rest).to.deep.equal({
      docker_install_compose: false,
      docker_users: ["{{ galaxy_user.name }}"],
      gxit_proxy_sessions_path: "{{ galaxy_mutable_data_dir }}/interactivetools_map.sqlite",
      nginx_ssl_servers: ["galaxy", "galaxy-gxit-proxy"],
      // Deviation 4: the path-based location as a file for Galaxy's vhost to include.
      nginx_extra_configs: ["galaxy-gxit-path.conf"],
      certbot_domains: ["{{ inventory_hostname }}", "*.ep.interactivetool.{{ inventory_hostname }}"],
      certbot_dns_provider: "rfc2136",
      certbot_dns_credentials: {
        server: "ns-training.galaxyproject.org",
        port: 53,
        name: "certbot-training.",
        // Deviation 1: a vault variable.
        secret: "{{ vault_certbot_dns_secret }}",
        algorithm: "HMAC-SHA512",
      },
      galaxy_tool_config_files: [
        "{{ galaxy_server_dir }}/config/tool_conf.xml.sample",
        "{{ galaxy_config_dir }}/tool_conf_interactive.xml",
      ],
      galaxy_config_templates: [
        { src: "templates/galaxy/config/tool_conf_interactive.xml.j2", dest: "{{ galaxy_config_dir }}/tool_conf_interactive.xml" },
        { src: "templates/galaxy/config/pulsar_app.yml.j2", dest: "{{ galaxy_config_dir }}/pulsar_app.yml" },
      ],
    });
    expect(flattenParams(jobConfig)).to.deep.equal(flattenParams(TUTORIAL_JOB_CONFIG));
    expect(galaxyConfig.galaxy).to.deep.equal({
      // Deviation 5: from the ansible-galaxy tutorial.
      job_config: "{{ galaxy_job_config }}",
      interactivetools_enable: true,
      interactivetools_map: "{{ gxit_proxy_sessions_path }}",
      galaxy_infrastructure_url: "https://{{ inventory_hostname }}/",
    });
    expect(galaxyConfig.gravity.gx_it_proxy).to.deep.equal({
      enable: true,
      port: 4002,
      sessions: "{{ gxit_proxy_sessions_path }}",
      // Deviation 3: pinned.
      version: "0.2.3",
    });
  });

  it("interactivetools_map and Gravity's sessions are one value", () => {
    expect(vars.galaxy_config.galaxy.interactivetools_map).to.equal(vars.galaxy_config.gravity.gx_it_proxy.sessions);
  });

  it("no job_conf.xml and no proxy role: requirements.yml pins the playbook's roles and geerlingguy.docker", () => {
    expect([...tree.keys()].filter((p) => p.includes("job_conf"))).to.deep.equal([]);
    // The tutorial's 7.8.0 needs ansible-core 2.15.1; the example pins 6.1.0 for Debian bookworm's 2.14 (issue #12).
    expect(parse(file("requirements.yml"))).to.deep.equal([
      { src: "galaxyproject.galaxy", version: "0.12.10" },
      { src: "galaxyproject.nginx", version: "0.7.1" },
      { src: "usegalaxy_eu.certbot", version: "0.1.13" },
      { src: "geerlingguy.docker", version: "6.1.0" },
    ]);
    const [play] = parse(file("galaxy.yml"));
    expect(play.roles.at(-1)).to.equal("geerlingguy.docker");
    expect(play.roles).to.not.include("usegalaxy_eu.gie_proxy");
    expect(file("README.md")).to.include("ansible-core 2.10 or later");
  });

  it("tool_conf_interactive: EtherCalc and Jupyter", () => {
    expect(xml.parse(file("templates/galaxy/config/tool_conf_interactive.xml.j2")).toolbox).to.deep.equal([
      {
        monitor: "true",
        section: [
          {
            id: "interactivetools",
            name: "Interactive Tools",
            tool: [
              { file: "interactive/interactivetool_ethercalc.xml" },
              { file: "interactive/interactivetool_jupyter_notebook_1.0.1.xml" },
            ],
          },
        ],
      },
    ]);
  });

  it("pulsar_app: the same as in every generation", () => {
    expect(parse(file("templates/galaxy/config/pulsar_app.yml.j2"))).to.deep.equal({
      staging_directory: "{{ galaxy_job_working_directory }}/_interactive",
      persistence_directory: "{{ galaxy_mutable_data_dir }}/pulsar",
      tool_dependency_dir: "{{ galaxy_tool_dependency_dir }}",
      managers: { _default_: { type: "queued_python", num_concurrent_jobs: 1 } },
    });
  });

  const directives = (p: string) =>
    file(p)
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"))
      .map((l) => l.replace(/\s+/g, " "));
  const proxyHeaders = [
    "proxy_redirect off;",
    "proxy_http_version 1.1;",
    "proxy_set_header Host $host;",
    "proxy_set_header X-Real-IP $remote_addr;",
    "proxy_set_header Upgrade $http_upgrade;",
    "proxy_set_header Connection upgrade;",
    "proxy_pass http://localhost:{{ galaxy_config.gravity.gx_it_proxy.port }};",
  ];

  it("the galaxy-gxit-proxy vhost: the tutorial's directives, to Gravity's port", () => {
    expect(directives("templates/nginx/galaxy-gxit-proxy.j2")).to.deep.equal([
      "server {",
      "listen *:443 ssl;",
      "server_name *.interactivetool.{{ inventory_hostname }};",
      "access_log syslog:server=unix:/dev/log;",
      "error_log syslog:server=unix:/dev/log;",
      "location / {",
      ...proxyHeaders,
      "}",
      "}",
    ]);
  });

  it("the path-based location of galaxy.j2", () => {
    expect(directives("templates/nginx/galaxy-gxit-path.conf.j2")).to.deep.equal([
      "location ~* ^/(interactivetool/.+)$ {",
      ...proxyHeaders,
      "}",
    ]);
  });
});
