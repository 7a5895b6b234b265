// Baselines let a team adopt the linter on an existing deployment: known
// findings are recorded by fingerprint (rule id + config path + normalized
// value, never line numbers), so edits elsewhere in the file keep them
// matched while any new or changed finding still fails. Rules that cannot be
// suppressed inline cannot be baselined either.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import type { ConfigPath } from "../config/source.js";
import { ConfigError } from "../util/errors.js";
import { VERSION } from "../version.js";
import type { Finding, LintReport } from "./types.js";

export interface BaselineEntry {
  /** Config file, relative to the baseline file's directory. */
  file: string;
  rule: string;
  fingerprint: string;
  /** For readers only: where and what it was. */
  path?: string;
  message?: string;
}

export interface Baseline {
  file: string;
  entries: BaselineEntry[];
}

/** Canonical JSON: object keys sorted, so key order in the YAML does not matter. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

export function dottedPath(path: ConfigPath): string {
  return path.map(String).join(".");
}

export function fingerprint(ruleId: string, path: ConfigPath, subject: string): string {
  return createHash("sha256").update(`gxit-lint/v1\0${ruleId}\0${JSON.stringify(path.map(String))}\0${subject}`).digest("hex").slice(0, 32);
}

function relFile(baselineFile: string, file: string): string {
  return relative(dirname(resolve(baselineFile)), resolve(file)).split(sep).join("/");
}

/** Findings a baseline may record: active ones of suppressible rules. */
export function baselinable(f: Finding, suppressible: (ruleId: string) => boolean): boolean {
  return f.suppressed === undefined && suppressible(f.ruleId);
}

export function renderBaseline(report: LintReport, baselineFile: string): { text: string; count: number } {
  const suppressible = new Map(report.rules.map((r) => [r.id, r.suppressible]));
  const entries: BaselineEntry[] = report.findings
    .filter((f) => baselinable(f, (id) => suppressible.get(id) === true))
    .map((f) => ({
      file: relFile(baselineFile, f.file),
      rule: f.ruleId,
      fingerprint: f.fingerprint,
      path: dottedPath(f.path),
      message: f.message,
    }));
  entries.sort((a, b) => (a.file + a.rule + a.fingerprint).localeCompare(b.file + b.rule + b.fingerprint));
  const doc = { version: 1, generator: `gxit-gen ${VERSION}`, findings: entries };
  return { text: JSON.stringify(doc, null, 2) + "\n", count: entries.length };
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError([{ file, message: `cannot read the baseline (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
  return parseBaseline(file, text);
}

export function parseBaseline(file: string, text: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const offset = m ? Number(m[1]) : 0;
    const before = text.slice(0, offset).split("\n");
    throw new ConfigError([
      {
        file,
        position: { line: before.length, col: before[before.length - 1]!.length + 1 },
        message: `the baseline is not valid JSON; regenerate it with --write-baseline`,
      },
    ]);
  }
  const findings = (doc as { findings?: unknown })?.findings;
  if ((doc as { version?: unknown })?.version !== 1 || !Array.isArray(findings)) {
    throw new ConfigError([{ file, message: "not a gxit-gen lint baseline (expected {version: 1, findings: [...]}); regenerate it with --write-baseline" }]);
  }
  const entries: BaselineEntry[] = [];
  findings.forEach((e, i) => {
    const x = e as Partial<BaselineEntry>;
    if (typeof x?.file !== "string" || typeof x.rule !== "string" || typeof x.fingerprint !== "string") {
      throw new ConfigError([{ file, message: `findings[${i}] needs string file, rule and fingerprint; regenerate the baseline with --write-baseline` }]);
    }
    entries.push({ file: x.file, rule: x.rule, fingerprint: x.fingerprint });
  });
  return { file, entries };
}

/**
 * Marks findings the baseline records. Matching counts occurrences, so two
 * identical findings need two entries.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, suppressible: (ruleId: string) => boolean): void {
  const budget = new Map<string, number>();
  for (const e of baseline.entries) {
    const k = `${e.file}\0${e.rule}\0${e.fingerprint}`;
    budget.set(k, (budget.get(k) ?? 0) + 1);
  }
  for (const f of findings) {
    if (!baselinable(f, suppressible)) continue;
    const k = `${relFile(baseline.file, f.file)}\0${f.ruleId}\0${f.fingerprint}`;
    const n = budget.get(k) ?? 0;
    if (n > 0) {
      f.baselined = true;
      budget.set(k, n - 1);
    }
  }
}
