// templates/galaxy/config/job_conf.xml.j2 (gtn-2020): the job-config structure
// printed as Galaxy's XML, as the tutorial writes it, but with pulsar_config
// as an Ansible variable.
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { printJobConfigXml } from "../job-config/print-xml.js";
import { buildJobConfig } from "../job-config/structure.js";
import { JinjaRefs } from "../render/jinja.js";

export const jobConfXmlEmitter: Emitter = {
  id: "job-conf-xml",
  description: "Galaxy job_conf.xml template (runners, destinations, tool routing)",
  emit({ deployment, notice }) {
    const refs = new JinjaRefs(deployment.source.text);
    const xml = printJobConfigXml(buildJobConfig(deployment), refs, notice);
    return [{ path: OUTPUT_PATHS.jobConf, content: refs.finish(xml) }];
  },
};
