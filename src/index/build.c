/*
 * build.c - the index's life: built from one read snapshot of the
 * register's derived layers, kept current by reading the log from where
 * it stopped, freed.
 *
 * An area or release part that changes gets a new slot; the old one is
 * marked dead and left where it is (its memory is reclaimed at the next
 * full build). New slots go to a small delta grid, rebuilt at each
 * refresh that adds some; when the delta grows past an eighth of the
 * areas the base grid is rebuilt over all of them. Nothing is read again
 * from the store but the rows the new records touch.
 */
#include "index/index_int.h"

#include <stdlib.h>
#include <string.h>

/* The capacity, doubled from 16 on, that holds need elements of size sz;
 * 0 when it would not fit in memory. */
static size_t capacity(size_t cap, size_t need, size_t sz)
{
	size_t ncap = cap ? cap : 16;
	while (ncap < need && ncap <= SIZE_MAX / 2)
		ncap *= 2;
	return ncap < need || ncap > (SIZE_MAX - 64) / sz ? 0 : ncap;
}

int hr_ix__grow(void **p, size_t *cap, size_t need, size_t sz)
{
	size_t ncap;
	void *np;
	if (need <= *cap)
		return 0;
	if (!(ncap = capacity(*cap, need, sz)) || !(np = hr__realloc(*p, ncap * sz)))
		return HR_ENOMEM;
	*p = np;
	*cap = ncap;
	return 0;
}

int hr_ix__grow_shared(hr_index *ix, void **p, size_t *cap, size_t need, size_t sz)
{
	int rc;
	if (need <= *cap)
		return 0;
	hr_ix__feed_hold(ix);
	rc = hr_ix__grow(p, cap, need, sz);
	hr_ix__feed_let(ix);
	return rc;
}

int hr_ix__grow_polys(hr_ix_poly **p, void **mem, size_t *cap, size_t n, size_t need)
{
	size_t ncap;
	unsigned char *nm;
	if (need <= *cap)
		return 0;
	if (!(ncap = capacity(*cap, need, sizeof **p)) || !(nm = hr__malloc(ncap * sizeof **p + 64)))
		return HR_ENOMEM;
	hr_ix__huge(nm, ncap * sizeof **p + 64); /* before the first touch */
	/* the records start on a cache line: each is two lines, never three */
	{
		hr_ix_poly *np = (hr_ix_poly *)(nm + (64 - (uintptr_t)nm % 64) % 64);
		if (n)
			memcpy(np, *p, n * sizeof **p);
		hr_free(*mem);
		*mem = nm;
		*p = np;
	}
	*cap = ncap;
	return 0;
}

/* ---- ids ------------------------------------------------------------------------------ */

/* FNV-1a, 64 bits */
static uint64_t hash(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

uint32_t hr_ix__map_get(const hr_ix_map *m, const char *names, const uint32_t *ids,
                        const char *key)
{
	if (!m->cap)
		return UINT32_MAX;
	for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->v[i] == UINT32_MAX)
			return UINT32_MAX;
		if (strcmp(names + ids[m->v[i]], key) == 0)
			return m->v[i];
	}
}

static void map_insert(hr_ix_map *m, const char *names, const uint32_t *ids, uint32_t slot)
{
	const char *key = names + ids[slot];
	size_t i = hash(key) & (m->cap - 1);
	for (; m->v[i] != UINT32_MAX; i = (i + 1) & (m->cap - 1))
		if (strcmp(names + ids[m->v[i]], key) == 0) {
			m->v[i] = slot; /* the new version of the id */
			return;
		}
	m->v[i] = slot;
	m->n++;
}

