/*
 * search.c - answering points from the index: candidates from the grids,
 * each area's time and perimeter decided exactly, then its release parts.
 * Nothing here writes to the index, so any number of threads may search
 * it at once.
 *
 * Memory, not arithmetic, sets the pace: a point costs a cell of the
 * grid, its entries, the records of the areas that pass them and, near a
 * perimeter, its vertices, each a likely cache miss. A single point asks
 * for all the records it needs, and all the lines of a vertex run, before
 * it waits for any; a batch goes further and keeps some forty points in
 * flight, stage by stage, so that their misses overlap.
 */
#include "index/index_int.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#define HR_IX_PREFETCH(p) __builtin_prefetch((p), 0, 3)

typedef struct {
	const hr_index *ix;
	double px, py;
	hr_time at;
	int (*fn)(void *ctx, const hr_ix_found *f);
	void *ctx;
} search;

/* An area listed by `at` that covers the point: count its parts released
 * by `at` (and not before its hazard began), note whether one of them
 * covers the point, and hand it over. */
static int found(const search *s, uint32_t slot)
{
	const hr_index *ix = s->ix;
	const hr_ix_poly *a = &ix->area[slot];
	hr_ix_found f;
	f.slot = slot;
	f.covered = 0;
	f.released_parts = 0;
	if (a->link != UINT32_MAX) {
		const hr_ix_list *l = &ix->lists[a->link];
		for (uint32_t i = 0; i < l->n; i++) {
			const hr_ix_poly *r = &ix->rel[l->v[i]];
			if (r->t == HR_TIME_NONE || r->t > s->at || r->t < a->t)
				continue;
			f.released_parts++;
			if (!f.covered && hr_ix__poly_covers(ix, r, s->px, s->py))
				f.covered = 1;
		}
	}
	return s->fn(s->ctx, &f);
}

/* Whether an area record may hold the point at `at`: listed, begun, and
 * the point within its envelope. */
static int listed(const hr_ix_poly *a, double px, double py, hr_time at)
{
	return !(a->flags & HR_IX_DEAD) && a->t != HR_TIME_NONE && a->t <= at && px >= a->minx &&
	       px <= a->maxx && py >= a->miny && py <= a->maxy;
}

static void prefetch_record(const hr_ix_poly *a)
{
	HR_IX_PREFETCH(a);
	HR_IX_PREFETCH((const char *)a + 64);
}

/* Ask for the first vertices of an entry's area before its record says
 * whether the point needs them: the record's raster sends about a third
 * of the points that reach it to the vertices, and waiting for the record
 * first would put one more memory latency in their way. Only the first
 * two lines: asking for all of them (up to 16) for every candidate, when
 * two thirds need none, fills the core's line-fill buffers ahead of the
 * record itself (about 6% fewer points a second than two lines, measured
 * alternately in one process); the rest are asked for when the raster
 * says the point needs them (hr_ix__poly_covers). */
#define HR_IX_EARLY_LINES 2
static void prefetch_entry_vertices(const hr_index *ix, const hr_ix_entry *e)
{
	const char *p = (const char *)(ix->xy + 2 * (size_t)e->vtx);
	size_t bytes = (ix->nxy - e->vtx) * 2 * sizeof *ix->xy; /* to the end of the array */
	for (size_t i = 0, off = 0; i < e->vlines && i < HR_IX_EARLY_LINES && off < bytes;
	     i++, off += 64)
		HR_IX_PREFETCH(p + off);
}

/* The slots of one grid's entries that may hold the point, in cand (up to
 * cap); the number there is, which may exceed cap. With `vertices`, their
 * vertices are asked for too. */
