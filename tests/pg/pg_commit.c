/*
 * pg_commit.c - a COMMIT whose connection breaks is not a plain failure
 * when the server may have committed (src/store/pg.c, commit_outcome):
 * the backend asks txid_status() on a new connection. The break is made
 * by the backend's failure injection (pg_be.fail_commit), so each case is
 * deterministic:
 *   1. the COMMIT was answered, then the connection broke: success, and
 *      the entry is in the log;
 *   2. the connection broke before the COMMIT went out: the server rolled
 *      back, the failure says so, the entry is not in the log, and the
 *      handle writes again afterwards;
 *   3. the COMMIT was answered, then the connection broke and no new one
 *      can be made (the database refuses connections): the error says the
 *      outcome is unknown and names the log entry to look for, which is
 *      there once the database is open again.
 *
 * usage: pg_commit ADDRESS CONTROL-ADDRESS DBNAME  (tests/pg/commit.sh)
 * ADDRESS is a fresh database DBNAME; CONTROL-ADDRESS another database of
 * the same cluster, from which DBNAME is closed to connections and opened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_int.h"

static int failures;

#define CHECK(cond, ...)                                                                      \
	do {                                                                                      \
		if (cond) {                                                                           \
			printf("ok: ");                                                                   \
		} else {                                                                              \
			printf("FAIL: ");                                                                 \
			failures++;                                                                       \
		}                                                                                     \
		printf(__VA_ARGS__);                                                                  \
		printf("\n");                                                                         \
	} while (0)

typedef struct {
	int stage;           /* the stage at which to break the connection, or -1 */
	PGconn *control;     /* for the SQL run just before the break, or NULL */
	const char *sql;
} breaker;

static int fail_at(void *ctx, int stage)
{
	breaker *k = ctx;
	if (stage != k->stage)
		return 0;
	if (k->sql) {
		PGresult *res = PQexec(k->control, k->sql);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			fprintf(stderr, "pg_commit: %s: %s", k->sql, PQerrorMessage(k->control));
		PQclear(res);
	}
	return 1;
}

/* Append one log entry (a made-up record: the backend never reads it) in
 * a transaction and commit it; *idx receives its index. */
static int append_one(hr_backend *b, const char *subject, uint64_t *idx)
{
	static const unsigned char bytes[] = "not a record";
	hr_log_row row;
	int rc;
	memset(&row, 0, sizeof row);
	if ((rc = b->begin(b)))
		return rc;
	if ((rc = b->log_size(b, idx)))
		goto fail;
	row.idx = *idx;
	row.kind = 1;
	row.subject = subject;
	row.bytes = bytes;
	row.len = sizeof bytes - 1;
	if ((rc = b->log_append(b, &row)))
		goto fail;
	if ((rc = b->commit(b)))
		goto fail;
	return 0;
fail:
	b->rollback(b);
	return rc;
}

static uint64_t size_of(const char *addr)
{
	hr_backend *b = NULL;
	uint64_t n = UINT64_MAX;
	char err[512];
	if (hr_backend_pg_open(&b, addr, 0, 1, err, sizeof err) == 0)
		b->log_size(b, &n);
	else
		fprintf(stderr, "pg_commit: %s\n", err);
	if (b)
		b->close(b);
	return n;
}

int main(int argc, char **argv)
{
	hr_backend *b = NULL;
	breaker k = {-1, NULL, NULL};
	char err[512], sql[2][160];
	uint64_t idx = 0, n;
	int rc;
	if (argc != 4) {
		fprintf(stderr, "usage: pg_commit ADDRESS CONTROL-ADDRESS DBNAME\n");
		return 2;
	}
	if (hr_backend_pg_open(&b, argv[1], 1, 0, err, sizeof err)) {
		fprintf(stderr, "pg_commit: %s\n", err);
		return 1;
	}
	k.control = PQconnectdb(argv[2]);
	if (PQstatus(k.control) != CONNECTION_OK) {
		fprintf(stderr, "pg_commit: %s", PQerrorMessage(k.control));
		return 1;
	}
	PG_BE(b)->fail_commit = fail_at;
	PG_BE(b)->fail_ctx = &k;

	k.stage = 1;
	rc = append_one(b, "answered-then-lost", &idx);
	CHECK(rc == 0, "answer lost after the commit: success (%s)", rc ? b->errmsg(b) : "");
	n = size_of(argv[1]);
	CHECK(n == idx + 1, "answer lost after the commit: entry %llu is in the log (size %llu)",
	      (unsigned long long)idx, (unsigned long long)n);

	k.stage = 0;
	rc = append_one(b, "lost-before", &idx);
	CHECK(rc == HR_EIO && strstr(b->errmsg(b), "rolled the transaction back: nothing was written"),
	      "lost before the COMMIT: a failure saying nothing was written (%d: %s)", rc,
	      b->errmsg(b));
	n = size_of(argv[1]);
	CHECK(n == idx, "lost before the COMMIT: entry %llu is not in the log (size %llu)",
	      (unsigned long long)idx, (unsigned long long)n);

	k.stage = -1;
	rc = append_one(b, "after", &idx);
	CHECK(rc == 0, "the handle writes again afterwards: entry %llu (%s)",
	      (unsigned long long)idx, rc ? b->errmsg(b) : "");

	snprintf(sql[0], sizeof sql[0], "ALTER DATABASE %s ALLOW_CONNECTIONS false", argv[3]);
	snprintf(sql[1], sizeof sql[1], "ALTER DATABASE %s ALLOW_CONNECTIONS true", argv[3]);
	k.stage = 1;
	k.sql = sql[0];
	rc = append_one(b, "unknown", &idx);
	{
		char want[96];
		snprintf(want, sizeof want, "the log holds its entries %llu to %llu",
		         (unsigned long long)idx, (unsigned long long)idx);
		CHECK(rc == HR_EIO && strstr(b->errmsg(b), "committed is unknown") &&
		          strstr(b->errmsg(b), want),
		      "no new connection after the COMMIT: outcome unknown, entry named (%d: %s)", rc,
		      b->errmsg(b));
	}
	PQclear(PQexec(k.control, sql[1]));
	n = size_of(argv[1]);
	CHECK(n == idx + 1, "the entry named is there: it did commit (size %llu)",
	      (unsigned long long)n);
	k.stage = -1;
	rc = append_one(b, "again", &idx);
	CHECK(rc == 0, "the handle writes again once the database is open (%s)",
	      rc ? b->errmsg(b) : "");

	PQfinish(k.control);
	b->close(b);
	printf(failures ? "%d check(s) failed\n" : "all checks passed\n", failures);
	return failures ? 1 : 0;
}
