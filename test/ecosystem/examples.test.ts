// The ecosystem's own tools judge every example's compiled tree: ansible-lint
// (production profile, offline, configured only by the tree's .ansible-lint),
// yamllint (the tree's .yamllint), ansible-playbook --syntax-check, and the
// templates as Ansible renders them: the vhost through `nginx -t`, job_conf and
// tool_conf through an XML validator, pulsar_app through a YAML parser.
// Each tool's verdict on each example is printed, so the CI log shows them.
//
// The slow tools of all examples are started together in `before` (as many
// at a time as there are cores); each test awaits and judges its own result.
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { parseDocument } from "yaml";
import { BUNDLED_PROXY_ROLE } from "../../src/compile/emitters/roles.js";
import { loadConfigFile } from "../../src/config/load.js";
import { renderWithAnsible, ROLE_SUPPLIED_VARS, stubRoles, TEST_HOST, untyped, writeInventory, type Rendered } from "./ansible.js";
import { galaxyVhostIncluding, nginxTest, selfSignedCert } from "./nginx.js";
import { REPLICAS_UPSTREAM } from "../../src/compile/emitters/proxy-upstream.js";
import {
  compileWithCli,
  exampleConfigs,
  explain,
  jobPool,
  needTools,
  parallelism,
  playbookRoles,
  removeDir,
  run,
  runAsync,
  tempDir,
  toolEnv,
  unwrap,
  verdict,
  type Settled,
  type ToolResult,
} from "./tools.js";

const TOOLS = ["ansible-lint", "ansible-playbook", "yamllint", "nginx", "openssl"];

interface ExampleRun {
  base: string;
  tree: string;
  lint: Promise<Settled<ToolResult>>;
  syntax: Promise<Settled<{ result: ToolResult; stubbed: string[] }>>;
  render: Promise<Settled<Rendered>>;
}

