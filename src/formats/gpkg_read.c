/*
 * gpkg_read.c - the GeoPackage reader: another tool's feature table (QGIS,
 * ArcGIS, ogr2ogr...) in, records out.
 *
 * The file is opened read-only with SQLite itself (never through the
 * register's backend: it is not a register). gpkg_contents and
 * gpkg_geometry_columns say which tables are feature tables and where
 * their geometry is; the mapping's "layer = NAME" picks one; a mapping
 * without it needs a file with exactly one; without a mapping every
 * feature table is read, in the order of gpkg_contents (so that hazreg's
 * own GeoPackage export, whose columns carry the import names, reads back
 * whole). Each row becomes a GeoJSON Feature: every column
 * but the primary key and the geometry as a property (TEXT as strings,
 * INTEGER and REAL as numbers, a BOOLEAN column as true/false, a JSON array
 * in a TEXT column read as the array for the repeated properties), the
 * geometry from its GeoPackageBinary header (store/gpkg_geom.c) and WKB
 * (GEOS), transformed to WGS84 with PROJ when the layer has another CRS.
 * The feature then goes through the field mapping and the GeoJSON
 * validator like any other: one set of rules for every format. A refusal
 * names the layer and the row's fid in its reason, the column as its field.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"
#include "store/gpkg_int.h"

#include <errno.h>
#include <math.h>
#include <proj.h>
#include <sqlite3.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct {
	hr_reader base;
	sqlite3 *db;
	sqlite3_stmt *rows;
	hr_mapping *map;
	char *path;
	char **layers, **geoms; /* the feature tables to read, in order, and their geometry columns */
	int32_t *srs;
	size_t nlayers, cur;
	char *layer, *geom_col, *pk_col; /* the current table's (borrowed from layers, geoms; owned) */
	int ncols;
	int *is_bool; /* per result column: declared BOOLEAN */
	PJ_CONTEXT *pjc;
	PJ *pj; /* layer CRS -> WGS84 lon/lat, or NULL when the layer is in EPSG:4326 */
	int32_t srs_id;
	uint64_t index, done, total;
	char *raw;
} gpkg_reader;

/* A SQL identifier in double quotes, for a statement (caller frees with sqlite3_free). */
static char *quote_ident(const char *name)
{
	return sqlite3_mprintf("\"%w\"", name);
}

/* "file:PATH?mode=ro" with the bytes a URI cannot hold as they are escaped. */
static char *ro_uri(const char *path)
{
	hr_buf b = {0};
	hr_buf_puts(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%' || *p < 0x21 || *p >= 0x7F)
			hr_buf_printf(&b, "%%%02X", *p);
		else
			hr_buf_putc(&b, *p);
	}
	hr_buf_puts(&b, "?mode=ro");
	hr_buf_putc(&b, 0);
	if (b.oom) {
		hr_buf_free(&b);
		return NULL;
	}
	return (char *)b.p;
}

static void gr_close(hr_reader *r)
{
	gpkg_reader *g = (gpkg_reader *)r;
	if (!g)
		return;
	sqlite3_finalize(g->rows);
	sqlite3_close(g->db);
	hr_mapping__free(g->map);
	for (size_t i = 0; i < g->nlayers; i++) {
		hr_free(g->layers[i]);
		hr_free(g->geoms[i]);
	}
	hr_free(g->layers);
	hr_free(g->geoms);
	hr_free(g->srs);
	hr_free(g->path);
	hr_free(g->pk_col);
	hr_free(g->is_bool);
	hr_free(g->raw);
	if (g->pj)
		proj_destroy(g->pj);
	if (g->pjc)
		proj_context_destroy(g->pjc);
	hr_free(g);
}

/*
 * The feature tables to read: the one named, or the only one, or (without
 * a mapping) every one, in the order gpkg_contents lists them.
 */
