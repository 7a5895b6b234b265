// Build and test-runner hygiene: a deleted test must not keep running from
// its compiled copy, and a stray `.only` must fail the suite, not narrow it.
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { repoPath } from "./helpers.js";

describe("build hygiene", () => {
  it("npm run build removes dist/ before compiling", () => {
    const pkg = JSON.parse(readFileSync(repoPath("package.json"), "utf8"));
    expect(pkg.scripts.build).to.match(/^node scripts\/clean-dist\.mjs && tsc /);
    expect(readFileSync(repoPath("scripts", "clean-dist.mjs"), "utf8")).to.match(/rmSync\("dist", \{ recursive: true, force: true \}\)/);
  });

  it(".mocharc.json forbids .only", () => {
    const rc = JSON.parse(readFileSync(repoPath(".mocharc.json"), "utf8"));
    expect(rc["forbid-only"]).to.equal(true);
  });
});
