// Reads an XML file (job_conf.xml, tool_conf.xml, or their .j2 templates)
// into elements whose tag and attributes know their source range. saxes is
// used because fast-xml-parser reports no positions; saxes reports the string
// offset of every event, is strict (well-formedness errors with a position),
// and is maintained with TypeScript types.
import { SaxesParser } from "saxes";
import { blankJinjaStatements } from "./jinja-blank.js";
import { piecesFor, type LScalar, type Origin, type SourceFile } from "./located.js";

export interface XmlAttr {
  name: string;
  value: LScalar;
  nameOrigin: Origin;
}

export interface XmlElement {
  name: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  /** Character data directly inside the element (trimmed), with its range. */
  text: LScalar | undefined;
  /** The start tag. */
  origin: Origin;
  parent: XmlElement | undefined;
}

export interface XmlComment {
  text: string;
  origin: Origin;
}

export interface XmlRead {
  src: SourceFile;
  root: XmlElement | undefined;
  comments: XmlComment[];
  error?: { offset: number; message: string };
}

export function attr(el: XmlElement, name: string): LScalar | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

export function attrValue(el: XmlElement, name: string): string | undefined {
  const v = attr(el, name)?.value;
  return v === undefined || v === null ? undefined : String(v);
}

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

export function readXml(src: SourceFile): XmlRead {
  // `--` inside a comment (`<!-- gxit-lint disable=X -- reason -->`) is not well-formed; blank it so the rest is still read.
  const text = blankJinjaStatements(src.text).replace(/<!--([\s\S]*?)-->/g, (_m, inner: string) => `<!--${inner.replace(/--/g, "  ")}-->`);
  const parser = new SaxesParser({ position: true });
  const out: XmlRead = { src, root: undefined, comments: [] };
  const stack: XmlElement[] = [];
  let textStart = -1;
  let tagStart = 0;
  parser.on("opentagstart", () => {
    // position is just past `<name`; the tag opened at the last `<` before it.
    tagStart = text.lastIndexOf("<", parser.position - 1);
  });
  parser.on("opentag", (tag) => {
    const end = parser.position;
    const raw = text.slice(tagStart, end);
    const attrs: XmlAttr[] = [];
    const decoded = tag.attributes as Record<string, string>;
    for (const m of raw.matchAll(ATTR)) {
      const name = m[1]!;
      const nameStart = tagStart + m.index!;
      const valueStart = nameStart + m[0].length - m[2]!.length + 1;
      const value = decoded[name] ?? (m[3] ?? m[4] ?? "");
      const origin: Origin = { src, start: valueStart, end: valueStart + (m[3] ?? m[4] ?? "").length };
      const scalar: LScalar = { kind: "scalar", value, origin, quoted: true, pieces: piecesFor(value, origin) };
      if (value.includes("{{")) scalar.partial = true;
      attrs.push({ name, value: scalar, nameOrigin: { src, start: nameStart, end: nameStart + name.length } });
    }
    const el: XmlElement = { name: tag.name, attrs, children: [], text: undefined, origin: { src, start: tagStart, end }, parent: stack[stack.length - 1] };
    if (el.parent) el.parent.children.push(el);
    else if (!out.root) out.root = el;
    stack.push(el);
    textStart = end;
  });
  parser.on("text", (t) => {
    const el = stack[stack.length - 1];
    if (!el || t.trim() === "") return;
    const end = parser.position;
    const lead = t.length - t.trimStart().length;
    const value = t.trim();
    const start = Math.max(textStart, end - t.length) + lead;
    const origin: Origin = { src, start, end: start + value.length };
    el.text = { kind: "scalar", value, origin, pieces: piecesFor(value, origin), ...(value.includes("{{") ? { partial: true } : {}) };
  });
  parser.on("closetag", () => {
    stack.pop();
    textStart = parser.position;
  });
  parser.on("comment", (c) => {
    const end = parser.position;
    out.comments.push({ text: c, origin: { src, start: end - c.length - 7, end } });
  });
  parser.on("error", (err) => {
    if (!out.error) out.error = { offset: parser.position, message: err.message.replace(/^[^:]*:\d+:\d+: /, "") };
  });
  try {
    parser.write(text).close();
  } catch (err) {
    if (!out.error) out.error = { offset: parser.position, message: String((err as Error).message ?? err) };
  }
  return out;
}
