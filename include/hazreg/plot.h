/*
 * hazreg/plot.h - pictures of the residual-risk model: an area's decay
 * curve with both bounds, and the field evidence on self-destruct per
 * device class, as self-contained SVG 1.1 text, and SVG rendered to PNG.
 *
 * The pictures inform priorities. Every one says that an area is
 * hazardous until released by survey or clearance; none calls ground safe.
 */
#ifndef HAZREG_PLOT_H
#define HAZREG_PLOT_H

#include "common.h"
#include "query.h"
#include "risk.h"

HR_BEGIN_DECL

/** What happens at a moment where an area's curve may change. */
typedef enum {
	HR_PLOT_EMPLACED = 1,  /**< an emplacement bound (earliest or latest) */
	HR_PLOT_SD_OPENS = 2,  /**< emplacement + sd_min: the SD window opens */
	HR_PLOT_SD_CLOSES = 3, /**< emplacement + sd_max: the SD window closes */
	HR_PLOT_SDA = 4,       /**< emplacement + sda_by: the SDA deadline */
	HR_PLOT_REPORTED = 5,  /**< the first report, standing in for an unknown
	                            latest emplacement (the devices were there by then) */
} hr_plot_event_kind;

/** Which bound's curve changes at an event (bits, combined when both do). */
#define HR_PLOT_OPT 1  /**< the optimistic bound: earliest emplacement */
#define HR_PLOT_CONS 2 /**< the conservative bound: latest emplacement */

/** One moment of an area's curve. */
typedef struct {
	hr_time t;
	hr_plot_event_kind kind;
	int bounds;           /**< HR_PLOT_OPT, HR_PLOT_CONS or both */
	const char *class_id; /**< borrowed from the inputs; NULL for an unknown class */
} hr_plot_event;

/**
 * The moments where an area's decay curve may step or bend: for every
 * contamination entry, its emplacement bounds and, for a non-persistent
 * class, the SD window and SDA deadline counted from the earliest
 * emplacement (optimistic bound) and from the latest (conservative bound).
 * An unknown latest emplacement is taken as the first report (an
 * HR_PLOT_REPORTED event instead of HR_PLOT_EMPLACED), an unknown earliest
 * one as "long ago" (no optimistic events), as the model does; entries of
 * count 0 have none.
 * Events of equal time, kind and class are merged (their bounds or-ed).
 * @param out receives the events sorted by time, kind, class; caller frees
 *        with hr_free() (NULL when there are none)
 * @param n receives their number
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_plot_events(hr_plot_event **out, size_t *n, const hr_risk_inputs *in);

/**
 * The default time range of an area's curve: from the earliest evidence
 * of contamination (hazard_from; else the first report; else the first
 * event) to 180 days after the latest SDA deadline (else after the latest
 * SD window end), or one year when nothing decays (persistent).
 * @return 0, or HR_EINVAL when no time at all is known for the area
 */
HR_EXTERN(int) hr_plot_range(const hr_risk_inputs *in, hr_time *from, hr_time *to);

/**
 * The decay curve of an area as a self-contained SVG 1.1 document:
 * expected live devices over time on a log scale, the conservative bound
 * (CCW Amended Protocol II) and the optimistic one (maker's claim) as two
 * lines with the band between them shaded. When some count is unknown it
 * plots the probability that at least one device is live instead, and
 * says so. SD windows are shaded, SDA deadlines dashed, `at` marked; the
 * title holds the area's status. Same input, same bytes.
 * @param out receives NUL-terminated SVG text; caller frees with hr_free()
 * @param in the model's inputs for the area (hr_area_risk_inputs())
 * @param from first moment drawn
 * @param to last moment drawn (> from)
 * @param at the moment marked and read out (may lie outside the range)
 * @param lang "en" (or NULL) or "uk": the language of every label
 * @return 0, HR_EINVAL (bad argument, to <= from, unknown lang) or HR_ENOMEM
 */
HR_EXTERN(int) hr_plot_risk_svg(char **out, const hr_risk_inputs *in, hr_time from, hr_time to,
                                hr_time at, const char *lang);

/**
 * Field evidence on self-destruct as a self-contained SVG 1.1 document:
 * per class, the posterior mean and 95% interval of the fraction still
 * live after the SD window as a point with an error bar on a log scale,
 * the catalogue's optimistic and conservative bounds as marks beside it,
 * n and k under it, and a bold headline when any class's evidence is worse
 * than its conservative bound. Same input, same bytes.
 * @param out receives NUL-terminated SVG text; caller frees with hr_free()
 * @param r the estimate (hr_register_reliability()), borrowed
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_plot_reliability_svg(char **out, const hr_reliability *r);

/**
 * Render SVG text to a PNG file at the document's own size in pixels, on
 * a white background, with librsvg and cairo.
 * @param svg the SVG text (need not be NUL-terminated), borrowed
 * @param len its length in bytes
 * @param path the PNG file to write (replaced)
 * @param err receives the reason on failure (may be NULL)
 * @param errlen size of err
 * @return 0, HR_EINVAL (svg does not parse or has no size), HR_EIO (the
 *         file cannot be written) or HR_ENOMEM
 */
