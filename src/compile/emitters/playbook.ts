// The playbook (galaxy.yml by default): one play on the inventory group with
// the planned roles.
import { type Emitter } from "../emitter.js";
import { renderTemplate } from "../render/nunjucks.js";
import { plannedRoles } from "./roles.js";

export const playbookEmitter: Emitter = {
  id: "playbook",
  description: "the playbook that applies the roles",
  emit({ deployment: d, notice }) {
    const play = d.config.playbook!;
    const text = renderTemplate("gtn-2020/playbook.yml.njk", {
      notice,
      play,
      hosts: d.inventoryGroup,
      roles: plannedRoles(d),
    });
    return [{ path: play.file!, content: text }];
  },
};
