/*
 * pg_replica_lag.c - how long a record acknowledged by the primary takes to
 * be visible on a streaming-replication standby, under load: W writer
 * processes append hazardous areas to the primary as fast as they can
 * while the probe appends one record at a time through the public API and
 * times, from hr_register_append()'s return (the acknowledgement: the
 * commit is durable on the primary) to the first moment the standby's
 * hr_log holds the record's index (polled with libpq, a round trip each).
 * Prints the median, p99 and max lag and the writers' append rate; judges
 * nothing. bench/pg.sh runs it on a throwaway primary and standby.
 *
 * usage: pg_replica_lag PRIMARY STANDBY [WRITERS [PROBES]]
 */
#include <libpq-fe.h>
#include <signal.h>
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

/* Append the square CHA "<prefix>-<i>" at a place of its own; the index
 * it was given in *idx. */
static int append(hr_register *reg, const char *prefix, int k, int i, uint64_t *idx)
{
	char text[1024];
	hr_read_error err;
	hr_record *r = NULL;
	hr_append_info info;
	double x = 20.0 + k * 0.7 + (i % 150) * 0.004, y = 40.0 + (i / 150 % 150) * 0.004;
	int n, rc;
	n = snprintf(text, sizeof text,
	             "{\"type\":\"Feature\",\"id\":\"%s-%d\",\"properties\":{\"kind\":\"area\","
	             "\"org\":\"Replica Bench\",\"date_of_information\":\"2025-03-01\","
	             "\"classification\":\"CHA\",\"status\":\"open\"},\"geometry\":{\"type\":"
	             "\"Polygon\",\"coordinates\":[[[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],"
	             "[%.4f,%.4f]]]}}",
	             prefix, i, x, y, x + 0.002, y, x + 0.002, y + 0.002, x, y + 0.002, x, y);
	if ((rc = hr_geojson_read_feature(&r, text, (size_t)n, &err))) {
		fprintf(stderr, "pg_replica_lag: %s: %s\n", err.field, err.reason);
		return rc;
	}
	rc = hr_register_append(reg, r, &info);
	hr_record_free(r);
	if (rc)
		fprintf(stderr, "pg_replica_lag: append: %s\n", hr_errmsg(reg));
	else if (idx)
		*idx = info.index;
	return rc;
}

static volatile sig_atomic_t stop;
static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* A writer process: appends until SIGTERM; exits with how many hundreds
 * of records it appended (capped), for the rate. */
static int writer(const char *addr, int w, const char *count_file)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	char prefix[32];
	FILE *f;
	int i = 0;
	signal(SIGTERM, on_term);
	if (hr_register_open(&reg, addr, &o)) {
		fprintf(stderr, "pg_replica_lag: writer %d: %s\n", w, hr_errmsg(reg));
		return 1;
	}
	snprintf(prefix, sizeof prefix, "L%d.%ld", w, (long)getpid());
	while (!stop && append(reg, prefix, w + 1, i, NULL) == 0)
		i++;
	hr_register_close(reg);
	if ((f = fopen(count_file, "a"))) {
		fprintf(f, "%d\n", i);
		fclose(f);
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The standby's log size, -1 when it cannot be read. */
static long long standby_size(PGconn *c)
{
	PGresult *r = PQexec(c, "SELECT coalesce(max(idx) + 1, 0) FROM hr_log");
	long long n = PQresultStatus(r) == PGRES_TUPLES_OK ? atoll(PQgetvalue(r, 0, 0)) : -1;
	PQclear(r);
	return n;
}

int main(int argc, char **argv)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	PGconn *sb;
	pid_t *pids;
	double *lag, t0, span, appended = 0;
	char count_file[] = "/tmp/hazreg-lag.XXXXXX", line[64];
	int writers = argc > 3 ? atoi(argv[3]) : 4, probes = argc > 4 ? atoi(argv[4]) : 200;
	int fd, failed = 0;
	FILE *f;
	struct timespec gap = {0, 20 * 1000 * 1000};

	if (argc < 3 || writers < 0 || probes < 1) {
		fprintf(stderr, "usage: pg_replica_lag PRIMARY STANDBY [WRITERS [PROBES]]\n");
		return 2;
	}
	sb = PQconnectdb(argv[2]);
	if (PQstatus(sb) != CONNECTION_OK || hr_register_open(&reg, argv[1], &o)) {
		fprintf(stderr, "pg_replica_lag: %s%s\n", PQerrorMessage(sb), hr_errmsg(reg));
		return 1;
	}
	if ((fd = mkstemp(count_file)) < 0 || !(pids = calloc((size_t)writers + 1, sizeof *pids)) ||
	    !(lag = calloc((size_t)probes, sizeof *lag))) {
		perror("pg_replica_lag");
		return 1;
	}
	close(fd);
	t0 = now_s();
	for (int w = 0; w < writers; w++)
		if ((pids[w] = fork()) == 0)
			_exit(writer(argv[1], w, count_file));
	for (int i = 0; i < probes; i++) {
		uint64_t idx = 0;
		double ack;
		nanosleep(&gap, NULL);
		if (append(reg, "PROBE", 0, (int)(t0 * 1000) % 100000 * 10 + i, &idx)) {
			failed = 1;
			break;
		}
		ack = now_s();
		for (long long n; (n = standby_size(sb)) <= (long long)idx;) {
			if (n < 0) {
				fprintf(stderr, "pg_replica_lag: reading the standby: %s", PQerrorMessage(sb));
				failed = 1;
				break;
			}
			if (now_s() - ack > 60) {
				fprintf(stderr, "pg_replica_lag: the standby did not show index %llu in 60 s\n",
				        (unsigned long long)idx);
				failed = 1;
				break;
			}
		}
		lag[i] = (now_s() - ack) * 1e3;
		if (failed)
			break;
	}
	span = now_s() - t0;
	for (int w = 0; w < writers; w++)
		kill(pids[w], SIGTERM);
	for (int w = 0; w < writers; w++)
		waitpid(pids[w], NULL, 0);
	if ((f = fopen(count_file, "r"))) {
		while (fgets(line, sizeof line, f))
			appended += atof(line);
		fclose(f);
	}
	unlink(count_file);
	if (!failed) {
		qsort(lag, (size_t)probes, sizeof *lag, cmp_double);
		printf("%d writers (%.0f appends/s besides the probe), %d probes: lag median %.2f ms, "
		       "p99 %.2f ms, max %.2f ms\n",
		       writers, appended / span, probes, lag[probes / 2],
		       lag[(size_t)(probes * 0.99) < (size_t)probes ? (size_t)(probes * 0.99)
		                                                    : (size_t)probes - 1],
		       lag[probes - 1]);
	}
	free(lag);
	free(pids);
	PQfinish(sb);
	hr_register_close(reg);
	return failed;
}
