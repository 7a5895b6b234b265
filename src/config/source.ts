// The parsed config file with its source positions. Every later stage (schema
// errors, lint findings, suppression comments) points back into the YAML
// through this object, so positions come from the yaml package, never guessed.
import { readFileSync } from "node:fs";
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node, Pair } from "yaml";
import { ConfigError, type Position } from "../util/errors.js";

/** A path into the config data, as JSON pointer segments. */
export type ConfigPath = ReadonlyArray<string | number>;

export class ConfigSource {
  private constructor(
    /** The file name as the user gave it; used in every message. */
    readonly file: string,
    readonly text: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  static fromFile(file: string): ConfigSource {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
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
    return ConfigSource.fromText(file, text);
  }

  static fromText(file: string, text: string): ConfigSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const problems = [...doc.errors];
    if (problems.length > 0) {
      throw new ConfigError(
        problems.map((e) => {
          const pos = lines.linePos(e.pos[0]);
          const first = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
          return { file, position: { line: pos.line, col: pos.col }, message: `invalid YAML: ${first}` };
        }),
      );
    }
    return new ConfigSource(file, text, doc, lines);
  }

  /** The plain data of the document (aliases resolved). */
  toData(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  positionOfOffset(offset: number): Position {
    const p = this.lines.linePos(offset);
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
