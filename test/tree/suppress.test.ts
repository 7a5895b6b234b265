// Suppressions in hand-written files: `# gxit-lint` in YAML, `<!-- gxit-lint -->`
// in XML, `{# gxit-lint #}` in Jinja templates, .gxit-lint.yml at the tree
// root; a reason is required and the unsuppressible rules stay reported.
import { expect } from "chai";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lintDeployment } from "../../src/lint/index.js";
import { loadTree } from "../../src/tree/load.js";

const FIXTURES = join(process.cwd(), "test", "tree", "fixtures");

describe("tree lint: suppressions and allow entries in hand-written files", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gxit-tree-suppress-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lint = (root: string) => lintDeployment(loadTree(root).deployment);
  const active = (root: string, id: string) => lint(root).findings.filter((f) => f.ruleId === id && f.suppressed === undefined);

  it("an XML comment suppresses a suppressible rule on the next line; datasets-rw needs .gxit-lint.yml", () => {
    cpSync(join(FIXTURES, "xml-unsafe"), dir, { recursive: true });
    const file = join(dir, "templates/galaxy/config/job_conf.xml.j2");
    const text = readFileSync(file, "utf8").replace(
      '            <param id="docker_set_user"></param>',
      '            <!-- gxit-lint disable=gxit-user[image-default] -- the image drops privileges itself -->\n            <param id="docker_set_user"></param>',
    );
    writeFileSync(file, text);
    expect(loadTree(dir).problems, "the file is still read").to.deep.equal([]);
    expect(active(dir, "gxit-user[image-default]")).to.deep.equal([]);
    expect(active(dir, "gxit-volumes[datasets-rw]")).to.have.length(1);
    writeFileSync(join(dir, ".gxit-lint.yml"), "allow:\n  - rule: gxit-volumes[datasets-rw]\n    destination: interactive_local\n    reason: training VM, no user data\n");
    const f = lint(dir).findings.find((x) => x.ruleId === "gxit-volumes[datasets-rw]");
    expect(f?.suppressed?.kind).to.equal("allowlist");
  });

  it("a Jinja comment in a YAML template and a YAML comment in group_vars suppress at their lines", () => {
    cpSync(join(FIXTURES, "tpv-unsafe"), dir, { recursive: true });
    const file = join(dir, "files/galaxy/tpv/destinations.yml.j2");
    writeFileSync(file, readFileSync(file, "utf8").replace("      docker_set_user: ''", "      {# gxit-lint disable=gxit-user[image-default] -- jupyter drops to NB_UID #}\n      docker_set_user: ''"));
    expect(active(dir, "gxit-user[image-default]")).to.deep.equal([]);
    const withYaml = readFileSync(file, "utf8").replace("      docker_memory: '{mem}G'", "      docker_memory: '{mem}G' # gxit-lint disable=gxit-docker[memory-noop] -- cgroup limits set by Slurm");
    writeFileSync(file, withYaml);
    expect(active(dir, "gxit-docker[memory-noop]")).to.deep.equal([]);
  });

  it("a directive without a reason suppresses nothing and is reported", () => {
    cpSync(join(FIXTURES, "xml-unsafe"), dir, { recursive: true });
    const file = join(dir, "templates/galaxy/config/job_conf.xml.j2");
    writeFileSync(file, readFileSync(file, "utf8").replace('            <param id="docker_set_user"></param>', '            <param id="docker_set_user"></param> <!-- gxit-lint disable=gxit-user[image-default] -->'));
    const r = lint(dir);
    expect(r.findings.filter((f) => f.ruleId === "gxit-user[image-default]" && f.suppressed === undefined)).to.have.length(1);
    expect(r.findings.some((f) => f.ruleId === "gxit-lint[no-reason]" && f.file === file)).to.equal(true);
  });
});
