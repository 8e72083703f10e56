/*
 * gpkg_rows.c - rows of the derived layers in the GeoPackage backend: put
 * by key, get, bounding-box queries through the gpkg_rtree_index, equality
 * queries, counts and pages (by key, or by a range of a time column),
 * clear. Cells are bound and decoded here: TIME columns are DATETIME text
 * 'YYYY-MM-DDTHH:MM:SS.000Z' in the file (the form the GeoPackage
 * specification gives) and hr_time in cells; geometries are GeoPackage
 * blobs in the file and WKB plus envelope in rows.
 *
 * row_put keeps the fid of an existing row: UPDATE by fid when the key is
 * there, INSERT otherwise. (INSERT ... ON CONFLICT DO UPDATE would not do:
 * the conflict clause of an upsert overrides the INSERT OR REPLACE of the
 * GeoPackage 1.3 _update1 trigger, which then fails on the R-tree's id.)
 */
#include "store/gpkg_int.h"
#include "store/store_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define BE(b) ((gpkg_be *)(b))

static int valid_env(const hr_bbox *e)
{
	return isfinite(e->west) && isfinite(e->east) && isfinite(e->south) &&
	       isfinite(e->north) && e->west <= e->east && e->south <= e->north;
}

static int strictly_inside(const hr_bbox *e, const hr_bbox *outer)
{
	return e->west > outer->west && e->east < outer->east && e->south > outer->south &&
	       e->north < outer->north;
}

/* ---- reading rows ------------------------------------------------------------ */

/* Fill row from the current result of a statement built by gpkg__select_list():
 * fid, geom, then the columns. */
static int decode_row(gpkg_be *be, const gpkg_layer *L, const hr_layer *layer, sqlite3_stmt *st,
                      hr_cell *cells, hr_row *row, const char *op)
{
	memset(row, 0, sizeof *row);
	row->layer = layer;
	row->cells = cells;
	if (L->rtree && sqlite3_column_type(st, 1) != SQLITE_NULL) {
		gpkg_geom g;
		const unsigned char *blob = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		if (gpkg__geom_parse(blob, len, &g))
			return gpkg__errf(be, HR_ECORRUPT,
			                  "%s: %s fid %lld: the geometry is not a GeoPackage geometry",
			                  op, L->name, (long long)sqlite3_column_int64(st, 0));
		row->wkb = g.wkb;
		row->wkb_len = g.wkb_len;
		if (!g.empty)
			row->env = g.env;
	}
	for (size_t i = 0; i < L->ncols; i++) {
		hr_cell *c = &cells[i];
		int col = (int)i + 2;
		memset(c, 0, sizeof *c);
		if (sqlite3_column_type(st, col) == SQLITE_NULL) {
			c->is_null = 1;
			if (L->types[i] == HR_COL_TIME)
				c->i = HR_TIME_NONE;
			continue;
		}
		switch (L->types[i]) {
		case HR_COL_INT: c->i = sqlite3_column_int64(st, col); break;
		case HR_COL_REAL: c->r = sqlite3_column_double(st, col); break;
		case HR_COL_TIME: {
			const char *s = (const char *)sqlite3_column_text(st, col);
			size_t n = (size_t)sqlite3_column_bytes(st, col);
			if (!s || hr_time_parse(&c->i, s, n) != 0)
				return gpkg__errf(be, HR_ECORRUPT, "%s: %s.%s: '%s' is not a time", op,
				                  L->name, L->cols[i], s ? s : "");
			break;
		}
		default:
			c->s = (const char *)sqlite3_column_text(st, col);
			if (!c->s)
				return gpkg__errf(be, HR_ENOMEM, "%s: out of memory", op);
			break;
		}
	}
	return 0;
}

/* Step a query and hand each row to cb; with box, only rows whose exact
 * envelope meets it. *n counts the rows handed. */
static int each_row(gpkg_be *be, const gpkg_layer *L, const hr_layer *layer, sqlite3_stmt *st,
                    const hr_bbox *box, hr_row_cb cb, void *ctx, size_t *n, const char *op)
{
	hr_cell *cells = NULL;
	int rc = 0, src;
	*n = 0;
	cells = calloc(L->ncols, sizeof *cells);
	if (!cells)
		return gpkg__errf(be, HR_ENOMEM, "%s: out of memory", op);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		hr_row row;
		if ((rc = decode_row(be, L, layer, st, cells, &row, op)))
			goto done;
		if (box && !hr_store__row_meets(&row, box))
			continue;
		(*n)++;
		if ((rc = cb(ctx, &row)))
			goto done;
	}
	if (src != SQLITE_DONE)
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), op);
done:
	free(cells);
	return rc;
}

