/*
 * query.c - "is this place hazardous at time T?"
 *
 * The store's spatial index gives candidates by envelope; GEOS decides
 * exactly (a point on the boundary is inside); the time rule is: hazardous
 * from the earliest evidence of contamination until a release part that
 * covers the place was released. A handle that asks about points more
 * than once takes them from the in-memory index (src/index), which gives
 * the same areas and the same flags; the answers are the same bytes.
 */
#include "core/register_int.h"
#include "index/index_int.h"

#include <math.h>
#include <pthread.h>
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

/* Copy a text cell; *oom is set when a non-null cell could not be copied. */
static char *dup_cell(const hr_row *row, int col, int *oom)
{
	const hr_cell *c = &row->cells[col];
	char *s;
	if (c->is_null)
		return NULL;
	s = hr__strdup(c->s);
	if (!s)
		*oom = 1;
	return s;
}

/* The residual-risk model at T for a hit: computed beside the answer,
 * never deciding it (hazardous/released is the time rule's alone). */
static int hit_risk(hr_register *reg, hr_time at, hr_area_hit *h, hr_time reported)
{
	hr_risk_inputs *in = NULL;
	int owned = 0;
	int rc = hr_risk__contamination(reg, h->area_id, h->contamination, &in, &owned);
	if (rc == 0)
		hr_risk_eval(&h->risk, in->entries, in->n, reported, at, 1.0);
	if (owned)
		hr_risk_inputs_free(in);
	return rc;
}

/* The row's part of a hit: everything but the release and the risk. */
static int hit_from_row(hr_register *reg, const hr_row *row, hr_area_hit *h, hr_time *reported)
{
	int oom = 0;
	memset(h, 0, sizeof *h);
	h->area_id = dup_cell(row, A_ID, &oom);
	h->name = dup_cell(row, A_NAME, &oom);
	h->classification = dup_cell(row, A_CLASSIFICATION, &oom);
	h->status = dup_cell(row, A_STATUS, &oom);
	h->org = dup_cell(row, A_ORG, &oom);
	h->pcode = dup_cell(row, A_PCODE, &oom);
	h->devices = dup_cell(row, A_DEVICES, &oom);
	h->contamination = dup_cell(row, A_CONTAMINATION, &oom);
	h->doi = row->cells[A_DOI].i;
	h->hazard_from = row->cells[A_HAZARD_FROM].i;
	h->benchmark.lon = row->cells[A_BENCH_LON].r;
	h->benchmark.lat = row->cells[A_BENCH_LAT].r;
	h->bbox = row->env;
	h->hazardous = 1;
	h->released_at = HR_TIME_NONE;
	*reported = row->cells[A_FIRST_REPORTED].is_null ? h->hazard_from
	                                                  : row->cells[A_FIRST_REPORTED].i;
	if (oom)
		return HR_ENOMEM;
	if (!h->area_id || !h->classification || !h->status || !h->org || !h->devices ||
	    !h->contamination) {
		hr_reg__err(reg, "hazardous_areas: a row lacks a required column");
		return HR_ECORRUPT;
	}
	return 0;
}

int hr_query__hit(hr_register *reg, const hr_row *row, hr_time at, hr_area_hit *h)
{
	hr_time reported;
	int rc = hit_from_row(reg, row, h, &reported);
	return rc ? rc : hit_risk(reg, at, h, reported);
}

static int add_hit(qctx *q, const hr_row *row)
{
	if (q->hits->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 8;
		hr_area_hit *nv = hr__realloc(q->hits->hits, cap * sizeof *nv);
		if (!nv)
			return HR_ENOMEM;
		q->hits->hits = nv;
		q->cap = cap;
	}
	return hr_query__hit(q->reg, row, q->at, &q->hits->hits[q->hits->n++]);
}

/* Does the stored geometry meet the probe: covers the point, or
 * intersects the box (every geometry meets a NULL probe)? 1 or 0, or a
 * negative error: a geometry that does not decode or a GEOS failure must
 * fail the query, never count as released or as absent. When keep is
 * given and the answer is 1, the geometry is handed over. */
int hr_query__meets(hr_register *reg, const hr_row *row, const GEOSGeometry *probe, int is_point,
                    GEOSGeometry **keep)
{
	GEOSGeometry *g = row->wkb ? hr_geos__read(&reg->geos, row->wkb, row->wkb_len) : NULL;
	char r;
	if (!g) {
		hr_reg__err(reg, "%s %s: stored geometry does not decode", row->layer->name,
		            row->cells[0].s);
		return HR_ECORRUPT;
	}
	if (!probe) {
		r = 1;
	} else if (is_point) {
		/* A point meets a geometry's closure exactly when the geometry
		 * covers it, boundary included; the prepared test locates it
		 * against an index of the edges rather than building the full
		 * intersection matrix that covers() asks for. */
		const GEOSPreparedGeometry *pg = GEOSPrepare_r(reg->geos.ctx, g);
		r = pg ? GEOSPreparedIntersects_r(reg->geos.ctx, pg, probe) : 2;
		if (pg)
			GEOSPreparedGeom_destroy_r(reg->geos.ctx, pg);
	} else {
		r = GEOSIntersects_r(reg->geos.ctx, g, probe);
	}
	if (r != 0 && r != 1) {
		hr_reg__err(reg, "%s %s: GEOS failed: %s", row->layer->name, row->cells[0].s,
		            reg->geos.msg);
		GEOSGeom_destroy_r(reg->geos.ctx, g);
		return HR_ERROR;
	}
	if (keep && r == 1)
		*keep = g;
	else
		GEOSGeom_destroy_r(reg->geos.ctx, g);
	return r;
}

