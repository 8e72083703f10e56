/*
 * geojson_write.c - public outputs as GeoJSON (RFC 7946): the export of
 * derived layers and the JSON form of query answers.
 *
 * What may appear is decided by profile.c; this file only writes.
 */
#include "core/register_int.h"

#include <stdio.h>
#include <string.h>

const char *hr_cell__text(char *buf, const hr_column *col, const hr_cell *c)
{
	if (c->is_null)
		return NULL;
	switch (col->type) {
	case HR_COL_INT:
		snprintf(buf, HR_CELL_TEXT_BUFSZ, "%lld", (long long)c->i);
		return buf;
	case HR_COL_REAL:
		snprintf(buf, HR_CELL_TEXT_BUFSZ, "%.10g", c->r);
		return buf;
	case HR_COL_TIME:
		return hr_time_format(buf, c->i);
	default:
		return c->s;
	}
}

/* Write one cell as a JSON value. */
static void put_cell(hr_buf *b, const hr_column *col, const hr_cell *c)
{
	char t[HR_CELL_TEXT_BUFSZ];
	const char *text = hr_cell__text(t, col, c);
	if (!text)
		hr_buf_put(b, "null", 4);
	else if (col->type == HR_COL_INT || col->type == HR_COL_REAL)
		hr_buf_put(b, text, strlen(text));
	else if (col->type == HR_COL_TEXT && strcmp(col->name, "contamination") == 0 &&
	         text[0] == '[')
		hr_buf_put(b, text, strlen(text)); /* JSON written by derive.c */
	else
		hr_buf_json_str(b, text);
}

int hr_geojson__feature(hr_buf *b, const hr_row *row, hr_profile profile)
{
	const hr_layer *l = row->layer;
	char *geom = NULL;
	int rc;
	if (row->wkb && (rc = hr_geom_to_geojson(&geom, row->wkb, row->wkb_len)))
		return rc;
	hr_buf_printf(b, "{\"type\":\"Feature\",\"id\":");
	hr_buf_json_str(b, row->cells[0].s);
	hr_buf_printf(b, ",\"geometry\":%s,\"properties\":{\"kind\":\"%s\"",
	              geom ? geom : "null", hr_kind_name(hr_layer_kind(l)));
	for (size_t i = 1; i < l->ncols; i++) {
		if (!hr_profile__column_visible(profile, l, i))
			continue;
		hr_buf_printf(b, ",\"%s\":", l->cols[i].name);
		put_cell(b, &l->cols[i], &row->cells[i]);
	}
	hr_buf_put(b, "}}", 2);
	hr_free(geom);
	return b->oom ? HR_ENOMEM : 0;
}

typedef struct {
	FILE *out;
	hr_profile profile;
	hr_buf b;
	uint64_t n;
	int rc;
} exp_ctx;

static int export_row(void *ctx, const hr_row *row)
{
	exp_ctx *e = ctx;
	int rc;
	e->b.len = 0;
	hr_buf_printf(&e->b, "%s\n", e->n ? "," : "");
	if ((rc = hr_geojson__feature(&e->b, row, e->profile)))
		return rc;
	if (fwrite(e->b.p, 1, e->b.len, e->out) != e->b.len)
		return HR_EIO;
	e->n++;
	return 0;
}

int hr_export__layer(hr_register *reg, const char *layer, hr_profile profile,
                     const hr_layer **out)
{
	*out = NULL;
	if (!layer)
		return 0;
	*out = hr_layer_by_short(layer);
	if (!*out || !hr_profile__layer_visible(profile, *out)) {
		hr_reg__err(reg, "layer \"%s\" is not available in the %s profile (layers: areas, "
		                 "releases, items, eore, admin%s)",
		            layer, profile == HR_PROFILE_PUBLIC ? "public" : "internal",
		            profile == HR_PROFILE_PUBLIC ? "" : ", accidents, reports");
		*out = NULL;
		return HR_EINVAL;
	}
	return 0;
}

int hr_export_geojson(hr_register *reg, FILE *out, const char *layer, hr_profile profile)
{
	exp_ctx e;
	const hr_layer *only = NULL;
	int rc = 0;
	if (!reg || !out)
		return HR_EINVAL;
	if ((rc = hr_export__layer(reg, layer, profile, &only)))
		return rc;
	memset(&e, 0, sizeof e);
	e.out = out;
	e.profile = profile;
	fputs("{\"type\":\"FeatureCollection\",\"features\":[", out);
	for (int l = 0; l < HR_NLAYERS && rc == 0; l++) {
		const hr_layer *L = hr_layers_all[l];
		if ((only && L != only) || !hr_profile__layer_visible(profile, L))
			continue;
		rc = reg->be->rows_all(reg->be, L, export_row, &e);
	}
	fputs("\n]}\n", out);
	hr_buf_free(&e.b);
	if (rc == HR_EIO || ferror(out)) {
		hr_reg__err(reg, "writing the export failed");
		return HR_EIO;
	}
	if (rc && rc != HR_ENOMEM)
		return hr_reg__be_err(reg, rc, "reading derived state");
	if (fflush(out) != 0) {
		hr_reg__err(reg, "writing the export failed");
		return HR_EIO;
	}
	return rc;
}

