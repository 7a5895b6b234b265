// Hostile strings in every free-text field of the config: each field either
// rejects them (`gxit-gen validate` exits 3) or they come out inert — as the
// exact same data, after Ansible has evaluated the group_vars and rendered
// the templates, read back by the consumers' parsers.
//
// How "the exact same data" is checked without a hand-kept list of where each
// field lands: the config is compiled once with a unique marker in every
// accepted field and once with the hostile values, both trees go through
// Ansible, and the parsed outputs must be identical once each marker is
// replaced by its field's hostile value — same keys, same types, same values,
// in every output file.
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parse } from "yaml";
import { compileDeployment } from "../../src/compile/index.js";
import { writeTree } from "../../src/compile/write.js";
import { loadConfigText } from "../../src/config/load.js";
import { CONFIG_SCHEMA, validator } from "../../src/schema/validate.js";
import { ConfigError } from "../../src/util/errors.js";
import { runCli } from "../../src/cli/run.js";
import { memoryIO } from "../../src/cli/io.js";
import { renderWithAnsible, TEST_HOST, unsafeTag, type Rendered, type Typed } from "./ansible.js";
import { nginxTest, selfSignedCert } from "./nginx.js";
import { pyyamlLoad } from "./pyyaml.js";
import {
  explain,
  jobPool,
  needTools,
  parallelism,
  playbookRoles,
  removeDir,
  run,
  tempDir,
  toolEnv,
  unwrap,
  type Settled,
} from "./tools.js";
import { stubRoles, writeInventory, ROLE_SUPPLIED_VARS } from "./ansible.js";
import { BUNDLED_PROXY_ROLE } from "../../src/compile/emitters/roles.js";
import { safeSourceLabel } from "../../src/compile/render/header.js";
import { repoPath } from "../../src/util/paths.js";

/**
 * A config with every optional field set (benign values), so that every
 * string field of the schema has a place to receive hostile text. A test
 * below fails when the schema gains a string field this config lacks.
 */
const BASE_CONFIG = `
version: 1
target: gtn-2020
ansible_core: "2.14"
inventory_group: galaxyservers
playbook:
  file: galaxy.yml
  name: Galaxy servers
  become: true
  roles:
    - {name: galaxyproject.galaxy, version: 0.10.14, become: true, become_user: root}
    - {name: galaxyproject.nginx}
galaxy:
  hostname: galaxy.example.org
  user: galaxy
  infrastructure_url: https://galaxy.example.org/
  tool_config_files: [/srv/galaxy/server/config/tool_conf.xml.sample]
  config_dir: /srv/galaxy/config
  job_config_file: /srv/galaxy/config/job_conf.xml
  interactivetools:
    enable: true
    map: /srv/galaxy/var/interactivetools_map.sqlite
    prefix: interactivetool
    upstream_proxy: true
    proxy_host: gxit.example.org:443
    entry_point_style: legacy
  outputs_to_working_directory: true
  config:
    brand: benign
    nested_option: {benign_key: [benign]}
  config_templates:
    - {src: templates/galaxy/config/other.xml.j2, dest: /srv/galaxy/config/other.xml}
docker:
  role_version: 2.6.0
  install_compose: false
  users: [galaxy]
proxy:
  role: usegalaxy_eu.gie_proxy
  role_version: 0.0.2
  dir: /srv/galaxy/gie-proxy/proxy
  git_repo: https://github.com/galaxyproject/gx-it-proxy
  git_version: main
  setup_nodejs: nodeenv
  nodejs_version: "10.13.0"
  nodejs_package: nodejs
  virtualenv: /srv/galaxy/gie-proxy/venv
  virtualenv_command: /usr/bin/python3 -m venv
  virtualenv_python: /usr/bin/python3
  setup_service: systemd
  service_name: galaxy-gie-proxy
  service_restart_mode: on-failure
  service_restartsec: 1s
  sessions_path: /srv/galaxy/var/interactivetools_map.sqlite
  ip: 127.0.0.1
  port: 8000
  path_prefix: /interactivetool/ep
  user: galaxy
  group: galaxy
  verbose: true
  install: true
  npm_executable: /usr/bin/npm
  nodejs_executable: /usr/bin/node
  # Explicit: unset, its default depends on role_version, which the look-alike variant changes.
  setup_libpq: false
nginx:
  ssl_servers: [galaxy]
  vhost:
    name: galaxy-gie-proxy
    server_name: "*.interactivetool.galaxy.example.org"
    listen: "*:443 ssl"
    access_log: syslog:server=unix:/dev/log
    error_log: syslog:server=unix:/dev/log
    upstream_host: localhost
    upstream_port: 8000
    proxy_headers:
      - {name: Host, value: $host}
certbot:
  enabled: true
  role_version: 0.1.9
  domains: [galaxy.example.org]
  dns_provider: route53
  dns_credentials: {server: ns.example.org}
  aws_cli_credentials:
    - {access_key: AKIAEXAMPLE, secret_key: benign, homedir: /root, owner: root, group: root}
  aws_cli_role_version: 0.0.1
  vars:
    certbot_admin_email: admin@example.org
jobs:
  workers: 4
  runners:
    local: {type: local, workers: 2, params: {benign_param: benign}}
    pulsar_embedded: {type: pulsar_embedded, pulsar_config: /srv/galaxy/config/pulsar_app.yml}
    pulsar_rest: {load: "galaxy.jobs.runners.pulsar:PulsarRESTJobRunner"}
    slurm: {type: slurm}
  default_destination: local
  destinations:
    local: {runner: local}
    interactive_local:
      runner: pulsar_embedded
      params:
        docker_enabled: true
        docker_volumes: $defaults
        docker_volumes_from: data
        docker_memory: 4G
        docker_sudo: false
        docker_sudo_cmd: /usr/bin/sudo
        docker_net: bridge
        docker_auto_rm: true
        docker_set_user: ""
        docker_run_extra_arguments: --add-host localhost:host-gateway
        docker_cmd: /usr/bin/docker
        docker_host: unix:///var/run/docker.sock
        docker_host_port_cmd: /usr/local/bin/port
        docker_container_id_override: busybox:1.36
        docker_default_container_id: busybox:1.36
        docker_container_image_cache_path: /srv/cache
        require_container: true
        container_monitor: true
        container_monitor_result: callback
        container_monitor_command: /usr/bin/monitor
        container_monitor_get_ip_method: command:hostname
        outputs_to_working_directory: true
      docker_env: {NB_USER: benign}
      env:
        - {id: REQUESTS_CA_BUNDLE, value: /etc/ssl/certs/ca-certificates.crt}
    remote:
      runner: pulsar_rest
      params:
        manager: _default_
        url: https://pulsar.example.org:8913/
        private_token: benign
        default_file_action: remote_transfer
        jobs_directory: /data/pulsar
        remote_metadata: false
        rewrite_parameters: true
        dependency_resolution: remote
        submit_native_specification: benign
      limits: {walltime: "04:00:00", total_concurrent_jobs: 4}
    cluster:
      runner: slurm
      limits: {walltime: "08:00:00", user_concurrent_jobs: 2}
      job_host: {reachable_from_proxy: true}
      params: {nativeSpecification: benign}
  limits:
    - {type: destination_user_concurrent_jobs, id: remote, value: 1}
    - {type: output_size, value: 10GB}
  tools:
    - {id: interactive_tool_ethercalc, destination: interactive_local}
tool_conf:
  monitor: true
  sections:
    - {id: interactivetools, name: Interactive Tools, tools: [interactive/interactivetool_ethercalc.xml]}
pulsar:
  staging_directory: /srv/galaxy/jobs/_interactive
  persistence_directory: /srv/galaxy/var/pulsar
  tool_dependency_dir: /srv/galaxy/var/dependencies
  private_token: benign
  managers:
    _default_: {type: queued_python, num_concurrent_jobs: 1, native_specification: benign}
extra_vars:
  benign_var: benign
  nested_data: {benign_key: [benign, {deeper: benign}]}
`;

