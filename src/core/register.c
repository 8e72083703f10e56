/*
 * register.c - the register handle and its single write path.
 *
 * hr_batch_add() is the only place where anything enters the store: it
 * validates a record, refuses references to things the register does not
 * know, appends the canonical bytes and leaf hash to the log, keeps private
 * values beside the log, and re-derives the one row the record touches.
 * All of it happens inside the caller's transaction, so a batch is all or
 * nothing.
 */
#include "core/register_int.h"
#include "hazreg/note.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hr_reg__err(hr_register *reg, const char *fmt, ...)
{
	va_list ap;
	if (!reg)
		return;
	va_start(ap, fmt);
	vsnprintf(reg->err, sizeof reg->err, fmt, ap);
	va_end(ap);
}

int hr_reg__be_err(hr_register *reg, int rc, const char *doing)
{
	hr_reg__err(reg, "%s: %s", doing, reg->be ? reg->be->errmsg(reg->be) : hr_strerror(rc));
	return rc;
}

const char *hr_errmsg(const hr_register *reg)
{
	if (!reg)
		return "no register handle (out of memory?)";
	return reg->err[0] ? reg->err : "no error";
}

/* ---- the shipped device-class catalogue -------------------------------- */

/* Generic classes only, never weapon models. Conservative bounds are the
 * treaty's limits, optimistic ones the maker's public claim: DOMAIN.md. */
static const char *const catalogue_source =
	"conservative: CCW Amended Protocol II, Technical Annex 3(a)-(b) (<=10% fail to "
	"self-destruct within 30 days; <=1 in 1,000 still functions 120 days after emplacement); "
	"optimistic: US Department of Defense briefing, 31 Jan 2020 (maker's claim, 6 in "
	"1,000,000)";

static const struct {
	const char *id, *name;
	int persistent;
	double sd_h;
} catalogue[] = {
	{"persistent", "Persistent: no self-destruct or self-deactivation", 1, 0},
	{"np-sd-4h", "Non-persistent, designed self-destruct after 4 hours", 0, 4},
	{"np-sd-48h", "Non-persistent, designed self-destruct after 48 hours", 0, 48},
	{"np-sd-15d", "Non-persistent, designed self-destruct after 15 days", 0, 360},
};

static int append_catalogue(hr_register *reg)
{
	hr_time doi;
	int rc = 0;
	hr_time_parse(&doi, "2024-11-20", 10);
	for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0] && rc == 0; i++) {
		hr_record *r = NULL;
		int persistent = catalogue[i].persistent;
		if ((rc = hr_record_new(&r, HR_KIND_CLASS)))
			break;
		/* every setter is checked: a class must never enter the log
		 * without its figures or their attribution */
		if ((rc = hr_record_set_text(r, HR_F_ID, catalogue[i].id)) ||
		    (rc = hr_record_set_text(r, HR_F_ORG, "hazreg default catalogue")) ||
		    (rc = hr_record_set_time(r, HR_F_DOI, doi)) ||
		    (rc = hr_record_set_text(r, HR_F_NAME, catalogue[i].name)) ||
		    (rc = hr_record_set_int(r, HR_F_PERSISTENT, persistent)) ||
		    (rc = hr_record_set_text(r, HR_F_SOURCE,
		                             persistent ? "no self-destruct: live until cleared"
		                                        : catalogue_source)))
			goto next;
		if (!persistent &&
		    ((rc = hr_record_set_real(r, HR_F_SD_MIN_H, catalogue[i].sd_h)) ||
		     (rc = hr_record_set_real(r, HR_F_SD_MAX_H, catalogue[i].sd_h)) ||
		     (rc = hr_record_set_real(r, HR_F_SD_FAIL_OPT, 6e-6)) ||
		     (rc = hr_record_set_real(r, HR_F_SD_FAIL_CONS, 0.10)) ||
		     (rc = hr_record_set_real(r, HR_F_SDA_BY_H, 120 * 24)) ||
		     (rc = hr_record_set_real(r, HR_F_SDA_LIVE_OPT, 6e-6)) ||
		     (rc = hr_record_set_real(r, HR_F_SDA_LIVE_CONS, 0.001))))
			goto next;
		rc = hr_batch_add(reg, r, NULL);
	next:
		if (rc == HR_ENOMEM)
			hr_reg__err(reg, "out of memory while writing the device-class catalogue");
		hr_record_free(r);
	}
	return rc;
}

