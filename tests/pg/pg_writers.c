/*
 * pg_writers.c - many processes appending to one PostgreSQL register at
 * once: W writer processes each append N hazardous-area records, one
 * transaction each, through the public API. Each writer checks that the
 * log indexes it was given strictly increase; the parent then checks that
 * the log holds exactly the catalogue plus W x N entries, that every
 * writer's records are there once, and that hr_register_check (leaf
 * hashes, Merkle tiles, derived state) finds the register consistent.
 * Prints the append rate. (Gap-free and no duplicate index: the log's
 * indexes are its primary key and its insert trigger refuses any index but
 * the log's size, so the census over [before, after) is the whole story.)
 *
 * usage: pg_writers ADDRESS WRITERS RECORDS  (tests/pg/concurrency.sh)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hazreg/hazreg.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A small square CHA, its place set by the writer and the record. */
static hr_record *area(int w, int i)
{
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0, npts[] = {5}, nr[] = {1};
	double x0 = 30.0 + w * 0.5 + (i % 100) * 0.004, y0 = 48.0 + (i / 100) * 0.004;
	double xy[] = {x0, y0, x0 + 0.002, y0, x0 + 0.002, y0 + 0.002, x0, y0 + 0.002, x0, y0};
	char id[64], err[256];
	hr_time doi = 0;
	snprintf(id, sizeof id, "W%d-%05d", w, i);
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

/* One writer process: exit status 0 when every append succeeded with
 * strictly increasing indexes. */
static int writer(const char *addr, int w, int n)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	uint64_t last = 0;
	int rc;
	if ((rc = hr_register_open(&reg, addr, &o))) {
		fprintf(stderr, "writer %d: open: %s\n", w, hr_errmsg(reg));
		hr_register_close(reg);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		hr_append_info info;
		hr_record *r = area(w, i);
		rc = r ? hr_register_append(reg, r, &info) : HR_ENOMEM;
		hr_record_free(r);
		if (rc) {
			fprintf(stderr, "writer %d: record %d: %s\n", w, i, hr_errmsg(reg));
			hr_register_close(reg);
			return 1;
		}
		if (i > 0 && info.index <= last) {
			fprintf(stderr, "writer %d: index %llu after %llu\n", w,
			        (unsigned long long)info.index, (unsigned long long)last);
			hr_register_close(reg);
			return 1;
		}
		last = info.index;
	}
	hr_register_close(reg);
	return 0;
}

typedef struct {
	int writers, n;
	int *seen; /* per writer x record: times found in the log */
	int bad;
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
		if (!id || sscanf(id, "W%d-%d", &w, &i) != 2 || w < 0 || w >= c->writers || i < 0 ||
		    i >= c->n)
			c->bad++;
		else
			c->seen[w * c->n + i]++;
		hr_record_free(r);
	}
	return 0;
}

int main(int argc, char **argv)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	census c = {0, 0, NULL, 0};
	uint64_t before = 0, after = 0;
	char *report = NULL;
	double t0, t;
	int writers, n, failed = 0, missing = 0, twice = 0;
	if (argc != 4 || (writers = atoi(argv[2])) < 1 || (n = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: pg_writers ADDRESS WRITERS RECORDS\n");
		return 2;
	}
	o.create = 1;
	if (hr_register_open(&reg, argv[1], &o) || hr_register_log_size(reg, &before)) {
		fprintf(stderr, "pg_writers: %s\n", hr_errmsg(reg));
		return 1;
	}
	hr_register_close(reg);
	t0 = now_s();
	for (int w = 0; w < writers; w++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			_exit(writer(argv[1], w, n));
	}
	for (int w = 0; w < writers; w++) {
		int st = 0;
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	t = now_s() - t0;
	printf("%d writers x %d records: %.1f s, %.0f appends/s\n", writers, n, t,
	       writers * n / (t > 0 ? t : 1));
	o.create = 0;
	o.readonly = 1;
	if (hr_register_open(&reg, argv[1], &o) || hr_register_log_size(reg, &after)) {
		fprintf(stderr, "pg_writers: %s\n", hr_errmsg(reg));
		return 1;
	}
	c.writers = writers;
	c.n = n;
	c.seen = calloc((size_t)writers * (size_t)n, sizeof *c.seen);
	if (!c.seen || take_census(reg, before, after, &c)) {
		fprintf(stderr, "pg_writers: reading the log: %s\n", hr_errmsg(reg));
		return 1;
	}
	for (int k = 0; k < writers * n; k++) {
		missing += c.seen[k] == 0;
		twice += c.seen[k] > 1;
	}
	if (hr_register_check(reg, &report, NULL, NULL) != 0) {
		fprintf(stderr, "pg_writers: check: %s\n%s", hr_errmsg(reg), report ? report : "");
		failed++;
	}
	hr_free(report);
	printf("log: %llu entries before, %llu after; %d records missing, %d twice, %d unknown\n",
	       (unsigned long long)before, (unsigned long long)after, missing, twice, c.bad);
	free(c.seen);
	hr_register_close(reg);
	if (failed || missing || twice || c.bad || after != before + (uint64_t)writers * n) {
		printf("FAIL: %d writers failed\n", failed);
		return 1;
	}
	printf("ok: gap-free, no duplicate, register consistent\n");
	return 0;
}