/* ,"name": */
static void put_name(hr_buf *b, const char *name)
{
	hr_buf_put(b, ",\"", 2);
	hr_buf_puts(b, name);
	hr_buf_put(b, "\":", 2);
}

static void put_time(hr_buf *b, const char *name, hr_time t)
{
	char s[HR_TIME_BUFSZ];
	put_name(b, name);
	if (t == HR_TIME_NONE) {
		hr_buf_put(b, "null", 4);
		return;
	}
	hr_buf_putc(b, '"');
	hr_buf_puts(b, hr_time_format(s, t));
	hr_buf_putc(b, '"');
}

static void put_str(hr_buf *b, const char *name, const char *s)
{
	put_name(b, name);
	hr_buf_json_str(b, s);
}

/* ,"name":[v0,v1,...] with 7 decimals (about 1 cm in degrees) */
static void put_coords(hr_buf *b, const char *name, const double *v, size_t n)
{
	put_name(b, name);
	hr_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			hr_buf_putc(b, ',');
		hr_buf_fixed(b, v[i], 7);
	}
	hr_buf_putc(b, ']');
}

/* The model's numbers: for priorities, beside the answer, never it. */
/* "name":{"optimistic":o,"conservative":c,"at_least":a} after a comma */
static void put_bounds(hr_buf *b, const char *name, const double *v, int at_least)
{
	put_name(b, name);
	hr_buf_puts(b, "{\"optimistic\":");
	hr_buf_sig(b, v[HR_OPTIMISTIC], 10);
	hr_buf_puts(b, ",\"conservative\":");
	hr_buf_sig(b, v[HR_CONSERVATIVE], 10);
	hr_buf_puts(b, at_least ? ",\"at_least\":true}" : ",\"at_least\":false}");
}

static void risk_body(hr_buf *b, const hr_risk *r)
{
	hr_buf_puts(b, "{\"phase\":\"");
	hr_buf_puts(b, hr_phase_name(r->phase));
	hr_buf_putc(b, '"');
	put_bounds(b, "expected_live", r->expected, r->count_unknown);
	put_bounds(b, "p_any_live", r->p_any, r->count_unknown);
	hr_buf_puts(b, ",\"threshold\":{\"devices\":1,\"never\":");
	hr_buf_puts(b, r->threshold_never ? "true" : "false");
	put_time(b, "below_at", r->threshold_at);
	hr_buf_putc(b, '}');
	put_time(b, "sd_window_start", r->sd_window[0]);
	put_time(b, "sd_window_end", r->sd_window[1]);
	put_time(b, "sda_deadline", r->sda_deadline);
	hr_buf_puts(b, ",\"note\":\"The model informs priorities only. The area is hazardous "
	               "until released by survey or clearance.\"}");
}

void hr_geojson__risk(hr_buf *b, const hr_risk *r)
{
	risk_body(b, r);
}

static void put_risk(hr_buf *b, const hr_risk *r)
{
	hr_buf_puts(b, ",\"risk\":");
	risk_body(b, r);
}

int hr_risk_to_json(char **out, const hr_risk *r)
{
	hr_buf b = {0};
	if (!out || !r)
		return HR_EINVAL;
	risk_body(&b, r);
	if (b.oom) {
		hr_buf_free(&b);
		return HR_ENOMEM;
	}
	*out = (char *)b.p;
	return 0;
}

/* The members of one area of a query's answer, without braces. */
static void put_area(hr_buf *b, const hr_area_hit *h)
{
	double bench[2] = {h->benchmark.lon, h->benchmark.lat};
	double bbox[4] = {h->bbox.west, h->bbox.south, h->bbox.east, h->bbox.north};
	hr_buf_puts(b, "\"area_id\":");
	hr_buf_json_str(b, h->area_id);
	hr_buf_puts(b, h->hazardous ? ",\"state\":\"hazardous\"" : ",\"state\":\"released\"");
	put_str(b, "name", h->name);
	put_str(b, "classification", h->classification);
	put_str(b, "status", h->status);
	put_str(b, "org", h->org);
	put_str(b, "pcode", h->pcode);
	put_time(b, "date_of_information", h->doi);
	put_time(b, "hazard_from", h->hazard_from);
	put_str(b, "release_part", h->release_part);
	put_str(b, "release", h->release);
	put_time(b, "released_at", h->released_at);
	hr_buf_puts(b, ",\"released_parts\":");
	hr_buf_int(b, h->released_parts);
	put_str(b, "devices", h->devices);
	put_name(b, "contamination");
	hr_buf_puts(b, h->contamination ? h->contamination : "[]");
	put_coords(b, "benchmark", bench, 2);
	put_coords(b, "bbox", bbox, 4);
	put_risk(b, &h->risk);
}

static const char NOTICE[] =
	"Absence of a record does not mean absence of danger: unrecorded hazards may exist. Do "
	"not touch suspicious items; mark the place and report it (in Ukraine call 101).";

/* "count", "hazardous_count" and the opening of "areas": h is the first
 * of n areas lying stride bytes apart (in hr_hits or hr_route_hits). */
