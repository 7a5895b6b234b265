// Galaxy writes the sessions map that the proxy reads; they must be the same
// file (or database).
import { isTemplateRef, isVarRef, type Text } from "../../config/text.js";
import { galaxyOption, interactiveToolsEnabled, literalString, sameText } from "../galaxy/facts.js";
import { textKey } from "../../config/text.js";
import { defineRule, yaml } from "../meta.js";

function asText(v: unknown): Text | undefined {
  return typeof v === "string" || isVarRef(v) || isTemplateRef(v) ? (v as Text) : undefined;
}

export default defineRule(
  {
    id: "gxit-proxy[map-mismatch]",
    severity: "error",
    description: "Galaxy's interactivetools_map (or interactivetoolsproxy_map) is not the sessions map the GxIT proxy reads.",
    rationale:
      "Galaxy records each running interactive tool (host, port, token) in the sessions map; gx-it-proxy reads the " +
      "same map (`--sessions`, gie_proxy_sessions_path) to route requests. If Galaxy writes one file and the proxy reads " +
      "another, every tool answers 404 from the proxy. interactivetoolsproxy_map, when set, replaces interactivetools_map " +
      "and must then be what the proxy reads.",
    fix: "Leave galaxy.interactivetools.map unset (it follows {{ gie_proxy_sessions_path }}), or set both to the same path or URL.",
    messages: {
      proxyMap: "interactivetoolsproxy_map {{map}} replaces interactivetools_map, but the GxIT proxy reads {{sessions}}",
      sessionsMap: "Galaxy writes the sessions map to {{map}}, but the GxIT proxy reads {{sessions}}: no tool would be routed",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          interactivetools:
            map: /srv/galaxy/var/interactivetools_map.sqlite
        proxy:
          sessions_path: /srv/galaxy/var/gxit-sessions.sqlite
      `,
      correct: yaml`
        version: 1
        galaxy:
          interactivetools:
            map: /srv/galaxy/var/gxit-sessions.sqlite
        proxy:
          sessions_path: /srv/galaxy/var/gxit-sessions.sqlite
      `,
    },
    sources: ["doc/source/admin/galaxy_options.rst (interactivetools_map, interactivetoolsproxy_map)", "GTN tutorial, 'Enabling Interactive Tools in Galaxy'"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d)) return;
    const sessions = d.proxy.sessionsPath;
    const proxyMap = galaxyOption(d, "interactivetoolsproxy_map");
    const proxyMapText = proxyMap ? asText(proxyMap.value) : undefined;
    if (proxyMap && proxyMapText !== undefined) {
      // The proxy's own sessions variable (gie_proxy_sessions_path, or gxit_proxy_sessions_path with Gravity) always matches.
      if (isVarRef(proxyMapText) && proxyMapText.var === d.proxy.sessionsVar) return;
      if (sameText(proxyMapText, sessions) === false) {
        const lit = literalString(proxyMap.value);
        ctx.report({
          path: proxyMap.path,
          messageId: "proxyMap",
          data: { map: lit !== undefined ? `"${lit}"` : textKey(proxyMapText), sessions: textKey(sessions) },
        });
      }
      return;
    }
    if (!d.galaxy.interactivetoolsMapExplicit) return;
    const map = d.galaxy.interactivetoolsMap;
    if (isVarRef(map) && map.var === d.proxy.sessionsVar) return;
    if (sameText(map, sessions) !== false) return;
    ctx.report({
      path: ["galaxy", "interactivetools", "map"],
      messageId: "sessionsMap",
      data: { map: textKey(map), sessions: textKey(sessions) },
    });
  },
);
