/*
 * bench_query.c - how fast the register takes in a large import and answers
 * "is this place hazardous at time T?", measured through the public API
 * only, as a program would use it.
 *
 * It imports a bench data set of hazardous areas (by default 100,000,
 * written by hazreg-gen --profile bench) into a new register, reopens it,
 * then asks hr_query_point() about many query points (by default
 * 1,000,000, from hazreg-gen --queries) on one thread. It prints the
 * machine first, then the figures; --json prints the same for programs.
 * Nothing here judges a time: benchmarks report, tests assert.
 */
#include "hazreg/hazreg.h"

#include "bench_common.h"
#include "bench_data.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"NAME\n"
	"    bench_query - measure hazreg's import rate and point-query throughput\n"
	"\n"
	"SYNOPSIS\n"
	"    bench_query [--areas N] [--queries N] [--data FILE] [--query-file FILE]\n"
	"                [--db FILE] [--gen PATH] [--seed N] [--json] [--keep]\n"
	"\n"
	"DESCRIPTION\n"
	"    Creates a new register, imports a bench data set of hazardous areas in one\n"
	"    transaction (hr_register_import), closes and reopens the register, then\n"
	"    runs point queries (hr_query_point) one after another on one thread.\n"
	"    Reports the machine and date, the import rate (records/s, MB/s of input),\n"
	"    the reopen time, queries/s with latency percentiles, and hit statistics:\n"
	"    mean areas per query, share of queries inside at least one area, share\n"
	"    of hits still hazardous at the query time. Times are wall clock\n"
	"    (CLOCK_MONOTONIC). No figure is judged: this is a report, not a test.\n"
	"\n"
	"    Data it is not given it makes with hazreg-gen --profile bench, in a\n"
	"    scratch directory under $TMPDIR (or /tmp) that it removes afterwards.\n"
	"\n"
	"OPTIONS\n"
	"    --areas N         areas to generate (default 100000; ignored with --data).\n"
	"    --queries N       query points to generate and run (default 1000000;\n"
	"                      0 skips the queries; with --query-file, at most N of\n"
	"                      its lines are used).\n"
	"    --data FILE       import FILE (GeoJSON FeatureCollection or RFC 8142\n"
	"                      sequence) instead of generating areas.\n"
	"    --query-file FILE read query points from FILE, one \"LON LAT TIME\" line\n"
	"                      each (the output of hazreg-gen --queries).\n"
	"    --db FILE         create the register at FILE (must not exist yet) and\n"
	"                      keep it; default: a scratch file, removed afterwards.\n"
	"    --gen PATH        the generator; default $HAZREG_GEN, else hazreg-gen\n"
	"                      next to this program's build directory, else on $PATH.\n"
	"    --seed N          seed for generated areas (default 1); queries use N+1.\n"
	"    --json            print one JSON object instead of the table.\n"
	"    --keep            keep the scratch directory and say where it is.\n"
	"    -h, --help        show this text.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 when everything ran, 1 when a step failed, 2 on a usage error.\n"
	"\n"
	"EXAMPLES\n"
	"    bench_query --areas 10000 --queries 100000\n"
	"    HAZREG_GEN=build/hazreg-gen build/bench/bench_query --json\n";

typedef struct {
	uint64_t areas, queries;
	const char *data, *query_file, *db, *gen;
	uint64_t seed;
	int json, keep;
} options;

typedef struct {
	uint64_t read, imported;
	uint64_t bytes;
	double seconds;
	double reopen_seconds;
	uint64_t nq;
	double q_seconds;
	double p50, p90, p99, pmax; /* microseconds */
	double first_us;            /* the first query, which may load the index */
	uint64_t hits, hazardous, with_hit, most_hits;
	long peak_rss_kib;
} figures;

/* ---- the measurements ------------------------------------------------ */

