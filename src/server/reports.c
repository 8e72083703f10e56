/*
 * reports.c - the "records in" part of the HTTP API: its route table, and
 * public reports of suspicious items.
 *
 * Anyone may report (POST /reports), at most limits.reports_per_min times a
 * minute from one address; the answer is a random tracking id. With it the
 * reporter follows the report (GET /reports/{id}): its status, the point,
 * when it was received and last changed, and nothing that anyone wrote.
 * Analysts see the description and contact and move a report on (POST
 * /reports/{id}/status): received, reviewed, tasked, closed, only forward.
 * Each step is a record of the log (report.h): a report never changes a
 * hazardous area, whatever it says.
 */
#include "server/reports_int.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADVICE                                                                                 \
	"Do not touch the item or go near it. Keep others away and, if you can without going "    \
	"closer, mark the place. In an emergency call 101 (Ukraine). / Не торкайтеся предмета "   \
	"і не підходьте до нього. Не підпускайте інших і, якщо можете не наближаючись, "          \
	"позначте місце. У разі небезпеки телефонуйте 101."

/* The body as a JSON object whose members are all among `allowed`; NULL
 * after answering 400. Caller frees with json_decref(). */
static json_t *body_object(srv_request *rq, srv_response *rs, const char *const *allowed)
{
	json_error_t je;
	json_t *o = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je);
	const char *key;
	json_t *v;

	if (!o) {
		srv_error(rs, 400, "the body is not JSON: %s (line %d, column %d)", je.text, je.line,
		          je.column);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		srv_error(rs, 400, "the body must be a JSON object");
		return NULL;
	}
	json_object_foreach(o, key, v) {
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], key) != 0)
			i++;
		if (!allowed[i]) {
			srv_refuse(rs, 400, key, "unknown member");
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* An optional string member; refused (422) when of another type. */
static int string_member(json_t *o, const char *name, const char **out, srv_response *rs)
{
	json_t *v = json_object_get(o, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		srv_refuse(rs, 422, name, "expected a string");
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

static void put_point(srv_response *rs, hr_point p)
{
	srv_printf(rs, "{\"type\":\"Point\",\"coordinates\":[%.7f,%.7f]}", p.lon, p.lat);
}

/* The front of a report's JSON object: what anyone may see. */
static int put_report(void *ctx, const hr_report_row *r)
{
	srv_response *rs = ctx;
	char t1[HR_TIME_BUFSZ], t2[HR_TIME_BUFSZ];
	srv_puts(rs, "{\"id\":");
	srv_json_str(rs, r->id);
	srv_puts(rs, ",\"status\":");
	srv_json_str(rs, r->status);
	srv_printf(rs, ",\"received\":\"%s\",\"last_changed\":\"%s\",\"geometry\":",
	           hr_time_format(t1, r->received), hr_time_format(t2, r->last_changed));
	put_point(rs, r->at);
	return 0;
}

/* ---- POST /reports ---- */

/* A new report's record from the request, or NULL after answering why not. */
static hr_record *report_record(srv_request *rq, srv_response *rs, const char *id)
{
	static const char *const allowed[] = {"lon", "lat", "description", "contact", NULL};
	json_t *o = body_object(rq, rs, allowed), *lon, *lat;
	const char *desc, *contact;
	hr_record *rec = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0;
	char why[256] = "";
	int rc = HR_ENOMEM;

	if (!o)
		return NULL;
	lon = json_object_get(o, "lon");
	lat = json_object_get(o, "lat");
	if (!json_is_number(lon) || !json_is_number(lat) || !isfinite(json_number_value(lon)) ||
	    !isfinite(json_number_value(lat))) {
		srv_refuse(rs, 422, json_is_number(lon) ? "lat" : "lon",
		           "lon and lat are needed: numbers, WGS84 degrees");
		goto done;
	}
	if (fabs(json_number_value(lon)) > 180 || fabs(json_number_value(lat)) > 90) {
		srv_refuse(rs, 422, fabs(json_number_value(lon)) > 180 ? "lon" : "lat",
		           "outside WGS84: lon is -180 to 180, lat -90 to 90");
		goto done;
	}
	if (string_member(o, "description", &desc, rs) || string_member(o, "contact", &contact, rs))
		goto done;
	if (!desc) {
		srv_refuse(rs, 422, "description", "say what you saw and where (1 to 2000 characters)");
		goto done;
	}
	if (contact && !*contact)
		contact = NULL;
	if ((rc = hr_geom_point(&wkb, &len, json_number_value(lon), json_number_value(lat), why,
	                        sizeof why)) == 0 &&
	    (rc = hr_record_new(&rec, HR_KIND_REPORT)) == 0 &&
	    (rc = hr_record_set_text(rec, HR_F_ID, id)) == 0 &&
	    (rc = hr_record_set_text(rec, HR_F_ORG, "public")) == 0 &&
	    (rc = hr_record_set_time(rec, HR_F_DOI, hr_time_now())) == 0 &&
	    (rc = hr_record_set_geom(rec, HR_F_GEOM, wkb, len)) == 0 &&
	    (rc = hr_record_set_text(rec, HR_F_REPORT_STATUS, "received")) == 0 &&
	    (rc = hr_record_set_private(rec, HR_F_DESCRIPTION, desc)) == 0 && contact)
		rc = hr_record_set_private(rec, HR_F_CONTACT, contact);
	if (rc == 0 && (rc = hr_record_validate(rec, why, sizeof why)) == HR_EVALIDATE) {
		srv_refuse(rs, 422, NULL, why);
		goto done;
	}
	if (rc == HR_EVALIDATE)
		srv_refuse(rs, 422, "lon", why);
	else if (rc)
		srv_error(rs, 503, "cannot make the report: %s", hr_strerror(rc));
done:
	hr_free(wkb);
	json_decref(o);
	if (rc) {
		hr_record_free(rec);
		return NULL;
	}
	return rec;
}

static int reports_post(srv_request *rq, srv_response *rs)
{
	char id[HR_REPORT_ID_BUFSZ], loc[320], t[HR_TIME_BUFSZ];
	hr_append_info info;
	hr_record *rec;
	hr_register *w;
	unsigned retry;
	int rc;

	if (!srv_rate_take(rq->app->report_rate, rq->client, &retry)) {
		char s[16];
		snprintf(s, sizeof s, "%u", retry);
		srv_error(rs, 429, "too many reports from this address; try again in %u seconds",
		          retry);
		srv_add_header(rs, "Retry-After", s);
		return 0;
	}
	if (!(rec = report_record(rq, rs, hr_report_id_new(id))))
		return 0;
	if (!(w = srv_writer(rq->app, rs))) {
		hr_record_free(rec);
		return 0;
	}
	rc = hr_register_append(w, rec, &info);
	if (rc)
		srv_append_refused(rs, w, rc);
	srv_writer_done(rq->app);
	if (rc == 0) {
		snprintf(loc, sizeof loc, "%s/reports/%s", srv_base_url(rq), id);
		rs->status = 201;
		srv_add_header(rs, "Location", loc);
		srv_printf(rs, "{\"id\":\"%s\",\"status\":\"received\",\"received\":\"%s\",\"url\":", id,
		           hr_time_format(t, hr_record_time(rec, HR_F_DOI)));
		srv_json_str(rs, loc);
		srv_puts(rs, ",\"keep\":\"Keep this id: it is the only way to follow your report.\","
		             "\"advice\":");
		srv_json_str(rs, ADVICE);
		srv_puts(rs, "}\n");
	}
	hr_record_free(rec);
	return 0;
}

/* ---- GET /reports/{id} ---- */

typedef struct {
	srv_response *rs;
	hr_register *reg;
	int staff; /* analyst or admin: private values too */
	size_t n;
} history;

/* A private value of a record, as a member: ,"name":"value". */
static void put_private(srv_response *rs, const hr_record *rec, int tag, const char *name)
{
	const hr_value *v = hr_record_get(rec, tag, 0);
	if (!v || !v->u.priv.value)
		return;
	srv_printf(rs, ",\"%s\":", name);
	srv_json_str(rs, v->u.priv.value);
}

static int history_cb(void *ctx, const hr_entry *e)
{
	history *h = ctx;
	hr_record *full = NULL;
	char t[HR_TIME_BUFSZ];

	srv_printf(h->rs, "%s{\"status\":", h->n++ ? "," : "");
	srv_json_str(h->rs, hr_record_text(e->rec, HR_F_REPORT_STATUS));
	srv_printf(h->rs, ",\"at\":\"%s\"", hr_time_format(t, hr_record_time(e->rec, HR_F_DOI)));
	if (h->staff) {
		srv_printf(h->rs, ",\"index\":%llu,\"org\":", (unsigned long long)e->idx);
		srv_json_str(h->rs, hr_record_text(e->rec, HR_F_ORG));
		if (hr_register_log_get(h->reg, e->idx, &full, NULL) != 0 ||
		    hr_register_private_values(h->reg, e->idx, full) != 0) {
			hr_record_free(full);
			return HR_ERROR;
		}
		put_private(h->rs, full, HR_F_DESCRIPTION, "description");
		put_private(h->rs, full, HR_F_CONTACT, "contact");
		put_private(h->rs, full, HR_F_REVIEW_NOTE, "note");
		hr_record_free(full);
	}
	srv_puts(h->rs, "}");
	return 0;
}

/* The report as the caller may see it. */
static int answer_report(srv_request *rq, srv_response *rs, const char *id)
{
	history h = {rs, rq->reg, rq->role >= SRV_ROLE_ANALYST, 0};
	int rc = hr_report_get(rq->reg, id, put_report, rs);

	if (rc == HR_ENOTFOUND)
		return srv_error(rs, 404, "no report with this tracking id");
	if (rc)
		return srv_error(rs, 500, "the report cannot be read: %s", hr_errmsg(rq->reg));
	rs->private_data = h.staff;
	srv_puts(rs, ",\"history\":[");
	rc = hr_register_subject_history(rq->reg, HR_KIND_REPORT, id, history_cb, &h);
	if (rc)
		return srv_error(rs, 500, "the report's history cannot be read: %s",
		                 hr_errmsg(rq->reg));
	srv_puts(rs, "]}\n");
	return 0;
}

static int reports_get(srv_request *rq, srv_response *rs)
{
	return answer_report(rq, rs, rq->params[0]);
}

/* ---- POST /reports/{id}/status ---- */

static int status_cb(void *ctx, const hr_report_row *r)
{
	snprintf(ctx, 16, "%s", r->status ? r->status : "");
	return 0;
}

/* The record of a change of status, by a reviewer of organisation org. */
static int status_record(hr_record **out, const char *id, const char *org, const char *status,
                         const char *note)
{
	hr_record *rec = NULL;
	int rc;
	if ((rc = hr_record_new(&rec, HR_KIND_REPORT)) || (rc = hr_record_set_text(rec, HR_F_ID, id)) ||
	    (rc = hr_record_set_text(rec, HR_F_ORG, org)) ||
	    (rc = hr_record_set_time(rec, HR_F_DOI, hr_time_now())) ||
	    (rc = hr_record_set_text(rec, HR_F_REPORT_STATUS, status)) ||
	    (note && *note && (rc = hr_record_set_private(rec, HR_F_REVIEW_NOTE, note)))) {
		hr_record_free(rec);
		return rc;
	}
	*out = rec;
	return 0;
}

static int reports_status(srv_request *rq, srv_response *rs)
{
	static const char *const allowed[] = {"status", "note", NULL};
	const char *id = rq->params[0], *status, *note;
	json_t *o = body_object(rq, rs, allowed);
	hr_record *rec = NULL;
	hr_register *w;
	char now[16] = "";
	int rc;

	if (!o)
		return 0;
	rs->private_data = 1;
	if (string_member(o, "status", &status, rs) || string_member(o, "note", &note, rs))
		goto done;
	if (!status || hr_report_status_rank(status) < 1) {
		srv_refuse(rs, 422, "status", "expected reviewed, tasked or closed");
		goto done;
	}
	rc = hr_report_get(rq->reg, id, status_cb, now);
	if (rc == HR_ENOTFOUND) {
		srv_error(rs, 404, "no report with this tracking id");
		goto done;
	}
	if (rc == 0 && hr_report_status_rank(status) <= hr_report_status_rank(now)) {
		srv_refuse(rs, 409, "status", "a report's status only moves forward");
		goto done;
	}
	if (rc == 0)
		rc = status_record(&rec, id, rq->org[0] ? rq->org : "register", status, note);
	if (rc) {
		srv_error(rs, 500, "cannot record the status: %s", hr_strerror(rc));
		goto done;
	}
	if (!(w = srv_writer(rq->app, rs)))
		goto done;
	rc = hr_register_append(w, rec, NULL);
	if (rc == HR_EVALIDATE && strncmp(hr_errmsg(w), "report_status: ", 15) == 0)
		srv_refuse(rs, 409, "status", hr_errmsg(w) + 15); /* moved on meanwhile */
	else if (rc)
		srv_append_refused(rs, w, rc);
	srv_writer_done(rq->app);
	if (rc == 0) {
		/* the reader sees the commit: answer as GET would */
		answer_report(rq, rs, id);
	}
done:
	hr_record_free(rec);
	json_decref(o);
	return 0;
}

/* ---- GET /reports ---- */

typedef struct {
	srv_response *rs;
	uint64_t offset, limit, matched, returned;
} listing;

static int list_cb(void *ctx, const hr_report_row *r)
{
	listing *l = ctx;
	if (l->matched++ < l->offset || l->returned >= l->limit)
		return 0;
	if (l->returned++)
		srv_puts(l->rs, ",");
	put_report(l->rs, r);
	srv_printf(l->rs, ",\"records\":%llu}", (unsigned long long)r->records);
	return 0;
}

/* A whole number argument in [0, max], or def when absent; -1 after answering 400. */
static int number_arg(srv_request *rq, srv_response *rs, const char *name, uint64_t def,
                      uint64_t max, uint64_t *out)
{
	const char *v = srv_arg(rq, name);
	char *end;
	*out = def;
	if (!v)
		return 0;
	*out = strtoull(v, &end, 10);
	if (!*v || *v < '0' || *v > '9' || *end || *out > max) {
		srv_refuse(rs, 400, name, "expected a whole number in range");
		return -1;
	}
	return 0;
}

static int reports_list(srv_request *rq, srv_response *rs)
{
	listing l = {rs, 0, 0, 0, 0};
	const char *status = srv_arg(rq, "status");
	int rc;

	rs->private_data = 1;
	if (status && !*status)
		status = NULL;
	if (status && hr_report_status_rank(status) < 0)
		return srv_refuse(rs, 400, "status", "expected received, reviewed, tasked or closed");
	if (number_arg(rq, rs, "limit", 100, rq->app->limits.max_limit, &l.limit) ||
	    number_arg(rq, rs, "offset", 0, UINT64_MAX, &l.offset))
		return 0;
	srv_puts(rs, "{\"reports\":[");
	rc = hr_report_list(rq->reg, status, list_cb, &l);
	if (rc)
		return srv_error(rs, 500, "the reports cannot be read: %s", hr_errmsg(rq->reg));
	srv_printf(rs, "],\"numberMatched\":%llu,\"numberReturned\":%llu}\n",
	           (unsigned long long)l.matched, (unsigned long long)l.returned);
	return 0;
}

const srv_route srv_routes_reports[] = {
	{"POST", "/records", SRV_ROLE_REPORTER, srv_records_post},
	{"GET", "/records/{}", SRV_ROLE_ANALYST, srv_records_get},
	{"POST", "/reports", SRV_ROLE_PUBLIC, reports_post},
	{"GET", "/reports", SRV_ROLE_ANALYST, reports_list},
	{"GET", "/reports/{}", SRV_ROLE_PUBLIC, reports_get},
	{"POST", "/reports/{}/status", SRV_ROLE_ANALYST, reports_status},
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
