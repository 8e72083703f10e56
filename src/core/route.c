/*
 * route.c - a route's corridor measured on the ellipsoid: geodesic
 * lengths with PROJ's geodesic routines (Karney), and the corridor test
 * in azimuthal equidistant projections centred on pieces of the route,
 * with GEOS doing the planar work in metres there.
 *
 * Why pieces: an azimuthal equidistant projection keeps distances from
 * its centre exact, and others within a factor c/sin(c) - 1 <= c^2/6 of
 * the truth at an angular distance c from the centre. Pieces of at most
 * PIECE_M along the route put every point of a piece within 26 km of its
 * centre (the centre is a point of the piece near its middle, and the
 * route is densified every DENSIFY_ROUTE_M), and an area point that
 * matters within 26 km plus the half width (5 km at most): c <= 31 km /
 * 6371 km, so c^2/6 < 4e-6. route.h and docs/api.md give the bounds that
 * follow.
 *
 * Route segments are geodesics, so they are followed point by point
 * (every DENSIFY_ROUTE_M) before projecting; area edges are straight in
 * lon/lat, as the register draws them, so they are densified in degrees
 * (DENSIFY_AREA_DEG) before projecting. Both keep the projected lines
 * within a fraction of a millimetre of the true ones.
 */
#include "core/route_int.h"

#include <geodesic.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <string.h>

#define DENSIFY_ROUTE_M 1000.0
#define PIECE_M 50000.0
#define DENSIFY_AREA_DEG 0.001
#define ARC_TOL_M 0.005      /* buffer arcs: largest gap between arc and chord */
#define BOX_MARGIN_M 10.0    /* around a piece's corridor box */
#define M_PER_DEG_MIN 110000.0 /* fewer metres than any degree of latitude holds */
#define WGS84_A 6378137.0
#define WGS84_F (1 / 298.257223563)

typedef struct {
	size_t first, count; /* densified points [first, first + count) */
	PJ *pj;              /* lon/lat (radians) -> metres about the centre */
	double *xy;          /* the points projected, count pairs */
	double *cum;         /* planar length along the piece to each point */
	GEOSGeometry *line;  /* the same as a line */
	hr_bbox box;         /* lon/lat box of the piece's corridor */
} piece;

struct hr_route_plan {
	hr_geos *g;
	PJ_CONTEXT *pjc;
	struct geod_geodesic geod;
	double half;       /* half the width, metres */
	double length;     /* metres */
	size_t n;          /* densified points */
	hr_point *ll;
	double *s;         /* metres along the route of each */
	size_t npieces;
	piece *pieces;
	int quadsegs;      /* buffer segments per quarter circle */
};

static void wgs84(struct geod_geodesic *g)
{
	geod_init(g, WGS84_A, WGS84_F);
}

static int point_ok(hr_point p)
{
	return isfinite(p.lon) && isfinite(p.lat) && p.lon >= -180 && p.lon <= 180 &&
	       p.lat >= -90 && p.lat <= 90;
}

int hr_geodesic_distance(hr_point a, hr_point b, double *out)
{
	struct geod_geodesic g;
	if (!out || !point_ok(a) || !point_ok(b))
		return HR_EINVAL;
	wgs84(&g);
	geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, out, NULL, NULL);
	return 0;
}

int hr_route_check(const hr_point *pts, size_t n, double width_m, double *length_m,
                   hr_route_problem *why, size_t *where)
{
	struct geod_geodesic g;
	hr_route_problem dummy;
	size_t dummy_where;
	double len = 0;

	why = why ? why : &dummy;
	where = where ? where : &dummy_where;
	*why = HR_ROUTE_OK;
	*where = 0;
	if (!pts && n)
		return HR_EINVAL;
	if (n < 2)
		*why = HR_ROUTE_TOO_FEW;
	else if (n > HR_ROUTE_MAX_POINTS)
		*why = HR_ROUTE_TOO_MANY;
	for (size_t i = 0; *why == HR_ROUTE_OK && i < n; i++) {
		*where = i;
		if (!point_ok(pts[i]))
			*why = HR_ROUTE_BAD_POINT;
		/* the shorter way round must not cross +-180 degrees */
		else if (i > 0 && fabs(pts[i].lon - pts[i - 1].lon) >= 180)
			*why = HR_ROUTE_ANTIMERIDIAN;
	}
	if (*why != HR_ROUTE_OK)
		return HR_EINVAL;
	*where = 0;
	wgs84(&g);
	for (size_t i = 1; i < n; i++) {
		double d;
		geod_inverse(&g, pts[i - 1].lat, pts[i - 1].lon, pts[i].lat, pts[i].lon, &d, NULL,
		             NULL);
		len += d;
	}
	if (length_m)
		*length_m = len;
	if (!(width_m >= HR_ROUTE_MIN_WIDTH_M && width_m <= HR_ROUTE_MAX_WIDTH_M))
		*why = HR_ROUTE_BAD_WIDTH;
	else if (len > HR_ROUTE_MAX_LENGTH_M)
		*why = HR_ROUTE_TOO_LONG;
	return *why == HR_ROUTE_OK ? 0 : HR_EINVAL;
}

