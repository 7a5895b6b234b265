// Galaxy's default container monitor command is a script in Galaxy's own
// checkout; a remote Pulsar host usually has none.
import { remoteGxitDestinations } from "../galaxy/job-hosts.js";
import { isRemotePulsar } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-jobhost[monitor-command]",
    severity: "warning",
    description: "Interactive tools run on a remote Pulsar server without container_monitor_command, so the job runs the container monitor from Galaxy's own checkout.",
    rationale:
      "The container monitor is a script Galaxy adds to the job: by default `python <galaxy_root>/lib/galaxy_ext/container_monitor/monitor.py`, " +
      "a path on the Galaxy host. A cluster node that mounts Galaxy's code (the usual shared-filesystem cluster) has it; " +
      "a remote Pulsar server normally does not, and then the monitor never runs, Galaxy never learns the tool's port, " +
      "and the tool is never reachable. The galaxy-job-execution package ships the monitor as `galaxy-container-monitor` " +
      "for such hosts (galaxy#14673); usegalaxy.org points container_monitor_command at it.",
    fix: "Install galaxy-job-execution on the Pulsar host (e.g. in /opt/galaxy-job-execution) and set `container_monitor_command: /opt/galaxy-job-execution/bin/galaxy-container-monitor`; if the Pulsar host mounts Galaxy's code at the same path, suppress this finding with that reason.",
    messages: {
      missing: "destination \"{{destination}}\" runs interactive tools on remote Pulsar (runner \"{{runner}}\") without container_monitor_command: the default runs monitor.py from Galaxy's checkout, which the Pulsar host usually lacks",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          infrastructure_url: https://galaxy.example.org/
        jobs:
          runners:
            pulsar_rest: {type: pulsar_rest}
          destinations:
            interactive_remote:
              runner: pulsar_rest
              params:
                docker_enabled: true
                url: https://pulsar.example.org:8913/
                private_token: {var: vault_pulsar_private_token}
                container_monitor_result: callback
      `,
      correct: yaml`
        version: 1
        galaxy:
          infrastructure_url: https://galaxy.example.org/
        jobs:
          runners:
            pulsar_rest: {type: pulsar_rest}
          destinations:
            interactive_remote:
              runner: pulsar_rest
              params:
                docker_enabled: true
                url: https://pulsar.example.org:8913/
                private_token: {var: vault_pulsar_private_token}
                container_monitor_result: callback
                container_monitor_command: /opt/galaxy-job-execution/bin/galaxy-container-monitor
      `,
    },
    sources: ["lib/galaxy/jobs/__init__.py (container_monitor_command)", "galaxyproject/galaxy#14673 (galaxy-container-monitor for Pulsar)"],
  },
  (ctx) => {
    for (const dest of remoteGxitDestinations(ctx.deployment)) {
      if (!isRemotePulsar(dest) || dest.params.container_monitor_command !== undefined) continue;
      ctx.report({ path: [...dest.path, "runner"], at: "key", messageId: "missing", data: { destination: dest.id, runner: dest.runnerId } });
    }
  },
);
