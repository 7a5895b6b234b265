// Runs rules over a Deployment and turns their reports into located,
// fingerprinted findings; then applies, in order, inline suppressions,
// the .gxit-lint.yml allowlist and a baseline. I/O is limited to reading
// .gxit-lint.yml (the lint runs in a pre-commit hook and from `compile`).
import { readConfigFile, readConfigText, type ConfigProblem, type FrontEndResult } from "../config/load.js";
import type { Deployment } from "../config/model.js";
import type { ConfigPath } from "../config/source.js";
import { closestMatch } from "../util/suggest.js";
import { applyBaseline, canonicalJson, fingerprint, type Baseline } from "./baseline.js";
import { join } from "node:path";
import type { Position } from "../util/errors.js";
import { entryAppliesToFile, findLintConfig, LINT_CONFIG_NAME, loadLintConfig, type AllowEntry, type LintConfig } from "./lint-config.js";
import { dataAt, locate, resolvePath } from "./locate.js";
import { CONFIG_MESSAGE_ID, formatMessage, helpUri } from "./meta.js";
import { allRules } from "./rules/index.js";
import { directiveRules } from "./rules/lint-directives.js";
import { parseDirectives, type Directive } from "./suppress.js";
import { isActive, isCheckRule, isConfigRule, type Finding, type LintReport, type MessageValue, type Rule, type RuleMeta, type RuleReport } from "./types.js";

export interface LintOptions {
  /** The rules to run (default: all). Directive rules report only when included. */
  rules?: readonly Rule[];
  /**
   * The allowlist: a loaded config, a file to read, `false` for none, or
   * undefined to use `.gxit-lint.yml` next to the config file when it exists.
   */
  lintConfig?: LintConfig | string | false;
  baseline?: Baseline;
}

const metaById = new Map<string, RuleMeta>(allRules.map((r) => [r.meta.id, r.meta]));
export const knownRuleIds: readonly string[] = allRules.map((r) => r.meta.id);
/** Rules an allowlist entry may name: directive rules judge suppressions themselves. */
export const allowableRuleIds: readonly string[] = allRules.filter(isCheckRule).map((r) => r.meta.id);

const configRuleByStage = new Map(allRules.filter(isConfigRule).map((r) => [r.stage, r]));
const configRuleIds = new Set([...configRuleByStage.values()].map((r) => r.meta.id));

export function ruleMeta(id: string): RuleMeta | undefined {
  return metaById.get(id);
}

function destinationOf(path: ConfigPath): string | undefined {
  return path[0] === "jobs" && path[1] === "destinations" && path[2] !== undefined ? String(path[2]) : undefined;
}

/**
 * A source that records where each fact of the model is written, possibly in
 * several files (a tree); a config's own ConfigSource is located by YAML path.
 */
interface FactSource {
  locateFact(path: ConfigPath, opts: { at?: "key" | "value"; span?: readonly [number, number] }): { file: string; start: Position; end: Position; exact: boolean };
  dataAt(path: ConfigPath): { exists: boolean; value: unknown };
  depth(path: ConfigPath): number;
  directives: Array<Directive & { file: string }>;
  /** The tree root, where .gxit-lint.yml lives. */
  root: string;
}

function factSourceOf(d: Deployment): FactSource | undefined {
  const s = d.source as unknown as Partial<FactSource>;
  return typeof s.locateFact === "function" ? (s as FactSource) : undefined;
}