static int area_cb(void *ctx, const hr_row *row)
{
	qctx *q = ctx;
	int m;
	if (row->cells[A_HAZARD_FROM].is_null || row->cells[A_HAZARD_FROM].i > q->at)
		return 0; /* not yet hazardous at T */
	m = hr_query__meets(q->reg, row, q->probe, q->is_point, NULL);
	if (m < 0)
		return m;
	return m ? add_hit(q, row) : 0;
}

/* Release parts of one area, checked against the probe at T: the union
 * of the parts released by T that meet the probe is collected, and the
 * earliest of them named. */
typedef struct {
	hr_register *reg;
	const GEOSGeometry *probe; /* NULL: every part */
	int is_point;
	hr_time at;
	hr_area_hit *h;
	GEOSGeometry *released;
	hr_time latest; /* the last release that contributed */
	int oom;
} rctx;

static int release_cb(void *ctx, const hr_row *row)
{
	rctx *r = ctx;
	hr_register *reg = r->reg;
	GEOSGeometry *g = NULL;
	hr_time t = row->cells[R_RELEASED_AT].i;
	int m;
	/* a release before the area's earliest evidence cannot release it */
	if (row->cells[R_RELEASED_AT].is_null || t > r->at || t < r->h->hazard_from)
		return 0;
	r->h->released_parts++;
	m = hr_query__meets(reg, row, r->probe, r->is_point, &g);
	if (m <= 0)
		return m;
	if (t > r->latest)
		r->latest = t;
	/* a point names the part that released it; a box may need several */
	if (r->is_point && (r->h->released_at == HR_TIME_NONE || t < r->h->released_at)) {
		hr_free(r->h->release_part);
		hr_free(r->h->release);
		r->h->release_part = dup_cell(row, R_ID, &r->oom);
		r->h->release = dup_cell(row, R_RELEASE, &r->oom);
		r->h->released_at = t;
	}
	if (!r->released) {
		r->released = g;
	} else {
		GEOSGeometry *u = GEOSUnion_r(reg->geos.ctx, r->released, g);
		GEOSGeom_destroy_r(reg->geos.ctx, g);
		if (!u) {
			hr_reg__err(reg, "GEOS failed: %s", reg->geos.msg);
			return HR_ERROR;
		}
		GEOSGeom_destroy_r(reg->geos.ctx, r->released);
		r->released = u;
	}
	return r->oom ? HR_ENOMEM : 0;
}

/* The union of an area's parts released by T that meet the probe (all
 * of them for a NULL probe), or NULL when none; latest receives the last
 * release that contributed. */
static int released_parts(hr_register *reg, hr_area_hit *h, hr_time at,
                          const GEOSGeometry *probe, int is_point, GEOSGeometry **out,
                          hr_time *latest)
{
	rctx r = {reg, probe, is_point, at, h, NULL, HR_TIME_NONE, 0};
	int rc = reg->be->rows_where(reg->be, &hr_layer_releases, "area_id", h->area_id,
	                             release_cb, &r);
	if (rc && rc != HR_ENOMEM && rc != HR_ECORRUPT && rc != HR_ERROR)
		hr_reg__be_err(reg, rc, "reading release parts");
	if (rc && r.released) {
		GEOSGeom_destroy_r(reg->geos.ctx, r.released);
		r.released = NULL;
	}
	*out = r.released;
	*latest = r.latest;
	return rc;
}

int hr_query__hazardous_rest(hr_register *reg, hr_area_hit *h, hr_time at,
                             const GEOSGeometry *area, GEOSGeometry **rest, hr_time *latest)
{
	GEOSGeometry *released = NULL;
	int rc = released_parts(reg, h, at, NULL, 0, &released, latest);
	*rest = NULL;
	if (rc)
		return rc;
	*rest = released ? GEOSDifference_r(reg->geos.ctx, area, released)
	                 : GEOSGeom_clone_r(reg->geos.ctx, area);
	if (released)
		GEOSGeom_destroy_r(reg->geos.ctx, released);
	if (!*rest) {
		hr_reg__err(reg, "area %s: GEOS failed: %s", h->area_id, reg->geos.msg);
		return HR_ERROR;
	}
	return 0;
}

