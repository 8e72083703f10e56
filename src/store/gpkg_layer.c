/*
 * gpkg_layer.c - the derived layers of the GeoPackage backend: one feature
 * table (with its gpkg_rtree_index) or attribute table per hr_layer,
 * registered in gpkg_contents so that GDAL and QGIS show them: their
 * definitions, the statements cached for them, and ensure_layers.
 *
 * A feature table looks like
 *   CREATE TABLE "hazardous_areas" (
 *     "fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
 *     "geom" MULTIPOLYGON,          -- GeoPackage binary, see gpkg_geom.c
 *     "area_id" TEXT NOT NULL,      -- the key, UNIQUE index uk_<table>_<key>
 *     ... TEXT / INTEGER / REAL / DATETIME ('YYYY-MM-DDTHH:MM:SS.000Z') columns)
 * and an attribute table the same without "geom". Columns marked indexed
 * get an index idx_<table>_<column>.
 *
 * Rows are read and written in gpkg_rows.c, extents kept in gpkg_extent.c.
 */
#include "store/gpkg_int.h"
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RTREE_EXT_URL "http://www.geopackage.org/spec120/#extension_rtree"

static const char *col_sql_type(hr_col_type t)
{
	switch (t) {
	case HR_COL_INT: return "INTEGER";
	case HR_COL_REAL: return "REAL";
	case HR_COL_TIME: return "DATETIME";
	default: return "TEXT";
	}
}

/* ---- layer definitions ---------------------------------------------------- */

static int valid_layer(gpkg_be *be, const hr_layer *l, const char *op)
{
	static const char *const reserved[] = {"gpkg_", "rtree_", "sqlite_", "hr_"};
	return hr_store__layer_check(l, reserved, sizeof reserved / sizeof reserved[0], op, be->err,
	                             sizeof be->err);
}

static int same_layer(const gpkg_layer *L, const hr_layer *l)
{
	if (L->ncols != l->ncols || (L->rtree != NULL) != (l->geom_type != NULL) ||
	    strcmp(L->key, l->key) != 0)
		return 0;
	for (size_t i = 0; i < l->ncols; i++)
		if (strcmp(L->cols[i], l->cols[i].name) != 0 || L->types[i] != l->cols[i].type)
			return 0;
	return 1;
}

static void layer_clear_def(gpkg_layer *L)
{
	for (int i = 0; i < L_COUNT; i++) {
		sqlite3_finalize(L->st[i]);
		sqlite3_free(L->sql[i]);
		L->st[i] = NULL;
		L->sql[i] = NULL;
	}
	for (size_t i = 0; L->st_where && i < L->ncols; i++)
		sqlite3_finalize(L->st_where[i]);
	for (size_t i = 0; L->st_during && i < 2 * L->ncols; i++)
		sqlite3_finalize(L->st_during[i]);
	free(L->st_where);
	free(L->st_during);
	for (size_t i = 0; L->cols && i < L->ncols; i++)
		free(L->cols[i]);
	free(L->cols);
	free(L->types);
	sqlite3_free(L->name);
	sqlite3_free(L->key);
	sqlite3_free(L->rtree);
	L->st_where = L->st_during = NULL;
	L->cols = NULL;
	L->types = NULL;
	L->name = L->key = L->rtree = NULL;
	L->ncols = 0;
}

void gpkg__select_list(sqlite3_str *s, const gpkg_layer *L)
{
	sqlite3_str_appendf(s, "SELECT t.\"fid\", %s", L->rtree ? "t.\"" GEOM_COL "\"" : "NULL");
	for (size_t i = 0; i < L->ncols; i++)
		sqlite3_str_appendf(s, ", t.\"%w\"", L->cols[i]);
}

