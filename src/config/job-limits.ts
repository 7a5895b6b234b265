// What bounds a job on a job host: the wall-clock option of the scheduler's
// native specification, and Galaxy's job conf limits. Shared by the front
// end (which writes limits.walltime into the right param) and by lint (which
// reads both from configs and hand-written trees alike).
import type { JobLimitType, RunnerModel } from "./model.js";

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
