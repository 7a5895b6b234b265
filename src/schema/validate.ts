// Validates config data against schemas/gxit-config.schema.json with ajv and
// turns ajv's errors into one-line diagnostics at the YAML position of the
// offending node, with a "did you mean" for misspelt keys.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from "ajv";
import type { ConfigPath, ConfigSource } from "../config/source.js";
import type { Diagnostic } from "../util/errors.js";
import { closestMatch } from "../util/suggest.js";
import { repoPath } from "../util/paths.js";
import { CONFIG_SCHEMA_PATH } from "./types-source.js";

const require = createRequire(import.meta.url);

type JsonSchema = Record<string, unknown>;

export const CONFIG_SCHEMA: JsonSchema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, "utf8"));

let compiled: { ajv: AjvClass; validate: ValidateFunction } | undefined;

export function validator(): { ajv: AjvClass; validate: ValidateFunction } {
  if (!compiled) {
    // Loaded on first use: a valid config never needs the full ajv (see precompiled()).
    const { Ajv } = require("ajv") as { Ajv: typeof AjvClass };
    // useDefaults: the schema's `default`s are the only definition of defaults.
    const ajv = new Ajv({
      allErrors: true,
      useDefaults: true,
      verbose: true,
      strict: true,
      strictRequired: false,
      strictTypes: false,
    });
    compiled = { ajv, validate: ajv.compile(CONFIG_SCHEMA) };
  }
  return compiled;
}

type StandaloneValidate = (data: unknown) => boolean;
let standalone: StandaloneValidate | null | undefined;

/**
 * The validator precompiled at build time (scripts/postbuild.mjs), which
 * starts in a few milliseconds. It decides valid/invalid and fills defaults;
 * only an invalid config pays for compiling the full validator, which also
 * explains the errors.
 */
export function precompiled(): StandaloneValidate | null {
  if (standalone === undefined) {
    // Located from the package root, not from this module: the CLI may run
    // from the bundle (dist/bundle/), the tests from dist/src/.
    const file = repoPath("dist", "src", "schema", "config-validator.cjs");
    standalone = existsSync(file) ? (require(file) as StandaloneValidate) : null;
  }
  return standalone;
}

/**
 * Validates `data` in place (defaults are filled in) and returns diagnostics,
 * sorted by position; empty when the config is valid.
 */
