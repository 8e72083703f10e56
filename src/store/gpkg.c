/*
 * gpkg.c - the GeoPackage storage backend: one SQLite file that GDAL and
 * QGIS open as a GeoPackage 1.3 and that also holds the register's
 * append-only log. This file opens and creates the store (its schema is
 * below), maps SQLite's errors, caches statements and runs transactions;
 * gpkg_log.c keeps the log, gpkg_layer.c, gpkg_extent.c and gpkg_rows.c
 * the derived layers, gpkg_geom.c the geometry blobs.
 *
 * Besides the GeoPackage tables the file holds, unregistered in
 * gpkg_contents (GDAL does not list them):
 *   hr_meta(key, value)       store version and whatever the core keeps there
 *   hr_log(idx, ...)          the log, gap-free from 0, append-only
 *   hr_private(idx, tag, seq) private values beside the log, append-only
 *   hr_checkpoint(seq)        signed checkpoints issued (gpkg_checkpoint.c)
 *   hr_token(id)              access tokens of the HTTP API (gpkg_token.c)
 * Append-only is enforced by triggers, so that no SQL, ours or anyone's,
 * can rewrite history in place.
 */
#include "store/gpkg_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GPKG_APPLICATION_ID 0x47504B47 /* "GPKG" */
#define GPKG_USER_VERSION 10300        /* GeoPackage 1.3.0 */
#define STORE_VERSION "1"
#define BUSY_TIMEOUT_MS 5000

/* The WGS 84 definition as the GeoPackage specification gives it. */
#define WKT_4326                                                                              \
	"GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"    \
	"AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0," \
	"AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,"                 \
	"AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],"  \
	"AUTHORITY[\"EPSG\",\"4326\"]]"

/* The GeoPackage's own tables (GeoPackage 1.3, clause 1.1) with the three
 * required spatial reference systems: a store's, and an export's
 * (src/formats/gpkg_write.c). The PRAGMAs take effect inside the
 * transaction. */
#define GPKG_CORE_SQL                                                                           \
	"PRAGMA application_id = 1196444487;" /* 0x47504B47 */ \
	"PRAGMA user_version = 10300;" \
	"CREATE TABLE gpkg_spatial_ref_sys (" \
	" srs_name TEXT NOT NULL," \
	" srs_id INTEGER PRIMARY KEY," \
	" organization TEXT NOT NULL," \
	" organization_coordsys_id INTEGER NOT NULL," \
	" definition TEXT NOT NULL," \
	" description TEXT);" \
	"CREATE TABLE gpkg_contents (" \
	" table_name TEXT NOT NULL PRIMARY KEY," \
	" data_type TEXT NOT NULL," \
	" identifier TEXT UNIQUE," \
	" description TEXT DEFAULT ''," \
	" last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))," \
	" min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE," \
	" srs_id INTEGER," \
	" CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));" \
	"CREATE TABLE gpkg_geometry_columns (" \
	" table_name TEXT NOT NULL," \
	" column_name TEXT NOT NULL," \
	" geometry_type_name TEXT NOT NULL," \
	" srs_id INTEGER NOT NULL," \
	" z TINYINT NOT NULL," \
	" m TINYINT NOT NULL," \
	" CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name)," \
	" CONSTRAINT uk_gc_table_name UNIQUE (table_name)," \
	" CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name)," \
	" CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));" \
	"CREATE TABLE gpkg_extensions (" \
	" table_name TEXT," \
	" column_name TEXT," \
	" extension_name TEXT NOT NULL," \
	" definition TEXT NOT NULL," \
	" scope TEXT NOT NULL," \
	" CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));" \
	"INSERT INTO gpkg_spatial_ref_sys VALUES" \
	" ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined'," \
	"  'undefined cartesian coordinate reference system')," \
	" ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined'," \
	"  'undefined geographic coordinate reference system')," \
	" ('WGS 84 geodetic', 4326, 'EPSG', 4326, '" WKT_4326 "'," \
	"  'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');"

const char gpkg__core_sql[] = GPKG_CORE_SQL;

