// Values as a hand-written tree writes them, turned into a gxit-gen config's
// values: literal strings stay data, `{{ variable }}` references become
// {var: …} or {template: …}. What the config cannot express (filters,
// operators, Jinja statements, vault-encrypted strings) is refused with the
// reason, so the importer lists it instead of guessing.
import { joinText, type Text, type TextPart } from "../config/text.js";
import type { LValue } from "../parse/located.js";

export type Converted<T> = { ok: true; value: T } | { ok: false; why: string; at: LValue };

const EXPR = /\{\{-?([\s\S]*?)-?\}\}/g;
const VARIABLE_PATH = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*)\s*$/;
/** How gxit-gen's own templates write a literal "{" (escapeJinja). */
const ESCAPED_BRACE = /^\s*'\{'\s*$/;

const fail = <T>(at: LValue, why: string): Converted<T> => ({ ok: false, why, at });

/** A string as written in a vars file or template, as config Text. */
export function textFromString(s: string, at: LValue): Converted<Text> {
  if (s.includes("{%") || s.includes("{#")) return fail(at, "it contains a Jinja statement or comment; the config writes only {{ variable }} references");
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of s.matchAll(EXPR)) {
    if (m.index! > last) parts.push({ kind: "literal", text: s.slice(last, m.index) });
    const inner = m[1]!;
    if (ESCAPED_BRACE.test(inner)) parts.push({ kind: "literal", text: "{" });
    else {
      const v = VARIABLE_PATH.exec(inner);
      if (!v) return fail(at, `the expression ${m[0].trim()} is not a plain variable reference; the config writes only {{ variable }} references (define a variable for it in group_vars and reference that)`);
      parts.push({ kind: "var", path: v[1]! });
    }
    last = m.index! + m[0].length;
  }
  if (last < s.length) parts.push({ kind: "literal", text: s.slice(last) });
  return { ok: true, value: joinText(parts) };
}

/** A scalar as Text (numbers and booleans as their text). */
export function textOf(v: LValue): Converted<Text> {
  if (v.kind === "unknown") {
    if (v.text === "!vault") return fail(v, "it is a vault-encrypted string; move it into a vault variable and reference it as {var: vault_…}");
    // Unknown to the tree (a vault or undefined variable) but written as a reference: the config keeps the reference.
    const asWritten = textFromString(v.text, v);
    if (asWritten.ok) return asWritten;
    return fail(v, `${v.why.includes(v.text) ? v.why : `${v.text} (${v.why})`} is not a plain variable reference; the config writes only {{ variable }} references`);
  }
  if (v.kind !== "scalar") return fail(v, `a ${v.kind === "map" ? "mapping" : "list"} where the config expects a text value`);
  if (v.value === null) return fail(v, "it is empty (null)");
  if (typeof v.value !== "string") return { ok: true, value: String(v.value) };
  // Without `{{` (or tagged !unsafe) the string is literal data, even if it shows Jinja marks.
  if (!v.partial) return { ok: true, value: v.value };
  return textFromString(v.value, v);
}

/** Booleans as Ansible and Galaxy read them ("true", "yes", "False"…). */
export function boolOf(v: LValue): Converted<boolean> {
  if (v.kind === "scalar") {
    if (typeof v.value === "boolean") return { ok: true, value: v.value };
    const s = String(v.value).toLowerCase();
    if (["true", "yes", "on", "1"].includes(s)) return { ok: true, value: true };
    if (["false", "no", "off", "0"].includes(s)) return { ok: true, value: false };
  }
  return fail(v, "it is not a literal boolean (true/false); the config needs the value itself");
}

export function intOf(v: LValue): Converted<number> {
  if (v.kind === "scalar" && v.value !== null && /^\s*[0-9]+\s*$/.test(String(v.value))) return { ok: true, value: Number(v.value) };
  return fail(v, "it is not a literal integer; the config needs the number itself");
}

/** A literal string (for fields that take no Ansible expression: ids, names, versions). */
export function literalOf(v: LValue): Converted<string> {
  if (v.kind === "scalar" && v.value !== null && typeof v.value !== "object") {
    const s = String(v.value);
    if (!s.includes("{{") && !s.includes("{%")) return { ok: true, value: s };
    return fail(v, "it is an Ansible expression; this field of the config takes only a literal value");
  }
  return textOf(v) as Converted<never>;
}

/** Scalars keep their type (numbers, booleans) and strings become Text. */
export function scalarOf(v: LValue): Converted<Text | number | boolean> {
  if (v.kind === "scalar" && (typeof v.value === "number" || typeof v.value === "boolean")) return { ok: true, value: v.value };
  return textOf(v);
}

/** Any data (maps, lists, scalars); strings as Text. */
export function dataOf(v: LValue): Converted<unknown> {
  if (v.kind === "seq") {
    const out: unknown[] = [];
    for (const item of v.items) {
      const c = dataOf(item);
      if (!c.ok) return c;
      out.push(c.value);
    }
    return { ok: true, value: out };
  }
  if (v.kind === "map") {
    const out: Record<string, unknown> = {};
    for (const e of v.entries) {
      const c = dataOf(e.value);
      if (!c.ok) return c;
      out[e.key] = c.value;
    }
    return { ok: true, value: out };
  }
  if (v.kind === "scalar" && v.value === null) return { ok: true, value: null };
  return scalarOf(v);
}
