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
#include "risk.h"

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
	hr_risk risk;          /**< the model at T (threshold 1 device); informs
	                            priorities, never the hazardous/released answer */
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

/**
 * Hazardous areas whose perimeter intersects the polygon (boundary counts,
 * as for a point), as hr_query_bbox(): candidates by the ring's box, then
 * the exact test. `hazardous` is 0 only when released parts cover all of
 * the area within the polygon. Used for an MGRS square (hr_coord.ring).
 * @param ring closed ring in lon/lat (first point == last), borrowed
 * @param n number of points in ring, at least 4
 * @param out caller frees with hr_hits_free()
 * @return 0, HR_EINVAL (not a closed ring, outside WGS84 bounds) or an error
 */
HR_EXTERN(int) hr_query_polygon(hr_register *reg, const hr_point *ring, size_t n, hr_time at,
                                hr_hits **out);

/** Free query results. NULL is harmless. */
HR_EXTERN(void) hr_hits_free(hr_hits *hits);

/**
 * Whether a hazardous area, taken as a whole, was hazardous at some moment
 * of [from, to]: its hazard had begun by `to` and the release parts
 * released since then did not yet cover all of it. This is the rule of
 * hr_query_bbox() applied over the area's own extent; the area's reported
 * status does not enter it (only survey and clearance release land).
 * Released land stays released, so an instant is from == to.
 * @param from start of the interval, or HR_TIME_NONE: open
 * @param to end of the interval, or HR_TIME_NONE: open
 * @param out receives 1 (hazardous at some moment of it) or 0
 * @return 0, HR_ENOTFOUND (no such area), HR_EINVAL (from > to) or an error
 */
HR_EXTERN(int) hr_area_hazardous_during(hr_register *reg, const char *area_id, hr_time from,
                                        hr_time to, int *out);

/** The residual-risk model's inputs for one area, read from the register. */
typedef struct {
	char *area_id, *name, *status, *classification;
	hr_time reported;        /**< first report (date of information) */
	hr_time hazard_from;
	size_t n;
	hr_risk_entry *entries;  /**< n entries; classes point into `classes` */
	size_t nclasses;
	hr_risk_class *classes;  /**< the catalogue classes the entries use */
	char **class_ids;        /**< owned ids (classes[i].id points here) */
} hr_risk_inputs;

/**
 * Read an area's contamination and resolve its classes in the catalogue.
 * @param out caller frees with hr_risk_inputs_free()
 * @return 0, HR_ENOTFOUND (no such area) or an error
 */
HR_EXTERN(int) hr_area_risk_inputs(hr_register *reg, const char *area_id, hr_risk_inputs **out);
HR_EXTERN(void) hr_risk_inputs_free(hr_risk_inputs *in);

/** The model for one area at t: hr_area_risk_inputs() then hr_risk_eval(). */
HR_EXTERN(int) hr_area_risk(hr_register *reg, const char *area_id, hr_time t, double threshold,
                            hr_risk *out);

/** Field evidence on one device class: items found after the SD window. */
typedef struct {
	char *class_id;
	uint64_t n;           /**< items of the class found past their SD window, before
	                           the SDA deadline */
	uint64_t k;           /**< of which live */
	uint64_t skipped;     /**< items that say nothing: no area, no emplacement time,
	                           condition unknown */
	double mean;          /**< posterior mean of the live fraction, Beta(1 + k, 1 + n - k) */
	double lo, hi;        /**< 95% equal-tailed credible interval */
	double sd_fail[2];    /**< the catalogue's bounds [optimistic, conservative] */
	int persistent;
	int estimable;        /**< 0 when n exceeds what the posterior handles (10^6) */
	int sd_worse;         /**< lo > conservative P(SD fails) */
	/* Items found after the SDA deadline, compared with P(still live after
	 * SDA) = min(P(SD fails), P(live after SDA)) of each bound. */
	uint64_t n_sda, k_sda;
	double mean_sda, lo_sda, hi_sda;
	double sda_live[2];
	int sda_worse;        /**< lo_sda > conservative bound after SDA */
	int worse_than_conservative; /**< sd_worse or sda_worse: the headline */
	int better_than_optimistic;  /**< every interval below its optimistic bound */
} hr_reliability_row;

