/*
 * formats_int.h - internals shared by the readers and writers of
 * src/formats: the GeoJSON streaming layer that hands whole features to the
 * feature-to-record mapping, and constructors used by tests and fuzzers.
 */
#ifndef HR_FORMATS_INT_H
#define HR_FORMATS_INT_H

#include <stdio.h>

#include <jansson.h>

#include "hazreg/hazreg.h"

#include "core/core_int.h"

/*
 * The GeoJSON stream: turns a FeatureCollection (parsed by yajl in 64 KiB
 * chunks, each element of "features" built into its own jansson tree) or
 * an RFC 8142 sequence (one jansson parse per RS-separated text) into one
 * feature at a time. Memory stays proportional to one feature.
 */
typedef struct hr_gj_stream hr_gj_stream;

/*
 * Stream from a file. `fp` is closed by hr_gj__stream_close() when `owns`
 * is nonzero; `total` is the input size in bytes, or 0 when unknown.
 */
int hr_gj__stream_file(hr_gj_stream **out, FILE *fp, int owns, uint64_t total);
/*
 * Stream from memory; `data` is borrowed and must outlive the stream.
 * `chunk` (4 to 64 KiB; 0 for 64 KiB) is how much is parsed at a time, so
 * that tests and fuzzers can make tokens and features straddle chunks.
 */
int hr_gj__stream_mem(hr_gj_stream **out, const unsigned char *data, size_t len, size_t chunk);
/*
 * The next feature as a JSON value (not necessarily an object: a scalar
 * element of "features" is handed on so that the mapping can refuse it).
 * @param feat receives the value, borrowed until the next call
 * @param index receives its 0-based position in the input
 * @return 1, 0 at the end, or a negative HR_E* with err filled (sticky:
 *         every later call returns the same)
 */
int hr_gj__stream_next(hr_gj_stream *s, json_t **feat, uint64_t *index, hr_read_error *err);
/* The last feature as it appeared in the input, borrowed until the next call. */
const char *hr_gj__stream_raw(hr_gj_stream *s);
void hr_gj__stream_progress(const hr_gj_stream *s, uint64_t *done, uint64_t *total);
void hr_gj__stream_close(hr_gj_stream *s);

/*
 * Map one GeoJSON feature to a record per the schema table and validate it.
 * @return 0 with *out set (caller frees with hr_record_free()); 1 with
 *         *out NULL and err's field and reason filled when refused;
 *         HR_ENOMEM
 */
int hr_gj__feature_record(hr_record **out, json_t *feat, hr_read_error *err);

/*
 * A GeoJSON reader over bytes in memory (for fuzzing and tests). `data`
 * is borrowed and must outlive the reader; `chunk` as for
 * hr_gj__stream_mem() (0: the normal 64 KiB).
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
int hr_reader__geojson_mem(hr_reader **out, const unsigned char *data, size_t len, size_t chunk,
                           char *err, size_t errlen);

/*
 * The records of one field-form submission (submission_read.c), handed
 * out one at a time: a submission as KoBoToolbox's JSON export has it (keys
 * are group paths, values text, repeat groups arrays of objects), turned
 * into records through hr_gj__feature_record(). A refused submission gives
 * no record, only its refusal.
 */
typedef struct {
	hr_record **rec;
	size_t n, pos;
	hr_read_error err; /* the refusal, when err_set */
	int err_set;
} hr_sub_batch;
/* Fill the batch from submission `sub` (number `index`): 0 or HR_ENOMEM. */
int hr_sub__fill(hr_sub_batch *b, json_t *sub, uint64_t index);
/* The next record (*rec) or the refusal (*err) of the batch: 1, or 0 when spent. */
int hr_sub__take(hr_sub_batch *b, hr_record **rec, hr_read_error *err);
void hr_sub__batch_free(hr_sub_batch *b);

/*
 * Field-form submissions (submission_read.c): a KoBoToolbox JSON export
 * (an array of submissions, or the API's {"results": [...]}) read from a
 * file ("-": standard input) or from memory (`data` need not outlive the
 * call). @return 0, HR_ENOTFOUND, HR_EIO, HR_EINVAL (not such an export,
 * err says where) or HR_ENOMEM
 */
int hr_reader__kobo_json(hr_reader **out, const char *path, char *err, size_t errlen);
int hr_reader__kobo_mem(hr_reader **out, const unsigned char *data, size_t len, char *err,
                        size_t errlen);
/* Whether the file starts as a KoBoToolbox export does (an array, or {"count" ...). */
int hr_reader__kobo_sniff(const char *path);
/*
 * Field-form submissions from CSV (submission_csv.c): ODK Central's export
 * (FORM.csv and a FORM-REPEAT.csv beside it per repeat group) or
 * KoBoToolbox's CSV export. @return 0, HR_ENOTFOUND, HR_EIO, HR_EINVAL
 * (a repeat file that cannot be used, err says why) or HR_ENOMEM
 */
