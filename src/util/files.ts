// Listing a directory tree in a stable order: the role builder, the role
// copy in compile, and tests that compare trees all need the same view.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Relative paths (forward slashes) of the regular files below `dir`, sorted; [] when it does not exist. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(abs, e.name), childRel);
      else if (e.isFile()) out.push(childRel);
    }
  };
  if (existsSync(dir)) walk(dir, "");
  return out.sort();
}
