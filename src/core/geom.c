/*
 * geom.c - geometry rules of the register, done by GEOS's reentrant C API.
 *
 * Coordinates are snapped to a 1e-7 degree grid before anything else, so
 * that validity is judged on exactly what is stored and the canonical bytes
 * do not depend on how many digits an input happened to carry. Rings are
 * oriented as RFC 7946 asks (exterior counter-clockwise, holes clockwise).
 */
#include "core/register_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void on_geos_error(const char *message, void *userdata)
{
	hr_geos *g = userdata;
	hr__fmt(g->msg, sizeof g->msg, "%s", message);
}

int hr_geos__init(hr_geos *g)
{
	g->msg[0] = '\0';
	g->ctx = GEOS_init_r();
	if (!g->ctx)
		return HR_ENOMEM;
	GEOSContext_setErrorMessageHandler_r(g->ctx, on_geos_error, g);
	GEOSContext_setNoticeMessageHandler_r(g->ctx, NULL, NULL);
	return 0;
}

void hr_geos__finish(hr_geos *g)
{
	if (g && g->ctx) {
		GEOS_finish_r(g->ctx);
		g->ctx = NULL;
	}
}

GEOSGeometry *hr_geos__read(hr_geos *g, const unsigned char *wkb, size_t len)
{
	GEOSWKBReader *r = GEOSWKBReader_create_r(g->ctx);
	GEOSGeometry *geom;
	if (!r)
		return NULL;
	geom = GEOSWKBReader_read_r(g->ctx, r, wkb, len);
	GEOSWKBReader_destroy_r(g->ctx, r);
	return geom;
}

int hr_geos__write(hr_geos *g, const GEOSGeometry *geom, unsigned char **wkb, size_t *len)
{
	GEOSWKBWriter *w = GEOSWKBWriter_create_r(g->ctx);
	unsigned char *tmp;
	size_t n = 0;
	int rc = 0;
	*wkb = NULL;
	if (!w)
		return HR_ENOMEM;
	GEOSWKBWriter_setOutputDimension_r(g->ctx, w, 2);
	GEOSWKBWriter_setByteOrder_r(g->ctx, w, GEOS_WKB_NDR);
	tmp = GEOSWKBWriter_write_r(g->ctx, w, geom, &n);
	GEOSWKBWriter_destroy_r(g->ctx, w);
	if (!tmp)
		return HR_ENOMEM;
	*wkb = hr__malloc(n);
	if (!*wkb)
		rc = HR_ENOMEM;
	else
		memcpy(*wkb, tmp, n);
	*len = n;
	GEOSFree_r(g->ctx, tmp);
	return rc;
}

static double snap(double v)
{
	/* dividing by the integer 1e7 gives the double nearest the decimal
	 * value, so 37.1 stays 37.1 rather than 37.100000000000001 */
	return round(v * 1e7) / 1e7;
}

static int check_position(double lon, double lat, char *err, size_t errlen)
{
	if (!isfinite(lon) || !isfinite(lat)) {
		hr__fmt(err, errlen, "coordinate is not a finite number");
		return HR_EVALIDATE;
	}
	if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
		hr__fmt(err, errlen, "position %.7f %.7f is outside WGS84 longitude/latitude bounds", lon,
		        lat);
		return HR_EVALIDATE;
	}
	return 0;
}

int hr_geom_point(unsigned char **wkb, size_t *len, double lon, double lat, char *err,
                  size_t errlen)
{
	hr_geos g;
	GEOSGeometry *pt = NULL;
	int rc;
	if (!wkb || !len)
		return HR_EINVAL;
	*wkb = NULL;
	if ((rc = check_position(lon, lat, err, errlen)))
		return rc;
	if ((rc = hr_geos__init(&g)))
		return rc;
	pt = GEOSGeom_createPointFromXY_r(g.ctx, snap(lon), snap(lat));
	if (!pt) {
		rc = HR_ENOMEM;
		goto done;
	}
	rc = hr_geos__write(&g, pt, wkb, len);
done:
	if (pt)
		GEOSGeom_destroy_r(g.ctx, pt);
	hr_geos__finish(&g);
	return rc;
}

/* Twice the signed area of a ring (shoelace): > 0 counter-clockwise. */
static double ring_area2(const double *xy, size_t n)
{
	double a = 0;
	for (size_t i = 0; i + 1 < n; i++)
		a += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
	return a;
}

