/*
 * store_int.h - what the storage backends (gpkg*.c, pg*.c) share that
 * knows no SQL: the checks of a layer definition and of a query box, and
 * the exact envelope test that follows an index's approximate one.
 */
#ifndef HR_STORE_INT_H
#define HR_STORE_INT_H

#include <stddef.h>

#include "hazreg/sys/backend.h"

/*
 * Is l a layer definition a backend can keep? Its name must not start
 * with one of the `nreserved` prefixes (compared without case), its key
 * must be its first column and TEXT, its geometry type one of GeoPackage's
 * names, and no column may be called "fid" or "geom" (the backends' own).
 * Returns 0, or HR_EINVAL with "op: why" in why.
 */
int hr_store__layer_check(const hr_layer *l, const char *const *reserved, size_t nreserved,
                          const char *op, char *why, size_t whylen);

/* Is box a query box (no NaN, south <= north, west <= east)? Returns 0,
 * or HR_EINVAL with "op: why" in why. */
int hr_store__box_check(const hr_bbox *box, const char *op, char *why, size_t whylen);

/* Does a row's exact envelope meet box (boundary included)? A row without
 * geometry meets none. */
int hr_store__row_meets(const hr_row *row, const hr_bbox *box);

#endif
