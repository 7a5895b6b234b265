// Runs the CLI in-process (tests call this directly) and maps errors to exit
// codes: UserError → its code and message; anything else → 1 with a short
// message, and the stack only with --debug.
import { Command, CommanderError } from "commander";
import { ExitCode, UserError } from "../util/errors.js";
import { VERSION } from "../version.js";
import { registerCommands } from "./commands/index.js";
import type { CliIO } from "./io.js";
import { processIO } from "./io.js";

export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  const debug = argv.includes("--debug");
  const program = new Command("gxit-gen")
    .description(
      "Validate, lint and compile one GxIT config into the Ansible content for Galaxy Interactive Tools.",
    )
    .version(VERSION, "-V, --version")
    .option("--debug", "show stack traces of internal errors")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
    });
  let exitCode: number = ExitCode.ok;
  registerCommands(program, io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof UserError) {
      io.stderr(err.message.endsWith("\n") ? err.message : err.message + "\n");
      return err.exitCode;
    }
    const e = err as Error;
    io.stderr(
      `gxit-gen: internal error: ${e?.message ?? String(err)}` +
        (debug ? `\n${e?.stack ?? ""}` : " (run with --debug for details, and please report it)") +
        "\n",
    );
    return ExitCode.failure;
  }
}
