// The SQL of the PostgreSQL sessions map: the table as Galaxy creates it and
// the NOTIFY trigger gxit-proxy listens to. No imports, so that gxit-gen's
// compiler (which sets the database up) and the proxy share one text.
export const NOTIFY_CHANNEL = "gxitproxy";
/** The table as Galaxy's SQLAlchemy model creates it on PostgreSQL. */
export const GALAXY_TABLE_SQL = `CREATE TABLE IF NOT EXISTS gxitproxy (
    key VARCHAR(16) NOT NULL,
    key_type TEXT NOT NULL,
    token VARCHAR(32),
    host TEXT,
    port INTEGER,
    info TEXT,
    PRIMARY KEY (key, key_type)
)`;
/** The function that makes every change a notification naming its row. */
export const TRIGGER_FUNCTION_SQL = `CREATE OR REPLACE FUNCTION gxitproxy_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('${NOTIFY_CHANNEL}', json_build_object('op', TG_OP)::text);
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('${NOTIFY_CHANNEL}', json_build_object('op', TG_OP, 'key', OLD.key, 'key_type', OLD.key_type)::text);
    RETURN OLD;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM pg_notify('${NOTIFY_CHANNEL}', json_build_object('op', TG_OP, 'key', NEW.key, 'key_type', NEW.key_type, 'old_key', OLD.key, 'old_key_type', OLD.key_type)::text);
    RETURN NEW;
  END IF;
  PERFORM pg_notify('${NOTIFY_CHANNEL}', json_build_object('op', TG_OP, 'key', NEW.key, 'key_type', NEW.key_type)::text);
  RETURN NEW;
END
$$`;
/** The triggers that call it, one statement each (re-created, so running them again is harmless). */
export const TRIGGER_STATEMENTS = [
    `DROP TRIGGER IF EXISTS gxitproxy_notify ON gxitproxy`,
    `CREATE TRIGGER gxitproxy_notify AFTER INSERT OR UPDATE OR DELETE ON gxitproxy FOR EACH ROW EXECUTE FUNCTION gxitproxy_notify()`,
    `DROP TRIGGER IF EXISTS gxitproxy_notify_truncate ON gxitproxy`,
    `CREATE TRIGGER gxitproxy_notify_truncate AFTER TRUNCATE ON gxitproxy FOR EACH STATEMENT EXECUTE FUNCTION gxitproxy_notify()`,
];
/** Function and triggers as one script (a simple query runs it in one round trip). */
export const TRIGGER_SQL = [TRIGGER_FUNCTION_SQL, ...TRIGGER_STATEMENTS].join(";\n") + ";";
