/*
 * hazreg/format.h - readers that turn files into records, the import that
 * feeds them to the register, and writers for public outputs.
 *
 * Readers never touch the store: they produce records, and the register's
 * import appends them (all or nothing by default).
 */
#ifndef HAZREG_FORMAT_H
#define HAZREG_FORMAT_H

#include <stdio.h>

#include "common.h"
#include "query.h"
#include "record.h"
#include "register.h"

HR_BEGIN_DECL

/** Why one input feature was refused. */
typedef struct {
	uint64_t index; /**< 0-based position of the feature in the input */
	char id[128];   /**< its id, or "" */
	char field[64]; /**< the field at fault, or "" */
	char reason[384];
	uint64_t line;   /**< 1-based line of the input where the fault is, or 0 when not known */
	uint32_t column; /**< 1-based column (CSV: field) on that line, or 0 */
} hr_read_error;

typedef struct hr_reader hr_reader;

/** The reader interface (versioned; CSV and field-form readers implement it too). */
struct hr_reader {
	unsigned version;
	/**
	 * Next record. @return 1 with *rec set (caller frees it); 1 with *rec
	 * NULL and err filled when this feature is refused but reading can go
	 * on; 0 at the end; a negative HR_E* with err filled when the input
	 * cannot be read further (syntax error, I/O).
	 */
	int (*next)(hr_reader *r, hr_record **rec, hr_read_error *err);
	/** The last feature as it appeared in the input (for rejects), borrowed. */
	const char *(*raw)(hr_reader *r);
	/** Bytes consumed so far and in all (0 when unknown). */
	void (*progress)(hr_reader *r, uint64_t *done, uint64_t *total);
	void (*close)(hr_reader *r);
};
#define HR_READER_VERSION 1

/**
 * Open a GeoJSON reader: a FeatureCollection (streamed, bounded memory) or
 * GeoJSON text sequences (RFC 8142; RS-separated, one feature per record),
 * told apart by the first byte. Properties per docs/formats.md.
 * @param path file name, or "-" for standard input
 * @param err receives the reason on failure
 * @return 0, HR_ENOTFOUND, HR_EIO or HR_ENOMEM
 */
HR_EXTERN(int) hr_reader_geojson(hr_reader **out, const char *path, char *err, size_t errlen);

/** Options of hr_reader_open(). */
typedef struct {
	unsigned version;
	const char *format;  /**< a name of hr_reader_formats(), or NULL/"auto": from the file */
	const char *mapping; /**< field mapping file, for the formats that take one, or NULL */
} hr_reader_options;
#define HR_READER_OPTIONS_VERSION 1
#define HR_READER_OPTIONS_INIT {HR_READER_OPTIONS_VERSION, NULL, NULL}

/**
 * Open a reader of any format hazreg imports (docs/formats.md), chosen by
 * name or, with "auto", from the file (its extension, then its first
 * bytes); standard input ("-") is GeoJSON unless a format is named.
 * @param opts NULL for the defaults
 * @param err receives the reason on failure, naming the file
 * @return 0, HR_EINVAL (unknown format, or a mapping the format does not
 *         take), HR_ENOTFOUND, HR_EIO or HR_ENOMEM
 */
HR_EXTERN(int) hr_reader_open(hr_reader **out, const char *path, const hr_reader_options *opts,
                              char *err, size_t errlen);

/** The names of the formats hr_reader_open() knows, NULL-terminated. */
HR_EXTERN(const char *const *) hr_reader_formats(void);

/**
 * Read one record from one GeoJSON Feature in memory, exactly as the
 * reader reads a feature of a file (a FeatureCollection or a text sequence
 * holding a single feature is taken too). For requests that carry one
 * record, such as the HTTP API's POST /records.
 * @param out receives the record; caller frees with hr_record_free()
 * @param err receives the field and reason when refused, or where the text
 *        is not GeoJSON
 * @return 0; HR_EVALIDATE when the feature is refused; HR_EINVAL when the
 *         text is not JSON, not GeoJSON, or holds no feature or several;
 *         HR_ENOMEM
 */
HR_EXTERN(int) hr_geojson_read_feature(hr_record **out, const char *text, size_t len,
                                       hr_read_error *err);

/** hr_record_to_geojson(): private fields with their values and salts. */
#define HR_GEOJSON_PRIVATE 1u

/**
 * One record as a GeoJSON Feature, in the form the GeoJSON reader reads
 * back to the same record, byte for byte in its canonical form (so that a
 * signature still verifies): the id as the Feature's id, "kind" and every
 * other field under its import name, the signature in base64.
 * @param flags HR_GEOJSON_PRIVATE: private fields whose values the record
 *        holds, as {"value": TEXT, "salt": HEX} (personal data: never for a
 *        public output); without it, private fields are left out
 * @param out receives the text, NUL-terminated; caller frees with hr_free()
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_record_to_geojson(char **out, const hr_record *rec, unsigned flags);

/** Import options. */
typedef struct {
	unsigned version;
	int skip_invalid;         /**< import the good features, reject the bad */
	FILE *rejects;            /**< with skip_invalid: bad features written here as RFC 8142 */
	size_t max_errors;        /**< errors kept in the result (0: 100) */
	hr_progress_cb progress;  /**< bytes done of total */
	void *progress_ctx;
} hr_import_options;
#define HR_IMPORT_OPTIONS_VERSION 1
#define HR_IMPORT_OPTIONS_INIT {HR_IMPORT_OPTIONS_VERSION, 0, NULL, 0, NULL, NULL}

