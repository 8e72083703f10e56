/*
 * risk_api.c - the /risk part of the HTTP API: is this place hazardous at
 * time T (GET /risk/point), which hazardous areas does this route pass
 * and where (POST /risk/route), and an area's decay curve (GET
 * /risk/timeline). The answers are the library's (hr_query_point,
 * hr_query_route, hr_risk_timeline) in the JSON the command line prints;
 * this file reads parameters and words refusals, naming the parameter.
 *
 * Like every public output, no answer here says that ground is safe: an
 * empty answer says that nothing is recorded, and that this is not the
 * absence of danger.
 */
#include "server/srv.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- parameters ---- */

/* A number parameter: the whole text, finite, within [lo, hi]. */
static int number_arg(srv_request *rq, srv_response *rs, const char *name, double lo, double hi,
                      int required, double *out, int *given)
{
	const char *v = srv_arg(rq, name);
	char *end = NULL;

	*given = v != NULL;
	if (!v) {
		if (required)
			srv_error(rs, 400, "parameter %s is missing", name);
		return required ? -1 : 0;
	}
	*out = strtod(v, &end);
	if (!*v || *end || !isfinite(*out)) {
		srv_error(rs, 400, "parameter %s: '%.60s' is not a number", name, v);
		return -1;
	}
	if (*out < lo || *out > hi) {
		srv_error(rs, 400, "parameter %s: %.60s is outside %g to %g", name, v, lo, hi);
		return -1;
	}
	return 0;
}

/* A time: RFC 3339 (with a zone), a date, or "now". */
static int parse_time(const char *v, hr_time *out)
{
	if (strcmp(v, "now") == 0) {
		*out = hr_time_now();
		return 0;
	}
	return hr_time_parse(out, v, strlen(v));
}

static int time_arg(srv_request *rq, srv_response *rs, const char *name, hr_time *out)
{
	const char *v = srv_arg(rq, name);

	if (!v)
		return 0;
	if (parse_time(v, out) != 0) {
		srv_error(rs, 400, "parameter %s: '%.60s' is not a time: give RFC 3339 with a zone "
		                   "(2025-06-01T00:00:00Z), a date (2025-06-01) or 'now'",
		          name, v);
		return -1;
	}
	return 0;
}

/*
 * The language of the civilian message when the request names none:
 * Ukrainian when Accept-Language ranks it above English (ties go to the
 * one listed first; '*' stands for a language it does not name), else
 * English.
 */
static const char *accept_language(const char *h)
{
	double q[2] = {-1, -1}, star = -1; /* uk, en */
	int pos[2] = {0, 0}, star_pos = 0, n = 0;

	while (h && *h) {
		size_t len = strcspn(h, ","), tag;
		const char *semi, *qv;
		double qq = 1;
		int which = -1;

		while (len && (*h == ' ' || *h == '\t')) {
			h++;
			len--;
		}
		semi = memchr(h, ';', len);
		tag = semi ? (size_t)(semi - h) : len;
		while (tag && (h[tag - 1] == ' ' || h[tag - 1] == '\t'))
			tag--;
		if (semi && (qv = strstr(semi, "q=")) && qv < h + len)
			qq = strtod(qv + 2, NULL);
		if (!(qq >= 0 && qq <= 1))
			qq = 0;
		if (tag >= 2 && strncasecmp(h, "uk", 2) == 0 && (tag == 2 || h[2] == '-'))
			which = 0;
		else if (tag >= 2 && strncasecmp(h, "en", 2) == 0 && (tag == 2 || h[2] == '-'))
			which = 1;
		n++;
		if (which >= 0 && qq > q[which]) {
			q[which] = qq;
			pos[which] = n;
		} else if (tag == 1 && *h == '*' && qq > star) {
			star = qq;
			star_pos = n;
		}
		h += len;
		if (*h == ',')
			h++;
	}
	for (int i = 0; i < 2; i++)
		if (q[i] < 0) {
			q[i] = star;
			pos[i] = star_pos;
		}
	return q[0] > 0 && (q[0] > q[1] || (q[0] == q[1] && pos[0] <= pos[1])) ? "uk" : "en";
}

/* lang=uk|en, else from Accept-Language. NULL after a 400. */
static const char *lang_arg(srv_request *rq, srv_response *rs)
{
	const char *v = srv_arg(rq, "lang");

	if (!v)
		return accept_language(srv_header(rq, "Accept-Language"));
	if (strcmp(v, "uk") != 0 && strcmp(v, "en") != 0) {
		srv_error(rs, 400, "parameter lang: '%.20s' is not uk or en", v);
		return NULL;
	}
	return v;
}

