// GxIT traffic carries the session cookie and everything the user types into
// Jupyter or RStudio; between nginx and a proxy on another host it must not
// travel in clear text.
import { literalOf, textKey } from "../../config/text.js";
import { defineRule } from "../meta.js";

/** The host of an http:// URL, or undefined when the URL is not literal enough to tell. */
export function plainHttpHost(url: string): string | undefined {
  const m = /^http:\/\/(\[[^\]]+\]|[^/:?#]+)/i.exec(url.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || /^127(?:\.\d{1,3}){3}$/.test(host) || host === "[::1]" || host.endsWith(".localhost");
}

export default defineRule(
  {
    id: "gxit-nginx[plain-upstream]",
    severity: "error",
    description: "nginx forwards interactive tool traffic in plain HTTP to a host that is not this machine.",
    rationale:
      "Every request to an interactive tool carries the user's Galaxy session cookie and whatever the user types into " +
      "the tool (notebook code, credentials). nginx ends TLS; `proxy_pass http://other-host:port` sends all of it on in " +
      "clear text across the network, where anyone on the path can read the session and take over the tool. The " +
      "tutorial's layout keeps the GxIT proxy on the Galaxy host and forwards to localhost.",
    fix: "Run the GxIT proxy on the nginx host and forward to `http://localhost:<port>`, or use `proxy_pass https://…` with `proxy_ssl_verify on`.",
    messages: {
      plain: "proxy_pass {{url}} forwards interactive tool traffic unencrypted to {{host}}, which is not this host",
    },
    examples: {
      kind: "nginx",
      problematic: [
        "server {",
        "    listen 443 ssl;",
        "    server_name *.interactivetool.galaxy.example.org;",
        "    location / {",
        "        proxy_pass http://gxit-proxy.internal:8000;",
        "    }",
        "}",
        "",
      ].join("\n"),
      correct: [
        "server {",
        "    listen 443 ssl;",
        "    server_name *.interactivetool.galaxy.example.org;",
        "    location / {",
        "        proxy_pass http://localhost:8000;",
        "    }",
        "}",
        "",
      ].join("\n"),
    },
    sources: ["nginx docs: ngx_http_proxy_module (proxy_pass, proxy_ssl_verify)", "GTN tutorial 'Galaxy Interactive Tools', nginx configuration"],
  },
  (ctx) => {
    const d = ctx.deployment;
    for (const p of d.nginx.proxyPass ?? []) {
      const url = literalOf(p.url) ?? textKey(p.url);
      const host = plainHttpHost(url);
      if (host === undefined || host.includes("{{") || isLoopback(host)) continue;
      ctx.report({ path: p.path, messageId: "plain", data: { url, host } });
    }
  },
);
