// Ansible templates are input: before a `.j2` (or a vars file full of
// `{{ … }}`) is read as YAML or XML, Jinja syntax that would break the host
// language is blanked out with spaces, keeping every offset, so positions in
// the blanked text are positions in the file. Macro definitions emit nothing
// where they are written and are blanked whole; `{% if %}`/`{% for %}` keep
// their bodies (both branches are read: unknown never becomes "safe").

/** Replaces [from, to) with spaces, keeping line breaks. */
function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (chars[i] !== "\n" && chars[i] !== "\r") chars[i] = " ";
}

/** Jinja statements and comments blanked; `{{ … }}` kept (the host language reader decides). */
export function blankJinjaStatements(text: string): string {
  if (!text.includes("{%") && !text.includes("{#")) return text;
  const chars = [...text];
  // Offsets below are UTF-16 offsets; spread splits by code point, so work on a copy only when all are BMP.
  if (chars.length !== text.length) return blankByRegex(text);
  const macro = /\{%-?\s*macro\b[\s\S]*?\{%-?\s*endmacro\s*-?%\}/g;
  for (const m of text.matchAll(macro)) blank(chars, m.index!, m.index! + m[0].length);
  const tag = /\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;
  for (const m of text.matchAll(tag)) blank(chars, m.index!, m.index! + m[0].length);
  return chars.join("");
}

function blankByRegex(text: string): string {
  const spaces = (s: string) => s.replace(/[^\r\n]/g, " ");
  return text
    .replace(/\{%-?\s*macro\b[\s\S]*?\{%-?\s*endmacro\s*-?%\}/g, spaces)
    .replace(/\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g, spaces);
}

/**
 * For YAML: a `{{ … }}` where a YAML value starts (`key: {{ x }}`, `- {{ x }}`,
 * a line of its own) would open a flow mapping; it becomes a plain scalar of
 * the same length. Readers take such a scalar's value from the original text.
 */
export function blankYamlExpressions(text: string): string {
  if (!text.includes("{{")) return text;
  // An expression alone on its line renders YAML we cannot know (`{{ x | to_nice_yaml }}`): blank it.
  text = text.replace(/^[ \t]*\{\{[^\n]*?\}\}[ \t]*$/gm, (line) => " ".repeat(line.length));
  return text.replace(/(^|[:\-\[,{]\s+|^[ \t]+)(\{\{[\s\S]*?\}\})/gm, (all, lead: string, expr: string) => {
    if (expr.includes("\n")) return all;
    return lead + "J" + "_".repeat(expr.length - 1);
  });
}
