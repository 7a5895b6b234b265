// Inline suppressions: `# gxit-lint disable=<id>[,<id>] -- <reason>`.
// A directive at the end of a line applies to findings on that line; a
// directive alone on its line applies to the next line with content. Comments
// are read from the YAML CST, so a `#` inside a quoted string is never taken
// for a directive.
import { Parser } from "yaml";
import type { ConfigSource } from "../config/source.js";

export interface DirectiveId {
  id: string;
  /** 1-based column of the id inside the line. */
  col: number;
  used: boolean;
}

export interface Directive {
  /** Position of the `#`. */
  line: number;
  col: number;
  /** The line whose findings it suppresses. */
  targetLine: number;
  ids: DirectiveId[];
  /** Undefined when the `-- reason` part is missing or empty. */
  reason: string | undefined;
  /** Not of the form `gxit-lint disable=<ids> -- <reason>`. */
  malformed?: string;
  text: string;
}

const MARKER = /^#\s*gxit-lint\b:?/;
const DIRECTIVE = /^#\s*gxit-lint:?\s+disable\s*=\s*(.*?)\s*(?:--(.*))?$/;

interface CommentToken {
  offset: number;
  source: string;
}

/** Every comment token of the document, in source order. */
function comments(text: string): CommentToken[] {
  const out: CommentToken[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (v === null || typeof v !== "object") return;
    const t = v as { type?: unknown; offset?: unknown; source?: unknown };
    if (t.type === "comment" && typeof t.offset === "number" && typeof t.source === "string") {
      out.push({ offset: t.offset, source: t.source });
      return;
    }
    for (const key of Object.keys(v)) if (key !== "source") walk((v as Record<string, unknown>)[key]);
  };
  for (const token of new Parser().parse(text)) walk(token);
  return out.sort((a, b) => a.offset - b.offset);
}

export function parseDirectives(source: Pick<ConfigSource, "text" | "positionOfOffset">): Directive[] {
  const text = source.text;
  // Fast path: most configs have no directives, and re-parsing is the only cost here.
  if (!text.includes("gxit-lint")) return [];
  return directivesFromComments(text, comments(text), (o) => source.positionOfOffset(o));
}

/**
 * Directives from comments of any language, each given as `# gxit-lint …`
 * text at the offset of its comment (XML `<!-- … -->` and Jinja `{# … #}`
 * comments are rewritten to that form by their readers).
 */
export function directivesFromComments(
  text: string,
  found: ReadonlyArray<{ offset: number; source: string }>,
  positionOfOffset: (offset: number) => { line: number; col: number },
): Directive[] {
  const lines = text.split(/\r?\n/);
  const isContent = (l: string) => l.trim() !== "" && !/^(#|<!--|\{#)/.test(l.trim());
  const directives: Directive[] = [];
  for (const c of found) {
    if (!MARKER.test(c.source)) continue;
    const pos = positionOfOffset(c.offset);
    const lineText = lines[pos.line - 1] ?? "";
    let targetLine = pos.line;
    if (lineText.slice(0, pos.col - 1).trim() === "") {
      targetLine = pos.line + 1;
      while (targetLine <= lines.length && !isContent(lines[targetLine - 1]!)) targetLine++;
    }
    const d: Directive = { line: pos.line, col: pos.col, targetLine, ids: [], reason: undefined, text: c.source };
    const m = DIRECTIVE.exec(c.source);
    if (!m || m[1]!.trim() === "") {
      d.malformed = "expected `# gxit-lint disable=<rule-id>[,<rule-id>] -- <reason>`";
      directives.push(d);
      continue;
    }
    const idsText = m[1]!;
    const idsStart = c.source.indexOf(idsText, c.source.indexOf("=") + 1);
    let offset = 0;
    for (const part of idsText.split(",")) {
      const id = part.trim();
      const at = idsText.indexOf(id, offset);
      offset = at + id.length;
      if (id !== "") d.ids.push({ id, col: pos.col + idsStart + at, used: false });
    }
    const reason = m[2]?.trim();
    if (reason) d.reason = reason;
    if (d.ids.some((x) => /\s/.test(x.id))) d.malformed = "separate rule ids with commas, and the reason with ` -- `";
    directives.push(d);
  }
  return directives;
}
