/*
 * ogc_items.c - the collections of OGC API - Features: /collections,
 * /collections/{collectionId}, its items (a page of a GeoJSON
 * FeatureCollection, or an HTML table) and a single item, in JSON or HTML.
 *
 * The register decides what a collection holds and which features match
 * (hr_collection_items(), include/hazreg/features.h); this file checks the
 * parameters, streams the page into the response and writes the links.
 * A collection the caller's role may not see does not exist for them: 404,
 * the same answer as for a name that was never a collection.
 */
#include "server/ogc_int.h"

#include <stdio.h>
#include <string.h>

#define CRS84 "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#define GREGORIAN "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"

/* The collection named by the path's first parameter, if the caller may
 * see it; otherwise 404 is answered and NULL returned. */
static const hr_collection *collection_of(const srv_request *rq, srv_response *rs)
{
	const hr_collection *c = rq->nparams ? hr_collection_find(rq->params[0], ogc_profile(rq))
	                                     : NULL;
	if (!c)
		srv_error(rs, 404, "no such collection: %s", rq->nparams ? rq->params[0] : "");
	else if (ogc_profile(rq) != HR_PROFILE_PUBLIC)
		rs->private_data = 1;
	return c;
}

/* Answer a failure of the register's read functions. */
static int read_failed(const srv_request *rq, srv_response *rs, int rc)
{
	if (rc == HR_ENOTFOUND)
		return srv_error(rs, 404, "%s", hr_errmsg(rq->reg));
	if (rc == HR_EINVAL)
		return srv_error(rs, 400, "%s", hr_errmsg(rq->reg));
	return srv_error(rs, rc == HR_ENOMEM ? 503 : 500, "reading the register failed: %s",
	                 hr_errmsg(rq->reg));
}

/* "/collections/<id>" with the id percent-encoded, into buf. */
static int collection_path(char *buf, size_t len, const char *id, const char *rest)
{
	char seg[256];
	if (ogc_url_segment_buf(seg, sizeof seg, id) != 0)
		return -1;
	return (size_t)snprintf(buf, len, "/collections/%s%s", seg, rest) < len ? 0 : -1;
}

/* ---- collections ----------------------------------------------------------- */

static void time_or_null(srv_response *rs, hr_time t)
{
	char s[HR_TIME_BUFSZ];
	if (t == HR_TIME_NONE)
		srv_puts(rs, "null");
	else
		srv_printf(rs, "\"%s\"", hr_time_format(s, t));
}

static void collection_json(srv_response *rs, const srv_request *rq, const hr_collection *c,
                            const hr_collection_extent *e)
{
	char path[512], link[600];
	collection_path(path, sizeof path, c->id, "");
	srv_puts(rs, "{\"id\":");
	srv_json_str(rs, c->id);
	srv_puts(rs, ",\"title\":");
	srv_json_str(rs, c->title);
	srv_puts(rs, ",\"description\":");
	srv_json_str(rs, c->description);
	srv_puts(rs, ",\"itemType\":\"feature\",\"crs\":[\"" CRS84 "\"],\"extent\":{");
	if (e->has_bbox)
		srv_printf(rs, "\"spatial\":{\"bbox\":[[%.12g,%.12g,%.12g,%.12g]],\"crs\":\"" CRS84
		               "\"}%s",
		           e->bbox.west, e->bbox.south, e->bbox.east, e->bbox.north,
		           e->begin != HR_TIME_NONE ? "," : "");
	if (e->begin != HR_TIME_NONE) {
		srv_puts(rs, "\"temporal\":{\"interval\":[[");
		time_or_null(rs, e->begin);
		srv_puts(rs, ",");
		time_or_null(rs, e->end);
		srv_puts(rs, "]],\"trs\":\"" GREGORIAN "\"}");
	}
	srv_puts(rs, "},\"links\":[");
	ogc_link(rs, rq, path, "self", OGC_JSON, "This collection");
	srv_puts(rs, ",");
	snprintf(link, sizeof link, "%s?f=html", path);
	ogc_link(rs, rq, link, "alternate", "text/html", "This collection as HTML");
	srv_puts(rs, ",");
	snprintf(link, sizeof link, "%s/items", path);
	ogc_link(rs, rq, link, "items", OGC_GEOJSON, "The features (GeoJSON)");
	srv_puts(rs, ",");
	snprintf(link, sizeof link, "%s/items?f=html", path);
	ogc_link(rs, rq, link, "items", "text/html", "The features (HTML)");
	srv_printf(rs, "],\"numberOfFeatures\":%llu}", (unsigned long long)e->count);
}

