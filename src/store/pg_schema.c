/*
 * pg_schema.c - the tables of a register in PostgreSQL, made and brought
 * up to date by versioned migrations.
 *
 * hr_schema_version(version, applied, description) holds one row per
 * migration applied. Each migration runs in a transaction of its own,
 * under the register's write lock, and re-reads the version under it, so
 * that processes opening one database at once apply each migration once.
 * A database whose version is newer than this build knows is refused.
 *
 * Migration 1 makes (in the current schema, beside the layers that
 * pg_rows.c makes):
 *   hr_meta(key, value)            what the core keeps there
 *   hr_head(version)               one row; +1 at every write commit (pg.c)
 *   hr_log(idx, ...)               the log, gap-free from 0, append-only
 *   hr_private(idx, tag, seq)      private values beside the log, append-only
 *   hr_tile(level, idx)            Merkle tiles (derived, may be cleared)
 *   hr_checkpoint(seq)             signed checkpoints issued, append-only
 *   hr_token(id)                   access tokens; a row changes only by
 *                                  being revoked, once, and is never deleted
 * Append-only is enforced by triggers (UPDATE, DELETE, TRUNCATE raise), so
 * that no SQL, ours or anyone's, rewrites history in place; the log's
 * insert trigger also refuses an index that is not the log's size.
 */
#include "store/pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char migration_1[] =
	"CREATE TABLE hr_meta (key text PRIMARY KEY, value text NOT NULL);"
	"CREATE TABLE hr_head (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
	" version bigint NOT NULL);"
	"INSERT INTO hr_head VALUES (true, 0);"
	"CREATE FUNCTION hr_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;"
	"CREATE TABLE hr_log ("
	" idx bigint PRIMARY KEY CHECK (idx >= 0),"
	" kind integer NOT NULL,"
	" subject text NOT NULL,"
	" area_ref text,"
	" doi bigint NOT NULL,"
	" appended bigint NOT NULL,"
	" bytes bytea NOT NULL,"
	" leaf bytea NOT NULL CHECK (length(leaf) = 32));"
	"CREATE INDEX hr_log_subject ON hr_log (subject, kind);"
	"CREATE INDEX hr_log_area ON hr_log (area_ref);"
	"CREATE FUNCTION hr_log_next() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  IF NEW.idx IS DISTINCT FROM (SELECT coalesce(max(idx) + 1, 0) FROM hr_log) THEN"
	"   RAISE EXCEPTION 'hr_log is append-only: idx must equal the log size';"
	"  END IF;"
	"  RETURN NEW;"
	" END $$;"
	"CREATE TRIGGER hr_log_append_only BEFORE INSERT ON hr_log"
	" FOR EACH ROW EXECUTE FUNCTION hr_log_next();"
	"CREATE TRIGGER hr_log_no_change BEFORE UPDATE OR DELETE ON hr_log"
	" FOR EACH ROW EXECUTE FUNCTION hr_append_only();"
	"CREATE TRIGGER hr_log_no_truncate BEFORE TRUNCATE ON hr_log"
	" FOR EACH STATEMENT EXECUTE FUNCTION hr_append_only();"
	"CREATE TABLE hr_private ("
	" idx bigint NOT NULL,"
	" tag integer NOT NULL,"
	" seq integer NOT NULL,"
	" salt bytea NOT NULL CHECK (length(salt) = 16),"
	" value text NOT NULL,"
	" PRIMARY KEY (idx, tag, seq));"
	"CREATE TRIGGER hr_private_no_change BEFORE UPDATE OR DELETE ON hr_private"
	" FOR EACH ROW EXECUTE FUNCTION hr_append_only();"
	"CREATE TRIGGER hr_private_no_truncate BEFORE TRUNCATE ON hr_private"
	" FOR EACH STATEMENT EXECUTE FUNCTION hr_append_only();"
	"CREATE TABLE hr_tile ("
	" level integer NOT NULL,"
	" idx bigint NOT NULL,"
	" width integer NOT NULL CHECK (width BETWEEN 1 AND 256),"
	" hashes bytea NOT NULL CHECK (length(hashes) = 32 * width),"
	" PRIMARY KEY (level, idx));"
	"CREATE TABLE hr_checkpoint ("
	" seq bigserial PRIMARY KEY,"
	" size bigint NOT NULL CHECK (size >= 0),"
	" stored bigint NOT NULL,"
	" note bytea NOT NULL CHECK (length(note) > 0));"
	"CREATE TRIGGER hr_checkpoint_no_change BEFORE UPDATE OR DELETE ON hr_checkpoint"
	" FOR EACH ROW EXECUTE FUNCTION hr_append_only();"
	"CREATE TRIGGER hr_checkpoint_no_truncate BEFORE TRUNCATE ON hr_checkpoint"
	" FOR EACH STATEMENT EXECUTE FUNCTION hr_append_only();"
	"CREATE TABLE hr_token ("
	" id text PRIMARY KEY CHECK (length(id) = 16),"
	" hash bytea NOT NULL CHECK (length(hash) = 32),"
	" role integer NOT NULL CHECK (role BETWEEN 1 AND 3),"
	" org text, note text,"
	" created bigint NOT NULL, expires bigint NOT NULL, revoked bigint);"
	"CREATE FUNCTION hr_token_revoke_only() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  IF OLD.revoked IS NOT NULL OR NEW.revoked IS NULL OR"
	"     (NEW.id, NEW.hash, NEW.role, NEW.org, NEW.note, NEW.created, NEW.expires)"
	"     IS DISTINCT FROM"
	"     (OLD.id, OLD.hash, OLD.role, OLD.org, OLD.note, OLD.created, OLD.expires) THEN"
	"   RAISE EXCEPTION 'hr_token: a token only changes by being revoked, once';"
	"  END IF;"
	"  RETURN NEW;"
	" END $$;"
	"CREATE TRIGGER hr_token_revoke_only BEFORE UPDATE ON hr_token"
	" FOR EACH ROW EXECUTE FUNCTION hr_token_revoke_only();"
	"CREATE TRIGGER hr_token_no_delete BEFORE DELETE ON hr_token"
	" FOR EACH ROW EXECUTE FUNCTION hr_append_only();"
	"CREATE TRIGGER hr_token_no_truncate BEFORE TRUNCATE ON hr_token"
	" FOR EACH STATEMENT EXECUTE FUNCTION hr_append_only();"
	/* privileges as a second fence for roles other than the owner */
	"REVOKE UPDATE, DELETE, TRUNCATE ON hr_log, hr_private, hr_checkpoint FROM PUBLIC;"
	"INSERT INTO hr_meta VALUES ('hazreg_store_version', '1');";

