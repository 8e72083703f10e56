/*
 * pg.c - the PostgreSQL/PostGIS storage backend: one database (the tables
 * of the current schema) that QGIS and GDAL open as PostGIS layers and
 * that also holds the register's append-only log, so that many processes
 * (API servers, importers) share one register. This file connects, maps
 * the server's errors, prepares statements and runs transactions and read
 * snapshots; pg_schema.c makes and migrates the tables, pg_log.c keeps the
 * log and what lives beside it, pg_rows.c the derived layers.
 *
 * Concurrency. Every write transaction first takes one advisory lock
 * (PG_WRITE_LOCK), held until it ends: writers take turns, so the core's
 * "next index is the log size, read after begin()" is true in every
 * process, the log stays gap-free and the Merkle tiles agree with it.
 * Reads never wait for it. Each write transaction also adds one to
 * hr_head.version before COMMIT; a read snapshot (REPEATABLE READ, READ
 * ONLY) reads that counter, which is the version read_begin() gives: it
 * changes with every commit by any process, and only then.
 *
 * Versions grow, and a replica replays them in order, so they compare
 * across connections: read_begin_least() waits for a replica to reach a
 * version this process committed (read-your-writes), and, when a listener
 * vouches that the version it read last is still the newest (pg_notify.c),
 * keeps that snapshot open past read_end() for the next read, which then
 * costs no round trip at all. A kept snapshot lives at most PG_KEEP_MS
 * and ends before any statement outside a read, so that token checks and
 * writes always see the latest state.
 *
 * A connection string is handed to libpq as it is (postgresql://...,
 * postgres://... or key=value pairs): hazreg parses none of it. Messages
 * name the database by the user, host, port and name libpq reports,
 * never with a password.
 */
#include "store/pg_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* Seconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
#define PG_EPOCH 946684800LL
/* How long a snapshot vouched current is kept for later reads. */
#define PG_KEEP_MS 2000
/* How long a read waits for a replica to replay a version it must see. */
#define PG_LAG_MS 5000

int64_t pg__now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

struct pg_stmt {
	char *sql;
	uint64_t hash;
	char name[16];
};

/* ---- errors ------------------------------------------------------------- */

int pg__errf(pg_be *be, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(be->err, sizeof be->err, fmt, ap);
	va_end(ap);
	return code;
}

/* An SQLSTATE as an HR_E* code. */
static int map_state(const char *st)
{
	if (!st || strlen(st) != 5)
		return HR_EIO;
	if (strcmp(st, "23505") == 0)
		return HR_EEXISTS; /* unique_violation */
	if (strncmp(st, "23", 2) == 0 || strcmp(st, "P0001") == 0 || strncmp(st, "22", 2) == 0)
		return HR_EINVAL; /* constraints, our triggers, bad values */
	if (strcmp(st, "25006") == 0)
		return HR_EREADONLY;
	if (strcmp(st, "53200") == 0)
		return HR_ENOMEM;
	if (strcmp(st, "55P03") == 0)
		return HR_EBUSY; /* lock_not_available: lock_timeout (write_begin) */
	if (strncmp(st, "XX", 2) == 0)
		return HR_ECORRUPT;
	return HR_EIO; /* connection, disk full, serialization, anything else */
}

int pg__err_res(pg_be *be, PGresult *res, const char *op)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	int code = map_state(st);
	char conn_msg[512];
	if (!msg) {
		/* no result, or a failure of the connection itself */
		snprintf(conn_msg, sizeof conn_msg, "%s", PQerrorMessage(be->conn));
		conn_msg[strcspn(conn_msg, "\n")] = '\0';
		msg = conn_msg[0] ? conn_msg : "unknown failure";
		if (PQstatus(be->conn) == CONNECTION_BAD)
			code = HR_EIO;
	}
	if (!res && !st && strstr(msg, "out of memory"))
		code = HR_ENOMEM;
	snprintf(be->err, sizeof be->err, "%s: %s (%s)", op, msg, be->addr);
	PQclear(res);
	return code;
}

int pg__writable(pg_be *be, const char *op)
{
	if (be->readonly)
		return pg__errf(be, HR_EREADONLY, "%s: the store is open read-only", op);
	return 0;
}

char *pg__ident(pg_be *be, const char *name)
{
	char *q = PQescapeIdentifier(be->conn, name, strlen(name));
	if (!q)
		pg__errf(be, HR_ENOMEM, "quoting '%s': %s", name, PQerrorMessage(be->conn));
	return q;
}

