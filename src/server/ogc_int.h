/*
 * ogc_int.h - what the files of the OGC API - Features part of the server
 * share: ogc.c (landing page, conformance, route table, helpers),
 * ogc_params.c (query parameters), ogc_items.c (collections and items),
 * ogc_openapi.c (the API definition).
 */
#ifndef HR_OGC_INT_H
#define HR_OGC_INT_H

#include "server/srv.h"

/* Media types. */
#define OGC_JSON "application/json"
#define OGC_GEOJSON "application/geo+json"
#define OGC_HTML "text/html; charset=utf-8"
#define OGC_OPENAPI "application/vnd.oai.openapi+json;version=3.0"

/* What a caller's role may see: analysts and admins the internal profile
 * (restricted collections too), everyone else the public one. */
hr_profile ogc_profile(const srv_request *rq);

/* Refuse query parameters other than `f` and those listed (NULL-ended),
 * and any given twice, and an `f` other than json, html (or geojson when
 * geojson is nonzero): answers 400 and returns 1; 0 when all is well. */
int ogc_check_args(const srv_request *rq, srv_response *rs, const char *const *allowed,
                   int geojson);

/* A link object {"href": base + path, "rel", "type", "title"}; path may
 * hold a query string and is written as given. */
void ogc_link(srv_response *rs, const srv_request *rq, const char *path, const char *rel,
              const char *type, const char *title);

/* A path segment percent-encoded (RFC 3986 unreserved characters kept). */
void ogc_url_segment(srv_response *rs, const char *s);
/* The same into buf; returns 0, or -1 when it does not fit. */
int ogc_url_segment_buf(char *buf, size_t len, const char *s);

/* An HTML page's head and start of body with a breadcrumb trail to `title`
 * (crumbs are href, text pairs, NULL-ended), and its end with the notice
 * that absence of a record is no statement about danger. */
void ogc_html_begin(srv_response *rs, const srv_request *rq, const char *title,
                    const char *const *crumbs);
void ogc_html_end(srv_response *rs);

/* ---- ogc_params.c ---- */

/* Parse `bbox`: four numbers W,S,E,N in degrees of longitude and latitude.
 * Returns 0, or -1 with the reason in why. */
int ogc_parse_bbox(const char *s, hr_bbox *out, char *why, size_t whylen);
/* Parse `datetime`: an RFC 3339 instant (a date means the whole day) or an
 * interval a/b with an open end written ".." or left empty. *from and *to
 * get HR_TIME_NONE for an open end. Returns 0, or -1 with why. */
int ogc_parse_datetime(const char *s, hr_time *from, hr_time *to, char *why, size_t whylen);
/* Parse a whole number in [lo, hi]. Returns 0, or -1 with why naming `name`. */
int ogc_parse_count(const char *name, const char *s, uint64_t lo, uint64_t hi, uint64_t *out,
                    char *why, size_t whylen);

/* ---- handlers ---- */
int ogc_api(srv_request *rq, srv_response *rs);              /* ogc_openapi.c */
int ogc_collections(srv_request *rq, srv_response *rs);      /* ogc_items.c */
int ogc_collection(srv_request *rq, srv_response *rs);
int ogc_items(srv_request *rq, srv_response *rs);
int ogc_item(srv_request *rq, srv_response *rs);

#endif