/* The log's size read from the trigger's own table, named by schema: an
 * unqualified name could be shadowed by a temporary table of the session. */
static const char migration_2[] =
	"CREATE OR REPLACE FUNCTION hr_log_next() RETURNS trigger LANGUAGE plpgsql AS $$"
	" DECLARE n bigint;"
	" BEGIN"
	"  EXECUTE format('SELECT coalesce(max(idx) + 1, 0) FROM %I.%I', TG_TABLE_SCHEMA,"
	"                 TG_TABLE_NAME) INTO n;"
	"  IF NEW.idx IS DISTINCT FROM n THEN"
	"   RAISE EXCEPTION 'hr_log is append-only: idx must equal the log size';"
	"  END IF;"
	"  RETURN NEW;"
	" END $$;";

/* Every write commit announces itself: hr_head's version goes up by one in
 * each (pg.c), and this trigger sends it, with the schema's name, on the
 * channel "hazreg" (NOTIFY, delivered to the listeners only when the
 * transaction commits, never for a rollback). Payload: "<version> <schema>",
 * the version as hr_head holds it (read_begin's version less one). A server
 * listening on the channel (pg_notify.c) catches up at once instead of at
 * its next request. */
static const char migration_3[] =
	"CREATE FUNCTION hr_head_notify() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  PERFORM pg_notify('hazreg', NEW.version::text || ' ' || TG_TABLE_SCHEMA);"
	"  RETURN NULL;"
	" END $$;"
	"CREATE TRIGGER hr_head_notify AFTER UPDATE ON hr_head"
	" FOR EACH ROW EXECUTE FUNCTION hr_head_notify();";

