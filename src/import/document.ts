// The imported config as YAML, built with the yaml Document API: each value
// carries a comment naming the hand-written file:line it came from. Before
// that, the data is checked against the config's JSON Schema; a value the
// schema refuses (a pattern, a type, an unknown key) is taken out and listed
// as not carried over, with the schema's reason, so the written config
// always validates.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";
import { isTemplateRef, isVarRef } from "../config/text.js";
import type { Origin } from "../parse/located.js";
import type { ErrorObject } from "ajv";
import { CONFIG_SCHEMA, precompiled, validator } from "../schema/validate.js";
import { pathKey, type ConfigPathSegment, type ImportedConfig } from "./build.js";

function pointerPath(pointer: string): ConfigPathSegment[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function removeAt(data: Record<string, unknown>, path: ConfigPathSegment[]): boolean {
  let cur: unknown = data;
  for (const seg of path.slice(0, -1)) {
    if (cur === null || typeof cur !== "object") return false;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(cur) && typeof last === "number" && last < cur.length) {
    cur.splice(last, 1);
    return true;
  }
  if (cur !== null && typeof cur === "object" && last in (cur as object)) {
    delete (cur as Record<string, unknown>)[last as string];
    return true;
  }
  return false;
}

export function nearestOrigin(origins: Map<string, Origin>, path: readonly ConfigPathSegment[]): Origin | undefined {
  for (let n = path.length; n > 0; n--) {
    const o = origins.get(pathKey(path.slice(0, n)));
    if (o) return o;
  }
  return undefined;
}

/** Takes out what the schema refuses, listing each as not carried over. Mutates `imported`. */
export function pruneInvalid(imported: ImportedConfig): void {
  // The validator precompiled at build time (allErrors, the same messages) starts in milliseconds; the
  // full ajv only where it is missing (running from sources).
  type Check = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
  const validate: Check = (precompiled() as Check | null) ?? validator().validate;
  for (let round = 0; round < 50; round++) {
    const copy = structuredClone(imported.data);
    if (validate(copy)) return;
    const seen = new Set<string>();
    const removals: Array<{ path: ConfigPathSegment[]; why: string }> = [];
    for (const e of validate.errors ?? []) {
      let path = pointerPath(e.instancePath);
      let why = e.message ?? "refused by the config schema";
      if (e.keyword === "additionalProperties") {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        path = [...path, extra];
        why = "the config has no such field";
      } else if (e.keyword === "enum") why = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join(", ")}`;
      else if (e.keyword === "pattern") why = `not a valid value for this field (it must match ${(e.params as { pattern: string }).pattern})`;
      if (path.length === 0) continue;
      // An anyOf reports each branch; the item itself is what goes.
      const key = pathKey(path);
      if ([...seen].some((s) => key.startsWith(s.slice(0, -1)))) continue;
      seen.add(key);
      removals.push({ path, why });
    }
    // Deepest first, and list items from the end, so earlier removals do not shift later paths.
    removals.sort((a, b) => b.path.length - a.path.length || String(b.path[b.path.length - 1]).localeCompare(String(a.path[a.path.length - 1]), undefined, { numeric: true }));
    let removed = 0;
    for (const r of removals) {
      const value = valueAt(imported.data, r.path);
      if (!removeAt(imported.data, r.path)) continue;
      removed++;
      imported.notCarried.push({
        origin: nearestOrigin(imported.origins, r.path),
        what: `${r.path.join(".")} = ${JSON.stringify(value)}`,
        why: r.why,
      });
    }
    if (removed === 0) return;
  }
}

/** Removes the value at `path`, returning it (undefined when there was none). */
export function removeValue(data: Record<string, unknown>, path: ConfigPathSegment[]): unknown {
  const value = valueAt(data, path);
  return value !== undefined && removeAt(data, path) ? value : undefined;
}

function valueAt(data: unknown, path: readonly ConfigPathSegment[]): unknown {
  let cur = data;
  for (const seg of path) cur = cur === null || typeof cur !== "object" ? undefined : (cur as Record<string | number, unknown>)[seg];
  return cur;
}

/** A map's entries in the order the schema lists its fields (the config reference's order); free-form keys as read. */
function inSchemaOrder(value: Record<string, unknown>, path: readonly ConfigPathSegment[]): Array<[string, unknown]> {
  let node: Record<string, unknown> | undefined = CONFIG_SCHEMA as Record<string, unknown>;
  const deref = (n: Record<string, unknown> | undefined): Record<string, unknown> | undefined =>
    n && typeof n.$ref === "string" ? deref((n.$ref as string).split("/").slice(1).reduce<Record<string, unknown>>((a, k) => a[k] as Record<string, unknown>, CONFIG_SCHEMA as Record<string, unknown>)) : n;
  node = deref(node);
  for (const seg of path) {
    if (!node) break;
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    node = deref(typeof seg === "number" ? (node.items as Record<string, unknown>) : (props?.[seg] ?? (node.additionalProperties as Record<string, unknown>)));
  }
  const order = Object.keys((node?.properties as object | undefined) ?? {});
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(value).sort(([a], [b]) => rank(a) - rank(b));
}

/** The config as YAML text: a header, then every value with its `file:line` comment. */
export function configDocument(imported: ImportedConfig, where: (o: Origin) => string, header: string): string {
  const doc = new Document();
  const comment = (path: ConfigPathSegment[]) => {
    const o = imported.origins.get(pathKey(path));
    return o ? ` ${where(o)}` : undefined;
  };
  const isLeaf = (v: unknown) => v === null || typeof v !== "object" || isVarRef(v) || isTemplateRef(v);
  /** A collection's own comment, unless its first value already names the same line. */
  const collectionComment = (v: unknown, path: ConfigPathSegment[]): string | undefined => {
    const c = comment(path);
    if (!c || v === null || typeof v !== "object") return c;
    const first = Array.isArray(v) ? 0 : Object.keys(v)[0];
    return first !== undefined && comment([...path, first]) === c ? undefined : c;
  };
  const build = (value: unknown, path: ConfigPathSegment[]): Node => {
    if (isVarRef(value) || isTemplateRef(value)) {
      const m = new YAMLMap();
      m.flow = true;
      for (const [k, v] of Object.entries(value)) m.items.push(new Pair(new Scalar(k), doc.createNode(v)));
      return m;
    }
    if (Array.isArray(value)) {
      const seq = new YAMLSeq();
      value.forEach((item, i) => {
        const n = build(item, [...path, i]);
        const c = isLeaf(item) ? comment([...path, i]) : collectionComment(item, [...path, i]);
        if (c) {
          if (isLeaf(item)) n.comment = c;
          else n.commentBefore = c;
        }
        seq.items.push(n);
      });
      return seq;
    }
    if (value !== null && typeof value === "object") {
      const map = new YAMLMap();
      for (const [k, v] of inSchemaOrder(value as Record<string, unknown>, path)) {
        const key = new Scalar(k);
        const n = build(v, [...path, k]);
        const c = isLeaf(v) ? comment([...path, k]) : collectionComment(v, [...path, k]);
        if (c) {
          if (isLeaf(v)) n.comment = c;
          else key.commentBefore = c;
        }
        map.items.push(new Pair(key, n));
      }
      return map;
    }
    return doc.createNode(value) as Node;
  };
  doc.contents = build(imported.data, []) as YAMLMap;
  doc.commentBefore = header;
  return doc.toString({ indent: 2, indentSeq: true, lineWidth: 0 });
}
