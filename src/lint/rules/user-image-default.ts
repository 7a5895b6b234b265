// docker_set_user: "" drops --user, so the container runs as the image's USER.
import { dockerDestinations, paramPath } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-user[image-default]",
    severity: "note",
    description: "docker_set_user is empty, so the container runs as the image's default user (often root).",
    rationale:
      "Galaxy passes `--user <value>` unless docker_set_user is empty; the default `$UID` is Galaxy's own uid:gid. Empty " +
      "means the image's USER, which for many images is root. The tutorial and Galaxy's job_conf.yml.interactivetools " +
      "sample use it because Jupyter's image starts as root and drops to $NB_UID; combined with writable mounts, root in " +
      "the container owns what it writes on the host.",
    fix:
      "Keep it only for images that drop privileges themselves, and pass their target uid (e.g. " +
      "`docker_run_extra_arguments: -e NB_UID=$(id -u)`); otherwise remove docker_set_user to run as Galaxy's user.",
    messages: {
      emptyUser: "docker_set_user is empty on \"{{destination}}\": the container runs as the image's default user, often root",
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
                docker_set_user: ""
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
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/docker_util.py (DEFAULT_SET_USER = \"$UID\")", "galaxyproject/galaxy#18861"],
  },
  (ctx) => {
    for (const dest of dockerDestinations(ctx.deployment)) {
      const u = dest.params.docker_set_user;
      if (u === undefined || u.trim() !== "") continue;
      ctx.report({
        path: paramPath(dest, "docker_set_user"),
        messageId: "emptyUser",
        data: { destination: dest.id },
      });
    }
  },
);