/* ---- open and close ---------------------------------------------------- */

int hr_register_uri_is_postgresql(const char *uri)
{
	return uri &&
	       (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0);
}

int hr_reg__backend_open(hr_register *reg, const char *uri, int create, int readonly)
{
	const char *path = uri;
	int rc;
	if (strncmp(uri, "gpkg:", 5) == 0) {
		path += 5;
	} else if (hr_register_uri_is_postgresql(uri)) {
		/* the whole address goes to libpq, which reads it */
		path = NULL;
	} else if (strstr(uri, "://")) {
		hr_reg__err(reg, "no backend for this kind of address in this build (GeoPackage file "
		                 "paths and postgresql:// addresses are supported)");
		return HR_EVERSION;
	}
	if (path)
		rc = hr_backend_gpkg_open(&reg->be, path, create, readonly, reg->err,
		                          sizeof reg->err);
	else
		rc = hr_backend_pg_open(&reg->be, uri, create, readonly, reg->err, sizeof reg->err);
	if (rc)
		return rc;
	if (reg->be->version != HR_BACKEND_VERSION) {
		hr_reg__err(reg, "backend %s: interface version %u, expected %u", reg->be->name,
		            reg->be->version, HR_BACKEND_VERSION);
		return HR_EVERSION;
	}
	return 0;
}

/* A register that hr_register_copy() began and did not prove (it failed or
 * was stopped) holds a partial log and layers that would answer "nothing
 * here" where the source knows hazards: it is refused. */
static int refuse_incomplete_copy(hr_register *reg, const char *uri)
{
	char *state = NULL;
	int rc = reg->be->meta_get(reg->be, HR_META_COPY, &state);
	if (rc == HR_ENOTFOUND)
		return 0;
	if (rc)
		return hr_reg__be_err(reg, rc, "reading the register's metadata");
	rc = strcmp(state, "incomplete") == 0 ? HR_ECORRUPT : 0;
	if (rc)
		hr_reg__err(reg, "%s: an incomplete copy (hazreg migrate failed or was stopped): "
		                 "remove it and copy again",
		            uri);
	hr_free(state);
	return rc;
}

int hr_register_open(hr_register **out, const char *uri, const hr_open_options *opts)
{
	hr_open_options def = HR_OPEN_OPTIONS_INIT;
	hr_register *reg;
	uint64_t size = 0;
	int rc;
	if (!out || !uri)
		return HR_EINVAL;
	*out = NULL;
	if (!opts)
		opts = &def;
	if (opts->version < 1 || opts->version > HR_OPEN_OPTIONS_VERSION)
		return HR_EVERSION;
	reg = hr__calloc(1, sizeof *reg);
	if (!reg)
		return HR_ENOMEM;
	*out = reg;
	reg->readonly = opts->readonly;
	if ((rc = hr_geos__init(&reg->geos)))
		return rc;
	if ((rc = hr_reg__backend_open(reg, uri, opts->create, opts->readonly)))
		return rc;
	if (opts->version >= 2 && opts->lock_wait_ms && reg->be->lock_wait &&
	    (rc = reg->be->lock_wait(reg->be, opts->lock_wait_ms)))
		return hr_reg__be_err(reg, rc, "setting the wait for other writers");
	if ((rc = refuse_incomplete_copy(reg, uri)))
		return rc;
	if (!opts->readonly &&
	    (rc = reg->be->ensure_layers(reg->be, hr_layers_all, HR_NLAYERS)))
		return hr_reg__be_err(reg, rc, "preparing the layers");
	if ((rc = reg->be->log_size(reg->be, &size)))
		return hr_reg__be_err(reg, rc, "reading the log size");
	if (size == 0 && !opts->readonly) {
		if ((rc = hr_batch_begin(reg)))
			return rc;
		if ((rc = append_catalogue(reg))) {
			hr_batch_abort(reg);
			return rc;
		}
		if ((rc = hr_batch_commit(reg)))
			return rc;
	}
	return 0;
}

