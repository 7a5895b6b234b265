// Removes dist/ before tsc runs, so a deleted source or test file cannot
// survive as a stale compiled copy (mocha would still run a deleted test).
import { rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
