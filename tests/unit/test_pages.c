/*
 * test_pages.c - pages of the layers, from the store up to the
 * collections of the OGC API.
 *
 * The backend's row_count, rows_page and rows_page_during (the
 * GeoPackage's, or PostgreSQL's in pg.unit.test_pages) against rows_all
 * and the test's own filter, over a grid of offsets and limits (0, 1, the
 * end, beyond it, past INT64_MAX); an empty layer, a layer a read-only
 * store does not have, a callback that stops, re-entry from a callback,
 * times written in another form of ISO 8601, and (GeoPackage only: a
 * timestamptz column refuses it) a time that is no time.
 *
 * Then hr_collection_items() over a register of a hundred records that
 * this test writes: for every collection and time filter, and every
 * (offset, limit) of such a grid, the page must hold exactly the features
 * the test's own filter selects, in key order, with numberMatched their
 * number; and the same features, written the same, as the full walk that
 * a box covering the world takes. The register: areas P-1..P-37 (key
 * order P-1, P-10, ..., P-2, ...; written in the reverse order), release
 * parts R-<i>a (every third area) and R-<i>b (every sixth, which releases
 * the whole area), items I-<i> (three areas in four) and accidents X-<i>
 * (every other area), each kind dated on a few days so that an instant
 * matches several features.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hazreg/hazreg.h"
#include "hazreg/sys/backend.h"
#include "test.h"
#include "ogc_fixture.h"

/* Append id to the space-separated list in buf. */
static void append_id(char *buf, size_t len, const char *id)
{
	size_t l = strlen(buf);
	snprintf(buf + l, len - l, "%s%s", l ? " " : "", id);
}

/* ids[offset, offset + limit) of the n ids, space-separated, into buf. */
static const char *slice(const char *const *ids, size_t n, uint64_t offset, uint64_t limit,
                         char *buf, size_t len)
{
	buf[0] = '\0';
	for (uint64_t i = offset; i < n && i - offset < limit; i++)
		append_id(buf, len, ids[i]);
	return buf;
}

/* ==== the backend ============================================================== */

#define NROWS 30
#define DAY 86400

static const hr_column find_cols[] = {
	{"find_id", HR_COL_TEXT, 1}, {"area_id", HR_COL_TEXT, 1}, {"found_at", HR_COL_TIME, 0},
	{"quantity", HR_COL_INT, 0},
};
static const hr_layer finds = {"test_finds", "Test finds", NULL, "find_id", 4, find_cols};

static const hr_column seen_cols[] = {{"seen_id", HR_COL_TEXT, 1}, {"seen_at", HR_COL_TIME, 0}};
static const hr_layer empty = {"test_empty", "Test empty", "POINT", "seen_id", 2, seen_cols};
/* never made: a read-only store does not have it */
static const hr_layer absent = {"test_absent", "Test absent", NULL, "seen_id", 2, seen_cols};

static const hr_layer *const layers[] = {&finds, &empty};

static hr_time base; /* 2024-03-01T00:00:00Z */

/* The rows as rows_all reads them: keys in key order and their times. */
static char keys[NROWS][16];
static hr_time times[NROWS];

/* ---- collecting rows --------------------------------------------------------- */

typedef struct {
	char keys[NROWS * 16];
	uint64_t digest; /* of keys, times and quantities */
	size_t n;
	size_t stop_at;  /* return 7 at this row (1-based); 0: never */
	hr_backend *be;  /* when set, query the backend again from the callback */
	int inner_rc;
} rows_got;