void hr_register_close(hr_register *reg)
{
	if (!reg)
		return;
	if (reg->in_batch)
		hr_batch_abort(reg);
	if (reg->be)
		reg->be->close(reg->be);
	hr_geos__finish(&reg->geos);
	hr_risk__caches_free(reg);
	hr_query__cache_free(reg);
	hr_query__during_free(reg);
	hr_index_free(reg->index);
	hr_free(reg);
}

void hr_reg__index_mode(hr_register *reg, int mode)
{
	reg->index_mode = mode;
	if (mode == HR_INDEX_NEVER) {
		hr_query__cache_free(reg);
		hr_index_free(reg->index);
		reg->index = NULL;
	}
}

int hr_reg__read_begin(hr_register *reg)
{
	return hr_reg__read_begin_at(reg, 0, 1);
}

int hr_reg__read_begin_at(hr_register *reg, uint64_t least, int vouched)
{
	uint64_t v = 0, current = 0, floor;
	int rc;
	if (reg->be->read_begin_least && (reg->share || least)) {
		/* a server's handles: its own commits seen, a listener's word taken */
		if (reg->share) {
			floor = __atomic_load_n(&reg->share->least, __ATOMIC_ACQUIRE);
			if (vouched)
				current = __atomic_load_n(&reg->share->current, __ATOMIC_ACQUIRE);
			if (floor > least)
				least = floor;
		}
		rc = reg->be->read_begin_least(reg->be, least, current, &v);
	} else {
		rc = reg->be->read_begin(reg->be, &v);
	}
	if (rc)
		return hr_reg__be_err(reg, rc, "reading the store");
	if (reg->reading++ == 0)
		reg->read_version = v;
	return 0;
}

void hr_reg__read_end(hr_register *reg)
{
	if (reg->reading > 0 && --reg->reading == 0)
		reg->read_version = 0;
	/* a read-only transaction ends without writing: nothing to report */
	(void)reg->be->read_end(reg->be);
}

/* ---- batches ----------------------------------------------------------- */

int hr_batch_begin(hr_register *reg)
{
	int rc;
	if (!reg || !reg->be)
		return HR_EINVAL;
	if (reg->readonly) {
		hr_reg__err(reg, "the register is open read-only");
		return HR_EREADONLY;
	}
	if (reg->in_batch) {
		hr_reg__err(reg, "a batch is already open");
		return HR_EINVAL;
	}
	if ((rc = reg->be->begin(reg->be)))
		return hr_reg__be_err(reg, rc, "starting a transaction");
	if ((rc = reg->be->log_size(reg->be, &reg->next_idx))) {
		reg->be->rollback(reg->be);
		return hr_reg__be_err(reg, rc, "reading the log size");
	}
	reg->in_batch = 1;
	reg->keyless_org[0] = '\0';
	return 0;
}

int hr_batch_commit(hr_register *reg)
{
	int rc;
	if (!reg || !reg->in_batch)
		return HR_EINVAL;
	if (reg->poisoned) {
		hr_batch_abort(reg);
		hr_reg__err(reg, "an earlier failure could not be undone: the batch was rolled back");
		return HR_ERROR;
	}
	/* the tree's tiles in the same transaction as the records */
	if ((rc = hr_tree__sync(reg, reg->next_idx))) {
		hr_batch_abort(reg);
		return rc;
	}
	reg->in_batch = 0;
	if ((rc = reg->be->commit(reg->be))) {
		reg->be->rollback(reg->be);
		return hr_reg__be_err(reg, rc, "committing");
	}
	return 0;
}

void hr_batch_abort(hr_register *reg)
{
	if (!reg || !reg->in_batch)
		return;
	reg->in_batch = 0;
	reg->poisoned = 0;
	reg->be->rollback(reg->be);
}

static int count_cb(void *ctx, const hr_log_row *row)
{
	(void)row;
	(*(uint64_t *)ctx)++;
	return 0;
}

