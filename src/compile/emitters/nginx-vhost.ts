// templates/nginx/<vhost>.j2: the server block that forwards the interactive
// tool wildcard host to the proxy. galaxyproject.nginx templates it, so
// config values are checked for nginx here and made inert for Jinja.
import { textParts } from "../../config/text.js";
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { JinjaRefs } from "../render/jinja.js";
import { nginxToken, renderTemplate } from "../render/nunjucks.js";
import { proxyUpstream } from "./proxy-upstream.js";

export const nginxVhostEmitter: Emitter = {
  id: "nginx-vhost",
  description: "nginx vhost template for the interactive tool wildcard host",
  emit({ deployment: d, notice }) {
    const refs = new JinjaRefs(d.source.text);
    // server_name may mix literal labels and Ansible variables; the literal
    // parts must each be valid nginx text on their own.
    const serverName = textParts(d.nginx.serverName)
      .map((p) => (p.kind === "var" ? refs.ref(p.path) : p.text.split(" ").map((t) => (t === "" ? "" : nginxToken(t))).join(" ")))
      .join("");
    const upstream = proxyUpstream(d, refs);
    const text = renderTemplate("gtn-2020/nginx-vhost.j2.njk", {
      notice,
      vhost: d.config.nginx!.vhost!,
      serverName,
      upstream,
    });
    return [{ path: OUTPUT_PATHS.nginxVhost(d.nginx.vhostName), content: refs.finish(text) }];
  },
};