static int layer_set_def(gpkg_layer *L, const hr_layer *l)
{
	sqlite3_str *s;
	const char *T;
	size_t n = l->ncols;
	L->def = l;
	L->ncols = n;
	L->name = sqlite3_mprintf("%s", l->name);
	L->key = sqlite3_mprintf("%s", l->key);
	L->rtree = l->geom_type ? sqlite3_mprintf("rtree_%s_" GEOM_COL, l->name) : NULL;
	L->cols = calloc(n, sizeof *L->cols);
	L->types = calloc(n, sizeof *L->types);
	L->st_where = calloc(n, sizeof *L->st_where);
	L->st_during = calloc(2 * n, sizeof *L->st_during);
	if (!L->name || !L->key || (l->geom_type && !L->rtree) || !L->cols || !L->types ||
	    !L->st_where || !L->st_during)
		return HR_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (!(L->cols[i] = strdup(l->cols[i].name)))
			return HR_ENOMEM;
		L->types[i] = l->cols[i].type;
	}
	T = L->name;

	if (L->rtree)
		L->sql[L_FIND] = sqlite3_mprintf(
			"SELECT t.\"fid\", r.\"minx\", r.\"maxx\", r.\"miny\", r.\"maxy\" FROM \"%w\" AS t"
			" LEFT JOIN \"%w\" AS r ON r.\"id\" = t.\"fid\" WHERE t.\"%w\" = ?1",
			T, L->rtree, L->key);
	else
		L->sql[L_FIND] = sqlite3_mprintf("SELECT t.\"fid\" FROM \"%w\" AS t WHERE t.\"%w\" = ?1",
		                                 T, L->key);

	/* INSERT: ?1 is the geometry, ?2.. the columns */
	s = sqlite3_str_new(NULL);
	sqlite3_str_appendf(s, "INSERT INTO \"%w\" (", T);
	if (L->rtree)
		sqlite3_str_appendall(s, "\"" GEOM_COL "\", ");
	for (size_t i = 0; i < n; i++)
		sqlite3_str_appendf(s, "%s\"%w\"", i ? ", " : "", L->cols[i]);
	sqlite3_str_appendall(s, ") VALUES (");
	if (L->rtree)
		sqlite3_str_appendall(s, "?1, ");
	for (size_t i = 0; i < n; i++)
		sqlite3_str_appendf(s, "%s?%d", i ? ", " : "", (int)i + 2);
	sqlite3_str_appendall(s, ")");
	L->sql[L_INSERT] = sqlite3_str_finish(s);

	/* UPDATE: same numbering, the fid last */
	s = sqlite3_str_new(NULL);
	sqlite3_str_appendf(s, "UPDATE \"%w\" SET ", T);
	if (L->rtree)
		sqlite3_str_appendall(s, "\"" GEOM_COL "\" = ?1, ");
	for (size_t i = 0; i < n; i++)
		sqlite3_str_appendf(s, "%s\"%w\" = ?%d", i ? ", " : "", L->cols[i], (int)i + 2);
	sqlite3_str_appendf(s, " WHERE \"fid\" = ?%d", (int)n + 2);
	L->sql[L_UPDATE] = sqlite3_str_finish(s);

	s = sqlite3_str_new(NULL);
	gpkg__select_list(s, L);
	sqlite3_str_appendf(s, " FROM \"%w\" AS t WHERE t.\"%w\" = ?1", T, L->key);
	L->sql[L_GET] = sqlite3_str_finish(s);

	if (L->rtree) {
		/* CROSS JOIN keeps the R-tree as the outer loop */
		s = sqlite3_str_new(NULL);
		gpkg__select_list(s, L);
		sqlite3_str_appendf(s,
		                    " FROM \"%w\" AS r CROSS JOIN \"%w\" AS t ON t.\"fid\" = r.\"id\""
		                    " WHERE r.\"minx\" <= ?1 AND r.\"maxx\" >= ?2"
		                    " AND r.\"miny\" <= ?3 AND r.\"maxy\" >= ?4 ORDER BY t.\"%w\"",
		                    L->rtree, T, L->key);
		L->sql[L_BBOX] = sqlite3_str_finish(s);
	} else {
		L->sql[L_BBOX] = sqlite3_mprintf("SELECT 1 WHERE 0");
	}

	s = sqlite3_str_new(NULL);
	gpkg__select_list(s, L);
	sqlite3_str_appendf(s, " FROM \"%w\" AS t ORDER BY t.\"%w\"", T, L->key);
	L->sql[L_ALL] = sqlite3_str_finish(s);

	/* a page: the key's unique index gives the order, so SQLite steps over
	 * the rows before the page in the index, without decoding them */
	s = sqlite3_str_new(NULL);
	gpkg__select_list(s, L);
	sqlite3_str_appendf(s, " FROM \"%w\" AS t ORDER BY t.\"%w\" LIMIT ?1 OFFSET ?2", T, L->key);
	L->sql[L_PAGE] = sqlite3_str_finish(s);
	L->sql[L_NROWS] = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", T);

	L->sql[L_CLEAR] = sqlite3_mprintf("DELETE FROM \"%w\"", T);
	L->sql[L_CONTENTS] = sqlite3_mprintf(
		"UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4,"
		" last_change = %s WHERE table_name = %Q",
		NOW_SQL, T);
	for (int i = 0; i < L_COUNT; i++)
		if (!L->sql[i])
			return HR_ENOMEM;
	return 0;
}