/* ---- parameters and result cells ------------------------------------------- */

void pg__p_reset(pg_params *p)
{
	p->n = 0;
}

static void p_put(pg_params *p, const char *v, int len, int fmt)
{
	/* callers bind a known, small number of parameters */
	if (p->n >= PG_MAXPARAMS)
		return;
	p->v[p->n] = v;
	p->len[p->n] = len;
	p->fmt[p->n] = fmt;
	p->n++;
}

void pg__p_null(pg_params *p)
{
	p_put(p, NULL, 0, 0);
}

void pg__p_text(pg_params *p, const char *s)
{
	p_put(p, s, 0, 0);
}

static void put_be64(unsigned char *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)v;
}

static uint64_t get_be(const unsigned char *b, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | b[i];
	return v;
}

void pg__p_i64(pg_params *p, int64_t v)
{
	if (p->n >= PG_MAXPARAMS)
		return;
	put_be64(p->buf[p->n], (uint64_t)v);
	p_put(p, (const char *)p->buf[p->n], 8, 1);
}

void pg__p_i32(pg_params *p, int32_t v)
{
	uint32_t u = (uint32_t)v;
	if (p->n >= PG_MAXPARAMS)
		return;
	for (int i = 3; i >= 0; i--, u >>= 8)
		p->buf[p->n][i] = (unsigned char)u;
	p_put(p, (const char *)p->buf[p->n], 4, 1);
}

void pg__p_f64(pg_params *p, double v)
{
	uint64_t u;
	memcpy(&u, &v, 8);
	if (p->n >= PG_MAXPARAMS)
		return;
	put_be64(p->buf[p->n], u);
	p_put(p, (const char *)p->buf[p->n], 8, 1);
}

void pg__p_bytes(pg_params *p, const void *b, size_t len)
{
	/* a zero-length value, not NULL, for no bytes */
	p_put(p, len ? (const char *)b : "", (int)len, 1);
}

int pg__p_time(pg_params *p, hr_time t)
{
	/* microseconds since 2000; PostgreSQL holds years up to 294276 */
	const int64_t lim = 9223372036854LL - PG_EPOCH;
	if (t == HR_TIME_NONE) {
		pg__p_null(p);
		return 0;
	}
	if (t > lim || t < -lim)
		return -1;
	pg__p_i64(p, (t - PG_EPOCH) * 1000000);
	return 0;
}

int64_t pg__int(const PGresult *r, int row, int col)
{
	const unsigned char *b = (const unsigned char *)PQgetvalue(r, row, col);
	int n = PQgetlength(r, row, col);
	uint64_t v;
	if (n != 2 && n != 4 && n != 8)
		return 0;
	v = get_be(b, n);
	if (n == 2)
		return (int16_t)v;
	if (n == 4)
		return (int32_t)v;
	return (int64_t)v;
}

double pg__real(const PGresult *r, int row, int col)
{
	uint64_t u;
	double d = 0;
	if (PQgetlength(r, row, col) != 8)
		return 0;
	u = get_be((const unsigned char *)PQgetvalue(r, row, col), 8);
	memcpy(&d, &u, 8);
	return d;
}

hr_time pg__time(const PGresult *r, int row, int col)
{
	int64_t us;
	if (PQgetisnull(r, row, col))
		return HR_TIME_NONE;
	us = pg__int(r, row, col);
	/* floor division: times before 2000 round down to the second */
	return (us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000)) + PG_EPOCH;
}

/* ---- growing strings (SQL built from identifiers) -------------------------- */

