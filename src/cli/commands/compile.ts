// `gxit-gen compile CONFIG [-o DIR] [--check]`: config → Ansible tree.
// Refuses to write when the config is invalid (exit 3) or when lint finds
// error-level problems (exit 2, unless --allow-unsafe); --check writes
// nothing and exits 1 when the tree on disk differs, printing the diff.
import type { Command } from "commander";
import { loadConfigFile } from "../../config/load.js";
import { ExitCode } from "../../util/errors.js";
import type { CliIO } from "../io.js";
import { enforceLint } from "./compile-lint.js";
import type { SetExitCode } from "./index.js";

interface CompileOptions {
  output: string;
  check?: boolean;
  allowUnsafe?: boolean;
  baseline?: string;
  force?: boolean;
  quiet?: boolean;
}

export function registerCompile(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command("compile")
    .description("compile a config into the Ansible tree (group_vars, templates, requirements, playbook)")
    .argument("<config>", "gxit-gen config file (YAML)")
    .option("-o, --output <dir>", "output directory", "out")
    .option("--check", "write nothing; print a unified diff of what would change and exit 1 on drift")
    .option("--allow-unsafe", "write output even when lint reports error-level findings")
    .option("--baseline <file>", "lint baseline (from `gxit-gen lint --write-baseline`) whose findings do not block")
    .option("--force", "replace files in the output directory that gxit-gen did not generate")
    .option("-q, --quiet", "print nothing on success")
    .action(async (config: string, opts: CompileOptions) => {
      // Loaded on demand: the emitters pull in nunjucks, the XML builder and
      // the diff library, which `validate` and `lint` (pre-commit) never need.
      const { compileDeployment } = await import("../../compile/index.js");
      const { checkTree, writeTree } = await import("../../compile/write.js");
      const deployment = loadConfigFile(config);
      // Compile first: conflicts between sections are config errors (exit 3)
      // and must be reported before lint findings (exit 2).
      const tree = compileDeployment(deployment);
      const lintCode = enforceLint(deployment, io, {
        allowUnsafe: Boolean(opts.allowUnsafe),
        ...(opts.baseline ? { baseline: opts.baseline } : {}),
      });
      if (lintCode !== ExitCode.ok) {
        setExitCode(lintCode);
        return;
      }
      if (opts.check) {
        const drift = checkTree(tree, opts.output);
        if (drift.changed.length === 0) {
          if (!opts.quiet) io.stdout(`${opts.output}: up to date\n`);
          setExitCode(ExitCode.ok);
        } else {
          io.stdout(drift.diff);
          io.stderr(
            `${opts.output}: ${drift.changed.length} file(s) differ from ${config}; run \`gxit-gen compile ${shellWord(config)} -o ${shellWord(opts.output)}\` and commit the result\n`,
          );
          setExitCode(ExitCode.failure);
        }
        return;
      }
      writeTree(tree, opts.output, { force: Boolean(opts.force) });
      if (!opts.quiet) io.stdout(`${opts.output}: wrote ${tree.size} files from ${config}\n`);
      setExitCode(ExitCode.ok);
    });
}

/** A path as a shell word, so that the suggested command can be pasted as is (spaces, quotes, `;` in names). */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
