// Galaxy release numbers (YY.N) as the config names them, and the facts that
// depend on them: which wildcard host form Galaxy hands out and which
// interactive-tool options exist. Lint and normalize both read these.

export interface GalaxyVersion {
  major: number;
  minor: number;
  /** As written in the config, e.g. "24.2". */
  text: string;
}

export function parseGalaxyVersion(text: string): GalaxyVersion {
  const [major, minor] = text.split(".").map(Number) as [number, number];
  return { major, minor, text };
}

/** a < b: -1, a == b: 0, a > b: 1. */
export function compareVersion(a: GalaxyVersion, b: string): number {
  const v = parseGalaxyVersion(b);
  return a.major !== v.major ? Math.sign(a.major - v.major) : Math.sign(a.minor - v.minor);
}

/** Galaxy hands out `*.ep.<prefix>.<host>` from 23.2; through 23.1 `*.interactivetoolentrypoint.<prefix>.<host>`. */
export const EP_WILDCARD_SINCE = "23.2";

/** Gravity gained the gx_it_proxy service with Galaxy 23.0. */
export const GRAVITY_PROXY_SINCE = "23.0";

export function entryPointStyleFor(v: GalaxyVersion): "legacy" | "ep" {
  return compareVersion(v, EP_WILDCARD_SINCE) >= 0 ? "ep" : "legacy";
}

/** Galaxy options gxit-gen knows were removed, with the release that dropped them. */
export const REMOVED_GALAXY_OPTIONS: Record<string, { since: string; why: string }> = {
  interactivetools_shorten_url: {
    since: "23.2",
    why: "removed with the *.ep. host form (galaxyproject/galaxy#16795); Galaxy ignores it",
  },
};