void pg__sb_add(pg_sbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

void pg__sb_fmt(pg_sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	pg__sb_add(b, tmp);
}

char *pg__sb_done(pg_sbuf *b)
{
	if (b->oom || !b->s) {
		free(b->s);
		return NULL;
	}
	return b->s;
}

/* ---- statements ----------------------------------------------------------- */

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The prepared statement of this SQL, prepared now when it is new. */
static int prepared(pg_be *be, const char *sql, const char **name, const char *op)
{
	uint64_t h = fnv(sql);
	pg_stmt *s;
	PGresult *res;
	for (unsigned i = 0; i < be->nstmts; i++)
		if (be->stmts[i].hash == h && strcmp(be->stmts[i].sql, sql) == 0) {
			*name = be->stmts[i].name;
			return 0;
		}
	if (!(s = realloc(be->stmts, (be->nstmts + 1) * sizeof *s)))
		return pg__errf(be, HR_ENOMEM, "%s: out of memory", op);
	be->stmts = s;
	s = &be->stmts[be->nstmts];
	if (!(s->sql = strdup(sql)))
		return pg__errf(be, HR_ENOMEM, "%s: out of memory", op);
	s->hash = h;
	snprintf(s->name, sizeof s->name, "hr%u", be->nstmts);
	res = PQprepare(be->conn, s->name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		free(s->sql);
		return pg__err_res(be, res, op);
	}
	PQclear(res);
	be->nstmts++;
	*name = s->name;
	return 0;
}

/* The session's settings, at connection and after a reconnection. */
static int session_setup(pg_be *be)
{
	/* times cross in binary as UTC microseconds; notices are not ours; a
	 * commit returns once it is durable, whatever the server's default;
	 * a client that stops mid-transaction (and holds the write lock) is
	 * cut off after five minutes rather than at the end of TCP keepalive.
	 * Plain PQexec: a failure here is the session's, never retried. */
	const char *sql = be->readonly
	                      ? "SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
	                        "SET synchronous_commit = on; "
	                        "SET idle_in_transaction_session_timeout = '5min'; "
	                        "SET default_transaction_read_only = on"
	                      : "SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
	                        "SET synchronous_commit = on; "
	                        "SET idle_in_transaction_session_timeout = '5min'";
	PGresult *res = PQexec(be->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return pg__err_res(be, res, "setting up the session");
	PQclear(res);
	return 0;
}

/* A connection lost between transactions (a server restarted, a session
 * ended by an administrator) is made again, once, before the next
 * statement; inside a transaction the loss is the transaction's failure. */
static int reconnect_now(pg_be *be, const char *op)
{
	PQreset(be->conn);
	for (unsigned i = 0; i < be->nstmts; i++)
		free(be->stmts[i].sql);
	be->nstmts = 0; /* prepared statements die with the session */
	be->listening = 0;
	be->kept = 0;
	if (PQstatus(be->conn) != CONNECTION_OK)
		return pg__errf(be, HR_EIO, "%s: the connection to the %s was lost and cannot be made "
		                            "again: %.300s",
		                op, be->addr, PQerrorMessage(be->conn));
	return session_setup(be);
}

int pg__reconnect(pg_be *be, const char *op)
{
	return reconnect_now(be, op);
}

/* End a snapshot kept past its read: nothing was written in it, so a
 * failure only means that the session is gone, which the next statement
 * makes again. */
static void drop_kept(pg_be *be)
{
	if (!be->kept)
		return;
	be->kept = 0;
	if (PQstatus(be->conn) == CONNECTION_OK && PQtransactionStatus(be->conn) != PQTRANS_IDLE)
		PQclear(PQexec(be->conn, "COMMIT"));
}

static int reconnect(pg_be *be, const char *op)
{
	if (PQstatus(be->conn) != CONNECTION_BAD || be->in_tx || be->reading)
		return 0;
	return reconnect_now(be, op);
}

int pg__drop(pg_be *be)
{
	shutdown(PQsocket(be->conn), SHUT_RDWR);
	return 1;
}

/* Whether a failed statement may run again on a new connection: the
 * connection broke, and no transaction was open when it started (writes
 * always run in one, so a statement run again never writes twice). */
static int may_retry(pg_be *be, int was_idle)
{
	return was_idle && PQstatus(be->conn) == CONNECTION_BAD;
}

static int is_idle(pg_be *be)
{
	return PQstatus(be->conn) == CONNECTION_OK &&
	       PQtransactionStatus(be->conn) == PQTRANS_IDLE;
}

int pg__run(pg_be *be, const char *sql, const pg_params *p, PGresult **out, const char *op)
{
	const char *name = NULL;
	PGresult *res;
	ExecStatusType st;
	int rc;
	if (out)
		*out = NULL;
	if (be->kept && !be->reading)
		drop_kept(be);
	if ((rc = reconnect(be, op)))
		return rc;
	for (int tries = 0;; tries++) {
		int was_idle = is_idle(be);
		if ((rc = prepared(be, sql, &name, op))) {
			if (tries == 0 && may_retry(be, was_idle) && reconnect_now(be, op) == 0)
				continue;
			return rc;
		}
		res = PQexecPrepared(be->conn, name, p ? p->n : 0, p ? p->v : NULL,
		                     p ? p->len : NULL, p ? p->fmt : NULL, 1);
		st = PQresultStatus(res);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
			break;
		if (tries == 0 && may_retry(be, was_idle)) {
			PQclear(res);
			if (reconnect_now(be, op) == 0)
				continue;
			return HR_EIO;
		}
		return pg__err_res(be, res, op);
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return 0;
}

int pg__exec(pg_be *be, const char *sql, const char *op)
{
	int was_idle;
	PGresult *res;
	ExecStatusType st;
	if (be->kept && !be->reading)
		drop_kept(be);
	was_idle = is_idle(be);
	res = PQexec(be->conn, sql);
	st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && may_retry(be, was_idle)) {
		PQclear(res);
		if (reconnect_now(be, op))
			return HR_EIO;
		res = PQexec(be->conn, sql);
		st = PQresultStatus(res);
	}
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return pg__err_res(be, res, op);
	PQclear(res);
	return 0;
}

/* ---- transactions ------------------------------------------------------------ */

/* A write transaction: READ COMMITTED, so that every statement after the
 * lock sees what the writer before committed. With lock_wait_ms, the wait
 * for the lock is bounded by lock_timeout (for this statement only: it is
 * set, the lock taken and it is reset in one round trip), and a writer that
 * holds it longer is HR_EBUSY. */
static int write_begin(pg_be *be, const char *op)
{
	char lock[160];
	int rc = reconnect(be, op);
	if (rc || (rc = pg__exec(be, "BEGIN ISOLATION LEVEL READ COMMITTED", op)))
		return rc;
	if (be->lock_wait_ms) {
		snprintf(lock, sizeof lock,
		         "SET LOCAL lock_timeout = %u; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK
		         "); SET LOCAL lock_timeout = 0",
		         be->lock_wait_ms);
		rc = pg__exec(be, lock, op);
	} else {
		rc = pg__run(be, "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")", NULL, NULL, op);
	}
	if (rc == HR_EBUSY)
		pg__errf(be, rc, "%s: another writer has held the register for more than %u ms "
		                 "(an import?); try again later (%s)",
		         op, be->lock_wait_ms, be->addr);
	if (rc) {
		PQclear(PQexec(be->conn, "ROLLBACK"));
		return rc;
	}
	be->in_tx = 1;
	be->tx_first = be->tx_last = -1;
	return 0;
}

static int be_begin(hr_backend *b)
{
	pg_be *be = PG_BE(b);
	int rc;
	if ((rc = pg__writable(be, "begin")))
		return rc;
	if (be->in_tx)
		return pg__errf(be, HR_EINVAL, "begin: a transaction is already open");
	if (be->reading)
		return pg__errf(be, HR_EINVAL, "begin: a read is in progress");
	return write_begin(be, "begin");
}

/* Whether the transaction's log entries are known (pg_log.c sets them). */
static void say_entries(pg_be *be, char *buf, size_t len)
{
	if (be->tx_first < 0)
		snprintf(buf, len, "it appended no log entry; check what it wrote before writing "
		                   "it again");
	else
		snprintf(buf, len, "if it committed, the log holds its entries %lld to %lld ('hazreg "
		                   "log list --from %lld' shows them; nothing there means it did not)",
		         (long long)be->tx_first, (long long)be->tx_last, (long long)be->tx_first);
}

/* The outcome of transaction xid, whose COMMIT went out on a connection
 * that then broke: the server may have committed it before the break, so
 * it is not a plain failure. On a new connection, txid_status() says:
 * committed (success), aborted (the failure it is), or in progress (the
 * old session has not yet noticed the break: asked again for a few
 * seconds). Anything else is an error saying the outcome is unknown. */
static int commit_outcome(pg_be *be, int64_t xid)
{
	char entries[256], why[320] = "";
	int rc;
	say_entries(be, entries, sizeof entries);
	for (int tries = 0; tries < 100; tries++) {
		PGresult *res = NULL;
		pg_params p;
		const char *st;
		if (PQstatus(be->conn) != CONNECTION_OK && reconnect_now(be, "commit")) {
			snprintf(why, sizeof why, "no new connection: %.240s", PQerrorMessage(be->conn));
			why[strcspn(why, "\n")] = '\0';
			break;
		}
		pg__p_reset(&p);
		pg__p_i64(&p, xid);
		if ((rc = pg__run(be, "SELECT txid_status($1::int8)", &p, &res, "commit"))) {
			snprintf(why, sizeof why, "%.300s", be->err);
			break;
		}
		st = PQgetisnull(res, 0, 0) ? "forgotten" : PQgetvalue(res, 0, 0);
		if (strcmp(st, "committed") == 0) {
			PQclear(res);
			return 0;
		}
		if (strcmp(st, "aborted") == 0) {
			PQclear(res);
			return pg__errf(be, HR_EIO,
			                "commit: the connection to the %s broke during the COMMIT and "
			                "the server rolled the transaction back: nothing was written",
			                be->addr);
		}
		snprintf(why, sizeof why, "the server says transaction %lld is %s", (long long)xid,
		         st);
		PQclear(res);
		if (strcmp(st, "in progress") != 0)
			break;
		nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
	}
	return pg__errf(be, HR_EIO,
	                "commit: the connection to the %s broke after the COMMIT was sent: whether "
	                "transaction %lld committed is unknown (%s); %s",
	                be->addr, (long long)xid, why, entries);
}

static int be_commit(hr_backend *b)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	uint64_t v = 0;
	int64_t xid = 0;
	int rc, lost = 0;
	if (!be->in_tx)
		return pg__errf(be, HR_EINVAL, "commit: no transaction is open");
	if (PQtransactionStatus(be->conn) == PQTRANS_INERROR) {
		b->rollback(b);
		return pg__errf(be, HR_EIO,
		                "commit: the transaction was rolled back after an earlier error (%s)",
		                be->addr);
	}
	/* the new version, and the transaction's id to ask its fate should the
	 * COMMIT's answer be lost */
	rc = pg__run(be, "UPDATE hr_head SET version = version + 1 RETURNING version, txid_current()",
	             NULL, &res, "commit");
	if (rc == 0) {
		if (PQntuples(res) == 1)
			v = (uint64_t)pg__int(res, 0, 0) + 1; /* read_begin's numbering */
		xid = pg__int(res, 0, 1);
		PQclear(res);
		if (be->fail_commit && be->fail_commit(be->fail_ctx, 0))
			lost = pg__drop(be);
		res = PQexec(be->conn, "COMMIT");
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			if (be->fail_commit && be->fail_commit(be->fail_ctx, 1))
				lost = pg__drop(be);
		} else if (PQstatus(be->conn) == CONNECTION_BAD) {
			PQclear(res);
			lost = 1;
		} else {
			rc = pg__err_res(be, res, "commit");
		}
		if (lost)
			rc = commit_outcome(be, xid);
		if (rc == 0 && v)
			be->committed = v;
	}
	if (PQstatus(be->conn) == CONNECTION_OK && PQtransactionStatus(be->conn) != PQTRANS_IDLE)
		PQclear(PQexec(be->conn, "ROLLBACK"));
	be->in_tx = 0;
	return rc;
}

