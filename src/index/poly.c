/*
 * poly.c - one perimeter in the index: its vertices read from the store's
 * WKB, its envelope, and the raster that answers most points without
 * reading a vertex.
 *
 * The raster divides the envelope into at most 256 cells and marks each
 * one inside, outside or "edge". A cell is inside or outside only when no
 * edge of the perimeter comes within HR_IX_MARGIN of it, so that every
 * point the query arithmetic puts in that cell has the cell's answer; the
 * margin is many orders of magnitude above the rounding of that arithmetic
 * (docs/index.md). Points in edge cells go to the exact test (exact.c).
 */
#include "index/index_int.h"

#include <math.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* degrees; about 0.1 mm, and more than 10^3 times any rounding error of
 * the cell arithmetic on coordinates within WGS84 bounds */
#define HR_IX_MARGIN 1e-9

/* ---- WKB ---------------------------------------------------------------------------- */

typedef struct {
	const unsigned char *p, *end;
} cursor;

static int u32(cursor *c, uint32_t *out)
{
	if (c->end - c->p < 4)
		return -1;
	*out = (uint32_t)c->p[0] | (uint32_t)c->p[1] << 8 | (uint32_t)c->p[2] << 16 |
	       (uint32_t)c->p[3] << 24;
	c->p += 4;
	return 0;
}

static int head(cursor *c, uint32_t type)
{
	uint32_t t;
	if (c->p >= c->end || *c->p != 1)
		return -1; /* the register writes little-endian WKB only */
	c->p++;
	return u32(c, &t) || t != type ? -1 : 0;
}

static int add_ring(hr_index *ix, cursor *c, hr_ix_poly *pg, uint32_t shell)
{
	uint32_t npts, keep;
	if (u32(c, &npts) || (size_t)(c->end - c->p) / 16 < npts || npts >= HR_IX_SHELL)
		return -1;
	keep = npts;
	/* a closed ring is kept without its closing position */
	if (npts > 1 && memcmp(c->p, c->p + 16 * (size_t)(npts - 1), 16) == 0)
		keep--;
	if (hr_ix__grow_shared(ix, (void **)&ix->xy, &ix->capxy, ix->nxy + keep,
	                       2 * sizeof(double)) ||
	    hr_ix__grow_shared(ix, (void **)&ix->ring_len, &ix->capring, ix->nring + 1,
	                       sizeof(uint32_t)))
		return HR_ENOMEM;
	memcpy(ix->xy + 2 * ix->nxy, c->p, 16 * (size_t)keep);
	for (uint32_t i = 0; i < keep; i++) {
		double x = ix->xy[2 * (ix->nxy + i)], y = ix->xy[2 * (ix->nxy + i) + 1];
		if (!isfinite(x) || !isfinite(y))
			return -1;
		if (pg->nv == 0 && i == 0) {
			pg->minx = pg->maxx = x;
			pg->miny = pg->maxy = y;
		}
		pg->minx = x < pg->minx ? x : pg->minx;
		pg->maxx = x > pg->maxx ? x : pg->maxx;
		pg->miny = y < pg->miny ? y : pg->miny;
		pg->maxy = y > pg->maxy ? y : pg->maxy;
	}
	c->p += 16 * (size_t)npts;
	ix->ring_len[ix->nring++] = keep | shell;
	ix->nxy += keep;
	pg->nv += keep;
	pg->nrings++;
	return 0;
}

static int add_polygon(hr_index *ix, cursor *c, hr_ix_poly *pg)
{
	uint32_t nrings;
	int rc;
	if (u32(c, &nrings))
		return -1;
	for (uint32_t i = 0; i < nrings; i++)
		if ((rc = add_ring(ix, c, pg, i == 0 ? HR_IX_SHELL : 0)))
			return rc;
	return 0;
}

int hr_ix__poly_from_wkb(hr_index *ix, hr_ix_poly *pg, const unsigned char *wkb, size_t len)
{
	cursor c = {wkb, wkb + len};
	size_t nxy = ix->nxy, nring = ix->nring;
	uint32_t n = 0;
	int rc = -1;
	memset(pg, 0, sizeof *pg);
	pg->vtx = (uint32_t)ix->nxy;
	pg->ring = (uint32_t)ix->nring;
	pg->link = UINT32_MAX;
	if (ix->nxy > UINT32_MAX - len / 16 || ix->nring >= UINT32_MAX - len / 4)
		return HR_ENOMEM; /* the arrays are addressed with 32 bits */
	if (wkb && len >= 5 && wkb[0] == 1 && wkb[1] == 6) {
		pg->flags |= HR_IX_MULTI;
		if (head(&c, 6) == 0 && u32(&c, &n) == 0) {
			rc = 0;
			for (uint32_t i = 0; i < n && rc == 0; i++)
				rc = head(&c, 3) ? -1 : add_polygon(ix, &c, pg);
		}
	} else if (wkb && head(&c, 3) == 0) {
		rc = add_polygon(ix, &c, pg);
	}
	if (rc == 0 && (pg->nv == 0 || c.p != c.end))
		rc = -1;
	if (rc) {
		ix->nxy = nxy;
		ix->nring = nring;
		return rc == HR_ENOMEM ? HR_ENOMEM : HR_ECORRUPT;
	}
	if (pg->nrings == 1)
		ix->nring = nring; /* one ring needs no table: its length is nv */
	return 0;
}

