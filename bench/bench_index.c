/*
 * bench_index.c - "which hazardous areas are here, now?" answered by
 * hazreg's in-memory index beside GEOS (STRtree and prepared geometries),
 * SpatiaLite (its R*Tree, in one read transaction) and PostGIS (when a
 * server answers), on the same areas and the same points, side by side in
 * one run. It reports; it never judges.
 *
 * For each size it generates the bench workload (hazreg-gen --profile
 * bench: areas over Ukraine's box, 70% in the east; points drawn the same
 * way, each with a time), imports the areas into a new register (timed,
 * with the importer's peak RSS), then runs each system in a process of its
 * own, so that its build time, query rate and peak RSS are its own. Every
 * system reads the same rows from the register's GeoPackage and gets the
 * same time rule: an area is listed from its hazard_from on, with no end
 * (the register's contamination classes never end a hazard; only release
 * parts do, and the workload has none). Their answers are compared point
 * by point ("agree").
 */
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <sqlite3.h>

#include "hazreg/hazreg.h"

#include "bench_common.h"
#include "bench_data.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HR_BENCH_LIBPQ
#include <libpq-fe.h>
#endif

static const char usage_text[] =
	"NAME\n"
	"    bench_index - hazreg's in-memory index beside GEOS, SpatiaLite and PostGIS\n"
	"\n"
	"SYNOPSIS\n"
	"    bench_index [--sizes N,N...] [--queries N] [--warmup N] [--seed N]\n"
	"                [--gen PATH] [--threads N] [--register PATH] [--dir DIR]\n"
	"\n"
	"DESCRIPTION\n"
	"    For each size: generates that many bench areas and the query points\n"
	"    (hazreg-gen --profile bench, seeds N and N+1), imports the areas into a\n"
	"    new register, then builds and queries, each in a process of its own:\n"
	"      hazreg   hr_index_build, then hr_index_query for one point at a time;\n"
	"               also hr_index_query_batch on one thread and on --threads\n"
	"      GEOS     an STRtree of the areas and a prepared geometry each\n"
	"               (GEOSPreparedIntersects_r)\n"
	"      SpatiaLite  the areas in a SpatiaLite table with an R*Tree, one\n"
	"               query per point (ST_Intersects) in one read transaction\n"
	"      PostGIS  the areas in a table with a GiST index, one libpq round\n"
	"               trip per point; only when a server answers ($HR_BENCH_PG,\n"
	"               a libpq connection string, else libpq's defaults)\n"
	"      reference  a flat uniform grid of area numbers over the envelopes,\n"
	"               then the envelope and plain even-odd ray casting (an edge\n"
	"               counts as inside): the issue's yardstick\n"
	"    and prints one table per size: build seconds, queries/s, the ratio of\n"
	"    each system's queries/s to hazreg's, peak RSS, and whether its answers\n"
	"    equal hazreg's on every point; then the batch and multi-threaded\n"
	"    rates, the index's memory against the raw coordinates plus 64 bytes\n"
	"    per area, and the import. Single thread unless said. Judges nothing.\n"
	"\n"
	"OPTIONS\n"
	"    --sizes N,N...  areas per run (default 100000,1000000; or\n"
	"                    $HR_BENCH_INDEX_SIZES).\n"
	"    --queries N     query points (default 1000000; or $HR_BENCH_QUERIES).\n"
	"    --warmup N      points every system answers once, off the clock, before\n"
	"                    it answers all of them on the clock (default: a\n"
	"                    twentieth of --queries; 0: none). A fresh structure's\n"
	"                    first touches and cold caches are not what a running\n"
	"                    server sees.\n"
	"    --seed N        seed of the areas (default 1; or $HR_BENCH_SEED).\n"
	"    --gen PATH      the generator (default $HAZREG_GEN, else hazreg-gen).\n"
	"    --threads N     threads of the multi-threaded batch (default: cores).\n"
	"    --register PATH a register made before, used (and kept) instead of\n"
	"                    generating and importing the areas; give it with one\n"
	"                    size, its number of areas (--sizes), and it must hold\n"
	"                    the areas of --seed for the points to be the bench's.\n"
	"    --dir DIR       where the scratch files go (default $HR_BENCH_TMP,\n"
	"                    else a new directory under $TMPDIR or /tmp, removed).\n"
	"    -h, --help      show this text.\n";

/* What one system did, written by its process for the parent to read. */
typedef struct {
	int ran;            /* 1 measured; 0 skipped (note says why) */
	char name[64];
	char note[256];
	double build_s;
	double query_s;     /* one point per call */
	double batch1_s;    /* hazreg: the batch API on one thread */
	double batchn_s;    /* ... and on n threads */
	unsigned threads;
	uint64_t hits, with_hit;
	hr_index_memory mem;
	long peak_kib;      /* filled by the parent from wait4 */
} result;

enum { SYS_HAZREG, SYS_GEOS, SYS_SPATIALITE, SYS_POSTGIS, SYS_FLAT, NSYS };

typedef struct {
	const char *gpkg;  /* the register */
	const char *dir;   /* scratch */
	const query *q;
	size_t nq;
	size_t warm; /* points answered untimed first */
	unsigned threads;
} run_ctx;

/* ---- answers and their fingerprints ------------------------------------------------ */

/* FNV-1a of an area id, mixed so that sums of them rarely collide. */
static uint64_t id_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return h;
}

/* ---- the areas as every comparison system reads them ------------------------------- */

/* Each system's answer to a point is reduced to a fingerprint of the ids
 * of the areas it found (their hashes added up), compared across systems.
 * Every system records the numbers of the areas it finds while the clock
 * runs (found_log: one sequential write each) and is fingerprinted after
 * it stops, from the ids' hashes (idh, or per index number for hazreg). */
typedef struct {
	size_t n;
	char **id;
	uint64_t *idh; /* id_hash(id[i]) */
	hr_time *from;
	unsigned char **wkb;
	size_t *len;
} areas;

static void areas_free(areas *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->id[i]);
		free(a->wkb[i]);
	}
	free(a->id);
	free(a->idh);
	free(a->from);
	free(a->wkb);
	free(a->len);
	memset(a, 0, sizeof *a);
}

/* The areas found, point after point, as the systems' own numbers:
 * recorded while the clock runs (one sequential write per area found),
 * turned into fingerprints after it stops. */
typedef struct {
	uint32_t *v;
	size_t n, cap;
	size_t *end; /* end[i]: n after point i */
} found_log;

static int found_init(found_log *f, size_t nq)
{
	f->n = 0;
	f->cap = 2 * nq + 16;
	f->v = malloc(f->cap * sizeof *f->v);
	f->end = malloc((nq ? nq : 1) * sizeof *f->end);
	return f->v && f->end ? 0 : -1;
}

