/*
 * grid.c - the uniform grid over the areas' envelopes that gives a point
 * its candidate areas.
 *
 * A coordinate becomes a position in 1/256 of a cell by one monotone
 * computation, q(v) = floor((v - v0) * s) clamped to the grid (s is 256
 * cells per degree; hr_ix__quant in index_int.h); its cell is q >> 8.
 * Because q never decreases when v grows, a point inside an envelope gets
 * a q between the q of the envelope's ends, whatever the rounding: each
 * entry keeps those ends within its cell (one byte each) and the day of
 * the area's hazard_from, and refuses most candidates without the area's
 * record being read. The filter is conservative; the caller decides
 * exactly.
 */
#include "index/index_int.h"

#include <math.h>
#include <string.h>

/* 2000-01-01T00:00:00Z */
#define HR_IX_DAY0 946684800

uint16_t hr_ix__day(hr_time t)
{
	if (t <= HR_IX_DAY0)
		return 0;
	t = (t - HR_IX_DAY0) / 86400;
	return t > 65535 ? 65535 : (uint16_t)t;
}

void hr_ix__grid_free(hr_ix_grid *g)
{
	hr_free(g->blk);
	hr_free(g->off);
	hr_free(g->entries);
	memset(g, 0, sizeof *g);
}

size_t hr_ix__grid_bytes(const hr_ix_grid *g)
{
	size_t ncells = (size_t)g->nx * (size_t)g->ny;
	return g->off ? ((ncells >> g->shift) + 1) * sizeof *g->blk + (ncells + 1) * sizeof *g->off +
	                        g->nentries * sizeof *g->entries
	              : 0;
}

/* The grid's frame: the envelope of the areas, cells about as many as
 * areas (square in degrees), each of q's 256 steps addressable in 32 bits. */
static void frame(hr_ix_grid *g, const hr_ix_poly *areas, const uint32_t *slots, size_t n)
{
	double w, h, side;
	g->x0 = g->y0 = INFINITY;
	g->x1 = g->y1 = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		const hr_ix_poly *a = &areas[slots[i]];
		g->x0 = a->minx < g->x0 ? a->minx : g->x0;
		g->y0 = a->miny < g->y0 ? a->miny : g->y0;
		g->x1 = a->maxx > g->x1 ? a->maxx : g->x1;
		g->y1 = a->maxy > g->y1 ? a->maxy : g->y1;
	}
	w = g->x1 - g->x0;
	h = g->y1 - g->y0;
	w = w > 1e-6 ? w : 1e-6;
	h = h > 1e-6 ? h : 1e-6;
	side = sqrt(w * h / (double)(n ? n : 1));
	g->nx = (int32_t)fmin(ceil(w / side), 1 << 20);
	g->ny = (int32_t)fmin(ceil(h / side), 1 << 20);
	while ((double)g->nx * g->ny > 4.0 * (double)n + 64) {
		g->nx = g->nx > 1 ? (g->nx + 1) / 2 : 1;
		g->ny = g->ny > 1 ? (g->ny + 1) / 2 : 1;
	}
	g->nx = g->nx < 1 ? 1 : g->nx;
	g->ny = g->ny < 1 ? 1 : g->ny;
	g->sx = 256.0 * g->nx / w;
	g->sy = 256.0 * g->ny / h;
}

static uint8_t lo8(int32_t q, int32_t cell)
{
	return q >> 8 == cell ? (uint8_t)(q & 255) : 0;
}

static uint8_t hi8(int32_t q, int32_t cell)
{
	return q >> 8 == cell ? (uint8_t)(q & 255) : 255;
}

/* The compact table of where the cells start (blk, off, shift) from the
 * plain one (first: ncells + 1 starts). */
static int compact(hr_ix_grid *g, const uint32_t *first, size_t ncells)
{
	unsigned shift = 4;
	for (size_t c = 0; c <= ncells && shift > 0; c++)
		while (shift > 0 && first[c] - first[c >> shift << shift] > 255)
			shift--;
	if (!(g->blk = hr__malloc(((ncells >> shift) + 1) * sizeof *g->blk)) ||
	    !(g->off = hr__malloc(ncells + 1)))
		return HR_ENOMEM;
	g->shift = shift;
	for (size_t c = 0; c <= ncells; c++) {
		if ((c & ((1u << shift) - 1)) == 0)
			g->blk[c >> shift] = first[c];
		g->off[c] = (uint8_t)(first[c] - g->blk[c >> shift]);
	}
	return 0;
}

int hr_ix__grid_build(hr_ix_grid *g, const hr_ix_poly *areas, const uint32_t *slots, size_t n)
{
	hr_ix_grid ng;
	size_t ncells, total = 0;
	uint32_t *first;
	int rc;
	memset(&ng, 0, sizeof ng);
	if (n == 0) {
		hr_ix__grid_free(g);
		return 0;
	}
	frame(&ng, areas, slots, n);
	ncells = (size_t)ng.nx * (size_t)ng.ny;
	if (!(first = hr__calloc(ncells + 1, sizeof *first)))
		return HR_ENOMEM;
	/* count, then place: first[c + 1] counts cell c */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const hr_ix_poly *a = &areas[slots[i]];
			int32_t qx0 = hr_ix__quant(a->minx, ng.x0, ng.sx, ng.nx),
			        qx1 = hr_ix__quant(a->maxx, ng.x0, ng.sx, ng.nx),
			        qy0 = hr_ix__quant(a->miny, ng.y0, ng.sy, ng.ny),
			        qy1 = hr_ix__quant(a->maxy, ng.y0, ng.sy, ng.ny);
			uint16_t day = hr_ix__day(a->t);
			/* the lines a run of nv vertices may span, wherever it starts */
			uint16_t vlines = (uint16_t)(a->nv >= 4 * 15 ? 16 : (a->nv * 16 + 63) / 64 + 1);
			for (int32_t cy = qy0 >> 8; cy <= qy1 >> 8; cy++)
				for (int32_t cx = qx0 >> 8; cx <= qx1 >> 8; cx++) {
					size_t c = (size_t)cy * (size_t)ng.nx + (size_t)cx;
					hr_ix_entry *e;
					if (pass == 0) {
						first[c + 1]++;
						continue;
					}
					e = &ng.entries[first[c]++];
					e->slot = slots[i];
					e->qx0 = lo8(qx0, cx);
					e->qx1 = hi8(qx1, cx);
					e->qy0 = lo8(qy0, cy);
					e->qy1 = hi8(qy1, cy);
					e->day = day;
					e->vlines = vlines;
					e->vtx = a->vtx;
				}
		}
		if (pass == 0) {
			for (size_t c = 0; c < ncells; c++) {
				total += first[c + 1];
				if (total > UINT32_MAX) {
					hr_free(first);
					return HR_ENOMEM;
				}
				first[c + 1] = (uint32_t)total;
			}
			/* first[c] is now where cell c's entries start; placing
			 * moves it on to where they end */
			if (!(ng.entries = hr__malloc((total ? total : 1) * sizeof *ng.entries))) {
				hr_free(first);
				return HR_ENOMEM;
			}
			hr_ix__huge(ng.entries, total * sizeof *ng.entries);
			ng.nentries = total;
		}
	}
	/* after placing, first[c] is the end of cell c: shift back */
	memmove(first + 1, first, ncells * sizeof *first);
	first[0] = 0;
	rc = compact(&ng, first, ncells);
	hr_free(first);
	if (rc) {
		hr_ix__grid_free(&ng);
		return rc;
	}
	hr_ix__grid_free(g);
	*g = ng;
	return 0;
}

