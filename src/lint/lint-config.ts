// `.gxit-lint.yml`: the allowlist. It is the only way to silence the rules
// that cannot be suppressed inline, so every entry names the rule, where it
// applies (a destination, or a config path) and why. The file is validated
// with positions like the config itself; a bad entry is exit 3, never ignored.
//
//   allow:
//     - rule: gxit-volumes[datasets-rw]
//       destination: legacy_docker
//       reason: isolated training VM without real user data
//       file: galaxy-gxit.yml        # optional: only for this config file
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { isMap, isScalar, isSeq } from "yaml";
import type { Node, Pair } from "yaml";
import { ConfigSource } from "../config/source.js";
import { ConfigError, type Diagnostic } from "../util/errors.js";
import { closestMatch } from "../util/suggest.js";

export const LINT_CONFIG_NAME = ".gxit-lint.yml";

export interface AllowEntry {
  rule: string;
  destination?: string;
  /** Dotted config path prefix, e.g. certbot.dns_credentials.secret. */
  path?: string[];
  /** Only for this config file (relative to the lint config's directory, or a base name). */
  file?: string;
  reason: string;
  line: number;
  col: number;
  used: boolean;
}

export interface LintConfig {
  file: string;
  dir: string;
  allow: AllowEntry[];
}

/** The .gxit-lint.yml next to a config file, if there is one. */
export function findLintConfig(configFile: string): string | undefined {
  const candidate = join(dirname(configFile), LINT_CONFIG_NAME);
  return existsSync(candidate) ? candidate : undefined;
}

const ENTRY_KEYS = ["rule", "destination", "path", "file", "reason"];

export function loadLintConfig(file: string, knownRules: readonly string[]): LintConfig {
  const source = ConfigSource.fromFile(file);
  return parseLintConfig(source, knownRules);
}

export function parseLintConfig(source: ConfigSource, knownRules: readonly string[]): LintConfig {
  const file = source.file;
  const problems: Diagnostic[] = [];
  const at = (node: Node | Pair | undefined | null, message: string) => {
    const range = (node as Node | undefined)?.range;
    problems.push({ file, position: range ? source.positionOfOffset(range[0]) : { line: 1, col: 1 }, message });
  };
  const config: LintConfig = { file, dir: dirname(file), allow: [] };
  const root = source.doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) return config;
  if (!isMap(root)) {
    at(root, `${file} must be a mapping with an \`allow:\` list`);
    throw new ConfigError(problems);
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (key !== "allow") {
      const guess = closestMatch(key, ["allow"]);
      at(pair.key as Node, `unknown key "${key}"${guess ? `; did you mean "${guess}"?` : "; the only key is `allow`"}`);
      continue;
    }
    const list = pair.value;
    if (list === null || list === undefined) continue;
    if (!isSeq(list)) {
      at(list as Node, "`allow` must be a list of {rule, destination or path, reason}");
      continue;
    }
    for (const item of list.items) {
      if (!isMap(item)) {
        at(item as Node, "each allow entry must be a mapping with rule, destination (or path) and reason");
        continue;
      }
      const start = item.range ? source.positionOfOffset(item.range[0]) : { line: 1, col: 1 };
      const entry: Partial<AllowEntry> & { line: number; col: number } = { line: start.line, col: start.col };
      let bad = false;
      for (const p of item.items) {
        const k = isScalar(p.key) ? String(p.key.value) : "";
        const v = p.value;
        if (!ENTRY_KEYS.includes(k)) {
          const guess = closestMatch(k, ENTRY_KEYS);
          at(p.key as Node, `unknown key "${k}" in an allow entry${guess ? `; did you mean "${guess}"?` : ` (keys: ${ENTRY_KEYS.join(", ")})`}`);
          bad = true;
          continue;
        }
        if (!isScalar(v) || typeof v.value !== "string" || v.value.trim() === "") {
          at((v as Node) ?? (p.key as Node), `"${k}" must be a non-empty string`);
          bad = true;
          continue;
        }
        const s = v.value.trim();
        if (k === "rule") {
          if (!knownRules.includes(s)) {
            const guess = closestMatch(s, knownRules);
            at(v, `unknown rule "${s}"${guess ? `; did you mean "${guess}"?` : "; `gxit-gen rules` lists them"}`);
            bad = true;
          }
          entry.rule = s;
        } else if (k === "path") entry.path = s.split(".");
        else if (k === "destination") entry.destination = s;
        else if (k === "file") entry.file = s;
        else entry.reason = s;
      }
      if (entry.rule === undefined && !bad) at(item, "an allow entry needs `rule`");
      if (entry.reason === undefined && !bad) at(item, "an allow entry needs `reason`: say why this finding is acceptable");
      if (entry.destination === undefined && entry.path === undefined && !bad) {
        at(item, "an allow entry needs `destination` (or `path`) so it cannot silence the rule everywhere");
      }
      if (entry.destination !== undefined && entry.path !== undefined) {
        at(item, "give either `destination` or `path`, not both");
      }
      if (entry.rule !== undefined && entry.reason !== undefined && (entry.destination ?? entry.path) !== undefined) {
        config.allow.push({ ...(entry as AllowEntry), used: false });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Whether an entry's `file` (if any) names this config file. */
export function entryAppliesToFile(entry: AllowEntry, config: LintConfig, configFile: string): boolean {
  if (entry.file === undefined) return true;
  const rel = relative(resolve(config.dir), resolve(configFile)).split(sep).join("/");
  return entry.file === rel || entry.file === configFile || (!entry.file.includes("/") && rel.split("/").pop() === entry.file);
}
