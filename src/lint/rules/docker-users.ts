// geerlingguy.docker adds docker_users to the docker group; without the
// Galaxy user there, Galaxy cannot start containers (or someone turns on
// docker_sudo to "fix" it).
import { sameText } from "../galaxy/facts.js";
import { textKey } from "../../config/text.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-docker[users]",
    severity: "error",
    description: "docker.users is set but does not contain the Galaxy user, so Galaxy cannot start containers.",
    rationale:
      "gxit-gen emits docker_users for geerlingguy.docker, which adds those users to the docker group (and the role's " +
      "default is []). Galaxy starts every interactive tool with `docker run` as its own user; without group membership " +
      "each job fails with 'permission denied … docker.sock', and the usual workaround, docker_sudo, is root-equivalent.",
    fix: "Add the Galaxy user to docker.users, e.g. `{var: galaxy_user.name}` (or remove docker.users to use gxit-gen's default, the Galaxy user).",
    messages: {
      missingGalaxyUser: "docker.users does not include the Galaxy user {{user}}; Galaxy cannot start containers without the docker group",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          user: galaxy
        docker:
          users: [admin]
      `,
      correct: yaml`
        version: 1
        galaxy:
          user: galaxy
        docker:
          users: [admin, galaxy]
      `,
    },
    sources: ["geerlingguy/ansible-role-docker tasks/docker-users.yml", "GTN tutorial 'Installing Docker'"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const users = d.config.docker?.users;
    if (users === undefined) return;
    const galaxyUser = d.galaxy.user;
    const verdicts = users.map((u) => sameText(u, galaxyUser));
    if (verdicts.some((v) => v === true)) return;
    // Only when every entry is known to differ; a variable we cannot resolve might be the Galaxy user.
    if (!verdicts.every((v) => v === false)) return;
    ctx.report({
      path: ["docker", "users"],
      messageId: "missingGalaxyUser",
      data: { user: textKey(galaxyUser) },
    });
  },
);
