// Shared test helpers: temp dirs, in-process CLI runs, repo paths.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli/run.js";
import { memoryIO } from "../src/cli/io.js";
import { loadConfigText } from "../src/config/load.js";
import type { Deployment } from "../src/config/model.js";
import { ConfigError } from "../src/util/errors.js";
import { repoPath } from "../src/util/paths.js";

export { repoPath };

const made: string[] = [];

export function tempDir(prefix = "gxit-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  const io = memoryIO();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

/** Loads a config from YAML text, as if read from `file`. */
export function deploymentOf(text: string, file = "config.yml"): Deployment {
  return loadConfigText(file, text);
}

/** The front end's problems with a config text, each as `line:col message` (none when it loads). */
export function problemsOf(text: string): string[] {
  try {
    deploymentOf(text);
  } catch (e) {
    if (e instanceof ConfigError) return e.diagnostics.map((d) => `${d.position?.line}:${d.position?.col} ${d.message}`);
    throw e;
  }
  return [];
}

/** A config of the tutorial's final state with `extra` YAML appended (top-level keys). */
export const MINIMAL = "version: 1\n";
