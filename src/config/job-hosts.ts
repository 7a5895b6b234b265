// Job hosts other than the Galaxy host, and what bounds a job there: the
// wall-clock option of the scheduler's native specification and Galaxy's job
// conf limits. Shared by the front end (which writes limits.walltime into
// the right param), the compiled README (what each job host needs) and lint
// (which reads all of it from configs and hand-written trees alike).
import type { JobLimits } from "../schema/config-types.generated.js";
import type { Diagnostic } from "../util/errors.js";
import { closestMatch } from "../util/suggest.js";
import type { DestinationModel, JobLimitModel, JobLimitType, RunnerModel } from "./model.js";
import type { ConfigSource } from "./source.js";

/** Runner kinds whose jobs run on another machine than Galaxy and take the Docker params (Kubernetes reports ports its own way). */
const REMOTE_KINDS = new Set(["pulsar_rest", "pulsar_mq", "cluster"]);

export function isRemoteJobHost(dest: DestinationModel): boolean {
  return REMOTE_KINDS.has(dest.runner?.kind ?? "");
}

/**
 * Whether the proxy reaches the address the job host reports: as the config
 * says, else assumed, except behind a message queue (Pulsar over AMQP is
 * chosen where Galaxy cannot reach the job host: NAT, another site).
 */
export function reachableFromProxy(dest: DestinationModel): { value: boolean; declared: boolean } {
  const said = dest.jobHost.reachableFromProxy;
  return said !== undefined ? { value: said, declared: true } : { value: dest.runner?.kind !== "pulsar_mq", declared: false };
}

/** The destination params a scheduler's native specification is read from. */
export const NATIVE_SPEC_PARAMS = ["nativeSpecification", "native_specification", "submit_native_specification"] as const;

/** Galaxy's limit types; `environment_*` (YAML job conf) are aliases of `destination_*`. */
export const LIMIT_TYPES: readonly JobLimitType[] = [
  "registered_user_concurrent_jobs",
  "anonymous_user_concurrent_jobs",
  "destination_user_concurrent_jobs",
  "destination_total_concurrent_jobs",
  "walltime",
  "total_walltime",
  "output_size",
];

/** Galaxy's duration form for walltime limits: [D-]HH:MM:SS. */
export const DURATION = /^(?:[0-9]+-)?[0-9]{1,4}:[0-5][0-9]:[0-5][0-9]$/;
/** A size as Galaxy's output_size limit reads it (10GB, 10g, 10240 Mb, 10737418240). */
export const SIZE = /^[0-9]+(?:\.[0-9]+)?\s*(?:[KMGTP]i?B?|B)?$/i;

/** Why a limit's value does not fit its type (undefined when it does), for one clear message. */
export function limitValueProblem(type: JobLimitType, value: unknown): string | undefined {
  if (type.endsWith("_concurrent_jobs")) return typeof value === "number" && Number.isInteger(value) && value >= 1 ? undefined : `a ${type} limit is a number of jobs, e.g. 2`;
  if (type === "walltime" || type === "total_walltime") return typeof value === "string" && DURATION.test(value) ? undefined : `a ${type} limit is a duration written HH:MM:SS, e.g. "24:00:00" (quoted)`;
  return typeof value === "string" && SIZE.test(value) ? undefined : `an output_size limit is a size such as "10GB"`;
}

/** A limit type as a job conf writes it, in Galaxy's canonical name (undefined: not a limit Galaxy knows). */
export function canonicalLimitType(type: string): JobLimitType | undefined {
  const t = type.replace(/^environment_/, "destination_");
  return (LIMIT_TYPES as readonly string[]).includes(t) ? (t as JobLimitType) : undefined;
}

/** Limit types that apply to one destination (by id or tag). */
export function isDestinationLimit(type: JobLimitType): boolean {
  return type === "destination_user_concurrent_jobs" || type === "destination_total_concurrent_jobs";
}

/**
 * Whether a native specification sets a wall-clock limit: Slurm's `--time`
 * / `-t`, PBS's `-l walltime=`, Grid Engine's `-l h_rt=`, HTCondor's
 * `+MaxRuntime` / `periodic_remove` on run time.
 */
