/*
 * pg_log.c - the register's log in the PostgreSQL backend and what lives
 * beside it: meta keys, private values, Merkle tiles, signed checkpoints
 * and access tokens (tables made in pg_schema.c). The semantics are those
 * of the GeoPackage backend (gpkg_log.c, gpkg_tiles.c, gpkg_checkpoint.c,
 * gpkg_token.c); the tables are append-only by trigger, and this file adds
 * the check that an entry's index is the log's size, so that a gap is
 * refused with a clear message before the trigger refuses it.
 */
#include "store/pg_int.h"

#include <stdlib.h>
#include <string.h>

#define LOG_COLS "idx, kind, subject, area_ref, doi, appended, bytes, leaf"
/* log_range reads this many entries per query, so a long range costs
 * bounded memory (an entry holds a record's geometry: a few kB, at times
 * far more); the log only grows, so the pieces join up. */
#define RANGE_CHUNK 1000

/* ---- meta ------------------------------------------------------------------ */

static int meta_get(hr_backend *b, const char *key, char **out)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	pg_params p;
	int rc;
	if (!key || !out)
		return pg__errf(be, HR_EINVAL, "meta_get: no key");
	*out = NULL;
	pg__p_reset(&p);
	pg__p_text(&p, key);
	if ((rc = pg__run(be, "SELECT value FROM hr_meta WHERE key = $1::text", &p, &res,
	                  "meta_get")))
		return rc;
	if (PQntuples(res) == 0)
		rc = pg__errf(be, HR_ENOTFOUND, "meta_get: no key '%s'", key);
	else if (!(*out = strdup(PQgetvalue(res, 0, 0))))
		rc = pg__errf(be, HR_ENOMEM, "meta_get: out of memory");
	PQclear(res);
	return rc;
}

static int meta_set(hr_backend *b, const char *key, const char *value)
{
	pg_be *be = PG_BE(b);
	pg_params p;
	int rc, own = 0;
	if (!key || !value)
		return pg__errf(be, HR_EINVAL, "meta_set: no key or value");
	if ((rc = pg__writable(be, "meta_set")) || (rc = pg__tx_begin(be, &own, "meta_set")))
		return rc;
	pg__p_reset(&p);
	pg__p_text(&p, key);
	pg__p_text(&p, value);
	rc = pg__run(be, "INSERT INTO hr_meta (key, value) VALUES ($1::text, $2::text)"
	                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	             &p, NULL, "meta_set");
	return pg__tx_end(be, own, rc);
}

/* ---- the log ------------------------------------------------------------------ */

static int log_size(hr_backend *b, uint64_t *out)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	int rc;
	if (!out)
		return pg__errf(be, HR_EINVAL, "log_size: no output");
	if ((rc = pg__run(be, "SELECT coalesce(max(idx) + 1, 0) FROM hr_log", NULL, &res,
	                  "log_size")))
		return rc;
	*out = (uint64_t)pg__int(res, 0, 0);
	PQclear(res);
	return 0;
}

static int log_append(hr_backend *b, const hr_log_row *row)
{
	pg_be *be = PG_BE(b);
	uint64_t size = 0;
	pg_params p;
	int rc, own = 0;
	if (!row || !row->subject || (!row->bytes && row->len))
		return pg__errf(be, HR_EINVAL, "log_append: incomplete row");
	if (row->idx > (uint64_t)INT64_MAX || row->len > (size_t)INT32_MAX)
		return pg__errf(be, HR_EINVAL, "log_append: index or length out of range");
	if ((rc = pg__writable(be, "log_append")) || (rc = pg__tx_begin(be, &own, "log_append")))
		return rc;
	if ((rc = log_size(b, &size)))
		goto done;
	if (row->idx != size) {
		rc = pg__errf(be, HR_EINVAL,
		              "log_append: entry %llu refused, the log holds %llu entries (next is %llu)",
		              (unsigned long long)row->idx, (unsigned long long)size,
		              (unsigned long long)size);
		goto done;
	}
	pg__p_reset(&p);
	pg__p_i64(&p, (int64_t)row->idx);
	pg__p_i32(&p, row->kind);
	pg__p_text(&p, row->subject);
	pg__p_text(&p, row->area_ref);
	pg__p_i64(&p, row->doi);
	pg__p_i64(&p, row->appended);
	pg__p_bytes(&p, row->bytes, row->len);
	pg__p_bytes(&p, row->leaf, 32);
	rc = pg__run(be, "INSERT INTO hr_log (" LOG_COLS ") VALUES ($1::int8, $2::int4, $3::text,"
	                 " $4::text, $5::int8, $6::int8, $7::bytea, $8::bytea)",
	             &p, NULL, "log_append");
	if (rc == 0) {
		/* named should the COMMIT's outcome be unknown (pg.c) */
		if (be->tx_first < 0)
			be->tx_first = (int64_t)row->idx;
		be->tx_last = (int64_t)row->idx;
	}
done:
	return pg__tx_end(be, own, rc);
}

