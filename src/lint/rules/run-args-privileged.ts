// docker_run_extra_arguments is pasted unquoted into `docker run` and bypasses
// every other setting; these flags remove the container boundary.
import { flagIsOn, type DockerFlag } from "../galaxy/docker-args.js";
import { dockerDestinations, paramPath, runArgsOf } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

const HOST_NAMESPACES = new Set(["--network", "--pid", "--ipc", "--uts", "--userns", "--cgroupns"]);

/** Why a flag breaks isolation, or undefined. */
function privilegedReason(f: DockerFlag): string | undefined {
  if (f.name === "--privileged") return flagIsOn(f) ? "--privileged gives the container every capability and all host devices" : undefined;
  if (f.name === "--cap-add") return `--cap-add ${f.value ?? ""} grants extra kernel capabilities`.replace(/ +/g, " ");
  if (f.name === "--device" || f.name === "--device-cgroup-rule") return `${f.written} exposes host devices`;
  if (f.value === undefined || f.dynamic) return undefined;
  if (HOST_NAMESPACES.has(f.name) && f.value.toLowerCase() === "host") {
    return `${f.written} ${f.value} shares the host's ${f.name.slice(2)} namespace`;
  }
  if (f.name === "--security-opt" && /unconfined|label[=:]disable/i.test(f.value)) {
    return `--security-opt ${f.value} turns off a kernel confinement profile`;
  }
  return undefined;
}

export default defineRule(
  {
    id: "gxit-run-args[privileged]",
    severity: "error",
    suppressible: false,
    description: "docker_run_extra_arguments gives the container privileges or host namespaces (--privileged, --cap-add, --pid=host, --network host, --device…).",
    rationale:
      "Galaxy appends docker_run_extra_arguments verbatim to `docker run` (docker_util.build_docker_run_command), so it " +
      "overrides every other destination setting. --privileged gives all capabilities and devices; --cap-add, " +
      "--security-opt …unconfined and --device weaken the sandbox; --network/--pid/--ipc/--uts/--userns/--cgroupns host " +
      "share the host's namespaces, so the interactive tool reaches services bound to localhost (database, proxy, Pulsar) " +
      "or other processes. Interactive tools run user code, so this is host access for every GxIT user.",
    fix: "Remove the flag. Use docker_net for networking and docker_volumes for mounts; if a tool truly needs a device, give it its own destination and record the decision in .gxit-lint.yml.",
    messages: {
      privileged: "{{reason}}; interactive tools run user code, so this is host access for every user",
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
                docker_run_extra_arguments: --privileged --add-host localhost:host-gateway
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
                docker_run_extra_arguments: --add-host localhost:host-gateway
      `,
    },
    sources: ["lib/galaxy/tool_util/deps/docker_util.py (build_docker_run_command)", "Docker docs: 'Runtime privilege and Linux capabilities'"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const dest of dockerDestinations(d)) {
      const args = runArgsOf(d, dest);
      if (!args) continue;
      for (const f of args.flags) {
        const why = privilegedReason(f);
        if (!why) continue;
        ctx.report({
          path: paramPath(dest, "docker_run_extra_arguments"),
          span: [f.start, f.end],
          subject: `${f.name}=${f.value ?? ""}`,
          messageId: "privileged",
          data: { reason: why },
        });
      }
    }
  },
);
