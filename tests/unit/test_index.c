/*
 * test_index.c - the in-memory index against two oracles on every point it
 * tries: GEOS (GEOSPreparedIntersects_r on the stored WKB: the areas whose
 * perimeter meets the point, the boundary inside, whose hazard began by T)
 * and hr_query_point() answered the store's way (R-tree and GEOS, which
 * also decides hazardous or released). The points are random and
 * adversarial: vertices, edge midpoints, points one ulp either side of
 * vertices and midpoints, points exactly on diagonal edges, in holes and
 * on their rims, in the parts of MultiPolygons; at random times and at
 * the exact times the rule turns on. Then: a handle that answers through
 * the index writes the same bytes as one that does not; records appended
 * after the build are answered after hr_index_refresh(); an empty register;
 * the batch API and its threads give what single queries give.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index/index_int.h"
#include "test.h"

static char dbpath[512];

/* ---- a small PRNG: the test is the same on every run ---------------------- */

static uint64_t rng = 88172645463325252u;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double uniform(double lo, double hi)
{
	return lo + (hi - lo) * ((double)(next() >> 11) / 9007199254740992.0);
}

static hr_time T(const char *s)
{
	hr_time t = HR_TIME_NONE;
	hr_time_parse(&t, s, strlen(s));
	return t;
}

/* ---- records ---------------------------------------------------------------- */

static hr_record *area_rec(const char *id, hr_time doi, hr_time emplaced, const double *xy,
                           const size_t *npts, size_t nrings, const size_t *poly_nrings,
                           size_t npolys, int multi)
{
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0;
	char err[256];
	hr_contam c = {"persistent", 5, 1, emplaced, emplaced};
	hr_record_new(&r, HR_KIND_AREA);
	hr_record_set_text(r, HR_F_ID, id);
	hr_record_set_text(r, HR_F_ORG, "Test Org");
	hr_record_set_time(r, HR_F_DOI, doi);
	hr_record_set_text(r, HR_F_CLASSIFICATION, "CHA");
	hr_record_add_contam(r, &c);
	if (hr_geom_polygon(&wkb, &len, xy, npts, nrings, poly_nrings, npolys, multi, err,
	                    sizeof err) == 0)
		hr_record_set_geom(r, HR_F_GEOM, wkb, len);
	hr_free(wkb);
	return r;
}

static hr_record *box_area(const char *id, hr_time emplaced, double x0, double y0, double x1,
                           double y1)
{
	double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0};
	size_t npts[] = {5}, pr[] = {1};
	return area_rec(id, emplaced + 86400, emplaced, xy, npts, 1, pr, 1, 0);
}

static hr_record *release_rec(const char *id, const char *area_id, hr_time at, double x0,
                              double y0, double x1, double y1)
{
	hr_record *a = box_area("x", at, x0, y0, x1, y1), *p = NULL;
	const hr_value *g = hr_record_get(a, HR_F_GEOM, 0);
	hr_record_new(&p, HR_KIND_RELEASE);
	hr_record_set_text(p, HR_F_ID, id);
	hr_record_set_text(p, HR_F_ORG, "Test Clearance");
	hr_record_set_time(p, HR_F_DOI, at);
	hr_record_set_time(p, HR_F_RELEASED_AT, at);
	hr_record_set_text(p, HR_F_AREA_ID, area_id);
	hr_record_set_text(p, HR_F_RELEASE, "cleared");
	hr_record_set_text(p, HR_F_METHOD, "clearance");
	hr_record_set_int(p, HR_F_DEPTH_CM, 20);
	if (g)
		hr_record_set_geom(p, HR_F_GEOM, g->u.geom.wkb, g->u.geom.len);
	hr_record_free(a);
	return p;
}

/* A star-shaped polygon around (cx, cy), counter-clockwise, as the bench's. */
static hr_record *star_area(const char *id, hr_time emplaced, double cx, double cy, double r)
{
	double xy[2 * 41];
	size_t n = 5 + next() % 36, npts[1], pr[] = {1};
	for (size_t i = 0; i < n; i++) {
		double a = 2 * M_PI * ((double)i + uniform(0, 0.8)) / (double)n;
		double k = uniform(0.3, 1.0);
		xy[2 * i] = cx + r * k * cos(a) / cos(cy * M_PI / 180);
		xy[2 * i + 1] = cy + r * k * sin(a);
	}
	xy[2 * n] = xy[0];
	xy[2 * n + 1] = xy[1];
	npts[0] = n + 1;
	return area_rec(id, emplaced + 3600, emplaced, xy, npts, 1, pr, 1, 0);
}