static void collection_html_row(srv_response *rs, const srv_request *rq, const hr_collection *c,
                                const hr_collection_extent *e)
{
	char path[512], t[HR_TIME_BUFSZ];
	collection_path(path, sizeof path, c->id, "");
	srv_puts(rs, "<tr><th scope=\"row\"><a href=\"");
	srv_html_str(rs, srv_base_url(rq));
	srv_html_str(rs, path);
	srv_puts(rs, "?f=html\">");
	srv_html_str(rs, c->title);
	srv_puts(rs, "</a> <code>");
	srv_html_str(rs, c->id);
	srv_puts(rs, "</code></th><td>");
	srv_html_str(rs, c->description);
	srv_printf(rs, "</td><td>%llu</td><td>", (unsigned long long)e->count);
	if (e->has_bbox)
		srv_printf(rs, "%.7f, %.7f, %.7f, %.7f", e->bbox.west, e->bbox.south, e->bbox.east,
		           e->bbox.north);
	srv_puts(rs, "</td><td>");
	if (e->begin != HR_TIME_NONE) {
		srv_html_str(rs, hr_time_format(t, e->begin));
		srv_puts(rs, " to ");
		srv_html_str(rs, e->end == HR_TIME_NONE ? "now (open)" : hr_time_format(t, e->end));
	}
	srv_puts(rs, "</td><td><a href=\"");
	srv_html_str(rs, srv_base_url(rq));
	srv_html_str(rs, path);
	srv_puts(rs, "/items?f=html\">Features</a></td></tr>\n");
}

static const char COLLECTIONS_HEAD[] =
	"<table><caption>Collections</caption><thead><tr><th scope=\"col\">Collection</th>"
	"<th scope=\"col\">Description</th><th scope=\"col\">Features</th>"
	"<th scope=\"col\">Extent (W, S, E, N)</th><th scope=\"col\">Time</th>"
	"<th scope=\"col\">Items</th></tr></thead><tbody>\n";

int ogc_collections(srv_request *rq, srv_response *rs)
{
	static const char *const crumbs[] = {"/collections?f=html", "Collections", NULL};
	hr_profile p = ogc_profile(rq);
	int html = srv_wants_html(rq);
	const hr_collection *c;

	if (ogc_check_args(rq, rs, NULL, 0))
		return 0;
	if (p != HR_PROFILE_PUBLIC)
		rs->private_data = 1;
	if (html) {
		ogc_html_begin(rs, rq, "Collections", crumbs);
		srv_puts(rs, COLLECTIONS_HEAD);
	} else {
		srv_puts(rs, "{\"links\":[");
		ogc_link(rs, rq, "/collections", "self", OGC_JSON, "The collections");
		srv_puts(rs, ",");
		ogc_link(rs, rq, "/collections?f=html", "alternate", "text/html",
		         "The collections as HTML");
		srv_puts(rs, "],\"collections\":[");
	}
	for (size_t i = 0; (c = hr_collection_nth(i, p)); i++) {
		hr_collection_extent e;
		int rc = hr_collection_extent_get(rq->reg, c, &e);
		if (rc)
			return read_failed(rq, rs, rc);
		if (html) {
			collection_html_row(rs, rq, c, &e);
		} else {
			if (i)
				srv_puts(rs, ",");
			collection_json(rs, rq, c, &e);
		}
	}
	if (html) {
		srv_puts(rs, "</tbody></table>\n");
		ogc_html_end(rs);
	} else {
		srv_puts(rs, "]}\n");
	}
	return 0;
}

int ogc_collection(srv_request *rq, srv_response *rs)
{
	const hr_collection *c;
	hr_collection_extent e;
	int rc;

	if (ogc_check_args(rq, rs, NULL, 0) || !(c = collection_of(rq, rs)))
		return 0;
	if ((rc = hr_collection_extent_get(rq->reg, c, &e)))
		return read_failed(rq, rs, rc);
	if (srv_wants_html(rq)) {
		char path[512];
		const char *crumbs[] = {"/collections?f=html", "Collections", path, c->title, NULL};
		collection_path(path, sizeof path, c->id, "?f=html");
		ogc_html_begin(rs, rq, c->title, crumbs);
		srv_puts(rs, COLLECTIONS_HEAD);
		collection_html_row(rs, rq, c, &e);
		srv_puts(rs, "</tbody></table>\n");
		ogc_html_end(rs);
		return 0;
	}
	collection_json(rs, rq, c, &e);
	srv_puts(rs, "\n");
	return 0;
}