function toFinding(d: Deployment, meta: RuleMeta, r: RuleReport): Finding {
  const opts = { ...(r.at ? { at: r.at } : {}), ...(r.span ? { span: r.span } : {}) };
  const facts = factSourceOf(d);
  const loc = facts ? facts.locateFact(r.path, opts) : { file: d.file, ...locate(d.source, r.path, opts) };
  let subject = r.subject;
  if (subject === undefined) {
    const v = facts ? facts.dataAt(r.path) : dataAt(d.source, r.path);
    subject = v.exists ? canonicalJson(v.value) : "<absent>";
  }
  const f: Finding = {
    ruleId: meta.id,
    severity: meta.severity,
    messageId: r.messageId,
    message: formatMessage(meta, r.messageId, r.data),
    fix: meta.fix,
    helpUri: helpUri(meta),
    file: loc.file,
    line: loc.start.line,
    col: loc.start.col,
    endLine: loc.end.line,
    endCol: loc.end.col,
    path: [...r.path],
    fingerprint: fingerprint(meta.id, r.path, subject),
    baselined: false,
  };
  const dest = r.destination ?? destinationOf(r.path);
  if (dest !== undefined) f.destination = dest;
  if (r.data) f.data = r.data;
  if (r.edit) {
    if (!meta.fixable) throw new Error(`${meta.id} attaches an edit but its meta does not say fixable`);
    f.edit = r.edit;
  }
  return f;
}

/** A finding about a directive comment or allow entry: `width` characters from line:col. */
function directiveFinding(meta: RuleMeta, file: string, line: number, col: number, width: number, messageId: string, data: Record<string, MessageValue>, text: string): Finding {
  return {
    ruleId: meta.id,
    severity: meta.severity,
    messageId,
    message: formatMessage(meta, messageId, data),
    fix: meta.fix,
    helpUri: helpUri(meta),
    file,
    line,
    col,
    endLine: line,
    endCol: col + width,
    path: [],
    fingerprint: fingerprint(meta.id, [file, line], text),
    baselined: false,
    ...(Object.keys(data).length > 0 ? { data } : {}),
  };
}

function resolveLintConfig(opt: LintOptions["lintConfig"], configFile: string): LintConfig | undefined {
  if (opt === false) return undefined;
  if (typeof opt === "object") return opt;
  const file = opt ?? findLintConfig(configFile);
  return file === undefined ? undefined : loadLintConfig(file, allowableRuleIds);
}

function pathStartsWith(path: ConfigPath, prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => String(path[i]) === seg);
}