/* Make one GEOS ring from snapped positions, reversed when `reverse`. GEOS
 * itself refuses unclosed rings and rings of fewer than four positions. */
static GEOSGeometry *make_ring(hr_geos *g, const double *xy, size_t n, int reverse)
{
	GEOSCoordSequence *cs = GEOSCoordSeq_create_r(g->ctx, (unsigned)n, 2);
	if (!cs)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t k = reverse ? n - 1 - i : i;
		GEOSCoordSeq_setXY_r(g->ctx, cs, (unsigned)i, xy[2 * k], xy[2 * k + 1]);
	}
	return GEOSGeom_createLinearRing_r(g->ctx, cs); /* takes cs, even on failure */
}

static void destroy_all(hr_geos *g, GEOSGeometry **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i])
			GEOSGeom_destroy_r(g->ctx, v[i]);
}

/* Report GEOS's validity verdict with its location. */
static int validity(hr_geos *g, const GEOSGeometry *geom, char *err, size_t errlen)
{
	char *reason = NULL;
	GEOSGeometry *where = NULL;
	char v = GEOSisValidDetail_r(g->ctx, geom, 0, &reason, &where);
	int rc = 0;
	if (v == 1)
		goto done;
	rc = HR_EVALIDATE;
	if (v == 2 || !reason) {
		hr__fmt(err, errlen, "invalid geometry: %s", g->msg[0] ? g->msg : "GEOS failed");
		goto done;
	}
	if (where) {
		double x = 0, y = 0;
		GEOSGeomGetX_r(g->ctx, where, &x);
		GEOSGeomGetY_r(g->ctx, where, &y);
		hr__fmt(err, errlen, "invalid geometry: %s at %.7f %.7f", reason, x, y);
	} else {
		hr__fmt(err, errlen, "invalid geometry: %s", reason);
	}
done:
	if (reason)
		GEOSFree_r(g->ctx, reason);
	if (where)
		GEOSGeom_destroy_r(g->ctx, where);
	return rc;
}

int hr_geom_polygon(unsigned char **wkb, size_t *len, const double *xy, const size_t *ring_npts,
                    size_t nrings, const size_t *poly_nrings, size_t npolys, int multi, char *err,
                    size_t errlen)
{
	hr_geos g;
	GEOSGeometry **rings = NULL, **polys = NULL, *geom = NULL;
	double *snapped = NULL;
	size_t total = 0, used = 0;
	int rc;
	if (!wkb || !len || !xy || !ring_npts || !poly_nrings)
		return HR_EINVAL;
	*wkb = NULL;
	if (npolys == 0 || nrings == 0 || (!multi && npolys != 1)) {
		hr__fmt(err, errlen, "invalid geometry: a polygon needs at least one ring");
		return HR_EVALIDATE;
	}
	for (size_t p = 0; p < npolys; p++) {
		if (poly_nrings[p] == 0) {
			hr__fmt(err, errlen, "invalid geometry: polygon %zu has no ring", p);
			return HR_EVALIDATE;
		}
		used += poly_nrings[p];
	}
	if (used != nrings)
		return HR_EINVAL;
	for (size_t r = 0; r < nrings; r++) {
		if (ring_npts[r] == 0) {
			hr__fmt(err, errlen, "invalid geometry: ring %zu is empty", r);
			return HR_EVALIDATE;
		}
		total += ring_npts[r];
	}
	for (size_t i = 0; i < total; i++)
		if ((rc = check_position(xy[2 * i], xy[2 * i + 1], err, errlen)))
			return rc;
	if ((rc = hr_geos__init(&g)))
		return rc;
	snapped = hr__malloc(2 * total * sizeof *snapped);
	rings = hr__calloc(nrings, sizeof *rings);
	polys = hr__calloc(npolys, sizeof *polys);
	if (!snapped || !rings || !polys) {
		rc = HR_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < 2 * total; i++)
		snapped[i] = snap(xy[i]);
	{
		size_t r = 0, off = 0;
		for (size_t p = 0; p < npolys; p++) {
			for (size_t k = 0; k < poly_nrings[p]; k++, r++) {
				const double *ring = snapped + 2 * off;
				size_t n = ring_npts[r];
				double a = n >= 3 ? ring_area2(ring, n) : 0;
				/* exterior counter-clockwise (a > 0), holes clockwise */
				int reverse = k == 0 ? a < 0 : a > 0;
				g.msg[0] = '\0';
				rings[r] = make_ring(&g, ring, n, reverse);
				if (!rings[r]) {
					hr__fmt(err, errlen, "invalid geometry: polygon %zu ring %zu: %s", p,
					        k, g.msg[0] ? g.msg : "GEOS refused the ring");
					rc = HR_EVALIDATE;
					goto done;
				}
				off += n;
			}
		}
	}
	{
		size_t r = 0;
		for (size_t p = 0; p < npolys; p++) {
			GEOSGeometry *shell = rings[r];
			rings[r] = NULL;
			polys[p] = GEOSGeom_createPolygon_r(g.ctx, shell, rings + r + 1,
			                                    (unsigned)(poly_nrings[p] - 1));
			if (!polys[p]) {
				rc = HR_ENOMEM;
				goto done;
			}
			for (size_t k = 1; k < poly_nrings[p]; k++)
				rings[r + k] = NULL; /* now owned by the polygon */
			r += poly_nrings[p];
		}
	}
	if (multi) {
		geom = GEOSGeom_createCollection_r(g.ctx, GEOS_MULTIPOLYGON, polys, (unsigned)npolys);
		if (!geom) {
			rc = HR_ENOMEM;
			goto done;
		}
		memset(polys, 0, npolys * sizeof *polys);
	} else {
		geom = polys[0];
		polys[0] = NULL;
	}
	if ((rc = validity(&g, geom, err, errlen)))
		goto done;
	rc = hr_geos__write(&g, geom, wkb, len);
done:
	if (rings)
		destroy_all(&g, rings, nrings);
	if (polys)
		destroy_all(&g, polys, npolys);
	if (geom)
		GEOSGeom_destroy_r(g.ctx, geom);
	hr_free(rings);
	hr_free(polys);
	hr_free(snapped);
	hr_geos__finish(&g);
	return rc;
}