/* ---- items ----------------------------------------------------------------- */

/* A page or a feature being written. */
typedef struct {
	srv_request *rq;
	srv_response *rs;
	const hr_collection *c;
	char path[512]; /* the collection's, percent-encoded */
	int html;
	uint64_t returned;
} page;

/* Start writing for collection c. */
static void page_init(page *pg, srv_request *rq, srv_response *rs, const hr_collection *c)
{
	memset(pg, 0, sizeof *pg);
	pg->rq = rq;
	pg->rs = rs;
	pg->c = c;
	pg->html = srv_wants_html(rq);
	collection_path(pg->path, sizeof pg->path, c->id, "");
}

/* The properties of a feature as table cells. */
static void html_cells(srv_response *rs, const hr_feature *f)
{
	for (size_t i = 0; i < f->nprops; i++) {
		srv_puts(rs, "<td>");
		srv_html_str(rs, f->values[i]);
		srv_puts(rs, "</td>");
	}
}

static int page_feature(void *ctx, const hr_feature *f)
{
	page *pg = ctx;
	srv_response *rs = pg->rs;

	if (!pg->html) {
		if (pg->returned)
			srv_puts(rs, ",\n");
		srv_write(rs, f->json, f->json_len);
		pg->returned++;
		return rs->oom ? HR_ENOMEM : 0;
	}
	if (pg->returned == 0) {
		srv_puts(rs, "<table><caption>");
		srv_html_str(rs, pg->c->title);
		srv_puts(rs, "</caption><thead><tr><th scope=\"col\">id</th>");
		for (size_t i = 0; i < f->nprops; i++) {
			srv_puts(rs, "<th scope=\"col\">");
			srv_html_str(rs, f->names[i]);
			srv_puts(rs, "</th>");
		}
		srv_puts(rs, "</tr></thead><tbody>\n");
	}
	srv_puts(rs, "<tr><th scope=\"row\"><a href=\"");
	srv_html_str(rs, srv_base_url(pg->rq));
	srv_html_str(rs, pg->path);
	srv_puts(rs, "/items/");
	ogc_url_segment(rs, f->id);
	srv_puts(rs, "?f=html\">");
	srv_html_str(rs, f->id);
	srv_puts(rs, "</a></th>");
	html_cells(rs, f);
	srv_puts(rs, "</tr>\n");
	pg->returned++;
	return rs->oom ? HR_ENOMEM : 0;
}

/* The query string of a page at `offset` (with f=html when html). */
static void page_query(char *buf, size_t len, const srv_request *rq, uint64_t limit,
                       uint64_t offset, int html)
{
	static const char *const keep[] = {"bbox", "datetime"};
	size_t n = (size_t)snprintf(buf, len, "?limit=%llu", (unsigned long long)limit);
	for (size_t k = 0; k < 2 && n < len; k++) {
		const char *v = srv_arg(rq, keep[k]);
		char enc[768];
		if (v && ogc_url_segment_buf(enc, sizeof enc, v) == 0)
			n += (size_t)snprintf(buf + n, len - n, "&%s=%s", keep[k], enc);
	}
	if (offset && n < len)
		n += (size_t)snprintf(buf + n, len - n, "&offset=%llu", (unsigned long long)offset);
	if (html && n < len)
		snprintf(buf + n, len - n, "&f=html");
}

static void page_links(srv_response *rs, const srv_request *rq, const char *path, uint64_t limit,
                       uint64_t offset, uint64_t returned, uint64_t matched)
{
	char q[2048], link[2600];
	page_query(q, sizeof q, rq, limit, offset, 0);
	snprintf(link, sizeof link, "%s/items%s", path, q);
	ogc_link(rs, rq, link, "self", OGC_GEOJSON, "This page");
	page_query(q, sizeof q, rq, limit, offset, 1);
	snprintf(link, sizeof link, "%s/items%s", path, q);
	srv_puts(rs, ",");
	ogc_link(rs, rq, link, "alternate", "text/html", "This page as HTML");
	if (offset + returned < matched) {
		page_query(q, sizeof q, rq, limit, offset + returned, 0);
		snprintf(link, sizeof link, "%s/items%s", path, q);
		srv_puts(rs, ",");
		ogc_link(rs, rq, link, "next", OGC_GEOJSON, "The next page");
	}
	if (offset) {
		page_query(q, sizeof q, rq, limit, offset > limit ? offset - limit : 0, 0);
		snprintf(link, sizeof link, "%s/items%s", path, q);
		srv_puts(rs, ",");
		ogc_link(rs, rq, link, "prev", OGC_GEOJSON, "The previous page");
	}
	srv_puts(rs, ",");
	ogc_link(rs, rq, path, "collection", OGC_JSON, "The collection");
}