/* Call cb for each row of a result over hr_log (columns LOG_COLS); *last
 * (may be NULL) receives the index of the last one and *n how many. */
static int log_each(pg_be *be, PGresult *res, hr_log_cb cb, void *ctx, const char *op)
{
	int rc = 0, n = PQntuples(res);
	for (int i = 0; i < n && rc == 0; i++) {
		hr_log_row r;
		memset(&r, 0, sizeof r);
		r.idx = (uint64_t)pg__int(res, i, 0);
		r.kind = (int)pg__int(res, i, 1);
		r.subject = PQgetvalue(res, i, 2);
		r.area_ref = PQgetisnull(res, i, 3) ? NULL : PQgetvalue(res, i, 3);
		r.doi = pg__int(res, i, 4);
		r.appended = pg__int(res, i, 5);
		r.bytes = (const unsigned char *)PQgetvalue(res, i, 6);
		r.len = (size_t)PQgetlength(res, i, 6);
		if (PQgetlength(res, i, 7) != 32) {
			rc = pg__errf(be, HR_ECORRUPT, "%s: log entry %llu is damaged (%s)", op,
			              (unsigned long long)r.idx, be->addr);
			break;
		}
		memcpy(r.leaf, PQgetvalue(res, i, 7), 32);
		rc = cb(ctx, &r);
	}
	return rc;
}

static int log_range(hr_backend *b, uint64_t from, uint64_t to, hr_log_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	int rc = 0;
	if (!cb)
		return pg__errf(be, HR_EINVAL, "log_range: no callback");
	if (to > (uint64_t)INT64_MAX)
		to = (uint64_t)INT64_MAX;
	while (from < to && rc == 0) {
		uint64_t end = to - from > RANGE_CHUNK ? from + RANGE_CHUNK : to;
		PGresult *res = NULL;
		pg_params p;
		int n;
		pg__p_reset(&p);
		pg__p_i64(&p, (int64_t)from);
		pg__p_i64(&p, (int64_t)end);
		if ((rc = pg__run(be, "SELECT " LOG_COLS " FROM hr_log WHERE idx >= $1::int8"
		                      " AND idx < $2::int8 ORDER BY idx",
		                  &p, &res, "log_range")))
			return rc;
		n = PQntuples(res);
		rc = log_each(be, res, cb, ctx, "log_range");
		PQclear(res);
		/* a short piece is the end of the log */
		if ((uint64_t)n < end - from)
			break;
		from = end;
	}
	return rc;
}

static int log_subject(hr_backend *b, int kind, const char *subject, hr_log_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	pg_params p;
	int rc;
	if (!subject || !cb)
		return pg__errf(be, HR_EINVAL, "log_subject: no subject or callback");
	pg__p_reset(&p);
	pg__p_i32(&p, kind);
	pg__p_text(&p, subject);
	if ((rc = pg__run(be, "SELECT " LOG_COLS " FROM hr_log WHERE subject = $2::text"
	                      " AND kind = $1::int4 ORDER BY idx",
	                  &p, &res, "log_subject")))
		return rc;
	rc = log_each(be, res, cb, ctx, "log_subject");
	PQclear(res);
	return rc;
}

static int log_area(hr_backend *b, const char *area_id, hr_log_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	pg_params p;
	int rc;
	if (!area_id || !cb)
		return pg__errf(be, HR_EINVAL, "log_area: no area or callback");
	pg__p_reset(&p);
	pg__p_text(&p, area_id);
	if ((rc = pg__run(be, "SELECT " LOG_COLS " FROM hr_log WHERE subject = $1::text"
	                      " OR area_ref = $1::text ORDER BY idx",
	                  &p, &res, "log_area")))
		return rc;
	rc = log_each(be, res, cb, ctx, "log_area");
	PQclear(res);
	return rc;
}