int hr_ix__map_put(hr_ix_map *m, const char *names, const uint32_t *ids, uint32_t slot)
{
	if ((m->n + 1) * 2 > m->cap) {
		hr_ix_map nm = {NULL, m->cap ? m->cap * 2 : 64, 0};
		if (!(nm.v = hr__malloc(nm.cap * sizeof *nm.v)))
			return HR_ENOMEM;
		memset(nm.v, 0xff, nm.cap * sizeof *nm.v);
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i] != UINT32_MAX)
				map_insert(&nm, names, ids, m->v[i]);
		hr_free(m->v);
		*m = nm;
	}
	map_insert(m, names, ids, slot);
	return 0;
}

void hr_ix__map_free(hr_ix_map *m)
{
	hr_free(m->v);
	memset(m, 0, sizeof *m);
}

static int add_name(hr_index *ix, const char *s, uint32_t *off)
{
	size_t n = strlen(s) + 1;
	if (ix->nnames + n > UINT32_MAX)
		return HR_ENOMEM;
	if (hr_ix__grow((void **)&ix->names, &ix->capnames, ix->nnames + n, 1))
		return HR_ENOMEM;
	memcpy(ix->names + ix->nnames, s, n);
	*off = (uint32_t)ix->nnames;
	ix->nnames += n;
	return 0;
}

/* ---- areas and release parts ------------------------------------------------------------ */

static uint64_t raw_bytes(const hr_ix_poly *pg)
{
	return 16 * ((uint64_t)pg->nv + pg->nrings);
}

int hr_ix__put_area(hr_index *ix, const hr_row *row)
{
	const char *id = row->cells[A_ID].s;
	uint32_t slot = (uint32_t)ix->narea, old;
	hr_ix_poly pg;
	int rc;
	if (!id)
		return HR_ECORRUPT;
	if (ix->narea >= UINT32_MAX - 1)
		return HR_ENOMEM;
	if (ix->narea + 1 > ix->caparea) {
		hr_ix__feed_hold(ix); /* the records move */
		rc = hr_ix__grow_polys(&ix->area, &ix->area_mem, &ix->caparea, ix->narea,
		                       ix->narea + 1);
		hr_ix__feed_let(ix);
		if (rc)
			return rc;
	}
	if (
	    hr_ix__grow((void **)&ix->area_id, &ix->caparea_id, ix->narea + 1, sizeof *ix->area_id) ||
	    hr_ix__grow((void **)&ix->delta_slots, &ix->capdelta, ix->ndelta + 1,
	                sizeof *ix->delta_slots))
		return HR_ENOMEM;
	if ((rc = hr_ix__poly_from_wkb(ix, &pg, row->wkb, row->wkb_len)))
		return rc;
	pg.t = row->cells[A_HAZARD_FROM].is_null ? HR_TIME_NONE : row->cells[A_HAZARD_FROM].i;
	if ((rc = add_name(ix, id, &ix->area_id[slot])))
		return rc;
	ix->area[slot] = pg;
	if (ix->bulk) {
		/* a scan of the layer: each id once, rasters and map after */
		ix->narea++;
		ix->live++;
		ix->coord_bytes += raw_bytes(&pg);
		hr_ix__feed_put(ix, ix->narea);
		return 0;
	}
	hr_ix__raster(ix, &ix->area[slot]);
	old = hr_ix__map_get(&ix->area_map, ix->names, ix->area_id, id);
	if ((rc = hr_ix__map_put(&ix->area_map, ix->names, ix->area_id, slot)))
		return rc;
	ix->narea++;
	if (old != UINT32_MAX) {
		ix->area[slot].link = ix->area[old].link; /* its release parts stay its own */
		ix->area[old].flags |= HR_IX_DEAD;
		ix->live--;
		ix->coord_bytes -= raw_bytes(&ix->area[old]);
	}
	ix->live++;
	ix->coord_bytes += raw_bytes(&pg);
	ix->delta_slots[ix->ndelta++] = slot;
	return 0;
}

