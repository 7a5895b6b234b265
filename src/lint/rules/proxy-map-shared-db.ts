import { galaxyOption, literalString } from "../galaxy/facts.js";
import { parseDatabaseUrl, sessionsMap, type DatabaseRef } from "../galaxy/sessions-map.js";
import { defineRule, yaml } from "../meta.js";

/** Compare database URLs loosely: case of scheme/host and a trailing slash do not matter. */
function normalizeUrl(s: string): string {
  return s.trim().replace(/\/+$/, "").replace(/^([a-z0-9+.-]+:\/\/)([^/]*)/i, (_m, scheme: string, auth: string) => scheme.toLowerCase() + auth.toLowerCase());
}

/**
 * The same database: the same name on the same server. Credentials differ
 * freely (a separate role in Galaxy's database is still Galaxy's database);
 * the local socket and localhost count as one server.
 */
function sameDatabase(a: DatabaseRef, b: DatabaseRef): boolean {
  const local = (h: string | undefined) => h === undefined || h === "localhost" || h === "127.0.0.1" || h === "[::1]";
  const sameHost = a.host === b.host || (local(a.host) && local(b.host));
  return sameHost && a.port === b.port && a.name !== "" && a.name === b.name;
}

export default defineRule(
  {
    id: "gxit-proxy[map-shared-db]",
    severity: "error",
    description: "The sessions map (interactivetoolsproxy_map, or proxy.database) is Galaxy's own database (database_connection or install_database_connection).",
    rationale:
      "Galaxy's docs for interactivetoolsproxy_map: the value 'cannot match database_connection nor " +
      "install_database_connection'. The proxy then needs credentials for Galaxy's main database, so a compromised proxy " +
      "reads users, API keys and histories; Galaxy also refuses the configuration.",
    fix: "Create a separate database for the proxy map (proxy.database with its own name, or `createdb -O galaxy gxitproxy`) and point interactivetoolsproxy_map at it.",
    messages: {
      sharedDb: "interactivetoolsproxy_map is Galaxy's {{option}}; the proxy map needs its own database",
      sharedDatabase: "the sessions map's database {{name}} on {{server}} is the one Galaxy's {{option}} names; the proxy map needs its own database",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          config:
            database_connection: postgresql:///galaxy?host=/var/run/postgresql
            interactivetoolsproxy_map: postgresql:///galaxy?host=/var/run/postgresql
      `,
      correct: yaml`
        version: 1
        galaxy:
          config:
            database_connection: postgresql:///galaxy?host=/var/run/postgresql
            interactivetoolsproxy_map: postgresql:///gxitproxy?host=/var/run/postgresql
      `,
    },
    sources: ["doc/source/admin/galaxy_options.rst (interactivetoolsproxy_map)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const map = galaxyOption(d, "interactivetoolsproxy_map");
    const mapLit = literalString(map?.value);
    const fact = sessionsMap(d);
    const mapDb = fact?.kind === "postgresql" ? fact.database : undefined;
    for (const other of ["database_connection", "install_database_connection"]) {
      const lit = literalString(galaxyOption(d, other)?.value);
      if (lit === undefined) continue;
      if (map && mapLit !== undefined && normalizeUrl(lit) === normalizeUrl(mapLit)) {
        ctx.report({ path: map.path, messageId: "sharedDb", data: { option: other } });
        continue;
      }
      const galaxyDb = parseDatabaseUrl(lit);
      if (fact && mapDb && galaxyDb && sameDatabase(mapDb, galaxyDb)) {
        ctx.report({ path: fact.path, ...(d.proxy.database ? { at: "key" as const } : {}), messageId: "sharedDatabase", data: { option: other, name: mapDb.name, server: mapDb.host ?? "the local socket" } });
      }
    }
  },
);
