// The multi-host rules: a SQLite map shared across hosts or on NFS, a proxy
// that cannot reach the map, the map in Galaxy's own database, and plain
// HTTP from nginx to proxies on other hosts; on configs and on hand-written
// trees (an nginx upstream of replicas next to the vars that name the map).
import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { lintDeployment } from "../../../src/lint/index.js";
import { loadTree } from "../../../src/tree/load.js";
import { ruleTester } from "../rule-tester.js";

const DB = "  database:\n    host: db.example.internal\n    password: {var: vault_pw}\n";
const REPLICAS = (hosts: string[], tls = false) =>
  `  replicas:\n    group: gxitproxies\n    hosts:\n${hosts.map((h) => `      - {name: ${h}}\n`).join("")}${tls ? "    tls: {certificate: /c.pem, key: /k.pem, ca: /etc/nginx/ca.pem}\n" : ""}`;

ruleTester("gxit-proxy[sqlite-shared]", {
  valid: [
    "version: 1\n",
    { name: "one named host", code: "version: 1\ngalaxy:\n  hosts: [{name: g1.example.org}]\n" },
    { name: "two web hosts, PostgreSQL map", code: `version: 1\ngalaxy:\n  hosts: [{name: g1.example.org}, {name: g2.example.org}]\nproxy:\n  role: gxit_proxy\n${DB}` },
    { name: "map on local disk, NFS elsewhere", code: "version: 1\ngalaxy:\n  network_filesystems: [/mnt/nfs]\nproxy:\n  sessions_path: /srv/galaxy/var/map.sqlite\n" },
  ],
  invalid: [
    {
      code: "version: 1\ngalaxy:\n  hosts: [{name: g1.example.org}, {name: g2.example.org}]\n",
      errors: [{ line: 3, col: 3, endLine: 3, endCol: 8, messageId: "multiWeb", data: { count: 2 } }],
    },
    {
      name: "two replicas read one SQLite file",
      code: `version: 1\nproxy:\n  role: gxit_proxy\n  sessions_path: /srv/galaxy/var/map.sqlite\n${REPLICAS(["p1.example.internal", "p2.example.internal"], true)}`,
      errors: [{ line: 7, col: 5, endLine: 7, endCol: 10, messageId: "multiProxy", data: { count: 2 } }],
    },
    {
      name: "the map under a network file system",
      code: "version: 1\ngalaxy:\n  network_filesystems: [/mnt/galaxy/]\nproxy:\n  sessions_path: /mnt/galaxy/var/map.sqlite\n",
      errors: [{ line: 5, col: 18, endLine: 5, endCol: 44, messageId: "networkFs", data: { mount: "/mnt/galaxy/" } }],
    },
  ],
});

ruleTester("gxit-proxy[map-unreachable]", {
  valid: [
    "version: 1\n",
    { name: "replicas with a PostgreSQL map over TCP", code: `version: 1\nproxy:\n  role: gxit_proxy\n${REPLICAS(["p1.example.internal"], true)}${DB}` },
    { name: "the database on Galaxy's host through its socket", code: "version: 1\nproxy:\n  role: gxit_proxy\n  database:\n    password: {var: vault_pw}\n" },
  ],
  invalid: [
    {
      name: "a replica elsewhere, the map a file",
      code: `version: 1\nproxy:\n  role: gxit_proxy\n  sessions_path: /srv/galaxy/var/map.sqlite\n${REPLICAS(["p1.example.internal"], true)}`,
      errors: [{ line: 8, col: 9, endLine: 8, endCol: 36, messageId: "fileMap", data: { host: "p1.example.internal" } }],
    },
    {
      name: "replicas elsewhere, the database through a local socket",
      code: `version: 1\nproxy:\n  role: gxit_proxy\n${REPLICAS(["p1.example.internal"], true)}  database:\n    password: {var: vault_pw}\n`,
      errors: [{ line: 9, col: 3, endLine: 9, endCol: 11, messageId: "socketMap", data: { who: "the proxies" } }],
    },
    {
      name: "a hand-written socket URL, nginx forwarding to another host",
      code: "version: 1\ngalaxy:\n  config:\n    interactivetoolsproxy_map: postgresql:///gxitproxy?host=/var/run/postgresql\nproxy:\n  sessions_path: postgresql:///gxitproxy?host=/var/run/postgresql\nnginx:\n  vhost:\n    upstream_host: gxit.example.internal\n",
      errors: [{ line: 4, col: 32, endLine: 4, endCol: 80, messageId: "socketMap" }],
    },
  ],
});