static int do_import(const char *db, const char *data, figures *fg)
{
	hr_register *reg = NULL;
	hr_reader *rd = NULL;
	hr_import_result *res = NULL;
	hr_open_options oo = HR_OPEN_OPTIONS_INIT;
	char err[512] = "";
	int rc;
	oo.create = 1;
	if (file_size(data, &fg->bytes) != 0) {
		fprintf(stderr, "bench_query: cannot read %s: %s\n", data, strerror(errno));
		return -1;
	}
	if ((rc = hr_register_open(&reg, db, &oo)) != 0) {
		fprintf(stderr, "bench_query: cannot create register %s: %s\n", db,
		        reg ? hr_errmsg(reg) : hr_strerror(rc));
		goto done;
	}
	double t0 = now_s();
	if ((rc = hr_reader_geojson(&rd, data, err, sizeof err)) != 0) {
		fprintf(stderr, "bench_query: cannot read %s: %s\n", data, err);
		goto done;
	}
	rc = hr_register_import(reg, rd, NULL, &res);
	fg->seconds = now_s() - t0;
	if (rc != 0) {
		fprintf(stderr, "bench_query: import failed: %s\n", hr_errmsg(reg));
		report_import_errors(res);
		goto done;
	}
	fg->read = res->read;
	fg->imported = res->imported;
done:
	if (rd)
		rd->close(rd);
	hr_import_result_free(res);
	hr_register_close(reg);
	return rc ? -1 : 0;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

static double percentile(const float *sorted, uint64_t n, double p)
{
	uint64_t i = (uint64_t)(p * (double)(n - 1) + 0.5);
	return sorted[i];
}

static int do_queries(const char *db, const query *q, uint64_t nq, figures *fg)
{
	hr_register *reg = NULL;
	hr_hits *hits = NULL;
	float *lat_us = NULL;
	int rc;
	double t0 = now_s();
	if ((rc = hr_register_open(&reg, db, NULL)) != 0) {
		fprintf(stderr, "bench_query: cannot reopen %s: %s\n", db,
		        reg ? hr_errmsg(reg) : hr_strerror(rc));
		goto done;
	}
	fg->reopen_seconds = now_s() - t0;
	fg->nq = nq;
	if (nq == 0)
		goto done;
	if (!(lat_us = malloc((size_t)nq * sizeof *lat_us))) {
		fprintf(stderr, "bench_query: out of memory\n");
		rc = HR_ENOMEM;
		goto done;
	}
	t0 = now_s();
	for (uint64_t i = 0; i < nq; i++) {
		double a = now_s();
		if ((rc = hr_query_point(reg, q[i].p, q[i].t, &hits)) != 0) {
			fprintf(stderr, "bench_query: query %" PRIu64 " failed: %s\n", i,
			        hr_errmsg(reg));
			goto done;
		}
		lat_us[i] = (float)((now_s() - a) * 1e6);
		fg->hits += hits->n;
		fg->with_hit += hits->n > 0;
		if (hits->n > fg->most_hits)
			fg->most_hits = hits->n;
		for (size_t k = 0; k < hits->n; k++)
			fg->hazardous += hits->hits[k].hazardous != 0;
		hr_hits_free(hits);
		hits = NULL;
	}
	fg->q_seconds = now_s() - t0;
	fg->first_us = lat_us[0];
	qsort(lat_us, (size_t)nq, sizeof *lat_us, cmp_float);
	fg->p50 = percentile(lat_us, nq, 0.50);
	fg->p90 = percentile(lat_us, nq, 0.90);
	fg->p99 = percentile(lat_us, nq, 0.99);
	fg->pmax = lat_us[nq - 1];
done:
	hr_hits_free(hits);
	free(lat_us);
	hr_register_close(reg);
	return rc ? -1 : 0;
}

/* ---- output ---------------------------------------------------------- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static double per_s(double n, double s)
{
	return s > 0 ? n / s : 0.0;
}

static void print_json(const machine *m, const options *o, const char *data, const figures *f)
{
	double mb = (double)f->bytes / 1e6;
	printf("{\"bench\":\"query\",\"hazreg\":\"%s\",\"date\":", HAZREG_VERSION);
	json_str(m->date);
	printf(",\"machine\":{\"cpu\":");
	json_str(m->cpu);
	printf(",\"cores\":%ld,\"os\":", m->cores);
	json_str(m->uts.sysname);
	printf(",\"kernel\":");
	json_str(m->uts.release);
	printf(",\"arch\":");
	json_str(m->uts.machine);
	printf("},\"data\":");
	json_str(data);
	printf(",\"seed\":%" PRIu64, o->seed);
	printf(",\"import\":{\"read\":%" PRIu64 ",\"records\":%" PRIu64 ",\"bytes\":%" PRIu64
	       ",\"seconds\":%.6f,\"records_per_s\":%.1f,\"mb_per_s\":%.3f}",
	       f->read, f->imported, f->bytes, f->seconds,
	       per_s((double)f->imported, f->seconds), per_s(mb, f->seconds));
	printf(",\"reopen_seconds\":%.6f", f->reopen_seconds);
	printf(",\"queries\":{\"n\":%" PRIu64 ",\"seconds\":%.6f,\"per_s\":%.1f"
	       ",\"latency_us\":{\"first\":%.2f,\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f}"
	       ",\"mean_areas_per_query\":%.6f,\"with_hit\":%" PRIu64 ",\"hits\":%" PRIu64
	       ",\"hazardous_hits\":%" PRIu64 ",\"most_hits\":%" PRIu64 "}",
	       f->nq, f->q_seconds, per_s((double)f->nq, f->q_seconds), f->first_us, f->p50,
	       f->p90, f->p99, f->pmax, f->nq ? (double)f->hits / (double)f->nq : 0.0,
	       f->with_hit, f->hits, f->hazardous, f->most_hits);
	printf(",\"peak_rss_kib\":%ld}\n", f->peak_rss_kib);
}

static void print_table(const machine *m, const char *data, const figures *f)
{
	double mb = (double)f->bytes / 1e6;
	printf("hazreg %s  bench_query\n", HAZREG_VERSION);
	printf("date      %s\n", m->date);
	printf("machine   %s, %ld cores, %s %s %s\n", m->cpu, m->cores, m->uts.sysname,
	       m->uts.release, m->uts.machine);
	printf("data      %s (%.1f MB)\n\n", data, mb);

	printf("import (one transaction)\n");
	printf("  %-32s %16" PRIu64 "\n", "features read", f->read);
	printf("  %-32s %16" PRIu64 "\n", "records appended", f->imported);
	printf("  %-32s %14.3f s\n", "wall time", f->seconds);
	printf("  %-32s %10.0f records/s\n", "rate", per_s((double)f->imported, f->seconds));
	printf("  %-32s %14.2f MB/s\n", "input throughput", per_s(mb, f->seconds));
	printf("%-34s %14.3f s\n", "reopen register", f->reopen_seconds);
	if (f->nq) {
		printf("point queries (one thread)\n");
		printf("  %-32s %13.1f us\n", "first query after reopen", f->first_us);
		printf("  %-32s %16" PRIu64 "\n", "queries", f->nq);
		printf("  %-32s %14.3f s\n", "wall time", f->q_seconds);
		printf("  %-32s %10.0f queries/s\n", "rate", per_s((double)f->nq, f->q_seconds));
		printf("  %-32s %13.1f us\n", "latency p50", f->p50);
		printf("  %-32s %13.1f us\n", "latency p90", f->p90);
		printf("  %-32s %13.1f us\n", "latency p99", f->p99);
		printf("  %-32s %13.1f us\n", "latency max", f->pmax);
		printf("  %-32s %16.4f\n", "mean areas per query", (double)f->hits / (double)f->nq);
		printf("  %-32s %15.2f%%\n", "queries inside an area",
		       100.0 * (double)f->with_hit / (double)f->nq);
		printf("  %-32s %15.2f%%\n", "hits hazardous at query time",
		       f->hits ? 100.0 * (double)f->hazardous / (double)f->hits : 0.0);
		printf("  %-32s %16" PRIu64 "\n", "most areas at one point", f->most_hits);
	}
	printf("%-34s %12ld MiB\n", "peak resident memory", f->peak_rss_kib / 1024);
}

/* ---- main ------------------------------------------------------------ */

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "bench_query: %s%s\nTry 'bench_query --help'.\n", what, arg ? arg : "");
	return 2;
}