/* ---- the plan ---- */

/* The route followed along its geodesics, a point every DENSIFY_ROUTE_M
 * at most, repeated positions dropped. */
static int densify(hr_route_plan *p, const hr_point *pts, size_t n)
{
	size_t cap = n, k = 0;
	for (size_t i = 1; i < n; i++) {
		double d;
		geod_inverse(&p->geod, pts[i - 1].lat, pts[i - 1].lon, pts[i].lat, pts[i].lon, &d, NULL,
		             NULL);
		cap += (size_t)ceil(d / DENSIFY_ROUTE_M);
	}
	cap += 1;
	if (!(p->ll = hr__malloc(cap * sizeof *p->ll)) || !(p->s = hr__malloc(cap * sizeof *p->s)))
		return HR_ENOMEM;
	p->ll[k] = pts[0];
	p->s[k++] = 0;
	for (size_t i = 1; i < n; i++) {
		struct geod_geodesicline l;
		double d, base = p->s[k - 1];
		size_t parts;
		geod_inverseline(&l, &p->geod, pts[i - 1].lat, pts[i - 1].lon, pts[i].lat, pts[i].lon,
		                 GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
		d = l.s13;
		if (!(d > 0))
			continue;
		parts = (size_t)ceil(d / DENSIFY_ROUTE_M);
		for (size_t j = 1; j < parts; j++) {
			double at = d * (double)j / (double)parts;
			geod_position(&l, at, &p->ll[k].lat, &p->ll[k].lon, NULL);
			p->s[k++] = base + at;
		}
		p->ll[k] = pts[i];
		p->s[k++] = base + d;
	}
	if (k == 1) { /* one place: the corridor is a disc around it */
		p->ll[k] = p->ll[0];
		p->s[k++] = 0;
	}
	p->n = k;
	p->length = p->s[k - 1];
	return 0;
}

static int project_cb(double *x, double *y, void *ctx)
{
	PJ_COORD c = proj_trans(ctx, PJ_FWD, proj_coord(proj_torad(*x), proj_torad(*y), 0, 0));
	if (!isfinite(c.xy.x) || !isfinite(c.xy.y))
		return 0;
	*x = c.xy.x;
	*y = c.xy.y;
	return 1;
}

/* The lon/lat box of everything within the half width of the points. */
static void corridor_box(hr_route_plan *p, piece *pc)
{
	hr_bbox b = {180, 90, -180, -90};
	double dlat, lat, dlon;
	for (size_t i = pc->first; i < pc->first + pc->count; i++) {
		b.west = fmin(b.west, p->ll[i].lon);
		b.east = fmax(b.east, p->ll[i].lon);
		b.south = fmin(b.south, p->ll[i].lat);
		b.north = fmax(b.north, p->ll[i].lat);
	}
	dlat = (p->half + BOX_MARGIN_M) / M_PER_DEG_MIN;
	lat = fmax(fabs(b.south), fabs(b.north)) + dlat;
	dlon = lat < 89.9 ? dlat / cos(lat * M_PI / 180) : 360;
	pc->box.west = fmax(-180, b.west - dlon);
	pc->box.east = fmin(180, b.east + dlon);
	pc->box.south = fmax(-90, b.south - dlat);
	pc->box.north = fmin(90, b.north + dlat);
}

static int make_piece(hr_route_plan *p, piece *pc, size_t first, size_t last)
{
	GEOSContextHandle_t ctx = p->g->ctx;
	GEOSCoordSequence *cs;
	double mid = (p->s[first] + p->s[last]) / 2;
	size_t c = first;
	char def[160];

	pc->first = first;
	pc->count = last - first + 1;
	while (c < last && p->s[c + 1] <= mid)
		c++;
	snprintf(def, sizeof def, "+proj=aeqd +lat_0=%.10f +lon_0=%.10f +ellps=WGS84 +units=m",
	         p->ll[c].lat, p->ll[c].lon);
	if (!(pc->pj = proj_create(p->pjc, def))) {
		hr__fmt(p->g->msg, sizeof p->g->msg, "PROJ cannot make the projection: %s",
		        proj_context_errno_string(p->pjc, proj_context_errno(p->pjc)));
		return HR_ERROR;
	}
	if (!(pc->xy = hr__malloc(2 * pc->count * sizeof *pc->xy)) ||
	    !(pc->cum = hr__malloc(pc->count * sizeof *pc->cum)))
		return HR_ENOMEM;
	for (size_t i = 0; i < pc->count; i++) {
		double *xy = pc->xy + 2 * i;
		xy[0] = p->ll[first + i].lon;
		xy[1] = p->ll[first + i].lat;
		if (!project_cb(&xy[0], &xy[1], pc->pj)) {
			hr__fmt(p->g->msg, sizeof p->g->msg, "PROJ cannot project a route position");
			return HR_ERROR;
		}
		pc->cum[i] = i ? pc->cum[i - 1] + hypot(xy[0] - xy[-2], xy[1] - xy[-1]) : 0;
	}
	cs = GEOSCoordSeq_copyFromBuffer_r(ctx, pc->xy, pc->count, 0, 0);
	if (!cs || !(pc->line = GEOSGeom_createLineString_r(ctx, cs)))
		return HR_ERROR;
	corridor_box(p, pc);
	return 0;
}

/* Pieces of at most PIECE_M along the route; neighbours share a point. */
static int make_pieces(hr_route_plan *p)
{
	size_t cap = (size_t)(p->length / PIECE_M) + 2 + p->n / 2, first = 0;
	int rc = 0;
	if (!(p->pieces = hr__calloc(cap, sizeof *p->pieces)))
		return HR_ENOMEM;
	while (rc == 0 && first + 1 < p->n && p->npieces < cap) {
		size_t last = first + 1;
		while (last + 1 < p->n && p->s[last + 1] - p->s[first] <= PIECE_M)
			last++;
		rc = make_piece(p, &p->pieces[p->npieces++], first, last);
		first = last;
	}
	return rc;
}

int hr_route__plan(hr_geos *g, const hr_point *pts, size_t n, double width_m,
                   hr_route_plan **out, hr_route_problem *why, size_t *where)
{
	hr_route_plan *p;
	int rc;

	*out = NULL;
	if ((rc = hr_route_check(pts, n, width_m, NULL, why, where)))
		return rc;
	if (!(p = hr__calloc(1, sizeof *p)))
		return HR_ENOMEM;
	p->g = g;
	p->half = width_m / 2;
	wgs84(&p->geod);
	/* arcs of the buffer within ARC_TOL_M of the circle: half an arc
	 * segment's angle a/2 with half*(1 - cos(a/2)) <= ARC_TOL_M */
	p->quadsegs = (int)ceil((M_PI / 4) / acos(1 - fmin(ARC_TOL_M / p->half, 1)));
	p->quadsegs = p->quadsegs < 8 ? 8 : p->quadsegs > 1024 ? 1024 : p->quadsegs;
	if (!(p->pjc = proj_context_create())) {
		hr_route__plan_free(p);
		return HR_ENOMEM;
	}
	proj_log_level(p->pjc, PJ_LOG_NONE);
	if ((rc = densify(p, pts, n)) || (rc = make_pieces(p))) {
		hr_route__plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void hr_route__plan_free(hr_route_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->npieces; i++) {
		if (p->pieces[i].pj)
			proj_destroy(p->pieces[i].pj);
		if (p->pieces[i].line)
			GEOSGeom_destroy_r(p->g->ctx, p->pieces[i].line);
		hr_free(p->pieces[i].xy);
		hr_free(p->pieces[i].cum);
	}
	hr_free(p->pieces);
	if (p->pjc)
		proj_context_destroy(p->pjc);
	hr_free(p->ll);
	hr_free(p->s);
	hr_free(p);
}

double hr_route__length(const hr_route_plan *p)
{
	return p->length;
}

size_t hr_route__npieces(const hr_route_plan *p)
{
	return p->npieces;
}

const hr_bbox *hr_route__piece_box(const hr_route_plan *p, size_t i)
{
	return &p->pieces[i].box;
}

/* ---- where the corridor meets a geometry ---- */

static int boxes_meet(const hr_bbox *a, const hr_bbox *b)
{
	return a->west <= b->east && b->west <= a->east && a->south <= b->north &&
	       b->south <= a->north;
}

/*
 * Positions on a piece are planar metres u along it (0 .. cum[count-1]).
 * A position's metres along the route take the planar fraction of its
 * (at most 1 km) segment on that segment's geodesic length.
 */
static size_t segment_of(const piece *pc, double u)
{
	size_t lo = 0, hi = pc->count - 2;
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		if (pc->cum[mid] <= u)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static double route_metres(const hr_route_plan *p, const piece *pc, double u)
{
	size_t k = segment_of(pc, u);
	double len = pc->cum[k + 1] - pc->cum[k];
	double t = len > 0 ? fmax(0, fmin(1, (u - pc->cum[k]) / len)) : 0;
	return p->s[pc->first + k] + t * (p->s[pc->first + k + 1] - p->s[pc->first + k]);
}

static void point_at(const piece *pc, double u, double *x, double *y)
{
	size_t k = segment_of(pc, u);
	const double *a = pc->xy + 2 * k;
	double len = pc->cum[k + 1] - pc->cum[k];
	double t = len > 0 ? fmax(0, fmin(1, (u - pc->cum[k]) / len)) : 0;
	*x = a[0] + t * (a[2] - a[0]);
	*y = a[1] + t * (a[3] - a[1]);
}

/* The position of (x, y), a point on segment k. */
static double position(const piece *pc, size_t k, double x, double y)
{
	const double *a = pc->xy + 2 * k;
	double dx = a[2] - a[0], dy = a[3] - a[1], d2 = dx * dx + dy * dy, t = 0;
	if (d2 > 0)
		t = fmax(0, fmin(1, ((x - a[0]) * dx + (y - a[1]) * dy) / d2));
	return pc->cum[k] + t * (pc->cum[k + 1] - pc->cum[k]);
}

typedef struct {
	hr_route_plan *p;
	const piece *pc;
	const GEOSPreparedGeometry *area; /* projected, not buffered */
	double lo, hi;                    /* the positions found inside the corridor */
	int found;
} reach;

static void widen_reach(reach *r, double u)
{
	r->lo = r->found ? fmin(r->lo, u) : u;
	r->hi = r->found ? fmax(r->hi, u) : u;
	r->found = 1;
}

/* Distance from the route at u to the area less the half width: <= 0
 * inside the corridor. */
static int gap(const reach *r, double u, double *out)
{
	GEOSContextHandle_t ctx = r->p->g->ctx;
	GEOSGeometry *pt;
	double x, y, d;
	int ok;
	point_at(r->pc, u, &x, &y);
	if (!(pt = GEOSGeom_createPointFromXY_r(ctx, x, y)))
		return HR_ERROR;
	ok = GEOSPreparedDistance_r(ctx, r->area, pt, &d);
	GEOSGeom_destroy_r(ctx, pt);
	*out = d - r->p->half;
	return ok == 1 ? 0 : HR_ERROR;
}

/*
 * From u inside the corridor, the exact edge of the corridor in direction
 * dir (-1 back, +1 on): step out, doubling, until outside, then halve the
 * bracket to a tenth of a millimetre. The buffer's chords lie inside its
 * arcs, so the points it gives are inside and only ever move outwards.
 */
static int refine(const reach *r, double u, int dir, double *out)
{
	double end = dir < 0 ? 0 : r->pc->cum[r->pc->count - 1], step = 0.001, in = u, o, g;
	int rc;
	for (;;) {
		o = dir < 0 ? fmax(end, in - step) : fmin(end, in + step);
		if ((rc = gap(r, o, &g)))
			return rc;
		if (g > 0)
			break;
		in = o;
		if (o == end) {
			*out = end;
			return 0;
		}
		step *= 2;
	}
	while (fabs(o - in) > 1e-4) {
		double mid = (in + o) / 2;
		if ((rc = gap(r, mid, &g)))
			return rc;
		*(g > 0 ? &o : &in) = mid;
	}
	*out = in;
	return 0;
}

/* Every point where the piece runs inside buf, on each segment. */
static int crossings(reach *r, const GEOSGeometry *buf)
{
	GEOSContextHandle_t ctx = r->p->g->ctx;
	const piece *pc = r->pc;
	const GEOSPreparedGeometry *prep = GEOSPrepare_r(ctx, buf);
	hr_bbox env;
	int rc = 0;

	if (!prep || GEOSGeom_getXMin_r(ctx, buf, &env.west) != 1 ||
	    GEOSGeom_getXMax_r(ctx, buf, &env.east) != 1 ||
	    GEOSGeom_getYMin_r(ctx, buf, &env.south) != 1 ||
	    GEOSGeom_getYMax_r(ctx, buf, &env.north) != 1) {
		if (prep)
			GEOSPreparedGeom_destroy_r(ctx, prep);
		return HR_ERROR;
	}
	for (size_t k = 0; k + 1 < pc->count && rc == 0; k++) {
		const double *a = pc->xy + 2 * k;
		hr_bbox seg = {fmin(a[0], a[2]), fmin(a[1], a[3]), fmax(a[0], a[2]), fmax(a[1], a[3])};
		GEOSCoordSequence *cs;
		GEOSGeometry *line, *inter = NULL, *pts = NULL;
		char hit;

		if (!boxes_meet(&seg, &env))
			continue;
		if (!(cs = GEOSCoordSeq_copyFromBuffer_r(ctx, a, 2, 0, 0)) ||
		    !(line = GEOSGeom_createLineString_r(ctx, cs))) {
			rc = HR_ERROR;
			break;
		}
		hit = GEOSPreparedIntersects_r(ctx, prep, line);
		if (hit == 1 && (inter = GEOSIntersection_r(ctx, line, buf)) &&
		    (pts = GEOSGeom_extractUniquePoints_r(ctx, inter))) {
			int npts = GEOSGetNumGeometries_r(ctx, pts);
			for (int i = 0; i < npts; i++) {
				const GEOSGeometry *pt = GEOSGetGeometryN_r(ctx, pts, i);
				double x, y;
				if (GEOSGeomGetX_r(ctx, pt, &x) == 1 && GEOSGeomGetY_r(ctx, pt, &y) == 1)
					widen_reach(r, position(pc, k, x, y));
			}
		} else if (hit != 0) {
			rc = HR_ERROR;
		}
		if (pts)
			GEOSGeom_destroy_r(ctx, pts);
		if (inter)
			GEOSGeom_destroy_r(ctx, inter);
		GEOSGeom_destroy_r(ctx, line);
	}
	GEOSPreparedGeom_destroy_r(ctx, prep);
	return rc;
}

/* The point of the piece nearest geom, when the buffer's chords let a
 * pass just inside the half width slip between them. */
static int nearest(reach *r, const GEOSGeometry *geom)
{
	GEOSContextHandle_t ctx = r->p->g->ctx;
	const piece *pc = r->pc;
	GEOSCoordSequence *cs = GEOSNearestPoints_r(ctx, pc->line, geom);
	double x, y, best = INFINITY, u = 0;

	if (!cs || !GEOSCoordSeq_getXY_r(ctx, cs, 0, &x, &y)) {
		if (cs)
			GEOSCoordSeq_destroy_r(ctx, cs);
		return HR_ERROR;
	}
	GEOSCoordSeq_destroy_r(ctx, cs);
	for (size_t k = 0; k + 1 < pc->count; k++) {
		double v = position(pc, k, x, y), px, py;
		point_at(pc, v, &px, &py);
		if (hypot(px - x, py - y) < best) {
			best = hypot(px - x, py - y);
			u = v;
		}
	}
	widen_reach(r, u);
	return 0;
}

static void widen(hr_route_span *out, double s)
{
	if (s < out->enter_m)
		out->enter_m = s;
	if (s > out->leave_m)
		out->leave_m = s;
}

/* Where along the piece the corridor reaches proj (projected, within the
 * half width somewhere): the buffer's crossings, refined to the exact
 * distance. */
static int reach_of(hr_route_plan *p, const piece *pc, const GEOSGeometry *proj,
                    hr_route_span *out)
{
	GEOSContextHandle_t ctx = p->g->ctx;
	GEOSGeometry *buf = GEOSBuffer_r(ctx, proj, p->half, p->quadsegs);
	reach r = {p, pc, NULL, 0, 0, 0};
	double lo = 0, hi = 0;
	int rc = buf ? 0 : HR_ERROR;

	if (rc == 0 && !(r.area = GEOSPrepare_r(ctx, proj)))
		rc = HR_ERROR;
	if (rc == 0)
		rc = crossings(&r, buf);
	if (rc == 0 && !r.found)
		rc = nearest(&r, proj);
	if (rc == 0)
		rc = refine(&r, r.lo, -1, &lo);
	if (rc == 0)
		rc = refine(&r, r.hi, +1, &hi);
	if (rc == 0) {
		widen(out, route_metres(p, pc, lo));
		widen(out, route_metres(p, pc, hi));
	}
	if (r.area)
		GEOSPreparedGeom_destroy_r(ctx, r.area);
	if (buf)
		GEOSGeom_destroy_r(ctx, buf);
	return rc;
}

/* The corridor of one piece against geom. */
static int span_piece(hr_route_plan *p, const piece *pc, const GEOSGeometry *geom,
                      hr_route_span *out)
{
	GEOSContextHandle_t ctx = p->g->ctx;
	GEOSGeometry *clip = NULL, *dense = NULL, *proj = NULL;
	double d;
	int rc = 0;

	clip = GEOSClipByRect_r(ctx, geom, pc->box.west, pc->box.south, pc->box.east,
	                        pc->box.north);
	if (!clip)
		return HR_ERROR;
	if (GEOSisEmpty_r(ctx, clip) == 1)
		goto done;
	if (!(dense = GEOSDensify_r(ctx, clip, DENSIFY_AREA_DEG)) ||
	    !(proj = GEOSGeom_transformXY_r(ctx, dense, project_cb, pc->pj)) ||
	    GEOSDistance_r(ctx, pc->line, proj, &d) != 1) {
		rc = HR_ERROR;
		goto done;
	}
	if (d < out->distance_m)
		out->distance_m = d;
	if (d > p->half)
		goto done;
	out->meets = 1;
	rc = reach_of(p, pc, proj, out);
done:
	if (proj)
		GEOSGeom_destroy_r(ctx, proj);
	if (dense)
		GEOSGeom_destroy_r(ctx, dense);
	GEOSGeom_destroy_r(ctx, clip);
	return rc;
}

int hr_route__span(hr_route_plan *p, const GEOSGeometry *geom, const hr_bbox *env,
                   hr_route_span *out)
{
	int rc = 0;
	out->meets = 0;
	out->distance_m = INFINITY;
	out->enter_m = INFINITY;
	out->leave_m = -INFINITY;
	for (size_t i = 0; i < p->npieces && rc == 0; i++)
		if (boxes_meet(&p->pieces[i].box, env))
			rc = span_piece(p, &p->pieces[i], geom, out);
	if (rc == 0 && !out->meets) {
		out->enter_m = out->leave_m = 0;
		/* nowhere near: not measured, but at least the half width */
		if (!isfinite(out->distance_m))
			out->distance_m = p->half;
	}
	if (rc && !p->g->msg[0])
		hr__fmt(p->g->msg, sizeof p->g->msg, "GEOS failed on the route's corridor");
	return rc;
}

int hr_route_span_wkb(const hr_point *pts, size_t n, double width_m, const unsigned char *wkb,
                      size_t len, hr_route_span *out)
{
	hr_route_plan *p = NULL;
	GEOSGeometry *geom = NULL;
	hr_bbox env;
	hr_geos g;
	int rc;

	if (!out || !wkb)
		return HR_EINVAL;
	if ((rc = hr_geos__init(&g)))
		return rc;
	if ((rc = hr_route__plan(&g, pts, n, width_m, &p, NULL, NULL)))
		goto done;
	geom = hr_geos__read(&g, wkb, len);
	if (!geom || GEOSGeom_getXMin_r(g.ctx, geom, &env.west) != 1 ||
	    GEOSGeom_getXMax_r(g.ctx, geom, &env.east) != 1 ||
	    GEOSGeom_getYMin_r(g.ctx, geom, &env.south) != 1 ||
	    GEOSGeom_getYMax_r(g.ctx, geom, &env.north) != 1) {
		rc = HR_EINVAL;
		goto done;
	}
	rc = hr_route__span(p, geom, &env, out);
done:
	if (geom)
		GEOSGeom_destroy_r(g.ctx, geom);
	hr_route__plan_free(p);
	hr_geos__finish(&g);
	return rc;
}