static inline int found_put(found_log *f, uint32_t x)
{
	if (f->n == f->cap) {
		uint32_t *nv = realloc(f->v, 2 * f->cap * sizeof *nv);
		if (!nv)
			return -1;
		f->v = nv;
		f->cap *= 2;
	}
	f->v[f->n++] = x;
	return 0;
}

/* fp[i] from the hashes of the numbers found for point i */
static void found_prints(const found_log *f, size_t nq, const uint64_t *hash, uint64_t *fp,
                         result *r)
{
	size_t k = 0;
	for (size_t i = 0; i < nq; i++) {
		uint64_t h = 0, n = f->end[i] - k;
		for (; k < f->end[i]; k++)
			h += hash[f->v[k]];
		fp[i] = h + n;
		r->hits += n;
		r->with_hit += n > 0;
	}
}

/* Every system answers the first c->warm points once off the clock (a
 * fresh structure's first touches, cold caches and TLB: what a running
 * server has long behind it), then all the points on the clock. Pass 0 is
 * the warm-up, pass 1 the timed one: returns the pass's number of points,
 * empties the log of answers and, for pass 1, starts the clock. */
static size_t pass_begin(const run_ctx *c, int pass, found_log *f, double *t0)
{
	f->n = 0;
	if (pass == 0)
		return c->warm < c->nq ? c->warm : c->nq;
	*t0 = now_s();
	return c->nq;
}

static void found_free(found_log *f)
{
	free(f->v);
	free(f->end);
}

/* The WKB inside a GeoPackage geometry blob: after "GP", version, flags,
 * srs id and the envelope the flags announce. */
static const unsigned char *gpkg_wkb(const unsigned char *b, size_t len, size_t *wlen)
{
	static const size_t env[8] = {0, 32, 48, 48, 64, 0, 0, 0};
	size_t off;
	if (len < 8 || b[0] != 'G' || b[1] != 'P')
		return NULL;
	off = 8 + env[(b[3] >> 1) & 7];
	if (off > len)
		return NULL;
	*wlen = len - off;
	return b + off;
}

/* Every hazardous area of the register's GeoPackage, read with SQLite:
 * its id, its hazard_from (the one time the rule needs) and its WKB. */
static int areas_load(const char *gpkg, areas *a)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = -1;
	memset(a, 0, sizeof *a);
	if (sqlite3_open_v2(gpkg, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "SELECT area_id, hazard_from, geom FROM hazardous_areas "
	                       "WHERE hazard_from IS NOT NULL AND geom IS NOT NULL ORDER BY fid",
	                       -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_index: %s: %s\n", gpkg, sqlite3_errmsg(db));
		goto done;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *t = (const char *)sqlite3_column_text(st, 1);
		const unsigned char *w;
		size_t wl = 0;
		if (a->n == cap) {
			cap = cap ? cap * 2 : 65536;
			a->id = realloc(a->id, cap * sizeof *a->id);
			a->from = realloc(a->from, cap * sizeof *a->from);
			a->wkb = realloc(a->wkb, cap * sizeof *a->wkb);
			a->len = realloc(a->len, cap * sizeof *a->len);
			if (!a->id || !a->from || !a->wkb || !a->len)
				goto done;
		}
		w = gpkg_wkb(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2), &wl);
		if (!id || !t || !w || hr_time_parse(&a->from[a->n], t, strlen(t)) != 0) {
			fprintf(stderr, "bench_index: %s: a row of hazardous_areas does not read\n", gpkg);
			goto done;
		}
		a->id[a->n] = strdup(id);
		a->wkb[a->n] = malloc(wl);
		if (!a->id[a->n] || !a->wkb[a->n])
			goto done;
		memcpy(a->wkb[a->n], w, wl);
		a->len[a->n] = wl;
		a->n++;
	}
	if (!(a->idh = malloc((a->n ? a->n : 1) * sizeof *a->idh)))
		goto done;
	for (size_t i = 0; i < a->n; i++)
		a->idh[i] = id_hash(a->id[i]);
	rc = 0;
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

/* ---- hazreg ---------------------------------------------------------------------------- */

static int run_hazreg(const run_ctx *c, result *r, uint64_t *fp)
{
	hr_register *reg = NULL;
	hr_open_options oo = HR_OPEN_OPTIONS_INIT;
	hr_index *ix = NULL;
	hr_index_hit hits[256];
	hr_index_batch *b = NULL;
	hr_point *pts = NULL;
	hr_time *at = NULL;
	uint64_t *slot_h = NULL;
	size_t nslot = 0;
	found_log fl = {NULL, 0, 0, NULL};
	double t0;
	int rc;
	snprintf(r->name, sizeof r->name, "hazreg index");
	oo.readonly = 1;
	if ((rc = hr_register_open(&reg, c->gpkg, &oo)) != 0) {
		snprintf(r->note, sizeof r->note, "cannot open %s: %s", c->gpkg,
		         reg ? hr_errmsg(reg) : hr_strerror(rc));
		goto done;
	}
	t0 = now_s();
	if ((rc = hr_index_build(&ix, reg)) != 0) {
		snprintf(r->note, sizeof r->note, "build failed: %s", hr_errmsg(reg));
		goto done;
	}
	r->build_s = now_s() - t0;
	hr_index_memory_report(ix, &r->mem);
	/* the hash of each index number's id */
	nslot = r->mem.areas;
	if (!(slot_h = malloc((nslot ? nslot : 1) * sizeof *slot_h)))
		goto done;
	for (size_t i = 0; i < nslot; i++)
		slot_h[i] = id_hash(hr_index_area_id(ix, (uint32_t)i));
	if (found_init(&fl, c->nq))
		goto done;
	for (int pass = 0; pass < 2; pass++)
	for (size_t i = 0, nq = pass_begin(c, pass, &fl, &t0); i < nq; i++) {
		size_t n = 0;
		if ((rc = hr_index_query(ix, c->q[i].p, c->q[i].t, hits, 256, &n)) != 0 || n > 256) {
			snprintf(r->note, sizeof r->note, "query %zu failed (%d)", i, rc);
			goto done;
		}
		for (size_t k = 0; k < n; k++)
			if (found_put(&fl, hits[k].area))
				goto done;
		fl.end[i] = fl.n;
	}
	r->query_s = now_s() - t0;
	for (size_t k = 0; k < fl.n; k++)
		if (fl.v[k] >= nslot) {
			snprintf(r->note, sizeof r->note, "an area number beyond the index's");
			goto done;
		}
	found_prints(&fl, c->nq, slot_h, fp, r);
	/* the batch API over the same points, on one thread and on several */
	pts = malloc(c->nq * sizeof *pts);
	at = malloc(c->nq * sizeof *at);
	if (!pts || !at)
		goto done;
	for (size_t i = 0; i < c->nq; i++) {
		pts[i] = c->q[i].p;
		at[i] = c->q[i].t;
	}
	for (int k = 0; k < 2; k++) {
		unsigned th = k ? c->threads : 1;
		t0 = now_s();
		if ((rc = hr_index_query_batch(ix, pts, at, c->nq, th, &b)) != 0) {
			snprintf(r->note, sizeof r->note, "batch failed (%d)", rc);
			goto done;
		}
		*(k ? &r->batchn_s : &r->batch1_s) = now_s() - t0;
		if (b->nhits != r->hits)
			snprintf(r->note, sizeof r->note, "the batch found %zu hits, single queries %" PRIu64,
			         b->nhits, r->hits);
		hr_index_batch_free(b);
		b = NULL;
	}
	r->threads = c->threads;
	r->ran = 1;
done:
	found_free(&fl);
	free(slot_h);
	free(pts);
	free(at);
	hr_index_free(ix);
	hr_register_close(reg);
	return r->ran ? 0 : -1;
}

