// templates/galaxy/config/tool_conf_interactive.xml.j2: a tool panel file with
// only the interactive tools, loaded next to Galaxy's default tool conf.
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { JinjaRefs } from "../render/jinja.js";
import { renderXml, type XmlElement } from "../render/xml.js";

export const toolConfXmlEmitter: Emitter = {
  id: "tool-conf-xml",
  description: "tool_conf_interactive.xml template (the interactive tool panel sections)",
  emit({ deployment, notice }) {
    const refs = new JinjaRefs(deployment.source.text);
    const toolConf = deployment.config.tool_conf!;
    const root: XmlElement = {
      name: "toolbox",
      attributes: { monitor: toolConf.monitor ? "true" : "false" },
      children: toolConf.sections!.map((s) => ({
        name: "section",
        attributes: { id: s.id, name: s.name },
        children: s.tools.map((file) => ({ name: "tool", attributes: { file } })),
      })),
    };
    return [{ path: OUTPUT_PATHS.toolConf, content: refs.finish(renderXml(root, notice)) }];
  },
};
