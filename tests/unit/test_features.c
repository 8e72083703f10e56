/*
 * test_features.c - the layers as collections of features
 * (include/hazreg/features.h) over tests/data/ogc/small.geojson: which
 * collections each profile shows, extents, the datetime rule for
 * hazardous areas against hr_query_bbox(), instants and intervals of the
 * other collections, the exact bbox test, paging and single features.
 *
 * The fixture: area T-A hazardous from 2025-01-01 until its two halves are
 * released (2025-03-01 and 2025-05-01); T-B from 2025-02-01, half released
 * on 2025-04-01 so hazardous still; T-C, a triangle, from 2025-06-01.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hazreg/hazreg.h"
#include "test.h"
#include "ogc_fixture.h"

static hr_time T(const char *s)
{
	hr_time t = HR_TIME_NONE;
	if (strcmp(s, "..") != 0)
		HR_CHECK_INT_EQ(hr_time_parse(&t, s, strlen(s)), 0);
	return t;
}

/* The ids of a page, space-separated, and the properties of the first. */
typedef struct {
	char ids[256];
	char first_props[2048];
	size_t n;
} got;

static int collect(void *ctx, const hr_feature *f)
{
	got *g = ctx;
	size_t len = strlen(g->ids);
	snprintf(g->ids + len, sizeof g->ids - len, "%s%s", len ? " " : "", f->id);
	if (g->n++ == 0) {
		for (size_t i = 0; i < f->nprops; i++) {
			len = strlen(g->first_props);
			snprintf(g->first_props + len, sizeof g->first_props - len, "%s=%s;",
			         f->names[i], f->values[i] ? f->values[i] : "(null)");
		}
	}
	/* the JSON is a whole Feature with this id */
	HR_CHECK(f->json_len > 2 && f->json[0] == '{' && f->json[f->json_len - 1] == '}');
	HR_CHECK(strstr(f->json, f->id) != NULL);
	return 0;
}

static const char *page(hr_register *reg, const char *coll, hr_profile p,
                        const hr_items_query *q, uint64_t *matched)
{
	static got g;
	const hr_collection *c = hr_collection_find(coll, p);
	memset(&g, 0, sizeof g);
	HR_CHECK(c != NULL);
	if (!c)
		return "";
	HR_CHECK_INT_EQ(hr_collection_items(reg, c, p, q, collect, &g, matched), 0);
	return g.ids;
}

/* Hazardous areas over an interval, by the collection's datetime filter. */
static const char *areas_during(hr_register *reg, const char *from, const char *to)
{
	hr_items_query q = HR_ITEMS_QUERY_INIT;
	uint64_t matched = 0;
	const char *ids;
	q.has_time = 1;
	q.from = T(from);
	q.to = T(to);
	q.limit = 100;
	ids = page(reg, "hazardous_areas", HR_PROFILE_PUBLIC, &q, &matched);
	{
		/* count the ids: numberMatched agrees */
		uint64_t n = *ids != 0;
		for (const char *s = ids; *s; s++)
			n += *s == ' ';
		HR_CHECK_INT_EQ(n, matched);
	}
	return ids;
}

/* At an instant the filter agrees with hr_query_bbox() over a box that
 * holds every area: the same areas, hazardous there. */
static void check_instant(hr_register *reg, const char *at, const char *want)
{
	hr_bbox all = {29, 49, 31, 51};
	hr_hits *h = NULL;
	char ids[256] = "";
	HR_CHECK_STR_EQ(areas_during(reg, at, at), want);
	HR_CHECK_INT_EQ(hr_query_bbox(reg, &all, T(at), &h), 0);
	for (size_t i = 0; h && i < h->n; i++) {
		size_t len = strlen(ids);
		if (h->hits[i].hazardous)
			snprintf(ids + len, sizeof ids - len, "%s%s", len ? " " : "", h->hits[i].area_id);
	}
	HR_CHECK_STR_EQ(ids, want);
	hr_hits_free(h);
}

