// A SQLite sessions map works for one host: the Galaxy that writes it and
// the proxy that reads it on the same disk. Several web servers or proxy
// replicas, or a file on a network file system, need the map in PostgreSQL.
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { proxyTargets, sessionsMap } from "../galaxy/sessions-map.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-proxy[sqlite-shared]",
    severity: "error",
    description: "The sessions map is a SQLite file, but more than one Galaxy or proxy host uses it, or it lies on a network file system.",
    rationale:
      "Galaxy writes the map (interactivetools_map) with a DELETE and an INSERT per entry point, and the proxy re-reads the " +
      "file on every change. A SQLite file is one host's: another web server writes a map no proxy reads, and a replica on " +
      "another host reads a file it does not have. Shared over NFS the file corrupts, because SQLite's locks do not hold " +
      "there and change events do not arrive (galaxyproject/galaxy#16138; PR #18481 added interactivetoolsproxy_map for " +
      "exactly this). Tools then start, but users get 'No target found' or a stale session.",
    fix: "Keep the map in PostgreSQL: set proxy.database (gxit-gen creates the database, table and trigger and points Galaxy and every replica at it), or on a hand-written tree set interactivetoolsproxy_map and the proxy's sessions path to the same postgresql:// URL; or put the map on local disk and run one Galaxy and one proxy host.",
    messages: {
      multiWeb: "{{count}} Galaxy hosts write the SQLite map {{map}}, which is a file on one host's disk",
      multiProxy: "{{count}} proxy hosts read the SQLite map {{map}}, which is a file on one host's disk",
      networkFs: "the SQLite map {{map}} is under {{mount}}, a network file system: SQLite's locking is unreliable there and the file corrupts",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          hosts:
            - name: galaxy1.example.org
            - name: galaxy2.example.org
        proxy:
          sessions_path: /srv/galaxy/var/interactivetools_map.sqlite
      `,
      correct: yaml`
        version: 1
        galaxy:
          hosts:
            - name: galaxy1.example.org
            - name: galaxy2.example.org
        proxy:
          role: gxit_proxy
          database:
            host: db.example.internal
            password: {var: vault_gxitproxy_db_password}
      `,
    },
    sources: ["galaxyproject/galaxy#16138 (SQLite map over NFS)", "galaxyproject/galaxy PR #18481 (interactivetoolsproxy_map)", "doc/source/admin/galaxy_options.rst (interactivetools_map)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d)) return;
    const map = sessionsMap(d);
    if (map?.kind !== "file") return;
    const shown = map.file ?? map.shown;
    if (d.galaxy.hosts.length > 1) {
      ctx.report({ path: ["galaxy", "hosts"], at: "key", messageId: "multiWeb", data: { count: d.galaxy.hosts.length, map: shown } });
    }
    // Replicas on one host (several loopback ports) share its disk; count the hosts.
    const targets = proxyTargets(d);
    const hosts = new Set(targets.map((t) => (t.loopback ? "localhost" : t.host)));
    if (hosts.size > 1) {
      const replicaHosts = d.proxy.replicas?.hosts.length ? ["proxy", "replicas", "hosts"] : targets[1]!.path;
      ctx.report({ path: replicaHosts, ...(d.proxy.replicas?.hosts.length ? { at: "key" as const } : {}), messageId: "multiProxy", data: { count: hosts.size, map: shown } });
    }
    if (map.file !== undefined) {
      const mount = d.galaxy.networkFilesystems.find((m) => {
        const dir = m.path.replace(/\/+$/, "");
        return map.file === dir || map.file!.startsWith(dir + "/");
      });
      if (mount) ctx.report({ path: map.path, messageId: "networkFs", data: { map: map.file, mount: mount.path } });
    }
  },
);