/* Common start of the read functions. */
/* Whether a layer has no table in a read-only store: one written before
 * the layer existed (a writable open makes it). Such a layer reads as
 * empty. Once seen, a table is not looked for again: none is ever dropped. */
static int layer_missing(gpkg_be *be, gpkg_layer *L)
{
	sqlite3_stmt *st = NULL;
	int found = 1;
	if (L->present || !be->readonly)
		return 0;
	if (sqlite3_prepare_v2(be->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
	                               "name = ?1",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, L->name, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	L->present = found;
	return !found;
}

/* The layer to read; 1 (nothing to read) when it has no table yet. */
static int reader(gpkg_be *be, const hr_layer *layer, void *cb, gpkg_layer **L, const char *op)
{
	int rc;
	if (!layer || !cb)
		return gpkg__errf(be, HR_EINVAL, "%s: no layer or callback", op);
	if ((rc = gpkg__layer(be, layer, L, op)))
		return rc;
	return layer_missing(be, *L);
}

int gpkg__row_get(hr_backend *b, const hr_layer *layer, const char *key, hr_row_cb cb, void *ctx)
{
	gpkg_be *be = BE(b);
	gpkg_layer *L;
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	int rc;
	if ((rc = reader(be, layer, (void *)cb, &L, "row_get")) == 1)
		return gpkg__errf(be, HR_ENOTFOUND, "row_get: no %s '%s' in %s", layer->key,
		                  key ? key : "", layer->name);
	if (rc)
		return rc;
	if (!key)
		return gpkg__errf(be, HR_EINVAL, "row_get: no key");
	if ((rc = gpkg__stmt(be, &L->st[L_GET], L->sql[L_GET], &st, "row_get")))
		goto done;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = each_row(be, L, layer, st, NULL, cb, ctx, &n, "row_get");
	if (rc == 0 && n == 0)
		rc = gpkg__errf(be, HR_ENOTFOUND, "row_get: no %s '%s' in %s", L->key, key, L->name);
done:
	gpkg__release(&L->st[L_GET], st);
	return rc;
}

int gpkg__rows_bbox(hr_backend *b, const hr_layer *layer, const hr_bbox *box, hr_row_cb cb,
                    void *ctx)
{
	gpkg_be *be = BE(b);
	gpkg_layer *L;
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	int rc;
	if ((rc = reader(be, layer, (void *)cb, &L, "rows_bbox")))
		return rc == 1 ? 0 : rc;
	if ((rc = hr_store__box_check(box, "rows_bbox", be->err, sizeof be->err)))
		return rc;
	if (!L->rtree)
		return gpkg__errf(be, HR_EINVAL, "rows_bbox: %s has no geometry", L->name);
	if ((rc = gpkg__stmt(be, &L->st[L_BBOX], L->sql[L_BBOX], &st, "rows_bbox")))
		goto done;
	/* The R-tree's float bounds enclose the true ones, so this finds every
	 * row that meets the box; each_row drops those that only come near. */
	sqlite3_bind_double(st, 1, box->east);
	sqlite3_bind_double(st, 2, box->west);
	sqlite3_bind_double(st, 3, box->north);
	sqlite3_bind_double(st, 4, box->south);
	rc = each_row(be, L, layer, st, box, cb, ctx, &n, "rows_bbox");
done:
	gpkg__release(&L->st[L_BBOX], st);
	return rc;
}

/* The index of the column of that name and type, or HR_EINVAL. */
static int column_of(gpkg_be *be, const gpkg_layer *L, const char *column, hr_col_type type,
                     size_t *out, const char *op)
{
	size_t i;
	for (i = 0; column && i < L->ncols && strcmp(L->cols[i], column) != 0; i++)
		;
	if (!column || i == L->ncols || L->types[i] != type)
		return gpkg__errf(be, HR_EINVAL, "%s: %s has no %s column '%s'", op, L->name,
		                  type == HR_COL_TIME ? "TIME" : "TEXT", column ? column : "");
	*out = i;
	return 0;
}

/* The statement of a per-column slot (st_where, st_during). Its SQL, the
 * select list (or count(*) when !rows) then fmt with sqlite3_mprintf's
 * conversions, is made only when the slot cannot serve. */
static int column_stmt(gpkg_be *be, const gpkg_layer *L, sqlite3_stmt **slot, int rows,
                       sqlite3_stmt **out, const char *op, const char *fmt, ...)
{
	char *sql = NULL;
	int rc;
	*out = NULL;
	if (!*slot || sqlite3_stmt_busy(*slot)) {
		sqlite3_str *s = sqlite3_str_new(be->db);
		va_list ap;
		if (rows)
			gpkg__select_list(s, L);
		else
			sqlite3_str_appendall(s, "SELECT count(*)");
		va_start(ap, fmt);
		sqlite3_str_vappendf(s, fmt, ap);
		va_end(ap);
		if (!(sql = sqlite3_str_finish(s)))
			return gpkg__errf(be, HR_ENOMEM, "%s: out of memory", op);
	}
	rc = gpkg__stmt(be, slot, sql, out, op);
	sqlite3_free(sql);
	return rc;
}

int gpkg__rows_where(hr_backend *b, const hr_layer *layer, const char *column,
                     const char *value, hr_row_cb cb, void *ctx)
{
	gpkg_be *be = BE(b);
	gpkg_layer *L;
	sqlite3_stmt *st = NULL;
	size_t i, n = 0;
	int rc;
	if ((rc = reader(be, layer, (void *)cb, &L, "rows_where")))
		return rc == 1 ? 0 : rc;
	if (!value)
		return gpkg__errf(be, HR_EINVAL, "rows_where: no value");
	if ((rc = column_of(be, L, column, HR_COL_TEXT, &i, "rows_where")))
		return rc;
	if ((rc = column_stmt(be, L, &L->st_where[i], 1, &st, "rows_where",
	                      " FROM \"%w\" AS t WHERE t.\"%w\" = ?1 ORDER BY t.\"%w\"", L->name,
	                      L->cols[i], L->key)))
		return rc;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	rc = each_row(be, L, layer, st, NULL, cb, ctx, &n, "rows_where");
	gpkg__release(&L->st_where[i], st);
	return rc;
}

/* ---- all rows, counts and pages ---------------------------------------------- */

/* LIMIT and OFFSET are signed in SQL; a count beyond INT64_MAX rows means
 * as many as there are. */
static sqlite3_int64 clamp64(uint64_t v)
{
	return v > INT64_MAX ? INT64_MAX : (sqlite3_int64)v;
}

/* Step a count(*) statement to its row, leaving it there. */
static int count_row(gpkg_be *be, sqlite3_stmt *st, uint64_t *out, const char *op)
{
	if (sqlite3_step(st) != SQLITE_ROW)
		return gpkg__err(be, sqlite3_extended_errcode(be->db), op);
	*out = (uint64_t)sqlite3_column_int64(st, 0);
	return 0;
}

static int row_count(hr_backend *b, const hr_layer *layer, uint64_t *out)
{
	gpkg_be *be = BE(b);
	gpkg_layer *L;
	sqlite3_stmt *st = NULL;
	int rc;
	if (!out)
		return gpkg__errf(be, HR_EINVAL, "row_count: no output");
	*out = 0;
	if ((rc = reader(be, layer, (void *)out, &L, "row_count")))
		return rc == 1 ? 0 : rc;
	if ((rc = gpkg__stmt(be, &L->st[L_NROWS], L->sql[L_NROWS], &st, "row_count")))
		return rc;
	rc = count_row(be, st, out, "row_count");
	gpkg__release(&L->st[L_NROWS], st);
	return rc;
}

/* The rows of a layer in key order: all of them (L_ALL), or a page (L_PAGE,
 * which binds LIMIT and OFFSET). */
static int rows_in_order(hr_backend *b, const hr_layer *layer, int slot, uint64_t offset,
                         uint64_t limit, hr_row_cb cb, void *ctx, const char *op)
{
	gpkg_be *be = BE(b);
	gpkg_layer *L;
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	int rc;
	if ((rc = reader(be, layer, (void *)cb, &L, op)))
		return rc == 1 ? 0 : rc;
	if ((rc = gpkg__stmt(be, &L->st[slot], L->sql[slot], &st, op)))
		return rc;
	if (slot == L_PAGE) {
		sqlite3_bind_int64(st, 1, clamp64(limit));
		sqlite3_bind_int64(st, 2, clamp64(offset));
	}
	rc = each_row(be, L, layer, st, NULL, cb, ctx, &n, op);
	gpkg__release(&L->st[slot], st);
	return rc;
}

int gpkg__rows_all(hr_backend *b, const hr_layer *layer, hr_row_cb cb, void *ctx)
{
	return rows_in_order(b, layer, L_ALL, 0, 0, cb, ctx, "rows_all");
}

/* The select list of rows_all with NULL for the columns not asked for, so
 * that decode_row reads it as it is; no ORDER BY, so SQLite walks the
 * table in rowid order instead of looking each row up from the key's
 * index, and decodes only what is asked. */
static int rows_scan(hr_backend *b, const hr_layer *layer, const size_t *cols, size_t ncols,
                     hr_row_cb cb, void *ctx)
{
	gpkg_be *be = BE(b);
	gpkg_layer *L;
	sqlite3_stmt *st = NULL;
	sqlite3_str *s;
	char *sql;
	size_t n = 0;
	int rc;
	if ((rc = reader(be, layer, (void *)cb, &L, "rows_scan")))
		return rc == 1 ? 0 : rc;
	s = sqlite3_str_new(be->db);
	sqlite3_str_appendf(s, "SELECT t.\"fid\", %s", L->rtree ? "t.\"" GEOM_COL "\"" : "NULL");
	for (size_t i = 0; i < L->ncols; i++) {
		int want = 0;
		for (size_t k = 0; k < ncols && !want; k++)
			want = cols[k] == i;
		if (want)
			sqlite3_str_appendf(s, ", t.\"%w\"", L->cols[i]);
		else
			sqlite3_str_appendall(s, ", NULL");
	}
	sqlite3_str_appendf(s, " FROM \"%w\" AS t", L->name);
	if (!(sql = sqlite3_str_finish(s)))
		return gpkg__errf(be, HR_ENOMEM, "rows_scan: out of memory");
	if (sqlite3_prepare_v2(be->db, sql, -1, &st, NULL) != SQLITE_OK)
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "rows_scan");
	else
		rc = each_row(be, L, layer, st, NULL, cb, ctx, &n, "rows_scan");
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return rc;
}

static int rows_page(hr_backend *b, const hr_layer *layer, uint64_t offset, uint64_t limit,
                     hr_row_cb cb, void *ctx)
{
	return rows_in_order(b, layer, L_PAGE, offset, limit, cb, ctx, "rows_page");
}

/* The rows of a time range: hr_time_of() reads the column with
 * decode_row's rule, so SQL selects exactly the rows whose cells the core
 * would find within [?1, ?2]. */
#define DURING " FROM \"%w\" AS t WHERE hr_time_of(t.\"%w\") BETWEEN ?1 AND ?2"

static int rows_page_during(hr_backend *b, const hr_layer *layer, const char *column,
                            hr_time from, hr_time to, uint64_t offset, uint64_t limit,
                            hr_row_cb cb, void *ctx, uint64_t *matched)
{
	const char *op = "rows_page_during";
	gpkg_be *be = BE(b);
	gpkg_layer *L;
	sqlite3_stmt *count = NULL, *page = NULL, **slots = NULL;
	uint64_t total = 0;
	size_t i, n = 0;
	int rc;
	if (matched)
		*matched = 0;
	if ((rc = reader(be, layer, (void *)cb, &L, op)))
		return rc == 1 ? 0 : rc;
	if ((rc = column_of(be, L, column, HR_COL_TIME, &i, op)))
		return rc;
	slots = &L->st_during[2 * i];
	if ((rc = column_stmt(be, L, &slots[0], 0, &count, op, DURING, L->name, L->cols[i])) ||
	    (rc = column_stmt(be, L, &slots[1], 1, &page, op,
	                      DURING " ORDER BY t.\"%w\" LIMIT ?3 OFFSET ?4", L->name, L->cols[i],
	                      L->key)))
		goto done;
	/* The count stays on its row while the page is read: a statement in
	 * progress holds SQLite's read transaction, so the two read one state
	 * of the store even when another connection commits meanwhile. */
	sqlite3_bind_int64(count, 1, from == HR_TIME_NONE ? INT64_MIN : from);
	sqlite3_bind_int64(count, 2, to == HR_TIME_NONE ? INT64_MAX : to);
	if ((rc = count_row(be, count, &total, op)))
		goto done;
	sqlite3_bind_int64(page, 1, from == HR_TIME_NONE ? INT64_MIN : from);
	sqlite3_bind_int64(page, 2, to == HR_TIME_NONE ? INT64_MAX : to);
	sqlite3_bind_int64(page, 3, clamp64(limit));
	sqlite3_bind_int64(page, 4, clamp64(offset));
	rc = each_row(be, L, layer, page, NULL, cb, ctx, &n, op);
	if (rc == 0 && matched)
		*matched = total;
done:
	if (slots) {
		gpkg__release(&slots[1], page);
		gpkg__release(&slots[0], count);
	}
	return rc;
}

/* hr_time_of(text): decode_row's reading of a TIME cell, for SQL. The
 * text is parsed, not compared as text, since a file another program wrote
 * may hold another form of ISO 8601 than the one row_put writes. */
void gpkg__time_of(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s;
	hr_time t;
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return; /* NULL: no time, within no range */
	s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (hr_time_parse(&t, s, (size_t)sqlite3_value_bytes(argv[0])) != 0) {
		/* what decode_row reports as HR_ECORRUPT */
		char *msg = sqlite3_mprintf("'%s' is not a time", s);
		sqlite3_result_error(ctx, msg ? msg : "not a time", -1);
		sqlite3_result_error_code(ctx, SQLITE_CORRUPT);
		sqlite3_free(msg);
		return;
	}
	sqlite3_result_int64(ctx, t);
}

void gpkg__pages_init(gpkg_be *be)
{
	be->base.row_count = row_count;
	be->base.rows_page = rows_page;
	be->base.rows_page_during = rows_page_during;
	be->base.rows_scan = rows_scan;
}

/* ---- writing rows ------------------------------------------------------------ */

/* The GeoPackage blob of a row's geometry in be->blob; *env and *empty
 * describe it. */
static int build_blob(gpkg_be *be, const hr_row *row, size_t *len, hr_bbox *env, int *empty)
{
	size_t need, hdr;
	hr_bbox wenv;
	memset(&wenv, 0, sizeof wenv);
	if (row->wkb_len == 0 ||
	    gpkg__wkb_envelope(row->wkb, row->wkb_len, &wenv, empty) != 0)
		return gpkg__errf(be, HR_EINVAL, "row_put: %s: the geometry is not WKB",
		                  row->cells[0].s);
	/* the core's envelope, unless it gave none */
	*env = valid_env(&row->env) ? row->env : wenv;
	if (row->wkb_len > (size_t)INT32_MAX - GPKG_HEADER_LEN)
		return gpkg__errf(be, HR_EINVAL, "row_put: %s: the geometry is too large",
		                  row->cells[0].s);
	need = GPKG_HEADER_LEN + row->wkb_len;
	if (need > be->blob_cap) {
		unsigned char *p = realloc(be->blob, need);
		if (!p)
			return gpkg__errf(be, HR_ENOMEM, "row_put: out of memory");
		be->blob = p;
		be->blob_cap = need;
	}
	hdr = gpkg__geom_header(be->blob, env, *empty);
	memcpy(be->blob + hdr, row->wkb, row->wkb_len);
	*len = hdr + row->wkb_len;
	return 0;
}

/* A time as GeoPackage DATETIME text, 'YYYY-MM-DDTHH:MM:SS.SSSZ' (GDAL
 * warns about the form without milliseconds); buf holds HR_TIME_BUFSZ + 4. */
static const char *datetime(char *buf, hr_time t)
{
	size_t n = strlen(hr_time_format(buf, t));
	if (n && buf[n - 1] == 'Z')
		memcpy(buf + n - 1, ".000Z", 6);
	return buf;
}

/* Bind the cells at ?2.. (and the geometry at ?1). */
static int bind_row(gpkg_be *be, const gpkg_layer *L, sqlite3_stmt *st, const hr_row *row,
                    size_t bloblen)
{
	if (L->rtree) {
		if (row->wkb)
			sqlite3_bind_blob(st, 1, be->blob, (int)bloblen, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 1);
	}
	for (size_t i = 0; i < L->ncols; i++) {
		const hr_cell *c = &row->cells[i];
		int p = (int)i + 2;
		if (c->is_null) {
			sqlite3_bind_null(st, p);
			continue;
		}
		switch (L->types[i]) {
		case HR_COL_INT: sqlite3_bind_int64(st, p, c->i); break;
		case HR_COL_REAL: sqlite3_bind_double(st, p, c->r); break;
		case HR_COL_TIME:
			if (c->i == HR_TIME_NONE) {
				sqlite3_bind_null(st, p);
			} else {
				char buf[HR_TIME_BUFSZ + 4];
				sqlite3_bind_text(st, p, datetime(buf, c->i), -1, SQLITE_TRANSIENT);
			}
			break;
		default:
			if (c->s)
				sqlite3_bind_text(st, p, c->s, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, p);
			break;
		}
	}
	if (sqlite3_errcode(be->db) == SQLITE_NOMEM)
		return gpkg__errf(be, HR_ENOMEM, "row_put: out of memory");
	return 0;
}

int gpkg__row_put(hr_backend *b, const hr_row *row)
{
	gpkg_be *be = BE(b);
	gpkg_layer *L = NULL;
	sqlite3_stmt *find = NULL, *put = NULL, **put_slot = NULL;
	hr_bbox env, old;
	size_t bloblen = 0;
	int rc, own = 0, empty = 1, existed = 0, had_old = 0, src;
	sqlite3_int64 fid = 0;
	memset(&env, 0, sizeof env);
	memset(&old, 0, sizeof old);
	if (!row || !row->layer || !row->cells || row->cells[0].is_null || !row->cells[0].s)
		return gpkg__errf(be, HR_EINVAL, "row_put: incomplete row (no key)");
	if ((rc = gpkg__writable(be, "row_put")))
		return rc;
	if ((rc = gpkg__layer(be, row->layer, &L, "row_put")))
		return rc;
	if (row->wkb && !L->rtree)
		return gpkg__errf(be, HR_EINVAL, "row_put: %s has no geometry", L->name);
	if (row->wkb && (rc = build_blob(be, row, &bloblen, &env, &empty)))
		return rc;
	if ((rc = gpkg__tx_begin(be, &own, "row_put")))
		return rc;
	if ((rc = gpkg__touch(be, L, "row_put")))
		goto done;

	/* is the key there, and where was its geometry? */
	if ((rc = gpkg__stmt(be, &L->st[L_FIND], L->sql[L_FIND], &find, "row_put")))
		goto done;
	sqlite3_bind_text(find, 1, row->cells[0].s, -1, SQLITE_STATIC);
	src = sqlite3_step(find);
	if (src == SQLITE_ROW) {
		existed = 1;
		fid = sqlite3_column_int64(find, 0);
		if (L->rtree && sqlite3_column_type(find, 1) != SQLITE_NULL) {
			had_old = 1;
			old.west = sqlite3_column_double(find, 1);
			old.east = sqlite3_column_double(find, 2);
			old.south = sqlite3_column_double(find, 3);
			old.north = sqlite3_column_double(find, 4);
		}
	} else if (src != SQLITE_DONE) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "row_put");
		goto done;
	}
	gpkg__release(&L->st[L_FIND], find);
	find = NULL;

	put_slot = &L->st[existed ? L_UPDATE : L_INSERT];
	if ((rc = gpkg__stmt(be, put_slot, L->sql[existed ? L_UPDATE : L_INSERT], &put, "row_put")))
		goto done;
	if ((rc = bind_row(be, L, put, row, bloblen)))
		goto done;
	if (existed)
		sqlite3_bind_int64(put, (int)L->ncols + 2, fid);
	if (sqlite3_step(put) != SQLITE_DONE) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "row_put");
		goto done;
	}

	/* extent: a replaced geometry on the edge may have held it out */
	if (had_old && !L->full && (L->ext_empty || !strictly_inside(&old, &L->ext)))
		L->full = 1;
	if (row->wkb && !empty)
		gpkg__ext_add(L, &env);
done:
	gpkg__release(&L->st[L_FIND], find);
	if (put_slot)
		gpkg__release(put_slot, put);
	return gpkg__tx_end(be, own, rc);
}

int gpkg__layer_clear(hr_backend *b, const hr_layer *layer)
{
	gpkg_be *be = BE(b);
	gpkg_layer *L = NULL;
	sqlite3_stmt *st = NULL;
	int rc, own = 0;
	if (!layer)
		return gpkg__errf(be, HR_EINVAL, "layer_clear: no layer");
	if ((rc = gpkg__writable(be, "layer_clear")))
		return rc;
	if ((rc = gpkg__layer(be, layer, &L, "layer_clear")))
		return rc;
	if ((rc = gpkg__tx_begin(be, &own, "layer_clear")))
		return rc;
	if ((rc = gpkg__touch(be, L, "layer_clear")))
		goto done;
	if ((rc = gpkg__stmt(be, &L->st[L_CLEAR], L->sql[L_CLEAR], &st, "layer_clear")))
		goto done;
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "layer_clear");
		goto done;
	}
	L->ext_empty = 1;
	L->full = 0;
done:
	gpkg__release(&L->st[L_CLEAR], st);
	return gpkg__tx_end(be, own, rc);
}
