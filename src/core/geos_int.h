/*
 * geos_int.h - a GEOS reentrant context that keeps GEOS's last message,
 * and the geometry helpers the core uses internally.
 */
#ifndef HR_GEOS_INT_H
#define HR_GEOS_INT_H

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include "core/core_int.h"

typedef struct {
	GEOSContextHandle_t ctx;
	char msg[512]; /* GEOS's last error or notice */
} hr_geos;

int hr_geos__init(hr_geos *g);
void hr_geos__finish(hr_geos *g);

/* Parse WKB into a GEOS geometry; NULL with g->msg set on failure. */
GEOSGeometry *hr_geos__read(hr_geos *g, const unsigned char *wkb, size_t len);
/* Write 2D little-endian WKB; caller frees with hr_free(). */
int hr_geos__write(hr_geos *g, const GEOSGeometry *geom, unsigned char **wkb, size_t *len);

/* Area in square metres of a polygonal GEOS geometry, by the rule of
 * hr_geom_area_m2() (0 for an empty or non-polygonal one). */
double hr_geom__area_m2_g(hr_geos *g, const GEOSGeometry *geom);

#endif
