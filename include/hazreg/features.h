/*
 * hazreg/features.h - the derived layers as collections of features, as
 * OGC API - Features serves them: which collections a profile shows, their
 * extents, and pages of their features filtered by a box and a time.
 *
 * A page is read in the store's key order and streamed through a
 * callback: memory stays proportional to one feature, whatever the page
 * size or the size of the register.
 */
#ifndef HAZREG_FEATURES_H
#define HAZREG_FEATURES_H

#include "common.h"
#include "format.h"
#include "register.h"

HR_BEGIN_DECL

/** A collection of features: one derived layer. Static; never freed. */
typedef struct {
	const char *id;            /**< the layer's table name, e.g. "hazardous_areas" */
	const char *title;
	const char *description;   /**< says what the `datetime` filter selects */
	const char *geometry_type; /**< GeoJSON type: "MultiPolygon" or "Point" */
	const char *time_property; /**< the property that dates a feature */
} hr_collection;

/**
 * The i-th collection the profile shows (0-based), in a fixed order.
 * @return the collection, or NULL past the last
 */
HR_EXTERN(const hr_collection *) hr_collection_nth(size_t i, hr_profile profile);

/**
 * A collection by id.
 * @return the collection, or NULL when there is none by that id or the
 *         profile does not show it (the two are not told apart)
 */
HR_EXTERN(const hr_collection *) hr_collection_find(const char *id, hr_profile profile);

/** What a collection holds, over space and time. */
typedef struct {
	uint64_t count;     /**< features in the collection */
	int has_bbox;       /**< 0 when no feature has a geometry */
	hr_bbox bbox;       /**< union of the features' envelopes */
	hr_time begin;      /**< earliest time of a feature; HR_TIME_NONE when none */
	hr_time end;        /**< latest, or HR_TIME_NONE: none, or open (hazardous
	                         areas: hazardous until released, so always open) */
} hr_collection_extent;

/**
 * The extent of a collection, read from all of its rows (one pass, memory
 * independent of the number of rows).
 * @param c from hr_collection_nth() or hr_collection_find()
 * @return 0 or an error (the reason in hr_errmsg())
 */
HR_EXTERN(int) hr_collection_extent_get(hr_register *reg, const hr_collection *c,
                                        hr_collection_extent *out);

/** Which features of a collection a page holds. */
typedef struct {
	unsigned version;   /**< HR_ITEMS_QUERY_VERSION */
	int has_bbox;       /**< filter by bbox: features whose geometry intersects it */
	hr_bbox bbox;       /**< west <= east (no crossing of the antimeridian) */
	int has_time;       /**< filter by [from, to] (see hr_collection_items()) */
	hr_time from, to;   /**< HR_TIME_NONE: that end is open; an instant is from == to */
	uint64_t offset;    /**< matching features to skip, in key order */
	uint64_t limit;     /**< features to hand at most */
} hr_items_query;
#define HR_ITEMS_QUERY_VERSION 1
#define HR_ITEMS_QUERY_INIT                                                                    \
	{HR_ITEMS_QUERY_VERSION, 0, {0, 0, 0, 0}, 0, HR_TIME_NONE, HR_TIME_NONE, 0, 10}

/** One feature handed to a callback; everything borrowed for the call. */
typedef struct {
	const char *id;            /**< the feature's id (the layer's key) */
	const char *json;          /**< the GeoJSON Feature, as the public export writes it */
	size_t json_len;
	size_t nprops;             /**< properties the profile shows, in column order */
	const char *const *names;  /**< their names */
	const char *const *values; /**< their values as text (times ISO 8601), NULL when null */
} hr_feature;

/** Called once per feature; a nonzero return stops the walk and is returned. */
typedef int (*hr_feature_cb)(void *ctx, const hr_feature *f);

/**
 * A page of a collection's features, in key order. With has_time, a
 * hazardous area matches when it was hazardous at some moment of [from,
 * to] (hr_area_hazardous_during()): an instant gives what the register
 * says was hazardous then. Features of the other collections are dated by
 * their time property (released_at, found_at, occurred_at) and match when
 * it falls within [from, to]. Every matching feature is counted, but only
 * the page's features are written. Without a box the store counts and
 * skips the rows itself, unless a time is given for hazardous areas (their
 * rule needs each area's release parts); then a page costs one pass over
 * the collection, and with a box one over the rows the box selects
 * (through the spatial index).
 * @param q NULL for the first 10 features, unfiltered
 * @param matched receives the number of matching features (may be NULL)
 * @return 0, HR_EINVAL (a bad query), the callback's nonzero return, or an error
 */
HR_EXTERN(int) hr_collection_items(hr_register *reg, const hr_collection *c, hr_profile profile,
                                   const hr_items_query *q, hr_feature_cb cb, void *ctx,
                                   uint64_t *matched);

/**
 * One feature of a collection by id.
 * @return 0 (cb called once), HR_ENOTFOUND, the callback's nonzero return, or an error
 */
HR_EXTERN(int) hr_collection_item(hr_register *reg, const hr_collection *c, hr_profile profile,
                                  const char *id, hr_feature_cb cb, void *ctx);

HR_END_DECL

#endif