/* ---- the raster --------------------------------------------------------------------- */

static int get2(const uint64_t *r, unsigned c)
{
	return (int)(r[c >> 5] >> ((c & 31) * 2) & 3);
}

static void set2(uint64_t *r, unsigned c, int v)
{
	r[c >> 5] = (r[c >> 5] & ~(3ull << ((c & 31) * 2))) | (uint64_t)v << ((c & 31) * 2);
}

/* The cell a point of the envelope falls in, as queries compute it: the
 * only arithmetic whose rounding the margin must cover. */
static unsigned cell_of(const hr_ix_poly *pg, double px, double py)
{
	unsigned cx = 0, cy = 0;
	if (pg->rx > 1) {
		cx = (unsigned)((px - pg->minx) * ((double)pg->rx / (pg->maxx - pg->minx)));
		cx = cx < pg->rx ? cx : pg->rx - 1u;
	}
	if (pg->ry > 1) {
		cy = (unsigned)((py - pg->miny) * ((double)pg->ry / (pg->maxy - pg->miny)));
		cy = cy < pg->ry ? cy : pg->ry - 1u;
	}
	return cy * pg->rx + cx;
}

/* The raster's frame in build arithmetic: cells of cw x ch degrees from
 * (x0, y0), and their inverses. Being off by a rounding here is covered by
 * the margin. Cells are bits, cell c = j * rx + i: edge[] marks those an
 * edge comes near, in[] the parity of the crossings east of each centre. */
#define HR_IX_WORDS (HR_IX_RASTER_CELLS / 64)
typedef struct {
	double x0, y0, cw, ch, icw, ich;
	int rx, ry;
	/* while edges are added: each row in w words of its own (one for a
	 * row of up to 64 cells, as in every raster but the flattest), so
	 * that marking cells of a row is a mask, not a loop */
	unsigned w;
	uint64_t erow[HR_IX_RASTER_CELLS], inrow[HR_IX_RASTER_CELLS];
	uint64_t edge[HR_IX_WORDS], in[HR_IX_WORDS];
	size_t crossings;
} frame;

/* Cell column or row of a coordinate, clamped. */
static int band(double v, double lo, double inv, int n)
{
	double k = (v - lo) * inv, top = n - 1;
	/* clamped in doubles (minsd, maxsd: no branch), then truncated */
	k = k > 0 ? k : 0;
	return (int)(k < top ? k : top);
}

static double mid_line(const frame *f, int j)
{
	return f->y0 + (j + 0.5) * f->ch;
}

static const uint32_t *ring_lengths(const hr_index *ix, const hr_ix_poly *pg)
{
	return pg->nrings > 1 ? ix->ring_len + pg->ring : NULL;
}

/* Flip (or set) bits [lo, hi) of a bitmap. */
static void bits(uint64_t *b, unsigned lo, unsigned hi, int flip)
{
	while (lo < hi) {
		unsigned w = lo >> 6, k = lo & 63, n = hi - lo < 64 - k ? hi - lo : 64 - k;
		uint64_t m = (n == 64 ? ~0ull : ((1ull << n) - 1)) << k;
		b[w] = flip ? b[w] ^ m : b[w] | m;
		lo += n;
	}
}

/* Bits [0, n) of a word, n <= 64, without a branch. */
static inline uint64_t low_bits(unsigned n)
{
	uint64_t m = (1ull << (n & 63)) - 1;
	return n >= 64 ? ~0ull : m;
}

/* Flip (or set) cells [lo, hi) of row j, lo <= hi. */
static inline void row_bits(frame *f, uint64_t *rows, int j, unsigned lo, unsigned hi, int flip)
{
	uint64_t *r = rows + (size_t)j * f->w;
	if (f->w == 1) {
		uint64_t m = low_bits(hi) & ~low_bits(lo);
		*r = flip ? *r ^ m : *r | m;
	} else {
		bits(r, lo, hi, flip);
	}
}

