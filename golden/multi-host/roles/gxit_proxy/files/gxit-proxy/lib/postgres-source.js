// A sessions map in PostgreSQL (Galaxy's interactivetoolsproxy_map), read
// with node-postgres (pure JavaScript: no native build, unlike gx-it-proxy's
// pg-native).
//
// Galaxy's InteractiveToolPropagatorSQLAlchemy writes the `gxitproxy` table
// exactly as on SQLite: a save is DELETE then INSERT of one (key, key_type) in
// one transaction, a removal is a DELETE. Changes are noticed by:
// - LISTEN gxitproxy, when a trigger on the table sends pg_notify on that
//   channel (`--createTrigger` creates ours, or the admin runs
//   TRIGGER_SQL); ours names the row, so only that row is read again;
// - a poll of a fingerprint of the table (count and md5, computed by the
//   database) every --pollingInterval ms, a full read only when it changed.
//   With the trigger the poll is only a safety net and runs rarely.
// When the database restarts or the network fails, the last good routes keep
// serving; the source reconnects with backoff and reads the table again
// (changes made meanwhile are found by comparing rows). Each change of state
// is one log line.
import pg from "pg";
import { RowSnapshot, rowId } from "./map-rows.js";
import { libpqUrl, redactUrl } from "./postgres-url.js";
import { MapSourceBase } from "./sessions-map.js";
// The SQL lives in map-sql.ts (no imports), which gxit-gen's compiler shares
// for the database it sets up.
import { GALAXY_TABLE_SQL, NOTIFY_CHANNEL, TRIGGER_SQL } from "./map-sql.js";
export { GALAXY_TABLE_SQL, NOTIFY_CHANNEL, TRIGGER_SQL };
const COLS = "key, key_type, token, host, port, info";
const FINGERPRINT_SQL = `SELECT count(*)::int AS n, coalesce(md5(string_agg(concat_ws('|', key, key_type, token, host, port::text, info), E'\\n' ORDER BY key, key_type)), '') AS h FROM gxitproxy`;
/** Is there a trigger on gxitproxy whose function sends notifications on our channel? */
const TRIGGER_PRESENT_SQL = `SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
  WHERE t.tgrelid = to_regclass('gxitproxy') AND NOT t.tgisinternal AND p.prosrc ILIKE '%pg_notify%' AND p.prosrc ILIKE '%${NOTIFY_CHANNEL}%'`;
