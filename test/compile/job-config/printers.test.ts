// One job-config structure, two printers: the XML and the YAML printing of the
// same structure must say the same thing once parsed (as Galaxy parses them),
// for every example config.
import { expect } from "chai";
import { XMLParser } from "fast-xml-parser";
import { Document, parse } from "yaml";
import { loadConfigFile } from "../../../src/config/load.js";
import { bundledExamples } from "../../../src/compile/examples.js";
import { printJobConfigXml } from "../../../src/compile/job-config/print-xml.js";
import { printJobConfigYaml } from "../../../src/compile/job-config/print-yaml.js";
import { buildJobConfig, GALAXY_DEFAULT_WORKERS } from "../../../src/compile/job-config/structure.js";
import { JinjaRefs } from "../../../src/compile/render/jinja.js";
import { deploymentOf, repoPath } from "../../helpers.js";

type Param = Record<string, string>;
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  textNodeName: "text",
  isArray: (name: string, _path: unknown, _leaf: unknown, isAttribute: boolean) =>
    !isAttribute && ["plugin", "destination", "param", "env", "tool", "limit"].includes(name),
});

/** Galaxy's view of an XML job conf: runner → {load, workers, params}, env → {runner, params, env}. */
function fromXml(xml: string) {
  const jc = xmlParser.parse(xml).job_conf;
  const str = (p: Param[] = []) => Object.fromEntries(p.map((x) => [x.id, String(x.text ?? "")]));
  const defaultWorkers = Number(jc.plugins.workers);
  return {
    runners: Object.fromEntries(
      jc.plugins.plugin.map((p: Param & { param?: Param[] }) => [
        p.id,
        { load: p.load, workers: Number(p.workers ?? defaultWorkers), params: str(p.param) },
      ]),
    ),
    default: jc.destinations.default,
    environments: Object.fromEntries(
      jc.destinations.destination.map((d: Param & { param?: Param[]; env?: Param[] }) => [
        d.id,
        { runner: d.runner, params: str(d.param), env: str(d.env) },
      ]),
    ),
    tools: (jc.tools?.tool ?? []).map((t: Param) => ({ id: t.id, environment: t.destination })),
    limits: (jc.limits?.limit ?? []).map((l: Param) => ({ type: l.type, ...(l.id !== undefined ? { id: l.id } : {}), ...(l.window !== undefined ? { window: String(l.window) } : {}), value: String(l.text) })),
  };
}

/** The same view of a YAML job config (values as the strings XML would carry). */
function fromYaml(text: string) {
  const jc = parse(text);
  const str = (p: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));
  return {
    runners: Object.fromEntries(
      Object.entries(jc.runners).map(([id, r]) => {
        const { load, workers, ...params } = r as Record<string, unknown>;
        return [id, { load, workers: Number(workers ?? GALAXY_DEFAULT_WORKERS), params: str(params) }];
      }),
    ),
    default: jc.execution.default,
    environments: Object.fromEntries(
      Object.entries(jc.execution.environments).map(([id, e]) => {
        const { runner, params, env } = e as { runner: string; params?: Record<string, unknown>; env?: Array<{ name: string; value: string }> };
        return [id, { runner, params: str(params), env: Object.fromEntries((env ?? []).map((x) => [x.name, x.value])) }];
      }),
    ),
    tools: jc.tools ?? [],
    limits: ((jc.limits ?? []) as Array<Record<string, unknown>>).map((l) => ({ ...str(l) })),
  };
}

