// The broker connection carries its password and every job Pulsar will run.
import { isTemplateRef, isVarRef, textParts, type Text } from "../../config/text.js";
import { defineRule, yaml } from "../meta.js";

/** What the literal parts of an AMQP URL say about TLS: "tls", "plain", or undefined when variables decide it. */
function amqpTransport(url: Text): { transport: "tls" | "plain"; host?: string } | undefined {
  const parts = textParts(url);
  const first = parts[0];
  if (first?.kind !== "literal") return undefined;
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^:/?]*)/i.exec(first.text);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme === "amqps") return { transport: "tls" };
  if (scheme !== "amqp" && scheme !== "pyamqp") return undefined;
  const whole = parts.map((p) => (p.kind === "literal" ? p.text : "\0")).join("");
  const query = whole.includes("?") ? whole.slice(whole.indexOf("?") + 1) : "";
  if (/(?:^|&)ssl=(?:1|true|yes)(?:&|$)/i.test(query)) return { transport: "tls" };
  if (query.includes("\0")) return undefined;
  // The host is known when the literal covers it (`user:{{ password }}@host` has it after the variable).
  const host = /@([^:/?\0]+)/.exec(whole)?.[1] ?? (first.text.length > m[0].length ? m[2] : undefined);
  return { transport: "plain", ...(host ? { host } : {}) };
}

export default defineRule(
  {
    id: "gxit-pulsar[amqp-tls]",
    severity: "warning",
    description: "A Pulsar MQ runner connects to its message broker without TLS.",
    rationale:
      "Through the broker Galaxy hands Pulsar every job it will run (the command lines of the tools) and receives their " +
      "status; the URL also carries the broker account's password. Over plain AMQP anyone on the path between Galaxy, " +
      "the broker and the Pulsar hosts (which are, by the nature of Pulsar MQ, on other networks) reads the password and " +
      "can publish jobs of their own. usegalaxy.eu and usegalaxy.org.au connect with `?ssl=1` on port 5671.",
    fix: "Use TLS to the broker: `pyamqp://user:password@mq.example.org:5671//pulsar/galaxy?ssl=1` (or `amqps://`), and configure the Pulsar side's message_queue_url the same way.",
    messages: {
      plain: "Pulsar MQ runner \"{{runner}}\" connects to its broker{{host}} over plain AMQP: the broker password and the jobs travel in clear text",
    },
    examples: {
      problematic: yaml`
        version: 1
        jobs:
          runners:
            pulsar_mq:
              type: pulsar_mq
              params:
                amqp_url: {template: "pyamqp://galaxy:{{ vault_amqp_password }}@mq.example.org:5672//pulsar/galaxy"}
          destinations:
            remote:
              runner: pulsar_mq
              params: {jobs_directory: /data/pulsar/staging}
      `,
      correct: yaml`
        version: 1
        jobs:
          runners:
            pulsar_mq:
              type: pulsar_mq
              params:
                amqp_url: {template: "pyamqp://galaxy:{{ vault_amqp_password }}@mq.example.org:5671//pulsar/galaxy?ssl=1"}
          destinations:
            remote:
              runner: pulsar_mq
              params: {jobs_directory: /data/pulsar/staging}
      `,
    },
    sources: ["kombu connection URLs (ssl=1)", "usegalaxy-eu/infrastructure-playbook templates/galaxy/config/job_conf.yml (amqp_url …?ssl=1)"],
  },
  (ctx) => {
    for (const runner of ctx.deployment.jobs.runners) {
      if (runner.kind !== "pulsar_mq") continue;
      const url = ((runner.config.params ?? {}) as Record<string, unknown>).amqp_url;
      if (!(typeof url === "string" || isVarRef(url) || isTemplateRef(url))) continue;
      const t = amqpTransport(url as Text);
      if (t?.transport !== "plain") continue;
      if (t.host !== undefined && /^(?:localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i.test(t.host)) continue;
      ctx.report({ path: [...runner.path, "params", "amqp_url"], messageId: "plain", data: { runner: runner.id, host: t.host ? ` ${t.host}` : "" } });
    }
  },
);
