// Credentials written as literal strings end up in the playbook repository,
// its history and every clone. The config can reference vault variables
// ({var: vault_…}); anything else that looks like a credential is reported.
import type { ConfigPath } from "../../config/source.js";
import { isTemplateRef, isVarRef, literalOf, textKey, type Text } from "../../config/text.js";
import { paramPath, runArgsOf } from "../galaxy/facts.js";
import { envAssignments } from "../galaxy/docker-env.js";
import { isDefaultSecret, secretIn } from "../galaxy/secrets.js";
import { defineRule, yaml } from "../meta.js";

type Report = (path: ConfigPath, messageId: string, data: Record<string, string>, span?: [number, number]) => void;

const WHAT = {
  key: "a credential",
  "url-password": "a URL with an embedded password",
  "aws-key": "an AWS access key id",
} as const;

/** Checks one value (a plain data string, or a Text without variables). */
function checkValue(key: string | undefined, value: unknown, path: ConfigPath, report: Report): void {
  let s: string | undefined;
  let spanOk = false;
  if (typeof value === "string") {
    s = value;
    spanOk = true;
  } else if (isVarRef(value)) return;
  else if (isTemplateRef(value)) {
    s = literalOf(value as Text);
    // A template whose literal text embeds a password (postgresql://u:pw@{{ host }}/db) leaks too.
    if (s === undefined) s = textKey(value as Text);
  }
  if (s === undefined) return;
  const hit = secretIn(key, s);
  if (!hit) return;
  const label = key !== undefined ? `"${key}"` : "this value";
  const messageId = hit.kind === "key" && isDefaultSecret(s) ? "plainTextDefault" : "plainText";
  report(path, messageId, { label, what: WHAT[hit.kind] }, spanOk ? hit.span : undefined);
}

/** Walks free-form data (galaxy.config, extra_vars, certbot.vars), reporting every secret leaf. */
function walk(value: unknown, path: ConfigPath, key: string | undefined, report: Report): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, [...path, i], key, report));
    return;
  }
  if (value !== null && typeof value === "object" && !isVarRef(value) && !isTemplateRef(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, [...path, k], k, report);
    return;
  }
  checkValue(key, value, path, report);
}

export default defineRule(
  {
    id: "gxit-secrets[plain-text]",
    severity: "error",
    description: "A credential (DNS/TSIG secret, AWS key, token, password, database or AMQP URL with a password) is written in plain text.",
    rationale:
      "The gxit-gen config lives in the playbook repository. Literal secrets there are readable by everyone with access " +
      "to the repository, its history, CI logs and every clone, and the compiled group_vars repeat them. The certbot DNS " +
      "secret lets its holder issue certificates for the domain; AWS keys control route53; Pulsar tokens run jobs; " +
      "database and AMQP URLs give access to all of Galaxy's data.",
    fix: "Put the value in an Ansible vault file and reference it: `secret: {var: vault_certbot_dns_secret}` (for URLs: `{template: \"postgresql://galaxy:{{ vault_db_password }}@db/galaxy\"}`).",
    messages: {
      plainText: "{{label}} holds {{what}} in plain text; reference a vault variable instead",
      plainTextDefault: "{{label}} holds {{what}} in plain text (and a well-known default); reference a vault variable instead",
      awsCredential: "\"{{key}}\" holds an AWS credential in plain text; reference a vault variable instead",
    },
    examples: {
      problematic: yaml`
        version: 1
        certbot:
          dns_provider: rfc2136
          dns_credentials:
            server: ns.example.org
            name: certbot.
            secret: nJ3m5wVh0fQ8sL2x
            algorithm: HMAC-SHA512
      `,
      correct: yaml`
        version: 1
        certbot:
          dns_provider: rfc2136
          dns_credentials:
            server: ns.example.org
            name: certbot.
            secret: {var: vault_certbot_dns_secret}
            algorithm: HMAC-SHA512
      `,
    },
    sources: ["GTN tutorial, 'Getting a Wildcard SSL Certificate' (<SECRET PROVIDED BY INSTRUCTOR>)", "Ansible docs: Protecting sensitive data with Ansible vault"],
  },
  (ctx) => {
    const d = ctx.deployment;
    const report: Report = (path, messageId, data, span) => ctx.report({ path, messageId, data, ...(span ? { span } : {}) });
    const cfg = d.config;
    for (const [k, v] of Object.entries(cfg.certbot?.dns_credentials ?? {})) {
      if (typeof v === "number") continue;
      checkValue(k, v, ["certbot", "dns_credentials", k], report);
    }
    (cfg.certbot?.aws_cli_credentials ?? []).forEach((c, i) => {
      for (const k of ["access_key", "secret_key"] as const) {
        const lit = literalOf(c[k]);
        if (lit !== undefined && lit.trim() !== "") {
          report(["certbot", "aws_cli_credentials", i, k], "awsCredential", { key: k });
        }
      }
    });
    walk(cfg.galaxy?.config ?? {}, ["galaxy", "config"], undefined, report);
    walk(cfg.certbot?.vars ?? {}, ["certbot", "vars"], undefined, report);
    walk(cfg.extra_vars ?? {}, ["extra_vars"], undefined, report);
    for (const r of d.jobs.runners) {
      for (const [k, v] of Object.entries(r.config.params ?? {})) checkValue(k, v, [...r.path, "params", k], report);
    }
    for (const dest of d.jobs.destinations) {
      for (const [k, v] of Object.entries(dest.params)) {
        // Empty and sample tokens are gxit-pulsar[token]'s findings.
        if (k === "private_token" && typeof v === "string" && isDefaultSecret(v)) continue;
        checkValue(k, v, [...dest.path, "params", k], report);
      }
      for (const [k, v] of Object.entries(dest.dockerEnv)) checkValue(k, v, [...dest.path, "docker_env", k], report);
      // -e NAME=value in docker_run_extra_arguments, split into words as the shell (and the run-args rules) do.
      if (dest.dockerEnabled) {
        for (const e of envAssignments(runArgsOf(d, dest))) {
          if (e.value === undefined || e.fromTemplate) continue;
          const hit = secretIn(e.name, e.value);
          if (!hit) continue;
          const messageId = hit.kind === "key" && isDefaultSecret(e.value) ? "plainTextDefault" : "plainText";
          report(paramPath(dest, "docker_run_extra_arguments"), messageId, { label: `"${e.name}" (${e.flag.written})`, what: WHAT[hit.kind] }, [e.flag.start, e.flag.end]);
        }
      }
      dest.env.forEach((e, i) => checkValue(e.id, e.value, [...dest.path, "env", i, "value"], report));
    }
    const token = cfg.pulsar?.private_token;
    if (token !== undefined && !(typeof token === "string" && isDefaultSecret(token))) {
      checkValue("private_token", token, ["pulsar", "private_token"], report);
    }
  },
);
