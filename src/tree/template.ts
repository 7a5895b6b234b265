// Evaluates the Jinja that Ansible trees actually write in values:
// `{{ name }}`, attribute and item access, string/number/list/dict literals
// and the filters that shape volumes and options (default/d, join, combine,
// bool, string, lower, upper, trim, int, list). Anything else — operators,
// tests, lookups, hostvars — is an unknown value, never a guess: the result
// keeps the text as written so findings can say what they could not decide.
import { originOfSpan, piecesFor, type LEntry, type LScalar, type LValue, type Origin, type Piece } from "../parse/located.js";

export interface Scope {
  /** The resolved value of a variable, or undefined when no file defines it. */
  lookup(name: string): LValue | undefined;
}

const EXPR = /\{\{-?([\s\S]*?)-?\}\}/g;

function unknown(text: string, why: string, origin: Origin): LValue {
  return { kind: "unknown", text, why, origin };
}

/** Resolves every template string inside a value (maps and lists recursively). */
export function resolveValue(v: LValue, scope: Scope, depth = 0): LValue {
  if (depth > 200) return v;
  if (v.kind === "scalar") return v.partial && typeof v.value === "string" ? renderString(v, scope) : v;
  if (v.kind === "seq") return { ...v, items: v.items.map((x) => resolveValue(x, scope, depth + 1)) };
  if (v.kind === "map") return { ...v, entries: v.entries.map((e) => ({ ...e, value: resolveValue(e.value, scope, depth + 1) })) };
  return v;
}

/** Shifts and clips a scalar's pieces to characters [from, to) of its value, placed at `at` in a new string. */
function slicePieces(s: LScalar, from: number, to: number, at: number): Piece[] {
  const out: Piece[] = [];
  const text = String(s.value);
  for (const p of s.pieces ?? piecesFor(text, s.origin)) {
    const a = Math.max(p.from, from);
    const b = Math.min(p.to, to);
    if (a >= b) continue;
    const origin = p.exact ? { src: p.origin.src, start: p.origin.start + (a - p.from), end: p.origin.start + (b - p.from) } : p.origin;
    out.push({ from: at + (a - from), to: at + (b - from), origin, exact: p.exact });
  }
  return out;
}

export function renderString(s: LScalar, scope: Scope): LValue {
  const text = String(s.value);
  if (text.includes("{%")) return unknown(text, "a Jinja statement inside a value", s.origin);
  const matches = [...text.matchAll(EXPR)];
  if (matches.length === 0) return s;
  const only = matches[0]!;
  if (matches.length === 1 && text.slice(0, only.index).trim() === "" && text.slice(only.index! + only[0].length).trim() === "") {
    // A value that is one expression keeps the expression's type (Ansible's native types for lists/dicts).
    const exprOrigin = originOfSpan(s, only.index!, only.index! + only[0].length) ?? s.origin;
    return evaluate(only[1]!, scope, exprOrigin, only[0]);
  }
  let out = "";
  const pieces: Piece[] = [];
  let partial = false;
  let last = 0;
  for (const m of matches) {
    const lit = text.slice(last, m.index);
    pieces.push(...slicePieces(s, last, m.index!, out.length));
    out += lit;
    const exprOrigin = originOfSpan(s, m.index!, m.index! + m[0].length) ?? s.origin;
    const v = evaluate(m[1]!, scope, exprOrigin, m[0]);
    if (v.kind === "scalar" && v.value !== null && !v.partial) {
      const piece = String(v.value);
      pieces.push(...slicePieces({ ...v, value: piece }, 0, piece.length, out.length));
      out += piece;
    } else {
      pieces.push({ from: out.length, to: out.length + m[0].length, origin: exprOrigin, exact: false });
      out += m[0];
      partial = true;
    }
    last = m.index! + m[0].length;
  }
  pieces.push(...slicePieces(s, last, text.length, out.length));
  out += text.slice(last);
  const r: LScalar = { kind: "scalar", value: out, origin: s.origin, pieces };
  if (partial) r.partial = true;
  if (s.quoted) r.quoted = true;
  return r;
}

// ------------------------------------------------------------ expressions

type Tok = { t: "name" | "str" | "num" | "op"; v: string };

