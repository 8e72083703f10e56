/*
 * pg_writers.c - many processes appending to one PostgreSQL register at
 * once: W writer processes each append N hazardous-area records, one
 * transaction each, through the public API. Each writer checks that the
 * log indexes it was given strictly increase; the parent then checks that
 * the log holds exactly the catalogue plus W x N entries, that every
 * writer's records are there once, and that hr_register_check (leaf
 * hashes, Merkle tiles, derived state) finds the register consistent.
 * (Gap-free and no duplicate index: the log's indexes are its primary key
 * and its insert trigger refuses any index but the log's size, so the
 * census over [before, after) is the whole story.)
 *
 * With --faults, two writers fail on purpose while the others run, each
 * while its transaction holds the register's write lock (it has begun a
 * batch and added records "K-..." or "F-..."):
 *   - writer K is killed with SIGKILL: its session ends with the process
 *     and the server rolls it back;
 *   - writer F's session is ended by the server (pg_terminate_backend):
 *     its commit fails, and it goes on to append its N records ("W<w>-...")
 *     on a new connection as the others do.
 * The other writers must carry on past both, and no record of either
 * rolled-back transaction may be in the log.
 *
 * The test pg.concurrency (tests/pg/concurrency.sh) runs the program; the
 * bench bench_pg_append compiles this file with PG_WRITERS_NO_MAIN and
 * calls pg_writers_run().
 *
 * usage: pg_writers ADDRESS WRITERS RECORDS [--faults]
 */
#include "pg_writers.h"

#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hazreg/hazreg.h"

/* Records in the batch of a writer that fails on purpose. */
#define FAULT_RECORDS 10

static double clock_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A small square CHA named id, its place set by w and i. */
static hr_record *area(const char *id, int w, int i)
{
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0, npts[] = {5}, nr[] = {1};
	double x0 = 30.0 + w * 0.5 + (i % 100) * 0.004, y0 = 48.0 + (i / 100) * 0.004;
	double xy[] = {x0, y0, x0 + 0.002, y0, x0 + 0.002, y0 + 0.002, x0, y0 + 0.002, x0, y0};
	char err[256];
	hr_time doi = 0;
	hr_time_parse(&doi, "2025-01-01T00:00:00Z", 20);
	if (hr_record_new(&r, HR_KIND_AREA))
		return NULL;
	hr_record_set_text(r, HR_F_ID, id);
	hr_record_set_text(r, HR_F_ORG, "Concurrency Test Org");
	hr_record_set_time(r, HR_F_DOI, doi);
	hr_record_set_text(r, HR_F_CLASSIFICATION, "CHA");
	if (hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, sizeof err) == 0)
		hr_record_set_geom(r, HR_F_GEOM, wkb, len);
	hr_free(wkb);
	return r;
}

/* Append writer w's n records, one transaction each, on reg: 0 when every
 * append succeeded with strictly increasing indexes. */
static int append_all(hr_register *reg, int w, int n)
{
	uint64_t last = 0;
	for (int i = 0; i < n; i++) {
		hr_append_info info;
		char id[64];
		hr_record *r;
		int rc;
		snprintf(id, sizeof id, "W%d-%05d", w, i);
		r = area(id, w, i);
		rc = r ? hr_register_append(reg, r, &info) : HR_ENOMEM;
		hr_record_free(r);
		if (rc) {
			fprintf(stderr, "writer %d: record %d: %s\n", w, i, hr_errmsg(reg));
			return 1;
		}
		if (i > 0 && info.index <= last) {
			fprintf(stderr, "writer %d: index %llu after %llu\n", w,
			        (unsigned long long)info.index, (unsigned long long)last);
			return 1;
		}
		last = info.index;
	}
	return 0;
}

/* One writer process: exit status 0 when it did as it should. */
static int writer(const char *addr, int w, int n)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	int rc = 1;
	if (hr_register_open(&reg, addr, &o))
		fprintf(stderr, "writer %d: open: %s\n", w, hr_errmsg(reg));
	else
		rc = append_all(reg, w, n);
	hr_register_close(reg);
	return rc;
}

/* A writer that fails on purpose (prefix 'K' or 'F'): it begins a batch,
 * adds FAULT_RECORDS records, tells the parent on `tell` that it holds
 * the write lock, and waits for a byte on `hear` (K never gets one: it is
 * killed). F then commits, which must fail, and appends its n records as
 * writer w. */
