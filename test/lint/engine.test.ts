// The engine around the rules: inline suppressions, the .gxit-lint.yml
// allowlist (and its validation), baselines and fingerprints, exit codes,
// and the two configs the issue names (tutorial final state, unsafe state).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { loadTreeText } from "../../src/tree/load.js";
import { loadConfigFile } from "../../src/config/load.js";
import { ConfigSource } from "../../src/config/source.js";
import {
  allRules,
  blockingFindings,
  isActive,
  allowableRuleIds,
  lintDeployment,
  lintText,
  lintErrors,
  lintExitCode,
  renderBaseline,
  type Finding,
} from "../../src/lint/index.js";
import { parseBaseline } from "../../src/lint/baseline.js";
import { parseLintConfig } from "../../src/lint/lint-config.js";
import { ConfigError } from "../../src/util/errors.js";
import { repoPath } from "../../src/util/paths.js";
import { docker } from "./fixtures.js";

const lint = (code: string, opts: Parameters<typeof lintDeployment>[1] = {}, file = "test.yml") =>
  lintText(file, code, { lintConfig: false, ...opts });
const only = (fs: Finding[], id: string) => fs.filter((f) => f.ruleId === id);
const lintCfg = (text: string, file = ".gxit-lint.yml") => parseLintConfig(ConfigSource.fromText(file, text), allowableRuleIds);

