/*
 * risk_inputs.c - gather what the residual-risk model needs from the
 * register (an area's contamination, the catalogue's classes) and hand it
 * to the pure model in src/risk. Reading only: nothing here writes, so the
 * model's answers cannot change an area's status or release land.
 */
#include "core/register_int.h"

#include <jansson.h>
#include <string.h>

static double real_cell(const hr_row *row, int col, double dflt)
{
	return row->cells[col].is_null ? dflt : row->cells[col].r;
}

static int class_cb(void *ctx, const hr_row *row)
{
	hr_risk_class *c = ctx;
	c->persistent = row->cells[C_PERSISTENT].is_null ? 1 : row->cells[C_PERSISTENT].i != 0;
	c->sd_min_h = real_cell(row, C_SD_MIN_H, 0);
	c->sd_max_h = real_cell(row, C_SD_MAX_H, c->sd_min_h);
	c->sd_fail[HR_OPTIMISTIC] = real_cell(row, C_SD_FAIL_OPT, 1);
	c->sd_fail[HR_CONSERVATIVE] = real_cell(row, C_SD_FAIL_CONS, 1);
	c->sda_by_h = real_cell(row, C_SDA_BY_H, 0);
	c->sda_live[HR_OPTIMISTIC] = real_cell(row, C_SDA_LIVE_OPT, c->sd_fail[HR_OPTIMISTIC]);
	c->sda_live[HR_CONSERVATIVE] = real_cell(row, C_SDA_LIVE_CONS, c->sd_fail[HR_CONSERVATIVE]);
	return 0;
}

static hr_time json_time(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	hr_time t;
	if (!json_is_string(v) ||
	    hr_time_parse(&t, json_string_value(v), json_string_length(v)) != 0)
		return HR_TIME_NONE;
	return t;
}

void hr_risk_inputs_free(hr_risk_inputs *in)
{
	if (!in)
		return;
	hr_free(in->area_id);
	hr_free(in->name);
	hr_free(in->status);
	hr_free(in->classification);
	for (size_t i = 0; i < in->nclasses; i++)
		hr_free(in->class_ids[i]);
	hr_free(in->class_ids);
	hr_free(in->classes);
	hr_free(in->entries);
	hr_free(in);
}

/* Resolve a class id in the catalogue, once per id. */
static int resolve(hr_register *reg, hr_risk_inputs *in, const char *id, const hr_risk_class **out)
{
	int rc;
	for (size_t i = 0; i < in->nclasses; i++)
		if (strcmp(in->class_ids[i], id) == 0) {
			*out = &in->classes[i];
			return 0;
		}
	*out = NULL;
	{
		size_t i = in->nclasses;
		hr_risk_class c;
		memset(&c, 0, sizeof c);
		rc = reg->be->row_get(reg->be, &hr_layer_classes, id, class_cb, &c);
		if (rc == HR_ENOTFOUND)
			return 0; /* unknown class: the model treats it as persistent */
		if (rc)
			return hr_reg__be_err(reg, rc, "reading the device-class catalogue");
		in->class_ids[i] = hr__strdup(id);
		if (!in->class_ids[i])
			return HR_ENOMEM;
		c.id = in->class_ids[i];
		in->classes[i] = c;
		in->nclasses++;
		*out = &in->classes[i];
	}
	return 0;
}

/*
 * Fill inputs from the contamination JSON of an area row (written by
 * derive.c). Entries' class pointers point into in->classes, which is
 * sized for the entries up front so it never moves.
 */
