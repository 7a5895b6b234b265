// The package version, read once from package.json so that generated headers,
// `--version` and the role artifact all agree without a hand-kept copy.
import { readFileSync } from "node:fs";
import { repoPath } from "./util/paths.js";

export const VERSION: string = (
  JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as { version: string }
).version;
