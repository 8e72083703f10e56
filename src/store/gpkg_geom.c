/*
 * gpkg_geom.c - geometry blobs of the GeoPackage backend: the binary header
 * written in front of each WKB, reading it back, envelopes of WKB, and the
 * ST_IsEmpty / ST_MinX / ST_MaxX / ST_MinY / ST_MaxY SQL functions that the
 * gpkg_rtree_index triggers call on every write to a feature table (the
 * connection's other SQL function, hr_time_of, is gpkg_rows.c's).
 *
 * GeoPackageBinary header (GeoPackage 1.3, clause 2.1.3), as written here:
 *
 *   offset  size  field
 *   0       2     magic "GP" (0x47 0x50)
 *   2       1     version: 0 (GeoPackage 1.x)
 *   3       1     flags:
 *                   bit 0     byte order of srs_id and envelope: 1 = little-endian
 *                   bits 1-3  envelope contents: 0 none, 1 [minx,maxx,miny,maxy],
 *                             2 +[minz,maxz], 3 +[minm,maxm], 4 +[minz,maxz,minm,maxm]
 *                   bit 4     1 = empty geometry
 *                   bit 5     0 = standard GeoPackageBinary (1 = extension type)
 *                   bits 6-7  reserved, 0
 *   4       4     srs_id, int32 (4326)
 *   8       32    envelope minx, maxx, miny, maxy: little-endian IEEE doubles
 *   40      ...   the geometry as ISO WKB (2D little-endian from the core)
 *
 * We write flags 0x03 (little-endian, envelope type 1) for a geometry with
 * coordinates and 0x11 (little-endian, no envelope, empty) otherwise. On
 * reading, any envelope type and either byte order are accepted, and an
 * absent envelope is computed from the WKB.
 */
#include "store/gpkg_int.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define FLAG_LE 0x01
#define FLAG_EMPTY 0x10
#define FLAG_EXTENDED 0x20
#define WKB_MAX_DEPTH 32

/* ---- little-endian and big-endian numbers -------------------------------- */

static uint32_t get_u32(const unsigned char *p, int le)
{
	if (le)
		return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		       (uint32_t)p[3] << 24;
	return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

static double get_f64(const unsigned char *p, int le)
{
	uint64_t u = 0;
	double d;
	for (int i = 0; i < 8; i++)
		u |= (uint64_t)p[le ? i : 7 - i] << (8 * i);
	memcpy(&d, &u, sizeof d);
	return d;
}

static void put_f64_le(unsigned char *p, double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(u >> (8 * i));
}

/* ---- WKB envelope --------------------------------------------------------- */

typedef struct {
	const unsigned char *p;
	size_t len, off;
	hr_bbox env;
	int seen; /* a coordinate was found */
} wkb_reader;

static void env_add(wkb_reader *r, double x, double y)
{
	if (isnan(x) || isnan(y))
		return; /* an empty point is written with NaN coordinates */
	if (!r->seen) {
		r->env.west = r->env.east = x;
		r->env.south = r->env.north = y;
		r->seen = 1;
		return;
	}
	if (x < r->env.west)
		r->env.west = x;
	if (x > r->env.east)
		r->env.east = x;
	if (y < r->env.south)
		r->env.south = y;
	if (y > r->env.north)
		r->env.north = y;
}

/* Read n positions of dim doubles each. */
static int wkb_points(wkb_reader *r, int le, uint32_t n, unsigned dim)
{
	size_t step = (size_t)dim * 8;
	if (n > (r->len - r->off) / step)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		const unsigned char *q = r->p + r->off;
		env_add(r, get_f64(q, le), get_f64(q + 8, le));
		r->off += step;
	}
	return 0;
}

static int wkb_count(wkb_reader *r, int le, uint32_t *n)
{
	if (r->len - r->off < 4)
		return -1;
	*n = get_u32(r->p + r->off, le);
	r->off += 4;
	return 0;
}

static int wkb_geometry(wkb_reader *r, int depth)
{
	uint32_t type, n;
	unsigned dim = 2;
	int le;
	if (depth > WKB_MAX_DEPTH || r->len - r->off < 5 || r->p[r->off] > 1)
		return -1;
	le = r->p[r->off] == 1;
	type = get_u32(r->p + r->off + 1, le);
	r->off += 5;
	/* extended WKB flags (PostGIS) */
	if (type & 0x80000000u)
		dim++;
	if (type & 0x40000000u)
		dim++;
	if (type & 0x20000000u) {
		if (r->len - r->off < 4)
			return -1;
		r->off += 4; /* embedded SRID */
	}
	type &= 0x0fffffffu;
	/* ISO WKB dimensions: 1000 Z, 2000 M, 3000 ZM */
	if (type >= 1000 && type < 4000) {
		dim += type >= 3000 ? 2 : 1;
		type %= 1000;
	}
	if (dim > 4)
		return -1;
	switch (type) {
	case 1: /* Point */
		return wkb_points(r, le, 1, dim);
	case 2: /* LineString */
		if (wkb_count(r, le, &n))
			return -1;
		return wkb_points(r, le, n, dim);
	case 3: /* Polygon */
		if (wkb_count(r, le, &n))
			return -1;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t npts;
			if (wkb_count(r, le, &npts) || wkb_points(r, le, npts, dim))
				return -1;
		}
		return 0;
	case 4: /* MultiPoint */
	case 5: /* MultiLineString */
	case 6: /* MultiPolygon */
	case 7: /* GeometryCollection */
		if (wkb_count(r, le, &n))
			return -1;
		if (n > (r->len - r->off) / 5)
			return -1;
		for (uint32_t i = 0; i < n; i++)
			if (wkb_geometry(r, depth + 1))
				return -1;
		return 0;
	default:
		return -1;
	}
}

