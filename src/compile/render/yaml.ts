// Building YAML through the yaml package's Document API. Config strings are
// data: one that contains Jinja syntax is tagged !unsafe so Ansible never
// templates it; references to Ansible variables become double-quoted
// "{{ path }}" strings. Every file starts with `---` and the generated notice.
import { Document, isNode, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";
import { containsJinja, isTemplateRef, isVarRef, textKey, type Text } from "../../config/text.js";

/** Options shared by every YAML file gxit-gen writes (and by its tests). */
export const YAML_OUTPUT_OPTIONS = {
  indent: 2,
  indentSeq: true,
  lineWidth: 78,
  minContentWidth: 20,
  defaultStringType: "PLAIN",
  defaultKeyType: "PLAIN",
  doubleQuotedAsJSON: false,
  directives: false,
} as const;

export type YamlValue = Node | Text | number | boolean | null | YamlValue[] | { [k: string]: YamlValue };

/**
 * How a string is emitted in a vars file that Ansible templates (group_vars,
 * playbooks): literal data with Jinja markers gets !unsafe.
 */
export function varsScalar(value: Text): Scalar {
  if (isVarRef(value) || isTemplateRef(value)) {
    const s = new Scalar(textKey(value));
    s.type = Scalar.QUOTE_DOUBLE;
    return s;
  }
  const s = new Scalar(value);
  if (containsJinja(value)) {
    s.tag = "!unsafe";
    s.type = Scalar.QUOTE_DOUBLE;
  } else if (value.includes("$") || value === "" || /^[\s]|[\s]$/.test(value)) {
    // Quote $defaults-like strings and empty values: valid plain, but clearer quoted.
    s.type = Scalar.QUOTE_DOUBLE;
  }
  return s;
}

/** Converts plain data (strings as literal data) into YAML nodes for a vars file. */
export function toVarsNode(doc: Document, value: YamlValue): Node {
  if (isNode(value)) return value;
  if (value === null || typeof value === "number" || typeof value === "boolean") {
    return doc.createNode(value) as Node;
  }
  if (typeof value === "string" || isVarRef(value) || isTemplateRef(value)) {
    return varsScalar(value as Text);
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(toVarsNode(doc, item));
    return seq;
  }
  const map = new YAMLMap();
  for (const [k, v] of Object.entries(value)) {
    map.items.push(new Pair(new Scalar(k), toVarsNode(doc, v)));
  }
  return map;
}

/** Serializes a document with the output conventions and a leading notice comment. */
export function renderYamlDocument(doc: Document, notice: string): string {
  doc.commentBefore = ` ${notice}`;
  const text = doc.toString(YAML_OUTPUT_OPTIONS);
  return `---\n${text}`;
}

/** A map pair with a comment line above it (used for section headings). */
export function commentedPair(key: string, value: Node, comment?: string): Pair<Scalar, Node> {
  const k = new Scalar(key);
  if (comment) k.commentBefore = ` ${comment}`;
  return new Pair(k, value);
}