/* ---- GEOS: STRtree + prepared geometries --------------------------------------------- */

typedef struct {
	GEOSContextHandle_t h;
	const GEOSPreparedGeometry **pg;
	const areas *a;
	const GEOSGeometry *pt;
	hr_time t;
	found_log *found;
	int failed;
} geos_q;

static void geos_cb(void *item, void *ctx)
{
	geos_q *q = ctx;
	size_t i = (size_t)(uintptr_t)item;
	if (q->a->from[i] <= q->t && GEOSPreparedIntersects_r(q->h, q->pg[i], q->pt) == 1) {
		q->failed |= found_put(q->found, (uint32_t)i);
	}
}

static void geos_nothing(void *item, void *ctx)
{
	(void)item;
	(void)ctx;
}

static int run_geos(const run_ctx *c, result *r, uint64_t *fp)
{
	areas a;
	GEOSContextHandle_t h = GEOS_init_r();
	GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
	GEOSSTRtree *tree = NULL;
	GEOSGeometry **g = NULL;
	geos_q q;
	found_log fl = {NULL, 0, 0, NULL};
	double t0;
	snprintf(r->name, sizeof r->name, "GEOS %.*s STRtree + prepared",
	         (int)strcspn(GEOSversion(), "-"), GEOSversion());
	memset(&q, 0, sizeof q);
	t0 = now_s();
	if (areas_load(c->gpkg, &a) != 0) {
		snprintf(r->note, sizeof r->note, "cannot read the areas");
		goto done;
	}
	g = calloc(a.n, sizeof *g);
	q.pg = calloc(a.n, sizeof *q.pg);
	tree = GEOSSTRtree_create_r(h, 10);
	if (!g || !q.pg || !tree)
		goto done;
	for (size_t i = 0; i < a.n; i++) {
		if (!(g[i] = GEOSWKBReader_read_r(h, rd, a.wkb[i], a.len[i])) ||
		    !(q.pg[i] = GEOSPrepare_r(h, g[i]))) {
			snprintf(r->note, sizeof r->note, "GEOS cannot read area %s", a.id[i]);
			goto done;
		}
		GEOSSTRtree_insert_r(h, tree, g[i], (void *)(uintptr_t)i);
		free(a.wkb[i]); /* the geometry holds it now */
		a.wkb[i] = NULL;
	}
	{
		/* the tree is built on its first query: build it now */
		GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, 0, 0);
		GEOSSTRtree_query_r(h, tree, pt, geos_nothing, NULL);
		GEOSGeom_destroy_r(h, pt);
	}
	r->build_s = now_s() - t0;
	q.h = h;
	q.a = &a;
	q.found = &fl;
	if (found_init(&fl, c->nq))
		goto done;
	for (int pass = 0; pass < 2; pass++)
	for (size_t i = 0, nq = pass_begin(c, pass, &fl, &t0); i < nq; i++) {
		GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, c->q[i].p.lon, c->q[i].p.lat);
		q.pt = pt;
		q.t = c->q[i].t;
		GEOSSTRtree_query_r(h, tree, pt, geos_cb, &q);
		GEOSGeom_destroy_r(h, pt);
		fl.end[i] = fl.n;
	}
	r->query_s = now_s() - t0;
	if (q.failed)
		goto done;
	found_prints(&fl, c->nq, a.idh, fp, r);
	r->ran = 1;
done:
	if (tree)
		GEOSSTRtree_destroy_r(h, tree);
	for (size_t i = 0; g && i < a.n; i++) {
		if (q.pg && q.pg[i])
			GEOSPreparedGeom_destroy_r(h, q.pg[i]);
		if (g[i])
			GEOSGeom_destroy_r(h, g[i]);
	}
	free(g);
	free((void *)q.pg);
	found_free(&fl);
	areas_free(&a);
	GEOSWKBReader_destroy_r(h, rd);
	GEOS_finish_r(h);
	return r->ran ? 0 : -1;
}

/* ---- the reference: a flat uniform grid and ray casting ------------------------------ */

/*
 * What the anchor table calls "a flat uniform grid + ray casting,
 * written for reference": about one cell per area, each cell listing the
 * areas whose envelope meets it; then the area's time, its envelope, and
 * even-odd ray casting over all its rings, a point on an edge counting as
 * inside. Plain double arithmetic, no filter beyond the envelope: a
 * yardstick, not a competitor.
 */
typedef struct {
	double *xy;          /* every ring, closed, one after another */
	size_t nxy, capxy;
	size_t *ring_end;    /* per ring: one past its last position in xy */
	size_t nring, capring;
	size_t *area_ring;   /* per area: its first ring; area_ring[n] = nring */
	double (*env)[4];    /* minx, miny, maxx, maxy */
	double x0, y0, cw, ch;
	long nx, ny;
	uint32_t *start, *ids; /* cell c lists ids[start[c] .. start[c + 1]) */
} flat;