static int faulty_writer(const char *addr, char prefix, int w, int n, int tell, int hear)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	char c = 'h';
	int rc = 1;
	if (hr_register_open(&reg, addr, &o) || hr_batch_begin(reg)) {
		fprintf(stderr, "writer %c: %s\n", prefix, hr_errmsg(reg));
		goto done;
	}
	for (int i = 0; i < FAULT_RECORDS; i++) {
		char id[64];
		hr_record *r;
		snprintf(id, sizeof id, "%c-%05d", prefix, i);
		r = area(id, w, i);
		rc = r ? hr_batch_add(reg, r, NULL) : HR_ENOMEM;
		hr_record_free(r);
		if (rc) {
			fprintf(stderr, "writer %c: record %d: %s\n", prefix, i, hr_errmsg(reg));
			rc = 1;
			goto done;
		}
	}
	if (write(tell, &c, 1) != 1 || read(hear, &c, 1) != 1) {
		rc = 1;
		goto done;
	}
	if (hr_batch_commit(reg) == 0) {
		fprintf(stderr, "writer %c: its commit succeeded after its session was ended\n",
		        prefix);
		rc = 1;
		goto done;
	}
	rc = append_all(reg, w, n);
done:
	hr_register_close(reg);
	return rc;
}

/* Start a faulty writer; *pid, and the parent's ends of its pipes. */
static int start_faulty(const char *addr, char prefix, int w, int n, pid_t *pid, int *from,
                        int *to)
{
	int up[2], down[2];
	if (pipe(up) || pipe(down) || (*pid = fork()) < 0) {
		perror("pg_writers");
		return 1;
	}
	if (*pid == 0) {
		close(up[0]);
		close(down[1]);
		_exit(faulty_writer(addr, prefix, w, n, up[1], down[0]));
	}
	close(up[1]);
	close(down[0]);
	*from = up[0];
	*to = down[1];
	return 0;
}

/* Wait until the faulty writer says it holds the lock. */
static int holding(int from, char prefix)
{
	char c;
	if (read(from, &c, 1) != 1) {
		fprintf(stderr, "pg_writers: writer %c ended before it held the lock\n", prefix);
		return 1;
	}
	return 0;
}