static int append(hr_register *reg, hr_record *r)
{
	int rc = hr_register_append(reg, r, NULL);
	hr_record_free(r);
	return rc;
}

/* ---- the GEOS oracle ------------------------------------------------------------ */

typedef struct {
	char id[32];
	hr_time from;
	hr_bbox env;
	GEOSGeometry *g;
	const GEOSPreparedGeometry *pg;
} oracle_area;

typedef struct {
	GEOSContextHandle_t h;
	oracle_area *v;
	size_t n;
} oracle;

static int oracle_cb(void *ctx, const hr_row *row)
{
	oracle *o = ctx;
	GEOSWKBReader *rd = GEOSWKBReader_create_r(o->h);
	oracle_area *a = &o->v[o->n];
	snprintf(a->id, sizeof a->id, "%s", row->cells[A_ID].s);
	a->from = row->cells[A_HAZARD_FROM].is_null ? HR_TIME_NONE : row->cells[A_HAZARD_FROM].i;
	a->env = row->env;
	a->g = GEOSWKBReader_read_r(o->h, rd, row->wkb, row->wkb_len);
	a->pg = a->g ? GEOSPrepare_r(o->h, a->g) : NULL;
	GEOSWKBReader_destroy_r(o->h, rd);
	o->n += a->pg != NULL;
	return a->pg ? 0 : HR_ERROR;
}

static void oracle_load(oracle *o, hr_register *reg)
{
	o->h = GEOS_init_r();
	o->v = calloc(4096, sizeof *o->v);
	o->n = 0;
	HR_CHECK_INT_EQ(reg->be->rows_all(reg->be, &hr_layer_areas, oracle_cb, o), 0);
}

static void oracle_free(oracle *o)
{
	for (size_t i = 0; i < o->n; i++) {
		GEOSPreparedGeom_destroy_r(o->h, o->v[i].pg);
		GEOSGeom_destroy_r(o->h, o->v[i].g);
	}
	free(o->v);
	GEOS_finish_r(o->h);
}

/* The ids, sorted, of the areas GEOS says the point meets and whose
 * hazard began by t. */
static size_t oracle_query(const oracle *o, double x, double y, hr_time t, const char **ids,
                           size_t cap)
{
	GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(o->h, x, y);
	size_t n = 0;
	for (size_t i = 0; i < o->n; i++) {
		const oracle_area *a = &o->v[i];
		if (a->from == HR_TIME_NONE || a->from > t || x < a->env.west || x > a->env.east ||
		    y < a->env.south || y > a->env.north)
			continue;
		if (GEOSPreparedIntersects_r(o->h, a->pg, pt) == 1 && n < cap)
			ids[n++] = a->id;
	}
	GEOSGeom_destroy_r(o->h, pt);
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && strcmp(ids[k - 1], ids[k]) > 0; k--) {
			const char *s = ids[k];
			ids[k] = ids[k - 1];
			ids[k - 1] = s;
		}
	return n;
}

/* ---- comparing --------------------------------------------------------------------- */

typedef struct {
	const char *id;
	int hazardous;
} idhit;

static int by_id(const void *a, const void *b)
{
	return strcmp(((const idhit *)a)->id, ((const idhit *)b)->id);
}

/* The index's answer as (id, hazardous), sorted by id. */
static size_t index_answer(const hr_index *ix, double x, double y, hr_time t, idhit *out,
                           size_t cap)
{
	hr_index_hit hits[64];
	hr_point p = {x, y};
	size_t n = 0;
	HR_CHECK_INT_EQ(hr_index_query(ix, p, t, hits, 64, &n), 0);
	n = n < 64 && n < cap ? n : 0;
	for (size_t i = 0; i < n; i++) {
		out[i].id = hr_index_area_id(ix, hits[i].area);
		out[i].hazardous = hits[i].hazardous;
	}
	qsort(out, n, sizeof *out, by_id);
	return n;
}

typedef struct {
	size_t points, hits, boundary, released, mismatches, store_checked;
} tally;

static void report_point(const char *what, double x, double y, hr_time t)
{
	char ts[HR_TIME_BUFSZ];
	if (hr_test_failures < 20)
		fprintf(stderr, "  %s at %.17g %.17g %s\n", what, x, y, hr_time_format(ts, t));
}

/* One point at one time: the index against GEOS, and (when store is given)
 * against hr_query_point() taken the store's way. */