typedef struct {
	size_t n;
	hr_reliability_row *rows; /**< one per class (or the one asked for), by class id */
} hr_reliability;

/**
 * Estimate, per class, the fraction of devices still live after the SD
 * window from EO items found in hazardous areas, and compare it with the
 * catalogue's bounds.
 * @param cls a class id, or NULL for every non-persistent class
 * @param out caller frees with hr_reliability_free()
 */
HR_EXTERN(int) hr_register_reliability(hr_register *reg, const char *cls, hr_reliability **out);
HR_EXTERN(void) hr_reliability_free(hr_reliability *r);

/** The verdict on one class in words ("WORSE than the conservative bound", ...); static text. */
HR_EXTERN(const char *) hr_reliability_verdict(const hr_reliability_row *row);


/**
 * One in-memory index of hazardous areas for several handles on the same
 * register in one process (e.g. the threads of a server): built once,
 * kept current with the log by whichever handle first sees it grow, and
 * read by all of them at once. A handle whose snapshot is older than the
 * index answers the store's way meanwhile; the answers are the same.
 */
typedef struct hr_index_share hr_index_share;

/** A new, empty share. */
HR_EXTERN(int) hr_index_share_new(hr_index_share **out);
/** Free a share, after every handle using it is closed. NULL is harmless. */
HR_EXTERN(void) hr_index_share_free(hr_index_share *share);
/**
 * Answer this handle's point queries from the shared index (instead of an
 * index of its own). Every handle given one share must be open on the
 * same register.
 * @return 0 or HR_EINVAL
 */
HR_EXTERN(int) hr_register_share_index(hr_register *reg, hr_index_share *share);

/**
 * @name Servers kept current by the store (PostgreSQL; src/core/watch.c).
 * A server's listener waits for commits by any process
 * (hr_register_wait_commit), catches the shared index up at once
 * (hr_index_share_catch_up) and vouches for the newest version
 * (hr_index_share_set_current); the server notes its own commits
 * (hr_index_share_note_commit), so that its answers never miss a write it
 * acknowledged, even when its handles read from a replica. On a store
 * whose versions do not compare (the GeoPackage) the share's versions are
 * ignored. @{ */

/**
 * Note a commit made through `writer` (a handle on the same register):
 * from now on every read of the handles given `share` sees at least that
 * state, waiting (a bounded time) for a replica that has not replayed it.
 * Call it before acknowledging the write.
 */
HR_EXTERN(void) hr_index_share_note_commit(hr_index_share *share, hr_register *writer);

/**
 * A listener's word that no commit came after `version` (as
 * hr_register_wait_commit() gave it; 0 withdraws the word). A handle given
 * `share` whose last read was of that version may answer from the same
 * snapshot without asking the store.
 */
HR_EXTERN(void) hr_index_share_set_current(hr_index_share *share, uint64_t version);

/**
 * Bring the shared index up to a read snapshot of `reg` (a handle given
 * `share`, not in a read) of a version >= `version`, waiting a bounded
 * time for a replica to replay it.
 * @param log_size receives the log size the index reflects (0: no index;
 *        may be NULL)
 * @return 0 or an error of the store (the reason in hr_errmsg(reg))
 */
HR_EXTERN(int) hr_index_share_catch_up(hr_index_share *share, hr_register *reg,
                                       uint64_t version, uint64_t *log_size);

/**
 * Wait, at most timeout_ms, for a commit by any process that makes the
 * register's version differ from *version. The first call (and the first
 * after a lost connection was made again) reads the version and returns
 * at once; no commit is missed between calls. Use a handle of its own
 * for waiting (it holds the listening connection).
 * @param version in: the last version known (0 at first); out: the newest
 * @return 0, HR_EIO (the store cannot be reached; call again) or HR_EINVAL
 *         (this store announces no commits: a GeoPackage)
 */
HR_EXTERN(int) hr_register_wait_commit(hr_register *reg, int timeout_ms, uint64_t *version);
/** @} */

HR_END_DECL

#endif
