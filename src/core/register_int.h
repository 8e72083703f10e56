/*
 * register_int.h - the register handle and the derivation engine shared by
 * register.c, derive.c, query.c, import.c and export.c.
 */
#ifndef HR_REGISTER_INT_H
#define HR_REGISTER_INT_H

#include "core/geos_int.h"
#include "core/layers.h"
#include "hazreg/index.h"

#include <pthread.h>
#include "hazreg/query.h"
#include "hazreg/risk.h"

/* The device-class catalogue as one read snapshot of the store saw it
 * (risk_inputs.c), kept while the store does not change: every hit of a
 * query needs its classes, and the catalogue is small. */
typedef struct {
	uint64_t version;  /* the snapshot's version; 0: not loaded */
	size_t n, cap;
	char **ids;        /* in key order */
	hr_risk_class *v;  /* v[i] is the class ids[i] */
} hr_class_cache;

/* Contamination columns as parsed for the risk model, by their text,
 * while the store does not change (risk_inputs.c): parsing the JSON is
 * most of the cost of a hit. Open addressing; emptied when full. */
typedef struct {
	uint64_t hash;
	char *text;            /* NULL: free slot */
	hr_risk_inputs *in;    /* entries and classes only */
} hr_contam_slot;
typedef struct {
	uint64_t version;      /* the snapshot's version it was filled in */
	size_t n;
	hr_contam_slot *slots; /* HR_CONTAM_SLOTS of them, or NULL */
} hr_contam_cache;
#define HR_CONTAM_SLOTS 4096

/* Hazardous areas found through the index, as their rows read (query.c):
 * a point answer copies them instead of reading the row again, while the
 * snapshot's version and the index stay the same. Direct-mapped by the
 * index's slot; a slot taken by another area is overwritten. */
typedef struct {
	uint32_t slot;       /* the index's slot of the area */
	hr_time reported;    /* first_reported, else hazard_from */
	hr_area_hit h;       /* released_* and risk unset */
} hr_hit_row;
typedef struct {
	uint64_t version;    /* the snapshot's version it was filled in */
	const void *index;   /* the index whose slots it names */
	hr_hit_row **rows;   /* HR_HIT_ROWS of them, or NULL */
} hr_hit_cache;
#define HR_HIT_ROWS 4096

/* For each area with release parts, the distinct times they were released
 * and whether the area was still hazardous (as a whole) once the parts
 * released by each were counted: 1, 0, or -1 not yet known (query.c).
 * An area absent from the map has no release part. */
typedef struct {
	char *area_id;    /* NULL: free slot */
	hr_time *t;       /* ascending */
	signed char *hz;
	size_t n, cap;
} hr_during_area;
typedef struct {
	uint64_t version;      /* the snapshot's version it was filled in; 0: none */
	hr_during_area *slots; /* cap of them, a power of two */
	size_t cap, n;
} hr_during_cache;

/* One index for several handles (query.c). */
struct hr_index_share {
	pthread_rwlock_t lock; /* read: a query uses ix; write: it is built or refreshed */
	hr_index *ix;
	uint64_t log_size;     /* records [0, log_size) are in ix */
	int never;             /* the register holds a geometry the index cannot read */
	/* versions the handles' reads go by (hr_index_share_note_commit,
	 * hr_index_share_set_current), read and written atomically:
	 * least: every read sees at least this version (read-your-writes);
	 * current: a listener's word that no commit came after it (0: none) */
	uint64_t least, current;
};

