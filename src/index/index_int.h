/*
 * index_int.h - the in-memory spatial-temporal index's internals, shared
 * by the files of src/index and by the point query of src/core/query.c.
 *
 * Layout (docs/index.md): every perimeter (an area or a release part) is
 * one 128-byte record, its envelope, time and vertex range in the first
 * cache line and a 16 x 16 (or flatter) raster of its envelope in the
 * second; vertices live in one array of doubles, each ring once, without
 * its closing position. A uniform grid over the areas' envelopes lists, per
 * cell, 16-byte entries that carry the area's number, its envelope
 * quantised within the cell, its day and where its vertices start, so most
 * candidates are refused before their record is read, and the vertices of
 * the others are asked for with their record.
 */
#ifndef HR_INDEX_INT_H
#define HR_INDEX_INT_H

#include "core/register_int.h"
#include "hazreg/index.h"

#include <math.h>

/* ---- exact predicates (exact.c) ------------------------------------------------ */

/* The sign of the turn a -> b -> p: 1 left (counter-clockwise), -1 right,
 * 0 collinear, computed exactly for any finite doubles (a floating-point
 * filter first, exact expansion arithmetic when it cannot decide). */
int hr_ix__orient(double ax, double ay, double bx, double by, double px, double py);

/* Whether rings of vertices cover the point, boundary included: parity of
 * the crossings of a ray to the east, and exact orientation where it
 * matters. xy holds the rings one after another, each ring's n positions
 * without the closing one; len[k] is the length of ring k, HR_IX_SHELL
 * set on the first ring of each polygon (unused when nrings is 1). 1 or 0. */
#define HR_IX_SHELL 0x80000000u
int hr_ix__covers(const double *xy, const uint32_t *len, uint32_t nrings, uint32_t nv,
                  double px, double py);

/* ---- perimeters ---------------------------------------------------------------- */

#define HR_IX_RASTER_CELLS 256 /* 2 bits each: 64 bytes */
enum { HR_IX_OUT = 0, HR_IX_IN = 1, HR_IX_EDGE = 2 };

/* flags */
#define HR_IX_DEAD 1  /* replaced by a later version, or not listed */
#define HR_IX_MULTI 2 /* stored as a MultiPolygon (the GEOS path rebuilds it so) */

typedef struct {
	/* first line: what every candidate reads */
	double minx, miny, maxx, maxy; /* exact envelope of the vertices */
	hr_time t;                     /* area: hazard_from; part: released_at; HR_TIME_NONE: none */
	uint32_t vtx;                  /* first vertex: ix->xy[2 * vtx] */
	uint32_t nv;                   /* vertices of all rings */
	uint32_t ring;                 /* when nrings > 1: first length in ix->ring_len */
	uint32_t nrings;
	uint8_t rx, ry;                /* raster columns and rows */
	uint8_t flags;
	uint8_t pad;
	uint32_t link;                 /* area: its release list (UINT32_MAX: none);
	                                  part: its area's slot */
	/* second line: the raster of the envelope */
	uint64_t raster[HR_IX_RASTER_CELLS / 32];
} hr_ix_poly;

/* Fill a perimeter from 2D little-endian WKB (Polygon or MultiPolygon):
 * vertices are appended to ix's arrays (the raster is left to
 * hr_ix__raster()). HR_ECORRUPT when the WKB is not such a geometry. */
int hr_ix__poly_from_wkb(hr_index *ix, hr_ix_poly *out, const unsigned char *wkb, size_t len);

/* Classify the raster of a perimeter whose vertices are in place. */
void hr_ix__raster(const hr_index *ix, hr_ix_poly *pg);

/* Whether a perimeter covers the point (boundary included), the point
 * being within its envelope: the raster first, the rings when needed. */
int hr_ix__poly_covers(const hr_index *ix, const hr_ix_poly *pg, double px, double py);
/* Ask the memory for the vertices the point will need, if any. */
void hr_ix__poly_prefetch(const hr_index *ix, const hr_ix_poly *pg, double px, double py);

/* ---- the grid (grid.c) ----------------------------------------------------------- */

typedef struct {
	uint32_t slot;
	uint8_t qx0, qx1, qy0, qy1; /* the envelope within the cell, in 1/256 of it */
	uint16_t day;               /* hr_ix__day() of the area's hazard_from */
	uint16_t vlines;            /* cache lines of its vertices to ask for (at most 16) */
	uint32_t vtx;               /* its first vertex, as in its record */
} hr_ix_entry;

