/*
 * bench_pg_append - appends per second to one PostgreSQL register with 1,
 * 4 and 16 writer processes at once, each record its own transaction (a
 * small CHA, fsync on, unix socket), on a throwaway cluster
 * (scripts/pg-cluster) removed afterwards. The writers are those of the
 * test pg.concurrency (tests/pg/pg_writers.c, compiled in); the census of
 * the log is taken after each run, untimed, and a run whose log is not
 * exactly what was appended is reported as failed instead of a figure.
 *
 * usage: bench_pg_append [--writers N,N...] [--records TOTAL] [--dir DIR]
 *   --writers  writer counts to run (default 1,4,16)
 *   --records  records per run, shared among its writers (default 4000)
 *   --dir      where the cluster goes (default a new directory in $TMPDIR)
 * HR_SRC names the source tree (for scripts/pg-cluster) when it is not the
 * one this program was built from. Prints figures; judges nothing.
 */
#include <sys/stat.h>

#include "bench_common.h"
#include "pg_writers.h"

#ifndef HR_SOURCE_DIR
#define HR_SOURCE_DIR "."
#endif

/* Run scripts/pg-cluster with args; its first line of output into out. */
static int cluster(const char *src, const char *args, char *out, size_t len)
{
	char cmd[1024];
	FILE *p;
	int rc;
	snprintf(cmd, sizeof cmd, "'%s/scripts/pg-cluster' %s", src, args);
	if (!(p = popen(cmd, "r")))
		return -1;
	if (!out || !fgets(out, (int)len, p)) {
		if (out && len)
			out[0] = '\0';
	}
	while (fgetc(p) != EOF)
		;
	rc = pclose(p);
	if (out)
		out[strcspn(out, "\n")] = '\0';
	return rc;
}

int main(int argc, char **argv)
{
	const char *src = getenv("HR_SRC") ? getenv("HR_SRC") : HR_SOURCE_DIR;
	const char *list = "1,4,16";
	char dir[512] = "", addr[1024], args[1200], *counts, *tok, *save = NULL;
	int total = 4000, failed = 0;
	machine m;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--writers") == 0 && i + 1 < argc)
			list = argv[++i];
		else if (strcmp(argv[i], "--records") == 0 && i + 1 < argc)
			total = atoi(argv[++i]);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			snprintf(dir, sizeof dir, "%s", argv[++i]);
		else {
			fprintf(stderr, "usage: bench_pg_append [--writers N,N...] [--records TOTAL] "
			                "[--dir DIR]\n");
			return 2;
		}
	}
	if (total < 1) {
		fprintf(stderr, "bench_pg_append: --records must be positive\n");
		return 2;
	}
	if (!dir[0]) {
		const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
		snprintf(dir, sizeof dir, "%s/hazreg-pg-append.XXXXXX", tmp);
		if (!mkdtemp(dir)) {
			perror("bench_pg_append");
			return 1;
		}
		chmod(dir, 0755); /* the server may run as another user */
	}
	snprintf(args, sizeof args, "start '%s'", dir);
	if (cluster(src, args, addr, sizeof addr) != 0) {
		printf("bench_pg_append: no PostgreSQL server could be started in %s (see "
		       "docs/postgresql.md): nothing measured\n",
		       dir);
		snprintf(args, sizeof args, "stop '%s'", dir);
		cluster(src, args, NULL, 0);
		return 0;
	}
	machine_read(&m);
	printf("bench_pg_append: %s, %ld cores, %s\n", m.cpu, m.cores, m.date);
	printf("one record per transaction, fsync on, unix socket; %d records per run\n", total);
	printf("%8s %10s %10s %12s\n", "writers", "records", "seconds", "appends/s");
	if (!(counts = strdup(list)))
		return 1;
	for (tok = strtok_r(counts, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int w = atoi(tok), n;
		pg_writers_result r;
		char name[32];
		if (w < 1)
			continue;
		n = (total + w - 1) / w;
		snprintf(name, sizeof name, "append_%d", w);
		snprintf(args, sizeof args, "db '%s' %s", dir, name);
		if (cluster(src, args, addr, sizeof addr) != 0 ||
		    pg_writers_run(addr, w, n, 0, 0, &r) != 0) {
			printf("%8d failed to run\n", w);
			failed++;
			continue;
		}
		if (r.failed || r.missing || r.twice || r.unknown ||
		    r.after != r.before + (uint64_t)w * (uint64_t)n) {
			printf("%8d %10d failed: %d writers failed, %d missing, %d twice\n", w, w * n,
			       r.failed, r.missing, r.twice);
			failed++;
			continue;
		}
		printf("%8d %10d %10.1f %12.0f\n", w, w * n, r.seconds,
		       (double)w * n / (r.seconds > 0 ? r.seconds : 1));
	}
	free(counts);
	snprintf(args, sizeof args, "stop '%s'", dir);
	cluster(src, args, NULL, 0);
	return failed ? 1 : 0;
}
