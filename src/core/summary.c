/*
 * summary.c - the register counted by administrative area (summary.h):
 * the derived layers read in one snapshot, hazardous areas reduced to
 * their open land at T by the query's own rule (hr_query__hazardous_rest),
 * and every piece of land or point given to the boundaries it lies in.
 *
 * Boundaries of one level should not overlap; when they do, land in both
 * counts in both (the sum of the rows then exceeds the land), as a table
 * of overlapping polygons in a GIS would show it.
 */
#include "core/register_int.h"
#include "hazreg/summary.h"

#include <stdlib.h>
#include <string.h>

/* What the layers hold that the summary needs, copied out of the
 * backend's callbacks so that the query's own reads may follow. */
typedef struct {
	char *id, *cls, *s1, *s2; /* area: id, classification; part: area id, method */
	hr_time t;               /* hazard_from / released_at / found_at / occurred_at */
	int64_t a, b;            /* item: quantity; accident: killed, injured */
	unsigned char *wkb;
	size_t len;
	hr_bbox env;
} sm_feat;

typedef struct {
	sm_feat *v;
	size_t n, cap;
} sm_list;

typedef struct {
	hr_register *reg;
	hr_summary *s;
	int level;
	hr_time at;
	sm_list areas, parts, items, accidents;
	size_t bcap;
	GEOSGeometry **bound;               /* per row */
	const GEOSPreparedGeometry **prep;  /* per row */
	hr_bbox *benv;
	GEOSGeometry *all;                  /* union of every boundary */
} sm_ctx;

static char *dup_cell(const hr_row *row, int col, int *oom)
{
	char *s;
	if (row->cells[col].is_null)
		return NULL;
	if (!(s = hr__strdup(row->cells[col].s)))
		*oom = 1;
	return s;
}

static int64_t int_cell(const hr_row *row, int col, int64_t dflt)
{
	return row->cells[col].is_null ? dflt : row->cells[col].i;
}

/* Append a feature of a row: its geometry copied, the rest set by the caller. */
static sm_feat *feat_add(sm_list *l, const hr_row *row)
{
	sm_feat *f;
	if (!row->wkb)
		return NULL;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		sm_feat *nv = hr__realloc(l->v, cap * sizeof *nv);
		if (!nv)
			return NULL;
		l->v = nv;
		l->cap = cap;
	}
	f = &l->v[l->n];
	memset(f, 0, sizeof *f);
	if (!(f->wkb = hr__malloc(row->wkb_len)))
		return NULL;
	memcpy(f->wkb, row->wkb, row->wkb_len);
	f->len = row->wkb_len;
	f->env = row->env;
	l->n++;
	return f;
}

static void list_free(sm_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		hr_free(l->v[i].id);
		hr_free(l->v[i].cls);
		hr_free(l->v[i].s1);
		hr_free(l->v[i].s2);
		hr_free(l->v[i].wkb);
	}
	hr_free(l->v);
}

/* ---- reading the layers ----------------------------------------------------- */

static int adm_cb(void *ctx, const hr_row *row)
{
	sm_ctx *c = ctx;
	hr_summary *s = c->s;
	hr_summary_row *r;
	GEOSGeometry *g;
	int oom = 0;
	if (int_cell(row, B_LEVEL, 0) != c->level)
		return 0;
	if (!row->wkb) {
		hr_reg__err(c->reg, "admin_areas %s: no geometry", row->cells[B_ID].s);
		return HR_ECORRUPT;
	}
	if (s->n == c->bcap) {
		size_t cap = c->bcap ? c->bcap * 2 : 32;
		hr_summary_row *nr = hr__realloc(s->rows, cap * sizeof *nr);
		GEOSGeometry **nb;
		const GEOSPreparedGeometry **np;
		hr_bbox *ne;
		if (nr)
			s->rows = nr;
		nb = nr ? hr__realloc(c->bound, cap * sizeof *nb) : NULL;
		if (nb)
			c->bound = nb;
		np = nb ? hr__realloc(c->prep, cap * sizeof *np) : NULL;
		if (np)
			c->prep = np;
		ne = np ? hr__realloc(c->benv, cap * sizeof *ne) : NULL;
		if (!ne)
			return HR_ENOMEM;
		c->benv = ne;
		c->bcap = cap;
	}
	if (!(g = hr_geos__read(&c->reg->geos, row->wkb, row->wkb_len))) {
		hr_reg__err(c->reg, "admin_areas %s: %s", row->cells[B_ID].s, c->reg->geos.msg);
		return HR_ECORRUPT;
	}
	c->bound[s->n] = g;
	c->prep[s->n] = NULL;
	c->benv[s->n] = row->env;
	r = &s->rows[s->n++];
	memset(r, 0, sizeof *r);
	r->pcode = dup_cell(row, B_ID, &oom);
	r->name = dup_cell(row, B_NAME, &oom);
	r->name_uk = dup_cell(row, B_NAME_UK, &oom);
	r->parent_pcode = dup_cell(row, B_PARENT, &oom);
	if (!(c->prep[s->n - 1] = GEOSPrepare_r(c->reg->geos.ctx, g)))
		oom = 1;
	return oom ? HR_ENOMEM : 0;
}