struct hr_register {
	hr_backend *be;
	char err[1024];
	int readonly;
	int in_batch;
	int poisoned;      /* a failed append could not be undone: the batch must abort */
	uint64_t next_idx; /* log size while a batch is open */
	/* the last organisation found to have no registered key, within this
	 * batch: its next records need no key look-up ("" when none) */
	char keyless_org[128];
	hr_geos geos;      /* for queries */
	int reading;           /* depth of hr_reg__read_begin() */
	uint64_t read_version; /* the open snapshot's version; 0: none, or nothing may be cached */
	hr_class_cache classes;
	hr_contam_cache contam;
	hr_hit_cache hit_rows;
	hr_during_cache during;
	/* the in-memory index of point queries (src/index): built on the
	 * second point query of the handle (one query alone is cheaper
	 * without it), caught up from the log whenever the store changed */
	hr_index *index;
	uint64_t index_version; /* the snapshot version the index reflects */
	/* or an index shared with other handles (hr_register_share_index):
	 * read-locked while a query uses it */
	hr_index_share *share;
	int share_locked;
	uint64_t snap_version, snap_log_size; /* the log size of a snapshot, kept */
	unsigned point_queries;
	int index_mode;         /* HR_INDEX_AUTO, _NEVER or _ALWAYS */
};
#define HR_INDEX_AUTO 0
#define HR_INDEX_NEVER 1  /* the store's R-tree and GEOS only */
#define HR_INDEX_ALWAYS 2 /* from the first point query on */
/* Choose how the handle answers point queries (tests compare both ways). */
void hr_reg__index_mode(hr_register *reg, int mode);

/* Reads of one query in one snapshot of the store (backend read_begin):
 * one lock for all of them, and caches checked against the version. */
int hr_reg__read_begin(hr_register *reg);
/* The same, of a version >= least on a backend that compares versions
 * (read_begin_least); a share's least version applies too, and its
 * listener's word when vouched is nonzero. */
int hr_reg__read_begin_at(hr_register *reg, uint64_t least, int vouched);
void hr_reg__read_end(hr_register *reg);
/* FNV-1a of a C string, 64 bits (the caches' hash). */
uint64_t hr__text_hash(const char *s);
/* Drop the caches of risk_inputs.c. */
void hr_risk__caches_free(hr_register *reg);
/* Drop the caches of query.c: rows of areas, release times. */
void hr_query__cache_free(hr_register *reg);
/* Catch the shared index up with the open snapshot (watch.c); *log_size
 * receives the log size it reflects, 0 when it cannot be had. */
int hr_query__share_catch_up(hr_register *reg, uint64_t *log_size);
void hr_query__during_free(hr_register *reg);
/* The risk inputs (entries and classes) of a contamination column: from
 * the cache of the open snapshot when it may be cached (*out then belongs
 * to the cache and *owned is 0), else parsed for the caller to free with
 * hr_risk_inputs_free() (*owned 1). area_id names the area in errors. */
int hr_risk__contamination(hr_register *reg, const char *area_id, const char *contamination,
                           hr_risk_inputs **out, int *owned);

/* The meta key that keeps the log's origin (checkpoints.c, snapshot.c). */
#define HR_META_ORIGIN "log_origin"
/* "incomplete" while hr_register_copy() fills a new register, "complete"
 * once the copy is proven; a register left incomplete is refused at open */
#define HR_META_COPY "copy_state"

