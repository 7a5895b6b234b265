// Environment variables set by docker_run_extra_arguments (`-e NAME=value`,
// `--env NAME`, `--env-file FILE`), read from the shell-split flags.
import type { DockerArgs, DockerFlag } from "./docker-args.js";

export interface EnvAssignment {
  flag: DockerFlag;
  name: string;
  /** Undefined for `-e NAME`, which copies the variable from the job host's environment. */
  value?: string;
  /** The value comes from an Ansible template (`{{ … }}`) or the shell (`$VAR`): not written in the config. */
  fromTemplate: boolean;
}

export function envAssignments(args: DockerArgs | undefined): EnvAssignment[] {
  const out: EnvAssignment[] = [];
  for (const f of args?.flags ?? []) {
    if (f.name !== "--env" || f.value === undefined) continue;
    const eq = f.value.indexOf("=");
    if (eq === 0) continue;
    if (eq < 0) {
      out.push({ flag: f, name: f.value, fromTemplate: false });
      continue;
    }
    const value = f.value.slice(eq + 1);
    out.push({ flag: f, name: f.value.slice(0, eq), value, fromTemplate: f.dynamic || /\{\{|\{%/.test(value) });
  }
  return out;
}

/** `--env-file FILE` flags: every variable in FILE enters the container. */
export function envFiles(args: DockerArgs | undefined): DockerFlag[] {
  return (args?.flags ?? []).filter((f) => f.name === "--env-file");
}
