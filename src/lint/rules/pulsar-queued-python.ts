import { gxitDestinations } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-pulsar[queued-python]",
    severity: "note",
    description: "The embedded Pulsar app runs interactive tools with the queued_python manager: running tools are lost when Galaxy restarts.",
    rationale:
      "Pulsar's docs: with queued_python, 'jobs running when Pulsar is restarted will be lost'. Embedded Pulsar restarts " +
      "with Galaxy, so every deploy or restart kills the users' open notebooks. The tutorial accepts this for a training " +
      "server; production sites usually hand jobs to a cluster manager (queued_drmaa, queued_condor, queued_cli).",
    fix: "For production, use a manager backed by a resource manager, e.g. `type: queued_drmaa`; otherwise accept the note.",
    messages: {
      queued: "Pulsar manager \"{{manager}}\" is queued_python: interactive tools running when Galaxy (and its embedded Pulsar) restarts are lost",
      queuedDefault: "Pulsar manager \"{{manager}}\" is queued_python (gxit-gen's default): interactive tools running when Galaxy (and its embedded Pulsar) restarts are lost",
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
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
        pulsar:
          managers:
            _default_:
              type: queued_python
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
          tools:
            - id: interactive_tool_ethercalc
              destination: interactive_local
        pulsar:
          managers:
            _default_:
              type: queued_drmaa
      `,
    },
    sources: ["galaxyproject/pulsar docs/job_managers.rst"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const dests = gxitDestinations(d).filter((x) => x.runner?.kind === "pulsar_embedded");
    if (dests.length === 0) return;
    const managers = d.config.pulsar?.managers ?? {};
    // Destinations pick a manager by name (params.manager); the default is _default_.
    const used = new Set(dests.map((x) => x.params.manager ?? "_default_"));
    for (const [name, m] of Object.entries(managers)) {
      if (!used.has(name) || m.type !== "queued_python") continue;
      const written = d.source.nodeAt(["pulsar", "managers", name, "type"]).exact;
      // gxit-gen's default manager has no YAML node: point at the embedded Pulsar runner that uses it.
      ctx.report({
        path: written ? ["pulsar", "managers", name, "type"] : dests[0]!.runner!.path,
        ...(written ? {} : { at: "key" as const }),
        subject: `${name}:queued_python`,
        messageId: written ? "queued" : "queuedDefault",
        data: { manager: name },
      });
    }
  },
);