static int grow(void **p, size_t *cap, size_t need, size_t sz)
{
	void *np;
	size_t ncap = *cap ? *cap : 1024;
	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	if (!(np = realloc(*p, ncap * sz)))
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

static uint32_t wkb_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The rings of one little-endian Polygon at *p (moved past it). */
static int flat_polygon(flat *f, const unsigned char **p, const unsigned char *end)
{
	uint32_t nr;
	if (end - *p < 9 || (*p)[0] != 1 || wkb_u32(*p + 1) != 3)
		return -1;
	nr = wkb_u32(*p + 5);
	*p += 9;
	for (uint32_t r = 0; r < nr; r++) {
		uint32_t np;
		if (end - *p < 4 || (np = wkb_u32(*p), (size_t)(end - *p - 4) / 16 < np) ||
		    grow((void **)&f->xy, &f->capxy, f->nxy + np, 2 * sizeof *f->xy) ||
		    grow((void **)&f->ring_end, &f->capring, f->nring + 1, sizeof *f->ring_end))
			return -1;
		memcpy(f->xy + 2 * f->nxy, *p + 4, 16 * (size_t)np);
		f->nxy += np;
		f->ring_end[f->nring++] = f->nxy;
		*p += 4 + 16 * (size_t)np;
	}
	return 0;
}

static int flat_area(flat *f, size_t i, const unsigned char *w, size_t len)
{
	const unsigned char *p = w, *end = w + len;
	size_t from = f->nxy;
	f->area_ring[i] = f->nring;
	if (len >= 9 && w[0] == 1 && wkb_u32(w + 1) == 6) {
		uint32_t n = wkb_u32(w + 5);
		p += 9;
		for (uint32_t k = 0; k < n; k++)
			if (flat_polygon(f, &p, end))
				return -1;
	} else if (flat_polygon(f, &p, end)) {
		return -1;
	}
	if (f->nxy == from)
		return -1;
	f->env[i][0] = f->env[i][2] = f->xy[2 * from];
	f->env[i][1] = f->env[i][3] = f->xy[2 * from + 1];
	for (size_t k = from; k < f->nxy; k++) {
		double x = f->xy[2 * k], y = f->xy[2 * k + 1];
		f->env[i][0] = x < f->env[i][0] ? x : f->env[i][0];
		f->env[i][1] = y < f->env[i][1] ? y : f->env[i][1];
		f->env[i][2] = x > f->env[i][2] ? x : f->env[i][2];
		f->env[i][3] = y > f->env[i][3] ? y : f->env[i][3];
	}
	return 0;
}

static long flat_col(const flat *f, double x)
{
	long c = (long)((x - f->x0) / f->cw);
	return c < 0 ? 0 : c >= f->nx ? f->nx - 1 : c;
}

static long flat_row(const flat *f, double y)
{
	long r = (long)((y - f->y0) / f->ch);
	return r < 0 ? 0 : r >= f->ny ? f->ny - 1 : r;
}

/* The uniform grid: about one cell per area over the areas' envelope. */
static int flat_grid(flat *f, size_t n)
{
	double x1 = -INFINITY, y1 = -INFINITY, side;
	size_t ncells;
	f->x0 = f->y0 = INFINITY;
	for (size_t i = 0; i < n; i++) {
		f->x0 = fmin(f->x0, f->env[i][0]);
		f->y0 = fmin(f->y0, f->env[i][1]);
		x1 = fmax(x1, f->env[i][2]);
		y1 = fmax(y1, f->env[i][3]);
	}
	side = sqrt(fmax(x1 - f->x0, 1e-9) * fmax(y1 - f->y0, 1e-9) / (double)(n ? n : 1));
	f->nx = (long)ceil(fmax(x1 - f->x0, 1e-9) / side);
	f->ny = (long)ceil(fmax(y1 - f->y0, 1e-9) / side);
	f->cw = fmax(x1 - f->x0, 1e-9) / (double)f->nx;
	f->ch = fmax(y1 - f->y0, 1e-9) / (double)f->ny;
	ncells = (size_t)f->nx * (size_t)f->ny;
	if (!(f->start = calloc(ncells + 1, sizeof *f->start)))
		return -1;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++)
			for (long r = flat_row(f, f->env[i][1]); r <= flat_row(f, f->env[i][3]); r++)
				for (long c = flat_col(f, f->env[i][0]); c <= flat_col(f, f->env[i][2]); c++) {
					size_t k = (size_t)r * (size_t)f->nx + (size_t)c;
					if (pass == 0)
						f->start[k + 1]++;
					else
						f->ids[f->start[k]++] = (uint32_t)i;
				}
		if (pass == 0) {
			for (size_t k = 0; k < ncells; k++)
				f->start[k + 1] += f->start[k];
			if (!(f->ids = malloc((f->start[ncells] ? f->start[ncells] : 1) * sizeof *f->ids)))
				return -1;
		}
	}
	memmove(f->start + 1, f->start, ncells * sizeof *f->start);
	f->start[0] = 0;
	return 0;
}

/* Even-odd ray casting over all the rings of area i; on an edge: inside. */
static int flat_covers(const flat *f, size_t i, double px, double py)
{
	int in = 0;
	for (size_t r = f->area_ring[i]; r < f->area_ring[i + 1]; r++) {
		size_t k0 = r ? f->ring_end[r - 1] : 0;
		for (size_t k = k0; k + 1 < f->ring_end[r]; k++) {
			double ax = f->xy[2 * k], ay = f->xy[2 * k + 1];
			double bx = f->xy[2 * k + 2], by = f->xy[2 * k + 3];
			if ((bx - ax) * (py - ay) - (by - ay) * (px - ax) == 0 && px >= fmin(ax, bx) &&
			    px <= fmax(ax, bx) && py >= fmin(ay, by) && py <= fmax(ay, by))
				return 1;
			if ((ay > py) != (by > py) && px < ax + (py - ay) * (bx - ax) / (by - ay))
				in ^= 1;
		}
	}
	return in;
}

static int run_flat(const run_ctx *c, result *r, uint64_t *fp)
{
	areas a;
	flat f;
	found_log fl = {NULL, 0, 0, NULL};
	double t0;
	memset(&f, 0, sizeof f);
	snprintf(r->name, sizeof r->name, "flat grid + ray casting (reference)");
	t0 = now_s();
	if (areas_load(c->gpkg, &a) != 0) {
		snprintf(r->note, sizeof r->note, "cannot read the areas");
		goto done;
	}
	if (!(f.area_ring = malloc((a.n + 1) * sizeof *f.area_ring)) ||
	    !(f.env = malloc((a.n ? a.n : 1) * sizeof *f.env)))
		goto done;
	for (size_t i = 0; i < a.n; i++) {
		if (flat_area(&f, i, a.wkb[i], a.len[i])) {
			snprintf(r->note, sizeof r->note, "cannot read area %s", a.id[i]);
			goto done;
		}
		free(a.wkb[i]);
		a.wkb[i] = NULL;
	}
	f.area_ring[a.n] = f.nring;
	if (flat_grid(&f, a.n))
		goto done;
	r->build_s = now_s() - t0;
	if (found_init(&fl, c->nq))
		goto done;
	for (int pass = 0; pass < 2; pass++)
	for (size_t i = 0, nq = pass_begin(c, pass, &fl, &t0); i < nq; i++) {
		double px = c->q[i].p.lon, py = c->q[i].p.lat;
		if (px >= f.x0 && py >= f.y0 && px <= f.x0 + f.cw * (double)f.nx &&
		    py <= f.y0 + f.ch * (double)f.ny) {
			size_t k = (size_t)flat_row(&f, py) * (size_t)f.nx + (size_t)flat_col(&f, px);
			for (uint32_t j = f.start[k]; j < f.start[k + 1]; j++) {
				uint32_t id = f.ids[j];
				if (a.from[id] <= c->q[i].t && px >= f.env[id][0] && px <= f.env[id][2] &&
				    py >= f.env[id][1] && py <= f.env[id][3] && flat_covers(&f, id, px, py) &&
				    found_put(&fl, id))
					goto done;
			}
		}
		fl.end[i] = fl.n;
	}
	r->query_s = now_s() - t0;
	found_prints(&fl, c->nq, a.idh, fp, r);
	r->ran = 1;
done:
	free(f.xy);
	free(f.ring_end);
	free(f.area_ring);
	free(f.env);
	free(f.start);
	free(f.ids);
	found_free(&fl);
	areas_free(&a);
	return r->ran ? 0 : -1;
}

