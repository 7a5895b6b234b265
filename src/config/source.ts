// The parsed config file with its source positions. Every later stage (schema
// errors, lint findings, suppression comments) points back into the YAML
// through this object, so positions come from the yaml package, never guessed.
import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";
import { Composer, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Parser, visit } from "yaml";
import type { CST, Document, Node, Pair } from "yaml";
import { ConfigError, type Position } from "../util/errors.js";
import { readPlainData } from "./plain-data.js";

/** Deepest nesting of mappings and lists a config may have (documented in docs/config.md). */
export const MAX_DEPTH = 100;

/** How many nodes one alias may expand to (yaml's `maxAliasCount`). */
export const MAX_ALIAS_COUNT = 100;

interface Composed {
  doc: Document.Parsed;
  lines: LineCounter;
}

/** A path into the config data, as JSON pointer segments. */
export type ConfigPath = ReadonlyArray<string | number>;

export class ConfigSource {
  /** The yaml Document with positions; composed on first use when the fast reader read the data. */
  private composed: Composed | undefined;
  /** The data from the fast reader, handed out once (validation fills defaults into it). */
  private fastData: unknown;
  /** Keys of the top-level mappings as written (before defaults), for `has` without the Document. */
  private readonly writtenKeys: Map<string, string[] | undefined> | undefined;

  private constructor(
    /** The file name as the user gave it; used in every message. */
    readonly file: string,
    readonly text: string,
    composed: Composed | undefined,
    fastData?: unknown,
  ) {
    this.composed = composed;
    this.fastData = fastData;
    if (composed === undefined && isPlainObject(fastData)) {
      this.writtenKeys = new Map(Object.entries(fastData).map(([k, v]) => [k, isPlainObject(v) ? Object.keys(v) : undefined]));
    }
  }

  /** The parsed document with source positions (every message's position comes from it). */
  get doc(): Document.Parsed {
    return this.compose().doc;
  }

  private compose(): Composed {
    this.composed ??= composeDocument(this.file, this.text);
    return this.composed;
  }

