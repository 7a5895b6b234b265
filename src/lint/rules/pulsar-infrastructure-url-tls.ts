// The callback URL carries the job key in its query string.
import { destinationsWithCallback, infrastructureUrl, remoteCallbackDestinations } from "../galaxy/callback.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-pulsar[infrastructure-url-tls]",
    severity: "warning",
    description: "galaxy_infrastructure_url is plain http while the container monitor calls back with the job key.",
    rationale:
      "The callback is `{galaxy_infrastructure_url}/api/jobs/<id>/ports?job_key=…`: the job key, which authorizes " +
      "setting the tool's port (and so where the proxy sends users), travels in the query string. Over http anyone on " +
      "the path can read it and redirect the interactive tool. (When a remote job host calls back, " +
      "gxit-pulsar[infrastructure-url] reports plain http as an error instead.)",
    fix: "Use an https URL for galaxy.infrastructure_url (the tutorial uses `https://{{ inventory_hostname }}/`).",
    messages: {
      plainHttp: "galaxy_infrastructure_url uses http: the container monitor's callback sends the job key in clear text",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          infrastructure_url: http://galaxy.example.org/
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                container_monitor_result: callback
      `,
      correct: yaml`
        version: 1
        galaxy:
          infrastructure_url: https://galaxy.example.org/
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                container_monitor_result: callback
      `,
    },
    sources: ["lib/galaxy/jobs/__init__.py (container_monitor_command)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    // Callbacks from remote job hosts make plain http an error of gxit-pulsar[infrastructure-url].
    if (destinationsWithCallback(d).length === 0 || remoteCallbackDestinations(d).length > 0) return;
    const url = infrastructureUrl(d);
    if (url?.scheme !== "http") return;
    ctx.report({ path: url.path, messageId: "plainHttp" });
  },
);
