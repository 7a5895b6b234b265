// migrate: every gtn-2020 example becomes a gtn-current config that compiles
// and lints without errors; comments survive; the admin is told what to do on
// the hosts; a config that is already current, or a failed rewrite, leaves
// the file untouched.
import { OUTPUT_PATHS } from "../../src/compile/emitter.js";
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileDeployment } from "../../src/compile/index.js";
import { bundledExamples } from "../../src/compile/examples.js";
import { loadConfigText } from "../../src/config/load.js";
import { lintDeployment } from "../../src/lint/index.js";
import { migrateToCurrent } from "../../src/migrate/to-current.js";
import { cleanupTempDirs, cli, repoPath, tempDir } from "../helpers.js";

const legacyExamples = bundledExamples().filter(
  (e) => loadConfigText(e.configPath, readFileSync(repoPath(e.configPath), "utf8")).target === "gtn-2020",
);

describe("migrate --to gtn-current", () => {
  after(cleanupTempDirs);

  it("has gtn-2020 examples to migrate", () => {
    expect(legacyExamples.map((e) => e.name)).to.include.members(["gtn-tutorial", "minimal", "multi-gxit", "production"]);
  });

  for (const ex of legacyExamples) {
    it(`${ex.name}: the migrated config compiles and lints without errors on gtn-current`, () => {
      const m = migrateToCurrent(ex.configPath, readFileSync(repoPath(ex.configPath), "utf8"));
      expect(m.deployment.target).to.equal("gtn-current");
      const errors = lintDeployment(m.deployment, { lintConfig: false }).findings.filter((f) => f.severity === "error");
      expect(errors.map((f) => `${f.line}:${f.col} ${f.ruleId} ${f.message}`)).to.deep.equal([]);
      const tree = compileDeployment(m.deployment);
      expect([...tree.keys()].some((p) => p.includes("job_conf"))).to.equal(false);
      expect(String(tree.get(OUTPUT_PATHS.groupVars(m.deployment.inventoryGroup))!.content)).to.include("galaxy_job_config:");
    });
  }

  it("keeps comments and flow style, and changes only what the target needs", () => {
    const text = readFileSync(repoPath("examples/gtn-tutorial.yml"), "utf8");
    const m = migrateToCurrent("gtn-tutorial.yml", text);
    expect(m.text).to.include("# Deliberate deviations from what the tutorial has the admin write");
    expect(m.text).to.include("# Only for the training course's untrusted staging certificates;");
    expect(m.text).to.include("hostname: {var: inventory_hostname}");
    expect(m.text).to.match(/^target: gtn-current$/m);
    expect(m.text).to.not.include("job_config_file");
    expect(m.text).to.not.include("gie-proxy");
    expect(m.deployment.proxy.role).to.equal("gravity");
    expect(m.deployment.wildcardHost).to.deep.equal({ template: "*.ep.interactivetool.{{ inventory_hostname }}" });
    expect(m.hostActions.join("\n")).to.include("systemctl disable --now galaxy-gie-proxy");
    expect(m.hostActions.join("\n")).to.include("-e certbot_expand=true");
    expect(m.hostActions.join("\n")).to.include("instead of 8000");
  });

  it("keeps the bundled gxit_proxy role, and a role on request", () => {
    const prod = migrateToCurrent("p.yml", readFileSync(repoPath("examples/production.yml"), "utf8"));
    expect(prod.deployment.proxy.role).to.equal("gxit_proxy");
    const kept = migrateToCurrent("t.yml", readFileSync(repoPath("examples/gtn-tutorial.yml"), "utf8"), { proxy: "keep" });
    expect(kept.deployment.proxy.role).to.equal("usegalaxy_eu.gie_proxy");
    expect(kept.deployment.config.proxy!.role_version).to.equal("0.2.0");
    expect(kept.deployment.proxy.pathPrefix).to.equal("/interactivetool/ep");
  });

  it("replaces a hand-listed legacy wildcard with the *.ep. one, in the same spelling", () => {
    const m = migrateToCurrent(
      "c.yml",
      "version: 1\ncertbot:\n  dns_provider: rfc2136\n  add_wildcard: false\n  domains:\n    - {var: inventory_hostname}\n    - {template: '*.interactivetoolentrypoint.interactivetool.{{ inventory_hostname }}'}\n",
    );
    expect(m.text).to.include('- {template: "*.ep.interactivetool.{{ inventory_hostname }}"}');
    expect(m.text).to.not.include("interactivetoolentrypoint");
  });

  it("keeps the legacy wildcard when the config's Galaxy predates *.ep.", () => {
    const m = migrateToCurrent("c.yml", 'version: 1\ngalaxy:\n  version: "23.0"\n  interactivetools: {entry_point_style: legacy}\n');
    expect(m.deployment.galaxy.entryPointStyle).to.equal("legacy");
  });

  it("CLI: rewrites in place and prints the host steps; --dry-run and a current config leave the file alone", async () => {
    const dir = tempDir();
    const file = join(dir, "gxit.yml");
    writeFileSync(file, readFileSync(repoPath("examples/minimal.yml")));
    const dry = await cli("migrate", file, "--to", "gtn-current", "--dry-run");
    expect(dry.code).to.equal(0);
    expect(dry.out).to.match(/^target: gtn-current$/m);
    expect(readFileSync(file, "utf8")).to.equal(readFileSync(repoPath("examples/minimal.yml"), "utf8"));
    const run = await cli("migrate", file, "--to", "gtn-current");
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.include("To do on the hosts:");
    expect(readFileSync(file, "utf8")).to.match(/^target: gtn-current$/m);
    const again = await cli("migrate", file, "--to", "gtn-current");
    expect(again.code).to.equal(3);
    expect(again.err).to.match(/gxit\.yml:\d+:\d+.*already for target gtn-current; nothing to migrate/);
  });
});
