// roles/gxit_proxy/: when the config selects the bundled proxy, the role
// artifact from roles-out/ (built by `npm run build:role`) is copied into the
// tree, so the playbook runs a versioned, reviewed role instead of cloning a
// repository at deploy time.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../../util/paths.js";
import { type Emitter, type GeneratedFile } from "../emitter.js";
import { BUNDLED_PROXY_ROLE } from "./roles.js";

function roleFiles(dir: string, rel: string, out: GeneratedFile[]): GeneratedFile[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    const relPath = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      roleFiles(path, relPath, out);
    } else if (entry.isFile()) {
      // Executable bits survive the copy; everything else is 0644 for determinism.
      const executable = (statSync(path).mode & 0o111) !== 0;
      out.push({ path: relPath, content: readFileSync(path), mode: executable ? 0o755 : 0o644 });
    }
  }
  return out;
}

export const proxyRoleEmitter: Emitter = {
  id: "proxy-role",
  description: "the bundled gxit_proxy role (hardened GxIT proxy)",
  emit({ deployment }) {
    if (deployment.proxy.role !== BUNDLED_PROXY_ROLE) return [];
    const source = repoPath("roles-out", BUNDLED_PROXY_ROLE);
    let files: GeneratedFile[];
    try {
      files = roleFiles(source, `roles/${BUNDLED_PROXY_ROLE}`, []);
    } catch {
      throw new Error(
        `the bundled role is missing from ${source}; run \`npm run build:role\` (a packaging error, please report it)`,
      );
    }
    return files;
  },
};
