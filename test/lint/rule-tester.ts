// RuleTester in the style of typescript-eslint: each rule gets `valid` configs
// (no finding of that rule) and `invalid` configs with the exact line:col of
// every finding. Check rules run alone, as ESLint's tester does; directive
// rules need other rules to produce findings, so they run with all rules.
import { expect } from "chai";
import { loadConfigText } from "../../src/config/load.js";
import { allRules, isCheckRule, lintDeployment, type Finding, type LintConfig, type Rule } from "../../src/lint/index.js";

export interface ValidCase {
  name?: string;
  code: string;
  lintConfig?: LintConfig;
}

export interface ExpectedFinding {
  line: number;
  col: number;
  /** Substring or pattern the message must contain. */
  message?: string | RegExp;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

export function findRule(id: string): Rule {
  const rule = allRules.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

export function lintText(code: string, rules: readonly Rule[], lintConfig?: LintConfig, file = "test.yml") {
  const deployment = loadConfigText(file, code);
  return lintDeployment(deployment, { rules, lintConfig: lintConfig ?? false });
}

function run(id: string, c: ValidCase): Finding[] {
  const rule = findRule(id);
  const report = lintText(c.code, isCheckRule(rule) ? [rule] : allRules, c.lintConfig);
  return report.findings.filter((f) => f.ruleId === id && f.suppressed === undefined);
}

function label(c: ValidCase, i: number): string {
  return c.name ?? `#${i + 1}: ${c.code.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("version")).slice(-1)[0]?.trim()}`;
}

export function ruleTester(id: string, cases: { valid: Array<string | ValidCase>; invalid: InvalidCase[] }): void {
  describe(id, () => {
    describe("valid", () => {
      cases.valid.forEach((v, i) => {
        const c = typeof v === "string" ? { code: v } : v;
        it(label(c, i), () => {
          const found = run(id, c);
          expect(found.map((f) => `${f.line}:${f.col} ${f.message}`)).to.deep.equal([]);
        });
      });
    });
    describe("invalid", () => {
      cases.invalid.forEach((c, i) => {
        it(label(c, i), () => {
          const found = run(id, c);
          expect(found.map((f) => `${f.line}:${f.col}`)).to.deep.equal(c.errors.map((e) => `${e.line}:${e.col}`));
          c.errors.forEach((e, k) => {
            if (e.message === undefined) return;
            const msg = found[k]!.message;
            if (typeof e.message === "string") expect(msg).to.contain(e.message);
            else expect(msg).to.match(e.message);
          });
          for (const f of found) expect(f.severity).to.equal(findRule(id).meta.severity);
        });
      });
    });
  });
}