static size_t gather(const hr_index *ix, const hr_ix_grid *g, double px, double py, uint16_t day,
                     uint32_t *cand, size_t cap, int vertices)
{
	const hr_ix_entry *e, *end;
	size_t c, n = 0;
	uint8_t x, y;
	if (!hr_ix__cell(g, px, py, &c, &x, &y))
		return 0;
	for (hr_ix__span(g, c, &e, &end); e < end; e++)
		if (hr_ix__may_hold(e, x, y, day)) {
			if (n < cap) {
				cand[n] = e->slot;
				prefetch_record(&ix->area[e->slot]);
				if (vertices)
					prefetch_entry_vertices(ix, e);
			}
			n++;
		}
	return n;
}

static int decide(const search *s, const uint32_t *cand, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const hr_ix_poly *a = &s->ix->area[cand[i]];
		if (listed(a, s->px, s->py, s->at) && hr_ix__poly_covers(s->ix, a, s->px, s->py))
			rc = found(s, cand[i]);
	}
	return rc;
}

/* All of one grid's candidates, in rounds of at most 64. */
static int search_grid(const search *s, const hr_ix_grid *g, uint16_t day)
{
	uint32_t cand[64];
	size_t n = gather(s->ix, g, s->px, s->py, day, cand, 64, 1);
	const hr_ix_entry *e, *end;
	size_t c = 0, k = 0;
	uint8_t x = 0, y = 0;
	int rc;
	if (n <= 64)
		return decide(s, cand, n);
	/* a crowded cell: its entries once more, 64 at a time */
	hr_ix__cell(g, s->px, s->py, &c, &x, &y);
	for (hr_ix__span(g, c, &e, &end); e < end; e++) {
		if (hr_ix__may_hold(e, x, y, day))
			cand[k++] = e->slot;
		if (k == 64 || (e + 1 == end && k)) {
			if ((rc = decide(s, cand, k)))
				return rc;
			k = 0;
		}
	}
	return 0;
}

int hr_ix__find(const hr_index *ix, double px, double py, hr_time at,
                int (*fn)(void *ctx, const hr_ix_found *f), void *ctx)
{
	search s = {ix, px, py, at, fn, ctx};
	uint16_t day = hr_ix__day(at);
	int rc = search_grid(&s, &ix->base, day);
	if (rc == 0 && ix->delta.off)
		rc = search_grid(&s, &ix->delta, day);
	return rc;
}

static int in_bounds(hr_point p)
{
	return p.lon >= -180 && p.lon <= 180 && p.lat >= -90 && p.lat <= 90;
}

static int hazardous(const hr_index *ix, const hr_ix_found *f, double px, double py, hr_time at)
{
	return f->covered ? hr_ix__settle(ix, f->slot, px, py, at) : 1;
}

/* ---- one point -------------------------------------------------------------------------- */

typedef struct {
	const hr_index *ix;
	double px, py;
	hr_time at;
	hr_index_hit *hits;
	size_t cap, n;
} one;

static int one_cb(void *ctx, const hr_ix_found *f)
{
	one *o = ctx;
	if (o->n < o->cap) {
		int h = hazardous(o->ix, f, o->px, o->py, o->at);
		if (h < 0)
			return h;
		o->hits[o->n].area = f->slot;
		o->hits[o->n].hazardous = h;
	}
	o->n++;
	return 0;
}

int hr_index_query(const hr_index *ix, hr_point p, hr_time at, hr_index_hit *hits, size_t cap,
                   size_t *n)
{
	one o = {ix, p.lon, p.lat, at, hits, cap, 0};
	int rc;
	if (!ix || !n || (cap && !hits) || !in_bounds(p))
		return HR_EINVAL;
	if (ix->stale)
		return HR_ERROR;
	rc = hr_ix__find(ix, p.lon, p.lat, at, one_cb, &o);
	*n = o.n;
	return rc;
}

/* ---- many points ------------------------------------------------------------------------- */