/* Schema of a new store. */
static const char schema_sql[] =
	GPKG_CORE_SQL
	"CREATE TABLE hr_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE hr_log ("
	" idx INTEGER PRIMARY KEY,"
	" kind INTEGER NOT NULL,"
	" subject TEXT NOT NULL,"
	" area_ref TEXT,"
	" doi INTEGER NOT NULL,"
	" appended INTEGER NOT NULL,"
	" bytes BLOB NOT NULL,"
	" leaf BLOB NOT NULL CHECK (length(leaf) = 32));"
	/* (subject, kind) serves both "one subject of one kind" and "everything
	 * about an area" (subject = id OR area_ref = id) */
	"CREATE INDEX hr_log_subject ON hr_log (subject, kind);"
	"CREATE INDEX hr_log_area ON hr_log (area_ref);"
	/* Gap-free and never replaced: also refuses INSERT OR REPLACE, whose
	 * deletion of the old row would not fire the DELETE trigger. */
	"CREATE TRIGGER hr_log_append_only BEFORE INSERT ON hr_log"
	" WHEN NEW.idx IS NOT (SELECT coalesce(max(idx) + 1, 0) FROM hr_log)"
	" BEGIN SELECT RAISE(ABORT, 'hr_log is append-only: idx must equal the log size'); END;"
	"CREATE TRIGGER hr_log_no_update BEFORE UPDATE ON hr_log"
	" BEGIN SELECT RAISE(ABORT, 'hr_log is append-only'); END;"
	"CREATE TRIGGER hr_log_no_delete BEFORE DELETE ON hr_log"
	" BEGIN SELECT RAISE(ABORT, 'hr_log is append-only'); END;"
	"CREATE TABLE hr_private ("
	" idx INTEGER NOT NULL,"
	" tag INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" salt BLOB NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (idx, tag, seq));"
	"CREATE TRIGGER hr_private_append_only BEFORE INSERT ON hr_private"
	" WHEN EXISTS (SELECT 1 FROM hr_private"
	"  WHERE idx = NEW.idx AND tag = NEW.tag AND seq = NEW.seq)"
	" BEGIN SELECT RAISE(ABORT, 'hr_private is append-only: value already kept'); END;"
	"CREATE TRIGGER hr_private_no_update BEFORE UPDATE ON hr_private"
	" BEGIN SELECT RAISE(ABORT, 'hr_private is append-only'); END;"
	"CREATE TRIGGER hr_private_no_delete BEFORE DELETE ON hr_private"
	" BEGIN SELECT RAISE(ABORT, 'hr_private is append-only'); END;"
	"INSERT INTO hr_meta VALUES ('hazreg_store_version', '" STORE_VERSION "');";

#define BE(b) ((gpkg_be *)(b))

/* ---- errors ------------------------------------------------------------ */

static int map_code(int src)
{
	switch (src & 0xff) {
	case SQLITE_OK: return 0;
	case SQLITE_NOMEM: return HR_ENOMEM;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_PERM:
	case SQLITE_NOLFS: return HR_EIO;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: return HR_ECORRUPT;
	case SQLITE_READONLY: return HR_EREADONLY;
	case SQLITE_CONSTRAINT:
		if (src == SQLITE_CONSTRAINT_PRIMARYKEY || src == SQLITE_CONSTRAINT_UNIQUE)
			return HR_EEXISTS;
		return HR_EINVAL;
	case SQLITE_TOOBIG:
	case SQLITE_MISMATCH:
	case SQLITE_RANGE: return HR_EINVAL;
	default: return HR_ERROR;
	}
}

int gpkg__err(gpkg_be *be, int src, const char *op)
{
	int code = map_code(src);
	be->last_src = src;
	if (code == 0)
		code = HR_ERROR;
	snprintf(be->err, sizeof be->err, "%s: %s", op, be->db ? sqlite3_errmsg(be->db)
	                                                     : sqlite3_errstr(src));
	return code;
}

int gpkg__errf(gpkg_be *be, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(be->err, sizeof be->err, fmt, ap);
	va_end(ap);
	return code;
}

int gpkg__exec(gpkg_be *be, const char *sql, const char *op)
{
	int src = sqlite3_exec(be->db, sql, NULL, NULL, NULL);
	return src == SQLITE_OK ? 0 : gpkg__err(be, sqlite3_extended_errcode(be->db), op);
}

int gpkg__writable(gpkg_be *be, const char *op)
{
	if (be->readonly)
		return gpkg__errf(be, HR_EREADONLY, "%s: the store is open read-only", op);
	return 0;
}

/* ---- statement cache ---------------------------------------------------- */