void hr_query__unname_release(hr_area_hit *h)
{
	hr_free(h->release_part);
	hr_free(h->release);
	h->release_part = h->release = NULL;
	h->released_at = HR_TIME_NONE;
}

static int area_geom_cb(void *ctx, const hr_row *row)
{
	void **a = ctx;
	hr_register *reg = a[0];
	GEOSGeometry **out = a[1];
	*out = row->wkb ? hr_geos__read(&reg->geos, row->wkb, row->wkb_len) : NULL;
	if (!*out) {
		hr_reg__err(reg, "hazardous_areas %s: stored geometry does not decode", row->cells[0].s);
		return HR_ECORRUPT;
	}
	return 0;
}

/* What is left of the area near the probe once released parts are taken
 * away decides: a point is released only when that rest does not cover it
 * (a point on the edge between a released part and unreleased land stays
 * hazardous); a box only when nothing of the area within it is left. */
static int judge(qctx *q, hr_area_hit *h, GEOSGeometry *released)
{
	hr_register *reg = q->reg;
	GEOSGeometry *area = NULL, *clip = NULL, *rest = NULL;
	void *a[2] = {reg, &area};
	int rc = reg->be->row_get(reg->be, &hr_layer_areas, h->area_id, area_geom_cb, a);
	char r;
	if (rc) {
		if (rc != HR_ECORRUPT)
			hr_reg__be_err(reg, rc, "reading an area");
		return rc;
	}
	if (q->is_point) {
		rest = GEOSDifference_r(reg->geos.ctx, area, released);
		r = rest ? GEOSCovers_r(reg->geos.ctx, rest, q->probe) : 2;
		if (r == 0)
			h->hazardous = 0;
	} else {
		clip = GEOSIntersection_r(reg->geos.ctx, area, q->probe);
		rest = clip ? GEOSDifference_r(reg->geos.ctx, clip, released) : NULL;
		r = rest ? GEOSisEmpty_r(reg->geos.ctx, rest) : 2;
		if (r == 1)
			h->hazardous = 0;
	}
	if (r != 0 && r != 1) {
		hr_reg__err(reg, "area %s: GEOS failed: %s", h->area_id, reg->geos.msg);
		rc = HR_ERROR;
	}
	if (rest)
		GEOSGeom_destroy_r(reg->geos.ctx, rest);
	if (clip)
		GEOSGeom_destroy_r(reg->geos.ctx, clip);
	GEOSGeom_destroy_r(reg->geos.ctx, area);
	return rc;
}

/* The time rule for one hit: gather the release parts of its area
 * released by T, and let what is left of the area near the probe decide. */
static int settle(qctx *q, hr_area_hit *h)
{
	hr_register *reg = q->reg;
	GEOSGeometry *released = NULL;
	hr_time latest = HR_TIME_NONE;
	int rc = released_parts(reg, h, q->at, q->probe, q->is_point, &released, &latest);
	if (rc == 0 && released)
		rc = judge(q, h, released);
	if (rc == 0 && !h->hazardous && !q->is_point)
		h->released_at = latest; /* the box was all released from then on */
	if (rc == 0 && h->hazardous)
		hr_query__unname_release(h);
	if (released)
		GEOSGeom_destroy_r(reg->geos.ctx, released);
	return rc;
}

/* ---- candidates from the in-memory index -------------------------------------- */

/* The handle's index, current with the open snapshot; NULL when the query
 * goes the store's way: nothing to check the index against (no snapshot,
 * or inside a write transaction), a handle that has asked once only, or
 * an index that could not be made (the store's way answers the same). */
/* ---- one index for several handles --------------------------------------------- */


int hr_index_share_new(hr_index_share **out)
{
	pthread_rwlockattr_t a;
	hr_index_share *s;
	if (!out)
		return HR_EINVAL;
	if (!(*out = s = hr__calloc(1, sizeof *s)))
		return HR_ENOMEM;
	/* a refresh waits for the queries in flight, not for every later one */
	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	if (pthread_rwlock_init(&s->lock, &a) != 0) {
		pthread_rwlockattr_destroy(&a);
		hr_free(s);
		*out = NULL;
		return HR_ENOMEM;
	}
	pthread_rwlockattr_destroy(&a);
	return 0;
}

void hr_index_share_free(hr_index_share *s)
{
	if (!s)
		return;
	hr_index_free(s->ix);
	pthread_rwlock_destroy(&s->lock);
	hr_free(s);
}

int hr_register_share_index(hr_register *reg, hr_index_share *share)
{
	if (!reg || !share || reg->share_locked)
		return HR_EINVAL;
	hr_query__cache_free(reg);
	hr_index_free(reg->index);
	reg->index = NULL;
	reg->share = share;
	return 0;
}

