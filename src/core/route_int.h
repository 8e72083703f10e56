/*
 * route_int.h - a route made ready for corridor tests (route.c), shared
 * with the register's route query (route_query.c).
 */
#ifndef HR_ROUTE_INT_H
#define HR_ROUTE_INT_H

#include "core/geos_int.h"
#include "hazreg/route.h"

typedef struct hr_route_plan hr_route_plan;

/*
 * Check the route (hr_route_check) and cut it into projected pieces.
 * g is borrowed and must outlive the plan. On HR_EINVAL, why and where
 * say which rule the route broke.
 */
int hr_route__plan(hr_geos *g, const hr_point *pts, size_t n, double width_m,
                   hr_route_plan **out, hr_route_problem *why, size_t *where);
void hr_route__plan_free(hr_route_plan *p);

/* The route's geodesic length, metres. */
double hr_route__length(const hr_route_plan *p);

/* How many pieces, and the lon/lat box of piece i's corridor (with a
 * margin): every place within the half width of the piece is inside. */
size_t hr_route__npieces(const hr_route_plan *p);
const hr_bbox *hr_route__piece_box(const hr_route_plan *p, size_t i);

/*
 * Where the corridor meets geom (lon/lat, polygonal), whose envelope is
 * env. @return 0, HR_ENOMEM or HR_ERROR (GEOS or PROJ failed; g->msg)
 */
int hr_route__span(hr_route_plan *p, const GEOSGeometry *geom, const hr_bbox *env,
                   hr_route_span *out);

#endif
