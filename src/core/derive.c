/*
 * derive.c - derived state: fold the records of one subject into the row
 * of its layer.
 *
 * Later information wins: the records of a subject (an area, a part, an
 * item...) are ordered by date of information, then by log index, and each
 * record's fields replace those before it. The order does not depend on
 * when a record arrived, so deriving after each append and rebuilding from
 * the whole log give the same rows. A record older than what the register
 * already knows still contributes the facts nobody has restated since; the
 * append reports which of its facts newer records keep.
 */
#include "core/register_int.h"
#include "hazreg/note.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load_cb(void *ctx, const hr_log_row *row)
{
	void **a = ctx;
	hr_register *reg = a[0];
	hr_subject *s = a[1];
	hr_record *rec = NULL;
	char err[256] = "";
	int rc;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		hr_subject_rec *nv = hr__realloc(s->v, cap * sizeof *nv);
		if (!nv)
			return HR_ENOMEM;
		s->v = nv;
		s->cap = cap;
	}
	if ((rc = hr_record_decode(&rec, row->bytes, row->len, err, sizeof err))) {
		if (rc == HR_ENOMEM)
			return rc;
		hr_reg__err(reg, "log entry %llu: %s", (unsigned long long)row->idx, err);
		return HR_ECORRUPT;
	}
	s->v[s->n].rec = rec;
	s->v[s->n].idx = row->idx;
	s->v[s->n].doi = row->doi;
	s->n++;
	return 0;
}

