// Making config data inert in files that Ansible renders with Jinja2 (*.j2
// templates). Literal data may contain "{{", "{%" or "{#"; each "{" that would
// open a Jinja construct is replaced by the expression {{ '{' }}, which Jinja
// renders back to a plain "{". Unlike a {% raw %} block this cannot be closed
// early by data that itself contains "{% endraw %}".
//
// Emitters build their output (XML, YAML, nginx) with literal data and with a
// placeholder for every intended Ansible variable reference; `finishTemplate`
// then escapes the whole text and puts the references back.
import { textParts, type Text } from "../../config/text.js";

const OPENER = /\{(?=[{%#])/g;

/** Escapes every Jinja opener in literal text. */
export function escapeJinja(text: string): string {
  return text.replace(OPENER, "{{ '{' }}");
}

/**
 * Collects the Ansible variable references of one rendered file behind
 * placeholders that no config value can contain: the placeholder prefix is
 * chosen so that it does not occur anywhere in the config text.
 */
export class JinjaRefs {
  private readonly refs: string[] = [];
  private readonly mark: string;

  constructor(configText: string) {
    // One pass: the mark is "GXITREF" followed by one more "X" than the
    // longest such run in the text, so it occurs nowhere in it.
    let longest = -1;
    for (const m of configText.matchAll(/GXITREF(X*)/g)) longest = Math.max(longest, m[1]!.length);
    this.mark = "GXITREF" + "X".repeat(longest + 1);
  }

  /** Placeholder for `{{ path }}`. */
  ref(path: string): string {
    this.refs.push(path);
    return `@${this.mark}${this.refs.length - 1}@`;
  }

  /** A config text value with its variable references replaced by placeholders. */
  text(value: Text): string {
    return textParts(value)
      .map((p) => (p.kind === "var" ? this.ref(p.path) : p.text))
      .join("");
  }

  /** Escapes literal Jinja in `rendered`, then restores the references as `{{ path }}`. */
  finish(rendered: string): string {
    // Split on the mark rather than a RegExp built from it: the mark's length depends on the input.
    const [head, ...rest] = escapeJinja(rendered).split(`@${this.mark}`);
    return (
      head! +
      rest
        .map((piece) => {
          const m = /^(\d+)@/.exec(piece)!;
          return `{{ ${this.refs[Number(m[1])]!} }}${piece.slice(m[0].length)}`;
        })
        .join("")
    );
  }
}
