/*
 * progress.c - a one-line progress bar on stderr for long work (import,
 * rebuild, check): percent, rate and time left. It is drawn only when
 * stderr is a terminal, at most ten times a second, and wiped at the end,
 * so that logs and pipes never see it.
 */
#include "cli.h"

#include <string.h>
#include <unistd.h>

#define BAR_WIDTH 24
#define REDRAW_NS 100000000L /* 0.1 s */

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void cli_progress_start(cli_progress *p, const char *what, int bytes, const char *unit)
{
	memset(p, 0, sizeof *p);
	p->active = isatty(STDERR_FILENO);
	p->bytes = bytes;
	p->what = what;
	p->unit = unit ? unit : "records";
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

static void eta_text(char *buf, size_t len, double secs)
{
	long s = (long)(secs + 0.5);
	if (s >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

static void rate_text(const cli_progress *p, char *buf, size_t len, double elapsed)
{
	if (elapsed <= 0) {
		buf[0] = '\0';
	} else if (p->bytes && p->items) {
		snprintf(buf, len, "%.1f MB/s, %.0f features/s", (double)p->done / 1e6 / elapsed,
		         (double)p->items / elapsed);
	} else if (p->bytes) {
		snprintf(buf, len, "%.1f MB/s", (double)p->done / 1e6 / elapsed);
	} else {
		snprintf(buf, len, "%.0f %s/s", (double)p->done / elapsed, p->unit);
	}
}

static void draw(cli_progress *p, const struct timespec *now)
{
	double elapsed = seconds_between(&p->start, now);
	char rate[64], eta[32] = "";
	char bar[BAR_WIDTH + 1];
	int fill = 0;

	rate_text(p, rate, sizeof rate, elapsed);
	if (p->total > 0) {
		double frac = p->done >= p->total ? 1.0 : (double)p->done / (double)p->total;
		fill = (int)(frac * BAR_WIDTH);
		if (p->done > 0 && elapsed > 0.5) {
			char t[24];
			eta_text(t, sizeof t, elapsed * (1.0 - frac) / frac);
			snprintf(eta, sizeof eta, "  ETA %s", t);
		}
		memset(bar, '#', (size_t)fill);
		memset(bar + fill, '.', (size_t)(BAR_WIDTH - fill));
		bar[BAR_WIDTH] = '\0';
		fprintf(stderr, "\r%s [%s] %3d%%  %s%s\033[K", p->what, bar, (int)(frac * 100), rate,
		        eta);
	} else {
		fprintf(stderr, "\r%s %llu %s  %s\033[K", p->what, (unsigned long long)p->done,
		        p->bytes ? "bytes" : p->unit, rate);
	}
	fflush(stderr);
	p->drawn = 1;
	p->last = *now;
}

static void maybe_draw(cli_progress *p)
{
	struct timespec now;
	double since;

	if (!p->active)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	since = seconds_between(&p->last, &now);
	if (p->drawn && since * 1e9 < (double)REDRAW_NS)
		return;
	if (!p->drawn && seconds_between(&p->start, &now) * 1e9 < (double)REDRAW_NS)
		return;
	draw(p, &now);
}

void cli_progress_set(cli_progress *p, uint64_t done, uint64_t total)
{
	p->done = done;
	p->total = total;
	maybe_draw(p);
}

void cli_progress_items(cli_progress *p, uint64_t items)
{
	p->items = items;
}

void cli_progress_end(cli_progress *p)
{
	if (p->active && p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->drawn = 0;
}

int cli_progress_cb(void *ctx, uint64_t done, uint64_t total)
{
	cli_progress *p = ctx;
	if (p)
		cli_progress_set(p, done, total);
	return 0;
}