int gpkg__layer(gpkg_be *be, const hr_layer *l, gpkg_layer **out, const char *op)
{
	gpkg_layer *L;
	int rc;
	*out = NULL;
	for (L = be->layers; L; L = L->next)
		if (strcmp(L->name, l->name) == 0)
			break;
	if (L && (L->def == l || same_layer(L, l))) {
		L->def = l;
		*out = L;
		return 0;
	}
	if ((rc = valid_layer(be, l, op)))
		return rc;
	if (L) {
		/* the same table under a new definition: new statements */
		for (int i = 0; i < L_COUNT; i++)
			if (L->st[i] && sqlite3_stmt_busy(L->st[i]))
				return gpkg__errf(be, HR_EINVAL,
				                  "%s: layer %s redefined while it is being read", op,
				                  l->name);
		layer_clear_def(L);
	} else {
		if (!(L = calloc(1, sizeof *L)))
			return gpkg__errf(be, HR_ENOMEM, "%s: out of memory", op);
		L->next = be->layers;
		be->layers = L;
	}
	if (layer_set_def(L, l)) {
		gpkg_layer **p = &be->layers;
		while (*p != L)
			p = &(*p)->next;
		*p = L->next;
		layer_clear_def(L);
		free(L);
		return gpkg__errf(be, HR_ENOMEM, "%s: out of memory", op);
	}
	*out = L;
	return 0;
}

void gpkg__layers_free(gpkg_be *be)
{
	gpkg_layer *L = be->layers, *next;
	for (; L; L = next) {
		next = L->next;
		layer_clear_def(L);
		free(L);
	}
	be->layers = NULL;
}

/* ---- ensuring the tables ------------------------------------------------------ */

/* Does a query with up to two text parameters return a row? */
static int exists(gpkg_be *be, const char *sql, const char *a1, const char *a2, int *found)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, src;
	*found = 0;
	if (sqlite3_prepare_v2(be->db, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "ensure_layers");
		goto done;
	}
	sqlite3_bind_text(st, 1, a1, -1, SQLITE_STATIC);
	if (a2)
		sqlite3_bind_text(st, 2, a2, -1, SQLITE_STATIC);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*found = 1;
	else if (src != SQLITE_DONE)
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "ensure_layers");
done:
	sqlite3_finalize(st);
	return rc;
}

static int has_object(gpkg_be *be, const char *type, const char *name, int *found)
{
	return exists(be, "SELECT 1 FROM sqlite_master WHERE type = ?2 AND name = ?1", name, type,
	              found);
}

static int has_column(gpkg_be *be, const char *table, const char *col, int *found)
{
	return exists(be, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 COLLATE NOCASE",
	              table, col, found);
}

/* Is the trigger rtree_<table>_geom_<suffix> there? */
static int has_trigger(gpkg_be *be, const char *table, const char *suffix, int *found)
{
	char name[512];
	snprintf(name, sizeof name, "rtree_%s_" GEOM_COL "_%s", table, suffix);
	return has_object(be, "trigger", name, found);
}

/* GeoPackage 1.4 replaces _update1 by _update6 and _update7, and _update3
 * by _update5; a file whose triggers another program brought up to 1.4
 * keeps them. *v14 says which of update1/update3 that makes unwanted. */
static int rtree_triggers(gpkg_be *be, const char *table, int *complete, int v14[2])
{
	static const char *const always[] = {"insert", "update2", "update4", "delete"};
	int rc, f = 0, g = 0;
	*complete = 0;
	v14[0] = v14[1] = 0;
	if ((rc = has_trigger(be, table, "update6", &f)) || (rc = has_trigger(be, table, "update7", &g)))
		return rc;
	v14[0] = f && g;
	if ((rc = has_trigger(be, table, "update5", &f)))
		return rc;
	v14[1] = f;
	for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
		if ((rc = has_trigger(be, table, always[i], &f)) || !f)
			return rc;
	if (!v14[0] && ((rc = has_trigger(be, table, "update1", &f)) || !f))
		return rc;
	if (!v14[1] && ((rc = has_trigger(be, table, "update3", &f)) || !f))
		return rc;
	*complete = 1;
	return 0;
}

