// The tree's fact source: for every fact the normalizer builds, the
// hand-written file and range it came from (for a template value, the file
// of the variable the template referenced). Fact paths are the model's
// identities — the same paths a gxit-gen config uses — so rules report one
// path and the engine asks the deployment's source where it is written.
import type { ConfigPath } from "../config/source.js";
import { originOfSpan, toData, type LValue, type Origin, type SourceFile } from "../parse/located.js";
import type { Directive } from "../lint/suppress.js";
import type { Position } from "../util/errors.js";

export interface Fact {
  origin: Origin;
  keyOrigin?: Origin;
  value?: LValue;
}

export interface LocatedFact {
  file: string;
  start: Position;
  end: Position;
  exact: boolean;
}

const key = (path: ConfigPath) => path.map(String).join("\u0000");

export class TreeSource {
  /** Compile emitters read a config's text; a tree has none. */
  readonly text = "";
  private readonly facts = new Map<string, Fact>();
  /** Every hand-written file read, for suppressions. */
  readonly files: SourceFile[] = [];
  /** The gxit-lint directives of those files (set by the loader). */
  directives: Array<Directive & { file: string }> = [];

  constructor(
    /** The tree root as the user named it. */
    readonly file: string,
  ) {}

  get root(): string {
    return this.file;
  }

  set(path: ConfigPath, fact: Fact): void {
    this.facts.set(key(path), fact);
  }

  setValue(path: ConfigPath, value: LValue, keyOrigin?: Origin): void {
    this.set(path, { origin: value.origin, value, ...(keyOrigin ? { keyOrigin } : {}) });
  }

  has(path: ConfigPath): boolean {
    return this.facts.has(key(path));
  }

  /** Same contract as ConfigSource.nodeAt: `exact` when the tree wrote this fact. */
  nodeAt(path: ConfigPath): { node: undefined; exact: boolean } {
    return { node: undefined, exact: this.has(path) };
  }

  /** How many leading segments of `path` name facts. */
  depth(path: ConfigPath): number {
    for (let n = path.length; n > 0; n--) if (this.facts.has(key(path.slice(0, n)))) return n;
    return 0;
  }

  private nearest(path: ConfigPath): { fact: Fact; exact: boolean } | undefined {
    for (let n = path.length; n > 0; n--) {
      const f = this.facts.get(key(path.slice(0, n)));
      if (f) return { fact: f, exact: n === path.length };
    }
    return undefined;
  }

  locateKey(path: ConfigPath): Position {
    const n = this.nearest(path);
    const o = n?.fact.keyOrigin ?? n?.fact.origin;
    return o ? o.src.position(o.start) : { line: 1, col: 1 };
  }

  locateFact(path: ConfigPath, opts: { at?: "key" | "value"; span?: readonly [number, number] } = {}): LocatedFact {
    const n = this.nearest(path);
    if (!n) return { file: this.file, start: { line: 1, col: 1 }, end: { line: 1, col: 1 }, exact: false };
    let o: Origin = n.fact.origin;
    if (!n.exact || opts.at === "key") o = n.fact.keyOrigin ?? o;
    else if (opts.span && n.fact.value?.kind === "scalar") o = originOfSpan(n.fact.value, opts.span[0], opts.span[1]) ?? o;
    return { file: o.src.file, start: o.src.position(o.start), end: o.src.position(o.end), exact: n.exact };
  }

  dataAt(path: ConfigPath): { exists: boolean; value: unknown } {
    const f = this.facts.get(key(path));
    if (!f) return { exists: false, value: undefined };
    return { exists: true, value: f.value ? toData(f.value) : null };
  }
}
