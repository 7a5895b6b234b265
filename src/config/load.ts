// The front end every command shares: read → parse YAML (with positions) →
// validate against the JSON Schema (filling defaults) → normalize into the
// model → check conflicts between sections. `validate`, `lint` and `compile`
// all call it, so they accept and reject exactly the same configs. Problems
// carry the stage that found them; lint reports them as gxit-config[<stage>]
// findings, the other commands print them as file:line:col lines.
import type { GxitGenConfiguration } from "../schema/config-types.generated.js";
import { validateConfig } from "../schema/validate.js";
import { ConfigError, type Diagnostic } from "../util/errors.js";
import { checkConflicts } from "./conflicts.js";
import type { Deployment } from "./model.js";
import { normalize } from "./normalize.js";
import { ConfigSource } from "./source.js";

/** The front-end stage that rejected a config (the sub-id of its gxit-config rule). */
export type ConfigStage = "load-failure" | "schema" | "reference" | "conflict";

export interface ConfigProblem extends Diagnostic {
  stage: ConfigStage;
}

export type FrontEndResult = { ok: true; deployment: Deployment } | { ok: false; file: string; problems: ConfigProblem[] };

function staged(err: unknown, stage: () => ConfigStage): ConfigProblem[] {
  if (!(err instanceof ConfigError)) throw err;
  return err.diagnostics.map((d) => ({ ...d, stage: stage() }));
}

function frontEnd(file: string, read: () => ConfigSource): FrontEndResult {
  let source: ConfigSource;
  try {
    source = read();
  } catch (err) {
    // Cannot read the file, or it is not YAML (ansible-lint's load-failure covers both).
    return { ok: false, file, problems: staged(err, () => "load-failure") };
  }
  let data: unknown;
  try {
    data = source.toData();
  } catch (err) {
    // Aliases that expand to too much data (an alias bomb) are a YAML problem too.
    return { ok: false, file, problems: staged(err, () => "load-failure") };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    const message = "the config must be a YAML mapping with at least `version: 1`";
    return { ok: false, file, problems: [{ file: source.file, position: { line: 1, col: 1 }, message, stage: "schema" }] };
  }
  const diagnostics = validateConfig(source, data);
  if (diagnostics.length > 0) return { ok: false, file, problems: diagnostics.map((d) => ({ ...d, stage: "schema" })) };
  let deployment: Deployment;
  try {
    deployment = normalize(source, data as GxitGenConfiguration);
  } catch (err) {
    return { ok: false, file, problems: staged(err, () => "reference") };
  }
  const conflicts = checkConflicts(deployment);
  if (conflicts.length > 0) return { ok: false, file, problems: conflicts.map((d) => ({ ...d, stage: "conflict" })) };
  return { ok: true, deployment };
}

export function readConfigFile(file: string): FrontEndResult {
  return frontEnd(file, () => ConfigSource.fromFile(file));
}

export function readConfigText(file: string, text: string): FrontEndResult {
  return frontEnd(file, () => ConfigSource.fromText(file, text));
}

function orThrow(r: FrontEndResult): Deployment {
  if (!r.ok) throw new ConfigError(r.problems);
  return r.deployment;
}

/** The front end on an already parsed source; throws ConfigError with every problem found. */
export function loadSource(source: ConfigSource): Deployment {
  return orThrow(frontEnd(source.file, () => source));
}

export function loadConfigFile(file: string): Deployment {
  return orThrow(readConfigFile(file));
}

export function loadConfigText(file: string, text: string): Deployment {
  return orThrow(readConfigText(file, text));
}
