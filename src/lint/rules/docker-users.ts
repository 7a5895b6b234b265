// geerlingguy.docker adds docker_users to the docker group; without the
// Galaxy user there, Galaxy cannot start containers (or someone turns on
// docker_sudo to "fix" it). The Galaxy user is usually a variable
// ({var: galaxy_user.name}); its tutorial value is known, so the check
// resolves it, and says so.
import { textKey } from "../../config/text.js";
import { resolveKnown, sameText } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";
import { dockerUsersVerdict } from "../galaxy/docker-users.js";

export default defineRule(
  {
    id: "gxit-docker[users]",
    severity: "error",
    description: "docker.users is set but does not contain the Galaxy user, so Galaxy cannot start containers.",
    rationale:
      "gxit-gen emits docker_users for geerlingguy.docker, which adds those users to the docker group (and the role's " +
      "default is []). Galaxy starts every interactive tool with `docker run` as its own user; without group membership " +
      "each job fails with 'permission denied … docker.sock', and the usual workaround, docker_sudo, is root-equivalent. " +
      "galaxy.user defaults to `{var: galaxy_user.name}`, which the GTN tutorial's group_vars set to `galaxy` (the " +
      "galaxyproject.galaxy role reads it as __galaxy_user_name); the rule compares with that value. When the users " +
      "cannot be compared (other variables), gxit-docker[users-unverified] says so instead.",
    fix: "Add the Galaxy user to docker.users, e.g. `{var: galaxy_user.name}` (or remove docker.users to use gxit-gen's default, the Galaxy user).",
    messages: {
      missingGalaxyUser: "docker.users does not include the Galaxy user {{user}}; Galaxy cannot start containers without the docker group",
      missingResolvedUser:
        "docker.users does not include the Galaxy user {{user}} ({{variable}} is {{value}} in the GTN tutorial's group_vars); Galaxy cannot start containers without the docker group",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          user: {var: galaxy_user.name}
        docker:
          users: [ubuntu]
      `,
      correct: yaml`
        version: 1
        galaxy:
          user: {var: galaxy_user.name}
        docker:
          users: [ubuntu, {var: galaxy_user.name}]
      `,
    },
    sources: [
      "geerlingguy/ansible-role-docker tasks/docker-users.yml",
      "GTN tutorial 'Galaxy Installation with Ansible' (galaxy_user: {name: galaxy, shell: /bin/bash})",
      "galaxyproject.galaxy defaults/main.yml (__galaxy_user_name)",
    ],
  },
  (ctx) => {
    const d = ctx.deployment;
    const v = dockerUsersVerdict(d);
    if (v?.verdict !== "missing") return;
    const galaxyUser = resolveKnown(d.galaxy.user);
    const data = { user: textKey(d.galaxy.user) };
    if (!galaxyUser.resolved || sameText(d.galaxy.user, galaxyUser.text) === true) {
      ctx.report({ path: ["docker", "users"], messageId: "missingGalaxyUser", data });
    } else {
      ctx.report({
        path: ["docker", "users"],
        messageId: "missingResolvedUser",
        data: { ...data, variable: textKey(d.galaxy.user).replace(/^\{\{ | \}\}$/g, ""), value: textKey(galaxyUser.text) },
      });
    }
  },
);
