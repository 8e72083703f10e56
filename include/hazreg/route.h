/*
 * hazreg/route.h - "which hazardous areas does this route pass, and where?"
 *
 * A route is a line of WGS84 positions; each of its segments is the
 * geodesic between its ends on the WGS84 ellipsoid, and every distance
 * along it is geodesic (Karney's algorithm, as PROJ has it). Its corridor
 * is every place within width_m / 2 of the route, ends rounded. An area is
 * met when the corridor reaches its perimeter (areas' edges are straight
 * in lon/lat, as everywhere in the register).
 *
 * How it is computed, and how exact it is (docs/api.md says the same):
 * the route is cut into pieces of at most 50 km along it; each piece and
 * the areas near it are projected into an azimuthal equidistant
 * projection centred on the piece, where distances from the centre are
 * exact and other distances within 4e-6 of the truth for everything
 * within 31 km of the centre (c^2/6 for an angular distance c), so a
 * corridor edge is placed within 2 cm at the widest corridor (10 km) and
 * within 0.1 mm at 50 m. Route segments are followed every 1 km of their
 * geodesic and area edges every 0.001 degree, so both stay true in the
 * projection to well under a millimetre. Whether an area is met is
 * decided by the exact planar distance there; where the corridor enters
 * and leaves it, by the route's intersection with the area buffered by
 * the half width, each end then moved to the exact distance by bisection
 * (to 0.1 mm). Near a grazing pass, where the route runs almost along the
 * corridor's edge, the entry and exit are less well determined (a
 * distance error e moves them by about e divided by the sine of the
 * angle between route and edge), as they are on the ground.
 */
#ifndef HAZREG_ROUTE_H
#define HAZREG_ROUTE_H

#include "common.h"
#include "query.h"
#include "register.h"

HR_BEGIN_DECL

/** Limits of a route query. */
#define HR_ROUTE_MAX_POINTS 10000        /**< positions in a route */
#define HR_ROUTE_MAX_LENGTH_M 2000000.0  /**< its geodesic length, metres */
#define HR_ROUTE_MIN_WIDTH_M 1.0         /**< corridor width, metres */
#define HR_ROUTE_MAX_WIDTH_M 10000.0

/** Why a route is refused; callers word it with their own names. */
typedef enum {
	HR_ROUTE_OK = 0,
	HR_ROUTE_TOO_FEW = 1,      /**< fewer than 2 positions */
	HR_ROUTE_TOO_MANY = 2,     /**< more than HR_ROUTE_MAX_POINTS positions */
	HR_ROUTE_BAD_POINT = 3,    /**< a position outside -180..180, -90..90 or not finite */
	HR_ROUTE_ANTIMERIDIAN = 4, /**< a segment crosses the antimeridian */
	HR_ROUTE_BAD_WIDTH = 5,    /**< width outside HR_ROUTE_MIN_WIDTH_M..HR_ROUTE_MAX_WIDTH_M */
	HR_ROUTE_TOO_LONG = 6,     /**< longer than HR_ROUTE_MAX_LENGTH_M */
} hr_route_problem;

/**
 * Geodesic distance between two positions on the WGS84 ellipsoid.
 * @param out receives metres
 * @return 0, or HR_EINVAL for a position outside WGS84 bounds
 */
HR_EXTERN(int) hr_geodesic_distance(hr_point a, hr_point b, double *out);

/**
 * Check a route against the rules and limits above.
 * @param length_m receives its geodesic length when the points are good (may be NULL)
 * @param why receives the problem (may be NULL)
 * @param where receives the 0-based index of the position at fault, for
 *        HR_ROUTE_BAD_POINT and HR_ROUTE_ANTIMERIDIAN (may be NULL)
 * @return 0, or HR_EINVAL with why set
 */
HR_EXTERN(int) hr_route_check(const hr_point *pts, size_t n, double width_m, double *length_m,
                              hr_route_problem *why, size_t *where);

/** Where a route's corridor meets one geometry. */
typedef struct {
	int meets;          /**< 1: the corridor reaches it */
	double distance_m;  /**< least distance from the route to it (0 when they cross);
	                         when not met, at least the half width */
	double enter_m;     /**< when met: metres along the route where the corridor first reaches it */
	double leave_m;     /**< when met: where the corridor last leaves it (>= enter_m) */
} hr_route_span;

/**
 * Where the corridor of a route meets a polygon or multipolygon, as a
 * route query measures it, without a register.
 * @param wkb the polygon, lon/lat WKB as the register keeps it
 * @param len its length
 * @param out receives the answer
 * @return 0, HR_EINVAL (a route hr_route_check() refuses, bad WKB), HR_ENOMEM or HR_ERROR
 */
HR_EXTERN(int) hr_route_span_wkb(const hr_point *pts, size_t n, double width_m,
                                 const unsigned char *wkb, size_t len, hr_route_span *out);

/** A hazardous area a route's corridor meets. */
typedef struct {
	hr_area_hit area;   /**< as a box query gives it: hazardous is 0 only when parts
	                         released by `at` cover all of the area within the corridor */
	hr_route_span span; /**< where: of the part still hazardous at `at` when the area is
	                         hazardous there, of the whole area when it is released */
} hr_route_hit;

/** A route query's answer. Strings owned by it. */
typedef struct {
	hr_time at;
	double width_m;
	double length_m;     /**< the route's geodesic length */
	size_t npoints;      /**< positions in the route */
	size_t n;
	hr_route_hit *hits;  /**< in the order the corridor reaches them (enter_m, then area id) */
} hr_route_hits;

/**
 * Hazardous areas whose perimeter the corridor of a route meets and that
 * are hazardous or released at `at` (areas whose hazard starts after `at`
 * are not listed), each with where along the route.
 * @param pts the route's positions, lon/lat
 * @param n their number
 * @param width_m the corridor's width (width_m / 2 each side)
 * @param at the moment asked about
 * @param out caller frees with hr_route_hits_free()
 * @return 0, HR_EINVAL (the route refused: why in hr_errmsg()), or an error
 */
HR_EXTERN(int) hr_query_route(hr_register *reg, const hr_point *pts, size_t n, double width_m,
                              hr_time at, hr_route_hits **out);

/** Free a route answer. NULL is harmless. */
HR_EXTERN(void) hr_route_hits_free(hr_route_hits *r);

/**
 * A route answer as JSON: the query, its corridor and length, and each
 * area with the facts a point query gives and enter_m, leave_m and
 * distance_m, in order along the route; with the notice that no record
 * does not mean no danger.
 * @param out caller frees with hr_free()
 */
HR_EXTERN(int) hr_route_to_json(char **out, const hr_route_hits *r);

HR_END_DECL

#endif