static void check_point(const hr_index *ix, const oracle *o, hr_register *store, double x,
                        double y, hr_time t, tally *tl)
{
	idhit got[64];
	const char *want[64];
	size_t n = index_answer(ix, x, y, t, got, 64), m = oracle_query(o, x, y, t, want, 64);
	int same = n == m;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(got[i].id, want[i]) == 0;
	tl->points++;
	tl->hits += n;
	if (!same) {
		tl->mismatches++;
		HR_CHECK(same);
		report_point("index and GEOS differ", x, y, t);
	}
	for (size_t i = 0; i < n; i++)
		tl->released += !got[i].hazardous;
	if (store) {
		hr_hits *h = NULL;
		hr_point p = {x, y};
		HR_CHECK_INT_EQ(hr_query_point(store, p, t, &h), 0);
		same = h && h->n == n;
		for (size_t i = 0; same && i < n; i++)
			same = strcmp(h->hits[i].area_id, got[i].id) == 0 &&
			       h->hits[i].hazardous == got[i].hazardous;
		if (!same) {
			tl->mismatches++;
			HR_CHECK(same);
			report_point("index and hr_query_point differ", x, y, t);
		}
		tl->store_checked++;
		hr_hits_free(h);
	}
}

/* A time around the interesting ones: the area's start, a second before,
 * a release time, or any time of the period. */
static hr_time some_time(hr_time from)
{
	switch (next() % 6) {
	case 0:
		return from;
	case 1:
		return from - 1;
	case 2:
		return T("2025-06-01T00:00:00Z");
	default:
		return (hr_time)uniform((double)T("2023-06-01"), (double)T("2027-01-01"));
	}
}

/* Points on, beside and around every vertex and edge of every perimeter
 * the index holds (its own copy of the stored coordinates), and random
 * points in each envelope. */
static void sweep(const hr_index *ix, const oracle *o, hr_register *store, int store_every,
                  tally *tl)
{
	size_t k = 0;
	for (size_t s = 0; s < ix->narea; s++) {
		const hr_ix_poly *a = &ix->area[s];
		const double *v = ix->xy + 2 * (size_t)a->vtx;
		if (a->flags & HR_IX_DEAD)
			continue;
		for (uint32_t i = 0; i < a->nv; i++) {
			/* the next vertex stored (across rings too: any point
			 * near the perimeter will do) */
			uint32_t j = i + 1 < a->nv ? i + 1 : 0;
			double x = v[2 * i], y = v[2 * i + 1], mx = (x + v[2 * j]) / 2,
			       my = (y + v[2 * j + 1]) / 2, t3x = x + (v[2 * j] - x) / 3,
			       t3y = y + (v[2 * j + 1] - y) / 3;
			double px[] = {x,
			               nextafter(x, INFINITY),
			               nextafter(x, -INFINITY),
			               x,
			               x,
			               mx,
			               nextafter(mx, INFINITY),
			               nextafter(mx, -INFINITY),
			               mx,
			               mx,
			               t3x};
			double py[] = {y,
			               y,
			               y,
			               nextafter(y, INFINITY),
			               nextafter(y, -INFINITY),
			               my,
			               my,
			               my,
			               nextafter(my, INFINITY),
			               nextafter(my, -INFINITY),
			               t3y};
			for (size_t q = 0; q < sizeof px / sizeof px[0]; q++, k++)
				check_point(ix, o, store_every && k % (size_t)store_every == 0 ? store : NULL,
				            px[q], py[q], some_time(a->t), tl);
		}
		for (int q = 0; q < 40; q++, k++)
			check_point(ix, o, store_every && k % (size_t)store_every == 0 ? store : NULL,
			            uniform(a->minx, a->maxx), uniform(a->miny, a->maxy),
			            some_time(a->t), tl);
	}
}

/* ---- the register ------------------------------------------------------------------- */

static const hr_time t0 = 1704067200; /* 2024-01-01 */

/* Shapes whose edges fall on binary fractions, so that midpoints lie
 * exactly on them; a hole; a MultiPolygon; overlaps; a sliver; then stars. */