describe("ecosystem: real tools on every example's compiled tree", function () {
  this.timeout(240_000);
  const examples = exampleConfigs();
  const runs = new Map<string, ExampleRun>();
  let root: string;
  let certs: { cert: string; key: string };

  before(async function () {
    needTools(this, ...TOOLS);
    root = tempDir("ecosystem");
    certs = selfSignedCert(join(root, "tls"), `interactivetool.${TEST_HOST}`);
    const schedule = jobPool(parallelism());
    for (const ex of examples) {
      const base = join(root, ex.name);
      // The tree's directory name is the example's: ansible-lint keys its
      // mock-role cache on it, and each example gets its own cache below.
      const tree = join(base, ex.name);
      await compileWithCli(ex.file, tree);
      const d = loadConfigFile(ex.file);
      const group = d.inventoryGroup;
      const playbook = d.config.playbook!.file!;
      runs.set(ex.name, {
        base,
        tree,
        lint: schedule(() =>
          runAsync("ansible-lint", ["--nocolor"], { cwd: tree, env: toolEnv({ XDG_CACHE_HOME: join(base, "cache") }) }),
        ),
        syntax: schedule(async () => {
          // Stub only external roles. The bundled role must really be in the
          // tree's roles/: a stub would hide that it is missing.
          const text = readFileSync(join(tree, playbook), "utf8");
          const stubbed = playbookRoles(text).filter((r) => r !== BUNDLED_PROXY_ROLE);
          const stubs = stubRoles(join(base, "stub-roles"), stubbed);
          const inventory = writeInventory(join(base, "syntax-inventory"), group, ROLE_SUPPLIED_VARS);
          const result = await runAsync("ansible-playbook", ["-i", inventory, "--syntax-check", playbook], {
            cwd: tree,
            env: toolEnv({ ANSIBLE_ROLES_PATH: stubs }),
          });
          return { result, stubbed };
        }),
        render: schedule(() => renderWithAnsible(tree, join(base, "render"), group)),
      });
    }
  });
  after(() => removeDir(root));

  it("has examples to check", () => {
    expect(examples.map((e) => e.name)).to.include("gtn-tutorial");
  });

  for (const ex of examples) {
    describe(ex.name, function () {
      const get = () => runs.get(ex.name)!;

      it("ansible-lint reports no violation at the production profile, offline", async function () {
        const r = unwrap(await get().lint);
        const summary = /Passed with production profile: 0 failure\(s\), 0 warning\(s\)/.test(r.stderr + r.stdout);
        verdict("ansible-lint", ex.name, r.status === 0 && summary ? "passed (production profile, offline, 0 violations)" : `FAILED (exit ${r.status})`);
        expect(r.status, explain(r)).to.equal(0);
        expect(summary, `expected a clean production-profile summary\n${explain(r)}`).to.equal(true);
      });

      it("yamllint passes, warnings included", function () {
        const r = run("yamllint", ["--strict", "-f", "parsable", "."], { cwd: get().tree });
        verdict("yamllint", ex.name, r.status === 0 ? "passed (--strict, the tree's .yamllint)" : `FAILED (exit ${r.status})`);
        expect(r.status, explain(r)).to.equal(0);
        expect(r.stdout.trim(), explain(r)).to.equal("");
      });

      it("ansible-playbook --syntax-check passes with the external roles stubbed", async function () {
        const { result: r, stubbed } = unwrap(await get().syntax);
        verdict("ansible-playbook --syntax-check", ex.name, r.status === 0 ? `passed (${stubbed.length} external roles stubbed)` : `FAILED (exit ${r.status})`);
        expect(r.status, explain(r)).to.equal(0);
      });

      it("Ansible renders every template and evaluates every group variable", async function () {
        const settled = await get().render;
        if (!settled.ok) verdict("ansible (template module)", ex.name, "FAILED");
        const rendered = unwrap(settled);
        const tree = get().tree;
        const generated = readdirSync(join(tree, "templates", "galaxy", "config")).map((f) => f.replace(/\.j2$/, ""));
        // A template that group_vars does not install would never reach the server.
        expect([...rendered.galaxy.keys()].sort(), "galaxy_config_templates installs every generated config template").to.deep.equal(generated.sort());
        const nginxFiles = readdirSync(join(tree, "templates", "nginx")).map((f) => f.replace(/\.j2$/, ""));
        const vhosts = nginxFiles.filter((f) => !rendered.nginxExtra.has(f));
        expect([...rendered.nginx.keys()].sort(), "nginx_ssl_servers lists every generated vhost").to.deep.equal(vhosts.sort());
        expect([...rendered.nginxExtra.keys(), ...rendered.nginx.keys()].sort(), "every nginx template is a vhost or an nginx_extra_configs item").to.deep.equal(nginxFiles.sort());
        expect(Object.keys(rendered.groupVars)).to.not.be.empty;
        if (loadConfigFile(ex.file).galaxy.jobConfig === "inline") {
          // galaxy.yml gets the job config as a mapping (Galaxy's job_config), not as text.
          const galaxyConfig = untyped(rendered.groupVars.galaxy_config!) as { galaxy: { job_config: unknown } };
          expect(galaxyConfig.galaxy.job_config, "job_config renders to the inline mapping").to.deep.equal(untyped(rendered.groupVars.galaxy_job_config!));
          expect(rendered.groupVars.galaxy_config!).to.have.nested.property("map.galaxy.map.job_config.map.execution.map.environments");
        }
        verdict("ansible (template module)", ex.name, `rendered ${rendered.galaxy.size + rendered.nginx.size} templates, evaluated ${Object.keys(rendered.groupVars).length} group variables`);
      });

      it("the rendered vhost passes nginx -t with the certificate at http level", async function () {
        const rendered = unwrap(await get().render);
        expect(rendered.nginx.size).to.be.greaterThan(0);
        for (const [name] of rendered.nginx) {
          const r = nginxTest(join(get().base, `nginx-${name}`), join(rendered.dir, "nginx", name), certs);
          verdict("nginx -t", `${ex.name} (${name})`, r.status === 0 ? "passed" : `FAILED (exit ${r.status})`);
          expect(r.status, explain(r)).to.equal(0);
          expect(r.stderr).to.match(/test is successful/);
        }
      });

      it("the rendered job_conf and tool_conf are well-formed XML", async function () {
        const rendered = unwrap(await get().render);
        const xmlFiles = [...rendered.galaxy.keys()].filter((f) => f.endsWith(".xml")).sort();
        const inline = loadConfigFile(ex.file).galaxy.jobConfig === "inline";
        expect(xmlFiles).to.include.members(inline ? ["tool_conf_interactive.xml"] : ["job_conf.xml", "tool_conf_interactive.xml"]);
        if (inline) expect(xmlFiles, "an inline job config leaves no job_conf.xml").to.not.include("job_conf.xml");
        for (const f of xmlFiles) {
          const result = XMLValidator.validate(rendered.galaxy.get(f)!);
          verdict("XMLValidator", `${ex.name} (${f})`, result === true ? "well-formed" : `INVALID: ${JSON.stringify(result)}`);
          expect(result, f).to.equal(true);
        }
      });

      it("Galaxy's own vhost with the path-based location included passes nginx -t", async function () {
        const rendered = unwrap(await get().render);
        const d = loadConfigFile(ex.file);
        if (!d.nginx.pathBased) {
          verdict("nginx -t", `${ex.name} (Galaxy vhost + path-based location)`, "not generated (path-based tools off)");
          return;
        }
        const [name, location] = [...rendered.nginxExtra.entries()][0] ?? expect.fail("no path-based location rendered");
        const dir = join(get().base, "nginx-galaxy-vhost");
        const gxitVhost = d.proxy.replicas ? join(rendered.dir, "nginx", [...rendered.nginx.keys()][0]!) : undefined;
        const vhost = galaxyVhostIncluding(dir, join(rendered.dir, "nginx-extra", name), certs, gxitVhost);
        const r = nginxTest(dir, vhost, certs);
        verdict("nginx -t", `${ex.name} (Galaxy vhost + ${name})`, r.status === 0 ? "passed" : `FAILED (exit ${r.status})`);
        expect(r.status, explain(r)).to.equal(0);
        // The location nginx was given matches the URLs Galaxy links path-based tools at.
        const regex = /location ~\* (\S+) \{/.exec(location)?.[1] ?? expect.fail(`no regex location in\n${location}`);
        expect(new RegExp(regex, "i").test(`${d.galaxy.pathPrefix}/jupyter/0123abcd/`), regex).to.equal(true);
        expect(location).to.match(d.proxy.replicas ? new RegExp(`proxy_pass https?://${REPLICAS_UPSTREAM};`) : new RegExp(`proxy_pass http://localhost:${d.proxy.port};`));
      });

      it("the rendered pulsar_app parses as YAML", async function () {
        const rendered = unwrap(await get().render);
        const text = rendered.galaxy.get("pulsar_app.yml");
        if (text === undefined) {
          verdict("YAML parser", `${ex.name} (pulsar_app.yml)`, "not generated (no embedded Pulsar runner)");
          return;
        }
        // Pulsar reads it with PyYAML, a YAML 1.1 parser.
        const doc = parseDocument(text, { version: "1.1" });
        verdict("YAML parser", `${ex.name} (pulsar_app.yml)`, doc.errors.length === 0 ? "parsed" : `INVALID: ${doc.errors[0]!.message}`);
        expect(doc.errors, text).to.deep.equal([]);
        const data = doc.toJS() as Record<string, unknown>;
        expect(data).to.include.keys("staging_directory", "persistence_directory", "managers");
        // References were resolved by Ansible, not left as text.
        expect(JSON.stringify(data)).to.not.include("{{");
      });
    });
  }
});
