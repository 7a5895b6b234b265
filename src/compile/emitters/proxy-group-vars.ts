// group_vars of the proxies' own inventory group (proxy.replicas.group): the
// proxy role's variables, where the play for the proxy hosts finds them. The
// Galaxy group's file then holds none of them, so a host in both groups gets
// each variable once.
import { proxyGroupVariables, proxyVarsElsewhere } from "../../config/conflicts.js";
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { renderYamlDocument } from "../render/yaml.js";
import { setProxyVars, VarsBuilder } from "./group-vars.js";

export const proxyGroupVarsEmitter: Emitter = {
  id: "proxy-group-vars",
  description: "group_vars for the proxies' inventory group (the proxy role's variables)",
  emit({ deployment: d, notice }) {
    if (!proxyVarsElsewhere(d)) return [];
    const b = new VarsBuilder(d, proxyGroupVariables(d));
    setProxyVars(b, d);
    return [{ path: OUTPUT_PATHS.groupVars(d.proxy.replicas!.group), content: renderYamlDocument(b.doc, notice) }];
  },
};
