/*
 * hazreg/geom.h - the register's geometry rules, done by GEOS.
 *
 * Every geometry enters as WGS84 lon/lat, is snapped to a 1e-7 degree grid
 * (about 1 cm; the canonical form depends on it), checked with GEOS (its
 * reason and location are reported), oriented per RFC 7946 (exterior rings
 * counter-clockwise) and kept as 2D little-endian WKB.
 */
#ifndef HAZREG_GEOM_H
#define HAZREG_GEOM_H

#include "common.h"

HR_BEGIN_DECL

/** Grid of stored coordinates, degrees. */
#define HR_GEOM_GRID 1e-7

/** WKB geometry types the register stores. */
#define HR_GEOM_POINT 1
#define HR_GEOM_POLYGON 3
#define HR_GEOM_MULTIPOLYGON 6

/**
 * Build a point.
 * @param wkb receives WKB; caller frees with hr_free()
 * @param err receives the reason on failure (may be NULL)
 * @return 0 or HR_EVALIDATE (outside -180..180 / -90..90, not finite)
 */
HR_EXTERN(int) hr_geom_point(unsigned char **wkb, size_t *len, double lon, double lat,
                             char *err, size_t errlen);

/**
 * Build and check a polygon or multipolygon from flat coordinates.
 * @param xy lon,lat pairs of all rings of all polygons, in order
 * @param ring_npts number of positions in each ring
 * @param nrings number of rings in all
 * @param poly_nrings rings of each polygon (first is the exterior)
 * @param npolys number of polygons; 1 with multi == 0 makes a Polygon
 * @param multi nonzero for a MultiPolygon
 * @param wkb receives WKB; caller frees with hr_free()
 * @param err receives GEOS's reason and location, e.g.
 *        "Self-intersection at 37.5 48.1", or the ring rule broken
 * @return 0, HR_EVALIDATE or HR_ENOMEM
 */
HR_EXTERN(int) hr_geom_polygon(unsigned char **wkb, size_t *len, const double *xy,
                               const size_t *ring_npts, size_t nrings,
                               const size_t *poly_nrings, size_t npolys, int multi,
                               char *err, size_t errlen);

/**
 * Check stored WKB: decodes with GEOS, of an accepted type, valid, on the
 * grid and within WGS84 bounds.
 * @param type receives HR_GEOM_* (may be NULL)
 * @return 0 or HR_EVALIDATE with the reason in err
 */
HR_EXTERN(int) hr_geom_check(const unsigned char *wkb, size_t len, int *type, char *err,
                             size_t errlen);

/** Envelope of WKB. @return 0 or HR_EVALIDATE */
HR_EXTERN(int) hr_geom_bbox(hr_bbox *out, const unsigned char *wkb, size_t len);

/**
 * GeoJSON geometry object text for WKB, coordinates printed to 7 decimals.
 * @param out receives NUL-terminated text; caller frees with hr_free()
 * @return 0, HR_EVALIDATE or HR_ENOMEM
 */
HR_EXTERN(int) hr_geom_to_geojson(char **out, const unsigned char *wkb, size_t len);

/** A point on the surface of WKB (for a benchmark point by default). */
HR_EXTERN(int) hr_geom_point_on_surface(hr_point *out, const unsigned char *wkb, size_t len);

/** Area of a polygonal WKB in square metres (geodesic approximation). */
HR_EXTERN(double) hr_geom_area_m2(const unsigned char *wkb, size_t len);

HR_END_DECL

#endif
