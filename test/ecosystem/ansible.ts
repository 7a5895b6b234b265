// Ansible-side harness: stub roles for --syntax-check, an inventory with the
// variables the real roles supply, and one ansible-playbook run that renders
// every generated template the way the roles do (galaxyproject.galaxy loops
// over galaxy_config_templates, galaxyproject.nginx over nginx_ssl_servers)
// and dumps the group variables as Ansible evaluates them.
//
// Everything here lives in the test's temp directory; the compiled tree is
// copied before anything is added, so the tree under test stays exactly what
// gxit-gen wrote.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, type Dirent } from "node:fs";
import { randomUUID } from "node:crypto";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { OUTPUT_PATHS } from "../../src/compile/emitter.js";
import { explain, runAsync, toolEnv, type ToolResult } from "./tools.js";

export const TEST_HOST = "galaxy.example.org";

/**
 * What the real roles and the GTN playbook define before our group_vars are
 * used (ansible-role-contracts §1–§3, GTN group_vars/all.yml): the root-dir
 * layout of galaxyproject.galaxy under /srv/galaxy, gie_proxy's defaults, and
 * nginx's template directory. They go into the inventory's group_vars/all,
 * which ranks below the tree's group_vars/<group>, as role defaults do.
 */
export const ROLE_SUPPLIED_VARS: Record<string, unknown> = {
  galaxy_root: "/srv/galaxy",
  galaxy_user: { name: "galaxy", shell: "/bin/bash" },
  galaxy_server_dir: "/srv/galaxy/server",
  galaxy_venv_dir: "/srv/galaxy/venv",
  galaxy_config_dir: "/srv/galaxy/config",
  galaxy_mutable_data_dir: "/srv/galaxy/var",
  galaxy_mutable_config_dir: "/srv/galaxy/var/config",
  galaxy_tool_dependency_dir: "/srv/galaxy/var/dependencies",
  galaxy_file_path: "/srv/galaxy/datasets",
  galaxy_job_working_directory: "/srv/galaxy/jobs",
  galaxy_tool_data_path: "/srv/galaxy/var/tool-data",
  galaxy_cache_dir: "/srv/galaxy/var/cache",
  galaxy_local_tools_dir: "/srv/galaxy/local_tools",
  galaxy_shed_tools_dir: "/srv/galaxy/var/shed_tools",
  galaxy_log_dir: "/srv/galaxy/var/log",
  gie_proxy_port: 8000,
  gie_proxy_ip: "127.0.0.1",
  gie_proxy_user: "galaxy",
  gie_proxy_group: "galaxy",
  pip_virtualenv_command: "/usr/bin/python3 -m venv",
  nginx_server_src_dir: "templates/nginx",
  nginx_conf_dir: "/etc/nginx",
};

const REF = /\{\{ ?([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*) ?\}\}/g;

/**
 * Stand-ins for variables the generated files refer to that neither the roles
 * nor the group_vars define (vault_* secrets, site variables): a string
 * naming the variable, nested along the referenced path.
 */
export function siteVars(files: string[], defined: Set<string>): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const text of files) {
    for (const m of text.matchAll(REF)) {
      const root = m[1]!;
      if (defined.has(root) || root in ROLE_SUPPLIED_VARS || root === "inventory_hostname") continue;
      const path = [...m[2]!.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]/g)].map((p) => p[1] ?? Number(p[2]));
      if (path.length === 0) {
        vars[root] ??= `${root}-value`;
        continue;
      }
      // Build the nested value the path needs (dicts for .name, lists for [n]).
      let holder: Record<string | number, unknown> = vars;
      let key: string | number = root;
      for (const seg of path) {
        const want = (typeof seg === "number" ? [] : {}) as Record<string | number, unknown>;
        if (typeof holder[key] !== "object" || holder[key] === null) holder[key] = want;
        holder = holder[key] as Record<string | number, unknown>;
        key = seg;
      }
      holder[key] ??= `${m[0].slice(2, -2).trim()}-value`;
    }
  }
  return vars;
}

/** Empty role directories for the external roles, so --syntax-check resolves them. */
export function stubRoles(dir: string, roles: string[]): string {
  for (const r of roles) mkdirSync(join(dir, r), { recursive: true });
  return dir;
}

export function writeInventory(dir: string, group: string, allVars: Record<string, unknown>): string {
  mkdirSync(join(dir, "group_vars"), { recursive: true });
  const hosts = {
    [group]: {
      hosts: {
        [TEST_HOST]: { ansible_connection: "local", ansible_python_interpreter: "/usr/bin/python3" },
      },
    },
  };
  // JSON is YAML; Ansible reads both without surprises.
  writeFileSync(join(dir, "hosts.yml"), JSON.stringify(hosts, null, 2));
  writeFileSync(join(dir, "group_vars", "all.yml"), JSON.stringify(allVars, null, 2));
  return join(dir, "hosts.yml");
}

