// `gxit-gen lint CONFIG...`: the lint report, in which a config the front end
// rejects appears as gxit-config[...] findings (so SARIF and annotations show
// it). Those problems also go to stderr, exactly as `validate` prints them,
// unless the text report on stdout already shows them. Exit codes follow
// ansible-lint: 0 clean (warnings/notes allowed unless --strict), 2 findings
// at error level, 3 invalid config (or an invalid .gxit-lint.yml/baseline).
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Option, type Command } from "commander";
import { readConfigFile } from "../../config/load.js";
import { ConfigError, ExitCode, UserError } from "../../util/errors.js";
import { replaceFile } from "../../util/atomic-file.js";
import { useColor, type CliIO } from "../io.js";
import type { SetExitCode } from "./index.js";

interface LintCliOptions {
  format: "text" | "json" | "sarif" | "github";
  strict?: boolean;
  baseline?: string;
  writeBaseline?: string;
  config?: string;
  output?: string;
  kind?: string;
  fix?: boolean;
  fixDryRun?: boolean;
}

/** A gxit-gen config (linted as today) or hand-written input (a tree, or one file of a known kind). */
async function isGxitGenConfig(file: string, kind: string | undefined): Promise<boolean> {
  if (kind !== undefined) return kind === "gxit-config";
  let st;
  try {
    st = statSync(file);
  } catch {
    return true; // the config loader says what is wrong with the path
  }
  if (st.isDirectory()) return false;
  const { kindFromContent, kindFromPath } = await import("../../read/kinds.js");
  if (kindFromPath(file.split("\\").join("/")) !== undefined) return false;
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return true;
  }
  const k = kindFromContent(text, basename(file));
  return k === undefined || k === "gxit-config" || (k === "vars" && /^version:/m.test(text));
}