static int collect_row(void *ctx, const hr_row *r)
{
	rows_got *g = ctx;
	append_id(g->keys, sizeof g->keys, r->cells[0].s);
	g->digest = g->digest * 31 + (uint64_t)r->cells[2].i * 7 + (uint64_t)r->cells[3].i;
	g->n++;
	if (g->be && !g->inner_rc) {
		/* the statement of the outer call is busy: these prepare their own */
		rows_got in;
		uint64_t c = 0, m = 0;
		memset(&in, 0, sizeof in);
		g->inner_rc = g->be->row_count(g->be, r->layer, &c);
		if (!g->inner_rc)
			g->inner_rc = g->be->rows_page(g->be, r->layer, 1, 2, collect_row, &in);
		if (!g->inner_rc)
			g->inner_rc = g->be->rows_page_during(g->be, r->layer, "found_at", base, base,
			                                      0, 1, collect_row, &in, &m);
		if (!g->inner_rc && (c != NROWS || in.n != 3 || m != 4))
			g->inner_rc = -100;
	}
	return g->stop_at && g->n == g->stop_at ? 7 : 0;
}

static void reset(rows_got *g)
{
	memset(g, 0, sizeof *g);
}

/* ---- the store --------------------------------------------------------------- */

static int put_find(hr_backend *be, int i)
{
	char id[16], area[16];
	hr_cell c[4];
	hr_row r;
	memset(c, 0, sizeof c);
	memset(&r, 0, sizeof r);
	snprintf(id, sizeof id, "F-%d", i);
	snprintf(area, sizeof area, "A-%d", i % 4);
	c[0].s = id;
	c[1].s = area;
	/* six days, a find in five without a time */
	c[2].i = i % 5 ? base + (i % 6) * DAY : HR_TIME_NONE;
	c[2].is_null = i % 5 == 0;
	c[3].i = i;
	r.layer = &finds;
	r.cells = c;
	return be->row_put(be, &r);
}

/* The store of the backend part: the GeoPackage at path, or, in the
 * pg.unit.* tests, the database hr_test_db() names after it. */
static hr_backend *open_store(const char *path, int create, int readonly)
{
	const char *db = hr_test_db(path);
	hr_backend *be = NULL;
	char err[512];
	int rc;
	if (!db) {
		HR_CHECK(db != NULL);
		return NULL;
	}
	rc = db == path ? hr_backend_gpkg_open(&be, path, create, readonly, err, sizeof err)
	                : hr_backend_pg_open(&be, db, create, readonly, err, sizeof err);
	HR_CHECK_INT_EQ(rc, 0);
	if (rc)
		fprintf(stderr, "open %s: %s\n", db, err);
	return be;
}

/* Run SQL on the store behind the backend's back: sqlite3 on the
 * GeoPackage, psql on the database. */
