/*
 * route_query.c - "which hazardous areas does this route pass, and
 * where?": the store's spatial index gives candidates by the boxes of the
 * route's pieces, route.c measures each against the corridor, and the
 * time rule of query.c decides hazardous or released: an area whose parts
 * released by T cover all of it within the corridor is listed as
 * released, any other as hazardous, with where the corridor meets the
 * part still hazardous.
 */
#include "core/register_int.h"
#include "core/route_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* An area found in some piece's box, kept until it is measured. */
typedef struct {
	hr_area_hit hit;
	unsigned char *wkb;
	size_t wkb_len;
	hr_bbox env;
} candidate;

typedef struct {
	hr_register *reg;
	hr_time at;
	candidate *v;
	size_t n, cap;
} collect;

static int seen(const collect *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].hit.area_id, id) == 0)
			return 1;
	return 0;
}

static int candidate_cb(void *ctx, const hr_row *row)
{
	collect *c = ctx;
	candidate *k;
	int rc;
	if (row->cells[A_HAZARD_FROM].is_null || row->cells[A_HAZARD_FROM].i > c->at)
		return 0; /* not yet hazardous at T */
	if (!row->wkb || seen(c, row->cells[A_ID].s))
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		candidate *nv = hr__realloc(c->v, cap * sizeof *nv);
		if (!nv)
			return HR_ENOMEM;
		c->v = nv;
		c->cap = cap;
	}
	k = &c->v[c->n];
	memset(k, 0, sizeof *k);
	if (!(k->wkb = hr__malloc(row->wkb_len)))
		return HR_ENOMEM;
	memcpy(k->wkb, row->wkb, row->wkb_len);
	k->wkb_len = row->wkb_len;
	k->env = row->env;
	c->n++;
	rc = hr_query__hit(c->reg, row, c->at, &k->hit);
	return rc;
}

/* Measure one candidate; *keep says whether the corridor meets it. */
static int measure(hr_register *reg, hr_route_plan *plan, candidate *k, hr_time at,
                   hr_route_span *span, int *keep)
{
	GEOSContextHandle_t ctx = reg->geos.ctx;
	GEOSGeometry *area = hr_geos__read(&reg->geos, k->wkb, k->wkb_len), *rest = NULL;
	hr_route_span rs;
	hr_time latest = HR_TIME_NONE;
	int rc;

	*keep = 0;
	if (!area) {
		hr_reg__err(reg, "hazardous_areas %s: stored geometry does not decode",
		            k->hit.area_id);
		return HR_ECORRUPT;
	}
	if ((rc = hr_route__span(plan, area, &k->env, span)) || !span->meets)
		goto done;
	*keep = 1;
	if ((rc = hr_query__hazardous_rest(reg, &k->hit, at, area, &rest, &latest)))
		goto done;
	if (k->hit.released_parts > 0) {
		char empty = GEOSisEmpty_r(ctx, rest);
		rs.meets = 0;
		if (empty == 0)
			rc = hr_route__span(plan, rest, &k->env, &rs);
		else if (empty != 1)
			rc = HR_ERROR;
		if (rc == 0 && rs.meets) {
			*span = rs; /* where the corridor meets what is still hazardous */
		} else if (rc == 0) {
			k->hit.hazardous = 0; /* all of it within the corridor was released by then */
			k->hit.released_at = latest;
		}
	}
	if (k->hit.hazardous)
		hr_query__unname_release(&k->hit);
done:
	if (rc == HR_ERROR)
		hr_reg__err(reg, "area %s: %s", k->hit.area_id,
		            reg->geos.msg[0] ? reg->geos.msg : "GEOS failed");
	if (rest)
		GEOSGeom_destroy_r(ctx, rest);
	GEOSGeom_destroy_r(ctx, area);
	return rc;
}

static int by_entry(const void *a, const void *b)
{
	const hr_route_hit *x = a, *y = b;
	if (x->span.enter_m != y->span.enter_m)
		return x->span.enter_m < y->span.enter_m ? -1 : 1;
	return strcmp(x->area.area_id, y->area.area_id);
}

