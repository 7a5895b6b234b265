// `npm run bench:proxy`: the proxy benchmark in one command. Makes sure the
// upstream gx-it-proxy 0.2.3 is available to compare against (installed once
// into .cache/gx-it-proxy, outside the project's dependencies because its
// sqlite3 build is slow and only the benchmark needs it), runs
// dist/scripts/bench-proxy.js and writes its table into docs/benchmarks.md
// (section "proxy").
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoPath } from "../src/util/paths.js";
import { writeBenchmarkSection } from "./bench-report.js";

const UPSTREAM_VERSION = "0.2.3";
const cacheDir = repoPath(".cache", "gx-it-proxy");
const upstreamMain = join(cacheDir, "node_modules", "@galaxyproject", "gx-it-proxy", "lib", "main.js");

function ensureUpstream(): string | undefined {
  if (process.env["GX_IT_PROXY_MAIN"]) return process.env["GX_IT_PROXY_MAIN"];
  if (existsSync(upstreamMain)) return upstreamMain;
  console.log(`installing @galaxyproject/gx-it-proxy@${UPSTREAM_VERSION} into .cache/ (once; builds sqlite3)…`);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(
    join(cacheDir, "package.json"),
    JSON.stringify(
      {
        private: true,
        dependencies: { "@galaxyproject/gx-it-proxy": UPSTREAM_VERSION },
        allowScripts: { sqlite3: true },
      },
      null,
      2,
    ) + "\n",
  );
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--omit=optional"], { cwd: cacheDir, stdio: "inherit" });
  if (r.status !== 0 || !existsSync(upstreamMain)) {
    console.warn("could not install gx-it-proxy; the comparison is skipped");
    return undefined;
  }
  return upstreamMain;
}

const upstream = ensureUpstream();
const dir = mkdtempSync(join(tmpdir(), "gxit-bench-proxy-"));
try {
  const out = join(dir, "report.md");
  const env = { ...process.env, ...(upstream ? { GX_IT_PROXY_MAIN: upstream } : {}) };
  const r = spawnSync(process.execPath, [repoPath("dist/scripts/bench-proxy.js"), "--out", out, ...process.argv.slice(2)], {
    stdio: "inherit",
    env,
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeBenchmarkSection("proxy", readFileSync(out, "utf8"));
  console.log("\nwritten to docs/benchmarks.md");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
