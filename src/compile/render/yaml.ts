// Building YAML through the yaml package's Document API. Config strings are
// data: one that contains Jinja syntax is tagged !unsafe so Ansible never
// templates it; references to Ansible variables become double-quoted
// "{{ path }}" strings. Every file starts with `---` and the generated notice.
import { Document, isNode, Pair, Scalar, visit, YAMLMap, YAMLSeq, type Node } from "yaml";
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

/**
 * The implicit resolvers of PyYAML (yaml/resolver.py), the YAML 1.1 parser
 * behind Ansible and Pulsar. The yaml package writes YAML 1.2, where `yes`,
 * `on`, `1:20`, `0b101`, `1_000` and `2001-12-14` are plain strings; PyYAML
 * reads them as a bool, an int or a date, and fails outright on a plain `=`
 * or `<<`. Such strings must be quoted.
 */
const YAML11_IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];

/** True when a YAML 1.1 parser would not read `s`, written plain, as the string `s`. */
export function yaml11NeedsQuotes(s: string): boolean {
  return YAML11_IMPLICIT.some((re) => re.test(s));
}

/** Quotes every string scalar (keys included) that YAML 1.1 would read as something else. */
function quoteForYaml11(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      const plain = node.type === undefined || node.type === Scalar.PLAIN;
      if (typeof node.value === "string" && plain && node.tag === undefined && yaml11NeedsQuotes(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
}

/** Serializes a document with the output conventions and a leading notice comment. */
export function renderYamlDocument(doc: Document, notice: string): string {
  doc.commentBefore = ` ${notice}`;
  quoteForYaml11(doc);
  const text = doc.toString(YAML_OUTPUT_OPTIONS);
  return `---\n${text}`;
}

/** A map pair with a comment line above it (used for section headings). */
export function commentedPair(key: string, value: Node, comment?: string): Pair<Scalar, Node> {
  const k = new Scalar(key);
  if (comment) k.commentBefore = ` ${comment}`;
  return new Pair(k, value);
}
