/*
 * gpkg_token.c - the HTTP API's access tokens, kept in the register file
 * beside the log but never in it (token.h): they are secrets and
 * operational state, not facts of the register.
 *
 *   hr_token(id TEXT PRIMARY KEY, hash BLOB, role INTEGER, org TEXT,
 *            note TEXT, created INTEGER, expires INTEGER, revoked INTEGER)
 *
 * `hash` is BLAKE2b-256 of the token's id and secret; the secret itself is
 * stored nowhere. Times are seconds since 1970 (hr_time); `revoked` is NULL
 * while the token is in force. Triggers keep the table an account of every
 * token given out: no row is deleted, and the only change a row takes is
 * its revocation, once. The table is made on the first put, so stores
 * written before it existed open unchanged, and reads of a store without
 * it find no token.
 */
#include "store/gpkg_int.h"

#include <string.h>

#define TOKEN_COLUMNS "id, hash, role, org, note, created, expires, revoked"

static int ensure_table(gpkg_be *be)
{
	return gpkg__exec(
		be,
		"CREATE TABLE IF NOT EXISTS hr_token (id TEXT PRIMARY KEY CHECK (length(id) = 16), "
		"hash BLOB NOT NULL CHECK (length(hash) = 32), role INTEGER NOT NULL CHECK (role "
		"BETWEEN 1 AND 3), org TEXT, note TEXT, created INTEGER NOT NULL, expires INTEGER "
		"NOT NULL, revoked INTEGER);"
		"CREATE TRIGGER IF NOT EXISTS hr_token_no_delete BEFORE DELETE ON hr_token BEGIN "
		"SELECT RAISE(ABORT, 'hr_token keeps every token given out'); END;"
		"CREATE TRIGGER IF NOT EXISTS hr_token_revoke_only BEFORE UPDATE ON hr_token WHEN "
		"OLD.revoked IS NOT NULL OR NEW.revoked IS NULL OR NEW.id IS NOT OLD.id OR NEW.hash "
		"IS NOT OLD.hash OR NEW.role IS NOT OLD.role OR NEW.org IS NOT OLD.org OR NEW.note IS "
		"NOT OLD.note OR NEW.created IS NOT OLD.created OR NEW.expires IS NOT OLD.expires "
		"BEGIN SELECT RAISE(ABORT, 'hr_token: a token only changes by being revoked, once'); "
		"END;",
		"creating the token table");
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int be_token_put(hr_backend *b, const hr_token_row *row)
{
	gpkg_be *be = (gpkg_be *)b;
	sqlite3_stmt *st = NULL;
	int rc, own;
	if (!row || !row->t.id || !row->hash)
		return gpkg__errf(be, HR_EINVAL, "token_put: no token");
	if ((rc = gpkg__writable(be, "token_put")) || (rc = gpkg__tx_begin(be, &own, "token_put")))
		return rc;
	if ((rc = ensure_table(be)))
		return gpkg__tx_end(be, own, rc);
	if (sqlite3_prepare_v2(be->db, "INSERT INTO hr_token (" TOKEN_COLUMNS ") VALUES (?1, ?2, "
	                               "?3, ?4, ?5, ?6, ?7, NULL)",
	                       -1, &st, NULL) != SQLITE_OK)
		return gpkg__tx_end(be, own,
		                    gpkg__err(be, sqlite3_extended_errcode(be->db), "token_put"));
	sqlite3_bind_text(st, 1, row->t.id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, row->hash, 32, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, row->t.role);
	bind_text_or_null(st, 4, row->t.org);
	bind_text_or_null(st, 5, row->t.note);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)row->t.created);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)row->t.expires);
	rc = gpkg__step_done(be, st, "token_put");
	sqlite3_finalize(st);
	return gpkg__tx_end(be, own, rc);
}

/* Prepare a read of the table; *st stays NULL (and 0 is returned) when the
 * store has never held a token. */
static int prepare_read(gpkg_be *be, const char *sql, sqlite3_stmt **st, const char *op)
{
	*st = NULL;
	if (sqlite3_prepare_v2(be->db, sql, -1, st, NULL) == SQLITE_OK)
		return 0;
	*st = NULL;
	if (strstr(sqlite3_errmsg(be->db), "no such table"))
		return 0;
	return gpkg__err(be, sqlite3_extended_errcode(be->db), op);
}

