// Text formats without a builder library (nginx config, the playbook, the
// README) are rendered from nunjucks templates in templates/. nunjucks uses
// <% %> / << >> here so that the Jinja2 syntax Ansible must see ({{ }}) can be
// written literally in our templates. Filters escape config values for the
// target language or refuse them.
import nunjucks from "nunjucks";
import { stringify } from "yaml";
import { containsJinja } from "../../config/text.js";
import { yaml11NeedsQuotes } from "./yaml.js";
import { repoPath } from "../../util/paths.js";

let env: nunjucks.Environment | undefined;

function environment(): nunjucks.Environment {
  if (env) return env;
  env = new nunjucks.Environment(new nunjucks.FileSystemLoader(repoPath("templates")), {
    autoescape: false,
    throwOnUndefined: true,
    trimBlocks: true,
    lstripBlocks: true,
    tags: {
      blockStart: "<%",
      blockEnd: "%>",
      variableStart: "<<",
      variableEnd: ">>",
      commentStart: "<#",
      commentEnd: "#>",
    },
  });
  env.addFilter("nginx", nginxToken);
  env.addFilter("nginxTokens", (v: unknown) => String(v).split(" ").map(nginxToken).join(" "));
  env.addFilter("nginxQuote", nginxQuoted);
  env.addFilter("yamlScalar", yamlScalar);
  return env;
}

/**
 * One nginx token. Values are constrained by the schema; this is the second
 * line of defence: anything that could end a directive or open a block, or
 * that nginx would expand, is refused rather than escaped (nginx has no way to
 * quote "$").
 */
export function nginxToken(value: unknown): string {
  const s = String(value);
  if (s === "" || /[\s;{}"'\\#]/.test(s) || /[\u0000-\u001f\u007f]/.test(s)) {
    throw new Error(`value ${JSON.stringify(s)} cannot be written into an nginx directive`);
  }
  return s;
}

/**
 * A double-quoted nginx string. nginx variables ($host) stay live on purpose:
 * header values are nginx expressions; the schema limits them to safe characters.
 */
export function nginxQuoted(value: unknown): string {
  const s = String(value);
  if (/["\\;{}\u0000-\u001f\u007f]/.test(s)) {
    throw new Error(`value ${JSON.stringify(s)} cannot be written as an nginx string`);
  }
  // A single token needs no quotes (the tutorial writes `$host` bare).
  return /^[A-Za-z0-9_$.:/,=-]+$/.test(s) ? s : `"${s}"`;
}

/** A YAML scalar for hand-laid YAML templates (the playbook), via the yaml package. */
export function yamlScalar(value: unknown): string {
  if (typeof value === "string" && containsJinja(value)) {
    throw new Error(`value ${JSON.stringify(value)} would be templated by Ansible`);
  }
  // Quoted when YAML 1.1 (Ansible's parser) would read it as a bool, number, date...
  const quote = typeof value === "string" && yaml11NeedsQuotes(value);
  const out = stringify(value, { lineWidth: 0, ...(quote ? { defaultStringType: "QUOTE_DOUBLE" as const } : {}) }).trimEnd();
  if (out.includes("\n")) throw new Error(`value ${JSON.stringify(value)} is not a single-line scalar`);
  return out;
}

export function renderTemplate(name: string, context: object): string {
  return environment().render(name, context);
}