/* Every coordinate of geom on the grid and within bounds. */
static int coords_ok(hr_geos *g, const GEOSGeometry *geom, char *err, size_t errlen)
{
	GEOSGeometry *pts = GEOSGeom_extractUniquePoints_r(g->ctx, geom);
	int n, rc = 0;
	if (!pts)
		return HR_ENOMEM;
	n = GEOSGetNumGeometries_r(g->ctx, pts);
	for (int i = 0; i < n && rc == 0; i++) {
		const GEOSGeometry *p = GEOSGetGeometryN_r(g->ctx, pts, i);
		double x, y;
		GEOSGeomGetX_r(g->ctx, p, &x);
		GEOSGeomGetY_r(g->ctx, p, &y);
		if ((rc = check_position(x, y, err, errlen)))
			break;
		if (x != snap(x) || y != snap(y)) {
			hr__fmt(err, errlen, "coordinate %.12g %.12g is not on the 1e-7 degree grid", x, y);
			rc = HR_EVALIDATE;
		}
	}
	GEOSGeom_destroy_r(g->ctx, pts);
	return rc;
}

int hr_geom_check(const unsigned char *wkb, size_t len, int *type, char *err, size_t errlen)
{
	hr_geos g;
	GEOSGeometry *geom = NULL;
	int rc, t;
	if (!wkb || !len)
		return HR_EINVAL;
	if ((rc = hr_geos__init(&g)))
		return rc;
	geom = hr_geos__read(&g, wkb, len);
	if (!geom) {
		hr__fmt(err, errlen, "geometry does not decode: %s", g.msg);
		rc = HR_EVALIDATE;
		goto done;
	}
	t = GEOSGeomTypeId_r(g.ctx, geom);
	if (t != GEOS_POINT && t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON) {
		hr__fmt(err, errlen, "geometry type %d is not Point, Polygon or MultiPolygon", t);
		rc = HR_EVALIDATE;
		goto done;
	}
	if (GEOSisEmpty_r(g.ctx, geom) == 1) {
		hr__fmt(err, errlen, "geometry is empty");
		rc = HR_EVALIDATE;
		goto done;
	}
	if (GEOSHasZ_r(g.ctx, geom) == 1) {
		hr__fmt(err, errlen, "geometry has Z: only 2D is stored");
		rc = HR_EVALIDATE;
		goto done;
	}
	if ((rc = coords_ok(&g, geom, err, errlen)))
		goto done;
	{
		/* one geometry, one byte string: exactly what GEOS writes as 2D
		 * little-endian WKB (no big-endian, no SRID, nothing trailing) */
		unsigned char *again = NULL;
		size_t alen = 0;
		if ((rc = hr_geos__write(&g, geom, &again, &alen)))
			goto done;
		if (alen != len || memcmp(again, wkb, len) != 0) {
			hr__fmt(err, errlen, "geometry is not in canonical form (2D little-endian WKB)");
			rc = HR_EVALIDATE;
		}
		hr_free(again);
		if (rc)
			goto done;
	}
	if ((rc = validity(&g, geom, err, errlen)))
		goto done;
	if (type)
		*type = t == GEOS_POINT ? HR_GEOM_POINT
		        : t == GEOS_POLYGON ? HR_GEOM_POLYGON : HR_GEOM_MULTIPOLYGON;
done:
	if (geom)
		GEOSGeom_destroy_r(g.ctx, geom);
	hr_geos__finish(&g);
	return rc;
}

