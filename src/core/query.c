/*
 * query.c - "is this place hazardous at time T?"
 *
 * The store's spatial index gives candidates by envelope; GEOS decides
 * exactly (a point on the boundary is inside); the time rule is: hazardous
 * from the earliest evidence of contamination until a release part that
 * covers the place was released.
 */
#include "core/register_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	hr_register *reg;
	const GEOSGeometry *probe; /* point or box */
	int is_point;
	hr_time at;
	hr_hits *hits;
	size_t cap;
	int rc;
} qctx;

static char *dup_cell(const hr_row *row, int col)
{
	const hr_cell *c = &row->cells[col];
	return c->is_null ? NULL : hr__strdup(c->s);
}

static int add_hit(qctx *q, const hr_row *row)
{
	hr_area_hit *h;
	if (q->hits->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 8;
		hr_area_hit *nv = hr__realloc(q->hits->hits, cap * sizeof *nv);
		if (!nv)
			return HR_ENOMEM;
		q->hits->hits = nv;
		q->cap = cap;
	}
	h = &q->hits->hits[q->hits->n++];
	memset(h, 0, sizeof *h);
	h->area_id = dup_cell(row, A_ID);
	h->name = dup_cell(row, A_NAME);
	h->classification = dup_cell(row, A_CLASSIFICATION);
	h->status = dup_cell(row, A_STATUS);
	h->org = dup_cell(row, A_ORG);
	h->pcode = dup_cell(row, A_PCODE);
	h->devices = dup_cell(row, A_DEVICES);
	h->contamination = dup_cell(row, A_CONTAMINATION);
	h->doi = row->cells[A_DOI].i;
	h->hazard_from = row->cells[A_HAZARD_FROM].i;
	h->benchmark.lon = row->cells[A_BENCH_LON].r;
	h->benchmark.lat = row->cells[A_BENCH_LAT].r;
	h->bbox = row->env;
	h->hazardous = 1;
	h->released_at = HR_TIME_NONE;
	if (!h->area_id || !h->classification || !h->status || !h->org || !h->devices ||
	    !h->contamination)
		return HR_ENOMEM;
	return 0;
}

/* Does the stored geometry meet the probe: covers the point, or
 * intersects the box? */
static int meets(hr_register *reg, const hr_row *row, const GEOSGeometry *probe, int is_point,
                 GEOSGeometry **keep)
{
	GEOSGeometry *g = hr_geos__read(&reg->geos, row->wkb, row->wkb_len);
	char r;
	if (!g) {
		hr_reg__err(reg, "%s %s: stored geometry does not decode", row->layer->name,
		            row->cells[0].s);
		return -HR_ECORRUPT;
	}
	r = is_point ? GEOSCovers_r(reg->geos.ctx, g, probe)
	             : GEOSIntersects_r(reg->geos.ctx, g, probe);
	if (keep && r == 1)
		*keep = g;
	else
		GEOSGeom_destroy_r(reg->geos.ctx, g);
	return r == 1;
}

static int area_cb(void *ctx, const hr_row *row)
{
	qctx *q = ctx;
	int m;
	if (row->cells[A_HAZARD_FROM].is_null || row->cells[A_HAZARD_FROM].i > q->at)
		return 0; /* not yet hazardous at T */
	m = meets(q->reg, row, q->probe, q->is_point, NULL);
	if (m < 0)
		return -m;
	return m ? add_hit(q, row) : 0;
}

/* Release parts of one area, checked against the probe at T. */
typedef struct {
	qctx *q;
	hr_area_hit *h;
	GEOSGeometry *released; /* union of released parts (box queries) */
} rctx;

static int release_cb(void *ctx, const hr_row *row)
{
	rctx *r = ctx;
	hr_register *reg = r->q->reg;
	GEOSGeometry *g = NULL;
	hr_time t = row->cells[R_RELEASED_AT].i;
	int m;
	if (row->cells[R_RELEASED_AT].is_null || t > r->q->at)
		return 0;
	r->h->released_parts++;
	m = meets(reg, row, r->q->probe, r->q->is_point, r->q->is_point ? NULL : &g);
	if (m < 0)
		return -m;
	if (!m)
		return 0;
	if (r->q->is_point) {
		if (r->h->hazardous || t < r->h->released_at) {
			hr_free(r->h->release_part);
			hr_free(r->h->release);
			r->h->release_part = dup_cell(row, R_ID);
			r->h->release = dup_cell(row, R_RELEASE);
			r->h->released_at = t;
			r->h->hazardous = 0;
		}
		return 0;
	}
	if (!r->released) {
		r->released = g;
	} else {
		GEOSGeometry *u = GEOSUnion_r(reg->geos.ctx, r->released, g);
		GEOSGeom_destroy_r(reg->geos.ctx, g);
		if (!u)
			return HR_ENOMEM;
		GEOSGeom_destroy_r(reg->geos.ctx, r->released);
		r->released = u;
	}
	if (t > r->h->released_at || r->h->released_at == HR_TIME_NONE)
		r->h->released_at = t; /* the latest release that contributed */
	return 0;
}

static int area_geom_cb(void *ctx, const hr_row *row)
{
	void **a = ctx;
	hr_register *reg = a[0];
	GEOSGeometry **out = a[1];
	*out = hr_geos__read(&reg->geos, row->wkb, row->wkb_len);
	return *out ? 0 : HR_ECORRUPT;
}

