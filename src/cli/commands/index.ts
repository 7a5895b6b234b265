// The command tree. Each command lives in its own module and registers itself.
import type { Command } from "commander";
import type { CliIO } from "../io.js";
import { registerCompile } from "./compile.js";
import { registerExplain } from "./explain.js";
import { registerImport } from "./import.js";
import { registerInit } from "./init.js";
import { registerLint } from "./lint.js";
import { registerMigrate } from "./migrate.js";
import { registerRules } from "./rules.js";
import { registerSchema } from "./schema.js";
import { registerValidate } from "./validate.js";

export type SetExitCode = (code: number) => void;

export function registerCommands(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  registerValidate(program, io, setExitCode);
  registerCompile(program, io, setExitCode);
  registerLint(program, io, setExitCode);
  registerImport(program, io, setExitCode);
  registerMigrate(program, io, setExitCode);
  registerRules(program, io, setExitCode);
  registerExplain(program, io, setExitCode);
  registerInit(program, io, setExitCode);
  registerSchema(program, io, setExitCode);
}
