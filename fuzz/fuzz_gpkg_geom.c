/*
 * fuzz_gpkg_geom.c - fuzz target for the geometry blobs the GeoPackage
 * reader takes from another tool's file (src/formats/gpkg_read.c): any
 * bytes as a GeoPackageBinary header and WKB, read for a layer in EPSG:4326
 * and, through PROJ, for one in UTM zone 37N. Besides memory errors it
 * checks the reader's promises: a refusal says why; an accepted geometry
 * is null or a GeoJSON Point, Polygon or MultiPolygon whose positions are
 * pairs of numbers.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <proj.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_gpkg_geom: %s: %s\n", what, detail);
	abort();
}

/* Every leaf of a coordinates tree is a pair of numbers. */
static void check_coords(const json_t *c, int depth)
{
	size_t i;
	json_t *e;
	if (!json_is_array(c) || depth > 4)
		fail("coordinates", "not an array, or nested too deep");
	if (json_array_size(c) && json_is_number(json_array_get(c, 0))) {
		if (json_array_size(c) != 2 || !json_is_number(json_array_get(c, 1)))
			fail("coordinates", "a position is not two numbers");
		return;
	}
	json_array_foreach(c, i, e)
		check_coords(e, depth + 1);
}

static void one(const uint8_t *data, size_t size, int32_t srs, PJ *pj)
{
	json_t *g = NULL;
	char reason[384];
	int rc = hr_gpkg__geometry(&g, data, size, srs, pj, reason, sizeof reason);
	if (rc == HR_ENOMEM)
		return;
	if (rc == 1) {
		if (!reason[0] || g)
			fail("refused without a reason, or with a geometry", reason);
		return;
	}
	if (rc != 0 || !g)
		fail("unexpected return", "");
	if (!json_is_null(g)) {
		const char *t = json_string_value(json_object_get(g, "type"));
		if (!t || (strcmp(t, "Point") && strcmp(t, "Polygon") && strcmp(t, "MultiPolygon")))
			fail("geometry type", t ? t : "(none)");
		check_coords(json_object_get(g, "coordinates"), 0);
	}
	json_decref(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static PJ_CONTEXT *ctx;
	static PJ *utm;
	if (!ctx) {
		PJ *p;
		ctx = proj_context_create();
		proj_log_level(ctx, PJ_LOG_NONE);
		p = proj_create_crs_to_crs(ctx, "EPSG:32637", "EPSG:4326", NULL);
		utm = p ? proj_normalize_for_visualization(ctx, p) : NULL;
		proj_destroy(p);
		if (!utm)
			fail("PROJ", "no EPSG:32637 to EPSG:4326 transformation");
	}
	one(data, size, 4326, NULL);
	one(data, size, 32637, utm);
	return 0;
}
