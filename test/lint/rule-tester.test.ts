// The tester's own guarantees: a rule that reports the same finding twice is
// caught (the engine no longer hides it), and messages come from meta.messages.
import { expect } from "chai";
import { defineRule, formatMessage, yaml } from "../../src/lint/meta.js";
import { duplicateReports, lintText } from "./rule-tester.js";

const twice = defineRule(
  {
    id: "gxit-test[twice]",
    severity: "warning",
    description: "Reports the docker.users node twice.",
    rationale: "A deliberately broken rule: it reports one node twice, which the engine must pass through so the rule tester can fail on it.",
    fix: "Report each finding once (this rule exists only in this test).",
    messages: { users: "docker.users is {{count}} entries long" },
    examples: { problematic: yaml`version: 1`, correct: yaml`version: 1` },
  },
  (ctx) => {
    const users = ctx.deployment.config.docker?.users;
    if (!users) return;
    for (let i = 0; i < 2; i++) ctx.report({ path: ["docker", "users"], messageId: "users", data: { count: users.length } });
  },
);

describe("rule tester", () => {
  it("sees a duplicate report (the engine keeps both)", () => {
    const found = lintText("version: 1\ndocker:\n  users: [galaxy]\n", [twice]).findings;
    expect(found.map((f) => `${f.line}:${f.col} ${f.messageId} ${f.message}`)).to.deep.equal([
      "3:10 users docker.users is 1 entries long",
      "3:10 users docker.users is 1 entries long",
    ]);
    expect(duplicateReports(found)).to.have.length(1);
  });

  it("fills message templates and rejects unknown ids and missing data", () => {
    const meta = twice.meta;
    expect(formatMessage(meta, "users", { count: 3 })).to.equal("docker.users is 3 entries long");
    expect(() => formatMessage(meta, "nope")).to.throw(/unknown messageId "nope"/);
    expect(() => formatMessage(meta, "users", {})).to.throw(/needs data.count/);
    expect(() => formatMessage(meta, "toString")).to.throw(/unknown messageId/);
  });
});
