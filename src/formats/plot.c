/*
 * plot.c - the decay curve of a hazardous area as SVG: how the expected
 * number of live devices (or, when counts are unknown, the probability
 * that at least one is live) falls as self-destruct and self-deactivation
 * timers run out, between the optimistic and the conservative bound of the
 * pure model (src/risk), sampled densely and at every moment where it may
 * change (plot_events.c).
 *
 * A picture a person reads at a glance: the area's status in the title,
 * "hazardous until released" under it, a log-scale y axis, ISO dates on
 * the time axis, SD windows shaded, SDA deadlines dashed, the moment asked
 * about marked and read out, and a legend saying which bound is which.
 * Every number is printed with a fixed format: same input, same bytes.
 */
#include "formats/plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define NSAMPLES 600 /* even samples; every event adds three more */

/* ---- words --------------------------------------------------------------- */

typedef struct {
	const char *status, *doctrine, *at, *phase, *expected, *p_any, *cons, *opt;
	const char *y_expected[2], *y_prob[2], *x_label;
	const char *leg_cons, *leg_opt, *leg_band, *leg_sd, *leg_sda, *leg_at;
	const char *lab_sd, *lab_sda, *lab_at, *none_recorded, *persistent_note;
	const char *phases[5];                  /* by hr_phase; NULL: hr_phase_name() only */
	const char *open, *worked_on, *closed; /* NULL: the status word only */
} words;

static const words en = {
	"status",
	"Hazardous until released by survey or clearance. The model informs priorities; "
	"it never releases land.",
	"At",
	"phase",
	"Expected live devices",
	"P(at least one device live)",
	"conservative",
	"optimistic",
	{"Expected live devices (log scale)", NULL},
	{"P(at least one device live), log scale",
	 "number of devices unknown: counted as at least one"},
	"Date (UTC)",
	"Conservative bound (CCW Amended Protocol II)",
	"Optimistic bound (maker\xe2\x80\x99s claim)",
	"Range between the bounds",
	"SD window (self-destruct)",
	"SDA deadline (self-deactivation)",
	"Moment read out above",
	"SD window",
	"SDA deadline",
	"at",
	"No contamination recorded: treated as persistent",
	"contamination live until cleared",
	{NULL, NULL, NULL, NULL, NULL},
	NULL,
	NULL,
	NULL,
};

static const words uk = {
	"статус",
	"Небезпечно, доки ділянку не звільнено обстеженням або очищенням. Модель допомагає "
	"визначати пріоритети; вона ніколи не звільняє землю.",
	"На",
	"фаза",
	"Очікувана кількість боєздатних пристроїв",
	"Імовірність, що хоча б один пристрій боєздатний",
	"консервативна межа",
	"оптимістична межа",
	{"Очікувана кількість боєздатних пристроїв", "логарифмічна шкала"},
	{"Імовірність, що хоча б один пристрій боєздатний",
	 "логарифмічна шкала; кількість пристроїв невідома"},
	"Дата (UTC)",
	"Консервативна межа (Протокол II з поправками, CCW)",
	"Оптимістична межа (заява виробника)",
	"Діапазон між межами",
	"Вікно самоліквідації (SD)",
	"Строк самодеактивації (SDA)",
	"Момент, показаний угорі",
	"вікно SD",
	"строк SDA",
	"на",
	"Забруднення не зазначено: вважається стійким",
	"забруднення боєздатне, доки його не очищено",
	{NULL, "залишкова", "згасання", "активна", "стійке забруднення"},
	"відкрита",
	"у роботі",
	"закрита",
};

static const char *phase_words(const words *w, int phase, char *buf, size_t len)
{
	const char *name = hr_phase_name(phase);
	if (phase >= 1 && phase <= 4 && w->phases[phase])
		snprintf(buf, len, "%s (%s)", w->phases[phase], name ? name : "?");
	else
		snprintf(buf, len, "%s", name ? name : "?");
	return buf;
}

static const char *status_words(const words *w, const char *status, char *buf, size_t len)
{
	const char *tr = NULL;
	if (!status)
		status = "unknown";
	if (strcmp(status, "open") == 0)
		tr = w->open;
	else if (strcmp(status, "worked_on") == 0)
		tr = w->worked_on;
	else if (strcmp(status, "closed") == 0)
		tr = w->closed;
	if (tr)
		snprintf(buf, len, "%s (%s)", status, tr);
	else
		snprintf(buf, len, "%s", status);
	return buf;
}

