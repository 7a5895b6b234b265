// `gxit-gen lint`, `rules` and `explain` as a user runs them: exit codes
// (0 / 2 / 3 / 64), schema errors printed as `validate` prints them, report
// formats and -o, colour rules, allowlist and baseline files.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { memoryIO } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import { cli, repoPath, tempDir } from "../helpers.js";

const tutorial = repoPath("examples/gtn-tutorial.yml");
const unsafe = repoPath("examples/unsafe/gtn-tutorial-first-state.yml");

describe("gxit-gen lint", () => {
  it("exits 0 on the tutorial's final state (notes only) and 2 with --strict", async () => {
    const run = await cli("lint", tutorial);
    expect(run.code).to.equal(0);
    expect(run.out).to.match(/note gxit-user\[image-default\]/);
    expect(run.out).to.match(/\n0 errors, 0 warnings, \d+ notes\n$/);
    expect((await cli("lint", "--strict", tutorial)).code).to.equal(2);
  });

  it("exits 2 on the unsafe state, pointing at the volumes line", async () => {
    const run = await cli("lint", unsafe);
    expect(run.code).to.equal(2);
    expect(run.out.split("\n")[0]).to.match(/^.*gtn-tutorial-first-state\.yml:69:25 error gxit-volumes\[datasets-rw\] "\$defaults" on the local runner "local"/);
    expect(run.out.split("\n")[1]).to.match(/^ {2}fix: Run the destination on the embedded Pulsar runner/);
  });

  it("reports an invalid config as gxit-config findings in every format, and exits 3", async () => {
    const dir = tempDir();
    const bad = join(dir, "bad.yml");
    writeFileSync(bad, "version: 1\njobs:\n  destinations:\n    gxit: {runner: local, params: {docker_net: [host]}}\n");
    const validate = await cli("validate", bad);
    expect(validate.err).to.match(/bad\.yml:4:\d+: /);
    const where = validate.err.split(": ")[0]!;

    const text = await cli("lint", bad, tutorial);
    expect(text.code).to.equal(3);
    expect(text.out).to.contain(`${where} error gxit-config[schema] `);
    // The valid config is still linted.
    expect(text.out).to.contain("gxit-user[image-default]");

    for (const format of ["json", "sarif", "github"]) {
      const run = await cli("lint", "-f", format, bad, tutorial);
      expect(run.code, format).to.equal(3);
      // Off the text report, stderr still shows the problems exactly as validate prints them.
      expect(run.err, format).to.equal(validate.err);
      expect(run.out, format).to.contain("gxit-config[schema]");
    }
    const sarif = JSON.parse((await cli("lint", "-f", "sarif", bad)).out);
    const result = sarif.runs[0].results[0];
    expect(result.ruleId).to.equal("gxit-config[schema]");
    expect(result.level).to.equal("error");
    expect(result.locations[0].physicalLocation.region.startLine).to.equal(4);
    const json = JSON.parse((await cli("lint", "-f", "json", bad)).out);
    expect(json.findings.map((f: { ruleId: string; messageId: string }) => `${f.ruleId} ${f.messageId}`)).to.deep.equal(["gxit-config[schema] invalid"]);
  });

  it("writes json/sarif/github reports, to -o when given", async () => {
    const dir = tempDir();
    const json = await cli("lint", "-f", "json", unsafe);
    expect(json.code).to.equal(2);
    expect(JSON.parse(json.out).findings.some((f: { ruleId: string }) => f.ruleId === "gxit-volumes[datasets-rw]")).to.equal(true);
    const out = join(dir, "reports", "lint.sarif");
    const sarif = await cli("lint", "--format", "sarif", "-o", out, unsafe);
    expect(sarif.code).to.equal(2);
    expect(sarif.out).to.equal("");
    expect(JSON.parse(readFileSync(out, "utf8")).version).to.equal("2.1.0");
    const gh = await cli("lint", "-f", "github", unsafe);
    expect(gh.out).to.match(/^::error file=.*gtn-tutorial-first-state\.yml,line=69,col=25,endLine=69,title=gxit-volumes\[datasets-rw\]::/m);
    expect((await cli("lint", "-f", "xml", unsafe)).code).to.equal(64);
  });

  it("colours text only on a terminal without NO_COLOR", async () => {
    const tty = memoryIO({ isTTY: true, env: {} });
    await runCli(["lint", unsafe], tty);
    expect(tty.out).to.contain("\u001b[31m");
    const noColor = memoryIO({ isTTY: true, env: { NO_COLOR: "1" } });
    await runCli(["lint", unsafe], noColor);
    expect(noColor.out).to.not.contain("\u001b[");
  });

  it("--write-baseline then --baseline: old findings pass, unsuppressible ones still fail", async () => {
    const dir = tempDir();
    const config = join(dir, "c.yml");
    const base = readFileSync(unsafe, "utf8").replace("docker_net: bridge", "docker_net: host");
    writeFileSync(config, base);
    const baseline = join(dir, "lint-baseline.json");
    const first = await cli("lint", "--write-baseline", baseline, config);
    expect(first.err).to.match(/lint-baseline\.json: recorded \d+ finding\(s\)/);
    expect(first.code, "datasets-rw cannot be baselined").to.equal(2);
    const doc = JSON.parse(readFileSync(baseline, "utf8"));
    expect(doc.findings.map((f: { rule: string; file: string }) => `${f.file} ${f.rule}`)).to.include("c.yml gxit-net[host]");
    // An edit elsewhere keeps the baseline valid.
    writeFileSync(config, "# moved down a line\n" + base);
    const again = await cli("lint", "--baseline", baseline, config);
    expect(again.out).to.not.contain("gxit-net[host]");
    expect(again.out).to.contain("gxit-volumes[datasets-rw]");
    expect(again.out).to.match(/\(\d+ baselined\)/);
    writeFileSync(join(dir, "broken.json"), "{");
    expect((await cli("lint", "--baseline", join(dir, "broken.json"), config)).code).to.equal(3);
  });

  it("reads .gxit-lint.yml next to the config or from --config, and rejects an invalid one with exit 3", async () => {
    const dir = tempDir();
    const config = join(dir, "c.yml");
    writeFileSync(config, readFileSync(unsafe, "utf8"));
    writeFileSync(join(dir, ".gxit-lint.yml"), "allow:\n  - rule: gxit-volumes[datasets-rw]\n    destination: interactive_local\n    reason: air-gapped training VM\n");
    const allowed = await cli("lint", config);
    expect(allowed.code).to.equal(0);
    expect(allowed.out).to.contain("(1 suppressed)");
    const other = join(dir, "strict-lint.yml");
    writeFileSync(other, "allow:\n  - rule: gxit-volumes[datasets-rw]\n    destination: interactive_local\n");
    const bad = await cli("lint", "--config", other, config);
    expect(bad.code).to.equal(3);
    expect(bad.err).to.match(/strict-lint\.yml:2:5: an allow entry needs `reason`/);
  });
});

