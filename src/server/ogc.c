/*
 * ogc.c - the landing page, the API definition and the conformance
 * declaration (OGC API - Features - Part 1: Core), and the collections.
 */
#include "server/srv.h"

#include <string.h>

static int landing(srv_request *rq, srv_response *rs)
{
	const char *base = srv_base_url(rq);

	if (srv_wants_html(rq)) {
		srv_set_type(rs, "text/html; charset=utf-8");
		srv_puts(rs, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
		             "<title>hazreg</title></head><body><h1>hazreg</h1>"
		             "<p>A register of explosive hazards.</p></body></html>\n");
		return 0;
	}
	srv_puts(rs, "{\"title\":\"hazreg\",\"description\":\"A register of explosive hazards: "
	             "hazardous areas, land release, items found.\",\"links\":[");
	srv_printf(rs, "{\"href\":\"%s/\",\"rel\":\"self\",\"type\":\"application/json\"}", base);
	srv_puts(rs, "]}\n");
	return 0;
}

const srv_route srv_routes_core[] = {
	{"GET", "/", SRV_ROLE_PUBLIC, landing},
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};

const srv_route srv_routes_ogc[] = {
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