static void html_page_nav(srv_response *rs, const srv_request *rq, const char *path,
                          uint64_t limit, uint64_t offset, uint64_t returned, uint64_t matched)
{
	char q[2048];
	srv_puts(rs, "<nav aria-label=\"Pages\"><ul>");
	if (offset) {
		page_query(q, sizeof q, rq, limit, offset > limit ? offset - limit : 0, 1);
		srv_puts(rs, "<li><a rel=\"prev\" href=\"");
		srv_html_str(rs, srv_base_url(rq));
		srv_html_str(rs, path);
		srv_puts(rs, "/items");
		srv_html_str(rs, q);
		srv_puts(rs, "\">Previous page</a></li>");
	}
	if (offset + returned < matched) {
		page_query(q, sizeof q, rq, limit, offset + returned, 1);
		srv_puts(rs, "<li><a rel=\"next\" href=\"");
		srv_html_str(rs, srv_base_url(rq));
		srv_html_str(rs, path);
		srv_puts(rs, "/items");
		srv_html_str(rs, q);
		srv_puts(rs, "\">Next page</a></li>");
	}
	page_query(q, sizeof q, rq, limit, offset, 0);
	srv_puts(rs, "<li><a type=\"application/geo+json\" href=\"");
	srv_html_str(rs, srv_base_url(rq));
	srv_html_str(rs, path);
	srv_puts(rs, "/items");
	srv_html_str(rs, q);
	srv_puts(rs, "\">This page as GeoJSON</a></li></ul></nav>\n");
}

/* Read bbox, datetime, limit and offset into q; 400 and nonzero when one is wrong. */
static int items_params(const srv_request *rq, srv_response *rs, hr_items_query *q)
{
	static const char *const allowed[] = {"bbox", "datetime", "limit", "offset", NULL};
	const char *v;
	char why[512];

	if (ogc_check_args(rq, rs, allowed, 1))
		return 1;
	if ((v = srv_arg(rq, "bbox"))) {
		if (ogc_parse_bbox(v, &q->bbox, why, sizeof why) != 0)
			return srv_error(rs, 400, "%s", why), 1;
		q->has_bbox = 1;
	}
	if ((v = srv_arg(rq, "datetime"))) {
		if (ogc_parse_datetime(v, &q->from, &q->to, why, sizeof why) != 0)
			return srv_error(rs, 400, "%s", why), 1;
		q->has_time = 1;
	}
	if ((v = srv_arg(rq, "limit")) &&
	    ogc_parse_count("limit", v, 1, rq->app->limits.max_limit, &q->limit, why, sizeof why))
		return srv_error(rs, 400, "%s", why), 1;
	if ((v = srv_arg(rq, "offset")) &&
	    ogc_parse_count("offset", v, 0, 1000000000000ULL, &q->offset, why, sizeof why))
		return srv_error(rs, 400, "%s", why), 1;
	return 0;
}

