// One-line structured log records for the proxy.
//
// Text format (default):  2026-03-04T10:00:00.000Z info Watching path /srv/map.sqlite source=sqlite
// JSON format:            {"ts":"…","level":"info","msg":"Watching path /srv/map.sqlite","source":"sqlite"}
//
// The message comes first after the level so that tools which wait for
// upstream's startup line (`Watching path <sessions>`) still find it.
// Everything goes to one stream (stdout, as upstream's console.log does) so
// journald/supervisor keep the order of events.
const stdoutSink = {
    write(line) {
        process.stdout.write(line);
    },
};
export class Logger {
    verbose;
    format;
    sink;
    constructor(verbose, format = "text", sink = stdoutSink) {
        this.verbose = verbose;
        this.format = format;
        this.sink = sink;
    }
    get isVerbose() {
        return this.verbose;
    }
    debug(msg, fields) {
        if (this.verbose)
            this.emit("debug", msg, fields);
    }
    info(msg, fields) {
        this.emit("info", msg, fields);
    }
    warn(msg, fields) {
        this.emit("warn", msg, fields);
    }
    error(msg, fields) {
        this.emit("error", msg, fields);
    }
    emit(level, msg, fields) {
        const ts = new Date().toISOString();
        if (this.format === "json") {
            const rec = { ts, level, msg };
            if (fields)
                for (const [k, v] of Object.entries(fields))
                    if (v !== undefined)
                        rec[k] = v;
            this.sink.write(JSON.stringify(rec) + "\n");
            return;
        }
        let line = `${ts} ${level} ${oneLine(msg)}`;
        if (fields) {
            for (const [k, v] of Object.entries(fields)) {
                if (v === undefined)
                    continue;
                line += ` ${k}=${formatValue(v)}`;
            }
        }
        this.sink.write(line + "\n");
    }
}
function oneLine(s) {
    return s.replace(/[\r\n]+/g, " ");
}
function formatValue(v) {
    if (v === null)
        return "null";
    if (typeof v !== "string")
        return String(v);
    if (v !== "" && /^[^\s"=\\]+$/.test(v))
        return v;
    return JSON.stringify(v);
}
/** Hides the secret part of a `<key>-<token>` host or a `/prefix/<key>/<token>/…` path for logs. */
export function redactToken(token) {
    if (token.length <= 2)
        return "***";
    return token.slice(0, 2) + "***";
}
