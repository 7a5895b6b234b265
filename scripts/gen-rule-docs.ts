// Writes docs/rules/<rule>.md and docs/rules/README.md from the rule modules'
// metadata (npm run docs:rules). Pages of rules that no longer exist are
// deleted, so the directory always mirrors the registry; a test fails when
// the committed pages differ from what this script writes.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allRules, renderRuleDoc, renderRulesIndex, ruleDocFileName } from "../src/lint/index.js";
import { repoPath } from "../src/util/paths.js";

const dir = repoPath("docs", "rules");
mkdirSync(dir, { recursive: true });
const wanted = new Map<string, string>([["README.md", renderRulesIndex(allRules)]]);
for (const rule of allRules) wanted.set(ruleDocFileName(rule.meta.id), renderRuleDoc(rule));
for (const name of readdirSync(dir)) {
  if (name.endsWith(".md") && !wanted.has(name)) {
    rmSync(join(dir, name));
    process.stdout.write(`removed docs/rules/${name}\n`);
  }
}
for (const [name, text] of wanted) writeFileSync(join(dir, name), text);
process.stdout.write(`wrote ${wanted.size} files to docs/rules/\n`);