/**
 * A Jinja macro that writes a value as typed JSON ({"str": ...}, {"int": ...},
 * {"map": ...}, {"list": ...}), so a test sees not only what Ansible made of
 * a variable but also its type: a string that came back as a bool or a date
 * is a bug even when its JSON text looks the same. Non-string keys are
 * written "!type:value", as pyyaml.ts does.
 */
const TYPED_DUMP = `{%- macro typed(v) -%}
{%- if v is mapping -%}
{"map": {{ '{' }}{%- for k in v -%}{{ (k if k is string else '!' ~ (k | type_debug) ~ ':' ~ k) | to_json }}: {{ typed(v[k]) }}{{ ", " if not loop.last else "" }}{%- endfor -%}{{ '}' }}}
{%- elif v is string -%}
{"str": {{ v | to_json }}}
{%- elif v is iterable -%}
{"list": [{%- for x in v -%}{{ typed(x) }}{{ ", " if not loop.last else "" }}{%- endfor -%}]}
{%- else -%}
{"{{ v | type_debug }}": {{ v | to_json }}}
{%- endif -%}
{%- endmacro -%}
`;
const DUMP = `{"vars": {{ '{' }}{%- for k in gxit_test_dump_keys -%}{{ k | to_json }}: {{ typed(lookup('ansible.builtin.vars', k)) }}{{ ", " if not loop.last else "" }}{%- endfor -%}{{ '}' }}}
`;

/**
 * Every generated template in one template-module call: each Python module
 * run costs about a second, so the roles' loops (galaxyproject.galaxy over
 * galaxy_config_templates, galaxyproject.nginx over nginx_ssl_servers) are
 * done here with Jinja includes, which render each file with the same
 * environment and variables as its own template task would. Files are cut
 * apart at a separator no config value can contain (random per run).
 */
const BUNDLE = `${TYPED_DUMP}{%- for t in galaxy_config_templates if t.src in gxit_test_generated -%}
{{ gxit_test_sep }}galaxy/{{ t.src | basename | regex_replace('[.]j2$', '') }}
{% include t.src %}
{% endfor -%}
{%- for v in nginx_ssl_servers if v in gxit_test_vhosts -%}
{{ gxit_test_sep }}nginx/{{ v }}
{% include nginx_server_src_dir ~ '/' ~ v ~ '.j2' %}
{% endfor -%}
{%- for c in nginx_extra_configs | default([]) if c in gxit_test_vhosts -%}
{{ gxit_test_sep }}nginx-extra/{{ c }}
{% include 'templates/nginx/' ~ c ~ '.j2' %}
{% endfor -%}
{{ gxit_test_sep }}group_vars.json
${DUMP}`;

/** The play that renders; written next to the copied playbook so relative template paths resolve as in the real run. */
const RENDER_PLAY = `---
- name: Render the generated templates as the roles do
  hosts: all
  gather_facts: false
  tasks:
    - name: Galaxy config templates, nginx vhosts and the evaluated group variables
      ansible.builtin.template:
        src: "{{ gxit_test_bundle }}"
        dest: "{{ gxit_test_out }}/bundle.txt"
        mode: "0644"
`;

/**
 * The roles' own way, one template task per file (galaxyproject.galaxy's loop
 * over galaxy_config_templates, galaxyproject.nginx's over nginx_ssl_servers).
 * Slower; the hostile-strings test uses it to prove the bundle renders the
 * same bytes.
 */
const PER_FILE_PLAY = `---
- name: Render the generated templates one template task per file, as the roles do
  hosts: all
  gather_facts: false
  tasks:
    - name: Galaxy config templates (galaxyproject.galaxy)
      ansible.builtin.template:
        src: "{{ item.src }}"
        dest: "{{ gxit_test_out }}/galaxy/{{ item.src | basename | regex_replace('[.]j2$', '') }}"
        mode: "0644"
      loop: "{{ galaxy_config_templates | selectattr('src', 'in', gxit_test_generated) | list }}"
    - name: SSL vhosts (galaxyproject.nginx)
      ansible.builtin.template:
        src: "{{ nginx_server_src_dir }}/{{ item }}.j2"
        dest: "{{ gxit_test_out }}/nginx/{{ item }}"
        mode: "0644"
      loop: "{{ nginx_ssl_servers | select('in', gxit_test_vhosts) | list }}"
`;

export type Typed =
  | { str: string }
  | { map: Record<string, Typed> }
  | { list: Typed[] }
  | Record<string, unknown>;

/** Turns a typed dump back into plain data, or throws on a non-string where strings were expected. */
export function untyped(t: Typed): unknown {
  if ("str" in t) return t.str;
  if ("map" in t) return Object.fromEntries(Object.entries(t.map as Record<string, Typed>).map(([k, v]) => [k, untyped(v)]));
  if ("list" in t) return (t.list as Typed[]).map(untyped);
  const [type, value] = Object.entries(t)[0]!;
  return { type, value };
}

