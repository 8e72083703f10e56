/*
 * pg_layer.c - the derived layers in the PostgreSQL backend: one table per
 * hr_layer in the current schema, which QGIS and GDAL list as a PostGIS
 * layer (a typed geometry column is registered in geometry_columns by
 * PostGIS itself):
 *   CREATE TABLE "hazardous_areas" (
 *     "fid" bigserial PRIMARY KEY,
 *     "geom" geometry(MULTIPOLYGON, 4326),   -- GiST index <table>_geom_gist
 *     "area_id" text COLLATE "C" NOT NULL,   -- the key, UNIQUE index uk_<table>_<key>
 *     ... text / bigint / double precision / timestamptz columns)
 * and an attribute table the same without "geom". Columns marked indexed
 * get an index idx_<table>_<column>; the table's comment is the layer's
 * title. The key sorts bytewise (COLLATE "C"), as in the GeoPackage, so
 * both backends hand rows over in the same order.
 *
 * Rows are read and written in pg_rows.c.
 */
#include "store/pg_int.h"
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *col_type(hr_col_type t)
{
	switch (t) {
	case HR_COL_INT: return "bigint";
	case HR_COL_REAL: return "double precision";
	case HR_COL_TIME: return "timestamptz";
	default: return "text";
	}
}

const char *pg__param_cast(hr_col_type t)
{
	switch (t) {
	case HR_COL_INT: return "int8";
	case HR_COL_REAL: return "float8";
	case HR_COL_TIME: return "timestamptz";
	default: return "text";
	}
}

/* ---- layer definitions ---------------------------------------------------- */

static int valid_layer(pg_be *be, const hr_layer *l, const char *op)
{
	/* PostgreSQL's own names, and hazreg's tables beside the layers */
	static const char *const reserved[] = {"hr_", "pg_", "spatial_ref_sys", "geometry_columns",
	                                       "geography_columns"};
	int rc = hr_store__layer_check(l, reserved, sizeof reserved / sizeof reserved[0], op,
	                               be->err, sizeof be->err);
	if (rc == 0 && l->ncols > PG_MAXPARAMS - 2)
		rc = pg__errf(be, HR_EINVAL, "%s: layer %s has too many columns", op, l->name);
	return rc;
}

static int same_layer(const pg_layer *L, const hr_layer *l)
{
	if (L->ncols != l->ncols || L->geom != (l->geom_type != NULL))
		return 0;
	for (size_t i = 0; i < l->ncols; i++)
		if (L->types[i] != l->cols[i].type || strcmp(L->cols[i], l->cols[i].name) != 0)
			return 0;
	return 1;
}

static void layer_clear_def(pg_layer *L)
{
	for (size_t i = 0; L->cols && i < L->ncols; i++)
		free(L->cols[i]);
	free(L->cols);
	free(L->types);
	free(L->name);
	PQfreemem(L->qname);
	free(L->sel);
	free(L->qkey);
	free(L->sql_put);
	L->cols = NULL;
	L->types = NULL;
	L->name = L->sel = L->qkey = L->sql_put = L->qname = NULL;
	L->ncols = 0;
}

