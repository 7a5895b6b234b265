// README.md of the generated tree: a runbook. What the tree expects from the
// site's Galaxy playbook, then the steps in order (inventory, vault, role
// install, the Galaxy vhost include for path-based tools, the first run with
// certbot_expand, later runs) and how to check the result.
import { minAnsibleVersion, compareVersions } from "../../config/roles.js";
import { isRemoteJobHost, reachableFromProxy, slurmTimeOf } from "../../config/job-hosts.js";
import type { Deployment } from "../../config/model.js";
import { textKey, textParts, isText, type Text } from "../../config/text.js";
import { type EmitContext, type GeneratedFile, OUTPUT_PATHS } from "../emitter.js";
import { renderTemplate } from "../render/nunjucks.js";
import { PATH_LOCATION_CONFIG } from "./group-vars.js";
import { BUNDLED_PROXY_ROLE, requiredRoles } from "./roles.js";
import { POSTGRESQL_COLLECTION } from "./requirements.js";
import { proxyVarsElsewhere } from "../../config/conflicts.js";

/** Root names of every Ansible variable the config refers to. */
function referencedVariables(value: unknown, found: Set<string>): Set<string> {
  if (isText(value) && typeof value !== "string") {
    for (const p of textParts(value)) if (p.kind === "var") found.add(p.path.split(/[.[]/)[0]!);
  } else if (Array.isArray(value)) {
    for (const v of value) referencedVariables(v, found);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) referencedVariables(v, found);
  }
  return found;
}

/** Variables the roles or Ansible define: galaxyproject.galaxy's layout and user, the proxy's own, the host name. */
const ROLE_DEFINED = /^(galaxy_|gie_proxy_|inventory_hostname$|ansible_)/;

const code = (s: string) => `\`${s}\``;

/** What each Docker destination on another machine needs there: the part of the setup this tree cannot install. */
function remoteJobHosts(d: Deployment) {
  const show = (t: Text | undefined) => (t === undefined ? undefined : textKey(t));
  return d.jobs.destinations
    .filter((dest) => dest.dockerEnabled && isRemoteJobHost(dest))
    .map((dest) => {
      const kind = dest.runner!.kind;
      const params = dest.params;
      return {
        id: dest.id,
        runner: dest.runnerId,
        what: kind === "pulsar_mq" ? "Pulsar over a message queue" : kind === "pulsar_rest" ? "Pulsar over REST" : "cluster",
        pulsar: kind !== "cluster",
        mq: kind === "pulsar_mq" ? { jobsDirectory: show(params.jobs_directory) } : undefined,
        rest: kind === "pulsar_rest" ? { url: show(params.url) } : undefined,
        monitorCommand: show(params.container_monitor_command),
        getIp: show(params.container_monitor_get_ip_method)?.replace(/^command:/, ""),
        reachable: reachableFromProxy(dest).value,
        callback: params.container_monitor_result === "callback",
        // As written by limits.walltime, or by the admin in the native specification.
        walltime: [params.nativeSpecification, params.submit_native_specification].map((spec) => (spec === undefined ? undefined : slurmTimeOf(spec))).find((t) => t !== undefined),
      };
    });
}

