// Rule metadata helpers: the docs path derived from a rule id, and the base
// URL that turns it into SARIF's helpUri. Kept in one place so that the docs
// generator, `explain` and every output format agree.
import type { ConfigStage } from "../config/load.js";
import type { CheckRule, ConfigRule, DirectiveRule, MessageValue, RuleContext, RuleMeta } from "./types.js";

/**
 * Where docs/rules/*.md are published. Rule pages live in the repository
 * (docs/rules/), so this is the repository's blob URL; change it here only.
 */
export const DOCS_BASE_URL = "https://github.com/gxit-gen/gxit-gen/blob/main/";

const RULE_ID = /^gxit-[a-z][a-z0-9-]*(?:\[[a-z][a-z0-9-]*\])?$/;

export function isValidRuleId(id: string): boolean {
  return RULE_ID.test(id);
}

/** `gxit-volumes[datasets-rw]` → `gxit-volumes-datasets-rw` (safe as a file name and URL segment). */
export function ruleSlug(id: string): string {
  return id.replace(/\[/g, "-").replace(/\]/g, "");
}

export function ruleDocsPath(id: string): string {
  return `docs/rules/${ruleSlug(id)}.md`;
}

export function helpUri(meta: Pick<RuleMeta, "docs">): string {
  return DOCS_BASE_URL + meta.docs;
}

type MetaInput = Omit<RuleMeta, "docs" | "suppressible"> & { suppressible?: boolean };

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names of a message template, in order of appearance. */
export function messagePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Fills a rule's message template. An unknown id or a missing placeholder is
 * a bug in the rule, not in the user's config, so it throws (and the rule
 * tests, which run every message, catch it).
 */
export function formatMessage(meta: Pick<RuleMeta, "id" | "messages">, messageId: string, data: Readonly<Record<string, MessageValue>> = {}): string {
  const template = Object.prototype.hasOwnProperty.call(meta.messages, messageId) ? meta.messages[messageId] : undefined;
  if (template === undefined) throw new Error(`${meta.id} reported unknown messageId "${messageId}"`);
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(data, name)) throw new Error(`${meta.id} message "${messageId}" needs data.${name}`);
    return String(data[name]);
  });
}

function completeMeta(meta: MetaInput): RuleMeta {
  if (!isValidRuleId(meta.id)) throw new Error(`invalid rule id ${meta.id}`);
  if (Object.keys(meta.messages).length === 0) throw new Error(`${meta.id} declares no messages`);
  return { ...meta, suppressible: meta.suppressible ?? true, docs: ruleDocsPath(meta.id) };
}

/** Declares a rule module (fills in `docs` and the default `suppressible: true`). */
export function defineRule(meta: MetaInput, check: (context: RuleContext) => void): CheckRule {
  return { meta: completeMeta(meta), check };
}

export function defineDirectiveRule(meta: MetaInput): DirectiveRule {
  return { meta: completeMeta(meta), directive: true };
}

/** Declares the rule that reports one front-end stage's problems (never suppressible). */
export function defineConfigRule(stage: ConfigStage, meta: Omit<MetaInput, "id" | "severity" | "suppressible" | "messages">): ConfigRule {
  return {
    meta: completeMeta({ ...meta, id: `gxit-config[${stage}]`, severity: "error", suppressible: false, messages: { [CONFIG_MESSAGE_ID]: "{{message}}" } }),
    stage,
  };
}

/** Config rules have one message: the front end's own text. */
export const CONFIG_MESSAGE_ID = "invalid";

/**
 * Template tag for YAML examples written indented inside rule modules:
 * drops the first newline and the common indentation, ends with one newline.
 */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ""), "");
  text = text.replace(/^\n/, "").replace(/\s+$/, "");
  const lines = text.split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join("\n") + "\n";
}
