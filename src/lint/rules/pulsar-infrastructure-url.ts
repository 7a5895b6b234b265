// The callback goes to {galaxy_infrastructure_url}/api/jobs/<id>/ports. The
// container monitor runs on the job host (it calls `docker port` there and
// posts from there), so the URL matters where the job host is not Galaxy's:
// on the Galaxy host Galaxy's default http://localhost:8080 reaches Gravity's
// default gunicorn bind.
import { infrastructureUrl, remoteCallbackDestinations } from "../galaxy/callback.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-pulsar[infrastructure-url]",
    severity: "error",
    description: "Interactive tools on a remote job host use container_monitor_result: callback, but galaxy_infrastructure_url is missing, points at localhost, or is plain http.",
    rationale:
      "With `callback` the container monitor — a script Galaxy adds to the job, running on the job host next to the " +
      "container (it calls `docker port` there) — posts the tool's port to " +
      "`{galaxy_infrastructure_url}/api/jobs/<id>/ports?job_key=…`. On the Galaxy host itself (the local and embedded " +
      "Pulsar runners) Galaxy's default, http://localhost:8080, reaches Gravity's default gunicorn bind, so nothing is " +
      "reported there. On a remote job host (Pulsar REST or MQ, a cluster, Kubernetes) localhost is that machine: the " +
      "call never reaches Galaxy and the tool is never reachable. From a remote job host the call also crosses the " +
      "network between that host and Galaxy, with the job key (which authorizes setting where the proxy sends the " +
      "tool's users) in its query string: it must be https there.",
    fix: "Set `galaxy.infrastructure_url` to an https URL of Galaxy that the job hosts reach, e.g. `{template: \"https://{{ inventory_hostname }}/\"}`.",
    messages: {
      unset:
        "container_monitor_result: callback on \"{{destination}}\" ({{runner}} runner, a remote job host) needs galaxy_infrastructure_url, which is not set (Galaxy's default http://localhost:8080 is the job host itself)",
      loopback:
        "galaxy_infrastructure_url points at {{host}}, but the container monitor of {{destinations}} posts from a remote job host, where that is the job host itself",
      plainHttp:
        "galaxy_infrastructure_url is plain http, but the container monitor of {{destinations}} posts the job key to it from a remote job host, across the network",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          infrastructure_url: http://localhost:8080
        jobs:
          runners:
            pulsar_rest: {type: pulsar_rest}
          destinations:
            interactive_remote:
              runner: pulsar_rest
              params:
                docker_enabled: true
                container_monitor_result: callback
                private_token: {var: vault_pulsar_token}
      `,
      correct: yaml`
        version: 1
        galaxy:
          infrastructure_url: {template: "https://{{ inventory_hostname }}/"}
        jobs:
          runners:
            pulsar_rest: {type: pulsar_rest}
          destinations:
            interactive_remote:
              runner: pulsar_rest
              params:
                docker_enabled: true
                container_monitor_result: callback
                private_token: {var: vault_pulsar_token}
      `,
    },
    sources: ["lib/galaxy/jobs/__init__.py (container_monitor_command)", "doc/source/admin/galaxy_options.rst (galaxy_infrastructure_url)"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const remote = remoteCallbackDestinations(d);
    if (remote.length === 0) return;
    const url = infrastructureUrl(d);
    if (url === undefined) {
      for (const dest of remote) {
        ctx.report({
          path: [...dest.path, "params", "container_monitor_result"],
          messageId: "unset",
          data: { destination: dest.id, runner: dest.runner?.kind ?? "unknown" },
        });
      }
      return;
    }
    const destinations = remote.map((x) => `"${x.id}"`).join(", ");
    if (url.host !== undefined && /^(?:localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0)$/i.test(url.host)) {
      ctx.report({ path: url.path, messageId: "loopback", data: { host: url.host, destinations } });
    } else if (url.scheme === "http") {
      ctx.report({ path: url.path, messageId: "plainHttp", data: { destinations } });
    }
  },
);
