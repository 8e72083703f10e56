/*
 * gpkg_write.c - the export as a GeoPackage (OGC 12-128r18) that QGIS
 * and GDAL open as it is, and that hazreg's GeoPackage import reads back.
 *
 * One feature table per layer the profile allows (the register's table
 * names: hazardous_areas, release_parts, eo_items, eore_sessions; the
 * internal profile adds accidents and public_reports), each with:
 *
 *   fid   INTEGER PRIMARY KEY AUTOINCREMENT
 *   geom  MULTIPOLYGON or POINT, GeoPackageBinary (store/gpkg_geom.c) in EPSG:4326
 *   kind  TEXT: the record kind ("area", "release", ...)
 *   id    TEXT: the subject's id
 *   ...   the layer's columns that are import properties of the kind, under
 *         those names (INTEGER, REAL, TEXT; times as ISO 8601 DATETIME text;
 *         contamination as its JSON array; an area's benchmark as the text
 *         [lon,lat]), so that the file imports back
 *         with --format gpkg and no mapping. Derived columns (area_m2,
 *         hazard_from, ...) are in the GeoJSON export.
 *
 * and its rows in gpkg_contents (with the extent), gpkg_geometry_columns,
 * and the gpkg_rtree_index extension (R-tree, triggers and gpkg_extensions
 * row, as the register's own tables have them). What a profile shows is
 * decided in profile.c, as for every output.
 *
 * The file is written under a temporary name beside the destination, in
 * one transaction, and then linked to its name, which must not exist: an
 * existing file is never overwritten and a failure leaves nothing.
 */
#include "core/register_int.h"
#include "core/layers.h"
#include "formats/formats_int.h"
#include "store/gpkg_int.h"

#include <string.h>
#include <unistd.h>

#define RTREE_URL "http://www.geopackage.org/spec120/#extension_rtree"

typedef struct {
	hr_register *reg;
	hr_profile profile;
	sqlite3 *db;
	sqlite3_stmt *ins;
	const hr_layer *layer;
	int kind;
	size_t cols[HR_MAX_COLS]; /* the layer's columns written, after kind and id */
	size_t ncols;
	int bench; /* the areas layer: "benchmark" as [lon, lat] from benchmark_lon, _lat */
	hr_bbox ext;
	uint64_t rows;
	unsigned char *blob;
	size_t cap;
} wr;

static const char *kind_name_of(const hr_layer *l)
{
	for (int k = 1; k <= HR_KIND_MAX; k++)
		if (hr_layer_for_kind(k) == l)
			return hr_kind_name(k);
	return NULL;
}

static int sql_err(wr *w, const char *doing)
{
	hr_reg__err(w->reg, "GeoPackage export: %s: %s", doing, sqlite3_errmsg(w->db));
	return HR_EIO;
}

