// Interactive tools on job hosts other than the Galaxy host: which
// destinations send them there, whether the proxy reaches what the container
// monitor reports, and what bounds a session (the scheduler's walltime,
// Galaxy's per-user limit). Read the same way from configs and trees.
import { isRemoteJobHost, NATIVE_SPEC_PARAMS, setsWalltime } from "../../config/job-hosts.js";

export { isRemoteJobHost, reachableFromProxy } from "../../config/job-hosts.js";
import type { Deployment, DestinationModel, JobLimitModel } from "../../config/model.js";
import type { ConfigPath } from "../../config/source.js";
import { gxitDestinations, literalString, paramPath } from "./facts.js";

/** Docker destinations that run interactive tools on a remote job host. */
export function remoteGxitDestinations(d: Deployment): DestinationModel[] {
  return gxitDestinations(d).filter((dest) => dest.dockerEnabled && isRemoteJobHost(dest) && dest.params.container_monitor !== false);
}

/**
 * The destination's id as Galaxy limits name it: a tree's TPV destination
 * specialised for one tool (`dest[tool]`) is still TPV's `dest`.
 */
export function limitId(dest: DestinationModel): string {
  return dest.id.replace(/\[.*\]$/, "");
}

export type WalltimeSource =
  | { kind: "destination"; path: ConfigPath }
  | { kind: "native-spec"; param: string; path: ConfigPath }
  | { kind: "galaxy-limit"; path: ConfigPath }
  /** A native specification from an Ansible variable: it may set one. */
  | { kind: "unknown"; path: ConfigPath };

/**
 * What bounds a job's run time on this destination, if anything does: the
 * scheduler's wall-clock option, or, on a cluster runner (which Galaxy
 * polls, checking its limits), Galaxy's global walltime limit. A Pulsar
 * job's run time is counted on the Pulsar side, so there only the
 * scheduler's option counts.
 */
export function walltimeOf(d: Deployment, dest: DestinationModel): WalltimeSource | undefined {
  if (dest.walltime) return { kind: "destination", path: dest.walltime.path };
  const params = dest.params as Record<string, unknown>;
  let unknown: WalltimeSource | undefined;
  for (const param of NATIVE_SPEC_PARAMS) {
    const value = params[param];
    if (value === undefined) continue;
    const spec = literalString(value);
    if (spec !== undefined && setsWalltime(spec)) return { kind: "native-spec", param, path: paramPath(dest, param) };
    if (spec === undefined || spec.includes("{{")) unknown ??= { kind: "unknown", path: paramPath(dest, param) };
  }
  if (unknown) return unknown;
  const global = d.jobs.limits.find((l) => l.type === "walltime");
  return global && dest.runner?.kind === "cluster" ? { kind: "galaxy-limit", path: global.path } : undefined;
}

/** Galaxy's destination_user_concurrent_jobs limit that covers this destination (by id or by one of its tags). */
export function userLimitOf(d: Deployment, dest: DestinationModel): JobLimitModel | undefined {
  const id = limitId(dest);
  return d.jobs.limits.find(
    (l) => l.type === "destination_user_concurrent_jobs" && (l.id === id || (l.tag !== undefined && dest.tags.includes(l.tag))),
  );
}