const RECONNECT_MS = [100, 250, 500, 1000, 2000, 5000, 10_000];
/** With the trigger, the poll is a safety net for lost notifications. */
const SAFETY_POLL_MS = 30_000;
const CONNECT_TIMEOUT_MS = 5000;
const QUERY_TIMEOUT_MS = 15_000;
export class PostgresMapSource extends MapSourceBase {
    options;
    client = null;
    snapshot = new RowSnapshot();
    link = "connecting";
    everConnected = false;
    notify = false;
    tableExists = false;
    fingerprint = null;
    attempt = 0;
    reconnectTimer = null;
    pollTimer = null;
    stopped = false;
    /** Row ids named by notifications and not read yet; "all" after a TRUNCATE or a payload we cannot read. */
    pending = new Set();
    pendingAll = false;
    draining = false;
    url;
    triggerHintLogged = false;
    constructor(spec, log, options) {
        super(redactUrl(spec), log);
        this.options = options;
        this.url = libpqUrl(spec);
        this.format = "postgresql";
    }
    watchMode() {
        return this.notify ? "notify" : "poll";
    }
    async start() {
        this.log.info(`Watching path ${this.label}`, { sessions: this.label });
        await this.connect();
    }
    reload() {
        this.pendingAll = true;
        void this.drain();
    }
    async stop() {
        this.stopped = true;
        if (this.reconnectTimer)
            clearTimeout(this.reconnectTimer);
        if (this.pollTimer)
            clearTimeout(this.pollTimer);
        this.reconnectTimer = this.pollTimer = null;
        const c = this.client;
        this.client = null;
        if (c)
            await c.end().catch(() => undefined);
    }
    // ------------------------------------------------------------ connection
    async connect() {
        if (this.stopped)
            return;
        const client = new pg.Client({
            connectionString: this.url,
            connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
            query_timeout: QUERY_TIMEOUT_MS,
            keepAlive: true,
            keepAliveInitialDelayMillis: 10_000,
            application_name: "gxit-proxy",
        });
        client.on("error", (e) => this.lost(client, e));
        client.on("end", () => this.lost(client, new Error("connection closed")));
        client.on("notification", (n) => this.onNotification(n));
        this.client = client;
        try {
            await client.connect();
            if (this.options.createTrigger)
                await this.createTrigger(client);
            await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
            this.notify = await this.triggerPresent(client);
            await this.readAll(client);
        }
        catch (e) {
            this.lost(client, e);
            return;
        }
        if (this.client !== client)
            return;
        this.attempt = 0;
        this.link = "up";
        // After an outage, loaded() has logged "sessions map readable again".
        if (!this.everConnected)
            this.log.info("sessions map database connected", { sessions: this.table.size, watch: this.notify ? "notify" : "poll" });
        this.everConnected = true;
        if (!this.notify && !this.triggerHintLogged) {
            this.triggerHintLogged = true;
            this.log.warn(`no NOTIFY trigger on table gxitproxy: polling every ${this.options.pollMs} ms; for changes within milliseconds run gxit-proxy once with --createTrigger, or have the database owner run the SQL in docs/proxy.md ("PostgreSQL maps")`, { poll_ms: this.options.pollMs });
        }
        this.armPoll();
    }
    /** The connection failed or ended: keep the routes, reconnect with backoff. Logged once per outage. */
    lost(client, e) {
        if (this.client !== client || this.stopped)
            return;
        this.client = null;
        client.removeAllListeners("notification");
        client.on("error", () => undefined); // late errors of the dead client
        void client.end().catch(() => undefined);
        if (this.pollTimer)
            clearTimeout(this.pollTimer);
        this.pollTimer = null;
        this.draining = false;
        const kept = this.table.size;
        if (this.link !== "down") {
            this.reportProblem("unreachable", `sessions map database unreachable (${e.message}); keeping the last ${kept} routes and reconnecting`);
        }
        else
            this.log.debug("sessions map database still unreachable", { error: e.message, attempt: this.attempt });
        this.link = "down";
        const delay = RECONNECT_MS[Math.min(this.attempt, RECONNECT_MS.length - 1)];
        this.attempt++;
        const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
        this.reconnectTimer = setTimeout(() => {
            this.reconnectTimer = null;
            void this.connect();
        }, jittered);
        this.reconnectTimer.unref();
    }
    async createTrigger(client) {
        await client.query(GALAXY_TABLE_SQL);
        await client.query(TRIGGER_SQL);
        this.log.info("created the NOTIFY trigger on table gxitproxy (--createTrigger)");
    }
    async triggerPresent(client) {
        const r = await client.query(TRIGGER_PRESENT_SQL);
        return (r.rows[0]?.n ?? 0) > 0;
    }
    // ------------------------------------------------------------ reading
    async readAll(client) {
        const started = performance.now();
        const exists = await client.query("SELECT to_regclass('gxitproxy')::text AS t");
        if (exists.rows[0]?.t == null) {
            // Galaxy creates the table on its first save.
            this.tableExists = false;
            this.fingerprint = null;
            this.applied(this.snapshot.replaceAll([]), false, started);
            return;
        }
        if (!this.tableExists) {
            this.tableExists = true;
            if (!this.notify && this.client === client)
                this.notify = await this.triggerPresent(client);
        }
        const fp = await client.query(FINGERPRINT_SQL);
        const rows = await client.query(`SELECT ${COLS} FROM gxitproxy`);
        this.fingerprint = `${fp.rows[0]?.n}:${fp.rows[0]?.h}`;
        this.applied(this.snapshot.replaceAll(rows.rows), false, started);
    }
    applied(changes, incremental, started) {
        if (this.client === null && !this.stopped)
            return; // lost meanwhile: the reconnect reads again
        this.loaded("postgresql", changes, { incremental, ms: performance.now() - started });
    }
    onNotification(n) {
        if (n.channel !== NOTIFY_CHANNEL)
            return;
        let payload;
        try {
            payload = n.payload ? JSON.parse(n.payload) : undefined;
        }
        catch {
            payload = undefined;
        }
        if (!this.notify)
            this.notify = true; // a trigger we did not recognise: notifications arrive all the same
        if (payload && typeof payload.key === "string" && typeof payload.key_type === "string") {
            this.pending.add(rowId({ key: payload.key, key_type: payload.key_type, token: null, host: null, port: null, info: null }));
            if (typeof payload.old_key === "string" && typeof payload.old_key_type === "string") {
                this.pending.add(rowId({ key: payload.old_key, key_type: payload.old_key_type, token: null, host: null, port: null, info: null }));
            }
        }
        else
            this.pendingAll = true; // TRUNCATE, or another trigger's payload
        void this.drain();
    }
    /** Reads what notifications named, one query per batch; one batch at a time. */
    async drain() {
        if (this.draining)
            return;
        this.draining = true;
        try {
            while (!this.stopped && (this.pendingAll || this.pending.size > 0)) {
                const client = this.client;
                if (client === null || this.link !== "up")
                    return; // the reconnect reads everything
                const started = performance.now();
                if (this.pendingAll) {
                    this.pendingAll = false;
                    this.pending.clear();
                    await this.readAll(client);
                    continue;
                }
                const ids = [...this.pending];
                this.pending.clear();
                const keys = [...new Set(ids.map((id) => id.slice(0, id.indexOf("\u0000"))))];
                const r = await client.query(`SELECT ${COLS} FROM gxitproxy WHERE key = ANY($1::text[])`, [keys]);
                const wanted = new Set(ids);
                const found = r.rows.filter((row) => wanted.has(rowId(row)));
                const foundIds = new Set(found.map(rowId));
                const gone = ids.filter((id) => !foundIds.has(id) && this.snapshot.get(id) !== undefined);
                this.fingerprint = null; // the next poll compares again
                this.applied(this.snapshot.apply(gone, found), true, started);
            }
        }
        catch (e) {
            if (this.client)
                this.lost(this.client, e);
        }
        finally {
            this.draining = false;
        }
    }
    armPoll() {
        if (this.stopped || this.pollTimer !== null)
            return;
        const every = this.notify ? Math.max(SAFETY_POLL_MS, this.options.pollMs) : this.options.pollMs;
        if (every <= 0)
            return;
        this.pollTimer = setTimeout(() => {
            this.pollTimer = null;
            void this.poll().finally(() => this.armPoll());
        }, every);
        this.pollTimer.unref();
    }
    async poll() {
        const client = this.client;
        if (client === null || this.link !== "up" || this.draining)
            return;
        try {
            const exists = await client.query("SELECT to_regclass('gxitproxy')::text AS t");
            if (exists.rows[0]?.t == null) {
                if (this.tableExists)
                    await this.readAll(client);
                return;
            }
            const fp = await client.query(FINGERPRINT_SQL);
            const now = `${fp.rows[0]?.n}:${fp.rows[0]?.h}`;
            if (now !== this.fingerprint || !this.tableExists)
                await this.readAll(client);
        }
        catch (e) {
            if (this.client === client)
                this.lost(client, e);
        }
    }
}