static int area_cb(void *ctx, const hr_row *row)
{
	sm_ctx *c = ctx;
	sm_feat *f;
	int oom = 0;
	/* not hazardous yet at T: counted nowhere */
	if (row->cells[A_HAZARD_FROM].is_null || row->cells[A_HAZARD_FROM].i > c->at)
		return 0;
	if (!(f = feat_add(&c->areas, row)))
		return row->wkb ? HR_ENOMEM : 0;
	f->id = dup_cell(row, A_ID, &oom);
	f->cls = dup_cell(row, A_CLASSIFICATION, &oom);
	f->t = row->cells[A_HAZARD_FROM].i;
	return oom ? HR_ENOMEM : 0;
}

static int part_cb(void *ctx, const hr_row *row)
{
	sm_ctx *c = ctx;
	sm_feat *f;
	int oom = 0;
	if (row->cells[R_RELEASED_AT].is_null || row->cells[R_RELEASED_AT].i > c->at)
		return 0;
	if (!(f = feat_add(&c->parts, row)))
		return row->wkb ? HR_ENOMEM : 0;
	f->s2 = dup_cell(row, R_METHOD, &oom);
	return oom ? HR_ENOMEM : 0;
}

static int item_cb(void *ctx, const hr_row *row)
{
	sm_ctx *c = ctx;
	sm_feat *f;
	if (row->cells[I_FOUND_AT].is_null || row->cells[I_FOUND_AT].i > c->at)
		return 0;
	if (!(f = feat_add(&c->items, row)))
		return row->wkb ? HR_ENOMEM : 0;
	f->a = int_cell(row, I_QUANTITY, 1);
	return 0;
}

static int accident_cb(void *ctx, const hr_row *row)
{
	sm_ctx *c = ctx;
	sm_feat *f;
	if (row->cells[X_OCCURRED_AT].is_null || row->cells[X_OCCURRED_AT].i > c->at)
		return 0;
	if (!(f = feat_add(&c->accidents, row)))
		return row->wkb ? HR_ENOMEM : 0;
	f->a = int_cell(row, X_KILLED, 0);
	f->b = int_cell(row, X_INJURED, 0);
	return 0;
}

static int read_layers(sm_ctx *c)
{
	hr_backend *be = c->reg->be;
	int rc;
	if ((rc = be->rows_all(be, &hr_layer_adm_areas, adm_cb, c)))
		return rc;
	if (c->s->n == 0) {
		hr_reg__err(c->reg, "no administrative area of level %d in the register: import "
		                    "boundaries (kind adm_area) first",
		            c->level);
		return HR_ENOTFOUND;
	}
	if ((rc = be->rows_all(be, &hr_layer_areas, area_cb, c)) ||
	    (rc = be->rows_all(be, &hr_layer_releases, part_cb, c)) ||
	    (rc = be->rows_all(be, &hr_layer_items, item_cb, c)))
		return rc;
	/* Accidents leave the register only as counts per administrative
	 * area here; their points stay out of the public profile. */
	if (hr_profile__counts_visible(HR_PROFILE_PUBLIC, &hr_layer_accidents))
		rc = be->rows_all(be, &hr_layer_accidents, accident_cb, c);
	return rc;
}