/* The log size of the open snapshot (kept while its version stays). */
static int snapshot_log_size(hr_register *reg, uint64_t *size)
{
	int rc;
	if (reg->snap_version != reg->read_version) {
		if ((rc = reg->be->log_size(reg->be, &reg->snap_log_size)))
			return rc;
		reg->snap_version = reg->read_version;
	}
	*size = reg->snap_log_size;
	return 0;
}

/* The shared index when it reflects exactly the open snapshot's log, read-
 * locked until index_release(); built or caught up first when it is
 * missing or behind. NULL (unlocked) when the snapshot is older than the
 * index, or the index cannot be made: the query goes the store's way. */
static const hr_index *shared_index(hr_register *reg)
{
	hr_index_share *sh = reg->share;
	uint64_t size;
	int behind, rc;
	if (snapshot_log_size(reg, &size))
		return NULL;
	pthread_rwlock_rdlock(&sh->lock);
	if (sh->ix && sh->log_size == size) {
		reg->share_locked = 1;
		return sh->ix;
	}
	behind = !sh->ix || sh->log_size < size;
	pthread_rwlock_unlock(&sh->lock);
	if (!behind || sh->never)
		return NULL;
	pthread_rwlock_wrlock(&sh->lock);
	if (!sh->ix) {
		if ((rc = hr_index_build(&sh->ix, reg)) == HR_ECORRUPT)
			sh->never = 1; /* a geometry it cannot read will not change */
	} else if (sh->log_size < size && hr_index_refresh(sh->ix, reg, NULL) != 0) {
		hr_index_free(sh->ix);
		sh->ix = NULL;
	}
	sh->log_size = sh->ix ? hr_index_log_size(sh->ix) : 0;
	pthread_rwlock_unlock(&sh->lock);
	pthread_rwlock_rdlock(&sh->lock);
	if (sh->ix && sh->log_size == size) {
		reg->share_locked = 1;
		return sh->ix;
	}
	pthread_rwlock_unlock(&sh->lock);
	return NULL;
}

static void index_release(hr_register *reg)
{
	if (reg->share_locked) {
		reg->share_locked = 0;
		pthread_rwlock_unlock(&reg->share->lock);
	}
}

int hr_query__share_catch_up(hr_register *reg, uint64_t *log_size)
{
	*log_size = 0;
	if (shared_index(reg)) {
		*log_size = reg->share->log_size;
		index_release(reg);
	}
	return 0;
}

static const hr_index *current_index(hr_register *reg)
{
	int rc;
	if (reg->index_mode == HR_INDEX_NEVER || reg->read_version == 0)
		return NULL;
	if (reg->share)
		return shared_index(reg);
	if (!reg->index) {
		if (reg->index_mode == HR_INDEX_AUTO && ++reg->point_queries < 2)
			return NULL;
		if ((rc = hr_index_build(&reg->index, reg))) {
			/* a geometry it cannot read will not change: stop trying */
			if (rc == HR_ECORRUPT)
				reg->index_mode = HR_INDEX_NEVER;
			reg->point_queries = 0;
			return NULL;
		}
	} else if (reg->index_version != reg->read_version &&
	           hr_index_refresh(reg->index, reg, NULL) != 0) {
		hr_query__cache_free(reg);
		hr_index_free(reg->index);
		reg->index = NULL;
		reg->point_queries = 0;
		return NULL;
	}
	reg->index_version = reg->read_version;
	return reg->index;
}

typedef struct {
	hr_ix_found *v;
	size_t n, cap;
} found_list;