int hr_reader__odk_csv(hr_reader **out, const char *path, char *err, size_t errlen);
/* The same over bytes in memory (borrowed: they must outlive the reader),
 * with the rows of one repeat group named `repeat` (NULL: none). */
int hr_reader__odk_mem(hr_reader **out, const unsigned char *data, size_t len,
                       const char *repeat, const unsigned char *rep, size_t replen, char *err,
                       size_t errlen);
/* Whether the file's header line is such an export's (SubmissionDate and KEY, or _uuid). */
int hr_reader__odk_sniff(const char *path);

/*
 * Field mapping files (mapping.c; the text is described there and in
 * docs/formats.md): another tool's columns renamed to import properties,
 * constants added and values translated, on a feature built as a GeoJSON
 * Feature, before hr_gj__feature_record() validates it.
 */
typedef struct hr_mapping hr_mapping;
/*
 * Parse a mapping's text. @return 0 with *out set (free with
 * hr_mapping__free()); HR_EINVAL with err's line, column and reason
 * filled; HR_ENOMEM
 */
int hr_mapping__parse(hr_mapping **out, const char *text, size_t len, hr_read_error *err);
/* Read and parse a mapping file; err receives "PATH: line L, column C: REASON". */
int hr_mapping__load(hr_mapping **out, const char *path, char *err, size_t errlen);
void hr_mapping__free(hr_mapping *m);
/* The layer the mapping names ("layer = NAME"), or NULL; borrowed. */
const char *hr_mapping__layer(const hr_mapping *m);
/*
 * Replace the feature's properties by the mapped ones (a NULL mapping
 * leaves it as it is). @return 0; 1 with err's field (the column) and
 * reason filled when a column is neither mapped nor ignored; HR_ENOMEM
 */
int hr_mapping__apply(const hr_mapping *m, json_t *feat, hr_read_error *err);
/*
 * hr_mapping__apply() then hr_gj__feature_record(); a refusal of a mapped
 * property names the source column. Returns as hr_gj__feature_record().
 */
int hr_mapping__feature_record(hr_record **out, const hr_mapping *m, json_t *feat,
                               hr_read_error *err);

/*
 * A GeoJSON reader of a file with a field mapping (NULL: none), which the
 * reader then owns.
 */
int hr_reader__geojson_mapped(hr_reader **out, const char *path, hr_mapping *m, char *err,
                              size_t errlen);

/*
 * A GeoPackage reader (gpkg_read.c) of one feature table: the mapping's
 * layer, or the only one. It owns the mapping (NULL: the columns carry
 * hazreg's property names), even when it fails.
 */
int hr_reader__gpkg(hr_reader **out, const char *path, hr_mapping *m, char *err, size_t errlen);
/*
 * One GeoPackage geometry blob (GeoPackageBinary header and WKB) as a
 * GeoJSON geometry, transformed by pj (a PROJ transformation to WGS84
 * lon/lat, or NULL); srs_id is the layer's. @return 0 with *out set (JSON
 * null for an empty geometry); 1 with the reason filled; HR_ENOMEM
 */
struct PJconsts;
int hr_gpkg__geometry(json_t **out, const unsigned char *blob, size_t len, int32_t srs_id,
                      struct PJconsts *pj, char *reason, size_t rlen);

/*
 * Exports written whole or not at all (outfile.c). hr_out__begin refuses an
 * existing path (HR_EEXISTS) and makes a temporary file beside it: *tmp
 * (its name) and *fd (open for writing; the caller closes it).
 * hr_out__finish links it to path when ok is nonzero (HR_EEXISTS if path
 * appeared meanwhile), removes the temporary name and frees tmp.
 */
int hr_out__begin(const char *path, char **tmp, int *fd, char *err, size_t errlen);
int hr_out__finish(const char *path, char *tmp, int ok, char *err, size_t errlen);

/* Free text that jansson allocated (json_dumps) with jansson's allocator. */
void hr_gj__json_free(void *p);

/*
 * Open a reader's input (readers.c): the file, or standard input for "-".
 * @param total receives the file's size in bytes, or 0 when unknown
 * @return 0; HR_ENOTFOUND or HR_EIO (a directory, say) with err naming the file
 */
int hr_fmt__open_input(FILE **fp, uint64_t *total, const char *path, char *err, size_t errlen);