/** What an attacker, or an unlucky admin, might put into a string. */
const PIECES = [
  "{{ lookup('pipe','id') }}",
  "{% raw %}x{% endraw %}",
  "{# c #}",
  "{{{x}}}",
  "}}",
  "%}",
  "#}",
  "\n",
  "\t",
  "\r",
  ";",
  "}",
  "{",
  "<",
  ">",
  "&",
  "'",
  '"',
  "$",
  "$HOME",
  "$(id)",
  "`id`",
  "\\",
  "\\n",
  "#",
  "%",
  " ",
  ": ",
  "- ",
  "]]>",
  "<!--",
  "@GXITREF0@",
];

/** Strings that YAML 1.1 (PyYAML: Ansible, Pulsar) reads as something other than a string. */
const YAMLISH = ["yes", "No", "on", "OFF", "1:20", "2001-12-14", "0b101", "1_000", "=", "<<", "~", "null", "0644", "0x1F", ".inf", "+1", "1.5", "true"];

/** The literal part of a template: no braces or line breaks (the schema's rule), everything else. */
const TEMPLATE_LITERAL = `' " ; < & $ \\ # % ]]> <!-- :`;

type Seg = string | number;
type SchemaNode = Record<string, unknown> & { __def?: string };

interface Field {
  path: Seg[];
  /** Schema-level path: map keys as *, array items as [], a map key itself as <key>. */
  pattern: string;
  kind: "value" | "key";
  acceptsTemplate: boolean;
}

const DEFS = (CONFIG_SCHEMA as { definitions: Record<string, SchemaNode> }).definitions;

function deref(node: unknown): SchemaNode {
  let n = (node ?? {}) as SchemaNode;
  while (typeof n.$ref === "string") {
    const name = n.$ref.split("/").pop()!;
    const { $ref: _ref, ...rest } = n;
    n = { ...DEFS[name]!, ...rest, __def: name };
  }
  return n;
}

function branches(n: SchemaNode): SchemaNode[] {
  return ((n.oneOf ?? n.anyOf ?? [n]) as unknown[]).map(deref);
}

