// Whatever enters an interactive tool's container is readable by the user who
// runs it: they have a shell (Jupyter, RStudio terminals) in it. A vault
// variable keeps a secret out of the repository, not out of the container.
import { textKey } from "../../config/text.js";
import { envAssignments, envFiles } from "../galaxy/docker-env.js";
import { gxitDestinations, paramPath, runArgsOf } from "../galaxy/facts.js";
import { isSecretKey } from "../galaxy/secrets.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-secrets[container-env]",
    severity: "warning",
    description: "A credential (or a whole env file) is passed into the containers of interactive tools, where their users can read it.",
    rationale:
      "Galaxy passes docker_env and the -e/--env/--env-file flags of docker_run_extra_arguments to `docker run`. An " +
      "interactive tool gives its user a shell inside that container (a Jupyter or RStudio terminal), so `env` shows " +
      "every variable, whatever vault variable it came from; `docker inspect` on the job host shows them too. A " +
      "credential there is shared with every user allowed to run the tool. Plain-text values are also reported by " +
      "gxit-secrets[plain-text].",
    fix: "Do not give interactive tool containers credentials; if a tool needs a service, give it a per-user token from that service, or mount a file readable only by the job (a dedicated, read-only volume) that holds no shared secret.",
    messages: {
      dockerEnv: "docker_env {{name}} passes a credential ({{value}}) into the containers of \"{{destination}}\", where every user of the tool can read it",
      runArgsEnv: "{{flag}} {{name}} passes a credential into the containers of \"{{destination}}\", where every user of the tool can read it",
      envFile: "{{flag}} {{file}} passes every variable of that file into the containers of \"{{destination}}\", where every user of the tool can read them",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_pulsar:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                container_monitor_result: callback
                docker_run_extra_arguments: -e S3_SECRET_KEY
          tools:
            - id: interactive_tool_jupyter_notebook
              destination: interactive_pulsar
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_pulsar:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                container_monitor_result: callback
                docker_run_extra_arguments: "-e S3_ENDPOINT=https://s3.example.org"
          tools:
            - id: interactive_tool_jupyter_notebook
              destination: interactive_pulsar
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/docker_util.py (build_docker_run_command: env and run_extra_arguments)", "GTN tutorial 'Galaxy Interactive Tools'"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of gxitDestinations(d)) {
      for (const [name, v] of Object.entries(dest.dockerEnv)) {
        // Literal values are gxit-secrets[plain-text]'s; a variable still lands in the container.
        if (typeof v === "string" || !isSecretKey(name)) continue;
        ctx.report({ path: [...dest.path, "docker_env", name], at: "key", messageId: "dockerEnv", data: { name, value: textKey(v), destination: dest.id } });
      }
      const args = runArgsOf(d, dest);
      const path = paramPath(dest, "docker_run_extra_arguments");
      for (const e of envAssignments(args)) {
        if (!isSecretKey(e.name) || (e.value !== undefined && !e.fromTemplate)) continue;
        ctx.report({ path, span: [e.flag.start, e.flag.end], subject: `env:${e.name}`, messageId: "runArgsEnv", data: { flag: e.flag.written, name: e.name, destination: dest.id } });
      }
      for (const f of envFiles(args)) {
        ctx.report({ path, span: [f.start, f.end], subject: `env-file:${f.value ?? ""}`, messageId: "envFile", data: { flag: f.written, file: f.value ?? "", destination: dest.id } });
      }
    }
  },
);
