// Generates src/schema/config-types.generated.ts from the JSON Schema, which is
// the single source of truth for the config format. `npm run gen:types` rewrites
// the file; test/schema/types.test.ts fails when the committed copy is stale.
import { writeFileSync } from "node:fs";
import { renderConfigTypes, CONFIG_TYPES_PATH } from "../src/schema/types-source.js";

writeFileSync(CONFIG_TYPES_PATH, await renderConfigTypes());
console.log(`wrote ${CONFIG_TYPES_PATH}`);
