// The safety gate of `compile`: error-level lint findings (not suppressed
// inline, allowlisted in .gxit-lint.yml or baselined) block writing unless
// --allow-unsafe is given. The findings are printed either way, so an
// override is never silent.
import type { Deployment } from "../../config/model.js";
import { formatReport, lintDeployment, blockingFindings, readBaseline } from "../../lint/index.js";
import { ExitCode } from "../../util/errors.js";
import { useColor, type CliIO } from "../io.js";

export interface LintGateOptions {
  allowUnsafe: boolean;
  baseline?: string;
}

export function enforceLint(deployment: Deployment, io: CliIO, opts: LintGateOptions): number {
  const report = lintDeployment(deployment, opts.baseline ? { baseline: readBaseline(opts.baseline) } : {});
  const blocking = blockingFindings(report);
  if (blocking.length === 0) return ExitCode.ok;
  const blockingOnly = { ...report, findings: blocking };
  io.stderr(formatReport(blockingOnly, "text", { color: useColor(io) }));
  if (opts.allowUnsafe) {
    io.stderr(
      `gxit-gen: writing despite ${blocking.length} error-level lint finding(s), because of --allow-unsafe\n`,
    );
    return ExitCode.ok;
  }
  io.stderr(
    `gxit-gen: not writing ${deployment.file}'s output: lint found ${blocking.length} error-level problem(s) above. ` +
      `Fix them (\`gxit-gen explain <id>\` tells how, and how to suppress a deliberate one), or pass --allow-unsafe\n`,
  );
  return ExitCode.lintFindings;
}
