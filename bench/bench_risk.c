/*
 * bench_risk.c - how fast the residual-risk model answers for one area:
 * evaluations per second of hr_risk_eval() for areas with 1, 3 and 10
 * contamination entries, on one thread, through the public API.
 *
 * Inputs are random but fixed by the seed: classes from the shipped
 * catalogue (persistent excluded, so every answer carries a threshold
 * time) and a class with a 24-72 h SD window, counts of 1 to 50,
 * emplacement intervals of up to two days (sometimes open-ended), and
 * evaluation times over the first 200 days. Each size is run twice: with
 * the threshold time (threshold 1.0), and with a NaN threshold, which
 * skips its search, so the cost of the search shows on its own.
 * It prints the machine first, then the figures; it never judges them.
 */
#include "hazreg/hazreg.h"

#include "bench_common.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: bench_risk [--seconds S] [--seed N]\n"
	"  Evaluations per second of hr_risk_eval for areas of 1, 3 and 10 entries.\n"
	"  --seconds S  time to spend on each row (default 1)\n"
	"  --seed N     seed of the random areas (default 1)\n";

#define AREAS 4096  /* distinct areas per size, cycled through */
#define MAX_ENTRIES 10

static const hr_risk_class classes[] = {
	{"np-sd-4h", 0, 4, 4, {6e-6, 0.10}, 2880, {6e-6, 0.001}},
	{"np-sd-48h", 0, 48, 48, {6e-6, 0.10}, 2880, {6e-6, 0.001}},
	{"np-sd-15d", 0, 360, 360, {6e-6, 0.10}, 2880, {6e-6, 0.001}},
	{"user-24-72h", 0, 24, 72, {0.02, 0.20}, 240, {1e-4, 0.01}},
};

typedef struct {
	hr_risk_entry e[MAX_ENTRIES];
	hr_time reported, at;
} area;

static uint64_t rng_state;

/* splitmix64: small, fast, and the same sequence everywhere */
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int64_t irange(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

static void make_areas(area *a, size_t entries)
{
	const hr_time base = 1735689600; /* 2025-01-01T00:00:00Z */
	for (size_t i = 0; i < AREAS; i++) {
		a[i].reported = base + irange(0, 7 * 86400);
		for (size_t j = 0; j < entries; j++) {
			hr_risk_entry *e = &a[i].e[j];
			e->cls = &classes[rng() % (sizeof classes / sizeof classes[0])];
			e->count = irange(1, 50);
			e->earliest = base + irange(-7 * 86400, 7 * 86400);
			e->latest = e->earliest + irange(0, 2 * 86400);
			if (rng() % 10 == 0)
				e->earliest = HR_TIME_NONE;
			if (rng() % 10 == 0)
				e->latest = HR_TIME_NONE;
		}
		a[i].at = base + irange(0, 200 * 86400);
	}
}

/* Evaluate areas round robin for about `seconds`; evaluations per second. */
static double run(const area *a, size_t entries, double threshold, double seconds,
                  uint64_t *evals, double *sink)
{
	hr_risk r;
	uint64_t n = 0;
	double t0 = now_s(), t1;
	do {
		for (size_t k = 0; k < 1024; k++, n++) {
			const area *x = &a[n % AREAS];
			hr_risk_eval(&r, x->e, entries, x->reported, x->at, threshold);
			*sink += r.expected[HR_CONSERVATIVE] + (double)(r.threshold_at & 1);
		}
		t1 = now_s();
	} while (t1 - t0 < seconds);
	*evals = n;
	return (double)n / (t1 - t0);
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = {1, 3, 10};
	double seconds = 1.0, sink = 0.0;
	uint64_t seed = 1;
	char cpu[256], date[HR_TIME_BUFSZ];
	struct utsname uts;
	area *areas;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			seconds = atof(argv[++i]);
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage_text, stdout);
			return 0;
		} else {
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (!(seconds > 0)) {
		fputs(usage_text, stderr);
		return 2;
	}
	areas = malloc(sizeof *areas * AREAS);
	if (!areas) {
		fprintf(stderr, "bench_risk: out of memory\n");
		return 1;
	}
	cpu_model(cpu, sizeof cpu);
	if (uname(&uts) != 0)
		memset(&uts, 0, sizeof uts);
	hr_time_format(date, (hr_time)time(NULL));

	printf("bench_risk: hr_risk_eval, one thread, %d distinct areas per row, seed %" PRIu64
	       "\n",
	       AREAS, seed);
	printf("machine:  %s, %ld cores, %s %s %s\n", cpu, sysconf(_SC_NPROCESSORS_ONLN),
	       uts.sysname, uts.release, uts.machine);
	printf("date:     %s\n\n", date);
	printf("%-8s %-18s %14s %10s %12s\n", "entries", "threshold time", "evals/s", "ns/eval",
	       "evals");
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		rng_state = seed * 1000 + sizes[s];
		make_areas(areas, sizes[s]);
		for (int with = 1; with >= 0; with--) {
			uint64_t n;
			double rate = run(areas, sizes[s], with ? 1.0 : NAN, seconds, &n, &sink);
			printf("%-8zu %-18s %14.0f %10.1f %12" PRIu64 "\n", sizes[s],
			       with ? "computed (1.0)" : "skipped (NaN)", rate, 1e9 / rate, n);
		}
	}
	printf("\n(checksum %.6g: keeps the work from being optimised away)\n", sink);
	free(areas);
	return 0;
}
