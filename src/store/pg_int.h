/*
 * pg_int.h - internals shared by the files of the PostgreSQL/PostGIS
 * backend (pg.c: connection, errors, statements, transactions, read
 * snapshots, open; pg_schema.c: the versioned migrations; pg_log.c: meta,
 * log, private values, tiles, checkpoints, tokens; pg_layer.c: the derived
 * layers' tables; pg_rows.c: their rows).
 *
 * Every statement goes through pg__run(): prepared once per connection
 * (named by its place in a cache keyed by the SQL text), parameters bound
 * out of line (text, or binary for integers, reals, times and bytes), and
 * results read in binary. No value is ever spliced into SQL; identifiers
 * (layer and column names) are quoted with PQescapeIdentifier.
 */
#ifndef HR_PG_INT_H
#define HR_PG_INT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "hazreg/sys/backend.h"

/* Parameters of one statement, at most this many. */
#define PG_MAXPARAMS 64

/* The parameters of a statement being built; values point into buf or to
 * the caller's memory, which must outlive the call. */
typedef struct {
	int n;
	const char *v[PG_MAXPARAMS];
	int len[PG_MAXPARAMS];
	int fmt[PG_MAXPARAMS];
	unsigned char buf[PG_MAXPARAMS][8];
} pg_params;

typedef struct pg_stmt pg_stmt;
typedef struct pg_layer pg_layer;

/* The backend: the public function table first, so that an hr_backend
 * pointer is a pg_be pointer. */
typedef struct {
	hr_backend base;
	PGconn *conn;
	int readonly;
	int in_tx;       /* between begin() and commit()/rollback(), or an own write */
	int reading;     /* depth of read_begin() */
	int read_own;    /* the outermost read_begin() opened a transaction */
	int keep;        /* the open read may stay open past read_end() */
	int kept;        /* a read's snapshot is still open, outside any read */
	uint64_t kept_version;
	int64_t kept_ms; /* when it was opened (CLOCK_MONOTONIC) */
	uint64_t committed; /* version of this handle's last commit; 0: none */
	int listening;   /* LISTEN hazreg holds on this session (pg_notify.c) */
	int polling;     /* a hot standby, where LISTEN is refused: read hr_head instead */
	char schema[64]; /* current_schema(), for the notifications' payload */
	unsigned cursors; /* cursors open for reads in batches (pg_rows.c) */
	unsigned lock_wait_ms; /* how long write_begin() waits for the write lock; 0: no limit */
	int64_t tx_first, tx_last; /* log entries the write transaction appended, or -1 */
	/* Failure injection (tests/pg/pg_commit.c): called before COMMIT is
	 * sent (stage 0) and once it was answered (stage 1); a nonzero return
	 * breaks the connection there, as a network failure would. NULL in
	 * normal use. */
	int (*fail_commit)(void *ctx, int stage);
	void *fail_ctx;
	pg_stmt *stmts;  /* prepared statements of this connection */
	unsigned nstmts;
	pg_layer *layers;
	char addr[256];  /* the database as messages name it, never with a password */
	char err[1280];
} pg_be;

#define PG_BE(b) ((pg_be *)(b))

/* The one advisory lock of a register (per database): held by every write
 * transaction, so that appends from many processes take turns and the log
 * head, the Merkle tiles and the layers move together. "hazreg" in ASCII. */
#define PG_WRITE_LOCK "104017396754279"

/* ---- pg.c ---------------------------------------------------------------- */