int hr_geom_bbox(hr_bbox *out, const unsigned char *wkb, size_t len)
{
	hr_geos g;
	GEOSGeometry *geom;
	int rc = 0;
	if (!out || !wkb)
		return HR_EINVAL;
	if ((rc = hr_geos__init(&g)))
		return rc;
	geom = hr_geos__read(&g, wkb, len);
	if (!geom || GEOSGeom_getXMin_r(g.ctx, geom, &out->west) != 1 ||
	    GEOSGeom_getXMax_r(g.ctx, geom, &out->east) != 1 ||
	    GEOSGeom_getYMin_r(g.ctx, geom, &out->south) != 1 ||
	    GEOSGeom_getYMax_r(g.ctx, geom, &out->north) != 1)
		rc = HR_EVALIDATE;
	if (geom)
		GEOSGeom_destroy_r(g.ctx, geom);
	hr_geos__finish(&g);
	return rc;
}

/* Print a coordinate with 7 decimals, trailing zeros trimmed. */
static void put_coord(hr_buf *b, double v)
{
	/* "%.7f" of the largest double takes 317 bytes: WKB read from another
	 * tool's file (a GeoPackage import) may hold any number */
	char s[400];
	int n = snprintf(s, sizeof s, "%.7f", v);
	if (n < 0 || (size_t)n >= sizeof s)
		n = 0;
	while (n > 1 && s[n - 1] == '0')
		n--;
	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 2 && s[0] == '-' && s[1] == '0') {
		s[0] = '0';
		n = 1;
	}
	hr_buf_put(b, s, (size_t)n);
}

static void put_seq(hr_geos *g, hr_buf *b, const GEOSGeometry *line)
{
	const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(g->ctx, line);
	unsigned n = 0;
	GEOSCoordSeq_getSize_r(g->ctx, cs, &n);
	hr_buf_putc(b, '[');
	for (unsigned i = 0; i < n; i++) {
		double x, y;
		GEOSCoordSeq_getXY_r(g->ctx, cs, i, &x, &y);
		hr_buf_put(b, i ? ",[" : "[", i ? 2 : 1);
		put_coord(b, x);
		hr_buf_putc(b, ',');
		put_coord(b, y);
		hr_buf_putc(b, ']');
	}
	hr_buf_putc(b, ']');
}

static void put_polygon(hr_geos *g, hr_buf *b, const GEOSGeometry *poly)
{
	int nh = GEOSGetNumInteriorRings_r(g->ctx, poly);
	hr_buf_putc(b, '[');
	put_seq(g, b, GEOSGetExteriorRing_r(g->ctx, poly));
	for (int i = 0; i < nh; i++) {
		hr_buf_putc(b, ',');
		put_seq(g, b, GEOSGetInteriorRingN_r(g->ctx, poly, i));
	}
	hr_buf_putc(b, ']');
}

