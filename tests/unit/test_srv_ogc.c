/*
 * test_srv_ogc.c - the OGC API - Features part of the server, through its
 * handlers without a socket (srv_handle, or a route's function for a role
 * that the token table would give): /api is JSON, describes every route of
 * every route table and resolves every $ref; the landing page and
 * conformance; collections and items for the public and for analysts
 * (accidents exist only for the latter); paging links; HTML.
 */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/srv.h"
#include "test.h"
#include "ogc_fixture.h"

static srv_app app;

/* GET path?query with the role given; through the router when public, else
 * straight to the route's handler (no tokens in this test). */
static void get(srv_response *rs, const char *path, const char *query, srv_role role,
                const char *accept)
{
	static char qbuf[1024];
	srv_request rq;
	char *save = NULL;

	memset(&rq, 0, sizeof rq);
	rq.method = "GET";
	rq.path = path;
	rq.client = "test";
	if (query) {
		snprintf(qbuf, sizeof qbuf, "%s", query);
		for (char *kv = strtok_r(qbuf, "&", &save); kv && rq.nargs < SRV_MAX_ARGS;
		     kv = strtok_r(NULL, "&", &save)) {
			char *eq = strchr(kv, '=');
			if (eq)
				*eq++ = '\0';
			rq.args[rq.nargs].key = kv;
			rq.args[rq.nargs].value = eq ? eq : "";
			rq.nargs++;
		}
	}
	if (accept) {
		rq.headers[0].key = "Accept";
		rq.headers[0].value = accept;
		rq.nheaders = 1;
	}
	srv_response_init(rs);
	if (role == SRV_ROLE_PUBLIC) {
		srv_handle(&app, &rq, rs);
		return;
	}
	/* the route by hand: "/collections/{}..." with the segments as params */
	{
		char err[256], segs[512];
		const char *pat;
		size_t n = 0;
		snprintf(segs, sizeof segs, "%s", path);
		if (strncmp(path, "/collections/", 13) == 0) {
			for (char *s = strtok_r(segs + 13, "/", &save); s; s = strtok_r(NULL, "/", &save))
				if (strcmp(s, "items") != 0 && n < SRV_MAX_PARAMS)
					rq.params[n++] = s;
		}
		rq.nparams = n;
		pat = n == 0 ? "/collections" : n == 1 && !strstr(path, "/items") ? "/collections/{}"
		      : n == 1 ? "/collections/{}/items" : "/collections/{}/items/{}";
		rq.role = role;
		rq.app = &app;
		rq.reg = srv_reader(&app, err, sizeof err);
		HR_CHECK(rq.reg != NULL);
		for (const srv_route *r = srv_routes_ogc; r->pattern; r++)
			if (strcmp(r->pattern, pat) == 0)
				HR_CHECK_INT_EQ(r->fn(&rq, rs), 0);
	}
}

static json_t *get_json(const char *path, const char *query, srv_role role, int want_status)
{
	srv_response rs;
	json_error_t e;
	json_t *j;
	get(&rs, path, query, role, NULL);
	HR_CHECK_INT_EQ(rs.status, want_status);
	j = json_loadb(rs.body ? rs.body : "", rs.len, 0, &e);
	if (!j)
		fprintf(stderr, "%s?%s: not JSON (%s): %.200s\n", path, query ? query : "", e.text,
		        rs.body ? rs.body : "");
	HR_CHECK(j != NULL);
	srv_response_free(&rs);
	return j;
}

/* ---- /api ---------------------------------------------------------------------- */

/* Does route pattern pat (with {} and {*}) describe OpenAPI path p? */
static int pattern_is_path(const char *pat, const char *p)
{
	while (*pat && *p) {
		if (strcmp(pat, "{*}") == 0)
			return *p == '{' || isalnum((unsigned char)*p); /* one or more segments */
		if (strncmp(pat, "{}", 2) == 0) {
			size_t len = strcspn(p, "/");
			if (*p != '{' || p[len - 1] != '}')
				return 0;
			pat += 2;
			p += len;
			continue;
		}
		if (*pat != *p)
			return 0;
		pat++;
		p++;
	}
	return !*pat && !*p;
}

