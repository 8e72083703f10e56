/*
 * pg_writers.h - many processes appending to one register at once
 * (pg_writers.c): the test pg.concurrency and the bench bench_pg_append
 * run the same writers.
 */
#ifndef HR_PG_WRITERS_H
#define HR_PG_WRITERS_H

#include <stdint.h>

typedef struct {
	double seconds;     /* from the first writer started to the last one ended */
	uint64_t before;    /* log size before and after */
	uint64_t after;
	int failed;         /* writers that did not end as they should */
	int missing, twice; /* records of the writers not in the log, or in it twice */
	int unknown;        /* log entries appended meanwhile that no writer made */
	int undone;         /* records of rolled-back transactions found in the log */
	int inconsistent;   /* hr_register_check found a fault */
} pg_writers_result;

/*
 * Fork `writers` processes that each append n hazardous-area records to
 * the register at addr (made when missing), one transaction each, then
 * take the census of the log. With faults, two more writers: one killed
 * with SIGKILL while its transaction holds the write lock, and one whose
 * transaction the server ends (pg_terminate_backend) while it holds the
 * lock, which then appends its n records as the others do. Neither
 * rolled-back transaction may leave a record. check: run
 * hr_register_check afterwards. Returns 0 when everything could be run
 * (the result then says how it went), 1 otherwise (said on stderr).
 */
int pg_writers_run(const char *addr, int writers, int n, int faults, int check,
                   pg_writers_result *out);

#endif