static void fill(hr_register *reg, int stars)
{
	char id[32];
	HR_CHECK_INT_EQ(append(reg, box_area("A-SQUARE", t0, 30.0, 50.0, 30.125, 50.125)), 0);
	HR_CHECK_INT_EQ(append(reg, box_area("A-OVERLAP", t0 + 86400 * 30, 30.0625, 50.0625,
	                                     30.1875, 50.1875)),
	                0);
	{
		/* a triangle and a kite: diagonal edges through exact points */
		double tri[] = {30.25, 50.0, 30.5, 50.0, 30.375, 50.25, 30.25, 50.0};
		double kite[] = {30.5, 50.25, 30.625, 50.125, 30.75, 50.25, 30.625, 50.5, 30.5, 50.25};
		size_t n4[] = {4}, n5[] = {5}, pr[] = {1};
		HR_CHECK_INT_EQ(append(reg, area_rec("A-TRIANGLE", t0 + 86400, t0, tri, n4, 1, pr, 1, 0)),
		                0);
		HR_CHECK_INT_EQ(append(reg, area_rec("A-KITE", t0 + 86400, t0, kite, n5, 1, pr, 1, 0)),
		                0);
	}
	{
		/* a field with a hole (an unsuspected farmyard) */
		double xy[] = {30.75, 50.0, 31.0, 50.0, 31.0, 50.25, 30.75, 50.25, 30.75, 50.0,
		               30.8125, 50.0625, 30.8125, 50.1875, 30.9375, 50.1875, 30.9375, 50.0625,
		               30.8125, 50.0625};
		size_t npts[] = {5, 5}, pr[] = {2};
		HR_CHECK_INT_EQ(
			append(reg, area_rec("A-HOLE", t0 + 86400, t0, xy, npts, 2, pr, 1, 0)), 0);
	}
	{
		/* two fields of one area, apart */
		double xy[] = {31.0, 50.5, 31.125, 50.5, 31.125, 50.625, 31.0, 50.625, 31.0, 50.5,
		               31.25, 50.5, 31.375, 50.5, 31.375, 50.625, 31.25, 50.625, 31.25, 50.5};
		size_t npts[] = {5, 5}, pr[] = {1, 1};
		HR_CHECK_INT_EQ(
			append(reg, area_rec("A-MULTI", t0 + 86400, t0, xy, npts, 2, pr, 2, 1)), 0);
	}
	/* a sliver, nearly flat, and a very small one */
	HR_CHECK_INT_EQ(append(reg, box_area("A-SLIVER", t0, 30.0, 50.3, 30.4, 50.3000003)), 0);
	HR_CHECK_INT_EQ(append(reg, box_area("A-TINY", t0, 30.0001, 50.4, 30.0001005, 50.4000005)),
	                0);
	for (int i = 0; i < stars; i++) {
		double r = exp(uniform(log(0.0005), log(0.03)));
		snprintf(id, sizeof id, "S-%04d", i);
		/* a few fail validation once snapped to the grid: skipped */
		(void)append(reg, star_area(id, t0 + (hr_time)uniform(0, 86400.0 * 700),
		                            uniform(31.5, 32.0), uniform(50.0, 50.5), r));
	}
	/* release parts: half of the square, all of the hole's area, two
	 * overlapping parts released at different times, one after another */
	{
		static const struct {
			const char *id, *area, *at;
			double x0, y0, x1, y1;
		} parts[] = {
			{"R-HALF", "A-SQUARE", "2025-06-01", 30.0, 50.0, 30.0625, 50.125},
			{"R-ALL", "A-HOLE", "2025-03-01", 30.75, 50.0, 31.0, 50.25},
			{"R-K1", "A-KITE", "2025-06-01", 30.5, 50.25, 30.625, 50.5},
			{"R-K2", "A-KITE", "2025-09-01", 30.5625, 50.1875, 30.75, 50.375},
		};
		for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
			HR_CHECK_INT_EQ(append(reg, release_rec(parts[i].id, parts[i].area, T(parts[i].at),
			                                        parts[i].x0, parts[i].y0, parts[i].x1,
			                                        parts[i].y1)),
			                0);
	}
	/* (the star may not have passed validation: then this one is refused) */
	(void)append(reg, release_rec("R-S1", "S-0001", T("2026-08-01"), 31.5, 50.0, 32.0, 50.25));
}

/* ---- the tests ---------------------------------------------------------------------- */

static hr_register *open_reg(const char *path, int create, int mode)
{
	hr_register *reg = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	o.create = create;
	HR_CHECK_INT_EQ(hr_register_open(&reg, hr_test_db(path), &o), 0);
	if (reg)
		hr_reg__index_mode(reg, mode);
	return reg;
}