/* Mark the cells an edge comes within twice the margin of, and note where
 * it crosses the rows' middle lines: it does when one end is north of the
 * line and the other is not, as in exact.c. A crossing flips the parity
 * of every cell of its row whose centre lies west of it: it lies in an
 * edge cell, at least half a cell from any other cell's centre, so its
 * rounding cannot move it past one. */
static void add_edge(frame *f, double ax, double ay, double bx, double by)
{
	const double m = 2 * HR_IX_MARGIN;
	double ylo = ay < by ? ay : by, yhi = ay < by ? by : ay;
	double xlo = ax < bx ? ax : bx, xhi = ax < bx ? bx : ax;
	double slope = ay == by ? 0 : (bx - ax) / (by - ay);
	int j0 = band(ylo - m, f->y0, f->ich, f->ry), j1 = band(yhi + m, f->y0, f->ich, f->ry);
	for (int j = j0; j <= j1; j++) {
		double y0 = f->y0 + j * f->ch - m, y1 = f->y0 + (j + 1) * f->ch + m, x0, x1, yc;
		yc = mid_line(f, j);
		if ((ay > yc) != (by > yc)) {
			/* the cells whose centre is west of the crossing (which of
			 * its own cell's neighbours count is no matter: edge cells) */
			double u = (ax + (yc - ay) * slope - f->x0) * f->icw - 0.5;
			double top = f->rx - 1, v = u < top ? u : top;
			unsigned west = u < 0 ? 0 : (unsigned)v + 1;
			row_bits(f, f->inrow, j, 0, west, 1);
			f->crossings++;
		}
		y0 = y0 > ylo ? y0 : ylo;
		y1 = y1 < yhi ? y1 : yhi;
		if (y0 > y1)
			continue;
		if (ay == by) {
			x0 = xlo;
			x1 = xhi;
		} else {
			x0 = ax + (y0 - ay) * slope;
			x1 = ax + (y1 - ay) * slope;
			if (x0 > x1) {
				double t = x0;
				x0 = x1;
				x1 = t;
			}
			x0 = x0 > xlo ? x0 : xlo;
			x1 = x1 < xhi ? x1 : xhi;
		}
		row_bits(f, f->erow, j, (unsigned)band(x0 - m, f->x0, f->icw, f->rx),
		         (unsigned)band(x1 + m, f->x0, f->icw, f->rx) + 1, 0);
	}
}

/* Cells [p, p + n) of a bitmap from the low bits of v, n <= 64. */
static void deposit(uint64_t *b, unsigned p, uint64_t v, unsigned n)
{
	unsigned k = p & 63;
	b[p >> 6] |= v << k;
	if (k && k + n > 64)
		b[(p >> 6) + 1] |= v >> (64 - k);
}

/* The rows, as edges left them, into the bitmaps of cells (c = j * rx + i). */
static void rows_to_cells(frame *f)
{
	memset(f->edge, 0, sizeof f->edge);
	memset(f->in, 0, sizeof f->in);
	for (int j = 0; j < f->ry; j++)
		for (unsigned k = 0; k < f->w; k++) {
			unsigned n = (unsigned)f->rx - 64 * k < 64 ? (unsigned)f->rx - 64 * k : 64;
			unsigned p = (unsigned)(j * f->rx) + 64 * k;
			deposit(f->edge, p, f->erow[(size_t)j * f->w + k], n);
			deposit(f->in, p, f->inrow[(size_t)j * f->w + k], n);
		}
}

/* 32 bits to the even bits of 64. */
static uint64_t spread(uint64_t x)
{
	x = (x | x << 16) & 0x0000FFFF0000FFFFull;
	x = (x | x << 8) & 0x00FF00FF00FF00FFull;
	x = (x | x << 4) & 0x0F0F0F0F0F0F0F0Full;
	x = (x | x << 2) & 0x3333333333333333ull;
	return (x | x << 1) & 0x5555555555555555ull;
}