static void sql(const char *path, const char *text)
{
	const char *db = hr_test_db(path);
	sqlite3 *lite = NULL;
	char *err = NULL;
	int rc;
	if (db && db != path) {
		HR_CHECK_INT_EQ(hr_test_psql(db, text), 0);
		return;
	}
	rc = sqlite3_open_v2(path, &lite, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(lite, text, NULL, NULL, &err);
	HR_CHECK_INT_EQ(rc, SQLITE_OK);
	if (rc)
		fprintf(stderr, "%s: %s\n", text, err ? err : sqlite3_errmsg(lite));
	sqlite3_free(err);
	sqlite3_close(lite);
}

/* ---- tests ------------------------------------------------------------------- */

static const uint64_t row_grid[] = {
	0, 1, 2, 5, NROWS / 2, NROWS - 1, NROWS, NROWS + 1, 1000,
	(uint64_t)INT64_MAX - 1, (uint64_t)INT64_MAX, (uint64_t)INT64_MAX + 1, UINT64_MAX,
};
#define NGRID (sizeof row_grid / sizeof row_grid[0])

/* The keys in key order, and their times, by rows_all. */
static void read_all(hr_backend *be)
{
	rows_got g;
	char *save = NULL, *s;
	size_t n = 0;
	reset(&g);
	HR_CHECK_INT_EQ(be->rows_all(be, &finds, collect_row, &g), 0);
	HR_CHECK_INT_EQ(g.n, NROWS);
	for (s = strtok_r(g.keys, " ", &save); s && n < NROWS; s = strtok_r(NULL, " ", &save))
		snprintf(keys[n++], sizeof keys[0], "%s", s);
	for (size_t i = 0; i < n; i++) {
		int k = atoi(keys[i] + 2);
		times[i] = k % 5 ? base + (k % 6) * DAY : HR_TIME_NONE;
	}
}

static void check_pages(hr_backend *be)
{
	const char *all[NROWS];
	char want[NROWS * 16];
	uint64_t count = 0;
	rows_got g, ref;
	for (size_t i = 0; i < NROWS; i++)
		all[i] = keys[i];
	HR_CHECK_INT_EQ(be->row_count(be, &finds, &count), 0);
	HR_CHECK_INT_EQ(count, NROWS);
	for (size_t i = 0; i < NGRID; i++) {
		for (size_t j = 0; j < NGRID; j++) {
			reset(&g);
			HR_CHECK_INT_EQ(be->rows_page(be, &finds, row_grid[i], row_grid[j], collect_row, &g), 0);
			HR_CHECK_STR_EQ(g.keys, slice(all, NROWS, row_grid[i], row_grid[j], want, sizeof want));
		}
	}
	/* the cells are those rows_all reads */
	reset(&g);
	reset(&ref);
	HR_CHECK_INT_EQ(be->rows_page(be, &finds, 0, UINT64_MAX, collect_row, &g), 0);
	HR_CHECK_INT_EQ(be->rows_all(be, &finds, collect_row, &ref), 0);
	HR_CHECK(g.digest == ref.digest);
}

/* Every page of the rows whose time lies within [from, to]. */
static void check_during(hr_backend *be, hr_time from, hr_time to, size_t want_n)
{
	const char *in[NROWS];
	char want[NROWS * 16];
	size_t n = 0;
	rows_got g;
	for (size_t i = 0; i < NROWS; i++)
		if (times[i] != HR_TIME_NONE && (from == HR_TIME_NONE || times[i] >= from) &&
		    (to == HR_TIME_NONE || times[i] <= to))
			in[n++] = keys[i];
	HR_CHECK_INT_EQ(n, want_n);
	for (size_t i = 0; i < NGRID; i++) {
		for (size_t j = 0; j < NGRID; j++) {
			uint64_t m = UINT64_MAX;
			reset(&g);
			HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, "found_at", from, to, row_grid[i],
			                                     row_grid[j], collect_row, &g, &m),
			                0);
			HR_CHECK_STR_EQ(g.keys, slice(in, n, row_grid[i], row_grid[j], want, sizeof want));
			HR_CHECK_INT_EQ(m, n);
		}
	}
	/* matched may be NULL */
	reset(&g);
	HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, "found_at", from, to, 0, 1, collect_row, &g,
	                                     NULL),
	                0);
	HR_CHECK_INT_EQ(g.n, n ? 1 : 0);
}

static void check_times(hr_backend *be)
{
	check_during(be, HR_TIME_NONE, HR_TIME_NONE, 24); /* every row with a time */
	check_during(be, base + 2 * DAY, base + 2 * DAY, 4); /* an instant on a time */
	check_during(be, base + 2 * DAY + 1, base + 2 * DAY + 1, 0);
	check_during(be, base + DAY, base + 3 * DAY, 12);
	check_during(be, HR_TIME_NONE, base, 4);
	check_during(be, base + 5 * DAY, HR_TIME_NONE, 4);
	check_during(be, base + 6 * DAY, HR_TIME_NONE, 0);
	check_during(be, base - 1, base - 1, 0);
}