/* Whether the log holds a record of this kind and subject. */
static int known(hr_register *reg, int kind, const char *subject, int *out)
{
	uint64_t n = 0;
	int rc = reg->be->log_subject(reg->be, kind, subject, count_cb, &n);
	if (rc)
		return hr_reg__be_err(reg, rc, "reading the log");
	*out = n > 0;
	return 0;
}

static int hazard_from_cb(void *ctx, const hr_row *row)
{
	*(hr_time *)ctx = row->cells[A_HAZARD_FROM].is_null ? HR_TIME_NONE
	                                                    : row->cells[A_HAZARD_FROM].i;
	return 0;
}

/* A release cannot precede the earliest evidence of the contamination it
 * releases: it would release land before anyone could have cleared it. */
static int check_release_time(hr_register *reg, const hr_record *rec, const char *area)
{
	hr_time from = HR_TIME_NONE, rel = hr_record_time(rec, HR_F_RELEASED_AT);
	char a[HR_TIME_BUFSZ], b[HR_TIME_BUFSZ];
	int rc = reg->be->row_get(reg->be, &hr_layer_areas, area, hazard_from_cb, &from);
	if (rc)
		return hr_reg__be_err(reg, rc, "reading the hazardous area");
	if (rel == HR_TIME_NONE)
		rel = hr_record_time(rec, HR_F_DOI);
	if (from != HR_TIME_NONE && rel < from) {
		hr_reg__err(reg, "released_at: %s is before the earliest evidence of contamination "
		                 "of area %s (%s)", hr_time_format(a, rel), area, hr_time_format(b, from));
		return HR_EVALIDATE;
	}
	return 0;
}

static int report_status_cb(void *ctx, const hr_row *row)
{
	const char *st = row->cells[P_STATUS].s;
	snprintf(ctx, 16, "%s", st ? st : "");
	return 0;
}

/* A report starts received, with its point and description, and its status
 * only moves forward from then on (report.h). */
static int check_report(hr_register *reg, const hr_record *rec, const char *id)
{
	const char *status = hr_record_text(rec, HR_F_REPORT_STATUS);
	char now[16] = "";
	int rc, k;
	if ((rc = known(reg, HR_KIND_REPORT, id, &k)))
		return rc;
	if (!k) {
		if (!hr_record_get(rec, HR_F_GEOM, 0)) {
			hr_reg__err(reg, "geometry: required in the first record of report %s", id);
			return HR_EVALIDATE;
		}
		if (!hr_record_get(rec, HR_F_DESCRIPTION, 0)) {
			hr_reg__err(reg, "description: required in the first record of report %s", id);
			return HR_EVALIDATE;
		}
		if (strcmp(status, "received") != 0) {
			hr_reg__err(reg, "report_status: a report starts \"received\", not \"%s\"",
			            status);
			return HR_EVALIDATE;
		}
		return 0;
	}
	rc = reg->be->row_get(reg->be, &hr_layer_reports, id, report_status_cb, now);
	if (rc)
		return hr_reg__be_err(reg, rc, "reading the report");
	if (hr_report_status_rank(status) <= hr_report_status_rank(now)) {
		hr_reg__err(reg, "report_status: report %s is \"%s\" already; its status only moves "
		                 "forward (received, reviewed, tasked, closed)",
		            id, now);
		return HR_EVALIDATE;
	}
	return 0;
}

