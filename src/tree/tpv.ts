// Total Perspective Vortex, as far as GxIT security needs it: destinations
// after `inherits` (abstract ones only lend params), tool entries keyed by
// id or regex with their own inheritance and the `default` entry, scheduling
// tags, and `rules` whose params and scheduling apply under a condition —
// "may" facts: a tool lands where it can with or without each rule.
import { get, str, type LEntry, type LMap, type LValue, type Origin } from "../parse/located.js";
import { envOf } from "./jobconf.js";

export interface TpvEntity {
  id: string;
  idOrigin: Origin;
  abstract: boolean;
  inherits: string | undefined;
  runner: LValue | undefined;
  params: LEntry[];
  env: Array<{ id: string; value: LValue; origin: Origin }>;
  tags: Tags;
  rules: TpvRule[];
  /** tool_type the entity's own rules test for (`tool.tool_type == 'interactive'`). */
  file: string;
}

export interface TpvRule {
  id: string;
  origin: Origin;
  /** The rule's condition mentions interactive tools (tool_type == 'interactive'). */
  forInteractive: boolean;
  params: LEntry[];
  tags: Tags;
  fails: boolean;
}

export interface Tags {
  require: string[];
  prefer: string[];
  accept: string[];
  reject: string[];
}

export interface TpvConfig {
  destinations: TpvEntity[];
  tools: TpvEntity[];
}

function tagsOf(v: LValue | undefined): Tags {
  const list = (k: string) => {
    const l = get(v, k);
    return l?.kind === "seq" ? l.items.map((i) => str(i)).filter((s): s is string => s !== undefined) : [];
  };
  return { require: list("require"), prefer: list("prefer"), accept: list("accept"), reject: list("reject") };
}

/**
 * TPV's own `{expression}` placeholders are evaluated per job: their value is
 * unknown here. Inside a word they become underscores (`--memory={mem}g`
 * stays one option); a placeholder that is a whole word of
 * docker_run_extra_arguments adds arguments we cannot see and is blanked.
 * Lengths are kept, so positions still point into the file.
 */
function maskPlaceholders(e: LEntry): LEntry {
  const v = e.value;
  if (v.kind !== "scalar" || typeof v.value !== "string" || !/\{[^{}]*\}/.test(v.value.replace(/\{\{[\s\S]*?\}\}/g, ""))) return e;
  const text = v.value.replace(/(^|[^{])\{([^{}]*)\}(?!\})/g, (_all, lead: string, inner: string, at: number, whole: string) => {
    const start = at + lead.length;
    const end = start + inner.length + 2;
    const standalone = (start === 0 || /\s/.test(whole[start - 1]!)) && (end === whole.length || /\s/.test(whole[end]!));
    return lead + (standalone && e.key === "docker_run_extra_arguments" ? " " : "_").repeat(inner.length + 2);
  });
  return { ...e, value: { ...v, value: text, partial: true } };
}

