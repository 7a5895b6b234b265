// Golden tests: every bundled example compiles to exactly the committed tree
// in golden/<example>/. On mismatch the failure shows the unified diff and
// the command that updates the goldens after a deliberate change.
import { expect } from "chai";
import { compileDeployment } from "../../src/compile/index.js";
import { bundledExamples } from "../../src/compile/examples.js";
import { checkTree } from "../../src/compile/write.js";
import { loadConfigFile } from "../../src/config/load.js";
import { repoPath } from "../helpers.js";

describe("golden files", () => {
  const examples = bundledExamples();

  it("has at least the tutorial, a minimal and a multi-tool example", () => {
    const names = examples.map((e) => e.name);
    expect(names).to.include.members(["gtn-tutorial", "minimal", "multi-gxit"]);
  });

  for (const example of examples) {
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