HR_EXTERN(int) hr_svg_to_png(const char *svg, size_t len, const char *path, char *err,
                             size_t errlen);

/** @name The decay curve as a table ("hazreg risk timeline", GET /risk/timeline)
 * @{ */

/** Most rows a timeline holds (the grid; rows at events come on top). */
#define HR_TIMELINE_MAX_ROWS 10000

/** Why a timeline cannot be made; callers word it with their own names. */
typedef enum {
	HR_TIMELINE_OK = 0,
	HR_TIMELINE_NO_TIME = 1,   /**< the area has no known time: from and to are both needed */
	HR_TIMELINE_BACKWARDS = 2, /**< to is not after from */
	HR_TIMELINE_TOO_MANY = 3,  /**< the step gives HR_TIMELINE_MAX_ROWS rows or more */
} hr_timeline_problem;

/** One row: a moment, the model there, and the events that happen then. */
typedef struct {
	hr_time t;
	hr_risk model;                /**< hr_risk_eval() at t, threshold 1 device */
	const hr_plot_event *events;  /**< borrowed from the timeline; NULL when none */
	size_t nevents;
} hr_timeline_row;

/** An area's decay curve: a row at from, every step on a round grid, at to and at each event. */
typedef struct {
	hr_time from, to;
	hr_time step;          /**< seconds */
	int count_unknown;     /**< some entry has an unknown count: no expected numbers */
	size_t nrows;
	hr_timeline_row *rows; /**< by time, one per moment */
	size_t nevents;
	hr_plot_event *events; /**< every event of the area (rows point into it) */
} hr_timeline;

/**
 * Fill in the range of a curve: a bound not given (HR_TIME_NONE) comes
 * from hr_plot_range(); a bound given alone keeps the default span when
 * the default would be empty.
 * @param from in: the start asked for or HR_TIME_NONE; out: the start
 * @param to in: the end asked for or HR_TIME_NONE; out: the end
 * @param why receives the problem when HR_EINVAL is returned (may be NULL)
 * @return 0, or HR_EINVAL with why HR_TIMELINE_NO_TIME or HR_TIMELINE_BACKWARDS
 */
HR_EXTERN(int) hr_timeline_range(const hr_risk_inputs *in, hr_time *from, hr_time *to,
                                 hr_timeline_problem *why);

/**
 * The decay curve of an area as rows: the range from hr_timeline_range(),
 * a grid every step starting at a round time (midnight UTC for steps of
 * whole days), and a row at each event in the range.
 * @param out receives the table; caller frees with hr_timeline_free()
 * @param in the model's inputs for the area (hr_area_risk_inputs()), borrowed
 *        and referred to by the events, so it must outlive the table
 * @param from first moment, or HR_TIME_NONE for the default
 * @param to last moment, or HR_TIME_NONE for the default
 * @param step seconds between grid rows, or 0 for a step giving about 40 rows
 * @param why receives the problem when HR_EINVAL is returned (may be NULL)
 * @return 0, HR_EINVAL (why says which problem; a negative step is HR_TIMELINE_TOO_MANY)
 *         or HR_ENOMEM
 */
HR_EXTERN(int) hr_risk_timeline(hr_timeline **out, const hr_risk_inputs *in, hr_time from,
                                hr_time to, hr_time step, hr_timeline_problem *why);

/** Free a timeline. NULL is harmless. */
HR_EXTERN(void) hr_timeline_free(hr_timeline *tl);

/**
 * A timeline as the JSON object "hazreg risk timeline --json" prints
 * (area, status, "hazardous until released", range, step, rows with both
 * bounds and events), without a trailing newline.
 * @param out caller frees with hr_free()
 * @param in the inputs the timeline was made from
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_timeline_to_json(char **out, const hr_risk_inputs *in, const hr_timeline *tl);

/**
 * A duration as "hazreg risk timeline --step" takes it: a whole positive
 * number and one unit, s, m, h, d or w ("6h", "1d", "2w").
 * @param out receives seconds
 * @return 0, or HR_EINVAL when s is not such a duration or is too large
 */
HR_EXTERN(int) hr_duration_parse(hr_time *out, const char *s);

/** @} */

HR_END_DECL

#endif
