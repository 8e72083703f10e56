/*
 * bench_pg_read - what reading whole layers costs in time and client
 * memory: the reads that take a layer whole (the in-memory index's build
 * from rows_scan, the state digest from rows_all over every layer, a box
 * over everything from rows_bbox). On PostgreSQL they come 1,000 rows at a
 * time (src/store/pg_rows.c), so the client's peak memory should not grow
 * with the layer; a GeoPackage address works too, for comparison.
 *
 * Each read runs in a process of its own, and its peak resident set
 * (getrusage of the child) is printed beside that of a process that only
 * opens the register, so the difference is what the read itself held.
 *
 * usage: bench_pg_read ADDRESS   (an existing register, opened read-only)
 */
#include <sys/resource.h>
#include <sys/wait.h>

#include "bench_common.h"
#include "hazreg/hazreg.h"

typedef enum { OPEN_ONLY, INDEX, DIGEST, BBOX } step;
static const char *const names[] = {"open only", "index build (rows_scan)",
                                    "state digest (rows_all)", "box over all (rows_bbox)"};

/* The step in this process; 0 or 1. */
static int run(const char *addr, step s, double *secs, unsigned long *count)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	hr_hits *hits = NULL;
	unsigned char digest[32];
	double t0;
	int rc = 0;
	o.readonly = 1;
	if ((rc = hr_register_open(&reg, addr, &o)))
		goto done;
	t0 = now_s();
	switch (s) {
	case OPEN_ONLY: break;
	case INDEX: {
		/* the second point query of a handle builds its index */
		hr_point p = {36.0, 48.0};
		for (int i = 0; i < 2 && rc == 0; i++) {
			hr_hits_free(hits);
			hits = NULL;
			rc = hr_query_point(reg, p, hr_time_now(), &hits);
		}
		break;
	}
	case DIGEST: rc = hr_register_state_digest(reg, digest); break;
	case BBOX: {
		hr_bbox all = {-180, -90, 180, 90};
		rc = hr_query_bbox(reg, &all, hr_time_now(), &hits);
		if (rc == 0)
			*count = (unsigned long)hits->n;
		break;
	}
	}
	*secs = now_s() - t0;
done:
	if (rc)
		fprintf(stderr, "bench_pg_read: %s: %s\n", names[s], hr_errmsg(reg));
	hr_hits_free(hits);
	hr_register_close(reg);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	machine m;
	if (argc == 1) {
		/* bench/run.sh runs every bench with no arguments */
		printf("bench_pg_read: no register given (bench_pg_read ADDRESS): nothing measured\n");
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: bench_pg_read ADDRESS\n");
		return 2;
	}
	machine_read(&m);
	printf("bench_pg_read: %s, %ld cores, %s\n", m.cpu, m.cores, m.date);
	printf("%-26s %10s %14s\n", "read", "seconds", "peak RSS MiB");
	for (step s = OPEN_ONLY; s <= BBOX; s++) {
		int fd[2], st = 0;
		struct rusage ru;
		double secs = 0;
		unsigned long count = 0;
		pid_t pid;
		if (pipe(fd) || (pid = fork()) < 0) {
			perror("bench_pg_read");
			return 1;
		}
		if (pid == 0) {
			int rc = run(argv[1], s, &secs, &count);
			close(fd[0]);
			if (write(fd[1], &secs, sizeof secs) < 0 || write(fd[1], &count, sizeof count) < 0)
				rc = 1;
			_exit(rc);
		}
		close(fd[1]);
		if (read(fd[0], &secs, sizeof secs) != sizeof secs ||
		    read(fd[0], &count, sizeof count) != sizeof count)
			secs = -1;
		close(fd[0]);
		if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			printf("%-26s failed\n", names[s]);
			continue;
		}
		printf("%-26s %10.2f %14.1f", names[s], secs, ru.ru_maxrss / 1024.0);
		if (s == BBOX)
			printf(" %10lu areas", count);
		printf("\n");
	}
	return 0;
}
