/*
 * settle.c - the one case the index hands to GEOS: a point that a release
 * part covers. Whether it is released there is decided exactly as
 * src/core/query.c decides it, on the same coordinates: the area less the
 * union of its parts released by T that cover the point (unioned in
 * release-id order) must still cover the point for it to stay hazardous.
 * A point on the edge between released and unreleased land therefore
 * stays hazardous. Released land is rare beside hazardous land, so this
 * path may cost what GEOS costs.
 */
#include "index/index_int.h"

/* One ring as GEOS wants it: closed again. */
static GEOSGeometry *ring_geom(GEOSContextHandle_t h, const double *v, uint32_t n)
{
	GEOSCoordSequence *seq = GEOSCoordSeq_create_r(h, n + 1, 2);
	if (!seq)
		return NULL;
	for (uint32_t i = 0; i <= n; i++) {
		uint32_t k = i < n ? i : 0;
		if (!GEOSCoordSeq_setXY_r(h, seq, i, v[2 * (size_t)k], v[2 * (size_t)k + 1])) {
			GEOSCoordSeq_destroy_r(h, seq);
			return NULL;
		}
	}
	return GEOSGeom_createLinearRing_r(h, seq);
}

static void destroy_all(GEOSContextHandle_t h, GEOSGeometry **g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (g[i])
			GEOSGeom_destroy_r(h, g[i]);
}

/* The perimeter as the store's WKB made it: a Polygon, or a MultiPolygon
 * whose polygons start at the rings marked HR_IX_SHELL. */
static GEOSGeometry *poly_geom(GEOSContextHandle_t h, const hr_index *ix, const hr_ix_poly *pg)
{
	GEOSGeometry **rings = hr__calloc(pg->nrings, sizeof *rings);
	GEOSGeometry **polys = hr__calloc(pg->nrings, sizeof *polys);
	GEOSGeometry *out = NULL;
	const double *v = ix->xy + 2 * (size_t)pg->vtx;
	size_t np = 0;
	uint32_t r = 0, start = 0;
	if (!rings || !polys)
		goto done;
	while (r < pg->nrings) {
		uint32_t first = r;
		do {
			uint32_t n = pg->nrings == 1 ? pg->nv : ix->ring_len[pg->ring + r] & ~HR_IX_SHELL;
			if (!(rings[r] = ring_geom(h, v + 2 * (size_t)start, n)))
				goto done;
			start += n;
			r++;
		} while (r < pg->nrings && !(ix->ring_len[pg->ring + r] & HR_IX_SHELL));
		polys[np] = GEOSGeom_createPolygon_r(h, rings[first], rings + first + 1, r - first - 1);
		if (!polys[np])
			goto done;
		for (uint32_t k = first; k < r; k++)
			rings[k] = NULL; /* the polygon owns them now */
		np++;
	}
	if (pg->flags & HR_IX_MULTI) {
		out = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys, (unsigned)np);
		if (out)
			np = 0;
	} else if (np == 1) {
		out = polys[0];
		np = 0;
	}
done:
	if (rings)
		destroy_all(h, rings, pg->nrings);
	if (polys)
		destroy_all(h, polys, np);
	hr_free(rings);
	hr_free(polys);
	return out;
}

/* How far a point must be from every edge of a release part that covers
 * it to be released there without asking GEOS: 1e-7 degrees (about a
 * centimetre), many orders of magnitude above the tolerances of GEOS's
 * overlay (relative to the coordinates, about 1e-12 of them), so that the
 * difference of the area and the released parts cannot come back near the
 * point. */
#define HR_CLEAR_INSIDE 1e-7

/* Whether the point is at least HR_CLEAR_INSIDE from each edge of the
 * perimeter (which covers it). */
static int clearly_inside(const hr_index *ix, const hr_ix_poly *r, double px, double py)
{
	const double *v = ix->xy + 2 * (size_t)r->vtx;
	uint32_t done = 0;
	for (uint32_t k = 0; k < r->nrings; k++) {
		uint32_t n = r->nrings == 1 ? r->nv : ix->ring_len[r->ring + k] & ~HR_IX_SHELL;
		for (uint32_t i = 0; i < n; i++) {
			const double *a = v + 2 * (size_t)(done + i),
			             *b = v + 2 * (size_t)(done + (i + 1 == n ? 0 : i + 1));
			double dx = b[0] - a[0], dy = b[1] - a[1], len2 = dx * dx + dy * dy;
			double t = len2 > 0 ? ((px - a[0]) * dx + (py - a[1]) * dy) / len2 : 0;
			double ex, ey;
			t = t < 0 ? 0 : t > 1 ? 1 : t;
			ex = a[0] + t * dx - px;
			ey = a[1] + t * dy - py;
			if (!(ex * ex + ey * ey > HR_CLEAR_INSIDE * HR_CLEAR_INSIDE))
				return 0;
		}
		done += n;
	}
	return 1;
}

int hr_ix__settle(const hr_index *ix, uint32_t slot, double px, double py, hr_time at)
{
	const hr_ix_poly *a = &ix->area[slot];
	const hr_ix_list *l = &ix->lists[a->link];
	GEOSContextHandle_t h;
	/* a point well inside a part released by T is released: the area less
	 * the parts cannot cover it; only a point near an edge needs GEOS */
	for (uint32_t i = 0; i < l->n; i++) {
		const hr_ix_poly *r = &ix->rel[l->v[i]];
		if (r->t != HR_TIME_NONE && r->t <= at && r->t >= a->t &&
		    hr_ix__poly_covers(ix, r, px, py) && clearly_inside(ix, r, px, py))
			return 0;
	}
	h = GEOS_init_r();
	GEOSGeometry *area = NULL, *released = NULL, *pt = NULL, *rest = NULL;
	int rc = HR_ERROR;
	char c;
	if (!h)
		return HR_ENOMEM;
	if (!(area = poly_geom(h, ix, a)))
		goto done;
	for (uint32_t i = 0; i < l->n; i++) {
		const hr_ix_poly *r = &ix->rel[l->v[i]];
		GEOSGeometry *g, *u;
		if (r->t == HR_TIME_NONE || r->t > at || r->t < a->t || !hr_ix__poly_covers(ix, r, px, py))
			continue;
		if (!(g = poly_geom(h, ix, r)))
			goto done;
		if (!released) {
			released = g;
			continue;
		}
		u = GEOSUnion_r(h, released, g);
		GEOSGeom_destroy_r(h, g);
		if (!u)
			goto done;
		GEOSGeom_destroy_r(h, released);
		released = u;
	}
	if (!released) {
		rc = 1; /* cannot happen: the caller found one */
		goto done;
	}
	if (!(pt = GEOSGeom_createPointFromXY_r(h, px, py)) ||
	    !(rest = GEOSDifference_r(h, area, released)))
		goto done;
	c = GEOSCovers_r(h, rest, pt);
	if (c == 0 || c == 1)
		rc = c;
done:
	if (rest)
		GEOSGeom_destroy_r(h, rest);
	if (pt)
		GEOSGeom_destroy_r(h, pt);
	if (released)
		GEOSGeom_destroy_r(h, released);
	if (area)
		GEOSGeom_destroy_r(h, area);
	GEOS_finish_r(h);
	return rc;
}
