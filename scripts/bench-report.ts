// docs/benchmarks.md is written by two benchmark commands, each owning one
// section between markers, so re-running one keeps the other's results.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { repoPath } from "../src/util/paths.js";

export const BENCHMARKS_FILE = repoPath("docs", "benchmarks.md");

const HEADER = `# Benchmarks

Measured on this project's development machine (2 cores). Numbers vary with load; each section names the
command that produced it, so anyone can re-run it.
`;

export function writeBenchmarkSection(name: string, markdown: string): void {
  const begin = `<!-- BEGIN ${name} -->`;
  const end = `<!-- END ${name} -->`;
  let text = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, "utf8") : HEADER;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  text = start >= 0 && stop > start ? text.slice(0, start) + block + text.slice(stop + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(BENCHMARKS_FILE, text);
}
