/*
 * test_route.c - the route corridor against values computed here without
 * PROJ: geodesic lengths against Vincenty's formula (geodesic_ref.py
 * prints the table), a corridor passing 1 cm inside and outside an area's
 * edge, and a long route (several projected pieces) crossing several
 * areas, with where it enters and leaves each from meridian arcs
 * integrated here from the ellipsoid's radius of curvature.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hazreg/hazreg.h"
#include "test.h"

#define A 6378137.0
#define F (1 / 298.257223563)
#define E2 (F * (2 - F))
#define RAD (M_PI / 180)

#define CHECK_NEAR(a, b, tol)                                                                  \
	do {                                                                                     \
		double x_ = (a), y_ = (b);                                                       \
		hr_test_checks++;                                                                \
		if (!(fabs(x_ - y_) <= (tol))) {                                                 \
			hr_test_failures++;                                                      \
			fprintf(stderr, "%s:%d: %s ~ %s failed: %.6f vs %.6f (tolerance %g)\n",   \
			        __FILE__, __LINE__, #a, #b, x_, y_, (double)(tol));              \
		}                                                                                \
	} while (0)

/* Vincenty distances from geodesic_ref.py: lat1, lon1, lat2, lon2, metres. */
static const double REF[][5] = {
	{-37.9510334167, 144.4248678889, -37.6528211389, 143.9264955278, 54972.2711},
	{50.4501000000, 30.5234000000, 49.9935000000, 36.2304000000, 410332.2788},
	{48.0000000000, 37.0000000000, 48.0000000000, 37.0010000000, 74.6254},
	{49.0000000000, 36.0000000000, 49.3000000000, 36.0000000000, 33363.7928},
	{46.4825000000, 30.7233000000, 51.4982000000, 31.2893000000, 559324.3784},
	{-33.9249000000, 18.4241000000, 40.7128000000, -74.0060000000, 12552372.3881},
};

/* Prime-vertical radius of curvature N(phi). */
static double prime_vertical(double lat)
{
	double s = sin(lat * RAD);
	return A / sqrt(1 - E2 * s * s);
}

/* Meridian arc from lat0 to lat1 (degrees): Simpson's rule over the
 * meridional radius of curvature M = a(1 - e^2) / (1 - e^2 sin^2)^1.5. */
static double meridian_arc(double lat0, double lat1)
{
	const int n = 20000;
	double h = (lat1 - lat0) * RAD / n, sum = 0;
	for (int i = 0; i <= n; i++) {
		double s = sin(lat0 * RAD + i * h);
		double m = A * (1 - E2) / pow(1 - E2 * s * s, 1.5);
		sum += m * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
	}
	return sum * h / 3;
}

/* A lon/lat rectangle as little-endian polygon WKB, coordinates exact. */
static size_t rect_wkb(unsigned char *out, double w, double s, double e, double n)
{
	const double ring[10] = {w, s, e, s, e, n, w, n, w, s};
	uint32_t type = 3, nrings = 1, npts = 5;
	size_t k = 0;
	out[k++] = 1;
	memcpy(out + k, &type, 4);
	k += 4;
	memcpy(out + k, &nrings, 4);
	k += 4;
	memcpy(out + k, &npts, 4);
	k += 4;
	memcpy(out + k, ring, sizeof ring);
	return k + sizeof ring;
}

static void test_distances(void)
{
	for (size_t i = 0; i < sizeof REF / sizeof REF[0]; i++) {
		hr_point a = {REF[i][1], REF[i][0]}, b = {REF[i][3], REF[i][2]};
		double d = -1;
		HR_CHECK_INT_EQ(hr_geodesic_distance(a, b, &d), 0);
		CHECK_NEAR(d, REF[i][4], 0.001);
	}
	/* a route's length is the sum of its segments' */
	{
		hr_point r[3] = {{30.5234, 50.4501}, {36.2304, 49.9935}, {31.2893, 51.4982}};
		double len = 0, leg = 0;
		hr_point c = {31.2893, 51.4982}, k = {36.2304, 49.9935};
		HR_CHECK_INT_EQ(hr_geodesic_distance(k, c, &leg), 0);
		HR_CHECK_INT_EQ(hr_route_check(r, 3, 50, &len, NULL, NULL), 0);
		CHECK_NEAR(len, REF[1][4] + leg, 0.002);
	}
}

