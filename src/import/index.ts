// `gxit-gen import`: a hand-written Ansible tree (or one file of a known
// kind) → the text of a gxit-gen config, plus what could not be carried over.
// The tree is read by the same front end as `gxit-gen lint PATH`; the config
// written is checked by loading and compiling it before anyone sees it.
import { statSync } from "node:fs";
import { relative } from "node:path";
import { compileDeployment } from "../compile/index.js";
import { loadConfigText } from "../config/load.js";
import type { Origin } from "../parse/located.js";
import type { FileKind } from "../read/kinds.js";
import { loadTree } from "../tree/load.js";
import { ConfigError, ExitCode, UserError } from "../util/errors.js";
import { schemaComment } from "../init/presets.js";
import { VERSION } from "../version.js";
import { importTree, type NotCarried } from "./build.js";
import { configDocument, nearestOrigin, pruneInvalid, removeValue } from "./document.js";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { ConfigPathSegment } from "./build.js";
import type { Position } from "../util/errors.js";

export interface ImportResult {
  /** The config, YAML. */
  text: string;
  /** One line each: `file:line: what: why`. */
  notCarried: string[];
  target: { id: string; why: string };
}

export function importPath(path: string, opts: { kind?: FileKind; outputName: string }): ImportResult {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`gxit-gen: cannot read ${path}: ${code === "ENOENT" ? "no such file or directory" : code === "EACCES" ? "permission denied" : (code ?? String(err))}`, ExitCode.failure);
  }
  const tree = loadTree(path, opts.kind ? { kind: opts.kind } : {});
  const root = isDir ? path : relative(".", path) === "" ? "." : (tree.deployment.source as unknown as { root: string }).root;
  const where = (o: Origin) => {
    const rel = tree.files.find((f) => f.src === o.src)?.rel ?? relative(root, o.src.file);
    return `${rel}:${o.src.position(o.start).line}`;
  };
  const imported = importTree(tree);
  pruneInvalid(imported);
  const header = [
    schemaComment(opts.outputName).slice(1),
    "",
    ` Imported by gxit-gen ${VERSION} from ${isDir ? `the tree ${path}` : path} (target ${imported.target.id}).`,
    " Each value names the file:line it came from; what could not be carried",
    " over was listed when importing. Review it, then:",
    `   gxit-gen lint ${opts.outputName} && gxit-gen compile ${opts.outputName} -o ansible`,
  ].join("\n");
  // The written config must load and compile. A value that the schema accepts but the config's own
  // consistency checks refuse (a key that contradicts the target, a clash with what gxit-gen writes) is
  // taken out and listed with that check's message, as the schema's refusals are.
  let text = configDocument(imported, where, header);
  for (let round = 0; ; round++) {
    try {
      compileDeployment(loadConfigText(opts.outputName, text));
      break;
    } catch (err) {
      if (!(err instanceof ConfigError) || round >= 20) throw err;
      const paths = err.diagnostics.map((d) => ({ d, path: d.position ? pathAtPosition(text, d.position) : undefined }));
      const removable = paths.filter((x): x is { d: (typeof x)["d"]; path: ConfigPathSegment[] } => x.path !== undefined && x.path.length > 0);
      if (removable.length === 0) throw new Error(`the imported config does not load:\n${err.message}`);
      for (const { d, path } of removable.sort((a, b) => b.path.length - a.path.length)) {
        const value = removeValue(imported.data, path);
        if (value === undefined) continue;
        imported.notCarried.push({ origin: nearestOrigin(imported.origins, path), what: `${path.join(".")} = ${JSON.stringify(value)}`, why: d.message });
      }
      text = configDocument(imported, where, header);
    }
  }
  const lines: string[] = tree.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  // In file and line order, as lint prints findings; lines without a place last.
  const placed = imported.notCarried.map((n) => ({ n, file: n.origin?.src.file ?? "\uffff", line: n.origin ? n.origin.src.position(n.origin.start).line : 0 }));
  placed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  for (const p of placed) lines.push(formatNotCarried(p.n));
  return { text, notCarried: lines, target: imported.target };
}

export function formatNotCarried(n: NotCarried): string {
  const at = n.origin ? `${n.origin.src.file}:${n.origin.src.position(n.origin.start).line}: ` : "";
  return `${at}${n.what}: not carried over: ${n.why}`;
}

/** The config path of the deepest key or value at a line:col of the config text. */
function pathAtPosition(text: string, at: Position): ConfigPathSegment[] | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const lineStart = lc.lineStarts[at.line - 1];
  if (lineStart === undefined) return undefined;
  const offset = lineStart + at.col - 1;
  const inside = (n: unknown) => {
    const r = (n as { range?: [number, number, number] } | null)?.range;
    return r !== undefined && r[0] <= offset && offset < Math.max(r[1], r[0] + 1);
  };
  const walk = (node: Node | null | undefined, path: ConfigPathSegment[]): ConfigPathSegment[] | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        if (inside(pair.key)) return [...path, key];
        if (inside(pair.value)) return walk(pair.value as Node, [...path, key]) ?? [...path, key];
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) if (inside(node.items[i])) return walk(node.items[i] as Node, [...path, i]) ?? [...path, i];
    }
    return undefined;
  };
  return walk(doc.contents as Node, []);
}
