import { dockerDestinations, paramPath } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-net[host]",
    severity: "error",
    description: "docker_net is host: the container shares the host's network stack.",
    rationale:
      "With `--net host` there is no network isolation: code in an interactive tool can connect to every service bound " +
      "to the host's localhost — the database, the GxIT proxy, Pulsar, Galaxy's own gunicorn, cloud metadata endpoints — " +
      "and bind ports on the host's interfaces.",
    fix: "Use `docker_net: bridge` (the container reaches Galaxy through galaxy_infrastructure_url) or a dedicated Docker network.",
    messages: {
      host: "docker_net is \"host\" on \"{{destination}}\": interactive tools reach every service on the host's localhost",
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
                docker_net: host
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
                docker_net: bridge
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/docker_util.py (docker_net → --net)", "Docker docs: 'Host network driver'"],
  },
  (ctx) => {
    for (const dest of dockerDestinations(ctx.deployment)) {
      if (dest.params.docker_net?.toLowerCase() !== "host") continue;
      ctx.report({ path: paramPath(dest, "docker_net"), messageId: "host", data: { destination: dest.id }, edit: { path: paramPath(dest, "docker_net"), value: "bridge" } });
    }
  },
);