/* The release list of an area (made when missing), or NULL. */
static hr_ix_list *list_of(hr_index *ix, uint32_t area, int make)
{
	hr_ix_poly *a = &ix->area[area];
	if (a->link == UINT32_MAX) {
		if (!make || hr_ix__grow((void **)&ix->lists, &ix->caplists, ix->nlists + 1,
		                         sizeof *ix->lists))
			return NULL;
		memset(&ix->lists[ix->nlists], 0, sizeof *ix->lists);
		a->link = (uint32_t)ix->nlists++;
	}
	return &ix->lists[a->link];
}

static void list_remove(hr_ix_list *l, uint32_t r)
{
	for (uint32_t i = 0; i < l->n; i++)
		if (l->v[i] == r) {
			memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof *l->v);
			l->n--;
			return;
		}
}

/* Insert in release-id order: the order query.c unions them in. */
static int list_insert(hr_index *ix, hr_ix_list *l, uint32_t r)
{
	size_t cap = l->cap;
	uint32_t i = l->n;
	const char *id = ix->names + ix->rel_id[r];
	if (hr_ix__grow((void **)&l->v, &cap, l->n + 1, sizeof *l->v))
		return HR_ENOMEM;
	l->cap = (uint32_t)cap;
	while (i > 0 && strcmp(ix->names + ix->rel_id[l->v[i - 1]], id) > 0)
		i--;
	memmove(l->v + i + 1, l->v + i, (l->n - i) * sizeof *l->v);
	l->v[i] = r;
	l->n++;
	return 0;
}

int hr_ix__put_release(hr_index *ix, const hr_row *row)
{
	const char *id = row->cells[R_ID].s, *area_id = row->cells[R_AREA_ID].s;
	uint32_t slot = (uint32_t)ix->nrel, old, area;
	hr_ix_poly pg;
	hr_ix_list *l;
	int rc;
	if (!id || !area_id)
		return HR_ECORRUPT;
	if (ix->nrel >= UINT32_MAX - 1 ||
	    hr_ix__grow_polys(&ix->rel, &ix->rel_mem, &ix->caprel, ix->nrel, ix->nrel + 1) ||
	    hr_ix__grow((void **)&ix->rel_id, &ix->caprel_id, ix->nrel + 1, sizeof *ix->rel_id))
		return HR_ENOMEM;
	if ((rc = hr_ix__poly_from_wkb(ix, &pg, row->wkb, row->wkb_len)))
		return rc;
	pg.t = row->cells[R_RELEASED_AT].is_null ? HR_TIME_NONE : row->cells[R_RELEASED_AT].i;
	if ((rc = add_name(ix, id, &ix->rel_id[slot])))
		return rc;
	area = hr_ix__map_get(&ix->area_map, ix->names, ix->area_id, area_id);
	if (area == UINT32_MAX)
		return HR_ECORRUPT; /* the register refuses a part of an unknown area */
	old = hr_ix__map_get(&ix->rel_map, ix->names, ix->rel_id, id);
	pg.link = area;
	hr_ix__raster(ix, &pg);
	ix->rel[slot] = pg;
	if (!(l = list_of(ix, area, 1)) || hr_ix__map_put(&ix->rel_map, ix->names, ix->rel_id, slot))
		return HR_ENOMEM;
	ix->nrel++;
	if (old != UINT32_MAX) {
		hr_ix_list *ol = list_of(ix, ix->rel[old].link, 0);
		if (ol)
			list_remove(ol, old);
		ix->rel[old].flags |= HR_IX_DEAD;
	}
	if ((rc = list_insert(ix, l, slot)))
		return rc;
	/* the slot of the area may change later: parts follow the id */
	return 0;
}

/* ---- grids ------------------------------------------------------------------------------ */

int hr_ix__regrid(hr_index *ix)
{
	uint32_t *slots = hr__malloc((ix->narea ? ix->narea : 1) * sizeof *slots);
	size_t n = 0;
	int rc;
	if (!slots)
		return HR_ENOMEM;
	for (size_t i = 0; i < ix->narea; i++)
		if (!(ix->area[i].flags & HR_IX_DEAD) && ix->area[i].t != HR_TIME_NONE)
			slots[n++] = (uint32_t)i;
	rc = hr_ix__grid_build(&ix->base, ix->area, slots, n);
	hr_free(slots);
	if (rc)
		return rc;
	ix->ndelta = 0;
	hr_ix__grid_free(&ix->delta);
	return 0;
}