typedef struct {
	uint64_t read;      /**< features read */
	uint64_t imported;  /**< records appended */
	uint64_t rejected;  /**< features refused */
	uint64_t stale;     /**< records older than the state they touch */
	uint64_t first_index, last_index; /**< log indexes given (when imported > 0) */
	size_t nerrors;     /**< errors kept (at most max_errors) */
	hr_read_error *errors;
	size_t nnotes;      /**< stale notes kept */
	char **notes;
} hr_import_result;

/**
 * Import everything a reader yields, in one transaction. Without
 * skip_invalid one bad feature means nothing is written; with it, the good
 * ones are appended and the bad ones written to `rejects`.
 * @param result receives the outcome; caller frees with hr_import_result_free()
 * @return 0, HR_EVALIDATE (features refused and nothing written), or an error
 */
HR_EXTERN(int) hr_register_import(hr_register *reg, hr_reader *rd, const hr_import_options *opts,
                                  hr_import_result **result);
HR_EXTERN(void) hr_import_result_free(hr_import_result *res);

/** Output profiles, decided in one place (src/core/profile.c). */
typedef enum {
	HR_PROFILE_PUBLIC = 0,   /**< safe to publish: no personal or sensitive data */
	HR_PROFILE_INTERNAL = 1, /**< the authority's own use: all layers, still no private values */
} hr_profile;

/**
 * Write the derived layers as one RFC 7946 FeatureCollection, each feature
 * with a "kind" property and the import property names.
 * @param layer "areas", "releases", "items", "accidents", "eore", or NULL for every layer
 *        the profile allows
 * @return 0, HR_EINVAL (layer not allowed in the profile) or an error
 */
HR_EXTERN(int) hr_export_geojson(hr_register *reg, FILE *out, const char *layer, hr_profile profile);

/** hr_export_csv(): a row of HXL tags under the header row. */
#define HR_CSV_HXL 1u

/**
 * Write one derived layer as CSV (RFC 4180, CRLF line ends), in the form
 * the CSV reader imports back (docs/formats.md, "CSV and HXL"): a header
 * row of import names, with HR_CSV_HXL a row of HXL tags, then one row
 * per feature with the columns the profile shows that are import names of
 * the layer's kind, the geometry as WKT with 7 decimals.
 * @param layer as for hr_export_geojson(), or NULL for "areas"
 * @param flags HR_CSV_HXL or 0
 * @return 0, HR_EINVAL (layer not allowed in the profile) or an error
 */
HR_EXTERN(int) hr_export_csv(hr_register *reg, FILE *out, const char *layer, hr_profile profile,
                             unsigned flags);

/**
 * Write the layers the profile allows as a GeoPackage file: one feature
 * table per layer (EPSG:4326, R-tree spatial index), the import property
 * names as columns, so that `hazreg import --format gpkg` reads it back
 * (docs/formats.md). Written beside `path` and linked to it once complete.
 * @param path the file to create; it must not exist
 * @param layer as for hr_export_geojson(), or NULL for every layer
 * @return 0, HR_EEXISTS (path exists), HR_EINVAL (layer not allowed),
 *         HR_EIO or HR_ENOMEM; hr_errmsg(reg) says why
 */
HR_EXTERN(int) hr_export_gpkg(hr_register *reg, const char *path, const char *layer,
                              hr_profile profile);

/**
 * Write the hazardous areas that are not closed, as the profile shows them,
 * as an OSM XML 0.6 file tagged hazard=minefield (docs/formats.md): shared
 * nodes with negative ids, a closed way per simple polygon, a
 * type=multipolygon relation for holes and multipolygons.
 * @param path the file to create; it must not exist
 * @return 0, HR_EEXISTS, HR_EINVAL, HR_EIO or HR_ENOMEM; hr_errmsg(reg) says why
 */
HR_EXTERN(int) hr_export_osm(hr_register *reg, const char *path, hr_profile profile);

/**
 * Query results as JSON text.
 * @param out caller frees with hr_free()
 */
HR_EXTERN(int) hr_hits_to_json(char **out, const hr_hits *hits, const char *query_type,
                               const hr_point *p, const hr_bbox *box);

/**
 * A point query's answer as JSON: what hr_hits_to_json() writes for a
 * point, then "lang" and "civilian_message", the message for the place in
 * that language (GET /risk/point).
 * @param lang "uk" or "en"
 * @param out caller frees with hr_free()
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_point_to_json(char **out, const hr_hits *hits, const hr_point *p,
                                const char *lang);

/**
 * The residual-risk model's answer as a JSON object (phase, both bounds,
 * threshold time, SD window, SDA deadline).
 * @param out caller frees with hr_free()
 */
HR_EXTERN(int) hr_risk_to_json(char **out, const hr_risk *r);

/**
 * The plain-language message for a civilian about a place (a point
 * query's answer): hazardous, released, or nothing recorded — saying what
 * to do, never that the place is without danger. The residual-risk model
 * does not enter it.
 * @param lang "uk" for Ukrainian, anything else for English
 * @param out caller frees with hr_free()
 */
HR_EXTERN(int) hr_civilian_message(char **out, const hr_hits *hits, const char *lang);

HR_END_DECL

#endif