static void test_limits(void)
{
	hr_point r[2] = {{36, 49}, {36.1, 49}}, far[2] = {{20, 40}, {40, 55}};
	hr_point am[2] = {{179.9, 10}, {-179.9, 10}}, bad[2] = {{36, 49}, {36, 91}};
	hr_route_problem why;
	size_t where = 99;
	hr_point *many = calloc(HR_ROUTE_MAX_POINTS + 1, sizeof *many);
	double len = 0;

	HR_CHECK_INT_EQ(hr_route_check(r, 1, 50, NULL, &why, NULL), HR_EINVAL);
	HR_CHECK_INT_EQ(why, HR_ROUTE_TOO_FEW);
	HR_CHECK_INT_EQ(hr_route_check(r, 2, 0.5, NULL, &why, NULL), HR_EINVAL);
	HR_CHECK_INT_EQ(why, HR_ROUTE_BAD_WIDTH);
	HR_CHECK_INT_EQ(hr_route_check(r, 2, 10001, NULL, &why, NULL), HR_EINVAL);
	HR_CHECK_INT_EQ(why, HR_ROUTE_BAD_WIDTH);
	HR_CHECK_INT_EQ(hr_route_check(r, 2, NAN, NULL, &why, NULL), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_route_check(r, 2, 1, NULL, &why, NULL), 0);
	HR_CHECK_INT_EQ(hr_route_check(r, 2, 10000, NULL, &why, NULL), 0);
	HR_CHECK_INT_EQ(hr_route_check(far, 2, 50, &len, &why, NULL), HR_EINVAL);
	HR_CHECK_INT_EQ(why, HR_ROUTE_TOO_LONG);
	HR_CHECK(len > HR_ROUTE_MAX_LENGTH_M);
	HR_CHECK_INT_EQ(hr_route_check(am, 2, 50, NULL, &why, &where), HR_EINVAL);
	HR_CHECK_INT_EQ(why, HR_ROUTE_ANTIMERIDIAN);
	HR_CHECK_INT_EQ(where, 1);
	HR_CHECK_INT_EQ(hr_route_check(bad, 2, 50, NULL, &why, &where), HR_EINVAL);
	HR_CHECK_INT_EQ(why, HR_ROUTE_BAD_POINT);
	HR_CHECK_INT_EQ(where, 1);
	for (size_t i = 0; many && i <= HR_ROUTE_MAX_POINTS; i++)
		many[i] = (hr_point){36 + 1e-5 * (double)i, 49};
	HR_CHECK_INT_EQ(hr_route_check(many, HR_ROUTE_MAX_POINTS, 50, NULL, &why, NULL), 0);
	HR_CHECK_INT_EQ(hr_route_check(many, HR_ROUTE_MAX_POINTS + 1, 50, NULL, &why, NULL),
	                HR_EINVAL);
	HR_CHECK_INT_EQ(why, HR_ROUTE_TOO_MANY);
	free(many);
}

/*
 * A route along the meridian 36 E (a geodesic) and a rectangle east of it
 * whose west edge (the meridian 36 E + dlon) is nearest at its northern
 * corner, at 49.1 N: dlon N(phi) cos(phi) metres along the parallel, which
 * differs from the geodesic to the meridian by far less than a micrometre
 * at this size. With a 50 m corridor the edge is placed 1 cm outside the
 * half width, then 1 cm inside.
 */
