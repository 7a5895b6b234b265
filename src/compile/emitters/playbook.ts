// The playbook (galaxy.yml by default): one play on the inventory group with
// the planned roles; with proxy.database first a play for the PostgreSQL
// server, and with replicas in a group of their own a play that applies the
// proxy role there (before Galaxy's, so nginx finds them running).
import { proxyVarsElsewhere } from "../../config/conflicts.js";
import { type Emitter } from "../emitter.js";
import { renderTemplate } from "../render/nunjucks.js";
import { BUNDLED_PROXY_ROLE, plannedRoles, type PlannedRole } from "./roles.js";
import { SESSIONS_DB_ROLE } from "./sessions-db-role.js";

interface Play {
  name: string;
  hosts: string;
  become: boolean;
  roles: PlannedRole[];
}

export const playbookEmitter: Emitter = {
  id: "playbook",
  description: "the playbook that applies the roles",
  emit({ deployment: d, notice }) {
    const play = d.config.playbook!;
    const plays: Play[] = [];
    const role = (name: string): PlannedRole => ({ name, version: undefined, attributes: [] });
    if (d.proxy.database) {
      plays.push({ name: "Sessions map database (PostgreSQL)", hosts: d.proxy.database.group, become: true, roles: [role(SESSIONS_DB_ROLE)] });
    }
    const elsewhere = proxyVarsElsewhere(d);
    if (elsewhere) {
      plays.push({ name: "GxIT proxy replicas", hosts: d.proxy.replicas!.group, become: true, roles: [role(BUNDLED_PROXY_ROLE)] });
    }
    const roles = plannedRoles(d).filter((r) => !(elsewhere && r.name === BUNDLED_PROXY_ROLE));
    plays.push({ name: play.name!, hosts: d.inventoryGroup, become: play.become!, roles });
    const text = renderTemplate("gtn-2020/playbook.yml.njk", { notice, plays });
    return [{ path: play.file!, content: text }];
  },
};
