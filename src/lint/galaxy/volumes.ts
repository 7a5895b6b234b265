// A model of how Galaxy turns a destination's `docker_volumes` into `docker
// run -v` binds (lib/galaxy/tool_util/deps/container_classes.py):
//   * `$defaults` expands per runner: Pulsar runners stage into their own job
//     directory; every other runner mounts `$default_file_path` (the whole
//     dataset store) rw, or default_ro when galaxy.yml's global
//     outputs_to_working_directory is true;
//   * `Volume.parse_volume_str`: `A` → A:A:rw, `A:ro` → A:A:ro, `A:B` → A:B:rw,
//     `A:B:mode`; more parts is an error; modes rw, ro, default_ro, z, Z;
//   * `preprocess_volumes` keeps one volume per target and "volumes specified
//     later are favoured", so an admin can override a default by target.
// Variables stay symbolic (`$galaxy_root`) unless their value is known
// literally (only `$default_file_path`, from galaxy.config.file_path).
import { posix } from "node:path";
import type { RunnerModel } from "../../config/model.js";

export const VOLUME_MODES = ["rw", "ro", "default_ro", "z", "Z"] as const;
export type VolumeMode = (typeof VOLUME_MODES)[number];

export interface ParsedVolume {
  source: string;
  target: string;
  mode: string;
  /** False for `A` and `A:B`, which Galaxy mounts rw. */
  explicitMode: boolean;
}

export interface VolumeEntry {
  /** The entry as written (trimmed). */
  raw: string;
  /** Character range of the entry inside the docker_volumes string. */
  span: [number, number];
  parsed?: ParsedVolume;
  error?: string;
}

/** Galaxy's Volume.parse_volume_str, with an error instead of an exception. */
export function parseVolumeStr(raw: string): ParsedVolume | { error: string } {
  const parts = raw.split(":");
  if (parts.some((p) => p === "")) return { error: `"${raw}" has an empty part` };
  if (parts.length === 1) return { source: raw, target: raw, mode: "rw", explicitMode: false };
  if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    if ((VOLUME_MODES as readonly string[]).includes(b)) return { source: a, target: a, mode: b, explicitMode: true };
    return { source: a, target: b, mode: "rw", explicitMode: false };
  }
  if (parts.length === 3) {
    const [a, b, mode] = parts as [string, string, string];
    if (!(VOLUME_MODES as readonly string[]).includes(mode)) {
      return { error: `"${raw}" has mode "${mode}"; Galaxy knows ${VOLUME_MODES.join(", ")}` };
    }
    return { source: a, target: b, mode, explicitMode: true };
  }
  return { error: `"${raw}" has ${parts.length} ":"-separated parts; Galaxy accepts at most 3 (source:target:mode)` };
}

/** Splits a docker_volumes value on commas, keeping each entry's position. */
export function parseVolumeList(value: string): VolumeEntry[] {
  const entries: VolumeEntry[] = [];
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i < value.length && value[i] !== ",") continue;
    const chunk = value.slice(start, i);
    const lead = chunk.length - chunk.trimStart().length;
    const raw = chunk.trim();
    if (raw !== "") {
      const s = start + lead;
      const entry: VolumeEntry = { raw, span: [s, s + raw.length] };
      if (raw === "$defaults" || raw === "${defaults}") {
        entries.push(entry);
      } else {
        const p = parseVolumeStr(raw);
        if ("error" in p) entry.error = p.error;
        else entry.parsed = p;
        entries.push(entry);
      }
    }
    start = i + 1;
  }
  return entries;
}

export function isDefaultsEntry(e: VolumeEntry): boolean {
  return e.raw === "$defaults" || e.raw === "${defaults}";
}

/** What `$defaults` expands to for jobs of this runner (newest stored Galaxy code). */
export function defaultsFor(runner: RunnerModel | undefined, globalOtwd: boolean): ParsedVolume[] {
  const v = (spec: string): ParsedVolume => {
    const p = parseVolumeStr(spec);
    if ("error" in p) throw new Error(p.error);
    return p;
  };
  if (runner?.isPulsar) {
    return [
      v("$job_directory:default_ro"),
      v("$tool_directory:default_ro"),
      v("$job_directory/outputs:rw"),
      v("$working_directory:rw"),
      v("$tool_data_path:default_ro"),
    ];
  }
  return [
    v("$tmp_directory:rw"),
    v("$tmp_directory:/tmp:rw"),
    v("$galaxy_root:default_ro"),
    v("$tool_directory:default_ro"),
    v("$job_directory:default_ro"),
    v("$job_directory/outputs:rw"),
    v("$working_directory:rw"),
    v(`$default_file_path:${globalOtwd ? "default_ro" : "rw"}`),
    v("$tool_data_path:default_ro"),
  ];
}

/** Known literal values of Galaxy's volume variables (name without `$`). */
export type VolumeVars = Partial<Record<string, string>>;

