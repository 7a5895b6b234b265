// `npm run golden:update`: rewrites golden/<example>/ from examples/*.yml.
// The only way goldens change; tests never write them.
import { rmSync } from "node:fs";
import { relative } from "node:path";
import { compileDeployment } from "../src/compile/index.js";
import { bundledExamples } from "../src/compile/examples.js";
import { writeTree } from "../src/compile/write.js";
import { loadConfigFile } from "../src/config/load.js";
import { repoPath } from "../src/util/paths.js";

for (const example of bundledExamples()) {
  const tree = compileDeployment(loadConfigFile(repoPath(example.configPath)));
  rmSync(example.goldenDir, { recursive: true, force: true });
  writeTree(tree, example.goldenDir);
  console.log(`${relative(process.cwd(), example.goldenDir) || "."}: ${tree.size} files from ${example.configPath}`);
}
