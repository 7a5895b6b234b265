import { dockerDestinations, paramPath } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-docker[sudo]",
    severity: "warning",
    description: "docker_sudo is true: Galaxy's user needs passwordless sudo for docker, which is root-equivalent.",
    rationale:
      "With docker_sudo Galaxy prefixes `sudo` (docker_sudo_cmd), which needs a sudoers line such as " +
      "`galaxy ALL = (root) NOPASSWD: SETENV: /usr/bin/docker`. Running docker as root with arbitrary arguments is root on " +
      "the host for anyone who can make Galaxy run a command. The tutorial sets docker_sudo: false and adds the Galaxy " +
      "user to the docker group instead.",
    fix: "Set `docker_sudo: false` and keep the Galaxy user in docker.users (the docker group).",
    messages: {
      sudo: "docker_sudo is true on \"{{destination}}\": Galaxy runs docker through passwordless sudo",
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
                docker_sudo: true
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
                docker_sudo: false
      `,
    },
    sources: ["lib/galaxy/config/sample/job_conf.sample.yml (docker_sudo)", "lib/galaxy/tool_util/deps/docker_util.py"],
  },
  (ctx) => {
    for (const dest of dockerDestinations(ctx.deployment)) {
      if (dest.params.docker_sudo !== true) continue;
      ctx.report({ path: paramPath(dest, "docker_sudo"), messageId: "sudo", data: { destination: dest.id } });
    }
  },
);