function entity(e: LEntry, file: string): TpvEntity | undefined {
  if (e.value.kind !== "map") return undefined;
  const m = e.value as LMap;
  const params = get(m, "params");
  const rules = get(m, "rules");
  const abstract = get(m, "abstract");
  return {
    id: e.key,
    idOrigin: e.keyOrigin,
    abstract: abstract?.kind === "scalar" && (abstract.value === true || String(abstract.value).toLowerCase() === "true"),
    inherits: str(get(m, "inherits")),
    runner: get(m, "runner"),
    params: params?.kind === "map" ? params.entries.map(maskPlaceholders) : [],
    env: envOf(get(m, "env")),
    tags: tagsOf(get(m, "scheduling")),
    rules: (rules?.kind === "seq" ? rules.items : []).map((r, i) => {
      const cond = str(get(r, "if")) ?? "";
      const rp = get(r, "params");
      return {
        id: str(get(r, "id")) ?? `rule ${i + 1}`,
        origin: r.origin,
        forInteractive: /tool_type\s*==\s*['"]interactive['"]/.test(cond),
        params: rp?.kind === "map" ? rp.entries.map(maskPlaceholders) : [],
        tags: tagsOf(get(r, "scheduling")),
        fails: get(r, "fail") !== undefined,
      };
    }),
    file,
  };
}

export function tpvFromYaml(file: string, root: LValue): TpvConfig {
  const dest = get(root, "destinations");
  const tools = get(root, "tools");
  return {
    destinations: (dest?.kind === "map" ? dest.entries : []).map((e) => entity(e, file)).filter((x): x is TpvEntity => x !== undefined),
    tools: (tools?.kind === "map" ? tools.entries : []).map((e) => entity(e, file)).filter((x): x is TpvEntity => x !== undefined),
  };
}

/** An entity after `inherits` (and, for tools, the `default` entry): params later in the chain win. */
export interface Resolved {
  entity: TpvEntity;
  runner: LValue | undefined;
  params: Map<string, LEntry>;
  env: TpvEntity["env"];
  tags: Tags;
  rules: TpvRule[];
}

function mergeTags(a: Tags, b: Tags): Tags {
  return { require: [...a.require, ...b.require], prefer: [...a.prefer, ...b.prefer], accept: [...a.accept, ...b.accept], reject: [...a.reject, ...b.reject] };
}

export function resolveInheritance(e: TpvEntity, byId: Map<string, TpvEntity>, base?: Resolved): Resolved {
  const chain: TpvEntity[] = [];
  const seen = new Set<string>();
  for (let cur: TpvEntity | undefined = e; cur && !seen.has(cur.id); cur = cur.inherits ? byId.get(cur.inherits) : undefined) {
    seen.add(cur.id);
    chain.unshift(cur);
  }
  const out: Resolved = base
    ? { entity: e, runner: base.runner, params: new Map(base.params), env: [...base.env], tags: base.tags, rules: [...base.rules] }
    : { entity: e, runner: undefined, params: new Map(), env: [], tags: { require: [], prefer: [], accept: [], reject: [] }, rules: [] };
  for (const c of chain) {
    if (c.runner) out.runner = c.runner;
    for (const p of c.params) out.params.set(p.key, p);
    out.env.push(...c.env);
    out.tags = mergeTags(out.tags, c.tags);
    out.rules.push(...c.rules);
  }
  return out;
}

/**
 * TPV's matching: a destination is a candidate when it has every tag the
 * tool requires, the tool has every tag the destination requires, and
 * neither rejects a tag the other has.
 */
export function canLand(tool: Tags, dest: Tags): boolean {
  const destHas = new Set([...dest.require, ...dest.prefer, ...dest.accept]);
  const toolHas = new Set([...tool.require, ...tool.prefer, ...tool.accept]);
  if (!tool.require.every((t) => destHas.has(t))) return false;
  if (!dest.require.every((t) => toolHas.has(t))) return false;
  if (tool.reject.some((t) => destHas.has(t))) return false;
  if (dest.reject.some((t) => toolHas.has(t))) return false;
  return true;
}

/**
 * The entries TPV merges for a tool id, in file order: every entry whose key
 * (an id or a regex) matches it. For a regex key, the entry itself.
 */
export function matchingEntries(id: string, tools: readonly TpvEntity[]): TpvEntity[] {
  return tools.filter((t) => {
    if (t.id === id) return true;
    if (t.id === "default") return false;
    try {
      return new RegExp(`^(?:${t.id})$`).test(id);
    } catch {
      return false;
    }
  });
}

/** Whether a tool entry's key (an id or a regex, as TPV matches it) covers interactive tool ids. */
export function isGxitToolKey(key: string): boolean {
  if (key.toLowerCase().startsWith("interactive_tool")) return true;
  try {
    return new RegExp(`^${key}$`).test("interactive_tool_x");
  } catch {
    return false;
  }
}
