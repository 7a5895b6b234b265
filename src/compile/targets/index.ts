// Output targets: each is the list of emitters for one generation of the
// Galaxy/Ansible stack. A second target (inline YAML job config, *.ep.
// wildcard, Gravity-run proxy) is a new list here plus its own emitters;
// the model, lint and writer are shared.
import type { Emitter } from "../emitter.js";
import { groupVarsEmitter } from "../emitters/group-vars.js";
import { jobConfXmlEmitter } from "../emitters/job-conf-xml.js";
import { lintConfigEmitter } from "../emitters/lint-config.js";
import { nginxVhostEmitter } from "../emitters/nginx-vhost.js";
import { playbookEmitter } from "../emitters/playbook.js";
import { proxyRoleEmitter } from "../emitters/proxy-role.js";
import { pulsarAppEmitter } from "../emitters/pulsar-app.js";
import { requirementsEmitter } from "../emitters/requirements.js";
import { toolConfXmlEmitter } from "../emitters/tool-conf-xml.js";

export const TARGETS: Record<string, Emitter[]> = {
  "gtn-2020": [
    groupVarsEmitter,
    playbookEmitter,
    requirementsEmitter,
    nginxVhostEmitter,
    jobConfXmlEmitter,
    toolConfXmlEmitter,
    pulsarAppEmitter,
    proxyRoleEmitter,
    lintConfigEmitter,
  ],
};
