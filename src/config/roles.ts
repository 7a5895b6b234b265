// Facts about the upstream roles gxit-gen's output drives, at the tags it
// pins: the versions to pin by default and each role's min_ansible_version
// (from meta/main.yml of the role's repository at that tag; see
// /work/shared/roles and the role contracts reference).

/**
 * Versions requirements.yml pins for the roles the earlier tutorials add, when
 * the config names the role without one: the newest tags that run Galaxy's XML
 * job conf (galaxyproject.galaxy) and that git-gat pins (galaxyproject.nginx).
 */
const ROLE_DEFAULT_VERSIONS: Readonly<Record<string, string>> = {
  "galaxyproject.galaxy": "0.10.14",
  "galaxyproject.nginx": "0.7.1",
};

/** The current tutorial's Galaxy (Gravity-run proxy, inline job config) needs the newer galaxyproject.galaxy. */
const CURRENT_ROLE_DEFAULT_VERSIONS: Readonly<Record<string, string>> = {
  ...ROLE_DEFAULT_VERSIONS,
  "galaxyproject.galaxy": "0.12.10",
};

export function roleDefaultVersion(target: string, role: string): string | undefined {
  return (target === "gtn-current" ? CURRENT_ROLE_DEFAULT_VERSIONS : ROLE_DEFAULT_VERSIONS)[role];
}

/** geerlingguy.docker for controllers below 7.x's min_ansible_version (GTN, April 2025; git-gat today). */
export const DOCKER_FOR_OLD_ANSIBLE = "6.1.0";

/** Debian 12 (bookworm)'s ansible-core, which this project's CI runs: the default of ansible_core. */
export const DEFAULT_ANSIBLE_CORE = "2.14";

/**
 * min_ansible_version by role, as [first tag, min_ansible_version] steps in
 * ascending order: a tag gets the value of the last step at or below it.
 */
const MIN_ANSIBLE_STEPS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  "geerlingguy.docker": [
    ["2.6.0", "2.4"],
    ["7.8.0", "2.15.1"],
  ],
  "galaxyproject.galaxy": [["0.10.14", "2.10"]],
  "galaxyproject.nginx": [
    ["0.7.1", "2.7"],
    ["1.0.2", "2.11"],
  ],
  "usegalaxy_eu.certbot": [["0.1.9", "2.9"]],
  "usegalaxy_eu.gie_proxy": [["0.0.2", "2.7"]],
  "usegalaxy_eu.aws_cli": [["0.0.1", "2.5"]],
};

/** Compares dotted numeric versions (2.15.1 > 2.14; 2.14 == 2.14.0). Non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(".").map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The role's min_ansible_version at `version`, or undefined when gxit-gen does not know the role or a tag that old. */
export function minAnsibleVersion(role: string, version: string): string | undefined {
  let found: string | undefined;
  for (const [tag, min] of MIN_ANSIBLE_STEPS[role] ?? []) {
    if (compareVersions(tag, version) <= 0) found = min;
  }
  return found;
}
