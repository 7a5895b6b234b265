// Which binds of a Docker destination expose Galaxy's dataset store, and
// where in the config each one comes from (the `$defaults` entry, an explicit
// volume, or a -v/--mount in docker_run_extra_arguments). Shared by the
// datasets-rw and datasets-readable rules, which differ only in the mode.
import type { Deployment, DestinationModel } from "../../config/model.js";
import type { ConfigPath } from "../../config/source.js";
import { dockerMounts } from "./docker-args.js";
import { datasetStore, isRemotePulsar, paramPath, runArgsOf, runsDockerLocally, volumesOf } from "./facts.js";
import { isWritableMode, resolvePath, touchesDatasets } from "./volumes.js";

export interface DatasetMount {
  writable: boolean;
  /** How it came about, for messages. */
  origin: "defaults" | "implicit-defaults" | "volume" | "run-args";
  /** The bind as Docker gets it, e.g. `$default_file_path:$default_file_path:rw`. */
  bind: string;
  /** The entry as written. */
  raw: string;
  path: ConfigPath;
  span?: [number, number];
}

export function datasetMounts(d: Deployment, dest: DestinationModel, otwd: boolean): DatasetMount[] {
  if (!runsDockerLocally(dest)) return [];
  // A remote Pulsar server mounts paths of its own host; Galaxy's store is not there.
  if (isRemotePulsar(dest)) return [];
  const store = datasetStore(d);
  const out: DatasetMount[] = [];
  const va = volumesOf(d, dest, otwd);
  for (const v of va.effective) {
    if (touchesDatasets(v.source, store) !== true) continue;
    const bind = v.source === v.target ? `${v.source}:${v.mode}` : `${v.source}:${v.target}:${v.mode}`;
    if (v.viaDefaults && !va.explicit) {
      out.push({ writable: isWritableMode(v.mode), origin: "implicit-defaults", bind, raw: "$defaults", path: paramPath(dest, "docker_enabled") });
    } else {
      out.push({
        writable: isWritableMode(v.mode),
        origin: v.viaDefaults ? "defaults" : "volume",
        bind,
        raw: v.from.raw,
        path: paramPath(dest, "docker_volumes"),
        span: v.from.span,
      });
    }
  }
  const args = runArgsOf(d, dest);
  if (args) {
    for (const m of dockerMounts(args)) {
      if (m.type !== "bind" || m.source === undefined || m.flag.dynamic) continue;
      const source = resolvePath(m.source, store ? { default_file_path: store } : {});
      if (touchesDatasets(source, store) !== true) continue;
      out.push({
        writable: !m.readOnly,
        origin: "run-args",
        bind: `${source}:${m.target ?? "?"}:${m.readOnly ? "ro" : "rw"}`,
        raw: args.flags.length > 0 ? `${m.flag.written} ${m.flag.value}` : m.source,
        path: paramPath(dest, "docker_run_extra_arguments"),
        span: [m.flag.start, m.flag.end],
      });
    }
  }
  return out;
}
