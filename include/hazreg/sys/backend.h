/*
 * hazreg/sys/backend.h - the interface a storage backend implements.
 *
 * The core appends records to the log and keeps derived layers (hazardous
 * areas, release parts, ...) through this table of functions, and nothing
 * else. A backend never interprets a record: it stores log rows and layer
 * rows that the core built. The GeoPackage backend (src/store/gpkg.c) is the
 * embedded default; a PostgreSQL/PostGIS one implements the same table.
 *
 * Memory: pointers a backend hands to a callback are borrowed for the
 * duration of that callback only.
 */
#ifndef HAZREG_SYS_BACKEND_H
#define HAZREG_SYS_BACKEND_H

#include "../common.h"
#include "../register.h"
#include "../token.h"

HR_BEGIN_DECL

/* 2: access tokens (token_put, token_get, token_revoke, token_list).
 * 3: read snapshots (read_begin, read_end) and pages of a layer
 *    (row_count, rows_page, rows_page_during).
 * 4: a lean scan of a layer (rows_scan), for in-memory indexes.
 * 5: optional entries (NULL where a backend has none): for servers that
 *    other processes' commits keep current (read_begin_least, committed,
 *    wait_commit; the GeoPackage has none) and a bounded wait for other
 *    writers (lock_wait). */
#define HR_BACKEND_VERSION 5

/** One entry of the append-only log. */
typedef struct {
	uint64_t idx;           /**< 0-based log index, gap-free */
	int kind;               /**< hr_kind */
	const char *subject;    /**< the record's id (HR_F_ID) */
	const char *area_ref;   /**< hazardous area it concerns, or NULL */
	hr_time doi;            /**< date of information */
	hr_time appended;       /**< when the register appended it */
	const unsigned char *bytes; /**< canonical record bytes */
	size_t len;
	unsigned char leaf[32]; /**< SHA-256(0x00 || bytes) */
} hr_log_row;

/** A private value kept beside the log, never in it (only its commitment is). */
typedef struct {
	uint64_t idx;  /**< log index of the record */
	int tag;       /**< field tag */
	int seq;       /**< 0-based occurrence of the tag in the record */
	const unsigned char *salt; /**< 16 bytes */
	const char *value;
} hr_private_row;

/** Column types of a derived layer. */
typedef enum {
	HR_COL_TEXT = 1,
	HR_COL_INT = 2,
	HR_COL_REAL = 3,
	HR_COL_TIME = 4, /**< stored as ISO 8601 text in GeoPackage, timestamptz in PostgreSQL */
} hr_col_type;

typedef struct {
	const char *name;
	hr_col_type type;
	int indexed; /**< backend keeps an index on it (lookups by value) */
} hr_column;

/** A derived layer: a feature table (geometry) or an attribute table. */
typedef struct {
	const char *name;        /**< table name, e.g. "hazardous_areas" */
	const char *title;       /**< human title for gpkg_contents */
	const char *geom_type;   /**< "POINT", "MULTIPOLYGON", "GEOMETRY" or NULL (attributes) */
	const char *key;         /**< name of the unique text key column (first column) */
	size_t ncols;
	const hr_column *cols;   /**< cols[0] is the key */
} hr_layer;

/** A cell; which member is live follows the column type; is_null wins. */
typedef struct {
	int is_null;
	int64_t i;     /**< INT; TIME as hr_time */
	double r;      /**< REAL */
	const char *s; /**< TEXT */
} hr_cell;

/** A row of a layer. */
typedef struct {
	const hr_layer *layer;
	const hr_cell *cells;      /**< layer->ncols cells; cells[0] is the key */
	const unsigned char *wkb;  /**< geometry (2D WKB) or NULL */
	size_t wkb_len;
	hr_bbox env;               /**< envelope of the geometry */
} hr_row;

/**
 * An access token of the HTTP API as the store keeps it (token.h): never
 * its secret, only a hash of it. Tokens are operational state, not facts:
 * they are neither in the log nor derived from it, so a rebuild leaves
 * them alone and a snapshot does not copy them.
 */
