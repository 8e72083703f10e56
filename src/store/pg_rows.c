/*
 * pg_rows.c - rows of the derived layers in the PostgreSQL backend (tables
 * made in pg_layer.c): put by key (an upsert), get, bounding-box queries
 * through the GiST index, equality queries, counts and pages (by key, or
 * by a range of a time column), scans, clear.
 *
 * Geometries cross as WKB (ST_GeomFromWKB / ST_AsBinary 'NDR'); a row's
 * envelope is computed from its WKB by the GeoPackage backend's reader
 * (gpkg__wkb_envelope), so both backends give the same exact envelopes.
 * Bounding-box queries use the GiST index (whose float bounds enclose the
 * true ones) and then drop rows whose exact envelope misses the box.
 * Reads that can return a whole layer come PG_BATCH rows at a time (see
 * keyed_rows), so that the client never holds a layer in one result.
 */
#include "store/pg_int.h"
#include "store/gpkg_int.h" /* gpkg__wkb_envelope: one WKB reader for both backends */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	hr_cell *cells = L->ncols ? calloc(L->ncols, sizeof *cells) : NULL;
	int rc = 0, nt = PQntuples(res);
	if (L->ncols && !cells)
		return pg__errf(be, HR_ENOMEM, "%s: out of memory", op);
	for (int i = 0; i < nt && rc == 0; i++) {
		hr_row row;
		if ((rc = decode_row(be, L, layer, res, i, cells, &row, op)))
			break;
		if (box && !hr_store__row_meets(&row, box))
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
	if ((rc = pg__layer(be, layer, L, op)))
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

/* L->sel followed by the pieces, or NULL when out of memory (message set). */
static char *sql_of(pg_be *be, const pg_layer *L, const char *a, const char *b, const char *c,
                    const char *op)
{
	pg_sbuf s = {0};
	char *sql;
	pg__sb_add(&s, L->sel);
	pg__sb_add(&s, a);
	pg__sb_add(&s, b);
	pg__sb_add(&s, c);
	if (!(sql = pg__sb_done(&s)))
		pg__errf(be, HR_ENOMEM, "%s: out of memory", op);
	return sql;
}

/* Run L->sel followed by tail with p, and hand the rows to cb: for reads
 * whose size the caller bounds (one key, a page). */
static int select_rows(pg_be *be, pg_layer *L, const hr_layer *layer, const char *tail,
                       const pg_params *p, const hr_bbox *box, hr_row_cb cb, void *ctx,
                       size_t *n, const char *op)
{
	PGresult *res = NULL;
	char *sql = sql_of(be, L, tail, "", "", op);
	int rc;
	*n = 0;
	if (!sql)
		return HR_ENOMEM;
	rc = pg__run(be, sql, p, &res, op);
	free(sql);
	if (rc)
		return rc;
	rc = each_row(be, L, layer, res, box, cb, ctx, n, op);
	PQclear(res);
	return rc;
}

/*
 * Reads that can return a whole layer (rows_all, rows_bbox, rows_where,
 * rows_scan) never hold it in one result: libpq would keep every geometry
 * in memory at once. They read PG_BATCH rows at a time, each batch a
 * complete result, so that a callback may query the store again (the
 * connection is free between batches; single-row mode would not allow it).
 *
 *  - In a transaction (a read snapshot or a write), the first batch is the
 *    query with LIMIT PG_BATCH: one round trip, which is all most reads
 *    need. When it comes back full, the rest is read through a cursor over
 *    the keys after the last one handed (DECLARE ... FETCH PG_BATCH), one
 *    execution of the query however many rows follow. A read snapshot sees
 *    one state throughout; in a write transaction the writer holds the
 *    write lock, so only its own writes (made by the callback) can be seen
 *    by the rows after the first batch.
 *  - Outside one, a first batch that is not full is the whole answer, read
 *    by one statement. A full one is dropped unread and the read done again
 *    inside a read snapshot of its own, so that the rows handed always come
 *    from one state of the store.
 */
#define PG_BATCH 1000

/* A read in batches. */
typedef struct {
	pg_layer *L;
	const hr_layer *layer;
	const hr_bbox *box;
	hr_row_cb cb;
	void *ctx;
	size_t handed;
	const char *op;
} pg_batches;

/* FETCH from cursor `name` until it runs dry, handing the rows over. */
static int fetch_all(pg_be *be, pg_batches *r, const char *name)
{
	char fetch[64];
	int rc = 0, nt = PG_BATCH;
	snprintf(fetch, sizeof fetch, "FETCH %d FROM %s", PG_BATCH, name);
	while (rc == 0 && nt == PG_BATCH) {
		PGresult *res = NULL;
		if ((rc = pg__run(be, fetch, NULL, &res, r->op)))
			break;
		nt = PQntuples(res);
		rc = each_row(be, r->L, r->layer, res, r->box, r->cb, r->ctx, &r->handed, r->op);
		PQclear(res);
	}
	return rc;
}

/* DECLARE a cursor for sql (with p), read it dry and close it. Inside a
 * transaction only. */
static int cursor_rows(pg_be *be, pg_batches *r, const char *sql, const pg_params *p)
{
	pg_sbuf s = {0};
	char name[32], *decl;
	int rc;
	snprintf(name, sizeof name, "hr_rows%u", be->cursors);
	pg__sb_fmt(&s, "DECLARE %s NO SCROLL CURSOR FOR ", name);
	pg__sb_add(&s, sql);
	if (!(decl = pg__sb_done(&s)))
		return pg__errf(be, HR_ENOMEM, "%s: out of memory", r->op);
	rc = pg__run(be, decl, p, NULL, r->op);
	free(decl);
	if (rc)
		return rc;
	be->cursors++; /* a callback's own reads declare theirs under another name */
	rc = fetch_all(be, r, name);
	be->cursors--;
	if (PQtransactionStatus(be->conn) == PQTRANS_INTRANS) {
		char close[48];
		int crc;
		snprintf(close, sizeof close, "CLOSE %s", name);
		crc = pg__run(be, close, NULL, NULL, r->op);
		if (rc == 0)
			rc = crc;
	}
	return rc;
}

/* Whether no transaction is open on the connection (a statement is then a
 * snapshot of its own). */
static int outside_tx(pg_be *be)
{
	return PQtransactionStatus(be->conn) == PQTRANS_IDLE && !be->in_tx && !be->reading;
}

/* A read snapshot for a read in batches, when none is open: the backend's
 * own (read_begin), and a transaction of its own should that open none (a
 * cursor lives only in one). *snap tells snapshot_end what to end. */
static int snapshot_begin(pg_be *be, int *snap, const char *op)
{
	uint64_t version;
	int rc;
	*snap = 0;
	if ((rc = be->base.read_begin(&be->base, &version)))
		return rc;
	*snap = 1;
	if (PQtransactionStatus(be->conn) != PQTRANS_IDLE)
		return 0;
	if ((rc = pg__exec(be, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", op))) {
		be->base.read_end(&be->base);
		*snap = 0;
		return rc;
	}
	*snap = 2;
	return 0;
}

static void snapshot_end(pg_be *be, int snap)
{
	if (snap == 2 && PQtransactionStatus(be->conn) != PQTRANS_IDLE)
		PQclear(PQexec(be->conn, "COMMIT"));
	if (snap)
		be->base.read_end(&be->base);
}

/* Rows of L->sel + where (p: its parameters, at most PG_MAXPARAMS - 1) in
 * key order, PG_BATCH at a time (above). where is "" or " WHERE ...". */
static int keyed_rows(pg_be *be, pg_batches *r, const char *where, const pg_params *p)
{
	pg_layer *L = r->L;
	const hr_layer *layer = r->layer;
	PGresult *res = NULL;
	pg_params q;
	char tail[640], after[640], *sql, *key = NULL;
	int rc, nt, snapshot = 0;
	snprintf(tail, sizeof tail, " ORDER BY %s LIMIT %d", L->qkey, PG_BATCH);
	if (!(sql = sql_of(be, L, where, tail, "", r->op)))
		return HR_ENOMEM;
again:
	rc = pg__run(be, sql, p, &res, r->op);
	if (rc)
		goto done;
	nt = PQntuples(res);
	if (nt == PG_BATCH && !snapshot && outside_tx(be)) {
		/* more than a batch, and no snapshot to read the rest in */
		PQclear(res);
		res = NULL;
		if ((rc = snapshot_begin(be, &snapshot, r->op)))
			goto done;
		goto again;
	}
	if (nt == PG_BATCH && !(key = strdup(PQgetvalue(res, nt - 1, 2)))) {
		rc = pg__errf(be, HR_ENOMEM, "%s: out of memory", r->op);
		goto done;
	}
	rc = each_row(be, L, layer, res, r->box, r->cb, r->ctx, &r->handed, r->op);
	PQclear(res);
	res = NULL;
	if (rc || nt < PG_BATCH)
		goto done;
	/* the rest: the keys after the last one handed */
	/* p's values (its binary ones point into p) and the key, one more */
	if (p)
		q = *p;
	else
		pg__p_reset(&q);
	pg__p_text(&q, key);
	snprintf(after, sizeof after, "%s %s > $%d::text ORDER BY %s", where[0] ? " AND" : " WHERE",
	         L->qkey, q.n, L->qkey);
	free(sql);
	if (!(sql = sql_of(be, L, where, after, "", r->op))) {
		rc = HR_ENOMEM;
		goto done;
	}
	rc = cursor_rows(be, r, sql, &q);
done:
	snapshot_end(be, snapshot);
	free(key);
	free(sql);
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
	pg_batches r = {NULL, layer, NULL, cb, ctx, 0, "rows_bbox"};
	pg_layer *L;
	pg_params p;
	int rc;
	if ((rc = reader(be, layer, (const void *)cb, &L, "rows_bbox")))
		return rc == 1 ? 0 : rc;
	r.L = L;
	if ((rc = hr_store__box_check(box, "rows_bbox", be->err, sizeof be->err)))
		return rc;
	if (!L->geom)
		return pg__errf(be, HR_EINVAL, "rows_bbox: %s has no geometry", L->name);
	pg__p_reset(&p);
	pg__p_f64(&p, box->west);
	pg__p_f64(&p, box->south);
	pg__p_f64(&p, box->east);
	pg__p_f64(&p, box->north);
	r.box = box;
	return keyed_rows(be, &r, " WHERE t.geom && ST_MakeEnvelope($1::float8, $2::float8,"
	                          " $3::float8, $4::float8, 4326)",
	                  &p);
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
	pg_batches r = {NULL, layer, NULL, cb, ctx, 0, "rows_where"};
	pg_layer *L;
	pg_params p;
	char where[320], *q;
	size_t i;
	int rc;
	if ((rc = reader(be, layer, (const void *)cb, &L, "rows_where")))
		return rc == 1 ? 0 : rc;
	r.L = L;
	if (!value)
		return pg__errf(be, HR_EINVAL, "rows_where: no value");
	if ((rc = column_of(be, L, column, HR_COL_TEXT, &i, "rows_where")))
		return rc;
	if (!(q = pg__ident(be, L->cols[i])))
		return HR_ENOMEM;
	snprintf(where, sizeof where, " WHERE t.%s = $1::text", q);
	PQfreemem(q);
	pg__p_reset(&p);
	pg__p_text(&p, value);
	return keyed_rows(be, &r, where, &p);
}

static int rows_all(hr_backend *b, const hr_layer *layer, hr_row_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	pg_batches r = {NULL, layer, NULL, cb, ctx, 0, "rows_all"};
	int rc;
	if ((rc = reader(be, layer, (const void *)cb, &r.L, "rows_all")))
		return rc == 1 ? 0 : rc;
	return keyed_rows(be, &r, "", NULL);
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
	if ((rc = pg__writable(be, "row_put")) || (rc = pg__layer(be, row->layer, &L, "row_put")))
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
	    (rc = pg__layer(be, layer, &L, "layer_clear")) ||
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

/* Every row, cells of the columns listed only, in the table's own order:
 * through a cursor, PG_BATCH rows at a time, in a read snapshot of its own
 * when no transaction is open. */
static int rows_scan(hr_backend *b, const hr_layer *layer, const size_t *cols, size_t ncols,
                     hr_row_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	pg_batches r = {NULL, layer, NULL, cb, ctx, 0, "rows_scan"};
	pg_layer *L;
	pg_sbuf s = {0};
	char *sql;
	int rc, snapshot = 0;
	if ((rc = reader(be, layer, (const void *)cb, &L, "rows_scan")))
		return rc == 1 ? 0 : rc;
	r.L = L;
	pg__sb_fmt(&s, "SELECT t.fid, %s", L->geom ? "ST_AsBinary(t.geom, 'NDR')" : "NULL::bytea");
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
			pg__sb_fmt(&s, ", t.%s", q);
			PQfreemem(q);
		} else {
			pg__sb_fmt(&s, ", NULL::%s", pg__param_cast(L->types[i]));
		}
	}
	pg__sb_fmt(&s, " FROM %s AS t", L->qname);
	if (!(sql = pg__sb_done(&s)))
		return pg__errf(be, HR_ENOMEM, "rows_scan: out of memory");
	if (outside_tx(be) && (rc = snapshot_begin(be, &snapshot, "rows_scan")))
		goto done;
	rc = cursor_rows(be, &r, sql, NULL);
	snapshot_end(be, snapshot);
done:
	free(sql);
	return rc;
}

void pg__rows_init(pg_be *be)
{
	hr_backend *b = &be->base;
	b->ensure_layers = pg__ensure_layers;
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