static int find_layers(gpkg_reader *g, const char *path, const char *want, char *err,
                       size_t errlen)
{
	sqlite3_stmt *st = NULL;
	hr_buf names = {0};
	size_t n = 0, cap = 0;
	int rc = 0;
	if (sqlite3_prepare_v2(g->db,
	                       "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
	                       "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
	                       "WHERE c.data_type = 'features' ORDER BY c.rowid",
	                       -1, &st, NULL) != SQLITE_OK) {
		hr__fmt(err, errlen, "%s: not a GeoPackage with feature tables (%s)", path,
		        sqlite3_errmsg(g->db));
		return HR_EINVAL;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		const char *c = (const char *)sqlite3_column_text(st, 1);
		if (!t || !c)
			continue;
		hr_buf_printf(&names, "%s%s", n++ ? ", " : "", t);
		if (want && strcmp(t, want) != 0)
			continue;
		if (g->nlayers == cap) {
			size_t nc = cap ? 2 * cap : 8;
			char **a = hr__realloc(g->layers, nc * sizeof *a);
			char **b = a ? hr__realloc(g->geoms, nc * sizeof *b) : NULL;
			int32_t *sr = b ? hr__realloc(g->srs, nc * sizeof *sr) : NULL;
			if (a)
				g->layers = a;
			if (b)
				g->geoms = b;
			if (sr)
				g->srs = sr;
			if (!sr) {
				rc = HR_ENOMEM;
				break;
			}
			cap = nc;
		}
		g->layers[g->nlayers] = hr__strdup(t);
		g->geoms[g->nlayers] = hr__strdup(c);
		g->srs[g->nlayers] = (int32_t)sqlite3_column_int(st, 2);
		g->nlayers++;
		if (!g->layers[g->nlayers - 1] || !g->geoms[g->nlayers - 1]) {
			rc = HR_ENOMEM;
			break;
		}
	}
	hr_buf_putc(&names, 0);
	sqlite3_finalize(st);
	if (rc == HR_ENOMEM || names.oom) {
		rc = HR_ENOMEM;
	} else if (rc != SQLITE_DONE) {
		hr__fmt(err, errlen, "%s: cannot read gpkg_contents: %s", path, sqlite3_errmsg(g->db));
		rc = HR_EIO;
	} else if (n == 0) {
		hr__fmt(err, errlen, "%s: the GeoPackage holds no feature table", path);
		rc = HR_EINVAL;
	} else if (want && g->nlayers == 0) {
		hr__fmt(err, errlen, "%s: no feature table '%s' (the file has: %s)", path, want,
		        (char *)names.p);
		rc = HR_EINVAL;
	} else if (!want && g->map && n > 1) {
		hr__fmt(err, errlen, "%s: the GeoPackage holds %zu feature tables (%s): name one with "
		        "'layer = NAME' in the --mapping file", path, n, (char *)names.p);
		rc = HR_EINVAL;
	} else {
		rc = 0;
	}
	hr_buf_free(&names);
	return rc;
}

