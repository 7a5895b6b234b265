// The contract between lint rules and the engine, modelled on ESLint's rule
// modules: a rule is `meta` plus `check(context)`. A rule never prints, never
// computes positions and never decides exit codes; it reports a config path,
// a message id from its meta.messages and the data for that template, and the
// engine locates the YAML node, applies suppressions and baselines, and
// formats the result.
import type { Deployment, Target } from "../config/model.js";
import type { ConfigStage } from "../config/load.js";
import type { ConfigPath } from "../config/source.js";

/** SARIF levels; `error` fails the lint (exit 2), the others only with --strict. */
export type Severity = "error" | "warning" | "note";

export interface RuleExamples {
  /** A complete, tiny config that triggers the rule (rendered into the docs, and linted by a test). */
  problematic: string;
  /** The same config fixed: it must not trigger the rule. */
  correct: string;
  /**
   * For rules about hand-written input a config cannot express: the examples
   * are one file of this kind of an Ansible tree (see src/read/kinds.ts).
   */
  kind?: "vars" | "job-conf-xml" | "job-conf-yaml" | "tpv" | "nginx";
}

export interface RuleMeta {
  /** `gxit-<area>[<sub>]`, as ansible-lint's `tag[subtag]`. */
  id: string;
  severity: Severity;
  /** One line, shown by `gxit-gen rules` and as SARIF shortDescription. */
  description: string;
  /** Why it matters, with the Galaxy/Docker facts behind it (SARIF fullDescription). */
  rationale: string;
  /** What to change; printed under every finding. */
  fix: string;
  /** Repository-relative docs page, `docs/rules/<slug>.md`; the helpUri is DOCS_BASE_URL + this. */
  docs: string;
  /**
   * False for rules whose findings only an allowlist entry in .gxit-lint.yml
   * can silence (no inline comment, no baseline): the ones that hand users
   * the host or everybody's data.
   */
  suppressible: boolean;
  /**
   * The output targets whose deployments the rule checks; absent means every
   * target. A rule about something only one target emits says so here, and
   * the engine does not run it on the others.
   */
  targets?: readonly Target[];
  /**
   * Every message the rule can report, by id (ESLint's meta.messages):
   * `{{name}}` placeholders are filled from the report's data. Tests assert
   * the id, so a message can be reworded without touching them.
   */
  messages: Readonly<Record<string, string>>;
  examples: RuleExamples;
  /** The rule attaches a mechanical edit to its findings, which `gxit-gen lint --fix` applies. */
  fixable?: boolean;
  /** Where the facts come from (Galaxy source files, docs), for the docs page. */
  sources?: string[];
}

/** What a rule reports. The engine turns it into a located Finding. */
export interface RuleReport {
  /** The config path of the YAML node that causes the finding (may name a key that is absent). */
  path: ConfigPath;
  /** A key of the rule's meta.messages. */
  messageId: string;
  /** Values for the message's `{{name}}` placeholders; kept in JSON and SARIF output as structured details. */
  data?: Record<string, MessageValue>;
  /** Point at the mapping key instead of its value (e.g. a destination's `runner:` key). */
  at?: "key" | "value";
  /**
   * A character range inside the scalar at `path` (e.g. one entry of a
   * comma-separated docker_volumes string); the engine maps it to a column.
   */
  span?: readonly [number, number];
  /**
   * The normalized value that identifies this finding for baselines; defaults
   * to the canonical JSON of the node at `path` (or "<absent>").
   */
  subject?: string;
  /** The mechanical fix (rules with meta.fixable only): set the config value at `path`. */
  edit?: FixEdit;
  /** Destination the finding belongs to, for .gxit-lint.yml allowlists; derived from `path` when it lies under jobs.destinations. */
  destination?: string;
}

/** A safe, mechanical change of one config value (applied through the yaml Document API). */
export interface FixEdit {
  path: ConfigPath;
  value: string | number | boolean;
}

/** What a message placeholder can be filled with. */
export type MessageValue = string | number | boolean;

export interface RuleContext {
  readonly deployment: Deployment;
  report(r: RuleReport): void;
}

/** A rule that inspects the deployment model. */
export interface CheckRule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/**
 * A rule about `# gxit-lint` directives and allowlist entries themselves;
 * the engine reports it while applying suppressions, because only then is it
 * known whether a suppression was used.
 */
export interface DirectiveRule {
  meta: RuleMeta;
  directive: true;
}

/**
 * A rule for configs the front end rejects (cannot read, bad YAML, schema,
 * references, conflicts): reported instead of running the other rules, as
 * ansible-lint reports load-failure. Never suppressible; exit 3.
 */
export interface ConfigRule {
  meta: RuleMeta;
  stage: ConfigStage;
}

export type Rule = CheckRule | DirectiveRule | ConfigRule;

export function isConfigRule(rule: Rule): rule is ConfigRule {
  return typeof (rule as ConfigRule).stage === "string";
}

export function isCheckRule(rule: Rule): rule is CheckRule {
  return typeof (rule as CheckRule).check === "function";
}

export interface Suppression {
  kind: "inline" | "allowlist";
  reason: string;
  /** Where the directive or allowlist entry is. */
  file: string;
  line: number;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  fix: string;
  helpUri: string;
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  path: ConfigPath;
  /** Stable across edits elsewhere in the file: rule id + config path + normalized value. */
  fingerprint: string;
  destination?: string;
  data?: Record<string, unknown>;
  edit?: FixEdit;
  suppressed?: Suppression;
  baselined: boolean;
}

export interface LintReport {
  /** Config files linted, in order. */
  files: string[];
  findings: Finding[];
  /** The rules that ran (SARIF lists one entry per rule). */
  rules: readonly RuleMeta[];
}

/** A finding that counts: neither suppressed nor baselined. */
export function isActive(f: Finding): boolean {
  return f.suppressed === undefined && !f.baselined;
}
