// Every example's compiled tree, applied as its README says with the real
// upstream roles at the pinned tags, in check mode against this machine
// (ansible-playbook --check --diff -c local). Fails on any undefined or wrong
// variable, template that does not render, or task that fails for a reason
// other than the environment (real-roles.ts lists the allowed environment
// stops and the role switches used). Then checks what the roles would write:
// the proxy unit's ExecStart, the nginx vhosts (through nginx -t, with the
// path-based location included in Galaxy's vhost) and the certbot command.
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PATH_LOCATION_CONFIG } from "../../src/compile/emitters/group-vars.js";
import { pathLocationRegex } from "../../src/compile/emitters/path-location.js";
import { loadConfigFile } from "../../src/config/load.js";
import { textKey } from "../../src/config/text.js";
import { TEST_HOST } from "./ansible.js";
import { nginxTest, selfSignedCert, testable } from "./nginx.js";
import { gravityProxyCommand, renderedBy, rolesArchiveDir, runWithRealRoles, unpackRoles, type RealRun } from "./real-roles.js";
import { compileWithCli, exampleConfigs, explain, jobPool, needTools, removeDir, tempDir, unwrap, verdict, type Settled } from "./tools.js";
import { PROXY_NODE_ARGS } from "../../scripts/proxy-node-args.js";

interface ExampleRun {
  missing: string[];
  run: Promise<Settled<RealRun>>;
  deployment: ReturnType<typeof loadConfigFile>;
  base: string;
}

/** The host's name as the roles see it: the test inventory's host stands for {{ inventory_hostname }}. */
const onHost = (s: string) => s.replaceAll("{{ inventory_hostname }}", TEST_HOST);