/* An empty layer, and refused calls. */
static void check_empty_and_refused(hr_backend *be)
{
	uint64_t count = 9, m = 9;
	rows_got g;
	reset(&g);
	HR_CHECK_INT_EQ(be->row_count(be, &empty, &count), 0);
	HR_CHECK_INT_EQ(count, 0);
	HR_CHECK_INT_EQ(be->rows_page(be, &empty, 0, UINT64_MAX, collect_row, &g), 0);
	HR_CHECK_INT_EQ(be->rows_page_during(be, &empty, "seen_at", HR_TIME_NONE, HR_TIME_NONE, 0,
	                                     UINT64_MAX, collect_row, &g, &m),
	                0);
	HR_CHECK_INT_EQ(m, 0);
	HR_CHECK_INT_EQ(g.n, 0);

	HR_CHECK_INT_EQ(be->row_count(be, &finds, NULL), HR_EINVAL);
	HR_CHECK_INT_EQ(be->row_count(be, NULL, &count), HR_EINVAL);
	HR_CHECK_INT_EQ(be->rows_page(be, &finds, 0, 1, NULL, &g), HR_EINVAL);
	HR_CHECK_INT_EQ(be->rows_page(be, NULL, 0, 1, collect_row, &g), HR_EINVAL);
	HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, "area_id", base, base, 0, 1, collect_row, &g,
	                                     &m),
	                HR_EINVAL);
	HR_CHECK(strstr(be->errmsg(be), "no TIME column 'area_id'") != NULL);
	HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, "nothing", base, base, 0, 1, collect_row, &g,
	                                     &m),
	                HR_EINVAL);
	HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, NULL, base, base, 0, 1, collect_row, &g, &m),
	                HR_EINVAL);
	HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, "found_at", base, base, 0, 1, NULL, &g,
	                                     &m),
	                HR_EINVAL);
	HR_CHECK_INT_EQ(g.n, 0);
}

/* A callback that stops, and one that queries again. */
static void check_callbacks(hr_backend *be)
{
	uint64_t m = 0;
	rows_got g;
	reset(&g);
	g.stop_at = 2;
	HR_CHECK_INT_EQ(be->rows_page(be, &finds, 3, 10, collect_row, &g), 7);
	HR_CHECK_INT_EQ(g.n, 2);
	reset(&g);
	g.stop_at = 2;
	HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, "found_at", HR_TIME_NONE, HR_TIME_NONE, 0,
	                                     10, collect_row, &g, &m),
	                7);
	HR_CHECK_INT_EQ(g.n, 2);
	/* the slots are free again */
	check_pages(be);

	reset(&g);
	g.be = be;
	HR_CHECK_INT_EQ(be->rows_page(be, &finds, 0, 3, collect_row, &g), 0);
	HR_CHECK_INT_EQ(g.inner_rc, 0);
	HR_CHECK_INT_EQ(g.n, 3);
	reset(&g);
	g.be = be;
	HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, "found_at", base, base, 0, 2, collect_row, &g,
	                                     &m),
	                0);
	HR_CHECK_INT_EQ(g.inner_rc, 0);
	HR_CHECK_INT_EQ(m, 4);
	HR_CHECK_INT_EQ(g.n, 2);
}

/* A read-only store reads the same; a layer it does not have is empty. */
static void check_readonly(const char *path)
{
	hr_backend *be = open_store(path, 0, 1);
	uint64_t count = 9, m = 9;
	rows_got g;
	if (!be)
		return;
	check_pages(be);
	check_times(be);
	reset(&g);
	HR_CHECK_INT_EQ(be->row_count(be, &absent, &count), 0);
	HR_CHECK_INT_EQ(count, 0);
	HR_CHECK_INT_EQ(be->rows_page(be, &absent, 0, 10, collect_row, &g), 0);
	HR_CHECK_INT_EQ(be->rows_page_during(be, &absent, "seen_at", HR_TIME_NONE, HR_TIME_NONE, 0,
	                                     10, collect_row, &g, &m),
	                0);
	HR_CHECK_INT_EQ(m, 0);
	HR_CHECK_INT_EQ(g.n, 0);
	be->close(be);
}

/* Times are compared as times, not as text: another program may have
 * written one in another form of ISO 8601. One that is no time at all
 * fails a selection by time as it fails reading the row. */
