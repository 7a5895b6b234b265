// Let's Encrypt issues wildcard names only through DNS-01.
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

function certbotVar(d: import("../../config/model.js").Deployment, name: string): unknown {
  const vars = (d.config.certbot?.vars ?? {}) as Record<string, unknown>;
  const extra = (d.config.extra_vars ?? {}) as Record<string, unknown>;
  return vars[name] ?? extra[name];
}

export default defineRule(
  {
    id: "gxit-tls[dns-challenge]",
    severity: "error",
    description: "certbot must issue a wildcard certificate but no DNS provider is configured (HTTP-01 cannot issue wildcards).",
    rationale:
      "Let's Encrypt only issues wildcard names through the DNS-01 challenge. Without certbot_dns_provider, " +
      "usegalaxy_eu.certbot runs certbot with `certbot_auth_method | default('--standalone')`, an HTTP-01 method, and " +
      "the request for *.<prefix>.<host> fails, so the playbook fails (or keeps an old certificate without the wildcard).",
    fix: "Set certbot.dns_provider (e.g. rfc2136, route53, cloudflare) and certbot.dns_credentials with vault references; or set certbot.enabled: false and provide the certificate yourself.",
    messages: {
      httpChallenge: "certbot has no DNS provider, so it uses {{method}} (HTTP-01), which cannot issue the interactive tool wildcard certificate",
    },
    examples: {
      problematic: yaml`
        version: 1
        certbot:
          domains: [galaxy.example.org]
      `,
      correct: yaml`
        version: 1
        certbot:
          domains: [galaxy.example.org]
          dns_provider: rfc2136
          dns_credentials:
            server: ns.example.org
            name: certbot.
            secret: {var: vault_certbot_dns_secret}
            algorithm: HMAC-SHA512
      `,
    },
    sources: ["usegalaxy-eu/ansible-certbot tasks/request-cert.yml", "Let's Encrypt: wildcard certificates require DNS-01"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d) || !d.certbot.enabled) return;
    if (d.certbot.dnsProvider !== undefined || certbotVar(d, "certbot_dns_provider") !== undefined) return;
    const method = certbotVar(d, "certbot_auth_method");
    // --manual (with hooks) or a --dns-* plugin can do DNS-01; anything else is HTTP-01.
    if (typeof method !== "string" ? method !== undefined : !/^\s*(?:--(?:standalone|webroot|nginx|apache))\b/.test(method)) return;
    ctx.report({
      path: ["certbot", "dns_provider"],
      messageId: "httpChallenge",
      data: { method: typeof method === "string" ? method.trim() : "--standalone" },
    });
  },
);