export function setsWalltime(spec: string): boolean {
  return /(?:^|\s)(?:--time(?:=|\s+)\S|-t\s*\S)|(?:^|[\s,:])(?:walltime|h_rt|s_rt)=|MaxRuntime|RemoteWallClockTime/.test(spec);
}

/** The value of Slurm's `--time` / `-t` in a native specification, if it has one. */
export function slurmTimeOf(spec: string): string | undefined {
  return /(?:^|\s)(?:--time(?:=|\s+)|-t\s*)([^\s]+)/.exec(spec)?.[1];
}

/**
 * The param gxit-gen writes limits.walltime into, as Slurm's --time: the
 * Slurm runner's nativeSpecification, or the submit_native_specification a
 * Pulsar server hands to its Slurm or DRMAA manager. Undefined for runners
 * that take no Slurm options.
 */
export function walltimeParam(runner: RunnerModel): "nativeSpecification" | "submit_native_specification" | undefined {
  if (runner.load.startsWith("galaxy.jobs.runners.slurm:")) return "nativeSpecification";
  if (runner.kind === "pulsar_rest" || runner.kind === "pulsar_mq") return "submit_native_specification";
  return undefined;
}

/**
 * Galaxy's job conf limits: jobs.limits as written, checked as Galaxy reads
 * them, then what each destination's `limits` adds (destination_* limits by
 * the destination's id), each problem at its key.
 */
export function normalizeLimits(source: ConfigSource, configured: JobLimits, destinations: readonly DestinationModel[], problems: Diagnostic[]): JobLimitModel[] {
  const ids = new Set(destinations.map((d) => d.id));
  const limits: JobLimitModel[] = [];
  configured.forEach((l, i) => {
    const path = ["jobs", "limits", i] as const;
    const at = (key: string) => source.locate([...path, key]);
    const perDestination = isDestinationLimit(l.type);
    if (perDestination && l.id === undefined) {
      problems.push({ file: source.file, position: source.locateKey([...path, "type"]), message: `jobs.limits[${i}]: a ${l.type} limit needs the id of the destination it limits` });
    } else if (perDestination && !ids.has(l.id!)) {
      const guess = closestMatch(l.id!, [...ids]);
      problems.push({ file: source.file, position: at("id"), message: `jobs.limits[${i}]: destination "${l.id}" is not in jobs.destinations${guess ? `; did you mean "${guess}"?` : ""}` });
    } else if (!perDestination && l.id !== undefined) {
      problems.push({ file: source.file, position: source.locateKey([...path, "id"]), message: `jobs.limits[${i}]: a ${l.type} limit applies to every job and takes no id; remove it` });
    }
    if (l.window !== undefined && l.type !== "total_walltime") {
      problems.push({ file: source.file, position: source.locateKey([...path, "window"]), message: `jobs.limits[${i}]: window belongs to total_walltime only; remove it` });
    }
    const valueProblem = limitValueProblem(l.type, l.value);
    if (valueProblem !== undefined) problems.push({ file: source.file, position: at("value"), message: `jobs.limits[${i}]: ${valueProblem}` });
    limits.push({ type: l.type, value: l.value, ...(l.id !== undefined ? { id: l.id } : {}), ...(l.window !== undefined ? { window: l.window } : {}), path });
  });
  for (const dest of destinations) {
    const own = dest.config.limits ?? {};
    for (const [key, type] of [["user_concurrent_jobs", "destination_user_concurrent_jobs"], ["total_concurrent_jobs", "destination_total_concurrent_jobs"]] as const) {
      const value = own[key];
      if (value === undefined) continue;
      const path = [...dest.path, "limits", key];
      const twice = limits.findIndex((l) => l.type === type && l.id === dest.id);
      if (twice >= 0) {
        problems.push({ file: source.file, position: source.locate(path), message: `destination "${dest.id}": limits.${key} and jobs.limits[${twice}] both set ${type}; keep one` });
        continue;
      }
      limits.push({ type, value, id: dest.id, path });
    }
  }

  return limits;
}
