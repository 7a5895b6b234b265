export class JsonMapError extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
export function rowsFromJson(text, path) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (e) {
        throw new JsonMapError("json", `sessions map ${path} is not valid JSON (${e.message}); keeping the last good routes`);
    }
    const rows = [];
    if (Array.isArray(doc)) {
        for (const r of doc) {
            if (!r || typeof r !== "object")
                continue;
            const o = r;
            rows.push({ key: o["key"], key_type: o["key_type"], token: o["token"], host: o["host"], port: o["port"], info: o["info"] });
        }
        return rows;
    }
    if (!doc || typeof doc !== "object") {
        throw new JsonMapError("json-shape", `sessions map ${path} must be a JSON object keyed by session key; keeping the last good routes`);
    }
    for (const [key, value] of Object.entries(doc)) {
        if (!value || typeof value !== "object")
            continue;
        const v = value;
        let info = v["info"];
        if (info === undefined && ("requires_path_in_url" in v || "requires_path_in_header_named" in v)) {
            info = { requires_path_in_url: v["requires_path_in_url"], requires_path_in_header_named: v["requires_path_in_header_named"] };
        }
        rows.push({ key, key_type: v["key_type"], token: v["token"], host: v["host"], port: v["port"], info });
    }
    return rows;
}