/* ---- splitting land between the boundaries ---------------------------------- */

static int env_meets(const hr_bbox *a, const hr_bbox *b)
{
	return a->west <= b->east && b->west <= a->east && a->south <= b->north &&
	       b->south <= a->north;
}

static int geos_fail(sm_ctx *c, const char *what, const char *id)
{
	hr_reg__err(c->reg, "%s %s: GEOS failed: %s", what, id ? id : "", c->reg->geos.msg);
	return HR_ERROR;
}

/* Land in m²: each polygon of g by the rule of hr_geom_area_m2() at its own
 * mean latitude. An intersection may hold lines and points where shapes
 * touch (no land); they must not stretch the envelope a polygon is
 * measured at. */
static double land_m2(sm_ctx *c, const GEOSGeometry *g)
{
	GEOSContextHandle_t h = c->reg->geos.ctx;
	int type = GEOSGeomTypeId_r(h, g), n;
	double a = 0;
	if (type == GEOS_POLYGON)
		return hr_geom__area_m2_g(&c->reg->geos, g);
	if (type != GEOS_MULTIPOLYGON && type != GEOS_GEOMETRYCOLLECTION)
		return 0;
	n = GEOSGetNumGeometries_r(h, g);
	for (int i = 0; i < n; i++)
		a += land_m2(c, GEOSGetGeometryN_r(h, g, i));
	return a;
}

/* The land of g in each boundary and outside all of them: m2[i] for row
 * i, m2[n] outside. */
static int split_land(sm_ctx *c, const GEOSGeometry *g, const hr_bbox *env, const char *id,
                      double *m2)
{
	GEOSContextHandle_t h = c->reg->geos.ctx;
	GEOSGeometry *rest;
	for (size_t i = 0; i < c->s->n; i++) {
		GEOSGeometry *in;
		char hit;
		m2[i] = 0;
		if (!env_meets(env, &c->benv[i]))
			continue;
		if ((hit = GEOSPreparedIntersects_r(h, c->prep[i], g)) == 2)
			return geos_fail(c, "summary of", id);
		if (!hit)
			continue;
		if (!(in = GEOSIntersection_r(h, c->bound[i], g)))
			return geos_fail(c, "summary of", id);
		m2[i] = land_m2(c, in);
		GEOSGeom_destroy_r(h, in);
	}
	if (!(rest = GEOSDifference_r(h, g, c->all)))
		return geos_fail(c, "summary of", id);
	m2[c->s->n] = land_m2(c, rest);
	GEOSGeom_destroy_r(h, rest);
	return 0;
}

static hr_summary_row *row_at(sm_ctx *c, size_t i)
{
	return i < c->s->n ? &c->s->rows[i] : &c->s->outside;
}

static int count_areas(sm_ctx *c, double *m2)
{
	GEOSContextHandle_t h = c->reg->geos.ctx;
	int rc = 0;
	for (size_t k = 0; k < c->areas.n && rc == 0; k++) {
		sm_feat *f = &c->areas.v[k];
		GEOSGeometry *g = NULL, *rest = NULL;
		hr_area_hit hit;
		hr_time latest;
		int cha = f->cls && strcmp(f->cls, "CHA") == 0, rows = 0;
		memset(&hit, 0, sizeof hit);
		hit.area_id = f->id;
		hit.hazard_from = f->t;
		hit.released_at = HR_TIME_NONE;
		if (!(g = hr_geos__read(&c->reg->geos, f->wkb, f->len)))
			return geos_fail(c, "hazardous area", f->id);
		rc = hr_query__hazardous_rest(c->reg, &hit, c->at, g, &rest, &latest);
		GEOSGeom_destroy_r(h, g);
		if (rc)
			return rc;
		if (!GEOSisEmpty_r(h, rest) && land_m2(c, rest) > 0) {
			hr_bbox env;
			double w = 0, e = 0, s = 0, n = 0;
			if (GEOSGeom_getXMin_r(h, rest, &w) != 1 || GEOSGeom_getXMax_r(h, rest, &e) != 1 ||
			    GEOSGeom_getYMin_r(h, rest, &s) != 1 || GEOSGeom_getYMax_r(h, rest, &n) != 1)
				rc = geos_fail(c, "hazardous area", f->id);
			env = (hr_bbox){w, s, e, n};
			if (rc == 0)
				rc = split_land(c, rest, &env, f->id, m2);
			for (size_t i = 0; rc == 0 && i <= c->s->n; i++) {
				hr_summary_row *r = row_at(c, i);
				if (m2[i] <= 0)
					continue;
				rows++;
				if (cha) {
					r->cha++;
					r->cha_km2 += m2[i] / 1e6;
				} else {
					r->sha++;
					r->sha_km2 += m2[i] / 1e6;
				}
			}
			if (rows) {
				if (cha)
					c->s->total.cha++;
				else
					c->s->total.sha++;
			}
			if (rows > 1)
				c->s->split++;
		}
		GEOSGeom_destroy_r(h, rest);
	}
	return rc;
}

