// The string is inserted unquoted into a shell command line: shell operators
// run extra commands on the job host, unbalanced quotes break every job, and a
// stray word becomes docker's image argument.
import { dockerDestinations, paramPath, runArgsOf } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-run-args[syntax]",
    severity: "warning",
    description: "docker_run_extra_arguments contains shell operators, unbalanced quotes, or words that are not docker options.",
    rationale:
      "Galaxy pastes docker_run_extra_arguments unquoted into the job script's `docker run` line, so the shell interprets " +
      "it: `;`, `&&`, `|` or redirections run extra commands outside the container, an unbalanced quote breaks every " +
      "job of the destination, and a word that is not an option is taken by docker as the image name. Command " +
      "substitutions such as `-e NB_UID=$(id -u)` are fine (Galaxy's own docs use them).",
    fix: "Keep only `docker run` options (each `--flag value` pair) in docker_run_extra_arguments; quote values that contain spaces.",
    messages: {
      operator: "shell operator \"{{operator}}\" in docker_run_extra_arguments runs outside docker on the job host",
      unsplittable: "docker_run_extra_arguments does not split as shell words: {{error}}",
      positional: "\"{{word}}\" is not a docker run option; docker would take it as the image name",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                docker_run_extra_arguments: -e NB_UID=1000; chmod 777 /tmp
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                docker_run_extra_arguments: -e NB_UID=$(id -u)
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/docker_util.py (build_docker_run_command)", "galaxyproject/galaxy#18861 (-e NB_UID=$(id -u))"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of dockerDestinations(d)) {
      const args = runArgsOf(d, dest);
      if (!args) continue;
      const path = paramPath(dest, "docker_run_extra_arguments");
      for (const op of args.operators) {
        ctx.report({
          path,
          span: [op.start, op.end],
          subject: `op:${op.op}`,
          messageId: "operator",
          data: { operator: op.op },
        });
      }
      if (args.error) ctx.report({ path, subject: "error", messageId: "unsplittable", data: { error: args.error } });
      for (const w of args.positionals) {
        ctx.report({
          path,
          span: [w.start, w.end],
          subject: `word:${w.text}`,
          messageId: "positional",
          data: { word: w.text },
        });
      }
    }
  },
);