static int by_doi_then_idx(const void *a, const void *b)
{
	const hr_subject_rec *x = a, *y = b;
	if (x->doi != y->doi)
		return x->doi < y->doi ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int hr_subject__load(hr_register *reg, int kind, const char *subject, hr_subject *out)
{
	void *a[2] = {reg, out};
	int rc;
	memset(out, 0, sizeof *out);
	rc = reg->be->log_subject(reg->be, kind, subject, load_cb, a);
	if (rc) {
		hr_subject__free(out);
		if (rc != HR_ECORRUPT && rc != HR_ENOMEM)
			return hr_reg__be_err(reg, rc, "reading the log");
		return rc;
	}
	qsort(out->v, out->n, sizeof *out->v, by_doi_then_idx);
	return 0;
}

void hr_subject__free(hr_subject *s)
{
	for (size_t i = 0; i < s->n; i++)
		hr_record_free(s->v[i].rec);
	hr_free(s->v);
	memset(s, 0, sizeof *s);
}

/* Replace in `m` every value of each tag that `r` carries. */
static int merge(hr_record *m, const hr_record *r)
{
	for (size_t i = 0; i < r->n; i++) {
		int tag = r->v[i].tag;
		if (i > 0 && r->v[i - 1].tag == tag)
			continue; /* repeats handled with the first */
		/* drop m's values of this tag */
		size_t w = 0;
		for (size_t k = 0; k < m->n; k++) {
			if (m->v[k].tag == tag)
				hr_value__clear(&m->v[k]);
			else
				m->v[w++] = m->v[k];
		}
		m->n = w;
		for (size_t k = i; k < r->n && r->v[k].tag == tag; k++) {
			hr_value copy;
			int rc = hr_value__copy(&copy, &r->v[k]);
			if (rc)
				return rc;
			if ((rc = hr_record__append_raw(m, &copy)))
				return rc;
		}
	}
	return 0;
}

/* ---- row building ------------------------------------------------------ */

typedef struct {
	const hr_layer *layer;
	hr_cell cells[HR_MAX_COLS];
	char *own[HR_MAX_COLS];
	unsigned char *wkb;
	size_t wkb_len;
	hr_bbox env;
	int oom;
} rowb;

static void rb_init(rowb *b, const hr_layer *l)
{
	memset(b, 0, sizeof *b);
	b->layer = l;
	for (size_t i = 0; i < l->ncols; i++)
		b->cells[i].is_null = 1;
}

static void rb_free(rowb *b)
{
	for (int i = 0; i < HR_MAX_COLS; i++)
		hr_free(b->own[i]);
	hr_free(b->wkb);
}

static void rb_text(rowb *b, int col, const char *s)
{
	if (!s)
		return;
	hr_free(b->own[col]);
	b->own[col] = hr__strdup(s);
	if (!b->own[col]) {
		b->oom = 1;
		return;
	}
	b->cells[col].s = b->own[col];
	b->cells[col].is_null = 0;
}

static void rb_take(rowb *b, int col, char *s)
{
	if (!s) {
		b->oom = 1;
		return;
	}
	hr_free(b->own[col]);
	b->own[col] = s;
	b->cells[col].s = s;
	b->cells[col].is_null = 0;
}

static void rb_int(rowb *b, int col, int64_t v)
{
	b->cells[col].i = v;
	b->cells[col].is_null = 0;
}

static void rb_time(rowb *b, int col, hr_time t)
{
	if (t == HR_TIME_NONE)
		return;
	rb_int(b, col, t);
}

static void rb_real(rowb *b, int col, double r)
{
	b->cells[col].r = r;
	b->cells[col].is_null = 0;
}

static void rb_field_text(rowb *b, int col, const hr_record *m, int tag)
{
	rb_text(b, col, hr_record_text(m, tag));
}

static void rb_field_int(rowb *b, int col, const hr_record *m, int tag)
{
	const hr_value *v = hr_record_get(m, tag, 0);
	if (v)
		rb_int(b, col, v->u.i);
}

static void rb_field_real(rowb *b, int col, const hr_record *m, int tag)
{
	const hr_value *v = hr_record_get(m, tag, 0);
	if (v)
		rb_real(b, col, v->u.r);
}

/* The time field, or the date of information when the field is absent. */
static hr_time time_or_doi(const hr_record *m, int tag)
{
	hr_time t = hr_record_time(m, tag);
	return t != HR_TIME_NONE ? t : hr_record_time(m, HR_F_DOI);
}

static int rb_geom(rowb *b, const hr_record *m, int multi)
{
	const hr_value *g = hr_record_get(m, HR_F_GEOM, 0);
	int rc;
	if (!g)
		return 0;
	if (multi)
		rc = hr_geom__to_multi(&b->wkb, &b->wkb_len, g->u.geom.wkb, g->u.geom.len);
	else {
		b->wkb = hr__malloc(g->u.geom.len);
		rc = b->wkb ? 0 : HR_ENOMEM;
		if (b->wkb)
			memcpy(b->wkb, g->u.geom.wkb, g->u.geom.len);
		b->wkb_len = g->u.geom.len;
	}
	if (rc)
		return rc;
	return hr_geom_bbox(&b->env, b->wkb, b->wkb_len);
}

static char *contam_json(const hr_record *m)
{
	hr_buf j = {0};
	char t[HR_TIME_BUFSZ];
	const hr_value *v;
	hr_buf_putc(&j, '[');
	for (size_t i = 0; (v = hr_record_get(m, HR_F_CONTAM, i)); i++) {
		const hr_contam *c = &v->u.contam;
		hr_buf_put(&j, i ? ",{\"class\":" : "{\"class\":", i ? 10 : 9);
		hr_buf_json_str(&j, c->device_class);
		if (c->count == HR_COUNT_UNKNOWN)
			hr_buf_printf(&j, ",\"count\":\"unknown\"");
		else
			hr_buf_printf(&j, ",\"count\":%lld", (long long)c->count);
		hr_buf_printf(&j, ",\"confirmed\":%s", c->confirmed ? "true" : "false");
		if (c->emplaced_earliest != HR_TIME_NONE)
			hr_buf_printf(&j, ",\"emplaced_earliest\":\"%s\"",
			              hr_time_format(t, c->emplaced_earliest));
		if (c->emplaced_latest != HR_TIME_NONE)
			hr_buf_printf(&j, ",\"emplaced_latest\":\"%s\"",
			              hr_time_format(t, c->emplaced_latest));
		hr_buf_putc(&j, '}');
	}
	hr_buf_putc(&j, ']');
	if (j.oom) {
		hr_buf_free(&j);
		return NULL;
	}
	return (char *)j.p;
}

static char *devices_summary(const hr_record *m)
{
	hr_buf s = {0};
	const hr_value *v;
	for (size_t i = 0; (v = hr_record_get(m, HR_F_CONTAM, i)); i++) {
		const hr_contam *c = &v->u.contam;
		if (i)
			hr_buf_put(&s, "; ", 2);
		if (c->count == HR_COUNT_UNKNOWN)
			hr_buf_printf(&s, "%s: number unknown, %s", c->device_class,
			              c->confirmed ? "confirmed" : "suspected");
		else
			hr_buf_printf(&s, "%s: %lld %s", c->device_class, (long long)c->count,
			              c->confirmed ? "confirmed" : "suspected");
	}
	if (!s.p)
		hr_buf_put(&s, "not recorded", 12);
	if (s.oom) {
		hr_buf_free(&s);
		return NULL;
	}
	return (char *)s.p;
}

/* Earliest evidence of contamination over every record of an area. */
static hr_time hazard_from(const hr_subject *s)
{
	hr_time t = HR_TIME_NONE;
	for (size_t i = 0; i < s->n; i++) {
		const hr_value *v;
		if (t == HR_TIME_NONE || s->v[i].doi < t)
			t = s->v[i].doi;
		for (size_t k = 0; (v = hr_record_get(s->v[i].rec, HR_F_CONTAM, k)); k++) {
			hr_time e = v->u.contam.emplaced_earliest != HR_TIME_NONE
			                    ? v->u.contam.emplaced_earliest
			                    : v->u.contam.emplaced_latest;
			if (e != HR_TIME_NONE && e < t)
				t = e;
		}
	}
	return t;
}

static int build_area(rowb *b, const hr_record *m, const hr_subject *s)
{
	const hr_value *bm = hr_record_get(m, HR_F_BENCHMARK, 0);
	int rc = rb_geom(b, m, 1);
	if (rc)
		return rc;
	rb_field_text(b, A_NAME, m, HR_F_NAME);
	rb_field_text(b, A_CLASSIFICATION, m, HR_F_CLASSIFICATION);
	rb_text(b, A_STATUS, hr_record_text(m, HR_F_STATUS) ? hr_record_text(m, HR_F_STATUS) : "open");
	rb_field_text(b, A_PCODE, m, HR_F_PCODE);
	rb_time(b, A_FIRST_REPORTED, s->v[0].doi);
	rb_time(b, A_HAZARD_FROM, hazard_from(s));
	rb_field_text(b, A_EVIDENCE_TYPE, m, HR_F_EVIDENCE_TYPE);
	rb_field_text(b, A_EVIDENCE, m, HR_F_EVIDENCE);
	rb_take(b, A_DEVICES, devices_summary(m));
	rb_take(b, A_CONTAMINATION, contam_json(m));
	if (bm) {
		hr_bbox e;
		if ((rc = hr_geom_bbox(&e, bm->u.geom.wkb, bm->u.geom.len)))
			return rc;
		rb_real(b, A_BENCH_LON, e.west);
		rb_real(b, A_BENCH_LAT, e.south);
	} else if (b->wkb) {
		hr_point p;
		if ((rc = hr_geom_point_on_surface(&p, b->wkb, b->wkb_len)))
			return rc;
		rb_real(b, A_BENCH_LON, p.lon);
		rb_real(b, A_BENCH_LAT, p.lat);
	}
	if (b->wkb)
		rb_real(b, A_AREA_M2, hr_geom_area_m2(b->wkb, b->wkb_len));
	rb_field_int(b, A_BENEFICIARIES, m, HR_F_BENEFICIARIES);
	return 0;
}

static int build_release(rowb *b, const hr_record *m)
{
	int rc = rb_geom(b, m, 1);
	if (rc)
		return rc;
	rb_field_text(b, R_AREA_ID, m, HR_F_AREA_ID);
	rb_field_text(b, R_RELEASE, m, HR_F_RELEASE);
	rb_field_text(b, R_METHOD, m, HR_F_METHOD);
	rb_field_int(b, R_DEPTH_CM, m, HR_F_DEPTH_CM);
	rb_time(b, R_RELEASED_AT, time_or_doi(m, HR_F_RELEASED_AT));
	rb_field_int(b, R_ITEMS_FOUND, m, HR_F_ITEMS_FOUND);
	rb_field_text(b, R_PCODE, m, HR_F_PCODE);
	rb_real(b, R_AREA_M2, hr_geom_area_m2(b->wkb, b->wkb_len));
	return 0;
}

static int build_item(rowb *b, const hr_record *m)
{
	int rc = rb_geom(b, m, 0);
	if (rc)
		return rc;
	rb_field_text(b, I_AREA_ID, m, HR_F_AREA_ID);
	rb_field_text(b, I_CATEGORY, m, HR_F_CATEGORY);
	rb_field_text(b, I_DEVICE_CLASS, m, HR_F_DEVICE_CLASS);
	rb_field_text(b, I_CONDITION, m, HR_F_CONDITION);
	rb_field_int(b, I_DEPTH_CM, m, HR_F_DEPTH_CM);
	rb_time(b, I_FOUND_AT, time_or_doi(m, HR_F_FOUND_AT));
	rb_int(b, I_QUANTITY, 1);
	rb_field_int(b, I_QUANTITY, m, HR_F_QUANTITY);
	rb_field_text(b, I_PCODE, m, HR_F_PCODE);
	return 0;
}

static int build_accident(rowb *b, const hr_record *m)
{
	int64_t victims = 0;
	int rc = rb_geom(b, m, 0);
	if (rc)
		return rc;
	while (hr_record_get(m, HR_F_VICTIM, (size_t)victims))
		victims++;
	rb_field_text(b, X_AREA_ID, m, HR_F_AREA_ID);
	rb_field_text(b, X_CATEGORY, m, HR_F_CATEGORY);
	rb_time(b, X_OCCURRED_AT, hr_record_time(m, HR_F_OCCURRED_AT));
	rb_field_int(b, X_DEMINING, m, HR_F_DEMINING);
	rb_field_int(b, X_KILLED, m, HR_F_KILLED);
	rb_field_int(b, X_INJURED, m, HR_F_INJURED);
	rb_int(b, X_VICTIMS, victims);
	rb_field_text(b, X_PCODE, m, HR_F_PCODE);
	return 0;
}

static int build_eore(rowb *b, const hr_record *m)
{
	static const int tags[4] = {HR_F_GIRLS, HR_F_BOYS, HR_F_WOMEN, HR_F_MEN};
	int64_t total = 0;
	int rc = rb_geom(b, m, 0);
	if (rc)
		return rc;
	rb_time(b, E_HELD_AT, time_or_doi(m, HR_F_HELD_AT));
	for (int i = 0; i < 4; i++) {
		const hr_value *v = hr_record_get(m, tags[i], 0);
		rb_field_int(b, E_GIRLS + i, m, tags[i]);
		total += v ? v->u.i : 0;
	}
	rb_int(b, E_TOTAL, total);
	rb_field_text(b, E_PCODE, m, HR_F_PCODE);
	return 0;
}

static int build_class(rowb *b, const hr_record *m)
{
	static const int tags[] = {HR_F_SD_MIN_H,     HR_F_SD_MAX_H,    HR_F_SD_FAIL_OPT,
	                           HR_F_SD_FAIL_CONS, HR_F_SDA_BY_H,    HR_F_SDA_LIVE_OPT,
	                           HR_F_SDA_LIVE_CONS};
	rb_field_text(b, C_NAME, m, HR_F_NAME);
	rb_field_int(b, C_PERSISTENT, m, HR_F_PERSISTENT);
	for (int i = 0; i < 7; i++)
		rb_field_real(b, C_SD_MIN_H + i, m, tags[i]);
	rb_field_text(b, C_SOURCE, m, HR_F_SOURCE);
	return 0;
}

static int build_org_key(rowb *b, const hr_record *m)
{
	hr_key_verifier vk;
	const char *id = hr_record_text(m, HR_F_ID);
	char hex[9];
	if (!id || hr_key_verifier_parse(&vk, id, strlen(id), NULL, 0) != 0)
		return HR_EVALIDATE;
	snprintf(hex, sizeof hex, "%08x", (unsigned)vk.id);
	rb_text(b, K_NAME, vk.name);
	rb_text(b, K_KEY_ID, hex);
	rb_field_text(b, K_STATUS, m, HR_F_KEY_STATUS);
	return 0;
}

/* A public report: where, its status now, when it was received. */
static int build_report(rowb *b, const hr_record *m, const hr_subject *s)
{
	int rc = rb_geom(b, m, 0);
	if (rc)
		return rc;
	rb_field_text(b, P_STATUS, m, HR_F_REPORT_STATUS);
	rb_time(b, P_RECEIVED, s->v[0].doi);
	return 0;
}

/* An administrative area: its boundary, level and names. */
static int build_adm_area(rowb *b, const hr_record *m)
{
	int rc = rb_geom(b, m, 1);
	if (rc)
		return rc;
	rb_field_int(b, B_LEVEL, m, HR_F_ADM_LEVEL);
	rb_field_text(b, B_NAME, m, HR_F_NAME);
	rb_field_text(b, B_NAME_UK, m, HR_F_NAME_UK);
	rb_field_text(b, B_PARENT, m, HR_F_PARENT_PCODE);
	if (b->wkb)
		rb_real(b, B_AREA_M2, hr_geom_area_m2(b->wkb, b->wkb_len));
	return 0;
}

/* Columns every layer ends with or shares: org, doi, records, last index. */
static void common_cells(rowb *b, int kind, const hr_record *m, const hr_subject *s)
{
	static const int org[] = {0, A_ORG, R_ORG, I_ORG, X_ORG, E_ORG, C_ORG, K_ORG, P_ORG, B_ORG};
	static const int doi[] = {0, A_DOI, R_DOI, I_DOI, X_DOI, E_DOI, C_DOI, K_DOI, P_DOI, B_DOI};
	static const int nrec[] = {0,         A_RECORDS, R_RECORDS, I_RECORDS, X_RECORDS,
	                           E_RECORDS, C_RECORDS, K_RECORDS, P_RECORDS, B_RECORDS};
	static const int last[] = {0,            A_LAST_INDEX, R_LAST_INDEX, I_LAST_INDEX,
	                           X_LAST_INDEX, E_LAST_INDEX, C_LAST_INDEX, K_LAST_INDEX,
	                           P_LAST_INDEX, B_LAST_INDEX};
	uint64_t max = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].idx > max)
			max = s->v[i].idx;
	rb_field_text(b, org[kind], m, HR_F_ORG);
	rb_time(b, doi[kind], s->v[s->n - 1].doi);
	rb_int(b, nrec[kind], (int64_t)s->n);
	rb_int(b, last[kind], (int64_t)max);
}