/* Is anything of this layer missing? */
static int layer_missing(gpkg_be *be, const hr_layer *l, int *missing)
{
	char name[512];
	int rc, f = 0;
	*missing = 1;
	if ((rc = has_object(be, "table", l->name, &f)) || !f)
		return rc;
	for (size_t i = 0; i < l->ncols; i++) {
		if ((rc = has_column(be, l->name, l->cols[i].name, &f)) || !f)
			return rc;
		if (i && !l->cols[i].indexed)
			continue;
		snprintf(name, sizeof name, "%s_%s_%s", i ? "idx" : "uk", l->name, l->cols[i].name);
		if ((rc = has_object(be, "index", name, &f)) || !f)
			return rc;
	}
	if ((rc = exists(be, "SELECT 1 FROM gpkg_contents WHERE table_name = ?1", l->name, NULL,
	                 &f)) || !f)
		return rc;
	if (l->geom_type) {
		if ((rc = has_column(be, l->name, GEOM_COL, &f)) || !f)
			return rc;
		if ((rc = exists(be, "SELECT 1 FROM gpkg_geometry_columns WHERE table_name = ?1",
		                 l->name, NULL, &f)) || !f)
			return rc;
		snprintf(name, sizeof name, "rtree_%s_" GEOM_COL, l->name);
		if ((rc = has_object(be, "table", name, &f)) || !f)
			return rc;
		{
			int v14[2];
			if ((rc = rtree_triggers(be, l->name, &f, v14)) || !f)
				return rc;
		}
		if ((rc = exists(be,
		                 "SELECT 1 FROM gpkg_extensions WHERE table_name = ?1"
		                 " AND extension_name = 'gpkg_rtree_index'",
		                 l->name, NULL, &f)) || !f)
			return rc;
	}
	*missing = 0;
	return 0;
}

/* Run an sqlite3_mprintf'd statement and free it. */
static int exec_free(gpkg_be *be, char *sql)
{
	int rc;
	if (!sql)
		return gpkg__errf(be, HR_ENOMEM, "ensure_layers: out of memory");
	rc = gpkg__exec(be, sql, "ensure_layers");
	sqlite3_free(sql);
	return rc;
}

char *gpkg__rtree_trigger(int which, const char *T, const char *R)
{
	const char *g = GEOM_COL;
	switch (which) {
	case 0:
		return sqlite3_mprintf(
			"CREATE TRIGGER IF NOT EXISTS \"%w_insert\" AFTER INSERT ON \"%w\""
			" WHEN (new.\"%w\" NOT NULL AND NOT ST_IsEmpty(NEW.\"%w\"))"
			" BEGIN INSERT OR REPLACE INTO \"%w\" VALUES (NEW.\"fid\","
			" ST_MinX(NEW.\"%w\"), ST_MaxX(NEW.\"%w\"), ST_MinY(NEW.\"%w\"), ST_MaxY(NEW.\"%w\"));"
			" END",
			R, T, g, g, R, g, g, g, g);
	case 1:
		return sqlite3_mprintf(
			"CREATE TRIGGER IF NOT EXISTS \"%w_update1\" AFTER UPDATE OF \"%w\" ON \"%w\""
			" WHEN OLD.\"fid\" = NEW.\"fid\""
			" AND (NEW.\"%w\" NOTNULL AND NOT ST_IsEmpty(NEW.\"%w\"))"
			" BEGIN INSERT OR REPLACE INTO \"%w\" VALUES (NEW.\"fid\","
			" ST_MinX(NEW.\"%w\"), ST_MaxX(NEW.\"%w\"), ST_MinY(NEW.\"%w\"), ST_MaxY(NEW.\"%w\"));"
			" END",
			R, g, T, g, g, R, g, g, g, g);
	case 2:
		return sqlite3_mprintf(
			"CREATE TRIGGER IF NOT EXISTS \"%w_update2\" AFTER UPDATE OF \"%w\" ON \"%w\""
			" WHEN OLD.\"fid\" = NEW.\"fid\" AND (NEW.\"%w\" ISNULL OR ST_IsEmpty(NEW.\"%w\"))"
			" BEGIN DELETE FROM \"%w\" WHERE id = OLD.\"fid\"; END",
			R, g, T, g, g, R);
	case 3:
		return sqlite3_mprintf(
			"CREATE TRIGGER IF NOT EXISTS \"%w_update3\" AFTER UPDATE ON \"%w\""
			" WHEN OLD.\"fid\" != NEW.\"fid\""
			" AND (NEW.\"%w\" NOTNULL AND NOT ST_IsEmpty(NEW.\"%w\"))"
			" BEGIN DELETE FROM \"%w\" WHERE id = OLD.\"fid\";"
			" INSERT OR REPLACE INTO \"%w\" VALUES (NEW.\"fid\","
			" ST_MinX(NEW.\"%w\"), ST_MaxX(NEW.\"%w\"), ST_MinY(NEW.\"%w\"), ST_MaxY(NEW.\"%w\"));"
			" END",
			R, T, g, g, R, R, g, g, g, g);
	case 4:
		return sqlite3_mprintf(
			"CREATE TRIGGER IF NOT EXISTS \"%w_update4\" AFTER UPDATE ON \"%w\""
			" WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW.\"%w\" ISNULL OR ST_IsEmpty(NEW.\"%w\"))"
			" BEGIN DELETE FROM \"%w\" WHERE id IN (OLD.\"fid\", NEW.\"fid\"); END",
			R, T, g, g, R);
	default:
		return sqlite3_mprintf(
			"CREATE TRIGGER IF NOT EXISTS \"%w_delete\" AFTER DELETE ON \"%w\""
			" WHEN old.\"%w\" NOT NULL"
			" BEGIN DELETE FROM \"%w\" WHERE id = OLD.\"fid\"; END",
			R, T, g, R);
	}
}