int hr_ix__regrid_delta(hr_index *ix)
{
	size_t n = 0;
	/* slots replaced since they were added need no entry */
	for (size_t i = 0; i < ix->ndelta; i++) {
		uint32_t s = ix->delta_slots[i];
		if (!(ix->area[s].flags & HR_IX_DEAD) && ix->area[s].t != HR_TIME_NONE)
			ix->delta_slots[n++] = s;
	}
	ix->ndelta = n;
	if (ix->ndelta > ix->live / 8 + 1024)
		return hr_ix__regrid(ix);
	return hr_ix__grid_build(&ix->delta, ix->area, ix->delta_slots, ix->ndelta);
}

/* ---- build ------------------------------------------------------------------------------ */

static int area_cb(void *ctx, const hr_row *row)
{
	return hr_ix__put_area(ctx, row);
}

static int release_cb(void *ctx, const hr_row *row)
{
	return hr_ix__put_release(ctx, row);
}

void hr_index_free(hr_index *ix)
{
	if (!ix)
		return;
	hr_free(ix->xy);
	hr_free(ix->ring_len);
	hr_free(ix->area_mem);
	hr_free(ix->rel_mem);
	hr_free(ix->area_id);
	hr_free(ix->rel_id);
	hr_free(ix->names);
	hr_ix__map_free(&ix->area_map);
	hr_ix__map_free(&ix->rel_map);
	for (size_t i = 0; i < ix->nlists; i++)
		hr_free(ix->lists[i].v);
	hr_free(ix->lists);
	hr_ix__grid_free(&ix->base);
	hr_ix__grid_free(&ix->delta);
	hr_free(ix->delta_slots);
	hr_free(ix);
}

/* A store error with what we were doing, unless the message is ours. */
static int failed(hr_register *reg, int rc, const char *doing)
{
	if (rc == HR_ECORRUPT)
		hr_reg__err(reg, "%s: a stored geometry is not a Polygon or MultiPolygon in "
		                 "little-endian 2D WKB",
		            doing);
	else if (rc == HR_ENOMEM)
		hr_reg__err(reg, "%s: out of memory", doing);
	else
		hr_reg__be_err(reg, rc, doing);
	return rc;
}

/* The cells the index reads of each layer (rows_scan). */
static const size_t area_cols[] = {A_ID, A_HAZARD_FROM};
static const size_t rel_cols[] = {R_ID, R_AREA_ID, R_RELEASED_AT};

/* The map of area ids after a scan: sized once, filled in one pass. */
static int map_areas(hr_index *ix)
{
	size_t cap = 64;
	while (cap < 2 * ix->narea + 2)
		cap *= 2;
	hr_ix__map_free(&ix->area_map);
	if (!(ix->area_map.v = hr__malloc(cap * sizeof *ix->area_map.v)))
		return HR_ENOMEM;
	memset(ix->area_map.v, 0xff, cap * sizeof *ix->area_map.v);
	ix->area_map.cap = cap;
	for (size_t i = 0; i < ix->narea; i++)
		if (hr_ix__map_put(&ix->area_map, ix->names, ix->area_id, (uint32_t)i))
			return HR_ENOMEM;
	return 0;
}