  static fromFile(file: string): ConfigSource {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === "ENOENT"
          ? "no such file; check the path"
          : code === "EISDIR"
            ? "is a directory; give the config file"
            : code === "EACCES"
              ? "permission denied; make it readable"
              : `cannot read it (${code ?? String(err)})`;
      throw new ConfigError([{ file, message: why }]);
    }
    return ConfigSource.fromText(file, decodeUtf8(file, bytes));
  }

  static fromText(file: string, text: string): ConfigSource {
    // Plain data (no anchors, tags or directives) is read by the fast reader;
    // the Document, which costs ~35 bytes of memory per byte of YAML, is only
    // composed when a position is needed (an error, lint, suppressions).
    const fast = readPlainData(text);
    return fast.ok ? new ConfigSource(file, text, undefined, fast.data) : new ConfigSource(file, text, composeDocument(file, text));
  }

  /** The plain data of the document (aliases resolved); a fresh copy on every call. */
  toData(): unknown {
    if (this.fastData !== undefined) {
      const data = this.fastData;
      this.fastData = undefined;
      return data;
    }
    try {
      return this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      // yaml's guard against "billion laughs": aliases that expand to too much data.
      if (!(err instanceof ReferenceError) || !/alias/i.test(err.message)) throw err;
      let first: Node | undefined;
      visit(this.doc, {
        Alias(_key, node) {
          first = node;
          return visit.BREAK;
        },
      });
      throw new ConfigError([
        {
          file: this.file,
          position: this.positionOfOffset(first?.range?.[0] ?? 0),
          message: `invalid YAML: its aliases expand to too much data (more than ${MAX_ALIAS_COUNT} nodes per alias, as in an alias bomb); write the values out or use fewer aliases`,
        },
      ]);
    }
  }

  /** Whether the config as written has a value at `path` (before defaults are filled in). */
  has(path: ConfigPath): boolean {
    if (this.composed === undefined && this.writtenKeys !== undefined && path.length <= 2) {
      if (!this.writtenKeys.has(String(path[0]))) return false;
      if (path.length === 1) return true;
      return this.writtenKeys.get(String(path[0]))?.includes(String(path[1])) ?? false;
    }
    return this.nodeAt(path).exact;
  }

  positionOfOffset(offset: number): Position {
    const p = this.compose().lines.linePos(offset);
    return { line: p.line, col: p.col };
  }

  /**
   * The YAML node at `path`, or the nearest ancestor that exists (defaults
   * filled in by the schema have no node of their own).
   */
  nodeAt(path: ConfigPath): { node: Node | undefined; exact: boolean } {
    let node: unknown = this.doc.contents;
    for (let i = 0; i < path.length; i++) {
      const next = childOf(node, path[i]!);
      if (next === undefined) return { node: node as Node | undefined, exact: false };
      node = next;
    }
    return { node: node as Node, exact: true };
  }

  /** The key node of the mapping entry at `path` (for "unknown key" errors). */
  keyNodeAt(path: ConfigPath): Node | undefined {
    if (path.length === 0) return undefined;
    const parent = this.nodeAt(path.slice(0, -1));
    if (!parent.exact || !isMap(parent.node)) return undefined;
    const pair = parent.node.items.find((p) => keyString(p) === String(path[path.length - 1]));
    return pair && isNode(pair.key) ? pair.key : undefined;
  }

  /** Position of the value at `path`, or of its nearest existing ancestor. */
  locate(path: ConfigPath): Position {
    const { node } = this.nodeAt(path);
    const range = node?.range;
    return range ? this.positionOfOffset(range[0]) : { line: 1, col: 1 };
  }

  /** Position of the key of the mapping entry at `path`, falling back to its value. */
  locateKey(path: ConfigPath): Position {
    const key = this.keyNodeAt(path);
    return key?.range ? this.positionOfOffset(key.range[0]) : this.locate(path);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function keyString(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return typeof k === "string" ? k : undefined;
}

function childOf(node: unknown, seg: string | number): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => keyString(p) === String(seg));
    return pair?.value ?? undefined;
  }
  if (isSeq(node) && typeof seg === "number") return node.items[seg];
  if (isSeq(node) && /^\d+$/.test(String(seg))) return node.items[Number(seg)];
  if (isPair(node)) return childOf(node.value, seg);
  return undefined;
}

/** The yaml package's message without its own position suffix. */
function yamlMessage(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

/** Offset of the first collection nested deeper than MAX_DEPTH in a CST token, iteratively. */
function firstTooDeep(root: CST.Token): number | undefined {
  const stack: Array<{ token: CST.Token | undefined; depth: number }> = [{ token: root, depth: 0 }];
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token === undefined) continue;
    if (token.type === "document") {
      stack.push({ token: token.value, depth });
    } else if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      if (depth + 1 > MAX_DEPTH) return token.offset;
      for (const item of token.items) {
        const entry = item as { key?: CST.Token | null; value?: CST.Token };
        if (entry.key) stack.push({ token: entry.key, depth: depth + 1 });
        stack.push({ token: entry.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** Duplicate keys in every mapping of the document, in one pass (same equality as the yaml package's uniqueKeys). */
function duplicateKeys(doc: Document.Parsed, lines: LineCounter): Array<{ offset: number; message: string }> {
  const found: Array<{ offset: number; message: string }> = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<unknown, Node>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = pair.key.value;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, pair.key);
          continue;
        }
        const at = lines.linePos(first.range?.[0] ?? 0);
        found.push({
          offset: pair.key.range?.[0] ?? 0,
          message: `invalid YAML: duplicate key ${JSON.stringify(String(key))} (first at line ${at.line}, column ${at.col}); keep one of them`,
        });
      }
    },
  });
  return found;
}