/* ---- SpatiaLite: R*Tree, one read transaction ----------------------------------------- */

static int sql(sqlite3 *db, const char *s, result *r)
{
	char *err = NULL;
	if (sqlite3_exec(db, s, NULL, NULL, &err) == SQLITE_OK)
		return 0;
	snprintf(r->note, sizeof r->note, "%s: %s", s, err ? err : sqlite3_errmsg(db));
	sqlite3_free(err);
	return -1;
}

static int spatialite_load(sqlite3 *db, const areas *a, result *r)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sql(db, "PRAGMA journal_mode = OFF", r) || sql(db, "PRAGMA synchronous = OFF", r) ||
	    sql(db, "SELECT InitSpatialMetadata(1)", r) ||
	    sql(db, "CREATE TABLE areas (id INTEGER PRIMARY KEY, hazard_from INTEGER NOT NULL)", r) ||
	    sql(db, "SELECT AddGeometryColumn('areas', 'geom', 4326, 'MULTIPOLYGON', 'XY')", r) ||
	    sql(db, "BEGIN", r))
		return -1;
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO areas (id, hazard_from, geom) VALUES (?1, ?2, "
	                       "GeomFromWKB(?3, 4326))",
	                       -1, &st, NULL) != SQLITE_OK) {
		snprintf(r->note, sizeof r->note, "insert: %s", sqlite3_errmsg(db));
		return -1;
	}
	for (size_t i = 0; i < a->n; i++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		sqlite3_bind_int64(st, 2, a->from[i]);
		sqlite3_bind_blob(st, 3, a->wkb[i], (int)a->len[i], SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			snprintf(r->note, sizeof r->note, "insert: %s", sqlite3_errmsg(db));
			goto done;
		}
		sqlite3_reset(st);
	}
	rc = sql(db, "COMMIT", r) || sql(db, "SELECT CreateSpatialIndex('areas', 'geom')", r) ? -1
	                                                                                      : 0;
done:
	sqlite3_finalize(st);
	return rc;
}

static int run_spatialite(const run_ctx *c, result *r, uint64_t *fp)
{
	areas a;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char path[4200], *err = NULL;
	found_log fl = {NULL, 0, 0, NULL};
	double t0;
	snprintf(r->name, sizeof r->name, "SpatiaLite R*Tree, one read tx");
	snprintf(path, sizeof path, "%s/spatialite.sqlite", c->dir);
	unlink(path);
	memset(&a, 0, sizeof a);
	t0 = now_s();
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		goto done;
	sqlite3_enable_load_extension(db, 1);
	if (sqlite3_load_extension(db, "mod_spatialite", NULL, &err) != SQLITE_OK) {
		snprintf(r->note, sizeof r->note, "skipped: mod_spatialite does not load (%s; "
		                                  "Debian: libsqlite3-mod-spatialite)",
		         err ? err : "?");
		sqlite3_free(err);
		goto done;
	}
	if (areas_load(c->gpkg, &a) != 0 || spatialite_load(db, &a, r) != 0)
		goto done;
	r->build_s = now_s() - t0;
	{
		sqlite3_stmt *v = NULL;
		if (sqlite3_prepare_v2(db, "SELECT spatialite_version()", -1, &v, NULL) == SQLITE_OK &&
		    sqlite3_step(v) == SQLITE_ROW)
			snprintf(r->name, sizeof r->name, "SpatiaLite %s R*Tree, one read tx",
			         (const char *)sqlite3_column_text(v, 0));
		sqlite3_finalize(v);
	}
	if (sqlite3_prepare_v2(db,
	                       "SELECT a.id FROM areas AS a WHERE a.ROWID IN (SELECT pkid FROM "
	                       "idx_areas_geom WHERE xmin <= ?1 AND xmax >= ?1 AND ymin <= ?2 AND "
	                       "ymax >= ?2) AND a.hazard_from <= ?3 AND "
	                       "ST_Intersects(a.geom, MakePoint(?1, ?2, 4326)) = 1",
	                       -1, &st, NULL) != SQLITE_OK) {
		snprintf(r->note, sizeof r->note, "query: %s", sqlite3_errmsg(db));
		goto done;
	}
	if (sql(db, "BEGIN", r))
		goto done;
	if (found_init(&fl, c->nq))
		goto done;
	for (int pass = 0; pass < 2; pass++)
	for (size_t i = 0, nq = pass_begin(c, pass, &fl, &t0); i < nq; i++) {
		int s;
		sqlite3_bind_double(st, 1, c->q[i].p.lon);
		sqlite3_bind_double(st, 2, c->q[i].p.lat);
		sqlite3_bind_int64(st, 3, c->q[i].t);
		while ((s = sqlite3_step(st)) == SQLITE_ROW)
			if (found_put(&fl, (uint32_t)sqlite3_column_int64(st, 0)))
				goto done;
		sqlite3_reset(st);
		if (s != SQLITE_DONE) {
			snprintf(r->note, sizeof r->note, "query %zu: %s", i, sqlite3_errmsg(db));
			goto done;
		}
		fl.end[i] = fl.n;
	}
	r->query_s = now_s() - t0;
	sql(db, "COMMIT", r);
	found_prints(&fl, c->nq, a.idh, fp, r);
	r->ran = 1;
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	found_free(&fl);
	areas_free(&a);
	unlink(path);
	return r->ran ? 0 : -1;
}

/* ---- PostGIS: GiST, one libpq round trip per point ------------------------------------ */

#ifdef HR_BENCH_LIBPQ
static int pg_ok(PGconn *pg, PGresult *res, result *r, const char *what)
{
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_COPY_IN) {
		PQclear(res);
		return 0;
	}
	snprintf(r->note, sizeof r->note, "%s: %s", what, PQerrorMessage(pg));
	r->note[strcspn(r->note, "\n")] = 0;
	PQclear(res);
	return -1;
}