/* PROJ from the layer's CRS to WGS84 longitude/latitude, unless it is that already. */
static int make_transform(gpkg_reader *g, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	char crs[64];
	const char *org = NULL, *def = NULL;
	long code = 0;
	PJ *p = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(g->db,
	                       "SELECT organization, organization_coordsys_id, definition FROM "
	                       "gpkg_spatial_ref_sys WHERE srs_id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		hr__fmt(err, errlen, "%s: cannot read gpkg_spatial_ref_sys: %s", path,
		        sqlite3_errmsg(g->db));
		return HR_EINVAL;
	}
	sqlite3_bind_int(st, 1, g->srs_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		hr__fmt(err, errlen, "%s: layer %s: its srs_id %d is not in gpkg_spatial_ref_sys", path,
		        g->layer, (int)g->srs_id);
		rc = HR_EINVAL;
		goto done;
	}
	org = (const char *)sqlite3_column_text(st, 0);
	code = (long)sqlite3_column_int64(st, 1);
	def = (const char *)sqlite3_column_text(st, 2);
	if (org && !strcasecmp(org, "EPSG") && code == 4326)
		goto done; /* no transformation */
	if (g->srs_id <= 0 || !def || !strcmp(def, "undefined")) {
		hr__fmt(err, errlen, "%s: layer %s: its coordinate reference system (srs_id %d) is "
		        "undefined; hazreg needs to know it to place the areas", path, g->layer,
		        (int)g->srs_id);
		rc = HR_EINVAL;
		goto done;
	}
	if (!g->pjc && !(g->pjc = proj_context_create())) {
		rc = HR_ENOMEM;
		goto done;
	}
	proj_log_level(g->pjc, PJ_LOG_NONE);
	hr__fmt(crs, sizeof crs, "%s:%ld", org ? org : "", code);
	p = org && code > 0 ? proj_create_crs_to_crs(g->pjc, crs, "EPSG:4326", NULL) : NULL;
	if (!p)
		p = proj_create_crs_to_crs(g->pjc, def, "EPSG:4326", NULL);
	if (p) {
		g->pj = proj_normalize_for_visualization(g->pjc, p); /* lon, lat order */
		proj_destroy(p);
	}
	if (!g->pj) {
		hr__fmt(err, errlen, "%s: layer %s: PROJ cannot transform its coordinate reference "
		        "system (srs_id %d, %s) to WGS84: %s", path, g->layer, (int)g->srs_id, crs,
		        proj_context_errno_string(g->pjc, proj_context_errno(g->pjc)));
		rc = HR_EINVAL;
	}
done:
	sqlite3_finalize(st);
	return rc;
}

/* The primary key column (the fid) and which columns are BOOLEAN. */
static int table_info(gpkg_reader *g, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	char *q = quote_ident(g->layer), *sql = NULL;
	int rc = 0;
	if (!q || !(sql = sqlite3_mprintf("PRAGMA table_info(%s)", q))) {
		rc = HR_ENOMEM;
		goto done;
	}
	if (sqlite3_prepare_v2(g->db, sql, -1, &st, NULL) != SQLITE_OK) {
		hr__fmt(err, errlen, "%s: layer %s: %s", path, g->layer, sqlite3_errmsg(g->db));
		rc = HR_EINVAL;
		goto done;
	}
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_int(st, 5) == 1 && !g->pk_col) {
			g->pk_col = hr__strdup((const char *)sqlite3_column_text(st, 1));
			if (!g->pk_col)
				rc = HR_ENOMEM;
		}
done:
	sqlite3_finalize(st);
	sqlite3_free(sql);
	sqlite3_free(q);
	return rc;
}

static int prepare_rows(gpkg_reader *g, const char *path, char *err, size_t errlen)
{
	char *q = quote_ident(g->layer), *sql = NULL, *pk = NULL;
	int rc = 0;
	if (!q || (g->pk_col && !(pk = quote_ident(g->pk_col)))) {
		rc = HR_ENOMEM;
		goto done;
	}
	sql = pk ? sqlite3_mprintf("SELECT * FROM %s ORDER BY %s", q, pk)
	         : sqlite3_mprintf("SELECT rowid AS fid, * FROM %s ORDER BY rowid", q);
	if (!sql) {
		rc = HR_ENOMEM;
		goto done;
	}
	if (sqlite3_prepare_v2(g->db, sql, -1, &g->rows, NULL) != SQLITE_OK) {
		hr__fmt(err, errlen, "%s: layer %s: %s", path, g->layer, sqlite3_errmsg(g->db));
		rc = HR_EINVAL;
		goto done;
	}
	g->ncols = sqlite3_column_count(g->rows);
	if (!(g->is_bool = hr__calloc((size_t)g->ncols + 1, sizeof *g->is_bool))) {
		rc = HR_ENOMEM;
		goto done;
	}
	for (int i = 0; i < g->ncols; i++) {
		const char *t = sqlite3_column_decltype(g->rows, i);
		g->is_bool[i] = t && !strcasecmp(t, "BOOLEAN");
	}
	if (!pk) {
		hr_free(g->pk_col);
		g->pk_col = hr__strdup("fid");
		if (!g->pk_col)
			rc = HR_ENOMEM;
	}
done:
	sqlite3_free(sql);
	sqlite3_free(q);
	sqlite3_free(pk);
	return rc;
}

