// Tool ids Galaxy gives its shipped interactive tool wrappers, from their file
// names (shared by normalize, which routes TPV, and lint).
import { basename } from "node:path";

/**
 * Galaxy's shipped GxIT wrappers are named interactivetool_<name>.xml and
 * have the id interactive_tool_<name>; a wrapper kept beside its older
 * releases carries the version in the file name only
 * (interactivetool_jupyter_notebook_1.0.1.xml has the id
 * interactive_tool_jupyter_notebook). Other files keep their base name.
 */
export function toolIdFromFile(file: string): string {
  const base = basename(file).replace(/\.xml$/i, "");
  if (!base.startsWith("interactivetool_")) return base;
  return "interactive_tool_" + base.slice("interactivetool_".length).replace(/_[0-9]+(?:\.[0-9]+)+$/, "");
}
