// Applying a compiled tree with the real upstream roles, in check mode, on a
// machine without network, systemd or a Docker engine (this one, and CI).
//
// The roles come from ../shared/roles (or $GXIT_ROLES_DIR): `git archive`
// tarballs of the roles' repositories at the tags requirements.yml pins. What
// the roles need from the rest of the site (the GTN "Galaxy Installation with
// Ansible" tutorial's layout, nginx SSL and certbot settings, and its Galaxy
// vhost galaxy.j2) is the SITE layer below; what this machine lacks is
// switched off with the roles' own variables (SWITCHES). Environment stops
// that no switch avoids are listed, with the reason, in ENVIRONMENT_STOPS;
// every other failed task is a defect of the generated tree.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseDocument } from "yaml";
import { OUTPUT_PATHS } from "../../src/compile/emitter.js";
import { repoPath } from "../../src/util/paths.js";
import { siteVars, TEST_HOST } from "./ansible.js";
import { explain, run, runAsync, toolEnv, type ToolResult } from "./tools.js";

/** Where the role archives are: $GXIT_ROLES_DIR, or ../shared/roles next to the repository (as in CI). */
export function rolesArchiveDir(): string {
  return process.env.GXIT_ROLES_DIR ?? repoPath("..", "shared", "roles");
}

/** The archive of one role at one tag, as /work/shared/roles lays them out. */
export function roleArchive(dir: string, name: string, version: string): string {
  return join(dir, name, `${name}-${version}.tar.gz`);
}

/**
 * What the site's Galaxy playbook defines before this tree: the GTN Ansible
 * Galaxy tutorial's values (group_vars/all.yml and galaxyservers.yml of
 * hexylena/git-gat), which the generated README lists as prerequisites.
 */
const SITE: Record<string, unknown> = {
  galaxy_layout: "root-dir",
  galaxy_root: "/srv/galaxy",
  galaxy_commit_id: "release_23.0",
  pip_virtualenv_command: "/usr/bin/python3 -m venv",
  nginx_ssl_role: "usegalaxy_eu.certbot",
  nginx_conf_ssl_certificate: "/etc/ssl/certs/fullchain.pem",
  nginx_conf_ssl_certificate_key: "/etc/ssl/user/privkey-www-data.pem",
  nginx_enable_default_server: false,
  certbot_auto_renew_user: "root",
  certbot_environment: "staging",
  certbot_agree_tos: "--agree-tos",
  certbot_share_key_users: ["www-data"],
};

/**
 * The roles' own switches for what this machine lacks, each with the reason.
 * None of them changes a variable the generated tree sets.
 */
const SWITCHES: Record<string, unknown> = {
  // An existing account: the galaxy user does not exist and check mode does not create it.
  galaxy_user: { name: "www-data", shell: "/bin/bash" },
  // No network: no clone of Galaxy, no pip/npm/client build, no database.
  galaxy_manage_clone: false,
  galaxy_fetch_dependencies: false,
  galaxy_build_client: false,
  galaxy_manage_mutable_setup: false,
  galaxy_manage_database: false,
  // No systemd.
  galaxy_manage_gravity: false,
  galaxy_manage_systemd: false,
  // Without the clone there is no lib/galaxy/version.py to read the version from.
  __galaxy_major_version: "23.0",
  // Gravity's handlers run `galaxyctl` as the Galaxy user through sudo, which this machine lacks; as root they need none.
  __galaxy_gravity_pm: "systemd",
  // No crontab on this machine.
  certbot_auto_renew: false,
  // No network: the Docker CE apt repository and its key cannot be fetched
  // (geerlingguy.docker >= 3; docker-ce itself is then an environment stop).
  docker_add_repo: false,
};

/** A failed task that is the machine's fault, not the tree's: which role and task, the message, and why. */
interface EnvironmentStop {
  role: RegExp;
  task: RegExp;
  msg: RegExp;
  why: string;
}

