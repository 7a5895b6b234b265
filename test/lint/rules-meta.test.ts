// Rule metadata is the source of the docs, `rules`, `explain` and SARIF, so
// it is checked here: ids, docs paths, the examples (the problematic one must
// trigger the rule, the correct one must not), test coverage, and that the
// committed docs/rules/ pages are what scripts/gen-rule-docs.ts writes.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { expect } from "chai";
import { allRules, applyFixes, isActive, isCheckRule, isConfigFinding, isConfigRule, renderRuleDoc, renderRulesIndex, ruleDocFileName } from "../../src/lint/index.js";
import { repoPath } from "../../src/util/paths.js";
import { migrateToCurrent } from "../../src/migrate/to-current.js";
import { lintText } from "./rule-tester.js";

const ID = /^gxit-[a-z][a-z0-9-]*\[[a-z][a-z0-9-]*\]$/;

describe("rule metadata", () => {
  it("ids are unique, well-formed and sorted; docs paths follow the id", () => {
    const ids = allRules.map((r) => r.meta.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect([...ids].sort()).to.deep.equal(ids);
    for (const r of allRules) {
      expect(r.meta.id).to.match(ID);
      expect(existsSync(repoPath(r.meta.docs)), `${r.meta.id}: ${r.meta.docs}`).to.equal(true);
      expect(r.meta.description, r.meta.id).to.not.include("\n");
      expect(r.meta.rationale.length, r.meta.id).to.be.greaterThan(80);
      expect(r.meta.fix.length, r.meta.id).to.be.greaterThan(20);
    }
  });

  it("only the rules that hand out data or the host are unsuppressible", () => {
    const locked = allRules.filter((r) => isCheckRule(r) && !r.meta.suppressible).map((r) => r.meta.id);
    expect(locked).to.deep.equal(["gxit-run-args[privileged]", "gxit-volumes[datasets-rw]", "gxit-volumes[docker-socket]"]);
  });

  for (const rule of allRules) {
    describe(`${rule.meta.id} examples`, () => {
      const lint = (code: string) => lintText(code, isCheckRule(rule) ? [rule] : allRules, undefined, "example.yml", rule.meta.examples.kind).findings;
      const run = (code: string) => lint(code).filter((f) => f.ruleId === rule.meta.id && isActive(f));
      it("the problematic config triggers it", () => {
        expect(run(rule.meta.examples.problematic)).to.not.have.length(0);
      });
      if (!isConfigRule(rule)) {
        // No dead rule: its example is a config that validate and compile accept, not one the front end rejects.
        it("the problematic config passes the front end", () => {
          expect(lint(rule.meta.examples.problematic).filter(isConfigFinding).map((f) => `${f.line}:${f.col} ${f.message}`)).to.deep.equal([]);
        });
      }
      if (rule.meta.fixable) {
        it("is fixable: --fix turns the problematic config into one it does not report", () => {
          const found = run(rule.meta.examples.problematic);
          expect(found.every((f) => f.edit !== undefined), "every finding carries its edit").to.equal(true);
          const fixed = applyFixes("example.yml", rule.meta.examples.problematic, found);
          expect(fixed.rejected).to.equal(undefined);
          expect(fixed.fixed).to.have.length(found.length);
          expect(run(fixed.text).map((f) => `${f.line}:${f.col} ${f.message}`)).to.deep.equal([]);
        });
      }
      it("the correct config does not", () => {
        expect(run(rule.meta.examples.correct).map((f) => `${f.line}:${f.col} ${f.message}`)).to.deep.equal([]);
      });
    });
  }

  // Every rule runs on both targets unless its meta says otherwise: its
  // examples, migrated to gtn-current the way `gxit-gen migrate` does it,
  // must still trigger it (problematic) and not trigger it (correct).
  for (const rule of allRules.filter(isCheckRule)) {
    const targets = rule.meta.targets ?? ["gtn-2020", "gtn-current"];
    // A hand-written tree file has no gxit-gen target to migrate.
    if (!targets.includes("gtn-current") || rule.meta.examples.kind !== undefined) continue;
    describe(`${rule.meta.id} examples on gtn-current`, () => {
      const migrated = (code: string) => {
        if (/^target: gtn-current$/m.test(code)) return code;
        return migrateToCurrent("example.yml", code).text;
      };
      const run = (code: string) =>
        lintText(migrated(code), [rule], undefined, "example.yml").findings.filter((f) => f.ruleId === rule.meta.id && isActive(f));
      it("the problematic config triggers it", () => {
        expect(run(rule.meta.examples.problematic)).to.not.have.length(0);
      });
      it("the correct config does not", () => {
        expect(run(rule.meta.examples.correct).map((f) => `${f.line}:${f.col} ${f.message}`)).to.deep.equal([]);
      });
    });
  }

  it("rules that skip a target say which targets they apply to, and run only there", () => {
    for (const rule of allRules) {
      for (const t of rule.meta.targets ?? []) expect(["gtn-2020", "gtn-current"], rule.meta.id).to.include(t);
    }
  });

  it("every rule has a RuleTester block", () => {
    const dir = repoPath("test", "lint", "rules");
    const sources = readdirSync(dir)
      .filter((n) => n.endsWith(".test.ts"))
      .map((n) => readFileSync(`${dir}/${n}`, "utf8"))
      .join("\n");
    const missing = allRules.filter((r) => !sources.includes(`ruleTester("${r.meta.id}"`)).map((r) => r.meta.id);
    expect(missing).to.deep.equal([]);
  });

  it("every message of every rule is expected by one of its RuleTester cases", () => {
    const dir = repoPath("test", "lint", "rules");
    const blocks = new Map<string, string>();
    for (const n of readdirSync(dir).filter((x) => x.endsWith(".test.ts"))) {
      const parts = readFileSync(`${dir}/${n}`, "utf8").split(/(?=ruleTester\(")/);
      for (const p of parts) {
        const id = /^ruleTester\("([^"]+)"/.exec(p)?.[1];
        if (id) blocks.set(id, (blocks.get(id) ?? "") + p);
      }
    }
    const untested = allRules.flatMap((r) =>
      Object.keys(r.meta.messages)
        .filter((m) => !(blocks.get(r.meta.id) ?? "").includes(`messageId: "${m}"`))
        .map((m) => `${r.meta.id} ${m}`),
    );
    expect(untested).to.deep.equal([]);
  });

  it("every message id is reported somewhere in its rule's module", () => {
    const dir = repoPath("src", "lint");
    const sources = [
      ...readdirSync(`${dir}/rules`).map((n) => readFileSync(`${dir}/rules/${n}`, "utf8")),
      readFileSync(`${dir}/engine.ts`, "utf8"),
    ].join("\n");
    const unused = allRules.flatMap((r) => Object.keys(r.meta.messages).filter((m) => !sources.includes(`"${m}"`)).map((m) => `${r.meta.id} ${m}`));
    expect(unused).to.deep.equal([]);
  });
});

describe("docs/rules", () => {
  const dir = repoPath("docs", "rules");
  const stale = "docs/rules is stale: run `npm run docs:rules` and commit the result";

  it("has exactly one page per rule plus README.md", () => {
    const expected = ["README.md", ...allRules.map((r) => ruleDocFileName(r.meta.id))].sort();
    expect(readdirSync(dir).filter((n) => n.endsWith(".md")).sort(), stale).to.deep.equal(expected);
  });

  for (const rule of allRules) {
    it(`${ruleDocFileName(rule.meta.id)} is up to date`, () => {
      expect(readFileSync(`${dir}/${ruleDocFileName(rule.meta.id)}`, "utf8"), stale).to.equal(renderRuleDoc(rule));
    });
  }

  it("README.md is up to date", () => {
    expect(readFileSync(`${dir}/README.md`, "utf8"), stale).to.equal(renderRulesIndex(allRules));
  });
});
