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
    .option("-q, --quiet", "print nothing on success")
    .action(async (config: string, opts: CompileOptions) => {
      // Loaded on demand: the emitters pull in nunjucks, the XML builder and
      // the diff library, which `validate` and `lint` (pre-commit) never need.
      const { compileDeployment } = await import("../../compile/index.js");
      const { checkTree, writeTree } = await import("../../compile/write.js");
      const deployment = loadConfigFile(config);
      const lintCode = enforceLint(deployment, io, Boolean(opts.allowUnsafe));
      if (lintCode !== ExitCode.ok) {
        setExitCode(lintCode);
        return;
      }
      const tree = compileDeployment(deployment);
      if (opts.check) {
        const drift = checkTree(tree, opts.output);
        if (drift.changed.length === 0) {
          if (!opts.quiet) io.stdout(`${opts.output}: up to date\n`);
          setExitCode(ExitCode.ok);
        } else {
          io.stdout(drift.diff);
          io.stderr(
            `${opts.output}: ${drift.changed.length} file(s) differ from ${config}; run \`gxit-gen compile ${config} -o ${opts.output}\` and commit the result\n`,
          );
          setExitCode(ExitCode.failure);
        }
        return;
      }
      writeTree(tree, opts.output);
      if (!opts.quiet) io.stdout(`${opts.output}: wrote ${tree.size} files from ${config}\n`);
      setExitCode(ExitCode.ok);
    });
}
