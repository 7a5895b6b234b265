// Starter configs for `gxit-gen init`. Each preset is a commented YAML file
// under templates/init/ (comments are the point of a starter, and a
// hand-written file keeps them where a reader expects them). The first line
// points editors at the installed schema; @FILE@ in the comments becomes the
// name the config is written under.
import { readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { CONFIG_SCHEMA_PATH } from "../schema/types-source.js";
import { repoPath } from "../util/paths.js";

export const PRESETS = {
  tutorial: "the GTN tutorial's final state, every setting spelled out and explained",
  minimal: "only what has no default (the DNS challenge); everything else is the tutorial's",
  production: "bundled gxit_proxy role, *.ep. hosts, containers as Galaxy's user, vault secrets",
} as const;

export type PresetName = keyof typeof PRESETS;

export const DEFAULT_PRESET: PresetName = "tutorial";

export function presetPath(name: PresetName): string {
  return repoPath("templates", "init", `${name}.yml`);
}

/** The `# yaml-language-server: $schema=…` line for a config written to `file`. */
export function schemaComment(file: string): string {
  const rel = relative(dirname(resolve(file)), CONFIG_SCHEMA_PATH).split(sep).join("/");
  return `# yaml-language-server: $schema=${rel}`;
}

/** The text `gxit-gen init` writes to `file` for a preset. */
export function presetText(name: PresetName, file: string): string {
  const body = readFileSync(presetPath(name), "utf8").split("@FILE@").join(file);
  return `${schemaComment(file)}\n${body}`;
}
