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
    let mark = "GXITREF";
    while (configText.includes(mark)) mark += "X";
    this.mark = mark;
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
    const escaped = escapeJinja(rendered);
    return escaped.replace(new RegExp(`@${this.mark}(\\d+)@`, "g"), (_m, i: string) => {
      return `{{ ${this.refs[Number(i)]!} }}`;
    });
  }
}
