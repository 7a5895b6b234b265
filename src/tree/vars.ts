// The tree's effective Ansible variables, computed once, each with the file
// and range it was written at. Precedence follows Ansible (low → high):
// role defaults, group_vars/all, other group_vars, host_vars, play vars and
// vars_files, role vars. Without an inventory every group and host of the
// tree is taken as applying (the view of a host that is in all of them);
// within one layer, files are read in path order and later ones win.
import type { LEntry, LValue } from "../parse/located.js";
import { resolveValue, type Scope } from "./template.js";

export type VarLayer = "role-defaults" | "group-all" | "group" | "host" | "play" | "role-vars";
const LAYER_RANK: Record<VarLayer, number> = { "role-defaults": 0, "group-all": 1, group: 2, host: 3, play: 4, "role-vars": 5 };

export interface VarDefinition {
  name: string;
  layer: VarLayer;
  entry: LEntry;
}

export class VariableModel implements Scope {
  private readonly defs = new Map<string, VarDefinition[]>();
  private readonly resolved = new Map<string, LValue | undefined>();
  private readonly resolving = new Set<string>();

  define(layer: VarLayer, vars: LValue | undefined): void {
    if (vars?.kind !== "map") return;
    for (const e of vars.entries) {
      const list = this.defs.get(e.key) ?? [];
      list.push({ name: e.key, layer, entry: e });
      this.defs.set(e.key, list);
    }
    this.resolved.clear();
  }

  /** The definition that wins (highest layer, last written). */
  definition(name: string): VarDefinition | undefined {
    const list = this.defs.get(name);
    if (!list) return undefined;
    let best: VarDefinition | undefined;
    for (const d of list) if (!best || LAYER_RANK[d.layer] >= LAYER_RANK[best.layer]) best = d;
    return best;
  }

  /** Every variable the tree defines, with its winning definition. */
  definitions(): VarDefinition[] {
    return [...this.defs.keys()].sort().map((n) => this.definition(n)!);
  }

  lookup(name: string): LValue | undefined {
    if (this.resolved.has(name)) return this.resolved.get(name);
    const def = this.definition(name);
    if (!def) return undefined;
    if (this.resolving.has(name)) {
      return { kind: "unknown", text: `{{ ${name} }}`, why: `${name} refers to itself`, origin: def.entry.value.origin };
    }
    this.resolving.add(name);
    try {
      const v = resolveValue(def.entry.value, this);
      this.resolved.set(name, v);
      return v;
    } finally {
      this.resolving.delete(name);
    }
  }
}