int hr_risk__from_row(hr_register *reg, hr_risk_inputs *in, const char *contamination)
{
	json_error_t jerr;
	json_t *arr = json_loads(contamination ? contamination : "[]", 0, &jerr);
	size_t n;
	int rc = 0;
	if (!json_is_array(arr)) {
		json_decref(arr);
		hr_reg__err(reg, "area %s: contamination column is not a JSON array", in->area_id);
		return HR_ECORRUPT;
	}
	n = json_array_size(arr);
	in->entries = hr__calloc(n ? n : 1, sizeof *in->entries);
	in->classes = hr__calloc(n ? n : 1, sizeof *in->classes);
	in->class_ids = hr__calloc(n ? n : 1, sizeof *in->class_ids);
	if (!in->entries || !in->classes || !in->class_ids) {
		rc = HR_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i), *cls = json_object_get(o, "class"),
		       *cnt = json_object_get(o, "count");
		hr_risk_entry *e = &in->entries[in->n];
		if (!json_is_string(cls)) {
			rc = HR_ECORRUPT;
			hr_reg__err(reg, "area %s: contamination entry without a class", in->area_id);
			goto done;
		}
		if ((rc = resolve(reg, in, json_string_value(cls), &e->cls)))
			goto done;
		e->count = json_is_integer(cnt) ? (int64_t)json_integer_value(cnt) : HR_COUNT_UNKNOWN;
		e->earliest = json_time(o, "emplaced_earliest");
		e->latest = json_time(o, "emplaced_latest");
		in->n++;
	}
done:
	json_decref(arr);
	return rc;
}

typedef struct {
	hr_register *reg;
	hr_risk_inputs *in;
	int rc;
} area_ctx;

static char *cell_dup(const hr_row *row, int col, int *oom)
{
	char *s;
	if (row->cells[col].is_null)
		return NULL;
	s = hr__strdup(row->cells[col].s);
	if (!s)
		*oom = 1;
	return s;
}

static int area_cb(void *ctx, const hr_row *row)
{
	area_ctx *a = ctx;
	hr_risk_inputs *in = a->in;
	int oom = 0;
	in->area_id = cell_dup(row, A_ID, &oom);
	in->name = cell_dup(row, A_NAME, &oom);
	in->status = cell_dup(row, A_STATUS, &oom);
	in->classification = cell_dup(row, A_CLASSIFICATION, &oom);
	in->reported = row->cells[A_FIRST_REPORTED].is_null ? HR_TIME_NONE
	                                                    : row->cells[A_FIRST_REPORTED].i;
	in->hazard_from = row->cells[A_HAZARD_FROM].is_null ? HR_TIME_NONE
	                                                    : row->cells[A_HAZARD_FROM].i;
	if (in->reported == HR_TIME_NONE)
		in->reported = in->hazard_from; /* as query.c takes it */
	if (oom)
		return HR_ENOMEM;
	return hr_risk__from_row(a->reg, in, row->cells[A_CONTAMINATION].is_null
	                                             ? NULL
	                                             : row->cells[A_CONTAMINATION].s);
}

int hr_area_risk_inputs(hr_register *reg, const char *area_id, hr_risk_inputs **out)
{
	area_ctx a;
	int rc;
	if (!reg || !area_id || !out)
		return HR_EINVAL;
	*out = NULL;
	a.reg = reg;
	a.in = hr__calloc(1, sizeof *a.in);
	if (!a.in)
		return HR_ENOMEM;
	rc = reg->be->row_get(reg->be, &hr_layer_areas, area_id, area_cb, &a);
	if (rc == HR_ENOTFOUND)
		hr_reg__err(reg, "no hazardous area \"%s\" in the register", area_id);
	else if (rc && rc != HR_ENOMEM && rc != HR_ECORRUPT)
		hr_reg__be_err(reg, rc, "reading the hazardous area");
	if (rc) {
		hr_risk_inputs_free(a.in);
		return rc;
	}
	*out = a.in;
	return 0;
}

int hr_area_risk(hr_register *reg, const char *area_id, hr_time t, double threshold,
                 hr_risk *out)
{
	hr_risk_inputs *in = NULL;
	int rc;
	if (!out)
		return HR_EINVAL;
	if ((rc = hr_area_risk_inputs(reg, area_id, &in)))
		return rc;
	hr_risk_eval(out, in->entries, in->n, in->reported, t, threshold);
	hr_risk_inputs_free(in);
	return 0;
}
