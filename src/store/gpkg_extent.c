/*
 * gpkg_extent.c - the extent of each feature layer in gpkg_contents, which
 * GDAL and QGIS show without reading the rows.
 *
 * It is written at commit for the layers the transaction touched. It grows
 * exactly with every geometry put; when a row that reached the edge of the
 * extent is replaced, or when the stored extent is unknown, it is
 * recomputed from the R-tree and refined to the exact doubles of the
 * geometries on its edges (the R-tree keeps 32-bit floats rounded
 * outwards). Every touched layer, attribute tables too, gets a new
 * last_change.
 */
#include "store/gpkg_int.h"

#include <math.h>
#include <string.h>

/* The bookkeeping starts from the stored extent. */
int gpkg__touch(gpkg_be *be, gpkg_layer *L, const char *op)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, src;
	if (L->touched)
		return 0;
	L->touched = 1;
	L->full = 0;
	L->ext_empty = 1;
	if (!L->rtree)
		return 0;
	if (sqlite3_prepare_v2(be->db,
	                       "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents"
	                       " WHERE table_name = ?1",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), op);
		goto done;
	}
	sqlite3_bind_text(st, 1, L->name, -1, SQLITE_STATIC);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		int nulls = 0;
		for (int i = 0; i < 4; i++)
			nulls += sqlite3_column_type(st, i) == SQLITE_NULL;
		if (nulls) {
			/* never written, or written by someone else: recompute */
			L->full = 1;
		} else {
			L->ext_empty = 0;
			L->ext.west = sqlite3_column_double(st, 0);
			L->ext.south = sqlite3_column_double(st, 1);
			L->ext.east = sqlite3_column_double(st, 2);
			L->ext.north = sqlite3_column_double(st, 3);
		}
	} else if (src == SQLITE_DONE) {
		L->full = 1;
	} else {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), op);
	}
done:
	sqlite3_finalize(st);
	if (rc)
		L->touched = 0;
	return rc;
}

void gpkg__ext_add(gpkg_layer *L, const hr_bbox *e)
{
	if (L->ext_empty) {
		L->ext = *e;
		L->ext_empty = 0;
		return;
	}
	if (e->west < L->ext.west)
		L->ext.west = e->west;
	if (e->east > L->ext.east)
		L->ext.east = e->east;
	if (e->south < L->ext.south)
		L->ext.south = e->south;
	if (e->north > L->ext.north)
		L->ext.north = e->north;
}

/* One refining query: the exact bound among the rows the R-tree puts near it. */
static int exact_bound(gpkg_be *be, gpkg_layer *L, const char *agg, const char *fn,
                       const char *col, const char *cmp, double near, double *v)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc = 0;
	sql = sqlite3_mprintf("SELECT %s(%s(t.\"" GEOM_COL "\")) FROM \"%w\" AS r CROSS JOIN"
	                      " \"%w\" AS t ON t.\"fid\" = r.\"id\" WHERE r.\"%s\" %s ?1",
	                      agg, fn, L->rtree, L->name, col, cmp);
	if (!sql)
		return gpkg__errf(be, HR_ENOMEM, "commit: out of memory");
	if (sqlite3_prepare_v2(be->db, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "commit: layer extent");
		goto done;
	}
	sqlite3_bind_double(st, 1, near);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "commit: layer extent");
		goto done;
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		*v = sqlite3_column_double(st, 0);
done:
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return rc;
}

/* The extent of everything in the layer, from its R-tree. */
static int recompute(gpkg_be *be, gpkg_layer *L)
{
	sqlite3_stmt *st = NULL;
	char *sql = NULL;
	hr_bbox r;
	int rc = 0;
	sql = sqlite3_mprintf("SELECT min(minx), max(maxx), min(miny), max(maxy) FROM \"%w\"",
	                      L->rtree);
	if (!sql)
		return gpkg__errf(be, HR_ENOMEM, "commit: out of memory");
	if (sqlite3_prepare_v2(be->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "commit: layer extent");
		goto done;
	}
	L->ext_empty = sqlite3_column_type(st, 0) == SQLITE_NULL;
	if (L->ext_empty)
		goto done;
	r.west = sqlite3_column_double(st, 0);
	r.east = sqlite3_column_double(st, 1);
	r.south = sqlite3_column_double(st, 2);
	r.north = sqlite3_column_double(st, 3);
	L->ext = r;
	/* The R-tree rounded each bound outwards to a float; the geometries
	 * that hold the true bound are among those within one float step. */
	if ((rc = exact_bound(be, L, "min", "ST_MinX", "minx", "<=",
	                      (double)nextafterf((float)r.west, INFINITY), &L->ext.west)) ||
	    (rc = exact_bound(be, L, "max", "ST_MaxX", "maxx", ">=",
	                      (double)nextafterf((float)r.east, -INFINITY), &L->ext.east)) ||
	    (rc = exact_bound(be, L, "min", "ST_MinY", "miny", "<=",
	                      (double)nextafterf((float)r.south, INFINITY), &L->ext.south)) ||
	    (rc = exact_bound(be, L, "max", "ST_MaxY", "maxy", ">=",
	                      (double)nextafterf((float)r.north, -INFINITY), &L->ext.north)))
		goto done;
done:
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return rc;
}

int gpkg__layers_flush(gpkg_be *be)
{
	for (gpkg_layer *L = be->layers; L; L = L->next) {
		sqlite3_stmt *st = NULL;
		int rc = 0;
		if (!L->touched)
			continue;
		if (L->rtree && L->full && (rc = recompute(be, L)))
			return rc;
		if ((rc = gpkg__stmt(be, &L->st[L_CONTENTS], L->sql[L_CONTENTS], &st,
		                     "commit: gpkg_contents")))
			return rc;
		if (L->rtree && !L->ext_empty) {
			sqlite3_bind_double(st, 1, L->ext.west);
			sqlite3_bind_double(st, 2, L->ext.south);
			sqlite3_bind_double(st, 3, L->ext.east);
			sqlite3_bind_double(st, 4, L->ext.north);
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "commit: gpkg_contents");
		gpkg__release(&L->st[L_CONTENTS], st);
		if (rc)
			return rc;
		L->touched = 0;
		L->full = 0;
	}
	return 0;
}

void gpkg__layers_forget(gpkg_be *be)
{
	for (gpkg_layer *L = be->layers; L; L = L->next)
		L->touched = L->full = 0;
}
