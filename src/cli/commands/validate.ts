// `gxit-gen validate FILE...`: the shared front end only (YAML, schema,
// references, conflicts between sections); exit 0 valid, 3 invalid.
import type { Command } from "commander";
import { loadConfigFile } from "../../config/load.js";
import { ConfigError, ExitCode } from "../../util/errors.js";
import type { CliIO } from "../io.js";
import type { SetExitCode } from "./index.js";

export function registerValidate(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command("validate")
    .description("check config files (YAML, schema, references, conflicts); prints file:line:col for each problem")
    .argument("<config...>", "gxit-gen config files (YAML)")
    .option("-q, --quiet", "print nothing when valid")
    .action((files: string[], opts: { quiet?: boolean }) => {
      let invalid = false;
      for (const file of files) {
        try {
          loadConfigFile(file);
          if (!opts.quiet) io.stdout(`${file}: valid\n`);
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          invalid = true;
          io.stderr(err.message + "\n");
        }
      }
      setExitCode(invalid ? ExitCode.invalidConfig : ExitCode.ok);
    });
}
