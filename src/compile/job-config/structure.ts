// The job configuration as one target-neutral structure, built once from the
// deployment model. Each output format has its own printer (print-xml.ts for
// job_conf.xml, print-yaml.ts for the inline galaxy_job_config); no emitter
// builds job-config text from the config directly.
import type { Deployment } from "../../config/model.js";
import type { Text } from "../../config/text.js";

/** A parameter value as Galaxy reads it: text (with Ansible references), a number, a flag, or a list (YAML only). */
export type JobParamValue = Text | number | boolean | Text[];

export interface JobRunner {
  id: string;
  /** Python `module:Class`. */
  load: string;
  /** Worker threads when the config sets them for this runner. */
  workers?: number;
  /** In the order Galaxy's docs list them: pulsar_config first, then the config's own. */
  params: Array<[string, JobParamValue]>;
}

export interface JobEnvironment {
  id: string;
  /** A runner id, or "dynamic" for a dispatcher (TPV). */
  runner: string;
  params: Array<[string, JobParamValue]>;
  env: Array<{ name: string; value: Text }>;
  /** Container resolvers of this environment only (YAML only). */
  containerResolvers: Array<{ type: string }>;
}

export interface JobToolRoute {
  id: string;
  environment: string;
}

/** One job conf limit (Galaxy's destination_* names, accepted by both formats). */
export interface JobLimit {
  type: string;
  value: number | string;
  id?: string;
  window?: number;
}

export interface JobConfig {
  /** Worker threads of runners that set none (XML `<plugins workers>`). */
  workers: number;
  runners: JobRunner[];
  defaultEnvironment: string;
  environments: JobEnvironment[];
  tools: JobToolRoute[];
  limits: JobLimit[];
}

/** The environment that hands every job to TPV. */
export const TPV_DISPATCHER = "tpv_dispatcher";

/** Galaxy's worker count for a runner that sets none (JobConfiguration.DEFAULT_NWORKERS). */
export const GALAXY_DEFAULT_WORKERS = 4;

/** The destinations as Galaxy environments (static job config, or TPV's destinations). */
export function buildEnvironments(d: Deployment): JobEnvironment[] {
  return d.jobs.destinations.map((dest) => {
    const params: Array<[string, JobParamValue]> = [];
    for (const [id, value] of Object.entries(dest.params)) {
      if (value === undefined) continue;
      params.push([id, value as JobParamValue]);
    }
    // Galaxy reads docker_env_<NAME> params as the container's environment.
    for (const [name, value] of Object.entries(dest.dockerEnv)) params.push([`docker_env_${name}`, value]);
    return {
      id: dest.id,
      runner: dest.runnerId,
      params,
      env: dest.env.map((e) => ({ name: e.id, value: e.value })),
      containerResolvers: dest.containerResolvers,
    };
  });
}

export function buildJobConfig(d: Deployment): JobConfig {
  const { jobs } = d;
  // With TPV the limits name TPV's destinations: TPV gives each job its destination's id.
  const limits: JobLimit[] = jobs.limits.map((l) => ({
    type: l.type,
    value: l.value,
    ...(l.id !== undefined ? { id: l.id } : {}),
    ...(l.window !== undefined ? { window: l.window } : {}),
  }));
  const runners: JobRunner[] = jobs.runners.map((r) => {
    const params: Array<[string, JobParamValue]> = [];
    if (r.pulsarConfig !== undefined) params.push(["pulsar_config", r.pulsarConfig]);
    for (const [id, value] of Object.entries(r.config.params ?? {})) params.push([id, value as JobParamValue]);
    const runner: JobRunner = { id: r.id, load: r.load, params };
    if (r.workers !== undefined) runner.workers = r.workers;
    return runner;
  });
  if (jobs.tpv !== undefined) {
    // TPV builds every destination itself from its file; Galaxy's job config
    // only names the dispatcher (as TPV's docs write it).
    const dispatcher: JobEnvironment = {
      id: TPV_DISPATCHER,
      runner: "dynamic",
      params: [
        ["type", "python"],
        ["function", "map_tool_to_destination"],
        ["rules_module", "tpv.rules"],
        ["tpv_config_files", [jobs.tpv.file]],
      ],
      env: [],
      containerResolvers: [],
    };
    return { workers: jobs.workers, runners, defaultEnvironment: TPV_DISPATCHER, environments: [dispatcher], tools: [], limits };
  }
  return {
    workers: jobs.workers,
    runners,
    defaultEnvironment: jobs.defaultDestination,
    environments: buildEnvironments(d),
    tools: jobs.tools.map((t) => ({ id: t.id, environment: t.destinationId })),
    limits,
  };
}