/* ---- the picture --------------------------------------------------------- */

#define W 1000
#define H 624
#define X0 104.0  /* plot area: left, right, top, bottom */
#define X1 970.0
#define Y0 146.0
#define Y1 514.0
#define STRIP_ROWS 3
#define STRIP_Y 110.0 /* baseline of the first row of marker labels */
#define STRIP_DY 14.0
#define MAX_LABELS 64

#define C_CONS "#b2182b"
#define C_OPT "#2166ac"
#define C_BAND "#d6604d"
#define C_SD "#f2b701"
#define C_GRID "#d9d9d9"
#define C_TEXT "#222222"

typedef struct {
	double a, b;
} span;

typedef struct {
	hr_buf b;
	hr_buf labels;     /* marker labels, drawn last, over every line */
	const words *w;
	const hr_risk_inputs *in;
	hr_time from, to;
	int prob;          /* plot P(at least one live): some count is unknown */
	double lo, hi;     /* log10 of the y range */
	size_t n;          /* samples */
	hr_time *t;
	double (*v)[2];    /* [optimistic, conservative] at each sample */
	span placed[STRIP_ROWS][MAX_LABELS];
	size_t nplaced[STRIP_ROWS];
} curve;

static double xof(const curve *c, hr_time t)
{
	return X0 + (X1 - X0) * ((double)(t - c->from) / (double)(c->to - c->from));
}

static double yof(const curve *c, double v)
{
	double l = v > 0 ? log10(v) : c->lo;
	if (l < c->lo)
		l = c->lo;
	if (l > c->hi)
		l = c->hi;
	return Y1 - (Y1 - Y0) * (l - c->lo) / (c->hi - c->lo);
}

static double value(const curve *c, const hr_risk *r, int bound)
{
	return c->prob ? r->p_any[bound] : r->expected[bound];
}

static int cmp_time(const void *a, const void *b)
{
	hr_time x = *(const hr_time *)a, y = *(const hr_time *)b;
	return x < y ? -1 : x > y;
}

/* Even samples plus every event and the seconds either side of it, so that
 * steps at SD and SDA boundaries are drawn where they are. */
static int sample(curve *c, const hr_plot_event *ev, size_t nev)
{
	size_t cap = NSAMPLES + 1 + 3 * nev, k = 0;
	hr_risk r;

	c->t = hr__malloc(cap * sizeof *c->t);
	c->v = hr__malloc(cap * sizeof *c->v);
	if (!c->t || !c->v)
		return HR_ENOMEM;
	for (size_t i = 0; i <= NSAMPLES; i++)
		c->t[k++] = c->from + (hr_time)((double)(c->to - c->from) * (double)i / NSAMPLES);
	for (size_t i = 0; i < nev; i++)
		for (hr_time d = -1; d <= 1; d++)
			if (ev[i].t + d >= c->from && ev[i].t + d <= c->to)
				c->t[k++] = ev[i].t + d;
	qsort(c->t, k, sizeof *c->t, cmp_time);
	c->n = 0;
	for (size_t i = 0; i < k; i++)
		if (c->n == 0 || c->t[c->n - 1] != c->t[i])
			c->t[c->n++] = c->t[i];
	for (size_t i = 0; i < c->n; i++) {
		hr_risk_eval(&r, c->in->entries, c->in->n, c->in->reported, c->t[i], 1.0);
		c->v[i][0] = value(c, &r, HR_OPTIMISTIC);
		c->v[i][1] = value(c, &r, HR_CONSERVATIVE);
	}
	return 0;
}

/* Decades that hold every positive value, with room above the counts. */
static void y_range(curve *c)
{
	double max = 0, min = 0;
	for (size_t i = 0; i < c->n; i++)
		for (int b = 0; b < 2; b++) {
			double v = c->v[i][b];
			if (!(v > 0) || !isfinite(v))
				continue;
			if (v > max)
				max = v;
			if (min == 0 || v < min)
				min = v;
		}
	if (c->prob)
		c->hi = 0;
	else
		c->hi = max > 0 ? floor(log10(max)) + 1 : 1;
	c->lo = min > 0 ? floor(log10(min) - 0.2) : c->hi - 3;
	if (c->lo < c->hi - 12)
		c->lo = c->hi - 12;
	if (c->lo > c->hi - 2)
		c->lo = c->hi - 2;
}