typedef struct {
	double x0, y0;       /* south-west corner */
	double x1, y1;       /* north-east corner */
	double sx, sy;       /* 256 * cells per degree */
	int32_t nx, ny;      /* cells */
	/* Where cell c's entries start: blk[c >> shift] + off[c], and end: where
	 * cell c + 1's start. One byte a cell (and four per block of 2^shift
	 * cells) instead of four: the cell's start is itself a memory access
	 * that every point waits for, and the smaller this table, the more of
	 * it the caches keep. shift is the largest (up to 4) for which every
	 * offset within a block fits in a byte; 0 always does. */
	uint32_t *blk;       /* (nx * ny >> shift) + 1 block starts */
	uint8_t *off;        /* nx * ny + 1 offsets within the blocks; NULL: no grid */
	unsigned shift;
	hr_ix_entry *entries;
	size_t nentries;
} hr_ix_grid;

/* Days since 2000-01-01, clamped to 0 .. 65535: monotone in t. */
uint16_t hr_ix__day(hr_time t);

/* A coordinate in 1/256 of a cell: (v - v0) * s truncated, clamped to
 * the grid's n cells. Never decreases when v grows, whatever the rounding
 * (each step is monotone, truncation too). */
static inline int32_t hr_ix__quant(double v, double v0, double s, int32_t n)
{
	double q = (v - v0) * s;
	int32_t max = n * 256 - 1;
	return q < 1 ? 0 : q >= max ? max : (int32_t)q;
}

/* The grid cell of a point, and the point's place within the cell; 0
 * when the point is outside the grid (and so in none of its areas). */
static inline int hr_ix__cell(const hr_ix_grid *g, double px, double py, size_t *c, uint8_t *x,
                              uint8_t *y)
{
	int32_t qx, qy;
	if (!g->off || !(px >= g->x0 && px <= g->x1 && py >= g->y0 && py <= g->y1))
		return 0;
	qx = hr_ix__quant(px, g->x0, g->sx, g->nx);
	qy = hr_ix__quant(py, g->y0, g->sy, g->ny);
	*c = (size_t)(qy >> 8) * (size_t)g->nx + (size_t)(qx >> 8);
	*x = (uint8_t)(qx & 255);
	*y = (uint8_t)(qy & 255);
	return 1;
}

/* The entries of cell c: [*e, *end). */
static inline void hr_ix__span(const hr_ix_grid *g, size_t c, const hr_ix_entry **e,
                               const hr_ix_entry **end)
{
	*e = g->entries + g->blk[c >> g->shift] + g->off[c];
	*end = g->entries + g->blk[(c + 1) >> g->shift] + g->off[c + 1];
}

/* Whether an entry may hold the point: within the entry's envelope in the
 * cell, and the area's hazard begun by the day (conservative both ways). */
static inline int hr_ix__may_hold(const hr_ix_entry *e, uint8_t x, uint8_t y, uint16_t day)
{
	return x >= e->qx0 && x <= e->qx1 && y >= e->qy0 && y <= e->qy1 && day >= e->day;
}

/* Build a grid over the listed area slots (replacing g's content). */
int hr_ix__grid_build(hr_ix_grid *g, const hr_ix_poly *areas, const uint32_t *slots, size_t n);
void hr_ix__grid_free(hr_ix_grid *g);
size_t hr_ix__grid_bytes(const hr_ix_grid *g);


/* ---- ids -------------------------------------------------------------------------- */

/* An open-addressing map from an id (in ix->names) to a slot. */
typedef struct {
	uint32_t *v; /* UINT32_MAX: free */
	size_t cap, n;
} hr_ix_map;

/* ---- release parts of an area ----------------------------------------------------- */

typedef struct {
	uint32_t *v; /* release slots, by release part id */
	uint32_t n, cap;
} hr_ix_list;

/* ---- the index -------------------------------------------------------------------- */

typedef struct hr_ix_feed hr_ix_feed;

struct hr_index {
	/* geometry */
	double *xy;           /* vertices, x y x y ... */
	size_t nxy, capxy;    /* in vertices */
	uint32_t *ring_len;
	size_t nring, capring;
	/* areas and release parts */
	hr_ix_poly *area;     /* 64-byte aligned, in area_mem */
	size_t narea, caparea;
	hr_ix_poly *rel;      /* the same, in rel_mem */
	size_t nrel, caprel;
	void *area_mem, *rel_mem;
	uint32_t *area_id, *rel_id; /* offsets of the ids in names */
	size_t caparea_id, caprel_id;
	char *names;
	size_t nnames, capnames;
	hr_ix_map area_map, rel_map; /* id -> current slot */
	hr_ix_list *lists;           /* release lists, by poly.link */
	size_t nlists, caplists;
	uint64_t live;               /* areas listed */
	uint64_t coord_bytes;        /* raw coordinates of the live areas, rings closed */
	/* grids: the base over the areas of the last full grid build, the
	 * delta over those added since (rebuilt at each refresh that adds) */
	hr_ix_grid base, delta;
	uint32_t *delta_slots;
	size_t ndelta, capdelta;
	uint64_t log_size;           /* records [0, log_size) are reflected */
	int bulk;                    /* building: rasters and the area map come after */
	int stale;                   /* a refresh could not rebuild its grid: queries
	                                fail until one does */
	struct hr_ix_feed *feed;     /* building: rasters made beside the scan */
};

