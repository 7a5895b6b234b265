// What the target and galaxy.version decide in the model, and the keys that
// contradict the target or the proxy runner (one clear error each).
import { expect } from "chai";
import { textKey } from "../../src/config/text.js";
import { deploymentOf, problemsOf } from "../helpers.js";

describe("targets in the model", () => {
  it("gtn-current defaults: Gravity on 4002, the ep wildcard, the derived path prefix, inline job config", () => {
    const d = deploymentOf("version: 1\ntarget: gtn-current\n");
    expect(d.proxy.role).to.equal("gravity");
    expect(d.proxy.port).to.equal(4002);
    expect(d.nginx.upstreamPort).to.deep.equal({ var: "galaxy_config.gravity.gx_it_proxy.port" });
    expect(d.galaxy.interactivetoolsMap).to.deep.equal({ var: "gxit_proxy_sessions_path" });
    expect(textKey(d.wildcardHost)).to.equal("*.ep.interactivetool.{{ inventory_hostname }}");
    expect(d.galaxy.pathPrefix).to.equal("/interactivetool/ep");
    expect(d.proxy.pathPrefix).to.equal("/interactivetool/ep");
    expect(d.galaxy.jobConfig).to.equal("inline");
    expect(d.nginx.vhostName).to.equal("galaxy-gxit-proxy");
    // 7.8.0 needs ansible-core 2.15.1: on the default 2.14 the defaulted pin is 6.1.0 (issue #12).
    expect(d.config.docker!.role_version).to.equal("6.1.0");
    expect(deploymentOf("version: 1\ntarget: gtn-current\nansible_core: '2.16'\n").config.docker!.role_version).to.equal("7.8.0");
    expect(d.config.proxy!.version).to.equal("0.2.3");
  });

  it("gtn-2020 defaults are unchanged", () => {
    const d = deploymentOf("version: 1\n");
    expect([d.proxy.role, d.proxy.port, d.galaxy.entryPointStyle, d.galaxy.jobConfig, d.nginx.pathBased]).to.deep.equal([
      "usegalaxy_eu.gie_proxy", 8000, "legacy", "xml-file", false,
    ]);
    expect(d.config.proxy!.role_version).to.equal("0.0.2");
    expect(d.config.proxy!.dir).to.equal("/srv/galaxy/gie-proxy/proxy");
  });

  it("derives the prefix as Gravity does: base_path + prefix + /ep", () => {
    const d = deploymentOf("version: 1\ntarget: gtn-current\ngalaxy:\n  interactivetools: {base_path: /galaxy/, prefix: its}\n");
    expect(d.galaxy.pathPrefix).to.equal("/galaxy/its/ep");
    expect(d.proxy.pathPrefix).to.equal("/galaxy/its/ep");
  });

  it("galaxy.version picks the wildcard form: legacy through 23.1, ep from 23.2", () => {
    expect(deploymentOf('version: 1\ngalaxy: {version: "23.1"}\n').galaxy.entryPointStyle).to.equal("legacy");
    expect(deploymentOf('version: 1\ngalaxy: {version: "23.2"}\n').galaxy.entryPointStyle).to.equal("ep");
    expect(deploymentOf('version: 1\ntarget: gtn-current\ngalaxy: {version: "23.0"}\n').galaxy.entryPointStyle).to.equal("legacy");
    // An explicit choice wins (lint says when it contradicts the version).
    expect(deploymentOf('version: 1\ngalaxy: {version: "24.2", interactivetools: {entry_point_style: legacy}}\n').galaxy.entryPointStyle).to.equal("legacy");
  });

  it("roles on gtn-current get the port and the derived prefix written out", () => {
    const d = deploymentOf("version: 1\ntarget: gtn-current\nproxy: {role: usegalaxy_eu.gie_proxy}\n");
    expect([d.proxy.port, d.proxy.pathPrefix, d.config.proxy!.role_version]).to.deep.equal([8000, "/interactivetool/ep", "0.2.0"]);
  });

  it("refuses Gravity on gtn-2020", () => {
    expect(problemsOf("version: 1\nproxy:\n  role: gravity\n")).to.deep.equal([
      "3:9 Gravity runs the proxy only on target gtn-current; set `target: gtn-current` (gxit-gen migrate does it) or choose usegalaxy_eu.gie_proxy or gxit_proxy",
    ]);
  });

  it("refuses role variables with Gravity, and Gravity settings with a role", () => {
    expect(problemsOf("version: 1\ntarget: gtn-current\nproxy:\n  git_version: main\n")[0]).to.match(/^4:3 proxy.git_version is a usegalaxy_eu.gie_proxy role variable/);
    expect(problemsOf("version: 1\nproxy:\n  version: 0.2.3\n")[0]).to.match(/^3:3 proxy.version is a Gravity gx_it_proxy setting, and usegalaxy_eu.gie_proxy runs/);
  });

  it("refuses a path prefix that is not the derived one on gtn-current", () => {
    expect(problemsOf("version: 1\ntarget: gtn-current\nproxy:\n  role: gxit_proxy\n  path_prefix: /its/ep\n")).to.deep.equal([
      "5:16 proxy.path_prefix must be /interactivetool/ep (interactivetools_base_path + prefix + /ep, as Galaxy links path-based tools); remove it, gxit-gen derives it",
    ]);
  });

  it("refuses job_config_file on gtn-current and per-environment resolvers on gtn-2020", () => {
    expect(problemsOf("version: 1\ntarget: gtn-current\ngalaxy:\n  job_config_file: /x/job_conf.xml\n")[0]).to.match(/^4:3 target gtn-current writes the job config inline/);
    expect(
      problemsOf("version: 1\njobs:\n  destinations:\n    d:\n      runner: local\n      container_resolvers: [{type: explicit}]\n")[0],
    ).to.match(/^6:7 destination "d": per-environment container_resolvers need the YAML job config/);
  });
});