/* ---- axes ---------------------------------------------------------------- */

typedef struct {
	hr_time seconds; /* a fixed step, or 0 */
	int months;      /* a calendar step in months */
	hr_time offset;  /* alignment of fixed steps (weeks start on Monday) */
} tick_step;

static const tick_step steps[] = {
	{3600, 0, 0},          {2 * 3600, 0, 0},      {3 * 3600, 0, 0},  {6 * 3600, 0, 0},
	{12 * 3600, 0, 0},     {DAY, 0, 0},           {2 * DAY, 0, 0},   {7 * DAY, 0, 4 * DAY},
	{14 * DAY, 0, 4 * DAY}, {0, 1, 0},            {0, 2, 0},         {0, 3, 0},
	{0, 6, 0},             {0, 12, 0},            {0, 24, 0},        {0, 60, 0},
	{0, 120, 0},           {0, 240, 0},           {0, 600, 0},       {0, 1200, 0},
};

static hr_time floor_div(hr_time a, hr_time b)
{
	hr_time q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The first of month m (counted from year 0) as a time, or NONE. */
static hr_time month_start(int64_t m)
{
	char buf[16];
	hr_time t;
	int64_t y = m / 12;
	if (y < 1 || y > 9999)
		return HR_TIME_NONE;
	snprintf(buf, sizeof buf, "%04d-%02d-01", (int)y, (int)(m % 12) + 1);
	return hr_time_parse(&t, buf, strlen(buf)) == 0 ? t : HR_TIME_NONE;
}

static void tick_label(char *buf, size_t len, hr_time t, int with_hours)
{
	char full[HR_TIME_BUFSZ];
	hr_time_format(full, t);
	if (with_hours)
		snprintf(buf, len, "%.10s %.5s", full, full + 11);
	else
		snprintf(buf, len, "%.10s", full);
}

static void x_tick(curve *c, hr_time t, int with_hours)
{
	char label[32];
	double x = xof(c, t);
	tick_label(label, sizeof label, t, with_hours);
	hr_buf_printf(&c->b,
	              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_GRID
	              "\" stroke-width=\"1\"/>\n"
	              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_TEXT
	              "\" stroke-width=\"1\"/>\n",
	              x, Y0, x, Y1, x, Y1, x, Y1 + 5);
	hr_svg__text(&c->b, x, Y1 + 18, "font-size=\"11\" text-anchor=\"middle\" fill=\"" C_TEXT "\"",
	             label);
}

/* Ticks every step from the list that gives a readable number of labels:
 * fixed hours and days, Monday-aligned weeks, or calendar months and years
 * (on the 1st). When the first tick lies far from the left edge, the
 * start itself is labelled, so that the first moment drawn is read. */
static void x_axis(curve *c)
{
	double span_s = (double)(c->to - c->from);
	hr_time first = HR_TIME_NONE;
	size_t i;
	int with_hours;

	for (i = 0; i < sizeof steps / sizeof steps[0] - 1; i++) {
		double step = steps[i].seconds ? (double)steps[i].seconds
		                               : steps[i].months * 30.44 * DAY;
		double maxticks = steps[i].seconds && steps[i].seconds < DAY ? 6 : 8;
		if (span_s / step <= maxticks)
			break;
	}
	with_hours = steps[i].seconds && steps[i].seconds < DAY;
	if (steps[i].seconds) {
		hr_time st = steps[i].seconds, off = steps[i].offset;
		hr_time t = off + floor_div(c->from - off, st) * st;
		for (; t <= c->to; t += st)
			if (t >= c->from) {
				x_tick(c, t, with_hours);
				if (first == HR_TIME_NONE)
					first = t;
			}
	} else {
		char full[HR_TIME_BUFSZ];
		int y = 0, mo = 0;
		int64_t m = -1;
		hr_time_format(full, c->from);
		if (sscanf(full, "%d-%d", &y, &mo) == 2) {
			m = (int64_t)y * 12 + (mo - 1);
			m += (steps[i].months - m % steps[i].months) % steps[i].months;
		}
		for (; m >= 0; m += steps[i].months) {
			hr_time t = month_start(m);
			if (t == HR_TIME_NONE || t > c->to)
				break;
			if (t >= c->from) {
				x_tick(c, t, 0);
				if (first == HR_TIME_NONE)
					first = t;
			}
		}
	}
	if (first == HR_TIME_NONE || xof(c, first) - X0 > 140) {
		char label[32];
		tick_label(label, sizeof label, c->from, c->from % DAY != 0);
		hr_buf_printf(&c->b,
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_TEXT
		              "\" stroke-width=\"1\"/>\n",
		              X0, Y1, X0, Y1 + 5);
		hr_svg__text(&c->b, X0 - 2, Y1 + 18,
		             "font-size=\"11\" text-anchor=\"start\" fill=\"" C_TEXT "\"", label);
	}
	hr_svg__text(&c->b, (X0 + X1) / 2, Y1 + 40,
	             "font-size=\"12\" text-anchor=\"middle\" fill=\"" C_TEXT "\"", c->w->x_label);
}

static void y_axis(curve *c)
{
	int lo = (int)c->lo, hi = (int)c->hi, every = hi - lo > 9 ? 2 : 1;
	const char *const *lines = c->prob ? c->w->y_prob : c->w->y_expected;
	char label[48];
	double mid = (Y0 + Y1) / 2;

	for (int k = lo; k <= hi; k++) {
		double y = yof(c, pow(10, k));
		hr_buf_printf(&c->b,
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_GRID
		              "\" stroke-width=\"1\"/>\n"
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_TEXT
		              "\" stroke-width=\"1\"/>\n",
		              X0, y, X1, y, X0 - 5, y, X0, y);
		if ((k - lo) % every == 0)
			hr_svg__text(&c->b, X0 - 8, y + 4,
			             "font-size=\"11\" text-anchor=\"end\" fill=\"" C_TEXT "\"",
			             hr_plot__decade(label, sizeof label, k, c->prob));
	}
	for (int i = 0; i < 2 && lines[i]; i++) {
		double x = lines[1] ? 20.0 + 16.0 * i : 28.0;
		hr_buf_printf(&c->b,
		              "<text x=\"%.1f\" y=\"%.1f\" transform=\"rotate(-90 %.1f %.1f)\" "
		              "font-size=\"12\" text-anchor=\"middle\" fill=\"" C_TEXT "\">",
		              x, mid, x, mid);
		hr_svg__esc(&c->b, lines[i]);
		hr_buf_printf(&c->b, "</text>\n");
	}
}

/* ---- overlays ------------------------------------------------------------ */

static int cmp_span(const void *a, const void *b)
{
	const span *x = a, *y = b;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

/*
 * A label in the strip above the plot, in the first row where it does not
 * meet another; beside x, to its right when it fits. Not drawn when no row
 * has room (the mark itself is still drawn).
 * @return the row's baseline, or 0 when not placed
 */
static double strip_label(curve *c, double x, const char *text, const char *color)
{
	double w = hr_svg__width(text, 11), a = x + 4, b = x + 4 + w;
	int end = 0;

	if (b > W - 8) {
		a = x - 4 - w;
		b = x - 4;
		end = 1;
	}
	for (int row = 0; row < STRIP_ROWS; row++) {
		int free = c->nplaced[row] < MAX_LABELS;
		for (size_t i = 0; free && i < c->nplaced[row]; i++)
			if (a < c->placed[row][i].b + 8 && b + 8 > c->placed[row][i].a)
				free = 0;
		if (!free)
			continue;
		c->placed[row][c->nplaced[row]].a = a;
		c->placed[row][c->nplaced[row]].b = b;
		c->nplaced[row]++;
		hr_buf_printf(&c->labels,
		              "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\" "
		              "fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"4\" "
		              "paint-order=\"stroke\">",
		              end ? b : a, STRIP_Y + STRIP_DY * row, end ? "end" : "start", color);
		hr_svg__esc(&c->labels, text);
		hr_buf_printf(&c->labels, "</text>\n");
		return STRIP_Y + STRIP_DY * row;
	}
	return 0;
}

/* SD windows, one per entry (earliest emplacement + sd_min to latest +
 * sd_max), merged where they meet; at least 3 px wide so that a window of
 * a single moment still shows. */
static int sd_windows(curve *c, span **out, size_t *n)
{
	span *v = NULL;
	size_t k = 0, m = 0;

	*out = NULL;
	*n = 0;
	if (c->in->n == 0)
		return 0;
	v = hr__malloc(c->in->n * sizeof *v);
	if (!v)
		return HR_ENOMEM;
	for (size_t i = 0; i < c->in->n; i++) {
		const hr_risk_entry *e = &c->in->entries[i];
		hr_time e0, e1, a, b;
		hr_plot_timers tm;
		if (!hr_plot__nonpersistent(e->cls) || e->count == 0)
			continue;
		hr_plot__entry_times(c->in, e, &e0, &e1);
		if (e1 == HR_TIME_NONE)
			continue;
		tm = hr_plot__timers(e->cls);
		a = hr_plot__after_hours(e0 != HR_TIME_NONE ? e0 : e1, tm.sd_min);
		b = hr_plot__after_hours(e1, tm.sd_max);
		if (b < c->from || a > c->to)
			continue;
		v[k].a = (double)a;
		v[k].b = (double)b;
		k++;
	}
	qsort(v, k, sizeof *v, cmp_span);
	for (size_t i = 0; i < k; i++) {
		if (m > 0 && v[i].a <= v[m - 1].b) {
			if (v[i].b > v[m - 1].b)
				v[m - 1].b = v[i].b;
			continue;
		}
		v[m++] = v[i];
	}
	*out = v;
	*n = m;
	return 0;
}

static void draw_windows(curve *c, const span *win, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		hr_time a = (hr_time)win[i].a, b = (hr_time)win[i].b;
		double xa = xof(c, a < c->from ? c->from : a), xb = xof(c, b > c->to ? c->to : b);
		if (xb - xa < 3) {
			double mid = (xa + xb) / 2;
			xa = mid - 1.5;
			xb = mid + 1.5;
		}
		hr_buf_printf(&c->b,
		              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"" C_SD
		              "\" fill-opacity=\"0.35\"/>\n",
		              xa, Y0, xb - xa, Y1 - Y0);
	}
}

static void label_windows(curve *c, const span *win, size_t n)
{
	char date[16], text[96];
	for (size_t i = 0; i < n; i++) {
		hr_time a = (hr_time)win[i].a;
		double x = xof(c, a < c->from ? c->from : a), y;
		snprintf(text, sizeof text, "%s %s", c->w->lab_sd, hr_plot__date(date, sizeof date, a));
		y = strip_label(c, x, text, "#8a6500");
		if (y > 0)
			hr_buf_printf(&c->b,
			              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_SD
			              "\" stroke-width=\"2\"/>\n",
			              x, y + 3, x, Y0);
	}
}

static void draw_sda(curve *c, const hr_plot_event *ev, size_t nev)
{
	char date[16], text[96];
	for (size_t i = 0; i < nev; i++) {
		double x, y;
		if (ev[i].kind != HR_PLOT_SDA || !(ev[i].bounds & HR_PLOT_CONS) || ev[i].t < c->from ||
		    ev[i].t > c->to)
			continue;
		if (i > 0 && ev[i - 1].kind == HR_PLOT_SDA && ev[i - 1].t == ev[i].t &&
		    (ev[i - 1].bounds & HR_PLOT_CONS))
			continue; /* the same moment for another class */
		x = xof(c, ev[i].t);
		snprintf(text, sizeof text, "%s %s", c->w->lab_sda,
		         hr_plot__date(date, sizeof date, ev[i].t));
		y = strip_label(c, x, text, C_TEXT);
		hr_buf_printf(&c->b,
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_TEXT
		              "\" stroke-width=\"1.5\" stroke-dasharray=\"7,4\"/>\n",
		              x, y > 0 ? y + 3 : Y0, x, Y1);
	}
}

/* The line of one bound, broken where it is zero (nothing emplaced yet). */
static void draw_line(curve *c, int bound, const char *color, double width)
{
	int open = 0;
	for (size_t i = 0; i < c->n; i++) {
		double v = c->v[i][bound];
		if (!(v > 0)) {
			if (open)
				hr_buf_printf(&c->b, "\"/>\n");
			open = 0;
			continue;
		}
		if (!open)
			hr_buf_printf(&c->b,
			              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" "
			              "stroke-linejoin=\"round\" points=\"",
			              color, width);
		hr_buf_printf(&c->b, "%s%.1f,%.1f", open ? " " : "", xof(c, c->t[i]), yof(c, v));
		open = 1;
	}
	if (open)
		hr_buf_printf(&c->b, "\"/>\n");
}

static void draw_band(curve *c)
{
	if (c->n == 0)
		return;
	hr_buf_printf(&c->b, "<polygon fill=\"" C_BAND "\" fill-opacity=\"0.22\" stroke=\"none\" "
	                     "points=\"");
	for (size_t i = 0; i < c->n; i++)
		hr_buf_printf(&c->b, "%s%.1f,%.1f", i ? " " : "", xof(c, c->t[i]),
		              yof(c, c->v[i][HR_CONSERVATIVE]));
	for (size_t i = c->n; i-- > 0;)
		hr_buf_printf(&c->b, " %.1f,%.1f", xof(c, c->t[i]), yof(c, c->v[i][HR_OPTIMISTIC]));
	hr_buf_printf(&c->b, "\"/>\n");
}

static void draw_at(curve *c, hr_time at, const hr_risk *r)
{
	char date[16], text[64];
	double x, y;

	if (at < c->from || at > c->to)
		return;
	x = xof(c, at);
	snprintf(text, sizeof text, "%s %s", c->w->lab_at, hr_plot__date(date, sizeof date, at));
	y = strip_label(c, x, text, C_TEXT);
	hr_buf_printf(&c->b,
	              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_TEXT
	              "\" stroke-width=\"1.5\"/>\n",
	              x, y > 0 ? y + 3 : Y0, x, Y1);
	for (int b = 1; b >= 0; b--)
		hr_buf_printf(&c->b,
		              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#ffffff\" "
		              "stroke=\"%s\" stroke-width=\"2\"/>\n",
		              x, yof(c, value(c, r, b)), b == HR_CONSERVATIVE ? C_CONS : C_OPT);
}

/* ---- header and legend --------------------------------------------------- */

/* At most max code points of s, with "…" when cut. */
static void clip_text(char *buf, size_t len, const char *s, size_t max)
{
	size_t i = 0, n = 0;
	while (s[i] && len > 4 && i < len - 4) {
		if ((s[i] & 0xc0) != 0x80 && ++n > max)
			break;
		i++;
	}
	snprintf(buf, len, "%.*s%s", (int)i, s, s[i] ? "\xe2\x80\xa6" : "");
}

/* "AREA-ID (name) — status: STATUS — classification" */
static void make_title(const curve *c, char *title, size_t len)
{
	const hr_risk_inputs *in = c->in;
	char name[256], status[96];

	clip_text(name, sizeof name, in->name ? in->name : "", 48);
	status_words(c->w, in->status, status, sizeof status);
	snprintf(title, len, "%s%s%s%s \xe2\x80\x94 %s: %s \xe2\x80\x94 %s",
	         in->area_id ? in->area_id : "?", in->name ? " (" : "", name, in->name ? ")" : "",
	         c->w->status, status, in->classification ? in->classification : "?");
}

static void header(curve *c, const char *title, hr_time at, const hr_risk *r)
{
	char line[512], t[HR_TIME_BUFSZ], ph[96], v1[32], v2[32];

	hr_svg__text(&c->b, 24, 30, "font-size=\"17\" font-weight=\"bold\" fill=\"" C_TEXT "\"",
	             title);
	hr_svg__text(&c->b, 24, 52, "font-size=\"12\" fill=\"" C_TEXT "\"", c->w->doctrine);
	hr_time_format(t, at);
	snprintf(line, sizeof line, "%s %s \xe2\x80\x94 %s: %s%s%s", c->w->at, t, c->w->phase,
	         phase_words(c->w, r->phase, ph, sizeof ph),
	         r->phase == HR_PHASE_PERSISTENT ? " \xe2\x80\x94 " : "",
	         r->phase == HR_PHASE_PERSISTENT ? c->w->persistent_note : "");
	hr_svg__text(&c->b, 24, 72, "font-size=\"12\" font-weight=\"bold\" fill=\"" C_TEXT "\"",
	             line);
	snprintf(line, sizeof line, "%s: %s (%s), %s (%s)", c->prob ? c->w->p_any : c->w->expected,
	         hr_plot__num(v1, sizeof v1, value(c, r, HR_CONSERVATIVE), c->prob), c->w->cons,
	         hr_plot__num(v2, sizeof v2, value(c, r, HR_OPTIMISTIC), c->prob), c->w->opt);
	hr_svg__text(&c->b, 24, 90, "font-size=\"12\" fill=\"" C_TEXT "\"", line);
}

typedef enum { SW_LINE, SW_BAND, SW_SD, SW_DASH } swatch;

static double legend_item(curve *c, double x, double y, swatch sw, const char *color,
                          const char *text)
{
	switch (sw) {
	case SW_LINE:
	case SW_DASH:
		hr_buf_printf(&c->b,
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		              "stroke-width=\"%s\"%s/>\n",
		              x, y - 4, x + 28, y - 4, color, sw == SW_DASH ? "1.5" : "2.5",
		              sw == SW_DASH ? " stroke-dasharray=\"7,4\"" : "");
		break;
	case SW_BAND:
	case SW_SD:
		hr_buf_printf(&c->b,
		              "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"11\" fill=\"%s\" "
		              "fill-opacity=\"%s\"/>\n",
		              x, y - 10, color, sw == SW_SD ? "0.35" : "0.22");
		break;
	}
	hr_svg__text(&c->b, x + 34, y, "font-size=\"11.5\" fill=\"" C_TEXT "\"", text);
	return x + 34 + hr_svg__width(text, 11.5) + 26;
}

static void legend(curve *c)
{
	const words *w = c->w;
	double x = X0, y = Y1 + 68;

	x = legend_item(c, x, y, SW_LINE, C_CONS, w->leg_cons);
	x = legend_item(c, x, y, SW_LINE, C_OPT, w->leg_opt);
	legend_item(c, x, y, SW_BAND, C_BAND, w->leg_band);
	x = X0;
	y += 22;
	x = legend_item(c, x, y, SW_SD, C_SD, w->leg_sd);
	x = legend_item(c, x, y, SW_DASH, C_TEXT, w->leg_sda);
	legend_item(c, x, y, SW_LINE, C_TEXT, w->leg_at);
}

int hr_plot_risk_svg(char **out, const hr_risk_inputs *in, hr_time from, hr_time to, hr_time at,
                     const char *lang)
{
	curve c;
	hr_plot_event *ev = NULL;
	size_t nev = 0, nwin = 0;
	span *win = NULL;
	hr_risk r;
	char title[512];
	int rc;

	memset(&c, 0, sizeof c);
	if (!out || !in || (in->n && !in->entries) || from == HR_TIME_NONE ||
	    to == HR_TIME_NONE || to <= from || at == HR_TIME_NONE)
		return HR_EINVAL;
	*out = NULL;
	if (!lang || strcmp(lang, "en") == 0)
		c.w = &en;
	else if (strcmp(lang, "uk") == 0)
		c.w = &uk;
	else
		return HR_EINVAL;
	c.in = in;
	c.from = from;
	c.to = to;
	if ((rc = hr_plot_events(&ev, &nev, in)))
		goto done;
	hr_risk_eval(&r, in->entries, in->n, in->reported, at, 1.0);
	c.prob = r.count_unknown || in->n == 0;
	if ((rc = sample(&c, ev, nev)) || (rc = sd_windows(&c, &win, &nwin)))
		goto done;
	y_range(&c);

	make_title(&c, title, sizeof title);
	hr_svg__open(&c.b, W, H, title);
	draw_windows(&c, win, nwin);
	y_axis(&c);
	x_axis(&c);
	hr_buf_printf(&c.b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
	                    "fill=\"none\" stroke=\"" C_TEXT "\" stroke-width=\"1\"/>\n",
	              X0, Y0, X1 - X0, Y1 - Y0);
	draw_band(&c);
	draw_line(&c, HR_CONSERVATIVE, C_CONS, 3);
	draw_line(&c, HR_OPTIMISTIC, C_OPT, 2);
	if (in->n == 0)
		hr_svg__text(&c.b, (X0 + X1) / 2, (Y0 + Y1) / 2 + 30,
		             "font-size=\"13\" text-anchor=\"middle\" fill=\"" C_TEXT "\"",
		             c.w->none_recorded);
	label_windows(&c, win, nwin);
	draw_sda(&c, ev, nev);
	draw_at(&c, at, &r);
	hr_buf_put(&c.b, c.labels.p ? c.labels.p : (unsigned char *)"", c.labels.len);
	header(&c, title, at, &r);
	legend(&c);
	hr_svg__close(&c.b);
	if (c.b.oom || c.labels.oom) {
		rc = HR_ENOMEM;
		goto done;
	}
	*out = (char *)c.b.p;
	c.b.p = NULL;
done:
	hr_buf_free(&c.b);
	hr_buf_free(&c.labels);
	hr_free(c.t);
	hr_free(c.v);
	hr_free(win);
	hr_free(ev);
	return rc;
}