static void random_points(const hr_index *ix, const oracle *o, hr_register *store, size_t n,
                          tally *tl)
{
	for (size_t i = 0; i < n; i++)
		check_point(ix, o, i % 10 == 0 ? store : NULL, uniform(29.9, 32.1), uniform(49.9, 50.7),
		            some_time(t0 + (hr_time)uniform(0, 86400.0 * 700)), tl);
}

/* The same bytes from a handle that answers through its index as from one
 * that answers the store's way. */
static void same_bytes(hr_register *fast, hr_register *store, size_t n, double x0, double y0,
                       double x1, double y1)
{
	size_t differ = 0;
	for (size_t i = 0; i < n; i++) {
		hr_point p = {uniform(x0, x1), uniform(y0, y1)};
		hr_time t = some_time(t0 + (hr_time)uniform(0, 86400.0 * 700));
		hr_hits *a = NULL, *b = NULL;
		char *ja = NULL, *jb = NULL;
		HR_CHECK_INT_EQ(hr_query_point(fast, p, t, &a), 0);
		HR_CHECK_INT_EQ(hr_query_point(store, p, t, &b), 0);
		HR_CHECK_INT_EQ(hr_point_to_json(&ja, a, &p, "en"), 0);
		HR_CHECK_INT_EQ(hr_point_to_json(&jb, b, &p, "en"), 0);
		if (!ja || !jb || strcmp(ja, jb) != 0) {
			differ++;
			report_point("the answers' bytes differ", p.lon, p.lat, t);
		}
		hr_free(ja);
		hr_free(jb);
		hr_hits_free(a);
		hr_hits_free(b);
	}
	HR_CHECK_INT_EQ(differ, 0);
	HR_CHECK(fast->index != NULL); /* it did answer through its index */
}

/* Batch answers, on one thread and on several, are the single answers. */
static void batch_equals_single(const hr_index *ix, size_t n)
{
	hr_point *p = calloc(n, sizeof *p);
	hr_time *at = calloc(n, sizeof *at);
	unsigned threads[] = {1, 3};
	for (size_t i = 0; i < n; i++) {
		p[i].lon = uniform(29.9, 32.1);
		p[i].lat = uniform(49.9, 50.7);
		at[i] = some_time(t0 + (hr_time)uniform(0, 86400.0 * 700));
	}
	for (size_t k = 0; k < 2; k++) {
		hr_index_batch *b = NULL;
		size_t bad = 0;
		HR_CHECK_INT_EQ(hr_index_query_batch(ix, p, at, n, threads[k], &b), 0);
		if (!b)
			continue;
		HR_CHECK_INT_EQ(b->n, n);
		for (size_t i = 0; i < n; i++) {
			hr_index_hit one[64];
			size_t m = 0, got = b->first[i + 1] - b->first[i];
			HR_CHECK_INT_EQ(hr_index_query(ix, p[i], at[i], one, 64, &m), 0);
			if (m != got) {
				bad++;
				continue;
			}
			for (size_t a = 0; a < m; a++) {
				int found = 0;
				for (size_t c = b->first[i]; c < b->first[i + 1]; c++)
					found |= b->hits[c].area == one[a].area &&
					         b->hits[c].hazardous == one[a].hazardous;
				bad += !found;
			}
		}
		HR_CHECK_INT_EQ(bad, 0);
		HR_CHECK_INT_EQ(b->first[n], b->nhits);
		hr_index_batch_free(b);
	}
	free(p);
	free(at);
}

/* Appends after the build: a new area, a changed perimeter, a release part
 * of the new area, a corrected release part; none is seen before the
 * refresh, all are after it. */
