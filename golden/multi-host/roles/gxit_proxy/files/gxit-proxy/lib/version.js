// The proxy's version: the `version` of the nearest package.json above this
// file. In the repository that is gxit-gen's own package.json; in the role
// artifact (roles-out/gxit_proxy/files) it is the proxy's package.json. The
// proxy deliberately does not import the compiler's version module.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
export function proxyVersion() {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
        const candidate = join(dir, "package.json");
        if (existsSync(candidate)) {
            try {
                const pkg = JSON.parse(readFileSync(candidate, "utf8"));
                if (typeof pkg.version === "string")
                    return pkg.version;
            }
            catch {
                // keep looking further up
            }
        }
        const parent = dirname(dir);
        if (parent === dir)
            return "0.0.0-unknown";
        dir = parent;
    }
}