/* Hand each row of a prepared read to cb; *n counts them. */
static int each_row(gpkg_be *be, sqlite3_stmt *st, hr_token_row_cb cb, void *ctx, size_t *n,
                    const char *op)
{
	int rc = 0, src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		hr_token_row row;
		if (sqlite3_column_bytes(st, 1) != 32)
			return gpkg__errf(be, HR_ECORRUPT, "%s: a token's hash is not 32 bytes", op);
		row.t.id = (const char *)sqlite3_column_text(st, 0);
		row.hash = sqlite3_column_blob(st, 1);
		row.t.role = sqlite3_column_int(st, 2);
		row.t.org = (const char *)sqlite3_column_text(st, 3);
		row.t.note = (const char *)sqlite3_column_text(st, 4);
		row.t.created = sqlite3_column_int64(st, 5);
		row.t.expires = sqlite3_column_int64(st, 6);
		row.t.revoked = sqlite3_column_type(st, 7) == SQLITE_NULL
		                        ? HR_TIME_NONE
		                        : sqlite3_column_int64(st, 7);
		if (!row.t.id)
			return gpkg__errf(be, HR_ENOMEM, "%s: out of memory", op);
		(*n)++;
		if ((rc = cb(ctx, &row)) != 0)
			return rc;
	}
	if (src != SQLITE_DONE)
		return gpkg__err(be, sqlite3_extended_errcode(be->db), op);
	return 0;
}

static int be_token_get(hr_backend *b, const char *id, hr_token_row_cb cb, void *ctx)
{
	gpkg_be *be = (gpkg_be *)b;
	sqlite3_stmt *st;
	size_t n = 0;
	int rc;
	if (!id || !cb)
		return gpkg__errf(be, HR_EINVAL, "token_get: no id or callback");
	if ((rc = prepare_read(be, "SELECT " TOKEN_COLUMNS " FROM hr_token WHERE id = ?1", &st,
	                       "token_get")))
		return rc;
	if (st) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		rc = each_row(be, st, cb, ctx, &n, "token_get");
		sqlite3_finalize(st);
	}
	if (rc == 0 && n == 0)
		return gpkg__errf(be, HR_ENOTFOUND, "no token %s", id);
	return rc;
}

static int be_token_list(hr_backend *b, hr_token_row_cb cb, void *ctx)
{
	gpkg_be *be = (gpkg_be *)b;
	sqlite3_stmt *st;
	size_t n = 0;
	int rc;
	if (!cb)
		return gpkg__errf(be, HR_EINVAL, "token_list: no callback");
	if ((rc = prepare_read(be, "SELECT " TOKEN_COLUMNS " FROM hr_token ORDER BY id", &st,
	                       "token_list")) ||
	    !st)
		return rc;
	rc = each_row(be, st, cb, ctx, &n, "token_list");
	sqlite3_finalize(st);
	return rc;
}

static int revoked_cb(void *ctx, const hr_token_row *row)
{
	*(int *)ctx = row->t.revoked != HR_TIME_NONE;
	return 0;
}

static int be_token_revoke(hr_backend *b, const char *id, hr_time at)
{
	gpkg_be *be = (gpkg_be *)b;
	sqlite3_stmt *st = NULL;
	int rc, own, revoked = 0;
	if (!id)
		return gpkg__errf(be, HR_EINVAL, "token_revoke: no id");
	if ((rc = gpkg__writable(be, "token_revoke")) ||
	    (rc = gpkg__tx_begin(be, &own, "token_revoke")))
		return rc;
	if ((rc = be_token_get(b, id, revoked_cb, &revoked)))
		return gpkg__tx_end(be, own, rc);
	if (revoked)
		return gpkg__tx_end(be, own,
		                    gpkg__errf(be, HR_EEXISTS, "token %s is revoked already", id));
	if (sqlite3_prepare_v2(be->db, "UPDATE hr_token SET revoked = ?2 WHERE id = ?1", -1, &st,
	                       NULL) != SQLITE_OK)
		return gpkg__tx_end(be, own,
		                    gpkg__err(be, sqlite3_extended_errcode(be->db), "token_revoke"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)at);
	rc = gpkg__step_done(be, st, "token_revoke");
	sqlite3_finalize(st);
	return gpkg__tx_end(be, own, rc);
}

void gpkg__tokens_init(gpkg_be *be)
{
	be->base.token_put = be_token_put;
	be->base.token_get = be_token_get;
	be->base.token_revoke = be_token_revoke;
	be->base.token_list = be_token_list;
}
