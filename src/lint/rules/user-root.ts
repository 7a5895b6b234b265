// Explicit root in the container, with writable host mounts, writes host
// files as root.
import { dockerDestinations, paramPath, runArgsOf } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

/** `root`, `0`, `root:…`, `0:…` (uid 0 with any group). */
export function isRootUser(v: string): boolean {
  const user = v.trim().split(":")[0]!;
  return user === "root" || /^0+$/.test(user);
}

export default defineRule(
  {
    id: "gxit-user[root]",
    severity: "error",
    description: "Containers run explicitly as root (docker_set_user or --user of root/0).",
    rationale:
      "Interactive tools execute whatever their user types. As uid 0 inside the container, that code owns every writable " +
      "bind mount on the host side (outputs, working directory, anything else mounted) and has the most kernel attack " +
      "surface. Galaxy's default `$UID` runs the container as the Galaxy user.",
    fix: "Remove docker_set_user (Galaxy's default `$UID`) or set an unprivileged uid; images that need root at start-up should drop privileges themselves.",
    messages: {
      setUser: "docker_set_user \"{{user}}\" runs interactive tools as root",
      runArgs: "{{flag}} {{user}} in docker_run_extra_arguments runs interactive tools as root",
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
                docker_set_user: "0:0"
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
                docker_set_user: $UID
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/docker_util.py"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of dockerDestinations(d)) {
      const u = dest.params.docker_set_user;
      if (u !== undefined && u.trim() !== "" && isRootUser(u)) {
        ctx.report({ path: paramPath(dest, "docker_set_user"), messageId: "setUser", data: { user: u } });
      }
      const args = runArgsOf(d, dest);
      for (const f of args?.flags ?? []) {
        if (f.name !== "--user" || f.value === undefined || f.dynamic || !isRootUser(f.value)) continue;
        ctx.report({
          path: paramPath(dest, "docker_run_extra_arguments"),
          span: [f.start, f.end],
          subject: `--user=${f.value}`,
          messageId: "runArgs",
          data: { flag: f.written, user: f.value },
        });
      }
    }
  },
);