/* Add a field name to a comma-separated list that must fit in `cap`
 * bytes; when it would not fit, end the list with ", ..." once. */
static void list_add(char *list, size_t cap, size_t *len, int *full, const char *name)
{
	size_t need = strlen(name) + (*len ? 2 : 0);
	if (*full)
		return;
	if (*len + need + 5 >= cap) {
		*full = 1;
		hr__fmt(list + *len, cap - *len, "%s...", *len ? ", " : "");
		*len = strlen(list);
		return;
	}
	hr__fmt(list + *len, cap - *len, "%s%s", *len ? ", " : "", name);
	*len += need;
}

/* Which facts of record `i` newer records restate. */
static void stale_note(const hr_subject *s, size_t i, hr_append_info *info)
{
	const hr_record *r = s->v[i].rec;
	char kept[96] = "", applied[96] = "", t1[HR_TIME_BUFSZ], t2[HR_TIME_BUFSZ];
	size_t nk = 0, na = 0;
	int fk = 0, fa = 0;
	info->stale = 1;
	for (size_t f = 0; f < r->n; f++) {
		int tag = r->v[f].tag, newer = 0;
		const hr_field_def *def = hr_schema_field((int)r->kind, tag);
		if (tag == HR_F_ID || tag == HR_F_DOI || (f > 0 && r->v[f - 1].tag == tag))
			continue;
		for (size_t k = i + 1; k < s->n && !newer; k++)
			newer = hr_record_get(s->v[k].rec, tag, 0) != NULL;
		if (newer)
			list_add(kept, sizeof kept, &nk, &fk, def->name);
		else
			list_add(applied, sizeof applied, &na, &fa, def->name);
	}
	hr__fmt(info->note, sizeof info->note,
	        "date of information %s is older than the register's %s; kept in history; newer "
	        "facts kept for: %s%s%s",
	        hr_time_format(t1, s->v[i].doi), hr_time_format(t2, s->v[s->n - 1].doi),
	        nk ? kept : "(none)", na ? "; applied: " : "", na ? applied : "");
}