describe("gxit-gen rules / explain", () => {
  it("rules lists every rule with its severity", async () => {
    const run = await cli("rules");
    expect(run.code).to.equal(0);
    expect(run.out).to.match(/^gxit-volumes\[datasets-rw\] +error +A Docker destination mounts .* \[allowlist only\]$/m);
    expect(run.out).to.match(/^gxit-user\[image-default\] +note +/m);
    const json = JSON.parse((await cli("rules", "--json")).out);
    expect(json.find((r: { id: string }) => r.id === "gxit-net[host]")).to.include({ severity: "error", suppressible: true });
  });

  it("explain prints rationale, fix and examples; accepts the docs file name", async () => {
    const run = await cli("explain", "gxit-volumes[datasets-rw]");
    expect(run.code).to.equal(0);
    expect(run.out).to.match(/^gxit-volumes\[datasets-rw\] \(error, cannot be suppressed inline/);
    expect(run.out).to.contain("\nWhy:\n  On every runner except Pulsar");
    expect(run.out).to.contain("\nFix:\n  Run the destination on the embedded Pulsar runner");
    expect(run.out).to.contain("\nProblematic config:\n    version: 1\n");
    expect((await cli("explain", "gxit-net-host")).out).to.match(/^gxit-net\[host\] \(error\)/);
  });

  it("explain suggests the closest id and exits 64 for an unknown one", async () => {
    const run = await cli("explain", "gxit-net[hots]");
    expect(run.code).to.equal(64);
    expect(run.err).to.equal('gxit-gen: unknown rule "gxit-net[hots]"; did you mean "gxit-net[host]"? (`gxit-gen rules` lists them)\n');
    expect(existsSync(repoPath("docs/rules/gxit-net-host.md"))).to.equal(true);
  });
});
