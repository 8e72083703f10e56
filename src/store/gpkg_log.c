/*
 * gpkg_log.c - the register's log in the GeoPackage backend, with the
 * private values kept beside it and the meta keys. The tables (hr_log,
 * hr_private, hr_meta; made in gpkg.c) are append-only by trigger; this
 * file adds the check that an entry's index is the log's size, so that a
 * gap is refused with a clear message before SQLite refuses it.
 */
#include "store/gpkg_int.h"

#include <stdlib.h>
#include <string.h>

#define LOG_COLS "idx, kind, subject, area_ref, doi, appended, bytes, leaf"

static const char *const stmt_sql[GPKG_ST_COUNT] = {
	[GPKG_ST_META_GET] = "SELECT value FROM hr_meta WHERE key = ?1",
	[GPKG_ST_META_SET] = "INSERT INTO hr_meta (key, value) VALUES (?1, ?2)"
	                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[GPKG_ST_LOG_SIZE] = "SELECT max(idx) FROM hr_log",
	[GPKG_ST_LOG_APPEND] = "INSERT INTO hr_log (" LOG_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[GPKG_ST_LOG_RANGE] = "SELECT " LOG_COLS " FROM hr_log WHERE idx >= ?1 AND idx < ?2 ORDER BY idx",
	[GPKG_ST_LOG_SUBJECT] = "SELECT " LOG_COLS " FROM hr_log WHERE subject = ?2 AND kind = ?1"
	                        " ORDER BY idx",
	[GPKG_ST_LOG_AREA] = "SELECT " LOG_COLS " FROM hr_log WHERE subject = ?1 OR area_ref = ?1"
	                     " ORDER BY idx",
	/* the first entry appended after t, else the size: a prefix, whatever
	 * the order of the appended times (no index on them: one scan) */
	[GPKG_ST_LOG_SIZE_AT] = "SELECT coalesce((SELECT min(idx) FROM hr_log WHERE appended > ?1),"
	                        " (SELECT coalesce(max(idx) + 1, 0) FROM hr_log))",
	[GPKG_ST_PRIV_PUT] = "INSERT INTO hr_private (idx, tag, seq, salt, value)"
	                     " VALUES (?1, ?2, ?3, ?4, ?5)",
	[GPKG_ST_PRIV_GET] = "SELECT idx, tag, seq, salt, value FROM hr_private WHERE idx = ?1"
	                     " ORDER BY tag, seq",
};

#define BE(b) ((gpkg_be *)(b))

/* ---- meta ------------------------------------------------------------------ */

int gpkg__meta_get(hr_backend *b, const char *key, char **out)
{
	gpkg_be *be = BE(b);
	sqlite3_stmt **slot = &be->st[GPKG_ST_META_GET], *st = NULL;
	int rc, src;
	if (!key || !out)
		return gpkg__errf(be, HR_EINVAL, "meta_get: no key");
	*out = NULL;
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_META_GET], &st, "meta_get")))
		goto done;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	src = sqlite3_step(st);
	if (src == SQLITE_DONE) {
		rc = gpkg__errf(be, HR_ENOTFOUND, "meta_get: no key '%s'", key);
		goto done;
	}
	if (src != SQLITE_ROW) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "meta_get");
		goto done;
	}
	{
		const char *v = (const char *)sqlite3_column_text(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		*out = malloc(n + 1);
		if (!*out) {
			rc = gpkg__errf(be, HR_ENOMEM, "meta_get: out of memory");
			goto done;
		}
		if (n)
			memcpy(*out, v, n);
		(*out)[n] = '\0';
	}
done:
	gpkg__release(slot, st);
	return rc;
}

int gpkg__meta_set(hr_backend *b, const char *key, const char *value)
{
	gpkg_be *be = BE(b);
	sqlite3_stmt **slot = &be->st[GPKG_ST_META_SET], *st = NULL;
	int rc, own = 0;
	if (!key || !value)
		return gpkg__errf(be, HR_EINVAL, "meta_set: no key or value");
	if ((rc = gpkg__writable(be, "meta_set")))
		return rc;
	if ((rc = gpkg__tx_begin(be, &own, "meta_set")))
		return rc;
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_META_SET], &st, "meta_set")))
		goto done;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = gpkg__step_done(be, st, "meta_set");
done:
	gpkg__release(slot, st);
	return gpkg__tx_end(be, own, rc);
}

/* ---- the log ------------------------------------------------------------------ */

static int log_size(gpkg_be *be, uint64_t *out)
{
	sqlite3_stmt **slot = &be->st[GPKG_ST_LOG_SIZE], *st = NULL;
	int rc, src;
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_LOG_SIZE], &st, "log_size")))
		goto done;
	src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "log_size");
		goto done;
	}
	if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		*out = 0;
	else
		*out = (uint64_t)sqlite3_column_int64(st, 0) + 1;
