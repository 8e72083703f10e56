/*
 * plot_reliability.c - field evidence on self-destruct as SVG: for each
 * device class, the fraction of devices found still live after their SD
 * window (posterior mean and 95% interval from hr_register_reliability)
 * next to the catalogue's optimistic and conservative bounds, on a log
 * scale. When the evidence of a class is worse than its conservative
 * bound, that is the headline at the top, in bold: the chart exists to
 * hold assurances to account.
 */
#include "formats/plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define H 600
#define X0 112.0
#define Y0 140.0
#define Y1 430.0
#define COL_W 240.0
#define MIN_W 900

#define C_CONS "#b2182b"
#define C_OPT "#2166ac"
#define C_EVID "#222222"
#define C_WORSE "#b2182b"
#define C_GRID "#d9d9d9"
#define C_TEXT "#222222"

typedef struct {
	hr_buf b;
	double lo, hi; /* log10 of the y range */
} chart;

static double yof(const chart *c, double v)
{
	double l = v > 0 ? log10(v) : c->lo;
	if (l < c->lo)
		l = c->lo;
	if (l > c->hi)
		l = c->hi;
	return Y1 - (Y1 - Y0) * (l - c->lo) / (c->hi - c->lo);
}

static void y_range(chart *c, const hr_reliability *r)
{
	double min = 0;
	for (size_t i = 0; i < r->n; i++) {
		const hr_reliability_row *w = &r->rows[i];
		double v[5] = {w->n ? w->lo : 0, w->n ? w->mean : 0, 0, 0, 0};
		if (!w->persistent) {
			v[2] = w->sd_fail[HR_OPTIMISTIC];
			v[3] = w->sd_fail[HR_CONSERVATIVE];
		}
		for (int k = 0; k < 4; k++)
			if (v[k] > 0 && isfinite(v[k]) && (min == 0 || v[k] < min))
				min = v[k];
	}
	c->hi = 0;
	c->lo = min > 0 ? floor(log10(min) - 0.2) : -3;
	if (c->lo < -12)
		c->lo = -12;
	if (c->lo > -2)
		c->lo = -2;
}

static void axis(chart *c, double x1)
{
	char label[48];
	double mid = (Y0 + Y1) / 2;
	int lo = (int)c->lo, every = -lo > 9 ? 2 : 1;

	for (int k = lo; k <= 0; k++) {
		double y = yof(c, pow(10, k));
		hr_buf_printf(&c->b,
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_GRID
		              "\" stroke-width=\"1\"/>\n"
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_TEXT
		              "\" stroke-width=\"1\"/>\n",
		              X0, y, x1, y, X0 - 5, y, X0, y);
		if ((k - lo) % every == 0)
			hr_svg__text(&c->b, X0 - 8, y + 4,
			             "font-size=\"11\" text-anchor=\"end\" fill=\"" C_TEXT "\"",
			             hr_plot__decade(label, sizeof label, k, 1));
	}
	hr_buf_printf(&c->b,
	              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
	              "stroke=\"" C_TEXT "\" stroke-width=\"1\"/>\n",
	              X0, Y0, x1 - X0, Y1 - Y0);
	hr_buf_printf(&c->b,
	              "<text x=\"26.0\" y=\"%.1f\" transform=\"rotate(-90 26.0 %.1f)\" "
	              "font-size=\"12\" text-anchor=\"middle\" fill=\"" C_TEXT "\">",
	              mid, mid);
	hr_svg__esc(&c->b, "Still live after the SD window (log scale)");
	hr_buf_printf(&c->b, "</text>\n");
}

/* A catalogue bound: a short bar beside the evidence, with its value. */
static void bound_mark(chart *c, double x, double y, double ty, const char *color,
                       const char *name, double v)
{
	char num[32], text[64];
	hr_buf_printf(&c->b,
	              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
	              "stroke-width=\"3\"/>\n",
	              x, y, x + 24, y, color);
	snprintf(text, sizeof text, "%s %s", name, hr_plot__num(num, sizeof num, v, 1));
	hr_svg__text(&c->b, x + 29, ty + 4, "font-size=\"10.5\" fill=\"" C_TEXT "\"", text);
}