static void check_refs(json_t *root, json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach(v, k, x) {
			if (strcmp(k, "$ref") == 0) {
				/* "#/components/<kind>/<name>" */
				char kind[64], name[64];
				const char *s = json_string_value(x);
				HR_CHECK(s && sscanf(s, "#/components/%63[^/]/%63s", kind, name) == 2);
				if (s && sscanf(s, "#/components/%63[^/]/%63s", kind, name) == 2) {
					json_t *target = json_object_get(
						json_object_get(json_object_get(root, "components"), kind), name);
					if (!target)
						fprintf(stderr, "unresolved $ref %s\n", s);
					HR_CHECK(target != NULL);
				}
			} else {
				check_refs(root, x);
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			check_refs(root, x);
	}
}

static void test_api(void)
{
	size_t ntables = 0;
	const srv_route *const *tables = srv_route_tables(&ntables);
	const char *const wanted[] = {"/risk/point", "/risk/route", "/risk/timeline",
	                              "/log/checkpoint", "/log/proof/inclusion",
	                              "/log/proof/consistency", "/tile/{L}/{N}", "/tile/entries/{N}",
	                              "/records", "/reports", "/reports/{tracking_id}",
	                              "/map/{path}", "/areas/{areaId}/history", NULL};
	srv_response rs;
	json_t *api, *paths;
	size_t nroutes = 0;

	get(&rs, "/api", NULL, SRV_ROLE_PUBLIC, NULL);
	HR_CHECK_INT_EQ(rs.status, 200);
	HR_CHECK_STR_EQ(rs.content_type, "application/vnd.oai.openapi+json;version=3.0");
	srv_response_free(&rs);
	api = get_json("/api", NULL, SRV_ROLE_PUBLIC, 200);
	if (!api)
		return;
	HR_CHECK_STR_EQ(json_string_value(json_object_get(api, "openapi")), "3.0.3");
	paths = json_object_get(api, "paths");
	HR_CHECK(json_is_object(paths));
	/* every route of every table is described, with its method */
	for (size_t t = 0; t < ntables; t++)
		for (const srv_route *r = tables[t]; r->pattern; r++) {
			char method[8];
			const char *p;
			json_t *item;
			int found = 0;
			for (size_t i = 0; i < sizeof method - 1 && r->method[i]; i++)
				method[i] = (char)tolower((unsigned char)r->method[i]), method[i + 1] = 0;
			json_object_foreach(paths, p, item)
				found |= pattern_is_path(r->pattern, p) && json_object_get(item, method);
			if (!found)
				fprintf(stderr, "route %s %s is not in /api\n", r->method, r->pattern);
			HR_CHECK(found);
			nroutes++;
		}
	HR_CHECK(nroutes >= 7);
	/* and the parts others build are there already */
	for (size_t i = 0; wanted[i]; i++)
		HR_CHECK(json_object_get(paths, wanted[i]) != NULL);
	HR_CHECK(json_object_get(json_object_get(json_object_get(json_object_get(
		     api, "components"), "securitySchemes"), "bearer"), "scheme") != NULL);
	check_refs(api, api);
	json_decref(api);
	/* the service-doc */
	get(&rs, "/api", "f=html", SRV_ROLE_PUBLIC, NULL);
	HR_CHECK(rs.body && strstr(rs.body, "<html lang=\"en\">") && strstr(rs.body, "/risk/route"));
	srv_response_free(&rs);
}

/* ---- landing page, conformance ------------------------------------------------- */

static const char *link_href(json_t *links, const char *rel, const char *type)
{
	size_t i;
	json_t *l;
	json_array_foreach(links, i, l) {
		if (strcmp(json_string_value(json_object_get(l, "rel")), rel) == 0 &&
		    (!type || strcmp(json_string_value(json_object_get(l, "type")), type) == 0))
			return json_string_value(json_object_get(l, "href"));
	}
	return NULL;
}

static void test_landing(void)
{
	json_t *j = get_json("/", NULL, SRV_ROLE_PUBLIC, 200), *links;
	const char *h;
	if (!j)
		return;
	links = json_object_get(j, "links");
	HR_CHECK_STR_EQ(link_href(links, "self", "application/json"), "http://127.0.0.1/");
	h = link_href(links, "service-desc", "application/vnd.oai.openapi+json;version=3.0");
	HR_CHECK_STR_EQ(h, "http://127.0.0.1/api");
	HR_CHECK(link_href(links, "service-doc", "text/html") != NULL);
	HR_CHECK_STR_EQ(link_href(links, "conformance", NULL), "http://127.0.0.1/conformance");
	HR_CHECK_STR_EQ(link_href(links, "data", NULL), "http://127.0.0.1/collections");
	json_decref(j);
	j = get_json("/conformance", NULL, SRV_ROLE_PUBLIC, 200);
	HR_CHECK_INT_EQ(json_array_size(json_object_get(j, "conformsTo")), 4);
	HR_CHECK_STR_EQ(json_string_value(json_array_get(json_object_get(j, "conformsTo"), 3)),
	                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30");
	json_decref(j);
	j = get_json("/", "lang=uk", SRV_ROLE_PUBLIC, 400);
	json_decref(j);
}

/* ---- collections and items --------------------------------------------------- */

static int has_collection(json_t *j, const char *id)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(j, "collections"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "id")), id) == 0)
			return 1;
	return 0;
}

