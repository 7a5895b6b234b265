// Output targets: each is the list of emitters for one generation of the
// Galaxy/Ansible stack. gtn-current differs by what it leaves out (no
// job_conf.xml: group_vars carries the job config inline) and by what the
// model decides per target (proxy runner, wildcard form, path prefix); the
// model, lint and writer are shared.
import type { Target } from "../../config/model.js";
import type { Emitter } from "../emitter.js";
import { groupVarsEmitter } from "../emitters/group-vars.js";
import { jobConfXmlEmitter } from "../emitters/job-conf-xml.js";
import { lintConfigEmitter } from "../emitters/lint-config.js";
import { nginxVhostEmitter } from "../emitters/nginx-vhost.js";
import { pathLocationEmitter } from "../emitters/path-location.js";
import { playbookEmitter } from "../emitters/playbook.js";
import { proxyGroupVarsEmitter } from "../emitters/proxy-group-vars.js";
import { proxyRoleEmitter } from "../emitters/proxy-role.js";
import { pulsarAppEmitter } from "../emitters/pulsar-app.js";
import { requirementsEmitter } from "../emitters/requirements.js";
import { sessionsDbRoleEmitter } from "../emitters/sessions-db-role.js";
import { toolConfXmlEmitter } from "../emitters/tool-conf-xml.js";
import { tpvEmitter } from "../emitters/tpv.js";

export const TARGETS: Record<Target, Emitter[]> = {
  "gtn-2020": [
    groupVarsEmitter,
    proxyGroupVarsEmitter,
    playbookEmitter,
    requirementsEmitter,
    nginxVhostEmitter,
    pathLocationEmitter,
    jobConfXmlEmitter,
    toolConfXmlEmitter,
    pulsarAppEmitter,
    proxyRoleEmitter,
    sessionsDbRoleEmitter,
    lintConfigEmitter,
  ],
  "gtn-current": [
    groupVarsEmitter,
    proxyGroupVarsEmitter,
    playbookEmitter,
    requirementsEmitter,
    nginxVhostEmitter,
    pathLocationEmitter,
    toolConfXmlEmitter,
    tpvEmitter,
    pulsarAppEmitter,
    proxyRoleEmitter,
    sessionsDbRoleEmitter,
    lintConfigEmitter,
  ],
};