typedef struct {
	hr_token_info t;            /**< id (16 lower-case hex digits), role, org, note, times */
	const unsigned char *hash;  /**< 32 bytes: BLAKE2b-256 of id and secret */
} hr_token_row;

/** Callback types; return nonzero to stop (that value is returned). */
typedef int (*hr_log_cb)(void *ctx, const hr_log_row *row);
typedef int (*hr_row_cb)(void *ctx, const hr_row *row);
typedef int (*hr_private_cb)(void *ctx, const hr_private_row *row);
typedef int (*hr_token_row_cb)(void *ctx, const hr_token_row *row);

typedef struct hr_backend hr_backend;

/**
 * The function table. Every function returns 0 or a negative HR_E* code and
 * leaves a message for errmsg(). Writes happen only between begin() and
 * commit()/rollback(); commit() returns only once the data is durable.
 */
struct hr_backend {
	unsigned version; /**< HR_BACKEND_VERSION */
	const char *name; /**< "gpkg", "postgresql" */

	void (*close)(hr_backend *be);
	const char *(*errmsg)(hr_backend *be);

	/** Make sure the layers exist (called at every open, idempotent). */
	int (*ensure_layers)(hr_backend *be, const hr_layer *const *layers, size_t n);

	int (*begin)(hr_backend *be);
	int (*commit)(hr_backend *be);
	int (*rollback)(hr_backend *be);

	/** Meta key/value (schema version, register origin...). *out: caller frees with hr_free(). */
	int (*meta_get)(hr_backend *be, const char *key, char **out);
	int (*meta_set)(hr_backend *be, const char *key, const char *value);

	int (*log_size)(hr_backend *be, uint64_t *out);
	/** Append row; row->idx must equal the current size. */
	int (*log_append)(hr_backend *be, const hr_log_row *row);
	/** Entries [from, to) in index order. */
	int (*log_range)(hr_backend *be, uint64_t from, uint64_t to, hr_log_cb cb, void *ctx);
	/** Entries of one kind and subject, in index order. */
	int (*log_subject)(hr_backend *be, int kind, const char *subject, hr_log_cb cb, void *ctx);
	/** Entries whose subject or area_ref is area_id, in index order. */
	int (*log_area)(hr_backend *be, const char *area_id, hr_log_cb cb, void *ctx);
	/**
	 * How many entries were appended by t: the length of the longest
	 * prefix of the log whose `appended` times are all <= t, that is, the
	 * index of the first entry appended after t, or the log size when
	 * there is none. A clock that stepped back cannot make it count an
	 * entry that follows one appended after t.
	 */
	int (*log_size_at)(hr_backend *be, hr_time t, uint64_t *out);

	int (*private_put)(hr_backend *be, const hr_private_row *row);
	int (*private_get)(hr_backend *be, uint64_t idx, hr_private_cb cb, void *ctx);

	/** Insert or replace the row with the same key. */
	int (*row_put)(hr_backend *be, const hr_row *row);
	/** The row with this key: calls cb once, or returns HR_ENOTFOUND. */
	int (*row_get)(hr_backend *be, const hr_layer *layer, const char *key, hr_row_cb cb, void *ctx);
	/** Rows whose envelope intersects box (boundary included). */
	int (*rows_bbox)(hr_backend *be, const hr_layer *layer, const hr_bbox *box, hr_row_cb cb, void *ctx);
	/** Rows where a TEXT column equals value, in key order. */
	int (*rows_where)(hr_backend *be, const hr_layer *layer, const char *column, const char *value,
	                  hr_row_cb cb, void *ctx);
	/** All rows in key order. */
	int (*rows_all)(hr_backend *be, const hr_layer *layer, hr_row_cb cb, void *ctx);
	/** Delete every row of a layer (rebuild). */
	int (*layer_clear)(hr_backend *be, const hr_layer *layer);

