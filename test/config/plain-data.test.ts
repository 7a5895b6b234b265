// The fast reader (js-yaml) must give exactly the data the yaml package gives,
// or decline so that the yaml package reads the text.
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { readPlainData } from "../../src/config/plain-data.js";
import { ConfigSource } from "../../src/config/source.js";
import { repoPath } from "../helpers.js";

const yamlData = (text: string) => parseDocument(text).toJS();

/** Plain scalars where YAML libraries disagree (core schema edge cases). */
const SCALARS = [
  "0b101", "0o17", "017", "0x1F", "0X1F", "1_000", "+1", "-0", "1.", "+.5", ".5", "1e3", "1E3", "1.0e+3", "-1e-3",
  ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "~", "null", "Null", "NULL", "", "yes", "no", "on", "off", "True", "TRUE",
  "tRue", "2001-12-14", "12:30:00", "=", "0.", "00", "08", "1e", "0x", "+", ".", "1e400", "0777", "_1", ".e3",
  "9007199254740993", "a # comment", "'quoted'", '"dq\\tx"', "|\n  block\n  text", ">\n  folded\n  text\n\n  more",
];

describe("the fast reader of plain YAML data", () => {
  for (const scalar of SCALARS) {
    it(`reads ${JSON.stringify(scalar)} as the yaml package does`, () => {
      const text = `k: ${scalar}\nlist: [${scalar.includes("\n") ? "x" : scalar}]\n`;
      const fast = readPlainData(text);
      if (!fast.ok) return; // declined: the yaml package reads it
      const want = yamlData(text);
      expect(Object.is((fast.data as { k: unknown }).k, want.k), `${scalar}: ${String((fast.data as { k: unknown }).k)} vs ${String(want.k)}`).to.equal(true);
      expect(fast.data).to.deep.equal(want);
    });
  }

  it("reads the example configs exactly as the yaml package does (or declines)", () => {
    const files = readdirSync(repoPath("examples"))
      .filter((f) => f.endsWith(".yml"))
      .map((f) => join(repoPath("examples"), f));
    let read = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const fast = readPlainData(text);
      // A "*" or "&" in a comment sends a file the slow way; that is only slower.
      if (!fast.ok) continue;
      read++;
      expect(fast.data, file).to.deep.equal(yamlData(text));
    }
    expect(read, "examples read by the fast reader").to.be.greaterThan(1);
  });

  for (const [what, text] of [
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a merge key", "a: {x: 1}\nb:\n  <<: {y: 2}\n"],
    ["a directive", "%YAML 1.1\n---\na: yes\n"],
    ["a complex key", "? [a, b]\n: c\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["nesting deeper than the limit", `a: ${"[".repeat(150)}${"]".repeat(150)}\n`],
    ["invalid YAML", "a: [1\n"],
  ] as const) {
    it(`leaves ${what} to the yaml package`, () => {
      expect(readPlainData(text).ok).to.equal(false);
    });
  }

  it("the source answers `has` from the text as written, before defaults, without composing a Document", () => {
    const source = ConfigSource.fromText("c.yml", "version: 1\njobs:\n  runners: {}\n");
    const data = source.toData() as { jobs: Record<string, unknown> };
    data.jobs.destinations = {}; // what validation's defaults do
    expect(source.has(["jobs", "destinations"])).to.equal(false);
    expect(source.has(["jobs", "runners"])).to.equal(true);
    expect(source.has(["galaxy"])).to.equal(false);
    // Positions still come from the yaml package's Document, composed on demand.
    expect(source.locate(["jobs", "runners"])).to.deep.equal({ line: 3, col: 12 });
    expect(source.toData()).to.deep.equal({ version: 1, jobs: { runners: {} } });
  });
});
