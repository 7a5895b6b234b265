// The write under faults: killed (SIGKILL, SIGINT) between any two of its
// steps, the tree is the old one or the new one file by file, the next run
// cleans up; the user's files keep their inode, mtime, owner and hard links;
// a symlinked -o, a directory in the way, a concurrent writer's file.
import { expect } from "chai";
import { spawn } from "node:child_process";
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { GeneratedTree } from "../../src/compile/index.js";
import { MANIFEST, writeTree } from "../../src/compile/write.js";
import { listFiles } from "../../src/util/files.js";
import { cli, repoPath, tempDir } from "../helpers.js";

function tree(files: Record<string, string>): GeneratedTree {
  return new Map(Object.entries(files).map(([path, content]) => [path, { path, content }]));
}

const OLD = { "a.yml": "a1\n", "b/c.j2": "c1\n", "stale.yml": "s\n" };
const NEW = { "a.yml": "a2\n", "b/c.j2": "c2\n", "d/e.yml": "e2\n" };
/** writeTree(NEW) over OLD pauses at steps 1..6: manifest, 3 files, 1 removal, final manifest. */
const STEPS = 6;

/** The user's own files, with what must not change about them. */
function userFiles(out: string): void {
  writeFileSync(join(out, "hosts"), "[galaxyservers]\n");
  mkdirSync(join(out, "roles", "x"), { recursive: true });
  writeFileSync(join(out, "roles", "x", "main.yml"), "role\n");
  linkSync(join(out, "hosts"), join(out, "hosts.hardlink"));
}

function identity(out: string): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const rel of ["", "hosts", "hosts.hardlink", "roles", "roles/x", "roles/x/main.yml"]) {
    const st = lstatSync(join(out, rel));
    // A directory's link count and mtime change when gxit-gen adds a subdirectory or file to it.
    ids[rel || "."] = `${st.ino} ${st.uid}:${st.gid} ${st.mode}` + (st.isDirectory() ? "" : ` ${st.nlink} ${st.mtimeMs}`);
  }
  return ids;
}

function temporaries(dir: string): string[] {
  return listFiles(dir).filter((f) => /gxit-gen-(tmp|old)/.test(f));
}

const writeModule = fileURLToPath(new URL("../../src/compile/write.js", import.meta.url));

/** Runs writeTree(NEW, out) in a child that pauses at `step`, then (after `whilePaused`) kills it with `signal`. */
function killAt(out: string, step: number, signal: NodeJS.Signals, whilePaused = () => {}): Promise<"killed" | "finished"> {
  const script = `
    import { writeTree } from ${JSON.stringify(writeModule)};
    const files = ${JSON.stringify(NEW)};
    writeTree(new Map(Object.entries(files).map(([path, content]) => [path, { path, content }])), ${JSON.stringify(out)});
  `;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, GXIT_GEN_TEST_PAUSE_AT: String(step) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes("paused at step") && !child.killed) {
        whilePaused();
        child.kill(signal);
      }
    });
    child.on("error", fail);
    child.on("exit", (code, sig) => {
      if (sig === signal) done("killed");
      else if (code === 0) done("finished");
      else fail(new Error(`child exited ${code}: ${err}`));
    });
  });
}

