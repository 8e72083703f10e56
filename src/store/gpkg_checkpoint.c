/*
 * gpkg_checkpoint.c - the signed checkpoints the register has issued, kept
 * in the GeoPackage store so that anyone holding the file can see every
 * tree head the register ever signed.
 *
 *   hr_checkpoint(seq INTEGER PRIMARY KEY, size INTEGER, stored INTEGER,
 *                 note BLOB)
 *
 * `note` is the whole signed note, byte for byte as it was handed out.
 * The table is append-only by trigger, like the log: a checkpoint, once
 * issued, is a statement the register cannot take back. It is made on the
 * first put, so stores written before it existed open unchanged.
 */
#include "store/gpkg_int.h"

#include <string.h>

static int ensure_table(gpkg_be *be)
{
	return gpkg__exec(be,
	                  "CREATE TABLE IF NOT EXISTS hr_checkpoint (seq INTEGER PRIMARY KEY, size "
	                  "INTEGER NOT NULL CHECK (size >= 0), stored INTEGER NOT NULL, note BLOB "
	                  "NOT NULL CHECK (length(note) > 0));"
	                  "CREATE TRIGGER IF NOT EXISTS hr_checkpoint_no_update BEFORE UPDATE ON "
	                  "hr_checkpoint BEGIN SELECT RAISE(ABORT, 'hr_checkpoint is append-only'); "
	                  "END;"
	                  "CREATE TRIGGER IF NOT EXISTS hr_checkpoint_no_delete BEFORE DELETE ON "
	                  "hr_checkpoint BEGIN SELECT RAISE(ABORT, 'hr_checkpoint is append-only'); "
	                  "END;",
	                  "creating the checkpoint table");
}

static int be_checkpoint_put(hr_backend *b, uint64_t size, const char *note, size_t len,
                             hr_time stored)
{
	gpkg_be *be = (gpkg_be *)b;
	sqlite3_stmt *st = NULL;
	int rc, own;
	if (!note || len == 0 || len > INT32_MAX || size > (uint64_t)INT64_MAX)
		return gpkg__errf(be, HR_EINVAL, "checkpoint_put: bad checkpoint");
	if ((rc = gpkg__writable(be, "checkpoint_put")) ||
	    (rc = gpkg__tx_begin(be, &own, "checkpoint_put")))
		return rc;
	if ((rc = ensure_table(be)))
		return gpkg__tx_end(be, own, rc);
	if (sqlite3_prepare_v2(be->db,
	                       "INSERT INTO hr_checkpoint (size, stored, note) VALUES (?1, ?2, ?3)",
	                       -1, &st, NULL) != SQLITE_OK)
		return gpkg__tx_end(be, own,
		                    gpkg__err(be, sqlite3_extended_errcode(be->db), "checkpoint_put"));
	sqlite3_bind_int64(st, 1, (sqlite3_int64)size);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)stored);
	sqlite3_bind_blob(st, 3, note, (int)len, SQLITE_STATIC);
	rc = gpkg__step_done(be, st, "checkpoint_put");
	sqlite3_finalize(st);
	return gpkg__tx_end(be, own, rc);
}

static int be_checkpoint_list(hr_backend *b, hr_checkpoint_cb cb, void *ctx)
{
	gpkg_be *be = (gpkg_be *)b;
	sqlite3_stmt *st = NULL;
	int rc = 0, src;
	if (!cb)
		return gpkg__errf(be, HR_EINVAL, "checkpoint_list: no callback");
	src = sqlite3_prepare_v2(be->db, "SELECT seq, size, stored, note FROM hr_checkpoint ORDER BY seq",
	                         -1, &st, NULL);
	if (src != SQLITE_OK) {
		/* a store that never issued a checkpoint has no table */
		if (strstr(sqlite3_errmsg(be->db), "no such table"))
			return 0;
		return gpkg__err(be, sqlite3_extended_errcode(be->db), "checkpoint_list");
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		hr_checkpoint_row row;
		sqlite3_int64 size = sqlite3_column_int64(st, 1);
		row.seq = (uint64_t)sqlite3_column_int64(st, 0);
		row.size = size < 0 ? 0 : (uint64_t)size;
		row.stored = sqlite3_column_int64(st, 2);
		row.note = sqlite3_column_blob(st, 3);
		row.len = (size_t)sqlite3_column_bytes(st, 3);
		if (!row.note)
			row.note = "";
		if ((rc = cb(ctx, &row)) != 0)
			break;
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "checkpoint_list");
	sqlite3_finalize(st);
	return rc;
}

void gpkg__checkpoints_init(gpkg_be *be)
{
	be->base.checkpoint_put = be_checkpoint_put;
	be->base.checkpoint_list = be_checkpoint_list;
}
