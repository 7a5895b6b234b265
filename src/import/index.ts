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
import { configDocument, pruneInvalid } from "./document.js";

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
  const text = configDocument(imported, where, header);
  // The written config must load and compile; anything else is a bug of the importer, not of the tree.
  try {
    compileDeployment(loadConfigText(opts.outputName, text));
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new Error(`the imported config does not load:\n${err.message}\n--- imported config ---\n${text}`);
    }
    throw err;
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
