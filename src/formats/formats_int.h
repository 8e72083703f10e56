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

/* Free text that jansson allocated (json_dumps) with jansson's allocator. */
void hr_gj__json_free(void *p);

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
/* The delimiter in use (known after the first hr_csv__next()). */
char hr_csv__delim(const hr_csv *c);
/* The last row as it appeared in the input, without its line end; borrowed until the next call. */
const char *hr_csv__raw(const hr_csv *c);
void hr_csv__progress(const hr_csv *c, uint64_t *done, uint64_t *total);
void hr_csv__close(hr_csv *c);

#endif