done:
	gpkg__release(slot, st);
	return rc;
}

int gpkg__log_size(hr_backend *b, uint64_t *out)
{
	if (!out)
		return gpkg__errf(BE(b), HR_EINVAL, "log_size: no output");
	return log_size(BE(b), out);
}

int gpkg__log_append(hr_backend *b, const hr_log_row *row)
{
	gpkg_be *be = BE(b);
	sqlite3_stmt **slot = &be->st[GPKG_ST_LOG_APPEND], *st = NULL;
	uint64_t size = 0;
	int rc, own = 0;
	if (!row || !row->subject || (!row->bytes && row->len))
		return gpkg__errf(be, HR_EINVAL, "log_append: incomplete row");
	if (row->idx > (uint64_t)INT64_MAX || row->len > (size_t)INT32_MAX)
		return gpkg__errf(be, HR_EINVAL, "log_append: index or length out of range");
	if ((rc = gpkg__writable(be, "log_append")))
		return rc;
	if ((rc = gpkg__tx_begin(be, &own, "log_append")))
		return rc;
	if ((rc = log_size(be, &size)))
		goto done;
	if (row->idx != size) {
		rc = gpkg__errf(be, HR_EINVAL,
		                "log_append: entry %llu refused, the log holds %llu entries (next is %llu)",
		                (unsigned long long)row->idx, (unsigned long long)size,
		                (unsigned long long)size);
		goto done;
	}
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_LOG_APPEND], &st, "log_append")))
		goto done;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)row->idx);
	sqlite3_bind_int(st, 2, row->kind);
	sqlite3_bind_text(st, 3, row->subject, -1, SQLITE_STATIC);
	if (row->area_ref)
		sqlite3_bind_text(st, 4, row->area_ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, row->doi);
	sqlite3_bind_int64(st, 6, row->appended);
	/* a zero-length blob, not NULL, for empty bytes */
	sqlite3_bind_blob(st, 7, row->len ? (const void *)row->bytes : (const void *)"",
	                  (int)row->len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, row->leaf, 32, SQLITE_STATIC);
	rc = gpkg__step_done(be, st, "log_append");
done:
	gpkg__release(slot, st);
	return gpkg__tx_end(be, own, rc);
}

/* Call cb for each row of a query over hr_log (columns LOG_COLS). */
static int log_each(gpkg_be *be, sqlite3_stmt *st, hr_log_cb cb, void *ctx, const char *op)
{
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		hr_log_row r;
		int rc;
		memset(&r, 0, sizeof r);
		r.idx = (uint64_t)sqlite3_column_int64(st, 0);
		r.kind = sqlite3_column_int(st, 1);
		r.subject = (const char *)sqlite3_column_text(st, 2);
		r.area_ref = (const char *)sqlite3_column_text(st, 3);
		r.doi = sqlite3_column_int64(st, 4);
		r.appended = sqlite3_column_int64(st, 5);
		r.bytes = sqlite3_column_blob(st, 6);
		r.len = (size_t)sqlite3_column_bytes(st, 6);
		if (!r.bytes)
			r.bytes = (const unsigned char *)"";
		if (sqlite3_column_bytes(st, 7) != 32 || !r.subject)
			return gpkg__errf(be, HR_ECORRUPT, "%s: log entry %llu is damaged", op,
			                  (unsigned long long)r.idx);
		memcpy(r.leaf, sqlite3_column_blob(st, 7), 32);
		if ((rc = cb(ctx, &r)))
			return rc;
	}
	if (src != SQLITE_DONE)
		return gpkg__err(be, sqlite3_extended_errcode(be->db), op);
	return 0;
}

int gpkg__log_range(hr_backend *b, uint64_t from, uint64_t to, hr_log_cb cb, void *ctx)
{
	gpkg_be *be = BE(b);
	sqlite3_stmt **slot = &be->st[GPKG_ST_LOG_RANGE], *st = NULL;
	int rc;
	if (!cb)
		return gpkg__errf(be, HR_EINVAL, "log_range: no callback");
	if (from >= to || from > (uint64_t)INT64_MAX)
		return 0;
	if (to > (uint64_t)INT64_MAX)
		to = (uint64_t)INT64_MAX;
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_LOG_RANGE], &st, "log_range")))
		goto done;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)to);
	rc = log_each(be, st, cb, ctx, "log_range");
done:
	gpkg__release(slot, st);
	return rc;
}

