/*
 * plot_events.c - the moments where an area's decay curve may change
 * (emplacement bounds, SD windows, SDA deadlines, for either bound) and
 * the default range of its curve. The picture (plot.c) samples the curve
 * at these moments so that its steps are drawn where they are, and
 * "hazreg risk timeline" prints a row at each. The timers are read from
 * the catalogue as the model reads them (src/risk/model.c), so that the
 * moments named here are the moments where the model's numbers change.
 */
#include "formats/plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define TAIL_DAYS 180    /* drawn after the latest SDA deadline */
#define YEAR_DAYS 365    /* drawn when nothing decays */
#define MAX_SECONDS 1e12 /* hours beyond ~31,000 years are clamped */

void hr_plot__entry_times(const hr_risk_inputs *in, const hr_risk_entry *e, hr_time *e0,
                          hr_time *e1)
{
	*e0 = e->earliest; /* unknown: "long ago", fully decayed */
	*e1 = e->latest != HR_TIME_NONE ? e->latest : in->reported;
	if (*e0 != HR_TIME_NONE && *e1 != HR_TIME_NONE && *e1 < *e0)
		*e1 = *e0;
}

hr_time hr_plot__after_hours(hr_time base, double hours)
{
	double s = ceil(hours * 3600.0);
	if (!(s < MAX_SECONDS))
		s = MAX_SECONDS;
	if (!(s > 0))
		s = 0;
	return base + (hr_time)s;
}

int hr_plot__nonpersistent(const hr_risk_class *c)
{
	return c && !c->persistent && !isnan(c->sd_min_h) && !isnan(c->sd_max_h);
}

hr_plot_timers hr_plot__timers(const hr_risk_class *c)
{
	hr_plot_timers t;
	t.sd_min = c->sd_min_h > 0 ? c->sd_min_h : 0;
	t.sd_max = c->sd_max_h >= t.sd_min ? c->sd_max_h : t.sd_min;
	t.sda_by = c->sda_by_h > 0 ? (c->sda_by_h < t.sd_max ? t.sd_max : c->sda_by_h) : 0;
	return t;
}

static int cmp_event(const void *a, const void *b)
{
	const hr_plot_event *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (!x->class_id || !y->class_id)
		return (x->class_id != NULL) - (y->class_id != NULL);
	return strcmp(x->class_id, y->class_id);
}

int hr_plot_events(hr_plot_event **out, size_t *n, const hr_risk_inputs *in)
{
	hr_plot_event *v = NULL;
	size_t k = 0, m = 0;
	int rc = 0;

	if (!out || !n || !in || (in->n && !in->entries))
		return HR_EINVAL;
	*out = NULL;
	*n = 0;
	if (in->n == 0)
		return 0;
	if (in->n > SIZE_MAX / (8 * sizeof *v))
		return HR_ENOMEM;
	v = hr__malloc(in->n * 8 * sizeof *v);
	if (!v) {
		rc = HR_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < in->n; i++) {
		const hr_risk_entry *e = &in->entries[i];
		const hr_risk_class *c = e->cls;
		hr_time base[2];
		hr_plot_timers tm;
		if (e->count == 0) /* recorded as none of this class */
			continue;
		hr_plot__entry_times(in, e, &base[0], &base[1]);
		for (int b = 0; b < 2; b++) {
			hr_plot_event ev = {base[b], HR_PLOT_EMPLACED, b ? HR_PLOT_CONS : HR_PLOT_OPT,
			                    c ? c->id : NULL};
			if (base[b] == HR_TIME_NONE)
				continue;
			if (b && e->latest == HR_TIME_NONE && base[1] != base[0])
				ev.kind = HR_PLOT_REPORTED;
			v[k++] = ev;
			if (!hr_plot__nonpersistent(c))
				continue;
			tm = hr_plot__timers(c);
			ev.kind = HR_PLOT_SD_OPENS;
			ev.t = hr_plot__after_hours(base[b], tm.sd_min);
			v[k++] = ev;
			ev.kind = HR_PLOT_SD_CLOSES;
			ev.t = hr_plot__after_hours(base[b], tm.sd_max);
			v[k++] = ev;
			if (tm.sda_by > 0) {
				ev.kind = HR_PLOT_SDA;
				ev.t = hr_plot__after_hours(base[b], tm.sda_by);
				v[k++] = ev;
			}
		}
	}
	qsort(v, k, sizeof *v, cmp_event);
	for (size_t i = 0; i < k; i++) {
		if (m > 0 && v[m - 1].t == v[i].t && v[m - 1].kind == v[i].kind &&
		    ((!v[m - 1].class_id && !v[i].class_id) ||
		     (v[m - 1].class_id && v[i].class_id &&
		      strcmp(v[m - 1].class_id, v[i].class_id) == 0))) {
			v[m - 1].bounds |= v[i].bounds;
			continue;
		}
		v[m++] = v[i];
	}
	if (m == 0) {
		hr_free(v);
		v = NULL;
	}
	*out = v;
	*n = m;
	v = NULL;
done:
	hr_free(v);
	return rc;
}

int hr_plot_range(const hr_risk_inputs *in, hr_time *from, hr_time *to)
{
	hr_plot_event *ev = NULL;
	size_t n = 0;
	hr_time f, t = HR_TIME_NONE, sd_end = HR_TIME_NONE;
	int rc;

	if (!in || !from || !to)
		return HR_EINVAL;
	if ((rc = hr_plot_events(&ev, &n, in)))
		return rc;
	f = in->hazard_from != HR_TIME_NONE ? in->hazard_from : in->reported;
	if (f == HR_TIME_NONE && n > 0)
		f = ev[0].t;
	for (size_t i = 0; i < n; i++) {
		if (ev[i].kind == HR_PLOT_SDA && (t == HR_TIME_NONE || ev[i].t > t))
			t = ev[i].t;
		if (ev[i].kind == HR_PLOT_SD_CLOSES && (sd_end == HR_TIME_NONE || ev[i].t > sd_end))
			sd_end = ev[i].t;
	}
	hr_free(ev);
	if (f == HR_TIME_NONE)
		return HR_EINVAL;
	if (t == HR_TIME_NONE)
		t = sd_end;
	t = t == HR_TIME_NONE ? f + (hr_time)YEAR_DAYS * DAY : t + (hr_time)TAIL_DAYS * DAY;
	if (t <= f)
		t = f + (hr_time)YEAR_DAYS * DAY;
	*from = f;
	*to = t;
	return 0;
}
