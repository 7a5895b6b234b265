// Config strings are literal data; Ansible expressions are explicit objects
// ({var: path} or {template: "...{{ path }}..."}, checked by the schema).
// These helpers give every emitter one view of a text value: a list of
// literal parts and variable references, so that each output language can
// escape the literal parts its own way.
import type {
  AnsibleTemplateString,
  AnsibleVariableReference,
} from "../schema/config-types.generated.js";

export type Text = string | AnsibleVariableReference | AnsibleTemplateString;

export type TextPart = { kind: "literal"; text: string } | { kind: "var"; path: string };

export function isVarRef(v: unknown): v is AnsibleVariableReference {
  return typeof v === "object" && v !== null && typeof (v as { var?: unknown }).var === "string";
}

export function isTemplateRef(v: unknown): v is AnsibleTemplateString {
  return (
    typeof v === "object" && v !== null && typeof (v as { template?: unknown }).template === "string"
  );
}

export function isText(v: unknown): v is Text {
  return typeof v === "string" || isVarRef(v) || isTemplateRef(v);
}

const TEMPLATE_VAR = /\{\{ ?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*) ?\}\}/g;

/** Splits a text value into literal parts and variable references. */
export function textParts(v: Text): TextPart[] {
  if (typeof v === "string") return v === "" ? [] : [{ kind: "literal", text: v }];
  if (isVarRef(v)) return [{ kind: "var", path: v.var }];
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of v.template.matchAll(TEMPLATE_VAR)) {
    if (m.index! > last) parts.push({ kind: "literal", text: v.template.slice(last, m.index) });
    parts.push({ kind: "var", path: m[1]! });
    last = m.index! + m[0].length;
  }
  if (last < v.template.length) parts.push({ kind: "literal", text: v.template.slice(last) });
  return parts;
}

/** The value when it is pure literal data, else undefined (it depends on Ansible variables). */
export function literalOf(v: Text | undefined): string | undefined {
  if (v === undefined) return undefined;
  const parts = textParts(v);
  return parts.every((p) => p.kind === "literal") ? parts.map((p) => (p as { text: string }).text).join("") : undefined;
}

/** True when the text refers to at least one Ansible variable. */
export function hasVars(v: Text): boolean {
  return textParts(v).some((p) => p.kind === "var");
}

/** A canonical, comparable form: "{{ a.b }}/x" for templates, the string for literals. */
export function textKey(v: Text): string {
  return textParts(v)
    .map((p) => (p.kind === "var" ? `{{ ${p.path} }}` : p.text))
    .join("");
}

/** Builds a template text from parts (used for derived values such as the wildcard domain). */
export function joinText(...items: Array<Text | TextPart[]>): Text {
  const parts: TextPart[] = [];
  for (const item of items) parts.push(...(Array.isArray(item) ? item : textParts(item)));
  if (parts.every((p) => p.kind === "literal")) return parts.map((p) => (p as { text: string }).text).join("");
  if (parts.length === 1 && parts[0]!.kind === "var") return { var: parts[0]!.path };
  return {
    template: parts.map((p) => (p.kind === "var" ? `{{ ${p.path} }}` : p.text)).join(""),
  };
}

/** Marks of Jinja2 syntax: a literal containing one must never be evaluated by Ansible. */
export const JINJA_MARKERS = /\{\{|\{%|\{#/;

export function containsJinja(s: string): boolean {
  return JINJA_MARKERS.test(s);
}
