// Reads a JSON sessions map into rows. Runs inside the map worker.
//
// The format upstream documents, `{ "<key>": {"host", "port", "info"?} }`,
// with the token added (upstream never loads `token` from JSON, so its JSON
// maps cannot route); `requires_path_in_url` and
// `requires_path_in_header_named` may stand next to `host`. An array of rows
// (`[{"key", "key_type", "token", "host", "port", "info"}]`) works too.
import type { RawRow } from "./routes.js";

export class JsonMapError extends Error {
  constructor(
    readonly kind: "json" | "json-shape",
    message: string,
  ) {
    super(message);
  }
}

export function rowsFromJson(text: string, path: string): RawRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new JsonMapError("json", `sessions map ${path} is not valid JSON (${(e as Error).message}); keeping the last good routes`);
  }
  const rows: RawRow[] = [];
  if (Array.isArray(doc)) {
    for (const r of doc) {
      if (!r || typeof r !== "object") continue;
      const o = r as Record<string, unknown>;
      rows.push({ key: o["key"], key_type: o["key_type"], token: o["token"], host: o["host"], port: o["port"], info: o["info"] });
    }
    return rows;
  }
  if (!doc || typeof doc !== "object") {
    throw new JsonMapError("json-shape", `sessions map ${path} must be a JSON object keyed by session key; keeping the last good routes`);
  }
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (!value || typeof value !== "object") continue;
    const v = value as Record<string, unknown>;
    let info: unknown = v["info"];
    if (info === undefined && ("requires_path_in_url" in v || "requires_path_in_header_named" in v)) {
      info = { requires_path_in_url: v["requires_path_in_url"], requires_path_in_header_named: v["requires_path_in_header_named"] };
    }
    rows.push({ key, key_type: v["key_type"], token: v["token"], host: v["host"], port: v["port"], info });
  }
  return rows;
}
