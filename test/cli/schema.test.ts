// Editor support: `gxit-gen schema` prints the JSON Schema editors use, the
// schema documents every field (title, description, and an example for
// leaves, each example valid for its field), and every example config points
// yaml-language-server at it.
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { Ajv as AjvClass } from "ajv";
import { runCli } from "../../src/cli/run.js";
import { memoryIO } from "../../src/cli/io.js";
import { CONFIG_SCHEMA_PATH } from "../../src/schema/types-source.js";
import { ExitCode } from "../../src/util/errors.js";
import { repoPath } from "../../src/util/paths.js";

type Node = Record<string, unknown>;
const schemaText = readFileSync(CONFIG_SCHEMA_PATH, "utf8");
const schema = JSON.parse(schemaText) as Node & { $id: string; definitions: Record<string, Node> };
const EXPRESSIONS = new Set(["varRef", "templateRef"]);

const refName = (n: Node | undefined) => (typeof n?.$ref === "string" ? n.$ref.split("/").pop()! : undefined);
function deref(n: Node): Node {
  let cur = n;
  while (refName(cur)) cur = schema.definitions[refName(cur)!]!;
  return cur;
}

/** A leaf holds a value, not further documented fields ({var}/{template} alternatives do not count). */
function isLeaf(property: Node): boolean {
  const d = deref(property);
  const branches = ((d.oneOf ?? d.anyOf ?? [d]) as Node[]).filter((b) => !EXPRESSIONS.has(refName(b) ?? "")).map(deref);
  const objectLike = (b: Node | undefined) => b !== undefined && b.properties !== undefined;
  return !branches.some(
    (b) =>
      objectLike(b) ||
      (b.items !== undefined && objectLike(deref(b.items as Node))) ||
      (typeof b.additionalProperties === "object" && objectLike(deref(b.additionalProperties as Node))),
  );
}

/** Every entry of every `properties` in the schema, with its JSON pointer. */
function allProperties(): Array<{ pointer: string; name: string; node: Node }> {
  const out: Array<{ pointer: string; name: string; node: Node }> = [];
  const walk = (n: unknown, pointer: string) => {
    if (n === null || typeof n !== "object") return;
    if (Array.isArray(n)) return n.forEach((x, i) => walk(x, `${pointer}/${i}`));
    for (const [k, v] of Object.entries(n as Node)) {
      if (k === "properties" && !EXPRESSIONS.has(pointer.split("/").pop()!)) {
        for (const [name, p] of Object.entries(v as Node)) {
          out.push({ pointer: `${pointer}/properties/${name}`, name, node: p as Node });
        }
      }
      if (k !== "examples" && k !== "default") walk(v, `${pointer}/${k}`);
    }
  };
  walk(schema, "");
  return out;
}

describe("gxit-gen schema", () => {
  it("prints the shipped JSON Schema byte for byte", async () => {
    const io = memoryIO();
    expect(await runCli(["schema"], io)).to.equal(ExitCode.ok);
    expect(io.out).to.equal(schemaText);
    expect(JSON.parse(io.out).$schema).to.equal("http://json-schema.org/draft-07/schema#");
  });

  it("--path prints where the schema file is installed", async () => {
    const io = memoryIO();
    expect(await runCli(["schema", "--path"], io)).to.equal(ExitCode.ok);
    expect(io.out).to.equal(`${CONFIG_SCHEMA_PATH}\n`);
    expect(readFileSync(io.out.trim(), "utf8")).to.equal(schemaText);
  });
});

describe("schema documentation, for editors and the config reference", () => {
  const properties = allProperties();

  it("finds the properties to check", () => {
    expect(properties.length).to.be.greaterThan(100);
  });

  it("gives every property a title and a description (its own or its definition's)", () => {
    const missing = properties.flatMap(({ pointer, node }) => {
      const d = deref(node);
      const lacks = [];
      if (!(node.title ?? d.title)) lacks.push("title");
      if (!(node.description ?? d.description)) lacks.push("description");
      return lacks.length ? [`${pointer}: ${lacks.join(", ")}`] : [];
    });
    expect(missing).to.deep.equal([]);
  });

  it("gives every leaf property an example of its own", () => {
    const missing = properties
      .filter(({ node }) => isLeaf(node))
      .filter(({ node }) => !(Array.isArray(node.examples) && node.examples.length > 0))
      .map(({ pointer }) => pointer);
    expect(missing, `leaf properties without "examples":\n${missing.join("\n")}`).to.deep.equal([]);
  });

  it("has only examples that are valid values of their property", () => {
    const require = createRequire(import.meta.url);
    const { Ajv } = require("ajv") as { Ajv: typeof AjvClass };
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(schema);
    const wrong: string[] = [];
    for (const { pointer, node } of properties) {
      if (!Array.isArray(node.examples)) continue;
      const validate = ajv.getSchema(`${schema.$id}#${pointer}`);
      if (!validate) expect.fail(`ajv cannot resolve ${pointer}`);
      for (const example of node.examples) {
        if (!validate(example)) wrong.push(`${pointer}: ${JSON.stringify(example)} (${ajv.errorsText(validate.errors)})`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });
});

describe("example configs point editors at the schema", () => {
  const dir = repoPath("examples");
  const configs = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

  it("has example configs", () => {
    expect(configs).to.include("gtn-tutorial.yml");
  });

  for (const f of configs) {
    it(`${f} begins with a yaml-language-server $schema line that resolves to the schema`, () => {
      const first = readFileSync(join(dir, f), "utf8").split("\n")[0]!;
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, `${f}: first line is ${JSON.stringify(first)}`).to.not.equal(null);
      expect(resolve(dirname(join(dir, f)), m![1]!)).to.equal(CONFIG_SCHEMA_PATH);
    });
  }
});
