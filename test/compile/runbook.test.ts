// What a new admin needs from each compiled tree (issue #12): every role the
// playbook runs in requirements.yml, a README that is a runbook, vars that a
// vault next to them does not shadow, linters that skip installed roles, and
// for path-based tools the location Galaxy's vhost includes.
import { expect } from "chai";
import { parse } from "yaml";
import { compileDeployment } from "../../src/compile/index.js";
import { bundledExamples } from "../../src/compile/examples.js";
import { OUTPUT_PATHS } from "../../src/compile/emitter.js";
import { PATH_LOCATION_CONFIG } from "../../src/compile/emitters/group-vars.js";
import { loadConfigFile } from "../../src/config/load.js";
import { playbookRoles } from "../ecosystem/tools.js";
import { deploymentOf, repoPath } from "../helpers.js";

function files(d: ReturnType<typeof loadConfigFile>): Map<string, string> {
  return new Map([...compileDeployment(d)].map(([p, f]) => [p, f.content.toString()]));
}

describe("compiled trees as a new admin applies them", () => {
  for (const example of bundledExamples()) {
    describe(example.name, () => {
      const d = loadConfigFile(repoPath(example.configPath));
      const tree = files(d);
      const readme = tree.get("README.md")!;

      it("requirements.yml installs every role the playbook runs (and the certbot role nginx includes)", () => {
        // With collections (community.postgresql for the map's database) the file is {roles:, collections:}.
        const doc = parse(tree.get("requirements.yml")!) as Array<{ src: string; version?: string }> | { roles: Array<{ src: string; version?: string }>; collections: Array<{ name: string; version?: string }> };
        const roles = Array.isArray(doc) ? doc : doc.roles;
        const required = roles.map((r) => r.src);
        // The roles that ship in the tree (roles/<name>/) need no install.
        const ran = playbookRoles(tree.get(d.config.playbook!.file!)!).filter((r) => !tree.has(`roles/${r}/tasks/main.yml`));
        expect(required).to.include.members(ran);
        if (d.certbot.enabled) expect(required).to.include("usegalaxy_eu.certbot");
        for (const r of [...roles, ...(Array.isArray(doc) ? [] : doc.collections)]) expect(r.version).to.be.a("string");
        if (!Array.isArray(doc)) expect(readme).to.include("ansible-galaxy collection install -r requirements.yml");
      });

      it("puts the generated vars inside group_vars/<group>/, where a vault file does not shadow them", () => {
        expect(tree.has(`group_vars/${d.inventoryGroup}.yml`)).to.equal(false);
        expect(tree.has(OUTPUT_PATHS.groupVars(d.inventoryGroup))).to.equal(true);
        expect(readme).to.include(`\`${OUTPUT_PATHS.vault(d.inventoryGroup)}\``);
        expect(readme).to.not.match(/group_vars\/galaxyservers\.yml`, encrypted/);
      });

      it("has a README that is a runbook: inventory, roles, first and later runs, checks, minimum ansible-core", () => {
        expect(readme).to.include(`[${d.inventoryGroup}]`);
        expect(readme).to.include("ansible-galaxy role install -p roles -r requirements.yml");
        expect(readme).to.match(/ansible-playbook -i hosts galaxy\.yml.* -e certbot_expand=true/);
        expect(readme).to.include(`journalctl -u ${d.proxy.role === "gravity" ? "galaxy-gx-it-proxy" : "galaxy-gie-proxy"}`);
        expect(readme).to.match(/curl -sk https:\/\/test\.[a-z.]+\.galaxy\.example\.org\//);
        expect(readme).to.match(/ansible-core \d+\.\d+(\.\d+)? or later/);
        expect(readme).to.include("npx gxit-gen compile");
      });

      it(".yamllint ignores the installed external roles", () => {
        const ignore = (parse(tree.get(".yamllint")!) as { ignore?: string }).ignore ?? "";
        for (const r of playbookRoles(tree.get(d.config.playbook!.file!)!).filter((n) => n.includes("."))) {
          expect(ignore.split("\n")).to.include(`roles/${r}/`);
        }
      });

      it("the vhost does not depend on the proxy role's defaults for the port", () => {
        // {{ gie_proxy_port }} only where group_vars defines it: in a play without the role it is undefined otherwise.
        const vars = parse(tree.get(OUTPUT_PATHS.groupVars(d.inventoryGroup))!) as Record<string, unknown>;
        if (tree.get(OUTPUT_PATHS.nginxVhost(d.nginx.vhostName))!.includes("{{ gie_proxy_port }}")) {
          expect(vars.gie_proxy_port).to.be.a("number");
        }
      });

      it("installs Node.js for the proxy (ExecStart is not a bare `node`)", function () {
        if (d.proxy.role === "gravity") this.skip(); // Gravity runs it with npx from Galaxy's own Node.js
        // The proxies' own group holds the proxy's variables when they run elsewhere.
        const vars = parse(tree.get(OUTPUT_PATHS.groupVars(d.proxy.replicas?.group ?? d.inventoryGroup))!) as Record<string, unknown>;
        expect(vars.gie_proxy_setup_nodejs ?? vars.gie_proxy_nodejs_executable).to.not.equal(undefined);
      });
    });
  }

  it("multi-gxit: the path-based location for Galaxy's vhost, installed by nginx_extra_configs, and where it goes", () => {
    const d = loadConfigFile(repoPath("examples/multi-gxit.yml"));
    const tree = files(d);
    const location = tree.get(OUTPUT_PATHS.nginxExtraConfig(PATH_LOCATION_CONFIG))!;
    expect(location).to.include("location ~* ^/(interactivetool/.+)$ {");
    expect(location).to.include("proxy_pass http://localhost:4002;");
    const vars = parse(tree.get(OUTPUT_PATHS.groupVars("galaxyservers"))!) as Record<string, unknown>;
    expect(vars.nginx_extra_configs).to.deep.equal([PATH_LOCATION_CONFIG]);
    expect(vars.gie_proxy_path_prefix).to.equal("/interactivetool/ep");
    expect(tree.get("README.md")).to.include(`include /etc/nginx/${PATH_LOCATION_CONFIG};`);
  });

  it("no location file without path-based tools", () => {
    expect([...compileDeployment(deploymentOf("version: 1\n")).keys()]).to.not.include(OUTPUT_PATHS.nginxExtraConfig(PATH_LOCATION_CONFIG));
  });

  it("certbot_domains follows a literal galaxy.hostname", () => {
    const d = deploymentOf("version: 1\ngalaxy: {hostname: galaxy.example.org}\n");
    const vars = parse(String(compileDeployment(d).get(OUTPUT_PATHS.groupVars("galaxyservers"))!.content)) as Record<string, unknown>;
    expect(vars.certbot_domains).to.deep.equal(["galaxy.example.org", "*.interactivetoolentrypoint.interactivetool.galaxy.example.org"]);
  });
});