/* A library answer as the body, or a 500 with the register's reason. */
static int send_json(srv_request *rq, srv_response *rs, int err, char *json, const char *doing)
{
	if (err != 0 || !json) {
		hr_free(json);
		return srv_error(rs, err == HR_ENOMEM ? 503 : 500, "%s: %s", doing,
		                 err == HR_ENOMEM ? "out of memory" : hr_errmsg(rq->reg));
	}
	srv_json_body(rs, json);
	return 0;
}

/* ---- GET /risk/point?lon=&lat=&at=&lang= ---- */

static int risk_point(srv_request *rq, srv_response *rs)
{
	hr_point p;
	hr_time at = hr_time_now();
	hr_hits *hits = NULL;
	const char *lang;
	char *json = NULL;
	int given, err;

	if (number_arg(rq, rs, "lon", -180, 180, 1, &p.lon, &given) != 0 ||
	    number_arg(rq, rs, "lat", -90, 90, 1, &p.lat, &given) != 0 ||
	    time_arg(rq, rs, "at", &at) != 0 || !(lang = lang_arg(rq, rs)))
		return 0;
	err = hr_query_point(rq->reg, p, at, &hits);
	if (err != 0)
		return send_json(rq, rs, err, NULL, "the query failed");
	err = hr_point_to_json(&json, hits, &p, lang);
	hr_hits_free(hits);
	srv_add_header(rs, "Content-Language", lang);
	srv_add_header(rs, "Vary", "Accept-Language");
	return send_json(rq, rs, err, json, "the answer cannot be written");
}

/* ---- POST /risk/route ---- */

/* The LineString of "route": a geometry or a Feature holding one. */
static int route_line(srv_response *rs, json_t *route, json_t **coords)
{
	const char *type = json_string_value(json_object_get(route, "type"));

	if (type && strcmp(type, "Feature") == 0) {
		route = json_object_get(route, "geometry");
		type = json_string_value(json_object_get(route, "type"));
	}
	if (!type || strcmp(type, "LineString") != 0) {
		srv_error(rs, 400, "route must be a GeoJSON LineString, or a Feature whose geometry "
		                   "is one");
		return -1;
	}
	*coords = json_object_get(route, "coordinates");
	if (!json_is_array(*coords)) {
		srv_error(rs, 400, "route: coordinates must be an array of [lon, lat] positions");
		return -1;
	}
	if (json_array_size(*coords) > HR_ROUTE_MAX_POINTS) {
		srv_error(rs, 413, "route: %zu positions; a route may have at most %d",
		          json_array_size(*coords), HR_ROUTE_MAX_POINTS);
		return -1;
	}
	return 0;
}

static int route_points(srv_response *rs, json_t *coords, hr_point *pts)
{
	size_t i;
	json_t *pos;

	json_array_foreach(coords, i, pos) {
		size_t k = json_array_size(pos);
		if (!json_is_array(pos) || k < 2 || k > 3 || !json_is_number(json_array_get(pos, 0)) ||
		    !json_is_number(json_array_get(pos, 1))) {
			srv_error(rs, 400, "route: position %zu is not [lon, lat]", i);
			return -1;
		}
		pts[i].lon = json_number_value(json_array_get(pos, 0));
		pts[i].lat = json_number_value(json_array_get(pos, 1));
	}
	return 0;
}

/* A route the library refuses, in the words of this API. */
static int route_refused(srv_response *rs, hr_route_problem why, size_t where, double length)
{
	switch (why) {
	case HR_ROUTE_TOO_FEW:
		return srv_error(rs, 400, "route: a route needs at least 2 positions");
	case HR_ROUTE_TOO_MANY:
		return srv_error(rs, 413, "route: a route may have at most %d positions",
		                 HR_ROUTE_MAX_POINTS);
	case HR_ROUTE_BAD_POINT:
		return srv_error(rs, 400, "route: position %zu is outside -180..180, -90..90", where);
	case HR_ROUTE_ANTIMERIDIAN:
		return srv_error(rs, 400, "route: the segment ending at position %zu crosses the "
		                          "antimeridian; send each side as its own route",
		                 where);
	case HR_ROUTE_BAD_WIDTH:
		return srv_error(rs, 400, "width_m must be %g to %g metres", HR_ROUTE_MIN_WIDTH_M,
		                 HR_ROUTE_MAX_WIDTH_M);
	case HR_ROUTE_TOO_LONG:
		return srv_error(rs, 413, "route: %.0f km long; a route may be at most %.0f km",
		                 length / 1000, HR_ROUTE_MAX_LENGTH_M / 1000);
	default:
		return srv_error(rs, 400, "route refused");
	}
}

