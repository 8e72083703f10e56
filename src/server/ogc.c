/*
 * ogc.c - OGC API - Features - Part 1 (OGC 17-069r4): the landing page,
 * the conformance declaration and the route tables of the core and the
 * collections, with the helpers the ogc_*.c files share (parameter
 * checks, links, the HTML page frame).
 *
 * Every resource answers JSON or HTML (f=json|html, or the Accept header:
 * srv_wants_html). A query parameter the resource does not take is
 * refused with 400 rather than ignored, so a typing mistake in a filter
 * never passes for an answer.
 */
#include "server/ogc_int.h"

#include <stdio.h>
#include <string.h>

hr_profile ogc_profile(const srv_request *rq)
{
	return rq->role >= SRV_ROLE_ANALYST ? HR_PROFILE_INTERNAL : HR_PROFILE_PUBLIC;
}

int ogc_check_args(const srv_request *rq, srv_response *rs, const char *const *allowed,
                   int geojson)
{
	for (size_t i = 0; i < rq->nargs; i++) {
		const char *k = rq->args[i].key;
		int known = strcmp(k, "f") == 0;
		for (size_t a = 0; !known && allowed && allowed[a]; a++)
			known = strcmp(k, allowed[a]) == 0;
		if (!known) {
			char list[256] = "f";
			size_t used = 1;
			for (size_t a = 0; allowed && allowed[a] && used < sizeof list; a++)
				used += (size_t)snprintf(list + used, sizeof list - used, ", %s",
				                         allowed[a]);
			srv_error(rs, 400, "unknown query parameter '%s' (this resource takes: %s)", k,
			          list);
			return 1;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(rq->args[j].key, k) == 0) {
				srv_error(rs, 400, "query parameter '%s' is given more than once", k);
				return 1;
			}
	}
	{
		const char *f = srv_arg(rq, "f");
		if (f && strcmp(f, "json") != 0 && strcmp(f, "html") != 0 &&
		    !(geojson && strcmp(f, "geojson") == 0)) {
			srv_error(rs, 400, "f '%s': give f=json%s or f=html", f,
			          geojson ? ", f=geojson" : "");
			return 1;
		}
	}
	return 0;
}

void ogc_link(srv_response *rs, const srv_request *rq, const char *path, const char *rel,
              const char *type, const char *title)
{
	srv_puts(rs, "{\"href\":\"");
	srv_puts(rs, srv_base_url(rq));
	/* path is ours or percent-encoded: nothing in it needs JSON escaping
	 * but a backslash or quote, which percent-encoding never leaves */
	srv_puts(rs, path);
	srv_puts(rs, "\",\"rel\":");
	srv_json_str(rs, rel);
	srv_puts(rs, ",\"type\":");
	srv_json_str(rs, type);
	if (title) {
		srv_puts(rs, ",\"title\":");
		srv_json_str(rs, title);
	}
	srv_puts(rs, "}");
}

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

int ogc_url_segment_buf(char *buf, size_t len, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (unreserved(*p)) {
			if (n + 1 >= len)
				return -1;
			buf[n++] = (char)*p;
		} else {
			if (n + 3 >= len)
				return -1;
			buf[n++] = '%';
			buf[n++] = hex[*p >> 4];
			buf[n++] = hex[*p & 15];
		}
	}
	if (n >= len)
		return -1;
	buf[n] = '\0';
	return 0;
}

void ogc_url_segment(srv_response *rs, const char *s)
{
	char buf[3 * 256 + 1];
	if (ogc_url_segment_buf(buf, sizeof buf, s) == 0) {
		srv_puts(rs, buf);
		return;
	}
	for (; *s; s++) {
		char one[2] = {*s, '\0'};
		ogc_url_segment_buf(buf, sizeof buf, one);
		srv_puts(rs, buf);
	}
}

void ogc_html_begin(srv_response *rs, const srv_request *rq, const char *title,
                    const char *const *crumbs)
{
	const char *base = srv_base_url(rq);
	srv_set_type(rs, OGC_HTML);
	srv_puts(rs, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	             "<title>");
	srv_html_str(rs, title);
	srv_puts(rs, " - hazreg</title><style>"
	             "body{font-family:sans-serif;margin:1em auto;max-width:80em;padding:0 1em;"
	             "line-height:1.4}"
	             "table{border-collapse:collapse;display:block;overflow-x:auto}"
	             "th,td{border:1px solid #767676;padding:.25em .5em;text-align:left;"
	             "vertical-align:top}"
	             "th{background:#eee}"
	             ".notice{border-left:.3em solid #b00;padding-left:.7em}"
	             "</style></head>\n<body><header><nav aria-label=\"Breadcrumb\"><a href=\"");
	srv_html_str(rs, base);
	srv_puts(rs, "/?f=html\">hazreg</a>");
	for (size_t i = 0; crumbs && crumbs[i] && crumbs[i + 1]; i += 2) {
		srv_puts(rs, " &rsaquo; <a href=\"");
		srv_html_str(rs, base);
		srv_html_str(rs, crumbs[i]);
		srv_puts(rs, "\">");
		srv_html_str(rs, crumbs[i + 1]);
		srv_puts(rs, "</a>");
	}
	srv_puts(rs, "</nav></header>\n<main><h1>");
	srv_html_str(rs, title);
	srv_puts(rs, "</h1>\n");
}