static int log_size_at(hr_backend *b, hr_time t, uint64_t *out)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	pg_params p;
	int rc;
	if (!out)
		return pg__errf(be, HR_EINVAL, "log_size_at: no output");
	pg__p_reset(&p);
	pg__p_i64(&p, t);
	/* the first entry appended after t, else the size: a prefix, whatever
	 * the order of the appended times */
	if ((rc = pg__run(be, "SELECT coalesce((SELECT min(idx) FROM hr_log WHERE appended >"
	                      " $1::int8), (SELECT coalesce(max(idx) + 1, 0) FROM hr_log))",
	                  &p, &res, "log_size_at")))
		return rc;
	*out = (uint64_t)pg__int(res, 0, 0);
	PQclear(res);
	return 0;
}

/* ---- private values ----------------------------------------------------------- */

static int private_put(hr_backend *b, const hr_private_row *row)
{
	pg_be *be = PG_BE(b);
	pg_params p;
	int rc, own = 0;
	if (!row || !row->salt || !row->value || row->idx > (uint64_t)INT64_MAX)
		return pg__errf(be, HR_EINVAL, "private_put: incomplete row");
	if ((rc = pg__writable(be, "private_put")) || (rc = pg__tx_begin(be, &own, "private_put")))
		return rc;
	pg__p_reset(&p);
	pg__p_i64(&p, (int64_t)row->idx);
	pg__p_i32(&p, row->tag);
	pg__p_i32(&p, row->seq);
	pg__p_bytes(&p, row->salt, 16);
	pg__p_text(&p, row->value);
	rc = pg__run(be, "INSERT INTO hr_private (idx, tag, seq, salt, value)"
	                 " VALUES ($1::int8, $2::int4, $3::int4, $4::bytea, $5::text)",
	             &p, NULL, "private_put");
	return pg__tx_end(be, own, rc);
}

static int private_get(hr_backend *b, uint64_t idx, hr_private_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	pg_params p;
	int rc, n;
	if (!cb)
		return pg__errf(be, HR_EINVAL, "private_get: no callback");
	if (idx > (uint64_t)INT64_MAX)
		return 0;
	pg__p_reset(&p);
	pg__p_i64(&p, (int64_t)idx);
	if ((rc = pg__run(be, "SELECT idx, tag, seq, salt, value FROM hr_private"
	                      " WHERE idx = $1::int8 ORDER BY tag, seq",
	                  &p, &res, "private_get")))
		return rc;
	n = PQntuples(res);
	for (int i = 0; i < n && rc == 0; i++) {
		hr_private_row r;
		r.idx = (uint64_t)pg__int(res, i, 0);
		r.tag = (int)pg__int(res, i, 1);
		r.seq = (int)pg__int(res, i, 2);
		r.salt = (const unsigned char *)PQgetvalue(res, i, 3);
		r.value = PQgetvalue(res, i, 4);
		if (PQgetlength(res, i, 3) != 16) {
			rc = pg__errf(be, HR_ECORRUPT, "private_get: value %llu/%d/%d is damaged",
			              (unsigned long long)r.idx, r.tag, r.seq);
			break;
		}
		rc = cb(ctx, &r);
	}
	PQclear(res);
	return rc;
}

/* ---- Merkle tiles ------------------------------------------------------------- */

static int tile_put(hr_backend *b, unsigned level, uint64_t index, unsigned width,
                    const unsigned char *hashes)
{
	pg_be *be = PG_BE(b);
	pg_params p;
	int rc, own = 0;
	if (!hashes || width < 1 || width > 256 || index > (uint64_t)INT64_MAX)
		return pg__errf(be, HR_EINVAL, "tile_put: bad tile");
	if ((rc = pg__writable(be, "tile_put")) || (rc = pg__tx_begin(be, &own, "tile_put")))
		return rc;
	pg__p_reset(&p);
	pg__p_i32(&p, (int32_t)level);
	pg__p_i64(&p, (int64_t)index);
	pg__p_i32(&p, (int32_t)width);
	pg__p_bytes(&p, hashes, 32 * (size_t)width);
	rc = pg__run(be, "INSERT INTO hr_tile (level, idx, width, hashes) VALUES ($1::int4,"
	                 " $2::int8, $3::int4, $4::bytea) ON CONFLICT (level, idx) DO UPDATE"
	                 " SET width = excluded.width, hashes = excluded.hashes"
	                 " WHERE excluded.width >= hr_tile.width",
	             &p, NULL, "tile_put");
	return pg__tx_end(be, own, rc);
}