function tokenize(src: string): Tok[] | undefined {
  const toks: Tok[] = [];
  const re = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|(\|\||[|.()[\],{}:=]|[^\s]))/gy;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    if (m[0].trim() === "") break;
    if (m[1] !== undefined) toks.push({ t: "name", v: m[1] });
    else if (m[2] !== undefined) toks.push({ t: "str", v: m[2] });
    else if (m[3] !== undefined) toks.push({ t: "str", v: m[3] });
    else if (m[4] !== undefined) toks.push({ t: "num", v: m[4] });
    else toks.push({ t: "op", v: m[5]! });
  }
  return toks;
}

class Unknown extends Error {}

export function evaluate(expr: string, scope: Scope, origin: Origin, written: string): LValue {
  const toks = tokenize(expr);
  if (!toks || toks.length === 0) return unknown(written, "an empty expression", origin);
  let i = 0;
  const peek = () => toks[i];
  const take = (v?: string) => {
    const t = toks[i];
    if (!t || (v !== undefined && t.v !== v)) throw new Unknown(`expected ${v ?? "more"}`);
    i++;
    return t;
  };
  const lit = (value: string | number | boolean | null): LValue => ({ kind: "scalar", value, origin, quoted: typeof value === "string" });

  const primary = (): LValue | undefined => {
    const t = take();
    if (t.t === "str") return lit(t.v.replace(/\\(.)/g, "$1"));
    if (t.t === "num") return lit(Number(t.v));
    if (t.t === "op" && t.v === "[") {
      const items: LValue[] = [];
      while (peek()?.v !== "]") {
        const v = pipeline();
        if (v === undefined) throw new Unknown("undefined list item");
        items.push(v);
        if (peek()?.v === ",") take(",");
      }
      take("]");
      return { kind: "seq", items, origin };
    }
    if (t.t === "op" && t.v === "{") {
      const entries: LEntry[] = [];
      while (peek()?.v !== "}") {
        const k = take();
        if (k.t !== "str") throw new Unknown("non-literal dict key");
        take(":");
        const v = pipeline();
        if (v === undefined) throw new Unknown("undefined dict value");
        entries.push({ key: k.v, keyOrigin: origin, value: v });
        if (peek()?.v === ",") take(",");
      }
      take("}");
      return { kind: "map", entries, origin };
    }
    if (t.t === "op" && t.v === "(") {
      const v = pipeline();
      take(")");
      return v;
    }
    if (t.t !== "name") throw new Unknown(`unexpected ${t.v}`);
    if (t.v === "true" || t.v === "True") return lit(true);
    if (t.v === "false" || t.v === "False") return lit(false);
    if (t.v === "none" || t.v === "None") return lit(null);
    if (peek()?.v === "(") throw new Unknown(`function ${t.v}()`);
    if (/^(hostvars|groups|inventory_hostname|ansible_|lookup|query|omit|item)/.test(t.v)) throw new Unknown(`${t.v} is known only when Ansible runs`);
    if (/^vault_/.test(t.v)) throw new Unknown(`${t.v} is a vault variable`);
    let v = scope.lookup(t.v);
    for (;;) {
      const n = peek();
      if (n?.v === ".") {
        take(".");
        const k = take();
        v = member(v, k.v);
      } else if (n?.v === "[") {
        take("[");
        const k = take();
        if (k.t !== "str" && k.t !== "num") throw new Unknown("a computed subscript");
        take("]");
        v = member(v, k.v);
      } else break;
    }
    if (v?.kind === "unknown") throw new Unknown(v.why);
    return v;
  };

  const member = (v: LValue | undefined, key: string): LValue | undefined => {
    if (v === undefined) return undefined;
    if (v.kind === "map") {
      for (let j = v.entries.length - 1; j >= 0; j--) if (v.entries[j]!.key === key) return v.entries[j]!.value;
      return undefined;
    }
    if (v.kind === "seq" && /^\d+$/.test(key)) return v.items[Number(key)];
    if (v.kind === "unknown") throw new Unknown(v.why);
    return undefined;
  };

  const args = (): Array<{ name?: string; value: LValue | undefined }> => {
    const out: Array<{ name?: string; value: LValue | undefined }> = [];
    if (peek()?.v !== "(") return out;
    take("(");
    while (peek()?.v !== ")") {
      if (toks[i]?.t === "name" && toks[i + 1]?.v === "=") {
        const name = take().v;
        take("=");
        out.push({ name, value: pipeline() });
      } else out.push({ value: pipeline() });
      if (peek()?.v === ",") take(",");
    }
    take(")");
    return out;
  };

  const filter = (v: LValue | undefined): LValue | undefined => {
    const name = take().v;
    const a = args();
    switch (name) {
      case "default":
      case "d":
        return v === undefined || (a[1]?.value?.kind === "scalar" && a[1].value.value === true && isFalsy(v)) ? a[0]?.value : v;
      case "join": {
        if (v?.kind !== "seq") throw new Unknown("join of a value that is not a list");
        const sep = a[0]?.value?.kind === "scalar" ? String(a[0].value.value) : "";
        return joinSeq(v, sep, origin);
      }
      case "combine": {
        if (v?.kind !== "map") throw new Unknown("combine of a value that is not a mapping");
        const recursive = a.some((x) => x.name === "recursive" && x.value?.kind === "scalar" && x.value.value === true);
        let acc: LValue = v;
        for (const x of a) {
          if (x.name) continue;
          if (x.value?.kind !== "map") throw new Unknown("combine with a value that is not a mapping");
          acc = combine(acc as Extract<LValue, { kind: "map" }>, x.value, recursive);
        }
        return acc;
      }
      case "bool": {
        if (v?.kind !== "scalar") throw new Unknown("bool of a non-scalar");
        const s = String(v.value).toLowerCase();
        return { ...v, value: ["true", "yes", "on", "1", "y"].includes(s), quoted: false };
      }
      case "string":
        if (v?.kind !== "scalar") throw new Unknown("string of a non-scalar");
        return { ...v, value: String(v.value), quoted: true };
      case "lower":
      case "upper":
      case "trim":
        if (v?.kind !== "scalar" || typeof v.value !== "string") throw new Unknown(`${name} of a non-string`);
        return name === "trim" ? v : { ...v, value: name === "lower" ? v.value.toLowerCase() : v.value.toUpperCase() };
      case "int":
        if (v?.kind !== "scalar" || !Number.isFinite(Number(v.value))) throw new Unknown("int of a non-number");
        return { ...v, value: Math.trunc(Number(v.value)), quoted: false };
      case "list":
        return v;
      default:
        throw new Unknown(`the ${name} filter`);
    }
  };

  const pipeline = (): LValue | undefined => {
    let v = primary();
    while (peek()?.v === "|") {
      take("|");
      v = filter(v);
    }
    return v;
  };

  try {
    const v = pipeline();
    if (i < toks.length) throw new Unknown(`the expression ${written}`);
    if (v === undefined) return unknown(written, "a variable no file of the tree defines", origin);
    return v;
  } catch (err) {
    if (err instanceof Unknown) return unknown(written, err.message, origin);
    throw err;
  }
}

