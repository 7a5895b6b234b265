// The callback goes to {galaxy_infrastructure_url}/api/jobs/<id>/ports; it
// must exist and be reachable from inside the container.
import { destinationsWithCallback, infrastructureUrl } from "../galaxy/callback.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-pulsar[infrastructure-url]",
    severity: "error",
    description: "container_monitor_result: callback is used but galaxy_infrastructure_url is missing or points at localhost.",
    rationale:
      "With `callback` the container monitor, running inside the tool's container, calls " +
      "`{galaxy_infrastructure_url}/api/jobs/<id>/ports?job_key=…`. Galaxy's default is http://localhost:8080, and " +
      "localhost inside a bridged container is the container itself, so the call never reaches Galaxy and the tool " +
      "is never reachable.",
    fix: "Set `galaxy.infrastructure_url` to Galaxy's public https URL, e.g. `{template: \"https://{{ inventory_hostname }}/\"}`.",
    messages: {
      unset: "container_monitor_result: callback on \"{{destination}}\" needs galaxy_infrastructure_url, which is not set (Galaxy's default http://localhost:8080 is the container itself)",
      loopback: "galaxy_infrastructure_url points at {{host}}; the container monitor's callback runs inside the container, where that is the container itself",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          infrastructure_url: http://localhost:8080
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
          infrastructure_url: {template: "https://{{ inventory_hostname }}/"}
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
    sources: ["lib/galaxy/jobs/__init__.py (container_monitor_command)", "doc/source/admin/galaxy_options.rst (galaxy_infrastructure_url)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const users = destinationsWithCallback(d);
    if (users.length === 0) return;
    const url = infrastructureUrl(d);
    if (url === undefined) {
      for (const dest of users) {
        ctx.report({
          path: [...dest.path, "params", "container_monitor_result"],
          messageId: "unset",
          data: { destination: dest.id },
        });
      }
      return;
    }
    if (url.host !== undefined && /^(?:localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0)$/i.test(url.host)) {
      ctx.report({
        path: url.path,
        messageId: "loopback",
        data: { host: url.host },
      });
    }
  },
);