static int found_cb(void *ctx, const hr_ix_found *f)
{
	found_list *l = ctx;
	if (hr_ix__grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
		return HR_ENOMEM;
	l->v[l->n++] = *f;
	return 0;
}

/* ---- the rows of areas found through the index, kept for the next point ---- */

static void hit_row_free(hr_hit_row *r)
{
	if (r) {
		hr_query__hit_clear(&r->h);
		hr_free(r);
	}
}

static void cache_clear(hr_hit_cache *c)
{
	for (size_t i = 0; c->rows && i < HR_HIT_ROWS; i++) {
		hit_row_free(c->rows[i]);
		c->rows[i] = NULL;
	}
}

void hr_query__cache_free(hr_register *reg)
{
	cache_clear(&reg->hit_rows);
	hr_free(reg->hit_rows.rows);
	memset(&reg->hit_rows, 0, sizeof reg->hit_rows);
}

/* The cache's place for a slot, emptied first when it was filled in
 * another snapshot or for another index; NULL when there is no cache. */
static hr_hit_row **cache_place(hr_register *reg, const hr_index *ix, uint32_t slot)
{
	hr_hit_cache *c = &reg->hit_rows;
	if (!c->rows && !(c->rows = hr__calloc(HR_HIT_ROWS, sizeof *c->rows)))
		return NULL;
	if (c->version != reg->read_version || c->index != ix) {
		cache_clear(c);
		c->version = reg->read_version;
		c->index = ix;
	}
	return &c->rows[slot % HR_HIT_ROWS];
}

static char *dup_or_null(const char *s, int *oom)
{
	char *d = s ? hr__strdup(s) : NULL;
	if (s && !d)
		*oom = 1;
	return d;
}

/* A copy of a kept row's hit, its risk at T computed. */
static int hit_from_cache(hr_register *reg, const hr_hit_row *r, hr_time at, hr_area_hit *h)
{
	int oom = 0;
	*h = r->h;
	h->area_id = dup_or_null(r->h.area_id, &oom);
	h->name = dup_or_null(r->h.name, &oom);
	h->classification = dup_or_null(r->h.classification, &oom);
	h->status = dup_or_null(r->h.status, &oom);
	h->org = dup_or_null(r->h.org, &oom);
	h->pcode = dup_or_null(r->h.pcode, &oom);
	h->devices = dup_or_null(r->h.devices, &oom);
	h->contamination = dup_or_null(r->h.contamination, &oom);
	if (oom) {
		hr_query__hit_clear(h);
		return HR_ENOMEM;
	}
	return hit_risk(reg, at, h, r->reported);
}

typedef struct {
	hr_register *reg;
	hr_hit_row *row;
} row_ctx;

static int found_row_cb(void *ctx, const hr_row *row)
{
	row_ctx *c = ctx;
	int rc;
	if (!(c->row = hr__calloc(1, sizeof *c->row)))
		return HR_ENOMEM;
	rc = hit_from_row(c->reg, row, &c->row->h, &c->row->reported);
	if (rc) {
		hit_row_free(c->row);
		c->row = NULL;
	}
	return rc;
}

/* The hit of the area in a slot: its row from the cache, else from the
 * store (and kept); its risk at T. */
static int indexed_hit(qctx *q, const hr_index *ix, uint32_t slot, hr_area_hit *h)
{
	hr_register *reg = q->reg;
	hr_hit_row **place = cache_place(reg, ix, slot);
	row_ctx c = {reg, NULL};
	int rc;
	if (!place)
		return HR_ENOMEM;
	if (*place && (*place)->slot == slot)
		return hit_from_cache(reg, *place, q->at, h);
	rc = reg->be->row_get(reg->be, &hr_layer_areas, hr_ix__area_name(ix, slot), found_row_cb, &c);
	if (rc == 0 && !c.row) {
		hr_reg__err(reg, "hazardous area %s is in the index but not in the store",
		            hr_ix__area_name(ix, slot));
		rc = HR_ECORRUPT;
	}
	if (rc) {
		if (rc != HR_ENOMEM && rc != HR_ECORRUPT && rc != HR_ERROR)
			hr_reg__be_err(reg, rc, "reading a hazardous area");
		return rc;
	}
	c.row->slot = slot;
	hit_row_free(*place);
	*place = c.row;
	return hit_from_cache(reg, c.row, q->at, h);
}

typedef struct {
	hr_area_hit *h;
	int oom;
} release_ctx;

static int release_row_cb(void *ctx, const hr_row *row)
{
	release_ctx *c = ctx;
	c->h->release_part = dup_cell(row, R_ID, &c->oom);
	c->h->release = dup_cell(row, R_RELEASE, &c->oom);
	return c->oom ? HR_ENOMEM : 0;
}

/* A point that a release part covers: the register's rule decided on the
 * index's own perimeters (hr_ix__settle: the same GEOS operations on the
 * same coordinates as settle(), skipped for a point well inside a part). Released there, the answer names the
 * part that released it as settle() does: of the parts released by T
 * since the hazard began that cover the point, the earliest released, the
 * first by id among equals. */
static int settle_indexed(qctx *q, const hr_index *ix, uint32_t slot, hr_point p, hr_area_hit *h)
{
	const hr_ix_poly *a = &ix->area[slot];
	const hr_ix_list *l = &ix->lists[a->link];
	uint32_t best = UINT32_MAX;
	release_ctx c = {h, 0};
	int hz = hr_ix__settle(ix, slot, p.lon, p.lat, q->at), rc;
	if (hz < 0) {
		hr_reg__err(q->reg, "area %s: GEOS failed deciding a released point", h->area_id);
		return hz;
	}
	if (hz == 1)
		return 0; /* hazardous: no part is named */
	for (uint32_t i = 0; i < l->n; i++) {
		const hr_ix_poly *r = &ix->rel[l->v[i]];
		if (r->t == HR_TIME_NONE || r->t > q->at || r->t < a->t ||
		    (best != UINT32_MAX && r->t >= ix->rel[best].t) ||
		    !hr_ix__poly_covers(ix, r, p.lon, p.lat))
			continue;
		best = l->v[i];
	}
	if (best == UINT32_MAX) {
		hr_reg__err(q->reg, "area %s: released at the point by no part of the index",
		            h->area_id);
		return HR_ERROR;
	}
	rc = q->reg->be->row_get(q->reg->be, &hr_layer_releases, ix->names + ix->rel_id[best],
	                         release_row_cb, &c);
	if (rc == 0 && !h->release_part) {
		hr_reg__err(q->reg, "release part %s is in the index but not in the store",
		            ix->names + ix->rel_id[best]);
		rc = HR_ECORRUPT;
	}
	if (rc && rc != HR_ENOMEM && rc != HR_ECORRUPT && rc != HR_ERROR)
		hr_reg__be_err(q->reg, rc, "reading a release part");
	if (rc == 0) {
		h->hazardous = 0;
		h->released_at = ix->rel[best].t;
	}
	return rc;
}

/* The index names the areas whose perimeter covers the point and whose
 * hazard had begun; their rows come from the store by key (or from the
 * cache of rows read in this snapshot). An area where no release part
 * covers the point is hazardous there, as settle() would find; where one
 * does, settle() decides as it always does. */
static int run_indexed(qctx *q, const hr_index *ix, hr_point p)
{
	found_list l = {NULL, 0, 0};
	hr_register *reg = q->reg;
	int rc = hr_ix__find(ix, p.lon, p.lat, q->at, found_cb, &l);
	if (rc == 0 && l.n && !(q->hits->hits = hr__calloc(l.n, sizeof *q->hits->hits)))
		rc = HR_ENOMEM;
	q->cap = l.n;
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		hr_area_hit *h = &q->hits->hits[q->hits->n];
		rc = indexed_hit(q, ix, l.v[i].slot, h);
		if (rc == 0 || h->area_id) /* freed with the hits */
			q->hits->n++;
	}
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		hr_area_hit *h = &q->hits->hits[i];
		h->released_parts = l.v[i].released_parts;
		if (l.v[i].covered)
			rc = settle_indexed(q, ix, l.v[i].slot, p, h);
	}
	if (rc == HR_ENOMEM)
		hr_reg__err(reg, "out of memory");
	hr_free(l.v);
	return rc;
}