export function lintDeployment(d: Deployment, options: LintOptions = {}): LintReport {
  const rules = options.rules ?? allRules;
  const ran = new Set(rules.map((r) => r.meta.id));
  const findings: Finding[] = [];
  // No de-duplication: a rule that reports one thing twice has a bug, and the rule tester must see it.
  // A tree is different: one hand-written line can feed several destinations (TPV inherits, a tool's
  // params), and it gets one finding that names how many more destinations it affects.
  const tree = factSourceOf(d) !== undefined;
  const sameLine = new Map<string, { finding: Finding; others: Set<string> }>();
  for (const rule of rules) {
    if (!isCheckRule(rule)) continue;
    if (rule.meta.targets !== undefined && !rule.meta.targets.includes(d.target)) continue;
    rule.check({
      deployment: d,
      report: (r) => {
        const f = toFinding(d, rule.meta, r);
        if (tree) {
          const at = `${f.ruleId}\0${f.file}:${f.line}:${f.col}`;
          const first = sameLine.get(at);
          if (first) {
            if (f.destination !== undefined && f.destination !== first.finding.destination) first.others.add(f.destination);
            return;
          }
          sameLine.set(at, { finding: f, others: new Set() });
        }
        findings.push(f);
      },
    });
  }
  for (const { finding, others } of sameLine.values()) {
    if (others.size === 0) continue;
    finding.message += ` (the same line also applies to ${others.size} other destination${others.size === 1 ? "" : "s"})`;
    finding.data = { ...finding.data, alsoDestinations: [...others].sort() };
  }

  const extra: Finding[] = [];
  const emit = (meta: RuleMeta, file: string, line: number, col: number, width: number, messageId: string, data: Record<string, MessageValue>, text: string) => {
    if (ran.has(meta.id)) extra.push(directiveFinding(meta, file, line, col, width, messageId, data, text));
  };

  // Inline directives.
  const facts = factSourceOf(d);
  const directives = facts ? facts.directives : parseDirectives(d.source).map((x) => ({ ...x, file: d.file }));
  for (const f of findings) {
    for (const dir of directives) {
      if (dir.file !== f.file) continue;
      if (dir.targetLine !== f.line || dir.malformed) continue;
      for (const id of dir.ids) {
        if (id.id !== f.ruleId) continue;
        id.used = true;
        if (dir.reason !== undefined && metaById.get(f.ruleId)?.suppressible && f.suppressed === undefined) {
          f.suppressed = { kind: "inline", reason: dir.reason, file: dir.file, line: dir.line };
        }
      }
    }
  }
  for (const dir of directives) {
    if (dir.malformed) {
      emit(directiveRules.badDirective.meta, dir.file, dir.line, dir.col, dir.text.length, "malformed", { problem: dir.malformed }, dir.text);
      continue;
    }
    if (dir.reason === undefined) {
      emit(directiveRules.noReason.meta, dir.file, dir.line, dir.col, dir.text.length, "noReason", { ids: dir.ids.map((i) => i.id).join(", ") }, dir.text);
    }
    for (const id of dir.ids) {
      const meta = metaById.get(id.id);
      if (!meta) {
        const guess = closestMatch(id.id, knownRuleIds);
        emit(directiveRules.unknownRule.meta, dir.file, dir.line, id.col, id.id.length, guess ? "unknownWithGuess" : "unknown", { id: id.id, guess: guess ?? "" }, dir.text);
      } else if (!meta.suppressible) {
        const directiveRule = !allowableRuleIds.includes(id.id);
        emit(
          directiveRules.unsuppressible.meta,
          dir.file,
          dir.line,
          id.col,
          id.id.length,
          configRuleIds.has(id.id) ? "configRule" : directiveRule ? "directiveRule" : "allowlistOnly",
          { id: id.id },
          dir.text,
        );
      } else if (!id.used && ran.has(id.id) && dir.reason !== undefined) {
        emit(directiveRules.unusedSuppression.meta, dir.file, dir.line, id.col, id.id.length, "unusedDirective", { id: id.id, line: dir.targetLine }, dir.text);
      }
    }
  }

  // Allowlist.
  // A tree keeps its .gxit-lint.yml at its root.
  const lc = resolveLintConfig(options.lintConfig, facts ? join(facts.root, LINT_CONFIG_NAME) : d.file);
  if (lc) {
    for (const entry of lc.allow) {
      if (!facts && !entryAppliesToFile(entry, lc, d.file)) continue;
      let used = false;
      for (const f of findings) {
        if (f.ruleId !== entry.rule || f.suppressed !== undefined) continue;
        if (facts && !entryAppliesToFile(entry, lc, f.file)) continue;
        const match = entry.destination !== undefined ? f.destination === entry.destination : pathStartsWith(f.path, entry.path!);
        if (!match) continue;
        f.suppressed = { kind: "allowlist", reason: entry.reason, file: lc.file, line: entry.line };
        used = true;
      }
      if (!used && ran.has(entry.rule) && allowTargetExists(d, entry)) {
        emit(
          directiveRules.unusedSuppression.meta,
          lc.file,
          entry.line,
          entry.col,
          0,
          entry.destination !== undefined ? "unusedAllowDestination" : "unusedAllowPath",
          { id: entry.rule, target: entry.destination ?? entry.path!.join("."), file: d.file },
          `${entry.rule}\0${entry.destination ?? entry.path!.join(".")}`,
        );
      }
    }
  }

  if (options.baseline) {
    applyBaseline(findings, options.baseline, (id) => metaById.get(id)?.suppressible === true);
  }

  const all = [...findings, ...extra];
  all.sort(compareFindings);
  return { files: [d.file], findings: all, rules: rules.map((r) => r.meta) };
}

/**
 * An entry that names a destination (or path) this config does not have is
 * for another config sharing the .gxit-lint.yml, so it is not "unused" here.
 */
