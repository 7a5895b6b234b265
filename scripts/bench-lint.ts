// `node dist/scripts/bench-lint.js`: how long the lint takes. Prints ms per
// lint of each example (deployment already loaded, and load+lint), of a
// generated config with 200 destinations, and the median of a whole
// `gxit-gen lint` process (what a pre-commit hook pays).
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { loadConfigFile, loadConfigText } from "../src/config/load.js";
import { lintDeployment } from "../src/lint/index.js";
import { repoPath } from "../src/util/paths.js";

function timeIt(label: string, iterations: number, fn: () => void): number {
  for (let i = 0; i < 5; i++) fn(); // warm up the JIT
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const ms = (performance.now() - start) / iterations;
  console.log(`${label.padEnd(52)} ${ms.toFixed(3).padStart(9)} ms/op  (${iterations} runs)`);
  return ms;
}

/** A config with `n` destinations of every flavour the rules look at, and a route to each. */
export function largeConfig(n: number): string {
  const lines = [
    "version: 1",
    "galaxy:",
    "  config:",
    "    file_path: /data/datasets",
    "    database_connection: postgresql:///galaxy?host=/var/run/postgresql",
    "certbot:",
    "  dns_provider: rfc2136",
    "  dns_credentials: {server: ns.example.org, name: certbot., secret: {var: vault_secret}}",
    "jobs:",
    "  runners:",
    "    local: {type: local}",
    "    pulsar_embedded: {type: pulsar_embedded}",
    "    slurm: {type: slurm}",
    "  default_destination: d0",
    "  destinations:",
  ];
  const tools: string[] = [];
  for (let i = 0; i < n; i++) {
    const runner = ["local", "pulsar_embedded", "slurm"][i % 3];
    lines.push(
      `    d${i}:`,
      `      runner: ${runner}`,
      "      params:",
      "        docker_enabled: true",
      `        docker_volumes: "$defaults,/srv/ref${i}:ro,/data/datasets/${i}:/in:ro"`,
      "        docker_net: bridge",
      "        require_container: true",
      "        container_monitor_result: callback",
      `        docker_run_extra_arguments: "--add-host localhost:host-gateway -e NB_UID=$(id -u) -e N=${i}"`,
      "      env:",
      `        - {id: RUN_ID, value: "r${i}"}`,
    );
    tools.push(`    - {id: interactive_tool_t${i}, destination: d${i}}`);
  }
  lines.push("  tools:", ...tools);
  return lines.join("\n") + "\n";
}

console.log(`node ${process.version}`);
const examples = readdirSync(repoPath("examples")).filter((n) => n.endsWith(".yml")).sort();
for (const name of examples) {
  const file = repoPath("examples", name);
  const d = loadConfigFile(file);
  timeIt(`lint ${name}`, 500, () => lintDeployment(d, { lintConfig: false }));
  timeIt(`load+validate+lint ${name}`, 200, () => lintDeployment(loadConfigFile(file), { lintConfig: false }));
}

const big = largeConfig(200);
const bigDeployment = loadConfigText("large-200.yml", big);
const findings = lintDeployment(bigDeployment, { lintConfig: false }).findings.length;
timeIt(`lint generated config, 200 destinations (${findings} findings)`, 50, () => lintDeployment(bigDeployment, { lintConfig: false }));
timeIt("load+validate+lint generated config, 200 destinations", 20, () => lintDeployment(loadConfigText("large-200.yml", big), { lintConfig: false }));

const cli = repoPath("dist/src/cli/main.js");
const tutorial = repoPath("examples/gtn-tutorial.yml");
const runs = 11;
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  execFileSync(process.execPath, [cli, "lint", tutorial], { stdio: "ignore" });
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(`${"cold CLI: gxit-gen lint gtn-tutorial.yml (median)".padEnd(52)} ${times[Math.floor(runs / 2)]!.toFixed(1).padStart(9)} ms/op  (${runs} runs)`);
