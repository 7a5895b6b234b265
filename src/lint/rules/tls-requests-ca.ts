import { defineRule, yaml } from "../meta.js";

export default defineRule(
  {
    id: "gxit-tls[requests-ca]",
    severity: "note",
    description: "REQUESTS_CA_BUNDLE is set for jobs: a training workaround for untrusted certificates.",
    rationale:
      "The tutorial adds REQUESTS_CA_BUNDLE so the container monitor's callback trusts the training course's staging " +
      "certificates, and says 'Galaxy servers with valid SSL certificates do not need this option'. Left in production " +
      "it hides certificate problems and changes which CAs every Python tool in the job trusts.",
    fix: "Remove the env entry once Galaxy has a publicly trusted certificate.",
    messages: {
      env: "REQUESTS_CA_BUNDLE is set on \"{{destination}}\"; only needed with untrusted (training) certificates",
      dockerEnv: "REQUESTS_CA_BUNDLE is passed into the containers of \"{{destination}}\"; only needed with untrusted (training) certificates",
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
              env:
                - id: REQUESTS_CA_BUNDLE
                  value: /etc/ssl/certs/ca-certificates.crt
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
      `,
    },
    sources: ["GTN tutorial, warning 'Untrusted SSL Certificates'"],
  },
  (ctx) => {
    for (const dest of ctx.deployment.jobs.destinations) {
      dest.env.forEach((e, i) => {
        if (e.id !== "REQUESTS_CA_BUNDLE") return;
        ctx.report({ path: [...dest.path, "env", i], messageId: "env", data: { destination: dest.id } });
      });
      if (Object.prototype.hasOwnProperty.call(dest.dockerEnv, "REQUESTS_CA_BUNDLE")) {
        ctx.report({ path: [...dest.path, "docker_env", "REQUESTS_CA_BUNDLE"], at: "key", messageId: "dockerEnv", data: { destination: dest.id } });
      }
    }
  },
);