/* Refuse a feature: the field at fault and the reason, in err. @return 1 */
int hr_gj__refuse(hr_read_error *err, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Copy `src` into `dst` (size `n`), cutting at a UTF-8 character boundary. */
void hr_gj__copy_utf8(char *dst, size_t n, const char *src);

/*
 * The CSV row layer (csv_rows.c), under every reader of delimited text:
 * one row of fields at a time, with where each field starts. A UTF-8 BOM is
 * dropped; the delimiter (',' ';' or tab) is the one given, or the most
 * frequent of them outside quotes on the header line (',' when none);
 * quoting is strict (RFC 4180: a field holding '"', a delimiter or a line
 * end is quoted whole, each '"' in it doubled); line ends are LF, CRLF or
 * CR; blank lines between rows are skipped; field bytes are kept exactly
 * (no space trimmed).
 */
/* One CSV field, quoted when it must be (RFC 4180: a comma, quote or line
 * break), with the separator before it unless first; NULL is empty
 * (csv_write.c; the layer export and the summary by area write with it). */
void hr_csv__put_field(hr_buf *b, const char *s, int first);

typedef struct hr_csv hr_csv;

/* One row, borrowed until the next call of hr_csv__next(). */
typedef struct {
	size_t nfields;
	char **field;        /* NUL-terminated (field[nfields] is NULL) */
	const size_t *len;   /* bytes of each field (a field may hold a NUL) */
	const uint64_t *line; /* 1-based line where each field starts */
	uint64_t index;      /* 0-based row number; the first row (the header) is 0 */
	uint64_t first_line; /* 1-based line where the row starts */
} hr_csv_row;

/*
 * A row layer over a file; `fp` is closed by hr_csv__close() when `owns` is
 * nonzero; `total` is the file's size in bytes, or 0 when unknown.
 * @param delim ',' ';' or '\t', or 0: chosen from the header line
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
int hr_csv__open_file(hr_csv **out, FILE *fp, int owns, uint64_t total, char delim);
/* The same over bytes in memory, borrowed: they must outlive the layer. */
int hr_csv__open_mem(hr_csv **out, const unsigned char *data, size_t len, char delim);
/*
 * The next row. Field i of the row is field number i + 1 (the column of
 * hr_read_error); err->index is the row's number (the header is row 0).
 * @return 1 with *row set; 0 at the end; HR_EVALIDATE with *row set and err
 *         filled when the row has more fields than the header row (reading
 *         can go on); HR_EINVAL (broken quoting), HR_EIO or HR_ENOMEM with
 *         err filled when the input cannot be read further (sticky)
 */
int hr_csv__next(hr_csv *c, const hr_csv_row **row, hr_read_error *err);
/*
 * The spreadsheet formula guard shared by the CSV writer and reader
 * (docs/formats.md, "Formulas"). A spreadsheet runs a cell that starts with
 * = + - @, a tab or a CR as a formula; the writer puts a ' before such a
 * text, and before a text of one or more ' followed by one of those, and
 * the reader drops one leading ' exactly then, so that import(export(x))
 * gives x back for every text.
 * @return 1 when s starts with zero or more ' and then one of = + - @ \t \r
 */
int hr_csv__formula_like(const char *s);
/* The delimiter in use (known after the first hr_csv__next()). */
char hr_csv__delim(const hr_csv *c);
/* The last row as it appeared in the input, without its line end; borrowed until the next call. */
const char *hr_csv__raw(const hr_csv *c);
void hr_csv__progress(const hr_csv *c, uint64_t *done, uint64_t *total);
void hr_csv__close(hr_csv *c);

/*
 * HXL hashtags and CSV column names (hxl.c): the one table the CSV reader
 * and writer share.
 */
/*
 * The import name an HXL tag stands for (compared as HXL does: case, space,
 * attribute order and +i_ language attributes aside).
 * @param name receives the name (static)
 * @param level receives, for pcode, the administrative level (1..5; 6 for
 *        #loc+code), else 0 (may be NULL)
 * @param close receives the known tags close to it, comma-separated, when
 *        there is no such tag ("" when none is close; may be NULL)
 * @return 0, or -1 when the tag is not in the table
 */
int hr_hxl__lookup(const char *tag, const char **name, int *level, char *close, size_t closelen);
/* The same for a column name of a CSV header row (an import name, or
 * kind, id, geometry/wkt, lon/longitude, lat/latitude, coord). */
int hr_hxl__column(const char *label, const char **name, int *level, char *close,
                   size_t closelen);
/* The HXL tag the CSV writer gives a column of that import name, or NULL. */
const char *hr_hxl__tag(const char *name);
/* Whether a row is an HXL tag row: every non-empty cell an HXL tag, and one at least. */
int hr_hxl__is_tag_row(char *const *cells, size_t n);
/* The table's rows, for tests and docs. */
size_t hr_hxl__count(void);
void hr_hxl__entry(size_t i, const char **name, const char **tag);

/*
 * A CSV reader over bytes in memory (for fuzzing and tests); `data` is
 * borrowed and must outlive the reader.
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
/* The CSV reader over a file ("-": standard input); ".tsv" files are tab-separated. */
int hr_reader__csv_open(hr_reader **out, const char *path, char *err, size_t errlen);
int hr_reader__csv_mem(hr_reader **out, const unsigned char *data, size_t len, char *err,
                       size_t errlen);

#endif