describe("ecosystem: every example applied with the real roles in check mode", function () {
  // Each ansible-playbook run takes about a minute on a shared core.
  this.timeout(600_000);
  const examples = exampleConfigs();
  const runs = new Map<string, ExampleRun>();
  let root: string;
  let certs: { cert: string; key: string };

  before(async function () {
    needTools(this, "ansible-playbook", "nginx", "openssl", "tar");
    const archives = rolesArchiveDir();
    root = tempDir("real-roles");
    certs = selfSignedCert(join(root, "tls"), `interactivetool.${TEST_HOST}`);
    // At most two playbooks at a time: each is a handful of Python processes.
    const schedule = jobPool(2);
    for (const ex of examples) {
      const base = join(root, ex.name);
      const tree = join(base, "compiled");
      await compileWithCli(ex.file, tree);
      const d = loadConfigFile(ex.file);
      // {roles:, collections:} when the tree also needs community.postgresql (installed with ansible here).
      const requirements = parse(readFileSync(join(tree, "requirements.yml"), "utf8")) as Array<{ src: string; version: string }> | { roles: Array<{ src: string; version: string }> };
      const required = (Array.isArray(requirements) ? requirements : requirements.roles).map((r) => ({ name: r.src, version: r.version }));
      const rolesDir = join(base, "roles");
      const missing = unpackRoles(archives, required, rolesDir);
      // As the generated README says: Galaxy's vhost includes the location file.
      const includeLocation = d.nginx.pathBased ? `/etc/nginx/${PATH_LOCATION_CONFIG}` : undefined;
      runs.set(ex.name, {
        missing,
        deployment: d,
        base,
        run: schedule(() => runWithRealRoles(tree, join(base, "work"), rolesDir, { group: d.inventoryGroup, playbook: d.config.playbook!.file!, includeLocation, proxyGroup: d.proxy.replicas?.group })),
      });
    }
  });
  after(() => removeDir(root));

  for (const ex of examples) {
    describe(ex.name, function () {
      const get = () => runs.get(ex.name)!;

      it("has every role requirements.yml pins in the role archives", function () {
        const { missing } = get();
        if (missing.length > 0 && !process.env.CI) {
          console.log(`      skipped: missing role archives ${missing.join(", ")} (set GXIT_ROLES_DIR)`);
          this.skip();
        }
        expect(missing, "role archives (../shared/roles or $GXIT_ROLES_DIR)").to.deep.equal([]);
      });

      it("runs every role with no failure but the environment's", async function () {
        if (get().missing.length > 0) this.skip();
        const r = unwrap(await get().run);
        for (const e of r.environment) verdict("environment stop", `${ex.name} (${e.role} : ${e.task})`, e.why);
        verdict("ansible-playbook --check", ex.name, r.defects.length === 0 && r.result.status === 0 ? `passed (${r.tasks.length} tasks, ${r.environment.length} environment stops)` : "FAILED");
        expect(r.result.status, explain(r.result)).to.equal(0);
        expect(r.defects.map((f) => `${f.role} : ${f.task}: ${f.msg}`)).to.deep.equal([]);
        // Every role of the play ran (an environment stop did not end the play early).
        const ran = new Set(r.tasks.map((t) => t.role));
        // Gravity is no role: galaxyproject.galaxy configures it.
        const proxyRole = get().deployment.proxy.role === "gravity" ? [] : [get().deployment.proxy.role];
        for (const role of ["galaxyproject.galaxy", "galaxyproject.nginx", "geerlingguy.docker", ...proxyRole]) expect([...ran]).to.include(role);
      });

      it("writes a proxy unit whose ExecStart runs the installed node with the tree's settings", async function () {
        if (get().missing.length > 0) this.skip();
        const r = unwrap(await get().run);
        const d = get().deployment;
        if (d.proxy.role === "gravity") {
          // No proxy role: Gravity writes the unit from galaxy.yml, which galaxyproject.galaxy renders.
          const configs = renderedBy(r, /^galaxyproject\.galaxy$/, /^Create Galaxy configuration file$/);
          expect(configs, "galaxyproject.galaxy's galaxy.yml template task").to.have.length(1);
          const gravity = gravityProxyCommand(configs[0]!.content);
          verdict("proxy unit", `${ex.name} (Gravity, from galaxy.yml)`, gravity.argv.join(" "));
          expect(gravity.enabled, "gravity.gx_it_proxy.enable").to.equal(true);
          expect(gravity.galaxyEnabled, "Gravity refuses gx_it_proxy without interactivetools_enable").to.equal(true);
          expect(gravity.port).to.equal(d.proxy.port);
          expect(gravity.sessions, "a rendered absolute path").to.match(/^\/[^{}]*$/);
          expect(gravity.pathPrefix).to.equal(d.proxy.pathPrefix);
          return;
        }
        const units = renderedBy(r, /^(usegalaxy_eu\.gie_proxy|gxit_proxy)$/, /[Ss]ystemd (service )?unit/);
        expect(units, "the proxy role's unit template task").to.have.length(1);
        const execStart = /^ExecStart=(.*)$/m.exec(units[0]!.content)?.[1] ?? "";
        verdict("proxy unit", ex.name, execStart);
        const virtualenv = d.config.proxy!.virtualenv;
        expect(execStart, "not a bare `node` on a host where nothing installs it").to.not.match(/^node\s/);
        if (typeof virtualenv === "string") expect(execStart.startsWith(`${virtualenv}/bin/node `), execStart).to.equal(true);
        if (d.proxy.role === "gxit_proxy") expect(execStart, "the role's default node options").to.match(new RegExp(` ${PROXY_NODE_ARGS.join(" ")} \\S+/lib/main\\.js `));
        expect(execStart).to.include(`--port ${d.proxy.port}`);
        if (d.proxy.pathPrefix) expect(execStart).to.include(`--proxyPathPrefix ${d.proxy.pathPrefix}`);
      });

      it("writes nginx vhosts that pass nginx -t, with Galaxy's vhost sending path-based tools to the proxy", async function () {
        if (get().missing.length > 0) this.skip();
        const r = unwrap(await get().run);
        const d = get().deployment;
        const vhosts = renderedBy(r, /^galaxyproject\.nginx$/, /^Install SSL vhost configs$/);
        expect(vhosts.map((v) => v.item).sort()).to.deep.equal([...new Set([...d.nginx.sslServers, d.nginx.vhostName])].sort());
        const extras = renderedBy(r, /^galaxyproject\.nginx$/, /^Copy additional configs$/);
        const dir = join(get().base, "nginx-rendered");
        let all = "";
        for (const extra of extras) {
          const file = join(get().base, `extra-${String(extra.item).replaceAll("/", "_")}`);
          writeFileSync(file, extra.content);
          // The replicas' CA bundle is a file of the site's nginx host: the test's certificate stands in.
          const loadable = testable(file, certs);
          all += `# ${String(extra.item)}\n`;
          vhosts.forEach((v) => (v.content = v.content.replaceAll(`/etc/nginx/${String(extra.item)}`, loadable)));
        }
        for (const v of vhosts) all += v.content + "\n";
        const combined = `${dir}.conf`;
        writeFileSync(combined, all);
        const t = nginxTest(dir, combined, certs);
        verdict("nginx -t", `${ex.name} (vhosts as galaxyproject.nginx writes them)`, t.status === 0 ? "passed" : `FAILED (exit ${t.status})`);
        expect(t.status, explain(t)).to.equal(0);
        const galaxy = vhosts.find((v) => v.item === "galaxy")!.content;
        if (d.pathBased.needed) expect(d.nginx.pathBased, "path-based tools get the Galaxy-vhost location").to.equal(true);
        if (d.nginx.pathBased) {
          expect(extras.map((e) => e.item)).to.include(PATH_LOCATION_CONFIG);
          expect(extras.find((e) => e.item === PATH_LOCATION_CONFIG)!.content).to.include(`location ~* ${pathLocationRegex(d)} {`);
          expect(galaxy, "Galaxy's vhost includes the location").to.match(new RegExp(`include ${join(get().base, "extra-" + PATH_LOCATION_CONFIG).replace(/[.*+?^$()[\]{}|\\]/g, "\\$&")}(\\.nginx-test)?;`));
        }
      });

      it("requests a certificate for exactly the names nginx serves", async function () {
        if (get().missing.length > 0) this.skip();
        const r = unwrap(await get().run);
        const d = get().deployment;
        const logged = r.tasks.find((t) => t.role === "usegalaxy_eu.certbot" && t.task === "Log output of certbot command");
        if (!d.certbot.enabled) return;
        const cmd = (logged?.result.request as { cmd?: string[] } | undefined)?.cmd;
        expect(cmd, "the certbot command line (usegalaxy_eu.certbot logs it)").to.be.an("array");
        verdict("certbot", ex.name, cmd!.join(" "));
        const names = cmd![cmd!.indexOf("-d") + 1]!.split(",");
        const host = onHost(textKey(d.galaxy.hostname));
        const wildcard = onHost(textKey(d.wildcardHost));
        expect(names).to.deep.equal([host, wildcard]);
        if (d.certbot.dnsProvider) expect(cmd).to.include(`--dns-${d.certbot.dnsProvider}`);
        // nginx serves Galaxy on the host and the tools under the wildcard, which the certificate names.
        const vhosts = renderedBy(r, /^galaxyproject\.nginx$/, /^Install SSL vhost configs$/);
        const gxit = vhosts.find((v) => v.item === d.nginx.vhostName)!.content;
        const serverName = /server_name\s+([^;]+);/.exec(gxit)![1]!.trim();
        expect(wildcard.endsWith(serverName.replace(/^\*/, "")), `${serverName} serves ${wildcard}`).to.equal(true);
        expect(/server_name\s+([^;]+);/.exec(vhosts.find((v) => v.item === "galaxy")!.content)![1]!.trim()).to.equal(host);
      });
    });
  }
});