/* Room for the rows the layers hold, so the arrays are made once. */
static int reserve(hr_index *ix, hr_register *reg)
{
	uint64_t n = 0;
	int rc = reg->be->row_count(reg->be, &hr_layer_areas, &n);
	if (rc)
		return rc;
	if (n >= UINT32_MAX - 1)
		return HR_ENOMEM;
	if (hr_ix__grow_polys(&ix->area, &ix->area_mem, &ix->caparea, 0, n + 1) ||
	    hr_ix__grow((void **)&ix->area_id, &ix->caparea_id, n + 1, sizeof *ix->area_id) ||
	    hr_ix__grow((void **)&ix->delta_slots, &ix->capdelta, n + 1, sizeof *ix->delta_slots) ||
	    hr_ix__grow((void **)&ix->xy, &ix->capxy, 24 * n + 64, 2 * sizeof(double)) ||
	    hr_ix__grow((void **)&ix->names, &ix->capnames, 20 * n + 64, 1))
		return HR_ENOMEM;
	/* before the first touch, as for the records and the entries */
	hr_ix__huge(ix->xy, ix->capxy * 2 * sizeof(double));
	return 0;
}

/* Give back what the arrays hold beyond their use. (The records, the
 * vertices and the grid's entries were advised to huge pages when
 * allocated: a point's reads land anywhere in hundreds of megabytes.) */
static void settle_arrays(hr_index *ix)
{
	void *p;
	if (ix->nxy && ix->nxy < ix->capxy && (p = hr__realloc(ix->xy, ix->nxy * 2 * sizeof(double)))) {
		ix->xy = p;
		ix->capxy = ix->nxy;
	}
	if (ix->nnames && ix->nnames < ix->capnames && (p = hr__realloc(ix->names, ix->nnames))) {
		ix->names = p;
		ix->capnames = ix->nnames;
	}
}

