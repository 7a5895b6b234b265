// Generates docs/config-reference.md from schemas/gxit-config.schema.json:
// every field with its path, type, default, description and example. The
// schema is the single source; `npm run docs:config` rewrites the file and
// test/docs/config-reference.test.ts fails when the committed copy is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { CONFIG_SCHEMA_PATH } from "../src/schema/types-source.js";
import { repoPath } from "../src/util/paths.js";

type Node = Record<string, unknown>;
interface Schema extends Node {
  definitions: Record<string, Node>;
}

export const CONFIG_REFERENCE_PATH = repoPath("docs", "config-reference.md");

/** Definitions that are value types (documented once, linked from each field) rather than sections. */
const VALUE_TYPES = [
  "text",
  "path",
  "hostText",
  "hostOrWildcard",
  "identifier",
  "ansibleVarName",
  "roleVersion",
  "port",
  "scalar",
  "data",
  "varRef",
  "templateRef",
];

const anchor = (def: string) => `type-${def.toLowerCase()}`;

/** A value as a config author writes it: YAML flow style, one line. */
function yamlInline(value: unknown): string {
  return stringify(value, { collectionStyle: "flow", lineWidth: 0, defaultStringType: "PLAIN" }).trim();
}

/** Table-cell text: no line breaks, pipes escaped. */
function cell(s: string): string {
  return s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** Prose for Markdown: `<host>` would be an HTML tag and `*.ep.` emphasis. */
function prose(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/([*_\\`[\]])/g, "\\$1");
}

function code(s: string): string {
  // A code span that survives backticks inside (none today, but patterns may grow).
  const fence = s.includes("`") ? "``" : "`";
  return `${fence}${s.includes("`") ? ` ${s} ` : s}${fence}`;
}

export function renderConfigReference(schema: Schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, "utf8")) as Schema): string {
  const defs = schema.definitions;
  const refName = (n: Node | undefined) => (typeof n?.$ref === "string" ? n.$ref.split("/").pop()! : undefined);
  const deref = (n: Node): Node => {
    let cur = n;
    while (refName(cur)) {
      const { $ref: _ref, ...rest } = cur;
      cur = { ...defs[refName(cur)!]!, ...rest };
    }
    return cur;
  };

  function typeOf(n: Node): string {
    const ref = refName(n);
    if (ref && VALUE_TYPES.includes(ref)) return `[${defs[ref]!.title as string}](#${anchor(ref)})`;
    const d = ref ? deref(n) : n;
    if (d.const !== undefined) return `${code(yamlInline(d.const))} (constant)`;
    if (Array.isArray(d.enum)) return `one of ${d.enum.map((e) => code(yamlInline(e))).join(", ")}`;
    const branches = (d.oneOf ?? d.anyOf) as Node[] | undefined;
    if (branches) return branches.map(typeOf).join(" or ");
    const t = d.type;
    if (Array.isArray(t)) return t.join(" or ");
    if (t === "array") return `list of ${typeOf((d.items ?? {}) as Node)}`;
    if (t === "object" || d.properties || d.additionalProperties) {
      if (d.properties) return "mapping";
      if (typeof d.additionalProperties === "object") return `map of ${typeOf(d.additionalProperties as Node)}`;
      return "mapping";
    }
    if (t === "integer" || t === "number") {
      const range =
        d.minimum !== undefined && d.maximum !== undefined
          ? ` ${d.minimum as number}–${d.maximum as number}`
          : d.minimum !== undefined
            ? ` ≥ ${d.minimum as number}`
            : "";
      return `${t}${range}`;
    }
    if (t === "string" && typeof d.pattern === "string") return `string matching ${code(d.pattern)}`;
    return typeof t === "string" ? t : "any";
  }

  /** How a map's keys are named in paths: <id>, <name>... from the key's own type. */
  function keyPlaceholder(n: Node): string {
    const names = deref((n.propertyNames ?? {}) as Node);
    const ref = refName((n.propertyNames ?? {}) as Node);
    if (ref === "identifier") return "<id>";
    if (ref === "ansibleVarName") return "<variable>";
    return typeof names.pattern === "string" && names.pattern.startsWith("^certbot_") ? "<certbot_variable>" : "<name>";
  }

  interface Row {
    path: string;
    type: string;
    default: string;
    description: string;
    example: string;
  }

  function rows(n: Node, path: string, out: Row[]): Row[] {
    const d = deref(n);
    const title = (n.title ?? d.title) as string | undefined;
    const description = (n.description ?? d.description) as string | undefined;
    const text = [title && title !== path.split(".").pop() ? `**${prose(title)}.**` : "", prose(description ?? "")]
      .filter(Boolean)
      .join(" ");
    // The field's own example: a value type's generic one would mislead.
    const examples = (n.examples ?? (refName(n) ? undefined : d.examples)) as unknown[] | undefined;
    const def = n.default ?? d.default;
    out.push({
      path: code(path),
      type: typeOf(n),
      default: def === undefined ? "" : code(yamlInline(def)),
      description: text,
      example: Array.isArray(examples) && examples.length > 0 ? code(yamlInline(examples[0])) : "",
    });
    // Sections, list items and map values with fields of their own.
    if (refName(n) && VALUE_TYPES.includes(refName(n)!)) return out;
    for (const [k, p] of Object.entries((d.properties ?? {}) as Record<string, Node>)) rows(p, `${path}.${k}`, out);
    const items = d.items ? deref(d.items as Node) : undefined;
    if (items?.properties) {
      for (const [k, p] of Object.entries(items.properties as Record<string, Node>)) rows(p, `${path}[].${k}`, out);
    }
    const values = typeof d.additionalProperties === "object" ? (d.additionalProperties as Node) : undefined;
    if (values && !(refName(values) && VALUE_TYPES.includes(refName(values)!))) {
      const v = deref(values);
      if (v.properties) {
        const key = keyPlaceholder(d);
        for (const [k, p] of Object.entries(v.properties as Record<string, Node>)) rows(p, `${path}.${key}.${k}`, out);
      }
    }
    return out;
  }

  const table = (rs: Row[]) =>
    [
      "| field | type | default | description | example |",
      "|---|---|---|---|---|",
      ...rs.map((r) => `| ${[r.path, r.type, r.default, r.description, r.example].map(cell).join(" | ")} |`),
    ].join("\n");

  const lines: string[] = [
    "<!-- Code generated by scripts/gen-config-reference.ts from schemas/gxit-config.schema.json. DO NOT EDIT. -->",
    "<!-- Run `npm run docs:config` after changing the schema. -->",
    "",
    "# Config reference",
    "",
    prose(schema.description as string),
    "",
    "Every field of a gxit-gen config, generated from the JSON Schema (`gxit-gen schema` prints it; editors use it through the",
    "`# yaml-language-server: $schema=…` line that `gxit-gen init` writes). A field left out takes its default; the",
    "defaults reproduce the GTN tutorial. In paths, `[]` is an item of a list and `<id>`, `<name>`, `<variable>` a key you",
    "choose. Value types such as *Text* and *Path* are explained [at the end](#value-types).",
    "",
  ];

  const top = schema.properties as Record<string, Node>;
  const scalars = Object.entries(top).filter(([, p]) => !deref(p).properties);
  const sections = Object.entries(top).filter(([, p]) => deref(p).properties);

  lines.push("## Top level", "", table(scalars.flatMap(([k, p]) => rows(p, k, []))), "");
  for (const [k, p] of sections) {
    const d = deref(p);
    lines.push(`## ${k}`, "", prose((d.description as string) ?? ""), "", table(rows(p, k, [])), "");
  }

  lines.push("## Value types", "");
  for (const name of VALUE_TYPES) {
    const d = defs[name]!;
    lines.push(`<a id="${anchor(name)}"></a>`, "", `### ${prose(d.title as string)}`, "", prose(d.description as string), "");
    const forms = ((d.oneOf ?? [d]) as Node[]).map((b) => `- ${typeOf(b)}`);
    if (forms.length > 1 || !refName(d)) lines.push("Written as:", "", ...forms, "");
    if (Array.isArray(d.examples) && d.examples.length > 0) {
      lines.push(`Example: ${code(yamlInline(d.examples[0]))}`, "");
    }
  }
  return lines.join("\n").replace(/\n+$/, "\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(CONFIG_REFERENCE_PATH, renderConfigReference());
  console.log(`wrote ${CONFIG_REFERENCE_PATH}`);
}