static void test_collections(void)
{
	srv_response rs;
	json_t *j = get_json("/collections", NULL, SRV_ROLE_PUBLIC, 200), *c;
	if (j) {
		HR_CHECK_INT_EQ(json_array_size(json_object_get(j, "collections")), 3);
		HR_CHECK(has_collection(j, "hazardous_areas") && has_collection(j, "eo_items"));
		HR_CHECK(!has_collection(j, "accidents"));
		json_decref(j);
	}
	/* analysts see accidents, in answers that must not be cached */
	get(&rs, "/collections", NULL, SRV_ROLE_ANALYST, NULL);
	HR_CHECK(rs.body && strstr(rs.body, "\"id\":\"accidents\""));
	HR_CHECK_INT_EQ(rs.private_data, 1);
	srv_response_free(&rs);
	get(&rs, "/collections/accidents/items/T-X1", NULL, SRV_ROLE_ADMIN, NULL);
	HR_CHECK_INT_EQ(rs.status, 200);
	HR_CHECK(rs.body && strstr(rs.body, "\"injured\":1"));
	srv_response_free(&rs);
	/* for the public they do not exist, whichever way asked */
	json_decref(get_json("/collections/accidents", NULL, SRV_ROLE_PUBLIC, 404));
	json_decref(get_json("/collections/accidents/items", NULL, SRV_ROLE_PUBLIC, 404));
	json_decref(get_json("/collections/accidents/items/T-X1", NULL, SRV_ROLE_PUBLIC, 404));
	json_decref(get_json("/collections/accidents", NULL, SRV_ROLE_REPORTER, 404));
	json_decref(get_json("/collections/nothing", NULL, SRV_ROLE_ANALYST, 404));
	/* one collection */
	c = get_json("/collections/hazardous_areas", NULL, SRV_ROLE_PUBLIC, 200);
	if (c) {
		json_t *bbox = json_array_get(json_object_get(json_object_get(json_object_get(
			c, "extent"), "spatial"), "bbox"), 0);
		json_t *iv = json_array_get(json_object_get(json_object_get(json_object_get(
			c, "extent"), "temporal"), "interval"), 0);
		HR_CHECK(json_real_value(json_array_get(bbox, 2)) == 30.05 ||
		         json_integer_value(json_array_get(bbox, 2)) == 30);
		HR_CHECK_STR_EQ(json_string_value(json_array_get(iv, 0)), "2025-01-01T00:00:00Z");
		HR_CHECK(json_is_null(json_array_get(iv, 1)));
		HR_CHECK_STR_EQ(link_href(json_object_get(c, "links"), "items", "application/geo+json"),
		                "http://127.0.0.1/collections/hazardous_areas/items");
		json_decref(c);
	}
}

