// `gxit-gen schema [--path]`: the config's JSON Schema, for editors. Printed
// byte for byte as shipped, so `gxit-gen schema > gxit.schema.json` is the
// file the validator uses; --path names the installed file instead, for a
// `# yaml-language-server: $schema=<path>` line or an editor setting.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { CONFIG_SCHEMA_PATH } from "../../schema/types-source.js";
import { ExitCode, UserError } from "../../util/errors.js";
import type { CliIO } from "../io.js";
import type { SetExitCode } from "./index.js";

export function registerSchema(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command("schema")
    .description("print the config's JSON Schema (for editors: yaml-language-server, VS Code, JetBrains)")
    .option("--path", "print the path of the installed schema file instead")
    .action((opts: { path?: boolean }) => {
      if (opts.path) {
        io.stdout(`${CONFIG_SCHEMA_PATH}\n`);
      } else {
        let text: string;
        try {
          text = readFileSync(CONFIG_SCHEMA_PATH, "utf8");
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code ?? String(err);
          throw new UserError(`gxit-gen: cannot read ${CONFIG_SCHEMA_PATH} (${code}); reinstall gxit-gen`, ExitCode.failure);
        }
        io.stdout(text);
      }
      setExitCode(ExitCode.ok);
    });
}