/* References a record makes must point at things the register knows. */
static int check_refs(hr_register *reg, const hr_record *rec)
{
	const char *id = hr_record_text(rec, HR_F_ID);
	const char *area = hr_record_text(rec, HR_F_AREA_ID);
	const char *cls = hr_record_text(rec, HR_F_DEVICE_CLASS);
	const hr_value *v;
	int rc, k;
	if (rec->kind == HR_KIND_REPORT)
		return check_report(reg, rec, id);
	if (rec->kind == HR_KIND_AREA) {
		if ((rc = known(reg, HR_KIND_AREA, id, &k)))
			return rc;
		if (!k && !hr_record_get(rec, HR_F_GEOM, 0)) {
			hr_reg__err(reg, "geometry: required in the first report of area %s", id);
			return HR_EVALIDATE;
		}
		if (!k && !hr_record_get(rec, HR_F_CLASSIFICATION, 0)) {
			hr_reg__err(reg, "classification: required in the first report of area %s (SHA or CHA)", id);
			return HR_EVALIDATE;
		}
	}
	if (area) {
		if ((rc = known(reg, HR_KIND_AREA, area, &k)))
			return rc;
		if (!k) {
			hr_reg__err(reg, "area_id: no hazardous area \"%s\" in the register", area);
			return HR_EVALIDATE;
		}
		if (rec->kind == HR_KIND_RELEASE && (rc = check_release_time(reg, rec, area)))
			return rc;
	}
	for (size_t i = 0; (v = hr_record_get(rec, HR_F_CONTAM, i)) || cls; i++) {
		const char *c = v ? v->u.contam.device_class : cls;
		if ((rc = known(reg, HR_KIND_CLASS, c, &k)))
			return rc;
		if (!k) {
			hr_reg__err(reg, "%s: unknown device class \"%s\" (add a class record first)",
			            v ? "contamination" : "device_class", c);
			return HR_EVALIDATE;
		}
		if (!v)
			break;
	}
	return 0;
}

/* ---- organisations' signatures ------------------------------------------ */

#define ORG_KEYS_MAX 64

typedef struct {
	hr_org_key keys[ORG_KEYS_MAX];
	hr_key_verifier vk[ORG_KEYS_MAX];
	size_t n;
	int overflow;
} org_keys;

static int org_key_cb(void *ctx, const hr_row *row)
{
	org_keys *k = ctx;
	const char *text = row->cells[K_ID].s, *status = row->cells[K_STATUS].s;
	if (k->n == ORG_KEYS_MAX) {
		k->overflow = 1;
		return 0;
	}
	if (!text || hr_key_verifier_parse(&k->vk[k->n], text, strlen(text), NULL, 0) != 0)
		return 0; /* validated on append: cannot happen short of tampering */
	k->keys[k->n].key_id = k->vk[k->n].id;
	memcpy(k->keys[k->n].pub, k->vk[k->n].pub, 32);
	k->keys[k->n].name = k->vk[k->n].name;
	k->keys[k->n].active = status && strcmp(status, "active") == 0;
	k->n++;
	return 0;
}

static int org_of_key_cb(void *ctx, const hr_row *row)
{
	const char *org = row->cells[K_ORG].s;
	snprintf(ctx, 256, "%s", org ? org : "");
	return 0;
}

/* The organisation a record names must have signed it with a key it has
 * registered, once it has one (hr_record_check_org_signature); a key, once
 * registered for an organisation, stays that organisation's. */
static int check_signature(hr_register *reg, const hr_record *rec)
{
	const char *org = hr_record_text(rec, HR_F_ORG);
	char why[512], owner[256] = "";
	org_keys *k;
	int rc;
	if (rec->kind == HR_KIND_ORG_KEY) {
		rc = reg->be->row_get(reg->be, &hr_layer_org_keys, hr_record_text(rec, HR_F_ID),
		                      org_of_key_cb, owner);
		if (rc && rc != HR_ENOTFOUND)
			return hr_reg__be_err(reg, rc, "reading the registered keys");
		if (owner[0] && strcmp(owner, org) != 0) {
			hr_reg__err(reg, "id: this key is registered to organisation '%s', not '%s'",
			            owner, org);
			return HR_EVALIDATE;
		}
		reg->keyless_org[0] = '\0'; /* the organisation may have a key from now on */
		return 0;
	}
	/* An import is mostly one organisation's records: once it is known to
	 * have no key, an unsigned record of it needs no look-up. */
	if (!hr_record_get(rec, HR_F_SIGNATURE, 0) && strcmp(reg->keyless_org, org) == 0)
		return 0;
	if (!(k = hr__calloc(1, sizeof *k)))
		return HR_ENOMEM;
	rc = reg->be->rows_where(reg->be, &hr_layer_org_keys, "org", org, org_key_cb, k);
	if (rc) {
		hr_free(k);
		return hr_reg__be_err(reg, rc, "reading the registered keys");
	}
	if (k->overflow) {
		hr_free(k);
		hr_reg__err(reg, "org: organisation '%s' has more than %d registered keys; revoke "
		                 "old ones",
		            org, ORG_KEYS_MAX);
		return HR_EVALIDATE;
	}
	rc = hr_record_check_org_signature(rec, k->keys, k->n, NULL, why, sizeof why);
	if (k->n == 0 && strlen(org) < sizeof reg->keyless_org)
		snprintf(reg->keyless_org, sizeof reg->keyless_org, "%s", org);
	hr_free(k);
	if (rc == HR_EVALIDATE)
		hr_reg__err(reg, "%s", why);
	return rc;
}

