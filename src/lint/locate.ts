// Turns a rule's config path into a source range: the value node (or its key,
// or a span inside a scalar) when the path exists, else the key of the
// deepest entry that does exist, so a "missing setting" finding points at
// the mapping that should contain it rather than at line 1.
import { isMap, isNode, isPair, isScalar, isSeq, Scalar } from "yaml";
import type { Node, Pair } from "yaml";
import type { ConfigPath, ConfigSource } from "../config/source.js";
import type { Position } from "../util/errors.js";

export interface Resolved {
  /** How many leading path segments exist in the document. */
  depth: number;
  node: Node | undefined;
  /** The mapping entry holding `node`, when it is a mapping value. */
  pair: Pair | undefined;
}

function keyOf(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return typeof k === "string" ? k : undefined;
}

export function resolvePath(source: ConfigSource, path: ConfigPath): Resolved {
  let node: unknown = source.doc.contents;
  let pair: Pair | undefined;
  let depth = 0;
  for (const seg of path) {
    let next: unknown;
    let nextPair: Pair | undefined;
    if (isMap(node)) {
      nextPair = node.items.find((p) => keyOf(p) === String(seg));
      next = nextPair?.value ?? undefined;
      // A key with an empty value (`params:`) exists: keep the pair.
      if (nextPair && next === undefined) {
        pair = nextPair;
        depth++;
        node = undefined;
        break;
      }
    } else if (isSeq(node) && /^\d+$/.test(String(seg))) {
      next = node.items[Number(seg)];
    }
    if (next === undefined || next === null) break;
    node = next;
    pair = nextPair;
    depth++;
  }
  return { depth, node: isNode(node) ? node : undefined, pair };
}

export interface Located {
  start: Position;
  end: Position;
  exact: boolean;
}

/** Maps a character range of a scalar's value to source offsets, when quoting allows it. */
function spanOffsets(source: ConfigSource, node: Node, span: readonly [number, number]): [number, number] | undefined {
  if (!isScalar(node) || typeof node.value !== "string" || !node.range) return undefined;
  const value = node.value;
  const [from, to] = node.range;
  const raw = source.text.slice(from, to);
  let lead = 0;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) lead = 1;
  else if (node.type !== Scalar.PLAIN) return undefined;
  // Only valid when the source spells the value literally up to the span (no escapes before it).
  if (raw.slice(lead, lead + span[1]) !== value.slice(0, span[1])) return undefined;
  return [from + lead + span[0], from + lead + span[1]];
}

export function locate(
  source: ConfigSource,
  path: ConfigPath,
  opts: { at?: "key" | "value"; span?: readonly [number, number] } = {},
): Located {
  const r = resolvePath(source, path);
  const exact = r.depth === path.length;
  let range: [number, number] | undefined;
  if (exact && opts.at === "key" && r.pair && isNode(r.pair.key)) {
    const k = r.pair.key.range;
    if (k) range = [k[0], k[1]];
  } else if (exact && r.node?.range) {
    range = (opts.span && spanOffsets(source, r.node, opts.span)) || [r.node.range[0], r.node.range[1]];
  } else if (r.pair && isNode(r.pair.key) && r.pair.key.range) {
    // Missing setting: point at the key of the deepest entry that exists.
    range = [r.pair.key.range[0], r.pair.key.range[1]];
  } else if (r.node?.range) {
    range = [r.node.range[0], r.node.range[0]];
  }
  if (!range) return { start: { line: 1, col: 1 }, end: { line: 1, col: 1 }, exact };
  return { start: source.positionOfOffset(range[0]), end: source.positionOfOffset(range[1]), exact };
}

/** The plain data at `path` when the node exists (for fingerprints). */
export function dataAt(source: ConfigSource, path: ConfigPath): { exists: boolean; value: unknown } {
  const r = resolvePath(source, path);
  if (r.depth !== path.length) return { exists: false, value: undefined };
  if (r.node === undefined) return { exists: true, value: null };
  if (isPair(r.node)) return { exists: true, value: null };
  return { exists: true, value: r.node.toJS(source.doc, { maxAliasCount: 100 }) };
}
