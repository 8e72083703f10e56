/*
 * search.c - answering a point from the index: candidates from the grids,
 * the area's time and perimeter decided exactly, then its release parts.
 * Nothing here writes to the index, so any number of threads may search
 * it at once.
 */
#include "index/index_int.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	const hr_index *ix;
	double px, py;
	hr_time at;
	int (*fn)(void *ctx, const hr_ix_found *f);
	void *ctx;
} search;

/* A candidate area: listed by `at`, covering the point; then the parts
 * released by `at` (and not before its hazard began) are counted, and
 * whether one of them covers the point noted. */
static int candidate(void *ctx, uint32_t slot)
{
	search *s = ctx;
	const hr_index *ix = s->ix;
	const hr_ix_poly *a = &ix->area[slot];
	hr_ix_found f;
	if ((a->flags & HR_IX_DEAD) || a->t == HR_TIME_NONE || a->t > s->at ||
	    !hr_ix__poly_covers(ix, a, s->px, s->py))
		return 0;
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

int hr_ix__find(const hr_index *ix, double px, double py, hr_time at,
                int (*fn)(void *ctx, const hr_ix_found *f), void *ctx)
{
	search s = {ix, px, py, at, fn, ctx};
	uint16_t day = hr_ix__day(at);
	int rc = hr_ix__grid_candidates(&ix->base, px, py, day, candidate, &s);
	if (rc == 0 && ix->delta.first)
		rc = hr_ix__grid_candidates(&ix->delta, px, py, day, candidate, &s);
	return rc;
}

static int in_bounds(hr_point p)
{
	return p.lon >= -180 && p.lon <= 180 && p.lat >= -90 && p.lat <= 90;
}

/* ---- one point -------------------------------------------------------------------------- */

typedef struct {
	const hr_index *ix;
	double px, py;
	hr_time at;
	hr_index_hit *hits;
	size_t cap, n;
} one;

static int hazardous(const hr_index *ix, const hr_ix_found *f, double px, double py, hr_time at)
{
	return f->covered ? hr_ix__settle(ix, f->slot, px, py, at) : 1;
}

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

static void *work(void *arg)
{
	worker *w = arg;
	for (w->cur = w->lo; w->cur < w->hi && w->rc == 0; w->cur++) {
		if (!in_bounds(w->p[w->cur]))
			w->rc = HR_EINVAL;
		else
			w->rc = hr_ix__find(w->ix, w->p[w->cur].lon, w->p[w->cur].lat, w->at[w->cur],
			                    batch_cb, w);
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
	/* the calling thread takes the first share */
	for (unsigned t = 1; t < threads; t++, started++)
		if (pthread_create(&tid[t], NULL, work, &w[t]) != 0) {
			w[t].rc = HR_ENOMEM;
			break;
		}
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
