// XML through fast-xml-parser's builder (never string concatenation). The
// builder escapes &, <, >, " and ' in text and attributes.
import { XMLBuilder } from "fast-xml-parser";

/** One element in fast-xml-parser's ordered representation. */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  children?: XmlElement[];
  text?: string;
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: true,
  indentBy: "    ",
  suppressEmptyNode: true,
  processEntities: true,
  commentPropName: "#comment",
});

function toOrdered(el: XmlElement): Record<string, unknown> {
  const children: unknown[] = [];
  if (el.text !== undefined && el.text !== "") children.push({ "#text": el.text });
  for (const c of el.children ?? []) children.push(toOrdered(c));
  const node: Record<string, unknown> = { [el.name]: children };
  if (el.attributes && Object.keys(el.attributes).length > 0) {
    node[":@"] = Object.fromEntries(Object.entries(el.attributes).map(([k, v]) => [`@_${k}`, v]));
  }
  return node;
}

/** Renders a document: a leading comment (the generated notice) and the root element. */
export function renderXml(root: XmlElement, comment: string): string {
  const xml = builder.build([
    { "#comment": [{ "#text": ` ${comment} ` }] },
    toOrdered(root),
  ]) as string;
  // A carriage return in data must be a character reference: XML parsers turn
  // a literal CR into LF, and so does Jinja (newline_sequence) when Ansible
  // renders the .j2. The document itself only uses LF, so every CR is data.
  return xml.replace(/\r/g, "&#13;").replace(/^\n+/, "").replace(/\n*$/, "\n");
}
