// A proxy on another host than Galaxy can only route what it can read: the
// sessions map must be a database both reach over the network.
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { proxyTargets, sessionsMap } from "../galaxy/sessions-map.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-proxy[map-unreachable]",
    severity: "error",
    description: "The GxIT proxy runs on another host than Galaxy, but the sessions map is a local file or a database reached through a local socket.",
    rationale:
      "Galaxy writes each new entry point into the sessions map; the proxy routes only what it finds there. A proxy on " +
      "another host cannot open Galaxy's SQLite file, and a PostgreSQL URL with only a Unix socket " +
      "(postgresql:///gxitproxy?host=/var/run/postgresql) reaches the database on the host it runs on, not Galaxy's. The " +
      "proxy then starts with an empty or missing map: every tool link ends in 'No target found'.",
    fix: "Keep the map in a PostgreSQL database on the network: proxy.database with a host (gxit-gen gives Galaxy and every replica its URL), or on a hand-written tree a postgresql://user@db-host/gxitproxy URL in interactivetoolsproxy_map and the proxy's sessions path.",
    messages: {
      fileMap: "nginx forwards to a proxy on {{host}}, but the sessions map {{map}} is a file on Galaxy's host",
      socketMap: "the sessions map {{map}} is reached through a local Unix socket, but {{who}} run on other hosts than the database",
    },
    examples: {
      problematic: yaml`
        version: 1
        proxy:
          role: gxit_proxy
          sessions_path: /srv/galaxy/var/interactivetools_map.sqlite
          replicas:
            group: gxitproxies
            hosts:
              - name: proxy1.example.internal
      `,
      correct: yaml`
        version: 1
        proxy:
          role: gxit_proxy
          replicas:
            group: gxitproxies
            hosts:
              - name: proxy1.example.internal
          database:
            host: db.example.internal
            password: {var: vault_gxitproxy_db_password}
      `,
    },
    sources: ["galaxyproject/galaxy PR #18481 (interactivetoolsproxy_map)", "GTN tutorial 'Galaxy Interactive Tools', high availability"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d)) return;
    const map = sessionsMap(d);
    if (map === undefined || map.kind === "unknown") return;
    const remote = proxyTargets(d).filter((t) => !t.loopback);
    if (map.kind === "file") {
      const first = remote[0];
      if (first) ctx.report({ path: first.path, messageId: "fileMap", data: { host: first.host, map: map.file ?? map.shown } });
      return;
    }
    if (map.database === undefined || map.database.host !== undefined) return;
    const db = d.proxy.database;
    const who: string[] = [];
    if (remote.length > 0 || (db && d.proxy.replicas?.remote && d.proxy.replicas.group !== db.group)) who.push("the proxies");
    if (db && db.group !== d.inventoryGroup) who.push("Galaxy's hosts");
    if (who.length > 0) ctx.report({ path: map.path, at: db ? "key" : "value", messageId: "socketMap", data: { map: map.shown, who: who.join(" and ") } });
  },
);
