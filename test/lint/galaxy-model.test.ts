// Unit tests of the Galaxy models the rules stand on: Volume.parse_volume_str,
// the per-runner `$defaults` expansion with "later entries win", and shell
// word splitting of docker_run_extra_arguments.
import { expect } from "chai";
import type { RunnerModel } from "../../src/config/model.js";
import { dockerMounts, parseDockerRunArgs, shellSplit } from "../../src/lint/galaxy/docker-args.js";
import { isSecretKey, secretIn } from "../../src/lint/galaxy/secrets.js";
import { analyzeVolumes, parseVolumeList, parseVolumeStr, touchesDatasets } from "../../src/lint/galaxy/volumes.js";

const runner = (kind: RunnerModel["kind"]): RunnerModel =>
  ({ id: kind, load: "x:Y", kind, isPulsar: kind.startsWith("pulsar"), config: {}, path: ["jobs", "runners", kind] }) as RunnerModel;

describe("Galaxy volume model", () => {
  it("parses volume strings as Volume.parse_volume_str does", () => {
    expect(parseVolumeStr("/a")).to.deep.equal({ source: "/a", target: "/a", mode: "rw", explicitMode: false });
    expect(parseVolumeStr("/a:ro")).to.deep.equal({ source: "/a", target: "/a", mode: "ro", explicitMode: true });
    expect(parseVolumeStr("/a:/b")).to.deep.equal({ source: "/a", target: "/b", mode: "rw", explicitMode: false });
    expect(parseVolumeStr("/a:/b:default_ro")).to.deep.equal({ source: "/a", target: "/b", mode: "default_ro", explicitMode: true });
    expect(parseVolumeStr("/a:Z")).to.include({ mode: "Z", target: "/a" });
    expect(parseVolumeStr("/a:/b:ro:z")).to.have.property("error");
    expect(parseVolumeStr("/a:/b:x")).to.have.property("error");
  });

  it("keeps entry positions in the comma-separated string", () => {
    expect(parseVolumeList(" $defaults , /a:ro,").map((e) => [e.raw, e.span])).to.deep.equal([
      ["$defaults", [1, 10]],
      ["/a:ro", [13, 18]],
    ]);
  });

  it("expands $defaults per runner and global outputs_to_working_directory", () => {
    const store = (kind: RunnerModel["kind"], otwd: boolean) =>
      analyzeVolumes("$defaults", runner(kind), otwd, {}).effective.filter((v) => v.source === "$default_file_path").map((v) => v.mode);
    expect(store("local", false)).to.deep.equal(["rw"]);
    expect(store("local", true)).to.deep.equal(["ro"]);
    expect(store("cluster", false)).to.deep.equal(["rw"]);
    expect(store("pulsar_embedded", false)).to.deep.equal([]);
  });

  it("lets a later entry for the same target win, with known variables resolved", () => {
    const eff = (v: string) => analyzeVolumes(v, runner("local"), false, { default_file_path: "/data/datasets" }).effective;
    expect(eff("$defaults,/data/datasets/:ro").find((v) => v.target === "/data/datasets")!.mode).to.equal("ro");
    expect(eff("/data/datasets:ro,$defaults").find((v) => v.target === "/data/datasets")!.mode).to.equal("rw");
    expect(eff("$defaults,$tmp_directory:/tmp:ro").find((v) => v.target === "/tmp")!.mode).to.equal("ro");
  });

  it("decides dataset exposure only when it can", () => {
    expect(touchesDatasets("$default_file_path/000", undefined)).to.equal(true);
    expect(touchesDatasets("/data", undefined)).to.equal(undefined);
    expect(touchesDatasets("/data", "/data/datasets")).to.equal(true);
    expect(touchesDatasets("/data/datasets/000", "/data/datasets")).to.equal(true);
    expect(touchesDatasets("/data/datasets2", "/data/datasets")).to.equal(false);
    expect(touchesDatasets("named_volume", "/data")).to.equal(false);
  });
});

describe("docker run argument parsing", () => {
  it("splits like a POSIX shell", () => {
    const s = shellSplit(`-e "A=b c" -e 'D=$x' -e NB_UID=$(id -u) --label x=y\\ z; echo`);
    expect(s.words.map((w) => [w.text, w.dynamic])).to.deep.equal([
      ["-e", false],
      ["A=b c", false],
      ["-e", false],
      ["D=$x", false],
      ["-e", false],
      ["NB_UID=$(id -u)", true],
      ["--label", false],
      ["x=y z", false],
      ["echo", false],
    ]);
    expect(s.operators.map((o) => o.op)).to.deep.equal([";"]);
  });

  it("reads flags, values and mounts as the docker CLI does", () => {
    const a = parseDockerRunArgs("-itv /a:/b:ro,z --net=host --privileged --mount type=bind,source=/c,target=/d,readonly -u=0 image");
    expect(a.flags.map((f) => [f.name, f.value ?? null])).to.deep.equal([
      ["--interactive", null],
      ["--tty", null],
      ["--volume", "/a:/b:ro,z"],
      ["--network", "host"],
      ["--privileged", null],
      ["--mount", "type=bind,source=/c,target=/d,readonly"],
      ["--user", "0"],
    ]);
    expect(a.positionals.map((w) => w.text)).to.deep.equal(["image"]);
    expect(dockerMounts(a).map((m) => [m.type, m.source, m.target, m.readOnly])).to.deep.equal([
      ["bind", "/a", "/b", true],
      ["bind", "/c", "/d", true],
    ]);
  });
});

describe("secret detection", () => {
  it("matches secret key names, not settings about secrets", () => {
    for (const k of ["secret", "password", "dbPassword", "id_secret", "aws_secret_access_key", "api_key", "private_token", "PULSAR_TOKEN"]) {
      expect(isSecretKey(k), k).to.equal(true);
    }
    for (const k of ["token_expiry", "password_file", "key_path", "algorithm", "name", "keyring", "monkey"]) {
      expect(isSecretKey(k), k).to.equal(false);
    }
  });

  it("finds passwords in URLs and AWS key ids anywhere", () => {
    expect(secretIn(undefined, "postgresql://galaxy:pw@db/galaxy")).to.deep.equal({ kind: "url-password", span: [20, 22] });
    expect(secretIn(undefined, "postgresql://galaxy@db/galaxy")).to.equal(undefined);
    expect(secretIn("x", "AKIAABCDEFGHIJKLMNOP")?.kind).to.equal("aws-key");
    expect(secretIn("secret", "/etc/secret.ini")).to.equal(undefined);
  });
});
