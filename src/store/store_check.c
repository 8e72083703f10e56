/*
 * store_check.c - the checks every storage backend makes the same way,
 * whatever its SQL: layer definitions, query boxes, and the exact envelope
 * test after an index's approximate one (store_int.h).
 */
#include "store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const geom_types[] = {
	"GEOMETRY",   "POINT",           "LINESTRING",   "POLYGON",
	"MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION",
};

int hr_store__layer_check(const hr_layer *l, const char *const *reserved, size_t nreserved,
                          const char *op, char *why, size_t whylen)
{
	if (!l || !l->name || !*l->name || !l->key || !l->cols || l->ncols == 0) {
		snprintf(why, whylen, "%s: incomplete layer definition", op);
		return HR_EINVAL;
	}
	for (size_t i = 0; i < nreserved; i++)
		if (strncasecmp(l->name, reserved[i], strlen(reserved[i])) == 0) {
			snprintf(why, whylen, "%s: layer name '%s' is reserved", op, l->name);
			return HR_EINVAL;
		}
	if (!l->cols[0].name || strcmp(l->cols[0].name, l->key) != 0) {
		snprintf(why, whylen, "%s: layer %s: the key must be the first column", op, l->name);
		return HR_EINVAL;
	}
	if (l->geom_type) {
		size_t i, n = sizeof geom_types / sizeof geom_types[0];
		for (i = 0; i < n && strcmp(l->geom_type, geom_types[i]) != 0; i++)
			;
		if (i == n) {
			snprintf(why, whylen, "%s: layer %s: unknown geometry type '%s'", op, l->name,
			         l->geom_type);
			return HR_EINVAL;
		}
	}
	for (size_t i = 0; i < l->ncols; i++) {
		const hr_column *c = &l->cols[i];
		if (!c->name || !*c->name || c->type < HR_COL_TEXT || c->type > HR_COL_TIME) {
			snprintf(why, whylen, "%s: layer %s: bad column %zu", op, l->name, i);
			return HR_EINVAL;
		}
		if (strcasecmp(c->name, "fid") == 0 || strcasecmp(c->name, "geom") == 0) {
			snprintf(why, whylen, "%s: layer %s: column name '%s' is reserved", op, l->name,
			         c->name);
			return HR_EINVAL;
		}
	}
	if (l->cols[0].type != HR_COL_TEXT) {
		snprintf(why, whylen, "%s: layer %s: the key must be TEXT", op, l->name);
		return HR_EINVAL;
	}
	return 0;
}

int hr_store__box_check(const hr_bbox *box, const char *op, char *why, size_t whylen)
{
	if (!box || isnan(box->west) || isnan(box->east) || isnan(box->south) ||
	    isnan(box->north) || box->south > box->north) {
		snprintf(why, whylen, "%s: not a box", op);
		return HR_EINVAL;
	}
	if (box->west > box->east) {
		snprintf(why, whylen, "%s: the box crosses the antimeridian; query each side", op);
		return HR_EINVAL;
	}
	return 0;
}

int hr_store__row_meets(const hr_row *row, const hr_bbox *box)
{
	return row->wkb && row->env.west <= box->east && row->env.east >= box->west &&
	       row->env.south <= box->north && row->env.north >= box->south;
}
