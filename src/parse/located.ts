// Values read from hand-written files, each with the file and character
// range it was written at. Every reader (YAML, XML, nginx) produces these,
// the Ansible variable model resolves templates into them, and the tree
// normalizer turns them into Deployment facts whose origins the linter
// reports. An importer walks the same values.
import { LineCounter } from "yaml";
import type { Position } from "../util/errors.js";

/** One hand-written file, with its line table. */
export class SourceFile {
  private lines: LineCounter | undefined;
  constructor(
    /** The path as printed in findings (relative to the working directory when the user gave a relative path). */
    readonly file: string,
    readonly text: string,
  ) {}

  position(offset: number): Position {
    if (!this.lines) {
      this.lines = new LineCounter();
      this.lines.addNewLine(0);
      for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) this.lines.addNewLine(i + 1);
    }
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col };
  }
}

/** Where a value is written: a file and a [start, end) character range. */
export interface Origin {
  src: SourceFile;
  start: number;
  end: number;
}

/** Characters [from, to) of a string value come from `origin` (one to one when `exact`). */
export interface Piece {
  from: number;
  to: number;
  origin: Origin;
  exact: boolean;
}

export type LValue = LScalar | LMap | LSeq | LUnknown;

export interface LScalar {
  kind: "scalar";
  value: string | number | boolean | null;
  origin: Origin;
  /** For strings: which characters come from where (template results join several origins). */
  pieces?: Piece[];
  /** The string still holds unresolved `{{ … }}` parts (kept as written); it is not a literal. */
  partial?: boolean;
  /** A string written with quotes: `"true"` is text, not a boolean. */
  quoted?: boolean;
}

export interface LEntry {
  key: string;
  keyOrigin: Origin;
  value: LValue;
}

export interface LMap {
  kind: "map";
  entries: LEntry[];
  origin: Origin;
}

export interface LSeq {
  kind: "seq";
  items: LValue[];
  origin: Origin;
}

/** A value that cannot be known from the tree (vault, undefined variable, an expression not evaluated). */
export interface LUnknown {
  kind: "unknown";
  /** The expression as written, e.g. `{{ vault_amqp_password }}`. */
  text: string;
  why: string;
  origin: Origin;
}

export function get(m: LValue | undefined, key: string): LValue | undefined {
  if (m?.kind !== "map") return undefined;
  // Later keys win, as in Python dicts built from YAML.
  for (let i = m.entries.length - 1; i >= 0; i--) if (m.entries[i]!.key === key) return m.entries[i]!.value;
  return undefined;
}

export function entry(m: LValue | undefined, key: string): LEntry | undefined {
  if (m?.kind !== "map") return undefined;
  for (let i = m.entries.length - 1; i >= 0; i--) if (m.entries[i]!.key === key) return m.entries[i];
  return undefined;
}

export function getPath(v: LValue | undefined, ...keys: string[]): LValue | undefined {
  let cur = v;
  for (const k of keys) cur = get(cur, k);
  return cur;
}

export function str(v: LValue | undefined): string | undefined {
  return v?.kind === "scalar" && v.value !== null && !v.partial ? String(v.value) : undefined;
}

/** The plain data (unknowns as their written text), for values that rules read as data. */
export function toData(v: LValue): unknown {
  switch (v.kind) {
    case "scalar":
      return v.value;
    case "unknown":
      return v.text;
    case "seq":
      return v.items.map(toData);
    case "map": {
      const o: Record<string, unknown> = {};
      for (const e of v.entries) o[e.key] = toData(e.value);
      return o;
    }
  }
}

/** Maps a value's characters to their sources, chunk by chunk of non-blank text (YAML folds lines in quoted scalars). */
export function piecesFor(value: string, origin: Origin): Piece[] {
  const raw = origin.src.text.slice(origin.start, origin.end);
  const pieces: Piece[] = [];
  let cursor = 0;
  const chunk = /\S+/g;
  for (let m = chunk.exec(value); m; m = chunk.exec(value)) {
    const at = raw.indexOf(m[0], cursor);
    if (at === -1) return [{ from: 0, to: value.length, origin, exact: false }];
    pieces.push({ from: m.index, to: m.index + m[0].length, origin: { src: origin.src, start: origin.start + at, end: origin.start + at + m[0].length }, exact: true });
    cursor = at + m[0].length;
  }
  return pieces.length > 0 ? pieces : [{ from: 0, to: value.length, origin, exact: false }];
}

/** The source range of characters [from, to) of a string value, when its pieces tell. */
export function originOfSpan(v: LScalar, from: number, to: number): Origin | undefined {
  const pieces = v.pieces ?? (typeof v.value === "string" ? piecesFor(v.value, v.origin) : undefined);
  if (!pieces) return undefined;
  const first = pieces.find((p) => p.from <= from && from < p.to);
  if (!first) return undefined;
  if (!first.exact) return first.origin;
  const last = pieces.find((p) => p.from < to && to <= p.to && p.origin.src === first.origin.src && p.exact);
  const start = first.origin.start + (from - first.from);
  const end = last ? last.origin.start + (to - last.from) : first.origin.end;
  return { src: first.origin.src, start, end: Math.max(start, end) };
}
