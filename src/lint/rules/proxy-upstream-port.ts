// nginx must forward the wildcard vhost to the port the GxIT proxy listens on.
import { interactiveToolsEnabled } from "../galaxy/facts.js";
import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-proxy[upstream-port]",
    severity: "error",
    description: "The nginx GxIT vhost forwards to a port other than the one the GxIT proxy listens on.",
    rationale:
      "nginx's `proxy_pass http://localhost:<port>` for the interactive tool wildcard host must reach the GxIT proxy " +
      "(gie_proxy_port, role default 8000). A different port sends users' tool traffic to whatever listens there — " +
      "at best a 502, at worst another local service exposed under the tool's host name.",
    fix: "Leave nginx.vhost.upstream_port unset (it follows {{ gie_proxy_port }}) or make it equal to proxy.port.",
    messages: {
      portMismatch: "nginx forwards interactive tool traffic to port {{upstream}}, but the GxIT proxy listens on {{port}}",
      portMismatchDefault: "nginx forwards interactive tool traffic to port {{upstream}}, but the GxIT proxy listens on {{port}} (role default)",
    },
    examples: {
      problematic: yaml`
        version: 1
        proxy:
          port: 8000
        nginx:
          vhost:
            upstream_port: 8080
      `,
      correct: yaml`
        version: 1
        proxy:
          port: 8000
        nginx:
          vhost:
            upstream_port: 8000
      `,
    },
    sources: ["usegalaxy-eu/ansible-gie-proxy defaults/main.yml (gie_proxy_port)", "GTN tutorial, 'Proxying the Proxy'"],
  },
  (ctx) => {
    const d = ctx.deployment;
    if (!interactiveToolsEnabled(d)) return;
    const up = d.nginx.upstreamPort;
    // {var: gie_proxy_port} is the proxy's port by definition; another variable cannot be checked.
    if (typeof up !== "number" || up === d.proxy.port) return;
    ctx.report({
      path: ["nginx", "vhost", "upstream_port"],
      messageId: d.proxy.portExplicit ? "portMismatch" : "portMismatchDefault",
      data: { upstream: up, port: d.proxy.port },
    });
  },
);
