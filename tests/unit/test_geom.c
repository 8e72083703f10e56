/*
 * test_geom.c - geometry rules: GEOS's reasons for bad polygons, snapping
 * to the grid, RFC 7946 orientation, WGS84 bounds, GeoJSON output.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hazreg/hazreg.h"
#include "test.h"

static int poly(const double *xy, size_t n, char *err, size_t errlen, char **json)
{
	unsigned char *wkb = NULL;
	size_t len = 0, npts[1] = {n}, nr[1] = {1};
	int rc = hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, errlen);
	if (rc == 0 && json)
		hr_geom_to_geojson(json, wkb, len);
	if (rc == 0)
		HR_CHECK_INT_EQ(hr_geom_check(wkb, len, NULL, err, errlen), 0);
	hr_free(wkb);
	return rc;
}

int main(void)
{
	char err[256];
	char *json = NULL;
	/* clockwise square: stored counter-clockwise */
	double cw[] = {37, 48, 37, 48.01, 37.01, 48.01, 37.01, 48, 37, 48};
	HR_CHECK_INT_EQ(poly(cw, 5, err, sizeof err, &json), 0);
	HR_CHECK_STR_EQ(json, "{\"type\":\"Polygon\",\"coordinates\":[[[37,48],[37.01,48],"
	                      "[37.01,48.01],[37,48.01],[37,48]]]}");
	hr_free(json);
	json = NULL;
	/* snapping to 1e-7 degrees */
	double fine[] = {37.123456789, 48, 37.2, 48, 37.2, 48.1, 37.123456789, 48};
	HR_CHECK_INT_EQ(poly(fine, 4, err, sizeof err, &json), 0);
	HR_CHECK(json && strstr(json, "37.1234568") != NULL);
	hr_free(json);
	/* GEOS's reasons */
	double bow[] = {37, 48, 37.01, 48.01, 37.01, 48, 37, 48.01, 37, 48};
	HR_CHECK_INT_EQ(poly(bow, 5, err, sizeof err, NULL), HR_EVALIDATE);
	HR_CHECK_STR_EQ(err, "invalid geometry: Self-intersection at 37.0050000 48.0050000");
	double open[] = {37, 48, 37.01, 48, 37.01, 48.01, 37, 48.01};
	HR_CHECK_INT_EQ(poly(open, 4, err, sizeof err, NULL), HR_EVALIDATE);
	HR_CHECK(strstr(err, "closed linestring") != NULL);
	double few[] = {37, 48, 37.01, 48, 37, 48};
	HR_CHECK_INT_EQ(poly(few, 3, err, sizeof err, NULL), HR_EVALIDATE);
	HR_CHECK(strstr(err, "Too few points") != NULL || strstr(err, "Invalid number of points") != NULL);
	double far[] = {37, 48, 181, 48, 37, 49, 37, 48};
	HR_CHECK_INT_EQ(poly(far, 4, err, sizeof err, NULL), HR_EVALIDATE);
	HR_CHECK(strstr(err, "outside WGS84") != NULL);
	double nan[] = {37, 48, NAN, 48, 37, 49, 37, 48};
	HR_CHECK_INT_EQ(poly(nan, 4, err, sizeof err, NULL), HR_EVALIDATE);
	/* a hole: exterior CCW, hole CW, valid */
	{
		double xy[] = {37, 48, 37.1, 48, 37.1, 48.1, 37, 48.1, 37, 48,
		               37.02, 48.02, 37.08, 48.02, 37.08, 48.08, 37.02, 48.08, 37.02, 48.02};
		size_t npts[2] = {5, 5}, nr[1] = {2};
		unsigned char *wkb = NULL;
		size_t len = 0;
		hr_bbox b;
		hr_point p;
		HR_CHECK_INT_EQ(hr_geom_polygon(&wkb, &len, xy, npts, 2, nr, 1, 0, err, sizeof err), 0);
		HR_CHECK_INT_EQ(hr_geom_to_geojson(&json, wkb, len), 0);
		HR_CHECK(json && strstr(json, "[[37.02,48.02],[37.02,48.08],[37.08,48.08]") != NULL);
		hr_free(json);
		HR_CHECK_INT_EQ(hr_geom_bbox(&b, wkb, len), 0);
		HR_CHECK(b.west == 37 && b.east == 37.1 && b.south == 48 && b.north == 48.1);
		HR_CHECK_INT_EQ(hr_geom_point_on_surface(&p, wkb, len), 0);
		HR_CHECK(!(p.lon > 37.02 && p.lon < 37.08 && p.lat > 48.02 && p.lat < 48.08));
		/* 0.1° x 0.1° minus 0.06² at 48°N: about 0.0064 deg² */
		{
			double m2 = hr_geom_area_m2(wkb, len), want = 0.0064 * 111319.49 * 111319.49 * cos(48.05 * M_PI / 180);
			HR_CHECK(fabs(m2 - want) / want < 0.01);
		}
		hr_free(wkb);
	}
	/* a point */
	{
		unsigned char *wkb = NULL;
		size_t len = 0;
		int type = 0;
		HR_CHECK_INT_EQ(hr_geom_point(&wkb, &len, 37.5, 48.25, err, sizeof err), 0);
		HR_CHECK_INT_EQ(hr_geom_check(wkb, len, &type, err, sizeof err), 0);
		HR_CHECK_INT_EQ(type, HR_GEOM_POINT);
		hr_free(wkb);
		HR_CHECK_INT_EQ(hr_geom_point(&wkb, &len, 37.5, 91, err, sizeof err), HR_EVALIDATE);
	}
	/* one geometry, one byte string: big-endian WKB or trailing bytes are
	 * refused, so are coordinates off the grid */
	{
		static const unsigned char be_point[21] = {0, 0, 0, 0, 1, 0x40, 0x42, 0xc0, 0, 0, 0, 0, 0,
		                                           0x40, 0x48, 0x20, 0, 0, 0, 0, 0};
		unsigned char *wkb = NULL, *longer = NULL;
		size_t len = 0;
		double off = 37.5 + 4e-10;
		HR_CHECK_INT_EQ(hr_geom_check(be_point, sizeof be_point, NULL, err, sizeof err),
		                HR_EVALIDATE);
		HR_CHECK(strstr(err, "canonical") != NULL);
		HR_CHECK_INT_EQ(hr_geom_point(&wkb, &len, 37.5, 48.25, err, sizeof err), 0);
		longer = calloc(1, len + 3);
		memcpy(longer, wkb, len);
		HR_CHECK(hr_geom_check(longer, len + 3, NULL, err, sizeof err) != 0);
		memcpy(wkb + 5, &off, 8);
		HR_CHECK_INT_EQ(hr_geom_check(wkb, len, NULL, err, sizeof err), HR_EVALIDATE);
		HR_CHECK(strstr(err, "grid") != NULL);
		free(longer);
		hr_free(wkb);
	}
	return HR_TEST_DONE();
}