int hr_index_build(hr_index **out, hr_register *reg)
{
	hr_index *ix;
	size_t rastered;
	int rc, reading = 0;
	if (!out || !reg)
		return HR_EINVAL;
	*out = NULL;
	if (!(ix = hr__calloc(1, sizeof *ix)))
		return HR_ENOMEM;
	if ((rc = hr_reg__read_begin(reg)))
		goto done;
	reading = 1;
	if ((rc = reg->be->log_size(reg->be, &ix->log_size))) {
		failed(reg, rc, "indexing: reading the log size");
		goto done;
	}
	if ((rc = reserve(ix, reg))) {
		failed(reg, rc, "indexing: sizing");
		goto done;
	}
	ix->bulk = 1;
	hr_ix__feed_start(ix);
	rc = reg->be->rows_scan(reg->be, &hr_layer_areas, area_cols, 2, area_cb, ix);
	ix->bulk = 0;
	/* the rasters the feed's thread has not made yet, on all cores */
	rastered = hr_ix__feed_stop(ix);
	if (rc || (rc = map_areas(ix))) {
		failed(reg, rc, "indexing hazardous areas");
		goto done;
	}
	hr_ix__rasters(ix, rastered, ix->narea, 0);
	if ((rc = reg->be->rows_scan(reg->be, &hr_layer_releases, rel_cols, 3, release_cb, ix))) {
		failed(reg, rc, "indexing release parts");
		goto done;
	}
	if ((rc = hr_ix__regrid(ix)))
		failed(reg, rc, "indexing");
	else
		settle_arrays(ix);
done:
	if (reading)
		hr_reg__read_end(reg);
	if (rc) {
		hr_index_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

/* ---- refresh ---------------------------------------------------------------------------- */

typedef struct {
	int kind;
	char *subject;
} touched;

typedef struct {
	touched *v;
	size_t n, cap;
} touched_list;

static int touched_cb(void *ctx, const hr_log_row *row)
{
	touched_list *t = ctx;
	if (row->kind != HR_KIND_AREA && row->kind != HR_KIND_RELEASE)
		return 0;
	if (hr_ix__grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v))
		return HR_ENOMEM;
	t->v[t->n].kind = row->kind;
	if (!(t->v[t->n].subject = hr__strdup(row->subject)))
		return HR_ENOMEM;
	t->n++;
	return 0;
}

int hr_index_refresh(hr_index *ix, hr_register *reg, uint64_t *changed)
{
	touched_list t = {NULL, 0, 0};
	uint64_t size = 0;
	int rc, reading = 0;
	if (!ix || !reg)
		return HR_EINVAL;
	if (changed)
		*changed = 0;
	if ((rc = hr_reg__read_begin(reg)))
		return rc;
	reading = 1;
	if ((rc = reg->be->log_size(reg->be, &size))) {
		failed(reg, rc, "indexing: reading the log size");
		goto done;
	}
	if (size < ix->log_size) {
		hr_reg__err(reg, "indexing: the log holds %llu records, fewer than the index has seen "
		                 "(%llu): not the register it was built from",
		            (unsigned long long)size, (unsigned long long)ix->log_size);
		rc = HR_EINVAL;
		goto done;
	}
	if (size == ix->log_size)
		goto done;
	if ((rc = reg->be->log_range(reg->be, ix->log_size, size, touched_cb, &t))) {
		failed(reg, rc, "indexing: reading the log");
		goto done;
	}
	/* the current row of each subject, as it stands after them all */
	for (size_t i = 0; i < t.n && rc == 0; i++) {
		int area = t.v[i].kind == HR_KIND_AREA;
		rc = reg->be->row_get(reg->be, area ? &hr_layer_areas : &hr_layer_releases,
		                      t.v[i].subject, area ? area_cb : release_cb, ix);
		if (rc)
			failed(reg, rc, area ? "indexing a hazardous area" : "indexing a release part");
	}
	/* what was put in is made findable, even after a failure: the log
	 * size stays, and the next refresh puts the same records in again */
	if (t.n) {
		int grc = hr_ix__regrid_delta(ix);
		ix->stale = grc != 0;
		if (grc && rc == 0) {
			failed(reg, grc, "indexing");
			rc = grc;
		}
	}
	if (rc == 0) {
		ix->log_size = size;
		if (changed)
			*changed = t.n;
	}
done:
	for (size_t i = 0; i < t.n; i++)
		hr_free(t.v[i].subject);
	hr_free(t.v);
	if (reading)
		hr_reg__read_end(reg);
	return rc;
}

/* ---- reading it -------------------------------------------------------------------------- */

uint64_t hr_index_log_size(const hr_index *ix)
{
	return ix ? ix->log_size : 0;
}

const char *hr_index_area_id(const hr_index *ix, uint32_t area)
{
	if (!ix || area >= ix->narea)
		return NULL;
	return hr_ix__area_name(ix, area);
}

void hr_index_memory_report(const hr_index *ix, hr_index_memory *out)
{
	memset(out, 0, sizeof *out);
	if (!ix)
		return;
	out->areas = ix->live;
	for (size_t i = 0; i < ix->nrel; i++)
		out->release_parts += !(ix->rel[i].flags & HR_IX_DEAD);
	out->vertices = ix->nxy;
	out->coord_bytes = ix->coord_bytes;
	out->geometry_bytes = ix->capxy * 2 * sizeof(double) + ix->capring * sizeof(uint32_t);
	out->area_bytes = ix->caparea * sizeof *ix->area;
	out->grid_bytes = hr_ix__grid_bytes(&ix->base) + hr_ix__grid_bytes(&ix->delta) +
	                  ix->capdelta * sizeof *ix->delta_slots;
	out->other_bytes = ix->caprel * sizeof *ix->rel + ix->caparea_id * sizeof *ix->area_id +
	                   ix->caprel_id * sizeof *ix->rel_id + ix->capnames +
	                   (ix->area_map.cap + ix->rel_map.cap) * sizeof(uint32_t) +
	                   ix->caplists * sizeof *ix->lists + sizeof *ix;
	for (size_t i = 0; i < ix->nlists; i++)
		out->other_bytes += ix->lists[i].cap * sizeof(uint32_t);
	out->total_bytes = out->geometry_bytes + out->area_bytes + out->grid_bytes +
	                   out->other_bytes;
}