int gpkg__wkb_envelope(const unsigned char *wkb, size_t len, hr_bbox *env, int *empty)
{
	wkb_reader r;
	memset(&r, 0, sizeof r);
	r.p = wkb;
	r.len = len;
	if (!wkb || wkb_geometry(&r, 0))
		return -1;
	*empty = !r.seen;
	if (r.seen)
		*env = r.env;
	return 0;
}

/* ---- the GeoPackage binary header ----------------------------------------- */

size_t gpkg__geom_header(unsigned char *out, const hr_bbox *env, int empty)
{
	out[0] = 'G';
	out[1] = 'P';
	out[2] = 0;
	out[3] = empty ? FLAG_LE | FLAG_EMPTY : FLAG_LE | 1 << 1;
	out[4] = (unsigned char)(GPKG_SRS_ID & 0xff);
	out[5] = (unsigned char)(GPKG_SRS_ID >> 8 & 0xff);
	out[6] = (unsigned char)(GPKG_SRS_ID >> 16 & 0xff);
	out[7] = (unsigned char)(GPKG_SRS_ID >> 24 & 0xff);
	if (empty)
		return 8;
	put_f64_le(out + 8, env->west);
	put_f64_le(out + 16, env->east);
	put_f64_le(out + 24, env->south);
	put_f64_le(out + 32, env->north);
	return GPKG_HEADER_LEN;
}

int gpkg__geom_parse(const unsigned char *blob, size_t len, gpkg_geom *out)
{
	static const size_t env_len[5] = {0, 32, 48, 48, 64};
	unsigned flags, kind;
	int le;
	memset(out, 0, sizeof *out);
	if (!blob || len < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0)
		return -1;
	flags = blob[3];
	kind = flags >> 1 & 7;
	if (kind > 4 || (flags & FLAG_EXTENDED))
		return -1;
	if (len < 8 + env_len[kind])
		return -1;
	le = flags & FLAG_LE;
	out->srs_id = (int32_t)get_u32(blob + 4, le);
	out->wkb = blob + 8 + env_len[kind];
	out->wkb_len = len - 8 - env_len[kind];
	out->empty = (flags & FLAG_EMPTY) != 0;
	if (out->empty)
		return 0;
	if (kind) {
		out->env.west = get_f64(blob + 8, le);
		out->env.east = get_f64(blob + 16, le);
		out->env.south = get_f64(blob + 24, le);
		out->env.north = get_f64(blob + 32, le);
		/* some writers mark an empty geometry with a NaN envelope only */
		if (isnan(out->env.west) || isnan(out->env.south))
			out->empty = 1;
		return 0;
	}
	if (gpkg__wkb_envelope(out->wkb, out->wkb_len, &out->env, &out->empty))
		return -1;
	return 0;
}

/* ---- SQL functions ---------------------------------------------------------- */

enum { BOUND_MINX, BOUND_MAXX, BOUND_MINY, BOUND_MAXY };

/* ST_IsEmpty(geom): 1 or 0; NULL when geom is not a geometry blob. */
static void st_isempty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	gpkg_geom g;
	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB ||
	    gpkg__geom_parse(sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]),
	                     &g)) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_int(ctx, g.empty);
}

/* ST_MinX(geom) and friends: a bound of the envelope; NULL when empty. */
static void st_bound(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	gpkg_geom g;
	double v;
	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB ||
	    gpkg__geom_parse(sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]),
	                     &g) ||
	    g.empty) {
		sqlite3_result_null(ctx);
		return;
	}
	switch ((intptr_t)sqlite3_user_data(ctx)) {
	case BOUND_MINX: v = g.env.west; break;
	case BOUND_MAXX: v = g.env.east; break;
	case BOUND_MINY: v = g.env.south; break;
	default: v = g.env.north; break;
	}
	sqlite3_result_double(ctx, v);
}

int gpkg__register_functions(sqlite3 *db)
{
	/* INNOCUOUS: the functions are called from triggers in the schema,
	 * which SQLite allows only for innocuous functions when the library
	 * was built with trusted_schema off. */
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	static const struct {
		const char *name;
		intptr_t which;
	} bounds[] = {
		{"ST_MinX", BOUND_MINX},
		{"ST_MaxX", BOUND_MAXX},
		{"ST_MinY", BOUND_MINY},
		{"ST_MaxY", BOUND_MAXY},
	};
	int rc = sqlite3_create_function_v2(db, "ST_IsEmpty", 1, flags, NULL, st_isempty, NULL,
	                                    NULL, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof bounds / sizeof bounds[0]; i++)
		rc = sqlite3_create_function_v2(db, bounds[i].name, 1, flags,
		                                (void *)bounds[i].which, st_bound, NULL, NULL,
		                                NULL);
	/* Only our own statements call hr_time_of: never a trigger or a view. */
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(db, "hr_time_of", 1,
		                                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
		                                NULL, gpkg__time_of, NULL, NULL, NULL);
	return rc;
}
