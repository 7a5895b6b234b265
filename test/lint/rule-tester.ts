// RuleTester in the style of ESLint's: each rule gets `valid` configs (no
// finding of that rule) and `invalid` configs listing every finding with its
// message id and full range. Check rules run alone, as ESLint's tester does;
// directive rules need other rules to produce findings, so they run with all
// rules. Like ESLint, the tester fails on a case listed twice and on a rule
// that reports the same finding twice (the engine does not hide duplicates).
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
  endLine: number;
  endCol: number;
  /** A key of the rule's meta.messages. */
  messageId: string;
  /** When given, the report's data must contain these values. */
  data?: Record<string, string | number | boolean>;
  /** When given, a substring or pattern the rendered message must contain. */
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

function range(f: Pick<Finding, "line" | "col" | "endLine" | "endCol">): string {
  return `${f.line}:${f.col}-${f.endLine}:${f.endCol}`;
}

/** Findings of one rule that are the same report twice (same range, message and fingerprint). */
export function duplicateReports(found: readonly Finding[]): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const f of found) {
    const key = `${range(f)} ${f.messageId} ${f.message} ${f.fingerprint}`;
    if (seen.has(key)) dups.push(key);
    seen.add(key);
  }
  return dups;
}

function caseKey(c: ValidCase): string {
  return JSON.stringify([c.code, c.lintConfig ?? null]);
}

export function ruleTester(id: string, cases: { valid: Array<string | ValidCase>; invalid: InvalidCase[] }): void {
  const valid = cases.valid.map((v) => (typeof v === "string" ? { code: v } : v));
  describe(id, () => {
    it("lists every case once", () => {
      const keys = [...valid, ...cases.invalid].map(caseKey);
      const dups = keys.filter((k, i) => keys.indexOf(k) !== i);
      expect(dups, "duplicate test case").to.deep.equal([]);
    });
    describe("valid", () => {
      valid.forEach((c, i) => {
        it(label(c, i), () => {
          const found = run(id, c);
          expect(found.map((f) => `${range(f)} ${f.message}`)).to.deep.equal([]);
        });
      });
    });
    describe("invalid", () => {
      const messages = findRule(id).meta.messages;
      cases.invalid.forEach((c, i) => {
        it(label(c, i), () => {
          expect(c.errors, "an invalid case must expect at least one finding").to.not.have.length(0);
          for (const e of c.errors) expect(Object.keys(messages), `messageId of ${id}`).to.include(e.messageId);
          const found = run(id, c);
          expect(duplicateReports(found), "the rule reports the same finding twice").to.deep.equal([]);
          expect(found.map((f) => `${range(f)} ${f.messageId}`)).to.deep.equal(c.errors.map((e) => `${range(e)} ${e.messageId}`));
          c.errors.forEach((e, k) => {
            const f = found[k]!;
            if (e.data !== undefined) expect(f.data, `data of finding ${k + 1}`).to.deep.include(e.data);
            if (e.message === undefined) return;
            if (typeof e.message === "string") expect(f.message).to.contain(e.message);
            else expect(f.message).to.match(e.message);
          });
        });
      });
    });
  });
}
