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

static void classes_free(hr_class_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		hr_free(c->ids[i]);
	hr_free(c->ids);
	hr_free(c->v);
	memset(c, 0, sizeof *c);
}

static int cache_class_cb(void *ctx, const hr_row *row)
{
	hr_class_cache *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		char **ids = hr__realloc(c->ids, cap * sizeof *ids);
		hr_risk_class *v;
		if (!ids)
			return HR_ENOMEM;
		c->ids = ids;
		if (!(v = hr__realloc(c->v, cap * sizeof *v)))
			return HR_ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	if (!(c->ids[c->n] = hr__strdup(row->cells[0].s)))
		return HR_ENOMEM;
	memset(&c->v[c->n], 0, sizeof c->v[c->n]);
	class_cb(&c->v[c->n], row);
	c->n++;
	return 0;
}

/* The catalogue of the open snapshot, read once per version of the
 * store; NULL when nothing may be cached (no snapshot, or inside a write
 * transaction) or on failure (*rc). */
static const hr_class_cache *catalogue(hr_register *reg, int *rc)
{
	hr_class_cache *c = &reg->classes;
	*rc = 0;
	if (reg->read_version == 0)
		return NULL;
	if (c->version == reg->read_version)
		return c;
	classes_free(c);
	*rc = reg->be->rows_all(reg->be, &hr_layer_classes, cache_class_cb, c);
	if (*rc) {
		classes_free(c);
		if (*rc != HR_ENOMEM)
			hr_reg__be_err(reg, *rc, "reading the device-class catalogue");
		return NULL;
	}
	c->version = reg->read_version;
	return c;
}

/* The class of this id from the catalogue of the snapshot, or from the
 * store; HR_ENOTFOUND when the catalogue has none. */
static int class_get(hr_register *reg, const char *id, hr_risk_class *out)
{
	int rc;
	const hr_class_cache *c = catalogue(reg, &rc);
	if (rc)
		return rc;
	if (c) {
		size_t lo = 0, hi = c->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int d = strcmp(c->ids[mid], id);
			if (d == 0) {
				*out = c->v[mid];
				return 0;
			}
			if (d < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return HR_ENOTFOUND;
	}
	rc = reg->be->row_get(reg->be, &hr_layer_classes, id, class_cb, out);
	if (rc && rc != HR_ENOTFOUND)
		return hr_reg__be_err(reg, rc, "reading the device-class catalogue");
	return rc;
}

/* Resolve a class id in the catalogue, once per id. */
static int resolve(hr_register *reg, hr_risk_inputs *in, const char *id, const hr_risk_class **out)
{
	size_t i = in->nclasses;
	hr_risk_class c;
	int rc;
	for (size_t k = 0; k < in->nclasses; k++)
		if (strcmp(in->class_ids[k], id) == 0) {
			*out = &in->classes[k];
			return 0;
		}
	*out = NULL;
	memset(&c, 0, sizeof c);
	rc = class_get(reg, id, &c);
	if (rc == HR_ENOTFOUND)
		return 0; /* unknown class: the model treats it as persistent */
	if (rc)
		return rc;
	in->class_ids[i] = hr__strdup(id);
	if (!in->class_ids[i])
		return HR_ENOMEM;
	c.id = in->class_ids[i];
	in->classes[i] = c;
	in->nclasses++;
	*out = &in->classes[i];
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
	if ((rc = hr_reg__read_begin(reg))) {
		hr_free(a.in);
		return rc;
	}
	rc = reg->be->row_get(reg->be, &hr_layer_areas, area_id, area_cb, &a);
	hr_reg__read_end(reg);
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

/* ---- the contamination cache ---------------------------------------------- */

static void contam_clear(hr_contam_cache *c)
{
	if (!c->slots)
		return;
	for (size_t i = 0; i < HR_CONTAM_SLOTS; i++) {
		hr_free(c->slots[i].text);
		hr_risk_inputs_free(c->slots[i].in);
	}
	memset(c->slots, 0, HR_CONTAM_SLOTS * sizeof *c->slots);
	c->n = 0;
}

void hr_risk__caches_free(hr_register *reg)
{
	contam_clear(&reg->contam);
	hr_free(reg->contam.slots);
	memset(&reg->contam, 0, sizeof reg->contam);
	classes_free(&reg->classes);
}

uint64_t hr__text_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static int parse_contamination(hr_register *reg, const char *area_id, const char *text,
                               hr_risk_inputs **out)
{
	hr_risk_inputs *in = hr__calloc(1, sizeof *in);
	int rc;
	*out = NULL;
	if (!in)
		return HR_ENOMEM;
	in->area_id = (char *)area_id; /* borrowed for messages */
	rc = hr_risk__from_row(reg, in, text);
	in->area_id = NULL;
	if (rc) {
		hr_risk_inputs_free(in);
		return rc;
	}
	*out = in;
	return 0;
}

int hr_risk__contamination(hr_register *reg, const char *area_id, const char *contamination,
                           hr_risk_inputs **out, int *owned)
{
	hr_contam_cache *c = &reg->contam;
	const char *text = contamination ? contamination : "[]";
	uint64_t h;
	size_t i;
	int rc;
	*out = NULL;
	*owned = 1;
	if (reg->read_version == 0)
		return parse_contamination(reg, area_id, text, out);
	/* the catalogue first: the entries were resolved in its version */
	if (!catalogue(reg, &rc))
		return rc ? rc : parse_contamination(reg, area_id, text, out);
	if (c->version != reg->read_version || c->n >= HR_CONTAM_SLOTS / 4 * 3)
		contam_clear(c);
	c->version = reg->read_version;
	if (!c->slots && !(c->slots = hr__calloc(HR_CONTAM_SLOTS, sizeof *c->slots)))
		return HR_ENOMEM;
	h = hr__text_hash(text);
	for (i = h & (HR_CONTAM_SLOTS - 1); c->slots[i].text; i = (i + 1) & (HR_CONTAM_SLOTS - 1))
		if (c->slots[i].hash == h && strcmp(c->slots[i].text, text) == 0) {
			*out = c->slots[i].in;
			*owned = 0;
			return 0;
		}
	if ((rc = parse_contamination(reg, area_id, text, out)))
		return rc;
	if (!(c->slots[i].text = hr__strdup(text)))
		return 0; /* not kept: the caller owns a good answer */
	c->slots[i].hash = h;
	c->slots[i].in = *out;
	c->n++;
	*owned = 0;
	return 0;
}
