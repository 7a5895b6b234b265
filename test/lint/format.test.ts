// Report formats: text lines, colour only on request, JSON, SARIF validated
// against the official SARIF 2.1.0 schema, GitHub annotations with escaping.
import { readFileSync } from "node:fs";
import { expect } from "chai";
import AjvModule from "ajv";
import addFormatsModule from "ajv-formats";
import { loadConfigText } from "../../src/config/load.js";
import { allRules, formatReport, lintDeployment, mergeReports } from "../../src/lint/index.js";
import { repoPath } from "../../src/util/paths.js";
import { docker, ROUTE_ETHERCALC } from "./fixtures.js";

const Ajv = AjvModule.default ?? AjvModule;
// ajv-formats is CommonJS with a default export; under NodeNext the function is `.default`.
type AddFormats = (ajv: InstanceType<typeof Ajv>) => unknown;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

const CODE = docker(
  "local",
  [
    "docker_volumes: $defaults",
    "docker_net: host  # gxit-lint disable=gxit-net[host] -- license server, ticket OPS-12",
    'docker_run_extra_arguments: "-e MSG=a,b:c%d"',
  ],
  { head: ["certbot:", "  dns_provider: rfc2136"], tail: ROUTE_ETHERCALC },
);
const report = lintDeployment(loadConfigText("configs/gxit.yml", CODE), { lintConfig: false });

describe("report formats", () => {
  it("text: file:line:col severity id message, then the fix; suppressed findings only counted", () => {
    const out = formatReport(report, "text");
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).to.equal(
      'configs/gxit.yml:10:7 error gxit-container[not-required] destination "gxit" runs interactive tools (interactive_tool_ethercalc) without require_container: true; a tool whose container cannot be resolved would run unconfined on the host',
    );
    expect(lines[1]).to.match(/^ {2}fix: Add `require_container: true`/);
    expect(out).to.contain("configs/gxit.yml:12:25 error gxit-volumes[datasets-rw] ");
    expect(out).to.not.contain("gxit-net[host]");
    expect(lines[lines.length - 1]).to.match(/^\d+ errors?, \d+ warnings?, \d+ notes? \(1 suppressed\)$/);
    expect(out).to.not.contain("\u001b[");
  });

  it("text: colour only when asked", () => {
    const out = formatReport(report, "text", { color: true });
    expect(out).to.contain("\u001b[31m\u001b[1merror\u001b[0m");
  });

  it("text: nothing at all for a clean report", () => {
    expect(formatReport(mergeReports([]), "text")).to.equal("");
  });

  it("json: every finding with status, path and fingerprint", () => {
    const doc = JSON.parse(formatReport(report, "json"));
    expect(doc.files).to.deep.equal(["configs/gxit.yml"]);
    const net = doc.findings.find((f: { ruleId: string }) => f.ruleId === "gxit-net[host]");
    expect(net).to.include({ status: "suppressed", path: "jobs.destinations.gxit.params.docker_net", line: 13, col: 21, destination: "gxit" });
    expect(net.suppression).to.deep.equal({ kind: "inline", reason: "license server, ticket OPS-12", file: "configs/gxit.yml", line: 13 });
    expect(net.fingerprint).to.match(/^[0-9a-f]{32}$/);
    expect(doc.summary.suppressed).to.equal(1);
  });

  it("sarif: valid SARIF 2.1.0, one rule per rule with helpUri, physical locations", () => {
    const log = JSON.parse(formatReport(report, "sarif", { cwd: repoPath() }));
    // The official schema (vendored from @microsoft/jest-sarif, see fixtures/README.md) is draft-04;
    // ajv 8 reads it as draft-07, which only differs here in the `id` keyword.
    const schema = JSON.parse(readFileSync(repoPath("test", "lint", "fixtures", "sarif-2.1.0-rtm.5.json"), "utf8"));
    delete schema.id;
    schema.$schema = "http://json-schema.org/draft-07/schema#";
    // The schema has a pattern with a stray "]" that is only valid without the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(log);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).to.deep.equal([]);
    expect(ok).to.equal(true);

    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).to.deep.equal(allRules.map((r) => r.meta.id));
    const rw = run.tool.driver.rules.find((r: { id: string }) => r.id === "gxit-volumes[datasets-rw]");
    expect(rw.helpUri).to.match(/^https:\/\/.+\/docs\/rules\/gxit-volumes-datasets-rw\.md$/);
    expect(rw.fullDescription.text).to.contain("$default_file_path:rw");
    expect(rw.defaultConfiguration.level).to.equal("error");
    const res = run.results.find((r: { ruleId: string }) => r.ruleId === "gxit-volumes[datasets-rw]");
    expect(res.locations[0].physicalLocation).to.deep.equal({
      artifactLocation: { uri: "configs/gxit.yml" },
      region: { startLine: 12, startColumn: 25, endLine: 12, endColumn: 34 },
    });
    expect(run.tool.driver.rules[res.ruleIndex].id).to.equal(res.ruleId);
    const sup = run.results.find((r: { ruleId: string }) => r.ruleId === "gxit-net[host]");
    expect(sup.suppressions).to.deep.equal([{ kind: "inSource", status: "accepted", justification: "license server, ticket OPS-12" }]);
  });

  it("sarif: the schema check can fail (a broken log is rejected)", () => {
    const schema = JSON.parse(readFileSync(repoPath("test", "lint", "fixtures", "sarif-2.1.0-rtm.5.json"), "utf8"));
    delete schema.id;
    schema.$schema = "http://json-schema.org/draft-07/schema#";
    const ajv = new Ajv({ strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const log = JSON.parse(formatReport(report, "sarif"));
    log.runs[0].results[0].level = "fatal";
    expect(ajv.validate(schema, log)).to.equal(false);
  });

  it("github: workflow commands, notes as notices, properties and data escaped", () => {
    const out = formatReport(report, "github");
    const lines = out.trimEnd().split("\n");
    expect(lines.every((l) => /^::(error|warning|notice) file=configs\/gxit\.yml,line=\d+,col=\d+,endLine=\d+,title=gxit-[^:,]+::/.test(l))).to.equal(true);
    const rw = lines.find((l) => l.includes("title=gxit-volumes[datasets-rw]"))!;
    expect(rw.startsWith("::error file=configs/gxit.yml,line=12,col=25,")).to.equal(true);
    expect(rw).to.contain("%0Afix: Run the destination");
    expect(out).to.not.contain("gxit-net[host]");
    const d = lintDeployment(loadConfigText("a,b:c%.yml", docker("pulsar_embedded", ["docker_auto_rm: false"])), { lintConfig: false });
    expect(formatReport(d, "github")).to.contain("::warning file=a%2Cb%3Ac%25.yml,");
    expect(formatReport(d, "github")).to.contain("::notice file=");
  });
});
