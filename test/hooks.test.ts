// Root hooks shared by every test file.
import { cleanupTempDirs } from "./helpers.js";

after(() => cleanupTempDirs());
