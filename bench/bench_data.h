/*
 * bench_data.h - the bench workload as the benchmark programs get it: the
 * generator (hazreg-gen --profile bench) found and run, its query points
 * read, an import's errors shown. Header-only, like bench_common.h; a
 * program sets bench_prog to its name for the messages.
 */
#ifndef HR_BENCH_DATA_H
#define HR_BENCH_DATA_H

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hazreg/hazreg.h"

static const char *bench_prog = "bench";

/* One query point and its time. */
typedef struct {
	hr_point p;
	hr_time t;
} query;

static inline int file_size(const char *path, uint64_t *out)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	*out = (uint64_t)st.st_size;
	return 0;
}

/* The generator: --gen, $HAZREG_GEN, ../hazreg-gen from this program, or PATH. */
static inline void find_gen(char *buf, size_t len, const char *given)
{
	const char *env = getenv("HAZREG_GEN");
	char self[4096];
	ssize_t n;
	if (given) {
		snprintf(buf, len, "%s", given);
		return;
	}
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = 0;
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			int k = snprintf(buf, len, "%s/../hazreg-gen", self);
			if (k > 0 && (size_t)k < len && access(buf, X_OK) == 0)
				return;
		}
	}
	snprintf(buf, len, "hazreg-gen");
}

/* Run argv (argv[0] looked up in PATH when it has no slash); 0 on exit 0. */
static inline int run_argv(char *const argv[])
{
	int status;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", bench_prog, argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* hazreg-gen --profile bench WHAT N --seed SEED -o OUT */
static inline int generate(const char *gen, const char *what, uint64_t n, uint64_t seed,
                           const char *out)
{
	char nbuf[32], sbuf[32];
	snprintf(nbuf, sizeof nbuf, "%" PRIu64, n);
	snprintf(sbuf, sizeof sbuf, "%" PRIu64, seed);
	char *argv[] = {(char *)gen, "--profile", "bench", (char *)what, nbuf,
	                "--seed", sbuf, "-o", (char *)out, NULL};
	if (run_argv(argv) != 0) {
		fprintf(stderr, "%s: %s %s %s failed (set HAZREG_GEN or --gen)\n", bench_prog, gen,
		        what, nbuf);
		return -1;
	}
	return 0;
}

/* Reads up to max "LON LAT TIME" lines; blank lines are skipped. */
static inline int read_queries(const char *path, uint64_t max, query **out, uint64_t *nout)
{
	FILE *f = fopen(path, "r");
	char line[256];
	query *q = NULL;
	uint64_t n = 0, cap = 0, lineno = 0;
	int rc = -1;
	if (!f) {
		fprintf(stderr, "%s: cannot open %s: %s\n", bench_prog, path, strerror(errno));
		return -1;
	}
	while (n < max && fgets(line, sizeof line, f)) {
		char *end, *ts;
		lineno++;
		if (line[strspn(line, " \t\r\n")] == 0)
			continue;
		if (n == cap) {
			uint64_t ncap = cap ? cap * 2 : 65536;
			query *nq = realloc(q, (size_t)ncap * sizeof *q);
			if (!nq) {
				fprintf(stderr, "%s: out of memory reading %s\n", bench_prog, path);
				goto done;
			}
			q = nq;
			cap = ncap;
		}
		q[n].p.lon = strtod(line, &end);
		q[n].p.lat = strtod(end, &ts);
		while (*ts == ' ' || *ts == '\t')
			ts++;
		size_t tl = strcspn(ts, " \t\r\n");
		if (end == line || ts == end || hr_time_parse(&q[n].t, ts, tl) != 0) {
			fprintf(stderr, "%s: %s:%" PRIu64 ": expected \"LON LAT TIME\"\n", bench_prog, path,
			        lineno);
			goto done;
		}
		n++;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: cannot read %s\n", bench_prog, path);
		goto done;
	}
	*out = q;
	*nout = n;
	q = NULL;
	rc = 0;
done:
	free(q);
	fclose(f);
	return rc;
}

static inline void report_import_errors(const hr_import_result *res)
{
	for (size_t i = 0; res && i < res->nerrors && i < 5; i++)
		fprintf(stderr, "  feature %" PRIu64 " %s: %s%s%s\n", res->errors[i].index,
		        res->errors[i].id, res->errors[i].field, res->errors[i].field[0] ? ": " : "",
		        res->errors[i].reason);
}

#endif