static int tile_get(hr_backend *b, unsigned level, uint64_t index, unsigned width,
                    unsigned char *out)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	pg_params p;
	int rc;
	if (!out || width < 1 || width > 256 || index > (uint64_t)INT64_MAX)
		return pg__errf(be, HR_EINVAL, "tile_get: bad tile");
	pg__p_reset(&p);
	pg__p_i32(&p, (int32_t)level);
	pg__p_i64(&p, (int64_t)index);
	if ((rc = pg__run(be, "SELECT width, hashes FROM hr_tile WHERE level = $1::int4"
	                      " AND idx = $2::int8",
	                  &p, &res, "tile_get")))
		return rc;
	rc = HR_ENOTFOUND;
	if (PQntuples(res) == 1) {
		int64_t w = pg__int(res, 0, 0);
		if (w >= (int64_t)width && PQgetlength(res, 0, 1) == 32 * w) {
			memcpy(out, PQgetvalue(res, 0, 1), 32 * (size_t)width);
			rc = 0;
		}
	}
	PQclear(res);
	return rc;
}

static int tiles_clear(hr_backend *b)
{
	pg_be *be = PG_BE(b);
	int rc, own = 0;
	if ((rc = pg__writable(be, "tiles_clear")) || (rc = pg__tx_begin(be, &own, "tiles_clear")))
		return rc;
	rc = pg__run(be, "DELETE FROM hr_tile", NULL, NULL, "tiles_clear");
	return pg__tx_end(be, own, rc);
}

/* ---- checkpoints --------------------------------------------------------------- */

static int checkpoint_put(hr_backend *b, uint64_t size, const char *note, size_t len,
                          hr_time stored)
{
	pg_be *be = PG_BE(b);
	pg_params p;
	int rc, own = 0;
	if (!note || len == 0 || len > INT32_MAX || size > (uint64_t)INT64_MAX)
		return pg__errf(be, HR_EINVAL, "checkpoint_put: bad checkpoint");
	if ((rc = pg__writable(be, "checkpoint_put")) ||
	    (rc = pg__tx_begin(be, &own, "checkpoint_put")))
		return rc;
	pg__p_reset(&p);
	pg__p_i64(&p, (int64_t)size);
	pg__p_i64(&p, stored);
	pg__p_bytes(&p, note, len);
	rc = pg__run(be, "INSERT INTO hr_checkpoint (size, stored, note)"
	                 " VALUES ($1::int8, $2::int8, $3::bytea)",
	             &p, NULL, "checkpoint_put");
	return pg__tx_end(be, own, rc);
}

static int checkpoint_list(hr_backend *b, hr_checkpoint_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	int rc, n;
	if (!cb)
		return pg__errf(be, HR_EINVAL, "checkpoint_list: no callback");
	if ((rc = pg__run(be, "SELECT seq, size, stored, note FROM hr_checkpoint ORDER BY seq",
	                  NULL, &res, "checkpoint_list")))
		return rc;
	n = PQntuples(res);
	for (int i = 0; i < n && rc == 0; i++) {
		hr_checkpoint_row row;
		row.seq = (uint64_t)pg__int(res, i, 0);
		row.size = (uint64_t)pg__int(res, i, 1);
		row.stored = pg__int(res, i, 2);
		row.note = PQgetvalue(res, i, 3);
		row.len = (size_t)PQgetlength(res, i, 3);
		rc = cb(ctx, &row);
	}
	PQclear(res);
	return rc;
}

/* ---- access tokens ---------------------------------------------------------------- */

#define TOKEN_COLUMNS "id, hash, role, org, note, created, expires, revoked"

static int token_put(hr_backend *b, const hr_token_row *row)
{
	pg_be *be = PG_BE(b);
	pg_params p;
	int rc, own = 0;
	if (!row || !row->t.id || !row->hash)
		return pg__errf(be, HR_EINVAL, "token_put: no token");
	if ((rc = pg__writable(be, "token_put")) || (rc = pg__tx_begin(be, &own, "token_put")))
		return rc;
	pg__p_reset(&p);
	pg__p_text(&p, row->t.id);
	pg__p_bytes(&p, row->hash, 32);
	pg__p_i32(&p, row->t.role);
	pg__p_text(&p, row->t.org);
	pg__p_text(&p, row->t.note);
	pg__p_i64(&p, row->t.created);
	pg__p_i64(&p, row->t.expires);
	rc = pg__run(be, "INSERT INTO hr_token (" TOKEN_COLUMNS ") VALUES ($1::text, $2::bytea,"
	                 " $3::int4, $4::text, $5::text, $6::int8, $7::int8, NULL)",
	             &p, NULL, "token_put");
	return pg__tx_end(be, own, rc);
}

