// The forms of a PostgreSQL sessions map that `--sessions` accepts: what
// Galaxy's interactivetoolsproxy_map takes (an SQLAlchemy URL, possibly with
// a driver: `postgresql+psycopg2://…`) and what libpq takes
// (`postgresql://user:password@host:port/db`, `postgres://…`, the socket form
// `postgresql:///db?host=/var/run/postgresql`).
const POSTGRES_URL = /^postgres(?:ql)?(?:\+[A-Za-z0-9_]+)?:\/\//i;
export function isPostgresUrl(spec) {
    return POSTGRES_URL.test(spec);
}
/** The URL node-postgres reads: the SQLAlchemy driver suffix dropped. */
export function libpqUrl(spec) {
    return spec.replace(/^postgres(?:ql)?(?:\+[A-Za-z0-9_]+)?:\/\//i, "postgresql://");
}
/** The URL for logs and the health endpoint: the password replaced. */
export function redactUrl(spec) {
    return spec
        .replace(/^([a-z0-9+.-]+:\/\/[^:/?#@]*):[^@/?#]*@/i, "$1:***@")
        .replace(/([?&]password=)[^&#]*/gi, "$1***");
}