function isFreeString(b: SchemaNode): boolean {
  const t = b.type;
  return (t === "string" || (Array.isArray(t) && t.includes("string"))) && b.enum === undefined && b.const === undefined;
}

const join2 = (a: string, b: string) => (a ? `${a}.${b}` : b);

/** {template: "..."} or {var: ...}: the shared definitions, or a field's own narrower copy of them. */
function expressionBranch(b: SchemaNode): "template" | "var" | undefined {
  if (b.__def === "templateRef") return "template";
  if (b.__def === "varRef") return "var";
  const props = Object.keys((b.properties ?? {}) as object);
  if (b.type === "object" && props.length === 1 && (props[0] === "template" || props[0] === "var")) {
    return props[0] as "template" | "var";
  }
  return undefined;
}

/** Every string-accepting place in the schema, as patterns (data values are leaves). */
function schemaPatterns(): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, pattern: string) => {
    const n = deref(node);
    const bs = branches(n);
    if (bs.some(isFreeString)) out.add(pattern);
    if (n.__def === "data") return;
    for (const b of bs) {
      if (expressionBranch(b)) continue;
      for (const [k, v] of Object.entries((b.properties ?? {}) as Record<string, unknown>)) walk(v, join2(pattern, k));
      if (b.additionalProperties && typeof b.additionalProperties === "object") {
        out.add(join2(pattern, "<key>"));
        walk(b.additionalProperties, join2(pattern, "*"));
      }
      if (b.items) walk(b.items, `${pattern}[]`);
    }
  };
  walk(CONFIG_SCHEMA, "");
  return out;
}

/** The string fields of a concrete config, with their schema pattern. */
function configFields(config: unknown): Field[] {
  const out: Field[] = [];
  const walk = (node: unknown, value: unknown, path: Seg[], pattern: string) => {
    const n = deref(node);
    const bs = branches(n);
    if (typeof value === "string") {
      if (bs.some(isFreeString)) {
        out.push({ path, pattern, kind: "value", acceptsTemplate: bs.some((b) => expressionBranch(b) === "template") });
      }
      return;
    }
    if (Array.isArray(value)) {
      const items = bs.find((b) => b.items)?.items ?? (n.__def === "data" ? n : undefined);
      value.forEach((v, i) => walk(items, v, [...path, i], `${pattern}[]`));
      return;
    }
    if (value === null || typeof value !== "object") return;
    if ("var" in value || "template" in value) return; // an Ansible expression, not free text
    const obj = bs.find((b) => b.properties || b.additionalProperties) ?? n;
    const props = (obj.properties ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) {
      if (k in props) {
        walk(props[k], v, [...path, k], join2(pattern, k));
      } else if (obj.additionalProperties && typeof obj.additionalProperties === "object") {
        out.push({ path: [...path, k], pattern: join2(pattern, "<key>"), kind: "key", acceptsTemplate: false });
        walk(obj.additionalProperties, v, [...path, k], join2(pattern, "*"));
      }
    }
  };
  walk(CONFIG_SCHEMA, config, [], "");
  return out;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function getAt(root: unknown, path: Seg[]): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<Seg, unknown>)[k], root);
}

/** Applies field values: values first, then key renames, deepest first (so paths stay valid). */
function withValues(base: unknown, values: Array<[Field, unknown]>): Record<string, unknown> {
  const config = clone(base) as Record<string, unknown>;
  for (const [f, v] of values) {
    if (f.kind !== "value") continue;
    const parent = getAt(config, f.path.slice(0, -1)) as Record<Seg, unknown>;
    parent[f.path.at(-1)!] = v;
  }
  const keys = values.filter(([f]) => f.kind === "key").sort((a, b) => b[0].path.length - a[0].path.length);
  for (const [f, v] of keys) {
    const parentPath = f.path.slice(0, -1);
    const parent = getAt(config, parentPath) as Record<string, unknown>;
    const renamed = Object.fromEntries(Object.entries(parent).map(([k, x]) => [k === f.path.at(-1) ? String(v) : k, x]));
    if (parentPath.length === 0) return renamed;
    (getAt(config, parentPath.slice(0, -1)) as Record<Seg, unknown>)[parentPath.at(-1)!] = renamed;
  }
  return config;
}

type Outcome = { kind: "ok"; paths: string[] } | { kind: "rejected"; message: string } | { kind: "internal"; message: string };

/**
 * Validation and compile in-process: rejected = ConfigError (exit 3); anything
 * else thrown is a bug. The schema is asked first with the bare ajv validator,
 * because explaining a rejection (what the CLI does) is slow and this runs
 * thousands of times.
 */
function outcome(config: unknown): Outcome {
  if (!validator().validate(clone(config))) return { kind: "rejected", message: "schema" };
  try {
    return { kind: "ok", paths: [...compileDeployment(loadConfigText("hostile.yml", JSON.stringify(config))).keys()] };
  } catch (err) {
    if (err instanceof ConfigError) return { kind: "rejected", message: err.message };
    return { kind: "internal", message: (err as Error).message };
  }
}

const fieldName = (f: Field) => `${f.path.join(".")}${f.kind === "key" ? " (key)" : ""}`;