static void updates(hr_register *reg, hr_register *store, hr_register *fast, hr_index *ix)
{
	hr_index_hit hits[8];
	hr_point inside_new = {30.3125, 50.5625}, moved = {30.4375, 50.5625};
	hr_time later = T("2026-01-01");
	uint64_t changed = 0;
	size_t n = 0;
	oracle o;
	tally tl = {0};
	hr_record *r;
	double xy[] = {30.375, 50.5, 30.5, 50.5, 30.5, 50.625, 30.375, 50.625, 30.375, 50.5};
	size_t npts[] = {5}, pr[] = {1};

	HR_CHECK_INT_EQ(append(reg, box_area("N-1", t0, 30.25, 50.5, 30.375, 50.625)), 0);
	/* S-0002 moves (a later survey redrew it) */
	r = area_rec("S-0002", T("2025-12-01"), t0, xy, npts, 1, pr, 1, 0);
	HR_CHECK_INT_EQ(append(reg, r), 0);
	HR_CHECK_INT_EQ(append(reg, release_rec("R-N1", "N-1", T("2025-05-01"), 30.25, 50.5, 30.3125,
	                                        50.625)),
	                0);
	HR_CHECK_INT_EQ(append(reg, release_rec("R-HALF", "A-SQUARE", T("2025-06-01"), 30.0, 50.0,
	                                        30.09375, 50.125)),
	                0);

	HR_CHECK_INT_EQ(hr_index_query(ix, inside_new, later, hits, 8, &n), 0);
	HR_CHECK_INT_EQ(n, 0); /* not yet refreshed */
	HR_CHECK_INT_EQ(hr_index_refresh(ix, store, &changed), 0);
	HR_CHECK_INT_EQ(changed, 4);
	HR_CHECK_INT_EQ(hr_index_query(ix, inside_new, later, hits, 8, &n), 0);
	HR_CHECK_INT_EQ(n, 1);
	if (n == 1) {
		HR_CHECK_STR_EQ(hr_index_area_id(ix, hits[0].area), "N-1");
		HR_CHECK_INT_EQ(hits[0].hazardous, 1); /* on the part's edge: hazardous */
	}
	HR_CHECK_INT_EQ(hr_index_query(ix, moved, later, hits, 8, &n), 0);
	HR_CHECK(n == 1 && strcmp(hr_index_area_id(ix, hits[0].area), "S-0002") == 0);

	oracle_load(&o, store);
	sweep(ix, &o, store, 5, &tl);
	random_points(ix, &o, store, 5000, &tl);
	HR_CHECK_INT_EQ(tl.mismatches, 0);
	oracle_free(&o);
	/* the handle that answers through its index caught up by itself */
	same_bytes(fast, store, 500, 29.9, 49.9, 31.1, 50.7);
	/* a refresh with nothing new changes nothing */
	HR_CHECK_INT_EQ(hr_index_refresh(ix, store, &changed), 0);
	HR_CHECK_INT_EQ(changed, 0);
}

static void empty_register(void)
{
	char path[600];
	hr_register *reg;
	hr_index *ix = NULL;
	hr_index_hit hits[4];
	hr_index_memory m;
	hr_point p = {30.05, 50.05};
	hr_index_batch *b = NULL;
	size_t n = 99;
	snprintf(path, sizeof path, "%s.empty", dbpath);
	unlink(path);
	reg = open_reg(path, 1, HR_INDEX_AUTO);
	HR_CHECK_INT_EQ(hr_index_build(&ix, reg), 0);
	HR_CHECK_INT_EQ(hr_index_query(ix, p, t0, hits, 4, &n), 0);
	HR_CHECK_INT_EQ(n, 0);
	HR_CHECK_INT_EQ(hr_index_query_batch(ix, &p, &(hr_time){t0}, 1, 0, &b), 0);
	HR_CHECK(b && b->nhits == 0 && b->first[1] == 0);
	hr_index_batch_free(b);
	hr_index_memory_report(ix, &m);
	HR_CHECK_INT_EQ(m.areas, 0);
	/* the first area comes by a refresh */
	HR_CHECK_INT_EQ(append(reg, box_area("E-1", t0, 30.0, 50.0, 30.125, 50.125)), 0);
	HR_CHECK_INT_EQ(hr_index_refresh(ix, reg, NULL), 0);
	HR_CHECK_INT_EQ(hr_index_query(ix, p, t0, hits, 4, &n), 0);
	HR_CHECK_INT_EQ(n, 1);
	HR_CHECK_INT_EQ(hr_index_query(ix, p, t0 - 1, hits, 4, &n), 0);
	HR_CHECK_INT_EQ(n, 0);
	/* refusals */
	p.lon = 180.5;
	HR_CHECK_INT_EQ(hr_index_query(ix, p, t0, hits, 4, &n), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_index_query(NULL, p, t0, hits, 4, &n), HR_EINVAL);
	hr_index_memory_report(ix, &m);
	HR_CHECK_INT_EQ(m.areas, 1);
	HR_CHECK_INT_EQ(m.coord_bytes, 5 * 16);
	hr_index_free(ix);
	hr_index_free(NULL);
	hr_register_close(reg);
	unlink(path);
}

/* Every raster of a built index is the one hr_ix__raster() makes of the
 * record alone: rasters are made on a second thread while the store is
 * read, and the checks below make the vertices outgrow the room reserved
 * for them, so that the array moves while that thread reads it. */
