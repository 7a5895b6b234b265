// Host-name coverage: which wildcard host Galaxy hands out for domain-based
// interactive tools, and whether a certificate name or an nginx server_name
// covers it. Certificate wildcards cover exactly one label (so the SAN must
// be the wildcard host itself); nginx's `*.example.org` matches any depth.
// Answers are true/false when the config decides them, undefined when they
// depend on Ansible variables.
import type { Deployment } from "../../config/model.js";
import { textKey, textParts, type Text } from "../../config/text.js";
import { sameText } from "./facts.js";

export interface ExpectedWildcard {
  host: Text;
}

/**
 * Galaxy builds <key>-<token>.<ep|interactivetoolentrypoint>.<prefix>.<request host>;
 * behind nginx (interactivetools_upstream_proxy true) the request host is Galaxy's.
 */
export function expectedWildcard(d: Deployment): ExpectedWildcard {
  return { host: d.wildcardHost };
}

export function certCovers(name: Text, host: Text): boolean | undefined {
  return sameText(name, host, { caseInsensitive: true });
}

function varsOf(t: string): string[] {
  return [...t.matchAll(/\{\{ [^}]+ \}\}/g)].map((m) => m[0]);
}

/** Whether an nginx server_name value (space-separated names) matches the wildcard host's names. */
export function nginxCovers(serverName: Text, host: Text): boolean | undefined {
  const hostKey = textKey(host).toLowerCase();
  const names = textKey(serverName).toLowerCase().split(/\s+(?![^{]*\}\})/).filter((n) => n !== "");
  let undecided = false;
  for (const name of names) {
    if (name.startsWith("~")) {
      undecided = true; // a regular expression: PCRE, not evaluated here
      continue;
    }
    if (name === hostKey) return true;
    const suffix = name.startsWith("*.") ? name.slice(1) : name.startsWith(".") ? name : undefined;
    if (suffix !== undefined) {
      if (hostKey.endsWith(suffix)) return true;
      const same = varsOf(suffix).join() === varsOf(hostKey).join();
      if (!same) undecided = true;
      continue;
    }
    if (varsOf(name).join() !== varsOf(hostKey).join()) undecided = true;
  }
  return undecided ? undefined : false;
}

/** Wildcard names that look like a GxIT entry-point SAN: `*.ep.<prefix>.<host>` or the legacy form. */
export function gxitWildcardShape(name: Text): { style: "ep" | "legacy"; prefix: string; rest: string } | undefined {
  const parts = textParts(name);
  const first = parts[0];
  if (first?.kind !== "literal") return undefined;
  const m = /^\*\.(ep|interactivetoolentrypoint)\.([a-z0-9-]+)\./i.exec(first.text);
  if (!m) return undefined;
  return { style: m[1]!.toLowerCase() === "ep" ? "ep" : "legacy", prefix: m[2]!.toLowerCase(), rest: textKey(name).slice(m[0].length) };
}
