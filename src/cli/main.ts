#!/usr/bin/env node
// gxit-gen command-line entry point: builds the command tree, runs it, and
// turns every failure into one line on stderr with a documented exit code.
import { runCli } from "./run.js";

process.exitCode = await runCli(process.argv.slice(2));
