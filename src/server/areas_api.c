/*
 * areas_api.c - GET /areas/{id}/history: what the log holds about one
 * hazardous area, in log order, for the map's "history" of an area: its
 * reports, release parts, items found and (for analysts) accidents.
 *
 * Only public facts go out, chosen field by field (kind, date of
 * information, organisation, classification, status, release, method,
 * item category and condition, counts): never a note, evidence text,
 * informant, finder or victim. Accidents are not public (their collection
 * is restricted), so a public caller does not see them here either.
 */
#include "server/srv.h"

#include <stdint.h>
#include <string.h>

typedef struct {
	srv_response *rs;
	int analyst; /* may see accidents */
	size_t n;
} hist;

/* The public fields of a record kind, in the order they are written. */
static const struct {
	int kind;
	int tags[6];
} shown[] = {
	{HR_KIND_AREA, {HR_F_NAME, HR_F_CLASSIFICATION, HR_F_STATUS, HR_F_PCODE}},
	{HR_KIND_RELEASE, {HR_F_RELEASE, HR_F_METHOD, HR_F_RELEASED_AT, HR_F_ITEMS_FOUND}},
	{HR_KIND_ITEM, {HR_F_CATEGORY, HR_F_DEVICE_CLASS, HR_F_CONDITION, HR_F_FOUND_AT,
	                HR_F_QUANTITY}},
	{HR_KIND_ACCIDENT, {HR_F_OCCURRED_AT, HR_F_DEMINING, HR_F_KILLED, HR_F_INJURED}},
	{HR_KIND_EORE, {HR_F_HELD_AT}},
};

static void put_value(srv_response *rs, const hr_value *v)
{
	char t[HR_TIME_BUFSZ];
	switch (v->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM: srv_json_str(rs, v->u.text); break;
	case HR_FT_INT: srv_printf(rs, "%lld", (long long)v->u.i); break;
	case HR_FT_BOOL: srv_puts(rs, v->u.i ? "true" : "false"); break;
	case HR_FT_REAL: srv_printf(rs, "%.10g", v->u.r); break;
	case HR_FT_TIME: srv_json_str(rs, hr_time_format(t, v->u.t)); break;
	default: srv_puts(rs, "null"); break;
	}
}

static int on_entry(void *ctx, const hr_entry *e)
{
	hist *h = ctx;
	srv_response *rs = h->rs;
	const hr_record *r = e->rec;
	char t[HR_TIME_BUFSZ];
	if (r->kind == HR_KIND_ACCIDENT && !h->analyst)
		return 0;
	srv_printf(rs, "%s{\"index\":%llu,\"kind\":", h->n++ ? "," : "",
	           (unsigned long long)e->idx);
	srv_json_str(rs, hr_kind_name(r->kind));
	srv_puts(rs, ",\"id\":");
	srv_json_str(rs, hr_record_text(r, HR_F_ID));
	srv_printf(rs, ",\"date_of_information\":\"%s\"", hr_time_format(t, hr_record_time(r, HR_F_DOI)));
	srv_printf(rs, ",\"appended\":\"%s\",\"org\":", hr_time_format(t, e->appended));
	srv_json_str(rs, hr_record_text(r, HR_F_ORG));
	srv_puts(rs, ",\"fields\":{");
	for (size_t i = 0, k = 0; i < sizeof shown / sizeof shown[0]; i++) {
		if (shown[i].kind != (int)r->kind)
			continue;
		for (size_t j = 0; j < 6 && shown[i].tags[j]; j++) {
			const hr_value *v = hr_record_get(r, shown[i].tags[j], 0);
			const hr_field_def *f = hr_schema_field(r->kind, shown[i].tags[j]);
			if (!v || !f)
				continue;
			srv_printf(rs, "%s\"%s\":", k++ ? "," : "", f->name);
			put_value(rs, v);
		}
	}
	srv_puts(rs, "}}");
	return 0;
}

static int area_history(srv_request *rq, srv_response *rs)
{
	hist h = {rs, rq->role >= SRV_ROLE_ANALYST, 0};
	int err;
	srv_puts(rs, "{\"area_id\":");
	srv_json_str(rs, rq->params[0]);
	srv_puts(rs, ",\"records\":[");
	err = hr_register_history(rq->reg, rq->params[0], on_entry, &h);
	if (err == HR_ENOTFOUND)
		return srv_error(rs, 404, "no hazardous area %s", rq->params[0]);
	if (err)
		return srv_error(rs, 500, "reading the history: %s", hr_errmsg(rq->reg));
	srv_printf(rs, "],\"count\":%zu}\n", h.n);
	srv_set_type(rs, "application/json");
	if (h.analyst)
		rs->private_data = 1; /* accidents are not for a public cache */
	return 0;
}

const srv_route srv_routes_areas[] = {
	{"GET", "/areas/{}/history", SRV_ROLE_PUBLIC, area_history},
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