static void test_datetime(hr_register *reg)
{
	int hz = -1;
	check_instant(reg, "2024-12-01T00:00:00Z", "");
	check_instant(reg, "2025-01-01T00:00:00Z", "T-A");
	check_instant(reg, "2025-01-15T00:00:00Z", "T-A");
	check_instant(reg, "2025-03-15T00:00:00Z", "T-A T-B");
	check_instant(reg, "2025-04-30T23:59:59Z", "T-A T-B");
	check_instant(reg, "2025-05-01T00:00:00Z", "T-B"); /* the second half released then */
	check_instant(reg, "2025-06-15T00:00:00Z", "T-B T-C");
	/* intervals: hazardous at some moment of them */
	HR_CHECK_STR_EQ(areas_during(reg, "2025-04-01T00:00:00Z", "2025-04-30T00:00:00Z"), "T-A T-B");
	HR_CHECK_STR_EQ(areas_during(reg, "2025-05-02T00:00:00Z", ".."), "T-B T-C");
	HR_CHECK_STR_EQ(areas_during(reg, "..", "2025-01-01T00:00:00Z"), "T-A");
	HR_CHECK_STR_EQ(areas_during(reg, "..", "2025-12-31T00:00:00Z"), "T-A T-B T-C");
	HR_CHECK_STR_EQ(areas_during(reg, "2030-01-01T00:00:00Z", ".."), "T-B T-C");
	/* the function itself */
	HR_CHECK_INT_EQ(hr_area_hazardous_during(reg, "T-A", T("2025-04-01T00:00:00Z"),
	                                         T("2025-04-01T00:00:00Z"), &hz), 0);
	HR_CHECK_INT_EQ(hz, 1);
	HR_CHECK_INT_EQ(hr_area_hazardous_during(reg, "T-A", T("2025-05-01T00:00:00Z"), HR_TIME_NONE,
	                                         &hz), 0);
	HR_CHECK_INT_EQ(hz, 0);
	HR_CHECK_INT_EQ(hr_area_hazardous_during(reg, "T-NONE", HR_TIME_NONE, HR_TIME_NONE, &hz),
	                HR_ENOTFOUND);
	HR_CHECK_INT_EQ(hr_area_hazardous_during(reg, "T-A", T("2025-05-01T00:00:00Z"),
	                                         T("2025-04-01T00:00:00Z"), &hz), HR_EINVAL);
}

static void test_other_times(hr_register *reg)
{
	hr_items_query q = HR_ITEMS_QUERY_INIT;
	q.has_time = 1;
	q.from = q.to = T("2025-03-01T00:00:00Z");
	HR_CHECK_STR_EQ(page(reg, "release_parts", HR_PROFILE_PUBLIC, &q, NULL), "T-P1");
	q.to = T("2025-04-01T00:00:00Z");
	HR_CHECK_STR_EQ(page(reg, "release_parts", HR_PROFILE_PUBLIC, &q, NULL), "T-P1 T-P3");
	q.from = HR_TIME_NONE;
	q.to = T("2025-03-01T00:00:00Z");
	HR_CHECK_STR_EQ(page(reg, "eo_items", HR_PROFILE_PUBLIC, &q, NULL), "T-I1");
	q.from = T("2025-03-01T00:00:00Z");
	q.to = HR_TIME_NONE;
	HR_CHECK_STR_EQ(page(reg, "eo_items", HR_PROFILE_PUBLIC, &q, NULL), "T-I2");
	q.from = q.to = T("2025-02-20T00:00:00Z");
	HR_CHECK_STR_EQ(page(reg, "accidents", HR_PROFILE_INTERNAL, &q, NULL), "T-X1");
}

