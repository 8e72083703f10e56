/*
 * evidence.c - field evidence on self-destruct reliability: EO items found
 * in hazardous areas, past the SD window of their class, live or not. The
 * estimate is compared with the catalogue's bounds so that assurances can
 * be held to account ("field evidence is worse than the conservative
 * bound" is a headline). Reading only.
 */
#include "core/register_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	hr_register *reg;
	hr_reliability *out;
	size_t cap;
	const char *only;
	int rc;
} ev_ctx;

static hr_reliability_row *row_for(ev_ctx *e, const char *cls)
{
	for (size_t i = 0; i < e->out->n; i++)
		if (strcmp(e->out->rows[i].class_id, cls) == 0)
			return &e->out->rows[i];
	return NULL;
}

static int add_class(void *ctx, const hr_row *row)
{
	ev_ctx *e = ctx;
	hr_reliability_row *r;
	const char *id = row->cells[C_ID].s;
	int persistent = row->cells[C_PERSISTENT].is_null || row->cells[C_PERSISTENT].i;
	if (e->only ? strcmp(e->only, id) != 0 : persistent)
		return 0;
	if (e->out->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		hr_reliability_row *nv = hr__realloc(e->out->rows, cap * sizeof *nv);
		if (!nv)
			return HR_ENOMEM;
		e->out->rows = nv;
		e->cap = cap;
	}
	r = &e->out->rows[e->out->n];
	memset(r, 0, sizeof *r);
	r->class_id = hr__strdup(id);
	if (!r->class_id)
		return HR_ENOMEM;
	e->out->n++;
	r->persistent = persistent;
	r->sd_fail[HR_OPTIMISTIC] = row->cells[C_SD_FAIL_OPT].is_null ? 1 : row->cells[C_SD_FAIL_OPT].r;
	r->sd_fail[HR_CONSERVATIVE] =
		row->cells[C_SD_FAIL_CONS].is_null ? 1 : row->cells[C_SD_FAIL_CONS].r;
	for (int b = 0; b < 2; b++) {
		int col = b == HR_OPTIMISTIC ? C_SDA_LIVE_OPT : C_SDA_LIVE_CONS;
		double l = row->cells[col].is_null ? r->sd_fail[b] : row->cells[col].r;
		r->sda_live[b] = l < r->sd_fail[b] ? l : r->sd_fail[b];
	}
	return 0;
}

/* Where a class's timers stand for an item in an area: the latest
 * conservative emplacement of that class there (latest possible, or the
 * first report when unknown: as the model takes it), and the class's SD
 * window end and SDA deadline in seconds. */
typedef struct {
	hr_time emplaced;
	hr_time sd_max_s, sda_by_s; /* sda_by_s 0: no SDA */
} timers;

static hr_time hours_to_s(double h)
{
	/* rounded up, and bounded so that huge catalogue values cannot overflow */
	if (!(h > 0))
		return 0;
	if (h > 1e9)
		h = 1e9;
	return (hr_time)ceil(h * 3600);
}

static int class_timers(hr_register *reg, const char *area, const char *cls, timers *t)
{
	hr_risk_inputs *in = NULL;
	int rc = hr_area_risk_inputs(reg, area, &in), found = 0, unknown = 0;
	t->emplaced = HR_TIME_NONE;
	if (rc)
		return rc == HR_ENOTFOUND ? 0 : rc;
	for (size_t i = 0; i < in->n; i++) {
		const hr_risk_entry *en = &in->entries[i];
		hr_time e = en->latest != HR_TIME_NONE ? en->latest : in->reported;
		if (!en->cls || strcmp(en->cls->id, cls) != 0 || en->count == 0)
			continue;
		found = 1;
		if (e == HR_TIME_NONE)
			unknown = 1;
		else if (t->emplaced == HR_TIME_NONE || e > t->emplaced)
			t->emplaced = e;
		t->sd_max_s = hours_to_s(en->cls->sd_max_h);
		t->sda_by_s = hours_to_s(en->cls->sda_by_h);
	}
	if (!found || unknown)
		t->emplaced = HR_TIME_NONE;
	hr_risk_inputs_free(in);
	return 0;
}