function allowTargetExists(d: Deployment, entry: AllowEntry): boolean {
  if (entry.destination !== undefined) return d.jobs.destinations.some((x) => x.id === entry.destination);
  const facts = factSourceOf(d);
  if (facts) return facts.depth(entry.path!) === entry.path!.length;
  return resolvePath(d.source, entry.path!).depth === entry.path!.length;
}

const SEVERITY_ORDER = { error: 0, warning: 1, note: 2 } as const;

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.col - b.col ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

/** A front-end problem as a finding of its gxit-config rule. */
function configFinding(p: ConfigProblem): Finding {
  const meta = configRuleByStage.get(p.stage)!.meta;
  const line = p.position?.line ?? 1;
  const col = p.position?.col ?? 1;
  return {
    ruleId: meta.id,
    severity: meta.severity,
    messageId: CONFIG_MESSAGE_ID,
    message: formatMessage(meta, CONFIG_MESSAGE_ID, { message: p.message }),
    fix: meta.fix,
    helpUri: helpUri(meta),
    file: p.file,
    line,
    col,
    endLine: line,
    endCol: col,
    path: [],
    fingerprint: fingerprint(meta.id, [p.file, line, col], p.message),
    baselined: false,
  };
}

/**
 * Lints what the front end made of one config: its findings, or, for a
 * config the front end rejected, one gxit-config finding per problem (the
 * other rules need a valid model, as ansible-lint skips a file it cannot load).
 */
export function lintFrontEndResult(result: FrontEndResult, options: LintOptions = {}): LintReport {
  if (result.ok) return lintDeployment(result.deployment, options);
  const rules = options.rules ?? allRules;
  const findings = result.problems.map(configFinding).sort(compareFindings);
  return { files: [result.file], findings, rules: rules.map((r) => r.meta) };
}

export function lintFile(file: string, options: LintOptions = {}): LintReport {
  return lintFrontEndResult(readConfigFile(file), options);
}

export function lintText(file: string, text: string, options: LintOptions = {}): LintReport {
  return lintFrontEndResult(readConfigText(file, text), options);
}

/** Findings that say the config itself is invalid (exit 3). */
export function isConfigFinding(f: Finding): boolean {
  return configRuleIds.has(f.ruleId);
}

/** Combines the reports of several config files into one (the CLI lints many at once). */
export function mergeReports(reports: readonly LintReport[], rules: readonly RuleMeta[] = allRules.map((r) => r.meta)): LintReport {
  const findings = reports.flatMap((r) => r.findings);
  findings.sort(compareFindings);
  return { files: reports.flatMap((r) => r.files), findings, rules };
}

/** Error-level findings that are neither suppressed nor baselined: what makes `compile` refuse. */
export function blockingFindings(report: LintReport): Finding[] {
  return report.findings.filter((f) => isActive(f) && f.severity === "error");
}

/** Lints and returns only the blocking findings (for `compile`'s --allow-unsafe gate). */
export function lintErrors(d: Deployment, options: LintOptions = {}): Finding[] {
  return blockingFindings(lintDeployment(d, options));
}

/** ansible-lint's convention: 0 clean (warnings and notes allowed unless strict), 2 findings, 3 an invalid config. */
export function lintExitCode(report: LintReport, opts: { strict?: boolean } = {}): 0 | 2 | 3 {
  if (report.findings.some(isConfigFinding)) return 3;
  const active = report.findings.filter(isActive);
  if (active.some((f) => f.severity === "error")) return 2;
  if (opts.strict && active.length > 0) return 2;
  return 0;
}

export function summarize(report: LintReport): {
  errors: number;
  warnings: number;
  notes: number;
  suppressed: number;
  baselined: number;
} {
  const s = { errors: 0, warnings: 0, notes: 0, suppressed: 0, baselined: 0 };
  for (const f of report.findings) {
    if (f.suppressed) s.suppressed++;
    else if (f.baselined) s.baselined++;
    else if (f.severity === "error") s.errors++;
    else if (f.severity === "warning") s.warnings++;
    else s.notes++;
  }
  return s;
}
