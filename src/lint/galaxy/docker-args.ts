// Galaxy pastes `docker_run_extra_arguments` unquoted into the shell command
// that starts the container (docker_util.build_docker_run_command), so the
// shell splits it. This tokenizer follows POSIX shell word splitting closely
// enough to read docker flags: quotes, backslash escapes, `$(...)`, `${...}`
// and backticks stay inside one word; unquoted control operators are kept
// apart so a rule can flag them.

export interface Word {
  /** The word after quote removal. */
  text: string;
  /** Range in the original string. */
  start: number;
  end: number;
  /** Contains a parameter expansion or command substitution: its value is only known at run time. */
  dynamic: boolean;
}

export interface Operator {
  op: string;
  start: number;
  end: number;
}

export interface ShellSplit {
  words: Word[];
  operators: Operator[];
  /** An unterminated quote or substitution, if any. */
  error?: string;
}

const OPERATORS = ["&&", "||", ";;", ";", "&", "|", "<", ">"];

/** Index just after the `)` or `}` closing the substitution opened at `i` (which points at `(`/`{`). */
function skipGroup(s: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === "\\") {
      j++;
      continue;
    }
    if (c === "'" && open === "(") {
      const q = s.indexOf("'", j + 1);
      if (q < 0) return -1;
      j = q;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

export function shellSplit(s: string): ShellSplit {
  const words: Word[] = [];
  const operators: Operator[] = [];
  let i = 0;
  let error: string | undefined;
  while (i < s.length) {
    const c = s[i]!;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => s.startsWith(o, i));
    if (op) {
      operators.push({ op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    // A word: runs until unquoted blank or operator.
    const start = i;
    let text = "";
    let dynamic = false;
    while (i < s.length) {
      const ch = s[i]!;
      if (ch === " " || ch === "\t" || OPERATORS.some((o) => s.startsWith(o, i))) break;
      if (ch === "\\") {
        if (i + 1 < s.length) text += s[i + 1];
        i += 2;
        continue;
      }
      if (ch === "'") {
        const q = s.indexOf("'", i + 1);
        if (q < 0) {
          error = `unterminated ' at column ${i + 1}`;
          text += s.slice(i + 1);
          i = s.length;
          break;
        }
        text += s.slice(i + 1, q);
        i = q + 1;
        continue;
      }
      if (ch === '"') {
        let j = i + 1;
        let closed = false;
        while (j < s.length) {
          const d = s[j]!;
          if (d === "\\" && j + 1 < s.length && '$`"\\'.includes(s[j + 1]!)) {
            text += s[j + 1];
            j += 2;
            continue;
          }
          if (d === '"') {
            closed = true;
            break;
          }
          if (d === "$" || d === "`") dynamic = true;
          text += d;
          j++;
        }
        if (!closed) error = `unterminated " at column ${i + 1}`;
        i = closed ? j + 1 : s.length;
        continue;
      }
      if (ch === "`") {
        const q = s.indexOf("`", i + 1);
        dynamic = true;
        if (q < 0) {
          error = `unterminated \` at column ${i + 1}`;
          text += s.slice(i);
          i = s.length;
          break;
        }
        text += s.slice(i, q + 1);
        i = q + 1;
        continue;
      }
      if (ch === "$" && (s[i + 1] === "(" || s[i + 1] === "{")) {
        const end = skipGroup(s, i + 1, s[i + 1]!, s[i + 1] === "(" ? ")" : "}");
        dynamic = true;
        if (end < 0) {
          error = `unterminated ${s.slice(i, i + 2)} at column ${i + 1}`;
          text += s.slice(i);
          i = s.length;
          break;
        }
        text += s.slice(i, end);
        i = end;
        continue;
      }
      if (ch === "$" && /[A-Za-z_0-9@*#?$!-]/.test(s[i + 1] ?? "")) dynamic = true;
      text += ch;
      i++;
    }
    words.push({ text, start, end: i, dynamic });
  }
  return error === undefined ? { words, operators } : { words, operators, error };
}

/** docker run flags that take no value (everything else long takes one). */
const BOOLEAN_LONG = new Set([
  "--privileged",
  "--rm",
  "--detach",
  "--interactive",
  "--tty",
  "--init",
  "--read-only",
  "--no-healthcheck",
  "--oom-kill-disable",
  "--publish-all",
  "--sig-proxy",
  "--disable-content-trust",
  "--help",
  "--quiet",
  "--use-api-socket",
]);
const BOOLEAN_SHORT: Record<string, string> = { d: "--detach", i: "--interactive", t: "--tty", P: "--publish-all", q: "--quiet" };
const VALUE_SHORT: Record<string, string> = {
  v: "--volume",
  e: "--env",
  u: "--user",
  p: "--publish",
  w: "--workdir",
  h: "--hostname",
  l: "--label",
  m: "--memory",
  c: "--cpu-shares",
  a: "--attach",
};
const ALIASES: Record<string, string> = { "--net": "--network", "--net-alias": "--network-alias" };

export interface DockerFlag {
  /** Canonical long name: `-v` → `--volume`, `--net` → `--network`. */
  name: string;
  /** As written. */
  written: string;
  value?: string;
  /** The value is computed by the shell at run time. */
  dynamic: boolean;
  /** Range of the flag and its value in the original string. */
  start: number;
  end: number;
}

export interface DockerArgs {
  flags: DockerFlag[];
  /** Words that are not options: docker would take the first as the image. */
  positionals: Word[];
  operators: Operator[];
  error?: string;
}

export function parseDockerRunArgs(s: string): DockerArgs {
  const split = shellSplit(s);
  const flags: DockerFlag[] = [];
  const positionals: Word[] = [];
  const words = split.words;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.text.startsWith("--") && w.text.length > 2) {
      const eq = w.text.indexOf("=");
      const written = eq >= 0 ? w.text.slice(0, eq) : w.text;
      const name = ALIASES[written] ?? written;
      if (eq >= 0) {
        flags.push({ name, written, value: w.text.slice(eq + 1), dynamic: w.dynamic, start: w.start, end: w.end });
      } else if (BOOLEAN_LONG.has(name)) {
        flags.push({ name, written, dynamic: false, start: w.start, end: w.end });
      } else {
        const v = words[i + 1];
        if (v) i++;
        flags.push({
          name,
          written,
          ...(v ? { value: v.text } : {}),
          dynamic: v?.dynamic ?? false,
          start: w.start,
          end: v?.end ?? w.end,
        });
      }
      continue;
    }
    if (w.text.startsWith("-") && w.text.length > 1 && w.text !== "--") {
      // A cluster of short flags: `-it`, `-v/a:/b`, `-v=/a:/b`, `-u 0`.
      const body = w.text.slice(1);
      for (let k = 0; k < body.length; k++) {
        const ch = body[k]!;
        if (VALUE_SHORT[ch]) {
          let rest = body.slice(k + 1);
          let end = w.end;
          let dynamic = w.dynamic;
          let value: string | undefined;
          if (rest.startsWith("=")) rest = rest.slice(1);
          if (rest !== "") value = rest;
          else if (words[i + 1]) {
            const v = words[++i]!;
            value = v.text;
            end = v.end;
            dynamic = v.dynamic;
          }
          flags.push({ name: VALUE_SHORT[ch]!, written: `-${ch}`, ...(value !== undefined ? { value } : {}), dynamic, start: w.start, end });
          break;
        }
        flags.push({ name: BOOLEAN_SHORT[ch] ?? `-${ch}`, written: `-${ch}`, dynamic: false, start: w.start, end: w.end });
      }
      continue;
    }
    positionals.push(w);
  }
  const out: DockerArgs = { flags, positionals, operators: split.operators };
  if (split.error !== undefined) out.error = split.error;
  return out;
}

/** A boolean docker flag is on unless written `--flag=false`. */
export function flagIsOn(f: DockerFlag): boolean {
  return f.value === undefined || !/^(?:false|0)$/i.test(f.value);
}

export interface DockerMount {
  source: string | undefined;
  target: string | undefined;
  readOnly: boolean;
  /** bind (host path), volume (named/anonymous), tmpfs... */
  type: string;
  flag: DockerFlag;
}

/** Reads `-v`/`--volume` and `--mount` flags the way the docker CLI does. */
export function dockerMounts(args: DockerArgs): DockerMount[] {
  const mounts: DockerMount[] = [];
  for (const f of args.flags) {
    if (f.value === undefined) continue;
    if (f.name === "--volume") {
      const parts = f.value.split(":");
      if (parts.length === 1) {
        mounts.push({ source: undefined, target: parts[0], readOnly: false, type: "volume", flag: f });
      } else {
        const opts = (parts[2] ?? "").split(",");
        const source = parts[0]!;
        mounts.push({
          source,
          target: parts[1],
          readOnly: opts.includes("ro") || opts.includes("readonly"),
          type: source.startsWith("/") || source.startsWith(".") ? "bind" : "volume",
          flag: f,
        });
      }
    } else if (f.name === "--mount") {
      const kv = new Map<string, string>();
      for (const item of f.value.split(",")) {
        const eq = item.indexOf("=");
        kv.set(eq < 0 ? item : item.slice(0, eq), eq < 0 ? "true" : item.slice(eq + 1));
      }
      const ro = kv.get("readonly") ?? kv.get("ro");
      mounts.push({
        source: kv.get("source") ?? kv.get("src"),
        target: kv.get("target") ?? kv.get("dst") ?? kv.get("destination"),
        readOnly: ro !== undefined && !/^(?:false|0)$/i.test(ro),
        type: kv.get("type") ?? "volume",
        flag: f,
      });
    }
  }
  return mounts;
}
