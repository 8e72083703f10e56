/*
 * bench_common.h - what every benchmark program needs: a monotonic clock
 * and the machine's CPU model for the report. Header-only; each bench is a
 * single program.
 */
#ifndef HR_BENCH_COMMON_H
#define HR_BENCH_COMMON_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "hazreg/common.h"

static inline double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline void cpu_model(char *buf, size_t len)
{
	char line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");
	snprintf(buf, len, "unknown CPU");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		/* x86: "model name"; some ARM kernels: "Hardware" or "Processor". */
		if (strncmp(line, "model name", 10) == 0 || strncmp(line, "Hardware", 8) == 0 ||
		    strncmp(line, "Processor", 9) == 0) {
			char *v = strchr(line, ':');
			if (!v)
				continue;
			v++;
			while (*v == ' ' || *v == '\t')
				v++;
			v[strcspn(v, "\n")] = 0;
			snprintf(buf, len, "%s", v);
			break;
		}
	}
	fclose(f);
}

/* The machine a bench ran on, for its report. */
typedef struct {
	char date[HR_TIME_BUFSZ];
	char cpu[256];
	long cores;
	struct utsname uts;
} machine;

static inline void machine_read(machine *m)
{
	cpu_model(m->cpu, sizeof m->cpu);
	m->cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (uname(&m->uts) != 0)
		memset(&m->uts, 0, sizeof m->uts);
	/* The real date, whatever HAZREG_NOW says. */
	hr_time_format(m->date, (hr_time)time(NULL));
}

/* A decimal unsigned 64-bit number, nothing else; 0 or -1. */
static inline int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

#endif