/* Set the message from a format and return code. */
int pg__errf(pg_be *be, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Set the message from a failed result ("op: <server message>") and map
 * its SQLSTATE to an HR_E* code; clears res. */
int pg__err_res(pg_be *be, PGresult *res, const char *op);
/* Refuse writes on a read-only store. */
int pg__writable(pg_be *be, const char *op);

void pg__p_reset(pg_params *p);
void pg__p_null(pg_params *p);
void pg__p_text(pg_params *p, const char *s); /* NULL binds NULL */
void pg__p_i64(pg_params *p, int64_t v);      /* for $n::int8 */
void pg__p_i32(pg_params *p, int32_t v);      /* for $n::int4 */
void pg__p_f64(pg_params *p, double v);       /* for $n::float8 */
void pg__p_bytes(pg_params *p, const void *b, size_t len); /* for $n::bytea */
/* An hr_time for $n::timestamptz; returns -1 when PostgreSQL cannot hold it. */
int pg__p_time(pg_params *p, hr_time t);

/* Run a statement (prepared on first use) with parameters p (may be NULL).
 * *out (may be NULL) receives the result, rows in binary, for the caller
 * to PQclear; it is NULL on failure. */
int pg__run(pg_be *be, const char *sql, const pg_params *p, PGresult **out, const char *op);
/* Run SQL text without parameters or results (DDL, transaction control). */
int pg__exec(pg_be *be, const char *sql, const char *op);

/* Binary result cells. */
int64_t pg__int(const PGresult *r, int row, int col);   /* int2, int4, int8 */
double pg__real(const PGresult *r, int row, int col);   /* float8 */
hr_time pg__time(const PGresult *r, int row, int col);  /* timestamptz */

/* Break the connection as a network failure would (its socket shut
 * down); returns 1. For failure injection. */
int pg__drop(pg_be *be);

/* Run a write in a transaction of its own when none is open: *own tells
 * pg__tx_end whether to commit or roll back. */
int pg__tx_begin(pg_be *be, int *own, const char *op);
int pg__tx_end(pg_be *be, int own, int rc);

/* Make the lost connection again (a new session: prepared statements,
 * LISTEN and any kept snapshot are gone). */
int pg__reconnect(pg_be *be, const char *op);
/* Milliseconds of CLOCK_MONOTONIC. */
int64_t pg__now_ms(void);

/* An identifier quoted for SQL; caller frees with PQfreemem(); NULL when
 * out of memory (the message is set). */
char *pg__ident(pg_be *be, const char *name);

/* ---- pg_schema.c ----------------------------------------------------------- */

/* Bring the schema of the register up to this build's version (create:
 * make it in an empty database). HR_ENOTFOUND when there is none and
 * create is 0; HR_EVERSION when it is newer than this build. */
int pg__schema(pg_be *be, int create);

/* ---- pg_notify.c --------------------------------------------------------------- */

/* The backend's wait_commit(): LISTEN on the channel "hazreg". */
int pg__wait_commit(hr_backend *b, int timeout_ms, uint64_t *version);

/* ---- pg_log.c ---------------------------------------------------------------- */

void pg__log_init(pg_be *be);

/* A growing string; its text is NULL once out of memory. */
typedef struct {
	char *s;
	size_t len, cap;
	int oom;
} pg_sbuf;
void pg__sb_add(pg_sbuf *b, const char *s);
void pg__sb_fmt(pg_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The string, owned by the caller (free()); NULL when out of memory. */
char *pg__sb_done(pg_sbuf *b);

/* ---- pg_layer.c: definitions and tables ---------------------------------------- */

/* What the backend knows of a layer: its definition and SQL. */
struct pg_layer {
	pg_layer *next;
	const hr_layer *def;
	char *name;
	size_t ncols;
	hr_col_type *types;
	char **cols;
	int geom;
	int present; /* its table has been seen (read-only stores) */
	char *qname; /* quoted table name */
	char *sel;   /* SELECT fid, WKB, columns FROM table AS t */
	char *qkey;  /* t.<key> */
	char *sql_put;
};

/* A growing string; NULL once out of memory. */

/* The state of a layer, made on first use. */
int pg__layer(pg_be *be, const hr_layer *l, pg_layer **out, const char *op);
int pg__ensure_layers(hr_backend *b, const hr_layer *const *layers, size_t n);
/* The cast of a parameter for a column type ("int8", "timestamptz"...). */
const char *pg__param_cast(hr_col_type t);
/* Free the layer states. */
void pg__layers_free(pg_be *be);

/* ---- pg_rows.c: rows of the layers ----------------------------------------------- */

void pg__rows_init(pg_be *be);

#endif
