// Golden tests: every bundled example compiles to exactly the committed tree
// in golden/<example>/. On mismatch the failure shows the unified diff and
// the command that updates the goldens after a deliberate change. Besides the
// content, the folder must be exactly what a compile writes: no stray file, a
// manifest that lists the tree, and no folder whose example is gone.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "chai";
import { compileDeployment } from "../../src/compile/index.js";
import { bundledExamples } from "../../src/compile/examples.js";
import { checkTree, MANIFEST, writeTree } from "../../src/compile/write.js";
import { loadConfigFile } from "../../src/config/load.js";
import { repoPath, tempDir } from "../helpers.js";

/** Every file below dir (dotfiles included), relative, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

const UPDATE = "If the change is intended, run `npm run golden:update` and review the diff.";

describe("golden files", () => {
  const examples = bundledExamples();

  it("has at least the tutorial, a minimal and a multi-tool example", () => {
    const names = examples.map((e) => e.name);
    expect(names).to.include.members(["gtn-tutorial", "minimal", "multi-gxit"]);
  });

  it("golden/ has a folder for each example and nothing else", () => {
    const folders = readdirSync(repoPath("golden"), { withFileTypes: true }).map((e) => (e.isDirectory() ? e.name : `${e.name} (a file)`));
    expect(folders.sort(), `orphan or missing golden folders. ${UPDATE}`).to.deep.equal(examples.map((e) => e.name).sort());
  });

  for (const example of examples) {
    it(`golden/${example.name}/ holds exactly what compile writes (no stray file, manifest up to date)`, () => {
      const fresh = join(tempDir("gxit-golden-"), "out");
      writeTree(compileDeployment(loadConfigFile(repoPath(example.configPath))), fresh);
      expect(listFiles(example.goldenDir), `stray or missing files in golden/${example.name}. ${UPDATE}`).to.deep.equal(listFiles(fresh));
      expect(readFileSync(join(example.goldenDir, MANIFEST), "utf8"), `golden/${example.name}/${MANIFEST} is stale. ${UPDATE}`).to.equal(
        readFileSync(join(fresh, MANIFEST), "utf8"),
      );
    });
    it(`${example.configPath} compiles to golden/${example.name}/`, () => {
      const tree = compileDeployment(loadConfigFile(repoPath(example.configPath)));
      const drift = checkTree(tree, example.goldenDir);
      if (drift.changed.length > 0) {
        expect.fail(
          `golden/${example.name} is out of date (${drift.changed.join(", ")}).\n` +
            `If the change is intended, run \`npm run golden:update\` and review the diff.\n\n${drift.diff}`,
        );
      }
    });
  }
});
