// Where the sessions map lives and who reaches it: the facts the multi-host
// rules share. The map is Galaxy's interactivetoolsproxy_map (a database
// URL, from proxy.database or written by hand) or else the file both Galaxy
// (interactivetools_map) and the proxy (--sessions) name; the proxies are
// the targets nginx forwards to (a hand-written proxy_pass or upstream, or
// the compiled vhost's).
import type { Deployment } from "../../config/model.js";
import type { ConfigPath } from "../../config/source.js";
import { isTemplateRef, isVarRef, literalOf, textKey, textParts, type Text } from "../../config/text.js";
import { isLoopback, plainHttpHost } from "../rules/nginx-plain-upstream.js";
import { galaxyOption } from "./facts.js";

export interface DatabaseRef {
  /** Lower-case host; undefined: the local Unix socket. */
  host: string | undefined;
  port: number;
  name: string;
}

export interface SessionsMapFact {
  kind: "file" | "postgresql" | "unknown";
  path: ConfigPath;
  /** The value as written (variables as {{ name }}), for messages. */
  shown: string;
  /** A file map's literal path, when it has one. */
  file?: string;
  /** A database map's server and database, when the URL is literal enough. */
  database?: DatabaseRef;
}

const PG_URL = /^postgres(?:ql)?(?:\+[a-z0-9_]+)?:\/\//i;

/** The server and database a PostgreSQL URL names (libpq or SQLAlchemy form), or undefined when it is not one. */
export function parseDatabaseUrl(url: string): DatabaseRef | undefined {
  const m = /^postgres(?:ql)?(?:\+[a-z0-9_]+)?:\/\/(?:[^@/?#]*@)?([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?/i.exec(url.trim());
  if (!m) return undefined;
  const query = new URLSearchParams(m[3] ?? "");
  const authority = m[1] ?? "";
  const hp = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(authority);
  let host: string | undefined = hp?.[1] ? hp[1].toLowerCase() : undefined;
  const queryHost = query.get("host");
  if (host === undefined && queryHost !== null && !queryHost.startsWith("/")) host = queryHost.toLowerCase();
  const port = Number(hp?.[2] ?? query.get("port") ?? 5432);
  let name = decodeURIComponent(m[2] ?? "");
  if (name === "") name = query.get("dbname") ?? "";
  return { host, port, name };
}

function textOfValue(v: unknown): Text | undefined {
  return typeof v === "string" || isVarRef(v) || isTemplateRef(v) ? (v as Text) : undefined;
}

export function sessionsMap(d: Deployment): SessionsMapFact | undefined {
  const db = d.proxy.database;
  if (db) {
    return { kind: "postgresql", path: db.path, shown: db.proxyUrl, database: { host: db.host?.toLowerCase(), port: db.port, name: db.name } };
  }
  const option = galaxyOption(d, "interactivetoolsproxy_map");
  const optionText = option ? textOfValue(option.value) : undefined;
  if (option && optionText !== undefined && textKey(optionText).trim() !== "") return fromText(optionText, option.path);
  const sessions = d.proxy.sessionsPath;
  if (textKey(sessions).trim() !== "") {
    const path: ConfigPath = d.source.has(["proxy", "sessions_path"]) || !d.galaxy.interactivetoolsMapExplicit ? ["proxy", "sessions_path"] : ["galaxy", "interactivetools", "map"];
    return fromText(sessions, path);
  }
  return undefined;
}

function fromText(t: Text, path: ConfigPath): SessionsMapFact {
  const shown = textKey(t);
  const parts = textParts(t);
  const first = parts[0];
  if (first?.kind === "literal" && PG_URL.test(first.text)) {
    const lit = literalOf(t);
    const database = lit !== undefined ? parseDatabaseUrl(lit) : undefined;
    return { kind: "postgresql", path, shown, ...(database ? { database } : {}) };
  }
  // A bare variable could hold either; anything else with a path shape is a file.
  if (parts.length === 1 && first?.kind === "var") return { kind: "unknown", path, shown };
  const file = literalOf(t);
  return { kind: "file", path, shown, ...(file !== undefined ? { file } : {}) };
}

export interface ProxyTarget {
  host: string;
  loopback: boolean;
  url: string;
  path: ConfigPath;
}

/** The hosts nginx forwards interactive tool traffic to, whose host part is known. */
export function proxyTargets(d: Deployment): ProxyTarget[] {
  const out: ProxyTarget[] = [];
  for (const p of d.nginx.proxyPass ?? []) {
    const url = literalOf(p.url) ?? textKey(p.url);
    const m = /^https?:\/\/(\[[^\]]+\]|[^/:?#]+)/i.exec(url.trim());
    const host = m?.[1]?.toLowerCase() ?? plainHttpHost(url);
    if (host === undefined || host.includes("{{")) continue;
    out.push({ host, loopback: isLoopback(host), url, path: p.path });
  }
  return out;
}