static int parse_args(options *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			return 1;
		}
		if (strcmp(a, "--json") == 0) {
			o->json = 1;
			continue;
		}
		if (strcmp(a, "--keep") == 0) {
			o->keep = 1;
			continue;
		}
		if (i + 1 >= argc)
			return usage_error("unknown option or missing value: ", a);
		const char *v = argv[++i];
		if (strcmp(a, "--areas") == 0) {
			if (parse_u64(v, &o->areas) || o->areas == 0)
				return usage_error("--areas: not a positive number: ", v);
		} else if (strcmp(a, "--queries") == 0) {
			if (parse_u64(v, &o->queries))
				return usage_error("--queries: not a number: ", v);
		} else if (strcmp(a, "--seed") == 0) {
			if (parse_u64(v, &o->seed))
				return usage_error("--seed: not a number: ", v);
		} else if (strcmp(a, "--data") == 0) {
			o->data = v;
		} else if (strcmp(a, "--query-file") == 0) {
			o->query_file = v;
		} else if (strcmp(a, "--db") == 0) {
			o->db = v;
		} else if (strcmp(a, "--gen") == 0) {
			o->gen = v;
		} else {
			return usage_error("unknown option: ", a);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	options o = {.areas = 100000, .queries = 1000000, .seed = 1};
	machine m;
	figures fg;
	query *q = NULL;
	uint64_t nq = 0;
	char scratch[4096] = "", gen[4096], data[4200], qfile[4200], db[4200];
	int made_data = 0, made_qfile = 0, made_db = 0;
	int status = 1, rc;
	struct rusage ru;

	bench_prog = "bench_query";
	if ((rc = parse_args(&o, argc, argv)) != 0)
		return rc == 1 ? 0 : rc;
	memset(&fg, 0, sizeof fg);
	machine_read(&m);
	find_gen(gen, sizeof gen, o.gen);

	if (o.db && access(o.db, F_OK) == 0) {
		fprintf(stderr, "bench_query: %s exists; the bench makes a new register "
		                "(remove it or choose another --db)\n",
		        o.db);
		return 1;
	}
	if (!o.data || (o.queries && !o.query_file) || !o.db) {
		const char *tmp = getenv("TMPDIR");
		snprintf(scratch, sizeof scratch, "%s/hazreg-bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(scratch)) {
			fprintf(stderr, "bench_query: cannot make a scratch directory: %s\n",
			        strerror(errno));
			return 1;
		}
	}
	if (o.data) {
		snprintf(data, sizeof data, "%s", o.data);
	} else {
		snprintf(data, sizeof data, "%s/areas.geojson", scratch);
		made_data = 1;
		if (!o.json)
			fprintf(stderr, "bench_query: generating %" PRIu64 " areas...\n", o.areas);
		if (generate(gen, "--areas", o.areas, o.seed, data) != 0)
			goto done;
	}
	if (o.queries) {
		if (o.query_file) {
			snprintf(qfile, sizeof qfile, "%s", o.query_file);
		} else {
			snprintf(qfile, sizeof qfile, "%s/queries.txt", scratch);
			made_qfile = 1;
			if (generate(gen, "--queries", o.queries, o.seed + 1, qfile) != 0)
				goto done;
		}
		if (read_queries(qfile, o.queries, &q, &nq) != 0)
			goto done;
	}
	if (o.db) {
		snprintf(db, sizeof db, "%s", o.db);
	} else {
		snprintf(db, sizeof db, "%s/bench.gpkg", scratch);
		made_db = 1;
	}

	if (!o.json)
		fprintf(stderr, "bench_query: importing...\n");
	if (do_import(db, data, &fg) != 0)
		goto done;
	if (!o.json && nq)
		fprintf(stderr, "bench_query: querying...\n");
	if (do_queries(db, q, nq, &fg) != 0)
		goto done;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		fg.peak_rss_kib = ru.ru_maxrss;

	if (o.json)
		print_json(&m, &o, data, &fg);
	else
		print_table(&m, data, &fg);
	status = 0;
done:
	free(q);
	if (scratch[0] && o.keep) {
		fprintf(stderr, "bench_query: scratch files kept in %s\n", scratch);
	} else if (scratch[0]) {
		/* Only what this program made; the register may have side files. */
		static const char *const side[] = {"", "-wal", "-shm", "-journal"};
		char path[4300];
		if (made_data)
			unlink(data);
		if (made_qfile)
			unlink(qfile);
		for (size_t i = 0; made_db && i < sizeof side / sizeof side[0]; i++) {
			snprintf(path, sizeof path, "%s%s", db, side[i]);
			unlink(path);
		}
		if (rmdir(scratch) != 0)
			fprintf(stderr, "bench_query: left %s behind: %s\n", scratch, strerror(errno));
	}
	return status;
}