/* For a box: hazardous unless released parts cover the area within it. */
static int judge_box(qctx *q, hr_area_hit *h, GEOSGeometry *released)
{
	hr_register *reg = q->reg;
	GEOSGeometry *area = NULL, *clip = NULL, *rest = NULL;
	void *a[2] = {reg, &area};
	int rc = reg->be->row_get(reg->be, &hr_layer_areas, h->area_id, area_geom_cb, a);
	if (rc)
		return hr_reg__be_err(reg, rc, "reading an area");
	clip = GEOSIntersection_r(reg->geos.ctx, area, q->probe);
	rest = clip ? GEOSDifference_r(reg->geos.ctx, clip, released) : NULL;
	if (!rest)
		rc = HR_ENOMEM;
	else if (GEOSisEmpty_r(reg->geos.ctx, rest) == 1)
		h->hazardous = 0;
	if (rest)
		GEOSGeom_destroy_r(reg->geos.ctx, rest);
	if (clip)
		GEOSGeom_destroy_r(reg->geos.ctx, clip);
	GEOSGeom_destroy_r(reg->geos.ctx, area);
	return rc;
}

static int by_area_id(const void *a, const void *b)
{
	return strcmp(((const hr_area_hit *)a)->area_id, ((const hr_area_hit *)b)->area_id);
}

static int run(hr_register *reg, const hr_bbox *box, GEOSGeometry *probe, int is_point,
               hr_time at, hr_hits **out)
{
	qctx q;
	int rc;
	memset(&q, 0, sizeof q);
	q.reg = reg;
	q.probe = probe;
	q.is_point = is_point;
	q.at = at;
	q.hits = hr__calloc(1, sizeof *q.hits);
	if (!q.hits) {
		rc = HR_ENOMEM;
		goto done;
	}
	q.hits->at = at;
	rc = reg->be->rows_bbox(reg->be, &hr_layer_areas, box, area_cb, &q);
	if (rc) {
		if (rc != HR_ENOMEM && rc != HR_ECORRUPT)
			hr_reg__be_err(reg, rc, "searching hazardous areas");
		goto done;
	}
	for (size_t i = 0; i < q.hits->n && rc == 0; i++) {
		rctx r = {&q, &q.hits->hits[i], NULL};
		rc = reg->be->rows_where(reg->be, &hr_layer_releases, "area_id",
		                         q.hits->hits[i].area_id, release_cb, &r);
		if (rc && rc != HR_ENOMEM && rc != HR_ECORRUPT)
			hr_reg__be_err(reg, rc, "reading release parts");
		if (rc == 0 && r.released) {
			rc = judge_box(&q, &q.hits->hits[i], r.released);
			if (q.hits->hits[i].hazardous)
				q.hits->hits[i].released_at = HR_TIME_NONE;
		}
		if (r.released)
			GEOSGeom_destroy_r(reg->geos.ctx, r.released);
	}
	if (rc == 0 && q.hits->n > 1)
		qsort(q.hits->hits, q.hits->n, sizeof *q.hits->hits, by_area_id);
done:
	if (rc) {
		hr_hits_free(q.hits);
		q.hits = NULL;
	}
	*out = q.hits;
	return rc;
}

int hr_query_point(hr_register *reg, hr_point p, hr_time at, hr_hits **out)
{
	hr_bbox box = {p.lon, p.lat, p.lon, p.lat};
	GEOSGeometry *pt;
	int rc;
	if (!reg || !out)
		return HR_EINVAL;
	*out = NULL;
	if (!(p.lon >= -180 && p.lon <= 180 && p.lat >= -90 && p.lat <= 90)) {
		hr_reg__err(reg, "point %g %g is outside WGS84 bounds", p.lon, p.lat);
		return HR_EINVAL;
	}
	pt = GEOSGeom_createPointFromXY_r(reg->geos.ctx, p.lon, p.lat);
	if (!pt)
		return HR_ENOMEM;
	rc = run(reg, &box, pt, 1, at, out);
	GEOSGeom_destroy_r(reg->geos.ctx, pt);
	return rc;
}

int hr_query_bbox(hr_register *reg, const hr_bbox *b, hr_time at, hr_hits **out)
{
	GEOSGeometry *box;
	int rc;
	if (!reg || !b || !out)
		return HR_EINVAL;
	*out = NULL;
	if (!(b->west <= b->east && b->south <= b->north && b->west >= -180 && b->east <= 180 &&
	      b->south >= -90 && b->north <= 90)) {
		hr_reg__err(reg, "box %g %g %g %g is not W S E N within WGS84 bounds", b->west,
		            b->south, b->east, b->north);
		return HR_EINVAL;
	}
	box = GEOSGeom_createRectangle_r(reg->geos.ctx, b->west, b->south, b->east, b->north);
	if (!box)
		return HR_ENOMEM;
	rc = run(reg, b, box, 0, at, out);
	GEOSGeom_destroy_r(reg->geos.ctx, box);
	return rc;
}

void hr_hits_free(hr_hits *hits)
{
	if (!hits)
		return;
	for (size_t i = 0; i < hits->n; i++) {
		hr_area_hit *h = &hits->hits[i];
		hr_free(h->area_id);
		hr_free(h->name);
		hr_free(h->classification);
		hr_free(h->status);
		hr_free(h->org);
		hr_free(h->pcode);
		hr_free(h->release_part);
		hr_free(h->release);
		hr_free(h->devices);
		hr_free(h->contamination);
	}
	hr_free(hits->hits);
	hr_free(hits);
}
