/*
 * csv_read.c - the CSV reader (format "csv"): a spreadsheet's rows, one
 * record each, read through the row layer (csv_rows.c) and mapped to
 * records by the GeoJSON import's own mapping, hr_gj__feature_record(), so
 * that a CSV row and the GeoJSON feature with the same values are accepted
 * or refused alike, for the same reasons.
 *
 * The header is a row of column names (import names, docs/formats.md), an
 * HXL tag row, or both: names (or any labels) first and tags second. In a
 * file with tags the tags decide; a column without a tag is taken by its
 * name when that is an import name and is otherwise left out, as HXL tools
 * leave it, but a value in such a column is refused, never dropped unseen.
 * Each data row becomes a GeoJSON feature: the cells typed from
 * the schema's field definitions of the row's kind (an empty cell is not
 * given), the geometry from a WKT column or from lon/lat or coord columns.
 * Whatever is refused names the line and the column (field number) of the
 * cell at fault: a cell this file cannot type here, or the field the
 * mapping refused, traced back to its column.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"
#include "core/geos_int.h"
#include "core/layers.h"
#include "hazreg/coord.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
	const char *name; /* import name or kind/id/geometry/lon/lat/coord; NULL: left out */
	int level;        /* pcode: administrative level */
	char label[64];   /* the header cell, for messages */
} csv_col;

typedef struct {
	hr_reader base;
	hr_csv *rows;
	csv_col *cols;
	size_t ncols;
	int started;
	uint64_t nfeat; /* data rows so far = index of the next feature */
	int fatal_rc;   /* a header that cannot be read: every call says so */
	hr_read_error fatal;
} csv_reader;

/* Refuse a row at column j (0-based; (size_t)-1: the row as a whole). @return 1 */
static int refuse_at(hr_read_error *err, const hr_csv_row *row, size_t j, const char *field,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int refuse_at(hr_read_error *err, const hr_csv_row *row, size_t j, const char *field,
                     const char *fmt, ...)
{
	va_list ap;
	hr_gj__copy_utf8(err->field, sizeof err->field, field);
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof err->reason, fmt, ap);
	va_end(ap);
	err->line = j < row->nfields ? row->line[j] : row->first_line;
	err->column = j < row->nfields ? (uint32_t)(j + 1) : 0;
	return 1;
}

