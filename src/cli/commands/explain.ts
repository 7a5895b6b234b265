// `gxit-gen explain <rule-id>`: the rule's rationale, fix and examples.
import type { Command } from "commander";
import { ExitCode, UserError } from "../../util/errors.js";
import { closestMatch } from "../../util/suggest.js";
import type { CliIO } from "../io.js";
import type { SetExitCode } from "./index.js";

/** Greedy word wrap for terminal paragraphs. */
function wrap(text: string, width = 88, indent = "  "): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(indent + line);
  return lines.join("\n");
}

function indentBlock(text: string, indent = "    "): string {
  return text
    .trimEnd()
    .split("\n")
    .map((l) => (l === "" ? l : indent + l))
    .join("\n");
}

export function registerExplain(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command("explain")
    .description("explain a lint rule: why it matters, how to fix it, examples")
    .argument("<rule>", "rule id, e.g. 'gxit-volumes[datasets-rw]' (or its docs name gxit-volumes-datasets-rw)")
    .action(async (id: string) => {
      const { allRules, helpUri, isCheckRule, ruleSlug } = await import("../../lint/index.js");
      const wanted = id.trim();
      const rule = allRules.find((r) => r.meta.id === wanted || ruleSlug(r.meta.id) === wanted.replace(/\.md$/, ""));
      if (!rule) {
        const guess = closestMatch(wanted, allRules.map((r) => r.meta.id));
        throw new UserError(
          `gxit-gen: unknown rule "${wanted}"${guess ? `; did you mean "${guess}"?` : ""} (\`gxit-gen rules\` lists them)`,
          ExitCode.usage,
        );
      }
      const m = rule.meta;
      const out = [
        `${m.id} (${m.severity}${
          !isCheckRule(rule) ? ", reports gxit-lint comments themselves" : m.suppressible ? "" : ", cannot be suppressed inline: allow it in .gxit-lint.yml"
        })`,
        "",
        wrap(m.description, 88, ""),
        "",
        "Why:",
        wrap(m.rationale),
        "",
        "Fix:",
        wrap(m.fix),
        "",
        "Problematic config:",
        indentBlock(m.examples.problematic),
        "",
        "Correct config:",
        indentBlock(m.examples.correct),
        "",
        `Docs: ${helpUri(m)}`,
        "",
      ];
      io.stdout(out.join("\n"));
      setExitCode(ExitCode.ok);
    });
}