/* The areas by COPY, as hex WKB (SRID 0, as the points). */
static int pg_load(PGconn *pg, const areas *a, result *r)
{
	static const char hex[] = "0123456789abcdef";
	char *line = NULL;
	size_t cap = 0;
	int rc = -1;
	if (pg_ok(pg, PQexec(pg, "DROP TABLE IF EXISTS hr_bench_areas"), r, "drop") ||
	    pg_ok(pg, PQexec(pg, "CREATE TABLE hr_bench_areas (id integer PRIMARY KEY, "
	                         "hazard_from bigint NOT NULL, geom geometry NOT NULL)"),
	          r, "create") ||
	    pg_ok(pg, PQexec(pg, "COPY hr_bench_areas (id, hazard_from, geom) FROM STDIN"), r, "copy"))
		return -1;
	for (size_t i = 0; i < a->n; i++) {
		size_t need = 64 + 2 * a->len[i], k;
		if (need > cap && !(line = realloc(line, cap = need)))
			goto done;
		k = (size_t)snprintf(line, cap, "%zu\t%" PRId64 "\t", i, (int64_t)a->from[i]);
		for (size_t b = 0; b < a->len[i]; b++) {
			line[k++] = hex[a->wkb[i][b] >> 4];
			line[k++] = hex[a->wkb[i][b] & 15];
		}
		line[k++] = '\n';
		if (PQputCopyData(pg, line, (int)k) != 1)
			goto done;
	}
	if (PQputCopyEnd(pg, NULL) != 1 || pg_ok(pg, PQgetResult(pg), r, "copy end"))
		goto done;
	rc = pg_ok(pg, PQexec(pg, "CREATE INDEX ON hr_bench_areas USING gist (geom)"), r, "index") ||
	                     pg_ok(pg, PQexec(pg, "ANALYZE hr_bench_areas"), r, "analyze")
	             ? -1
	             : 0;
done:
	free(line);
	return rc;
}

static void pg_quiet(void *ctx, const char *message)
{
	(void)ctx;
	(void)message; /* notices ("already exists, skipping") are not figures */
}

static int run_postgis(const run_ctx *c, result *r, uint64_t *fp)
{
	const char *ci = getenv("HR_BENCH_PG");
	PGconn *pg = PQconnectdb(ci ? ci : "");
	areas a;
	found_log fl = {NULL, 0, 0, NULL};
	double t0;
	memset(&a, 0, sizeof a);
	snprintf(r->name, sizeof r->name, "PostGIS, a round trip per point");
	if (PQstatus(pg) != CONNECTION_OK) {
		snprintf(r->note, sizeof r->note, "skipped: no server (%s)", PQerrorMessage(pg));
		r->note[strcspn(r->note, "\n")] = 0;
		goto done;
	}
	PQsetNoticeProcessor(pg, pg_quiet, NULL);
	if (pg_ok(pg, PQexec(pg, "CREATE EXTENSION IF NOT EXISTS postgis"), r, "postgis")) {
		char why[sizeof r->note];
		memcpy(why, r->note, sizeof why);
		snprintf(r->note, sizeof r->note, "skipped: the server has no PostGIS (%.200s)", why);
		goto done;
	}
	{
		PGresult *v = PQexec(pg, "SELECT postgis_lib_version()");
		if (PQresultStatus(v) == PGRES_TUPLES_OK && PQntuples(v) == 1)
			snprintf(r->name, sizeof r->name, "PostGIS %.16s, round trips (client RSS)",
			         PQgetvalue(v, 0, 0));
		PQclear(v);
	}
	t0 = now_s();
	if (areas_load(c->gpkg, &a) != 0 || pg_load(pg, &a, r) != 0)
		goto done;
	r->build_s = now_s() - t0;
	if (pg_ok(pg, PQprepare(pg, "q",
	                        "SELECT id FROM hr_bench_areas WHERE hazard_from <= $3::bigint AND "
	                        "ST_Intersects(geom, ST_MakePoint($1::float8, $2::float8))",
	                        3, NULL),
	          r, "prepare"))
		goto done;
	if (found_init(&fl, c->nq))
		goto done;
	for (int pass = 0; pass < 2; pass++)
	for (size_t i = 0, nq = pass_begin(c, pass, &fl, &t0); i < nq; i++) {
		char x[32], y[32], t[32];
		const char *v[3] = {x, y, t};
		PGresult *res;
		int n;
		snprintf(x, sizeof x, "%.17g", c->q[i].p.lon);
		snprintf(y, sizeof y, "%.17g", c->q[i].p.lat);
		snprintf(t, sizeof t, "%" PRId64, (int64_t)c->q[i].t);
		res = PQexecPrepared(pg, "q", 3, v, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			pg_ok(pg, res, r, "query");
			goto done;
		}
		n = PQntuples(res);
		for (int k = 0; k < n; k++)
			if (found_put(&fl, (uint32_t)strtoul(PQgetvalue(res, k, 0), NULL, 10))) {
				PQclear(res);
				goto done;
			}
		PQclear(res);
		fl.end[i] = fl.n;
	}
	r->query_s = now_s() - t0;
	found_prints(&fl, c->nq, a.idh, fp, r);
	r->ran = 1;
	PQclear(PQexec(pg, "DROP TABLE hr_bench_areas"));
done:
	found_free(&fl);
	areas_free(&a);
	PQfinish(pg);
	return r->ran ? 0 : -1;
}
#else
static int run_postgis(const run_ctx *c, result *r, uint64_t *fp)
{
	(void)c;
	(void)fp;
	snprintf(r->name, sizeof r->name, "PostGIS, a round trip per point");
	snprintf(r->note, sizeof r->note, "skipped: built without libpq (Debian: libpq-dev)");
	return -1;
}
#endif

/* ---- a system in a process of its own ---------------------------------------------------- */

typedef int (*system_fn)(const run_ctx *c, result *r, uint64_t *fp);

/* Run fn in a child that writes its result and fingerprints to a file;
 * the child's peak RSS is its own. */
static int in_child(const run_ctx *c, system_fn fn, result *r, uint64_t *fp)
{
	char path[4200];
	struct rusage ru;
	FILE *f;
	int status;
	pid_t pid;
	snprintf(path, sizeof path, "%s/result.bin", c->dir);
	memset(r, 0, sizeof *r);
	fflush(NULL);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		result cr;
		uint64_t *cfp = calloc(c->nq ? c->nq : 1, sizeof *cfp);
		memset(&cr, 0, sizeof cr);
		if (cfp)
			fn(c, &cr, cfp);
		if (!cfp || !(f = fopen(path, "wb")) || fwrite(&cr, sizeof cr, 1, f) != 1 ||
		    fwrite(cfp, sizeof *cfp, c->nq, f) != c->nq || fclose(f) != 0)
			_exit(1);
		_exit(0);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !(f = fopen(path, "rb"))) {
		snprintf(r->note, sizeof r->note, "its process failed (status %d)", status);
		return -1;
	}
	if (fread(r, sizeof *r, 1, f) != 1 || fread(fp, sizeof *fp, c->nq, f) != c->nq)
		snprintf(r->note, sizeof r->note, "its result did not read back");
	fclose(f);
	unlink(path);
	r->peak_kib = ru.ru_maxrss;
	return r->ran ? 0 : -1;
}

/* ---- the import ----------------------------------------------------------------------------- */

