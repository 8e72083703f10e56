/*
 * timeline.c - an area's decay curve as a table: the rows "hazreg risk
 * timeline" prints and GET /risk/timeline answers, and their JSON.
 *
 * A row stands at the start of the range, every step on a round grid
 * (so rows read 2025-03-01T00:00:00Z, not an odd second of the day), at
 * the end, and at every event where the curve may step (plot_events.c).
 * The model informs priorities only: the JSON says first that the area
 * is hazardous until released by survey or clearance.
 */
#include "formats/plot_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

static const char HAZARDOUS_UNTIL[] =
	"Hazardous until released by survey or clearance. The model informs priorities; "
	"it never releases land.";

int hr_timeline_range(const hr_risk_inputs *in, hr_time *from, hr_time *to,
                      hr_timeline_problem *why)
{
	hr_timeline_problem dummy;
	hr_time f, t;
	int rc;

	if (!why)
		why = &dummy;
	*why = HR_TIMELINE_OK;
	if (!in || !from || !to)
		return HR_EINVAL;
	/* a bound given alone keeps the default span when the default would be empty */
	if ((rc = hr_plot_range(in, &f, &t)) == HR_ENOMEM)
		return rc;
	if (rc != 0) {
		if (*from == HR_TIME_NONE || *to == HR_TIME_NONE) {
			*why = HR_TIMELINE_NO_TIME;
			return HR_EINVAL;
		}
		f = *from;
		t = *to;
	}
	if (*from == HR_TIME_NONE)
		*from = *to != HR_TIME_NONE && *to <= f ? *to - (t - f) : f;
	if (*to == HR_TIME_NONE)
		*to = *from >= t ? *from + (t - f) : t;
	if (*to <= *from) {
		*why = HR_TIMELINE_BACKWARDS;
		return HR_EINVAL;
	}
	return 0;
}

/* A step that gives a table of at most about 40 rows. */
static hr_time default_step(hr_time span)
{
	static const hr_time steps[] = {3600,    2 * 3600, 3 * 3600,  6 * 3600,  12 * 3600,
	                                DAY,     2 * DAY,  7 * DAY,   14 * DAY,  30 * DAY,
	                                60 * DAY, 90 * DAY, 180 * DAY, 365 * DAY};
	size_t i;
	for (i = 0; i < sizeof steps / sizeof steps[0] - 1; i++)
		if (span / steps[i] <= 40)
			break;
	return steps[i];
}

/* Where the grid starts: from itself when it is at a round time for the
 * step, else the next round time (midnight UTC for steps of days). */
static hr_time grid_start(hr_time from, hr_time step)
{
	hr_time round = step % DAY == 0 ? DAY : step;
	if (from % round == 0)
		return from;
	return from - from % round + (from < 0 ? 0 : round);
}

typedef struct {
	hr_time t;
	size_t ev;  /* first event at t, or SIZE_MAX */
	size_t nev; /* events at t */
} moment;

static int cmp_moment(const void *a, const void *b)
{
	const moment *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->nev < y->nev) - (x->nev > y->nev); /* the one with events first */
}

/* from, the grid every step, to, and a moment at each event; one per time. */
static int moments(const hr_timeline *tl, moment **out, size_t *n)
{
	hr_time g0 = grid_start(tl->from, tl->step);
	size_t ngrid = g0 <= tl->to ? (size_t)((tl->to - g0) / tl->step) + 1 : 0, k = 0, m = 0;
	moment *v = hr__calloc(ngrid + 2 + tl->nevents, sizeof *v);
	const hr_plot_event *ev = tl->events;

	if (!v)
		return HR_ENOMEM;
	v[k++] = (moment){tl->from, SIZE_MAX, 0};
	for (size_t i = 0; i < ngrid; i++)
		v[k++] = (moment){g0 + (hr_time)i * tl->step, SIZE_MAX, 0};
	v[k++] = (moment){tl->to, SIZE_MAX, 0};
	for (size_t i = 0; i < tl->nevents;) {
		size_t j = i;
		while (j < tl->nevents && ev[j].t == ev[i].t)
			j++;
		if (ev[i].t >= tl->from && ev[i].t <= tl->to)
			v[k++] = (moment){ev[i].t, i, j - i};
		i = j;
	}
	qsort(v, k, sizeof *v, cmp_moment);
	for (size_t i = 0; i < k; i++)
		if (m == 0 || v[m - 1].t != v[i].t)
			v[m++] = v[i];
	*out = v;
	*n = m;
	return 0;
}

int hr_risk_timeline(hr_timeline **out, const hr_risk_inputs *in, hr_time from, hr_time to,
                     hr_time step, hr_timeline_problem *why)
{
	hr_timeline_problem dummy;
	hr_timeline *tl = NULL;
	moment *v = NULL;
	size_t n = 0;
	hr_risk m;
	int rc;

	if (!why)
		why = &dummy;
	*why = HR_TIMELINE_OK;
	if (!out || !in)
		return HR_EINVAL;
	*out = NULL;
	if ((rc = hr_timeline_range(in, &from, &to, why)))
		return rc;
	if (step == 0)
		step = default_step(to - from);
	if (step < 0 || (to - from) / step >= HR_TIMELINE_MAX_ROWS) {
		*why = HR_TIMELINE_TOO_MANY;
		return HR_EINVAL;
	}
	if (!(tl = hr__calloc(1, sizeof *tl)))
		return HR_ENOMEM;
	tl->from = from;
	tl->to = to;
	tl->step = step;
	if ((rc = hr_plot_events(&tl->events, &tl->nevents, in)) || (rc = moments(tl, &v, &n)))
		goto fail;
	if (!(tl->rows = hr__calloc(n ? n : 1, sizeof *tl->rows))) {
		rc = HR_ENOMEM;
		goto fail;
	}
	/* whether a count is unknown does not depend on the time */
	hr_risk_eval(&m, in->entries, in->n, in->reported, from, 1.0);
	tl->count_unknown = m.count_unknown;
	for (size_t i = 0; i < n; i++) {
		hr_timeline_row *r = &tl->rows[i];
		r->t = v[i].t;
		hr_risk_eval(&r->model, in->entries, in->n, in->reported, r->t, 1.0);
		r->events = v[i].nev ? tl->events + v[i].ev : NULL;
		r->nevents = v[i].nev;
	}
	tl->nrows = n;
	hr_free(v);
	*out = tl;
	return 0;
fail:
	hr_free(v);
	hr_timeline_free(tl);
	return rc;
}

