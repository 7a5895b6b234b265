// The note half of gxit-docker[users]: when docker.users and the Galaxy user
// are variables whose values the config does not show, say that the check
// could not be made instead of passing silently.
import { textKey } from "../../config/text.js";
import { dockerUsersVerdict } from "../galaxy/docker-users.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-docker[users-unverified]",
    severity: "note",
    description: "docker.users and the Galaxy user cannot be compared (Ansible variables), so gxit-docker[users] could not check them.",
    rationale:
      "Galaxy needs its user in the docker group to start interactive tools. When docker.users lists variables and " +
      "galaxy.user is another variable whose value gxit-gen does not know, lint cannot tell whether the Galaxy user is " +
      "in the list; a silent pass would look like a verified one.",
    fix: "List the Galaxy user's own variable in docker.users (e.g. `{var: galaxy_user.name}`), or write the user names literally.",
    messages: {
      unverified: "cannot tell whether docker.users ({{users}}) includes the Galaxy user {{user}}: they are Ansible variables",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          user: {var: my_galaxy_user}
        docker:
          users: [{var: my_admin_user}]
      `,
      correct: yaml`
        version: 1
        galaxy:
          user: {var: my_galaxy_user}
        docker:
          users: [{var: my_admin_user}, {var: my_galaxy_user}]
      `,
    },
  },
  (ctx) => {
    const d = ctx.deployment;
    if (dockerUsersVerdict(d)?.verdict !== "unknown") return;
    ctx.report({
      path: ["docker", "users"],
      messageId: "unverified",
      data: { users: (d.config.docker?.users ?? []).map(textKey).join(", "), user: textKey(d.galaxy.user) },
    });
  },
);