typedef struct {
	double seconds;
	uint64_t records, bytes;
	long peak_kib;
	int ok, status;
} import_figures;

static int import_child(const char *db, const char *data)
{
	hr_register *reg = NULL;
	hr_reader *rd = NULL;
	hr_import_result *res = NULL;
	hr_open_options oo = HR_OPEN_OPTIONS_INIT;
	char err[512] = "";
	int rc;
	oo.create = 1;
	if ((rc = hr_register_open(&reg, db, &oo)) != 0) {
		fprintf(stderr, "bench_index: cannot create %s: %s\n", db,
		        reg ? hr_errmsg(reg) : hr_strerror(rc));
	} else if ((rc = hr_reader_geojson(&rd, data, err, sizeof err)) != 0) {
		fprintf(stderr, "bench_index: cannot read %s: %s\n", data, err);
	} else if ((rc = hr_register_import(reg, rd, NULL, &res)) != 0) {
		fprintf(stderr, "bench_index: import failed: %s\n", hr_errmsg(reg));
		report_import_errors(res);
	}
	if (rd)
		rd->close(rd);
	hr_import_result_free(res);
	hr_register_close(reg);
	return rc ? 1 : 0;
}

/* The import in a process of its own: its wall time and its peak RSS. */
static int do_import(const char *db, const char *data, uint64_t n, import_figures *f)
{
	struct rusage ru;
	int status;
	pid_t pid;
	double t0 = now_s();
	memset(f, 0, sizeof *f);
	file_size(data, &f->bytes);
	fflush(NULL);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0)
		_exit(import_child(db, data));
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	f->seconds = now_s() - t0;
	f->peak_kib = ru.ru_maxrss;
	f->records = n;
	f->ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	f->status = status;
	return f->ok ? 0 : -1;
}

/* ---- the report --------------------------------------------------------------------------- */

typedef struct {
	uint64_t sizes[8];
	size_t nsizes;
	uint64_t queries, seed;
	int64_t warmup; /* -1: a twentieth of the queries */
	const char *gen, *dir;
	const char *reg; /* --register: a register made before, kept */
	unsigned threads;
} options;

static double rate(size_t n, double s)
{
	return s > 0 ? (double)n / s : 0;
}

static void print_size(uint64_t n, size_t nq, size_t warm, const result *r, const int *agree,
                       const import_figures *imp)
{
	const result *hz = &r[SYS_HAZREG];
	double hq = rate(nq, hz->query_s);
	printf("\n%" PRIu64 " areas, %zu points, one thread, each system after the first %zu "
	       "points off the clock (ratio to hazreg: the system's queries/s over hazreg's)\n",
	       n, nq, warm < nq ? warm : nq);
	printf("  %-38s %9s %13s %16s %13s  %s\n", "system", "build s", "queries/s",
	       "ratio to hazreg", "peak RSS MiB", "agree");
	for (int s = 0; s < NSYS; s++) {
		if (!r[s].ran) {
			printf("  %-38s %s\n", r[s].name[0] ? r[s].name : "?",
			       r[s].note[0] ? r[s].note : "did not run");
			continue;
		}
		printf("  %-38s %9.2f %13.0f %16.3f %13ld  %s\n", r[s].name, r[s].build_s,
		       rate(nq, r[s].query_s), hq > 0 ? rate(nq, r[s].query_s) / hq : 0,
		       r[s].peak_kib / 1024, s == SYS_HAZREG ? "-" : agree[s] ? "yes" : "NO");
	}
	for (int s = 0; s < NSYS; s++)
		if (r[s].ran && r[s].note[0])
			printf("  note (%s): %s\n", r[s].name, r[s].note);
	if (!hz->ran)
		return;
	printf("  hazreg batch (hr_index_query_batch), one thread: %.0f queries/s "
	       "(%.2f x one point per call)\n",
	       rate(nq, hz->batch1_s), hz->batch1_s > 0 ? hz->query_s / hz->batch1_s : 0);
	printf("  hazreg batch on %u threads: %.0f queries/s (%.2f x the batch on one)\n",
	       hz->threads, rate(nq, hz->batchn_s),
	       hz->batchn_s > 0 ? hz->batch1_s / hz->batchn_s : 0);
	{
		const hr_index_memory *m = &hz->mem;
		double budget = (double)m->coord_bytes + 64.0 * (double)m->areas;
		printf("  index memory: %.1f MB (vertices %.1f, area records and rasters %.1f, grid "
		       "%.1f, other %.1f) = %.3f x (raw coordinates %.1f MB + 64 B/area %.1f MB)\n",
		       m->total_bytes / 1e6, m->geometry_bytes / 1e6, m->area_bytes / 1e6,
		       m->grid_bytes / 1e6, m->other_bytes / 1e6,
		       budget > 0 ? (double)m->total_bytes / budget : 0, m->coord_bytes / 1e6,
		       64.0 * (double)m->areas / 1e6);
	}
	printf("  answers: %.4f areas per point, %.2f%% of points in some area\n",
	       nq ? (double)hz->hits / (double)nq : 0,
	       nq ? 100.0 * (double)hz->with_hit / (double)nq : 0);
	if (imp->ok)
		printf("  import of the %" PRIu64 "-area GeoJSON (%.1f MB, validated, one "
		       "transaction): %.1f s, %.0f records/s, peak RSS %ld MiB\n",
		       n, imp->bytes / 1e6, imp->seconds, rate(imp->records, imp->seconds),
		       imp->peak_kib / 1024);
}

static void remove_register(const char *db)
{
	static const char *const side[] = {"", "-wal", "-shm", "-journal"};
	char path[4300];
	for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
		snprintf(path, sizeof path, "%s%s", db, side[i]);
		unlink(path);
	}
}

