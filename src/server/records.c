/*
 * records.c - organisations' records in through the API, and log entries
 * out with their private fields.
 *
 * POST /records takes one GeoJSON Feature exactly as "hazreg import" reads
 * one (the same reader, from memory), signed by the organisation it names
 * ("hazreg sign"): the signature covers private fields as their salted
 * commitments, so private values come with their salts. A reporter's
 * token appends its own organisation's records only. The append goes
 * through the one writer handle and is answered 201 only once committed;
 * a record the log holds already is answered 200 with its index, so that
 * a client may safely send again what it is not sure arrived.
 *
 * GET /records/{index} is the one place private values are served: to
 * analysts and admins, never cached.
 */
#include "server/reports_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int srv_refuse(srv_response *rs, int status, const char *field, const char *reason)
{
	char f[64] = "";
	const char *sep;

	if (!field && (sep = strstr(reason, ": ")) && (size_t)(sep - reason) < sizeof f &&
	    !memchr(reason, ' ', (size_t)(sep - reason))) {
		memcpy(f, reason, (size_t)(sep - reason));
		f[sep - reason] = '\0';
		reason = sep + 2;
	} else if (field) {
		snprintf(f, sizeof f, "%s", field);
	}
	if (f[0])
		srv_error(rs, status, "%s: %s", f, reason);
	else
		srv_error(rs, status, "%s", reason);
	if (!f[0] || rs->oom || rs->len < 2)
		return 0;
	rs->len -= 2; /* the object's "}\n": a member goes before them */
	srv_puts(rs, ",\"field\":");
	srv_json_str(rs, f);
	srv_puts(rs, "}\n");
	return 0;
}

int srv_write_busy(srv_response *rs, const char *why)
{
	char s[16];
	srv_error(rs, 503, "the register is busy with another write: %s", why);
	snprintf(s, sizeof s, "%d", SRV_WRITE_WAIT_S);
	srv_add_header(rs, "Retry-After", s);
	return 0;
}

int srv_append_refused(srv_response *rs, hr_register *w, int rc)
{
	switch (rc) {
	case HR_EVALIDATE:
		return srv_refuse(rs, 422, NULL, hr_errmsg(w));
	case HR_EBUSY:
		return srv_write_busy(rs, hr_errmsg(w));
	case HR_EIO:
	case HR_EREADONLY:
	case HR_ENOMEM:
		return srv_error(rs, 503, "the register cannot take the record now: %s",
		                 hr_errmsg(w));
	default:
		return srv_error(rs, 500, "the register failed: %s", hr_errmsg(w));
	}
}

/* The record a request's body holds; NULL after answering why not. */
static hr_record *body_record(srv_request *rq, srv_response *rs)
{
	hr_record *rec = NULL;
	hr_read_error e;
	int rc = hr_geojson_read_feature(&rec, rq->body, rq->body_len, &e);

	if (rc == 0)
		return rec;
	if (rc == HR_ENOMEM)
		srv_error(rs, 503, "out of memory reading the feature");
	else
		srv_refuse(rs, rc == HR_EVALIDATE ? 422 : 400, e.field, e.reason);
	return NULL;
}

/* Whether the log holds this record already: the same signed message
 * (same facts, whatever the signature). A client that did not hear the
 * answer may send a record again without it entering the log twice. */
typedef struct {
	const unsigned char *msg;
	size_t len;
	int found;
	uint64_t idx;
	unsigned char leaf[32];
} same_ctx;

static int same_cb(void *ctx, const hr_entry *e)
{
	same_ctx *c = ctx;
	unsigned char *msg = NULL;
	size_t len = 0;
	int rc = hr_record_signed_message(&msg, &len, e->rec);
	if (rc)
		return rc;
	if (!c->found && len == c->len && memcmp(msg, c->msg, len) == 0) {
		c->found = 1;
		c->idx = e->idx;
		memcpy(c->leaf, e->leaf, 32);
	}
	hr_free(msg);
	return 0;
}