static void rasters_as_made_alone(const hr_index *ix)
{
	size_t differ = 0;
	for (size_t i = 0; i < ix->narea; i++) {
		hr_ix_poly copy = ix->area[i];
		hr_ix__raster(ix, &copy);
		differ += memcmp(copy.raster, ix->area[i].raster, sizeof copy.raster) != 0 ||
		          copy.rx != ix->area[i].rx || copy.ry != ix->area[i].ry;
	}
	HR_CHECK_INT_EQ(differ, 0);
}

/* Areas of 200 vertices each, far more than the build reserves room for. */
static void many_vertices(void)
{
	char path[600], id[32];
	double xy[2 * 201];
	size_t npts[] = {201}, pr[] = {1};
	hr_register *reg;
	hr_index *ix = NULL;
	hr_index_memory m;
	snprintf(path, sizeof path, "%s.round", dbpath);
	unlink(path);
	reg = open_reg(path, 1, HR_INDEX_NEVER);
	for (int k = 0; k < 300; k++) {
		double cx = 30 + 0.01 * (k % 20), cy = 50 + 0.01 * (k / 20), r = 0.004;
		for (int i = 0; i < 200; i++) {
			xy[2 * i] = cx + r * cos(2 * M_PI * i / 200);
			xy[2 * i + 1] = cy + r * sin(2 * M_PI * i / 200);
		}
		xy[400] = xy[0];
		xy[401] = xy[1];
		snprintf(id, sizeof id, "ROUND-%03d", k);
		HR_CHECK_INT_EQ(append(reg, area_rec(id, t0 + 3600, t0, xy, npts, 1, pr, 1, 0)), 0);
	}
	HR_CHECK_INT_EQ(hr_index_build(&ix, reg), 0);
	if (ix) {
		hr_index_memory_report(ix, &m);
		HR_CHECK_INT_EQ(m.areas, 300);
		HR_CHECK(m.vertices > 24 * 300 + 64); /* beyond the reserve */
		rasters_as_made_alone(ix);
	}
	hr_index_free(ix);
	hr_register_close(reg);
	unlink(path);
}

/* ---- the grid's tables -------------------------------------------------------------- */

/* Every area whose envelope holds (x, y) and whose hazard began by t must
 * be among the entries of the point's cell that may hold it, with its
 * first vertex and enough lines of vertices to ask for. */
static void grid_check_point(const hr_ix_grid *g, const hr_ix_poly *a, size_t n, double x,
                             double y, hr_time t, size_t *found)
{
	const hr_ix_entry *e, *end;
	size_t c = 0;
	uint8_t qx = 0, qy = 0;
	uint16_t day = hr_ix__day(t);
	int in = hr_ix__cell(g, x, y, &c, &qx, &qy);
	for (size_t i = 0; i < n; i++) {
		int listed = 0;
		if (!(a[i].minx <= x && x <= a[i].maxx && a[i].miny <= y && y <= a[i].maxy &&
		      a[i].t <= t))
			continue;
		HR_CHECK(in);
		if (!in)
			return;
		for (hr_ix__span(g, c, &e, &end); e < end; e++)
			if (e->slot == i && hr_ix__may_hold(e, qx, qy, day))
				listed = 1;
		if (!listed)
			report_point("grid misses an area", x, y, t);
		HR_CHECK(listed);
		(*found)++;
	}
	if (!in)
		return;
	for (hr_ix__span(g, c, &e, &end); e < end; e++) {
		HR_CHECK(e->slot < n);
		HR_CHECK_INT_EQ(e->vtx, a[e->slot].vtx);
		HR_CHECK(e->vlines == 16 || (uint64_t)e->vlines * 64 >= (uint64_t)a[e->slot].nv * 16 + 63);
	}
}

/* One grid over n areas, probed at random points and on the corners and
 * edges of the envelopes (and one ulp outside them); the shift the
 * cell-start table took is returned. */