void hr_reg__err(hr_register *reg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefix the backend's message with what we were doing. */
int hr_reg__be_err(hr_register *reg, int rc, const char *doing);

/* The records of one subject, decoded, with their log metadata. */
typedef struct {
	hr_record *rec;
	uint64_t idx;
	hr_time doi;
} hr_subject_rec;
typedef struct {
	hr_subject_rec *v;
	size_t n, cap;
} hr_subject;
int hr_subject__load(hr_register *reg, int kind, const char *subject, hr_subject *out);
void hr_subject__free(hr_subject *s);

/* A sink for derived rows: the backend's row_put, or a digest in memory. */
typedef int (*hr_row_sink)(void *ctx, const hr_row *row);

/*
 * Re-derive the row of (kind, subject) from its records and hand it to the
 * sink. When `new_idx` is a record of the subject, `info` receives whether
 * it was stale and the note saying which facts newer records keep.
 */
int hr_derive__subject(hr_register *reg, int kind, const char *subject, hr_row_sink sink,
                       void *ctx, uint64_t new_idx, hr_append_info *info);

/* Canonical bytes of a row for the state digest (fid-free, column order). */
int hr_row__digest_bytes(hr_buf *b, const hr_row *row);

/* Time and promotion helpers. */
int hr_geom__to_multi(unsigned char **out, size_t *outlen, const unsigned char *wkb, size_t len);



/* query.c: does the row's geometry meet the probe (cover the point, or
 * intersect the box)? 1, 0 or a negative error; with keep, a geometry that
 * meets is handed over. */
int hr_query__meets(hr_register *reg, const hr_row *row, const GEOSGeometry *probe, int is_point,
                    GEOSGeometry **keep);
/* query.c: hr_area_hazardous_during() for a row of hazardous_areas. */
int hr_query__area_during(hr_register *reg, const hr_row *row, hr_time from, hr_time to,
                          int *out);

/* geojson_write.c: a cell as text (TIME as ISO 8601, numbers in the digits
 * of the export), in buf (HR_CELL_TEXT_BUFSZ bytes) or borrowed from the
 * cell; NULL when the cell is null. */
#define HR_CELL_TEXT_BUFSZ 40
const char *hr_cell__text(char *buf, const hr_column *col, const hr_cell *c);
/* geojson_write.c: one row as the GeoJSON Feature the export writes (id,
 * geometry, "kind" and the columns the profile shows), appended to b. */
int hr_geojson__feature(hr_buf *b, const hr_row *row, hr_profile profile);
/* The layer an export names (NULL: every layer, *out NULL), when the
 * profile shows it; HR_EINVAL with the reason on reg otherwise. */
int hr_export__layer(hr_register *reg, const char *layer, hr_profile profile,
                     const hr_layer **out);
/* The residual-risk model's object, as the "risk" of an answer. */
void hr_geojson__risk(hr_buf *b, const hr_risk *r);

/* profile.c */
int hr_profile__layer_visible(hr_profile p, const hr_layer *l);
/* Whether counts of a layer's rows per administrative area may be shown. */
int hr_profile__counts_visible(hr_profile p, const hr_layer *l);
int hr_profile__column_visible(hr_profile p, const hr_layer *l, size_t col);

/* risk_inputs.c: fill an inputs struct (area_id set) from a contamination JSON column */
int hr_risk__from_row(hr_register *reg, hr_risk_inputs *in, const char *contamination);

/* query.c: the pieces a route query shares with point and box queries */
/* Fill h from an area row: its facts and the model at T (hazardous = 1). */
int hr_query__hit(hr_register *reg, const hr_row *row, hr_time at, hr_area_hit *h);
/* Free what h holds and zero it. */
void hr_query__hit_clear(hr_area_hit *h);
/* What of area is left once its parts released by T are taken away
 * (a copy of area when none is); h->released_parts counts those parts,
 * latest receives the last release. *rest: destroy with GEOS. */
int hr_query__hazardous_rest(hr_register *reg, hr_area_hit *h, hr_time at,
                             const GEOSGeometry *area, GEOSGeometry **rest, hr_time *latest);
/* A hit still hazardous names no release part. */
void hr_query__unname_release(hr_area_hit *h);

/* register.c: open the backend of an address (a GeoPackage path or
 * gpkg:PATH, a postgresql:// or postgres:// address) into reg->be. */
int hr_reg__backend_open(hr_register *reg, const char *uri, int create, int readonly);
/* snapshot.c: copy the first `size` log entries of from, with their
 * private values and the log's origin, into to's empty store, in one
 * transaction; messages start with `what`. */
int hr_reg__copy_log(hr_register *from, hr_register *to, uint64_t size, const char *what);

/* tree.c */
int hr_tree__sync(hr_register *reg, uint64_t size);
int hr_tree__reset(hr_register *reg);
int hr_tree__check(hr_register *reg, uint64_t size, const unsigned char *leaves,
                   unsigned char root[32], char *problem, size_t plen);

#endif
