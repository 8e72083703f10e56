/*
 * gpkg_tiles.c - the Merkle tiles of the log in the GeoPackage store.
 *
 *   hr_tile(level INTEGER, idx INTEGER, width INTEGER, hashes BLOB,
 *           PRIMARY KEY(level, idx))
 *
 * `hashes` is `width` 32-byte hashes, the tile's contents as C2SP
 * tlog-tiles define them (level L holds the tree's hashes at height 8·L).
 * A tile only ever grows: its first hashes never change, so a narrower
 * read takes the prefix of the stored one. Tiles are derived from the log
 * (like the layers) and written in the transaction that appends.
 */
#include "store/gpkg_int.h"

#include <string.h>

static int ensure_table(gpkg_be *be)
{
	return gpkg__exec(be,
	                  "CREATE TABLE IF NOT EXISTS hr_tile (level INTEGER NOT NULL, idx INTEGER "
	                  "NOT NULL, width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 256), hashes "
	                  "BLOB NOT NULL CHECK (length(hashes) = 32 * width), PRIMARY KEY (level, "
	                  "idx))",
	                  "creating the tile table");
}

static int be_tile_put(hr_backend *b, unsigned level, uint64_t index, unsigned width,
                       const unsigned char *hashes)
{
	gpkg_be *be = (gpkg_be *)b;
	sqlite3_stmt *st = NULL;
	int rc;
	if (!hashes || width < 1 || width > 256 || index > (uint64_t)INT64_MAX)
		return gpkg__errf(be, HR_EINVAL, "tile_put: bad tile");
	if ((rc = gpkg__writable(be, "tile_put")) || (rc = ensure_table(be)))
		return rc;
	if (sqlite3_prepare_v2(be->db,
	                       "INSERT INTO hr_tile (level, idx, width, hashes) VALUES (?1, ?2, ?3, "
	                       "?4) ON CONFLICT (level, idx) DO UPDATE SET width = excluded.width, "
	                       "hashes = excluded.hashes WHERE excluded.width >= hr_tile.width",
	                       -1, &st, NULL) != SQLITE_OK)
		return gpkg__err(be, sqlite3_extended_errcode(be->db), "tile_put");
	sqlite3_bind_int(st, 1, (int)level);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)index);
	sqlite3_bind_int(st, 3, (int)width);
	sqlite3_bind_blob(st, 4, hashes, (int)(32 * width), SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : gpkg__err(be, sqlite3_extended_errcode(be->db),
	                                                     "tile_put");
	sqlite3_finalize(st);
	return rc;
}

static int be_tile_get(hr_backend *b, unsigned level, uint64_t index, unsigned width,
                       unsigned char *out)
{
	gpkg_be *be = (gpkg_be *)b;
	sqlite3_stmt *st = NULL;
	int rc, src;
	if (!out || width < 1 || width > 256 || index > (uint64_t)INT64_MAX)
		return gpkg__errf(be, HR_EINVAL, "tile_get: bad tile");
	if (!be->tile_get_st) {
		src = sqlite3_prepare_v2(be->db,
		                         "SELECT width, hashes FROM hr_tile WHERE level = ?1 AND idx = ?2",
		                         -1, &be->tile_get_st, NULL);
		if (src != SQLITE_OK) {
			be->tile_get_st = NULL;
			/* a store written before tiles existed has no table: no tile */
			if (strstr(sqlite3_errmsg(be->db), "no such table"))
				return HR_ENOTFOUND;
			return gpkg__err(be, sqlite3_extended_errcode(be->db), "tile_get");
		}
	}
	st = be->tile_get_st;
	sqlite3_bind_int(st, 1, (int)level);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)index);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		int w = sqlite3_column_int(st, 0);
		const void *h = sqlite3_column_blob(st, 1);
		if (w < (int)width || !h || sqlite3_column_bytes(st, 1) != 32 * w) {
			rc = HR_ENOTFOUND;
		} else {
			memcpy(out, h, 32 * (size_t)width);
			rc = 0;
		}
	} else if (src == SQLITE_DONE) {
		rc = HR_ENOTFOUND;
	} else {
		rc = gpkg__err(be, sqlite3_extended_errcode(be->db), "tile_get");
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

static int be_tiles_clear(hr_backend *b)
{
	gpkg_be *be = (gpkg_be *)b;
	int rc;
	if ((rc = gpkg__writable(be, "tiles_clear")) || (rc = ensure_table(be)))
		return rc;
	return gpkg__exec(be, "DELETE FROM hr_tile", "tiles_clear");
}

void gpkg__tiles_init(gpkg_be *be)
{
	be->base.tile_put = be_tile_put;
	be->base.tile_get = be_tile_get;
	be->base.tiles_clear = be_tiles_clear;
}