static void test_items(void)
{
	srv_response rs;
	json_t *j = get_json("/collections/hazardous_areas/items", "limit=2", SRV_ROLE_PUBLIC, 200);
	if (j) {
		json_t *links = json_object_get(j, "links");
		HR_CHECK_STR_EQ(json_string_value(json_object_get(j, "type")), "FeatureCollection");
		HR_CHECK_INT_EQ(json_integer_value(json_object_get(j, "numberMatched")), 3);
		HR_CHECK_INT_EQ(json_integer_value(json_object_get(j, "numberReturned")), 2);
		HR_CHECK(json_is_string(json_object_get(j, "timeStamp")));
		HR_CHECK_STR_EQ(link_href(links, "next", NULL),
		                "http://127.0.0.1/collections/hazardous_areas/items?limit=2&offset=2");
		HR_CHECK(link_href(links, "prev", NULL) == NULL);
		json_decref(j);
	}
	j = get_json("/collections/hazardous_areas/items",
	             "limit=2&offset=2&datetime=2025-06-01/..", SRV_ROLE_PUBLIC, 200);
	if (j) {
		json_t *links = json_object_get(j, "links");
		HR_CHECK_INT_EQ(json_integer_value(json_object_get(j, "numberMatched")), 2);
		HR_CHECK_INT_EQ(json_integer_value(json_object_get(j, "numberReturned")), 0);
		HR_CHECK(link_href(links, "next", NULL) == NULL);
		HR_CHECK_STR_EQ(link_href(links, "prev", NULL),
		                "http://127.0.0.1/collections/hazardous_areas/items?limit=2&datetime="
		                "2025-06-01%2F..");
		json_decref(j);
	}
	get(&rs, "/collections/hazardous_areas/items", NULL, SRV_ROLE_PUBLIC, NULL);
	HR_CHECK_STR_EQ(rs.content_type, "application/geo+json");
	srv_response_free(&rs);
	/* refusals name the parameter */
	get(&rs, "/collections/hazardous_areas/items", "bbox=30,50,31", SRV_ROLE_PUBLIC, NULL);
	HR_CHECK_INT_EQ(rs.status, 400);
	HR_CHECK(rs.body && strstr(rs.body, "bbox"));
	srv_response_free(&rs);
	get(&rs, "/collections/hazardous_areas/items", "datetime=2025-13-01", SRV_ROLE_PUBLIC, NULL);
	HR_CHECK_INT_EQ(rs.status, 400);
	HR_CHECK(rs.body && strstr(rs.body, "datetime"));
	srv_response_free(&rs);
	get(&rs, "/collections/hazardous_areas/items", "limit=10001", SRV_ROLE_PUBLIC, NULL);
	HR_CHECK_INT_EQ(rs.status, 400);
	HR_CHECK(rs.body && strstr(rs.body, "limit"));
	srv_response_free(&rs);
	/* one item, with its links */
	j = get_json("/collections/hazardous_areas/items/T-B", NULL, SRV_ROLE_PUBLIC, 200);
	if (j) {
		HR_CHECK_STR_EQ(json_string_value(json_object_get(j, "id")), "T-B");
		HR_CHECK_STR_EQ(link_href(json_object_get(j, "links"), "self", NULL),
		                "http://127.0.0.1/collections/hazardous_areas/items/T-B");
		json_decref(j);
	}
	json_decref(get_json("/collections/hazardous_areas/items/T-NONE", NULL, SRV_ROLE_PUBLIC, 404));
}

static void test_html(void)
{
	static const char *const pages[][2] = {
		{"/", NULL}, {"/conformance", NULL}, {"/collections", NULL},
		{"/collections/hazardous_areas", NULL}, {"/collections/hazardous_areas/items", "limit=1"},
		{"/collections/hazardous_areas/items/T-A", NULL},
	};
	srv_response rs;
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		get(&rs, pages[i][0], pages[i][1], SRV_ROLE_PUBLIC, "text/html,application/xhtml+xml");
		HR_CHECK_INT_EQ(rs.status, 200);
		HR_CHECK_STR_EQ(rs.content_type, "text/html; charset=utf-8");
		HR_CHECK(rs.body && strstr(rs.body, "<html lang=\"en\">"));
		HR_CHECK(rs.body && !strcasestr(rs.body, "safe"));
		HR_CHECK(rs.body && strstr(rs.body, "Absence of a record does not mean absence of danger"));
		srv_response_free(&rs);
	}
	get(&rs, "/collections/hazardous_areas/items", "f=html", SRV_ROLE_PUBLIC, NULL);
	HR_CHECK(rs.body && strstr(rs.body, "<table>") && strstr(rs.body, "Square &lt;A&gt; &amp; co"));
	HR_CHECK(rs.body && strstr(rs.body, "<th scope=\"col\">hazard_from</th>"));
	srv_response_free(&rs);
	/* f wins over Accept */
	get(&rs, "/collections", "f=json", SRV_ROLE_PUBLIC, "text/html");
	HR_CHECK_STR_EQ(rs.content_type, "application/json");
	srv_response_free(&rs);
}

int main(void)
{
	char db[512], err[256];
	hr_register *reg = ogc_fixture("test_srv_ogc", db, sizeof db);

	if (!reg)
		return 1;
	hr_register_close(reg);
	if (srv_app_init(&app, db, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	test_api();
	test_landing();
	test_collections();
	test_items();
	test_html();
	srv_app_free(&app);
	return HR_TEST_DONE();
}