static int count_parts(sm_ctx *c, double *m2)
{
	static const char *const methods[3] = {"nts", "ts", "clearance"};
	for (size_t k = 0; k < c->parts.n; k++) {
		sm_feat *f = &c->parts.v[k];
		GEOSGeometry *g;
		int m = -1, rc;
		for (int i = 0; i < 3; i++)
			if (f->s2 && strcmp(f->s2, methods[i]) == 0)
				m = i;
		if (m < 0)
			continue;
		if (!(g = hr_geos__read(&c->reg->geos, f->wkb, f->len)))
			return geos_fail(c, "release part", "");
		rc = split_land(c, g, &f->env, "release part", m2);
		GEOSGeom_destroy_r(c->reg->geos.ctx, g);
		if (rc)
			return rc;
		for (size_t i = 0; i <= c->s->n; i++)
			row_at(c, i)->released_km2[m] += m2[i] / 1e6;
	}
	return 0;
}

/* The row of a point: the first boundary, by p-code, that covers it. */
static int point_row(sm_ctx *c, const sm_feat *f, size_t *out)
{
	GEOSContextHandle_t h = c->reg->geos.ctx;
	GEOSGeometry *p = GEOSGeom_createPointFromXY_r(h, f->env.west, f->env.south);
	int rc = 0;
	*out = c->s->n;
	if (!p)
		return HR_ENOMEM;
	for (size_t i = 0; i < c->s->n; i++) {
		char in;
		if (!env_meets(&f->env, &c->benv[i]))
			continue;
		if ((in = GEOSPreparedCovers_r(h, c->prep[i], p)) == 2) {
			rc = geos_fail(c, "summary of", "a point");
			break;
		}
		if (in) {
			*out = i;
			break;
		}
	}
	GEOSGeom_destroy_r(h, p);
	return rc;
}

static int count_points(sm_ctx *c)
{
	size_t i;
	int rc;
	for (size_t k = 0; k < c->items.n; k++) {
		if ((rc = point_row(c, &c->items.v[k], &i)))
			return rc;
		row_at(c, i)->items += c->items.v[k].a;
	}
	for (size_t k = 0; k < c->accidents.n; k++) {
		hr_summary_row *r;
		if ((rc = point_row(c, &c->accidents.v[k], &i)))
			return rc;
		r = row_at(c, i);
		r->accidents++;
		r->killed += c->accidents.v[k].a;
		r->injured += c->accidents.v[k].b;
	}
	return 0;
}

static void add_totals(hr_summary *s)
{
	hr_summary_row *t = &s->total;
	for (size_t i = 0; i <= s->n; i++) {
		const hr_summary_row *r = i < s->n ? &s->rows[i] : &s->outside;
		t->sha_km2 += r->sha_km2;
		t->cha_km2 += r->cha_km2;
		for (int m = 0; m < 3; m++)
			t->released_km2[m] += r->released_km2[m];
		t->items += r->items;
		t->accidents += r->accidents;
		t->killed += r->killed;
		t->injured += r->injured;
	}
}

