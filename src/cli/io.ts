// Where the CLI writes. Commands never touch process.stdout directly, so tests
// can run them in-process and capture output.
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  /** True when stdout is a terminal (colour is only used then, and never with NO_COLOR). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIO(): CliIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

export function useColor(io: CliIO): boolean {
  return io.isTTY && io.env.NO_COLOR === undefined && io.env.TERM !== "dumb";
}

/** Captures output in memory; used by tests. */
export function memoryIO(overrides: Partial<CliIO> = {}): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
    isTTY: false,
    env: {} as NodeJS.ProcessEnv,
    cwd: process.cwd(),
    ...overrides,
  };
  return io;
}