	/**
	 * A savepoint inside the open transaction, so that one failed append
	 * leaves the rest of a batch intact: HR_SAVEPOINT_OPEN marks, _KEEP
	 * keeps what was written since, _UNDO discards it. Savepoints do not nest.
	 */
	int (*savepoint)(hr_backend *be, int op);

	/**
	 * Merkle tiles (C2SP tlog-tiles, 256 hashes of 32 bytes). tile_put
	 * stores (level, index) with `width` hashes, replacing a narrower
	 * version; tile_get copies the first `width` hashes into out, or returns
	 * HR_ENOTFOUND when the tile is absent or narrower; tiles_clear drops
	 * them all (they are derived from the log, as the layers are).
	 */
	int (*tile_put)(hr_backend *be, unsigned level, uint64_t index, unsigned width,
	                const unsigned char *hashes);
	int (*tile_get)(hr_backend *be, unsigned level, uint64_t index, unsigned width,
	                unsigned char *out);
	int (*tiles_clear)(hr_backend *be);

	/**
	 * Signed checkpoints, append-only: checkpoint_put stores one (in the
	 * open transaction, or its own); checkpoint_list calls cb for each in
	 * the order stored, stopping at the first nonzero return.
	 */
	int (*checkpoint_put)(hr_backend *be, uint64_t size, const char *note, size_t len,
	                      hr_time stored);
	int (*checkpoint_list)(hr_backend *be, hr_checkpoint_cb cb, void *ctx);

	/**
	 * Access tokens, each in a transaction of its own when none is open.
	 * token_put stores a new one (HR_EEXISTS when its id is taken);
	 * token_get calls cb once with the token of that id, or returns
	 * HR_ENOTFOUND; token_revoke sets the revoked time of a token not yet
	 * revoked (HR_ENOTFOUND; HR_EEXISTS when revoked already); token_list
	 * calls cb for each in id order. Reads work on a read-only store and on
	 * one that never held a token; nothing deletes a token.
	 */
	int (*token_put)(hr_backend *be, const hr_token_row *row);
	int (*token_get)(hr_backend *be, const char *id, hr_token_row_cb cb, void *ctx);
	int (*token_revoke)(hr_backend *be, const char *id, hr_time at);
	int (*token_list)(hr_backend *be, hr_token_row_cb cb, void *ctx);

	/**
	 * A read snapshot: the reads between read_begin() and read_end() see
	 * one state of the store, and cost one lock instead of one per read.
	 * Pairs nest; inside a write transaction they change nothing.
	 * *version receives a number that differs from the one of an earlier
	 * snapshot whenever the store changed in between (by this handle or
	 * any other), so that caches of derived rows know when to reload; 0
	 * inside a write transaction, where nothing may be cached.
	 */
	int (*read_begin)(hr_backend *be, uint64_t *version);
	int (*read_end)(hr_backend *be);

	/**
	 * Pages of a layer, so that a page costs what it holds and not the
	 * whole layer (the collections of the OGC API). row_count gives the
	 * rows of the layer; rows_page calls cb for the rows of rows_all's
	 * order after skipping the first `offset`, at most `limit` of them;
	 * rows_page_during does the same over the rows whose TIME column
	 * `column` lies within [from, to] (HR_TIME_NONE: that end is open; a
	 * row without a time lies in none) and sets *matched (may be NULL) to
	 * how many rows lie within it in all. A layer without a table in a
	 * read-only store is empty. Each call reads one state of the store;
	 * two calls read the same one only inside a transaction.
	 */
	int (*row_count)(hr_backend *be, const hr_layer *layer, uint64_t *out);
	int (*rows_page)(hr_backend *be, const hr_layer *layer, uint64_t offset, uint64_t limit,
	                 hr_row_cb cb, void *ctx);
	int (*rows_page_during)(hr_backend *be, const hr_layer *layer, const char *column,
	                        hr_time from, hr_time to, uint64_t offset, uint64_t limit,
	                        hr_row_cb cb, void *ctx, uint64_t *matched);