static int risk_route(srv_request *rq, srv_response *rs)
{
	json_error_t jerr;
	json_t *doc = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *route, *width, *coords = NULL, *value;
	hr_point *pts = NULL;
	hr_route_hits *hits = NULL;
	hr_route_problem why;
	hr_time at = hr_time_now();
	const char *key;
	char *json = NULL;
	double length = 0;
	size_t where = 0;
	int err;

	if (!doc || !json_is_object(doc)) {
		if (doc)
			srv_error(rs, 400, "the body must be a JSON object");
		else
			srv_error(rs, 400, "the body is not JSON: %s (line %d)", jerr.text, jerr.line);
		goto done;
	}
	json_object_foreach(doc, key, value) {
		if (strcmp(key, "route") != 0 && strcmp(key, "width_m") != 0 && strcmp(key, "at") != 0) {
			srv_error(rs, 400, "unknown member '%.40s': give route, width_m and at", key);
			goto done;
		}
	}
	route = json_object_get(doc, "route");
	width = json_object_get(doc, "width_m");
	if (!json_is_object(route)) {
		srv_error(rs, 400, "route is missing: a GeoJSON LineString (or a Feature with one)");
		goto done;
	}
	if (!json_is_number(width)) {
		srv_error(rs, 400, "width_m is missing or not a number: the corridor's width in metres "
		                   "(%g to %g)",
		          HR_ROUTE_MIN_WIDTH_M, HR_ROUTE_MAX_WIDTH_M);
		goto done;
	}
	if ((value = json_object_get(doc, "at")) &&
	    (!json_is_string(value) || parse_time(json_string_value(value), &at) != 0)) {
		srv_error(rs, 400, "at: not a time: give RFC 3339 with a zone, a date or 'now'");
		goto done;
	}
	if (route_line(rs, route, &coords) != 0)
		goto done;
	if (!(pts = calloc(json_array_size(coords) + 1, sizeof *pts))) {
		srv_error(rs, 503, "out of memory");
		goto done;
	}
	if (route_points(rs, coords, pts) != 0)
		goto done;
	if (hr_route_check(pts, json_array_size(coords), json_number_value(width), &length, &why,
	                   &where) != 0) {
		route_refused(rs, why, where, length);
		goto done;
	}
	err = hr_query_route(rq->reg, pts, json_array_size(coords), json_number_value(width), at,
	                     &hits);
	if (err == 0)
		err = hr_route_to_json(&json, hits);
	send_json(rq, rs, err, json, "the route query failed");
done:
	hr_route_hits_free(hits);
	free(pts);
	json_decref(doc);
	return 0;
}

/* ---- GET /risk/timeline?id=&from=&to=&step= ---- */

static int risk_timeline(srv_request *rq, srv_response *rs)
{
	const char *id = srv_arg(rq, "id"), *step_arg = srv_arg(rq, "step");
	hr_time from = HR_TIME_NONE, to = HR_TIME_NONE, step = 0;
	hr_risk_inputs *in = NULL;
	hr_timeline *tl = NULL;
	hr_timeline_problem why;
	char *json = NULL;
	int err;

	if (!id || !*id)
		return srv_error(rs, 400, "parameter id is missing: the id of a hazardous area");
	if (time_arg(rq, rs, "from", &from) != 0 || time_arg(rq, rs, "to", &to) != 0)
		return 0;
	if (step_arg && hr_duration_parse(&step, step_arg) != 0)
		return srv_error(rs, 400, "parameter step: '%.30s' is not a duration: give a whole "
		                          "number and a unit, such as 6h, 1d or 2w (s, m, h, d, w)",
		                 step_arg);
	err = hr_area_risk_inputs(rq->reg, id, &in);
	if (err == HR_ENOTFOUND)
		return srv_error(rs, 404, "no hazardous area with id '%.100s'", id);
	if (err != 0)
		return send_json(rq, rs, err, NULL, "cannot read the hazardous area");
	err = hr_risk_timeline(&tl, in, from, to, step, &why);
	if (err == HR_EINVAL) {
		if (why == HR_TIMELINE_NO_TIME)
			srv_error(rs, 400, "area %s has no known time: give from and to", in->area_id);
		else if (why == HR_TIMELINE_BACKWARDS)
			srv_error(rs, 400, "parameter to must be after from");
		else
			srv_error(rs, 400, "parameter step gives more than %d rows: take a longer step or "
			                   "a shorter range",
			          HR_TIMELINE_MAX_ROWS);
	} else {
		if (err == 0)
			err = hr_timeline_to_json(&json, in, tl);
		send_json(rq, rs, err, json, "cannot make the timeline");
	}
	hr_timeline_free(tl);
	hr_risk_inputs_free(in);
	return 0;
}

const srv_route srv_routes_risk[] = {
	{"GET", "/risk/point", SRV_ROLE_PUBLIC, risk_point},
	{"POST", "/risk/route", SRV_ROLE_PUBLIC, risk_route},
	{"GET", "/risk/timeline", SRV_ROLE_PUBLIC, risk_timeline},
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
