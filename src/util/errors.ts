// Errors a user can act on. The CLI prints `message` as one line and exits with
// `exitCode`; anything else that escapes is an internal error (exit 1).

/** Exit codes shared by all commands (documented in README, modelled on ansible-lint). */
export const ExitCode = {
  ok: 0,
  /** Internal error, I/O error, or `compile --check` found drift. */
  failure: 1,
  /** Lint found findings at error level (or any finding with --strict). */
  lintFindings: 2,
  /** The configuration is invalid (YAML or schema). */
  invalidConfig: 3,
  /** Command-line usage error. */
  usage: 64,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A source position: 1-based line and column. */
export interface Position {
  line: number;
  col: number;
}

/** One problem in a file, printed as `file:line:col: message`. */
export interface Diagnostic {
  file: string;
  position?: Position;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.file}:${d.position.line}:${d.position.col}` : d.file;
  return `${where}: ${d.message}`;
}

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failure,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** The configuration could not be read, parsed or validated. */
export class ConfigError extends UserError {
  constructor(diagnostics: Diagnostic[]) {
    const sorted = [...diagnostics].sort(
      (a, b) =>
        (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0),
    );
    super(sorted.map(formatDiagnostic).join("\n"), ExitCode.invalidConfig, sorted);
    this.name = "ConfigError";
  }
}
