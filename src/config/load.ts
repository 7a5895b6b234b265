// The front of the pipeline: read → parse YAML (with positions) → validate
// against the JSON Schema (filling defaults) → normalize into the model.
import type { GxitGenConfiguration } from "../schema/config-types.generated.js";
import { validateConfig } from "../schema/validate.js";
import { ConfigError } from "../util/errors.js";
import type { Deployment } from "./model.js";
import { normalize } from "./normalize.js";
import { ConfigSource } from "./source.js";

/** Parses and validates; throws ConfigError with every problem found. */
export function loadSource(source: ConfigSource): Deployment {
  const data = source.toData();
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError([
      {
        file: source.file,
        position: { line: 1, col: 1 },
        message: "the config must be a YAML mapping with at least `version: 1`",
      },
    ]);
  }
  const diagnostics = validateConfig(source, data);
  if (diagnostics.length > 0) throw new ConfigError(diagnostics);
  return normalize(source, data as GxitGenConfiguration);
}

export function loadConfigFile(file: string): Deployment {
  return loadSource(ConfigSource.fromFile(file));
}

export function loadConfigText(file: string, text: string): Deployment {
  return loadSource(ConfigSource.fromText(file, text));
}
