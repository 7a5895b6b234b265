// README.md of the generated tree: what each file is and what to run, in
// order (role install, the first run with certbot_expand, later runs).
import { textKey, textParts, isText } from "../../config/text.js";
import type { EmitContext, GeneratedFile } from "../emitter.js";
import { renderTemplate } from "../render/nunjucks.js";
import { PATH_LOCATION_CONFIG } from "./group-vars.js";
import { minAnsibleVersion } from "./roles.js";

/** Ansible variables named vault_* anywhere in the config: the secrets the admin must define. */
function vaultVariables(value: unknown, found: Set<string>): Set<string> {
  if (isText(value) && typeof value !== "string") {
    for (const p of textParts(value)) if (p.kind === "var" && /^vault_/.test(p.path)) found.add(p.path.split(/[.[]/)[0]!);
  } else if (Array.isArray(value)) {
    for (const v of value) vaultVariables(v, found);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) vaultVariables(v, found);
  }
  return found;
}

export function emitReadme(
  { deployment: d, notice, sourceLabel }: EmitContext,
  files: Array<{ path: string; description: string }>,
): GeneratedFile {
  const playbook = d.config.playbook!.file!;
  const certbot = d.certbot.enabled;
  const text = renderTemplate("gtn-2020/README.md.njk", {
    notice,
    sourceLabel,
    group: d.inventoryGroup,
    files: [...files].sort((a, b) => a.path.localeCompare(b.path)),
    vaultVars: [...vaultVariables(d.config, new Set())].sort().map((v) => `\`${v}\``),
    certbot,
    playbook,
    firstRun: `ansible-playbook ${playbook}${certbot ? " -e certbot_expand=true" : ""}`,
    wildcardHost: textKey(d.wildcardHost),
    minAnsible: minAnsibleVersion(d),
    pathBased: d.nginx.pathBased,
    pathPrefix: d.galaxy.pathPrefix,
    pathLocation: PATH_LOCATION_CONFIG,
    gravity: d.proxy.role === "gravity" ? { version: d.config.proxy!.version, port: d.proxy.port } : undefined,
  });
  return { path: "README.md", content: text };
}
