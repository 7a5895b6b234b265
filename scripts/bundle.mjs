// Bundles the gxit-gen CLI into dist/bundle/ with esbuild. A pre-commit hook
// pays Node's module loading on every commit; one bundle instead of ~150
// ES modules roughly halves `gxit-gen lint`'s start-up (npm run bench).
// The compile stage stays in a lazily loaded chunk, so validate and lint
// never load nunjucks, the XML builder or the diff library.
import { chmodSync, rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist/bundle", { recursive: true, force: true });
await build({
  entryPoints: ["dist/src/cli/main.js"],
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  // Only the gen:types script and the types test use it; it is a dev dependency.
  external: ["json-schema-to-typescript", "chokidar", "fsevents"],
  // Some bundled CommonJS packages call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __gxitCreateRequire } from 'node:module'; const require = __gxitCreateRequire(import.meta.url);",
  },
});
chmodSync("dist/bundle/main.js", 0o755);