static void test_bbox_and_paging(hr_register *reg)
{
	hr_items_query q = HR_ITEMS_QUERY_INIT;
	uint64_t matched = 0;
	/* every feature, no filter */
	HR_CHECK_STR_EQ(page(reg, "hazardous_areas", HR_PROFILE_PUBLIC, NULL, &matched),
	                "T-A T-B T-C");
	HR_CHECK_INT_EQ(matched, 3);
	/* a page in the middle: numberMatched counts them all */
	q.offset = 1;
	q.limit = 1;
	HR_CHECK_STR_EQ(page(reg, "hazardous_areas", HR_PROFILE_PUBLIC, &q, &matched), "T-B");
	HR_CHECK_INT_EQ(matched, 3);
	q.offset = 5;
	HR_CHECK_STR_EQ(page(reg, "hazardous_areas", HR_PROFILE_PUBLIC, &q, &matched), "");
	HR_CHECK_INT_EQ(matched, 3);
	/* a box that meets T-C's envelope but not the triangle */
	q.offset = 0;
	q.limit = 10;
	q.has_bbox = 1;
	q.bbox = (hr_bbox){30.048, 50.008, 30.05, 50.01};
	HR_CHECK_STR_EQ(page(reg, "hazardous_areas", HR_PROFILE_PUBLIC, &q, &matched), "");
	HR_CHECK_INT_EQ(matched, 0);
	/* one that crosses its edge, and one around T-A and T-B's corner */
	q.bbox = (hr_bbox){30.044, 50.004, 30.046, 50.006};
	HR_CHECK_STR_EQ(page(reg, "hazardous_areas", HR_PROFILE_PUBLIC, &q, NULL), "T-C");
	q.bbox = (hr_bbox){30.009, 50.009, 30.021, 50.02};
	HR_CHECK_STR_EQ(page(reg, "hazardous_areas", HR_PROFILE_PUBLIC, &q, NULL), "T-A T-B");
	HR_CHECK_STR_EQ(page(reg, "eo_items", HR_PROFILE_PUBLIC, &q, NULL), "");
	q.bbox = (hr_bbox){30.0005, 49.9, 30.0215, 50.0015};
	HR_CHECK_STR_EQ(page(reg, "eo_items", HR_PROFILE_PUBLIC, &q, NULL), "T-I1 T-I2");
	q.bbox = (hr_bbox){30.009, 50.009, 30.021, 50.02};
	/* bbox and datetime together */
	q.has_time = 1;
	q.from = q.to = T("2025-05-01T00:00:00Z");
	HR_CHECK_STR_EQ(page(reg, "hazardous_areas", HR_PROFILE_PUBLIC, &q, NULL), "T-B");
	/* refused queries */
	{
		const hr_collection *c = hr_collection_find("hazardous_areas", HR_PROFILE_PUBLIC);
		got g;
		memset(&g, 0, sizeof g);
		q.bbox = (hr_bbox){31, 50, 30, 51};
		HR_CHECK_INT_EQ(hr_collection_items(reg, c, HR_PROFILE_PUBLIC, &q, collect, &g, NULL),
		                HR_EINVAL);
		q.bbox = (hr_bbox){30, 50, 31, 51};
		q.from = T("2025-05-01T00:00:00Z");
		q.to = T("2025-04-01T00:00:00Z");
		HR_CHECK_INT_EQ(hr_collection_items(reg, c, HR_PROFILE_PUBLIC, &q, collect, &g, NULL),
		                HR_EINVAL);
	}
}

static void test_collections(hr_register *reg)
{
	const hr_collection *c;
	hr_collection_extent e;
	got g;
	size_t n = 0;
	/* the public sees three, without accidents */
	while (hr_collection_nth(n, HR_PROFILE_PUBLIC))
		n++;
	HR_CHECK_INT_EQ(n, 3);
	for (size_t i = 0; (c = hr_collection_nth(i, HR_PROFILE_PUBLIC)); i++)
		HR_CHECK(strcmp(c->id, "accidents") != 0);
	HR_CHECK(hr_collection_find("accidents", HR_PROFILE_PUBLIC) == NULL);
	HR_CHECK(hr_collection_find("eore_sessions", HR_PROFILE_INTERNAL) == NULL);
	HR_CHECK(hr_collection_find("nothing", HR_PROFILE_INTERNAL) == NULL);
	HR_CHECK(hr_collection_nth(3, HR_PROFILE_INTERNAL) != NULL);
	HR_CHECK(hr_collection_nth(4, HR_PROFILE_INTERNAL) == NULL);
	/* a restricted collection handed in with the public profile is not there */
	c = hr_collection_find("accidents", HR_PROFILE_INTERNAL);
	HR_CHECK_INT_EQ(hr_collection_items(reg, c, HR_PROFILE_PUBLIC, NULL, collect, &g, NULL),
	                HR_ENOTFOUND);
	HR_CHECK_INT_EQ(hr_collection_item(reg, c, HR_PROFILE_PUBLIC, "T-X1", collect, &g),
	                HR_ENOTFOUND);
	memset(&g, 0, sizeof g);
	HR_CHECK_INT_EQ(hr_collection_item(reg, c, HR_PROFILE_INTERNAL, "T-X1", collect, &g), 0);
	HR_CHECK_STR_EQ(g.ids, "T-X1");
	/* extents */
	c = hr_collection_find("hazardous_areas", HR_PROFILE_PUBLIC);
	HR_CHECK_INT_EQ(hr_collection_extent_get(reg, c, &e), 0);
	HR_CHECK_INT_EQ(e.count, 3);
	HR_CHECK(e.has_bbox && e.bbox.west == 30 && e.bbox.south == 50 && e.bbox.east == 30.05 &&
	         e.bbox.north == 50.01);
	HR_CHECK_INT_EQ(e.begin, T("2025-01-01T00:00:00Z"));
	HR_CHECK_INT_EQ(e.end, HR_TIME_NONE);
	c = hr_collection_find("eo_items", HR_PROFILE_PUBLIC);
	HR_CHECK_INT_EQ(hr_collection_extent_get(reg, c, &e), 0);
	HR_CHECK_INT_EQ(e.count, 2);
	HR_CHECK_INT_EQ(e.begin, T("2025-02-15T00:00:00Z"));
	HR_CHECK_INT_EQ(e.end, T("2025-04-15T00:00:00Z"));
	/* one feature: its properties as the export writes them */
	c = hr_collection_find("hazardous_areas", HR_PROFILE_PUBLIC);
	memset(&g, 0, sizeof g);
	HR_CHECK_INT_EQ(hr_collection_item(reg, c, HR_PROFILE_PUBLIC, "T-A", collect, &g), 0);
	HR_CHECK(strstr(g.first_props, "name=Square <A> & co;") != NULL);
	HR_CHECK(strstr(g.first_props, "hazard_from=2025-01-01T00:00:00Z;") != NULL);
	HR_CHECK(strstr(g.first_props, "pcode=(null);") != NULL);
	HR_CHECK_INT_EQ(hr_collection_item(reg, c, HR_PROFILE_PUBLIC, "T-NONE", collect, &g),
	                HR_ENOTFOUND);
}

