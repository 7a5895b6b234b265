// Access to the Docker API is root on the host: a container that can talk to
// dockerd can start a privileged container with / mounted.
import { literalOf } from "../../config/text.js";
import { dockerMounts } from "../galaxy/docker-args.js";
import { dockerDestinations, paramPath, runArgsOf, volumesOf } from "../galaxy/facts.js";
import { exposesEngineSocket } from "../galaxy/volumes.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-volumes[docker-socket]",
    severity: "error",
    suppressible: false,
    description: "The Docker socket (or a directory holding it) is mounted into jobs, or docker_host is plain TCP.",
    rationale:
      "Whoever reaches the Docker API controls the host: they can start a privileged container with the host's root " +
      "filesystem mounted. Mounting /var/run/docker.sock (or /run, /var/run, /var/lib/docker, /) into an interactive tool " +
      "hands that to every GxIT user; a `docker_host` of `tcp://…` without TLS hands it to anyone on the network.",
    fix:
      "Remove the socket mount. Use `unix:///var/run/docker.sock` (or leave docker_host unset); if the daemon must be " +
      "remote, protect it with TLS client certificates (`docker_cmd: docker --tlsverify`) on a private network.",
    messages: {
      volume: "volume \"{{volume}}\" exposes the container engine's socket to the job: whoever runs the tool is root on the host",
      runArgsMount: "docker_run_extra_arguments mounts {{source}}, which exposes the container engine's socket: whoever runs the tool is root on the host",
      apiSocket: "--use-api-socket gives the container the Docker API: whoever runs the tool is root on the host",
      plainTcp: "docker_host \"{{host}}\" is the Docker API over plain TCP: anyone who can reach it is root on that host",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                docker_volumes: $defaults,/var/run/docker.sock:/var/run/docker.sock:ro
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_embedded: {type: pulsar_embedded}
          destinations:
            interactive_local:
              runner: pulsar_embedded
              params:
                docker_enabled: true
                docker_volumes: $defaults
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/docker_util.py (docker_host → -H)", "Docker docs: 'Docker daemon attack surface'"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of dockerDestinations(d)) {
      if (dest.params.docker_volumes !== undefined) {
        for (const e of volumesOf(d, dest).entries) {
          if (!e.parsed || !exposesEngineSocket(e.parsed.source)) continue;
          ctx.report({
            path: paramPath(dest, "docker_volumes"),
            span: e.span,
            subject: e.raw,
            messageId: "volume",
            data: { volume: e.raw },
          });
        }
      }
      const args = runArgsOf(d, dest);
      if (args) {
        for (const m of dockerMounts(args)) {
          if (m.type !== "bind" || m.source === undefined || m.flag.dynamic || !exposesEngineSocket(m.source)) continue;
          ctx.report({
            path: paramPath(dest, "docker_run_extra_arguments"),
            span: [m.flag.start, m.flag.end],
            subject: `${m.flag.written} ${m.flag.value}`,
            messageId: "runArgsMount",
            data: { source: m.source },
          });
        }
        for (const f of args.flags) {
          if (f.name === "--use-api-socket") {
            ctx.report({
              path: paramPath(dest, "docker_run_extra_arguments"),
              span: [f.start, f.end],
              subject: f.written,
              messageId: "apiSocket",
            });
          }
        }
      }
      const host = dest.params.docker_host;
      if (host !== undefined && /^(?:tcp|http):\/\//i.test(host)) {
        const cmd = literalOf(dest.params.docker_cmd) ?? "";
        if (!/--tlsverify\b/.test(cmd)) {
          ctx.report({
            path: paramPath(dest, "docker_host"),
            messageId: "plainTcp",
            data: { host },
          });
        }
      }
    }
  },
);