function writeAtomically(file: string, text: string): void {
  if (file === "") throw new UserError("gxit-gen: the report file name is empty; give one, e.g. -o report.sarif", ExitCode.usage);
  try {
    if (existsSync(file) && statSync(file).isDirectory()) {
      throw new UserError(`gxit-gen: cannot write ${file}: it is a directory; give a file name, e.g. -o ${join(file, "report.txt")}`, ExitCode.failure);
    }
    // One level only, never mkdir -p (a path under /proc must fail, not hang).
    if (!existsSync(dirname(file))) mkdirSync(dirname(file));
    replaceFile(file, text);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`gxit-gen: cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, ExitCode.failure);
  }
}

export function registerLint(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command("lint")
    .description("check configs for unsafe or broken GxIT settings (exit 0 clean, 2 error findings, 3 invalid config)")
    .argument("<path...>", "gxit-gen config files, Ansible trees (directories), or hand-written files (job_conf.xml, TPV, group_vars…)")
    .addOption(new Option("-f, --format <format>", "report format").choices(["text", "json", "sarif", "github"]).default("text"))
    .option("--strict", "also fail (exit 2) on warnings and notes")
    .option("--baseline <file>", "do not fail on findings recorded in this baseline")
    .option("--write-baseline <file>", "record the current findings in a baseline file")
    .option("-c, --config <file>", "allowlist file (default: .gxit-lint.yml next to each config)")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--fix", "apply the mechanical fixes of fixable rules to gxit-gen configs (comments and layout kept), then report what remains")
    .option("--fix-dry-run", "like --fix, but print the diff instead of writing")
    .addOption(
      new Option("--kind <kind>", "read every PATH file as this kind instead of detecting it").choices([
        "gxit-config",
        "vars",
        "playbook",
        "job-conf-xml",
        "job-conf-yaml",
        "tpv",
        "galaxy-options",
        "nginx",
        "pulsar-app",
        "tool-conf",
      ]),
    )
    .action(async (files: string[], opts: LintCliOptions) => {
      // Loaded here, not at startup: `validate` and `compile --help` never need the rules.
      const lint = await import("../../lint/index.js");
      const fail = (err: unknown): boolean => {
        if (!(err instanceof ConfigError)) throw err;
        io.stderr(err.message + "\n");
        return true;
      };
      let lintConfig: import("../../lint/index.js").LintConfig | undefined;
      let baseline: import("../../lint/index.js").Baseline | undefined;
      try {
        if (opts.config !== undefined) lintConfig = lint.loadLintConfig(opts.config, lint.allowableRuleIds);
        if (opts.baseline !== undefined) baseline = lint.readBaseline(opts.baseline);
      } catch (err) {
        fail(err);
        setExitCode(ExitCode.invalidConfig);
        return;
      }
      let invalid = false;
      const reports = [];
      const textOnStdout = opts.format === "text" && opts.output === undefined;
      for (const file of files) {
        if (!(await isGxitGenConfig(file, opts.kind))) {
          try {
            const { loadTree } = await import("../../tree/load.js");
            const tree = loadTree(file, opts.kind ? { kind: opts.kind as import("../../read/kinds.js").FileKind } : {});
            for (const p of tree.problems) io.stderr(`${p.file}:${p.line}:${p.col}: warning: ${p.message}\n`);
            reports.push(lint.lintDeployment(tree.deployment, { ...(lintConfig ? { lintConfig } : {}), ...(baseline ? { baseline } : {}) }));
          } catch (err) {
            invalid = fail(err) || invalid;
          }
          continue;
        }
        const result = readConfigFile(file);
        if (!result.ok) {
          invalid = true;
          if (!textOnStdout) fail(new ConfigError(result.problems));
        }
        const lintOptions = { ...(lintConfig ? { lintConfig } : {}), ...(baseline ? { baseline } : {}) };
        let report = lint.lintFrontEndResult(result, lintOptions);
        if ((opts.fix || opts.fixDryRun) && result.ok) {
          const text = result.deployment.source.text;
          const fixed = lint.applyFixes(file, text, report.findings);
          if (fixed.rejected !== undefined) io.stderr(`${file}: fixes not applied: the fixed config would be invalid (${fixed.rejected})\n`);
          if (fixed.fixed.length > 0) {
            if (opts.fixDryRun) {
              const diff = lint.fixDiff(file, text, fixed.text);
              if (textOnStdout) io.stdout(diff);
              else io.stderr(diff);
            } else {
              writeAtomically(file, fixed.text);
            }
            const verb = opts.fixDryRun ? "would fix" : "fixed";
            for (const f of fixed.fixed) io.stderr(`${f.file}:${f.line}:${f.col}: ${verb} ${f.ruleId}: ${f.edit!.path.join(".")} = ${JSON.stringify(f.edit!.value)}\n`);
            // What remains, as ESLint reports after fixing.
            report = lint.lintText(file, fixed.text, lintOptions);
          }
        }
        reports.push(report);
      }
      const report = lint.mergeReports(reports);
      if (opts.writeBaseline !== undefined) {
        if (invalid) {
          io.stderr(`gxit-gen: not writing ${opts.writeBaseline}: fix the invalid config first\n`);
        } else {
          const { text, count } = lint.renderBaseline(report, opts.writeBaseline);
          writeAtomically(opts.writeBaseline, text);
          // The new baseline applies to this run too, so the exit code shows what it does not cover.
          for (const f of report.findings) f.baselined = false;
          const written = { file: opts.writeBaseline, entries: JSON.parse(text).findings };
          lint.applyBaseline(report.findings, written, (id) => lint.ruleMeta(id)?.suppressible === true);
          io.stderr(`${opts.writeBaseline}: recorded ${count} finding(s)\n`);
        }
      }
      const out = lint.formatReport(report, opts.format, {
        color: opts.output === undefined && opts.format === "text" && useColor(io),
        cwd: io.cwd,
      });
      if (opts.output !== undefined) writeAtomically(opts.output, out);
      else io.stdout(out);
      // A tree that cannot be read is invalid too; a rejected config already is (its gxit-config findings).
      setExitCode(invalid ? ExitCode.invalidConfig : lint.lintExitCode(report, { strict: Boolean(opts.strict) }));
    });
}