describe("writing the tree under faults", function () {
  this.timeout(60_000);

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    it(`${signal} at each step leaves every file old or new; the next run completes and cleans up`, async () => {
      for (let step = 1; step <= STEPS + 1; step++) {
        const out = join(tempDir(), "out");
        writeTree(tree(OLD), out);
        userFiles(out);
        const before = identity(out);
        const outcome = await killAt(out, step, signal);
        expect(outcome, `step ${step}`).to.equal(step <= STEPS ? "killed" : "finished");
        const read = (p: string) => (existsSync(join(out, p)) ? readFileSync(join(out, p), "utf8") : undefined);
        expect(["a1\n", "a2\n"], `step ${step}: a.yml`).to.include(read("a.yml"));
        expect(["c1\n", "c2\n"], `step ${step}: b/c.j2`).to.include(read("b/c.j2"));
        expect([undefined, "e2\n"], `step ${step}: d/e.yml`).to.include(read("d/e.yml"));
        expect([undefined, "s\n"], `step ${step}: stale.yml`).to.include(read("stale.yml"));
        expect(temporaries(out).length, `step ${step}: at most one temporary file`).to.be.at.most(1);
        expect(identity(out), `step ${step}: the user's files and the directory`).to.deep.equal(before);
        // The next run: the new tree exactly, no temporary left, user files untouched.
        writeTree(tree(NEW), out);
        expect(temporaries(out), `step ${step}: cleaned`).to.deep.equal([]);
        expect(readdirSync(join(out, "..")), `step ${step}: nothing beside the output`).to.deep.equal(["out"]);
        for (const [p, c] of Object.entries(NEW)) expect(read(p), `step ${step}: ${p}`).to.equal(c);
        expect(read("stale.yml")).to.equal(undefined);
        expect(read(MANIFEST)).to.equal(`# Files generated by gxit-gen; the next compile replaces or removes them.\n${Object.keys(NEW).join("\n")}\n`);
        expect(identity(out), `step ${step}: after the next run`).to.deep.equal(before);
      }
    });
  }

  it("keeps the directory's inode and the user's files' inode, mtime, owner and hard links", () => {
    const out = join(tempDir(), "out");
    writeTree(tree(OLD), out);
    userFiles(out);
    const before = identity(out);
    writeTree(tree(NEW), out);
    expect(identity(out)).to.deep.equal(before);
    expect(lstatSync(join(out, "hosts")).nlink).to.equal(2);
  });

  it("leaves an unchanged generated file alone (same inode and mtime)", () => {
    const out = join(tempDir(), "out");
    writeTree(tree(OLD), out);
    const st = lstatSync(join(out, "a.yml"));
    writeTree(tree({ ...OLD, "b/c.j2": "changed\n" }), out);
    const after = lstatSync(join(out, "a.yml"));
    expect([after.ino, after.mtimeMs]).to.deep.equal([st.ino, st.mtimeMs]);
  });

  it("keeps a file another writer created during the compile", async () => {
    const out = join(tempDir(), "out");
    writeTree(tree(OLD), out);
    // The child pauses after its first file; meanwhile the user saves a file.
    expect(await killAt(out, 2, "SIGKILL", () => writeFileSync(join(out, "notes.txt"), "mine\n"))).to.equal("killed");
    writeTree(tree(NEW), out);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).to.equal("mine\n");
  });

  it("creates the missing ancestors of -o, one level at a time", () => {
    const out = join(tempDir(), "a", "b", "out");
    writeTree(tree(NEW), out);
    expect(readFileSync(join(out, "d", "e.yml"), "utf8")).to.equal("e2\n");
  });

  it("writes through a symlinked -o into its target, keeping the link", () => {
    const base = tempDir();
    const real = join(base, "real");
    writeTree(tree(OLD), real);
    symlinkSync(real, join(base, "link"));
    writeTree(tree(NEW), join(base, "link"));
    expect(lstatSync(join(base, "link")).isSymbolicLink()).to.equal(true);
    expect(readFileSync(join(real, "a.yml"), "utf8")).to.equal("a2\n");
    expect(readdirSync(base).sort()).to.deep.equal(["link", "real"]);
  });

  it("a directory in the way of a file: a clear message, and really nothing changed", () => {
    const out = join(tempDir(), "out");
    writeTree(tree(OLD), out);
    mkdirSync(join(out, "d", "e.yml"), { recursive: true });
    const snapshot = () => listFiles(out).map((f) => `${f}=${readFileSync(join(out, f), "utf8")}`);
    const before = snapshot();
    let message = "";
    try {
      writeTree(tree(NEW), out);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.match(/cannot write .*d\/e\.yml: a directory is in the way of the file; move it away; nothing was changed$/);
    expect(snapshot()).to.deep.equal(before);
    expect(readdirSync(join(out, "d", "e.yml"))).to.deep.equal([]);
  });

  it("a file in the way of a directory: a clear message, nothing changed", () => {
    const out = join(tempDir(), "out");
    writeTree(tree(OLD), out);
    writeFileSync(join(out, "d"), "mine\n");
    let message = "";
    try {
      writeTree(tree(NEW), out, { force: true });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.match(/a file is in the way of a directory; nothing was changed$/);
    expect(readFileSync(join(out, "a.yml"), "utf8")).to.equal("a1\n");
  });

  it("never follows a manifest entry out of the directory", () => {
    const base = tempDir();
    const out = join(base, "out");
    writeTree(tree(OLD), out);
    writeFileSync(join(base, "precious"), "keep\n");
    writeFileSync(join(out, MANIFEST), "../precious\n/etc/hostname\na.yml\n");
    writeTree(tree({ "a.yml": "x\n" }), out);
    expect(readFileSync(join(base, "precious"), "utf8")).to.equal("keep\n");
  });

  it("removes the litter an interrupted gxit-gen 0.1 left beside the output", () => {
    const base = tempDir();
    const out = join(base, "out");
    writeTree(tree(OLD), out);
    // PID 2^22 + 1 is above Linux's pid_max: certainly not running.
    mkdirSync(join(base, ".out.gxit-gen-tmp-4194305"));
    writeFileSync(join(out, ".a.yml.gxit-gen-tmp-4194305"), "partial");
    writeTree(tree(NEW), out);
    expect(readdirSync(base)).to.deep.equal(["out"]);
    expect(temporaries(out)).to.deep.equal([]);
  });
});

describe("output paths the CLI refuses", () => {
  const config = repoPath("examples/minimal.yml");

  it("compile -o '' is a usage error, not the current directory", async () => {
    const run = await cli("compile", config, "-o", "");
    expect(run.code).to.equal(64);
    expect(run.err).to.match(/output directory is empty/);
  });

  it("compile -o /proc/x/y fails at once with a message (no mkdir -p loop)", async () => {
    const run = await cli("compile", config, "-o", "/proc/gxit-gen-test/y");
    expect(run.code).to.equal(1);
    expect(run.err).to.match(/^gxit-gen: cannot .*\/proc.*nothing was changed\n$/);
  });

  it("lint -o DIR names the problem and leaves no DIR.tmp-PID", async () => {
    const base = tempDir();
    mkdirSync(join(base, "report"));
    const run = await cli("lint", config, "-o", join(base, "report"));
    expect(run.code).to.equal(1);
    expect(run.err).to.match(/is a directory/);
    expect(readdirSync(base)).to.deep.equal(["report"]);
    expect((await cli("lint", config, "-o", "")).code).to.equal(64);
  });
});