static int exec(wr *w, const char *sql, const char *doing)
{
	if (!sql) {
		hr_reg__err(w->reg, "GeoPackage export: out of memory");
		return HR_ENOMEM;
	}
	return sqlite3_exec(w->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : sql_err(w, doing);
}

static int exec_free(wr *w, char *sql, const char *doing)
{
	int rc = exec(w, sql, doing);
	sqlite3_free(sql);
	return rc;
}

static const char *sql_type(hr_col_type t)
{
	return t == HR_COL_INT ? "INTEGER" : t == HR_COL_REAL ? "REAL" : t == HR_COL_TIME ? "DATETIME"
	                                                                                 : "TEXT";
}

/* The table, its registration and its R-tree; the insert statement. */
static int create_table(wr *w)
{
	const hr_layer *l = w->layer;
	sqlite3_str *s = sqlite3_str_new(w->db);
	char *rtree = sqlite3_mprintf("rtree_%s_geom", l->name);
	int rc;
	w->ncols = 0;
	for (size_t i = 1; i < l->ncols; i++) {
		const hr_field_def *f = hr_schema_field_by_name(w->kind, l->cols[i].name);
		if (f && !(f->flags & HR_FIELD_PRIVATE) && f->type != HR_FT_GEOM &&
		    hr_profile__column_visible(w->profile, l, i))
			w->cols[w->ncols++] = i;
	}
	sqlite3_str_appendf(s, "CREATE TABLE \"%w\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
	                       "geom %s, kind TEXT NOT NULL, id TEXT NOT NULL UNIQUE",
	                    l->name, l->geom_type);
	for (size_t i = 0; i < w->ncols; i++)
		sqlite3_str_appendf(s, ", \"%w\" %s", l->cols[w->cols[i]].name,
		                    sql_type(l->cols[w->cols[i]].type));
	w->bench = l == &hr_layer_areas;
	if (w->bench)
		sqlite3_str_appendall(s, ", benchmark TEXT");
	sqlite3_str_appendall(s, ")");
	if ((rc = exec_free(w, sqlite3_str_finish(s), "creating a table")))
		goto done;
	if ((rc = exec_free(w, sqlite3_mprintf(
	                           "INSERT INTO gpkg_contents (table_name, data_type, identifier, "
	                           "description, srs_id) VALUES (%Q, 'features', %Q, %Q, 4326);"
	                           "INSERT INTO gpkg_geometry_columns VALUES (%Q, 'geom', %Q, 4326, "
	                           "0, 0);"
	                           "CREATE VIRTUAL TABLE \"%w\" USING rtree(id, minx, maxx, miny, maxy);"
	                           "INSERT INTO gpkg_extensions VALUES (%Q, 'geom', "
	                           "'gpkg_rtree_index', %Q, 'write-only')",
	                           l->name, l->title, l->title, l->name, l->geom_type, rtree, l->name,
	                           RTREE_URL),
	                    "registering a table")))
		goto done;
	for (int i = 0; i < 6 && rc == 0; i++)
		rc = exec_free(w, gpkg__rtree_trigger(i, l->name, rtree), "creating the R-tree triggers");
	if (rc)
		goto done;
	s = sqlite3_str_new(w->db);
	sqlite3_str_appendf(s, "INSERT INTO \"%w\" (geom, kind, id", l->name);
	for (size_t i = 0; i < w->ncols; i++)
		sqlite3_str_appendf(s, ", \"%w\"", l->cols[w->cols[i]].name);
	if (w->bench)
		sqlite3_str_appendall(s, ", benchmark");
	sqlite3_str_appendall(s, ") VALUES (?, ?, ?");
	for (size_t i = 0; i < w->ncols + (w->bench ? 1 : 0); i++)
		sqlite3_str_appendall(s, ", ?");
	sqlite3_str_appendall(s, ")");
	{
		char *sql = sqlite3_str_finish(s);
		if (!sql || sqlite3_prepare_v2(w->db, sql, -1, &w->ins, NULL) != SQLITE_OK)
			rc = sql_err(w, "preparing the insert");
		sqlite3_free(sql);
	}
done:
	sqlite3_free(rtree);
	return rc;
}

static void bind_cell(sqlite3_stmt *st, int at, const hr_column *col, const hr_cell *c)
{
	char t[HR_CELL_TEXT_BUFSZ];
	const char *text;
	if (c->is_null) {
		sqlite3_bind_null(st, at);
		return;
	}
	switch (col->type) {
	case HR_COL_INT:
		sqlite3_bind_int64(st, at, c->i);
		break;
	case HR_COL_REAL:
		sqlite3_bind_double(st, at, c->r);
		break;
	case HR_COL_TIME:
		/* GeoPackage's DATETIME: YYYY-MM-DDTHH:MM:SS.SSSZ (clause 1.1.1.1.1) */
		text = hr_cell__text(t, col, c);
		if (text == t && strlen(t) == 20 && t[19] == 'Z')
			memcpy(t + 19, ".000Z", 6);
		sqlite3_bind_text(st, at, text ? text : "", -1, SQLITE_TRANSIENT);
		break;
	default:
		text = hr_cell__text(t, col, c);
		sqlite3_bind_text(st, at, text ? text : "", -1, SQLITE_TRANSIENT);
	}
}

static int put_row(void *ctx, const hr_row *row)
{
	wr *w = ctx;
	const hr_layer *l = w->layer;
	hr_bbox env;
	int empty = 1;
	size_t n;
	sqlite3_reset(w->ins);
	sqlite3_clear_bindings(w->ins);
	if (row->wkb && gpkg__wkb_envelope(row->wkb, row->wkb_len, &env, &empty) == 0) {
		if (w->cap < GPKG_HEADER_LEN + row->wkb_len) {
			unsigned char *nb = hr__realloc(w->blob, GPKG_HEADER_LEN + row->wkb_len);
			if (!nb)
				return HR_ENOMEM;
			w->blob = nb;
			w->cap = GPKG_HEADER_LEN + row->wkb_len;
		}
		n = gpkg__geom_header(w->blob, &env, empty);
		memcpy(w->blob + n, row->wkb, row->wkb_len);
		sqlite3_bind_blob(w->ins, 1, w->blob, (int)(n + row->wkb_len), SQLITE_STATIC);
		if (!empty) {
			if (w->rows == 0 || env.west < w->ext.west) w->ext.west = env.west;
			if (w->rows == 0 || env.east > w->ext.east) w->ext.east = env.east;
			if (w->rows == 0 || env.south < w->ext.south) w->ext.south = env.south;
			if (w->rows == 0 || env.north > w->ext.north) w->ext.north = env.north;
		}
	}
	sqlite3_bind_text(w->ins, 2, hr_kind_name(w->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(w->ins, 3, row->cells[0].s, -1, SQLITE_STATIC);
	for (size_t i = 0; i < w->ncols; i++)
		bind_cell(w->ins, (int)i + 4, &l->cols[w->cols[i]], &row->cells[w->cols[i]]);
	if (w->bench && !row->cells[A_BENCH_LON].is_null && !row->cells[A_BENCH_LAT].is_null) {
		char pt[80];
		hr__fmt(pt, sizeof pt, "[%.7f,%.7f]", row->cells[A_BENCH_LON].r,
		        row->cells[A_BENCH_LAT].r);
		sqlite3_bind_text(w->ins, (int)w->ncols + 4, pt, -1, SQLITE_TRANSIENT);
	}
	if (sqlite3_step(w->ins) != SQLITE_DONE)
		return sql_err(w, "writing a row");
	w->rows++;
	return 0;
}

static int write_layer(wr *w, const hr_layer *l)
{
	int rc;
	w->layer = l;
	w->rows = 0;
	if (!(w->kind = hr_kind_from_name(kind_name_of(l))))
		return 0;
	if ((rc = create_table(w)))
		return rc;
	rc = w->reg->be->rows_all(w->reg->be, l, put_row, w);
	sqlite3_finalize(w->ins);
	w->ins = NULL;
	if (rc && rc != HR_ENOMEM && rc != HR_EIO)
		return hr_reg__be_err(w->reg, rc, "reading derived state");
	if (rc)
		return rc;
	if (w->rows == 0)
		return 0;
	return exec_free(w, sqlite3_mprintf("UPDATE gpkg_contents SET min_x = %.17g, min_y = %.17g, "
	                                    "max_x = %.17g, max_y = %.17g WHERE table_name = %Q",
	                                    w->ext.west, w->ext.south, w->ext.east, w->ext.north,
	                                    l->name),
	                 "writing the extent");
}

int hr_export_gpkg(hr_register *reg, const char *path, const char *layer, hr_profile profile)
{
	wr w;
	const hr_layer *only = NULL;
	char *tmp = NULL, msg[512];
	int fd, rc = 0;
	if (!reg || !path)
		return HR_EINVAL;
	if (layer) {
		only = hr_layer_by_short(layer);
		if (!only || !hr_profile__layer_visible(profile, only)) {
			hr_reg__err(reg, "layer \"%s\" is not available in the %s profile", layer,
			            profile == HR_PROFILE_PUBLIC ? "public" : "internal");
			return HR_EINVAL;
		}
	}
	memset(&w, 0, sizeof w);
	w.reg = reg;
	w.profile = profile;
	if ((rc = hr_out__begin(path, &tmp, &fd, msg, sizeof msg))) {
		hr_reg__err(reg, "%s", msg);
		return rc;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &w.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = sql_err(&w, "opening");
		goto done;
	}
	if (gpkg__register_functions(w.db) != SQLITE_OK) {
		rc = sql_err(&w, "SQL functions");
		goto done;
	}
	if ((rc = exec(&w, "BEGIN", "beginning")) || (rc = exec(&w, gpkg__core_sql, "the schema")))
		goto done;
	for (int l = 0; l < HR_NLAYERS && rc == 0; l++) {
		const hr_layer *L = hr_layers_all[l];
		if ((only && L != only) || !L->geom_type || !hr_profile__layer_visible(profile, L))
			continue;
		rc = write_layer(&w, L);
	}
	if (rc == 0)
		rc = exec(&w, "COMMIT", "committing");
	if (rc == 0 && sqlite3_close(w.db) != SQLITE_OK)
		rc = sql_err(&w, "closing");
	else if (rc == 0)
		w.db = NULL;
done:
	if (w.ins)
		sqlite3_finalize(w.ins);
	if (w.db)
		sqlite3_close(w.db);
	if ((fd = hr_out__finish(path, tmp, rc == 0, msg, sizeof msg)) && rc == 0) {
		hr_reg__err(reg, "%s", msg);
		rc = fd;
	}
	hr_free(w.blob);
	return rc;
}
