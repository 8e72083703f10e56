/*
 * hazreg/index.h - the in-memory spatial-temporal index: "which hazardous
 * areas are here, at time T?" answered from memory.
 *
 * The index holds the perimeters of the register's hazardous areas and of
 * their release parts, with the times the register's rule needs: an area
 * is listed at T from its earliest evidence of contamination (hazard_from)
 * on, with no end, and is released at a place only where release parts
 * released by T (and not before hazard_from) cover it. Self-destruct
 * timers never end a hazard here: only survey and clearance records
 * release land (docs/index.md maps this onto "validity").
 *
 * Answers equal hr_query_point()'s: a point on a perimeter is inside
 * (GEOSPreparedIntersects_r), decided exactly, with no tolerance.
 *
 * Threads: any number of threads may query one index at once. Building,
 * refreshing and freeing need the index to themselves: the caller makes
 * sure no query runs meanwhile (one index per thread, or a lock).
 */
#ifndef HAZREG_INDEX_H
#define HAZREG_INDEX_H

#include "common.h"
#include "register.h"

HR_BEGIN_DECL

/** An index over one register's hazardous areas and release parts. */
typedef struct hr_index hr_index;

/** One hazardous area found at a point. */
typedef struct {
	uint32_t area;  /**< the area's number in the index; hr_index_area_id() names it */
	int hazardous;  /**< 1 hazardous at T; 0 released at the point by T (as hr_query_point) */
} hr_index_hit;

/**
 * Build an index of the register's hazardous areas and release parts,
 * from one read snapshot of its store.
 * @param out receives the index; free it with hr_index_free()
 * @param reg borrowed for the call only
 * @return 0, HR_ENOMEM, HR_ECORRUPT (a stored geometry that does not
 *         decode; the reason in hr_errmsg(reg)) or a store error
 */
HR_EXTERN(int) hr_index_build(hr_index **out, hr_register *reg);

/** Free an index. NULL is harmless. */
HR_EXTERN(void) hr_index_free(hr_index *idx);

/**
 * Catch up with records appended since the index last saw the register
 * (by any handle or process): new and changed areas and release parts
 * become queryable at once, without a rebuild. Reads the log from the
 * index's log size on. Needs the index to itself.
 * @param reg a handle on the same register (borrowed for the call)
 * @param changed receives the number of records that touched the index
 *        (may be NULL)
 * @return 0 or an error. After an error the index's log size has not
 *         moved, so the next refresh reads the same records again; queries
 *         meanwhile see some of them, or fail with HR_ERROR when even that
 *         could not be arranged (out of memory).
 */
HR_EXTERN(int) hr_index_refresh(hr_index *idx, hr_register *reg, uint64_t *changed);

/** The log size the index reflects: records [0, size) are in it. */
HR_EXTERN(uint64_t) hr_index_log_size(const hr_index *idx);

/**
 * The hazardous areas whose perimeter covers the point (boundary
 * included) and whose hazard began by `at`, each with its
 * hazardous/released flag. Safe to call from many threads at once.
 * @param hits receives at most `cap` hits, in no particular order
 * @param n receives the number of hits there are, which may exceed cap
 *        (ask again with room for *n)
 * @return 0, HR_EINVAL (a point outside WGS84 bounds), HR_ENOMEM, or
 *         HR_ERROR when GEOS fails on a point that release parts touch, or
 *         after a refresh that failed for want of memory
 */
HR_EXTERN(int) hr_index_query(const hr_index *idx, hr_point p, hr_time at, hr_index_hit *hits,
                              size_t cap, size_t *n);

/** The answers to many points at once (hr_index_query_batch()). */
typedef struct {
	size_t n;            /**< points asked */
	size_t *first;       /**< n + 1 offsets: point i's hits are hits[first[i]] .. hits[first[i + 1] - 1] */
	hr_index_hit *hits;  /**< all hits, point after point */
	size_t nhits;
} hr_index_batch;

/**
 * Query many points, each at its own time, on `threads` threads (0: one
 * per online core; 1: the calling thread only).
 * @param p n points
 * @param at n times
 * @param out receives the answers; free them with hr_index_batch_free()
 * @return 0, HR_EINVAL, HR_ENOMEM or HR_ERROR (as hr_index_query())
 */
HR_EXTERN(int) hr_index_query_batch(const hr_index *idx, const hr_point *p, const hr_time *at,
                                    size_t n, unsigned threads, hr_index_batch **out);

/** Free batch answers. NULL is harmless. */
HR_EXTERN(void) hr_index_batch_free(hr_index_batch *b);

/** The area id of an area number, borrowed until the next refresh or free. */
HR_EXTERN(const char *) hr_index_area_id(const hr_index *idx, uint32_t area);

/** What an index holds and the memory it takes. */
typedef struct {
	uint64_t areas;          /**< hazardous areas listed (current versions) */
	uint64_t release_parts;  /**< release parts held */
	uint64_t vertices;       /**< vertices held (rings not closed twice) */
	uint64_t coord_bytes;    /**< the raw coordinates of the areas as the store holds
	                              them: 16 bytes per position, rings closed */
	uint64_t geometry_bytes; /**< vertices and ring tables */
	uint64_t area_bytes;     /**< per-area records: envelope, times, cell raster */
	uint64_t grid_bytes;     /**< the grid of cells and its entries */
	uint64_t other_bytes;    /**< ids, release parts, bookkeeping */
	uint64_t total_bytes;    /**< all of the above */
} hr_index_memory;

/** Fill a memory report. */
HR_EXTERN(void) hr_index_memory_report(const hr_index *idx, hr_index_memory *out);

HR_END_DECL

#endif