static void check_time_text(const char *path)
{
	hr_backend *be;
	uint64_t m = 0;
	rows_got g;
	/* F-1 is base + 1 day; F-2 base + 2 days */
	sql(path, "UPDATE test_finds SET found_at = '2024-03-02T02:00:00+02:00' WHERE find_id = 'F-1';"
	          "UPDATE test_finds SET found_at = '2024-03-03 00:00:00Z' WHERE find_id = 'F-2'");
	if (!(be = open_store(path, 0, 1)))
		return;
	check_times(be);
	reset(&g);
	HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, "found_at", base + DAY, base + DAY, 0, 10,
	                                     collect_row, &g, &m),
	                0);
	HR_CHECK(strstr(g.keys, "F-1") != NULL);
	be->close(be);
	/* a timestamptz column holds times, never text: PostgreSQL refuses
	 * 'soon' itself */
	if (hr_test_db(path) != path)
		return;

	sql(path, "UPDATE test_finds SET found_at = 'soon' WHERE find_id = 'F-3'");
	if (!(be = open_store(path, 0, 1)))
		return;
	reset(&g);
	HR_CHECK_INT_EQ(be->rows_page_during(be, &finds, "found_at", HR_TIME_NONE, HR_TIME_NONE, 0,
	                                     1, collect_row, &g, &m),
	                HR_ECORRUPT);
	HR_CHECK(strstr(be->errmsg(be), "'soon' is not a time") != NULL);
	HR_CHECK_INT_EQ(be->rows_all(be, &finds, collect_row, &g), HR_ECORRUPT);
	/* a page reads its own rows only (F-3 is the 24th key) */
	reset(&g);
	HR_CHECK_INT_EQ(be->rows_page(be, &finds, 0, 5, collect_row, &g), 0);
	HR_CHECK_INT_EQ(g.n, 5);
	HR_CHECK_INT_EQ(be->rows_page(be, &finds, 20, 5, collect_row, &g), HR_ECORRUPT);
	be->close(be);
}

static void test_backend(void)
{
	const char *tmp = getenv("HR_TEST_TMP");
	char dir[1024], path[1200];
	hr_backend *be;

	snprintf(dir, sizeof dir, "%s/pages", tmp);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "cannot make %s\n", dir);
		HR_CHECK(0);
		return;
	}
	HR_CHECK_INT_EQ(hr_time_parse(&base, "2024-03-01T00:00:00Z", 20), 0);
	snprintf(path, sizeof path, "%s/pages.gpkg", dir);
	unlink(path);
	if (!(be = open_store(path, 1, 0)))
		return;
	HR_CHECK_INT_EQ(be->ensure_layers(be, layers, 2), 0);
	/* written out of key order */
	HR_CHECK_INT_EQ(be->begin(be), 0);
	for (int i = 0; i < NROWS; i++)
		HR_CHECK_INT_EQ(put_find(be, i * 7 % NROWS), 0);
	HR_CHECK_INT_EQ(be->commit(be), 0);
	read_all(be);
	HR_CHECK_STR_EQ(keys[0], "F-0");
	HR_CHECK_STR_EQ(keys[1], "F-1");
	HR_CHECK_STR_EQ(keys[2], "F-10");
	check_pages(be);
	check_times(be);
	check_empty_and_refused(be);
	check_callbacks(be);
	be->close(be);
	check_readonly(path);
	check_time_text(path);
}

/* ==== the collections =========================================================== */

#define NAREAS 37
#define MAXF 64 /* features of one collection, at most */

/* A collection as the test knows it: ids and times of what it wrote. */
typedef struct {
	const char *id;
	size_t n;
	char ids[MAXF][16];
	hr_time t[MAXF];
} known;

static known k_areas = {"hazardous_areas", 0, {{0}}, {0}};
static known k_parts = {"release_parts", 0, {{0}}, {0}};
static known k_items = {"eo_items", 0, {{0}}, {0}};
static known k_accidents = {"accidents", 0, {{0}}, {0}};

static hr_time T(const char *s)
{
	hr_time t = HR_TIME_NONE;
	if (strcmp(s, "..") != 0)
		HR_CHECK_INT_EQ(hr_time_parse(&t, s, strlen(s)), 0);
	return t;
}

static void know(known *k, const char *id, const char *time)
{
	if (k->n == MAXF)
		return;
	snprintf(k->ids[k->n], sizeof k->ids[k->n], "%s", id);
	k->t[k->n++] = time ? T(time) : HR_TIME_NONE;
}

