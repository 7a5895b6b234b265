// Marks the compiled CLI entry points executable: tsc does not keep file modes,
// and `npx gxit-gen` / the installed bin links need the shebang file to be +x.
import { chmodSync, existsSync } from "node:fs";

for (const bin of ["dist/src/cli/main.js", "dist/src/proxy/main.js"]) {
  if (existsSync(bin)) chmodSync(bin, 0o755);
}