/* The SQL of a layer: the select list and the upsert. */
static int layer_set_def(pg_be *be, pg_layer *L, const hr_layer *l)
{
	pg_sbuf sel = {0}, put = {0}, set = {0};
	char **q = NULL;
	int rc = 0;
	L->def = l;
	L->geom = l->geom_type != NULL;
	L->ncols = l->ncols;
	if (!(L->name = strdup(l->name)) || !(L->cols = calloc(l->ncols, sizeof *L->cols)) ||
	    !(L->types = calloc(l->ncols, sizeof *L->types)) ||
	    !(q = calloc(l->ncols, sizeof *q)) || !(L->qname = pg__ident(be, l->name)))
		goto oom;
	for (size_t i = 0; i < l->ncols; i++) {
		L->types[i] = l->cols[i].type;
		if (!(L->cols[i] = strdup(l->cols[i].name)) || !(q[i] = pg__ident(be, l->cols[i].name)))
			goto oom;
	}
	pg__sb_fmt(&sel, "SELECT t.fid, %s", L->geom ? "ST_AsBinary(t.geom, 'NDR')" : "NULL::bytea");
	pg__sb_fmt(&put, "INSERT INTO %s (geom", L->qname);
	if (!L->geom) {
		put.len = 0;
		pg__sb_fmt(&put, "INSERT INTO %s (", L->qname);
	}
	for (size_t i = 0; i < l->ncols; i++) {
		pg__sb_add(&sel, ", t.");
		pg__sb_add(&sel, q[i]);
		pg__sb_add(&put, L->geom || i ? ", " : "");
		pg__sb_add(&put, q[i]);
		if (i) {
			pg__sb_add(&set, set.len ? ", " : "");
			pg__sb_fmt(&set, "%s = excluded.%s", q[i], q[i]);
		}
	}
	pg__sb_fmt(&sel, " FROM %s AS t", L->qname);
	pg__sb_add(&put, ") VALUES (");
	if (L->geom)
		pg__sb_add(&put, "ST_GeomFromWKB($1::bytea, 4326)");
	for (size_t i = 0; i < l->ncols; i++)
		pg__sb_fmt(&put, "%s$%zu::%s", L->geom || i ? ", " : "", i + 1 + (size_t)L->geom,
		       pg__param_cast(l->cols[i].type));
	if (L->geom) {
		pg__sb_add(&set, set.len ? ", " : "");
		pg__sb_add(&set, "geom = excluded.geom");
	}
	pg__sb_fmt(&put, ") ON CONFLICT (%s) DO ", q[0]);
	if (set.len) {
		pg__sb_add(&put, "UPDATE SET ");
		pg__sb_add(&put, set.s);
	} else {
		pg__sb_add(&put, "NOTHING");
	}
	{
		pg_sbuf k = {0};
		pg__sb_fmt(&k, "t.%s", q[0]);
		L->qkey = pg__sb_done(&k);
	}
	L->sel = pg__sb_done(&sel);
	L->sql_put = pg__sb_done(&put);
	free(set.s);
	if (!L->sel || !L->sql_put || !L->qkey)
		rc = pg__errf(be, HR_ENOMEM, "layer %s: out of memory", l->name);
	goto done;
oom:
	free(sel.s);
	free(put.s);
	free(set.s);
	rc = pg__errf(be, HR_ENOMEM, "layer %s: out of memory", l->name);
done:
	for (size_t i = 0; q && i < l->ncols; i++)
		PQfreemem(q[i]);
	free(q);
	return rc;
}

int pg__layer(pg_be *be, const hr_layer *l, pg_layer **out, const char *op)
{
	pg_layer *L;
	int rc;
	*out = NULL;
	if ((rc = valid_layer(be, l, op)))
		return rc;
	for (L = be->layers; L; L = L->next)
		if (strcmp(L->name, l->name) == 0)
			break;
	if (L && (L->def == l || same_layer(L, l))) {
		L->def = l;
		*out = L;
		return 0;
	}
	if (L) {
		layer_clear_def(L);
	} else {
		if (!(L = calloc(1, sizeof *L)))
			return pg__errf(be, HR_ENOMEM, "%s: out of memory", op);
		L->next = be->layers;
		be->layers = L;
	}
	if ((rc = layer_set_def(be, L, l)))
		return rc;
	*out = L;
	return 0;
}

void pg__layers_free(pg_be *be)
{
	pg_layer *L = be->layers, *next;
	for (; L; L = next) {
		next = L->next;
		layer_clear_def(L);
		free(L);
	}
	be->layers = NULL;
}

/* ---- ensuring the tables ------------------------------------------------------ */

/* Is anything of this layer missing (table or column)? */
static int layer_missing(pg_be *be, const hr_layer *l, int *missing)
{
	PGresult *res = NULL;
	pg_params p;
	size_t found = 0;
	int rc, n;
	*missing = 1;
	pg__p_reset(&p);
	pg__p_text(&p, l->name);
	if ((rc = pg__run(be, "SELECT a.attname::text FROM pg_attribute a"
	                      " WHERE a.attrelid = to_regclass(quote_ident($1::text))"
	                      " AND a.attnum > 0 AND NOT a.attisdropped",
	                  &p, &res, "ensure_layers")))
		return rc;
	n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		const char *c = PQgetvalue(res, i, 0);
		if (l->geom_type && strcmp(c, "geom") == 0)
			found++;
		for (size_t k = 0; k < l->ncols; k++)
			if (strcmp(c, l->cols[k].name) == 0)
				found++;
	}
	PQclear(res);
	*missing = found != l->ncols + (l->geom_type ? 1 : 0);
	return 0;
}

/* Run DDL built into b (freed here). */
static int exec_sb(pg_be *be, pg_sbuf *b)
{
	char *sql = pg__sb_done(b);
	int rc;
	memset(b, 0, sizeof *b);
	if (!sql)
		return pg__errf(be, HR_ENOMEM, "ensure_layers: out of memory");
	rc = pg__exec(be, sql, "ensure_layers");
	free(sql);
	return rc;
}

