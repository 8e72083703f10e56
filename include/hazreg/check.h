/*
 * hazreg/check.h - data-quality checks on records before they enter the
 * register (docs/quality.md lists every code).
 *
 * A check is a function of (record, a read-only view of the register,
 * options): it never writes. Each finding has a stable code ("Q-..."), a
 * severity and a message naming the numbers involved. Errors refuse the
 * record (an import is all or nothing, as for any refusal); warnings are
 * reported and the record goes in, unless the import is strict.
 */
#ifndef HAZREG_CHECK_H
#define HAZREG_CHECK_H

#include "common.h"
#include "record.h"
#include "register.h"

HR_BEGIN_DECL

/** Severity of a finding. */
typedef enum {
	HR_CHECK_WARNING = 1, /**< reported; the record goes in (refused when strict) */
	HR_CHECK_ERROR = 2,   /**< the record is refused */
} hr_check_severity;

/** @name Codes (stable: scripts and docs use them). @{ */
#define HR_Q_GEOM_INVALID "Q-GEOM-INVALID"         /**< GEOS says the geometry is invalid */
#define HR_Q_DUP_AREA "Q-DUP-AREA"                 /**< near-duplicate area of the same org */
#define HR_Q_VERTEX_DUP "Q-VERTEX-DUP"             /**< consecutive duplicate vertices */
#define HR_Q_EDGE_LONG "Q-EDGE-LONG"               /**< consecutive vertices too far apart */
#define HR_Q_OUTSIDE "Q-OUTSIDE-COUNTRY"           /**< outside the country of operation */
#define HR_Q_DATE_FUTURE "Q-DATE-FUTURE"           /**< a date later than now + 1 day */
#define HR_Q_DATE_EMPLACEMENT "Q-DATE-EMPLACEMENT" /**< an item found before emplacement */
#define HR_Q_DATE_RELEASE "Q-DATE-RELEASE"         /**< land released before emplacement */
#define HR_Q_DATE_ORDER "Q-DATE-ORDER"             /**< emplacement dates out of order */
#define HR_Q_COUNT_NEGATIVE "Q-COUNT-NEGATIVE"     /**< a count below zero */
#define HR_Q_COUNT_ABSURD "Q-COUNT-ABSURD"         /**< a count beyond its plausible maximum */
#define HR_Q_REFUSED "Q-REFUSED"                   /**< any other refusal of the reader or
                                                        the register's rules */
/** @} */

/** One finding about one record. */
typedef struct {
	char code[24];      /**< HR_Q_* */
	int severity;       /**< hr_check_severity */
	uint64_t index;     /**< 0-based position of the feature in the input */
	char id[128];       /**< the record's id, or "" */
	uint64_t line;      /**< 1-based line in the input, or 0 when not known */
	uint32_t column;    /**< 1-based column, or 0 */
	char message[384];
} hr_check_finding;

/** One code as docs/quality.md lists it. */
typedef struct {
	const char *code;   /**< HR_Q_* */
	int severity;       /**< hr_check_severity */
	const char *what;   /**< one line */
} hr_check_code;

/**
 * Every code, in the order of docs/quality.md.
 * @param n receives their number
 * @return a static table
 */
HR_EXTERN(const hr_check_code *) hr_check_codes(size_t *n);
/** The table's spelling of a code (static), or NULL when it is not one. */
HR_EXTERN(const char *) hr_check_code_name(const char *code);

/** Findings, grown by the checks. Free with hr_check_findings_clear(). */
typedef struct {
	size_t n, cap;
	hr_check_finding *v;
} hr_check_findings;

/** Append a copy of one finding. @return 0 or HR_ENOMEM */
HR_EXTERN(int) hr_check_findings_append(hr_check_findings *f, const hr_check_finding *one);
/** Free the findings' storage and empty them. */
HR_EXTERN(void) hr_check_findings_clear(hr_check_findings *f);

/** Default overlap that makes two areas of one organisation near-duplicates. */
#define HR_CHECK_OVERLAP_DEFAULT 0.9
/** Default longest edge between consecutive vertices, metres. */
#define HR_CHECK_MAX_EDGE_M_DEFAULT 5000.0
/** Default country of operation: Ukraine's bounding box. */
#define HR_CHECK_COUNTRY_DEFAULT_BBOX {22.0, 44.3, 40.3, 52.4}