static const struct {
	const char *description;
	const char *sql;
} migrations[] = {
	{"the log, private values, tiles, checkpoints and tokens", migration_1},
	{"the log's size read from the log's own table in its trigger", migration_2},
	{"every write commit notified on the channel hazreg", migration_3},
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* The version applied, 0 when the database holds no register. */
static int schema_version(pg_be *be, int *out, const char *op)
{
	PGresult *res = NULL;
	int rc;
	*out = 0;
	if ((rc = pg__run(be, "SELECT to_regclass('hr_schema_version') IS NOT NULL", NULL, &res,
	                  op)))
		return rc;
	if (PQntuples(res) != 1 || PQgetvalue(res, 0, 0)[0] == 0) {
		PQclear(res);
		return 0;
	}
	PQclear(res);
	if ((rc = pg__run(be, "SELECT coalesce(max(version), 0)::int4 FROM hr_schema_version", NULL,
	                  &res, op)))
		return rc;
	*out = (int)pg__int(res, 0, 0);
	PQclear(res);
	return 0;
}

/* PostGIS in this database: there already, or made when creating. */
static int need_postgis(pg_be *be, int create)
{
	PGresult *res = NULL;
	int rc, n;
	if ((rc = pg__run(be, "SELECT 1 FROM pg_extension WHERE extname = 'postgis'", NULL, &res,
	                  "looking for PostGIS")))
		return rc;
	n = PQntuples(res);
	PQclear(res);
	if (n)
		return 0;
	if (!create)
		return pg__errf(be, HR_EVERSION, "the %s has no PostGIS extension "
		                                 "(CREATE EXTENSION postgis)", be->addr);
	res = PQexec(be->conn, "CREATE EXTENSION IF NOT EXISTS postgis");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		pg__errf(be, HR_EVERSION,
		         "the %s has no PostGIS extension and it cannot be made: %s", be->addr,
		         m ? m : "unknown failure");
		PQclear(res);
		return HR_EVERSION;
	}
	PQclear(res);
	return 0;
}

/* Apply migration v (1-based) in a transaction of its own, unless another
 * process did first. */
static int migrate(pg_be *be, int v)
{
	char op[64];
	pg_params p;
	int rc, own = 0, now = 0;
	snprintf(op, sizeof op, "migrating the schema to version %d", v);
	if ((rc = pg__tx_begin(be, &own, op)))
		return rc;
	if ((rc = pg__exec(be, "CREATE TABLE IF NOT EXISTS hr_schema_version ("
	                       " version integer PRIMARY KEY, applied timestamptz NOT NULL"
	                       " DEFAULT now(), description text NOT NULL)",
	                   op)) ||
	    (rc = schema_version(be, &now, op)))
		goto done;
	if (now >= v)
		goto done;
	if ((rc = pg__exec(be, migrations[v - 1].sql, op)))
		goto done;
	pg__p_reset(&p);
	pg__p_i32(&p, v);
	pg__p_text(&p, migrations[v - 1].description);
	rc = pg__run(be, "INSERT INTO hr_schema_version (version, description)"
	                 " VALUES ($1::int4, $2::text)",
	             &p, NULL, op);
done:
	return pg__tx_end(be, own, rc);
}

int pg__schema(pg_be *be, int create)
{
	int rc, v = 0;
	if ((rc = schema_version(be, &v, "reading the schema version")))
		return rc;
	if (v > NMIGRATIONS)
		return pg__errf(be, HR_EVERSION,
		                "the %s holds a register of schema version %d; this build knows "
		                "up to version %d",
		                be->addr, v, NMIGRATIONS);
	if (v == 0 && !create)
		return pg__errf(be, HR_ENOTFOUND,
		                "the %s holds no hazreg register; create one with 'hazreg init'",
		                be->addr);
	if ((rc = need_postgis(be, create)))
		return rc;
	if (v == NMIGRATIONS)
		return 0;
	if (be->readonly)
		return pg__errf(be, HR_EVERSION,
		                "the %s holds a register of schema version %d, which a writable "
		                "open brings up to version %d",
		                be->addr, v, NMIGRATIONS);
	for (int i = v + 1; i <= NMIGRATIONS && rc == 0; i++)
		rc = migrate(be, i);
	return rc;
}