/* A box of width dx from (x, 50), or a point at (x, y) when dx is 0, as GeoJSON. */
static const char *geometry(char *buf, size_t len, double x, double dx, double y)
{
	if (dx == 0)
		snprintf(buf, len, "{\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]}", x, y);
	else
		snprintf(buf, len,
		         "{\"type\":\"Polygon\",\"coordinates\":[[[%.3f,50],[%.3f,50],[%.3f,50.008],"
		         "[%.3f,50.008],[%.3f,50]]]}",
		         x, x + dx, x + dx, x, x);
	return buf;
}

/* Write one feature of the register, which k will hold, dated by time
 * (NULL for areas) and, but for areas, recorded on the same day. */
static void feature(FILE *f, known *k, const char *id, const char *geom, const char *time,
                    const char *props)
{
	static int first = 1;
	fprintf(f, "%s{\"type\":\"Feature\",\"id\":\"%s\",\"geometry\":%s,\"properties\":{"
	           "\"org\":\"Test Org\",",
	        first ? "" : ",\n", id, geom);
	if (time)
		fprintf(f, "\"date_of_information\":\"%.10s\",", time);
	fprintf(f, "%s}}", props);
	first = 0;
	know(k, id, time);
}

/* Write the point <prefix>-<i> of area P-<i>, dated t by its time property. */
static void point(FILE *f, known *k, const char *prefix, int i, double x, double y,
                  const char *time_prop, const char *t, const char *props)
{
	char id[16], g[128], all[512];
	snprintf(id, sizeof id, "%s-%d", prefix, i);
	snprintf(all, sizeof all, "%s,\"area_id\":\"P-%d\",\"%s\":\"%s\"", props, i, time_prop, t);
	feature(f, k, id, geometry(g, sizeof g, x, 0, y), t, all);
}

/* Write the register's GeoJSON; returns the number of features. */
static uint64_t write_data(const char *path)
{
	FILE *f = fopen(path, "w");
	char id[16], t[32], g[256], props[512];
	if (!f)
		return 0;
	fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", f);
	for (int i = NAREAS; i >= 1; i--) {
		snprintf(id, sizeof id, "P-%d", i);
		snprintf(props, sizeof props,
		         "\"date_of_information\":\"2024-01-%02d\",\"classification\":\"%s\","
		         "\"contamination\":[{\"class\":\"persistent\",\"confirmed\":true,"
		         "\"emplaced_earliest\":\"2023-12-%02dT00:00:00Z\"}]",
		         i % 28 + 1, i % 2 ? "SHA" : "CHA", i % 20 + 1);
		feature(f, &k_areas, id, geometry(g, sizeof g, 30 + i * 0.01, 0.008, 0), NULL, props);
	}
	for (int i = 1; i <= NAREAS; i++) {
		double w = 30 + i * 0.01;
		for (int half = 0; half < 2; half++) {
			if (i % (half ? 6 : 3) != 0)
				continue;
			snprintf(id, sizeof id, "R-%d%c", i, half ? 'b' : 'a');
			snprintf(t, sizeof t, "2024-%02d-%02dT00:00:00Z", half ? 7 : 6,
			         half ? i % 5 + 1 : i % 7 + 1);
			snprintf(props, sizeof props,
			         "\"kind\":\"release\",\"area_id\":\"P-%d\",\"release\":\"%s\","
			         "\"method\":\"%s\",\"released_at\":\"%s\"",
			         i, half ? "cleared" : "reduced", half ? "clearance" : "ts", t);
			feature(f, &k_parts, id, geometry(g, sizeof g, w + half * 0.004, 0.004, 0), t,
			        props);
		}
		if (i % 4 != 1) {
			snprintf(t, sizeof t, "2024-03-%02dT12:00:00Z", i % 9 + 1);
			point(f, &k_items, "I", i, w + 0.002, 50.004, "found_at", t,
			      "\"kind\":\"item\",\"category\":\"uxo\",\"condition\":\"live\"");
		}
		if (i % 2 == 0) {
			snprintf(t, sizeof t, "2024-04-%02dT00:00:00Z", i % 5 + 1);
			point(f, &k_accidents, "X", i, w + 0.006, 50.006, "occurred_at", t,
			      "\"kind\":\"accident\",\"category\":\"uxo\",\"killed\":0,\"injured\":1");
		}
	}
	fputs("\n]}\n", f);
	if (fclose(f) != 0)
		return 0;
	return k_areas.n + k_parts.n + k_items.n + k_accidents.n;
}