const ENCODINGS: Array<{ name: string; bom?: number[]; zeros?: (b: Buffer) => boolean }> = [
  // Order matters: a UTF-32LE BOM starts like a UTF-16LE one.
  { name: "UTF-32BE", bom: [0x00, 0x00, 0xfe, 0xff], zeros: (b) => b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] !== 0 },
  { name: "UTF-32LE", bom: [0xff, 0xfe, 0x00, 0x00], zeros: (b) => b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] === 0 && b[3] === 0 },
  { name: "UTF-16BE", bom: [0xfe, 0xff], zeros: (b) => b.length >= 2 && b[0] === 0 && b[1] !== 0 },
  { name: "UTF-16LE", bom: [0xff, 0xfe], zeros: (b) => b.length >= 2 && b[0] !== 0 && b[1] === 0 },
];

/**
 * The file's text. YAML may be UTF-16 or UTF-32 (detected as the YAML spec
 * says: by BOM or by the zero bytes around the first character), but Ansible
 * and gxit-gen's positions work in UTF-8, so those are named and refused.
 */
function decodeUtf8(file: string, bytes: Buffer): string {
  for (const e of ENCODINGS) {
    const hasBom = e.bom!.every((b, i) => bytes[i] === b);
    if (hasBom || e.zeros!(bytes)) {
      throw new ConfigError([
        {
          file,
          position: { line: 1, col: 1 },
          message: `the file is encoded in ${e.name}${hasBom ? " (byte order mark)" : ""}, but configs are UTF-8: convert it, e.g. \`iconv -f ${e.name} -t UTF-8 ${file} > converted.yml\``,
        },
      ]);
    }
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  if (!isUtf8(body)) {
    const bad = firstInvalidUtf8(body);
    const before = body.subarray(0, bad).toString("utf8");
    const line = before.split("\n").length;
    const col = before.length - before.lastIndexOf("\n");
    throw new ConfigError([
      {
        file,
        position: { line, col },
        message: `the file is not valid UTF-8 (byte 0x${body[bad]!.toString(16).padStart(2, "0")} at offset ${bad + start}); save it as UTF-8, e.g. \`iconv -f LATIN1 -t UTF-8\``,
      },
    ]);
  }
  return body.toString("utf8");
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence (only called on invalid input). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > b.length || !isUtf8(b.subarray(i, i + n))) return i;
    i += n;
  }
  return b.length;
}

function composeDocument(file: string, text: string): Composed {
  const lines = new LineCounter();
  const fail = (offset: number, message: string): never => {
    const pos = lines.linePos(offset);
    throw new ConfigError([{ file, position: { line: pos.line, col: pos.col }, message }]);
  };
  // Parse (CST), check the nesting depth, then compose: the composer
  // recurses once per level, so a deeper document must never reach it.
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  for (const token of tokens) {
    const tooDeep = firstTooDeep(token);
    if (tooDeep !== undefined) {
      fail(
        tooDeep,
        `invalid YAML: nested more than ${MAX_DEPTH} levels deep here; gxit-gen accepts at most ${MAX_DEPTH} levels of mappings and lists: flatten the data`,
      );
    }
  }
  // uniqueKeys off: the yaml package compares each key with every earlier
  // key of its mapping (quadratic); duplicateKeys below does it in one pass.
  const docs = [...new Composer({ prettyErrors: false, uniqueKeys: false }).compose(tokens, true, text.length)];
  const doc = docs[0]!;
  const problems = doc.errors.map((e) => ({ offset: e.pos[0], message: `invalid YAML: ${yamlMessage(e.message)}` }));
  if (docs.length > 1) {
    problems.push({
      offset: docs[1]!.range[0],
      message:
        "invalid YAML: a second YAML document starts here; a config is one document: remove the `---` (or `...`) line, or split the file into one config per file",
    });
  }
  if (doc.errors.length === 0) problems.push(...duplicateKeys(doc, lines));
  if (problems.length > 0) {
    throw new ConfigError(
      problems.map((p) => {
        const pos = lines.linePos(p.offset);
        return { file, position: { line: pos.line, col: pos.col }, message: p.message };
      }),
    );
  }
  return { doc, lines };
}