/** One leaf of a parsed output: its path and typed value. */
type Leaves = Map<string, { type: string; value: unknown }>;

function typedLeaves(t: Typed, path: string[] = [], out: Leaves = new Map()): Leaves {
  if ("map" in t) {
    for (const [k, v] of Object.entries(t.map as Record<string, Typed>)) typedLeaves(v, [...path, `{${k}}`], out);
    if (Object.keys(t.map as object).length === 0) out.set(JSON.stringify(path), { type: "map", value: {} });
  } else if ("list" in t) {
    (t.list as Typed[]).forEach((v, i) => typedLeaves(v, [...path, `[${i}]`], out));
    if ((t.list as Typed[]).length === 0) out.set(JSON.stringify(path), { type: "list", value: [] });
  } else {
    const [type, value] = Object.entries(t)[0]!;
    out.set(JSON.stringify(path), { type, value });
  }
  return out;
}

const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  // Also decodes character references (&#13;), as Galaxy's XML parser does.
  htmlEntities: true,
  commentPropName: "#comment",
});

function jsonLeaves(v: unknown, path: string[] = [], out: Leaves = new Map()): Leaves {
  if (Array.isArray(v)) v.forEach((x, i) => jsonLeaves(x, [...path, `[${i}]`], out));
  else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) jsonLeaves(x, [...path, `{${k}}`], out);
  } else out.set(JSON.stringify(path), { type: typeof v === "string" ? "str" : typeof v, value: v });
  return out;
}

interface Variant {
  name: string;
  /** marker → the value the field gets in this variant, as the consumer must see it. */
  expected: Map<string, string>;
  config: Record<string, unknown>;
}

/** Each consumer's view of one compiled and Ansible-rendered tree. */
async function consumerViews(tree: string, work: string): Promise<{ views: Map<string, Leaves>; texts: string[]; rendered: Rendered }> {
  const rendered = await renderWithAnsible(tree, work, "galaxyservers");
  const views = new Map<string, Leaves>();
  views.set("group_vars as Ansible evaluates them", typedLeaves({ map: rendered.groupVars }));
  const raw = pyyamlLoad("ansible", [join(tree, "galaxy.yml"), join(tree, "requirements.yml"), join(tree, ".ansible-lint")]);
  for (const [file, loaded] of Object.entries(raw)) {
    if ("error" in loaded) throw new Error(`Ansible's YAML loader rejects ${file}: ${loaded.error}`);
    views.set(`${file.slice(tree.length + 1)} (Ansible's YAML loader)`, typedLeaves(loaded.ok));
  }
  const texts: string[] = [JSON.stringify(rendered.groupVars)];
  for (const [name, text] of rendered.galaxy) {
    texts.push(text);
    if (name.endsWith(".xml")) {
      const valid = XMLValidator.validate(text);
      if (valid !== true) throw new Error(`rendered ${name} is not well-formed XML: ${JSON.stringify(valid)}\n${text}`);
      views.set(`${name} rendered by Ansible (XML)`, jsonLeaves(xmlParser.parse(text)));
    } else {
      const file = join(work, "rendered", "galaxy", name);
      const loaded = pyyamlLoad("safe", [file])[file]!;
      if ("error" in loaded) throw new Error(`yaml.safe_load rejects rendered ${name}: ${loaded.error}\n${text}`);
      views.set(`${name} rendered by Ansible (yaml.safe_load)`, typedLeaves(loaded.ok));
    }
  }
  for (const [name, text] of rendered.nginx) {
    texts.push(text);
    views.set(`nginx vhost ${name} rendered by Ansible (nginx tokens)`, jsonLeaves(nginxDirectives(text)));
  }
  return { views, texts, rendered };
}

/**
 * nginx's own tokenization (ngx_conf_read_token): whitespace-separated
 * words, "..." and '...' with \\ escapes, `;` ending a directive, `{` `}`
 * for blocks, `#` comments. Each directive becomes one leaf, its words as
 * nginx will see them, so quoting differences between values do not matter
 * but any value that splits, merges or ends a directive does.
 */
export function nginxDirectives(text: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let i = 0;
  const unescape = (c: string) => ({ t: "\t", r: "\r", n: "\n" })[c] ?? c;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "#" ) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === ";" || c === "{" || c === "}") {
      if (c === "}") out.push(["}"]);
      else out.push([...words, ...(c === "{" ? ["{"] : [])]);
      if (c !== "}") words = [];
      i++;
    } else if (c === '"' || c === "'") {
      let w = "";
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === "\\" && i + 1 < text.length) {
          const n = text[i + 1]!;
          w += n === '"' || n === "'" || n === "\\" ? n : "tnr".includes(n) ? unescape(n) : `\\${n}`;
          i += 2;
        } else w += text[i++];
      }
      i++;
      words.push(w);
    } else {
      let w = "";
      while (i < text.length && !/[\s;{]/.test(text[i]!)) {
        if (text[i] === "\\" && i + 1 < text.length) {
          w += text[i + 1];
          i += 2;
        } else w += text[i++];
      }
      words.push(w);
    }
  }
  if (words.length > 0) out.push(words);
  return out;
}