void hr_timeline_free(hr_timeline *tl)
{
	if (!tl)
		return;
	hr_free(tl->rows);
	hr_free(tl->events);
	hr_free(tl);
}

int hr_duration_parse(hr_time *out, const char *s)
{
	char *end = NULL;
	unsigned long long v;
	hr_time unit;

	if (!out || !s || s[0] < '0' || s[0] > '9')
		return HR_EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || end[0] == '\0' || end[1] != '\0')
		return HR_EINVAL;
	switch (end[0]) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = DAY; break;
	case 'w': unit = 7 * DAY; break;
	default: return HR_EINVAL;
	}
	if (v == 0 || v > (unsigned long long)(INT64_MAX / 2) / (unsigned long long)unit)
		return HR_EINVAL;
	*out = (hr_time)v * unit;
	return 0;
}

/* ---- JSON ---- */

static const char *kind_key(hr_plot_event_kind k)
{
	switch (k) {
	case HR_PLOT_EMPLACED: return "emplaced";
	case HR_PLOT_SD_OPENS: return "sd_window_opens";
	case HR_PLOT_SD_CLOSES: return "sd_window_closes";
	case HR_PLOT_SDA: return "sda_deadline";
	case HR_PLOT_REPORTED: return "reported";
	}
	return "?";
}

static void put_time(hr_buf *b, hr_time t)
{
	char s[HR_TIME_BUFSZ];
	if (t == HR_TIME_NONE)
		hr_buf_printf(b, "null");
	else
		hr_buf_printf(b, "\"%s\"", hr_time_format(s, t));
}

static void put_bounds(hr_buf *b, const char *name, const double v[2])
{
	char x[HR_REAL_BUFSZ], y[HR_REAL_BUFSZ];
	hr_buf_printf(b, ",\"%s\":{\"optimistic\":%s,\"conservative\":%s}", name,
	              hr_json_real(x, v[HR_OPTIMISTIC]), hr_json_real(y, v[HR_CONSERVATIVE]));
}

static void put_events(hr_buf *b, const hr_plot_event *ev, size_t n)
{
	hr_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		hr_buf_printf(b, "%s{\"kind\":\"%s\",\"class\":", i ? "," : "", kind_key(ev[i].kind));
		hr_buf_json_str(b, ev[i].class_id);
		hr_buf_printf(b, ",\"bounds\":[%s%s%s]}",
		              ev[i].bounds & HR_PLOT_OPT ? "\"optimistic\"" : "",
		              ev[i].bounds == (HR_PLOT_OPT | HR_PLOT_CONS) ? "," : "",
		              ev[i].bounds & HR_PLOT_CONS ? "\"conservative\"" : "");
	}
	hr_buf_putc(b, ']');
}

int hr_timeline_to_json(char **out, const hr_risk_inputs *in, const hr_timeline *tl)
{
	hr_buf b = {0};

	if (!out || !in || !tl)
		return HR_EINVAL;
	*out = NULL;
	hr_buf_printf(&b, "{\"area_id\":");
	hr_buf_json_str(&b, in->area_id ? in->area_id : "");
	hr_buf_printf(&b, ",\"name\":");
	hr_buf_json_str(&b, in->name);
	hr_buf_printf(&b, ",\"status\":");
	hr_buf_json_str(&b, in->status ? in->status : "");
	hr_buf_printf(&b, ",\"classification\":");
	hr_buf_json_str(&b, in->classification ? in->classification : "");
	hr_buf_printf(&b, ",\"hazardous\":\"until released by survey or clearance\",\"note\":");
	hr_buf_json_str(&b, HAZARDOUS_UNTIL);
	hr_buf_printf(&b, ",\"from\":");
	put_time(&b, tl->from);
	hr_buf_printf(&b, ",\"to\":");
	put_time(&b, tl->to);
	hr_buf_printf(&b, ",\"step_seconds\":%lld,\"count_unknown\":%s,\"rows\":[",
	              (long long)tl->step, tl->count_unknown ? "true" : "false");
	for (size_t i = 0; i < tl->nrows; i++) {
		const hr_timeline_row *r = &tl->rows[i];
		hr_buf_printf(&b, "%s{\"time\":", i ? "," : "");
		put_time(&b, r->t);
		hr_buf_printf(&b, ",\"phase\":\"%s\"", hr_phase_name(r->model.phase));
		if (r->model.count_unknown)
			hr_buf_printf(&b, ",\"expected\":null");
		else
			put_bounds(&b, "expected", r->model.expected);
		put_bounds(&b, "p_any", r->model.p_any);
		hr_buf_printf(&b, ",\"events\":");
		put_events(&b, r->events, r->nevents);
		hr_buf_putc(&b, '}');
	}
	hr_buf_printf(&b, "]}");
	if (b.oom) {
		hr_buf_free(&b);
		return HR_ENOMEM;
	}
	*out = (char *)b.p;
	return 0;
}
