// roles/gxit_proxy/: when the config selects the bundled proxy, the role
// artifact from roles-out/ (built by `npm run build:role`) is copied into the
// tree, so the playbook runs a versioned, reviewed role instead of cloning a
// repository at deploy time.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { listFiles } from "../../util/files.js";
import { repoPath } from "../../util/paths.js";
import { type Emitter, type GeneratedFile } from "../emitter.js";
import { BUNDLED_PROXY_ROLE } from "./roles.js";

function roleFiles(dir: string, prefix: string): GeneratedFile[] {
  return listFiles(dir).map((rel) => {
    const path = join(dir, rel);
    // Executable bits survive the copy; everything else is 0644 for determinism.
    const executable = (statSync(path).mode & 0o111) !== 0;
    return { path: `${prefix}/${rel}`, content: readFileSync(path), mode: executable ? 0o755 : 0o644 };
  });
}

export const proxyRoleEmitter: Emitter = {
  id: "proxy-role",
  description: "the bundled gxit_proxy role (hardened GxIT proxy)",
  emit({ deployment }) {
    if (deployment.proxy.role !== BUNDLED_PROXY_ROLE) return [];
    const source = repoPath("roles-out", BUNDLED_PROXY_ROLE);
    if (!existsSync(source)) {
      throw new Error(
        `the bundled role is missing from ${source}; run \`npm run build:role\` (a packaging error, please report it)`,
      );
    }
    return roleFiles(source, `roles/${BUNDLED_PROXY_ROLE}`);
  },
};