static int union_all(sm_ctx *c)
{
	GEOSContextHandle_t h = c->reg->geos.ctx;
	GEOSGeometry **parts = hr__malloc(c->s->n * sizeof *parts), *coll;
	if (!parts)
		return HR_ENOMEM;
	for (size_t i = 0; i < c->s->n; i++)
		parts[i] = GEOSGeom_clone_r(h, c->bound[i]);
	coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts,
	                                   (unsigned)c->s->n);
	hr_free(parts);
	if (!coll)
		return geos_fail(c, "boundaries", "");
	c->all = GEOSUnaryUnion_r(h, coll);
	GEOSGeom_destroy_r(h, coll);
	return c->all ? 0 : geos_fail(c, "the union of the boundaries", "");
}

typedef struct {
	hr_summary_row row;
	GEOSGeometry *bound;
	const GEOSPreparedGeometry *prep;
	hr_bbox env;
} sm_bound;

static int by_pcode(const void *a, const void *b)
{
	return strcmp(((const sm_bound *)a)->row.pcode, ((const sm_bound *)b)->row.pcode);
}

/* Rows by p-code in bytes, whatever order (collation) the store keeps. */
static int sort_rows(sm_ctx *c)
{
	size_t n = c->s->n;
	sm_bound *v = hr__malloc(n * sizeof *v);
	if (!v)
		return HR_ENOMEM;
	for (size_t i = 0; i < n; i++)
		v[i] = (sm_bound){c->s->rows[i], c->bound[i], c->prep[i], c->benv[i]};
	qsort(v, n, sizeof *v, by_pcode);
	for (size_t i = 0; i < n; i++) {
		c->s->rows[i] = v[i].row;
		c->bound[i] = v[i].bound;
		c->prep[i] = v[i].prep;
		c->benv[i] = v[i].env;
	}
	hr_free(v);
	return 0;
}

int hr_summary_by_adm(hr_register *reg, int level, hr_time at, hr_summary **out)
{
	sm_ctx c;
	double *m2 = NULL;
	int rc, reading = 0;
	if (!reg || !out || (level != 1 && level != 2) || at == HR_TIME_NONE)
		return HR_EINVAL;
	*out = NULL;
	memset(&c, 0, sizeof c);
	c.reg = reg;
	c.level = level;
	c.at = at;
	if (!(c.s = hr__calloc(1, sizeof *c.s)))
		return HR_ENOMEM;
	c.s->level = level;
	c.s->at = at;
	if ((rc = hr_reg__read_begin(reg)))
		goto done;
	reading = 1;
	if ((rc = read_layers(&c)))
		goto done;
	if ((rc = sort_rows(&c)))
		goto done;
	if (!(m2 = hr__calloc(c.s->n + 1, sizeof *m2))) {
		rc = HR_ENOMEM;
		goto done;
	}
	if ((rc = union_all(&c)) || (rc = count_areas(&c, m2)) || (rc = count_parts(&c, m2)) ||
	    (rc = count_points(&c)))
		goto done;
	add_totals(c.s);
done:
	if (reading)
		hr_reg__read_end(reg);
	if (rc && rc != HR_ENOTFOUND && rc != HR_ENOMEM && rc != HR_ECORRUPT && rc != HR_ERROR)
		hr_reg__be_err(reg, rc, "reading derived state");
	for (size_t i = 0; i < c.s->n; i++) {
		if (c.prep && c.prep[i])
			GEOSPreparedGeom_destroy_r(reg->geos.ctx, c.prep[i]);
		if (c.bound && c.bound[i])
			GEOSGeom_destroy_r(reg->geos.ctx, c.bound[i]);
	}
	if (c.all)
		GEOSGeom_destroy_r(reg->geos.ctx, c.all);
	hr_free(c.prep);
	hr_free(c.bound);
	hr_free(c.benv);
	hr_free(m2);
	list_free(&c.areas);
	list_free(&c.parts);
	list_free(&c.items);
	list_free(&c.accidents);
	if (rc) {
		hr_summary_free(c.s);
		return rc;
	}
	*out = c.s;
	return 0;
}

static void row_clear(hr_summary_row *r)
{
	hr_free(r->pcode);
	hr_free(r->name);
	hr_free(r->name_uk);
	hr_free(r->parent_pcode);
}

void hr_summary_free(hr_summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		row_clear(&s->rows[i]);
	hr_free(s->rows);
	hr_free(s);
}
