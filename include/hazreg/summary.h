/*
 * hazreg/summary.h - the register counted by administrative area: open
 * hazardous land, land released, items found and accidents per oblast
 * (adm1) or raion (adm2), as national authorities and OCHA report them.
 *
 * The boundaries are the register's own records of kind adm_area (ids are
 * OCHA p-codes). Everything counted is public: no victim, informant or
 * finder appears, and accidents only as counts per administrative area.
 */
#ifndef HAZREG_SUMMARY_H
#define HAZREG_SUMMARY_H

#include "common.h"
#include "register.h"

HR_BEGIN_DECL

/** Release methods in the order of hr_summary_row.released_km2. */
enum { HR_SUMMARY_NTS = 0, HR_SUMMARY_TS = 1, HR_SUMMARY_CLEARANCE = 2 };

/** One administrative area's figures at a time T. Strings owned by the hr_summary. */
typedef struct {
	char *pcode;          /**< the area's p-code; NULL for the row outside every boundary */
	char *name;           /**< English name (NULL outside) */
	char *name_uk;        /**< Ukrainian name, may be NULL */
	char *parent_pcode;   /**< may be NULL */
	uint64_t sha, cha;    /**< open SHA / CHA with some land inside the area */
	double sha_km2;       /**< open SHA land inside the area, km² */
	double cha_km2;       /**< open CHA land inside the area, km² */
	double released_km2[3]; /**< land released by T inside, by method (HR_SUMMARY_*) */
	int64_t items;        /**< EO items found by T (sum of quantities) */
	uint64_t accidents;   /**< accidents by T */
	int64_t killed, injured; /**< people killed and injured in them */
} hr_summary_row;

/** The summary by one administrative level. */
typedef struct {
	int level;            /**< 1 or 2 */
	hr_time at;           /**< the moment counted */
	size_t n;             /**< boundary rows, by p-code */
	hr_summary_row *rows; /**< n rows */
	hr_summary_row outside; /**< land and events outside every boundary of the level */
	/** Totals: km² and events summed over the rows and outside; sha and
	 *  cha count each open area once, however many rows it is split in. */
	hr_summary_row total;
	uint64_t split;       /**< open areas split between two rows or more */
} hr_summary;

/**
 * Count the register by administrative area at `at`.
 *
 * An area is open at T when its hazard had begun by T and the release
 * parts released by T (since the hazard began) do not cover all of it, the
 * rule of hr_query_bbox(); its open land is the rest, and that rest is
 * split between the boundaries it lies in by GEOS intersection, the part
 * outside every boundary going to `outside`. Released land is each part's
 * perimeter released by T, split the same way. Items (by found_at) and
 * accidents (by occurred_at) count in the first boundary (by p-code) that
 * covers their point. Land is in km², each polygon by the rule of
 * hr_geom_area_m2() at its own mean latitude.
 * Perimeters, classifications and boundaries are as the register knows
 * them now.
 *
 * @param reg the register (read only)
 * @param level 1 (adm1) or 2 (adm2)
 * @param at the moment counted
 * @param out caller frees with hr_summary_free()
 * @return 0, HR_EINVAL, HR_ENOTFOUND (no boundary of this level in the
 *         register), HR_ENOMEM or an error of the store (hr_errmsg(reg))
 */
HR_EXTERN(int) hr_summary_by_adm(hr_register *reg, int level, hr_time at, hr_summary **out);

/** Free a summary. NULL is harmless. */
HR_EXTERN(void) hr_summary_free(hr_summary *s);

/**
 * A horizontal bar chart of open land per administrative area, SHA and
 * CHA stacked, one bar per row (the row outside every boundary only when
 * it holds open land), as a self-contained SVG 1.1 document; readable
 * with the 25 oblasts of Ukraine. Same input, same bytes.
 * @param out receives NUL-terminated SVG text; caller frees with hr_free()
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_summary_svg(char **out, const hr_summary *s);

/**
 * The summary as CSV (RFC 4180, CRLF line ends, quoted as the layer export
 * quotes): a header row, a row of HXL hashtags (#adm1+code, #adm1+name,
 * #adm1+name+i_uk, #adm0+code, #indicator+sha+num, ... for level 1; the
 * adm2 and adm1 tags for level 2), one row per area by p-code and one for
 * the land and events outside every boundary (empty p-code); no totals
 * row. km² with 6 decimals. Same input, same bytes.
 * @param out receives NUL-terminated text; caller frees with hr_free()
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_summary_csv(char **out, const hr_summary *s);

HR_END_DECL

#endif
