/*
 * csv_write.c - one derived layer as CSV (RFC 4180), in the form the CSV
 * reader imports back: a header row of import names, with HR_CSV_HXL a
 * row of HXL tags (hxl.c, the reader's table) under it, then one row per
 * feature. The rows are the layer's rows as the GeoJSON export writes them
 * for the profile (profile.c decides the columns); of those, the columns
 * that are import names of the layer's kind are written, the derived ones
 * (first_reported, hazard_from, devices, area_m2, records, last_index,
 * total, and the victims count) left out, since an import would refuse
 * them. The benchmark's lon/lat become one WKT POINT; the geometry is WKT
 * with 7 decimals (about 1 cm, the register's grid). A text that a
 * spreadsheet would run as a formula is written behind a ' (put_text).
 */
#include "core/register_int.h"

#include "core/geos_int.h"
#include "formats/formats_int.h"

#include <stdio.h>
#include <string.h>

enum { COL_SKIP, COL_PLAIN, COL_BOOL, COL_BENCHMARK };

typedef struct {
	FILE *out;
	const hr_layer *l;
	hr_profile profile;
	int what[HR_MAX_COLS]; /* COL_* of each column of the layer */
	size_t bench_lat;      /* the column of benchmark_lat */
	hr_geos g;
	GEOSWKTWriter *wkt;
	hr_buf b;
} csv_out;

/*
 * One field, with the separator before it, quoted when it must be (RFC
 * 4180) and also when it holds a ';' or a tab: a spreadsheet whose list
 * separator is ';' (as in Ukrainian and most European settings) splits an
 * unquoted cell there, and the piece after it could start a formula.
 */
void hr_csv__put_field(hr_buf *b, const char *s, int first)
{
	if (!first)
		hr_buf_putc(b, ',');
	if (!s)
		return;
	if (!s[strcspn(s, ",;\t\"\r\n")]) {
		hr_buf_puts(b, s);
		return;
	}
	hr_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			hr_buf_putc(b, '"');
		hr_buf_putc(b, (unsigned char)*s);
	}
	hr_buf_putc(b, '"');
}

/*
 * A text field, guarded against spreadsheet formulas (docs/formats.md,
 * "Formulas"): a text that a spreadsheet would run (= + - @ tab CR first),
 * or that is such a text behind one or more ', gets one ' more in front;
 * the reader drops exactly that one.
 */
static void put_text(hr_buf *b, const char *s, int first)
{
	hr_buf t = {0};
	if (!s || !hr_csv__formula_like(s)) {
		hr_csv__put_field(b, s, first);
		return;
	}
	hr_buf_putc(&t, '\'');
	hr_buf_puts(&t, s);
	hr_buf_putc(&t, 0);
	if (t.oom)
		b->oom = 1;
	else
		hr_csv__put_field(b, (const char *)t.p, first);
	hr_buf_free(&t);
}

/* Degrees with 7 decimals, trailing zeros dropped, as WKT writes them. */
static void put_degrees(hr_buf *b, double x)
{
	size_t start = b->len;
	hr_buf_fixed(b, x, 7);
	while (b->len > start && b->p[b->len - 1] == '0')
		b->len--;
	if (b->len > start && b->p[b->len - 1] == '.')
		b->len--;
}

static int write_row(void *ctx, const hr_row *row)
{
	csv_out *o = ctx;
	const hr_layer *l = o->l;
	char t[HR_CELL_TEXT_BUFSZ];
	hr_buf *b = &o->b;

	b->len = 0;
	hr_csv__put_field(b, hr_kind_name(hr_layer_kind(l)), 1);
	put_text(b, row->cells[0].s, 0);
	for (size_t i = 1; i < l->ncols; i++) {
		const hr_cell *c = &row->cells[i];
		switch (o->what[i]) {
		case COL_PLAIN:
			/* numbers and times are no formulas; any text may look like one */
			if (l->cols[i].type == HR_COL_TEXT)
				put_text(b, hr_cell__text(t, &l->cols[i], c), 0);
			else
				hr_csv__put_field(b, hr_cell__text(t, &l->cols[i], c), 0);
			break;
		case COL_BOOL:
			hr_csv__put_field(b, c->is_null ? NULL : c->i ? "true" : "false", 0);
			break;
		case COL_BENCHMARK:
			hr_buf_putc(b, ',');
			if (c->is_null || row->cells[o->bench_lat].is_null)
				break;
			hr_buf_puts(b, "POINT (");
			put_degrees(b, c->r);
			hr_buf_putc(b, ' ');
			put_degrees(b, row->cells[o->bench_lat].r);
			hr_buf_putc(b, ')');
			break;
		default:
			break;
		}
	}
	if (l->geom_type) {
		char *wkt = NULL;
		GEOSGeometry *g = row->wkb ? hr_geos__read(&o->g, row->wkb, row->wkb_len) : NULL;
		if (row->wkb && !g)
			return HR_ECORRUPT;
		if (g) {
			wkt = GEOSWKTWriter_write_r(o->g.ctx, o->wkt, g);
			GEOSGeom_destroy_r(o->g.ctx, g);
			if (!wkt)
				return HR_ENOMEM;
		}
		hr_csv__put_field(b, wkt, 0);
		GEOSFree_r(o->g.ctx, wkt);
	}
	hr_buf_put(b, "\r\n", 2);
	if (b->oom)
		return HR_ENOMEM;
	return fwrite(b->p, 1, b->len, o->out) == b->len ? 0 : HR_EIO;
}