static void column(chart *c, const hr_reliability_row *w, double cx)
{
	char text[128];
	const char *vd = hr_reliability_verdict(w);

	if (w->n > 0) {
		const char *col = w->worse_than_conservative ? C_WORSE : C_EVID;
		double x = cx - 30, ylo = yof(c, w->lo), yhi = yof(c, w->hi);
		hr_buf_printf(&c->b,
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		              "stroke-width=\"2\"/>\n"
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		              "stroke-width=\"2\"/>\n"
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		              "stroke-width=\"2\"/>\n"
		              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5.5\" fill=\"%s\"/>\n",
		              x, ylo, x, yhi, col, x - 7, ylo, x + 7, ylo, col, x - 7, yhi, x + 7, yhi,
		              col, x, yof(c, w->mean), col);
	} else {
		hr_svg__text(&c->b, cx, (Y0 + Y1) / 2,
		             "font-size=\"11\" text-anchor=\"middle\" fill=\"#666666\"",
		             "no evidence yet");
	}
	if (!w->persistent) {
		double yc = yof(c, w->sd_fail[HR_CONSERVATIVE]), yo = yof(c, w->sd_fail[HR_OPTIMISTIC]);
		double tc = yc, to = yo;
		if (to - tc < 13) { /* keep the two values readable when the bounds are close */
			double mid = (tc + to) / 2;
			tc = mid - 6.5;
			to = mid + 6.5;
		}
		bound_mark(c, cx - 12, yc, tc, C_CONS, "cons.", w->sd_fail[HR_CONSERVATIVE]);
		bound_mark(c, cx - 12, yo, to, C_OPT, "opt.", w->sd_fail[HR_OPTIMISTIC]);
	}
	hr_svg__text(&c->b, cx, Y1 + 20,
	             "font-size=\"12.5\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"" C_TEXT
	             "\"",
	             w->class_id ? w->class_id : "?");
	snprintf(text, sizeof text, "n = %llu, k = %llu live", (unsigned long long)w->n,
	         (unsigned long long)w->k);
	hr_svg__text(&c->b, cx, Y1 + 37,
	             "font-size=\"11.5\" text-anchor=\"middle\" fill=\"" C_TEXT "\"", text);
	if (w->n > 0) {
		char m[32], lo[32], hi[32];
		snprintf(text, sizeof text, "%s (%s to %s)", hr_plot__num(m, sizeof m, w->mean, 1),
		         hr_plot__num(lo, sizeof lo, w->lo, 1), hr_plot__num(hi, sizeof hi, w->hi, 1));
		hr_svg__text(&c->b, cx, Y1 + 53,
		             "font-size=\"11.5\" text-anchor=\"middle\" fill=\"" C_TEXT "\"", text);
	}
	snprintf(text, sizeof text, "skipped: %llu", (unsigned long long)w->skipped);
	hr_svg__text(&c->b, cx, Y1 + 69, "font-size=\"10.5\" text-anchor=\"middle\" fill=\"#555555\"",
	             text);
	hr_svg__text(&c->b, cx, Y1 + 86,
	             w->worse_than_conservative
	                     ? "font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" "
	                       "fill=\"" C_WORSE "\""
	                     : "font-size=\"11\" text-anchor=\"middle\" fill=\"" C_TEXT "\"",
	             vd);
}

static void headline(chart *c, const hr_reliability *r)
{
	size_t worse = 0;
	for (size_t i = 0; i < r->n; i++)
		worse += r->rows[i].worse_than_conservative != 0;
	if (worse == 0) {
		hr_svg__text(&c->b, 24, 56, "font-size=\"13\" fill=\"" C_TEXT "\"",
		             "Field evidence is not worse than the conservative bound for any class "
		             "shown.");
		return;
	}
	hr_buf_printf(&c->b, "<text x=\"24.0\" y=\"56.0\" font-size=\"14.5\" font-weight=\"bold\" "
	                     "fill=\"" C_WORSE "\">");
	hr_svg__esc(&c->b, "Field evidence is worse than the conservative bound for:");
	for (size_t i = 0, k = 0; i < r->n; i++) {
		if (!r->rows[i].worse_than_conservative)
			continue;
		hr_buf_printf(&c->b, "%s", k++ ? ", " : " ");
		hr_svg__esc(&c->b, r->rows[i].class_id);
	}
	hr_buf_printf(&c->b, "</text>\n");
}

static double legend_item(chart *c, double x, double y, const char *color, int evidence,
                          const char *text)
{
	if (evidence)
		hr_buf_printf(&c->b,
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		              "stroke-width=\"2\"/>\n<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" "
		              "fill=\"%s\"/>\n",
		              x + 12, y - 12, x + 12, y + 4, color, x + 12, y - 4, color);
	else
		hr_buf_printf(&c->b,
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		              "stroke-width=\"3\"/>\n",
		              x, y - 4, x + 24, y - 4, color);
	hr_svg__text(&c->b, x + 30, y, "font-size=\"11.5\" fill=\"" C_TEXT "\"", text);
	return x + 30 + hr_svg__width(text, 11.5) + 26;
}

