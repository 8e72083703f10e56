/*
 * plot_summary.c - open hazardous land per administrative area as SVG: one
 * horizontal bar per oblast or raion (hr_summary_by_adm), SHA and CHA
 * stacked, the km² written at the end of each bar, on a linear axis with
 * round ticks. Bars are a fixed height, so 25 oblasts make a tall but
 * readable page; labels that would not fit are cut with an ellipsis.
 */
#include "formats/plot_int.h"
#include "hazreg/summary.h"

#include <math.h>
#include <string.h>

#define W 960
#define LABEL_W 300.0 /* the area's p-code and name */
#define X0 (LABEL_W + 16)
#define X1 (W - 110.0)
#define TOP 96.0
#define BAR_H 22.0
#define GAP 6.0
#define BOTTOM 90.0

#define C_SHA "#fdae61"
#define C_CHA "#d7191c"
#define C_GRID "#d9d9d9"
#define C_TEXT "#222222"

/* A round step for about five ticks up to max. */
static double tick_step(double max)
{
	double raw = max / 5, p = pow(10, floor(log10(raw))), f = raw / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* The label of a row: "UA14 Donetska", cut to fit LABEL_W. */
static void row_label(char *buf, size_t len, const hr_summary_row *r)
{
	size_t max = (size_t)(LABEL_W / (12 * 0.58)), n = 0, cut = 0;
	if (!r->pcode)
		hr__fmt(buf, len, "outside every boundary");
	else
		hr__fmt(buf, len, "%s %s", r->pcode, r->name ? r->name : "");
	for (const unsigned char *p = (const unsigned char *)buf; *p; p++)
		if ((*p & 0xc0) != 0x80 && ++n == max)
			cut = (size_t)((const char *)p - buf);
	if (n > max && cut + 4 < len)
		memcpy(buf + cut, "\xe2\x80\xa6", 4); /* "…" */
}

static void km2(char *buf, size_t len, double v)
{
	hr__fmt(buf, len, "%.3f", v);
}

static void bar(hr_buf *b, const hr_summary_row *r, double y, double scale)
{
	char label[160], v[64];
	double w1 = r->sha_km2 * scale, w2 = r->cha_km2 * scale;
	hr_buf_printf(b, "<g class=\"bar\" data-pcode=\"");
	hr_svg__esc(b, r->pcode ? r->pcode : "");
	hr_buf_printf(b, "\">\n");
	row_label(label, sizeof label, r);
	hr_svg__text(b, LABEL_W, y + BAR_H - 6, "font-size=\"12\" text-anchor=\"end\" fill=\"" C_TEXT "\"",
	             label);
	hr_buf_printf(b,
	              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"" C_SHA
	              "\"><title>SHA %.3f km²</title></rect>\n",
	              X0, y, w1, BAR_H, r->sha_km2);
	hr_buf_printf(b,
	              "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"" C_CHA
	              "\"><title>CHA %.3f km²</title></rect>\n",
	              X0 + w1, y, w2, BAR_H, r->cha_km2);
	km2(v, sizeof v, r->sha_km2 + r->cha_km2);
	hr_svg__text(b, X0 + w1 + w2 + 6, y + BAR_H - 6, "font-size=\"12\" fill=\"" C_TEXT "\"", v);
	hr_buf_printf(b, "</g>\n");
}

int hr_summary_svg(char **out, const hr_summary *s)
{
	hr_buf b = {0};
	char title[160], t[HR_TIME_BUFSZ], v[64];
	size_t nbars;
	double max = 0, step, scale, y, height;
	int outside;
	if (!out || !s || (s->n && !s->rows))
		return HR_EINVAL;
	*out = NULL;
	outside = s->outside.sha_km2 + s->outside.cha_km2 > 0;
	nbars = s->n + (outside ? 1 : 0);
	for (size_t i = 0; i <= s->n; i++) {
		const hr_summary_row *r = i < s->n ? &s->rows[i] : &s->outside;
		if (r->sha_km2 + r->cha_km2 > max)
			max = r->sha_km2 + r->cha_km2;
	}
	step = max > 0 ? tick_step(max) : 1;
	max = max > 0 ? ceil(max / step) * step : 1;
	scale = (X1 - X0) / max;
	height = TOP + (double)nbars * (BAR_H + GAP) + BOTTOM;
	hr__fmt(title, sizeof title, "Open hazardous land by %s (adm%d) at %s, km\xc2\xb2",
	        s->level == 1 ? "oblast" : "raion", s->level, hr_plot__date(t, sizeof t, s->at));
	hr_svg__open(&b, W, (int)height, title);
	hr_svg__text(&b, 16, 30, "font-size=\"18\" font-weight=\"bold\" fill=\"" C_TEXT "\"", title);
	hr_svg__text(&b, 16, 52, "font-size=\"12\" fill=\"" C_TEXT "\"",
	             "Land hazardous until released by survey or clearance. An area that "
	             "straddles a boundary is split between the areas it lies in.");
	/* legend */
	hr_buf_printf(&b, "<rect x=\"%.1f\" y=\"64\" width=\"14\" height=\"14\" fill=\"" C_SHA
	                  "\"/>\n",
	              X0);
	hr_svg__text(&b, X0 + 20, 76, "font-size=\"12\" fill=\"" C_TEXT "\"",
	             "SHA, suspected hazardous area");
	hr_buf_printf(&b, "<rect x=\"%.1f\" y=\"64\" width=\"14\" height=\"14\" fill=\"" C_CHA
	                  "\"/>\n",
	              X0 + 250);
	hr_svg__text(&b, X0 + 270, 76, "font-size=\"12\" fill=\"" C_TEXT "\"",
	             "CHA, confirmed hazardous area");
	/* grid and ticks */
	y = TOP + (double)nbars * (BAR_H + GAP);
	for (double x = 0; x <= max + step / 2; x += step) {
		double px = X0 + x * scale;
		hr_buf_printf(&b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_GRID
		                  "\"/>\n",
		              px, TOP - 4, px, y);
		hr_svg__text(&b, px, y + 18, "font-size=\"11\" text-anchor=\"middle\" fill=\"" C_TEXT "\"",
		             hr_plot__num(v, sizeof v, x, 0));
	}
	hr_svg__text(&b, (X0 + X1) / 2, y + 40, "font-size=\"12\" text-anchor=\"middle\" fill=\"" C_TEXT "\"",
	             "open land, km\xc2\xb2");
	y = TOP;
	for (size_t i = 0; i < s->n; i++, y += BAR_H + GAP)
		bar(&b, &s->rows[i], y, scale);
	if (outside)
		bar(&b, &s->outside, y, scale);
	hr_svg__close(&b);
	if (b.oom) {
		hr_buf_free(&b);
		return HR_ENOMEM;
	}
	*out = (char *)b.p;
	return 0;
}
