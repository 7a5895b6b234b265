// How nginx reaches the proxy, shared by the wildcard vhost and the
// path-based location: the one local proxy (proxy_pass http://host:port, the
// tutorial's layout), or an `upstream` of the replicas with keepalive,
// max_fails/fail_timeout, retries of idempotent requests on the next replica,
// and TLS with verification when the replicas listen with it.
import type { Deployment } from "../../config/model.js";
import { textParts, type Text } from "../../config/text.js";
import type { JinjaRefs } from "../render/jinja.js";
import { nginxToken } from "../render/nunjucks.js";

/** The upstream's name in nginx; prefixed, so that it cannot clash with a site's own upstreams. */
export const REPLICAS_UPSTREAM = "gxit_proxy_replicas";
/** The map that gives websocket upgrades `Connection: upgrade` and every other request a keepalive connection. */
export const CONNECTION_MAP_VAR = "$gxit_proxy_connection";

export interface ProxyUpstream {
  /** http-level blocks for the vhost file (upstream and map); undefined for the single local proxy. */
  httpBlocks: string | undefined;
  /** The proxy_pass URL. */
  passUrl: string;
  /** Further location directives (retries, TLS verification). */
  directives: string[];
  headers: Array<{ name: string; value: string }>;
}

function nginxText(refs: JinjaRefs, v: Text): string {
  return textParts(v)
    .map((p) => (p.kind === "var" ? refs.ref(p.path) : nginxToken(p.text)))
    .join("");
}

export function proxyUpstream(d: Deployment, refs: JinjaRefs): ProxyUpstream {
  const vhost = d.config.nginx!.vhost!;
  const port = typeof d.nginx.upstreamPort === "number" ? String(d.nginx.upstreamPort) : refs.ref(d.nginx.upstreamPort.var);
  const replicas = d.proxy.replicas;
  const headers = vhost.proxy_headers!.map((h) => ({ name: h.name, value: h.value }));
  if (replicas === undefined) {
    return { httpBlocks: undefined, passUrl: `http://${nginxToken(vhost.upstream_host)}:${port}`, directives: [], headers };
  }
  const servers = replicas.hosts.length > 0 ? replicas.hosts.map((h) => h.address) : [vhost.upstream_host!];
  const lines = [`upstream ${REPLICAS_UPSTREAM} {`];
  for (const s of servers) {
    const host = s.includes(":") && !s.startsWith("[") ? `[${s}]` : s;
    lines.push(`    server ${nginxToken(host)}:${d.proxy.port} max_fails=${replicas.maxFails} fail_timeout=${nginxToken(replicas.failTimeout)};`);
  }
  lines.push(`    keepalive ${replicas.keepalive};`, "}", "");
  lines.push(
    "# Upgrade for websockets; otherwise an empty Connection header, so that",
    "# nginx keeps the connection to the replica open for the next request.",
    `map $http_upgrade ${CONNECTION_MAP_VAR} {`,
    "    default upgrade;",
    "    ''      '';",
    "}",
    "",
  );
  const directives = [
    // A replica that refuses or times out: idempotent requests go to the next one
    // (nginx never retries POST and other non-idempotent requests unless told to).
    "proxy_next_upstream error timeout;",
    `proxy_next_upstream_tries ${Math.min(servers.length, 3)};`,
  ];
  const tls = replicas.tls;
  if (tls) {
    directives.push(
      "proxy_ssl_verify on;",
      `proxy_ssl_trusted_certificate ${nginxText(refs, tls.ca)};`,
      `proxy_ssl_name ${nginxToken(tls.name)};`,
      "proxy_ssl_server_name on;",
      "proxy_ssl_protocols TLSv1.2 TLSv1.3;",
    );
  }
  return {
    httpBlocks: lines.join("\n"),
    passUrl: `${tls ? "https" : "http"}://${REPLICAS_UPSTREAM}`,
    directives,
    headers: headers.map((h) => (h.name.toLowerCase() === "connection" && h.value.toLowerCase() === "upgrade" ? { name: h.name, value: CONNECTION_MAP_VAR } : h)),
  };
}