/* A cell with the spaces around it left out, into buf (cut at n - 1 bytes). */
static const char *trimmed(char *buf, size_t n, const char *s)
{
	size_t len;
	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

/*
 * Cell j of a data row as the writer meant it: the ' that the formula guard
 * puts before = + - @ tab CR (after any further ') dropped, as spreadsheets
 * drop it (docs/formats.md, "Formulas"). @param len receives its bytes (may be NULL)
 */
static const char *cell_text(const hr_csv_row *row, size_t j, size_t *len)
{
	const char *s = row->field[j];
	size_t n = row->len[j];
	if (s[0] == '\'' && hr_csv__formula_like(s)) {
		s++;
		n--;
	}
	if (len)
		*len = n;
	return s;
}

/* ---- the header ----------------------------------------------------- */

static int header_fail(hr_read_error *err, const hr_csv_row *row, size_t j, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int header_fail(hr_read_error *err, const hr_csv_row *row, size_t j, const char *fmt, ...)
{
	va_list ap;
	memset(err, 0, sizeof *err);
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof err->reason, fmt, ap);
	va_end(ap);
	err->line = row->line[j];
	err->column = (uint32_t)(j + 1);
	return HR_EINVAL;
}

/*
 * Name the columns from a row of names (`names`, may be NULL) and a row of
 * HXL tags (`tags`, may be NULL). @return 0, or HR_EINVAL / HR_ENOMEM with err filled
 */
static int set_columns(csv_reader *r, const hr_csv_row *names, const hr_csv_row *tags,
                       hr_read_error *err)
{
	const hr_csv_row *main = tags ? tags : names;
	size_t n = names ? names->nfields : 0;
	char close[256], cell[256];

	if (tags && tags->nfields > n)
		n = tags->nfields;
	if (!(r->cols = hr__calloc(n ? n : 1, sizeof *r->cols))) {
		hr__fmt(err->reason, sizeof err->reason, "out of memory");
		return HR_ENOMEM;
	}
	r->ncols = n;
	for (size_t j = 0; j < n; j++) {
		csv_col *c = &r->cols[j];
		const char *tag = tags && j < tags->nfields ? trimmed(cell, sizeof cell, tags->field[j]) : "";
		char label[256];
		const char *lab = names && j < names->nfields
		                          ? trimmed(label, sizeof label, names->field[j])
		                          : "";
		if (tag[0]) {
			hr_gj__copy_utf8(c->label, sizeof c->label, tag);
			if (hr_hxl__lookup(tag, &c->name, &c->level, close, sizeof close) != 0)
				return header_fail(err, tags, j, "unknown HXL tag \"%s\" in column %zu%s%s%s",
				                   c->label, j + 1, close[0] ? " (close: " : "",
				                   close, close[0] ? ")" : "");
		} else if (lab[0]) {
			hr_gj__copy_utf8(c->label, sizeof c->label, lab);
			if (hr_hxl__column(lab, &c->name, &c->level, close, sizeof close) != 0) {
				if (tags) {
					c->name = NULL; /* an untagged label of an HXL file */
					continue;
				}
				return header_fail(err, names, j,
				                   "unknown column name \"%s\" in column %zu%s%s%s", c->label,
				                   j + 1, close[0] ? " (close: " : "", close,
				                   close[0] ? ")" : "");
			}
		}
		if (!c->name)
			continue;
		for (size_t k = 0; k < j; k++) {
			const csv_col *o = &r->cols[k];
			if (o->name && strcmp(o->name, c->name) == 0 &&
			    !(c->level && o->level && c->level != o->level))
				return header_fail(err, main, j,
				                   "columns %zu (%s) and %zu (%s) both give %s", k + 1,
				                   o->label, j + 1, c->label, c->name);
		}
	}
	return 0;
}

/*
 * Read the header: names in the first row, or tags, or names then tags.
 * @param first receives the first data row when the second row is one, else NULL
 * @return 0, or a negative HR_E* with err filled
 */
static int read_header(csv_reader *r, const hr_csv_row **first, int *first_rc, hr_read_error *err)
{
	const hr_csv_row *row = NULL;
	hr_csv_row names;
	char **saved = NULL;
	size_t *lens = NULL;
	uint64_t *lines = NULL;
	hr_buf keep = {0};
	int rc;

	*first = NULL;
	rc = hr_csv__next(r->rows, &row, err);
	if (rc < 0 && rc != HR_EVALIDATE)
		return rc;
	if (rc == 0) {
		memset(err, 0, sizeof *err);
		hr__fmt(err->reason, sizeof err->reason,
		        "no header row: a CSV file starts with a row of column names or HXL tags");
		return HR_EINVAL;
	}
	if (hr_hxl__is_tag_row(row->field, row->nfields))
		return set_columns(r, NULL, row, err);
	/* keep the names row: the next call of the row layer reuses its memory */
	names = *row;
	saved = hr__calloc(row->nfields + 1, sizeof *saved);
	lens = hr__calloc(row->nfields + 1, sizeof *lens);
	lines = hr__calloc(row->nfields + 1, sizeof *lines);
	for (size_t j = 0; saved && lens && lines && j < row->nfields; j++) {
		lens[j] = keep.len; /* offsets first; pointers once the buffer stops moving */
		lines[j] = row->line[j];
		hr_buf_put(&keep, row->field[j], strlen(row->field[j]) + 1);
	}
	if (!saved || !lens || !lines || keep.oom) {
		rc = HR_ENOMEM;
		hr__fmt(err->reason, sizeof err->reason, "out of memory");
		goto done;
	}
	for (size_t j = 0; j < names.nfields; j++)
		saved[j] = (char *)keep.p + lens[j];
	names.field = saved;
	names.line = lines;
	rc = hr_csv__next(r->rows, &row, err);
	if (rc < 0 && rc != HR_EVALIDATE)
		goto done;
	if (rc != 0 && hr_hxl__is_tag_row(row->field, row->nfields)) {
		if (rc == HR_EVALIDATE)
			goto done;
		rc = set_columns(r, &names, row, err);
		goto done;
	}
	*first = rc == 0 ? NULL : row;
	*first_rc = rc;
	{
		hr_read_error e2;
		memset(&e2, 0, sizeof e2);
		if ((rc = set_columns(r, &names, NULL, &e2)) != 0)
			*err = e2;
	}
done:
	hr_free(saved);
	hr_free(lens);
	hr_free(lines);
	hr_buf_free(&keep);
	return rc;
}

/* ---- cells ---------------------------------------------------------- */

/* A decimal number as JSON writes it (no hex, inf or nan), read whatever LC_NUMERIC says. */
static int parse_real(double *out, const char *s)
{
	const char *p = s;
	char buf[128], *end;
	const char *dp = localeconv()->decimal_point;
	if (*p == '-' || *p == '+')
		p++;
	if (!(*p >= '0' && *p <= '9') && !(*p == '.' && p[1] >= '0' && p[1] <= '9'))
		return -1;
	if (strspn(s, "+-0123456789.eE") != strlen(s) || strlen(s) >= sizeof buf)
		return -1;
	memcpy(buf, s, strlen(s) + 1);
	if (dp && dp[0] && dp[0] != '.' && !dp[1] && strchr(buf, '.'))
		*strchr(buf, '.') = dp[0];
	errno = 0;
	*out = strtod(buf, &end);
	if (*end || errno == ERANGE)
		return -1;
	return 0;
}

static int parse_int(long long *out, const char *s)
{
	char *end;
	if (!*s || strspn(s + (*s == '-'), "0123456789") != strlen(s + (*s == '-')) ||
	    !s[*s == '-'])
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return *end || errno == ERANGE ? -1 : 0;
}

/* true/false/yes/no/1/0 in any case, and Ukrainian так/ні. */
static int parse_bool(int *out, const char *s)
{
	static const char *const yes[] = {"true", "yes", "1", "так", "Так", "ТАК", NULL};
	static const char *const no[] = {"false", "no", "0", "ні", "Ні", "НІ", NULL};
	for (int i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
	for (int i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	return -1;
}

/*
 * A geometry written as WKT, as the GeoJSON object the mapping reads.
 * @return 0, 1 refused (reason filled), HR_ENOMEM
 */
static int wkt_geometry(json_t **out, const char *text, char *reason, size_t n)
{
	hr_geos g;
	GEOSWKTReader *rd = NULL;
	GEOSGeometry *geom = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0;
	char *gj = NULL;
	int rc;

	*out = NULL;
	if ((rc = hr_geos__init(&g)))
		return rc;
	if (!(rd = GEOSWKTReader_create_r(g.ctx))) {
		rc = HR_ENOMEM;
		goto done;
	}
	if (!(geom = GEOSWKTReader_read_r(g.ctx, rd, text))) {
		hr__fmt(reason, n, "not WKT: %s", g.msg[0] ? g.msg : "unreadable");
		rc = 1;
		goto done;
	}
	if (GEOSisEmpty_r(g.ctx, geom) == 1) {
		hr__fmt(reason, n, "an empty geometry; leave the cell empty for none");
		rc = 1;
		goto done;
	}
	if ((rc = hr_geos__write(&g, geom, &wkb, &len)))
		goto done;
	rc = hr_geom_to_geojson(&gj, wkb, len);
	if (rc == HR_EVALIDATE) {
		char *type = GEOSGeomType_r(g.ctx, geom);
		hr__fmt(reason, n, "a POINT, POLYGON or MULTIPOLYGON is taken, not a %s",
		        type ? type : "geometry of another type");
		GEOSFree_r(g.ctx, type);
		rc = 1;
		goto done;
	}
	if (rc)
		goto done;
	if (!(*out = json_loads(gj, 0, NULL)))
		rc = HR_ENOMEM;
done:
	hr_free(gj);
	hr_free(wkb);
	if (geom)
		GEOSGeom_destroy_r(g.ctx, geom);
	if (rd)
		GEOSWKTReader_destroy_r(g.ctx, rd);
	hr_geos__finish(&g);
	return rc;
}

/* {"type": "Point", "coordinates": [lon, lat]} */
static json_t *point_json(hr_point p)
{
	return json_pack("{s:s,s:[ff]}", "type", "Point", "coordinates", p.lon, p.lat);
}

/*
 * A coordinate as field teams write it (a coord cell, a benchmark, or
 * "LAT, LON" from lat and lon cells), read by hr_coord_parse(): decimal
 * degrees, DMS, UTM or MGRS (docs/formats.md, "Coordinates"), as a GeoJSON
 * geometry: a Point; an MGRS reference names a square, which a record
 * whose layer holds polygons (`polygon`: areas, release parts) keeps as
 * that square and any other takes by its centre.
 * @param degrees_only refuse UTM and MGRS (lat and lon cells hold degrees)
 * @return 0, 1 refused (reason filled), HR_ENOMEM
 */
static int coord_geometry(json_t **out, const char *text, int polygon, int degrees_only,
                          char *reason, size_t n)
{
	hr_coord c;
	char cerr[256] = "";
	int rc = hr_coord_parse(&c, text, cerr, sizeof cerr);

	*out = NULL;
	if (rc == HR_ENOMEM)
		return rc;
	if (rc) {
		hr__fmt(reason, n, "not a coordinate: \"%.80s\": %s", text, cerr);
		return 1;
	}
	if (degrees_only && (c.form == HR_COORD_UTM || c.form == HR_COORD_MGRS)) {
		hr__fmt(reason, n, "lat and lon hold degrees; give a UTM or MGRS reference in a "
		                   "coord column");
		return 1;
	}
	if (c.form == HR_COORD_MGRS && polygon) {
		/* the square's edges as UTM draws them, not the chords between its corners */
		json_t *ring = NULL, *rings = NULL;
		hr_point *pts = NULL;
		size_t npts = 0;
		if ((rc = hr_coord_square_ring(&c, &pts, &npts))) {
			if (rc == HR_ENOMEM)
				return rc;
			hr__fmt(reason, n, "the square of \"%.80s\" cannot be drawn: %s", text,
			        hr_strerror(rc));
			return 1;
		}
		ring = json_array();
		rings = json_array();
		for (size_t i = 0; ring && i < npts; i++)
			json_array_append_new(ring, json_pack("[ff]", pts[i].lon, pts[i].lat));
		hr_free(pts);
		if (!ring || !rings || json_array_size(ring) != npts) {
			json_decref(ring);
			json_decref(rings);
			return HR_ENOMEM;
		}
		if (json_array_append_new(rings, ring) != 0) { /* ring is released either way */
			json_decref(rings);
			return HR_ENOMEM;
		}
		*out = json_pack("{s:s,s:o}", "type", "Polygon", "coordinates", rings);
	} else {
		*out = point_json(c.p);
	}
	return *out ? 0 : HR_ENOMEM;
}

/* Whether records of a kind have polygons for geometry (their layer's type). */
static int polygon_kind(int kind)
{
	const hr_layer *l = hr_layer_for_kind(kind);
	return l && l->geom_type && strcmp(l->geom_type, "POINT") != 0;
}

/* Text as a JSON string: valid UTF-8 without NUL. @return 0, 1 refused, HR_ENOMEM */
static int text_value(json_t **v, const char *s, size_t len, char *reason, size_t n)
{
	if (strlen(s) != len) {
		hr__fmt(reason, n, "the cell holds a NUL byte");
		return 1;
	}
	if (!hr_record__utf8_ok(s, len)) {
		hr__fmt(reason, n, "the cell is not valid UTF-8 (save the file as UTF-8)");
		return 1;
	}
	return (*v = json_stringn(s, len)) ? 0 : HR_ENOMEM;
}

/* JSON text in a cell (contamination, victims). @return 0, 1 refused, HR_ENOMEM */
static int json_cell(json_t **v, const char *s, const char *what, char *reason, size_t n)
{
	json_error_t je;
	if (!(*v = json_loads(s, JSON_REJECT_DUPLICATES, &je))) {
		hr__fmt(reason, n, "%s is written as JSON text in the cell: %s (character %d)", what,
		        je.text, je.column);
		return 1;
	}
	if (json_is_object(*v)) {
		json_t *a = json_array();
		if (!a || json_array_append_new(a, *v) != 0) {
			json_decref(a);
			return HR_ENOMEM;
		}
		*v = a;
	}
	return 0;
}

/*
 * A cell of field f as the JSON value the GeoJSON mapping reads.
 * @return 0, 1 refused (reason filled), HR_ENOMEM
 */
static int cell_value(json_t **v, const hr_field_def *f, const char *s, size_t len, char *reason,
                      size_t n)
{
	char buf[256];
	const char *t;
	long long i;
	double d;
	int b;

	*v = NULL;
	switch (f->type) {
	case HR_FT_INT:
		if (parse_int(&i, trimmed(buf, sizeof buf, s)) != 0) {
			hr__fmt(reason, n, "expected an integer, not \"%.60s\"", s);
			return 1;
		}
		return (*v = json_integer(i)) ? 0 : HR_ENOMEM;
	case HR_FT_REAL:
		if (parse_real(&d, trimmed(buf, sizeof buf, s)) != 0) {
			hr__fmt(reason, n, "expected a number with a decimal point, not \"%.60s\"", s);
			return 1;
		}
		return (*v = json_real(d)) ? 0 : HR_ENOMEM;
	case HR_FT_BOOL:
		if (parse_bool(&b, trimmed(buf, sizeof buf, s)) != 0) {
			hr__fmt(reason, n, "expected true or false (yes/no, 1/0, так/ні), not \"%.60s\"",
			        s);
			return 1;
		}
		return (*v = json_boolean(b)) ? 0 : HR_ENOMEM;
	case HR_FT_ENUM:
	case HR_FT_TIME:
		t = trimmed(buf, sizeof buf, s);
		return text_value(v, t, strlen(t) == strlen(s) ? len : strlen(t), reason, n);
	case HR_FT_GEOM:
		/* benchmark: a WKT POINT or a coordinate (an MGRS square: its centre) */
		t = trimmed(buf, sizeof buf, s);
		if (strncasecmp(t, "POINT", 5) == 0)
			return wkt_geometry(v, s, reason, n);
		return coord_geometry(v, s, 0, 0, reason, n);
	case HR_FT_CONTAM:
		return json_cell(v, s, "contamination", reason, n);
	case HR_FT_PRIVATE:
		if (f->flags & HR_FIELD_REPEAT) {
			json_t *one = NULL, *a;
			int rc;
			if (s[0] == '[')
				return json_cell(v, s, f->name, reason, n);
			if ((rc = text_value(&one, s, len, reason, n)))
				return rc;
			if (!(a = json_array()) || json_array_append_new(a, one) != 0) {
				json_decref(a);
				return HR_ENOMEM;
			}
			*v = a;
			return 0;
		}
		return text_value(v, s, len, reason, n);
	default:
		return text_value(v, s, len, reason, n);
	}
}

/* ---- rows ----------------------------------------------------------- */

/* The column of the field a refusal names, for its line and column. */
static size_t column_of(const csv_reader *r, const hr_csv_row *row, const char *field,
                        const size_t *pick)
{
	char base[64];
	hr__fmt(base, sizeof base, "%.*s", (int)strcspn(field, "[."), field);
	if (strcmp(base, "geometry") == 0 && pick[0] != (size_t)-1)
		return pick[0];
	if (strcmp(base, "pcode") == 0)
		return pick[1];
	for (size_t j = 0; j < r->ncols && j < row->nfields; j++)
		if (r->cols[j].name && strcmp(r->cols[j].name, base) == 0 && row->field[j][0])
			return j;
	return (size_t)-1;
}

/*
 * One data row as a record. @return 0 with *rec, 1 refused (err filled), or
 * HR_ENOMEM
 */
static int row_record(csv_reader *r, const hr_csv_row *row, hr_record **rec, hr_read_error *err)
{
	json_t *feat = NULL, *props = NULL, *geom = NULL, *v = NULL;
	const char *kindname = "area";
	size_t jgeom = (size_t)-1, jlon = (size_t)-1, jlat = (size_t)-1, jcoord = (size_t)-1;
	size_t pick[2] = {(size_t)-1, (size_t)-1}; /* the geometry's column, the pcode's */
	int kind, best_level = 0, rc = 0;
	char reason[384];

	*rec = NULL;
	/* the kind and id first: the kind types the other cells, the id names the row */
	for (size_t j = 0; j < row->nfields && j < r->ncols; j++) {
		const char *name = r->cols[j].name;
		if (name && !strcmp(name, "kind") && row->field[j][0])
			kindname = cell_text(row, j, NULL);
		if (name && !strcmp(name, "id"))
			hr_gj__copy_utf8(err->id, sizeof err->id, cell_text(row, j, NULL));
	}
	kind = hr_kind_from_name(kindname);
	if (!(props = json_object()) || !(feat = json_object())) {
		rc = HR_ENOMEM;
		goto done;
	}
	for (size_t j = 0; j < row->nfields; j++) {
		size_t len;
		const char *cell = cell_text(row, j, &len), *name = j < r->ncols ? r->cols[j].name : NULL;
		const hr_field_def *f;
		if (!cell[0])
			continue;
		if (!name) {
			rc = refuse_at(err, row, j, "",
			               "a value in column %zu, which has %s", j + 1,
			               j < r->ncols && r->cols[j].label[0]
			                       ? "no HXL tag (tag it, or empty the column)"
			                       : "no name in the header row");
			goto done;
		}
		reason[0] = '\0';
		v = NULL;
		if (!strcmp(name, "geometry")) {
			jgeom = j;
			rc = wkt_geometry(&geom, cell, reason, sizeof reason);
		} else if (!strcmp(name, "lon") || !strcmp(name, "lat")) {
			*(name[1] == 'o' ? &jlon : &jlat) = j; /* read with the other, below */
			continue;
		} else if (!strcmp(name, "coord")) {
			jcoord = j;
			continue;
		} else if (!strcmp(name, "kind") || !strcmp(name, "id")) {
			rc = text_value(&v, cell, len, reason, sizeof reason);
		} else if (!strcmp(name, "pcode")) {
			if (r->cols[j].level < best_level)
				continue;
			best_level = r->cols[j].level;
			pick[1] = j;
			rc = text_value(&v, cell, len, reason, sizeof reason);
		} else if (kind && (f = hr_schema_field_by_name(kind, name))) {
			rc = cell_value(&v, f, cell, len, reason, sizeof reason);
		} else {
			/* not a field of this kind: the mapping refuses it by name */
			rc = text_value(&v, cell, len, reason, sizeof reason);
		}
		if (rc == 1) {
			refuse_at(err, row, j, name, "%s", reason);
			goto done;
		}
		if (rc)
			goto done;
		if (v && json_object_set_new(props, name, v) != 0) {
			rc = HR_ENOMEM;
			goto done;
		}
	}
	/* the geometry: WKT, or lon and lat, or coord; one of them */
	if ((jlon != (size_t)-1) != (jlat != (size_t)-1)) {
		rc = refuse_at(err, row, jlon != (size_t)-1 ? jlon : jlat, "geometry",
		               "%s without %s: give both, or neither", jlon != (size_t)-1 ? "lon" : "lat",
		               jlon != (size_t)-1 ? "lat" : "lon");
		goto done;
	}
	if ((jgeom != (size_t)-1) + (jlon != (size_t)-1) + (jcoord != (size_t)-1) > 1) {
		rc = refuse_at(err, row, jgeom != (size_t)-1 ? jgeom : jcoord, "geometry",
		               "more than one geometry in the row (WKT, lon/lat, coord): give one");
		goto done;
	}
	pick[0] = jgeom != (size_t)-1 ? jgeom : jlat != (size_t)-1 ? jlat : jcoord;
	if (jlat != (size_t)-1 || jcoord != (size_t)-1) {
		hr_buf text = {0};
		if (jcoord != (size_t)-1)
			hr_buf_puts(&text, cell_text(row, jcoord, NULL));
		else
			hr_buf_printf(&text, "%s, %s", cell_text(row, jlat, NULL),
			              cell_text(row, jlon, NULL));
		hr_buf_putc(&text, 0);
		rc = text.oom ? HR_ENOMEM
		              : coord_geometry(&geom, (const char *)text.p, polygon_kind(kind),
		                               jcoord == (size_t)-1, reason, sizeof reason);
		hr_buf_free(&text);
		if (rc == 1)
			refuse_at(err, row, pick[0], "geometry", "%s", reason);
		if (rc)
			goto done;
	}
	if (json_object_set_new(feat, "type", json_string("Feature")) != 0 ||
	    json_object_set_new(feat, "geometry", geom ? geom : json_null()) != 0 ||
	    json_object_set(feat, "properties", props) != 0) {
		geom = NULL;
		rc = HR_ENOMEM;
		goto done;
	}
	geom = NULL;
	rc = hr_gj__feature_record(rec, feat, err);
	if (rc == 1) {
		size_t j = column_of(r, row, err->field, pick);
		err->line = j != (size_t)-1 ? row->line[j] : row->first_line;
		err->column = j != (size_t)-1 ? (uint32_t)(j + 1) : 0;
	}
done:
	json_decref(geom);
	json_decref(props);
	json_decref(feat);
	return rc;
}

static int csv_next(hr_reader *base, hr_record **rec, hr_read_error *err)
{
	csv_reader *r = (csv_reader *)base;
	const hr_csv_row *row = NULL;
	int rc;

	*rec = NULL;
	memset(err, 0, sizeof *err);
	if (r->fatal_rc) {
		*err = r->fatal;
		return r->fatal_rc;
	}
	if (!r->started) {
		int first_rc = 0;
		r->started = 1;
		if ((rc = read_header(r, &row, &first_rc, err)) != 0) {
			r->fatal_rc = rc < 0 ? rc : HR_EINVAL;
			r->fatal = *err;
			return r->fatal_rc;
		}
		rc = row ? first_rc : 0;
		if (!row)
			rc = hr_csv__next(r->rows, &row, err);
	} else {
		rc = hr_csv__next(r->rows, &row, err);
	}
	if (rc == 0)
		return 0;
	if (rc < 0 && rc != HR_EVALIDATE) {
		err->index = r->nfeat;
		return rc;
	}
	err->index = r->nfeat++;
	if (rc == HR_EVALIDATE) {
		/* more fields than the header: refused, reading goes on */
		for (size_t j = 0; j < r->ncols; j++)
			if (r->cols[j].name && !strcmp(r->cols[j].name, "id") && j < row->nfields)
				hr_gj__copy_utf8(err->id, sizeof err->id, cell_text(row, j, NULL));
		return 1;
	}
	rc = row_record(r, row, rec, err);
	err->index = r->nfeat - 1;
	if (rc == HR_ENOMEM) {
		hr__fmt(err->reason, sizeof err->reason, "out of memory");
		return rc;
	}
	if (rc == 0)
		memset(err, 0, sizeof *err);
	return 1;
}

static const char *csv_raw(hr_reader *base)
{
	return base ? hr_csv__raw(((csv_reader *)base)->rows) : "";
}

static void csv_progress(hr_reader *base, uint64_t *done, uint64_t *total)
{
	hr_csv__progress(((csv_reader *)base)->rows, done, total);
}

static void csv_close(hr_reader *base)
{
	csv_reader *r = (csv_reader *)base;
	if (!r)
		return;
	hr_csv__close(r->rows);
	hr_free(r->cols);
	hr_free(r);
}

static int reader_new(hr_reader **out, csv_reader **r)
{
	if (!(*r = hr__calloc(1, sizeof **r)))
		return HR_ENOMEM;
	(*r)->base.version = HR_READER_VERSION;
	(*r)->base.next = csv_next;
	(*r)->base.raw = csv_raw;
	(*r)->base.progress = csv_progress;
	(*r)->base.close = csv_close;
	*out = &(*r)->base;
	return 0;
}

int hr_reader__csv_mem(hr_reader **out, const unsigned char *data, size_t len, char *err,
                       size_t errlen)
{
	csv_reader *r = NULL;
	int rc;
	if (!out)
		return HR_EINVAL;
	*out = NULL;
	if ((rc = reader_new(out, &r)) || (rc = hr_csv__open_mem(&r->rows, data, len, 0))) {
		hr__fmt(err, errlen, "%s", hr_strerror(rc));
		csv_close(r ? &r->base : NULL);
		*out = NULL;
	}
	return rc;
}

int hr_reader__csv_open(hr_reader **out, const char *path, char *err, size_t errlen)
{
	csv_reader *r = NULL;
	FILE *fp = NULL;
	uint64_t total = 0;
	size_t plen = strlen(path);
	int rc, is_stdin = strcmp(path, "-") == 0;
	char delim = plen > 4 && strcasecmp(path + plen - 4, ".tsv") == 0 ? '\t' : 0;

	*out = NULL;
	if ((rc = hr_fmt__open_input(&fp, &total, path, err, errlen)))
		return rc;
	if ((rc = reader_new(out, &r)) || (rc = hr_csv__open_file(&r->rows, fp, !is_stdin, total,
	                                                          delim))) {
		hr__fmt(err, errlen, "%s", hr_strerror(rc));
		if (!r || !r->rows) {
			if (!is_stdin)
				fclose(fp);
		}
		csv_close(r ? &r->base : NULL);
		*out = NULL;
	}
	return rc;
}