export const ENVIRONMENT_STOPS: EnvironmentStop[] = [
  {
    role: /^geerlingguy\.docker$/,
    task: /^Install Docker/,
    msg: /No package matching 'docker-ce'/,
    why: "the Docker CE apt repository needs the network; check mode does not add it",
  },
  {
    role: /^geerlingguy\.docker$/,
    task: /^Ensure Docker is started/,
    msg: /Could not find the requested service docker/,
    why: "no Docker engine (and no systemd)",
  },
  {
    role: /^geerlingguy\.docker$/,
    task: /docker group|docker users/i,
    msg: /Group docker does not exist|One or more items failed/,
    why: "the docker group comes with the docker-ce package, which is not installed",
  },
  {
    role: /^geerlingguy\.docker$/,
    task: /^Get docker group info using getent\.$/,
    msg: /One or more supplied key could not be found in the database/,
    why: "the docker group comes with the docker-ce package, which is not installed (geerlingguy.docker >= 4 looks it up with getent)",
  },
  {
    role: /^geerlingguy\.docker$/,
    task: /^Check if there are any users to add to the docker group\.$/,
    msg: /getent_group\["docker"\]|has no attribute 'docker'/,
    why: "follows from the missing docker group: the getent lookup above found none to compare docker_users with",
  },
  {
    role: /^usegalaxy_eu\.gie_proxy$/,
    task: /^Install GIE Proxy$/,
    msg: /Could not resolve host|unable to access/,
    why: "git clone of gx-it-proxy needs the network",
  },
  {
    role: /^(usegalaxy_eu\.gie_proxy|gxit_proxy|galaxyproject\.nginx)$/,
    task: /./,
    msg: /Could not find the requested service|System has not been booted with systemd|Failed to connect to bus/,
    why: "no systemd: services cannot be started or restarted",
  },
];

export interface TaskResult {
  role: string;
  task: string;
  result: Record<string, unknown>;
}

export interface RealRun {
  result: ToolResult;
  tasks: TaskResult[];
  /** Failed tasks matched by ENVIRONMENT_STOPS, with the reason. */
  environment: Array<{ role: string; task: string; msg: string; why: string }>;
  /** Every other failed task. */
  defects: Array<{ role: string; task: string; msg: string }>;
  dir: string;
}

/** Unpacks the archives of `roles` (name → version) into `dir`; returns the missing archives. */
export function unpackRoles(archives: string, roles: Array<{ name: string; version: string }>, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const missing: string[] = [];
  for (const r of roles) {
    const archive = roleArchive(archives, r.name, r.version);
    if (!existsSync(archive)) {
      missing.push(archive);
      continue;
    }
    const t = run("tar", ["-xzf", archive, "-C", dir]);
    if (t.status !== 0) throw new Error(`cannot unpack ${archive}\n${explain(t)}`);
  }
  return missing;
}

/** The site's Galaxy vhost, as the ansible-galaxy tutorial has it, with the include the generated README asks for. */
function galaxyVhost(includeLocation: string | undefined): string {
  return [
    "server {",
    "    listen *:443 ssl default_server;",
    "    server_name {{ inventory_hostname }};",
    ...(includeLocation ? [`    include ${includeLocation};`] : []),
    "    location / {",
    "        proxy_pass http://127.0.0.1:8080;",
    "    }",
    "}",
    "",
  ].join("\n");
}

function failureMessage(r: Record<string, unknown>): string {
  const msg = r.msg ?? r.stderr ?? r.module_stderr ?? "";
  return typeof msg === "string" ? msg : JSON.stringify(msg);
}

/** Every task result in the json callback's output, loop items flattened. */
function taskResults(json: { plays: Array<{ tasks: Array<{ task: { name: string }; hosts: Record<string, Record<string, unknown>> }> }> }): TaskResult[] {
  const out: TaskResult[] = [];
  for (const play of json.plays) {
    for (const t of play.tasks) {
      const [role, task] = t.task.name.includes(" : ") ? t.task.name.split(" : ", 2) : ["", t.task.name];
      for (const result of Object.values(t.hosts)) out.push({ role: role!, task: task!, result });
    }
  }
  return out;
}

