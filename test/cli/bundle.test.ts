// The installed `gxit-gen` command is the esbuild bundle (dist/bundle/main.js),
// while the other tests run the modules in-process. These run the bundle as a
// process and check it behaves the same: exit codes, messages and output.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileDeployment } from "../../src/compile/index.js";
import { loadConfigFile } from "../../src/config/load.js";
import { repoPath, tempDir } from "../helpers.js";

const bundle = repoPath("dist/bundle/main.js");

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bundle, ...args], { encoding: "utf8", cwd: repoPath() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("the bundled CLI (dist/bundle/main.js)", () => {
  it("is what package.json installs as gxit-gen", () => {
    const pkg = JSON.parse(readFileSync(repoPath("package.json"), "utf8"));
    expect(pkg.bin["gxit-gen"]).to.equal("dist/bundle/main.js");
  });

  it("validates, lints and reports invalid configs like the modules do", () => {
    expect(run("validate", "-q", "examples/gtn-tutorial.yml").code).to.equal(0);
    expect(run("lint", "examples/gtn-tutorial.yml").code).to.equal(0);
    const unsafe = run("lint", "examples/unsafe/gtn-tutorial-first-state.yml");
    expect(unsafe.code).to.equal(2);
    expect(unsafe.out).to.match(/first-state\.yml:69:25 error gxit-volumes\[datasets-rw\]/);
    const dir = tempDir();
    writeFileSync(join(dir, "bad.yml"), "version: 1\nproxy: {prot: 1}\n");
    const bad = run("validate", join(dir, "bad.yml"));
    expect(bad.code).to.equal(3);
    expect(bad.err).to.equal(`${join(dir, "bad.yml")}:2:9: unknown key "prot" in proxy; did you mean "port"?\n`);
  });

  it("compiles byte-identical output to the in-process compiler", () => {
    const out = join(tempDir(), "out");
    const r = run("compile", "examples/multi-gxit.yml", "-o", out, "-q");
    expect(r.code, r.err).to.equal(0);
    const tree = compileDeployment(loadConfigFile(repoPath("examples/multi-gxit.yml")));
    for (const [path, file] of tree) {
      expect(readFileSync(join(out, path), "utf8"), path).to.equal(file.content.toString());
    }
  });
});
