// Schema validation: every error is one line at the YAML position of the
// offending node, with a hint of what to do.
import { expect } from "chai";
import { ConfigError } from "../../src/util/errors.js";
import { deploymentOf } from "../helpers.js";

function errorsOf(text: string): string[] {
  try {
    deploymentOf(text, "c.yml");
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split("\n");
    throw err;
  }
  return [];
}

describe("schema validation", () => {
  it("accepts a config of only `version: 1` and fills the tutorial's defaults", () => {
    const d = deploymentOf("version: 1\n");
    expect(d.inventoryGroup).to.equal("galaxyservers");
    expect(d.proxy.role).to.equal("usegalaxy_eu.gie_proxy");
    expect(d.jobs.destinations.map((x) => x.id)).to.deep.equal(["local", "interactive_local"]);
    expect(d.jobs.tools[0]).to.include({ id: "interactive_tool_ethercalc", destinationId: "interactive_local" });
  });

  it("reports an unknown key at the key, with a suggestion", () => {
    expect(errorsOf("version: 1\ngalaxy:\n  hostnme: x\n")).to.deep.equal([
      'c.yml:3:3: unknown key "hostnme" in galaxy; did you mean "hostname"?',
    ]);
  });

  it("lists the allowed keys when nothing is close", () => {
    const [line] = errorsOf("version: 1\ndocker:\n  zzzzzzzzzz: 1\n");
    expect(line).to.match(/^c\.yml:3:3: unknown key "zzzzzzzzzz" in docker; allowed keys: role_version, install_compose, users$/);
  });

  it("reports every error, sorted by position", () => {
    const lines = errorsOf(
      "version: 1\ndocker:\n  install_compose: 'no'\nproxy:\n  port: 70000\n  role: gie_proxy\n",
    );
    expect(lines).to.have.length(3);
    expect(lines[0]).to.equal('c.yml:3:20: docker.install_compose must be a boolean, not "no"');
    expect(lines[1]).to.equal("c.yml:5:9: proxy.port must be <= 65535");
    expect(lines[2]).to.match(/^c\.yml:6:9: proxy\.role is "gie_proxy", but must be one of/);
  });

  it("requires version: 1", () => {
    expect(errorsOf("galaxy: {}\n")[0]).to.equal('c.yml:1:1: (top level) is missing the required key "version"; add it');
    expect(errorsOf("version: 2\n")[0]).to.equal("c.yml:1:10: version must be 1, not 2");
  });

  it("rejects Jinja beyond variable paths in {template} and {var}", () => {
    const [a] = errorsOf('version: 1\ngalaxy:\n  infrastructure_url: {template: "{{ lookup(\'pipe\',\'id\') }}"}\n');
    expect(a).to.match(/^c\.yml:3:34: galaxy\.infrastructure_url\.template: .* is not allowed here; only variable paths/);
    const [b] = errorsOf("version: 1\ngalaxy:\n  user: {var: \"x | default('y')\"}\n");
    expect(b).to.match(/^c\.yml:3:15: galaxy\.user\.var:/);
    const [c] = errorsOf("version: 1\ngalaxy:\n  user: {template: \"a{% if x %}b{% endif %}\"}\n");
    expect(c).to.match(/^c\.yml:3:20: galaxy\.user\.template:/);
  });

  it("rejects an object that is neither {var} nor {template} where text is expected", () => {
    const [line] = errorsOf("version: 1\ngalaxy:\n  user: {name: galaxy}\n");
    expect(line).to.match(/^c\.yml:3:9: /);
  });

  it("rejects {var} look-alikes hidden in free-form data", () => {
    const [line] = errorsOf('version: 1\nextra_vars:\n  x: {var: "lookup(\'pipe\', \'id\')"}\n');
    expect(line).to.match(/^c\.yml:3:12: extra_vars\.x\.var:/);
  });

  it("rejects nginx-breaking values in vhost settings", () => {
    const [line] = errorsOf("version: 1\nnginx:\n  vhost:\n    access_log: 'x; include /etc/passwd'\n");
    expect(line).to.match(/^c\.yml:4:17: nginx\.vhost\.access_log: .* is not allowed here/);
  });

  it("reports malformed YAML with its position", () => {
    expect(errorsOf("version: 1\nfoo: [a\n")[0]).to.match(/^c\.yml:3:1: invalid YAML: /);
    expect(errorsOf("version: 1\nversion: 1\n")[0]).to.equal(`c.yml:2:1: invalid YAML: duplicate key "version" (first at line 1, column 1); keep one of them`);
  });

  it("rejects a document that is not a mapping", () => {
    expect(errorsOf("- a\n")[0]).to.equal("c.yml:1:1: the config must be a YAML mapping with at least `version: 1`");
    expect(errorsOf("")[0]).to.equal("c.yml:1:1: the config must be a YAML mapping with at least `version: 1`");
  });

  it("checks references between sections at the referring node", () => {
    const lines = errorsOf(
      "version: 1\njobs:\n  runners:\n    local: {type: local}\n  default_destination: nowhere\n  destinations:\n    d1:\n      runner: lcoal\n",
    );
    expect(lines).to.deep.equal([
      'c.yml:5:24: jobs.default_destination "nowhere" is not a destination',
      'c.yml:8:15: destination "d1" uses runner "lcoal", which jobs.runners does not define; did you mean "local"?',
    ]);
  });

  it("host names follow DNS rules, also in a {template} outside {{ }}, and say why", () => {
    const host = (v: string) => errorsOf(`version: 1\ngalaxy:\n  hostname: ${v}\n`);
    expect(host(`{template: "x; return 301 https://evil.example/"}`)[0]).to.match(/galaxy\.hostname\.template: .* it contains ";"; a host name has only letters, digits/);
    expect(host(`{template: "x.{{ inventory_hostname }} evil.example"}`)[0]).to.match(/^c\.yml:3:\d+: .*it contains a space/);
    expect(host(`"galaxy example.org"`)[0]).to.match(/^c\.yml:3:13: galaxy\.hostname: .*it contains a space/);
    expect(host(`${"a".repeat(64)}.example.org`)[0]).to.match(/is 64 characters long; DNS labels have at most 63/);
    expect(host(`${"a".repeat(63)}.example.org`)).to.deep.equal([]);
    expect(host(`{template: "${"a".repeat(64)}.{{ inventory_hostname }}"}`)[0]).to.match(/64 characters long/);
    expect(host(`{template: "galaxy.{{ inventory_hostname }}"}`)).to.deep.equal([]);
    const cert = (v: string) => errorsOf(`version: 1\ncertbot:\n  domains: [${v}]\n`);
    expect(cert(`{template: "*.x.{{ inventory_hostname }} y"}`)[0]).to.match(/certbot\.domains\.0\.template: .*it contains a space/);
    expect(cert(`{template: "*.x.{{ inventory_hostname }}"}`)).to.deep.equal([]);
    const serverName = (v: string) => errorsOf(`version: 1\nnginx:\n  vhost:\n    server_name: ${v}\n`);
    expect(serverName(`"a.example.org b.example.org"`)).to.deep.equal([]);
    expect(serverName(`"${"b".repeat(64)}.example.org"`)[0]).to.match(/64 characters long/);
  });
});