function substitute(s: string, expected: Map<string, string>): string {
  let out = s;
  for (const [marker, value] of expected) out = out.split(marker).join(value);
  return out;
}

/** Differences between what the consumers saw and the marker run with each marker replaced. */
function compareViews(markerViews: Map<string, Leaves>, views: Map<string, Leaves>, expected: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [output, markerLeaves] of markerViews) {
    const actual = views.get(output);
    if (!actual) {
      problems.push(`${output}: missing`);
      continue;
    }
    const want: Leaves = new Map();
    for (const [path, leaf] of markerLeaves) {
      want.set(substitute(path, expected), leaf.type === "str" ? { type: "str", value: substitute(String(leaf.value), expected) } : leaf);
    }
    for (const [path, leaf] of want) {
      const got = actual.get(path);
      if (!got) problems.push(`${output} ${path}: missing; expected ${leaf.type} ${JSON.stringify(leaf.value)}`);
      else if (got.type !== leaf.type || JSON.stringify(got.value) !== JSON.stringify(leaf.value)) {
        problems.push(`${output} ${path}: expected ${leaf.type} ${JSON.stringify(leaf.value)}, got ${got.type} ${JSON.stringify(got.value)}`);
      }
    }
    for (const path of actual.keys()) if (!want.has(path)) problems.push(`${output} ${path}: unexpected`);
  }
  return problems;
}

describe("hostile file names and output paths", function () {
  this.timeout(60_000);
  // A name with a line break, an nginx block, a YAML play, Jinja, XML and
  // Markdown comment ends: each would be live if the header carried it raw.
  const HOSTILE_NAME = "gxit\n}\nserver { listen 1; }\n- hosts: all\n{{ lookup('pipe','id') }} --> * %41 \u00e9.yml";
  const minimal = readFileSync(repoPath("examples/minimal.yml"), "utf8");

  it("the config's file name lands in no generated file except as an inert label", () => {
    const benign = compileDeployment(loadConfigText("gxit.yml", minimal));
    const hostile = compileDeployment(loadConfigText(HOSTILE_NAME, minimal));
    const label = safeSourceLabel(HOSTILE_NAME);
    expect(label).to.match(/^[A-Za-z0-9._+@=,~:/%-]+$/);
    expect(label).to.not.include("--");
    expect([...hostile.keys()]).to.deep.equal([...benign.keys()]);
    for (const [path, file] of hostile) {
      // Byte for byte the benign tree once the label is put back: the name changed nothing else.
      expect(String(file.content).split(label).join("gxit.yml"), path).to.equal(String(benign.get(path)!.content));
    }
  });

  it("compile through the CLI with a hostile config name and output path writes the same tree", async () => {
    const dir = tempDir("hostile-names");
    try {
      const config = join(dir, HOSTILE_NAME);
      writeFileSync(config, minimal);
      const out = join(dir, "out\n{{ x }}; rm -rf ~ #");
      const io = memoryIO();
      expect(await runCli(["compile", "-q", config, "-o", out], io), io.err).to.equal(0);
      const expected = compileDeployment(loadConfigText(config, minimal));
      for (const [path, file] of expected) expect(readFileSync(join(out, path), "utf8"), path).to.equal(String(file.content));
      for (const [, file] of expected) expect(String(file.content)).to.not.include("rm -rf");
      // --check's suggested command quotes the paths as shell words.
      writeFileSync(join(out, "README.md"), "changed\n");
      const check = memoryIO();
      expect(await runCli(["compile", "--check", config, "-o", out], check)).to.equal(1);
      expect(check.err).to.include(`-o '${out}'\``);
    } finally {
      removeDir(dir);
    }
  });
});

/**
 * The fields only the gtn-current target accepts (Gravity's proxy settings,
 * galaxy.version, the path-based base path); every other field is in
 * BASE_CONFIG. Both bases go through the same checks below.
 */
const BASE_CONFIG_CURRENT = `
version: 1
target: gtn-current
inventory_group: galaxyservers
galaxy:
  hostname: galaxy.example.org
  version: "24.2"
  user: galaxy
  infrastructure_url: https://galaxy.example.org/
  interactivetools:
    enable: true
    prefix: interactivetool
    base_path: /
  gravity:
    process_manager: systemd
    gunicorn: {bind: "localhost:8080"}
proxy:
  role: gravity
  version: 0.2.3
  port: 4002
  sessions_path: /srv/galaxy/var/interactivetools_map.sqlite
  forward_ip: 127.0.0.1
  umask: "0027"
  environment: {NODE_ENV: production}
certbot:
  domains: [galaxy.example.org]
  dns_provider: route53
jobs:
  runners:
    local: {type: local}
    pulsar_embedded: {type: pulsar_embedded}
  default_destination: local
  destinations:
    local: {runner: local}
    interactive_local:
      runner: pulsar_embedded
      params:
        docker_enabled: true
        docker_volumes: $defaults
        docker_net: bridge
        docker_auto_rm: true
        require_container: true
        container_monitor_result: callback
  tpv:
    destination: interactive_local
    tool_id_regex: interactive_tool_.*
    file: /srv/galaxy/config/tpv_interactive_tools.yml
    tools:
      interactive_tool_jupyter_notebook:
        cores: 1
        docker_run_extra_arguments: -e NB_UID=1000
`;