static int find_same(hr_register *w, const hr_record *rec, same_ctx *c)
{
	unsigned char *msg = NULL;
	int rc;
	memset(c, 0, sizeof *c);
	if ((rc = hr_record_signed_message(&msg, &c->len, rec)))
		return rc;
	c->msg = msg;
	rc = hr_register_subject_history(w, (int)rec->kind, hr_record_text(rec, HR_F_ID), same_cb,
	                                 c);
	hr_free(msg);
	c->msg = NULL;
	return rc == HR_ENOTFOUND ? 0 : rc;
}

int srv_records_post(srv_request *rq, srv_response *rs)
{
	hr_record *rec = body_record(rq, rs);
	hr_append_info info;
	same_ctx same;
	hr_register *w;
	const char *org;
	char hex[65], loc[320];
	int rc;

	if (!rec)
		return 0;
	org = hr_record_text(rec, HR_F_ORG);
	if (!hr_record_get(rec, HR_F_SIGNATURE, 0)) {
		srv_refuse(rs, 422, "signature",
		           "POST /records takes records signed by their organisation "
		           "('hazreg sign --key KEYFILE')");
		goto done;
	}
	if (rq->role == SRV_ROLE_REPORTER && (!org || strcmp(org, rq->org) != 0)) {
		srv_error(rs, 403, "this token appends records of organisation '%s' only, not '%s'",
		          rq->org, org ? org : "");
		goto done;
	}
	if (!(w = srv_writer(rq->app, rs)))
		goto done;
	memset(&info, 0, sizeof info);
	rc = find_same(w, rec, &same);
	if (rc == 0 && same.found) {
		info.index = same.idx;
		memcpy(info.leaf, same.leaf, 32);
	} else if (rc == 0) {
		rc = hr_register_append(w, rec, &info);
	}
	if (rc != 0)
		srv_append_refused(rs, w, rc);
	srv_writer_done(rq->app);
	if (rc != 0)
		goto done;
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", info.leaf[i]);
	snprintf(loc, sizeof loc, "%s/records/%llu", srv_base_url(rq),
	         (unsigned long long)info.index);
	rs->status = same.found ? 200 : 201;
	srv_add_header(rs, "Location", loc);
	srv_printf(rs, "{\"index\":%llu,\"leaf_hash\":\"%s\",\"kind\":\"%s\",\"id\":",
	           (unsigned long long)info.index, hex, hr_kind_name((int)rec->kind));
	srv_json_str(rs, hr_record_text(rec, HR_F_ID));
	srv_printf(rs, ",\"duplicate\":%s,\"stale\":%s,\"note\":", same.found ? "true" : "false",
	           info.stale ? "true" : "false");
	srv_json_str(rs, info.stale ? info.note : NULL);
	srv_puts(rs, ",\"links\":[{\"rel\":\"self\",\"href\":");
	srv_json_str(rs, loc);
	srv_puts(rs, "}]}\n");
done:
	hr_record_free(rec);
	return 0;
}

int srv_records_get(srv_request *rq, srv_response *rs)
{
	const char *p = rq->params[0];
	hr_record *rec = NULL;
	unsigned char leaf[32];
	char *feature = NULL, *end, t[HR_TIME_BUFSZ];
	unsigned long long idx;
	int rc;

	rs->private_data = 1;
	errno = 0;
	idx = strtoull(p, &end, 10);
	if (!*p || *p < '0' || *p > '9' || *end || errno)
		return srv_error(rs, 404, "no log entry %s: an index is a whole number", p);
	rc = hr_register_log_get(rq->reg, idx, &rec, leaf);
	if (rc == 0)
		rc = hr_register_private_values(rq->reg, idx, rec);
	if (rc == 0)
		rc = hr_record_to_geojson(&feature, rec, HR_GEOJSON_PRIVATE);
	if (rc == HR_ENOTFOUND)
		srv_error(rs, 404, "no log entry %llu", idx);
	else if (rc != 0)
		srv_error(rs, 500, "log entry %llu cannot be read: %s", idx, hr_errmsg(rq->reg));
	else {
		srv_printf(rs, "{\"index\":%llu,\"leaf_hash\":\"", idx);
		for (int i = 0; i < 32; i++)
			srv_printf(rs, "%02x", leaf[i]);
		srv_printf(rs, "\",\"appended\":\"%s\",\"record\":%s}\n",
		           hr_time_format(t, rec->appended), feature);
	}
	hr_free(feature);
	hr_record_free(rec);
	return 0;
}