static int by_area_id(const void *a, const void *b)
{
	return strcmp(((const hr_area_hit *)a)->area_id, ((const hr_area_hit *)b)->area_id);
}

/* A point's probe (probe NULL, is_point 1) is made only when the query
 * goes the store's way: the index's way needs none. */
static int run(hr_register *reg, const hr_bbox *box, GEOSGeometry *probe, int is_point,
               hr_time at, hr_hits **out)
{
	const hr_index *ix;
	GEOSGeometry *point = NULL;
	qctx q;
	int rc, reading = 0;
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
	if ((rc = hr_reg__read_begin(reg)))
		goto done;
	reading = 1;
	if (is_point && (ix = current_index(reg))) {
		hr_point p = {box->west, box->south};
		rc = run_indexed(&q, ix, p);
		goto sort;
	}
	if (is_point && !probe &&
	    !(q.probe = point = GEOSGeom_createPointFromXY_r(reg->geos.ctx, box->west, box->south))) {
		rc = HR_ENOMEM;
		goto done;
	}
	rc = reg->be->rows_bbox(reg->be, &hr_layer_areas, box, area_cb, &q);
	if (rc) {
		if (rc == HR_ENOMEM)
			hr_reg__err(reg, "out of memory");
		else if (rc != HR_ECORRUPT && rc != HR_ERROR)
			hr_reg__be_err(reg, rc, "searching hazardous areas");
		goto done;
	}
	for (size_t i = 0; i < q.hits->n && rc == 0; i++)
		rc = settle(&q, &q.hits->hits[i]);
sort:
	if (rc == 0 && q.hits->n > 1)
		qsort(q.hits->hits, q.hits->n, sizeof *q.hits->hits, by_area_id);
done:
	index_release(reg);
	if (reading)
		hr_reg__read_end(reg);
	if (point)
		GEOSGeom_destroy_r(reg->geos.ctx, point);
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
	if (!reg || !out)
		return HR_EINVAL;
	*out = NULL;
	if (!(p.lon >= -180 && p.lon <= 180 && p.lat >= -90 && p.lat <= 90)) {
		hr_reg__err(reg, "point %g %g is outside WGS84 bounds", p.lon, p.lat);
		return HR_EINVAL;
	}
	return run(reg, &box, NULL, 1, at, out);
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

int hr_query_polygon(hr_register *reg, const hr_point *ring, size_t n, hr_time at, hr_hits **out)
{
	hr_bbox b = {180, 90, -180, -90};
	GEOSCoordSequence *cs;
	GEOSGeometry *shell, *poly;
	int rc;
	if (!reg || !ring || !out)
		return HR_EINVAL;
	*out = NULL;
	if (n < 4 || ring[0].lon != ring[n - 1].lon || ring[0].lat != ring[n - 1].lat) {
		hr_reg__err(reg, "a polygon query needs a closed ring of at least 4 points");
		return HR_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(ring[i].lon >= -180 && ring[i].lon <= 180 && ring[i].lat >= -90 && ring[i].lat <= 90)) {
			hr_reg__err(reg, "point %g %g is outside WGS84 bounds", ring[i].lon, ring[i].lat);
			return HR_EINVAL;
		}
		b.west = fmin(b.west, ring[i].lon);
		b.east = fmax(b.east, ring[i].lon);
		b.south = fmin(b.south, ring[i].lat);
		b.north = fmax(b.north, ring[i].lat);
	}
	/* hr_point is two doubles, lon then lat: GEOS's x, y buffer */
	if (!(cs = GEOSCoordSeq_copyFromBuffer_r(reg->geos.ctx, &ring[0].lon, n, 0, 0)))
		return HR_ENOMEM;
	if (!(shell = GEOSGeom_createLinearRing_r(reg->geos.ctx, cs)))
		return HR_ENOMEM;
	if (!(poly = GEOSGeom_createPolygon_r(reg->geos.ctx, shell, NULL, 0))) {
		GEOSGeom_destroy_r(reg->geos.ctx, shell);
		return HR_ENOMEM;
	}
	rc = run(reg, &b, poly, 0, at, out);
	GEOSGeom_destroy_r(reg->geos.ctx, poly);
	return rc;
}

