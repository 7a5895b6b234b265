// The parts of README.md that are generated: the rules table, from the rule
// modules' metadata. `npm run docs:readme` rewrites them in place; a test
// fails when the committed README differs.
import { allRules, ruleDocFileName } from "../src/lint/index.js";

const SECTIONS: Record<string, () => string> = {
  rules: () => {
    const rows = allRules.map((r) => {
      const m = r.meta;
      const where = m.suppressible === false ? " (only `.gxit-lint.yml` can allow it)" : "";
      return `| [\`${m.id}\`](docs/rules/${ruleDocFileName(m.id)}) | ${m.severity} | ${m.description.replace(/\|/g, "\\|")}${where} |`;
    });
    return ["| rule | severity | what it finds |", "|---|---|---|", ...rows].join("\n");
  },
};

/** README text with every generated section brought up to date. */
export function renderReadme(current: string): string {
  let text = current;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const begin = `<!-- BEGIN GENERATED: ${name} (npm run docs:readme) -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const start = text.indexOf(begin);
    const stop = text.indexOf(end);
    if (start < 0 || stop < start) throw new Error(`README.md lacks the markers of the generated section "${name}"`);
    text = text.slice(0, start + begin.length) + "\n" + render() + "\n" + text.slice(stop);
  }
  return text;
}