/** The multi-host fields (proxy replicas, the PostgreSQL map, Galaxy's hosts): they need the bundled role. */
const BASE_CONFIG_MULTIHOST = `
version: 1
target: gtn-current
galaxy:
  hostname: galaxy.example.org
  hosts: [{name: galaxy1.example.org, address: 10.0.0.10}]
  network_filesystems: [/mnt/shared]
proxy:
  role: gxit_proxy
  replicas:
    group: gxitproxies
    hosts: [{name: proxy1.example.internal, address: 10.0.0.11}]
    fail_timeout: 10s
    tls: {certificate: /etc/gxit/cert.pem, key: /etc/gxit/key.pem, ca: /etc/nginx/ca.pem, name: gxit.example.internal}
  database:
    group: dbservers
    host: db.example.internal
    socket_dir: /var/run/postgresql
    name: gxitproxy
    user: gxitproxy
    password: {var: vault_gxitproxy_db_password}
    collection_version: 2.4.2
`;

const BASES: ReadonlyArray<readonly [string, string]> = [
  ["gtn-2020", BASE_CONFIG],
  ["multi-host", BASE_CONFIG_MULTIHOST],
  ["gtn-current", BASE_CONFIG_CURRENT],
];

describe("hostile strings: the base configs", () => {
  it("are valid and together reach every string field of the schema", () => {
    const covered = new Set<string>();
    for (const [target, text] of BASES) {
      const base = parse(text) as Record<string, unknown>;
      expect(outcome(base).kind, target).to.equal("ok");
      for (const f of configFields(base)) covered.add(f.pattern);
    }
    const missing = [...schemaPatterns()].filter((p) => !covered.has(p));
    expect(missing, "string fields no base config sets; add them to BASE_CONFIG (or BASE_CONFIG_CURRENT for gtn-current only fields)").to.deep.equal([]);
  });
});