int hr_derive__subject(hr_register *reg, int kind, const char *subject, hr_row_sink sink,
                       void *ctx, uint64_t new_idx, hr_append_info *info)
{
	hr_subject s;
	hr_record *m = NULL;
	rowb b;
	hr_row row;
	const hr_layer *layer = hr_layer_for_kind(kind);
	int rc;
	if (!layer)
		return HR_EINVAL;
	rb_init(&b, layer);
	if ((rc = hr_subject__load(reg, kind, subject, &s)))
		return rc;
	if (s.n == 0) {
		rc = HR_ENOTFOUND;
		goto done;
	}
	if ((rc = hr_record_new(&m, (hr_kind)kind)))
		goto done;
	for (size_t i = 0; i < s.n; i++) {
		if ((rc = merge(m, s.v[i].rec)))
			goto done;
		if (info && s.v[i].idx == new_idx && i + 1 < s.n && s.v[i + 1].doi > s.v[i].doi)
			stale_note(&s, i, info);
	}
	/* A class is judged whole: updates must not leave it contradicting
	 * itself (an SDA deadline before the SD window ends, say). */
	if (info && kind == HR_KIND_CLASS) {
		char why[256];
		if ((rc = hr_record_validate(m, why, sizeof why))) {
			hr_reg__err(reg, "%s (in the class as updated)", why);
			goto done;
		}
	}
	rb_text(&b, 0, subject);
	switch (kind) {
	case HR_KIND_AREA: rc = build_area(&b, m, &s); break;
	case HR_KIND_RELEASE: rc = build_release(&b, m); break;
	case HR_KIND_ITEM: rc = build_item(&b, m); break;
	case HR_KIND_ACCIDENT: rc = build_accident(&b, m); break;
	case HR_KIND_EORE: rc = build_eore(&b, m); break;
	case HR_KIND_ORG_KEY: rc = build_org_key(&b, m); break;
	case HR_KIND_REPORT: rc = build_report(&b, m, &s); break;
	case HR_KIND_ADM_AREA: rc = build_adm_area(&b, m); break;
	default: rc = build_class(&b, m); break;
	}
	if (rc) {
		if (rc != HR_ENOMEM)
			hr_reg__err(reg, "geometry: cannot derive the row of %s %s", hr_kind_name(kind),
			            subject);
		goto done;
	}
	common_cells(&b, kind, m, &s);
	if (b.oom) {
		rc = HR_ENOMEM;
		goto done;
	}
	row.layer = layer;
	row.cells = b.cells;
	row.wkb = b.wkb;
	row.wkb_len = b.wkb_len;
	row.env = b.env;
	rc = sink(ctx, &row);
done:
	rb_free(&b);
	hr_record_free(m);
	hr_subject__free(&s);
	return rc;
}

int hr_row__digest_bytes(hr_buf *b, const hr_row *row)
{
	const hr_layer *l = row->layer;
	hr_buf_printf(b, "%s\n", l->name);
	for (size_t i = 0; i < l->ncols; i++) {
		const hr_cell *c = &row->cells[i];
		if (c->is_null) {
			hr_buf_printf(b, "%s=NULL\n", l->cols[i].name);
			continue;
		}
		switch (l->cols[i].type) {
		case HR_COL_TEXT:
			hr_buf_printf(b, "%s=%zu:", l->cols[i].name, strlen(c->s));
			hr_buf_put(b, c->s, strlen(c->s));
			hr_buf_putc(b, '\n');
			break;
		case HR_COL_REAL:
			hr_buf_printf(b, "%s=%.17g\n", l->cols[i].name, c->r);
			break;
		default:
			hr_buf_printf(b, "%s=%lld\n", l->cols[i].name, (long long)c->i);
			break;
		}
	}
	hr_buf_printf(b, "geom=%zu:", row->wkb ? row->wkb_len : 0);
	if (row->wkb)
		hr_buf_put(b, row->wkb, row->wkb_len);
	return hr_buf_putc(b, '\n');
}