static int bench_size(const options *o, const char *dir, uint64_t n, const query *q, size_t nq)
{
	static const system_fn fns[NSYS] = {run_hazreg, run_geos, run_spatialite, run_postgis,
	                                     run_flat};
	char data[4200], db[4200];
	import_figures imp;
	result r[NSYS];
	uint64_t *fp[NSYS] = {NULL};
	int agree[NSYS] = {0}, status = -1;
	run_ctx c = {db, dir, q, nq, o->warmup < 0 ? nq / 20 : (size_t)o->warmup, o->threads};
	snprintf(data, sizeof data, "%s/areas-%" PRIu64 ".geojson", dir, n);
	snprintf(db, sizeof db, "%s/register-%" PRIu64 ".gpkg", dir, n);
	if (o->reg) {
		/* made before (by an earlier run's import of the same seed): used as
		 * it is, and kept */
		snprintf(db, sizeof db, "%s", o->reg);
		memset(&imp, 0, sizeof imp);
		data[0] = 0;
		goto systems;
	}
	remove_register(db);
	fprintf(stderr, "bench_index: %" PRIu64 " areas: generating...\n", n);
	if (generate(o->gen, "--areas", n, o->seed, data) != 0)
		return -1;
	fprintf(stderr, "bench_index: %" PRIu64 " areas: importing...\n", n);
	if (do_import(db, data, n, &imp) != 0) {
		if (WIFSIGNALED(imp.status))
			fprintf(stderr, "bench_index: the import of %s was killed by signal %d\n", data,
			        WTERMSIG(imp.status));
		else
			fprintf(stderr, "bench_index: the import of %s failed\n", data);
		goto done;
	}
	unlink(data);
systems:
	for (int s = 0; s < NSYS; s++) {
		if (!(fp[s] = calloc(nq ? nq : 1, sizeof **fp)))
			goto done;
		fprintf(stderr, "bench_index: %" PRIu64 " areas: system %d of %d...\n", n, s + 1, NSYS);
		in_child(&c, fns[s], &r[s], fp[s]);
		if (r[s].ran && r[SYS_HAZREG].ran)
			agree[s] = memcmp(fp[s], fp[SYS_HAZREG], nq * sizeof **fp) == 0;
		if (s == SYS_POSTGIS && !r[s].ran && strncmp(r[s].note, "skipped", 7) == 0)
			fprintf(stderr, "bench_index: PostGIS %s\n", r[s].note);
	}
	print_size(n, nq, c.warm, r, agree, &imp);
	fflush(stdout);
	status = 0;
done:
	for (int s = 0; s < NSYS; s++)
		free(fp[s]);
	if (!o->reg) {
		unlink(data);
		remove_register(db);
	}
	return status;
}

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "bench_index: %s%s\nTry 'bench_index --help'.\n", what, arg ? arg : "");
	return 2;
}

static int parse_sizes(options *o, const char *s)
{
	char buf[256], *save = NULL, *tok;
	snprintf(buf, sizeof buf, "%s", s);
	o->nsizes = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->nsizes == 8 || parse_u64(tok, &o->sizes[o->nsizes]) || !o->sizes[o->nsizes])
			return -1;
		o->nsizes++;
	}
	return o->nsizes ? 0 : -1;
}

static int parse_args(options *o, int argc, char **argv)
{
	const char *env;
	uint64_t v;
	if (parse_sizes(o, (env = getenv("HR_BENCH_INDEX_SIZES")) && *env ? env : "100000,1000000"))
		return usage_error("HR_BENCH_INDEX_SIZES: not a list of sizes: ", env);
	if ((env = getenv("HR_BENCH_QUERIES")) && *env && parse_u64(env, &o->queries))
		return usage_error("HR_BENCH_QUERIES: not a number: ", env);
	if ((env = getenv("HR_BENCH_SEED")) && *env && parse_u64(env, &o->seed))
		return usage_error("HR_BENCH_SEED: not a number: ", env);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			return 1;
		}
		if (i + 1 >= argc)
			return usage_error("unknown option or missing value: ", a);
		val = argv[++i];
		if (strcmp(a, "--sizes") == 0) {
			if (parse_sizes(o, val))
				return usage_error("--sizes: not a list of sizes: ", val);
		} else if (strcmp(a, "--queries") == 0) {
			if (parse_u64(val, &o->queries))
				return usage_error("--queries: not a number: ", val);
		} else if (strcmp(a, "--warmup") == 0) {
			if (parse_u64(val, &v) || v > INT64_MAX)
				return usage_error("--warmup: not a number: ", val);
			o->warmup = (int64_t)v;
		} else if (strcmp(a, "--seed") == 0) {
			if (parse_u64(val, &o->seed))
				return usage_error("--seed: not a number: ", val);
		} else if (strcmp(a, "--threads") == 0) {
			if (parse_u64(val, &v) || v == 0 || v > 64)
				return usage_error("--threads: not 1 to 64: ", val);
			o->threads = (unsigned)v;
		} else if (strcmp(a, "--gen") == 0) {
			o->gen = val;
		} else if (strcmp(a, "--register") == 0) {
			o->reg = val;
		} else if (strcmp(a, "--dir") == 0) {
			o->dir = val;
		} else {
			return usage_error("unknown option: ", a);
		}
	}
	if (o->reg && o->nsizes != 1)
		return usage_error("--register: give one size, the register's number of areas", NULL);
	return 0;
}

int main(int argc, char **argv)
{
	options o = {.queries = 1000000, .seed = 1, .warmup = -1};
	machine m;
	char gen[4096], scratch[4096] = "", qfile[4200];
	const char *dir, *tmp;
	query *q = NULL;
	uint64_t nq = 0;
	double load[3] = {0, 0, 0};
	int rc, status = 1;

	bench_prog = "bench_index";
	if ((rc = parse_args(&o, argc, argv)) != 0)
		return rc == 1 ? 0 : rc;
	signal(SIGPIPE, SIG_IGN);
	machine_read(&m);
	if (!o.threads)
		o.threads = m.cores > 0 ? (unsigned)m.cores : 1;
	find_gen(gen, sizeof gen, o.gen);
	o.gen = gen;
	dir = o.dir ? o.dir : getenv("HR_BENCH_TMP");
	if (!dir || !*dir) {
		tmp = getenv("TMPDIR");
		snprintf(scratch, sizeof scratch, "%s/hazreg-bench-index.XXXXXX",
		         tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(scratch)) {
			fprintf(stderr, "bench_index: cannot make a scratch directory: %s\n",
			        strerror(errno));
			return 1;
		}
		dir = scratch;
	}
	snprintf(qfile, sizeof qfile, "%s/index-queries.txt", dir);
	if (generate(gen, "--queries", o.queries, o.seed + 1, qfile) != 0 ||
	    read_queries(qfile, o.queries, &q, &nq) != 0)
		goto done;
	unlink(qfile);
	if (getloadavg(load, 3) < 0)
		load[0] = -1;
	printf("hazreg %s  bench_index\n", HAZREG_VERSION);
	printf("date      %s\n", m.date);
	printf("machine   %s, %ld cores, %s %s %s; load average %.2f at start\n", m.cpu, m.cores,
	       m.uts.sysname, m.uts.release, m.uts.machine, load[0]);
	printf("workload  hazreg-gen --profile bench: areas seed %" PRIu64 ", points seed %" PRIu64
	       "; each system lists an area at T from its hazard_from on, with no end (the\n"
	       "          register's rule: classes never end a hazard, only release parts do, and "
	       "there are none here)\n",
	       o.seed, o.seed + 1);
	fflush(stdout);
	status = 0;
	for (size_t i = 0; i < o.nsizes; i++)
		if (bench_size(&o, dir, o.sizes[i], q, (size_t)nq) != 0)
			status = 1;
done:
	free(q);
	if (scratch[0] && rmdir(scratch) != 0)
		fprintf(stderr, "bench_index: left %s behind: %s\n", scratch, strerror(errno));
	return status;
}
