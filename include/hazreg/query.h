/*
 * hazreg/query.h - "is this place hazardous at time T?"
 *
 * An area is hazardous at T from the earliest evidence of contamination
 * (earliest emplacement, or its first report) until released: a release
 * part with release time R covering the place makes it released from R on.
 * Queries answer from everything the register knows now.
 */
#ifndef HAZREG_QUERY_H
#define HAZREG_QUERY_H

#include "common.h"
#include "register.h"

HR_BEGIN_DECL

/** One hazardous area a query found. Strings owned by the hr_hits. */
typedef struct {
	char *area_id;
	char *name;            /**< may be NULL */
	char *classification;  /**< "SHA" or "CHA" */
	char *status;          /**< "open", "worked_on", "closed" */
	char *org;
	char *pcode;           /**< may be NULL */
	hr_time doi;           /**< date of the latest information */
	hr_time hazard_from;   /**< earliest evidence of contamination */
	int hazardous;         /**< 1 hazardous at T; 0 released there by T */
	char *release_part;    /**< when released: the part that released it */
	char *release;         /**< "cancelled", "reduced", "cleared" */
	hr_time released_at;
	int released_parts;    /**< number of parts released by T */
	char *devices;         /**< e.g. "np-sd-48h x12 confirmed; persistent x? suspected" */
	char *contamination;   /**< JSON array of contamination entries */
	hr_point benchmark;
	hr_bbox bbox;
} hr_area_hit;

typedef struct {
	hr_time at;
	size_t n;
	hr_area_hit *hits;  /**< sorted by area_id */
} hr_hits;

/**
 * Hazardous areas whose perimeter contains the point (boundary included)
 * and that are hazardous or released at `at` (areas whose hazard starts
 * after `at` are not listed).
 * @param out caller frees with hr_hits_free()
 */
HR_EXTERN(int) hr_query_point(hr_register *reg, hr_point p, hr_time at, hr_hits **out);

/**
 * Hazardous areas whose perimeter intersects the box, as hr_query_point().
 * `hazardous` is 0 only when released parts cover all of the area in the box.
 */
HR_EXTERN(int) hr_query_bbox(hr_register *reg, const hr_bbox *box, hr_time at, hr_hits **out);

/** Free query results. NULL is harmless. */
HR_EXTERN(void) hr_hits_free(hr_hits *hits);

HR_END_DECL

#endif