export function validateConfig(source: ConfigSource, data: unknown): Diagnostic[] {
  const fast = precompiled();
  if (fast) {
    if (fast(data)) return [];
    // The fast validator filled some defaults before failing; explain the
    // errors on a fresh copy of the document instead (the rare path).
    data = source.toData();
  }
  const { validate } = validator();
  if (validate(data)) return [];
  const errors = simplify(validate.errors ?? [], data);
  const seen = new Set<string>();
  const out: Array<Diagnostic & { order: number }> = [];
  for (const e of errors) {
    const d = toDiagnostic(source, e);
    const key = `${d.position?.line}:${d.position?.col}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...d, order: (d.position?.line ?? 0) * 100000 + (d.position?.col ?? 0) });
  }
  out.sort((a, b) => a.order - b.order);
  return out.map(({ order: _order, ...d }) => d);
}

function pointerToPath(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function dotted(path: ConfigPath): string {
  return path.length === 0 ? "(top level)" : path.map((s) => String(s)).join(".");
}

function valueAt(data: unknown, path: ConfigPath): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return cur;
}

/**
 * ajv reports every failed branch of a oneOf. Keep, for each failed oneOf, only
 * the errors of the branch whose shape matches the data (a string, {var}, or
 * {template}), so the user reads one relevant message instead of five.
 */
function simplify(errors: ErrorObject[], data: unknown): ErrorObject[] {
  const oneOfFailures = errors.filter((e) => e.keyword === "oneOf");
  if (oneOfFailures.length === 0) return errors;
  const result: ErrorObject[] = [];
  const dropped = new Set<ErrorObject>();
  for (const failure of oneOfFailures) {
    const at = failure.instancePath;
    const value = valueAt(data, pointerToPath(at));
    const branches = (failure.parentSchema as JsonSchema).oneOf as JsonSchema[];
    const branchIndex = matchingBranch(branches, value);
    const inside = errors.filter(
      (e) => e !== failure && (e.instancePath === at || e.instancePath.startsWith(at + "/")),
    );
    for (const e of inside) dropped.add(e);
    if (branchIndex === undefined) {
      result.push(failure);
      continue;
    }
    const branchErrors = validateBranch(branches[branchIndex]!, value, at);
    result.push(...(branchErrors.length > 0 ? branchErrors : [failure]));
  }
  for (const e of errors) if (e.keyword !== "oneOf" && !dropped.has(e)) result.push(e);
  return result;
}

function resolveRef(schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.split("/").pop()!;
  return (CONFIG_SCHEMA.definitions as Record<string, JsonSchema>)[name] ?? schema;
}

function matchingBranch(branches: JsonSchema[], value: unknown): number | undefined {
  const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  const typeMatches = (t: unknown) =>
    Array.isArray(t)
      ? t.includes(kind) || (kind === "number" && t.includes("integer"))
      : t === kind || (kind === "number" && t === "integer");
  if (kind === "object") {
    // {var: ...} and {template: ...} are Ansible expressions; any other object is plain data.
    const keyed = branches.findIndex((b) => {
      const req = (resolveRef(b).required as string[] | undefined) ?? [];
      return resolveRef(b).type === "object" && req.length > 0 && req.every((k) => k in (value as object));
    });
    if (keyed >= 0) return keyed;
    const plain = branches.findIndex((b) => resolveRef(b).type === "object" && !resolveRef(b).required);
    if (plain >= 0) return plain;
    const any = branches.findIndex((b) => resolveRef(b).type === "object");
    return any >= 0 ? any : undefined;
  }
  for (let i = 0; i < branches.length; i++) {
    const b = resolveRef(branches[i]!);
    if (typeMatches(b.type) || ("const" in b && typeof b.const === kind)) return i;
  }
  return undefined;
}

const branchValidators = new Map<JsonSchema, ValidateFunction>();

function validateBranch(branch: JsonSchema, value: unknown, at: string): ErrorObject[] {
  const { ajv } = validator();
  let fn = branchValidators.get(branch);
  if (!fn) {
    const id = CONFIG_SCHEMA.$id as string;
    fn =
      typeof branch.$ref === "string"
        ? ajv.getSchema(id + branch.$ref)!
        : ajv.compile({ ...branch, $id: undefined });
    branchValidators.set(branch, fn);
  }
  if (fn(structuredClone(value))) return [];
  return (fn.errors ?? []).map((e) => ({ ...e, instancePath: at + e.instancePath }));
}

function describe(schema: JsonSchema | undefined): string {
  if (!schema) return "";
  const s = resolveRef(schema);
  const title = (schema.title ?? s.title) as string | undefined;
  const description = (schema.description ?? s.description) as string | undefined;
  return [title, description].filter(Boolean).join(": ");
}

function show(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 60 ? s.slice(0, 57) + "..." : s;
}

function toDiagnostic(source: ConfigSource, e: ErrorObject): Diagnostic {
  const path = pointerToPath(e.instancePath);
  const where = dotted(path);
  const file = source.file;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(((e.parentSchema as JsonSchema).properties as object) ?? {});
      const guess = closestMatch(key, allowed);
      const hint = guess
        ? `; did you mean "${guess}"?`
        : allowed.length > 0
          ? `; allowed keys: ${allowed.join(", ")}`
          : "";
      return {
        file,
        position: source.locateKey([...path, key]),
        message: `unknown key "${key}" in ${where}${hint}`,
      };
    }
    case "required": {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return {
        file,
        position: source.locate(path),
        message: `${where} is missing the required key "${missing}"; add it`,
      };
    }
    case "type": {
      const expected = (e.params as { type: string }).type;
      return {
        file,
        position: source.locate(path),
        message: `${where} must be ${article(expected)} ${expected}, not ${show(e.data)}`,
      };
    }
    case "enum": {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const guess =
        typeof e.data === "string" ? closestMatch(e.data, allowed.map(String)) : undefined;
      return {
        file,
        position: source.locate(path),
        message: `${where} is ${show(e.data)}, but must be one of ${allowed.map(show).join(", ")}${guess ? `; did you mean ${show(guess)}?` : ""}`,
      };
    }
    case "const":
      return {
        file,
        position: source.locate(path),
        message: `${where} must be ${show((e.params as { allowedValue: unknown }).allowedValue)}, not ${show(e.data)}`,
      };
    case "pattern": {
      const what = describe(e.parentSchema as JsonSchema);
      const isTemplate = path[path.length - 1] === "template" || path[path.length - 1] === "var";
      const pattern = String((e.parentSchema as JsonSchema).pattern ?? "");
      const why = typeof e.data === "string" && isHostPattern(pattern) ? hostNameProblem(e.data, / \]|\(\?: /.test(pattern)) : undefined;
      const hint = why
        ? `: ${why}`
        : isTemplate
          ? "; only variable paths such as {{ galaxy_user.name }} are allowed inside {{ }}, and no '{', '}' or line breaks around them"
          : what
            ? ` (${what})`
            : "";
      return {
        file,
        position: source.locate(path),
        message: `${where}: ${show(e.data)} is not allowed here${hint}`,
      };
    }
    case "oneOf":
    case "anyOf": {
      const what = describe(e.parentSchema as JsonSchema);
      const extra =
        e.keyword === "anyOf" && path.includes("runners")
          ? "; a runner needs a type or a load"
          : "";
      return {
        file,
        position: source.locate(path),
        message: `${where}: ${show(e.data)} is not valid${what ? ` as ${what}` : ""}${extra}`,
      };
    }
    case "minimum":
    case "maximum":
    case "minLength":
    case "maxLength":
    case "minItems":
      return { file, position: source.locate(path), message: `${where} ${e.message}` };
    default:
      return { file, position: source.locate(path), message: `${where}: ${e.message ?? e.keyword}` };
  }
}

/** Patterns of host names (DNS label rules), recognised by their label-length guard. */
function isHostPattern(pattern: string): boolean {
  return pattern.includes("{0,61}") || pattern.includes("[A-Za-z0-9-]{64}");
}

const TEMPLATE_REF = /\{\{ ?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])* ?\}\}/g;

/** Why a value is not a host name (list), in words; undefined when the rules of DNS names hold. */
export function hostNameProblem(value: string, spaceSeparated = false): string | undefined {
  // Variable references stand for a label of their own; only the literal text is judged.
  const literal = value.replace(TEMPLATE_REF, "x");
  const bad = /[^A-Za-z0-9*. -]/u.exec(literal) ?? (spaceSeparated ? null : / /.exec(literal));
  if (bad) {
    const ch = bad[0];
    const name = ch === " " ? "a space" : /\s/.test(ch) ? "a line break or tab" : JSON.stringify(ch);
    return `it contains ${name}; a host name has only letters, digits, '.' and '-'`;
  }
  for (const name of literal.split(" ").filter((n) => n !== "" || !spaceSeparated)) {
    for (const label of name.split(".")) {
      if (label.length > 63) return `the label "${label.slice(0, 20)}…" is ${label.length} characters long; DNS labels have at most 63`;
      if (label === "") return "it has an empty label (a leading, trailing or doubled '.')";
      if (label.startsWith("-") || label.endsWith("-")) return `the label "${label}" starts or ends with '-'`;
    }
  }
  return undefined;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}