int hr_geom_to_geojson(char **out, const unsigned char *wkb, size_t len)
{
	hr_geos g;
	GEOSGeometry *geom = NULL;
	hr_buf b = {0};
	int rc = 0, t;
	if (!out || !wkb)
		return HR_EINVAL;
	*out = NULL;
	if ((rc = hr_geos__init(&g)))
		return rc;
	geom = hr_geos__read(&g, wkb, len);
	if (!geom) {
		rc = HR_EVALIDATE;
		goto done;
	}
	t = GEOSGeomTypeId_r(g.ctx, geom);
	if (t == GEOS_POINT) {
		double x, y;
		GEOSGeomGetX_r(g.ctx, geom, &x);
		GEOSGeomGetY_r(g.ctx, geom, &y);
		hr_buf_printf(&b, "{\"type\":\"Point\",\"coordinates\":[");
		put_coord(&b, x);
		hr_buf_putc(&b, ',');
		put_coord(&b, y);
		hr_buf_put(&b, "]}", 2);
	} else if (t == GEOS_POLYGON) {
		hr_buf_printf(&b, "{\"type\":\"Polygon\",\"coordinates\":");
		put_polygon(&g, &b, geom);
		hr_buf_putc(&b, '}');
	} else if (t == GEOS_MULTIPOLYGON) {
		int n = GEOSGetNumGeometries_r(g.ctx, geom);
		hr_buf_printf(&b, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
		for (int i = 0; i < n; i++) {
			if (i)
				hr_buf_putc(&b, ',');
			put_polygon(&g, &b, GEOSGetGeometryN_r(g.ctx, geom, i));
		}
		hr_buf_put(&b, "]}", 2);
	} else {
		rc = HR_EVALIDATE;
		goto done;
	}
	if (b.oom) {
		rc = HR_ENOMEM;
		goto done;
	}
	*out = (char *)b.p;
	b.p = NULL;
done:
	hr_buf_free(&b);
	if (geom)
		GEOSGeom_destroy_r(g.ctx, geom);
	hr_geos__finish(&g);
	return rc;
}

int hr_geom_point_on_surface(hr_point *out, const unsigned char *wkb, size_t len)
{
	hr_geos g;
	GEOSGeometry *geom = NULL, *pt = NULL;
	int rc = 0;
	if (!out || !wkb)
		return HR_EINVAL;
	if ((rc = hr_geos__init(&g)))
		return rc;
	geom = hr_geos__read(&g, wkb, len);
	pt = geom ? GEOSPointOnSurface_r(g.ctx, geom) : NULL;
	if (!pt || GEOSGeomGetX_r(g.ctx, pt, &out->lon) != 1 ||
	    GEOSGeomGetY_r(g.ctx, pt, &out->lat) != 1)
		rc = HR_EVALIDATE;
	else {
		out->lon = snap(out->lon);
		out->lat = snap(out->lat);
	}
	if (pt)
		GEOSGeom_destroy_r(g.ctx, pt);
	if (geom)
		GEOSGeom_destroy_r(g.ctx, geom);
	hr_geos__finish(&g);
	return rc;
}

/* degrees² to m² at the mean latitude of the geometry's envelope: fine for
 * areas of a few km (the register's hazardous areas and their parts) */
double hr_geom__area_m2_g(hr_geos *g, const GEOSGeometry *geom)
{
	double a = 0, ymin = 0, ymax = 0;
	if (geom && GEOSArea_r(g->ctx, geom, &a) == 1 && a > 0 &&
	    GEOSGeom_getYMin_r(g->ctx, geom, &ymin) == 1 &&
	    GEOSGeom_getYMax_r(g->ctx, geom, &ymax) == 1) {
		const double m = 111319.49079327357;
		/* in this order, to the last bit: stored area_m2 values were made so */
		return a * (m * m * cos((ymin + ymax) / 2 * M_PI / 180));
	}
	return 0;
}

double hr_geom_area_m2(const unsigned char *wkb, size_t len)
{
	hr_geos g;
	GEOSGeometry *geom;
	double a;
	if (!wkb || hr_geos__init(&g))
		return 0;
	geom = hr_geos__read(&g, wkb, len);
	a = hr_geom__area_m2_g(&g, geom);
	if (geom)
		GEOSGeom_destroy_r(g.ctx, geom);
	hr_geos__finish(&g);
	return a;
}

int hr_geom__to_multi(unsigned char **out, size_t *outlen, const unsigned char *wkb, size_t len)
{
	/* WKB Polygon (byte order 1, type 3) becomes a MultiPolygon of one:
	 * 01 06000000 01000000 followed by the polygon's own WKB. */
	size_t extra = 0;
	*out = NULL;
	if (len >= 5 && wkb[0] == 1 && wkb[1] == 3 && !wkb[2] && !wkb[3] && !wkb[4])
		extra = 9;
	*out = hr__malloc(len + extra);
	if (!*out)
		return HR_ENOMEM;
	if (extra) {
		static const unsigned char head[9] = {1, 6, 0, 0, 0, 1, 0, 0, 0};
		memcpy(*out, head, 9);
	}
	memcpy(*out + extra, wkb, len);
	*outlen = len + extra;
	return 0;
}