/* End, from the server, the session that holds the register's write lock. */
static int terminate_holder(const char *addr)
{
	PGconn *c = PQconnectdb(addr);
	PGresult *res;
	int rc = 1;
	if (PQstatus(c) == CONNECTION_OK) {
		/* a bigint advisory key shows as classid (high half), objid (low);
		 * advisory locks are per database, and other tests' registers in
		 * other databases of the cluster take the same key */
		res = PQexec(c, "SELECT pg_terminate_backend(pid) FROM pg_locks"
		                " WHERE locktype = 'advisory' AND granted AND objsubid = 1"
		                " AND database = (SELECT oid FROM pg_database"
		                " WHERE datname = current_database())"
		                " AND (classid::int8 << 32 | objid::int8) = 104017396754279");
		rc = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
		             strcmp(PQgetvalue(res, 0, 0), "t") == 0
		         ? 0
		         : 1;
		if (rc)
			fprintf(stderr, "pg_writers: ending the lock holder's session: %s%d rows\n",
			        PQresultErrorMessage(res), PQntuples(res));
		PQclear(res);
	} else {
		fprintf(stderr, "pg_writers: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return rc;
}

/* Run the two faulty writers; *failed counts what went wrong. */
static void faults(const char *addr, int w, int n, pid_t *f_pid, int *failed)
{
	pid_t k_pid;
	int k_from, k_to, f_from, f_to, st = 0;
	char go = 'g';
	if (start_faulty(addr, 'K', w, n, &k_pid, &k_from, &k_to)) {
		(*failed)++;
		return;
	}
	if (holding(k_from, 'K') == 0) {
		kill(k_pid, SIGKILL);
		printf("writer K: killed with SIGKILL while its transaction held the write lock\n");
	}
	if (waitpid(k_pid, &st, 0) < 0 || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL) {
		fprintf(stderr, "pg_writers: writer K was not killed as planned\n");
		(*failed)++;
	}
	close(k_from);
	close(k_to);
	if (start_faulty(addr, 'F', w, n, f_pid, &f_from, &f_to)) {
		(*failed)++;
		return;
	}
	if (holding(f_from, 'F') || terminate_holder(addr))
		(*failed)++;
	else
		printf("writer F: its session ended by the server while it held the write lock\n");
	if (write(f_to, &go, 1) != 1)
		(*failed)++;
	close(f_from);
	close(f_to);
}

typedef struct {
	int writers, n;
	int *seen; /* per writer x record: times found in the log */
	int unknown, undone;
} census;

/* Count the writers' records in log entries [from, to). */
static int take_census(hr_register *reg, uint64_t from, uint64_t to, census *c)
{
	for (uint64_t k = from; k < to; k++) {
		hr_record *r = NULL;
		const char *id;
		int w, i;
		if (hr_register_log_get(reg, k, &r, NULL))
			return -1;
		id = hr_record_text(r, HR_F_ID);
		if (id && (id[0] == 'K' || id[0] == 'F') && id[1] == '-')
			c->undone++;
		else if (!id || sscanf(id, "W%d-%d", &w, &i) != 2 || w < 0 || w >= c->writers ||
		         i < 0 || i >= c->n)
			c->unknown++;
		else
			c->seen[w * c->n + i]++;
		hr_record_free(r);
	}
	return 0;
}

int pg_writers_run(const char *addr, int writers, int n, int with_faults, int check,
                   pg_writers_result *out)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	census c = {0, 0, NULL, 0, 0};
	pid_t f_pid = -1;
	char *report = NULL;
	int all = writers + (with_faults ? 1 : 0), rc = 1;
	double t0;
	memset(out, 0, sizeof *out);
	o.create = 1;
	if (hr_register_open(&reg, addr, &o) || hr_register_log_size(reg, &out->before)) {
		fprintf(stderr, "pg_writers: %s\n", hr_errmsg(reg));
		goto done;
	}
	hr_register_close(reg);
	reg = NULL;
	t0 = clock_s();
	for (int w = 0; w < writers; w++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			goto done;
		}
		if (pid == 0)
			_exit(writer(addr, w, n));
	}
	if (with_faults)
		faults(addr, writers, n, &f_pid, &out->failed);
	for (int w = 0; w < all; w++) {
		int st = 0;
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			out->failed++;
	}
	out->seconds = clock_s() - t0;
	o.create = 0;
	o.readonly = 1;
	if (hr_register_open(&reg, addr, &o) || hr_register_log_size(reg, &out->after)) {
		fprintf(stderr, "pg_writers: %s\n", hr_errmsg(reg));
		goto done;
	}
	c.writers = all;
	c.n = n;
	c.seen = calloc((size_t)all * (size_t)n, sizeof *c.seen);
	if (!c.seen || take_census(reg, out->before, out->after, &c)) {
		fprintf(stderr, "pg_writers: reading the log: %s\n", hr_errmsg(reg));
		goto done;
	}
	for (int k = 0; k < all * n; k++) {
		out->missing += c.seen[k] == 0;
		out->twice += c.seen[k] > 1;
	}
	out->unknown = c.unknown;
	out->undone = c.undone;
	if (check && hr_register_check(reg, &report, NULL, NULL) != 0) {
		fprintf(stderr, "pg_writers: check: %s\n%s", hr_errmsg(reg), report ? report : "");
		out->inconsistent = 1;
	}
	rc = 0;
done:
	hr_free(report);
	free(c.seen);
	hr_register_close(reg);
	return rc;
}

#ifndef PG_WRITERS_NO_MAIN
int main(int argc, char **argv)
{
	pg_writers_result r;
	int writers, n, with_faults = argc == 5 && strcmp(argv[4], "--faults") == 0;
	uint64_t want;
	if ((argc != 4 && !with_faults) || (writers = atoi(argv[2])) < 1 ||
	    (n = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: pg_writers ADDRESS WRITERS RECORDS [--faults]\n");
		return 2;
	}
	if (pg_writers_run(argv[1], writers, n, with_faults, 1, &r))
		return 1;
	want = (uint64_t)(writers + with_faults) * (uint64_t)n;
	printf("%d writers x %d records%s: %.1f s, %.0f appends/s\n", writers, n,
	       with_faults ? " (and two that fail)" : "", r.seconds,
	       (double)want / (r.seconds > 0 ? r.seconds : 1));
	printf("log: %llu entries before, %llu after; %d records missing, %d twice, %d unknown, "
	       "%d of rolled-back transactions\n",
	       (unsigned long long)r.before, (unsigned long long)r.after, r.missing, r.twice,
	       r.unknown, r.undone);
	if (r.failed || r.missing || r.twice || r.unknown || r.undone || r.inconsistent ||
	    r.after != r.before + want) {
		printf("FAIL: %d writers failed%s\n", r.failed,
		       r.inconsistent ? "; the register is not consistent" : "");
		return 1;
	}
	printf("ok: gap-free, no duplicate, nothing of the rolled-back transactions, register "
	       "consistent\n");
	return 0;
}
#endif
