// `gxit-gen init`: each preset writes a commented config that validates,
// lints without errors and compiles; an existing file is never overwritten.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { runCli } from "../../src/cli/run.js";
import { memoryIO } from "../../src/cli/io.js";
import { CONFIG_SCHEMA_PATH } from "../../src/schema/types-source.js";
import { PRESETS } from "../../src/init/presets.js";
import { ExitCode } from "../../src/util/errors.js";
import { repoPath } from "../../src/util/paths.js";

async function cli(...argv: string[]) {
  const io = memoryIO();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe("gxit-gen init", function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gxit-init-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const preset of Object.keys(PRESETS)) {
    describe(`--preset ${preset}`, () => {
      it("writes a config that validates, lints without errors and compiles", async () => {
        const file = join(dir, `${preset}.yml`);
        const init = await cli("init", "--preset", preset, file);
        expect(init.code, init.err).to.equal(ExitCode.ok);
        expect(init.out).to.include(`wrote the ${preset} starter config`);
        expect(init.out).to.include(`next: npx gxit-gen lint ${file} && npx gxit-gen compile ${file} -o ansible`);
        expect((await cli("validate", file)).code).to.equal(ExitCode.ok);
        const lint = await cli("lint", file);
        expect(lint.code, lint.out + lint.err).to.equal(ExitCode.ok);
        expect(lint.out).to.match(/\b0 errors, 0 warnings\b/);
        const out = join(dir, "out");
        const compile = await cli("compile", file, "-o", out);
        expect(compile.code, compile.err).to.equal(ExitCode.ok);
        expect(existsSync(join(out, "group_vars", "galaxyservers", "interactive-tools.yml"))).to.equal(true);
      });

      it("starts with a yaml-language-server line that resolves to the installed schema", async () => {
        const file = join(dir, "sub", "gxit.yml");
        mkdirSync(dirname(file));
        await cli("init", "--preset", preset, file);
        const first = readFileSync(file, "utf8").split("\n")[0]!;
        const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
        expect(m, first).to.not.equal(null);
        expect(resolve(dirname(file), m![1]!)).to.equal(CONFIG_SCHEMA_PATH);
      });

      it("is commented: a header, and a comment in or above every top-level section", async () => {
        const file = join(dir, "gxit.yml");
        await cli("init", "--preset", preset, file);
        const text = readFileSync(file, "utf8");
        expect(text).to.not.include("@FILE@");
        // After `npm ci` the command is reachable as `npx gxit-gen`, not on PATH (issue #12).
        expect(text).to.include(`#   npx gxit-gen compile ${file} -o ansible`);
        const lines = text.split("\n");
        const keys = lines.flatMap((l, i) => (/^[a-z_]+:/.test(l) ? [i] : []));
        expect(lines.slice(0, keys[0]).join("\n"), "header comment").to.match(/^# gxit-gen config/m);
        keys.forEach((at, k) => {
          const section = lines.slice(at, keys[k + 1] ?? lines.length);
          const commented = /^\s*#/.test(lines[at - 1] ?? "") || section.some((l) => /^\s*#/.test(l));
          expect(commented, `a comment for ${lines[at]}`).to.equal(true);
        });
      });
    });
  }

  it("production: embedded Pulsar, outputs_to_working_directory, *.ep., bundled gxit_proxy, vault secrets, $UID", async () => {
    const file = join(dir, "prod.yml");
    await cli("init", "--preset", "production", file);
    const config = parse(readFileSync(file, "utf8")) as {
      galaxy: { outputs_to_working_directory: boolean; interactivetools: { entry_point_style: string } };
      proxy: { role: string };
      certbot: { dns_credentials: Record<string, unknown> };
      jobs: {
        runners: Record<string, { type: string }>;
        destinations: Record<string, { runner: string; params?: Record<string, unknown> }>;
        tools: Array<{ destination: string }>;
      };
    };
    expect(config.galaxy.outputs_to_working_directory).to.equal(true);
    expect(config.galaxy.interactivetools.entry_point_style).to.equal("ep");
    expect(config.proxy.role).to.equal("gxit_proxy");
    expect(config.certbot.dns_credentials.secret).to.deep.equal({ var: "vault_certbot_dns_secret" });
    for (const t of config.jobs.tools) {
      const dest = config.jobs.destinations[t.destination]!;
      expect(config.jobs.runners[dest.runner]!.type).to.equal("pulsar_embedded");
      expect(dest.params!.docker_set_user).to.equal("$UID");
      expect(dest.params!.require_container).to.equal(true);
    }
    const out = join(dir, "out");
    expect((await cli("compile", file, "-o", out)).code).to.equal(ExitCode.ok);
    // The bundled role ships in the tree; the wildcard certificate covers *.ep.
    expect(existsSync(join(out, "roles", "gxit_proxy"))).to.equal(true);
    expect(readFileSync(join(out, "group_vars", "galaxyservers", "interactive-tools.yml"), "utf8")).to.include(
      '"*.ep.interactivetool.{{ inventory_hostname }}"',
    );
  });

  it("writes gxit.yml in the current directory by default, with the tutorial preset", () => {
    // The installed command (package.json bin), run where the user is.
    const pkg = JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as { bin: Record<string, string> };
    const r = spawnSync(process.execPath, [repoPath(pkg.bin["gxit-gen"]!), "init"], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(ExitCode.ok);
    const text = readFileSync(join(dir, "gxit.yml"), "utf8");
    expect(text.split("\n")[0]).to.match(/^# yaml-language-server: \$schema=/);
    expect(text).to.include("the final state of the GTN tutorial");
  });

  it("refuses to overwrite an existing file: exit 1, one line, file untouched", async () => {
    const file = join(dir, "gxit.yml");
    writeFileSync(file, "my: own config\n");
    const r = await cli("init", "--preset", "minimal", file);
    expect(r.code).to.equal(ExitCode.failure);
    expect(r.err.trimEnd().split("\n")).to.have.length(1);
    expect(r.err).to.match(/already exists; not overwriting it/);
    expect(r.out).to.equal("");
    expect(readFileSync(file, "utf8")).to.equal("my: own config\n");
  });

  it("explains a missing directory in one line (exit 1)", async () => {
    const r = await cli("init", join(dir, "no", "such", "dir", "gxit.yml"));
    expect(r.code).to.equal(ExitCode.failure);
    expect(r.err.trimEnd().split("\n")).to.have.length(1);
    expect(r.err).to.match(/directory does not exist/);
  });

  it("rejects an unknown preset as a usage error", async () => {
    const r = await cli("init", "--preset", "bogus", join(dir, "x.yml"));
    expect(r.code).to.equal(ExitCode.usage);
    expect(existsSync(join(dir, "x.yml"))).to.equal(false);
  });
});