/* Transform every position of a GeoJSON coordinates tree. 0, or -1 */
static int transform(PJ *pj, json_t *c)
{
	size_t i;
	json_t *e;
	if (json_array_size(c) >= 2 && json_is_number(json_array_get(c, 0))) {
		PJ_COORD in = proj_coord(json_number_value(json_array_get(c, 0)),
		                         json_number_value(json_array_get(c, 1)), 0, 0);
		PJ_COORD out = proj_trans(pj, PJ_FWD, in);
		if (!isfinite(out.xy.x) || !isfinite(out.xy.y) || out.xy.x == HUGE_VAL)
			return -1;
		if (json_array_set_new(c, 0, json_real(out.xy.x)) ||
		    json_array_set_new(c, 1, json_real(out.xy.y)))
			return -1;
		return 0;
	}
	json_array_foreach(c, i, e)
		if (transform(pj, e))
			return -1;
	return 0;
}

int hr_gpkg__geometry(json_t **out, const unsigned char *blob, size_t len, int32_t srs_id,
                      PJ *pj, char *reason, size_t rlen)
{
	gpkg_geom gg;
	char *text = NULL;
	int rc = 0;
	*out = NULL;
	reason[0] = '\0';
	if (!blob || gpkg__geom_parse(blob, len, &gg)) {
		hr__fmt(reason, rlen, "not a GeoPackage geometry blob (GP header)");
		return 1;
	}
	if (gg.empty) {
		*out = json_null();
		return 0;
	}
	if (gg.srs_id != srs_id && gg.srs_id != 0)
		hr__fmt(reason, rlen, "the geometry's srs_id %d differs from the layer's %d",
		        (int)gg.srs_id, (int)srs_id);
	else if ((rc = hr_geom_to_geojson(&text, gg.wkb, gg.wkb_len)) == HR_ENOMEM)
		return rc;
	else if (rc)
		hr__fmt(reason, rlen, "the WKB is not a Point, Polygon or MultiPolygon that GEOS "
		        "can read");
	else if (!(*out = json_loads(text, 0, NULL)))
		hr__fmt(reason, rlen, "the geometry's coordinates are not all finite numbers");
	else if (pj && transform(pj, json_object_get(*out, "coordinates")))
		hr__fmt(reason, rlen, "PROJ cannot transform a position to WGS84");
	hr_free(text);
	if (reason[0]) {
		json_decref(*out);
		*out = NULL;
		return 1;
	}
	return rc;
}

/* The row's geometry as a GeoJSON geometry in WGS84. 0 with *out set, 1 refused, HR_ENOMEM */
static int row_geometry(gpkg_reader *g, int col, json_t **out, hr_read_error *err)
{
	int rc;
	*out = NULL;
	if (sqlite3_column_type(g->rows, col) == SQLITE_NULL) {
		*out = json_null();
		return 0;
	}
	rc = hr_gpkg__geometry(out, sqlite3_column_blob(g->rows, col),
	                       (size_t)sqlite3_column_bytes(g->rows, col), g->srs_id, g->pj,
	                       err->reason, sizeof err->reason);
	if (rc == 1)
		hr_gj__copy_utf8(err->field, sizeof err->field, g->geom_col);
	return rc;
}

/* One column's value as JSON (a new reference, NULL when out of memory). */
static json_t *column_value(gpkg_reader *g, int i)
{
	switch (sqlite3_column_type(g->rows, i)) {
	case SQLITE_INTEGER: {
		sqlite3_int64 v = sqlite3_column_int64(g->rows, i);
		return g->is_bool[i] && (v == 0 || v == 1) ? json_boolean(v) : json_integer(v);
	}
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(g->rows, i));
	case SQLITE_TEXT: {
		const char *t = (const char *)sqlite3_column_text(g->rows, i);
		json_t *arr;
		/* a repeated property written as a JSON array (hazreg's own export) */
		if (t && t[0] == '[' && (arr = json_loads(t, JSON_DECODE_ANY, NULL))) {
			if (json_is_array(arr))
				return arr;
			json_decref(arr);
		}
		return json_stringn(t ? t : "", (size_t)sqlite3_column_bytes(g->rows, i));
	}
	case SQLITE_BLOB:
		return json_string("(binary)"); /* refused by the mapping or the validator */
	default:
		return json_null();
	}
}