static const char *problem_words(hr_route_problem why)
{
	switch (why) {
	case HR_ROUTE_TOO_FEW: return "a route needs at least 2 positions";
	case HR_ROUTE_TOO_MANY: return "a route may have at most 10000 positions";
	case HR_ROUTE_BAD_POINT: return "a position is outside WGS84 bounds";
	case HR_ROUTE_ANTIMERIDIAN: return "a segment crosses the antimeridian";
	case HR_ROUTE_BAD_WIDTH: return "the width must be 1 to 10000 metres";
	case HR_ROUTE_TOO_LONG: return "a route may be at most 2000 km long";
	default: return "the route is refused";
	}
}

int hr_query_route(hr_register *reg, const hr_point *pts, size_t n, double width_m, hr_time at,
                   hr_route_hits **out)
{
	hr_route_plan *plan = NULL;
	hr_route_hits *r = NULL;
	hr_route_problem why;
	collect c;
	size_t where;
	int rc, reading = 0;

	if (!reg || !out)
		return HR_EINVAL;
	*out = NULL;
	memset(&c, 0, sizeof c);
	c.reg = reg;
	c.at = at;
	reg->err[0] = '\0';
	reg->geos.msg[0] = '\0';
	rc = hr_route__plan(&reg->geos, pts, n, width_m, &plan, &why, &where);
	if (rc == HR_EINVAL) {
		hr_reg__err(reg, "%s (position %zu)", problem_words(why), where);
		return rc;
	}
	if (rc)
		goto done;
	if ((rc = hr_reg__read_begin(reg)))
		goto done;
	reading = 1;
	for (size_t i = 0; i < hr_route__npieces(plan) && rc == 0; i++)
		rc = reg->be->rows_bbox(reg->be, &hr_layer_areas, hr_route__piece_box(plan, i),
		                        candidate_cb, &c);
	if (rc) {
		if (rc != HR_ENOMEM && rc != HR_ECORRUPT && rc != HR_ERROR)
			hr_reg__be_err(reg, rc, "searching hazardous areas");
		goto done;
	}
	if (!(r = hr__calloc(1, sizeof *r)) || !(r->hits = hr__calloc(c.n + 1, sizeof *r->hits))) {
		rc = HR_ENOMEM;
		goto done;
	}
	r->at = at;
	r->width_m = width_m;
	r->length_m = hr_route__length(plan);
	r->npoints = n;
	for (size_t i = 0; i < c.n && rc == 0; i++) {
		hr_route_span span;
		int keep = 0;
		rc = measure(reg, plan, &c.v[i], at, &span, &keep);
		if (rc == 0 && keep) {
			r->hits[r->n].area = c.v[i].hit; /* ownership moves */
			r->hits[r->n].span = span;
			memset(&c.v[i].hit, 0, sizeof c.v[i].hit);
			r->n++;
		}
	}
	if (rc == 0 && r->n > 1)
		qsort(r->hits, r->n, sizeof *r->hits, by_entry);
done:
	if (reading)
		hr_reg__read_end(reg);
	if (rc == HR_ENOMEM)
		hr_reg__err(reg, "out of memory");
	else if (rc == HR_ERROR && !reg->err[0])
		hr_reg__err(reg, "%s", reg->geos.msg[0] ? reg->geos.msg : "the route query failed");
	for (size_t i = 0; i < c.n; i++) {
		hr_query__hit_clear(&c.v[i].hit);
		hr_free(c.v[i].wkb);
	}
	hr_free(c.v);
	hr_route__plan_free(plan);
	if (rc) {
		hr_route_hits_free(r);
		r = NULL;
	}
	*out = r;
	return rc;
}

void hr_route_hits_free(hr_route_hits *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		hr_query__hit_clear(&r->hits[i].area);
	hr_free(r->hits);
	hr_free(r);
}