export function emitReadme(
  { deployment: d, notice, sourceLabel }: EmitContext,
  files: Array<{ path: string; description: string }>,
): GeneratedFile {
  const playbook = d.config.playbook!.file!;
  const certbot = d.certbot.enabled;
  const referenced = [...referencedVariables(d.config, new Set())].sort();
  const vaultVars = referenced.filter((v) => /^vault_/.test(v));
  const siteVars = referenced.filter((v) => !/^vault_/.test(v) && !ROLE_DEFINED.test(v));
  const roles = requiredRoles(d);
  const minAnsible = roles
    .map((r) => minAnsibleVersion(r.name, r.version))
    .filter((v): v is string => v !== undefined)
    .reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b), "2.9");
  const hostExample = typeof d.galaxy.hostname === "string" ? d.galaxy.hostname : "galaxy.example.org";
  const wildcardExample = textKey(d.wildcardHost).replace(/^\*\./, "").replace(textKey(d.galaxy.hostname), hostExample);
  const run = `ansible-playbook -i hosts ${playbook}${vaultVars.length > 0 ? " --ask-vault-pass" : ""}`;
  const pathBased = d.nginx.pathBased;
  // Multi-host: the proxies' and the database's groups, with the hosts the config names.
  const otherGroups: Array<{ group: string; hosts: string[] }> = [];
  const addGroup = (group: string, hosts: string[]) => {
    if (group === d.inventoryGroup || otherGroups.some((g) => g.group === group)) return;
    otherGroups.push({ group, hosts: hosts.length > 0 ? hosts : [`${group.replace(/[^a-z0-9]+/gi, "-")}1.example.org`] });
  };
  if (d.proxy.replicas) addGroup(d.proxy.replicas.group, d.proxy.replicas.hosts.map((h) => h.name));
  if (d.proxy.database) addGroup(d.proxy.database.group, d.proxy.database.host ? [d.proxy.database.host] : []);
  const text = renderTemplate("gtn-2020/README.md.njk", {
    galaxyHosts: d.galaxy.hosts.map((h) => h.name),
    otherGroups,
    otherGroupNames: otherGroups.map((g) => code(g.group)),
    playbook,
    proxyGroup: proxyVarsElsewhere(d),
    proxyVarsFile: d.proxy.replicas ? OUTPUT_PATHS.groupVars(d.proxy.replicas.group) : "",
    collections: d.proxy.database ? [`${POSTGRESQL_COLLECTION} ${d.proxy.database.collectionVersion}`] : [],
    notice,
    sourceLabel,
    group: d.inventoryGroup,
    files: [...files].sort((a, b) => a.path.localeCompare(b.path)),
    vaultVars: vaultVars.map(code),
    siteVars: siteVars.map(code),
    vaultFile: OUTPUT_PATHS.vault(d.inventoryGroup),
    groupVarsFile: OUTPUT_PATHS.groupVars(d.inventoryGroup),
    requiredRoles: roles.map((r) => `${r.name} ${r.version}`),
    bundledRole: d.proxy.role === BUNDLED_PROXY_ROLE ? BUNDLED_PROXY_ROLE : undefined,
    minAnsible,
    ansibleCore: d.ansibleCore,
    otherVhosts: d.nginx.sslServers.filter((v) => v !== d.nginx.vhostName).map(code),
    certbot,
    pathBased,
    pathBasedTools: d.pathBased.tools.map((t) => code(t.file)),
    pathPrefix: d.galaxy.pathPrefix,
    locationInclude: `/etc/nginx/${PATH_LOCATION_CONFIG}`,
    locationFile: PATH_LOCATION_CONFIG,
    step: pathBased ? 4 : 3,
    firstRun: `${run}${certbot ? " -e certbot_expand=true" : ""}`,
    laterRun: run,
    serviceName: d.proxy.role === "gravity" ? "galaxy-gx-it-proxy" : (d.config.proxy!.service_name ?? "galaxy-gie-proxy"),
    gravity: d.proxy.role === "gravity" ? { version: d.config.proxy!.version, port: d.proxy.port } : undefined,
    hostExample,
    wildcardExample,
    exampleTool: code(d.jobs.tools[0]?.id ?? d.interactiveToolFiles[0]?.file ?? "EtherCalc"),
    wildcardHost: textKey(d.wildcardHost),
    remoteJobHosts: remoteJobHosts(d),
    infrastructureUrl: d.galaxy.infrastructureUrl !== undefined ? textKey(d.galaxy.infrastructureUrl) : "Galaxy (galaxy.infrastructure_url is not set)",
  });
  return { path: "README.md", content: text };
}