int ogc_items(srv_request *rq, srv_response *rs)
{
	hr_items_query q = HR_ITEMS_QUERY_INIT;
	const hr_collection *c;
	page pg;
	char t[HR_TIME_BUFSZ];
	uint64_t matched = 0;
	int rc;

	if (items_params(rq, rs, &q) || !(c = collection_of(rq, rs)))
		return 0;
	page_init(&pg, rq, rs, c);
	if (pg.html) {
		char crumb[520];
		const char *crumbs[] = {"/collections?f=html", "Collections", crumb, c->title, NULL};
		snprintf(crumb, sizeof crumb, "%s?f=html", pg.path);
		ogc_html_begin(rs, rq, c->title, crumbs);
		srv_puts(rs, "<p>");
		srv_html_str(rs, c->description);
		srv_puts(rs, "</p>\n");
	} else {
		srv_set_type(rs, OGC_GEOJSON);
		srv_puts(rs, "{\"type\":\"FeatureCollection\",\"features\":[\n");
	}
	rc = hr_collection_items(rq->reg, c, ogc_profile(rq), &q, page_feature, &pg, &matched);
	if (rc)
		return read_failed(rq, rs, rc);
	if (pg.html) {
		if (pg.returned)
			srv_puts(rs, "</tbody></table>\n");
		srv_printf(rs, "<p>%llu of %llu matching features", (unsigned long long)pg.returned,
		           (unsigned long long)matched);
		if (pg.returned)
			srv_printf(rs, " (%llu to %llu)", (unsigned long long)q.offset + 1,
			           (unsigned long long)(q.offset + pg.returned));
		srv_puts(rs, ".</p>\n");
		html_page_nav(rs, rq, pg.path, q.limit, q.offset, pg.returned, matched);
		ogc_html_end(rs);
		return 0;
	}
	srv_printf(rs, "\n],\"numberMatched\":%llu,\"numberReturned\":%llu,\"timeStamp\":\"%s\","
	               "\"links\":[",
	           (unsigned long long)matched, (unsigned long long)pg.returned,
	           hr_time_format(t, hr_time_now()));
	page_links(rs, rq, pg.path, q.limit, q.offset, pg.returned, matched);
	srv_puts(rs, "]}\n");
	return 0;
}

/* ---- one item ---------------------------------------------------------------- */

static int item_json(void *ctx, const hr_feature *f)
{
	page *it = ctx;
	srv_response *rs = it->rs;
	char self[1400], seg[3 * 256 + 1];

	if (ogc_url_segment_buf(seg, sizeof seg, f->id) != 0)
		return srv_error(rs, 404, "feature ids are at most 256 bytes"), HR_ENOTFOUND;
	/* the feature's closing brace gives way to its links */
	srv_write(rs, f->json, f->json_len - 1);
	srv_puts(rs, ",\"links\":[");
	snprintf(self, sizeof self, "%s/items/%s", it->path, seg);
	ogc_link(rs, it->rq, self, "self", OGC_GEOJSON, "This feature");
	srv_puts(rs, ",");
	snprintf(self, sizeof self, "%s/items/%s?f=html", it->path, seg);
	ogc_link(rs, it->rq, self, "alternate", "text/html", "This feature as HTML");
	srv_puts(rs, ",");
	ogc_link(rs, it->rq, it->path, "collection", OGC_JSON, "The collection");
	srv_puts(rs, "]}\n");
	return rs->oom ? HR_ENOMEM : 0;
}

static int item_html(void *ctx, const hr_feature *f)
{
	page *it = ctx;
	srv_response *rs = it->rs;
	char coll[520], items[530];
	const char *crumbs[] = {"/collections?f=html", "Collections", coll, it->c->title, items,
	                        "Features", NULL};

	snprintf(coll, sizeof coll, "%s?f=html", it->path);
	snprintf(items, sizeof items, "%s/items?f=html", it->path);
	ogc_html_begin(rs, it->rq, f->id, crumbs);
	srv_puts(rs, "<table><caption>");
	srv_html_str(rs, it->c->title);
	srv_puts(rs, ": ");
	srv_html_str(rs, f->id);
	srv_puts(rs, "</caption><tbody>\n");
	for (size_t i = 0; i < f->nprops; i++) {
		srv_puts(rs, "<tr><th scope=\"row\">");
		srv_html_str(rs, f->names[i]);
		srv_puts(rs, "</th><td>");
		srv_html_str(rs, f->values[i]);
		srv_puts(rs, "</td></tr>\n");
	}
	srv_puts(rs, "</tbody></table>\n");
	ogc_html_end(rs);
	return rs->oom ? HR_ENOMEM : 0;
}

int ogc_item(srv_request *rq, srv_response *rs)
{
	const hr_collection *c;
	page it;
	int rc;

	if (ogc_check_args(rq, rs, NULL, 1) || !(c = collection_of(rq, rs)))
		return 0;
	page_init(&it, rq, rs, c);
	if (!it.html)
		srv_set_type(rs, OGC_GEOJSON);
	rc = hr_collection_item(rq->reg, c, ogc_profile(rq), rq->params[1],
	                        it.html ? item_html : item_json, &it);
	if (rc && rs->status != 404)
		return read_failed(rq, rs, rc);
	return 0;
}