/* A release part appended through the same handle: the release times kept
 * for the snapshot before it give way to the new ones (T-B's second half
 * released on 2025-07-01), and the earlier instants are unchanged. */
static void test_datetime_after_append(hr_register *reg)
{
	static const char part[] =
		"{\"type\":\"Feature\",\"id\":\"T-P4\",\"geometry\":{\"type\":\"Polygon\","
		"\"coordinates\":[[[30.025,50],[30.03,50],[30.03,50.01],[30.025,50.01],[30.025,50]]]},"
		"\"properties\":{\"kind\":\"release\",\"org\":\"Test Org\",\"date_of_information\":"
		"\"2025-07-01\",\"area_id\":\"T-B\",\"release\":\"reduced\",\"method\":\"ts\","
		"\"released_at\":\"2025-07-01T00:00:00Z\"}}";
	char path[600], err[256];
	const char *tmp = getenv("HR_TEST_TMP");
	hr_reader *rd = NULL;
	hr_import_result *res = NULL;
	FILE *f;
	check_instant(reg, "2025-07-02T00:00:00Z", "T-B T-C"); /* kept before the append */
	snprintf(path, sizeof path, "%s/test_features_p4.geojson", tmp ? tmp : "/tmp");
	HR_CHECK((f = fopen(path, "w")) != NULL);
	if (!f)
		return;
	fputs(part, f);
	fclose(f);
	HR_CHECK_INT_EQ(hr_reader_geojson(&rd, path, err, sizeof err), 0);
	if (rd) {
		HR_CHECK_INT_EQ(hr_register_import(reg, rd, NULL, &res), 0);
		rd->close(rd);
	}
	HR_CHECK(res && res->imported == 1);
	hr_import_result_free(res);
	check_instant(reg, "2025-06-15T00:00:00Z", "T-B T-C");
	check_instant(reg, "2025-06-30T23:59:59Z", "T-B T-C");
	check_instant(reg, "2025-07-01T00:00:00Z", "T-C");
	check_instant(reg, "2025-07-02T00:00:00Z", "T-C");
	check_instant(reg, "2025-03-15T00:00:00Z", "T-A T-B");
	unlink(path);
}

int main(void)
{
	char db[512];
	hr_register *reg = ogc_fixture("test_features", db, sizeof db);

	if (!reg)
		return 1;
	test_datetime(reg);
	test_other_times(reg);
	test_bbox_and_paging(reg);
	test_collections(reg);
	test_datetime_after_append(reg);
	hr_register_close(reg);
	return HR_TEST_DONE();
}