static int be_lock_wait(hr_backend *b, unsigned ms)
{
	PG_BE(b)->lock_wait_ms = ms;
	return 0;
}

static int be_rollback(hr_backend *b)
{
	pg_be *be = PG_BE(b);
	PGTransactionStatusType st = PQtransactionStatus(be->conn);
	int rc = 0;
	/* nothing to roll back on a broken connection (the server did), and
	 * the message of the failure that broke it stays */
	if (st == PQTRANS_INTRANS || st == PQTRANS_INERROR)
		rc = pg__exec(be, "ROLLBACK", "rollback");
	be->in_tx = 0;
	return rc;
}

int pg__tx_begin(pg_be *be, int *own, const char *op)
{
	int rc;
	*own = 0;
	if (be->in_tx)
		return 0;
	if (be->reading)
		return pg__errf(be, HR_EINVAL, "%s: a read is in progress", op);
	if ((rc = write_begin(be, op)))
		return rc;
	*own = 1;
	return 0;
}

int pg__tx_end(pg_be *be, int own, int rc)
{
	if (!own)
		return rc;
	if (rc == 0)
		return be_commit(&be->base);
	be_rollback(&be->base);
	return rc;
}

static int be_savepoint(hr_backend *b, int op)
{
	pg_be *be = PG_BE(b);
	if (!be->in_tx)
		return pg__errf(be, HR_EINVAL, "savepoint: no transaction is open");
	switch (op) {
	case HR_SAVEPOINT_OPEN: return pg__exec(be, "SAVEPOINT hr_append", "savepoint");
	case HR_SAVEPOINT_KEEP: return pg__exec(be, "RELEASE hr_append", "savepoint");
	case HR_SAVEPOINT_UNDO:
		return pg__exec(be, "ROLLBACK TO hr_append; RELEASE hr_append", "savepoint");
	default: return pg__errf(be, HR_EINVAL, "savepoint: unknown operation %d", op);
	}
}