/**
 * Copies the compiled tree, adds the site's galaxy.j2, and runs the playbook
 * with the real roles in check mode. The play is copied with
 * `ignore_errors: true`, so an environment stop does not hide the roles after
 * it; every failed task is judged afterwards.
 */
export async function runWithRealRoles(
  treeDir: string,
  workDir: string,
  rolesDir: string,
  /** proxyGroup: the proxies' own group (proxy.replicas.group), which the test host joins; a database group it does not (no PostgreSQL server here). */
  opts: { group: string; playbook: string; includeLocation: string | undefined; proxyGroup?: string | undefined },
): Promise<RealRun> {
  const tree = join(workDir, "tree");
  cpSync(treeDir, tree, { recursive: true });
  writeFileSync(join(tree, "templates", "nginx", "galaxy.j2"), galaxyVhost(opts.includeLocation));
  const playFile = join(tree, opts.playbook);
  const doc = parseDocument(readFileSync(playFile, "utf8"));
  // Every play (a multi-host tree has one per group).
  const plays = doc.contents as unknown as { items: unknown[] };
  plays.items.forEach((_, i) => doc.setIn([i, "ignore_errors"], true));
  writeFileSync(playFile, doc.toString());

  const generated = parse(readFileSync(join(tree, OUTPUT_PATHS.groupVars(opts.group)), "utf8"), {
    customTags: [{ tag: "!unsafe", resolve: (s: string) => s }],
  }) as Record<string, unknown>;
  const texts = [readFileSync(join(tree, OUTPUT_PATHS.groupVars(opts.group)), "utf8")];
  if (opts.proxyGroup !== undefined && opts.proxyGroup !== opts.group) {
    const proxyVars = readFileSync(join(tree, OUTPUT_PATHS.groupVars(opts.proxyGroup)), "utf8");
    texts.push(proxyVars);
    for (const k of Object.keys(parse(proxyVars) as Record<string, unknown>)) generated[k] = true;
  }
  const defined = new Set([...Object.keys(generated), ...Object.keys(SITE), ...Object.keys(SWITCHES)]);
  // vault_* secrets and other site variables: stand-ins named after the variable.
  const standIns = siteVars(texts, defined);

  const inventory = join(workDir, "inventory");
  mkdirSync(join(inventory, "group_vars"), { recursive: true });
  writeFileSync(
    join(inventory, "hosts.yml"),
    JSON.stringify({
      [opts.group]: { hosts: { [TEST_HOST]: { ansible_connection: "local", ansible_python_interpreter: "/usr/bin/python3" } } },
      ...(opts.proxyGroup !== undefined && opts.proxyGroup !== opts.group ? { [opts.proxyGroup]: { hosts: { [TEST_HOST]: {} } } } : {}),
    }),
  );
  writeFileSync(join(inventory, "group_vars", "all.yml"), JSON.stringify({ ...SITE, ...standIns }, null, 2));
  // Switches are extra vars: they must win over role defaults and over the tree (they never overlap with it).
  writeFileSync(join(workDir, "switches.json"), JSON.stringify(SWITCHES));
  const tmp = join(workDir, "ansible-tmp");
  const result = await runAsync(
    "ansible-playbook",
    ["-i", join(inventory, "hosts.yml"), "-c", "local", "--check", "--diff", "-e", `@${join(workDir, "switches.json")}`, opts.playbook],
    {
      cwd: tree,
      env: toolEnv({
        ANSIBLE_ROLES_PATH: rolesDir,
        ANSIBLE_STDOUT_CALLBACK: "ansible.posix.json",
        ANSIBLE_LOCAL_TEMP: tmp,
        ANSIBLE_REMOTE_TEMP: tmp,
      }),
    },
  );
  let json;
  try {
    json = JSON.parse(result.stdout.slice(result.stdout.indexOf("{")));
  } catch {
    throw new Error(`ansible-playbook gave no JSON result\n${explain(result)}`);
  }
  const tasks = taskResults(json);
  const environment: RealRun["environment"] = [];
  const defects: RealRun["defects"] = [];
  for (const t of tasks) {
    const failures = [t.result, ...((t.result.results as Array<Record<string, unknown>> | undefined) ?? [])].filter(
      (r) => r.failed === true && !(r === t.result && Array.isArray(t.result.results)),
    );
    for (const f of failures) {
      const msg = failureMessage(f);
      const stop = ENVIRONMENT_STOPS.find((s) => s.role.test(t.role) && s.task.test(t.task) && s.msg.test(msg));
      if (stop) environment.push({ role: t.role, task: t.task, msg, why: stop.why });
      else defects.push({ role: t.role, task: t.task, msg });
    }
  }
  return { result, tasks, environment, defects, dir: workDir };
}