/* The whole area at T is what hr_query_bbox() says of it over the box of
 * its own envelope: released once release parts, released since its
 * hazard began and by T, cover all of it. */
static int area_hazardous_at(hr_register *reg, const hr_row *row, hr_time at, int *out)
{
	const hr_cell *start = &row->cells[A_HAZARD_FROM];
	GEOSGeometry *box;
	hr_area_hit h;
	qctx q;
	int rc;
	box = GEOSGeom_createRectangle_r(reg->geos.ctx, row->env.west, row->env.south,
	                                 row->env.east, row->env.north);
	if (!box)
		return HR_ENOMEM;
	memset(&q, 0, sizeof q);
	q.reg = reg;
	q.probe = box;
	q.at = at;
	memset(&h, 0, sizeof h);
	h.area_id = (char *)row->cells[A_ID].s; /* borrowed from the row */
	h.hazard_from = start->i;
	h.hazardous = 1;
	h.released_at = HR_TIME_NONE;
	rc = settle(&q, &h);
	hr_free(h.release_part);
	hr_free(h.release);
	GEOSGeom_destroy_r(reg->geos.ctx, box);
	if (rc == 0)
		*out = h.hazardous;
	return rc;
}

/* ---- the release times of every area, kept per snapshot ---------------------- */

/* Whether an area is hazardous at T changes only when a part is released:
 * the answer at T is the answer at the last release time at or before T
 * (the parts counted are the same). So a page of areas at an instant asks
 * the store nothing for an area without release parts, and decides each
 * (area, release time) once per snapshot, with the same rule. */

void hr_query__during_free(hr_register *reg)
{
	hr_during_cache *c = &reg->during;
	for (size_t i = 0; i < c->cap; i++) {
		hr_free(c->slots[i].area_id);
		hr_free(c->slots[i].t);
		hr_free(c->slots[i].hz);
	}
	hr_free(c->slots);
	memset(c, 0, sizeof *c);
}

/* The slot of an area: its own, or the free one where it would go. */
static hr_during_area *during_slot(hr_during_cache *c, const char *area_id)
{
	size_t i = (size_t)hr__text_hash(area_id) & (c->cap - 1);
	while (c->slots[i].area_id && strcmp(c->slots[i].area_id, area_id) != 0)
		i = (i + 1) & (c->cap - 1);
	return &c->slots[i];
}

static int during_grow(hr_during_cache *c)
{
	hr_during_cache n = {c->version, NULL, c->cap ? c->cap * 2 : 256, c->n};
	if (!(n.slots = hr__calloc(n.cap, sizeof *n.slots)))
		return HR_ENOMEM;
	for (size_t i = 0; i < c->cap; i++)
		if (c->slots[i].area_id)
			*during_slot(&n, c->slots[i].area_id) = c->slots[i];
	hr_free(c->slots);
	*c = n;
	return 0;
}

static int during_part_cb(void *ctx, const hr_row *row)
{
	hr_during_cache *c = ctx;
	const hr_cell *area = &row->cells[R_AREA_ID], *t = &row->cells[R_RELEASED_AT];
	hr_during_area *a;
	if (area->is_null || t->is_null || t->i == HR_TIME_NONE)
		return 0; /* counted by no query either */
	if ((c->n + 1) * 2 > c->cap && during_grow(c))
		return HR_ENOMEM;
	a = during_slot(c, area->s);
	if (!a->area_id) {
		if (!(a->area_id = hr__strdup(area->s)))
			return HR_ENOMEM;
		c->n++;
	}
	if (hr_ix__grow((void **)&a->t, &a->cap, a->n + 1, sizeof *a->t))
		return HR_ENOMEM;
	a->t[a->n++] = t->i;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	hr_time x = *(const hr_time *)a, y = *(const hr_time *)b;
	return x < y ? -1 : x > y;
}

