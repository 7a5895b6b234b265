// Which kind of hand-written file a path is, in the manner of ansible-lint's
// `kind_from_path`: first from where it sits in an Ansible tree and its name,
// then from its content when the name does not say. `--kind` overrides.
import { basename } from "node:path";

export const FILE_KINDS = [
  "vars",
  "playbook",
  "job-conf-xml",
  "job-conf-yaml",
  "tpv",
  "galaxy-options",
  "nginx",
  "pulsar-app",
  "tool-conf",
  "gxit-config",
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** The kind from the path alone (relative to the tree root, `/`-separated), or undefined to look at the content. */
export function kindFromPath(rel: string): FileKind | undefined {
  const name = basename(rel).replace(/\.j2$/, "");
  const parts = rel.split("/");
  if (parts.includes("group_vars") || parts.includes("host_vars")) return "vars";
  if (/^roles\/[^/]+\/(defaults|vars)\//.test(rel)) return "vars";
  if (/(^|\/)templates\/nginx\//.test(rel) || /\.conf$/.test(name) || /(^|\/)nginx\//.test(rel)) return "nginx";
  if (/^pulsar_app\.ya?ml$/.test(name)) return "pulsar-app";
  if (/^(galaxy_)?job_conf.*\.xml$/.test(name)) return "job-conf-xml";
  if (/^(galaxy_)?job_conf.*\.ya?ml$/.test(name)) return "job-conf-yaml";
  if (/tool_conf.*\.xml$/.test(name)) return "tool-conf";
  // At the tree root, galaxy.yml is the playbook (as in the GTN tutorials); let the content say.
  if (/^galaxy\.ya?ml$/.test(name) && rel.includes("/")) return "galaxy-options";
  if (/(^|\/)(total_perspective_vortex|tpv)\//.test(rel)) return "tpv";
  return undefined;
}

/** The kind from the content (first 4 KB are enough for every kind here). */
export function kindFromContent(text: string, name: string): FileKind | undefined {
  const head = text.slice(0, 4096);
  if (/\.xml(\.j2)?$/.test(name) || /^\s*(<\?xml|<!--|<)/.test(head)) {
    if (/<job_conf[\s>]/.test(head)) return "job-conf-xml";
    if (/<toolbox[\s>]/.test(head)) return "tool-conf";
    return undefined;
  }
  if (/^\s*server\s*\{/m.test(head) || /^\s*(upstream|map)\s+\S+\s*\{/m.test(head)) return "nginx";
  if (/^version:\s*1\s*$/m.test(head) && /^(jobs|galaxy|proxy|certbot|nginx):/m.test(text)) return "gxit-config";
  if (/^- (hosts|name|import_playbook):/m.test(head) || /^-\s*\n\s+hosts:/m.test(head)) return "playbook";
  if (/^runners:/m.test(text) && /^(execution|handling|tools):/m.test(text)) return "job-conf-yaml";
  if (/^(destinations|tools|users|roles|global):/m.test(text) && /^\s+(inherits|scheduling|abstract|cores|mem|rules):/m.test(text)) return "tpv";
  if (/^managers:/m.test(text) && /^(staging_directory|persistence_directory):/m.test(text)) return "pulsar-app";
  if (/^(galaxy|gravity):\s*$/m.test(head)) return "galaxy-options";
  if (/\.ya?ml(\.j2)?$/.test(name)) return "vars";
  return undefined;
}