describe("lint engine", () => {
  describe("the issue's two configs", () => {
    it("examples/gtn-tutorial.yml has no error-level finding", () => {
      const report = lintDeployment(loadConfigFile(repoPath("examples", "gtn-tutorial.yml")), { lintConfig: false });
      expect(blockingFindings(report)).to.deep.equal([]);
      expect(lintExitCode(report)).to.equal(0);
      // ...but it is not silent: the tutorial's docker_set_user "" is worth a note.
      expect(report.findings.map((f) => f.ruleId)).to.include("gxit-user[image-default]");
      expect(lintExitCode(report, { strict: true })).to.equal(2);
    });

    it("the tutorial's unsafe first state fails with datasets-rw at the docker_volumes line", () => {
      const report = lintDeployment(loadConfigFile(repoPath("examples", "unsafe", "gtn-tutorial-first-state.yml")), { lintConfig: false });
      const errors = blockingFindings(report);
      expect(errors.map((f) => `${f.ruleId} ${f.line}:${f.col}`)).to.deep.equal(["gxit-volumes[datasets-rw] 69:25"]);
      expect(errors[0]!.path).to.deep.equal(["jobs", "destinations", "interactive_local", "params", "docker_volumes"]);
      expect(errors[0]!.destination).to.equal("interactive_local");
      expect(lintExitCode(report)).to.equal(2);
    });

    it("lintErrors returns only unsuppressed error findings (the compile gate)", () => {
      const d = loadConfigFile(repoPath("examples", "unsafe", "gtn-tutorial-first-state.yml"));
      expect(lintErrors(d, { lintConfig: false }).map((f) => f.ruleId)).to.deep.equal(["gxit-volumes[datasets-rw]"]);
    });
  });

  describe("inline suppression", () => {
    it("suppresses the finding on its line, keeping it in the report with the reason", () => {
      const r = lint(docker("pulsar_embedded", ["docker_net: host  # gxit-lint disable=gxit-net[host] -- license server on localhost"]));
      const f = only(r.findings, "gxit-net[host]");
      expect(f).to.have.length(1);
      expect(f[0]!.suppressed).to.deep.equal({ kind: "inline", reason: "license server on localhost", file: "test.yml", line: 10 });
      expect(isActive(f[0]!)).to.equal(false);
      expect(only(r.findings, "gxit-lint[unused-suppression]")).to.deep.equal([]);
    });

    it("does not apply without a reason", () => {
      const r = lint(docker("pulsar_embedded", ["docker_net: host  # gxit-lint disable=gxit-net[host]"]));
      expect(only(r.findings, "gxit-net[host]").filter(isActive)).to.have.length(1);
      expect(only(r.findings, "gxit-lint[no-reason]")).to.have.length(1);
    });

    it("never applies to unsuppressible rules", () => {
      const r = lint(docker("local", ["docker_volumes: $defaults  # gxit-lint disable=gxit-volumes[datasets-rw] -- trust me"]));
      expect(only(r.findings, "gxit-volumes[datasets-rw]").filter(isActive)).to.have.length(1);
      expect(lintExitCode(r)).to.equal(2);
    });

    it("ignores '#' inside quoted strings", () => {
      const r = lint(docker("pulsar_embedded", ['docker_net: host', 'docker_run_extra_arguments: "-e A=1 # gxit-lint disable=gxit-net[host] -- x"']));
      expect(only(r.findings, "gxit-net[host]").filter(isActive)).to.have.length(1);
    });
  });

  describe(".gxit-lint.yml allowlist", () => {
    const unsafe = docker("local", ["docker_volumes: $defaults"]);

    it("silences an unsuppressible rule for the named destination only", () => {
      const lc = lintCfg("allow:\n  - rule: gxit-volumes[datasets-rw]\n    destination: gxit\n    reason: training VM without user data\n");
      const r = lint(unsafe, { lintConfig: lc });
      const f = only(r.findings, "gxit-volumes[datasets-rw]");
      expect(f[0]!.suppressed).to.deep.equal({ kind: "allowlist", reason: "training VM without user data", file: ".gxit-lint.yml", line: 2 });
      expect(blockingFindings(r).map((x) => x.ruleId)).to.not.include("gxit-volumes[datasets-rw]");
      const other = lintCfg("allow:\n  - rule: gxit-volumes[datasets-rw]\n    destination: elsewhere\n    reason: r\n");
      expect(only(lint(unsafe, { lintConfig: other }).findings, "gxit-volumes[datasets-rw]").filter(isActive)).to.have.length(1);
    });

    it("matches by config path prefix", () => {
      const lc = lintCfg("allow:\n  - rule: gxit-secrets[plain-text]\n    path: extra_vars.legacy\n    reason: rotated, throwaway staging value\n");
      const r = lint("version: 1\nextra_vars:\n  legacy:\n    db_password: x7Hq2\n  other_password: y8Jr3\n", { lintConfig: lc });
      expect(only(r.findings, "gxit-secrets[plain-text]").map((f) => `${f.line} ${isActive(f)}`)).to.deep.equal(["4 false", "5 true"]);
    });

    it("reports an unused entry in the lint config, but not one for another config's destination", () => {
      const lc = lintCfg("allow:\n  - rule: gxit-net[host]\n    destination: gxit\n    reason: r\n  - rule: gxit-net[host]\n    destination: not_here\n    reason: r\n");
      const r = lint(docker("pulsar_embedded", ["docker_net: bridge"]), { lintConfig: lc });
      const unused = only(r.findings, "gxit-lint[unused-suppression]");
      expect(unused.map((f) => `${f.file}:${f.line}:${f.col}`)).to.deep.equal([".gxit-lint.yml:2:5"]);
    });

    it("honours `file:`", () => {
      const lc = lintCfg("allow:\n  - rule: gxit-volumes[datasets-rw]\n    destination: gxit\n    reason: r\n    file: other.yml\n");
      expect(only(lint(unsafe, { lintConfig: lc }).findings, "gxit-volumes[datasets-rw]").filter(isActive)).to.have.length(1);
      expect(only(lint(unsafe, { lintConfig: lc }, "dir/other.yml").findings, "gxit-volumes[datasets-rw]").filter(isActive)).to.have.length(0);
    });

    it("is read from next to the config file when not given", () => {
      const dir = mkdtempSync(join(tmpdir(), "gxit-lint-"));
      try {
        writeFileSync(join(dir, "c.yml"), unsafe);
        writeFileSync(join(dir, ".gxit-lint.yml"), "allow:\n  - {rule: 'gxit-volumes[datasets-rw]', destination: gxit, reason: lab machine}\n");
        const r = lintDeployment(loadConfigFile(join(dir, "c.yml")));
        expect(only(r.findings, "gxit-volumes[datasets-rw]")[0]!.suppressed?.kind).to.equal("allowlist");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("is validated with positions", () => {
      const text = "allow:\n  - rule: gxit-volumes[datasets-rwx]\n    destination: a\n    reason: r\n  - rule: gxit-net[host]\n    destination: a\n  - rule: gxit-net[host]\n    destinaton: a\n    reason: r\nignore: []\n";
      let err: ConfigError | undefined;
      try {
        lintCfg(text);
      } catch (e) {
        err = e as ConfigError;
      }
      expect(err).to.be.instanceOf(ConfigError);
      expect(err!.diagnostics.map((d) => `${d.position?.line}:${d.position?.col} ${d.message}`)).to.deep.equal([
        '2:11 unknown rule "gxit-volumes[datasets-rwx]"; did you mean "gxit-volumes[datasets-rw]"?',
        "5:5 an allow entry needs `reason`: say why this finding is acceptable",
        '8:5 unknown key "destinaton" in an allow entry; did you mean "destination"?',
        '10:1 unknown key "ignore"; the only key is `allow`',
      ]);
    });
  });

  it("an allow entry cannot name a directive rule", () => {
    expect(() => lintCfg("allow:\n  - {rule: 'gxit-lint[no-reason]', destination: a, reason: r}\n")).to.throw(/2:12: unknown rule "gxit-lint\[no-reason\]"/);
  });

  describe("baseline", () => {
    const before = docker("pulsar_embedded", ["docker_net: host", "docker_sudo: true", "docker_run_extra_arguments: --privileged"]);

    it("fingerprints survive edits elsewhere and record neither line numbers nor unsuppressible rules", () => {
      const r1 = lint(before);
      const { text, count } = renderBaseline(r1, "baseline.json");
      const doc = JSON.parse(text);
      expect(doc.findings.map((e: { rule: string }) => e.rule)).to.include.members(["gxit-net[host]", "gxit-docker[sudo]"]);
      expect(doc.findings.map((e: { rule: string }) => e.rule)).to.not.include("gxit-run-args[privileged]");
      expect(text).to.not.match(/"line"/);
      expect(count).to.equal(doc.findings.length);
      const baseline = parseBaseline("baseline.json", text);

      // Two comment lines inserted above: every position moves, nothing new appears.
      const shifted = before.replace("jobs:", "# a comment\n# another\njobs:");
      const r2 = lint(shifted, { baseline });
      expect(r2.findings.filter(isActive).map((f) => f.ruleId)).to.deep.equal(["gxit-run-args[privileged]"]);
      expect(only(r2.findings, "gxit-net[host]")[0]!.line).to.equal(12);
      expect(only(r2.findings, "gxit-net[host]")[0]!.fingerprint).to.equal(only(r1.findings, "gxit-net[host]")[0]!.fingerprint);

      // A changed value is a new finding.
      const r3 = lint(before.replace("docker_sudo: true", "docker_sudo: true\n        docker_auto_rm: false"), { baseline });
      expect(r3.findings.filter(isActive).map((f) => f.ruleId).sort()).to.deep.equal(["gxit-container[no-rm]", "gxit-run-args[privileged]"]);
    });

    it("rejects a file that is not a baseline, with the exit code of invalid config", () => {
      expect(() => parseBaseline("b.json", "{not json")).to.throw(ConfigError).with.property("exitCode", 3);
      expect(() => parseBaseline("b.json", '{"version": 2, "findings": []}')).to.throw(/not a gxit-gen lint baseline/);
    });
  });

  describe("positions", () => {
    it("every finding of every rule example points inside the document", () => {
      for (const rule of allRules) {
        const kind = rule.meta.examples.kind;
        const r = kind ? lintDeployment(loadTreeText(kind, rule.meta.examples.problematic).deployment, { lintConfig: false }) : lint(rule.meta.examples.problematic);
        const lines = rule.meta.examples.problematic.split("\n").length;
        for (const f of r.findings) {
          expect(f.line, `${f.ruleId} in ${rule.meta.id}'s example`).to.be.within(1, lines);
          expect(f.col).to.be.at.least(1);
        }
      }
    });
  });
});
