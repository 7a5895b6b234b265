// The roles the playbook runs and requirements.yml installs: the existing
// roles from the config, usegalaxy_eu.aws_cli before galaxyproject.nginx for
// route53, then geerlingguy.docker and the proxy role, as the tutorial adds them.
import type { Deployment } from "../../config/model.js";

export interface PlannedRole {
  name: string;
  /** Version for requirements.yml; undefined for the bundled role and the site's own roles, which live in roles/. */
  version: string | undefined;
  attributes: Array<[string, string | boolean]>;
}

export const BUNDLED_PROXY_ROLE = "gxit_proxy";

/** galaxyproject.nginx runs `nginx_ssl_role` (the tutorial's certbot role) itself. */
export const INCLUDED_BY_NGINX = "usegalaxy_eu.certbot";

/**
 * Every external role the play needs installed, in play order: the planned
 * roles (minus the bundled one, which ships in roles/) and the certbot role
 * that galaxyproject.nginx includes when the certificate is managed.
 */
export function requiredRoles(d: Deployment): Array<{ name: string; version: string }> {
  // The bundled role ships in roles/, and so does a site's own role (no namespace, no version).
  const roles = plannedRoles(d).flatMap((r) => (r.version === undefined ? [] : [{ name: r.name, version: r.version }]));
  const nginxAt = roles.findIndex((r) => r.name === "galaxyproject.nginx");
  if (d.certbot.enabled && nginxAt >= 0 && !roles.some((r) => r.name === INCLUDED_BY_NGINX)) {
    roles.splice(nginxAt + 1, 0, { name: INCLUDED_BY_NGINX, version: d.config.certbot!.role_version! });
  }
  return roles;
}

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

