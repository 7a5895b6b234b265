// The tree front end: walk (or take the one file given), read each file with
// the reader of its kind, build the Deployment. Unreadable files are not
// fatal: each becomes a problem with file:line:col that the CLI reports.
import { readFileSync, statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { blankJinjaStatements, blankYamlExpressions } from "../parse/jinja-blank.js";
import { SourceFile } from "../parse/located.js";
import { readNginx } from "../parse/nginx.js";
import { readXml } from "../parse/xml-tree.js";
import { readYaml } from "../parse/yaml-tree.js";
import { kindFromContent, kindFromPath, type FileKind } from "../read/kinds.js";
import { walkTree, type TreeFile } from "../read/walk.js";
import { directivesFromComments, parseDirectives, type Directive } from "../lint/suppress.js";
import { normalizeTree, type ReadFile, type TreeModel } from "./normalize.js";

export interface ReadProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export interface LoadedTree extends TreeModel {
  problems: ReadProblem[];
}

const XML_KINDS: ReadonlySet<FileKind> = new Set(["job-conf-xml", "tool-conf"]);

export function readTreeFile(f: TreeFile, problems: ReadProblem[]): ReadFile {
  const src = new SourceFile(f.file, f.text);
  const out: ReadFile = { kind: f.kind, rel: f.rel, src };
  let error: { offset: number; message: string } | undefined;
  if (XML_KINDS.has(f.kind)) {
    out.xml = readXml(src);
    error = out.xml.error;
  } else if (f.kind === "nginx") {
    out.nginx = readNginx(src);
    error = out.nginx.error;
  } else {
    out.yaml = readYaml(src);
    error = out.yaml.error;
  }
  if (error) {
    const p = src.position(Math.min(error.offset, f.text.length));
    problems.push({ file: f.file, line: p.line, col: p.col, message: `not read as ${f.kind} (${error.message}); its facts are unknown` });
  }
  return out;
}

/** Lints a directory (an Ansible tree) or one file of a known kind. */
export function loadTree(path: string, opts: { kind?: FileKind } = {}): LoadedTree {
  const problems: ReadProblem[] = [];
  let files: TreeFile[];
  let root = path;
  if (statSync(path).isDirectory()) {
    files = walkTree(path);
  } else {
    const text = readFileSync(path, "utf8");
    const kind = opts.kind ?? kindFromPath(path.split("\\").join("/")) ?? kindFromContent(text, basename(path)) ?? "vars";
    files = [{ file: path, rel: basename(path), kind, text }];
    root = dirname(path);
  }
  const loaded = loadTreeFiles(root, files, problems);
  if (!statSync(path).isDirectory()) loaded.deployment.file = path;
  return loaded;
}

/** Builds the model from files already in memory (one hand-written file in tests and rule examples). */
export function loadTreeFiles(root: string, files: readonly TreeFile[], problems: ReadProblem[] = []): LoadedTree {
  const read = files.map((f) => readTreeFile(f, problems));
  const model = normalizeTree(root, read);
  (model.deployment.source as unknown as import("./source.js").TreeSource).directives = treeDirectives(read);
  return { ...model, problems };
}

/** The file name a hand-written example of a kind is read under. */
export const EXAMPLE_FILE: Readonly<Record<FileKind, string>> = {
  vars: "group_vars/galaxyservers.yml",
  playbook: "galaxy.yml",
  "job-conf-xml": "templates/galaxy/config/job_conf.xml.j2",
  "job-conf-yaml": "templates/galaxy/config/job_conf.yml.j2",
  tpv: "files/galaxy/tpv/destinations.yml",
  "galaxy-options": "files/galaxy/galaxy.yml",
  nginx: "templates/nginx/gxit.j2",
  "pulsar-app": "templates/galaxy/config/pulsar_app.yml.j2",
  "tool-conf": "files/galaxy/config/tool_conf_interactive.xml",
  "gxit-config": "gxit.yml",
};

/** One hand-written file of `kind`, given as text. */
export function loadTreeText(kind: FileKind, text: string, file = EXAMPLE_FILE[kind]): LoadedTree {
  return loadTreeFiles(".", [{ file, rel: file, kind, text }]);
}

/** Every gxit-lint directive in the tree's files, in YAML, XML, Jinja and nginx comments. */
export function treeDirectives(files: readonly ReadFile[]): Array<Directive & { file: string }> {
  const out: Array<Directive & { file: string }> = [];
  for (const f of files) {
    const text = f.src.text;
    if (!text.includes("gxit-lint")) continue;
    const pos = (o: number) => f.src.position(o);
    const found: Array<{ offset: number; source: string }> = [];
    // Jinja comments, in every kind of template.
    for (const m of text.matchAll(/\{#-?\s*(gxit-lint[\s\S]*?)\s*-?#\}/g)) found.push({ offset: m.index!, source: `# ${m[1]}` });
    let ds: Directive[];
    if (f.xml) {
      // Read from the text, not the parser: `-- reason` inside an XML comment is not well-formed XML, and the parser stops there.
      for (const m of text.matchAll(/<!--\s*(gxit-lint[\s\S]*?)\s*-->/g)) found.push({ offset: m.index!, source: `# ${m[1]}` });
      ds = directivesFromComments(text, found.sort((a, b) => a.offset - b.offset), pos);
    } else if (f.nginx) {
      for (const c of f.nginx.comments) found.push({ offset: c.origin.start, source: c.text });
      ds = directivesFromComments(text, found.sort((a, b) => a.offset - b.offset), pos);
    } else {
      ds = [
        ...parseDirectives({ text: blankYamlExpressions(blankJinjaStatements(text)), positionOfOffset: pos }),
        ...directivesFromComments(text, found, pos),
      ];
    }
    for (const d of ds) out.push({ ...d, file: f.src.file });
  }
  return out;
}
