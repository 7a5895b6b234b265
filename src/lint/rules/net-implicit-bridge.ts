// Galaxy's sample says a destination without docker_net "will not have any
// networking enabled"; the code just omits --net, so Docker uses its default
// bridge. Making it explicit avoids the false sense of isolation.
import { dockerDestinations, paramPath, runArgsOf } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-net[implicit-bridge]",
    severity: "note",
    description: "docker_net is unset: the container joins Docker's default bridge network, not 'no network'.",
    rationale:
      "Galaxy's sample job configuration claims a container without docker_net has no networking; docker_util only " +
      "leaves out `--net`, and Docker then attaches the container to the default `bridge` network, with outbound access. " +
      "Interactive tools such as Jupyter also receive the user's API key, so network access means acting as that user " +
      "against the Galaxy API — expected, but it should be a visible decision.",
    fix: "Write the network you mean: `docker_net: bridge` (what you get today), or `none` for tools that need no network.",
    messages: {
      implicitBridge: "docker_net is unset on \"{{destination}}\": containers join Docker's default bridge network; write docker_net: bridge (or none) to make it explicit",
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
    sources: ["lib/galaxy/tool_util/deps/docker_util.py (DEFAULT_NET = None)", "lib/galaxy/config/sample/job_conf.sample.yml"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of dockerDestinations(d)) {
      if (dest.params.docker_net !== undefined) continue;
      if (runArgsOf(d, dest)?.flags.some((f) => f.name === "--network")) continue;
      ctx.report({
        path: paramPath(dest, "docker_net"),
        messageId: "implicitBridge",
        data: { destination: dest.id },
        edit: { path: paramPath(dest, "docker_net"), value: "bridge" },
      });
    }
  },
);
