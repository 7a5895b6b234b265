// The normalized model: derived names and defaults that depend on other values.
import { expect } from "chai";
import { textKey } from "../../src/config/text.js";
import { deploymentOf } from "../helpers.js";

describe("normalized deployment model", () => {
  it("derives the wildcard host from the host name, prefix and entry point style", () => {
    expect(textKey(deploymentOf("version: 1\n").wildcardHost)).to.equal(
      "*.interactivetoolentrypoint.interactivetool.{{ inventory_hostname }}",
    );
    const ep = deploymentOf(
      "version: 1\ngalaxy:\n  hostname: galaxy.example.org\n  interactivetools: {entry_point_style: ep, prefix: its}\n",
    );
    expect(ep.wildcardHost).to.equal("*.ep.its.galaxy.example.org");
    expect(ep.nginx.serverName).to.equal("*.its.galaxy.example.org");
    // The certificate names the host nginx serves, not {{ inventory_hostname }} (issue #12).
    expect(ep.certbot.domains.map(textKey)).to.deep.equal(["galaxy.example.org", "*.ep.its.galaxy.example.org"]);
  });

  it("does not add the wildcard to certbot_domains twice", () => {
    const d = deploymentOf(
      "version: 1\ncertbot:\n  domains: [{var: inventory_hostname}, {template: '*.interactivetoolentrypoint.interactivetool.{{ inventory_hostname }}'}]\n",
    );
    expect(d.certbot.domains).to.have.length(2);
  });

  it("appends the interactive tool conf to the tool config files once", () => {
    const d = deploymentOf("version: 1\ngalaxy:\n  config_dir: /etc/galaxy\n  tool_config_files: [/etc/galaxy/tool_conf_interactive.xml]\n");
    expect(d.galaxy.toolConfigFiles).to.deep.equal(["/etc/galaxy/tool_conf_interactive.xml"]);
    expect(d.jobs.runners.find((r) => r.kind === "pulsar_embedded")?.pulsarConfig).to.equal("/etc/galaxy/pulsar_app.yml");
  });

  it("keeps the proxy and Galaxy in sync by default: the map is the proxy's sessions path", () => {
    const d = deploymentOf("version: 1\n");
    expect(d.galaxy.interactivetoolsMap).to.deep.equal({ var: "gie_proxy_sessions_path" });
    expect(d.galaxy.interactivetoolsMapExplicit).to.equal(false);
    expect(d.proxy.port).to.equal(8000);
    expect(d.nginx.upstreamPort).to.deep.equal({ var: "gie_proxy_port" });
  });

  it("installs Node.js for the proxy unless the config says how (ExecStart=node on a host without node)", () => {
    const proxy = deploymentOf("version: 1\n").config.proxy!;
    expect(proxy.setup_nodejs).to.equal("nodeenv");
    expect(proxy.nodejs_version).to.equal("14.21.3");
    // Outside gie_proxy_dir: the role clones into it after nodeenv ran.
    expect(proxy.virtualenv).to.equal("/srv/galaxy/gie-proxy/venv");
    const own = deploymentOf("version: 1\nproxy: {nodejs_executable: /usr/bin/node}\n").config.proxy!;
    expect(own.setup_nodejs).to.equal(undefined);
    expect(own.virtualenv).to.equal(undefined);
  });

  it("switches off gie_proxy 0.2.0's libpq setup unless the config sets it (its default knows only RedHat: 'dict object' has no attribute 'Debian')", () => {
    expect(deploymentOf("version: 1\nproxy: {role_version: 0.2.0}\n").config.proxy!.setup_libpq).to.equal(false);
    // 0.1.0 has no such variable; the config's own value wins; the bundled proxy and Gravity have none.
    expect(deploymentOf("version: 1\nproxy: {role_version: 0.1.0}\n").config.proxy!.setup_libpq).to.equal(undefined);
    expect(deploymentOf("version: 1\nproxy: {role_version: 0.2.0, setup_libpq: true}\n").config.proxy!.setup_libpq).to.equal(true);
    expect(deploymentOf("version: 1\nproxy: {role: gxit_proxy}\n").config.proxy!.setup_libpq).to.equal(undefined);
  });

  it("pins every Galaxy role the playbook runs: defaults for the earlier tutorials' roles, an error for others", () => {
    const roles = deploymentOf("version: 1\n").config.playbook!.roles!;
    expect(roles.map((r) => [r.name, r.version])).to.deep.equal([
      ["galaxyproject.galaxy", "0.10.14"],
      ["galaxyproject.nginx", "0.7.1"],
    ]);
    expect(() => deploymentOf("version: 1\nplaybook:\n  roles: [{name: my.role}]\n")).to.throw(/role my\.role has no version/);
    // A role without a namespace is the site's own (roles/): nothing to pin.
    expect(deploymentOf("version: 1\nplaybook:\n  roles: [{name: site_hardening}]\n").pinnedRoles.map((r) => r.name)).to.not.include("site_hardening");
  });

  it("derives the path-based prefix once, from Galaxy's interactivetools prefix", () => {
    const d = deploymentOf(
      "version: 1\ngalaxy: {interactivetools: {prefix: its}}\ntool_conf:\n  sections:\n    - {id: it, name: IT, tools: [interactive/interactivetool_rstudio.xml]}\n",
    );
    expect(d.galaxy.pathPrefix).to.equal("/its/ep");
    expect(d.pathBased.needed).to.equal(true);
    // gtn-2020 emits the Galaxy-vhost location and gives the proxy the prefix when the panel has a path-based tool (issue #12).
    expect(d.nginx.pathBased).to.equal(true);
    expect(d.proxy.pathPrefix).to.equal("/its/ep");
    expect(deploymentOf("version: 1\n").pathBased.needed).to.equal(false);
    expect(deploymentOf("version: 1\n").nginx.pathBased).to.equal(false);
  });

  it("classifies runners by their plugin", () => {
    const d = deploymentOf(
      "version: 1\njobs:\n  runners:\n    a: {type: local}\n    b: {load: 'galaxy.jobs.runners.pulsar:PulsarRESTJobRunner'}\n    c: {type: slurm}\n    d: {load: 'my.runner:Mine'}\n  destinations:\n    x: {runner: a}\n",
    );
    expect(d.jobs.runners.map((r) => [r.id, r.kind, r.isPulsar])).to.deep.equal([
      ["a", "local", false],
      ["b", "pulsar_rest", true],
      ["c", "cluster", false],
      ["d", "other", false],
    ]);
  });

  it("routes EtherCalc like the tutorial only when the destinations are the tutorial's", () => {
    expect(deploymentOf("version: 1\n").jobs.tools.map((t) => [t.id, t.destinationId])).to.deep.equal([
      ["interactive_tool_ethercalc", "interactive_local"],
    ]);
    const own = deploymentOf("version: 1\njobs:\n  destinations:\n    local: {runner: local}\n");
    expect(own.jobs.tools).to.deep.equal([]);
    expect(own.jobs.defaultDestination).to.equal("local");
  });
});