/* What a page handed over: its ids, space-separated, and a digest of the
 * features as written (JSON and properties). */
typedef struct {
	char ids[MAXF * 16];
	uint64_t digest;
	uint64_t n;
} page_got;

static uint64_t fnv(uint64_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static int collect_feature(void *ctx, const hr_feature *f)
{
	page_got *g = ctx;
	append_id(g->ids, sizeof g->ids, f->id);
	g->digest = fnv(g->digest, f->json, f->json_len);
	for (size_t i = 0; i < f->nprops; i++) {
		g->digest = fnv(g->digest, f->names[i], strlen(f->names[i]) + 1);
		if (f->values[i])
			g->digest = fnv(g->digest, f->values[i], strlen(f->values[i]) + 1);
	}
	g->n++;
	return 0;
}

static void page(hr_register *reg, const hr_collection *c, const hr_items_query *q, page_got *g,
                 uint64_t *matched)
{
	memset(g, 0, sizeof *g);
	g->digest = 14695981039346656037u;
	*matched = UINT64_MAX;
	HR_CHECK_INT_EQ(hr_collection_items(reg, c, HR_PROFILE_INTERNAL, q, collect_feature, g, matched), 0);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The ids of k within the query's time, in key order (the test's own
 * filter: a time column within [from, to], open ends, no time no match). */
static size_t own_filter(const known *k, const hr_items_query *q, const char **out)
{
	size_t n = 0;
	for (size_t i = 0; i < k->n; i++) {
		hr_time t = k->t[i];
		if (q->has_time && (t == HR_TIME_NONE || (q->from != HR_TIME_NONE && t < q->from) ||
		                    (q->to != HR_TIME_NONE && t > q->to)))
			continue;
		out[n++] = k->ids[i];
	}
	qsort(out, n, sizeof *out, by_id);
	return n;
}

/* Every page of the grid, for one collection and time filter. */
static void check_grid(hr_register *reg, const known *k, int has_time, const char *from,
                       const char *to)
{
	const hr_collection *c = hr_collection_find(k->id, HR_PROFILE_INTERNAL);
	hr_items_query q = HR_ITEMS_QUERY_INIT, world;
	const char *want[MAXF];
	char buf[MAXF * 16];
	page_got all, fast, walk;
	uint64_t n, m_all = 0, m_fast = 0, m_walk = 0;
	size_t ng = 0;
	uint64_t grid[24];

	HR_CHECK(c != NULL);
	if (!c)
		return;
	q.has_time = has_time;
	q.from = T(from);
	q.to = T(to);
	world = q;
	world.has_bbox = 1;
	world.bbox = (hr_bbox){-180, -90, 180, 90};

	/* the reference: the full walk, every match in one page */
	world.limit = UINT64_MAX;
	page(reg, c, &world, &all, &m_all);
	HR_CHECK_INT_EQ(m_all, all.n);
	if (k == &k_areas && has_time) {
		/* the areas' rule is query.c's: take the walk's list */
		char *save = NULL;
		static char copy[MAXF * 16];
		n = 0;
		snprintf(copy, sizeof copy, "%s", all.ids);
		for (char *s = strtok_r(copy, " ", &save); s && n < MAXF; s = strtok_r(NULL, " ", &save))
			want[n++] = s;
	} else {
		n = own_filter(k, &q, want);
	}
	HR_CHECK_STR_EQ(all.ids, slice(want, n, 0, UINT64_MAX, buf, sizeof buf));
	HR_CHECK_INT_EQ(m_all, n);

	grid[ng++] = 0;
	grid[ng++] = 1;
	grid[ng++] = 2;
	grid[ng++] = n / 2;
	grid[ng++] = n - 1; /* UINT64_MAX when nothing matches */
	grid[ng++] = n;
	grid[ng++] = n + 1;
	grid[ng++] = k->n;
	grid[ng++] = k->n + 1;
	grid[ng++] = 1000;
	grid[ng++] = (uint64_t)INT64_MAX - 1;
	grid[ng++] = (uint64_t)INT64_MAX;
	grid[ng++] = (uint64_t)INT64_MAX + 1;
	grid[ng++] = UINT64_MAX - 1;
	grid[ng++] = UINT64_MAX;
	for (size_t i = 0; i < ng; i++) {
		for (size_t j = 0; j < ng; j++) {
			q.offset = world.offset = grid[i];
			q.limit = world.limit = grid[j];
			page(reg, c, &q, &fast, &m_fast);
			page(reg, c, &world, &walk, &m_walk);
			slice(want, n, grid[i], grid[j], buf, sizeof buf);
			if (strcmp(fast.ids, buf) != 0 || m_fast != n || fast.digest != walk.digest)
				fprintf(stderr, "%s, time %d %s/%s, offset %llu, limit %llu:\n", k->id,
				        has_time, from, to, (unsigned long long)grid[i],
				        (unsigned long long)grid[j]);
			HR_CHECK_STR_EQ(fast.ids, buf);
			HR_CHECK_INT_EQ(m_fast, n);
			HR_CHECK_STR_EQ(walk.ids, buf);
			HR_CHECK_INT_EQ(m_walk, n);
			HR_CHECK(fast.digest == walk.digest);
		}
	}
}

/* The filters: none, instants on a stored time and a second after it,
 * closed and half-open intervals, one before everything, both ends open. */
static const struct {
	int has_time;
	const char *from, *to;
} filters[] = {
	{0, "..", ".."},
	{1, "2024-03-05T12:00:00Z", "2024-03-05T12:00:00Z"},
	{1, "2024-03-05T12:00:01Z", "2024-03-05T12:00:01Z"},
	{1, "2024-06-03T00:00:00Z", "2024-06-03T00:00:00Z"},
	{1, "2024-04-02T00:00:00Z", "2024-06-04T00:00:00Z"},
	{1, "2024-03-03T12:00:00Z", "2024-07-02T00:00:00Z"},
	{1, "..", "2024-03-03T12:00:00Z"},
	{1, "2024-04-03T00:00:00Z", ".."},
	{1, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z"},
	{1, "..", ".."},
};

static void test_collections(void)
{
	known *const colls[] = {&k_areas, &k_parts, &k_items, &k_accidents};
	const char *tmp = getenv("HR_TEST_TMP");
	char data[512], db[512];
	hr_register *reg;
	uint64_t n;

	snprintf(data, sizeof data, "%s/test_pages.geojson", tmp);
	n = write_data(data);
	HR_CHECK(n >= 100);
	reg = geojson_register("test_pages", data, n, db, sizeof db);
	if (!reg)
		return;
	/* every kind dated on a few days: the instants below match several */
	HR_CHECK(k_parts.n > 15 && k_items.n > 20 && k_accidents.n > 15);
	for (size_t i = 0; i < sizeof colls / sizeof colls[0]; i++)
		for (size_t f = 0; f < sizeof filters / sizeof filters[0]; f++)
			check_grid(reg, colls[i], filters[f].has_time, filters[f].from, filters[f].to);
	hr_register_close(reg);
}

int main(void)
{
	const char *tmp = getenv("HR_TEST_TMP");
	if (!tmp || !*tmp) {
		fprintf(stderr, "HR_TEST_TMP must be set\n");
		return 1;
	}
	mkdir(tmp, 0777);
	test_backend();
	test_collections();
	return HR_TEST_DONE();
}
