/*
 * gpkg_int.h - internals shared by the files of the GeoPackage backend
 * (gpkg.c: connection, transactions; gpkg_log.c: log, private values,
 * meta; gpkg_token.c: access tokens; gpkg_layer.c: feature and attribute tables; gpkg_extent.c: their
 * extents; gpkg_rows.c: their rows; gpkg_geom.c: geometry blobs and the
 * ST_* functions).
 */
#ifndef HR_GPKG_INT_H
#define HR_GPKG_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "hazreg/sys/backend.h"

/* The only spatial reference system of the register: WGS 84 lon/lat. */
#define GPKG_SRS_ID 4326
/* Bytes of the GeoPackage binary header we write: 8 + a 4-double envelope. */
#define GPKG_HEADER_LEN 40

/* ---- gpkg_geom.c --------------------------------------------------------- */

/* What a GeoPackage geometry blob holds, as read by gpkg__geom_parse. */
typedef struct {
	int empty;                /* no coordinates at all */
	hr_bbox env;              /* envelope; meaningless when empty */
	int32_t srs_id;
	const unsigned char *wkb; /* points into the blob */
	size_t wkb_len;
} gpkg_geom;

/* gpkg.c: the GeoPackage's own tables and spatial reference systems (-1,
 * 0 and 4326), as SQL statements; application_id and user_version. */
extern const char gpkg__core_sql[];

/* gpkg_layer.c: statement `which` (0 to 5: insert, update1 to update4,
 * delete) of the gpkg_rtree_index triggers (GeoPackage 1.3, Annex F.3) of
 * feature table T, geometry column "geom", whose R-tree is R; NULL when out
 * of memory. Caller frees with sqlite3_free(). The connection must have
 * the ST_* functions (gpkg__register_functions). */
char *gpkg__rtree_trigger(int which, const char *T, const char *R);

/* Read a blob's header; the envelope comes from the header, or from the WKB
 * when the header has none. Returns 0, or -1 when it is not a GeoPackage
 * geometry blob. */
int gpkg__geom_parse(const unsigned char *blob, size_t len, gpkg_geom *out);

/* Envelope of (2D, 3D or 4D, ISO or extended) WKB. *empty is set when the
 * geometry has no coordinates. Returns 0, or -1 when the WKB does not
 * decode. */
int gpkg__wkb_envelope(const unsigned char *wkb, size_t len, hr_bbox *env, int *empty);

/* Write the header for WKB with this envelope (or an empty geometry) into
 * out, which holds GPKG_HEADER_LEN bytes; returns the bytes written. */
size_t gpkg__geom_header(unsigned char *out, const hr_bbox *env, int empty);

/* Register ST_IsEmpty, ST_MinX, ST_MaxX, ST_MinY and ST_MaxY, which the
 * gpkg_rtree_index triggers call, and hr_time_of (gpkg_rows.c). Returns an
 * SQLite result code. */
int gpkg__register_functions(sqlite3 *db);

/* ---- gpkg.c ------------------------------------------------------------- */

/* Cached statements that belong to no layer. */
enum {
	GPKG_ST_META_GET,
	GPKG_ST_META_SET,
	GPKG_ST_LOG_SIZE,
	GPKG_ST_LOG_APPEND,
	GPKG_ST_LOG_RANGE,
	GPKG_ST_LOG_SUBJECT,
	GPKG_ST_LOG_AREA,
	GPKG_ST_LOG_SIZE_AT,
	GPKG_ST_PRIV_PUT,
	GPKG_ST_PRIV_GET,
	GPKG_ST_READ_BEGIN,
	GPKG_ST_READ_VERSION,
	GPKG_ST_READ_END,
	GPKG_ST_COUNT
};

typedef struct gpkg_layer gpkg_layer;

/* The backend: the public function table first, so that an hr_backend
 * pointer is a gpkg_be pointer. */
typedef struct {
	hr_backend base;
	sqlite3 *db;
	int readonly;
	int in_tx;                      /* between begin() and commit()/rollback() */
	int reading;                    /* depth of read_begin() */
	int read_own;                   /* the outermost read_begin() opened a transaction */
	uint32_t commits;               /* commits by this handle (for read_begin's version) */
	sqlite3_stmt *st[GPKG_ST_COUNT];
	gpkg_layer *layers;             /* per-layer statements and extents */
	unsigned char *blob;            /* scratch for the geometry blob of row_put */
	size_t blob_cap;
	int last_src;                   /* SQLite code of the last failure */
	sqlite3_stmt *tile_get_st;      /* gpkg_tiles.c: cached, proofs read many tiles */
	char err[512];
} gpkg_be;

/* Set the message to "op: <sqlite message>" and map an SQLite result code
 * to an HR_E* code. */