/** The file content a template task would write, from its --diff (per loop item when it loops). */
export function renderedBy(run: RealRun, role: RegExp, task: RegExp): Array<{ item: unknown; content: string }> {
  const out: Array<{ item: unknown; content: string }> = [];
  for (const t of run.tasks) {
    if (!role.test(t.role) || !task.test(t.task)) continue;
    const results = (t.result.results as Array<Record<string, unknown>> | undefined) ?? [t.result];
    for (const r of results) {
      const diffs = (Array.isArray(r.diff) ? r.diff : r.diff ? [r.diff] : []) as Array<{ after?: string }>;
      for (const d of diffs) if (typeof d.after === "string") out.push({ item: r.item, content: d.after });
    }
  }
  return out;
}

/**
 * The gx-it-proxy command Gravity would run from a rendered galaxy.yml
 * (Gravity is not installed here: it renders its unit at `galaxyctl update`
 * from these settings). Defaults and overrides as gravity/settings.py
 * GxItProxySettings and gravity/state.py GalaxyGxItProxyService have them:
 * Galaxy's interactivetoolsproxy_map or interactivetools_map replaces
 * `sessions`, and the path prefix is base_path + prefix + "/ep".
 */
export function gravityProxyCommand(galaxyYml: string): { enabled: boolean; galaxyEnabled: boolean; port: number; sessions: string; pathPrefix: string; argv: string[] } {
  const config = parse(galaxyYml) as { gravity?: { gx_it_proxy?: Record<string, unknown> }; galaxy?: Record<string, unknown> };
  const proxy = config.gravity?.gx_it_proxy ?? {};
  const galaxy = config.galaxy ?? {};
  const setting = <T>(v: unknown, dflt: T): T => (v === undefined || v === null ? dflt : (v as T));
  const sessions = String(setting(galaxy.interactivetoolsproxy_map, setting(galaxy.interactivetools_map, setting(proxy.sessions, "database/interactivetools_map.sqlite"))));
  const pathPrefix = `${String(setting(galaxy.interactivetools_base_path, "/"))}${String(setting(galaxy.interactivetools_prefix, "interactivetool"))}/ep`;
  const port = Number(setting(proxy.port, 4002));
  const argv = [
    "npx", `@galaxyproject/gx-it-proxy@${String(setting(proxy.version, ">=0.0.6"))}`,
    "--ip", String(setting(proxy.ip, "localhost")), "--port", String(port), "--sessions", sessions,
    ...(setting(proxy.verbose, true) ? ["--verbose"] : []),
    ...(proxy.forward_ip ? ["--forwardIP", String(proxy.forward_ip)] : []),
    ...(proxy.forward_port ? ["--forwardPort", String(proxy.forward_port)] : []),
    ...(proxy.reverse_proxy ? ["--reverseProxy"] : []),
    "--proxyPathPrefix", pathPrefix,
  ];
  return { enabled: proxy.enable === true, galaxyEnabled: galaxy.interactivetools_enable === true, port, sessions, pathPrefix, argv };
}
