// `gxit-gen import TREE -o gxit.yml`: writes a gxit-gen config from a
// hand-written Ansible tree (or one file of a known kind). What the config
// cannot express is listed on stderr, one line each (file:line: what: why).
// The config is written atomically, and an existing file only with --force.
import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { FILE_KINDS, type FileKind } from "../../read/kinds.js";
import { replaceFile } from "../../util/atomic-file.js";
import { ExitCode, UserError } from "../../util/errors.js";
import type { CliIO } from "../io.js";
import type { SetExitCode } from "./index.js";

interface ImportOptions {
  output: string;
  force?: boolean;
  kind?: string;
  quiet?: boolean;
}

export function registerImport(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command("import")
    .description("write a gxit-gen config from a hand-written Ansible tree; list what could not be carried over")
    .argument("<tree>", "the site's Ansible tree (a directory), or one file of a known kind")
    .option("-o, --output <file>", "config file to write", "gxit.yml")
    .option("--force", "replace the output file if it exists")
    .option("--kind <kind>", `kind of a single file (${FILE_KINDS.join(", ")})`)
    .option("-q, --quiet", "print only what could not be carried over")
    .action(async (tree: string, opts: ImportOptions) => {
      const out = opts.output;
      if (out === "") throw new UserError("gxit-gen: the output file name is empty; give one, e.g. -o gxit.yml", ExitCode.usage);
      if (opts.kind !== undefined && !(FILE_KINDS as readonly string[]).includes(opts.kind)) {
        throw new UserError(`gxit-gen: unknown --kind ${opts.kind}; one of ${FILE_KINDS.join(", ")}`, ExitCode.usage);
      }
      if (existsSync(out)) {
        if (statSync(out).isDirectory()) throw new UserError(`gxit-gen: cannot write ${out}: it is a directory; give a file name, e.g. -o ${out.replace(/\/$/, "")}/gxit.yml`, ExitCode.failure);
        if (!opts.force) throw new UserError(`gxit-gen: ${out} already exists; not overwriting it (use --force to replace it, or choose another -o)`, ExitCode.failure);
      } else if (!existsSync(dirname(out) || ".")) {
        throw new UserError(`gxit-gen: cannot write ${out}: its directory does not exist`, ExitCode.failure);
      }
      const { importPath } = await import("../../import/index.js");
      const result = importPath(tree, { outputName: out, ...(opts.kind ? { kind: opts.kind as FileKind } : {}) });
      try {
        replaceFile(out, result.text);
      } catch (err) {
        throw new UserError(`gxit-gen: cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, ExitCode.failure);
      }
      for (const line of result.notCarried) io.stderr(`${line}\n`);
      if (!opts.quiet) {
        io.stdout(`${out}: imported from ${tree} for target ${result.target.id} (${result.target.why}); ${result.notCarried.length} item(s) not carried over, listed on stderr\n`);
      }
      setExitCode(ExitCode.ok);
    });
}
