import { dockerDestinations, paramPath } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-container[no-rm]",
    severity: "warning",
    description: "docker_auto_rm is false: stopped containers (and their environment, e.g. the user's API key) stay on the host.",
    rationale:
      "Galaxy passes `--rm` by default. With docker_auto_rm false every finished interactive tool leaves a stopped " +
      "container whose environment holds the injected Galaxy API key and whose writable layer holds what the user did; " +
      "they pile up and can be read by anyone with docker access. The sample marks it as a debugging option.",
    fix: "Remove docker_auto_rm (default true) or set it to true; debug on a separate destination.",
    messages: {
      noRm: "docker_auto_rm is false on \"{{destination}}\": finished containers and their environment stay on the host",
    },
    fixable: true,
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
                docker_auto_rm: false
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
                docker_auto_rm: true
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/docker_util.py (DEFAULT_AUTO_REMOVE = True)"],
  },
  (ctx) => {
    for (const dest of dockerDestinations(ctx.deployment)) {
      if (dest.params.docker_auto_rm !== false) continue;
      ctx.report({ path: paramPath(dest, "docker_auto_rm"), messageId: "noRm", data: { destination: dest.id }, edit: { path: paramPath(dest, "docker_auto_rm"), value: true } });
    }
  },
);
