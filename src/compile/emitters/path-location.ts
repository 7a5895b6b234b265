// templates/nginx/galaxy-gxit-path.conf.j2: the location block that sends
// path-based tool URLs on Galaxy's own vhost to the proxy. Galaxy's main vhost
// belongs to the admin, so this is a file galaxyproject.nginx installs
// (nginx_extra_configs) for the admin to include; the README says where.
// The location matches <base_path><prefix>/…, the prefix the proxy gets as
// --proxyPathPrefix (<base_path><prefix>/ep): both come from the model.
import type { Deployment } from "../../config/model.js";
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { PATH_LOCATION_CONFIG } from "./group-vars.js";
import { JinjaRefs } from "../render/jinja.js";
import { renderTemplate } from "../render/nunjucks.js";
import { proxyUpstream } from "./proxy-upstream.js";

/** An nginx regular expression matching `text` literally (PCRE metacharacters escaped). */
function regexLiteral(text: string): string {
  return text.replace(/[.*+?^$()[\]|\\]/g, "\\$&");
}

/** `^/(interactivetool/.+)$` for the defaults, as the tutorial writes it. */
export function pathLocationRegex(d: Deployment): string {
  return `^${regexLiteral(d.galaxy.basePath)}(${regexLiteral(d.galaxy.prefix)}/.+)$`;
}

export const pathLocationEmitter: Emitter = {
  id: "path-location",
  description: "nginx location for path-based interactive tools, to include in Galaxy's own vhost",
  emit({ deployment: d, notice }) {
    if (!d.nginx.pathBased) return [];
    const refs = new JinjaRefs(d.source.text);
    const text = renderTemplate("shared/galaxy-gxit-path.conf.j2.njk", {
      notice,
      pathPrefix: d.galaxy.pathPrefix,
      installedPath: `/etc/nginx/${PATH_LOCATION_CONFIG}`,
      locationRegex: pathLocationRegex(d),
      upstream: proxyUpstream(d, refs),
    });
    return [{ path: OUTPUT_PATHS.nginxExtraConfig(PATH_LOCATION_CONFIG), content: refs.finish(text) }];
  },
};
