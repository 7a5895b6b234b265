// RuleTester in the style of ESLint's: each rule gets `valid` configs (no
// finding of that rule) and `invalid` configs listing every finding with its
// message id and full range. Check rules run alone, as ESLint's tester does;
// directive rules need other rules to produce findings, so they run with all
// rules. Like ESLint, the tester fails on a case listed twice and on a rule
// that reports the same finding twice (the engine does not hide duplicates).
import { expect } from "chai";
import { allRules, isCheckRule, isConfigFinding, isConfigRule, lintDeployment, lintText as lintThroughFrontEnd, type Finding, type LintConfig, type Rule } from "../../src/lint/index.js";
import type { FileKind } from "../../src/read/kinds.js";
import { loadTreeText } from "../../src/tree/load.js";

export interface ValidCase {
  name?: string;
  code: string;
  lintConfig?: LintConfig;
  /** `code` is one hand-written file of this kind of an Ansible tree, not a gxit-gen config. */
  kind?: FileKind;
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

/** Lints a config text through the front end, as `gxit-gen lint` does (an invalid config gives gxit-config findings); with `kind`, one hand-written tree file. */
export function lintText(code: string, rules: readonly Rule[], lintConfig?: LintConfig, file = "test.yml", kind?: FileKind) {
  if (kind) return lintDeployment(loadTreeText(kind, code).deployment, { rules, lintConfig: lintConfig ?? false });
  return lintThroughFrontEnd(file, code, { rules, lintConfig: lintConfig ?? false });
}

function run(id: string, c: ValidCase): Finding[] {
  const rule = findRule(id);
  const report = lintText(c.code, isCheckRule(rule) ? [rule] : allRules, c.lintConfig, "test.yml", c.kind);
  // A case for any other rule must be a config the front end accepts: a rule that only fires on rejected configs is dead.
  const rejected = report.findings.filter(isConfigFinding);
  if (!isConfigRule(rule) && rejected.length > 0) {
    throw new Error(`the front end rejects this case, so ${id} never sees it: ${rejected.map((f) => `${f.line}:${f.col} ${f.message}`).join("; ")}`);
  }
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
  return JSON.stringify([c.code, c.lintConfig ?? null, c.kind ?? null]);
}

/** Every case of every ruleTester block loaded so far (the front-end agreement test runs them through all commands). */
export const registeredCases: Array<{ ruleId: string; name: string; code: string; invalid: boolean; kind?: FileKind }> = [];

export function ruleTester(id: string, cases: { valid: Array<string | ValidCase>; invalid: InvalidCase[] }): void {
  const valid = cases.valid.map((v) => (typeof v === "string" ? { code: v } : v));
  const register = (c: ValidCase, i: number, invalid: boolean) =>
    registeredCases.push({ ruleId: id, name: label(c, i), code: c.code, invalid, ...(c.kind ? { kind: c.kind } : {}) });
  valid.forEach((c, i) => register(c, i, false));
  cases.invalid.forEach((c, i) => register(c, i, true));
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
