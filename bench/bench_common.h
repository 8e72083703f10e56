/*
 * bench_common.h - what every benchmark program needs: a monotonic clock
 * and the machine's CPU model for the report. Header-only; each bench is a
 * single program.
 */
#ifndef HR_BENCH_COMMON_H
#define HR_BENCH_COMMON_H

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void cpu_model(char *buf, size_t len)
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

#endif
