// The fast reader: js-yaml reads plain YAML data about twice as fast as the
// yaml package composes a Document, in a quarter of the memory (a 50 MB
// config: see docs/benchmarks.md). It is used only where the two cannot
// differ: no anchors, aliases, tags, directives, merge or complex keys (the
// text is then read by the yaml package, which also explains every error),
// scalars resolved by the YAML 1.2 core schema exactly as the yaml package
// resolves them (its own regular expressions below), and nesting within
// MAX_DEPTH. Anything js-yaml refuses (duplicate keys, syntax) goes to the
// yaml package too, which reports it with its position.
import jsyaml from "js-yaml";
import { MAX_DEPTH } from "./source.js";

// YAML 1.2 core schema, as the yaml package resolves plain scalars
// (yaml/dist/schema/core: int.js, float.js, bool.js; common/null.js); js-yaml's own core schema also
// reads 0b101 and 1_000 as numbers and leaves +.5 a string.
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;

const intType = new jsyaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (s: string | null) => s !== null && INT.test(s),
  construct: (s: string) =>
    s.startsWith("0o") ? parseInt(s.slice(2), 8) : s.startsWith("0x") ? parseInt(s.slice(2), 16) : parseInt(s, 10),
});

const floatType = new jsyaml.Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (s: string | null) => s !== null && FLOAT.test(s),
  construct: (s: string) =>
    /nan$/i.test(s) ? NaN : /inf$/i.test(s) ? (s.startsWith("-") ? -Infinity : Infinity) : parseFloat(s),
});

const nullType = new jsyaml.Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (s: string | null) => s === null || /^(?:~|[Nn]ull|NULL)?$/.test(s),
  construct: () => null,
});

const boolType = new jsyaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (s: string | null) => s !== null && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s),
  construct: (s: string) => s[0] === "t" || s[0] === "T",
});

const CORE = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });

// An anchor (&), alias (*) or tag (!) where a node may start, a directive
// (%), a complex key (?) or a merge key (<<): the yaml package reads those.
// Matches inside strings or comments only send the text the slow way.
const NOT_PLAIN = /(?:^|[\s[{,])[&*!][^\s,[\]{}]|^%|^[ \t-]*\?(?:[ \t]|$)|<</m;

export type PlainData = { ok: true; data: unknown } | { ok: false };

export function readPlainData(text: string): PlainData {
  if (NOT_PLAIN.test(text)) return { ok: false };
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: CORE });
  } catch {
    return { ok: false };
  }
  return tooDeep(data) ? { ok: false } : { ok: true, data };
}

/** Nesting deeper than MAX_DEPTH (counted as the yaml package's CST is: each mapping or list one level). */
function tooDeep(root: unknown): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (depth > MAX_DEPTH) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}
