// validate, lint and compile share one front end, so they must give the same
// verdict on every config: every RuleTester case, every bundled example and
// every example in the docs. A config that passes the front end must also
// compile without a config error, and lint must not call it invalid.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { bundledExamples } from "../../src/compile/examples.js";
import { compileDeployment } from "../../src/compile/index.js";
import { loadConfigText, readConfigText } from "../../src/config/load.js";
import { allRules, lintExitCode, lintText } from "../../src/lint/index.js";
import { ConfigError } from "../../src/util/errors.js";
import { cli, repoPath, tempDir } from "../helpers.js";
import { registeredCases } from "../lint/rule-tester.js";

// Load every rule test module so its cases are registered (modules load once; mocha reuses them).
const rulesDir = new URL("../lint/rules/", import.meta.url);
for (const f of readdirSync(rulesDir).filter((n) => n.endsWith(".test.js")).sort()) await import(new URL(f, rulesDir).href);

interface Sample {
  name: string;
  code: string;
}

/** YAML blocks of the README that are (parts of) a gxit-gen config: they start with a top-level config key. */
function readmeExamples(): Sample[] {
  const text = readFileSync(repoPath("README.md"), "utf8");
  const keys = /^(?:version|galaxy|jobs|docker|proxy|nginx|certbot|pulsar|tool_conf|extra_vars|target|inventory_group):/m;
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((b) => keys.test(b.split("\n")[0]!) && !/^repos:/.test(b))
    .map((b, i) => ({ name: `README.md yaml block ${i + 1}`, code: /^version:/m.test(b) ? b : `version: 1\n${b}` }));
}

// Cases and examples with a `kind` are one hand-written tree file, not a gxit-gen config: validate and compile
// do not take them, so only gxit-gen configs are compared here (test/tree covers the tree files).
const samples: Sample[] = [
  ...registeredCases.filter((c) => c.kind === undefined).map((c) => ({ name: `${c.ruleId} ${c.invalid ? "invalid" : "valid"} ${c.name}`, code: c.code })),
  ...bundledExamples().map((e) => ({ name: e.configPath, code: readFileSync(repoPath(e.configPath), "utf8") })),
  { name: "examples/unsafe/gtn-tutorial-first-state.yml", code: readFileSync(repoPath("examples", "unsafe", "gtn-tutorial-first-state.yml"), "utf8") },
  ...allRules.filter((r) => r.meta.examples.kind === undefined).flatMap((r) => [
    { name: `${r.meta.docs} problematic`, code: r.meta.examples.problematic },
    { name: `${r.meta.docs} correct`, code: r.meta.examples.correct },
  ]),
  ...readmeExamples(),
];

type Verdict = "valid" | "invalid";

function verdicts(s: Sample): { validate: Verdict; lint: Verdict; compile: Verdict } {
  const validate: Verdict = readConfigText("c.yml", s.code).ok ? "valid" : "invalid";
  const lint: Verdict = lintExitCode(lintText("c.yml", s.code, { lintConfig: false })) === 3 ? "invalid" : "valid";
  let compile: Verdict = "valid";
  try {
    compileDeployment(loadConfigText("c.yml", s.code));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw new Error(`${s.name}: compile fails with ${String(err)}`);
    compile = "invalid";
  }
  return { validate, lint, compile };
}

describe("one front end: validate, lint and compile agree", () => {
  it(`has cases from every rule tester block (${registeredCases.length}), example and doc example`, () => {
    expect(new Set(registeredCases.map((c) => c.ruleId)).size).to.equal(allRules.length);
    expect(readmeExamples()).to.not.have.length(0);
  });

  it("on every config, through the APIs the commands use", () => {
    const disagree: string[] = [];
    for (const s of samples) {
      const v = verdicts(s);
      if (v.validate !== v.lint || v.validate !== v.compile) disagree.push(`${s.name}: ${JSON.stringify(v)}`);
    }
    expect(disagree).to.deep.equal([]);
  });

  it("on the gxit-config cases and the examples, through the CLI (exit 3 for all three, or for none)", async function () {
    this.timeout(120000);
    const dir = tempDir();
    // A top-level YAML list is playbook-shaped, so `lint PATH` reads it as a hand-written file, not a config.
    const cliSamples = samples.filter((s) => (s.name.startsWith("gxit-config[") || s.name.startsWith("examples/")) && !s.code.startsWith("- "));
    const disagree: string[] = [];
    for (const [i, s] of cliSamples.entries()) {
      const file = join(dir, `c${i}.yml`);
      writeFileSync(file, s.code);
      const codes = [
        (await cli("validate", "-q", file)).code,
        (await cli("lint", "-f", "json", file)).code,
        (await cli("compile", "--allow-unsafe", "-q", file, "-o", join(dir, `out${i}`))).code,
      ];
      if (new Set(codes.map((c) => c === 3)).size !== 1) disagree.push(`${s.name}: validate/lint/compile exit ${codes.join("/")}`);
    }
    expect(disagree).to.deep.equal([]);
  });
});
