// The roles the playbook runs and requirements.yml installs: the existing
// roles from the config, usegalaxy_eu.aws_cli before galaxyproject.nginx for
// route53, then geerlingguy.docker and the proxy role, as the tutorial adds them.
import type { Deployment } from "../../config/model.js";

export interface PlannedRole {
  name: string;
  /** Version for requirements.yml; undefined for roles the config gives no version or that ship in roles/. */
  version: string | undefined;
  attributes: Array<[string, string | boolean]>;
}

export const BUNDLED_PROXY_ROLE = "gxit_proxy";

export function plannedRoles(d: Deployment): PlannedRole[] {
  const cfg = d.config;
  const roles: PlannedRole[] = cfg.playbook!.roles!.map((r) => {
    const attributes: Array<[string, string | boolean]> = [];
    if (r.become !== undefined) attributes.push(["become", r.become]);
    if (r.become_user !== undefined) attributes.push(["become_user", r.become_user]);
    return { name: r.name, version: r.version, attributes };
  });
  const has = (name: string) => roles.some((r) => r.name === name);
  if (d.certbot.enabled && d.certbot.dnsProvider === "route53" && !has("usegalaxy_eu.aws_cli")) {
    const nginxAt = roles.findIndex((r) => r.name === "galaxyproject.nginx");
    const awsCli = { name: "usegalaxy_eu.aws_cli", version: cfg.certbot!.aws_cli_role_version, attributes: [] };
    roles.splice(nginxAt >= 0 ? nginxAt : roles.length, 0, awsCli);
  }
  if (!has("geerlingguy.docker")) {
    roles.push({ name: "geerlingguy.docker", version: cfg.docker!.role_version, attributes: [] });
  }
  // Gravity (part of galaxyproject.galaxy's Galaxy) runs the proxy: no role.
  const proxyRole = d.proxy.role === "gxit_proxy" ? BUNDLED_PROXY_ROLE : d.proxy.role === "gravity" ? undefined : "usegalaxy_eu.gie_proxy";
  if (proxyRole !== undefined && !has(proxyRole)) {
    roles.push({
      name: proxyRole,
      version: proxyRole === BUNDLED_PROXY_ROLE ? undefined : cfg.proxy!.role_version,
      attributes: [],
    });
  }
  return roles;
}

/**
 * meta/main.yml min_ansible_version of pinned roles where it exceeds what
 * older controllers run (ansible-role-contracts §5): geerlingguy.docker from 7.0.0.
 */
const MIN_ANSIBLE: Array<{ role: string; fromMajor: number; version: string }> = [
  { role: "geerlingguy.docker", fromMajor: 7, version: "2.15.1" },
];

/** The highest min_ansible_version among the planned roles that is known to matter, if any. */
export function minAnsibleVersion(d: Deployment): { role: string; version: string } | undefined {
  for (const r of plannedRoles(d)) {
    const major = Number(/^v?([0-9]+)\./.exec(r.version ?? "")?.[1]);
    const known = MIN_ANSIBLE.find((m) => m.role === r.name && major >= m.fromMajor);
    if (known) return { role: `${r.name} ${r.version}`, version: known.version };
  }
  return undefined;
}