/* The current row as a Feature. 0, 1 refused (err filled), HR_ENOMEM */
static int row_feature(gpkg_reader *g, json_t **out, hr_read_error *err)
{
	json_t *feat = json_object(), *props = json_object(), *geom = NULL;
	int rc = 0;
	*out = NULL;
	if (!feat || !props) {
		rc = HR_ENOMEM;
		goto done;
	}
	for (int i = 0; i < g->ncols && rc == 0; i++) {
		const char *name = sqlite3_column_name(g->rows, i);
		json_t *v;
		if (!strcmp(name, g->pk_col))
			continue;
		if (!strcmp(name, g->geom_col)) {
			rc = row_geometry(g, i, &geom, err);
			continue;
		}
		if (sqlite3_column_type(g->rows, i) == SQLITE_TEXT &&
		    !hr_record__utf8_ok((const char *)sqlite3_column_text(g->rows, i),
		                        (size_t)sqlite3_column_bytes(g->rows, i))) {
			hr_gj__copy_utf8(err->field, sizeof err->field, name);
			hr__fmt(err->reason, sizeof err->reason, "the text is not UTF-8 (GeoPackage "
			        "text is UTF-8: convert the layer's encoding)");
			rc = 1;
			break;
		}
		if (!(v = column_value(g, i)) || json_object_set_new(props, name, v))
			rc = HR_ENOMEM;
	}
	if (rc)
		goto done;
	if (json_object_set_new(feat, "type", json_string("Feature")) ||
	    json_object_set_new(feat, "properties", props) ||
	    json_object_set_new(feat, "geometry", geom ? geom : json_null())) {
		props = geom = NULL;
		rc = HR_ENOMEM;
		goto done;
	}
	props = geom = NULL;
	*out = feat;
	feat = NULL;
done:
	json_decref(feat);
	json_decref(props);
	json_decref(geom);
	return rc;
}

static int open_layer(gpkg_reader *g, size_t i, char *err, size_t errlen);

static int gr_next(hr_reader *r, hr_record **rec, hr_read_error *err)
{
	gpkg_reader *g = (gpkg_reader *)r;
	json_t *feat = NULL;
	long long fid;
	char reason[sizeof err->reason];
	int rc;
	if (!r || !rec || !err)
		return HR_EINVAL;
	*rec = NULL;
	memset(err, 0, sizeof *err);
	while ((rc = sqlite3_step(g->rows)) == SQLITE_DONE && g->cur + 1 < g->nlayers) {
		if ((rc = open_layer(g, g->cur + 1, err->reason, sizeof err->reason)))
			return rc;
	}
	if (rc == SQLITE_DONE) {
		g->done = g->total;
		return 0;
	}
	if (rc != SQLITE_ROW) {
		hr__fmt(err->reason, sizeof err->reason, "layer %s: %s", g->layer,
		        sqlite3_errmsg(g->db));
		return HR_EIO;
	}
	err->index = g->index++;
	g->done = g->index;
	fid = sqlite3_column_int64(g->rows, 0);
	for (int i = 0; i < g->ncols; i++)
		if (!strcmp(sqlite3_column_name(g->rows, i), g->pk_col))
			fid = sqlite3_column_int64(g->rows, i);
	rc = row_feature(g, &feat, err);
	if (rc == 0) {
		char *text = json_dumps(feat, JSON_COMPACT);
		hr_free(g->raw);
		g->raw = text ? hr__strdup(text) : NULL;
		hr_gj__json_free(text);
		rc = hr_mapping__feature_record(rec, g->map, feat, err);
	}
	json_decref(feat);
	if (rc == HR_ENOMEM) {
		hr__fmt(err->reason, sizeof err->reason, "out of memory");
		return rc;
	}
	if (rc == 0) {
		memset(err, 0, sizeof *err);
		return 1;
	}
	/* name the layer and the row */
	hr__fmt(reason, sizeof reason, "%s", err->reason);
	hr__fmt(err->reason, sizeof err->reason, "layer %s, fid %lld: %s", g->layer, fid, reason);
	return 1;
}