typedef struct {
	const hr_index *ix;
	const hr_point *p;
	const hr_time *at;
	size_t lo, hi;      /* the points of this worker */
	size_t *count;      /* count[i]: hits of point i */
	hr_index_hit *hits; /* this worker's hits */
	size_t n, cap;
	size_t cur;         /* the point being answered */
	int rc;
	char pad[64];       /* the next worker's fields on other cache lines */
} worker;

static int batch_cb(void *ctx, const hr_ix_found *f)
{
	worker *w = ctx;
	int h = hazardous(w->ix, f, w->p[w->cur].lon, w->p[w->cur].lat, w->at[w->cur]);
	if (h < 0)
		return h;
	if (hr_ix__grow((void **)&w->hits, &w->cap, w->n + 1, sizeof *w->hits))
		return HR_ENOMEM;
	w->hits[w->n].area = f->slot;
	w->hits[w->n].hazardous = h;
	w->n++;
	w->count[w->cur]++;
	return 0;
}

/*
 * The batch as a pipeline: point i enters (its cell is found and asked
 * for) while point i - D reads its cell and asks for the entries, point
 * i - 2D reads the entries and asks for the records that pass them, point
 * i - 3D reads those records and asks for the vertices it will need, and
 * point i - 4D is decided, in the order of the points. Each stage's
 * misses have D points' work to arrive in.
 */
#define HR_IX_D 8
#define HR_IX_RING 64 /* a power of two above 4 D */
#define HR_IX_LANE_CAND 16

typedef struct {
	size_t c;                       /* cell of the base grid */
	uint8_t x, y, in, pad;
	uint16_t day;
	size_t ncand;                   /* may exceed HR_IX_LANE_CAND: then searched alone */
	uint32_t cand[HR_IX_LANE_CAND];
} lane;

static void stage_cell(worker *w, lane *l, size_t i)
{
	const hr_ix_grid *g = &w->ix->base;
	l->in = (uint8_t)hr_ix__cell(g, w->p[i].lon, w->p[i].lat, &l->c, &l->x, &l->y);
	l->day = hr_ix__day(w->at[i]);
	l->ncand = 0;
	if (l->in) {
		HR_IX_PREFETCH(&g->blk[l->c >> g->shift]);
		HR_IX_PREFETCH(&g->off[l->c]);
	}
}

static void stage_entries(worker *w, lane *l)
{
	const hr_ix_grid *g = &w->ix->base;
	if (l->in) {
		const hr_ix_entry *e, *end, *start;
		hr_ix__span(g, l->c, &e, &end);
		for (start = e; e < end && e < start + 32; e += 4)
			HR_IX_PREFETCH(e);
	}
}

static void stage_records(worker *w, lane *l, size_t i)
{
	if (l->in)
		l->ncand = gather(w->ix, &w->ix->base, w->p[i].lon, w->p[i].lat, l->day, l->cand,
		                  HR_IX_LANE_CAND, 0);
}

static void stage_vertices(worker *w, lane *l, size_t i)
{
	const hr_index *ix = w->ix;
	for (size_t k = 0; k < l->ncand && k < HR_IX_LANE_CAND; k++)
		hr_ix__poly_prefetch(ix, &ix->area[l->cand[k]], w->p[i].lon, w->p[i].lat);
}

static void stage_decide(worker *w, lane *l, size_t i)
{
	const hr_index *ix = w->ix;
	search s = {ix, w->p[i].lon, w->p[i].lat, w->at[i], batch_cb, w};
	if (w->rc)
		return;
	w->cur = i;
	if (l->ncand > HR_IX_LANE_CAND)
		w->rc = search_grid(&s, &ix->base, l->day);
	else
		w->rc = decide(&s, l->cand, l->ncand);
	if (w->rc == 0 && ix->delta.off)
		w->rc = search_grid(&s, &ix->delta, l->day);
}

