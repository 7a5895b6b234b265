// docs/config-reference.md is generated from the JSON Schema; it must be the
// generator's current output, and it must cover every field of the schema.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { createTwoFilesPatch } from "diff";
import { CONFIG_REFERENCE_PATH, renderConfigReference } from "../../scripts/gen-config-reference.js";
import { CONFIG_SCHEMA_PATH } from "../../src/schema/types-source.js";

describe("docs/config-reference.md", () => {
  const committed = readFileSync(CONFIG_REFERENCE_PATH, "utf8");

  it("is up to date with the schema (run `npm run docs:config` to regenerate)", () => {
    const fresh = renderConfigReference();
    if (fresh !== committed) {
      const diff = createTwoFilesPatch("a/docs/config-reference.md", "b/docs/config-reference.md", committed, fresh);
      expect.fail(`docs/config-reference.md is stale; run \`npm run docs:config\` and commit it\n${diff}`);
    }
  });

  it("has a row for every property of the schema, with its description", () => {
    const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, "utf8")) as Record<string, unknown>;
    const names = new Set<string>();
    const walk = (n: unknown) => {
      if (n === null || typeof n !== "object") return;
      for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
        if (k === "properties") for (const name of Object.keys(v as object)) names.add(name);
        if (k !== "examples" && k !== "default") walk(v);
      }
    };
    walk(schema);
    names.delete("var"); // {var: ...} and {template: ...} are value types, documented at the end
    names.delete("template");
    const rowPaths = [...committed.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
    const lastSegments = new Set(rowPaths.map((p) => p.split(".").pop()!.replace(/\[\]$/, "")));
    expect([...names].filter((n) => !lastSegments.has(n))).to.deep.equal([]);
    // No row without a description.
    const cells = committed
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
    for (const row of cells) expect(row, row[0]).to.have.length(5);
    expect(cells.filter((row) => row[3] === "").map((row) => row[0])).to.deep.equal([]);
  });

  it("renders prose safely for Markdown: no raw <tags>, no stray emphasis", () => {
    const prose = committed.replace(/`[^`]*`/g, "");
    expect(prose).to.not.match(/<(?!a id=|\/a>|!--)[a-z]/);
    expect(prose).to.not.match(/(?<!\\)\*\.(ep|interactivetool)/);
  });
});
