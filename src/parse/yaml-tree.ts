// Reads a YAML file (plain or an Ansible template) into located values.
// Jinja statements are blanked first (offsets kept); a scalar whose text was
// touched by blanking takes its value from the original text, so `{{ … }}`
// reaches the variable model as written.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, parse as parseYaml, Scalar } from "yaml";
import type { Document, Node } from "yaml";
import { blankJinjaStatements, blankYamlExpressions } from "./jinja-blank.js";
import { SourceFile, type LEntry, type LValue, type Origin } from "./located.js";

const YAML11_BOOL = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;

export interface YamlRead {
  src: SourceFile;
  /** One value per YAML document; undefined for an empty document. */
  documents: Array<LValue | undefined>;
  /** The first parse error, when the file is not YAML even with Jinja blanked. */
  error?: { offset: number; message: string };
}

/**
 * Vars files are mostly comments (galaxy.yml's sample options): lines that
 * hold only a comment are dropped before parsing, which is most of the cost,
 * and offsets are mapped back line by line.
 */
class CommentStripper {
  readonly text: string;
  private readonly strippedStarts: number[] = [];
  private readonly originalStarts: number[] = [];

  constructor(original: string) {
    const lines = original.split("\n");
    const out: string[] = [];
    let o = 0;
    let t = 0;
    // Inside a block scalar (`key: |`), a `#` line is content: keep it.
    let blockParent = -1;
    for (const line of lines) {
      const indent = line.length - line.trimStart().length;
      if (blockParent >= 0 && line.trim() !== "" && indent <= blockParent) blockParent = -1;
      const kept = blockParent < 0 && /^[ \t]*#/.test(line) ? "" : line;
      if (blockParent < 0 && /(?:^|[:\s-])[|>][-+0-9]*[ \t]*(?:#.*)?$/.test(line) && !/^[ \t]*#/.test(line)) blockParent = indent;
      this.originalStarts.push(o);
      this.strippedStarts.push(t);
      out.push(kept);
      o += line.length + 1;
      t += kept.length + 1;
    }
    this.text = out.join("\n");
  }

  /** The original offset of an offset in the stripped text. */
  map(offset: number): number {
    let lo = 0;
    let hi = this.strippedStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.strippedStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.originalStarts[lo]! + (offset - this.strippedStarts[lo]!);
  }
}

export function readYaml(src: SourceFile): YamlRead {
  const blanked = blankYamlExpressions(blankJinjaStatements(src.text));
  const stripped = new CommentStripper(blanked);
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(stripped.text, { prettyErrors: false, uniqueKeys: false, strict: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (err) {
    return { src, documents: [], error: { offset: 0, message: String(err) } };
  }
  const out: YamlRead = { src, documents: [] };
  for (const doc of docs) {
    if (doc.errors.length > 0 && !out.error) {
      out.error = { offset: stripped.map(doc.errors[0]!.pos[0]), message: doc.errors[0]!.message.split("\n")[0]! };
    }
    const conv = new Converter(src, blanked, doc, (o) => stripped.map(o));
    out.documents.push(doc.contents ? conv.value(doc.contents as Node, 0) : undefined);
  }
  return out;
}

class Converter {
  constructor(
    private readonly src: SourceFile,
    private readonly blanked: string,
    private readonly doc: Document.Parsed,
    /** Parsed-text offset → file offset. */
    private readonly map: (offset: number) => number,
  ) {}

  private origin(node: Node | undefined): Origin {
    const r = node?.range;
    if (!r) return { src: this.src, start: 0, end: 0 };
    return { src: this.src, start: this.map(r[0]), end: this.map(r[1]) };
  }

  value(node: Node, depth: number): LValue {
    if (depth > 64) return { kind: "unknown", text: "", why: "nested too deeply", origin: this.origin(node) };
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      return target ? this.value(target as Node, depth + 1) : { kind: "unknown", text: String(node.source), why: "unresolved alias", origin: this.origin(node) };
    }
    if (isMap(node)) {
      const entries: LEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? this.scalarText(keyNode) : String(keyNode ?? "");
        const valueNode = pair.value as Node | null;
        if (key === "<<" && valueNode) {
          // YAML merge keys (`<<: *BASE`): the anchored entries, overridden by the ones written here.
          const merged = isSeq(valueNode) ? valueNode.items : [valueNode];
          for (const m of merged) {
            const v = this.value(m as Node, depth + 1);
            if (v.kind === "map") entries.push(...v.entries);
          }
          continue;
        }
        const keyOrigin = this.origin(keyNode ?? undefined);
        const value: LValue = valueNode
          ? this.value(valueNode, depth + 1)
          : { kind: "scalar", value: null, origin: { src: this.src, start: keyOrigin.end, end: keyOrigin.end } };
        entries.push({ key, keyOrigin, value });
      }
      return { kind: "map", entries, origin: this.origin(node) };
    }
    if (isSeq(node)) {
      return { kind: "seq", items: node.items.map((n) => this.value(n as Node, depth + 1)), origin: this.origin(node) };
    }
    if (isScalar(node)) return this.scalar(node);
    return { kind: "unknown", text: "", why: "unsupported YAML node", origin: this.origin(node) };
  }

  private scalarText(node: Scalar): string {
    const { start: s, end: e } = this.origin(node);
    if (this.blanked.slice(s, e) !== this.src.text.slice(s, e)) return this.src.text.slice(s, e).trim();
    return String(node.value);
  }

  private scalar(node: Scalar): LValue {
    const origin = this.origin(node);
    const tag = node.tag;
    if (tag === "!vault" || tag === "!unsafe") {
      return tag === "!vault"
        ? { kind: "unknown", text: "!vault", why: "an Ansible Vault value", origin }
        : { kind: "scalar", value: String(node.value), origin, quoted: true };
    }
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    const original = this.src.text.slice(origin.start, origin.end);
    let value: string | number | boolean | null;
    if (this.blanked.slice(origin.start, origin.end) !== original) {
      // Blanking touched this scalar: read it from the original text.
      let v: unknown;
      // Only a quoted scalar needs its quoting undone; a plain one is its text.
      if (quoted) {
        try {
          v = parseYaml(original, { prettyErrors: false, logLevel: "silent" });
        } catch {
          v = undefined;
        }
      }
      value = typeof v === "string" ? v : original.trim();
    } else {
      const v = node.value;
      value = typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null ? v : String(v);
    }
    // Ansible reads YAML 1.1 (PyYAML): unquoted yes/no/on/off are booleans there.
    if (!quoted && typeof value === "string" && YAML11_BOOL.test(value)) value = /^(?:yes|true|on)$/i.test(value);
    const out: LValue = { kind: "scalar", value, origin };
    if (quoted) out.quoted = true;
    // Pieces (which characters come from where) are computed on demand: few values are ever located by span.
    if (typeof value === "string" && (value.includes("{{") || value.includes("{%"))) out.partial = true;
    return out;
  }
}
