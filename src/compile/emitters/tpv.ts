// templates/galaxy/config/tpv_interactive_tools.yml.j2 (gtn-current with
// jobs.tpv): plain TPV for the interactive tools. One tool entry matches every
// interactive tool id and requires the `gxit` tag, which only the GxIT
// destination carries, so they run nowhere else; a rule refuses anonymous
// users; per-tool entries add resources and the container's user mapping.
// The destinations are the job-config structure's environments, the same
// ones the static mapping would print.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";
import { isText, type Text } from "../../config/text.js";
import { type Emitter } from "../emitter.js";
import { buildEnvironments, type JobParamValue } from "../job-config/structure.js";
import { JinjaRefs } from "../render/jinja.js";
import { renderYamlDocument } from "../render/yaml.js";

export const TPV_TEMPLATE = "templates/galaxy/config/tpv_interactive_tools.yml.j2";
/** The scheduling tag that ties interactive tools to their destination. */
export const GXIT_TAG = "gxit";

export const tpvEmitter: Emitter = {
  id: "tpv",
  description: "TPV rules for the interactive tools (destination, tool rule, login requirement, per-tool resources)",
  emit({ deployment: d, notice }) {
    const tpv = d.jobs.tpv;
    if (tpv === undefined) return [];
    const refs = new JinjaRefs(d.source.text);
    const doc = new Document(new YAMLMap());
    // In a template, text with a reference must stay quoted after Jinja renders it.
    const value = (v: JobParamValue): Node => {
      if (Array.isArray(v)) {
        const seq = new YAMLSeq();
        for (const x of v) seq.items.push(value(x));
        return seq;
      }
      if (!isText(v)) return doc.createNode(v) as Node;
      const s = new Scalar(refs.text(v as Text));
      if (typeof v !== "string" || v === "" || v.includes("$")) s.type = Scalar.QUOTE_DOUBLE;
      return s;
    };
    const map = (entries: Array<[string, Node]>, comment?: string): YAMLMap => {
      const m = new YAMLMap();
      for (const [k, v] of entries) m.items.push(new Pair(new Scalar(k), v));
      if (comment) m.commentBefore = ` ${comment}`;
      return m;
    };
    const seq = (items: Node[]): YAMLSeq => {
      const s = new YAMLSeq();
      s.items.push(...items);
      return s;
    };
    const tagged = () => map([["require", seq([value(GXIT_TAG)])]]);

    const gxitEntry: Array<[string, Node]> = [["scheduling", tagged()]];
    if (tpv.requireLogin) {
      gxitEntry.push([
        "rules",
        seq([
          map([
            ["id", value("gxit_require_login")],
            ["if", value("user is None")],
            ["fail", value("Interactive tools are available to registered users only. Please log in.")],
          ]),
        ]),
      ]);
    }
    const tools: Array<[string, Node]> = [[tpv.toolIdRegex, map(gxitEntry)]];
    for (const t of tpv.tools) {
      const entry: Array<[string, Node]> = [];
      if (t.cores !== undefined) entry.push(["cores", value(t.cores)]);
      if (t.mem !== undefined) entry.push(["mem", value(t.mem)]);
      if (t.walltime !== undefined) entry.push(["context", map([["walltime", value(t.walltime)]])]);
      if (t.dockerRunExtraArguments !== undefined) {
        entry.push(["params", map([["docker_run_extra_arguments", value(t.dockerRunExtraArguments)]])]);
      }
      tools.push([t.id, map(entry)]);
    }
    const destinations = buildEnvironments(d).map((e): [string, Node] => {
      const entry: Array<[string, Node]> = [["runner", value(e.runner)]];
      if (e.params.length > 0) entry.push(["params", map(e.params.map(([k, v]) => [k, value(v)]))]);
      if (e.env.length > 0) entry.push(["env", seq(e.env.map((x) => map([["name", value(x.name)], ["value", value(x.value)]])))]);
      if (e.id === tpv.destinationId) entry.push(["scheduling", tagged()]);
      return [e.id, map(entry)];
    });
    const root = doc.contents as YAMLMap;
    const toolsKey = new Scalar("tools");
    toolsKey.commentBefore = ` Every interactive tool (${tpv.toolIdRegex}) requires the ${GXIT_TAG} tag, which only ${tpv.destinationId} has.`;
    root.items.push(new Pair(toolsKey, map(tools)));
    root.items.push(new Pair(new Scalar("destinations"), map(destinations)));
    return [{ path: TPV_TEMPLATE, content: refs.finish(renderYamlDocument(doc, notice)) }];
  },
};
