// The validator precompiled at build time must behave exactly like the one
// compiled at run time from the schema (same verdicts, same defaults).
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { bundledExamples } from "../../src/compile/examples.js";
import { precompiled, validator } from "../../src/schema/validate.js";
import { repoPath } from "../helpers.js";

describe("precompiled schema validator", () => {
  const fast = precompiled();

  it("is built by npm run build", () => {
    expect(fast, "dist/src/schema/config-validator.cjs missing: run npm run build").to.be.a("function");
  });

  const cases: Array<[string, unknown]> = [
    ...bundledExamples().map((e) => [e.name, parse(readFileSync(repoPath(e.configPath), "utf8"))] as [string, unknown]),
    ["only version", { version: 1 }],
    ["invalid", { version: 1, proxy: { port: "x" } }],
    ["unknown key", { version: 1, nope: true }],
  ];
  for (const [name, data] of cases) {
    it(`agrees with the run-time validator on ${name}`, () => {
      const a = structuredClone(data);
      const b = structuredClone(data);
      expect(fast!(a)).to.equal(validator().validate(b));
      expect(a).to.deep.equal(b);
    });
  }
});
