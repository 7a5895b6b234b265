// The container monitor reports the job host's own address; where the proxy
// cannot reach that address, the tool starts and is never reachable.
import { reachableFromProxy, remoteGxitDestinations } from "../galaxy/job-hosts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-jobhost[get-ip-method]",
    severity: "error",
    description: "Interactive tools run on a job host whose address the proxy cannot reach, and container_monitor_get_ip_method does not say which address to report.",
    rationale:
      "The container monitor runs on the job host next to the container, asks Docker for the published port and " +
      "reports `<address>:<port>` to Galaxy, which writes it into the proxy's sessions map. The address is the job " +
      "host's default-route address (galaxy.util.sockets.get_ip) unless `container_monitor_get_ip_method: command:<cmd>` " +
      "names a command that prints another one. A job host behind NAT, in another site or on a private cloud network " +
      "reports an address the proxy cannot connect to, and users get a proxy error for a tool that is running. Pulsar " +
      "over a message queue (pulsar_mq) is chosen exactly where Galaxy cannot reach the job host, so gxit-gen assumes " +
      "such hosts are not reachable unless the destination says `job_host: {reachable_from_proxy: true}`. " +
      "usegalaxy.org reports its Jetstream2 nodes' Tailscale address with `command:tailscale ip -4`.",
    fix: "Set `container_monitor_get_ip_method: \"command:<cmd>\"` to a command that prints an address of the job host the proxy reaches (a VPN or overlay address, e.g. `command:tailscale ip -4`), or declare `job_host: {reachable_from_proxy: true}` if the proxy does reach it.",
    messages: {
      declared: "destination \"{{destination}}\" says its job host is not reachable from the proxy, but sets no container_monitor_get_ip_method: the proxy is sent to an address it cannot reach",
      messageQueue: "destination \"{{destination}}\" runs interactive tools through Pulsar over a message queue (runner \"{{runner}}\") without container_monitor_get_ip_method: the job host reports its own default-route address, which a proxy outside its network cannot reach",
    },
    examples: {
      problematic: yaml`
        version: 1
        galaxy:
          infrastructure_url: https://galaxy.example.org/
        jobs:
          runners:
            pulsar_mq:
              type: pulsar_mq
              params: {amqp_url: {var: vault_pulsar_amqp_url}}
          destinations:
            interactive_remote:
              runner: pulsar_mq
              params:
                docker_enabled: true
                jobs_directory: /data/pulsar/staging
                container_monitor_result: callback
      `,
      correct: yaml`
        version: 1
        galaxy:
          infrastructure_url: https://galaxy.example.org/
        jobs:
          runners:
            pulsar_mq:
              type: pulsar_mq
              params: {amqp_url: {var: vault_pulsar_amqp_url}}
          destinations:
            interactive_remote:
              runner: pulsar_mq
              params:
                docker_enabled: true
                jobs_directory: /data/pulsar/staging
                container_monitor_result: callback
                container_monitor_get_ip_method: "command:tailscale ip -4"
      `,
    },
    sources: [
      "lib/galaxy_ext/container_monitor/monitor.py (get_ip, container_monitor_get_ip_method)",
      "galaxyproject/galaxy#14695 (command:tailscale ip -4)",
      "galaxyproject/usegalaxy-playbook env/common/templates/galaxy/config/tpv/environments.yaml.j2 (jetstream2_gxit)",
    ],
  },
  (ctx) => {
    for (const dest of remoteGxitDestinations(ctx.deployment)) {
      if (dest.params.container_monitor_get_ip_method !== undefined) continue;
      const reach = reachableFromProxy(dest);
      if (reach.value) continue;
      ctx.report({
        ...(reach.declared ? { path: [...dest.path, "job_host", "reachable_from_proxy"] } : { path: [...dest.path, "runner"], at: "key" as const }),
        messageId: reach.declared ? "declared" : "messageQueue",
        data: { destination: dest.id, runner: dest.runnerId },
      });
    }
  },
);
