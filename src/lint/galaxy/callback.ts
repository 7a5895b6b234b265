// What the container monitor's callback needs: the destinations that use it
// and galaxy_infrastructure_url, read as far as the config makes it literal
// (a template such as "https://{{ inventory_hostname }}/" still has a known
// scheme even though its host is an Ansible variable).
import type { Deployment, DestinationModel } from "../../config/model.js";
import type { ConfigPath } from "../../config/source.js";
import { isTemplateRef, isVarRef, textParts, type Text } from "../../config/text.js";
import { dockerDestinations, galaxyOption } from "./facts.js";

export function destinationsWithCallback(d: Deployment): DestinationModel[] {
  return dockerDestinations(d).filter(
    (dest) => dest.params.container_monitor_result === "callback" && dest.params.container_monitor !== false,
  );
}

/** Runners whose jobs run on the Galaxy host itself (where localhost is Galaxy). */
function runsOnGalaxyHost(dest: DestinationModel): boolean {
  return dest.runner?.kind === "local" || dest.runner?.kind === "pulsar_embedded";
}

/** Callback destinations whose container monitor posts from another machine than Galaxy's. */
export function remoteCallbackDestinations(d: Deployment): DestinationModel[] {
  return destinationsWithCallback(d).filter((dest) => !runsOnGalaxyHost(dest));
}

export interface InfrastructureUrl {
  path: ConfigPath;
  /** Lower-case scheme when the text starts with a literal `scheme://`. */
  scheme?: string;
  /** Host when the literal part covers it. */
  host?: string;
}

export function infrastructureUrl(d: Deployment): InfrastructureUrl | undefined {
  const o = galaxyOption(d, "galaxy_infrastructure_url");
  if (o === undefined || o.value === null || o.value === undefined) return undefined;
  const v = o.value;
  if (!(typeof v === "string" || isVarRef(v) || isTemplateRef(v))) return { path: o.path };
  if (typeof v === "string" && v.trim() === "") return undefined;
  const parts = textParts(v as Text);
  const first = parts[0];
  const out: InfrastructureUrl = { path: o.path };
  if (first?.kind !== "literal") return out;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(first.text);
  if (!m) return out;
  out.scheme = m[1]!.toLowerCase();
  // The host is known when the literal continues past it (a "/" follows, or nothing else does).
  const authorityEnds = first.text.length > m[0].length || parts.length === 1;
  if (authorityEnds && m[2] !== "") {
    out.host = m[2]!.replace(/^[^@]*@/, "").replace(/:\d+$/, "");
  }
  return out;
}
