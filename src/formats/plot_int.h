/*
 * plot_int.h - what the picture writers of src/formats share: SVG text
 * building (escaping, the document frame), the labels of a log-scale axis
 * and plain decimal numbers for people. Every number goes through a fixed
 * format so that the same input gives the same bytes.
 */
#ifndef HR_PLOT_INT_H
#define HR_PLOT_INT_H

#include "core/core_int.h"

/* The one font stack of every picture: no external fonts or CSS. */
#define HR_SVG_FONT "DejaVu Sans, sans-serif"

/* XML declaration, <svg> with its size, <title>, and a white background. */
void hr_svg__open(hr_buf *b, int width, int height, const char *title);
void hr_svg__close(hr_buf *b);

/* Text escaped for XML; control characters that XML 1.0 forbids become '?'. */
void hr_svg__esc(hr_buf *b, const char *s);

/*
 * <text x y ATTRS>TEXT</text>; attrs is markup written as is (a literal
 * such as "font-size=\"12\" text-anchor=\"end\""), text is escaped.
 */
void hr_svg__text(hr_buf *b, double x, double y, const char *attrs, const char *text);

/* Characters (UTF-8 code points) in s, to estimate the width of a label. */
size_t hr_svg__chars(const char *s);

/* Rough width in pixels of a label in DejaVu Sans at a font size. */
double hr_svg__width(const char *s, double size);

/*
 * The label of the decade 10^k: "100", "1", "0.001" (to 10^-6), then
 * "10⁻⁷"; with percent, 10^k as a percentage ("100%", "0.1%").
 */
const char *hr_plot__decade(char *buf, size_t len, int k, int percent);

/*
 * A value for people: plain decimal with two significant digits ("12",
 * "0.72", "0.00006"), "0" for zero; below 1e-9 in scientific notation.
 * With percent, v is a probability shown as a percentage.
 */
const char *hr_plot__num(char *buf, size_t len, double v, int percent);

/* "YYYY-MM-DD" of a time (UTC). */
const char *hr_plot__date(char *buf, size_t len, hr_time t);

/* ---- the model's timers, as plot_events.c reads them ---- */

/* Emplacement bounds of an entry as the model reads them (risk.h): e0 the
 * earliest (NONE: "long ago"), e1 the latest, else the first report, never
 * before the earliest (NONE when neither is known). */
void hr_plot__entry_times(const hr_risk_inputs *in, const hr_risk_entry *e, hr_time *e0,
                          hr_time *e1);

/* The first whole second at or after base + hours (the model counts ages
 * in whole seconds); hours beyond ~31,000 years are clamped. */
hr_time hr_plot__after_hours(hr_time base, double hours);

/* A class with SD/SDA timers: not persistent, not unknown, not NaN. */
int hr_plot__nonpersistent(const hr_risk_class *c);

/* The timers of a non-persistent class as the model reads a user-editable
 * catalogue: a negative start is 0, an end before the start is the start,
 * an SDA deadline inside the window is moved to its end. */
typedef struct {
	double sd_min, sd_max, sda_by; /* hours; sda_by 0: no SDA */
} hr_plot_timers;
hr_plot_timers hr_plot__timers(const hr_risk_class *c);

#endif
