// `gxit-gen rules`: every lint rule with its severity and one-line description.
import type { Command } from "commander";
import { ExitCode } from "../../util/errors.js";
import { useColor, type CliIO } from "../io.js";
import type { SetExitCode } from "./index.js";

const COLOR: Record<string, string> = { error: "\u001b[31m", warning: "\u001b[33m", note: "\u001b[36m" };

export function registerRules(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command("rules")
    .description("list the lint rules (id, severity, description)")
    .option("--json", "print the rules' metadata as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { allRules, helpUri, isCheckRule } = await import("../../lint/index.js");
      if (opts.json) {
        const rules = allRules.map(({ meta }) => ({
          id: meta.id,
          severity: meta.severity,
          suppressible: meta.suppressible,
          description: meta.description,
          helpUri: helpUri(meta),
        }));
        io.stdout(JSON.stringify(rules, null, 2) + "\n");
        setExitCode(ExitCode.ok);
        return;
      }
      const color = useColor(io);
      const idWidth = Math.max(...allRules.map((r) => r.meta.id.length));
      for (const rule of allRules) {
        const meta = rule.meta;
        const sev = meta.severity.padEnd(7);
        const shown = color ? `${COLOR[meta.severity]}${sev}\u001b[0m` : sev;
        // Directive rules are about suppressions themselves; "allowlist only" would mislead there.
        const lock = meta.suppressible || !isCheckRule(rule) ? "" : " [allowlist only]";
        io.stdout(`${meta.id.padEnd(idWidth)}  ${shown}  ${meta.description}${lock}\n`);
      }
      setExitCode(ExitCode.ok);
    });
}
