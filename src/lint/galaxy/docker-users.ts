// Whether docker.users contains the Galaxy user, shared by gxit-docker[users]
// (known to be missing) and gxit-docker[users-unverified] (cannot tell).
import type { Deployment } from "../../config/model.js";
import { resolveKnown, sameText } from "./facts.js";

export type DockerUsersVerdict = "present" | "missing" | "unknown";

/** Undefined when docker.users is not set (gxit-gen then emits the Galaxy user itself). */
export function dockerUsersVerdict(d: Deployment): { verdict: DockerUsersVerdict } | undefined {
  const users = d.config.docker?.users;
  if (users === undefined) return undefined;
  const galaxyUser = d.galaxy.user;
  const resolvedGalaxy = resolveKnown(galaxyUser).text;
  // Compare as written first ({var: galaxy_user.name} listed is the Galaxy user whatever it holds), then resolved.
  const verdicts = users.map((u) => {
    if (sameText(u, galaxyUser) === true) return true;
    return sameText(resolveKnown(u).text, resolvedGalaxy);
  });
  if (verdicts.some((v) => v === true)) return { verdict: "present" };
  if (verdicts.every((v) => v === false)) return { verdict: "missing" };
  return { verdict: "unknown" };
}