function isFalsy(v: LValue): boolean {
  return v.kind === "scalar" && (v.value === "" || v.value === false || v.value === null || v.value === 0);
}

function joinSeq(v: Extract<LValue, { kind: "seq" }>, sep: string, origin: Origin): LValue {
  let out = "";
  const pieces: Piece[] = [];
  let partial = false;
  v.items.forEach((item, n) => {
    if (n > 0) out += sep;
    if (item.kind === "scalar") {
      const s = String(item.value ?? "");
      pieces.push(...slicePieces({ ...item, value: s }, 0, s.length, out.length));
      out += s;
      if (item.partial) partial = true;
    } else {
      const s = item.kind === "unknown" ? item.text : "?";
      pieces.push({ from: out.length, to: out.length + s.length, origin: item.origin, exact: false });
      out += s;
      partial = true;
    }
  });
  const r: LScalar = { kind: "scalar", value: out, origin, pieces, quoted: true };
  if (partial) r.partial = true;
  return r;
}

function combine(a: Extract<LValue, { kind: "map" }>, b: Extract<LValue, { kind: "map" }>, recursive: boolean): LValue {
  const entries = [...a.entries];
  for (const e of b.entries) {
    const at = entries.findIndex((x) => x.key === e.key);
    if (at === -1) entries.push(e);
    else if (recursive && entries[at]!.value.kind === "map" && e.value.kind === "map") {
      entries[at] = { ...e, value: combine(entries[at]!.value as Extract<LValue, { kind: "map" }>, e.value, true) };
    } else entries[at] = e;
  }
  return { kind: "map", entries, origin: a.origin };
}
