// The parse stage under hostile input: every mistake is a config error
// (exit 3) with file:line:col and what to do — never "internal error", a
// stack overflow or a library's function name.
import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigSource, MAX_DEPTH } from "../../src/config/source.js";
import { ConfigError } from "../../src/util/errors.js";
import { cli, repoPath, tempDir } from "../helpers.js";

function problem(text: string): string {
  try {
    ConfigSource.fromText("c.yml", text).toData();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a config error");
}

async function validateBytes(bytes: Buffer | string): Promise<{ code: number; err: string }> {
  const file = join(tempDir(), "c.yml");
  writeFileSync(file, bytes);
  const run = await cli("validate", file);
  return { code: run.code, err: run.err.replace(file, "c.yml") };
}

/** An alias bomb ("billion laughs"): each level refers nine times to the one before. */
function aliasBomb(levels: number): string {
  let text = "version: 1\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n";
  for (let i = 1; i <= levels; i++) text += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(", ")}]\n`;
  return text;
}

describe("parsing hostile YAML", () => {
  it("an alias bomb is a config error at an alias, exit 3", async () => {
    expect(problem(aliasBomb(9))).to.match(/^c\.yml:3:\d+: invalid YAML: its aliases expand to too much data .*alias bomb/);
    const run = await validateBytes(aliasBomb(9));
    expect(run.code).to.equal(3);
  });

  it("lint of a good file and an alias bomb reports the good file and exits 3", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bomb.yml"), aliasBomb(9));
    const run = await cli("lint", "--format", "json", repoPath("examples/minimal.yml"), join(dir, "bomb.yml"));
    expect(run.code).to.equal(3);
    expect(run.err).to.match(/bomb\.yml:3:\d+: invalid YAML: its aliases/);
    expect(run.err).to.not.match(/internal error/);
    expect(JSON.parse(run.out).findings.length).to.be.greaterThan(0);
  });

  it(`nesting deeper than ${MAX_DEPTH} levels is refused at a fixed position, not a stack overflow`, () => {
    const deep = `version: 1\nx: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
    const first = problem(deep);
    expect(first).to.equal(
      `c.yml:2:${3 + MAX_DEPTH}: invalid YAML: nested more than ${MAX_DEPTH} levels deep here; gxit-gen accepts at most ${MAX_DEPTH} levels of mappings and lists: flatten the data`,
    );
    expect(problem(deep)).to.equal(first);
    const blockDeep = "version: 1\n" + Array.from({ length: 200 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n") + " x\n";
    expect(problem(blockDeep)).to.match(/nested more than 100 levels/);
    // Exactly the limit is fine.
    expect(() => ConfigSource.fromText("c.yml", `x: ${"[".repeat(MAX_DEPTH - 1)}${"]".repeat(MAX_DEPTH - 1)}\n`)).to.not.throw();
  });

  it("a duplicate key names the first one; found in one pass", () => {
    expect(problem("version: 1\na: 1\nb: 2\na: 3\n")).to.equal(
      'c.yml:4:1: invalid YAML: duplicate key "a" (first at line 2, column 1); keep one of them',
    );
    expect(problem("x: {a: 1, a: 2}\n")).to.match(/^c\.yml:1:11: invalid YAML: duplicate key "a"/);
  });

  it("a second document is refused with what to do, not a library function", () => {
    const message = problem("version: 1\n---\nversion: 1\n");
    expect(message).to.match(/^c\.yml:2:1: invalid YAML: a second YAML document starts here; .*remove the `---`/);
    expect(message).to.not.match(/parseAllDocuments/);
    expect(() => ConfigSource.fromText("c.yml", "---\nversion: 1\n")).to.not.throw();
  });

  for (const [encoding, name] of [
    ["utf16le", "UTF-16LE"],
    ["utf-16-be", "UTF-16BE"],
    ["utf-32-le", "UTF-32LE"],
    ["utf-32-be", "UTF-32BE"],
  ] as const) {
    for (const bom of [true, false]) {
      it(`a ${name} file${bom ? " with a byte order mark" : ""} is named as such, exit 3`, async () => {
        const run = await validateBytes(encode("version: 1\n", encoding, bom));
        expect(run.code).to.equal(3);
        expect(run.err).to.match(new RegExp(`^c\\.yml:1:1: the file is encoded in ${name}.*but configs are UTF-8: convert it`));
      });
    }
  }

  it("invalid UTF-8 is reported at its line and column", async () => {
    const run = await validateBytes(Buffer.concat([Buffer.from("version: 1\n# caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    expect(run.code).to.equal(3);
    expect(run.err).to.match(/^c\.yml:2:6: the file is not valid UTF-8 \(byte 0xe9/);
  });

  it("a UTF-8 byte order mark is accepted", async () => {
    expect((await validateBytes("\ufeffversion: 1\ncertbot: {enabled: false}\n")).code).to.equal(0);
  });

  it("a missing config and a directory are config errors (exit 3) naming what to do", async () => {
    const dir = tempDir();
    const missing = await cli("validate", join(dir, "nope.yml"));
    expect(missing.code).to.equal(3);
    expect(missing.err).to.match(/nope\.yml: no such file; check the path\n$/);
    const isDir = await cli("compile", dir, "-o", join(dir, "out"));
    expect(isDir.code).to.equal(3);
    expect(isDir.err).to.match(/: is a directory; give the config file\n$/);
  });
});

function encode(text: string, encoding: "utf16le" | "utf-16-be" | "utf-32-le" | "utf-32-be", bom: boolean): Buffer {
  const units = [...(bom ? "\ufeff" : ""), ...text].map((c) => c.codePointAt(0)!);
  const width = encoding.includes("32") ? 4 : 2;
  const out = Buffer.alloc(units.length * width);
  units.forEach((u, i) => {
    if (width === 4) encoding.endsWith("le") ? out.writeUInt32LE(u, i * 4) : out.writeUInt32BE(u, i * 4);
    else encoding === "utf16le" ? out.writeUInt16LE(u, i * 2) : out.writeUInt16BE(u, i * 2);
  });
  return out;
}