/** @name Plausible maxima of counts (docs/quality.md says why). @{ */
#define HR_CHECK_MAX_DEVICES 100000      /**< devices of one contamination entry */
#define HR_CHECK_MAX_CASUALTIES 200      /**< killed, injured in one accident */
#define HR_CHECK_MAX_BENEFICIARIES 1000000 /**< beneficiaries of one area's release */
#define HR_CHECK_MAX_SESSION 5000        /**< girls, boys, women, men in one EORE session */
#define HR_CHECK_MAX_ITEMS 100000        /**< quantity of one find, items found in one part */
#define HR_CHECK_MAX_DEPTH_CM 1500       /**< depth of a find or a clearance */
/** @} */

/** Check options. */
typedef struct {
	unsigned version;
	double overlap;       /**< near-duplicate when intersection >= overlap * the smaller
	                           area; 0: HR_CHECK_OVERLAP_DEFAULT; > 1 turns it off */
	double max_edge_m;    /**< longest edge, metres; 0: HR_CHECK_MAX_EDGE_M_DEFAULT */
	const unsigned char *country_wkb; /**< outline of the country of operation (Polygon or
	                                       MultiPolygon WKB), borrowed; NULL: the box */
	size_t country_len;
	const char *country_name; /**< how messages name the outline (e.g. its file) */
	hr_time now;          /**< HR_TIME_NONE: hr_time_now() */
} hr_check_options;
#define HR_CHECK_OPTIONS_VERSION 1
#define HR_CHECK_OPTIONS_INIT {HR_CHECK_OPTIONS_VERSION, 0, 0, NULL, 0, NULL, HR_TIME_NONE}

/**
 * A checker: the options, the country outline, and what the earlier
 * records of the same input said (areas' perimeters and emplacement dates),
 * so that a file is checked against itself as well as the register.
 */
typedef struct hr_checker hr_checker;

/**
 * Make a checker.
 * @param reg the register to compare with, read only; NULL to check
 *        without one (the register-dependent parts are skipped)
 * @param opts NULL for the defaults; copied (country_wkb stays borrowed)
 * @param out caller frees with hr_checker_free()
 * @return 0, HR_EINVAL (a country outline that is not a valid polygon),
 *         HR_EVERSION or HR_ENOMEM
 */
HR_EXTERN(int) hr_checker_new(hr_checker **out, hr_register *reg, const hr_check_options *opts);
HR_EXTERN(void) hr_checker_free(hr_checker *c);

/**
 * Run every check on one record and remember it for the next ones.
 * @param index, id, line, column where the record came from (for findings)
 * @param out findings are appended here
 * @return 0 or an error (HR_ENOMEM, a register read that failed)
 */
HR_EXTERN(int) hr_checker_record(hr_checker *c, const hr_record *rec, uint64_t index,
                                 uint64_t line, uint32_t column, hr_check_findings *out);

/**
 * The code of a reader's or validator's refusal that one of these checks
 * names (an invalid geometry, a negative count, emplacement dates out of
 * order), so that a fault is checked once and coded alike.
 * @return a HR_Q_* code: HR_Q_REFUSED for the other refusals
 */
HR_EXTERN(const char *) hr_check_refusal_code(const char *field, const char *reason);

/** @name The pure checks, one record each (for tests and other callers). @{ */
/** Q-VERTEX-DUP and Q-EDGE-LONG over every ring of a polygonal geometry. */
HR_EXTERN(int) hr_check_vertices(const hr_record *rec, double max_edge_m, hr_check_findings *out);
/** Q-DATE-FUTURE: the record's dates against now. */
HR_EXTERN(int) hr_check_dates(const hr_record *rec, hr_time now, hr_check_findings *out);
/** Q-COUNT-ABSURD (and Q-COUNT-NEGATIVE for records built without validation). */
HR_EXTERN(int) hr_check_counts(const hr_record *rec, hr_check_findings *out);
/**
 * Share of a's area that b covers and of b's that a covers, the larger:
 * the intersection over the smaller area (0..1).
 * @return 0, HR_EVALIDATE (not polygonal WKB) or HR_ENOMEM
 */
HR_EXTERN(int) hr_check_overlap(double *out, const unsigned char *a, size_t alen,
                                const unsigned char *b, size_t blen);
/** @} */

HR_END_DECL

#endif
