// compile: Deployment → the files of the Ansible tree, in memory. Writing to
// disk (atomically) and --check live in write.ts.
import { basename } from "node:path";
import type { Deployment } from "../config/model.js";
import type { EmitContext, GeneratedFile } from "./emitter.js";
import { emitReadme } from "./emitters/readme.js";
import { generatedNotice, safeSourceLabel } from "./render/header.js";
import { TARGETS } from "./targets/index.js";

export interface CompileOptions {
  /** How the generated notice names the input; defaults to the config file's base name. */
  sourceLabel?: string;
}

export type GeneratedTree = Map<string, GeneratedFile>;

export function compileDeployment(deployment: Deployment, options: CompileOptions = {}): GeneratedTree {
  // The label is outside text (a file name): made safe once, for every output language.
  const sourceLabel = safeSourceLabel(options.sourceLabel ?? basename(deployment.file));
  const ctx: EmitContext = { deployment, sourceLabel, notice: generatedNotice(sourceLabel) };
  const emitters = TARGETS[deployment.target];
  if (!emitters) throw new Error(`no emitters for target ${deployment.target}`);
  const tree: GeneratedTree = new Map();
  const described: Array<{ path: string; description: string }> = [];
  for (const emitter of emitters) {
    for (const file of emitter.emit(ctx)) {
      if (tree.has(file.path)) throw new Error(`two emitters produced ${file.path}`);
      tree.set(file.path, file);
      // A bundled role is many files; the README lists it once, as a directory.
      const role = /^roles\/[^/]+\//.exec(file.path)?.[0];
      const listed = role ?? file.path;
      if (!described.some((x) => x.path === listed)) {
        described.push({ path: listed, description: emitter.description });
      }
    }
  }
  const readme = emitReadme(ctx, described);
  tree.set(readme.path, readme);
  return new Map([...tree.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