/* The cache of the open snapshot, filled from one pass over the release
 * parts; NULL (and *rc 0) when nothing may be cached. */
static hr_during_cache *during_cache(hr_register *reg, int *rc)
{
	hr_during_cache *c = &reg->during;
	*rc = 0;
	if (reg->read_version == 0)
		return NULL;
	if (c->version == reg->read_version)
		return c;
	hr_query__during_free(reg);
	if ((*rc = during_grow(c)) == 0)
		*rc = reg->be->rows_all(reg->be, &hr_layer_releases, during_part_cb, c);
	for (size_t i = 0; i < c->cap && *rc == 0; i++) {
		hr_during_area *a = &c->slots[i];
		size_t k = 0;
		if (!a->area_id)
			continue;
		qsort(a->t, a->n, sizeof *a->t, by_time);
		for (size_t j = 0; j < a->n; j++)
			if (k == 0 || a->t[j] != a->t[k - 1])
				a->t[k++] = a->t[j];
		a->n = k;
		if (!(a->hz = hr__malloc(k)))
			*rc = HR_ENOMEM;
		else
			memset(a->hz, -1, k);
	}
	if (*rc) {
		if (*rc != HR_ENOMEM && *rc != HR_ECORRUPT && *rc != HR_ERROR)
			hr_reg__be_err(reg, *rc, "reading release parts");
		hr_query__during_free(reg);
		return NULL;
	}
	c->version = reg->read_version;
	return c;
}

/* Released land stays released (the parts released by T only grow with
 * T), so "hazardous at some moment of [from, to]" is asked once, at the
 * later of `from` and the start of the hazard. */
int hr_query__area_during(hr_register *reg, const hr_row *row, hr_time from, hr_time to,
                          int *out)
{
	const hr_cell *start = &row->cells[A_HAZARD_FROM];
	hr_time at;
	hr_during_cache *c;
	hr_during_area *a;
	size_t lo, hi;
	int rc;
	*out = 0;
	if (start->is_null || (to != HR_TIME_NONE && start->i > to))
		return 0; /* not yet hazardous by the end of the interval */
	if (!row->wkb) {
		hr_reg__err(reg, "hazardous_areas %s: no geometry", row->cells[A_ID].s);
		return HR_ECORRUPT;
	}
	at = from != HR_TIME_NONE && from > start->i ? from : start->i;
	if (!(c = during_cache(reg, &rc)))
		return rc ? rc : area_hazardous_at(reg, row, at, out);
	a = during_slot(c, row->cells[A_ID].s);
	/* the last release time at or before T, not before the hazard began */
	for (lo = 0, hi = a->area_id ? a->n : 0; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->t[mid] <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || a->t[lo - 1] < start->i) {
		*out = 1; /* no part released by T since the hazard began */
		return 0;
	}
	if (a->hz[lo - 1] < 0) {
		int hz;
		if ((rc = area_hazardous_at(reg, row, a->t[lo - 1], &hz)))
			return rc;
		a->hz[lo - 1] = (signed char)hz;
	}
	*out = a->hz[lo - 1];
	return 0;
}

typedef struct {
	hr_time from, to;
	int *out;
} during_ctx;

static int during_cb(void *ctx, const hr_row *row)
{
	void **a = ctx;
	during_ctx *d = a[1];
	return hr_query__area_during(a[0], row, d->from, d->to, d->out);
}

int hr_area_hazardous_during(hr_register *reg, const char *area_id, hr_time from, hr_time to,
                             int *out)
{
	during_ctx d = {from, to, out};
	void *a[2] = {reg, &d};
	int rc;
	if (!reg || !area_id || !out)
		return HR_EINVAL;
	*out = 0;
	if (from != HR_TIME_NONE && to != HR_TIME_NONE && from > to) {
		hr_reg__err(reg, "the interval ends before it begins");
		return HR_EINVAL;
	}
	rc = reg->be->row_get(reg->be, &hr_layer_areas, area_id, during_cb, a);
	if (rc && rc != HR_ENOMEM && rc != HR_ECORRUPT && rc != HR_ERROR)
		hr_reg__be_err(reg, rc, "reading a hazardous area");
	return rc;
}

void hr_query__hit_clear(hr_area_hit *h)
{
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
	memset(h, 0, sizeof *h);
}

void hr_hits_free(hr_hits *hits)
{
	if (!hits)
		return;
	for (size_t i = 0; i < hits->n; i++)
		hr_query__hit_clear(&hits->hits[i]);
	hr_free(hits->hits);
	hr_free(hits);
}