/* ---- read snapshots ----------------------------------------------------------- */

/* Open a snapshot and read its version, in one round trip: a simple query
 * with both statements leaves the transaction open, and the SELECT (its
 * first statement) fixes the snapshot. */
static int snapshot_open(pg_be *be, uint64_t *version)
{
	static const char sql[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
	                          " SELECT version FROM hr_head";
	const char *op = "beginning a read";
	int was_idle = is_idle(be), rc;
	PGresult *res = PQexec(be->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK && may_retry(be, was_idle)) {
		PQclear(res);
		if ((rc = reconnect_now(be, op)))
			return rc;
		res = PQexec(be->conn, sql);
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = pg__err_res(be, res, op);
		if (PQtransactionStatus(be->conn) != PQTRANS_IDLE)
			PQclear(PQexec(be->conn, "ROLLBACK"));
		return rc;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		PQclear(PQexec(be->conn, "ROLLBACK"));
		return pg__errf(be, HR_ECORRUPT, "%s: hr_head has no row (%s)", op, be->addr);
	}
	*version = strtoull(PQgetvalue(res, 0, 0), NULL, 10) + 1;
	PQclear(res);
	return 0;
}

static int be_read_begin_least(hr_backend *b, uint64_t least, uint64_t current,
                               uint64_t *version)
{
	pg_be *be = PG_BE(b);
	struct timespec nap = {0, 2 * 1000 * 1000};
	int64_t t0;
	int rc;
	*version = 0;
	if (be->reading > 0 || be->in_tx) {
		be->reading++;
		return 0;
	}
	if (be->kept) {
		/* the listener's word: nothing was committed since this snapshot */
		if (current && be->kept_version == current && current >= least &&
		    pg__now_ms() - be->kept_ms < PG_KEEP_MS &&
		    PQtransactionStatus(be->conn) == PQTRANS_INTRANS) {
			be->kept = 0;
			be->reading = 1;
			be->read_own = 1;
			be->keep = 1;
			*version = be->kept_version;
			return 0;
		}
		drop_kept(be);
	}
	if ((rc = reconnect(be, "beginning a read")))
		return rc;
	if (PQtransactionStatus(be->conn) != PQTRANS_IDLE) {
		be->reading++;
		return 0;
	}
	t0 = pg__now_ms();
	for (;;) {
		if ((rc = snapshot_open(be, version)))
			return rc;
		if (*version >= least)
			break;
		/* a replica behind a commit this process made: wait for it */
		PQclear(PQexec(be->conn, "COMMIT"));
		if (pg__now_ms() - t0 > PG_LAG_MS)
			return pg__errf(be, HR_EIO,
			                "beginning a read: the %s has not replayed version %llu of the "
			                "register after %d s (it is at version %llu): is it a replica "
			                "that lags behind its primary?",
			                be->addr, (unsigned long long)least, PG_LAG_MS / 1000,
			                (unsigned long long)*version);
		nanosleep(&nap, NULL);
	}
	be->reading = 1;
	be->read_own = 1;
	be->keep = current != 0;
	be->kept_version = *version;
	be->kept_ms = pg__now_ms();
	return 0;
}

static int be_read_begin(hr_backend *b, uint64_t *version)
{
	return be_read_begin_least(b, 0, 0, version);
}

static int be_read_end(hr_backend *b)
{
	pg_be *be = PG_BE(b);
	if (be->reading == 0 || --be->reading > 0 || !be->read_own)
		return 0;
	be->read_own = 0;
	if (PQtransactionStatus(be->conn) == PQTRANS_IDLE)
		return 0;
	if (be->keep && PQtransactionStatus(be->conn) == PQTRANS_INTRANS) {
		be->kept = 1; /* for the next read, while nothing is committed */
		return 0;
	}
	return pg__exec(be, "COMMIT", "ending a read");
}

static uint64_t be_committed(hr_backend *b)
{
	return PG_BE(b)->committed;
}

/* ---- open and close -------------------------------------------------------------- */

static const char *be_errmsg(hr_backend *b)
{
	return b ? PG_BE(b)->err : "no backend";
}

static void be_close(hr_backend *b)
{
	pg_be *be = PG_BE(b);
	if (!be)
		return;
	if (be->conn)
		PQfinish(be->conn);
	for (unsigned i = 0; i < be->nstmts; i++)
		free(be->stmts[i].sql);
	free(be->stmts);
	pg__layers_free(be);
	free(be);
}

/* Notices (e.g. "relation already exists, skipping") are not ours to print. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Name the database for messages: from what libpq understood of the
 * connection string, so the password never shows. */
static void name_database(pg_be *be, const char *uri)
{
	const char *user = NULL, *host = NULL, *port = NULL, *db = NULL;
	PQconninfoOption *opts = PQconninfoParse(uri, NULL);
	if (be->conn) {
		user = PQuser(be->conn);
		host = PQhost(be->conn);
		port = PQport(be->conn);
		db = PQdb(be->conn);
	}
	for (PQconninfoOption *o = opts; o && o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (!user && strcmp(o->keyword, "user") == 0)
			user = o->val;
		else if (!host && strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (!port && strcmp(o->keyword, "port") == 0)
			port = o->val;
		else if (!db && strcmp(o->keyword, "dbname") == 0)
			db = o->val;
	}
	snprintf(be->addr, sizeof be->addr, "PostgreSQL database %s%s%s on %s%s%s%s%s",
	         db && *db ? "\"" : "", db && *db ? db : "(default)", db && *db ? "\"" : "",
	         host && *host ? host : "the default host", port && *port ? " port " : "",
	         port && *port ? port : "", user && *user ? " as " : "", user && *user ? user : "");
	PQconninfoFree(opts);
}

static int connect_db(pg_be *be, const char *uri)
{
	char msg[512];
	be->conn = PQconnectdb(uri);
	name_database(be, uri);
	if (!be->conn)
		return pg__errf(be, HR_ENOMEM, "connecting: out of memory");
	if (PQstatus(be->conn) != CONNECTION_OK) {
		snprintf(msg, sizeof msg, "%s", PQerrorMessage(be->conn));
		/* libpq's message can span lines: keep them on one */
		for (char *c = msg; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		for (size_t n = strlen(msg); n && msg[n - 1] == ' '; n--)
			msg[n - 1] = '\0';
		return pg__errf(be, HR_EIO, "cannot connect to the %s: %s", be->addr, msg);
	}
	PQsetNoticeProcessor(be->conn, quiet, NULL);
	return session_setup(be);
}

static pg_be *new_backend(int readonly)
{
	pg_be *be = calloc(1, sizeof *be);
	if (!be)
		return NULL;
	be->base.version = HR_BACKEND_VERSION;
	be->base.name = "postgresql";
	be->base.close = be_close;
	be->base.errmsg = be_errmsg;
	be->base.begin = be_begin;
	be->base.commit = be_commit;
	be->base.rollback = be_rollback;
	be->base.savepoint = be_savepoint;
	be->base.read_begin = be_read_begin;
	be->base.read_end = be_read_end;
	be->base.read_begin_least = be_read_begin_least;
	be->base.committed = be_committed;
	be->base.wait_commit = pg__wait_commit;
	be->base.lock_wait = be_lock_wait;
	pg__log_init(be);
	pg__rows_init(be);
	be->readonly = readonly != 0;
	return be;
}

int hr_backend_pg_open(hr_backend **out, const char *conninfo, int create, int readonly,
                       char *err, size_t errlen)
{
	pg_be *be;
	int rc;
	if (err && errlen)
		err[0] = '\0';
	if (!out || !conninfo || !*conninfo) {
		if (err && errlen)
			snprintf(err, errlen, "postgresql: no output or no connection string");
		return HR_EINVAL;
	}
	*out = NULL;
	if (!(be = new_backend(readonly))) {
		if (err && errlen)
			snprintf(err, errlen, "postgresql: out of memory");
		return HR_ENOMEM;
	}
	rc = connect_db(be, conninfo);
	if (rc == 0)
		rc = pg__schema(be, create && !readonly);
	if (rc) {
		if (err && errlen)
			snprintf(err, errlen, "%s", be->err);
		be_close(&be->base);
		return rc;
	}
	*out = &be->base;
	return 0;
}