typedef struct {
	hr_org_key_cb cb;
	void *ctx;
} list_keys;

static int list_key_cb(void *ctx, const hr_row *row)
{
	list_keys *l = ctx;
	hr_org_key_row k;
	k.verifier = row->cells[K_ID].s;
	k.org = row->cells[K_ORG].s;
	k.status = row->cells[K_STATUS].s;
	k.doi = row->cells[K_DOI].is_null ? HR_TIME_NONE : row->cells[K_DOI].i;
	k.last_index = (uint64_t)row->cells[K_LAST_INDEX].i;
	return l->cb(l->ctx, &k);
}

int hr_register_org_keys(hr_register *reg, const char *org, hr_org_key_cb cb, void *ctx)
{
	list_keys l = {cb, ctx};
	int rc;
	if (!reg || !cb)
		return HR_EINVAL;
	reg->err[0] = '\0';
	rc = org ? reg->be->rows_where(reg->be, &hr_layer_org_keys, "org", org, list_key_cb, &l)
	         : reg->be->rows_all(reg->be, &hr_layer_org_keys, list_key_cb, &l);
	if (rc < 0 && !reg->err[0])
		return hr_reg__be_err(reg, rc, "reading the registered keys");
	return rc;
}

static int sink_put(void *ctx, const hr_row *row)
{
	hr_register *reg = ctx;
	int rc = reg->be->row_put(reg->be, row);
	if (rc)
		return hr_reg__be_err(reg, rc, "writing derived state");
	return 0;
}

int hr_batch_add(hr_register *reg, hr_record *rec, hr_append_info *info)
{
	hr_append_info local;
	hr_log_row row;
	unsigned char *bytes = NULL;
	size_t len = 0;
	const char *subject;
	char why[512];
	int rc, marked = 0;
	if (!reg || !rec)
		return HR_EINVAL;
	if (reg->poisoned) {
		hr_reg__err(reg, "an earlier failure could not be undone: abort this batch");
		return HR_ERROR;
	}
	if (!reg->in_batch) {
		hr_reg__err(reg, "hr_batch_add outside a batch");
		return HR_EINVAL;
	}
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	if ((rc = hr_record_validate(rec, why, sizeof why))) {
		hr_reg__err(reg, "%s", why);
		return rc;
	}
	if ((rc = check_refs(reg, rec)) || (rc = check_signature(reg, rec)))
		return rc;
	subject = hr_record_text(rec, HR_F_ID);
	rec->appended = hr_time_now();
	if ((rc = hr_record_encode(&bytes, &len, rec)))
		goto done;
	/* From here on a failure must leave the batch as it was before this
	 * record: everything below is written under a savepoint. */
	if ((rc = reg->be->savepoint(reg->be, HR_SAVEPOINT_OPEN))) {
		hr_reg__be_err(reg, rc, "opening a savepoint");
		goto done;
	}
	marked = 1;
	memset(&row, 0, sizeof row);
	row.idx = reg->next_idx;
	row.kind = (int)rec->kind;
	row.subject = subject;
	row.area_ref = rec->kind == HR_KIND_AREA ? subject : hr_record_text(rec, HR_F_AREA_ID);
	row.doi = hr_record_time(rec, HR_F_DOI);
	row.appended = rec->appended;
	row.bytes = bytes;
	row.len = len;
	hr_leaf_hash(row.leaf, bytes, len);
	if ((rc = reg->be->log_append(reg->be, &row))) {
		hr_reg__be_err(reg, rc, "appending to the log");
		goto done;
	}
	{
		int seq = 0, last = -1;
		for (size_t i = 0; i < rec->n; i++) {
			const hr_value *v = &rec->v[i];
			hr_private_row p;
			if (v->type != HR_FT_PRIVATE)
				continue;
			seq = v->tag == last ? seq + 1 : 0;
			last = v->tag;
			if (!v->u.priv.value)
				continue;
			p.idx = row.idx;
			p.tag = v->tag;
			p.seq = seq;
			p.salt = v->u.priv.salt;
			p.value = v->u.priv.value;
			if ((rc = reg->be->private_put(reg->be, &p))) {
				hr_reg__be_err(reg, rc, "storing a private value");
				goto done;
			}
		}
	}
	info->index = row.idx;
	memcpy(info->leaf, row.leaf, 32);
	rc = hr_derive__subject(reg, (int)rec->kind, subject, sink_put, reg, row.idx, info);
	if (rc)
		goto done;
done:
	if (marked) {
		int src = reg->be->savepoint(reg->be, rc ? HR_SAVEPOINT_UNDO : HR_SAVEPOINT_KEEP);
		if (src && !rc)
			rc = hr_reg__be_err(reg, src, "closing a savepoint");
		if (src && rc) {
			/* the batch can no longer be trusted: nothing of it may commit */
			reg->poisoned = 1;
		}
	}
	if (rc == 0)
		reg->next_idx++;
	hr_free(bytes);
	return rc;
}

