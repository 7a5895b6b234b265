// .ansible-lint and .yamllint: the settings that let the ecosystem's own
// linters judge the generated tree as it is, offline. Run `ansible-lint` and
// `yamllint .` inside the output directory (ansible-lint only reads the
// config of the directory it runs in).
//
// Why each setting exists (test/ecosystem proves each one with the real tools):
// - ansible-lint 6.13 maps every file named galaxy.yml to the "galaxy"
//   (collection manifest) kind and then reports schema[galaxy] and
//   galaxy[...] on the playbook. User `kinds:` entries are matched before the
//   built-in ones, so mapping the playbook file to "playbook" fixes it.
// - The playbook's external roles are not installed where the linter runs;
//   its syntax check (an unskippable rule) fails on a missing role. Mocked
//   roles are empty directories in ansible-lint's cache. Roles gxit-gen ships
//   in the tree (roles/gxit_proxy) are real and are linted, never mocked.
// - The README has the admin install the external roles into roles/; their
//   code is not ours to lint, so those directories are excluded. Only
//   namespaced (Galaxy) names: a role without a namespace is the site's own,
//   and stays linted if it lives in roles/.
// - The README has the admin create the vault next to the generated vars
//   with ansible-vault: ciphertext, which yamllint (and ansible-lint's yaml
//   rule, which reads .yamllint) would report as a document without "---".
// - A local .yamllint replaces ansible-lint's own yamllint settings for every
//   rule it names, so it must keep ansible-lint's octal ban explicitly.
import { Document, YAMLMap, YAMLSeq } from "yaml";
import type { Deployment } from "../../config/model.js";
import { type Emitter, OUTPUT_PATHS } from "../emitter.js";
import { commentedPair, renderYamlDocument } from "../render/yaml.js";
import { BUNDLED_PROXY_ROLE, INCLUDED_BY_NGINX, plannedRoles } from "./roles.js";

/** The roles the playbook needs that do not ship in the generated tree, in playbook order. */
export function mockedRoles(d: Deployment): string[] {
  const roles: string[] = [];
  for (const role of plannedRoles(d)) {
    if (role.name === BUNDLED_PROXY_ROLE) continue;
    if (!roles.includes(role.name)) roles.push(role.name);
  }
  if (roles.includes("galaxyproject.nginx") && !roles.includes(INCLUDED_BY_NGINX)) {
    roles.push(INCLUDED_BY_NGINX);
  }
  return roles;
}

function seq(doc: Document, items: string[]): YAMLSeq {
  const s = new YAMLSeq();
  for (const item of items) s.items.push(doc.createNode(item));
  return s;
}

function ansibleLintConfig(d: Deployment, notice: string): string {
  const doc = new Document(new YAMLMap());
  const root = doc.contents as YAMLMap;
  const playbook = d.config.playbook!.file!;
  const mocked = mockedRoles(d);

  root.items.push(
    commentedPair(
      "profile",
      doc.createNode("production"),
      "ansible-lint settings for this tree; run `ansible-lint` in this directory.",
    ),
  );
  root.items.push(
    commentedPair(
      "offline",
      doc.createNode(true),
      "Lint without network: do not install requirements.yml or refresh schemas.",
    ),
  );
  const kinds = new YAMLSeq();
  kinds.items.push(doc.createNode({ playbook: `**/${playbook}` }));
  root.items.push(
    commentedPair(
      "kinds",
      kinds,
      playbook === "galaxy.yml"
        ? "galaxy.yml is the playbook, not a collection manifest as ansible-lint assumes."
        : `${playbook} is the playbook.`,
    ),
  );
  root.items.push(
    commentedPair(
      "mock_roles",
      seq(doc, mocked),
      "External roles, replaced by empty ones so the syntax check works offline.",
    ),
  );
  root.items.push(
    commentedPair(
      "exclude_paths",
      seq(doc, notLinted(d)),
      "Where `ansible-galaxy role install -p roles` puts them: third-party code; and the vault (ciphertext).",
    ),
  );
  return renderYamlDocument(doc, notice);
}

/**
 * Not linted: where `ansible-galaxy role install -p roles` puts the external
 * roles (third-party code), and the vault the README has the admin encrypt.
 */
function notLinted(d: Deployment): string[] {
  const roles = mockedRoles(d)
    .filter((r) => r.includes("."))
    .map((r) => `roles/${r}/`);
  return [...roles, OUTPUT_PATHS.vault(d.inventoryGroup)];
}

function yamllintConfig(d: Deployment, notice: string): string {
  const doc = new Document(new YAMLMap());
  const root = doc.contents as YAMLMap;
  root.items.push(
    commentedPair(
      "extends",
      doc.createNode("default"),
      "yamllint settings for this tree; ansible-lint's yaml rule reads them too.",
    ),
  );
  root.items.push(
    commentedPair(
      "ignore",
      doc.createNode(notLinted(d).join("\n") + "\n"),
      "The installed external roles (gitignore patterns): third-party code; and the vault (ciphertext).",
    ),
  );
  const rules = new YAMLMap();
  rules.items.push(
    commentedPair(
      "line-length",
      doc.createNode({ max: 160 }),
      "ansible-lint's limit: values of long keys are not folded.",
    ),
  );
  rules.items.push(
    commentedPair(
      "octal-values",
      doc.createNode({ "forbid-implicit-octal": true, "forbid-explicit-octal": true }),
      "ansible-lint's own setting, which this file would otherwise switch off.",
    ),
  );
  root.items.push(commentedPair("rules", rules));
  return renderYamlDocument(doc, notice);
}

export const lintConfigEmitter: Emitter = {
  id: "lint-config",
  description: "ansible-lint and yamllint settings to lint this tree offline",
  emit({ deployment: d, notice }) {
    return [
      { path: ".ansible-lint", content: ansibleLintConfig(d, notice) },
      { path: ".yamllint", content: yamllintConfig(d, notice) },
    ];
  },
};
