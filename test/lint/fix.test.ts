// --fix edits through the yaml Document API: the fixed values change, the
// comments, key order and flow collections around them stay, and a fixed
// config lints clean of the rules it fixed.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { applyFixes, lintText } from "../../src/lint/index.js";
import { cli, tempDir } from "../helpers.js";

const CONFIG = `version: 1
# A debugging destination, kept on purpose.
jobs:
  runners:
    pulsar_embedded: {type: pulsar_embedded}
  destinations:
    gxit:
      runner: pulsar_embedded
      params:
        docker_enabled: true
        docker_auto_rm: false # containers stay after the job
        docker_net: host
        docker_sudo: true
  tools:
    - {id: interactive_tool_ethercalc, destination: gxit}
`;

const FIXED_RULES = ["gxit-container[no-rm]", "gxit-container[not-required]", "gxit-net[host]", "gxit-pulsar[callback]"];

describe("lint --fix", () => {
  it("applies the fixable rules' edits and keeps everything else", () => {
    const report = lintText("c.yml", CONFIG, { lintConfig: false });
    const r = applyFixes("c.yml", CONFIG, report.findings);
    expect(r.fixed.map((f) => f.ruleId).sort()).to.deep.equal(FIXED_RULES);
    expect(r.text).to.equal(
      CONFIG.replace("docker_auto_rm: false", "docker_auto_rm: true")
        .replace("docker_net: host", "docker_net: bridge")
        .replace("docker_sudo: true\n", "docker_sudo: true\n        container_monitor_result: callback\n        require_container: true\n"),
    );
    const after = lintText("c.yml", r.text, { lintConfig: false }).findings.map((f) => f.ruleId);
    for (const id of FIXED_RULES) expect(after).to.not.include(id);
    // Not fixable: a judgement, not a mechanical change.
    expect(after).to.include("gxit-docker[sudo]");
  });

  it("leaves suppressed findings alone", () => {
    const text = CONFIG.replace("docker_auto_rm: false # containers stay after the job", "docker_auto_rm: false # gxit-lint disable=gxit-container[no-rm] -- debugging destination");
    const r = applyFixes("c.yml", text, lintText("c.yml", text, { lintConfig: false }).findings);
    expect(r.fixed.map((f) => f.ruleId)).to.not.include("gxit-container[no-rm]");
    expect(r.text).to.contain("docker_auto_rm: false # gxit-lint disable=gxit-container[no-rm]");
  });

  it("--fix writes the file and reports what remains; --fix-dry-run prints the diff and writes nothing", async () => {
    const dir = tempDir();
    const file = join(dir, "gxit.yml");
    writeFileSync(file, CONFIG);
    const dry = await cli("lint", "--fix-dry-run", file);
    expect(readFileSync(file, "utf8")).to.equal(CONFIG);
    expect(dry.out).to.contain("-        docker_net: host\n").and.to.contain("+        docker_net: bridge\n");
    expect(dry.err).to.contain("would fix gxit-net[host]");
    const run = await cli("lint", "--fix", file);
    expect(run.err).to.match(/gxit\.yml:12:21: fixed gxit-net\[host\]: jobs\.destinations\.gxit\.params\.docker_net = "bridge"/);
    expect(readFileSync(file, "utf8")).to.contain("docker_auto_rm: true # containers stay after the job");
    expect(run.out).to.not.contain("gxit-net[host]");
    expect(run.out).to.contain("gxit-docker[sudo]");
    expect(run.code).to.equal(2);
  });
});