int hr_register_append(hr_register *reg, hr_record *rec, hr_append_info *info)
{
	int rc;
	if ((rc = hr_batch_begin(reg)))
		return rc;
	if ((rc = hr_batch_add(reg, rec, info))) {
		hr_batch_abort(reg);
		return rc;
	}
	return hr_batch_commit(reg);
}

/* ---- reading the log --------------------------------------------------- */

int hr_register_log_size(hr_register *reg, uint64_t *out)
{
	int rc;
	if (!reg || !out)
		return HR_EINVAL;
	if ((rc = reg->be->log_size(reg->be, out)))
		return hr_reg__be_err(reg, rc, "reading the log size");
	return 0;
}

typedef struct {
	hr_register *reg;
	hr_record **rec;
	unsigned char *leaf;
	int found;
} get_ctx;

static int get_cb(void *ctx, const hr_log_row *row)
{
	get_ctx *g = ctx;
	char err[256] = "";
	int rc;
	g->found = 1;
	if (g->leaf)
		memcpy(g->leaf, row->leaf, 32);
	if (g->rec && (rc = hr_record_decode(g->rec, row->bytes, row->len, err, sizeof err))) {
		if (rc == HR_ENOMEM)
			return rc;
		hr_reg__err(g->reg, "log entry %llu: %s", (unsigned long long)row->idx, err);
		return HR_ECORRUPT;
	}
	return 0;
}

int hr_register_log_get(hr_register *reg, uint64_t idx, hr_record **rec, unsigned char leaf[32])
{
	get_ctx g = {reg, rec, leaf, 0};
	int rc;
	if (!reg)
		return HR_EINVAL;
	if (rec)
		*rec = NULL;
	rc = reg->be->log_range(reg->be, idx, idx + 1, get_cb, &g);
	if (rc == HR_ECORRUPT || rc == HR_ENOMEM)
		return rc;
	if (rc)
		return hr_reg__be_err(reg, rc, "reading the log");
	if (!g.found) {
		hr_reg__err(reg, "no log entry %llu", (unsigned long long)idx);
		return HR_ENOTFOUND;
	}
	return 0;
}

typedef struct {
	hr_register *reg;
	hr_entry_cb cb;
	void *ctx;
	size_t n;
} hist_ctx;