export interface Rendered {
  /** Rendered galaxy config templates by source name without .j2 (job_conf.xml, tool_conf_interactive.xml, pulsar_app.yml). */
  galaxy: Map<string, string>;
  /** Rendered vhosts by name. */
  nginx: Map<string, string>;
  /** Rendered nginx_extra_configs items (as galaxyproject.nginx installs them under /etc/nginx/). */
  nginxExtra: Map<string, string>;
  /** group_vars as Ansible evaluates them, typed. */
  groupVars: Record<string, Typed>;
  /** Where each rendered file was written (galaxy/<name>, nginx/<name>). */
  dir: string;
  result: ToolResult;
}

/**
 * Copies the compiled tree into work/, adds the render play, and runs it
 * once: every template of the example in a single ansible-playbook process.
 */
export async function renderWithAnsible(
  treeDir: string,
  workDir: string,
  group: string,
  opts: { perFile?: boolean } = {},
): Promise<Rendered> {
  const tree = join(workDir, "tree");
  cpSync(treeDir, tree, { recursive: true });
  const out = join(workDir, "rendered");
  for (const sub of ["galaxy", "nginx"]) mkdirSync(join(out, sub), { recursive: true });

  const groupVarsFile = join(tree, OUTPUT_PATHS.groupVars(group));
  const groupVars = parse(readFileSync(groupVarsFile, "utf8"), { customTags: [unsafeTag] }) as Record<string, unknown>;
  const generated = listFiles(tree).map((f) => relative(tree, f).split("\\").join("/"));
  const vhosts = generated
    .filter((f) => f.startsWith("templates/nginx/") && f.endsWith(".j2"))
    .map((f) => f.slice("templates/nginx/".length, -".j2".length));
  const texts = generated.filter((f) => !f.startsWith("roles/")).map((f) => readFileSync(join(tree, f), "utf8"));

  const inventory = writeInventory(join(workDir, "inventory"), group, {
    ...ROLE_SUPPLIED_VARS,
    ...siteVars(texts, new Set(Object.keys(groupVars))),
  });
  writeFileSync(join(tree, "gxit-test-render.yml"), opts.perFile ? PER_FILE_PLAY : RENDER_PLAY);
  const bundle = join(workDir, "bundle.j2");
  writeFileSync(bundle, BUNDLE);
  const sep = `\n@@gxit-test-split-${randomUUID()}@@ `;
  const extra = {
    gxit_test_out: out,
    gxit_test_bundle: bundle,
    gxit_test_sep: sep,
    gxit_test_generated: generated,
    gxit_test_vhosts: vhosts,
    gxit_test_dump_keys: Object.keys(groupVars),
  };
  writeFileSync(join(workDir, "extra.json"), JSON.stringify(extra));
  const result = await runAsync(
    "ansible-playbook",
    ["-i", inventory, "-e", `@${join(workDir, "extra.json")}`, join(tree, "gxit-test-render.yml")],
    { cwd: tree, env: toolEnv({ ANSIBLE_LOCAL_TEMP: join(workDir, "ansible-tmp"), ANSIBLE_REMOTE_TEMP: join(workDir, "ansible-tmp") }) },
  );
  if (result.status !== 0) throw new Error(`rendering with Ansible failed\n${explain(result)}`);
  if (opts.perFile) {
    const read = (sub: string) =>
      new Map(listFiles(join(out, sub)).map((f) => [relative(join(out, sub), f), readFileSync(f, "utf8")] as [string, string]));
    return { galaxy: read("galaxy"), nginx: read("nginx"), nginxExtra: new Map(), groupVars: {}, dir: out, result };
  }
  const bundleOut = join(out, "bundle.txt");
  if (!existsSync(bundleOut)) throw new Error(`Ansible wrote no ${bundleOut}\n${explain(result)}`);

  const rendered: Rendered = { galaxy: new Map(), nginx: new Map(), nginxExtra: new Map(), groupVars: {}, dir: out, result };
  for (const chunk of readFileSync(bundleOut, "utf8").split(sep).slice(1)) {
    const nl = chunk.indexOf("\n");
    const name = chunk.slice(0, nl);
    // An included template loses its final newline (Jinja's loader strips
    // one); every generated file ends with one.
    const content = chunk.slice(nl + 1).replace(/\n?$/, "\n");
    const file = join(out, name);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, content);
    if (name.startsWith("galaxy/")) rendered.galaxy.set(name.slice("galaxy/".length), content);
    else if (name.startsWith("nginx/")) rendered.nginx.set(name.slice("nginx/".length), content);
    else if (name.startsWith("nginx-extra/")) rendered.nginxExtra.set(name.slice("nginx-extra/".length), content);
    else if (name === "group_vars.json") rendered.groupVars = (JSON.parse(content) as { vars: Record<string, Typed> }).vars;
  }
  return rendered;
}

/** The yaml package's view of Ansible's !unsafe: a string that is never templated. */
export const unsafeTag = {
  tag: "!unsafe",
  resolve: (s: string) => s,
};

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSyncSafe(d)) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function readdirSyncSafe(d: string): Dirent[] {
  return existsSync(d) ? readdirSync(d, { withFileTypes: true }) : [];
}