void ogc_html_end(srv_response *rs)
{
	srv_puts(rs, "</main>\n<footer><p class=\"notice\">Absence of a record does not mean "
	             "absence of danger: unrecorded hazards may exist. Do not touch suspicious "
	             "items; mark the place and report it (in Ukraine call 101).</p></footer>"
	             "</body></html>\n");
}

/* ---- landing page and conformance ----------------------------------------- */

static const char TITLE[] = "hazreg";
static const char DESCRIPTION[] =
	"A register of explosive hazards: hazardous areas, land release, explosive ordnance "
	"items found. Every change is a record in a tamper-evident log.";

static int landing(srv_request *rq, srv_response *rs)
{
	static const struct {
		const char *path, *rel, *type, *title;
	} links[] = {
		{"/", "self", OGC_JSON, "This document"},
		{"/?f=html", "alternate", "text/html", "This document as HTML"},
		{"/api", "service-desc", OGC_OPENAPI, "The API definition (OpenAPI 3.0)"},
		{"/api?f=html", "service-doc", "text/html", "The API documentation"},
		{"/conformance", "conformance", OGC_JSON, "Conformance classes implemented"},
		{"/collections", "data", OGC_JSON, "The collections of features"},
	};
	size_t n = sizeof links / sizeof links[0];

	if (ogc_check_args(rq, rs, NULL, 0))
		return 0;
	/* a browser that asks for "/" gets the map; f=html the landing page */
	if (rq->app->web && !srv_arg(rq, "f") && srv_wants_html(rq))
		return srv_web_index(rq, rs);
	if (srv_wants_html(rq)) {
		ogc_html_begin(rs, rq, TITLE, NULL);
		srv_puts(rs, "<p>");
		srv_html_str(rs, DESCRIPTION);
		srv_puts(rs, "</p>\n<ul>\n");
		for (size_t i = 2; i < n; i++) {
			srv_puts(rs, "<li><a href=\"");
			srv_html_str(rs, srv_base_url(rq));
			srv_html_str(rs, links[i].path);
			srv_puts(rs, strchr(links[i].path, '?') ? "\">" : "?f=html\">");
			srv_html_str(rs, links[i].title);
			srv_puts(rs, "</a></li>\n");
		}
		srv_puts(rs, "</ul>\n");
		ogc_html_end(rs);
		return 0;
	}
	srv_puts(rs, "{\"title\":");
	srv_json_str(rs, TITLE);
	srv_puts(rs, ",\"description\":");
	srv_json_str(rs, DESCRIPTION);
	srv_puts(rs, ",\"links\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			srv_puts(rs, ",");
		ogc_link(rs, rq, links[i].path, links[i].rel, links[i].type, links[i].title);
	}
	srv_puts(rs, "]}\n");
	return 0;
}

static const char *const conformance_classes[] = {
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
};

static int conformance(srv_request *rq, srv_response *rs)
{
	size_t n = sizeof conformance_classes / sizeof conformance_classes[0];
	static const char *const crumbs[] = {"/conformance?f=html", "Conformance", NULL};

	if (ogc_check_args(rq, rs, NULL, 0))
		return 0;
	if (srv_wants_html(rq)) {
		ogc_html_begin(rs, rq, "Conformance classes", crumbs);
		srv_puts(rs, "<ul>\n");
		for (size_t i = 0; i < n; i++) {
			srv_puts(rs, "<li>");
			srv_html_str(rs, conformance_classes[i]);
			srv_puts(rs, "</li>\n");
		}
		srv_puts(rs, "</ul>\n");
		ogc_html_end(rs);
		return 0;
	}
	srv_puts(rs, "{\"conformsTo\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			srv_puts(rs, ",");
		srv_json_str(rs, conformance_classes[i]);
	}
	srv_puts(rs, "]}\n");
	return 0;
}

const srv_route srv_routes_core[] = {
	{"GET", "/", SRV_ROLE_PUBLIC, landing},
	{"GET", "/api", SRV_ROLE_PUBLIC, ogc_api},
	{"GET", "/conformance", SRV_ROLE_PUBLIC, conformance},
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};

/* Restricted collections are not refused by role here: for a caller who
 * may not see them they do not exist (404 from the handlers), so their
 * existence leaks nothing. */
const srv_route srv_routes_ogc[] = {
	{"GET", "/collections", SRV_ROLE_PUBLIC, ogc_collections},
	{"GET", "/collections/{}", SRV_ROLE_PUBLIC, ogc_collection},
	{"GET", "/collections/{}/items", SRV_ROLE_PUBLIC, ogc_items},
	{"GET", "/collections/{}/items/{}", SRV_ROLE_PUBLIC, ogc_item},
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