static const char *gr_raw(hr_reader *r)
{
	gpkg_reader *g = (gpkg_reader *)r;
	return g && g->raw ? g->raw : "";
}

static void gr_progress(hr_reader *r, uint64_t *done, uint64_t *total)
{
	gpkg_reader *g = (gpkg_reader *)r;
	*done = g ? g->done : 0;
	*total = g ? g->total : 0;
}

static uint64_t count_rows(gpkg_reader *g, const char *layer)
{
	sqlite3_stmt *st = NULL;
	char *q = quote_ident(layer), *sql = q ? sqlite3_mprintf("SELECT count(*) FROM %s", q) : NULL;
	uint64_t n = 0;
	if (sql && sqlite3_prepare_v2(g->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	sqlite3_free(q);
	return n;
}

/* Make feature table i the one rows are read from. */
static int open_layer(gpkg_reader *g, size_t i, char *err, size_t errlen)
{
	int rc;
	sqlite3_finalize(g->rows);
	g->rows = NULL;
	if (g->pj)
		proj_destroy(g->pj);
	g->pj = NULL;
	hr_free(g->pk_col);
	g->pk_col = NULL;
	hr_free(g->is_bool);
	g->is_bool = NULL;
	g->cur = i;
	g->layer = g->layers[i];
	g->geom_col = g->geoms[i];
	g->srs_id = g->srs[i];
	if ((rc = make_transform(g, g->path, err, errlen)) ||
	    (rc = table_info(g, g->path, err, errlen)) || (rc = prepare_rows(g, g->path, err, errlen)))
		return rc;
	return 0;
}

int hr_reader__gpkg(hr_reader **out, const char *path, hr_mapping *m, char *err, size_t errlen)
{
	gpkg_reader *g = NULL;
	char *uri = NULL;
	struct stat st;
	int rc;
	*out = NULL;
	if (stat(path, &st) != 0) {
		hr__fmt(err, errlen, "cannot open %s: %s", path, strerror(errno));
		hr_mapping__free(m);
		return errno == ENOENT || errno == ENOTDIR ? HR_ENOTFOUND : HR_EIO;
	}
	if (!(g = hr__calloc(1, sizeof *g)) || !(uri = ro_uri(path))) {
		hr_free(g);
		hr_mapping__free(m);
		hr__fmt(err, errlen, "out of memory");
		return HR_ENOMEM;
	}
	g->base.version = HR_READER_VERSION;
	g->base.next = gr_next;
	g->base.raw = gr_raw;
	g->base.progress = gr_progress;
	g->base.close = gr_close;
	g->map = m;
	if (sqlite3_open_v2(uri, &g->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) !=
	    SQLITE_OK) {
		hr__fmt(err, errlen, "cannot open %s: %s", path,
		        g->db ? sqlite3_errmsg(g->db) : "out of memory");
		rc = HR_EIO;
		goto done;
	}
	if (!(g->path = hr__strdup(path))) {
		rc = HR_ENOMEM;
		goto done;
	}
	if ((rc = find_layers(g, path, hr_mapping__layer(m), err, errlen)))
		goto done;
	for (size_t i = 0; i < g->nlayers; i++)
		g->total += count_rows(g, g->layers[i]);
	if ((rc = open_layer(g, 0, err, errlen)))
		goto done;
	*out = &g->base;
	g = NULL;
done:
	if (rc == HR_ENOMEM)
		hr__fmt(err, errlen, "out of memory");
	hr_free(uri);
	gr_close(g ? &g->base : NULL);
	return rc;
}
