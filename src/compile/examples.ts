// The bundled examples and where their golden output lives. Shared by the
// golden:update script and the golden test so both see the same list.
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { repoPath } from "../util/paths.js";

export interface Example {
  name: string;
  /** Path relative to the repository root, as the golden notice and messages show it. */
  configPath: string;
  goldenDir: string;
}

export function bundledExamples(): Example[] {
  return readdirSync(repoPath("examples"))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const name = basename(f).replace(/\.ya?ml$/, "");
      return { name, configPath: `examples/${f}`, goldenDir: repoPath("golden", name) };
    });
}