static unsigned grid_probe(hr_ix_poly *a, size_t n)
{
	hr_ix_grid g;
	uint32_t *slots = malloc(n * sizeof *slots);
	size_t found = 0;
	unsigned shift;
	memset(&g, 0, sizeof g);
	for (size_t i = 0; i < n; i++)
		slots[i] = (uint32_t)i;
	HR_CHECK_INT_EQ(hr_ix__grid_build(&g, a, slots, n), 0);
	for (int k = 0; k < 20000; k++)
		grid_check_point(&g, a, n, uniform(29.5, 32.5), uniform(49.5, 51.5),
		                 t0 + (hr_time)(next() % (400 * 86400)), &found);
	for (size_t i = 0; i < n; i += 7) {
		double xs[] = {a[i].minx, a[i].maxx, (a[i].minx + a[i].maxx) / 2,
		               nextafter(a[i].minx, -INFINITY), nextafter(a[i].maxx, INFINITY)};
		double ys[] = {a[i].miny, a[i].maxy, (a[i].miny + a[i].maxy) / 2,
		               nextafter(a[i].miny, -INFINITY), nextafter(a[i].maxy, INFINITY)};
		for (int u = 0; u < 5; u++)
			for (int v = 0; v < 5; v++)
				grid_check_point(&g, a, n, xs[u], ys[v], a[i].t + (u + v) % 2, &found);
	}
	HR_CHECK(found > 1000);
	shift = g.shift;
	hr_ix__grid_free(&g);
	free(slots);
	return shift;
}

static void grid_tables(void)
{
	size_t n = 3000, crowd = 400;
	hr_ix_poly *a = calloc(n + crowd, sizeof *a);
	uint32_t vtx = 0;
	for (size_t i = 0; i < n + crowd; i++) {
		double x = uniform(30, 32), y = uniform(50, 51), w = uniform(0, 0.02), h = uniform(0, 0.02);
		if (i >= n) {
			/* one place, many areas: a cell of more entries than a byte counts */
			x = 31.0001;
			y = 50.5001;
			w = h = 0.0001;
		}
		a[i].minx = x;
		a[i].miny = y;
		a[i].maxx = x + w;
		a[i].maxy = y + h;
		a[i].t = t0 + (hr_time)(next() % (300 * 86400));
		a[i].nv = (uint32_t)(3 + next() % 90);
		a[i].vtx = vtx;
		vtx += a[i].nv;
	}
	/* small areas, about one a cell: blocks of 16 cells */
	HR_CHECK_INT_EQ(grid_probe(a, n), 4);
	/* cells of 400 entries: smaller blocks (a crowded cell may still share
	 * one when it comes last in it: its count is then no offset) */
	HR_CHECK(grid_probe(a, n + crowd) < 4);
	free(a);
}

int main(void)
{
	const char *tmp = getenv("HR_TEST_TMP");
	hr_register *reg, *store, *fast;
	hr_index *ix = NULL;
	hr_index_memory m;
	oracle o;
	tally tl = {0};
	if (!tmp) {
		fprintf(stderr, "HR_TEST_TMP must be set\n");
		return 1;
	}
	mkdir(tmp, 0755);
	grid_tables();
	snprintf(dbpath, sizeof dbpath, "%s/index.gpkg", tmp);
	unlink(dbpath);

	reg = open_reg(dbpath, 1, HR_INDEX_NEVER);
	fill(reg, 300);
	store = open_reg(dbpath, 0, HR_INDEX_NEVER);
	fast = open_reg(dbpath, 0, HR_INDEX_ALWAYS);
	HR_CHECK_INT_EQ(hr_index_build(&ix, store), 0);
	if (!ix)
		return HR_TEST_DONE();
	hr_index_memory_report(ix, &m);
	rasters_as_made_alone(ix);
	HR_CHECK(m.areas > 250);
	HR_CHECK(m.release_parts >= 4);
	HR_CHECK(m.total_bytes > m.coord_bytes / 2);

	oracle_load(&o, store);
	HR_CHECK_INT_EQ(o.n, m.areas);
	sweep(ix, &o, store, 7, &tl);
	random_points(ix, &o, store, 20000, &tl);
	oracle_free(&o);
	HR_CHECK_INT_EQ(tl.mismatches, 0);
	/* the points did reach the cases that matter */
	HR_CHECK(tl.hits > tl.points / 4);
	HR_CHECK(tl.released > 100);
	HR_CHECK(tl.store_checked > 2000);
	fprintf(stderr, "%zu points, %zu hits (%zu released), %zu also asked of the store\n",
	        tl.points, tl.hits, tl.released, tl.store_checked);

	same_bytes(fast, store, 2000, 29.9, 49.9, 32.1, 50.7);
	batch_equals_single(ix, 5000);
	updates(reg, store, fast, ix);
	hr_index_free(ix);
	hr_register_close(fast);
	hr_register_close(store);
	hr_register_close(reg);
	empty_register();
	many_vertices();
	unlink(dbpath);
	return HR_TEST_DONE();
}