/* The gpkg_rtree_index triggers of GeoPackage 1.3 (Annex F.3), those
 * missing: update1 and update3 are left out where GeoPackage 1.4's
 * replacements (v14) are there. */
static int create_rtree_triggers(gpkg_be *be, const char *T, const char *R)
{
	int rc, complete, v14[2];
	if ((rc = rtree_triggers(be, T, &complete, v14)) || complete)
		return rc;
	for (int i = 0; i < 6 && rc == 0; i++)
		if (!(i == 1 && v14[0]) && !(i == 3 && v14[1]))
			rc = exec_free(be, gpkg__rtree_trigger(i, T, R));
	return rc;
}

static int create_layer(gpkg_be *be, const hr_layer *l)
{
	const char *T = l->name, *title = l->title && *l->title ? l->title : l->name;
	char *R = NULL;
	sqlite3_str *s = NULL;
	int rc, had_table = 0, had_rtree = 0, f;
	if ((rc = has_object(be, "table", T, &had_table)))
		goto done;
	if (!had_table) {
		s = sqlite3_str_new(be->db);
		sqlite3_str_appendf(s, "CREATE TABLE \"%w\" (\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT"
		                       " NOT NULL", T);
		if (l->geom_type)
			sqlite3_str_appendf(s, ", \"" GEOM_COL "\" %s", l->geom_type);
		for (size_t i = 0; i < l->ncols; i++)
			sqlite3_str_appendf(s, ", \"%w\" %s%s", l->cols[i].name,
			                    col_sql_type(l->cols[i].type), i ? "" : " NOT NULL");
		sqlite3_str_appendall(s, ")");
		rc = exec_free(be, sqlite3_str_finish(s));
		s = NULL;
		if (rc)
			goto done;
	} else {
		/* a newer definition may bring new columns */
		if (l->geom_type) {
			if ((rc = has_column(be, T, GEOM_COL, &f)))
				goto done;
			if (!f && (rc = exec_free(be, sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN \""
			                                              GEOM_COL "\" %s", T, l->geom_type))))
				goto done;
		}
		for (size_t i = 0; i < l->ncols; i++) {
			if ((rc = has_column(be, T, l->cols[i].name, &f)))
				goto done;
			if (!f && (rc = exec_free(be, sqlite3_mprintf(
			                                  "ALTER TABLE \"%w\" ADD COLUMN \"%w\" %s", T,
			                                  l->cols[i].name, col_sql_type(l->cols[i].type)))))
				goto done;
		}
	}
	if ((rc = exec_free(be, sqlite3_mprintf("CREATE UNIQUE INDEX IF NOT EXISTS \"uk_%w_%w\""
	                                        " ON \"%w\" (\"%w\")", T, l->key, T, l->key))))
		goto done;
	for (size_t i = 1; i < l->ncols; i++)
		if (l->cols[i].indexed &&
		    (rc = exec_free(be, sqlite3_mprintf("CREATE INDEX IF NOT EXISTS \"idx_%w_%w\""
		                                        " ON \"%w\" (\"%w\")", T, l->cols[i].name, T,
		                                        l->cols[i].name))))
			goto done;
	rc = exec_free(be, sqlite3_mprintf(
		"INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description,"
		" last_change, srs_id) VALUES (%Q, %Q, %Q, '', %s, %s)",
		T, l->geom_type ? "features" : "attributes", title, NOW_SQL,
		l->geom_type ? "4326" : "NULL"));
	if (rc || !l->geom_type)
		goto done;

	if ((rc = exec_free(be, sqlite3_mprintf(
		     "INSERT OR IGNORE INTO gpkg_geometry_columns (table_name, column_name,"
		     " geometry_type_name, srs_id, z, m) VALUES (%Q, '" GEOM_COL "', %Q, 4326, 0, 0)",
		     T, l->geom_type))))
		goto done;
	if (!(R = sqlite3_mprintf("rtree_%s_" GEOM_COL, T))) {
		rc = gpkg__errf(be, HR_ENOMEM, "ensure_layers: out of memory");
		goto done;
	}
	if ((rc = has_object(be, "table", R, &had_rtree)))
		goto done;
	if (!had_rtree) {
		if ((rc = exec_free(be, sqlite3_mprintf("CREATE VIRTUAL TABLE \"%w\" USING"
		                                        " rtree(id, minx, maxx, miny, maxy)", R))))
			goto done;
		/* index the rows a table without an index already holds */
		if (had_table &&
		    (rc = exec_free(be, sqlite3_mprintf(
		             "INSERT OR REPLACE INTO \"%w\" SELECT \"fid\", ST_MinX(\"%w\"),"
		             " ST_MaxX(\"%w\"), ST_MinY(\"%w\"), ST_MaxY(\"%w\") FROM \"%w\""
		             " WHERE \"%w\" NOT NULL AND NOT ST_IsEmpty(\"%w\")",
		             R, GEOM_COL, GEOM_COL, GEOM_COL, GEOM_COL, T, GEOM_COL, GEOM_COL))))
			goto done;
	}
	if ((rc = create_rtree_triggers(be, T, R)))
		goto done;
	rc = exec_free(be, sqlite3_mprintf(
		"INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name,"
		" definition, scope) VALUES (%Q, '" GEOM_COL "', 'gpkg_rtree_index', %Q, 'write-only')",
		T, RTREE_EXT_URL));
	if (rc == 0 && had_table) {
		/* the extent of rows that were there before: recompute at commit */
		gpkg_layer *L;
		if ((rc = gpkg__layer(be, l, &L, "ensure_layers")) == 0) {
			L->touched = 1;
			L->full = 1;
		}
	}