static void test_edge(void)
{
	const double half = 25, lat_n = 49.1, lon0 = 36.0;
	hr_point route[2] = {{lon0, 48.9}, {lon0, 49.2}};
	unsigned char wkb[128];
	double unit = prime_vertical(lat_n) * cos(lat_n * RAD) * RAD; /* metres per degree */

	for (int inside = 0; inside < 2; inside++) {
		double want = half + (inside ? -0.01 : 0.01), w = lon0 + want / unit;
		size_t len = rect_wkb(wkb, w, 49.0, w + 0.05, lat_n);
		hr_route_span sp;
		HR_CHECK_INT_EQ(hr_route_span_wkb(route, 2, 2 * half, wkb, len, &sp), 0);
		HR_CHECK_INT_EQ(sp.meets, inside);
		CHECK_NEAR(sp.distance_m, want, 0.001);
		if (inside) {
			/* the corridor last touches it beside the corner (0.7 m past it) */
			double corner = meridian_arc(48.9, lat_n);
			CHECK_NEAR(sp.leave_m, corner + sqrt(half * half - want * want), 0.005);
			HR_CHECK(sp.enter_m < sp.leave_m);
		}
	}
	/* a route that crosses an area is at distance 0 from it */
	{
		hr_point across[2] = {{35.9, 49.05}, {36.2, 49.05}};
		size_t len = rect_wkb(wkb, 36.0, 49.0, 36.1, 49.1);
		hr_route_span sp;
		HR_CHECK_INT_EQ(hr_route_span_wkb(across, 2, 2 * half, wkb, len, &sp), 0);
		HR_CHECK_INT_EQ(sp.meets, 1);
		CHECK_NEAR(sp.distance_m, 0, 1e-9);
	}
	/* a degenerate route (one place twice) is a disc around it */
	{
		hr_point here[2] = {{36.0, 49.0}, {36.0, 49.0}};
		size_t len = rect_wkb(wkb, lon0 + 20 / prime_vertical(49) / cos(49 * RAD) / RAD, 48.99,
		                      36.1, 49.01);
		hr_route_span sp;
		HR_CHECK_INT_EQ(hr_route_span_wkb(here, 2, 50, wkb, len, &sp), 0);
		HR_CHECK_INT_EQ(sp.meets, 1);
		CHECK_NEAR(sp.distance_m, 20, 0.001);
		CHECK_NEAR(sp.enter_m, 0, 1e-9);
		CHECK_NEAR(sp.leave_m, 0, 1e-9);
	}
}

/*
 * A 222 km route north along 36 E, cut into five projected pieces, past
 * four rectangles across it, one of them across a piece boundary. Their
 * south and north edges are parallels, which the meridian meets at right
 * angles: the corridor enters each half a width before its south edge and
 * leaves half a width after its north edge, and the route's length is
 * the meridian arc.
 */
static void test_order(void)
{
	static const double bands[4][2] = {{49.95, 49.96}, {49.0, 49.05}, {48.40, 48.50},
	                                   {49.1, 49.12}};
	static const int order[4] = {2, 1, 3, 0};
	const double half = 50, lon0 = 36.0;
	hr_point route[3] = {{lon0, 48.0}, {lon0, 49.0}, {lon0, 50.0}};
	hr_route_span sp[4];
	unsigned char wkb[128];
	double len = 0, prev = -1;

	HR_CHECK_INT_EQ(hr_route_check(route, 3, 2 * half, &len, NULL, NULL), 0);
	CHECK_NEAR(len, meridian_arc(48.0, 50.0), 0.001);
	for (int i = 0; i < 4; i++) {
		size_t n = rect_wkb(wkb, lon0 - 0.01, bands[i][0], lon0 + 0.02, bands[i][1]);
		HR_CHECK_INT_EQ(hr_route_span_wkb(route, 3, 2 * half, wkb, n, &sp[i]), 0);
		HR_CHECK_INT_EQ(sp[i].meets, 1);
		CHECK_NEAR(sp[i].distance_m, 0, 1e-9);
		CHECK_NEAR(sp[i].enter_m, meridian_arc(48.0, bands[i][0]) - half, 0.005);
		CHECK_NEAR(sp[i].leave_m, meridian_arc(48.0, bands[i][1]) + half, 0.005);
	}
	for (int k = 0; k < 4; k++) {
		HR_CHECK(sp[order[k]].enter_m > prev);
		prev = sp[order[k]].enter_m;
	}
	/* a rectangle beside the route, 200 m east of it, is not met by a 300 m corridor */
	{
		double unit = prime_vertical(49.5) * cos(49.5 * RAD) * RAD, w = lon0 + 200 / unit;
		size_t n = rect_wkb(wkb, w, 49.4, w + 0.01, 49.5);
		hr_route_span s;
		HR_CHECK_INT_EQ(hr_route_span_wkb(route, 3, 300, wkb, n, &s), 0);
		HR_CHECK_INT_EQ(s.meets, 0);
		HR_CHECK(s.distance_m >= 150); /* not measured that far out: at least the half width */
		HR_CHECK_INT_EQ(hr_route_span_wkb(route, 3, 400.1, wkb, n, &s), 0);
		HR_CHECK_INT_EQ(s.meets, 1);
	}
}

int main(void)
{
	test_distances();
	test_limits();
	test_edge();
	test_order();
	return HR_TEST_DONE();
}