static int hist_cb(void *ctx, const hr_log_row *row)
{
	hist_ctx *h = ctx;
	hr_record *rec = NULL;
	hr_entry e;
	char err[256] = "";
	int rc;
	if ((rc = hr_record_decode(&rec, row->bytes, row->len, err, sizeof err))) {
		if (rc == HR_ENOMEM)
			return rc;
		hr_reg__err(h->reg, "log entry %llu: %s", (unsigned long long)row->idx, err);
		return HR_ECORRUPT;
	}
	e.idx = row->idx;
	e.rec = rec;
	e.leaf = row->leaf;
	e.appended = row->appended;
	h->n++;
	rc = h->cb(h->ctx, &e);
	hr_record_free(rec);
	return rc;
}

int hr_register_history(hr_register *reg, const char *area_id, hr_entry_cb cb, void *ctx)
{
	hist_ctx h = {reg, cb, ctx, 0};
	int rc, k;
	if (!reg || !area_id || !cb)
		return HR_EINVAL;
	if ((rc = known(reg, HR_KIND_AREA, area_id, &k)))
		return rc;
	if (!k) {
		hr_reg__err(reg, "no hazardous area \"%s\" in the register", area_id);
		return HR_ENOTFOUND;
	}
	rc = reg->be->log_area(reg->be, area_id, hist_cb, &h);
	if (rc && rc != HR_ECORRUPT && rc != HR_ENOMEM && h.n == 0)
		return hr_reg__be_err(reg, rc, "reading the log");
	return rc;
}

int hr_register_subject_history(hr_register *reg, int kind, const char *id, hr_entry_cb cb,
                                void *ctx)
{
	hist_ctx h = {reg, cb, ctx, 0};
	int rc;
	if (!reg || !id || !cb || !hr_kind_name(kind))
		return HR_EINVAL;
	rc = reg->be->log_subject(reg->be, kind, id, hist_cb, &h);
	if (rc && rc != HR_ECORRUPT && rc != HR_ENOMEM && h.n == 0)
		return hr_reg__be_err(reg, rc, "reading the log");
	if (rc == 0 && h.n == 0) {
		hr_reg__err(reg, "no %s \"%s\" in the register", hr_kind_name(kind), id);
		return HR_ENOTFOUND;
	}
	return rc;
}

typedef struct {
	hr_register *reg;
	hr_record *rec;
} priv_ctx;

/* One kept value: into the seq-th private field of its tag, if it is the
 * value the log committed to. */
static int priv_cb(void *ctx, const hr_private_row *row)
{
	priv_ctx *p = ctx;
	unsigned char hash[32];
	hr_value *v = NULL;
	int seq = 0;
	for (size_t i = 0; i < p->rec->n && !v; i++)
		if (p->rec->v[i].tag == row->tag && p->rec->v[i].type == HR_FT_PRIVATE &&
		    seq++ == row->seq)
			v = &p->rec->v[i];
	if (!v || !row->value)
		return 0; /* kept for a field the record does not have: nothing to show */
	hr_record__commit(hash, row->salt, row->value);
	if (sodium_memcmp(hash, v->u.priv.hash, 32) != 0) {
		hr_reg__err(p->reg, "log entry %llu: the private value kept for tag %d does not "
		                    "match the commitment in the log",
		            (unsigned long long)row->idx, row->tag);
		return HR_ECORRUPT;
	}
	if (v->u.priv.value) {
		sodium_memzero(v->u.priv.value, strlen(v->u.priv.value));
		hr_free(v->u.priv.value);
	}
	if (!(v->u.priv.value = hr__strdup(row->value)))
		return HR_ENOMEM;
	memcpy(v->u.priv.salt, row->salt, 16);
	return 0;
}

int hr_register_private_values(hr_register *reg, uint64_t idx, hr_record *rec)
{
	priv_ctx p = {reg, rec};
	int rc;
	if (!reg || !rec)
		return HR_EINVAL;
	rc = reg->be->private_get(reg->be, idx, priv_cb, &p);
	if (rc && rc != HR_ECORRUPT && rc != HR_ENOMEM)
		return hr_reg__be_err(reg, rc, "reading private values");
	return rc;
}
