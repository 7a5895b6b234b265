// Lint of hand-written Ansible trees: the tutorial's unsafe first state
// written as job_conf.xml, a YAML job conf template, an inline
// galaxy_job_config and TPV, each at the hand-written line of its
// docker_volumes; and their safe versions with no error.
import { expect } from "chai";
import { join } from "node:path";
import { lintDeployment } from "../../src/lint/index.js";
import { loadTree } from "../../src/tree/load.js";

const FIXTURES = join(process.cwd(), "test", "tree", "fixtures");

function lint(name: string) {
  const tree = loadTree(join(FIXTURES, name));
  expect(tree.problems, "every file is read").to.deep.equal([]);
  return lintDeployment(tree.deployment, { lintConfig: false });
}

const CASES: Array<{ name: string; file: string; line: number; col: number }> = [
  { name: "xml", file: "templates/galaxy/config/job_conf.xml.j2", line: 12, col: 41 },
  { name: "yaml", file: "templates/galaxy/config/job_conf.yml.j2", line: 16, col: 23 },
  { name: "inline", file: "group_vars/galaxyservers.yml", line: 19, col: 25 },
  { name: "tpv", file: "files/galaxy/tpv/destinations.yml.j2", line: 6, col: 23 },
];

describe("tree lint: the tutorial's unsafe first state, by hand", () => {
  for (const c of CASES) {
    it(`${c.name}: datasets-rw at the hand-written docker_volumes`, () => {
      const report = lint(`${c.name}-unsafe`);
      const hits = report.findings.filter((f) => f.ruleId === "gxit-volumes[datasets-rw]");
      expect(hits.map((f) => [f.file, f.line, f.col])).to.deep.equal([[join(FIXTURES, `${c.name}-unsafe`, c.file), c.line, c.col]]);
    });
    it(`${c.name}: the safe version (embedded Pulsar) has no error`, () => {
      const report = lint(`${c.name}-safe`);
      expect(report.findings.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).to.deep.equal([]);
    });
  }

  it("a variable's value is reported where the variable is written (host_vars list item)", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "gxit-tree-"));
    try {
      mkdirSync(join(dir, "host_vars"));
      mkdirSync(join(dir, "templates"));
      writeFileSync(join(dir, "host_vars", "galaxy.example.org.yml"), "gxit_volumes_list:\n  - $job_directory:ro\n  - $default_file_path:rw\ngxit_volumes: \"{{ gxit_volumes_list | join(',') }}\"\n");
      writeFileSync(
        join(dir, "templates", "job_conf.yml.j2"),
        "runners:\n  local:\n    load: galaxy.jobs.runners.local:LocalJobRunner\nexecution:\n  default: gx\n  environments:\n    gx:\n      runner: local\n      docker_enabled: true\n      docker_volumes: \"{{ gxit_volumes }}\"\ntools:\n  - id: interactive_tool_jupyter\n    environment: gx\n",
      );
      const tree = loadTree(dir);
      const report = lintDeployment(tree.deployment, { lintConfig: false });
      const hit = report.findings.find((f) => f.ruleId === "gxit-volumes[datasets-rw]");
      expect(hit && [hit.file, hit.line, hit.col]).to.deep.equal([join(dir, "host_vars", "galaxy.example.org.yml"), 3, 5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("vault and undefined variables stay unknown, never literal secrets", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "gxit-tree-"));
    try {
      mkdirSync(join(dir, "group_vars"));
      writeFileSync(join(dir, "group_vars", "all.yml"), 'galaxy_config:\n  galaxy:\n    id_secret: "{{ vault_id_secret }}"\n    smtp_password: "{{ smtp_password }}"\n');
      const report = lintDeployment(loadTree(dir).deployment, { lintConfig: false });
      expect(report.findings.filter((f) => f.ruleId === "gxit-secrets[plain-text]")).to.deep.equal([]);
      writeFileSync(join(dir, "group_vars", "all.yml"), "galaxy_config:\n  galaxy:\n    id_secret: 5f3b9c1e2a7d4c6b\n");
      const again = lintDeployment(loadTree(dir).deployment, { lintConfig: false });
      expect(again.findings.filter((f) => f.ruleId === "gxit-secrets[plain-text]").map((f) => f.line)).to.deep.equal([3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
