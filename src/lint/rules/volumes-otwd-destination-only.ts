// outputs_to_working_directory is destination-overridable for Galaxy's path
// rewriting, but the `$defaults` volume expansion reads galaxy.yml's global
// value (AppInfo is built from app.config), so setting it on the destination
// alone leaves the dataset store mounted read-write.
import { dockerDestinations, globalOtwd, isRemotePulsar, paramPath, volumesOf } from "../galaxy/facts.js";
import { isDefaultsEntry } from "../galaxy/volumes.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-volumes[otwd-destination-only]",
    severity: "warning",
    description: "outputs_to_working_directory is set on a destination but not globally, so $defaults still mounts datasets read-write.",
    rationale:
      "Galaxy's job wrapper reads `outputs_to_working_directory` per destination (Job.get_destination_configuration), " +
      "but the Docker volume expansion of `$defaults` reads the global option (`AppInfo(outputs_to_working_directory=" +
      "self.config.outputs_to_working_directory)` in lib/galaxy/app.py). Setting it only on the destination changes where " +
      "outputs are written while `$default_file_path` stays mounted `rw`.",
    fix: "Set `galaxy.outputs_to_working_directory: true` (galaxy.yml's global option) — or better, use the embedded Pulsar runner.",
    messages: {
      destinationOnly: "outputs_to_working_directory is set on destination \"{{destination}}\" only; Galaxy's $defaults expansion reads the global option, so $default_file_path is still mounted read-write",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            local: {type: local}
          destinations:
            interactive_local:
              runner: local
              params:
                docker_enabled: true
                outputs_to_working_directory: true
      `,
      correct: yaml`
        version: 1
        galaxy:
          outputs_to_working_directory: true
        jobs:
          runners:
            local: {type: local}
          destinations:
            interactive_local:
              runner: local
              params:
                docker_enabled: true
      `,
    },
    sources: ["lib/galaxy/app.py (AppInfo)", "lib/galaxy/jobs/__init__.py (JobWrapper.outputs_to_working_directory)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (globalOtwd(d) !== false) return;
    for (const dest of dockerDestinations(d)) {
      if (dest.params.outputs_to_working_directory !== true) continue;
      if (dest.runner?.isPulsar || isRemotePulsar(dest)) continue;
      const usesDefaults = volumesOf(d, dest, false).entries.some(isDefaultsEntry);
      if (!usesDefaults) continue;
      ctx.report({
        path: paramPath(dest, "outputs_to_working_directory"),
        messageId: "destinationOnly",
        data: { destination: dest.id },
      });
    }
  },
);