done:
	if (s)
		sqlite3_free(sqlite3_str_finish(s));
	sqlite3_free(R);
	return rc;
}

int gpkg__ensure_layers(hr_backend *b, const hr_layer *const *layers, size_t n)
{
	gpkg_be *be = (gpkg_be *)b;
	int rc, own = 0, missing = 0, savepoint = 0;
	if (n && !layers)
		return gpkg__errf(be, HR_EINVAL, "ensure_layers: no layers");
	for (size_t i = 0; i < n; i++) {
		int m = 0;
		if ((rc = valid_layer(be, layers[i], "ensure_layers")))
			return rc;
		if ((rc = layer_missing(be, layers[i], &m)))
			return rc;
		if (m && be->readonly)
			return gpkg__errf(be, HR_EREADONLY,
			                  "ensure_layers: layer %s is missing and the store is read-only",
			                  layers[i]->name);
		missing |= m;
	}
	if (!missing)
		return 0;
	if ((rc = gpkg__tx_begin(be, &own, "ensure_layers")))
		return rc;
	if (!own) {
		/* inside the caller's transaction: all of it or nothing */
		if ((rc = gpkg__exec(be, "SAVEPOINT hr_ensure_layers", "ensure_layers")))
			return rc;
		savepoint = 1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		int m = 0;
		if ((rc = layer_missing(be, layers[i], &m)) == 0 && m)
			rc = create_layer(be, layers[i]);
	}
	if (savepoint) {
		if (rc)
			sqlite3_exec(be->db, "ROLLBACK TO hr_ensure_layers", NULL, NULL, NULL);
		sqlite3_exec(be->db, "RELEASE hr_ensure_layers", NULL, NULL, NULL);
		return rc;
	}
	return gpkg__tx_end(be, own, rc);
}