void hr_ix__raster(const hr_index *ix, hr_ix_poly *pg)
{
	double w = pg->maxx - pg->minx, h = pg->maxy - pg->miny;
	const double *v = ix->xy + 2 * (size_t)pg->vtx;
	const uint32_t *len = ring_lengths(ix, pg);
	frame f;
	memset(pg->raster, 0, sizeof pg->raster);
	pg->rx = pg->ry = 1;
	if (!(w > 0 && h > 0)) {
		set2(pg->raster, 0, HR_IX_EDGE);
		return;
	}
	/* cells about square in degrees, at most 256 of them */
	{
		double rx = floor(sqrt(HR_IX_RASTER_CELLS * w / h));
		unsigned ry;
		rx = rx < 1 ? 1 : rx > 255 ? 255 : rx;
		pg->rx = (uint8_t)rx;
		ry = HR_IX_RASTER_CELLS / pg->rx;
		pg->ry = (uint8_t)(ry > 255 ? 255 : ry);
	}
	f.x0 = pg->minx;
	f.y0 = pg->miny;
	f.rx = pg->rx;
	f.ry = pg->ry;
	f.cw = w / f.rx;
	f.ch = h / f.ry;
	f.icw = f.rx / w;
	f.ich = f.ry / h;
	f.crossings = 0;
	f.w = (unsigned)(f.rx + 63) / 64;
	memset(f.erow, 0, (size_t)f.ry * f.w * sizeof *f.erow);
	memset(f.inrow, 0, (size_t)f.ry * f.w * sizeof *f.inrow);
	for (uint32_t r = 0, start = 0; r < pg->nrings; r++) {
		uint32_t n = pg->nrings == 1 ? pg->nv : len[r] & ~HR_IX_SHELL;
		const double *ring = v + 2 * (size_t)start;
		start += n;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t k = i + 1 < n ? i + 1 : 0;
			add_edge(&f, ring[2 * i], ring[2 * i + 1], ring[2 * k], ring[2 * k + 1]);
		}
	}
	rows_to_cells(&f);
	/* inside: 01, outside: 00, edge: 10 */
	for (unsigned q = 0; q < HR_IX_RASTER_CELLS / 32; q++) {
		uint64_t e = f.edge[q / 2] >> (q % 2 * 32) & 0xFFFFFFFFu;
		uint64_t in = f.in[q / 2] >> (q % 2 * 32) & 0xFFFFFFFFu;
		pg->raster[q] = spread(in & ~e) | spread(e) << 1;
	}
}

/* Ask for the vertices of a perimeter, all lines at once (up to 16). */
static void prefetch_vertices(const hr_index *ix, const hr_ix_poly *pg)
{
	const char *p = (const char *)(ix->xy + 2 * (size_t)pg->vtx);
	const char *end = (const char *)(ix->xy + 2 * ((size_t)pg->vtx + pg->nv));
	for (int i = 0; p < end && i < 16; p += 64, i++)
		__builtin_prefetch(p, 0, 3);
}

/* The raster's answer for a point within the envelope. */
static int raster_at(const hr_ix_poly *pg, double px, double py)
{
	return get2(pg->raster, cell_of(pg, px, py));
}

void hr_ix__poly_prefetch(const hr_index *ix, const hr_ix_poly *pg, double px, double py)
{
	if (px >= pg->minx && px <= pg->maxx && py >= pg->miny && py <= pg->maxy &&
	    raster_at(pg, px, py) == HR_IX_EDGE)
		prefetch_vertices(ix, pg);
}

int hr_ix__poly_covers(const hr_index *ix, const hr_ix_poly *pg, double px, double py)
{
	int v;
	if (px < pg->minx || px > pg->maxx || py < pg->miny || py > pg->maxy)
		return 0;
	if ((v = raster_at(pg, px, py)) != HR_IX_EDGE)
		return v;
	prefetch_vertices(ix, pg);
	return hr_ix__covers(ix->xy + 2 * (size_t)pg->vtx, ring_lengths(ix, pg), pg->nrings, pg->nv,
	                     px, py);
}

/* ---- many rasters ----------------------------------------------------------------------- */

typedef struct {
	hr_index *ix;
	size_t from, to;
} raster_job;

static void *raster_work(void *arg)
{
	raster_job *j = arg;
	for (size_t i = j->from; i < j->to; i++)
		hr_ix__raster(j->ix, &j->ix->area[i]);
	return NULL;
}

void hr_ix__rasters(hr_index *ix, size_t from, size_t to, unsigned threads)
{
	raster_job job[8];
	pthread_t tid[8];
	unsigned started = 1;
	if (threads == 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		threads = c > 0 ? (unsigned)c : 1;
	}
	threads = threads > 8 ? 8 : threads;
	if (to - from < 4096)
		threads = 1;
	for (unsigned t = 0; t < threads; t++) {
		job[t].ix = ix;
		job[t].from = from + (to - from) * t / threads;
		job[t].to = from + (to - from) * (t + 1) / threads;
	}
	/* a share whose thread cannot start is done here */
	for (unsigned t = 1; t < threads; t++, started++)
		if (pthread_create(&tid[t], NULL, raster_work, &job[t]) != 0)
			break;
	for (unsigned t = started; t < threads; t++)
		raster_work(&job[t]);
	raster_work(&job[0]);
	for (unsigned t = 1; t < started; t++)
		pthread_join(tid[t], NULL);
}

void hr_ix__huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = 2u << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), b = ((uintptr_t)p + bytes) & ~(huge - 1);
	if (p && b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE); /* advice: failure changes nothing */
#else
	(void)p;
	(void)bytes;
#endif
}
