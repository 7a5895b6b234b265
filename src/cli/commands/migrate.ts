// `gxit-gen migrate CONFIG --to gtn-current [--proxy gravity|keep] [--dry-run]`:
// rewrites a gtn-2020 config for the current target, in place and atomically
// (comments kept), then prints what changed and what to do on the hosts.
import { readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { migrateToCurrent, type ProxyChoice } from "../../migrate/to-current.js";
import { replaceFile } from "../../util/atomic-file.js";
import { ExitCode, UserError } from "../../util/errors.js";
import type { CliIO } from "../io.js";
import type { SetExitCode } from "./index.js";

export function registerMigrate(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command("migrate")
    .description("rewrite a gtn-2020 config for the gtn-current target (comments kept); prints what changed and what to do on the hosts")
    .argument("<config>", "gxit-gen config file (YAML), rewritten in place")
    .addOption(new Option("--to <target>", "target to migrate to").choices(["gtn-current"]).makeOptionMandatory())
    .addOption(
      new Option("--proxy <who>", "who runs the proxy afterwards: gravity, or keep the role (default: Gravity instead of usegalaxy_eu.gie_proxy; the bundled gxit_proxy role is kept)").choices(["gravity", "keep"]),
    )
    .option("-n, --dry-run", "print the migrated config instead of writing it")
    .action((file: string, opts: { to: string; proxy?: ProxyChoice; dryRun?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (err) {
        throw new UserError(`gxit-gen: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, ExitCode.failure);
      }
      const m = migrateToCurrent(file, text, opts.proxy ? { proxy: opts.proxy } : {});
      if (opts.dryRun) io.stdout(m.text);
      else replaceFile(file, m.text);
      const out = opts.dryRun ? io.stderr.bind(io) : io.stdout.bind(io);
      out(`${file}: ${opts.dryRun ? "would migrate" : "migrated"} to ${opts.to}\n`);
      out(`Changed in the config:\n${m.changes.map((c) => `  - ${c}\n`).join("")}`);
      out(`To do on the hosts:\n${m.hostActions.map((c) => `  - ${c}\n`).join("")}`);
      out(`next: gxit-gen lint ${file} && gxit-gen compile ${file} -o <dir>\n`);
      setExitCode(ExitCode.ok);
    });
}