static void put_counts(hr_buf *b, const hr_area_hit *h, size_t n, size_t stride)
{
	size_t hz = 0;
	for (size_t i = 0; i < n; i++)
		hz += ((const hr_area_hit *)((const char *)h + i * stride))->hazardous != 0;
	hr_buf_puts(b, ",\"count\":");
	hr_buf_int(b, (long long)n);
	hr_buf_puts(b, ",\"hazardous_count\":");
	hr_buf_int(b, (long long)hz);
	hr_buf_puts(b, ",\"areas\":[");
}

/* A point or box answer; for a point with lang, the civilian message in
 * that language as well. */
static int hits_json(char **out, const hr_hits *hits, const char *query_type, const hr_point *p,
                     const hr_bbox *box, const char *lang)
{
	hr_buf b = {0};
	if (!out || !hits)
		return HR_EINVAL;
	*out = NULL;
	hr_buf_reserve(&b, 2048 + hits->n * 2048); /* a point's answer grows once, if at all */
	hr_buf_puts(&b, "{\"query\":");
	hr_buf_json_str(&b, query_type ? query_type : "point");
	put_time(&b, "at", hits->at);
	if (p) {
		double v[2] = {p->lon, p->lat};
		put_coords(&b, "point", v, 2);
	}
	if (box) {
		double v[4] = {box->west, box->south, box->east, box->north};
		put_coords(&b, "bbox", v, 4);
	}
	put_counts(&b, hits->hits, hits->n, sizeof *hits->hits);
	for (size_t i = 0; i < hits->n; i++) {
		hr_buf_puts(&b, i ? ",{" : "{");
		put_area(&b, &hits->hits[i]);
		hr_buf_putc(&b, '}');
	}
	hr_buf_puts(&b, "],\"notice\":");
	hr_buf_json_str(&b, NOTICE);
	if (p) {
		/* the civilian message for a place, in both languages */
		char *en = NULL, *uk = NULL;
		if (hr_civilian_message(&en, hits, "en") == 0 && hr_civilian_message(&uk, hits, "uk") == 0) {
			size_t at[2][2]; /* where the two literals were written */
			hr_buf_puts(&b, ",\"message\":{\"en\":");
			at[0][0] = b.len;
			hr_buf_json_str(&b, en);
			at[0][1] = b.len;
			hr_buf_puts(&b, ",\"uk\":");
			at[1][0] = b.len;
			hr_buf_json_str(&b, uk);
			at[1][1] = b.len;
			hr_buf_putc(&b, '}');
			if (lang && !b.oom) {
				int l = strcmp(lang, "uk") == 0;
				size_t from = at[l][0], n = at[l][1] - at[l][0];
				hr_buf_puts(&b, l ? ",\"lang\":\"uk\",\"civilian_message\":"
				                  : ",\"lang\":\"en\",\"civilian_message\":");
				/* the same literal again, copied rather than escaped twice */
				if (hr_buf_reserve(&b, n) == 0)
					hr_buf_put(&b, b.p + from, n);
			}
		} else {
			b.oom = 1;
		}
		hr_free(en);
		hr_free(uk);
	}
	hr_buf_putc(&b, '}');
	if (b.oom) {
		hr_buf_free(&b);
		return HR_ENOMEM;
	}
	*out = (char *)b.p;
	return 0;
}

int hr_hits_to_json(char **out, const hr_hits *hits, const char *query_type, const hr_point *p,
                    const hr_bbox *box)
{
	return hits_json(out, hits, query_type, p, box, NULL);
}

int hr_point_to_json(char **out, const hr_hits *hits, const hr_point *p, const char *lang)
{
	if (!p || !lang)
		return HR_EINVAL;
	return hits_json(out, hits, "point", p, NULL, lang);
}

int hr_route_to_json(char **out, const hr_route_hits *r)
{
	hr_buf b = {0};
	char t[HR_TIME_BUFSZ], w[HR_REAL_BUFSZ];
	if (!out || !r)
		return HR_EINVAL;
	*out = NULL;
	hr_buf_printf(&b, "{\"query\":\"route\",\"at\":\"%s\",\"width_m\":%s,\"length_m\":%.3f,"
	                  "\"points\":%zu",
	              hr_time_format(t, r->at), hr_json_real(w, r->width_m), r->length_m, r->npoints);
	put_counts(&b, &r->hits->area, r->n, sizeof *r->hits);
	for (size_t i = 0; i < r->n; i++) {
		const hr_route_span *sp = &r->hits[i].span;
		hr_buf_printf(&b, "%s{", i ? "," : "");
		put_area(&b, &r->hits[i].area);
		hr_buf_printf(&b, ",\"enter_m\":%.3f,\"leave_m\":%.3f,\"distance_m\":%.3f}",
		              sp->enter_m, sp->leave_m, sp->distance_m);
	}
	hr_buf_printf(&b, "],\"notice\":");
	hr_buf_json_str(&b, NOTICE);
	hr_buf_putc(&b, '}');
	if (b.oom) {
		hr_buf_free(&b);
		return HR_ENOMEM;
	}
	*out = (char *)b.p;
	return 0;
}