for (const [target, baseText] of BASES) describe(`hostile strings (${target}): every free-text field rejects them or keeps them inert`, function () {
  this.timeout(240_000);
  const base = parse(baseText) as Record<string, unknown>;
  const fields = configFields(base);

  // Per field, in-process (fast): the full hostile string, then which pieces the field accepts.
  const hostile = (i: number) => `H${i}Q ${PIECES.join(" ")}`;
  interface Plan {
    field: Field;
    marker?: string;
    literal?: string;
    template?: string;
    yamlish?: string;
    fullAccepted: boolean;
    /** The literal without "$" pieces: in nginx header values "$name" is an nginx variable by design. */
    nginxLiteral?: string;
  }
  const plans: Plan[] = [];
  const bugs: string[] = [];
  const structural: string[] = [];
  const baseTreePaths = [...compileDeployment(loadConfigText("base.yml", JSON.stringify(base))).keys()];
  const schemaAccepts = (config: unknown) => validator().validate(clone(config));

  /** validate's verdict on the full hostile string, per field. */
  const validateResults: Array<{ field: Field; code: number; err: string }> = [];

  // Per field, in-process (fast enough for every field and piece): the full
  // hostile string through `gxit-gen validate`, then what the field accepts.
  before(async function () {
    const dir = tempDir("hostile-validate");
    try {
      for (const [i, field] of fields.entries()) {
        const full = hostile(i);
        const file = join(dir, `field-${i}.yml`);
        writeFileSync(file, JSON.stringify(withValues(base, [[field, full]])));
        const io = memoryIO();
        const code = await runCli(["validate", "-q", file], io);
        validateResults.push({ field, code, err: io.err });
        const plan: Plan = { field, fullAccepted: code === 0 };
        const tryValue = (v: unknown): boolean => {
          const o = outcome(withValues(base, [[field, v]]));
          if (o.kind === "internal") bugs.push(`${fieldName(field)} = ${JSON.stringify(v)}: internal error (exit 1) instead of a config error: ${o.message}`);
          return o.kind === "ok";
        };
        let accepted = PIECES;
        if (code === 0) {
          if (tryValue(full)) plan.literal = full;
        } else {
          // The pieces the schema accepts in this field, together: inert or
          // rejected too. Compiled one by one only to pinpoint a failure.
          accepted = PIECES.filter((p) => schemaAccepts(withValues(base, [[field, `H${i}Q${p}`]])));
          const subset = `H${i}Q ${accepted.join(" ")}`;
          if (accepted.length > 0) {
            const o = outcome(withValues(base, [[field, subset]]));
            if (o.kind === "ok") plan.literal = subset;
            else accepted = accepted.filter((p) => tryValue(`H${i}Q${p}`));
          }
        }
        if (plan.literal !== undefined && field.pattern.startsWith("nginx.")) {
          plan.nginxLiteral = `H${i}Q ${accepted.filter((p) => !p.includes("$")).join(" ")}`;
        }
        for (const m of [`M${i}Q`, `m${i}q`, `certbot_m${i}q`]) {
          if (!schemaAccepts(withValues(base, [[field, m]]))) continue;
          const o = outcome(withValues(base, [[field, m]]));
          if (o.kind !== "ok") continue;
          // Fields that name output files (inventory group, playbook, vhost)
          // change the tree's layout; they only take identifiers anyway.
          if (JSON.stringify(o.paths) === JSON.stringify(baseTreePaths)) plan.marker = m;
          else structural.push(fieldName(field));
          break;
        }
        if (field.acceptsTemplate) {
          const t = `T${i}Q ${TEMPLATE_LITERAL} {{ inventory_hostname }}`;
          if (tryValue({ template: t })) plan.template = t;
        }
        const y = YAMLISH[i % YAMLISH.length]!;
        if (tryValue(y)) plan.yamlish = y;
        plans.push(plan);
      }
    } finally {
      removeDir(dir);
    }
  });

  it("gxit-gen validate exits 0 or 3 (with file:line:col) for the hostile string in each field", () => {
    for (const { field, code, err } of validateResults) {
      expect([0, 3], `${fieldName(field)}: validate exited ${code}: ${err}`).to.include(code);
      if (code === 3) expect(err, fieldName(field)).to.match(/field-\d+\.yml:\d+:\d+: /);
    }
    const rejected = validateResults.filter((r) => r.code === 3).length;
    console.log(`      validate: ${rejected} of ${fields.length} string fields reject the full hostile string (exit 3)`);
    console.log(`      accepted as-is: ${plans.filter((p) => p.fullAccepted).map((p) => fieldName(p.field)).join(", ")}`);
    console.log(`      name output files, checked by validation only: ${structural.join(", ")}`);
    expect(validateResults).to.have.length(fields.length);
  });

  it("YAML 1.1 look-alikes stay strings for a YAML 1.1 reader (no tools needed)", () => {
    // The same property the Ansible run below checks, with the yaml package's
    // YAML 1.1 schema standing in for PyYAML, so it also runs without Ansible.
    const values = YAMLISH.filter((v) => v !== "=" && v !== "<<");
    const config = {
      version: 1,
      playbook: { name: "yes" },
      extra_vars: Object.fromEntries(values.map((v, i) => [`v${i}`, v])),
      galaxy: { config: { nested: Object.fromEntries(values.map((v) => [v, v])) } },
    };
    const tree = compileDeployment(loadConfigText("yamlish.yml", JSON.stringify(config)));
    const gv = parse(String(tree.get("group_vars/galaxyservers/interactive-tools.yml")!.content), { version: "1.1", customTags: [unsafeTag] }) as {
      galaxy_config: { galaxy: { nested: Record<string, unknown> } };
      [k: string]: unknown;
    };
    values.forEach((v, i) => expect(gv[`v${i}`], `extra_vars value ${v}`).to.equal(v));
    expect(gv.galaxy_config.galaxy.nested).to.deep.equal(Object.fromEntries(values.map((v) => [v, v])));
    const play = parse(String(tree.get("galaxy.yml")!.content), { version: "1.1" }) as Array<{ name: unknown }>;
    expect(play[0]!.name).to.equal("yes");
  });

  it("no hostile value makes gxit-gen fail with an internal error", () => {
    expect(bugs).to.deep.equal([]);
  });

  describe("with Ansible: accepted values round-trip exactly as data", function () {
    let root: string;
    let markerViews: Map<string, Leaves>;
    const results = new Map<string, { problems: string[]; texts: string[]; tree: string; rendered: Rendered | undefined }>();
    const variants: Variant[] = [];
    let perFileRendered: Settled<Rendered>;

    before(async function () {
      needTools(this, "ansible-playbook", "nginx", "openssl");
      root = tempDir("hostile");
      const located = plans.filter((p) => p.marker !== undefined);
      const unlocated = plans.filter(
        (p) => p.marker === undefined && !structural.includes(fieldName(p.field)) && (p.literal || p.template),
      );
      expect(unlocated.map((p) => fieldName(p.field)), "fields accepting hostile text but no marker").to.deep.equal([]);

      const build = (name: string, pick: (p: Plan) => { value: unknown; expect: string } | undefined): Variant => {
        const values: Array<[Field, unknown]> = [];
        const expected = new Map<string, string>();
        for (const p of located) {
          const chosen = pick(p);
          values.push([p.field, chosen ? chosen.value : p.marker]);
          expected.set(p.marker!, chosen ? chosen.expect : p.marker!);
        }
        return { name, expected, config: withValues(base, values) };
      };
      const marker = build("markers", () => undefined);
      // For nginx -t and --syntax-check: the hostile literals on the base config, without markers.
      const plain = {
        name: "hostile literals on the base config",
        config: withValues(
          base,
          plans.flatMap((p): Array<[Field, unknown]> => (p.literal && p.marker ? [[p.field, p.nginxLiteral ?? p.literal]] : [])),
        ),
      };
      variants.push(
        build("hostile literals", (p) => (p.literal ? { value: p.literal, expect: p.literal } : undefined)),
        build("hostile template text", (p) =>
          p.template
            ? { value: { template: p.template }, expect: p.template.replace("{{ inventory_hostname }}", TEST_HOST) }
            : undefined,
        ),
        build("YAML 1.1 look-alikes", (p) => (p.yamlish ? { value: p.yamlish, expect: p.yamlish } : undefined)),
      );

      const compileTo = (v: { name: string; config: unknown }) => {
        const dir = join(root, v.name.replace(/\W+/g, "-"), "tree");
        const o = outcome(v.config);
        if (o.kind !== "ok") throw new Error(`the ${v.name} config does not compile: ${o.message}`);
        // Compiled in-process without the lint gate: escaping is what is under test, not lint policy.
        writeTree(compileDeployment(loadConfigText("hostile.yml", JSON.stringify(v.config))), dir);
        return dir;
      };
      // Everything goes through Ansible side by side (as many runs as cores);
      // each variant's failure is reported by its own test.
      const schedule = jobPool(parallelism());
      const views = (v: { name: string; config: unknown }) =>
        schedule(async () => {
          const tree = compileTo(v);
          return { tree, ...(await consumerViews(tree, join(tree, "..", "work"))) };
        });
      const markerRun = views(marker);
      const runs = [...variants, plain].map((v) => ({ v, run: views(v) }));
      // The roles' own one-task-per-file rendering of the hostile tree, to compare with the bundle.
      const perFile = runs[0]!.run.then((r) =>
        r.ok ? schedule(() => renderWithAnsible(r.value.tree, join(r.value.tree, "..", "per-file"), "galaxyservers", { perFile: true })) : r,
      );
      markerViews = unwrap(await markerRun).views;
      for (const { v, run: pending } of runs) {
        const r = await pending;
        if (!r.ok) {
          results.set(v.name, { problems: [r.error.message], texts: [], tree: "", rendered: undefined });
          continue;
        }
        const expected = (v as Partial<Variant>).expected;
        const problems = expected ? compareViews(markerViews, r.value.views, expected) : [];
        results.set(v.name, { problems, texts: r.value.texts, tree: r.value.tree, rendered: r.value.rendered });
      }
      perFileRendered = await perFile;
    });
    after(() => removeDir(root));

    for (const name of ["hostile literals", "hostile template text", "YAML 1.1 look-alikes"]) {
      it(`${name}: every output, as its consumer reads it, holds exactly the values given`, function () {
        const r = results.get(name)!;
        const v = variants.find((x) => x.name === name)!;
        const changed = [...v.expected].filter(([m, e]) => m !== e).length;
        console.log(`      ${name}: ${changed} fields, ${markerViews.size} outputs compared after Ansible`);
        expect(changed).to.be.greaterThan(0);
        if (r.problems.length > 0) expect.fail(`${r.problems.length} differences:\n${r.problems.slice(0, 40).join("\n")}`);
      });
    }

    it("the one-call bundle renders the same bytes as one template task per file", () => {
      // The other tests render every file of a tree in one template-module
      // call (Jinja includes) for speed; this checks that shortcut against
      // the roles' own way on the hostile tree.
      const bundle = results.get("hostile literals")!.rendered;
      if (!bundle) expect.fail(results.get("hostile literals")!.problems.join("\n"));
      const perFile = unwrap(perFileRendered);
      expect([...perFile.galaxy.keys()].sort()).to.deep.equal([...bundle!.galaxy.keys()].sort());
      for (const [name, text] of perFile.galaxy) expect(bundle!.galaxy.get(name), name).to.equal(text);
      expect([...perFile.nginx.keys()].sort()).to.deep.equal([...bundle!.nginx.keys()].sort());
      for (const [name, text] of perFile.nginx) expect(bundle!.nginx.get(name), name).to.equal(text);
    });

    it("no Jinja ran: the pipe lookup's output appears nowhere", () => {
      for (const [, r] of results) for (const t of r.texts) expect(t).to.not.match(/uid=\d+\(/);
    });

    it("the hostile tree's playbook passes --syntax-check and its vhost passes nginx -t", function () {
      const r = results.get("hostile literals on the base config")!;
      if (!r.rendered) expect.fail(r.problems.join("\n"));
      const text = readFileSync(join(r.tree, "galaxy.yml"), "utf8");
      const stubs = stubRoles(join(root, "stubs"), playbookRoles(text).filter((x) => x !== BUNDLED_PROXY_ROLE));
      const inventory = writeInventory(join(root, "syntax-inventory"), "galaxyservers", ROLE_SUPPLIED_VARS);
      const syntax = run("ansible-playbook", ["-i", inventory, "--syntax-check", "galaxy.yml"], {
        cwd: r.tree,
        env: toolEnv({ ANSIBLE_ROLES_PATH: stubs }),
      });
      expect(syntax.status, explain(syntax)).to.equal(0);
      const certs = selfSignedCert(join(root, "tls"), `interactivetool.${TEST_HOST}`);
      for (const [name] of r.rendered!.nginx) {
        const ngx = nginxTest(join(root, `nginx-${name}`), join(r.rendered!.dir, "nginx", name), certs);
        expect(ngx.status, explain(ngx)).to.equal(0);
      }
    });
  });
});
