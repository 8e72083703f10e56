/*
 * pg_rows.c - the derived layers in the PostgreSQL backend: one table per
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
 * Geometries cross as WKB (ST_GeomFromWKB / ST_AsBinary 'NDR'); a row's
 * envelope is computed from its WKB by the GeoPackage backend's reader
 * (gpkg__wkb_envelope), so both backends give the same exact envelopes.
 * Bounding-box queries use the GiST index (whose float bounds enclose the
 * true ones) and then drop rows whose exact envelope misses the box.
 */
#include "store/pg_int.h"
#include "store/gpkg_int.h" /* gpkg__wkb_envelope: one WKB reader for both backends */

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the backend knows of a layer: its definition and SQL. */
struct pg_layer {
	pg_layer *next;
	const hr_layer *def;
	char *name;
	size_t ncols;
	hr_col_type *types;
	char **cols;
	int geom;
	int present; /* its table has been seen (read-only stores) */
	char *qname; /* quoted table name */
	char *sel;   /* SELECT fid, WKB, columns FROM table AS t */
	char *qkey;  /* t.<key> */
	char *sql_put;
};

/* A growing string; NULL once out of memory. */
typedef struct {
	char *s;
	size_t len, cap;
	int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void sb_fmt(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_fmt(sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sb_add(b, tmp);
}

/* The string, owned by the caller; NULL when out of memory. */
static char *sb_done(sbuf *b)
{
	if (b->oom || !b->s) {
		free(b->s);
		return NULL;
	}
	return b->s;
}

static const char *const geom_types[] = {
	"GEOMETRY",   "POINT",           "LINESTRING",   "POLYGON",
	"MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION",
};

static const char *col_type(hr_col_type t)
{
	switch (t) {
	case HR_COL_INT: return "bigint";
	case HR_COL_REAL: return "double precision";
	case HR_COL_TIME: return "timestamptz";
	default: return "text";
	}
}

static const char *param_cast(hr_col_type t)
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
	if (!l || !l->name || !*l->name || !l->key || !l->cols || l->ncols == 0)
		return pg__errf(be, HR_EINVAL, "%s: incomplete layer definition", op);
	if (strncmp(l->name, "hr_", 3) == 0 || strncmp(l->name, "pg_", 3) == 0)
		return pg__errf(be, HR_EINVAL, "%s: layer name '%s' is reserved", op, l->name);
	if (l->ncols > PG_MAXPARAMS - 2)
		return pg__errf(be, HR_EINVAL, "%s: layer %s has too many columns", op, l->name);
	if (!l->cols[0].name || strcmp(l->cols[0].name, l->key) != 0 ||
	    l->cols[0].type != HR_COL_TEXT)
		return pg__errf(be, HR_EINVAL, "%s: layer %s: the key must be the first column, TEXT",
		                op, l->name);
	if (l->geom_type) {
		size_t i, n = sizeof geom_types / sizeof geom_types[0];
		for (i = 0; i < n && strcmp(l->geom_type, geom_types[i]) != 0; i++)
			;
		if (i == n)
			return pg__errf(be, HR_EINVAL, "%s: layer %s: unknown geometry type '%s'", op,
			                l->name, l->geom_type);
	}
	for (size_t i = 0; i < l->ncols; i++) {
		const hr_column *c = &l->cols[i];
		if (!c->name || !*c->name || c->type < HR_COL_TEXT || c->type > HR_COL_TIME)
			return pg__errf(be, HR_EINVAL, "%s: layer %s: bad column %zu", op, l->name, i);
		if (strcmp(c->name, "fid") == 0 || strcmp(c->name, "geom") == 0)
			return pg__errf(be, HR_EINVAL, "%s: layer %s: column name '%s' is reserved",
			                op, l->name, c->name);
	}
	return 0;
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
	sbuf sel = {0}, put = {0}, set = {0};
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
	sb_fmt(&sel, "SELECT t.fid, %s", L->geom ? "ST_AsBinary(t.geom, 'NDR')" : "NULL::bytea");
	sb_fmt(&put, "INSERT INTO %s (geom", L->qname);
	if (!L->geom) {
		put.len = 0;
		sb_fmt(&put, "INSERT INTO %s (", L->qname);
	}
	for (size_t i = 0; i < l->ncols; i++) {
		sb_add(&sel, ", t.");
		sb_add(&sel, q[i]);
		sb_add(&put, L->geom || i ? ", " : "");
		sb_add(&put, q[i]);
		if (i) {
			sb_add(&set, set.len ? ", " : "");
			sb_fmt(&set, "%s = excluded.%s", q[i], q[i]);
		}
	}
	sb_fmt(&sel, " FROM %s AS t", L->qname);
	sb_add(&put, ") VALUES (");
	if (L->geom)
		sb_add(&put, "ST_GeomFromWKB($1::bytea, 4326)");
	for (size_t i = 0; i < l->ncols; i++)
		sb_fmt(&put, "%s$%zu::%s", L->geom || i ? ", " : "", i + 1 + (size_t)L->geom,
		       param_cast(l->cols[i].type));
	if (L->geom) {
		sb_add(&set, set.len ? ", " : "");
		sb_add(&set, "geom = excluded.geom");
	}
	sb_fmt(&put, ") ON CONFLICT (%s) DO ", q[0]);
	if (set.len) {
		sb_add(&put, "UPDATE SET ");
		sb_add(&put, set.s);
	} else {
		sb_add(&put, "NOTHING");
	}
	{
		sbuf k = {0};
		sb_fmt(&k, "t.%s", q[0]);
		L->qkey = sb_done(&k);
	}
	L->sel = sb_done(&sel);
	L->sql_put = sb_done(&put);
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

/* The state of a layer, made on first use. */
static int layer_of(pg_be *be, const hr_layer *l, pg_layer **out, const char *op)
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
static int exec_sb(pg_be *be, sbuf *b)
{
	char *sql = sb_done(b);
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
	sbuf b = {0};
	int rc;
	if (!(T = pg__ident(be, l->name)))
		return HR_ENOMEM;
	sb_fmt(&b, "CREATE TABLE IF NOT EXISTS %s (fid bigserial PRIMARY KEY)", T);
	if ((rc = exec_sb(be, &b)))
		goto done;
	if (l->geom_type) {
		sb_fmt(&b, "ALTER TABLE %s ADD COLUMN IF NOT EXISTS geom geometry(%s, 4326)", T,
		       l->geom_type);
		if ((rc = exec_sb(be, &b)))
			goto done;
		snprintf(name, sizeof name, "%s_geom_gist", l->name);
		if (!(ix = pg__ident(be, name))) {
			rc = HR_ENOMEM;
			goto done;
		}
		sb_fmt(&b, "CREATE INDEX IF NOT EXISTS %s ON %s USING gist (geom)", ix, T);
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
		sb_fmt(&b, "ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s%s", T, c,
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
			sb_fmt(&b, "CREATE %sINDEX IF NOT EXISTS %s ON %s (%s)", i ? "" : "UNIQUE ", ix,
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
	sb_fmt(&b, "COMMENT ON TABLE %s IS ", T);
	sb_add(&b, lit);
	rc = exec_sb(be, &b);
done:
	free(b.s);
	PQfreemem(T);
	PQfreemem(c);
	PQfreemem(lit);
	return rc;
}

static int ensure_layers(hr_backend *b, const hr_layer *const *layers, size_t n)
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

/* ---- reading rows --------------------------------------------------------------- */

/* Fill row from row i of a result of L->sel (fid, WKB, columns). */
static int decode_row(pg_be *be, const pg_layer *L, const hr_layer *layer, const PGresult *res,
                      int i, hr_cell *cells, hr_row *row, const char *op)
{
	memset(row, 0, sizeof *row);
	row->layer = layer;
	row->cells = cells;
	if (L->geom && !PQgetisnull(res, i, 1)) {
		int empty = 0;
		row->wkb = (const unsigned char *)PQgetvalue(res, i, 1);
		row->wkb_len = (size_t)PQgetlength(res, i, 1);
		if (gpkg__wkb_envelope(row->wkb, row->wkb_len, &row->env, &empty))
			return pg__errf(be, HR_ECORRUPT, "%s: %s fid %lld: the geometry does not decode",
			                op, L->name, (long long)pg__int(res, i, 0));
		if (empty)
			memset(&row->env, 0, sizeof row->env);
	}
	for (size_t k = 0; k < L->ncols; k++) {
		hr_cell *c = &cells[k];
		int col = (int)k + 2;
		memset(c, 0, sizeof *c);
		if (PQgetisnull(res, i, col)) {
			c->is_null = 1;
			if (L->types[k] == HR_COL_TIME)
				c->i = HR_TIME_NONE;
			continue;
		}
		switch (L->types[k]) {
		case HR_COL_INT: c->i = pg__int(res, i, col); break;
		case HR_COL_REAL: c->r = pg__real(res, i, col); break;
		case HR_COL_TIME: c->i = pg__time(res, i, col); break;
		default: c->s = PQgetvalue(res, i, col); break;
		}
	}
	return 0;
}

/* Hand each row of a result to cb; with box, only rows whose exact
 * envelope meets it. *n counts the rows handed. */
static int each_row(pg_be *be, const pg_layer *L, const hr_layer *layer, const PGresult *res,
                    const hr_bbox *box, hr_row_cb cb, void *ctx, size_t *n, const char *op)
{
	hr_cell *cells = calloc(L->ncols, sizeof *cells);
	int rc = 0, nt = PQntuples(res);
	*n = 0;
	if (!cells)
		return pg__errf(be, HR_ENOMEM, "%s: out of memory", op);
	for (int i = 0; i < nt && rc == 0; i++) {
		hr_row row;
		if ((rc = decode_row(be, L, layer, res, i, cells, &row, op)))
			break;
		if (box && !(row.wkb && row.env.west <= box->east && row.env.east >= box->west &&
		             row.env.south <= box->north && row.env.north >= box->south))
			continue;
		(*n)++;
		rc = cb(ctx, &row);
	}
	free(cells);
	return rc;
}

/* The layer to read; 1 (nothing to read) when a read-only store has no
 * table for it yet (written before the layer existed). */
static int reader(pg_be *be, const hr_layer *layer, const void *cb, pg_layer **L,
                  const char *op)
{
	PGresult *res = NULL;
	pg_params p;
	int rc;
	if (!layer || !cb)
		return pg__errf(be, HR_EINVAL, "%s: no layer or callback", op);
	if ((rc = layer_of(be, layer, L, op)))
		return rc;
	if ((*L)->present || !be->readonly)
		return 0;
	pg__p_reset(&p);
	pg__p_text(&p, layer->name);
	if ((rc = pg__run(be, "SELECT to_regclass(quote_ident($1::text)) IS NOT NULL", &p, &res,
	                  op)))
		return rc;
	(*L)->present = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] != 0;
	PQclear(res);
	return (*L)->present ? 0 : 1;
}

/* Run L->sel followed by tail with p, and hand the rows to cb. */
static int select_rows(pg_be *be, pg_layer *L, const hr_layer *layer, const char *tail,
                       const pg_params *p, const hr_bbox *box, hr_row_cb cb, void *ctx,
                       size_t *n, const char *op)
{
	PGresult *res = NULL;
	sbuf b = {0};
	char *sql;
	int rc;
	sb_add(&b, L->sel);
	sb_add(&b, tail);
	if (!(sql = sb_done(&b)))
		return pg__errf(be, HR_ENOMEM, "%s: out of memory", op);
	rc = pg__run(be, sql, p, &res, op);
	free(sql);
	if (rc)
		return rc;
	rc = each_row(be, L, layer, res, box, cb, ctx, n, op);
	PQclear(res);
	return rc;
}

static int row_get(hr_backend *b, const hr_layer *layer, const char *key, hr_row_cb cb,
                   void *ctx)
{
	pg_be *be = PG_BE(b);
	pg_layer *L;
	pg_params p;
	char tail[512];
	size_t n = 0;
	int rc;
	if ((rc = reader(be, layer, (const void *)cb, &L, "row_get")) == 1)
		return pg__errf(be, HR_ENOTFOUND, "row_get: no %s '%s' in %s", layer->key,
		                key ? key : "", layer->name);
	if (rc)
		return rc;
	if (!key)
		return pg__errf(be, HR_EINVAL, "row_get: no key");
	pg__p_reset(&p);
	pg__p_text(&p, key);
	snprintf(tail, sizeof tail, " WHERE %s = $1::text", L->qkey);
	rc = select_rows(be, L, layer, tail, &p, NULL, cb, ctx, &n, "row_get");
	if (rc == 0 && n == 0)
		rc = pg__errf(be, HR_ENOTFOUND, "row_get: no %s '%s' in %s", layer->key, key,
		              L->name);
	return rc;
}

static int rows_bbox(hr_backend *b, const hr_layer *layer, const hr_bbox *box, hr_row_cb cb,
                     void *ctx)
{
	pg_be *be = PG_BE(b);
	pg_layer *L;
	pg_params p;
	char tail[512];
	size_t n = 0;
	int rc;
	if ((rc = reader(be, layer, (const void *)cb, &L, "rows_bbox")))
		return rc == 1 ? 0 : rc;
	if (!box || isnan(box->west) || isnan(box->east) || isnan(box->south) ||
	    isnan(box->north) || box->south > box->north)
		return pg__errf(be, HR_EINVAL, "rows_bbox: not a box");
	if (box->west > box->east)
		return pg__errf(be, HR_EINVAL,
		                "rows_bbox: the box crosses the antimeridian; query each side");
	if (!L->geom)
		return pg__errf(be, HR_EINVAL, "rows_bbox: %s has no geometry", L->name);
	pg__p_reset(&p);
	pg__p_f64(&p, box->west);
	pg__p_f64(&p, box->south);
	pg__p_f64(&p, box->east);
	pg__p_f64(&p, box->north);
	snprintf(tail, sizeof tail,
	         " WHERE t.geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8,"
	         " 4326) ORDER BY %s",
	         L->qkey);
	return select_rows(be, L, layer, tail, &p, box, cb, ctx, &n, "rows_bbox");
}

/* The index of the column of that name and type, or HR_EINVAL. */
static int column_of(pg_be *be, const pg_layer *L, const char *column, hr_col_type type,
                     size_t *out, const char *op)
{
	size_t i;
	for (i = 0; column && i < L->ncols && strcmp(L->cols[i], column) != 0; i++)
		;
	if (!column || i == L->ncols || L->types[i] != type)
		return pg__errf(be, HR_EINVAL, "%s: %s has no %s column '%s'", op, L->name,
		                type == HR_COL_TIME ? "TIME" : "TEXT", column ? column : "");
	*out = i;
	return 0;
}

static int rows_where(hr_backend *b, const hr_layer *layer, const char *column,
                      const char *value, hr_row_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	pg_layer *L;
	pg_params p;
	char tail[512], *q;
	size_t i, n = 0;
	int rc;
	if ((rc = reader(be, layer, (const void *)cb, &L, "rows_where")))
		return rc == 1 ? 0 : rc;
	if (!value)
		return pg__errf(be, HR_EINVAL, "rows_where: no value");
	if ((rc = column_of(be, L, column, HR_COL_TEXT, &i, "rows_where")))
		return rc;
	if (!(q = pg__ident(be, L->cols[i])))
		return HR_ENOMEM;
	snprintf(tail, sizeof tail, " WHERE t.%s = $1::text ORDER BY %s", q, L->qkey);
	PQfreemem(q);
	pg__p_reset(&p);
	pg__p_text(&p, value);
	return select_rows(be, L, layer, tail, &p, NULL, cb, ctx, &n, "rows_where");
}

static int rows_all(hr_backend *b, const hr_layer *layer, hr_row_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	pg_layer *L;
	char tail[512];
	size_t n = 0;
	int rc;
	if ((rc = reader(be, layer, (const void *)cb, &L, "rows_all")))
		return rc == 1 ? 0 : rc;
	snprintf(tail, sizeof tail, " ORDER BY %s", L->qkey);
	return select_rows(be, L, layer, tail, NULL, NULL, cb, ctx, &n, "rows_all");
}

/* ---- writing rows ----------------------------------------------------------------- */

static int row_put(hr_backend *b, const hr_row *row)
{
	pg_be *be = PG_BE(b);
	pg_layer *L;
	pg_params p;
	int rc, own = 0;
	if (!row || !row->layer || !row->cells)
		return pg__errf(be, HR_EINVAL, "row_put: incomplete row");
	if ((rc = pg__writable(be, "row_put")) || (rc = layer_of(be, row->layer, &L, "row_put")))
		return rc;
	if (row->cells[0].is_null || !row->cells[0].s)
		return pg__errf(be, HR_EINVAL, "row_put: %s: no key", L->name);
	if (row->wkb && !L->geom)
		return pg__errf(be, HR_EINVAL, "row_put: %s has no geometry", L->name);
	if (row->wkb && row->wkb_len > (size_t)INT32_MAX)
		return pg__errf(be, HR_EINVAL, "row_put: geometry too large");
	pg__p_reset(&p);
	if (L->geom) {
		if (row->wkb)
			pg__p_bytes(&p, row->wkb, row->wkb_len);
		else
			pg__p_null(&p);
	}
	for (size_t i = 0; i < L->ncols; i++) {
		const hr_cell *c = &row->cells[i];
		if (c->is_null) {
			pg__p_null(&p);
			continue;
		}
		switch (L->types[i]) {
		case HR_COL_INT: pg__p_i64(&p, c->i); break;
		case HR_COL_REAL: pg__p_f64(&p, c->r); break;
		case HR_COL_TIME:
			if (pg__p_time(&p, c->i))
				return pg__errf(be, HR_EINVAL, "row_put: %s.%s: time out of range",
				                L->name, L->cols[i]);
			break;
		default: pg__p_text(&p, c->s); break;
		}
	}
	if ((rc = pg__tx_begin(be, &own, "row_put")))
		return rc;
	rc = pg__run(be, L->sql_put, &p, NULL, "row_put");
	return pg__tx_end(be, own, rc);
}

static int layer_clear(hr_backend *b, const hr_layer *layer)
{
	pg_be *be = PG_BE(b);
	pg_layer *L;
	char sql[512];
	int rc, own = 0;
	if (!layer)
		return pg__errf(be, HR_EINVAL, "layer_clear: no layer");
	if ((rc = pg__writable(be, "layer_clear")) ||
	    (rc = layer_of(be, layer, &L, "layer_clear")) ||
	    (rc = pg__tx_begin(be, &own, "layer_clear")))
		return rc;
	snprintf(sql, sizeof sql, "DELETE FROM %s", L->qname);
	rc = pg__run(be, sql, NULL, NULL, "layer_clear");
	return pg__tx_end(be, own, rc);
}

/* ---- counts, pages, scans ------------------------------------------------------------ */

/* LIMIT and OFFSET are signed in SQL; a count beyond INT64_MAX rows means
 * as many as there are. */
static int64_t clamp64(uint64_t v)
{
	return v > INT64_MAX ? INT64_MAX : (int64_t)v;
}

static int count_rows(pg_be *be, const char *sql, const pg_params *p, uint64_t *out,
                      const char *op)
{
	PGresult *res = NULL;
	int rc = pg__run(be, sql, p, &res, op);
	if (rc)
		return rc;
	*out = (uint64_t)pg__int(res, 0, 0);
	PQclear(res);
	return 0;
}

static int row_count(hr_backend *b, const hr_layer *layer, uint64_t *out)
{
	pg_be *be = PG_BE(b);
	pg_layer *L;
	char sql[512];
	int rc;
	if (!out)
		return pg__errf(be, HR_EINVAL, "row_count: no output");
	*out = 0;
	if ((rc = reader(be, layer, (const void *)out, &L, "row_count")))
		return rc == 1 ? 0 : rc;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", L->qname);
	return count_rows(be, sql, NULL, out, "row_count");
}

static int rows_page(hr_backend *b, const hr_layer *layer, uint64_t offset, uint64_t limit,
                     hr_row_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	pg_layer *L;
	pg_params p;
	char tail[512];
	size_t n = 0;
	int rc;
	if ((rc = reader(be, layer, (const void *)cb, &L, "rows_page")))
		return rc == 1 ? 0 : rc;
	pg__p_reset(&p);
	pg__p_i64(&p, clamp64(limit));
	pg__p_i64(&p, clamp64(offset));
	snprintf(tail, sizeof tail, " ORDER BY %s LIMIT $1::int8 OFFSET $2::int8", L->qkey);
	return select_rows(be, L, layer, tail, &p, NULL, cb, ctx, &n, "rows_page");
}

/* A time bound as a parameter: an open end, or one beyond what PostgreSQL
 * holds, is no bound at all (the coalesce of the SQL). */
static void bound(pg_params *p, hr_time t)
{
	if (t == HR_TIME_NONE || pg__p_time(p, t))
		pg__p_null(p);
}

static int rows_page_during(hr_backend *b, const hr_layer *layer, const char *column,
                            hr_time from, hr_time to, uint64_t offset, uint64_t limit,
                            hr_row_cb cb, void *ctx, uint64_t *matched)
{
	const char *op = "rows_page_during";
	pg_be *be = PG_BE(b);
	pg_layer *L;
	pg_params p;
	char where[512], tail[768], count[1024], *q;
	uint64_t total = 0, version;
	size_t i, n = 0;
	int rc;
	if (matched)
		*matched = 0;
	if ((rc = reader(be, layer, (const void *)cb, &L, op)))
		return rc == 1 ? 0 : rc;
	if ((rc = column_of(be, L, column, HR_COL_TIME, &i, op)))
		return rc;
	if (!(q = pg__ident(be, L->cols[i])))
		return HR_ENOMEM;
	snprintf(where, sizeof where,
	         " WHERE t.%s >= coalesce($1::timestamptz, '-infinity')"
	         " AND t.%s <= coalesce($2::timestamptz, 'infinity')",
	         q, q);
	PQfreemem(q);
	snprintf(count, sizeof count, "SELECT count(*) FROM %s AS t%s", L->qname, where);
	snprintf(tail, sizeof tail, "%s ORDER BY %s LIMIT $3::int8 OFFSET $4::int8", where, L->qkey);
	/* the count and the page read one state of the store */
	if ((rc = b->read_begin(b, &version)))
		return rc;
	pg__p_reset(&p);
	bound(&p, from);
	bound(&p, to);
	if ((rc = count_rows(be, count, &p, &total, op)))
		goto done;
	pg__p_i64(&p, clamp64(limit));
	pg__p_i64(&p, clamp64(offset));
	rc = select_rows(be, L, layer, tail, &p, NULL, cb, ctx, &n, op);
	if (rc == 0 && matched)
		*matched = total;
done:
	b->read_end(b);
	return rc;
}

static int rows_scan(hr_backend *b, const hr_layer *layer, const size_t *cols, size_t ncols,
                     hr_row_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	pg_layer *L;
	PGresult *res = NULL;
	sbuf s = {0};
	char *sql;
	size_t n = 0;
	int rc;
	if ((rc = reader(be, layer, (const void *)cb, &L, "rows_scan")))
		return rc == 1 ? 0 : rc;
	sb_fmt(&s, "SELECT t.fid, %s", L->geom ? "ST_AsBinary(t.geom, 'NDR')" : "NULL::bytea");
	for (size_t i = 0; i < L->ncols; i++) {
		int want = 0;
		for (size_t k = 0; k < ncols && !want; k++)
			want = cols[k] == i;
		if (want) {
			char *q = pg__ident(be, L->cols[i]);
			if (!q) {
				free(s.s);
				return HR_ENOMEM;
			}
			sb_fmt(&s, ", t.%s", q);
			PQfreemem(q);
		} else {
			sb_fmt(&s, ", NULL::%s", param_cast(L->types[i]));
		}
	}
	sb_fmt(&s, " FROM %s AS t", L->qname);
	if (!(sql = sb_done(&s)))
		return pg__errf(be, HR_ENOMEM, "rows_scan: out of memory");
	rc = pg__run(be, sql, NULL, &res, "rows_scan");
	free(sql);
	if (rc)
		return rc;
	rc = each_row(be, L, layer, res, NULL, cb, ctx, &n, "rows_scan");
	PQclear(res);
	return rc;
}

void pg__rows_init(pg_be *be)
{
	hr_backend *b = &be->base;
	b->ensure_layers = ensure_layers;
	b->row_put = row_put;
	b->row_get = row_get;
	b->rows_bbox = rows_bbox;
	b->rows_where = rows_where;
	b->rows_all = rows_all;
	b->layer_clear = layer_clear;
	b->row_count = row_count;
	b->rows_page = rows_page;
	b->rows_page_during = rows_page_during;
	b->rows_scan = rows_scan;
}