/*
 * One column per class and window: the SD window (found past it, before
 * the SDA deadline, against P(SD fails)) and, when there is such evidence,
 * "after SDA" (found past the SDA deadline, against P(live after SDA)).
 * Names of the extra columns are written into `names`.
 */
static size_t columns(hr_reliability_row *cols, char (*names)[160], const hr_reliability *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const hr_reliability_row *w = &r->rows[i];
		cols[n] = *w;
		cols[n].n_sda = cols[n].k_sda = 0;
		cols[n].worse_than_conservative = w->sd_worse;
		n++;
		if (w->n_sda == 0)
			continue;
		memset(&cols[n], 0, sizeof cols[n]);
		snprintf(names[i], sizeof names[i], "%s after SDA", w->class_id ? w->class_id : "?");
		cols[n].class_id = names[i];
		cols[n].n = w->n_sda;
		cols[n].k = w->k_sda;
		cols[n].mean = w->mean_sda;
		cols[n].lo = w->lo_sda;
		cols[n].hi = w->hi_sda;
		cols[n].sd_fail[0] = w->sda_live[0];
		cols[n].sd_fail[1] = w->sda_live[1];
		cols[n].estimable = w->estimable;
		cols[n].sd_worse = cols[n].worse_than_conservative = w->sda_worse;
		n++;
	}
	return n;
}

int hr_plot_reliability_svg(char **out, const hr_reliability *in)
{
	chart c;
	int width;
	double x1, x;
	int rc = 0;
	hr_reliability_row *cols = NULL;
	char (*names)[160] = NULL;
	hr_reliability view, *r = &view;

	memset(&c, 0, sizeof c);
	if (!out || !in || (in->n && !in->rows))
		return HR_EINVAL;
	*out = NULL;
	cols = calloc(2 * in->n + 1, sizeof *cols);
	names = calloc(in->n + 1, sizeof *names);
	if (!cols || !names) {
		free(cols);
		free(names);
		return HR_ENOMEM;
	}
	view.rows = cols;
	view.n = columns(cols, names, in);
	width = 140 + (int)(COL_W * (double)(r->n ? r->n : 1));
	if (width < MIN_W)
		width = MIN_W;
	x1 = width - 28.0;
	y_range(&c, r);

	hr_svg__open(&c.b, width, H, "Field evidence on self-destruct, by device class");
	hr_svg__text(&c.b, 24, 30, "font-size=\"17\" font-weight=\"bold\" fill=\"" C_TEXT "\"",
	             "Field evidence on self-destruct, by device class");
	headline(&c, r);
	hr_svg__text(&c.b, 24, 80, "font-size=\"12\" fill=\"" C_TEXT "\"",
	             "Devices found still live after their SD window, per class: posterior mean "
	             "and 95% credible interval");
	hr_svg__text(&c.b, 24, 98, "font-size=\"12\" fill=\"" C_TEXT "\"",
	             "(Beta(1 + k, 1 + n \xe2\x88\x92 k), uniform prior) from n items found past "
	             "the window, k of them live.");
	hr_svg__text(&c.b, 24, 116, "font-size=\"12\" fill=\"" C_TEXT "\"",
	             "Hazardous until released by survey or clearance. The model informs "
	             "priorities; it never releases land.");
	axis(&c, x1);
	for (size_t i = 0; i < r->n; i++)
		column(&c, &r->rows[i], X0 + (x1 - X0) * ((double)i + 0.5) / (double)r->n);
	if (r->n == 0)
		hr_svg__text(&c.b, (X0 + x1) / 2, (Y0 + Y1) / 2,
		             "font-size=\"13\" text-anchor=\"middle\" fill=\"" C_TEXT "\"",
		             "No device class to show.");
	legend_item(&c, X0, H - 42, C_EVID, 1, "Field evidence: mean and 95% interval");
	x = legend_item(&c, X0, H - 18, C_CONS, 0, "Conservative bound (CCW Amended Protocol II)");
	legend_item(&c, x, H - 18, C_OPT, 0, "Optimistic bound (maker\xe2\x80\x99s claim)");
	hr_svg__close(&c.b);
	if (c.b.oom) {
		rc = HR_ENOMEM;
		goto done;
	}
	*out = (char *)c.b.p;
	c.b.p = NULL;
done:
	hr_buf_free(&c.b);
	free(cols);
	free(names);
	return rc;
}
