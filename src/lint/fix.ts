// `gxit-gen lint --fix`: applies the mechanical edits that fixable rules
// attach to their findings, through the yaml Document API, so comments, key
// order and flow style are kept (the same printer options as `migrate`).
// Only active findings are fixed (a suppressed or baselined one was accepted
// on purpose), and the result is kept only when the front end accepts it.
import { createTwoFilesPatch } from "diff";
import { parseDocument } from "yaml";
import { readConfigText } from "../config/load.js";
import { isActive, type Finding } from "./types.js";

export interface FixResult {
  /** The fixed text (the input when nothing was fixed). */
  text: string;
  /** The findings whose edit was applied, in file order. */
  fixed: Finding[];
  /** Set when the edits were dropped: the fixed config would not pass the front end. */
  rejected?: string;
}

export function applyFixes(file: string, text: string, findings: readonly Finding[]): FixResult {
  const fixable = findings.filter((f) => f.edit !== undefined && isActive(f) && f.file === file);
  if (fixable.length === 0) return { text, fixed: [] };
  const doc = parseDocument(text, { uniqueKeys: true });
  const done = new Set<string>();
  const fixed: Finding[] = [];
  for (const f of fixable) {
    // Two rules may fix the same value the same way (e.g. docker_net): once is enough.
    const key = JSON.stringify([f.edit!.path, f.edit!.value]);
    if (!done.has(key)) doc.setIn([...f.edit!.path], f.edit!.value);
    done.add(key);
    fixed.push(f);
  }
  let out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  // The printer drops trailing blank lines; keep the file's own ending.
  const tail = /\n*$/.exec(text)![0];
  out = out.replace(/\n*$/, tail.length > 0 ? tail : "\n");
  const check = readConfigText(file, out);
  if (!check.ok) return { text, fixed: [], rejected: check.problems.map((p) => p.message).join("; ") };
  return { text: out, fixed };
}

/** The unified diff `--fix-dry-run` prints. */
export function fixDiff(file: string, before: string, after: string): string {
  if (before === after) return "";
  const name = file.startsWith("/") ? file : `/${file}`;
  return createTwoFilesPatch(`a${name}`, `b${name}`, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, "");
}