/* The header rows: import names, and with HXL the tags. */
static int write_header(csv_out *o, int hxl)
{
	const hr_layer *l = o->l;
	hr_buf *b = &o->b;
	for (int pass = 0; pass < 1 + (hxl != 0); pass++) {
		const char *(*label)(const char *) = pass ? hr_hxl__tag : NULL;
#define LABEL(n) (label ? label(n) : (n))
		b->len = 0;
		hr_csv__put_field(b, LABEL("kind"), 1);
		hr_csv__put_field(b, LABEL("id"), 0);
		for (size_t i = 1; i < l->ncols; i++)
			if (o->what[i] == COL_BENCHMARK)
				hr_csv__put_field(b, LABEL("benchmark"), 0);
			else if (o->what[i] != COL_SKIP)
				hr_csv__put_field(b, LABEL(l->cols[i].name), 0);
		if (l->geom_type)
			hr_csv__put_field(b, LABEL("geometry"), 0);
#undef LABEL
		hr_buf_put(b, "\r\n", 2);
		if (b->oom)
			return HR_ENOMEM;
		if (fwrite(b->p, 1, b->len, o->out) != b->len)
			return HR_EIO;
	}
	return 0;
}

/* Which columns of the layer are written, and how. */
static void choose_columns(csv_out *o)
{
	const hr_layer *l = o->l;
	int kind = hr_layer_kind(l);
	size_t lon = 0;
	for (size_t i = 1; i < l->ncols; i++) {
		const char *name = l->cols[i].name;
		const hr_field_def *f = hr_schema_field_by_name(kind, name);
		o->what[i] = COL_SKIP;
		if (!hr_profile__column_visible(o->profile, l, i))
			continue;
		if (strcmp(name, "benchmark_lon") == 0)
			lon = i;
		else if (strcmp(name, "benchmark_lat") == 0)
			o->bench_lat = i;
		else if (f && f->type == HR_FT_BOOL && l->cols[i].type == HR_COL_INT)
			o->what[i] = COL_BOOL;
		else if (f && f->type != HR_FT_PRIVATE && f->type != HR_FT_GEOM)
			o->what[i] = COL_PLAIN;
	}
	if (lon && o->bench_lat)
		o->what[lon] = COL_BENCHMARK;
}

int hr_export_csv(hr_register *reg, FILE *out, const char *layer, hr_profile profile,
                  unsigned flags)
{
	csv_out o;
	int rc;

	if (!reg || !out)
		return HR_EINVAL;
	memset(&o, 0, sizeof o);
	o.out = out;
	o.profile = profile;
	if ((rc = hr_export__layer(reg, layer ? layer : "areas", profile, &o.l)))
		return rc;
	choose_columns(&o);
	if ((rc = hr_geos__init(&o.g)))
		return rc;
	if (!(o.wkt = GEOSWKTWriter_create_r(o.g.ctx))) {
		rc = HR_ENOMEM;
		goto done;
	}
	GEOSWKTWriter_setRoundingPrecision_r(o.g.ctx, o.wkt, 7);
	GEOSWKTWriter_setTrim_r(o.g.ctx, o.wkt, 1);
	GEOSWKTWriter_setOutputDimension_r(o.g.ctx, o.wkt, 2);
	if (!(rc = write_header(&o, flags & HR_CSV_HXL)))
		rc = reg->be->rows_all(reg->be, o.l, write_row, &o);
	if (rc == 0 && fflush(out) != 0)
		rc = HR_EIO;
	if (rc == HR_EIO || ferror(out)) {
		hr_reg__err(reg, "writing the export failed");
		rc = HR_EIO;
	} else if (rc && rc != HR_ENOMEM) {
		rc = hr_reg__be_err(reg, rc, "reading derived state");
	}
done:
	if (o.wkt)
		GEOSWKTWriter_destroy_r(o.g.ctx, o.wkt);
	hr_geos__finish(&o.g);
	hr_buf_free(&o.b);
	return rc;
}
