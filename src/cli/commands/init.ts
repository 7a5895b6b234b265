// `gxit-gen init [--preset tutorial|minimal|production] [FILE]`: writes a
// commented starter config (default gxit.yml). Never overwrites: the file is
// created exclusively, so an existing config (or one created meanwhile) is
// left untouched and the command exits 1 with one line saying so.
import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { DEFAULT_PRESET, PRESETS, presetText, type PresetName } from "../../init/presets.js";
import { ExitCode, UserError } from "../../util/errors.js";
import type { CliIO } from "../io.js";
import type { SetExitCode } from "./index.js";

export function registerInit(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  const presets = Object.entries(PRESETS)
    .map(([name, what]) => `  ${name.padEnd(11)} ${what}`)
    .join("\n");
  program
    .command("init")
    .description("write a commented starter config (refuses to overwrite an existing file)")
    .argument("[file]", "config file to create", "gxit.yml")
    .addOption(
      new Option("-p, --preset <preset>", "starting point").choices(Object.keys(PRESETS)).default(DEFAULT_PRESET),
    )
    .addHelpText("after", `\nPresets:\n${presets}\n`)
    .action((file: string, opts: { preset: PresetName }) => {
      const text = presetText(opts.preset, file);
      try {
        // "wx": fail if the path exists; no check-then-write race.
        writeFileSync(file, text, { flag: "wx" });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why =
          code === "EEXIST"
            ? `${file} already exists; not overwriting it (choose another file name, or remove it first)`
            : code === "ENOENT"
              ? `cannot create ${file}: its directory does not exist`
              : code === "EACCES" || code === "EPERM"
                ? `cannot create ${file}: permission denied`
                : code === "EISDIR"
                  ? `${file} is a directory; give a file name`
                  : `cannot create ${file} (${code ?? String(err)})`;
        throw new UserError(`gxit-gen: ${why}`, ExitCode.failure);
      }
      io.stdout(
        `${file}: wrote the ${opts.preset} starter config; next: npx gxit-gen lint ${file} && npx gxit-gen compile ${file} -o ansible\n`,
      );
      setExitCode(ExitCode.ok);
    });
}