	/**
	 * Every row of a layer, in whatever order the store reads fastest,
	 * with its geometry and only the cells of the columns listed (indexes
	 * into layer->cols); the other cells are null. The cheapest read of a
	 * whole layer, for building an index in memory (src/index). A layer
	 * without a table in a read-only store is empty.
	 */
	int (*rows_scan)(hr_backend *be, const hr_layer *layer, const size_t *cols, size_t ncols,
	                 hr_row_cb cb, void *ctx);

	/*
	 * Optional (NULL: none). The three below are for a backend whose
	 * versions grow with every commit (by any process) and can be
	 * compared across connections, even to a replica of the store.
	 */

	/**
	 * read_begin() whose snapshot is of a version >= `least` (0: any): a
	 * version that committed() or wait_commit() gave, of this register.
	 * A replica that has not replayed it yet is waited for, a bounded
	 * time (HR_EIO beyond, naming the lag). `current`, when nonzero, is
	 * the caller's word that no commit came after that version (a
	 * listener heard of none): the backend may then keep its snapshot
	 * open past read_end() and reuse it, when it is of that version, at
	 * no cost. Nests as read_begin() does.
	 */
	int (*read_begin_least)(hr_backend *be, uint64_t least, uint64_t current,
	                        uint64_t *version);
	/** The version of the last commit of this handle (read_begin's numbering); 0: none. */
	uint64_t (*committed)(hr_backend *be);
	/**
	 * Wait until a commit by any process makes the store's version differ
	 * from *version, at most timeout_ms; *version then receives the latest
	 * version known. The first call, and the first after the connection
	 * was lost and made again, reads the version from the store and
	 * returns at once: no commit is missed between two calls. HR_EIO when
	 * the store cannot be reached (the next call tries again).
	 */
	int (*wait_commit)(hr_backend *be, int timeout_ms, uint64_t *version);

	/**
	 * How long begin() (and a write in a transaction of its own) waits
	 * while another process writes: ms milliseconds, then HR_EBUSY; 0 for
	 * as long as it takes (the default). NULL when the backend has no
	 * such setting.
	 */
	int (*lock_wait)(hr_backend *be, unsigned ms);
};
#define HR_SAVEPOINT_OPEN 0
#define HR_SAVEPOINT_KEEP 1
#define HR_SAVEPOINT_UNDO 2

/**
 * Open the GeoPackage backend.
 * @param path file name; created as an empty GeoPackage 1.3 when create != 0
 * @param readonly open read-only
 * @param err receives the reason on failure
 * @return 0, HR_ENOTFOUND, HR_EIO, HR_EVERSION (not a hazreg GeoPackage) or HR_ENOMEM
 */
HR_EXTERN(int) hr_backend_gpkg_open(hr_backend **out, const char *path, int create, int readonly,
                                    char *err, size_t errlen);

/**
 * Open a new, empty GeoPackage store in a private temporary database: it
 * lives in memory until it outgrows the page cache, then in a file that
 * SQLite has already unlinked, and is gone at close whatever happens. For
 * scratch registers (hr_register_snapshot()).
 * @param err receives the reason on failure
 * @return 0, HR_EIO or HR_ENOMEM
 */
HR_EXTERN(int) hr_backend_gpkg_open_temp(hr_backend **out, char *err, size_t errlen);

/**
 * Open the PostgreSQL/PostGIS backend (src/store/pg.c).
 * @param conninfo a libpq connection string (postgresql://..., postgres://...
 *        or key=value pairs), handed to libpq unparsed
 * @param create make the register's tables (and PostGIS) in a database
 *        without them
 * @param readonly open read-only
 * @param err receives the reason on failure, naming the database without
 *        its password
 * @return 0, HR_ENOTFOUND (no register there and create == 0), HR_EIO
 *         (cannot connect), HR_EVERSION (no PostGIS, or a newer schema),
 *         HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_backend_pg_open(hr_backend **out, const char *conninfo, int create,
                                  int readonly, char *err, size_t errlen);

HR_END_DECL

#endif
