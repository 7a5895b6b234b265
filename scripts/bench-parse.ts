// Parsing cost against config size, for `npm run bench`: `gxit-gen validate`
// as a whole process on generated configs of 1, 4, 16 and 50 MB (a
// realistic config with a large extra_vars and galaxy.config, as configs
// grow), beside PyYAML (Ansible's parser, CSafeLoader) loading the same file
// in the same run. The slope is the exponent k in time ∝ size^k fitted over
// the sizes: 1.0 is linear; the old per-key duplicate check was ~2.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { repoPath } from "../src/util/paths.js";

/** A valid config of about `bytes` bytes: the minimal example plus generated variables and Galaxy options. */
export function sizedConfig(bytes: number): string {
  const parts = [readFileSync(repoPath("examples/minimal.yml"), "utf8"), "extra_vars:\n"];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes * 0.8; i++) {
    const line = `  site_var_${i}: "value ${i}: a string with some text in it"\n`;
    parts.push(line);
    size += line.length;
  }
  parts.push("galaxy:\n  config:\n    galaxy:\n");
  for (let i = 0; size < bytes; i++) {
    const block = `      option_${i}:\n        - {name: item-${i}, enabled: true, weight: ${i}}\n        - plain list entry ${i}\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join("");
}

interface Measured {
  ms: number;
  /** User + system CPU time: on a shared, loaded machine wall time mostly measures the others. */
  cpuMs?: number;
  maxRssMb?: number;
}

/** Wall time and peak memory of one process (peak RSS through GNU time when it is installed). */
function measure(cmd: string, args: string[]): Measured {
  const gnuTime = spawnSync("/usr/bin/time", ["-f", "%M", "true"], { encoding: "utf8" }).status === 0;
  const start = performance.now();
  const r = gnuTime
    ? spawnSync("/usr/bin/time", ["-f", "GXIT_USAGE %U %S %M", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.error?.message ?? r.stderr}`);
  const usage = /GXIT_USAGE ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? "");
  return usage ? { ms, cpuMs: (Number(usage[1]) + Number(usage[2])) * 1000, maxRssMb: Number(usage[3]) / 1024 } : { ms };
}

/** Least-squares exponent of time against size on a log-log scale. */
export function slope(points: Array<{ x: number; y: number }>): number {
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

export function benchParse(sizesMb: number[], say: (s?: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "gxit-bench-parse-"));
  const cli = repoPath("dist/bundle/main.js");
  const pyyaml = spawnSync("python3", ["-c", "import yaml"], { encoding: "utf8" }).status === 0;
  const rows: Array<{ mb: number; gxit: Measured; py?: Measured }> = [];
  try {
    for (const mb of sizesMb) {
      const file = join(dir, `config-${mb}mb.yml`);
      writeFileSync(file, sizedConfig(mb * 1_000_000));
      const gxit = measure(process.execPath, [cli, "validate", "-q", file]);
      const py = pyyaml
        ? measure("python3", ["-c", "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))", file])
        : undefined;
      rows.push(py ? { mb, gxit, py } : { mb, gxit });
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const mem = (m: Measured | undefined) => (m?.maxRssMb === undefined ? "–" : `${m.maxRssMb.toFixed(0)} MB`);
  const cpu = (m: Measured) => m.cpuMs ?? m.ms;
  const secs = (m: Measured | undefined) =>
    m === undefined ? "–" : `${(cpu(m) / 1000).toFixed(2)} s${m.cpuMs === undefined ? "" : ` (wall ${(m.ms / 1000).toFixed(2)} s)`}`;
  say("### Parsing cost against config size");
  say();
  say(
    "`gxit-gen validate -q` as a whole process on generated configs, one run per size; PyYAML (`CSafeLoader`, libyaml, as Ansible uses it) loads the same file in the same run. " +
      "Times are CPU time (user + system, from GNU time), wall time in brackets: on a shared machine wall time mostly measures the load.",
  );
  say();
  say("| size | gxit-gen validate | peak memory | CPU per MB | PyYAML load | PyYAML peak | gxit-gen / PyYAML |");
  say("|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    say(
      `| ${r.mb} MB | ${secs(r.gxit)} | ${mem(r.gxit)} | ${(cpu(r.gxit) / r.mb).toFixed(0)} ms | ` +
        `${secs(r.py)} | ${mem(r.py)} | ${r.py ? (cpu(r.gxit) / cpu(r.py)).toFixed(2) : "–"} |`,
    );
  }
  if (rows.length >= 2) {
    const k = slope(rows.map((r) => ({ x: r.mb, y: cpu(r.gxit) })));
    say();
    say(`Slope (time ∝ size^k, least squares over the sizes): k = **${k.toFixed(2)}** (1.0 is linear).`);
  }
}