ruleTester("gxit-proxy[map-shared-db]", {
  valid: [`version: 1\ngalaxy:\n  config:\n    database_connection: postgresql://galaxy@db.example.internal/galaxy\nproxy:\n  role: gxit_proxy\n${DB}`],
  invalid: [
    {
      name: "proxy.database names Galaxy's database",
      code: `version: 1\ngalaxy:\n  config:\n    database_connection: postgresql://galaxy:pw@DB.example.internal:5432/galaxy\nproxy:\n  role: gxit_proxy\n  database:\n    host: db.example.internal\n    name: galaxy\n    password: {var: vault_pw}\n`,
      errors: [{ line: 7, col: 3, endLine: 7, endCol: 11, messageId: "sharedDatabase", data: { name: "galaxy", option: "database_connection" } }],
    },
    {
      name: "another role, the same database",
      code: "version: 1\ngalaxy:\n  config:\n    database_connection: postgresql://galaxy@localhost/galaxy\n    interactivetoolsproxy_map: postgresql://gxitproxy:x@/galaxy?host=/var/run/postgresql\n",
      errors: [{ line: 5, col: 32, endLine: 5, endCol: 89, messageId: "sharedDatabase" }],
    },
  ],
});

ruleTester("gxit-nginx[plain-upstream]", {
  valid: [
    { name: "replicas with TLS", code: `version: 1\nproxy:\n  role: gxit_proxy\n${REPLICAS(["p1.example.internal"], true)}${DB}` },
    { kind: "nginx", code: "upstream gxit {\n    server 127.0.0.1:8000;\n    server 127.0.0.1:8001;\n}\nserver {\n    listen 443 ssl;\n    server_name *.interactivetool.galaxy.example.org;\n    location / {\n        proxy_pass http://gxit;\n    }\n}\n" },
  ],
  invalid: [
    {
      name: "replicas on other hosts without TLS",
      code: `version: 1\nproxy:\n  role: gxit_proxy\n${REPLICAS(["p1.example.internal", "p2.example.internal"])}${DB}`,
      errors: [
        { line: 7, col: 9, endLine: 7, endCol: 36, messageId: "plain", data: { host: "p1.example.internal" } },
        { line: 8, col: 9, endLine: 8, endCol: 36, messageId: "plain", data: { host: "p2.example.internal" } },
      ],
    },
    {
      name: "a hand-written upstream of remote replicas",
      kind: "nginx",
      code: "upstream gxit {\n    server 10.0.0.11:8000 max_fails=1;\n    server 10.0.0.12:8000;\n}\nserver {\n    listen 443 ssl;\n    server_name *.interactivetool.galaxy.example.org;\n    location / {\n        proxy_pass http://gxit;\n    }\n}\n",
      errors: [
        { line: 2, col: 12, endLine: 2, endCol: 26, messageId: "plain", data: { host: "10.0.0.11" } },
        { line: 3, col: 12, endLine: 3, endCol: 26, messageId: "plain", data: { host: "10.0.0.12" } },
      ],
    },
  ],
});

describe("multi-host rules on a hand-written tree (vars + nginx upstream)", () => {
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const UPSTREAM = (a: string, b: string) =>
    `upstream gxit_proxies {\n    server ${a}:8000;\n    server ${b}:8000;\n}\nserver {\n    listen 443 ssl;\n    server_name *.interactivetool.galaxy.example.org;\n    location / {\n        proxy_pass https://gxit_proxies;\n    }\n}\n`;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "gxit-multihost-tree-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const ids = () => {
    const tree = loadTree(root);
    return lintDeployment(tree.deployment, { lintConfig: false }).findings.filter((f) => /sqlite-shared|map-unreachable|plain-upstream/.test(f.ruleId)).map((f) => `${f.ruleId} ${f.file.slice(root.length + 1)}:${f.line}`);
  };

  it("two remote replicas reading Galaxy's SQLite file: both rules, at the upstream's servers", () => {
    write("group_vars/galaxyservers.yml", "galaxy_config:\n  galaxy:\n    interactivetools_enable: true\n    interactivetools_map: /srv/galaxy/var/map.sqlite\ngie_proxy_sessions_path: /srv/galaxy/var/map.sqlite\n");
    write("templates/nginx/galaxy-gxit-proxy.j2", UPSTREAM("10.0.0.11", "10.0.0.12"));
    expect(ids()).to.deep.equal(["gxit-proxy[map-unreachable] templates/nginx/galaxy-gxit-proxy.j2:2", "gxit-proxy[sqlite-shared] templates/nginx/galaxy-gxit-proxy.j2:3"]);
  });

  it("the same replicas with a PostgreSQL map over TCP: silent", () => {
    write("group_vars/galaxyservers.yml", "galaxy_config:\n  galaxy:\n    interactivetools_enable: true\n    interactivetoolsproxy_map: postgresql://gxitproxy:{{ vault_pw }}@db.internal/gxitproxy\ngie_proxy_sessions_path: postgresql://gxitproxy@db.internal/gxitproxy\n");
    write("templates/nginx/galaxy-gxit-proxy.j2", UPSTREAM("10.0.0.11", "10.0.0.12"));
    expect(ids()).to.deep.equal([]);
  });

  it("two replicas on the Galaxy host with the SQLite file: silent", () => {
    write("group_vars/galaxyservers.yml", "galaxy_config:\n  galaxy:\n    interactivetools_enable: true\ngie_proxy_sessions_path: /srv/galaxy/var/map.sqlite\n");
    write("templates/nginx/galaxy-gxit-proxy.j2", UPSTREAM("127.0.0.1", "localhost"));
    expect(ids()).to.deep.equal([]);
  });
});