int gpkg__log_subject(hr_backend *b, int kind, const char *subject, hr_log_cb cb, void *ctx)
{
	gpkg_be *be = BE(b);
	sqlite3_stmt **slot = &be->st[GPKG_ST_LOG_SUBJECT], *st = NULL;
	int rc;
	if (!subject || !cb)
		return gpkg__errf(be, HR_EINVAL, "log_subject: no subject or callback");
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_LOG_SUBJECT], &st, "log_subject")))
		goto done;
	sqlite3_bind_int(st, 1, kind);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_STATIC);
	rc = log_each(be, st, cb, ctx, "log_subject");
done:
	gpkg__release(slot, st);
	return rc;
}

int gpkg__log_area(hr_backend *b, const char *area_id, hr_log_cb cb, void *ctx)
{
	gpkg_be *be = BE(b);
	sqlite3_stmt **slot = &be->st[GPKG_ST_LOG_AREA], *st = NULL;
	int rc;
	if (!area_id || !cb)
		return gpkg__errf(be, HR_EINVAL, "log_area: no area or callback");
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_LOG_AREA], &st, "log_area")))
		goto done;
	sqlite3_bind_text(st, 1, area_id, -1, SQLITE_STATIC);
	rc = log_each(be, st, cb, ctx, "log_area");
done:
	gpkg__release(slot, st);
	return rc;
}

int gpkg__log_size_at(hr_backend *b, hr_time t, uint64_t *out)
{
	gpkg_be *be = BE(b);
	sqlite3_stmt **slot = &be->st[GPKG_ST_LOG_SIZE_AT], *st = NULL;
	int rc, src;
	if (!out)
		return gpkg__errf(be, HR_EINVAL, "log_size_at: no output");
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_LOG_SIZE_AT], &st, "log_size_at")))
		goto done;
	sqlite3_bind_int64(st, 1, t);
	src = sqlite3_step(st);
	if (src != SQLITE_ROW)
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "log_size_at");
	else
		*out = (uint64_t)sqlite3_column_int64(st, 0);
done:
	gpkg__release(slot, st);
	return rc;
}

/* ---- private values ----------------------------------------------------------- */

int gpkg__private_put(hr_backend *b, const hr_private_row *row)
{
	gpkg_be *be = BE(b);
	sqlite3_stmt **slot = &be->st[GPKG_ST_PRIV_PUT], *st = NULL;
	int rc, own = 0;
	if (!row || !row->salt || !row->value || row->idx > (uint64_t)INT64_MAX)
		return gpkg__errf(be, HR_EINVAL, "private_put: incomplete row");
	if ((rc = gpkg__writable(be, "private_put")))
		return rc;
	if ((rc = gpkg__tx_begin(be, &own, "private_put")))
		return rc;
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_PRIV_PUT], &st, "private_put")))
		goto done;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)row->idx);
	sqlite3_bind_int(st, 2, row->tag);
	sqlite3_bind_int(st, 3, row->seq);
	sqlite3_bind_blob(st, 4, row->salt, 16, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, row->value, -1, SQLITE_STATIC);
	rc = gpkg__step_done(be, st, "private_put");
	/* the append-only trigger answers a second value for the same slot */
	if (rc == HR_EINVAL && (be->last_src & 0xff) == SQLITE_CONSTRAINT)
		rc = HR_EEXISTS;
done:
	gpkg__release(slot, st);
	return gpkg__tx_end(be, own, rc);
}

int gpkg__private_get(hr_backend *b, uint64_t idx, hr_private_cb cb, void *ctx)
{
	gpkg_be *be = BE(b);
	sqlite3_stmt **slot = &be->st[GPKG_ST_PRIV_GET], *st = NULL;
	int rc, src;
	if (!cb)
		return gpkg__errf(be, HR_EINVAL, "private_get: no callback");
	if (idx > (uint64_t)INT64_MAX)
		return 0;
	if ((rc = gpkg__stmt(be, slot, stmt_sql[GPKG_ST_PRIV_GET], &st, "private_get")))
		goto done;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)idx);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		hr_private_row r;
		r.idx = (uint64_t)sqlite3_column_int64(st, 0);
		r.tag = sqlite3_column_int(st, 1);
		r.seq = sqlite3_column_int(st, 2);
		r.salt = sqlite3_column_blob(st, 3);
		r.value = (const char *)sqlite3_column_text(st, 4);
		if (sqlite3_column_bytes(st, 3) != 16 || !r.value) {
			rc = gpkg__errf(be, HR_ECORRUPT, "private_get: value %llu/%d/%d is damaged",
			                (unsigned long long)r.idx, r.tag, r.seq);
			goto done;
		}
		if ((rc = cb(ctx, &r)))
			goto done;
	}
	if (src != SQLITE_DONE)
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "private_get");
done:
	gpkg__release(slot, st);
	return rc;
}

