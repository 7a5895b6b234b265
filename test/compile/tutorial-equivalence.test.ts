// examples/gtn-tutorial.yml must compile to what the GTN tutorial has the
// admin write by hand (its final, Pulsar-secured state): the same variables
// and values, the same XML elements and attributes, the same nginx
// directives. The expected values below are transcribed from the tutorial;
// the only differences are the deviations listed in the example's comments.
import { expect } from "chai";
import { XMLParser } from "fast-xml-parser";
import { parse } from "yaml";
import { compileDeployment } from "../../src/compile/index.js";
import { loadConfigFile } from "../../src/config/load.js";
import { repoPath } from "../helpers.js";

const tree = compileDeployment(loadConfigFile(repoPath("examples/gtn-tutorial.yml")));
const file = (p: string) => String(tree.get(p)?.content ?? expect.fail(`missing ${p}`));
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute });

describe("the tutorial example reproduces the tutorial", () => {
  it("group_vars: the tutorial's variables and values", () => {
    const vars = parse(file("group_vars/galaxyservers/interactive-tools.yml"));
    expect(vars).to.deep.equal({
      docker_install_compose: false,
      docker_users: ["{{ galaxy_user.name }}"],
      gie_proxy_dir: "/srv/galaxy/gie-proxy/proxy",
      gie_proxy_git_version: "main",
      gie_proxy_setup_nodejs: "nodeenv",
      gie_proxy_virtualenv_command: "{{ pip_virtualenv_command }}",
      gie_proxy_nodejs_version: "10.13.0",
      gie_proxy_virtualenv: "/srv/galaxy/gie-proxy/venv",
      // The role default, written out: the vhost's {{ gie_proxy_port }} must not depend on the role's defaults (issue #12).
      gie_proxy_port: 8000,
      gie_proxy_setup_service: "systemd",
      gie_proxy_sessions_path: "{{ galaxy_mutable_data_dir }}/interactivetools_map.sqlite",
      nginx_ssl_servers: ["galaxy", "galaxy-gie-proxy"],
      certbot_domains: [
        "{{ inventory_hostname }}",
        "*.interactivetoolentrypoint.interactivetool.{{ inventory_hostname }}",
      ],
      certbot_dns_provider: "rfc2136",
      certbot_dns_credentials: {
        server: "ns-training.galaxyproject.org",
        port: 53,
        name: "certbot-training.",
        // Deviation 2: a vault variable instead of the instructor's secret in plain text.
        secret: "{{ vault_certbot_dns_secret }}",
        algorithm: "HMAC-SHA512",
      },
      galaxy_tool_config_files: [
        "{{ galaxy_server_dir }}/config/tool_conf.xml.sample",
        "{{ galaxy_config_dir }}/tool_conf_interactive.xml",
      ],
      galaxy_config: {
        galaxy: {
          job_config_file: "{{ galaxy_config_dir }}/job_conf.xml",
          interactivetools_enable: true,
          interactivetools_map: "{{ gie_proxy_sessions_path }}",
          galaxy_infrastructure_url: "https://{{ inventory_hostname }}/",
        },
      },
      galaxy_config_templates: [
        {
          src: "templates/galaxy/config/tool_conf_interactive.xml.j2",
          dest: "{{ galaxy_config_dir }}/tool_conf_interactive.xml",
        },
        { src: "templates/galaxy/config/job_conf.xml.j2", dest: "{{ galaxy_config.galaxy.job_config_file }}" },
        { src: "templates/galaxy/config/pulsar_app.yml.j2", dest: "{{ galaxy_config_dir }}/pulsar_app.yml" },
      ],
    });
  });

  it("requirements.yml: the roles the tutorial adds, at its versions, after every role the playbook runs", () => {
    // The tutorial's own file lists only the two roles it adds; the earlier
    // tutorials' roles are pinned too, or `ansible-galaxy install` leaves the
    // playbook with roles it cannot find (issue #12).
    expect(parse(file("requirements.yml"))).to.deep.equal([
      { src: "galaxyproject.galaxy", version: "0.10.14" },
      { src: "galaxyproject.nginx", version: "0.7.1" },
      { src: "usegalaxy_eu.certbot", version: "0.1.13" },
      { src: "geerlingguy.docker", version: "2.6.0" },
      { src: "usegalaxy_eu.gie_proxy", version: "0.0.2" },
    ]);
  });

  it("the playbook adds geerlingguy.docker and usegalaxy_eu.gie_proxy to the galaxyservers play", () => {
    const [play] = parse(file("galaxy.yml"));
    expect(play.hosts).to.equal("galaxyservers");
    expect(play.become).to.equal(true);
    expect(play.roles.slice(-2)).to.deep.equal(["geerlingguy.docker", "usegalaxy_eu.gie_proxy"]);
  });

  it("job_conf: the tutorial's plugins, destinations, params, env and tool routing", () => {
    const doc = xml.parse(file("templates/galaxy/config/job_conf.xml.j2"));
    const jobConf = doc.job_conf[0];
    expect(jobConf.plugins[0].workers).to.equal("4");
    expect(jobConf.plugins[0].plugin).to.deep.equal([
      { id: "local", type: "runner", load: "galaxy.jobs.runners.local:LocalJobRunner" },
      {
        id: "pulsar_embedded",
        type: "runner",
        load: "galaxy.jobs.runners.pulsar:PulsarEmbeddedJobRunner",
        // Deviation 1: a variable instead of the hard-coded /srv/galaxy/config/pulsar_app.yml.
        param: [{ id: "pulsar_config", "#text": "{{ galaxy_config_dir }}/pulsar_app.yml" }],
      },
    ]);
    const destinations = jobConf.destinations[0];
    expect(destinations.default).to.equal("local");
    expect(destinations.destination[0]).to.deep.equal({ id: "local", runner: "local" });
    const interactive = destinations.destination[1];
    expect(interactive.id).to.equal("interactive_local");
    expect(interactive.runner).to.equal("pulsar_embedded");
    const params = Object.fromEntries(
      interactive.param.map((p: { id: string; "#text"?: unknown }) => [p.id, p["#text"] === undefined ? "" : String(p["#text"])]),
    );
    expect(params).to.deep.equal({
      docker_enabled: "true",
      docker_volumes: "$defaults",
      docker_sudo: "false",
      docker_net: "bridge",
      docker_auto_rm: "true",
      docker_set_user: "",
      require_container: "true",
      container_monitor_result: "callback",
    });
    expect(interactive.env).to.deep.equal([{ id: "REQUESTS_CA_BUNDLE", "#text": "/etc/ssl/certs/ca-certificates.crt" }]);
    expect(jobConf.tools[0].tool).to.deep.equal([{ id: "interactive_tool_ethercalc", destination: "interactive_local" }]);
  });

  it("tool_conf_interactive: the Interactive Tools section with EtherCalc", () => {
    const doc = xml.parse(file("templates/galaxy/config/tool_conf_interactive.xml.j2"));
    expect(doc.toolbox).to.deep.equal([
      {
        monitor: "true",
        section: [
          { id: "interactivetools", name: "Interactive Tools", tool: [{ file: "interactive/interactivetool_ethercalc.xml" }] },
        ],
      },
    ]);
  });

  it("pulsar_app: the tutorial's staging, persistence, dependencies and manager", () => {
    expect(parse(file("templates/galaxy/config/pulsar_app.yml.j2"))).to.deep.equal({
      staging_directory: "{{ galaxy_job_working_directory }}/_interactive",
      persistence_directory: "{{ galaxy_mutable_data_dir }}/pulsar",
      tool_dependency_dir: "{{ galaxy_tool_dependency_dir }}",
      managers: { _default_: { type: "queued_python", num_concurrent_jobs: 1 } },
    });
  });

  it("the nginx vhost: the tutorial's directives", () => {
    const directives = file("templates/nginx/galaxy-gie-proxy.j2")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"))
      .map((l) => l.replace(/\s+/g, " "));
    expect(directives).to.deep.equal([
      "server {",
      "listen *:443 ssl;",
      "server_name *.interactivetool.{{ inventory_hostname }};",
      "access_log syslog:server=unix:/dev/log;",
      "error_log syslog:server=unix:/dev/log;",
      "location / {",
      "proxy_redirect off;",
      "proxy_http_version 1.1;",
      "proxy_set_header Host $host;",
      "proxy_set_header X-Real-IP $remote_addr;",
      "proxy_set_header Upgrade $http_upgrade;",
      'proxy_set_header Connection upgrade;',
      "proxy_pass http://localhost:{{ gie_proxy_port }};",
      "}",
      "}",
    ]);
  });
});
