// Reading generated YAML the way its consumers do: Ansible with its own
// loader (PyYAML, YAML 1.1, !unsafe), Pulsar with yaml.safe_load. The yaml
// package speaks YAML 1.2, where `yes`, `1:20` or `2001-12-14` are strings;
// only the real parsers show what the consumers get. Values come back typed
// ({"str": ...}, {"bool": ...}, {"map": ...}) so a string that turned into a
// bool or a date is visible.
import { readFileSync } from "node:fs";
import { run, explain } from "./tools.js";
import type { Typed } from "./ansible.js";

const LOADER = String.raw`
import json, sys, yaml
mode, paths = sys.argv[1], sys.argv[2:]
if mode == "ansible":
    from ansible.parsing.yaml.loader import AnsibleLoader
    load = lambda text: yaml.load(text, Loader=AnsibleLoader)
else:
    load = yaml.safe_load

def key(k):
    return k if isinstance(k, str) else "!%s:%r" % (type(k).__name__, k)

def typed(v):
    if isinstance(v, dict):
        return {"map": {key(k): typed(x) for k, x in v.items()}}
    if isinstance(v, list):
        return {"list": [typed(x) for x in v]}
    if isinstance(v, str):
        return {"str": str(v)}
    if isinstance(v, (bool, int, float)) or v is None:
        return {type(v).__name__: v if v == v and v not in (float("inf"), float("-inf")) else repr(v)}
    return {type(v).__name__: str(v)}

out = {}
for p in paths:
    try:
        with open(p, encoding="utf-8") as f:
            out[p] = {"ok": typed(load(f.read()))}
    except Exception as e:
        out[p] = {"error": "%s: %s" % (type(e).__name__, e)}
print(json.dumps(out))
`;

/** The Python that runs Ansible (its shebang): it has PyYAML and Ansible's loader. */
export function ansiblePython(): string {
  const which = run("sh", ["-c", "command -v ansible-playbook"]);
  const first = readFileSync(which.stdout.trim(), "utf8").split("\n")[0]!;
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!m) return "python3";
  return m[1]!.endsWith("/env") ? m[2]! : m[1]!;
}

export type Loaded = { ok: Typed } | { error: string };

/** Loads each file with Ansible's loader ("ansible") or yaml.safe_load ("safe"). */
export function pyyamlLoad(mode: "ansible" | "safe", files: string[]): Record<string, Loaded> {
  if (files.length === 0) return {};
  const r = run(ansiblePython(), ["-c", LOADER, mode, ...files]);
  if (r.status !== 0) throw new Error(`PyYAML loader failed\n${explain(r)}`);
  return JSON.parse(r.stdout) as Record<string, Loaded>;
}
