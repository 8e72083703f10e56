/*
 * exact.c - the index's geometric predicates, exact for every finite
 * double: the orientation of three points and "does this polygon cover
 * this point, boundary included".
 *
 * GEOS decides a point against a prepared polygon by counting crossings
 * of a ray (RayCrossingCounter) with an orientation test it evaluates in
 * double-double arithmetic, and calls a point on a segment inside. Here
 * the same question is answered exactly: a floating-point filter decides
 * when the rounding error cannot change the sign, and an exact sum of the
 * products' parts (expansion arithmetic) decides the rest. Where both are
 * exact (docs/index.md: wherever the coordinate differences are exact
 * doubles, as they are for every point within an area's envelope in the
 * register's part of the world) the answers are the same by construction;
 * the tests compare them on every point they try.
 */
#include "index/index_int.h"

#include <math.h>

/* Shewchuk's bound for the filter of orient2d: (3 + 16 eps) eps, eps = 2^-53. */
static const double ccw_bound = (3.0 + 16.0 * 0x1p-53) * 0x1p-53;

/* a - b = x + y exactly */
static void two_diff(double a, double b, double *x, double *y)
{
	double bv, av;
	*x = a - b;
	bv = a - *x;
	av = *x + bv;
	*y = (a - av) + (bv - b);
}

/* a + b = x + y exactly */
static void two_sum(double a, double b, double *x, double *y)
{
	double bv, av;
	*x = a + b;
	bv = *x - a;
	av = *x - bv;
	*y = (a - av) + (b - bv);
}

/* a * b = x + y exactly (barring underflow): fma rounds once. */
static void two_prod(double a, double b, double *x, double *y)
{
	*x = a * b;
	*y = fma(a, b, -*x);
}

/* Add b to the expansion e of n non-overlapping components in increasing
 * magnitude (Shewchuk's Grow-Expansion); returns the new length. */
static size_t grow(double *e, size_t n, double b)
{
	double q = b, s, t;
	for (size_t i = 0; i < n; i++) {
		two_sum(q, e[i], &s, &t);
		e[i] = t;
		q = s;
	}
	e[n] = q;
	return n + 1;
}

static int sign(double d)
{
	return (d > 0) - (d < 0);
}

/* The sign of (ax - px)(by - py) - (ay - py)(bx - px), exactly. */
static int orient_exact(double ax, double ay, double bx, double by, double px, double py)
{
	double a[2], b[2], c[2], d[2], e[16], hi, lo;
	size_t n = 0;
	two_diff(ax, px, &a[0], &a[1]);
	two_diff(by, py, &b[0], &b[1]);
	two_diff(ay, py, &c[0], &c[1]);
	two_diff(bx, px, &d[0], &d[1]);
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 2; k++) {
			two_prod(a[i], b[k], &hi, &lo);
			n = grow(e, n, lo);
			n = grow(e, n, hi);
			two_prod(-c[i], d[k], &hi, &lo);
			n = grow(e, n, lo);
			n = grow(e, n, hi);
		}
	while (n > 0 && e[n - 1] == 0)
		n--;
	return n ? sign(e[n - 1]) : 0;
}

int hr_ix__orient(double ax, double ay, double bx, double by, double px, double py)
{
	double left = (ax - px) * (by - py), right = (ay - py) * (bx - px);
	double det = left - right, sum;
	if (left > 0) {
		if (right <= 0)
			return sign(det);
		sum = left + right;
	} else if (left < 0) {
		if (right >= 0)
			return sign(det);
		sum = -left - right;
	} else {
		return sign(det);
	}
	if (det >= ccw_bound * sum || -det >= ccw_bound * sum)
		return sign(det);
	return orient_exact(ax, ay, bx, by, px, py);
}

/*
 * The crossing rule: an edge counts when one end is north of the point
 * and the other is not (so a vertex on the ray counts once), and its
 * crossing lies east of the point. The point is on the boundary when it
 * is a vertex, lies on a horizontal edge, or is collinear with an edge
 * that spans its latitude; every other point is inside exactly when the
 * count is odd, over all rings (holes and the parts of a MultiPolygon
 * included, as GEOS counts them).
 */
int hr_ix__covers(const double *xy, const uint32_t *len, uint32_t nrings, uint32_t nv,
                  double px, double py)
{
	int odd = 0;
	for (uint32_t r = 0, start = 0; r < nrings; r++) {
		uint32_t n = nrings == 1 ? nv : len[r] & ~HR_IX_SHELL;
		const double *v = xy + 2 * (size_t)start;
		double ax, ay;
		start += n;
		if (n == 0)
			continue;
		ax = v[2 * (size_t)(n - 1)];
		ay = v[2 * (size_t)(n - 1) + 1];
		for (uint32_t i = 0; i < n; i++) {
			double bx = v[2 * (size_t)i], by = v[2 * (size_t)i + 1];
			if ((ay > py) != (by > py)) {
				if (ax > px && bx > px) {
					odd ^= 1;
				} else if (ax >= px || bx >= px) {
					/* turn from the southern end to the northern one */
					int o = by > ay ? hr_ix__orient(ax, ay, bx, by, px, py)
					                : hr_ix__orient(bx, by, ax, ay, px, py);
					if (o == 0)
						return 1;
					odd ^= o > 0;
				}
			} else if (ay == py) {
				if (ax == px)
					return 1;
				if (by == py && ((ax <= px && px <= bx) || (bx <= px && px <= ax)))
					return 1;
			}
			ax = bx;
			ay = by;
		}
	}
	return odd;
}