/* Hand each token of a result to cb; *n counts them. */
static int token_each(pg_be *be, PGresult *res, hr_token_row_cb cb, void *ctx, int *n,
                      const char *op)
{
	int rc = 0;
	*n = PQntuples(res);
	for (int i = 0; i < *n && rc == 0; i++) {
		hr_token_row row;
		if (PQgetlength(res, i, 1) != 32)
			return pg__errf(be, HR_ECORRUPT, "%s: a token's hash is not 32 bytes", op);
		row.t.id = PQgetvalue(res, i, 0);
		row.hash = (const unsigned char *)PQgetvalue(res, i, 1);
		row.t.role = (int)pg__int(res, i, 2);
		row.t.org = PQgetisnull(res, i, 3) ? NULL : PQgetvalue(res, i, 3);
		row.t.note = PQgetisnull(res, i, 4) ? NULL : PQgetvalue(res, i, 4);
		row.t.created = pg__int(res, i, 5);
		row.t.expires = pg__int(res, i, 6);
		row.t.revoked = PQgetisnull(res, i, 7) ? HR_TIME_NONE : pg__int(res, i, 7);
		rc = cb(ctx, &row);
	}
	return rc;
}

static int token_get(hr_backend *b, const char *id, hr_token_row_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	pg_params p;
	int rc, n = 0;
	if (!id || !cb)
		return pg__errf(be, HR_EINVAL, "token_get: no id or callback");
	pg__p_reset(&p);
	pg__p_text(&p, id);
	if ((rc = pg__run(be, "SELECT " TOKEN_COLUMNS " FROM hr_token WHERE id = $1::text", &p,
	                  &res, "token_get")))
		return rc;
	rc = token_each(be, res, cb, ctx, &n, "token_get");
	PQclear(res);
	if (rc == 0 && n == 0)
		return pg__errf(be, HR_ENOTFOUND, "no token %s", id);
	return rc;
}

static int token_list(hr_backend *b, hr_token_row_cb cb, void *ctx)
{
	pg_be *be = PG_BE(b);
	PGresult *res = NULL;
	int rc, n = 0;
	if (!cb)
		return pg__errf(be, HR_EINVAL, "token_list: no callback");
	if ((rc = pg__run(be, "SELECT " TOKEN_COLUMNS " FROM hr_token ORDER BY id", NULL, &res,
	                  "token_list")))
		return rc;
	rc = token_each(be, res, cb, ctx, &n, "token_list");
	PQclear(res);
	return rc;
}

static int revoked_cb(void *ctx, const hr_token_row *row)
{
	*(int *)ctx = row->t.revoked != HR_TIME_NONE;
	return 0;
}

static int token_revoke(hr_backend *b, const char *id, hr_time at)
{
	pg_be *be = PG_BE(b);
	pg_params p;
	int rc, own = 0, revoked = 0;
	if (!id)
		return pg__errf(be, HR_EINVAL, "token_revoke: no id");
	if ((rc = pg__writable(be, "token_revoke")) ||
	    (rc = pg__tx_begin(be, &own, "token_revoke")))
		return rc;
	if ((rc = token_get(b, id, revoked_cb, &revoked)))
		return pg__tx_end(be, own, rc);
	if (revoked)
		return pg__tx_end(be, own, pg__errf(be, HR_EEXISTS, "token %s is revoked already", id));
	pg__p_reset(&p);
	pg__p_text(&p, id);
	pg__p_i64(&p, at);
	rc = pg__run(be, "UPDATE hr_token SET revoked = $2::int8 WHERE id = $1::text", &p, NULL,
	             "token_revoke");
	return pg__tx_end(be, own, rc);
}

void pg__log_init(pg_be *be)
{
	hr_backend *b = &be->base;
	b->meta_get = meta_get;
	b->meta_set = meta_set;
	b->log_size = log_size;
	b->log_append = log_append;
	b->log_range = log_range;
	b->log_subject = log_subject;
	b->log_area = log_area;
	b->log_size_at = log_size_at;
	b->private_put = private_put;
	b->private_get = private_get;
	b->tile_put = tile_put;
	b->tile_get = tile_get;
	b->tiles_clear = tiles_clear;
	b->checkpoint_put = checkpoint_put;
	b->checkpoint_list = checkpoint_list;
	b->token_put = token_put;
	b->token_get = token_get;
	b->token_revoke = token_revoke;
	b->token_list = token_list;
}
