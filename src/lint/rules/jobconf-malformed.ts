// Galaxy reads job_conf.xml by element name and skips what it does not
// expect: a <plugin> inside <destinations> is no runner at all, and the
// destinations that use it fail only when a job arrives.
import { defineRule } from "../meta.js";

export default defineRule(
  {
    id: "gxit-jobconf[malformed]",
    severity: "error",
    description: "A hand-written job conf has an element where Galaxy does not look for it (e.g. <plugin> inside <destinations>).",
    rationale:
      "Galaxy's job configuration parser (lib/galaxy/jobs/__init__.py, JobConfiguration) collects runners from " +
      "<plugins>/<plugin>, destinations from <destinations>/<destination> and params from <param id=…>; anything else " +
      "in those sections is ignored without a message. A runner written in the wrong section does not exist, so the " +
      "interactive tool destinations that name it fail at job time, and a <param> without an id is dropped — for " +
      "docker_volumes that silently means Galaxy's default, $defaults.",
    fix: "Move the element into its section (<plugin> into <plugins>, <destination> into <destinations>) and give every <param> an id.",
    messages: {
      misplaced: "{{problem}}",
    },
    examples: {
      kind: "job-conf-xml",
      problematic: [
        "<job_conf>",
        "    <plugins/>",
        "    <destinations default=\"docker_local\">",
        "        <plugin id=\"local\" type=\"runner\" load=\"galaxy.jobs.runners.local:LocalJobRunner\"/>",
        "        <destination id=\"docker_local\" runner=\"local\"/>",
        "    </destinations>",
        "</job_conf>",
        "",
      ].join("\n"),
      correct: [
        "<job_conf>",
        "    <plugins>",
        "        <plugin id=\"local\" type=\"runner\" load=\"galaxy.jobs.runners.local:LocalJobRunner\"/>",
        "    </plugins>",
        "    <destinations default=\"docker_local\">",
        "        <destination id=\"docker_local\" runner=\"local\"/>",
        "    </destinations>",
        "</job_conf>",
        "",
      ].join("\n"),
    },
    sources: ["lib/galaxy/jobs/__init__.py (JobConfiguration._configure_from_dict / XML parsing)", "lib/galaxy/config/sample/job_conf.xml.sample_advanced"],
  },
  (ctx) => {
    for (const p of ctx.deployment.jobs.problems ?? []) {
      ctx.report({ path: p.path, messageId: "misplaced", data: { problem: p.problem } });
    }
  },
);