/* Classify the rasters of areas [from, to) on up to `threads` threads. */
void hr_ix__rasters(hr_index *ix, size_t from, size_t to, unsigned threads);
/*
 * Rasters made on a second thread while the store is still being read:
 * the scan hands over each area once its vertices are in place
 * (hr_ix__feed_put), and holds the thread off while it moves an array the
 * thread reads (hr_ix__feed_hold / _let, around a reallocation of the
 * records, the vertices or the ring lengths). hr_ix__feed_stop() ends the
 * thread and says how many areas, from the first, have their raster.
 * Without a second core, or when the thread cannot start, there is no
 * feed (ix->feed stays NULL) and every raster is made after the scan.
 */
void hr_ix__feed_start(hr_index *ix);
void hr_ix__feed_put(hr_index *ix, size_t ready);
void hr_ix__feed_hold(hr_index *ix);
void hr_ix__feed_let(hr_index *ix);
size_t hr_ix__feed_stop(hr_index *ix);
/* Ask for huge pages on a large array (fewer TLB misses on random reads).
 * Only pages not yet touched are then made huge (khugepaged merges the
 * others late or never): call it right after the allocation. */
void hr_ix__huge(void *p, size_t bytes);

/* Add (or replace) an area or release part from its store row. */
int hr_ix__put_area(hr_index *ix, const hr_row *row);
int hr_ix__put_release(hr_index *ix, const hr_row *row);
/* Grow an array of elements of size `sz` to hold at least `need`. */
int hr_ix__grow(void **p, size_t *cap, size_t need, size_t sz);
/* hr_ix__grow() for an array the feed's thread reads (the vertices, the
 * ring lengths): the thread is held off while it moves. */
int hr_ix__grow_shared(hr_index *ix, void **p, size_t *cap, size_t need, size_t sz);
/* The same for perimeter records, kept on 64-byte boundaries (*mem is
 * the allocation, *p the aligned start). */
int hr_ix__grow_polys(hr_ix_poly **p, void **mem, size_t *cap, size_t n, size_t need);
/* The id of a slot. */
static inline const char *hr_ix__area_name(const hr_index *ix, uint32_t slot)
{
	return ix->names + ix->area_id[slot];
}
uint32_t hr_ix__map_get(const hr_ix_map *m, const char *names, const uint32_t *ids,
                        const char *key);
int hr_ix__map_put(hr_ix_map *m, const char *names, const uint32_t *ids, uint32_t slot);
void hr_ix__map_free(hr_ix_map *m);

/* ---- queries (query.c, settle.c) ------------------------------------------------- */

/* One area found, as the core's point query needs it. */
typedef struct {
	uint32_t slot;
	int covered;        /* a release part released by T (since hazard_from) covers the point */
	int released_parts; /* release parts released by T, since hazard_from */
} hr_ix_found;

/* Call fn for each area that covers p and is listed at `at` (stopping at
 * a nonzero return, which is returned). */
int hr_ix__find(const hr_index *ix, double px, double py, hr_time at,
                int (*fn)(void *ctx, const hr_ix_found *f), void *ctx);

/* Whether an area found with covered == 1 is still hazardous at p: the
 * register's rule, computed as src/core/query.c does it with GEOS (the
 * area less the union of the release parts released by T that cover the
 * point, in release-id order, covers it); a point more than 1e-7 degrees
 * inside one of those parts is released without GEOS. 1, 0, or HR_ENOMEM /
 * HR_ERROR. */
int hr_ix__settle(const hr_index *ix, uint32_t slot, double px, double py, hr_time at);

/* Build the grid again over all listed areas (base), emptying the delta. */
int hr_ix__regrid(hr_index *ix);
/* Rebuild the delta grid over ix->delta_slots. */
int hr_ix__regrid_delta(hr_index *ix);

/* The register's handle on its index (src/core/query.c). */
int hr_ix__sync(hr_register *reg);

#endif