int gpkg__err(gpkg_be *be, int src, const char *op);
/* Set the message from a format and return code. */
int gpkg__errf(gpkg_be *be, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Run SQL without results. */
int gpkg__exec(gpkg_be *be, const char *sql, const char *op);

/* The statement of a cache slot, prepared on first use. When the cached one
 * is in the middle of a query (a callback re-entered the backend), a fresh
 * one is prepared for this call. Give it back with gpkg__release(). */
int gpkg__stmt(gpkg_be *be, sqlite3_stmt **slot, const char *sql, sqlite3_stmt **out,
               const char *op);
void gpkg__release(sqlite3_stmt **slot, sqlite3_stmt *st);

/* Run a write in a transaction of its own when none is open: *own tells
 * gpkg__tx_end whether to commit or roll back. */
int gpkg__tx_begin(gpkg_be *be, int *own, const char *op);
int gpkg__tx_end(gpkg_be *be, int own, int rc);

/* Refuse writes on a read-only store. */
int gpkg__writable(gpkg_be *be, const char *op);

/* gpkg_tiles.c: fills the Merkle tile entries of the function table */
void gpkg__tiles_init(gpkg_be *be);
/* gpkg_checkpoint.c: fills the checkpoint entries of the function table */
void gpkg__checkpoints_init(gpkg_be *be);
/* gpkg_token.c: fills the access-token entries of the function table */
void gpkg__tokens_init(gpkg_be *be);
/* gpkg_rows.c: fills the page entries (row_count, rows_page, rows_page_during) */
void gpkg__pages_init(gpkg_be *be);
/* Step a statement whose rows, if any, are not wanted. */
int gpkg__step_done(gpkg_be *be, sqlite3_stmt *st, const char *op);

/* ---- gpkg_log.c: meta, log, private values ---------------------------------- */

int gpkg__meta_get(hr_backend *be, const char *key, char **out);
int gpkg__meta_set(hr_backend *be, const char *key, const char *value);
int gpkg__log_size(hr_backend *be, uint64_t *out);
int gpkg__log_append(hr_backend *be, const hr_log_row *row);
int gpkg__log_range(hr_backend *be, uint64_t from, uint64_t to, hr_log_cb cb, void *ctx);
int gpkg__log_subject(hr_backend *be, int kind, const char *subject, hr_log_cb cb, void *ctx);
int gpkg__log_area(hr_backend *be, const char *area_id, hr_log_cb cb, void *ctx);
int gpkg__log_size_at(hr_backend *be, hr_time t, uint64_t *out);
int gpkg__private_put(hr_backend *be, const hr_private_row *row);
int gpkg__private_get(hr_backend *be, uint64_t idx, hr_private_cb cb, void *ctx);

/* ---- gpkg_layer.c: definitions and tables ------------------------------------- */

#define GEOM_COL "geom"
/* SQL for "now" as GeoPackage wants it; pass it to sqlite3_mprintf as an
 * argument, never inside the format. */
#define NOW_SQL "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

/* Cached statements of a layer. */
enum {
	L_FIND, L_INSERT, L_UPDATE, L_GET, L_BBOX, L_ALL, L_CLEAR, L_CONTENTS,
	L_NROWS, /* row_count */
	L_PAGE,  /* rows_page */
	L_COUNT
};

/* What the backend knows of a layer: its definition, statements, and what
 * the open transaction did to it. */
struct gpkg_layer {
	gpkg_layer *next;
	const hr_layer *def; /* the definition last seen (the core's static tables) */
	char *name;
	char *key;
	char *rtree;         /* "rtree_<name>_geom", NULL for an attribute table */
	size_t ncols;
	char **cols;
	hr_col_type *types;
	char *sql[L_COUNT];
	sqlite3_stmt *st[L_COUNT];
	sqlite3_stmt **st_where; /* rows_where, one per column, prepared on use */
	sqlite3_stmt **st_during; /* rows_page_during, a count and a page per column, the same */
	int present;         /* its table has been seen (gpkg_rows.c) */
	/* what the open transaction did */
	int touched;
	int full;      /* extent must be recomputed from the R-tree */
	int ext_empty; /* ext holds nothing yet */
	hr_bbox ext;   /* exact extent so far */
};

int gpkg__ensure_layers(hr_backend *be, const hr_layer *const *layers, size_t n);

/* The state of a layer, made on first use. */
int gpkg__layer(gpkg_be *be, const hr_layer *l, gpkg_layer **out, const char *op);
/* Append "SELECT t.fid, t.geom (or NULL), t.<col>..." to s. */
void gpkg__select_list(sqlite3_str *s, const gpkg_layer *L);
/* ---- gpkg_extent.c ----------------------------------------------------------- */

/* Start the extent bookkeeping of a layer in the open transaction. */
int gpkg__touch(gpkg_be *be, gpkg_layer *L, const char *op);
/* Grow the extent by an envelope. */
void gpkg__ext_add(gpkg_layer *L, const hr_bbox *e);

/* Write gpkg_contents extent and last_change of the layers written in the
 * open transaction (called just before COMMIT). */
int gpkg__layers_flush(gpkg_be *be);
/* Forget what the rolled-back transaction did to the layers. */
void gpkg__layers_forget(gpkg_be *be);
/* Finalize the layer statements and free the layer states. */
void gpkg__layers_free(gpkg_be *be);

/* ---- gpkg_rows.c: rows of the layers ---------------------------------------- */

int gpkg__row_put(hr_backend *be, const hr_row *row);
int gpkg__row_get(hr_backend *be, const hr_layer *layer, const char *key, hr_row_cb cb, void *ctx);
int gpkg__rows_bbox(hr_backend *be, const hr_layer *layer, const hr_bbox *box, hr_row_cb cb,
                    void *ctx);
int gpkg__rows_where(hr_backend *be, const hr_layer *layer, const char *column,
                     const char *value, hr_row_cb cb, void *ctx);
int gpkg__rows_all(hr_backend *be, const hr_layer *layer, hr_row_cb cb, void *ctx);
int gpkg__layer_clear(hr_backend *be, const hr_layer *layer);
/* The SQL function hr_time_of(text): a TIME cell as hr_time. */
void gpkg__time_of(sqlite3_context *ctx, int argc, sqlite3_value **argv);

#endif