static int create_layer(pg_be *be, const hr_layer *l)
{
	const char *title = l->title && *l->title ? l->title : l->name;
	char *T = NULL, *c = NULL, *ix = NULL, *lit = NULL;
	char name[256];
	pg_sbuf b = {0};
	int rc;
	if (!(T = pg__ident(be, l->name)))
		return HR_ENOMEM;
	pg__sb_fmt(&b, "CREATE TABLE IF NOT EXISTS %s (fid bigserial PRIMARY KEY)", T);
	if ((rc = exec_sb(be, &b)))
		goto done;
	if (l->geom_type) {
		pg__sb_fmt(&b, "ALTER TABLE %s ADD COLUMN IF NOT EXISTS geom geometry(%s, 4326)", T,
		       l->geom_type);
		if ((rc = exec_sb(be, &b)))
			goto done;
		snprintf(name, sizeof name, "%s_geom_gist", l->name);
		if (!(ix = pg__ident(be, name))) {
			rc = HR_ENOMEM;
			goto done;
		}
		pg__sb_fmt(&b, "CREATE INDEX IF NOT EXISTS %s ON %s USING gist (geom)", ix, T);
		PQfreemem(ix);
		ix = NULL;
		if ((rc = exec_sb(be, &b)))
			goto done;
	}
	for (size_t i = 0; i < l->ncols; i++) {
		if (!(c = pg__ident(be, l->cols[i].name))) {
			rc = HR_ENOMEM;
			goto done;
		}
		pg__sb_fmt(&b, "ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s%s", T, c,
		       col_type(l->cols[i].type), i ? "" : " COLLATE \"C\" NOT NULL");
		if ((rc = exec_sb(be, &b)))
			goto done;
		if (i == 0 || l->cols[i].indexed) {
			snprintf(name, sizeof name, "%s_%s_%s", i ? "idx" : "uk", l->name,
			         l->cols[i].name);
			if (!(ix = pg__ident(be, name))) {
				rc = HR_ENOMEM;
				goto done;
			}
			pg__sb_fmt(&b, "CREATE %sINDEX IF NOT EXISTS %s ON %s (%s)", i ? "" : "UNIQUE ", ix,
			       T, c);
			PQfreemem(ix);
			ix = NULL;
			if ((rc = exec_sb(be, &b)))
				goto done;
		}
		PQfreemem(c);
		c = NULL;
	}
	if (!(lit = PQescapeLiteral(be->conn, title, strlen(title)))) {
		rc = pg__errf(be, HR_ENOMEM, "ensure_layers: out of memory");
		goto done;
	}
	pg__sb_fmt(&b, "COMMENT ON TABLE %s IS ", T);
	pg__sb_add(&b, lit);
	rc = exec_sb(be, &b);
done:
	free(b.s);
	PQfreemem(T);
	PQfreemem(c);
	PQfreemem(lit);
	return rc;
}

int pg__ensure_layers(hr_backend *b, const hr_layer *const *layers, size_t n)
{
	pg_be *be = PG_BE(b);
	int rc = 0, own = 0, missing = 0;
	if (n && !layers)
		return pg__errf(be, HR_EINVAL, "ensure_layers: no layers");
	for (size_t i = 0; i < n; i++) {
		int m = 0;
		if ((rc = valid_layer(be, layers[i], "ensure_layers")) ||
		    (rc = layer_missing(be, layers[i], &m)))
			return rc;
		if (m && be->readonly)
			return pg__errf(be, HR_EREADONLY,
			                "ensure_layers: layer %s is missing and the store is read-only",
			                layers[i]->name);
		missing |= m;
	}
	if (!missing)
		return 0;
	/* under the write lock: processes opening at once make each table once */
	if ((rc = pg__tx_begin(be, &own, "ensure_layers")))
		return rc;
	if (!own && (rc = pg__exec(be, "SAVEPOINT hr_ensure_layers", "ensure_layers")))
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		int m = 0;
		if ((rc = layer_missing(be, layers[i], &m)) == 0 && m)
			rc = create_layer(be, layers[i]);
	}
	if (!own) {
		if (rc)
			PQclear(PQexec(be->conn, "ROLLBACK TO hr_ensure_layers"));
		PQclear(PQexec(be->conn, "RELEASE hr_ensure_layers"));
		return rc;
	}
	return pg__tx_end(be, own, rc);
}