describe("job config: one structure, two printers", () => {
  for (const example of bundledExamples()) {
    it(`${example.name}: XML and YAML say the same`, () => {
      const d = loadConfigFile(repoPath(example.configPath));
      const jc = buildJobConfig(d);
      const refs = new JinjaRefs(d.source.text);
      const yamlOnly = jc.environments.some((e) => e.containerResolvers.length > 0 || e.params.some(([, v]) => Array.isArray(v)));
      if (yamlOnly) {
        // TPV's file list and per-environment resolvers exist only in YAML: the XML printer refuses them.
        expect(() => printJobConfigXml(jc, refs, "notice")).to.throw(/use the gtn-current target/);
        return;
      }
      const xml = refs.finish(printJobConfigXml(jc, refs, "notice"));
      const doc = new Document();
      doc.contents = printJobConfigYaml(jc, doc);
      expect(fromYaml(doc.toString())).to.deep.equal(fromXml(xml));
    });
  }

  it("writes Galaxy's limits in both formats: per-destination ones after jobs.limits, with the walltime in the native specification", () => {
    const d = deploymentOf(
      [
        "version: 1",
        "jobs:",
        "  runners: {slurm: {type: slurm}, mq: {type: pulsar_mq, params: {amqp_url: {var: vault_amqp_url}}}}",
        "  destinations:",
        "    gxit_slurm: {runner: slurm, limits: {walltime: '08:00:00', user_concurrent_jobs: 2}, params: {docker_enabled: true, nativeSpecification: '-p gxit'}}",
        "    gxit_mq: {runner: mq, limits: {walltime: '1-00:00:00', total_concurrent_jobs: 5}, params: {docker_enabled: true, jobs_directory: /srv/pulsar}}",
        "  limits:",
        "    - {type: total_walltime, window: 30, value: '100:00:00'}",
        "    - {type: output_size, value: 10GB}",
      ].join("\n") + "\n",
    );
    const jc = buildJobConfig(d);
    const refs = new JinjaRefs(d.source.text);
    const xml = refs.finish(printJobConfigXml(jc, refs, "notice"));
    const doc = new Document();
    doc.contents = printJobConfigYaml(jc, doc);
    expect(fromYaml(doc.toString())).to.deep.equal(fromXml(xml));
    expect(fromXml(xml).limits).to.deep.equal([
      { type: "total_walltime", window: "30", value: "100:00:00" },
      { type: "output_size", value: "10GB" },
      { type: "destination_user_concurrent_jobs", id: "gxit_slurm", value: "2" },
      { type: "destination_total_concurrent_jobs", id: "gxit_mq", value: "5" },
    ]);
    expect(fromXml(xml).environments.gxit_slurm!.params.nativeSpecification).to.equal("--time=08:00:00 -p gxit");
    expect(fromXml(xml).environments.gxit_mq!.params.submit_native_specification).to.equal("--time=1-00:00:00");
  });

  it("writes a runner's workers in YAML only when they differ from Galaxy's default", () => {
    const base = { workers: 4, defaultEnvironment: "e", environments: [{ id: "e", runner: "r", params: [], env: [], containerResolvers: [] }], tools: [], limits: [] };
    const print = (jc: Parameters<typeof printJobConfigYaml>[0]) => {
      const doc = new Document();
      doc.contents = printJobConfigYaml(jc, doc);
      return parse(doc.toString());
    };
    const runner = { id: "r", load: "galaxy.jobs.runners.local:LocalJobRunner", params: [] };
    expect(print({ ...base, runners: [runner] }).runners.r).to.not.have.property("workers");
    expect(print({ ...base, workers: 8, runners: [runner] }).runners.r.workers).to.equal(8);
    expect(print({ ...base, workers: 8, runners: [{ ...runner, workers: 2 }] }).runners.r.workers).to.equal(2);
  });

  it("refuses a list value in XML instead of writing it as text", () => {
    const jc = {
      workers: 4,
      runners: [],
      defaultEnvironment: "tpv",
      environments: [{ id: "tpv", runner: "dynamic", params: [["tpv_config_files", ["a.yml"]]] as Array<[string, string[]]>, env: [], containerResolvers: [] }],
      tools: [],
      limits: [],
    };
    expect(() => printJobConfigXml(jc, new JinjaRefs(""), "n")).to.throw(/list value of param tpv_config_files/);
  });
});
