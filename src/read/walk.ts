// Walks a site's Ansible tree: playbooks, group_vars/, host_vars/,
// templates/, files/ and the site's own roles/. Roles installed from Galaxy
// or git (namespaced `ns.name`, or with meta/.galaxy_install_info) are not
// the site's hand-written files and are skipped, as are VCS and tool dirs.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { kindFromContent, kindFromPath, type FileKind } from "./kinds.js";

export interface TreeFile {
  /** Path as printed in findings. */
  file: string;
  /** Path relative to the tree root, `/`-separated. */
  rel: string;
  kind: FileKind;
  text: string;
}

const SKIP_DIRS = new Set([".git", "node_modules", ".github", ".gitlab", "collections", ".cache", "venv", ".venv", "__pycache__", "molecule"]);
const TEXT_FILE = /\.(ya?ml|j2|xml|conf)$/;

function isInstalledRole(dir: string, name: string): boolean {
  return name.includes(".") || existsSync(join(dir, "meta", ".galaxy_install_info"));
}

export function walkTree(root: string): TreeFile[] {
  const out: TreeFile[] = [];
  const visit = (dir: string, depth: number) => {
    if (depth > 12) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      const rel = relative(root, full).split(sep).join("/");
      if (st.isDirectory()) {
        if (SKIP_DIRS.has(name)) continue;
        if (/^roles\/[^/]+$/.test(rel) && isInstalledRole(full, name)) continue;
        visit(full, depth + 1);
        continue;
      }
      if (!st.isFile() || st.size > 8 * 1024 * 1024) continue;
      const inVars = /(^|\/)(group_vars|host_vars)\//.test(rel);
      if (!TEXT_FILE.test(name) && !inVars) continue;
      if (name === ".gxit-lint.yml" || name.endsWith(".gxit-baseline.json")) continue;
      let text: string;
      try {
        text = readFileSync(full, "utf8");
      } catch {
        continue;
      }
      const kind = kindFromPath(rel) ?? kindFromContent(text, name);
      if (kind === undefined) continue;
      out.push({ file: full, rel, kind, text });
    }
  };
  visit(root, 0);
  return out;
}
