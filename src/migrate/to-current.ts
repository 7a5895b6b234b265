// gtn-2020 → gtn-current: rewrites a config's YAML document in place (the
// yaml Document API keeps comments, key order and flow style), and says what
// changed in the config and what the admin must do on the hosts, which no
// Ansible run does for them (the old proxy unit, the old vhost, the new
// certificate name and DNS record, the job_conf.xml left on disk).
import { isMap, isNode, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from "yaml";
import { loadConfigText } from "../config/load.js";
import type { Deployment } from "../config/model.js";
import { GRAVITY_ONLY_PROXY_KEYS, ROLE_ONLY_PROXY_KEYS, TARGET_DEFAULTS } from "../config/targets.js";
import { isText, textKey } from "../config/text.js";
import { ConfigError } from "../util/errors.js";

export type ProxyChoice = "gravity" | "keep";

export interface MigrateOptions {
  /**
   * Who runs the proxy afterwards: "gravity" (the current tutorial), or "keep"
   * the role. Default: Gravity instead of usegalaxy_eu.gie_proxy; the bundled
   * gxit_proxy role is kept (it is the hardened proxy, not a tutorial step).
   */
  proxy?: ProxyChoice;
}

export interface Migration {
  text: string;
  /** What changed in the config, one line each. */
  changes: string[];
  /** What the admin must do on the hosts, one line each. */
  hostActions: string[];
  deployment: Deployment;
}

import { compareVersions, DOCKER_FOR_OLD_ANSIBLE, minAnsibleVersion } from "../config/roles.js";

const DOCKER_CURRENT = TARGET_DEFAULTS["gtn-current"].dockerRoleVersion;
const GIE_PROXY_CURRENT = TARGET_DEFAULTS["gtn-current"].gieProxyRoleVersion;

function major(version: string): number {
  return Number(/^v?([0-9]+)/.exec(version)?.[1] ?? NaN);
}

function olderThan(version: string, than: string): boolean {
  const a = version.replace(/^v/, "").split(".").map(Number);
  const b = than.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

/** Sets `target:` right after `version:` (or first), keeping the rest in order. */
function setTarget(doc: Document): void {
  const root = doc.contents as YAMLMap;
  if (root.has("target")) {
    root.set("target", "gtn-current");
    return;
  }
  const at = root.items.findIndex((p) => isScalar(p.key) && p.key.value === "version");
  const pair = doc.createPair("target", "gtn-current");
  root.items.splice(at + 1, 0, pair);
}

/** Deletes a key and its parent maps when they become empty. */
function remove(doc: Document, path: string[]): void {
  doc.deleteIn(path);
  for (let n = path.length - 1; n > 0; n--) {
    const parent = doc.getIn(path.slice(0, n), true);
    if (isMap(parent) && parent.items.length === 0 && !parent.commentBefore && !parent.comment) doc.deleteIn(path.slice(0, n));
    else break;
  }
}

export function migrateToCurrent(file: string, text: string, options: MigrateOptions = {}): Migration {
  const before = loadConfigText(file, text);
  if (before.target !== "gtn-2020") {
    throw new ConfigError([{ file, position: before.source.locate(["target"]), message: `${file} is already for target ${before.target}; nothing to migrate` }]);
  }
  const doc = parseDocument(text, { keepSourceTokens: false });
  const changes: string[] = [];
  const host: string[] = [];
  const has = (path: string[]) => doc.hasIn(path);
  setTarget(doc);
  changes.push("target: gtn-current (inline job config, *.ep. wildcard, path-based location)");

  // The proxy.
  const oldRole = before.proxy.role;
  const toGravity = (options.proxy ?? (oldRole === "gxit_proxy" ? "keep" : "gravity")) === "gravity";
  const oldUnit = before.config.proxy!.service_name ?? "galaxy-gie-proxy";
  if (toGravity) {
    for (const key of ROLE_ONLY_PROXY_KEYS) {
      if (!has(["proxy", key])) continue;
      remove(doc, ["proxy", key]);
      changes.push(`proxy.${key} removed (a ${oldRole} role variable; Gravity does not read it)`);
    }
    doc.setIn(["proxy", "role"], "gravity");
    changes.push(`proxy.role: gravity (was ${oldRole}); Gravity runs gx-it-proxy ${"0.2.3"} with npx`);
    host.push(`stop and remove the old proxy unit, which nothing manages any more: systemctl disable --now ${oldUnit} && rm /etc/systemd/system/${oldUnit}.service && systemctl daemon-reload`);
    if (!before.proxy.portExplicit) {
      host.push("the proxy now listens on 4002 (Gravity's default) instead of 8000; nginx follows it (the vhost is regenerated)");
    }
  } else {
    for (const key of GRAVITY_ONLY_PROXY_KEYS) if (has(["proxy", key])) remove(doc, ["proxy", key]);
    if (has(["proxy", "path_prefix"])) {
      remove(doc, ["proxy", "path_prefix"]);
      changes.push(`proxy.path_prefix removed: gtn-current derives it (${before.galaxy.basePath}${before.galaxy.prefix}/ep)`);
    }
    const roleVersion = before.config.proxy!.role_version;
    if (oldRole === "usegalaxy_eu.gie_proxy" && roleVersion !== undefined && olderThan(roleVersion, "0.1.0")) {
      doc.setIn(["proxy", "role_version"], GIE_PROXY_CURRENT);
      changes.push(`proxy.role_version: ${GIE_PROXY_CURRENT} (was ${roleVersion}; --proxyPathPrefix needs 0.1.0 or later)`);
    }
  }

  // Docker: the current tutorial's pin, or the newest one the site's ansible-core runs.
  const docker = before.config.docker!.role_version!;
  const min = minAnsibleVersion("geerlingguy.docker", DOCKER_CURRENT);
  const dockerPin = min !== undefined && compareVersions(min, before.config.ansible_core!) > 0 ? DOCKER_FOR_OLD_ANSIBLE : DOCKER_CURRENT;
  if (has(["docker", "role_version"]) && major(docker) < major(dockerPin)) {
    doc.setIn(["docker", "role_version"], dockerPin);
    changes.push(`docker.role_version: ${dockerPin} (was ${docker}; ${dockerPin === DOCKER_CURRENT ? "needs ansible-core 2.15.1 or later on the controller" : `the newest that ansible-core ${before.config.ansible_core} runs`})`);
  }

  // The job config moves inline.
  if (has(["galaxy", "job_config_file"])) {
    remove(doc, ["galaxy", "job_config_file"]);
    changes.push("galaxy.job_config_file removed: the job config goes inline into galaxy.yml (galaxy_job_config)");
  }
  host.push(`remove ${textKey(before.galaxy.jobConfigFile)} from the Galaxy host after the first run: Galaxy reads job_config from galaxy.yml now, and a stale file misleads whoever reads it next`);

  // The wildcard form: ep unless the config's Galaxy predates it.
  const version = before.galaxy.version;
  const legacyVersion = version !== undefined && before.galaxy.entryPointStyle === "legacy" && version.major * 100 + version.minor < 2302;
  if (!legacyVersion && before.galaxy.entryPointStyle === "legacy") {
    if (has(["galaxy", "interactivetools", "entry_point_style"])) remove(doc, ["galaxy", "interactivetools", "entry_point_style"]);
    const legacyHost = textKey(before.wildcardHost);
    const domains = doc.getIn(["certbot", "domains"], true);
    let replaced = false;
    if (isSeq(domains)) {
      // A legacy wildcard listed by hand becomes the *.ep. one, in the same
      // spelling (plain string or {template: ...}) and style.
      domains.items = domains.items.map((item) => {
        const js = isNode(item) ? item.toJSON() : item;
        if (!isText(js) || textKey(js) !== legacyHost) return item;
        replaced = true;
        const ep = (t: string) => t.replace(".interactivetoolentrypoint.", ".ep.");
        const node = doc.createNode(typeof js === "string" ? ep(js) : { template: ep(textKey(js)) });
        if (isMap(node) && isMap(item)) node.flow = item.flow ?? false;
        if (isScalar(node) && isScalar(item)) node.type = item.type;
        return node;
      });
    }
    changes.push(
      `galaxy.interactivetools.entry_point_style: ep (Galaxy 23.2+ hands out *.ep. names)${replaced ? "; certbot.domains lists the *.ep. wildcard instead of the legacy one" : ""}`,
    );
    host.push(`add the DNS record for the new wildcard name *.ep.${before.galaxy.prefix}.<host> (the *.interactivetoolentrypoint. record can go), and run the playbook once with -e certbot_expand=true so certbot adds it to the certificate`);
  }

  // nginx: the vhost's current name, and the port follows the proxy.
  if (has(["nginx", "vhost", "name"]) && before.nginx.vhostName === TARGET_DEFAULTS["gtn-2020"].vhostName) {
    remove(doc, ["nginx", "vhost", "name"]);
  }
  const newVhost = has(["nginx", "vhost", "name"]) ? before.nginx.vhostName : TARGET_DEFAULTS["gtn-current"].vhostName;
  if (newVhost !== before.nginx.vhostName) {
    changes.push(`the vhost is now ${newVhost} (was ${before.nginx.vhostName})`);
    host.push(`remove the old vhost, which galaxyproject.nginx leaves in place: rm /etc/nginx/sites-enabled/${before.nginx.vhostName} /etc/nginx/sites-available/${before.nginx.vhostName}`);
  }
  if (has(["nginx", "vhost", "upstream_port"]) && before.nginx.upstreamPort === before.proxy.port && toGravity) {
    remove(doc, ["nginx", "vhost", "upstream_port"]);
    changes.push("nginx.vhost.upstream_port removed: nginx follows the proxy's port");
  }
  host.push("include /etc/nginx/galaxy-gxit-path.conf inside the server block of Galaxy's own vhost (templates/nginx/galaxy.j2) for path-based tools; the generated README shows the line");

  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  // The result must be a valid gtn-current config before anything is written.
  const deployment = loadConfigText(file, out);
  return { text: out, changes, hostActions: host, deployment };
}
