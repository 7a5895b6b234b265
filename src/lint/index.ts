// Public API of the linter. `compile` uses lintDeployment/blockingFindings to
// refuse unsafe output; the CLI's lint, rules and explain commands use the rest.
export { allRules } from "./rules/index.js";
export {
  allowableRuleIds,
  blockingFindings,
  compareFindings,
  knownRuleIds,
  isConfigFinding,
  lintDeployment,
  lintErrors,
  lintFile,
  lintFrontEndResult,
  lintText,
  lintExitCode,
  mergeReports,
  ruleMeta,
  summarize,
  type LintOptions,
} from "./engine.js";
export { applyFixes, fixDiff, type FixResult } from "./fix.js";
export { FORMATS, formatReport, type Format, type FormatOptions } from "./format.js";
export { applyBaseline, readBaseline, renderBaseline, type Baseline } from "./baseline.js";
export { findLintConfig, loadLintConfig, LINT_CONFIG_NAME, type LintConfig } from "./lint-config.js";
export { DOCS_BASE_URL, helpUri, ruleDocsPath, ruleSlug } from "./meta.js";
export { renderRuleDoc, renderRulesIndex, ruleDocFileName } from "./docs.js";
export {
  isActive,
  isCheckRule,
  isConfigRule,
  type CheckRule,
  type FixEdit,
  type ConfigRule,
  type DirectiveRule,
  type Finding,
  type LintReport,
  type Rule,
  type RuleContext,
  type RuleMeta,
  type RuleReport,
  type Severity,
} from "./types.js";