static void *work(void *arg)
{
	worker *w = arg;
	lane ring[HR_IX_RING];
	for (size_t i = w->lo; i < w->hi; i++)
		if (!in_bounds(w->p[i]))
			w->rc = HR_EINVAL;
	for (size_t i = w->lo; i < w->hi + 4 * HR_IX_D && w->rc == 0; i++) {
		size_t j;
		if (i < w->hi)
			stage_cell(w, &ring[i % HR_IX_RING], i);
		if ((j = i - HR_IX_D) >= w->lo && j < w->hi && i >= HR_IX_D)
			stage_entries(w, &ring[j % HR_IX_RING]);
		if ((j = i - 2 * HR_IX_D) >= w->lo && j < w->hi && i >= 2 * HR_IX_D)
			stage_records(w, &ring[j % HR_IX_RING], j);
		if ((j = i - 3 * HR_IX_D) >= w->lo && j < w->hi && i >= 3 * HR_IX_D)
			stage_vertices(w, &ring[j % HR_IX_RING], j);
		if ((j = i - 4 * HR_IX_D) >= w->lo && j < w->hi && i >= 4 * HR_IX_D)
			stage_decide(w, &ring[j % HR_IX_RING], j);
	}
	return NULL;
}

void hr_index_batch_free(hr_index_batch *b)
{
	if (!b)
		return;
	hr_free(b->first);
	hr_free(b->hits);
	hr_free(b);
}

int hr_index_query_batch(const hr_index *ix, const hr_point *p, const hr_time *at, size_t n,
                         unsigned threads, hr_index_batch **out)
{
	worker *w = NULL;
	pthread_t *tid = NULL;
	hr_index_batch *b = NULL;
	size_t started = 0, k = 0;
	int rc = 0;
	if (!out)
		return HR_EINVAL;
	*out = NULL;
	if (!ix || (n && (!p || !at)))
		return HR_EINVAL;
	if (ix->stale)
		return HR_ERROR;
	if (threads == 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		threads = c > 0 ? (unsigned)c : 1;
	}
	if (threads > n / 1024 + 1)
		threads = (unsigned)(n / 1024 + 1); /* not worth a thread */
	if (!(b = hr__calloc(1, sizeof *b)) || !(b->first = hr__calloc(n + 1, sizeof *b->first)) ||
	    !(w = hr__calloc(threads, sizeof *w)) || !(tid = hr__calloc(threads, sizeof *tid))) {
		rc = HR_ENOMEM;
		goto done;
	}
	b->n = n;
	for (unsigned t = 0; t < threads; t++) {
		w[t].ix = ix;
		w[t].p = p;
		w[t].at = at;
		w[t].lo = n * t / threads;
		w[t].hi = n * (t + 1) / threads;
		w[t].count = b->first + 1; /* counts first, offsets after */
	}
	/* the calling thread takes the first share; a share whose thread
	 * cannot start is done here too */
	for (unsigned t = 1; t < threads; t++, started++)
		if (pthread_create(&tid[t], NULL, work, &w[t]) != 0)
			break;
	for (unsigned t = (unsigned)started + 1; t < threads; t++)
		work(&w[t]);
	work(&w[0]);
	for (unsigned t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	for (unsigned t = 0; t < threads && rc == 0; t++) {
		rc = w[t].rc;
		b->nhits += w[t].n;
	}
	if (rc)
		goto done;
	if (!(b->hits = hr__malloc((b->nhits ? b->nhits : 1) * sizeof *b->hits))) {
		rc = HR_ENOMEM;
		goto done;
	}
	for (unsigned t = 0; t < threads; t++) {
		if (w[t].n)
			memcpy(b->hits + k, w[t].hits, w[t].n * sizeof *b->hits);
		k += w[t].n;
	}
	for (size_t i = 0; i < n; i++)
		b->first[i + 1] += b->first[i];
done:
	for (unsigned t = 0; w && t < threads; t++)
		hr_free(w[t].hits);
	hr_free(w);
	hr_free(tid);
	if (rc) {
		hr_index_batch_free(b);
		return rc;
	}
	*out = b;
	return 0;
}
