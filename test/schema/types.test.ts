// The TypeScript types are generated from the JSON Schema; this proves the
// committed copy agrees with the schema (run `npm run gen:types` to fix).
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { CONFIG_TYPES_PATH, renderConfigTypes } from "../../src/schema/types-source.js";

describe("generated config types", () => {
  it("match schemas/gxit-config.schema.json", async function () {
    this.timeout(30000);
    const expected = await renderConfigTypes();
    const actual = readFileSync(CONFIG_TYPES_PATH, "utf8");
    expect(actual === expected, "src/schema/config-types.generated.ts is stale: run `npm run gen:types`").to.equal(true);
  });
});
