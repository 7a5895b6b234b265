// README.md's generated sections must match what `npm run docs:readme` writes,
// and the commands the README tells a user to run must exist.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { renderReadme } from "../../scripts/readme-sections.js";
import { repoPath } from "../helpers.js";

describe("README.md", () => {
  const readme = readFileSync(repoPath("README.md"), "utf8");

  it("has up-to-date generated sections (npm run docs:readme)", () => {
    expect(readme === renderReadme(readme), "README.md is stale: run `npm run docs:readme`").to.equal(true);
  });

  it("names npm scripts that exist", () => {
    const scripts = Object.keys(JSON.parse(readFileSync(repoPath("package.json"), "utf8")).scripts as object);
    for (const m of readme.matchAll(/`npm run ([a-z:]+)/g)) expect(scripts).to.include(m[1]);
  });

  it("links to files that exist", () => {
    for (const m of readme.matchAll(/\]\(((?:docs|examples|schemas|golden|roles-out)[^)#]*)\)/g)) {
      expect(() => readFileSync(repoPath(m[1]!.replace(/\/$/, "/README.md").replace(/^golden$/, "golden/minimal/README.md"))), m[1]).not.to.throw();
    }
  });
});
