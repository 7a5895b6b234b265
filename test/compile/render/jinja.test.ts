// Escaping literal data for Jinja2: whatever the data, the only Jinja
// constructs left in the escaped text are our own {{ '{' }} expressions.
import { expect } from "chai";
import { escapeJinja, JinjaRefs } from "../../../src/compile/render/jinja.js";

/** Renders the escaped text the way Jinja would: our escapes → "{"; anything else that opens Jinja is a failure. */
function jinjaRender(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; ) {
    if (text.startsWith("{{ '{' }}", i)) {
      out += "{";
      i += "{{ '{' }}".length;
      continue;
    }
    if (text[i] === "{" && /[{%#]/.test(text[i + 1] ?? "")) {
      throw new Error(`live Jinja at ${i}: ${text.slice(i, i + 12)}`);
    }
    out += text[i];
    i++;
  }
  return out;
}

describe("Jinja escaping", () => {
  const hostile = [
    "{{ lookup('pipe','id') }}",
    "{% raw %}x{% endraw %}{{ 7*7 }}",
    "{%- endraw -%}{{ x }}",
    "{# comment #}",
    "{{{",
    "a{b}c {{",
    "}}%}#}",
    "plain text $defaults",
    "{",
  ];
  for (const s of hostile) {
    it(`makes ${JSON.stringify(s)} inert and round-trips it`, () => {
      expect(jinjaRender(escapeJinja(s))).to.equal(s);
    });
  }

  it("leaves text without Jinja openers unchanged", () => {
    expect(escapeJinja("/srv/galaxy/{x}/y}")).to.equal("/srv/galaxy/{x}/y}");
  });

  it("restores intended references after escaping data around them", () => {
    const refs = new JinjaRefs("config text");
    const text = `${refs.text({ template: "https://{{ inventory_hostname }}/" })} ${refs.text("{{ bad }}")}`;
    expect(refs.finish(text)).to.equal("https://{{ inventory_hostname }}/ {{ '{' }}{ bad }}");
  });

  it("chooses placeholders that no config value contains", () => {
    const refs = new JinjaRefs("value: @GXITREF0@");
    const literal = "@GXITREF0@";
    const out = refs.finish(`${literal} ${refs.ref("a.b")}`);
    expect(out).to.equal("@GXITREF0@ {{ a.b }}");
  });
});

describe("Jinja reference placeholders on long runs in the config text", () => {
  it("a 100 KB run of the placeholder's letters still gets a unique placeholder, and references come back", () => {
    // The old search added one "X" per occurrence (quadratic) and then built a
    // RegExp from the mark, which failed with "Regular expression too large".
    const config = "# GXITREF" + "X".repeat(100_000) + "\n";
    const refs = new JinjaRefs(config);
    const text = `a ${refs.ref("inventory_hostname")} b ${config}`;
    const out = refs.finish(text);
    expect(out).to.equal(`a {{ inventory_hostname }} b ${config}`);
  });
});