const VAR_AT_START = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/;

/** The variable a path starts with (`$galaxy_root/x` → galaxy_root), if any. */
export function leadingVar(path: string): string | undefined {
  const m = VAR_AT_START.exec(path);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Substitutes known variables (as Python's safe_substitute: unknown ones stay)
 * and normalizes absolute literal paths, so targets compare as Galaxy's do.
 */
export function resolvePath(path: string, vars: VolumeVars): string {
  const name = leadingVar(path);
  let out = path;
  if (name !== undefined && vars[name] !== undefined) {
    out = vars[name] + path.slice(VAR_AT_START.exec(path)![0].length);
  }
  if (out.startsWith("/")) {
    const n = posix.normalize(out);
    return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
  }
  return out;
}

/** An effective bind after `$defaults` expansion and per-target dedupe. */
export interface EffectiveVolume {
  source: string;
  target: string;
  /** Mode as Docker sees it: default_ro → ro. */
  mode: string;
  /** The user's entry it came from (the `$defaults` entry for expanded ones). */
  from: VolumeEntry;
  viaDefaults: boolean;
}

export interface VolumeAnalysis {
  /** The docker_volumes string (Galaxy's default `$defaults` when unset). */
  value: string;
  explicit: boolean;
  entries: VolumeEntry[];
  effective: EffectiveVolume[];
}

export function analyzeVolumes(
  value: string | undefined,
  runner: RunnerModel | undefined,
  globalOtwd: boolean,
  vars: VolumeVars,
): VolumeAnalysis {
  const explicit = value !== undefined;
  const text = value ?? "$defaults";
  const entries = parseVolumeList(text);
  const byTarget = new Map<string, EffectiveVolume>();
  const add = (p: ParsedVolume, from: VolumeEntry, viaDefaults: boolean) => {
    const target = resolvePath(p.target, vars);
    // Later entries win: delete first so the map keeps the winner's order.
    byTarget.delete(target);
    byTarget.set(target, {
      source: resolvePath(p.source, vars),
      target,
      mode: p.mode === "default_ro" ? "ro" : p.mode,
      from,
      viaDefaults,
    });
  };
  for (const e of entries) {
    if (isDefaultsEntry(e)) {
      for (const p of defaultsFor(runner, globalOtwd)) add(p, e, true);
    } else if (e.parsed) {
      add(e.parsed, e, false);
    }
  }
  return { value: text, explicit, entries, effective: [...byTarget.values()] };
}

/** rw, z and Z all mount writable in Docker (z/Z only add an SELinux relabel). */
export function isWritableMode(mode: string): boolean {
  return mode !== "ro";
}

/**
 * Whether a bind source exposes the dataset store: the `$default_file_path`
 * variable (or a path below it), or — when file_path is known — a literal
 * path equal to, above, or inside it. Undefined means "cannot tell".
 */
export function touchesDatasets(source: string, fileStore: string | undefined): boolean | undefined {
  if (leadingVar(source) === "default_file_path") return true;
  if (leadingVar(source) !== undefined) return false;
  if (!source.startsWith("/")) return false; // a named Docker volume, not a host path
  if (fileStore === undefined) return undefined;
  return isSameOrInside(source, fileStore) || isSameOrInside(fileStore, source);
}

/** True when `path` is `dir` or lies below it (both normalized absolute paths). */
export function isSameOrInside(path: string, dir: string): boolean {
  if (dir === "/") return path.startsWith("/");
  return path === dir || path.startsWith(dir + "/");
}

/** Galaxy-owned trees whose write access lets a job change what Galaxy itself runs. */
export const GALAXY_OWNED_VARS = [
  "galaxy_root",
  "tool_directory",
  "tool_data_path",
  "shed_tool_data_path",
  "galaxy_data_manager_data_path",
  "library_import_dir",
] as const;

/** Host paths that expose a container engine's API socket (root on the host). */
export function exposesEngineSocket(source: string): boolean {
  if (!source.startsWith("/")) return false;
  const p = resolvePath(source, {});
  if (/(?:^|\/)(?:docker|containerd|podman|crio|dockershim)\.sock$/.test(p)) return true;
  return [
    "/",
    "/run",
    "/var",
    "/var/run",
    "/run/docker",
    "/var/run/docker",
    "/run/containerd",
    "/var/run/containerd",
    "/run/podman",
    "/var/lib/docker",
  ].includes(p);
}

/** Host directories every user and job share (world-writable, sticky). */
export const SHARED_HOST_DIRS = ["/tmp", "/var/tmp", "/dev/shm", "/run/shm"] as const;

/** The shared host directory a bind source is, or lies in (undefined for anything else). */
export function sharedHostDir(source: string): string | undefined {
  if (!source.startsWith("/")) return undefined;
  const p = resolvePath(source, {}).replace(/\/+$/, "") || "/";
  return SHARED_HOST_DIRS.find((dir) => isSameOrInside(p, dir));
}