int gpkg__stmt(gpkg_be *be, sqlite3_stmt **slot, const char *sql, sqlite3_stmt **out,
               const char *op)
{
	int src;
	*out = NULL;
	if (*slot && !sqlite3_stmt_busy(*slot)) {
		*out = *slot;
		return 0;
	}
	src = sqlite3_prepare_v3(be->db, sql, -1, *slot ? 0 : SQLITE_PREPARE_PERSISTENT, out,
	                         NULL);
	if (src != SQLITE_OK) {
		*out = NULL;
		return gpkg__err(be, sqlite3_extended_errcode(be->db), op);
	}
	if (!*slot)
		*slot = *out;
	return 0;
}

void gpkg__release(sqlite3_stmt **slot, sqlite3_stmt *st)
{
	if (!st)
		return;
	if (st != *slot) {
		sqlite3_finalize(st);
		return;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int gpkg__step_done(gpkg_be *be, sqlite3_stmt *st, const char *op)
{
	int src = sqlite3_step(st);
	if (src == SQLITE_DONE || src == SQLITE_ROW)
		return 0;
	return gpkg__err(be, sqlite3_extended_errcode(be->db), op);
}

/* ---- transactions -------------------------------------------------------- */

/* SQLite rolls a transaction back by itself after some errors (disk full,
 * I/O, out of memory); what follows must not run outside it. */
static int tx_lost(gpkg_be *be, const char *op)
{
	return gpkg__errf(be, HR_EIO, "%s: the transaction was rolled back after an earlier error",
	                  op);
}

static int be_begin(hr_backend *b)
{
	gpkg_be *be = BE(b);
	int rc;
	if ((rc = gpkg__writable(be, "begin")))
		return rc;
	if (be->in_tx)
		return gpkg__errf(be, HR_EINVAL, "begin: a transaction is already open");
	if (be->reading)
		return gpkg__errf(be, HR_EINVAL, "begin: a read is in progress");
	gpkg__layers_forget(be);
	if ((rc = gpkg__exec(be, "BEGIN IMMEDIATE", "begin")))
		return rc;
	be->in_tx = 1;
	return 0;
}

static int be_commit(hr_backend *b)
{
	gpkg_be *be = BE(b);
	int rc;
	if (!be->in_tx)
		return gpkg__errf(be, HR_EINVAL, "commit: no transaction is open");
	if (sqlite3_get_autocommit(be->db))
		return tx_lost(be, "commit");
	if ((rc = gpkg__layers_flush(be)))
		return rc;
	/* synchronous=FULL: the WAL is synced before COMMIT returns */
	rc = gpkg__exec(be, "COMMIT", "commit");
	be->in_tx = !sqlite3_get_autocommit(be->db);
	if (!be->in_tx)
		gpkg__layers_forget(be);
	if (rc == 0)
		be->commits++;
	return rc;
}

static int be_rollback(hr_backend *b)
{
	gpkg_be *be = BE(b);
	int rc = 0;
	if (!sqlite3_get_autocommit(be->db))
		rc = gpkg__exec(be, "ROLLBACK", "rollback");
	be->in_tx = !sqlite3_get_autocommit(be->db);
	gpkg__layers_forget(be);
	return rc;
}

/* ---- read snapshots ------------------------------------------------------ */

/* One cached statement stepped to its end; the value of its first column
 * when it gives a row. */
static int step_cached(gpkg_be *be, int slot, const char *sql, sqlite3_int64 *val,
                       const char *op)
{
	sqlite3_stmt *st;
	int rc, src;
	if ((rc = gpkg__stmt(be, &be->st[slot], sql, &st, op)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		if (val)
			*val = sqlite3_column_int64(st, 0);
	rc = src == SQLITE_DONE ? 0 : gpkg__err(be, sqlite3_extended_errcode(be->db), op);
	gpkg__release(&be->st[slot], st);
	return rc;
}

/*
 * A deferred transaction, started at once by reading the data version (a
 * cookie of the file, so a read of the store): its reads then share one
 * snapshot and one lock. SQLite's file data version changes with every
 * commit to the file by any connection; this handle's own commits are
 * counted as well, so the pair tells every change.
 */
static int be_read_begin(hr_backend *b, uint64_t *version)
{
	gpkg_be *be = BE(b);
	unsigned int dv = 0;
	int rc;
	*version = 0;
	if (be->reading++ > 0 || be->in_tx || !sqlite3_get_autocommit(be->db))
		return 0;
	if ((rc = step_cached(be, GPKG_ST_READ_BEGIN, "BEGIN", NULL, "beginning a read")))
		goto fail;
	be->read_own = 1;
	if ((rc = step_cached(be, GPKG_ST_READ_VERSION, "PRAGMA data_version", NULL,
	                      "beginning a read")))
		goto fail;
	if (sqlite3_file_control(be->db, "main", SQLITE_FCNTL_DATA_VERSION, &dv) != SQLITE_OK) {
		rc = gpkg__errf(be, HR_EIO, "beginning a read: no data version");
		goto fail;
	}
	*version = (uint64_t)(be->commits + 1u) << 32 | dv;
	return 0;
fail:
	be->reading = 1;
	b->read_end(b);
	return rc;
}

static int be_read_end(hr_backend *b)
{
	gpkg_be *be = BE(b);
	int rc = 0;
	if (be->reading == 0 || --be->reading > 0 || !be->read_own)
		return 0;
	be->read_own = 0;
	if (!sqlite3_get_autocommit(be->db))
		rc = step_cached(be, GPKG_ST_READ_END, "COMMIT", NULL, "ending a read");
	return rc;
}

static int be_savepoint(hr_backend *b, int op)
{
	gpkg_be *be = BE(b);
	if (!be->in_tx || sqlite3_get_autocommit(be->db))
		return gpkg__errf(be, HR_EINVAL, "savepoint: no transaction is open");
	switch (op) {
	case HR_SAVEPOINT_OPEN:
		return gpkg__exec(be, "SAVEPOINT hr_append", "savepoint");
	case HR_SAVEPOINT_KEEP:
		return gpkg__exec(be, "RELEASE hr_append", "savepoint");
	case HR_SAVEPOINT_UNDO:
		/* extents grown by the undone rows: recompute them at commit */
		for (gpkg_layer *L = be->layers; L; L = L->next)
			if (L->touched)
				L->full = 1;
		return gpkg__exec(be, "ROLLBACK TO hr_append; RELEASE hr_append", "savepoint");
	default:
		return gpkg__errf(be, HR_EINVAL, "savepoint: unknown operation %d", op);
	}
}

int gpkg__tx_begin(gpkg_be *be, int *own, const char *op)
{
	int rc;
	*own = 0;
	if (be->in_tx && sqlite3_get_autocommit(be->db))
		return tx_lost(be, op);
	if (be->in_tx)
		return 0;
	if ((rc = gpkg__exec(be, "BEGIN IMMEDIATE", op)))
		return rc;
	be->in_tx = 1;
	*own = 1;
	gpkg__layers_forget(be);
	return 0;
}

int gpkg__tx_end(gpkg_be *be, int own, int rc)
{
	if (!own)
		return rc;
	if (rc == 0)
		return be_commit(&be->base);
	be_rollback(&be->base);
	return rc;
}

/* ---- open and close ------------------------------------------------------------- */

static const char *be_errmsg(hr_backend *b)
{
	return b ? BE(b)->err : "no backend";
}

static void be_close(hr_backend *b)
{
	gpkg_be *be = BE(b);
	if (!be)
		return;
	if (be->db) {
		if (!sqlite3_get_autocommit(be->db))
			sqlite3_exec(be->db, "ROLLBACK", NULL, NULL, NULL);
		/* Every statement is ours and cached, or finalized after use:
		 * nothing is left to keep the file open. (The R-tree module's
		 * own statements go with it.) */
		gpkg__layers_free(be);
		for (int i = 0; i < GPKG_ST_COUNT; i++)
			sqlite3_finalize(be->st[i]);
		sqlite3_finalize(be->tile_get_st);
		/* Copy the WAL into the database now, so that the .gpkg alone
		 * holds everything even when another process keeps the store
		 * open. PASSIVE never waits for that process; when this is the
		 * last connection, closing checkpoints again and deletes the
		 * WAL and -shm. */
		if (!be->readonly)
			sqlite3_exec(be->db, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);
		if (sqlite3_close(be->db) != SQLITE_OK)
			sqlite3_close_v2(be->db); /* closes once the stragglers go */
	}
	free(be->blob);
	free(be);
}

/* One integer from a query. */
static int query_int(gpkg_be *be, const char *sql, sqlite3_int64 *out, const char *op)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, src;
	src = sqlite3_prepare_v2(be->db, sql, -1, &st, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		goto done;
	}
	rc = gpkg__err(be, sqlite3_extended_errcode(be->db), op);
done:
	sqlite3_finalize(st);
	return rc;
}

/* Is this a hazreg GeoPackage of a version we know? (HR_EVERSION if not) */
static int check_store(gpkg_be *be, const char *path)
{
	sqlite3_int64 app = 0;
	char *version = NULL;
	int rc;
	if ((rc = query_int(be, "PRAGMA application_id", &app, "reading the header")))
		goto done;
	if (app != GPKG_APPLICATION_ID) {
		rc = gpkg__errf(be, HR_EVERSION, "%s is not a GeoPackage (application_id 0x%08llx)",
		                path, (unsigned long long)app);
		goto done;
	}
	if ((rc = query_int(be,
	                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
	                    " AND name = 'hr_meta'",
	                    &app, "reading the schema")))
		goto done;
	if (!app) {
		rc = gpkg__errf(be, HR_EVERSION, "%s is a GeoPackage but not a hazreg store", path);
		goto done;
	}
	rc = gpkg__meta_get(&be->base, "hazreg_store_version", &version);
	if (rc == HR_ENOTFOUND) {
		rc = gpkg__errf(be, HR_EVERSION, "%s is a GeoPackage but not a hazreg store "
		                                 "(no hazreg_store_version)", path);
		goto done;
	}
	if (rc)
		goto done;
	if (strcmp(version, STORE_VERSION) != 0)
		rc = gpkg__errf(be, HR_EVERSION, "%s is a hazreg store of version %s; this build "
		                                 "reads version " STORE_VERSION, path, version);
done:
	free(version);
	return rc;
}

/* Make a new store in an empty file. Another process may be doing the same:
 * the check is repeated under the write lock. */
static int create_store(gpkg_be *be)
{
	sqlite3_int64 n = 0;
	int rc;
	if ((rc = gpkg__exec(be, "PRAGMA journal_mode = WAL", "creating the store")))
		return rc;
	if ((rc = gpkg__exec(be, "BEGIN IMMEDIATE", "creating the store")))
		return rc;
	if ((rc = query_int(be, "SELECT count(*) FROM sqlite_master", &n, "creating the store")))
		goto done;
	if (n == 0)
		rc = gpkg__exec(be, schema_sql, "creating the store");
	if (rc == 0)
		rc = gpkg__exec(be, "COMMIT", "creating the store");
done:
	if (rc)
		sqlite3_exec(be->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* SQLite counts its memory use under one global mutex on every
 * allocation unless told not to; the register never reads those counts,
 * and with a reader per server thread the mutex is where they queue. Set
 * once, before the first connection. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int open_store(gpkg_be *be, const char *path, int create)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	sqlite3_int64 n = 0, app = 0;
	int rc, src, flags;

	pthread_once(&once, sqlite_setup);
	/* A read-only store is opened read-write underneath with query_only
	 * on top, so that a reader that closes last removes the empty WAL and
	 * -shm as a writer does; a truly read-only open only where the file
	 * cannot be opened otherwise. */
	/* NOMUTEX: a register is used by one thread at a time (register.h), so
	 * SQLite's per-connection mutex would only cost time on every call. */
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	        (create && !be->readonly ? SQLITE_OPEN_CREATE : 0);
	src = sqlite3_open_v2(path, &be->db, flags | SQLITE_OPEN_EXRESCODE, NULL);
	if (src != SQLITE_OK && be->db && be->readonly) {
		sqlite3_close(be->db);
		be->db = NULL;
		src = sqlite3_open_v2(path, &be->db,
		                      SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
		                      NULL);
	}
	if (src != SQLITE_OK) {
		if (!be->db)
			return gpkg__errf(be, HR_ENOMEM, "opening %s: out of memory", path);
		return gpkg__err(be, sqlite3_extended_errcode(be->db), "opening the store");
	}
	if (be->readonly && (rc = gpkg__exec(be, "PRAGMA query_only = ON", "opening the store")))
		return rc;
	sqlite3_extended_result_codes(be->db, 1);
	sqlite3_busy_timeout(be->db, BUSY_TIMEOUT_MS);
	if (gpkg__register_functions(be->db) != SQLITE_OK)
		return gpkg__err(be, sqlite3_extended_errcode(be->db), "registering ST_ functions");
	/* Nothing is written before the file is known to be ours. The first
	 * read tells a file that is no SQLite database at all. */
	rc = query_int(be, "SELECT count(*) FROM sqlite_master", &n, "reading the schema");
	if (rc == HR_ECORRUPT && be->last_src == SQLITE_NOTADB)
		return gpkg__errf(be, HR_EVERSION, "%s is not a GeoPackage (not an SQLite database)",
		                  path);
	if (rc)
		return rc;
	/* WAL (below) with synchronous=FULL: COMMIT returns once the WAL is
	 * synced. These pragmas write nothing. A 64 MiB page cache keeps a
	 * large import from spilling pages into the WAL before it commits. */
	if ((rc = gpkg__exec(be, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
	                         "PRAGMA cache_size = -65536",
	                     "setting durability")))
		return rc;
	if ((rc = query_int(be, "PRAGMA application_id", &app, "reading the header")))
		return rc;
	if (n == 0 && app == 0) {
		if (!create || be->readonly)
			return gpkg__errf(be, HR_EVERSION, "%s is empty, not a hazreg store", path);
		if ((rc = create_store(be)))
			return rc;
	}
	if ((rc = check_store(be, path)))
		return rc;
	if (!be->readonly && (rc = gpkg__exec(be, "PRAGMA journal_mode = WAL", "setting WAL mode")))
		return rc;
	return 0;
}

/* A backend with its function table, not yet open. */
static gpkg_be *new_backend(int readonly)
{
	gpkg_be *be = calloc(1, sizeof *be);
	if (!be)
		return NULL;
	be->base.version = HR_BACKEND_VERSION;
	be->base.name = "gpkg";
	be->base.close = be_close;
	be->base.errmsg = be_errmsg;
	be->base.ensure_layers = gpkg__ensure_layers;
	be->base.begin = be_begin;
	be->base.commit = be_commit;
	be->base.rollback = be_rollback;
	be->base.read_begin = be_read_begin;
	be->base.read_end = be_read_end;
	be->base.savepoint = be_savepoint;
	gpkg__tiles_init(be);
	gpkg__checkpoints_init(be);
	gpkg__tokens_init(be);
	gpkg__pages_init(be);
	be->base.meta_get = gpkg__meta_get;
	be->base.meta_set = gpkg__meta_set;
	be->base.log_size = gpkg__log_size;
	be->base.log_append = gpkg__log_append;
	be->base.log_range = gpkg__log_range;
	be->base.log_subject = gpkg__log_subject;
	be->base.log_area = gpkg__log_area;
	be->base.log_size_at = gpkg__log_size_at;
	be->base.private_put = gpkg__private_put;
	be->base.private_get = gpkg__private_get;
	be->base.row_put = gpkg__row_put;
	be->base.row_get = gpkg__row_get;
	be->base.rows_bbox = gpkg__rows_bbox;
	be->base.rows_where = gpkg__rows_where;
	be->base.rows_all = gpkg__rows_all;
	be->base.layer_clear = gpkg__layer_clear;
	be->readonly = readonly != 0;
	return be;
}

/* Hand over an opened backend, or report why it could not be opened. */
static int opened(gpkg_be *be, int rc, hr_backend **out, char *err, size_t errlen)
{
	if (rc) {
		if (err && errlen)
			snprintf(err, errlen, "%s", be->err);
		be_close(&be->base);
		return rc;
	}
	*out = &be->base;
	return 0;
}

int hr_backend_gpkg_open(hr_backend **out, const char *path, int create, int readonly,
                         char *err, size_t errlen)
{
	gpkg_be *be = NULL;
	struct stat sb;
	int rc = 0;
	if (err && errlen)
		err[0] = '\0';
	if (!out || !path || !*path) {
		if (err && errlen)
			snprintf(err, errlen, "gpkg: no output or no path");
		return HR_EINVAL;
	}
	*out = NULL;
	if (!(be = new_backend(readonly))) {
		if (err && errlen)
			snprintf(err, errlen, "gpkg: out of memory");
		return HR_ENOMEM;
	}
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT)
			return opened(be, gpkg__errf(be, HR_EIO, "%s: %s", path, strerror(errno)), out,
			              err, errlen);
		if (!create || readonly)
			return opened(be, gpkg__errf(be, HR_ENOTFOUND, "%s: no such file", path), out,
			              err, errlen);
	}
	rc = open_store(be, path, create);
	return opened(be, rc, out, err, errlen);
}

int hr_backend_gpkg_open_temp(hr_backend **out, char *err, size_t errlen)
{
	gpkg_be *be = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!out)
		return HR_EINVAL;
	*out = NULL;
	if (!(be = new_backend(0))) {
		if (err && errlen)
			snprintf(err, errlen, "gpkg: out of memory for a temporary store");
		return HR_ENOMEM;
	}
	/* SQLite's name for a private temporary database is the empty one */
	return opened(be, open_store(be, "", 1), out, err, errlen);
}