static int add_item(void *ctx, const hr_row *row)
{
	ev_ctx *e = ctx;
	const hr_cell *cls = &row->cells[I_DEVICE_CLASS], *area = &row->cells[I_AREA_ID],
	              *cond = &row->cells[I_CONDITION], *found = &row->cells[I_FOUND_AT];
	hr_reliability_row *r;
	timers t = {HR_TIME_NONE, 0, 0};
	uint64_t q;
	hr_time age;
	int rc, live;
	if (cls->is_null || !(r = row_for(e, cls->s)))
		return 0;
	q = row->cells[I_QUANTITY].is_null ? 1 : (uint64_t)row->cells[I_QUANTITY].i;
	if (area->is_null || cond->is_null || found->is_null || strcmp(cond->s, "unknown") == 0) {
		r->skipped += q;
		return 0;
	}
	if ((rc = class_timers(e->reg, area->s, cls->s, &t)))
		return rc;
	if (t.emplaced == HR_TIME_NONE) {
		r->skipped += q;
		return 0;
	}
	age = found->i - t.emplaced;
	if (age < t.sd_max_s)
		return 0; /* still inside the window: says nothing about SD failure */
	live = strcmp(cond->s, "live") == 0;
	if (t.sda_by_s > 0 && age >= t.sda_by_s) {
		r->n_sda += q;
		r->k_sda += live ? q : 0;
	} else {
		r->n += q;
		r->k += live ? q : 0;
	}
	return 0;
}

/* The posterior of one window, or "not estimable" past the limit. */
static int estimate(uint64_t n, uint64_t k, double *mean, double *lo, double *hi, int *ok)
{
	int rc = hr_risk_posterior(mean, lo, hi, n, k);
	if (rc == HR_EINVAL && n > 1000000) {
		*ok = 0;
		*mean = *lo = *hi = 0;
		return 0;
	}
	return rc;
}

static int by_class(const void *a, const void *b)
{
	return strcmp(((const hr_reliability_row *)a)->class_id,
	              ((const hr_reliability_row *)b)->class_id);
}

int hr_register_reliability(hr_register *reg, const char *cls, hr_reliability **out)
{
	ev_ctx e;
	int rc;
	if (!reg || !out)
		return HR_EINVAL;
	*out = NULL;
	memset(&e, 0, sizeof e);
	e.reg = reg;
	e.only = cls;
	e.out = hr__calloc(1, sizeof *e.out);
	if (!e.out)
		return HR_ENOMEM;
	rc = reg->be->rows_all(reg->be, &hr_layer_classes, add_class, &e);
	if (rc == 0 && cls && e.out->n == 0) {
		hr_reg__err(reg, "no device class \"%s\" in the catalogue", cls);
		rc = HR_ENOTFOUND;
	}
	if (rc == 0)
		rc = reg->be->rows_all(reg->be, &hr_layer_items, add_item, &e);
	for (size_t i = 0; rc == 0 && i < e.out->n; i++) {
		hr_reliability_row *r = &e.out->rows[i];
		int ok1 = 1, ok2 = 1;
		if ((rc = estimate(r->n, r->k, &r->mean, &r->lo, &r->hi, &ok1)) ||
		    (rc = estimate(r->n_sda, r->k_sda, &r->mean_sda, &r->lo_sda, &r->hi_sda, &ok2))) {
			hr_reg__err(reg, "class %s: cannot estimate the posterior", r->class_id);
			break;
		}
		r->estimable = ok1 && ok2;
		r->sd_worse = ok1 && r->n > 0 && r->lo > r->sd_fail[HR_CONSERVATIVE];
		r->sda_worse = ok2 && r->n_sda > 0 && r->lo_sda > r->sda_live[HR_CONSERVATIVE];
		r->worse_than_conservative = r->sd_worse || r->sda_worse;
		r->better_than_optimistic = r->estimable && (r->n > 0 || r->n_sda > 0) &&
		                            (r->n == 0 || r->hi < r->sd_fail[HR_OPTIMISTIC]) &&
		                            (r->n_sda == 0 || r->hi_sda < r->sda_live[HR_OPTIMISTIC]);
	}
	if (rc) {
		if (rc != HR_ENOMEM && rc != HR_ENOTFOUND && rc != HR_EINVAL)
			hr_reg__be_err(reg, rc, "reading field evidence");
		hr_reliability_free(e.out);
		return rc;
	}
	if (e.out->n > 1)
		qsort(e.out->rows, e.out->n, sizeof *e.out->rows, by_class);
	*out = e.out;
	return 0;
}

void hr_reliability_free(hr_reliability *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		hr_free(r->rows[i].class_id);
	hr_free(r->rows);
	hr_free(r);
}

const char *hr_reliability_verdict(const hr_reliability_row *w)
{
	if (!w)
		return "";
	if (w->persistent)
		return "persistent: no self-destruct";
	if (!w->estimable)
		return "not estimated: more than 1,000,000 items";
	if (w->n == 0 && w->n_sda == 0)
		return "no evidence yet";
	if (w->worse_than_conservative)
		return "WORSE than the conservative bound";
	if (w->better_than_optimistic)
		return "better than the optimistic bound";
	return "consistent with the conservative bound";
}
