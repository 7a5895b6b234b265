// `npm run docs:readme`: rewrites the generated sections of README.md.
import { readFileSync, writeFileSync } from "node:fs";
import { repoPath } from "../src/util/paths.js";
import { renderReadme } from "./readme-sections.js";

const file = repoPath("README.md");
writeFileSync(file, renderReadme(readFileSync(file, "utf8")));
console.log("README.md: generated sections updated");
