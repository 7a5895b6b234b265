import { galaxyOption, literalString } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

/** Compare database URLs loosely: case of scheme/host and a trailing slash do not matter. */
function normalizeUrl(s: string): string {
  return s.trim().replace(/\/+$/, "").replace(/^([a-z0-9+.-]+:\/\/)([^/]*)/i, (_m, scheme: string, auth: string) => scheme.toLowerCase() + auth.toLowerCase());
}

export default defineRule(
  {
    id: "gxit-proxy[map-shared-db]",
    severity: "error",
    description: "interactivetoolsproxy_map uses the same database as Galaxy's database_connection (or install_database_connection).",
    rationale:
      "Galaxy's docs for interactivetoolsproxy_map: the value 'cannot match database_connection nor " +
      "install_database_connection'. The proxy then needs credentials for Galaxy's main database, so a compromised proxy " +
      "reads users, API keys and histories; Galaxy also refuses the configuration.",
    fix: "Create a separate database for the proxy map (e.g. `createdb -O galaxy gxitproxy`) and point interactivetoolsproxy_map at it.",
    messages: {
      sharedDb: "interactivetoolsproxy_map is Galaxy's {{option}}; the proxy map needs its own database",
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
    if (!map || mapLit === undefined) return;
    for (const other of ["database_connection", "install_database_connection"]) {
      const lit = literalString(galaxyOption(d, other)?.value);
      if (lit !== undefined && normalizeUrl(lit) === normalizeUrl(mapLit)) {
        ctx.report({ path: map.path, messageId: "sharedDb", data: { option: other } });
      }
    }
  },
);
