/*
 * test_register.c - the register end to end through its public API:
 * appends, the time rule, release parts, later-information-wins, refusals,
 * rebuild equals state, and point queries against GEOS as the oracle.
 */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include "hazreg/hazreg.h"
#include "test.h"

static char dbpath[512];

static hr_time T(const char *s)
{
	hr_time t = HR_TIME_NONE;
	hr_time_parse(&t, s, strlen(s));
	return t;
}

static hr_record *area(const char *id, const char *doi, double x0, double y0, double x1, double y1)
{
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0, npts[] = {5}, nr[] = {1};
	double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0};
	char err[256];
	hr_record_new(&r, HR_KIND_AREA);
	hr_record_set_text(r, HR_F_ID, id);
	hr_record_set_text(r, HR_F_ORG, "Test Org");
	hr_record_set_time(r, HR_F_DOI, T(doi));
	hr_record_set_text(r, HR_F_CLASSIFICATION, "CHA");
	if (hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, sizeof err) == 0)
		hr_record_set_geom(r, HR_F_GEOM, wkb, len);
	hr_free(wkb);
	return r;
}

static hr_record *release(const char *id, const char *area_id, const char *doi, double x0,
                          double y0, double x1, double y1)
{
	hr_record *r = area("x", doi, x0, y0, x1, y1);
	hr_record *p = NULL;
	hr_record_new(&p, HR_KIND_RELEASE);
	hr_record_set_text(p, HR_F_ID, id);
	hr_record_set_text(p, HR_F_ORG, "Test Clearance");
	hr_record_set_time(p, HR_F_DOI, T(doi));
	hr_record_set_text(p, HR_F_AREA_ID, area_id);
	hr_record_set_text(p, HR_F_RELEASE, "cleared");
	hr_record_set_text(p, HR_F_METHOD, "clearance");
	hr_record_set_int(p, HR_F_DEPTH_CM, 20);
	hr_record_set_geom(p, HR_F_GEOM, hr_record_get(r, HR_F_GEOM, 0)->u.geom.wkb,
	                   hr_record_get(r, HR_F_GEOM, 0)->u.geom.len);
	hr_record_free(r);
	return p;
}

static size_t count_at(hr_register *reg, double lon, double lat, const char *at, int *hazardous)
{
	hr_hits *h = NULL;
	hr_point p = {lon, lat};
	size_t n;
	HR_CHECK_INT_EQ(hr_query_point(reg, p, T(at), &h), 0);
	if (!h)
		return (size_t)-1;
	n = h->n;
	if (hazardous)
		*hazardous = n ? h->hits[0].hazardous : -1;
	hr_hits_free(h);
	return n;
}

static void test_basics(void)
{
	hr_register *reg = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_append_info info;
	hr_record *r;
	uint64_t size = 0;
	int hz = -1;
	unsigned char d1[32], d2[32];
	char *report = NULL;
	hr_contam c = {"np-sd-48h", 12, 1, 0, 0};

	o.create = 1;
	HR_CHECK_INT_EQ(hr_register_open(&reg, hr_test_db(dbpath), &o), 0);
	HR_CHECK_INT_EQ(hr_register_log_size(reg, &size), 0);
	HR_CHECK_INT_EQ(size, 4); /* the shipped catalogue */

	r = area("HA-1", "2025-01-01", 37.0, 48.0, 37.01, 48.01);
	c.emplaced_earliest = T("2024-12-01");
	c.emplaced_latest = T("2024-12-05");
	hr_record_add_contam(r, &c);
	HR_CHECK_INT_EQ(hr_register_append(reg, r, &info), 0);
	HR_CHECK_INT_EQ(info.index, 4);
	HR_CHECK_INT_EQ(info.stale, 0);
	hr_record_free(r);

	/* the time rule: from the earliest evidence (emplacement) on */
	HR_CHECK_INT_EQ(count_at(reg, 37.005, 48.005, "2024-11-30T23:59:59Z", NULL), 0);
	HR_CHECK_INT_EQ(count_at(reg, 37.005, 48.005, "2024-12-01T00:00:00Z", &hz), 1);
	HR_CHECK_INT_EQ(hz, 1);
	/* boundary and corner are inside; just outside is not */
	HR_CHECK_INT_EQ(count_at(reg, 37.0, 48.005, "2025-02-01T00:00:00Z", NULL), 1);
	HR_CHECK_INT_EQ(count_at(reg, 37.01, 48.01, "2025-02-01T00:00:00Z", NULL), 1);
	HR_CHECK_INT_EQ(count_at(reg, 36.9999999, 48.005, "2025-02-01T00:00:00Z", NULL), 0);

	/* a release part: released from R on, only where it covers */
	r = release("RP-1", "HA-1", "2025-03-01", 37.0, 48.0, 37.005, 48.01);
	HR_CHECK_INT_EQ(hr_register_append(reg, r, NULL), 0);
	hr_record_free(r);
	HR_CHECK_INT_EQ(count_at(reg, 37.002, 48.005, "2025-02-28T23:59:59Z", &hz), 1);
	HR_CHECK_INT_EQ(hz, 1);
	HR_CHECK_INT_EQ(count_at(reg, 37.002, 48.005, "2025-03-01T00:00:00Z", &hz), 1);
	HR_CHECK_INT_EQ(hz, 0);
	HR_CHECK_INT_EQ(count_at(reg, 37.008, 48.005, "2025-04-01T00:00:00Z", &hz), 1);
	HR_CHECK_INT_EQ(hz, 1);
	/* a box over the released half only: released; over all: hazardous */
	{
		hr_hits *h = NULL;
		hr_bbox west = {37.001, 48.001, 37.004, 48.009}, all = {36.9, 47.9, 37.1, 48.1};
		HR_CHECK_INT_EQ(hr_query_bbox(reg, &west, T("2025-04-01"), &h), 0);
		HR_CHECK(h && h->n == 1 && h->hits[0].hazardous == 0);
		hr_hits_free(h);
		HR_CHECK_INT_EQ(hr_query_bbox(reg, &all, T("2025-04-01"), &h), 0);
		HR_CHECK(h && h->n == 1 && h->hits[0].hazardous == 1);
		hr_hits_free(h);
	}
	/* a polygon (an MGRS square) as the box: released only where parts
	 * cover all of the area in it; one that meets the area at a corner
	 * only lists it; one just outside does not; an open ring is refused */
	{
		hr_hits *h = NULL;
		hr_point west[] = {{37.002, 48.001}, {37.004, 48.005}, {37.002, 48.009}, {37.001, 48.005}, {37.002, 48.001}};
		hr_point mid[] = {{37.003, 48.004}, {37.007, 48.004}, {37.007, 48.006}, {37.003, 48.006}, {37.003, 48.004}};
		hr_point corner[] = {{37.01, 48.01}, {37.02, 48.02}, {37.0, 48.02}, {37.01, 48.01}};
		hr_point outside[] = {{37.0101, 48.0}, {37.02, 48.0}, {37.02, 48.01}, {37.0101, 48.0}};
		HR_CHECK_INT_EQ(hr_query_polygon(reg, west, 5, T("2025-04-01"), &h), 0);
		HR_CHECK(h && h->n == 1 && h->hits[0].hazardous == 0);
		hr_hits_free(h);
		HR_CHECK_INT_EQ(hr_query_polygon(reg, mid, 5, T("2025-04-01"), &h), 0);
		HR_CHECK(h && h->n == 1 && h->hits[0].hazardous == 1);
		hr_hits_free(h);
		HR_CHECK_INT_EQ(hr_query_polygon(reg, corner, 4, T("2025-04-01"), &h), 0);
		HR_CHECK(h && h->n == 1 && h->hits[0].hazardous == 1);
		hr_hits_free(h);
		HR_CHECK_INT_EQ(hr_query_polygon(reg, outside, 4, T("2025-04-01"), &h), 0);
		HR_CHECK(h && h->n == 0);
		hr_hits_free(h);
		HR_CHECK_INT_EQ(hr_query_polygon(reg, west, 4, T("2025-04-01"), &h), HR_EINVAL);
		HR_CHECK(h == NULL);
	}

	/* a point on the edge between the released part and the rest stays
	 * hazardous; a point inside the part is released */
	HR_CHECK_INT_EQ(count_at(reg, 37.005, 48.005, "2025-04-01T00:00:00Z", &hz), 1);
	HR_CHECK_INT_EQ(hz, 1);
	/* a release before the earliest evidence is refused; so is a method
	 * that cannot release land that way */
	r = release("RP-OLD", "HA-1", "2024-11-01", 37.005, 48.0, 37.01, 48.01);
	HR_CHECK_INT_EQ(hr_register_append(reg, r, NULL), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "released_at: 2024-11-01T00:00:00Z is before the earliest "
	                                "evidence") == hr_errmsg(reg));
	hr_record_set_time(r, HR_F_DOI, T("2025-09-01"));
	hr_record_set_text(r, HR_F_METHOD, "nts");
	HR_CHECK_INT_EQ(hr_register_append(reg, r, NULL), HR_EVALIDATE);
	HR_CHECK_STR_EQ(hr_errmsg(reg), "method: land is cleared by clearance, not by nts");
	hr_record_free(r);

	/* later information wins, whatever the order of arrival */
	hr_record_new(&r, HR_KIND_AREA);
	hr_record_set_text(r, HR_F_ID, "HA-1");
	hr_record_set_text(r, HR_F_ORG, "Test Org");
	hr_record_set_time(r, HR_F_DOI, T("2025-06-01"));
	hr_record_set_text(r, HR_F_STATUS, "worked_on");
	HR_CHECK_INT_EQ(hr_register_append(reg, r, &info), 0);
	HR_CHECK_INT_EQ(info.stale, 0);
	hr_record_free(r);
	hr_record_new(&r, HR_KIND_AREA);
	hr_record_set_text(r, HR_F_ID, "HA-1");
	hr_record_set_text(r, HR_F_ORG, "Test Org");
	hr_record_set_time(r, HR_F_DOI, T("2025-05-01"));
	hr_record_set_text(r, HR_F_STATUS, "closed");
	hr_record_set_text(r, HR_F_NAME, "Field by the river");
	HR_CHECK_INT_EQ(hr_register_append(reg, r, &info), 0);
	HR_CHECK_INT_EQ(info.stale, 1);
	HR_CHECK(strstr(info.note, "newer facts kept for: org, status") != NULL);
	HR_CHECK(strstr(info.note, "applied: name") != NULL);
	hr_record_free(r);
	{
		hr_hits *h = NULL;
		hr_point p = {37.008, 48.005};
		HR_CHECK_INT_EQ(hr_query_point(reg, p, T("2025-07-01"), &h), 0);
		HR_CHECK(h && h->n == 1);
		if (h && h->n == 1) {
			HR_CHECK_STR_EQ(h->hits[0].status, "worked_on");
			HR_CHECK_STR_EQ(h->hits[0].name, "Field by the river");
			HR_CHECK_INT_EQ(h->hits[0].doi, T("2025-06-01"));
			HR_CHECK_INT_EQ(h->hits[0].hazard_from, T("2024-12-01"));
		}
		hr_hits_free(h);
	}

	/* refusals write nothing */
	HR_CHECK_INT_EQ(hr_register_log_size(reg, &size), 0);
	r = release("RP-2", "HA-404", "2025-03-01", 37.0, 48.0, 37.005, 48.01);
	HR_CHECK_INT_EQ(hr_register_append(reg, r, NULL), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "area_id: no hazardous area \"HA-404\"") != NULL);
	hr_record_free(r);
	r = area("HA-2", "2025-01-01", 38.0, 48.0, 38.01, 48.01);
	c.device_class = "no-such-class";
	hr_record_add_contam(r, &c);
	HR_CHECK_INT_EQ(hr_register_append(reg, r, NULL), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "unknown device class") != NULL);
	hr_record_free(r);
	{
		uint64_t after = 0;
		HR_CHECK_INT_EQ(hr_register_log_size(reg, &after), 0);
		HR_CHECK_INT_EQ(after, size);
	}
	/* an aborted batch leaves nothing */
	HR_CHECK_INT_EQ(hr_batch_begin(reg), 0);
	r = area("HA-3", "2025-01-01", 38.0, 48.0, 38.01, 48.01);
	HR_CHECK_INT_EQ(hr_batch_add(reg, r, NULL), 0);
	hr_record_free(r);
	hr_batch_abort(reg);
	HR_CHECK_INT_EQ(count_at(reg, 38.005, 48.005, "2026-01-01", NULL), 0);

	/* rebuild gives the same state; check agrees */
	HR_CHECK_INT_EQ(hr_register_state_digest(reg, d1), 0);
	HR_CHECK_INT_EQ(hr_register_rebuild(reg, NULL, NULL), 0);
	HR_CHECK_INT_EQ(hr_register_state_digest(reg, d2), 0);
	HR_CHECK(memcmp(d1, d2, 32) == 0);
	HR_CHECK_INT_EQ(hr_register_check(reg, &report, NULL, NULL), 0);
	HR_CHECK(report && strstr(report, "result: consistent"));
	hr_free(report);
	hr_register_close(reg);
}

/* ---- GEOS as the oracle --------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static double rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

#define NPOLY 300
#define NQ 3000

static void test_oracle(void)
{
	char path[600];
	hr_register *reg = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	GEOSContextHandle_t ctx = GEOS_init_r();
	GEOSWKBReader *rd = GEOSWKBReader_create_r(ctx);
	GEOSGeometry *geoms[NPOLY];
	hr_time start[NPOLY];
	size_t mismatches = 0, hits_total = 0;
	o.create = 1;
	snprintf(path, sizeof path, "%s.oracle.gpkg", dbpath);
	unlink(path);
	HR_CHECK_INT_EQ(hr_register_open(&reg, hr_test_db(path), &o), 0);
	HR_CHECK_INT_EQ(hr_batch_begin(reg), 0);
	for (int i = 0; i < NPOLY; i++) {
		/* a star-shaped polygon: simple by construction */
		int n = 5 + (int)(rnd() * 30);
		double cx = 36 + rnd() * 2, cy = 47 + rnd() * 2, r = 0.01 + rnd() * 0.1;
		double xy[2 * 41], ang[40];
		size_t npts[1], nr[1] = {1};
		unsigned char *wkb = NULL;
		size_t len = 0;
		char err[256], id[32];
		hr_record *rec = NULL;
		for (int k = 0; k < n; k++)
			ang[k] = rnd() * 2 * M_PI;
		for (int k = 1; k < n; k++) /* insertion sort */
			for (int j = k; j > 0 && ang[j - 1] > ang[j]; j--) {
				double t = ang[j];
				ang[j] = ang[j - 1];
				ang[j - 1] = t;
			}
		for (int k = 0; k < n; k++) {
			double rr = r * (0.3 + 0.7 * rnd());
			xy[2 * k] = cx + rr * cos(ang[k]);
			xy[2 * k + 1] = cy + rr * sin(ang[k]);
		}
		xy[2 * n] = xy[0];
		xy[2 * n + 1] = xy[1];
		npts[0] = (size_t)n + 1;
		snprintf(id, sizeof id, "P%04d", i);
		hr_record_new(&rec, HR_KIND_AREA);
		hr_record_set_text(rec, HR_F_ID, id);
		hr_record_set_text(rec, HR_F_ORG, "Oracle");
		start[i] = T("2025-01-01") + (hr_time)(rnd() * 86400 * 365);
		hr_record_set_time(rec, HR_F_DOI, start[i]);
		hr_record_set_text(rec, HR_F_CLASSIFICATION, "SHA");
		geoms[i] = NULL;
		if (hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, sizeof err) == 0) {
			hr_record_set_geom(rec, HR_F_GEOM, wkb, len);
			geoms[i] = GEOSWKBReader_read_r(ctx, rd, wkb, len);
			HR_CHECK_INT_EQ(hr_batch_add(reg, rec, NULL), 0);
		} else {
			start[i] = HR_TIME_NONE; /* snapping made it invalid: skipped */
		}
		hr_free(wkb);
		hr_record_free(rec);
	}
	HR_CHECK_INT_EQ(hr_batch_commit(reg), 0);
	for (int q = 0; q < NQ; q++) {
		hr_point p = {36 + rnd() * 2.1, 47 + rnd() * 2.1};
		hr_time at = T("2025-01-01") + (hr_time)(rnd() * 86400 * 400);
		hr_hits *h = NULL;
		GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(ctx, p.lon, p.lat);
		size_t want = 0;
		HR_CHECK_INT_EQ(hr_query_point(reg, p, at, &h), 0);
		for (int i = 0; i < NPOLY; i++) {
			int in;
			char id[32];
			if (!geoms[i] || start[i] > at)
				continue;
			if (GEOSCovers_r(ctx, geoms[i], pt) != 1)
				continue;
			want++;
			snprintf(id, sizeof id, "P%04d", i);
			in = 0;
			for (size_t k = 0; h && k < h->n; k++)
				in |= strcmp(h->hits[k].area_id, id) == 0;
			if (!in)
				mismatches++;
		}
		if (!h || h->n != want)
			mismatches++;
		hits_total += want;
		hr_hits_free(h);
		GEOSGeom_destroy_r(ctx, pt);
	}
	HR_CHECK_INT_EQ(mismatches, 0);
	HR_CHECK(hits_total > NQ / 20); /* the oracle is not vacuous */
	fprintf(stderr, "oracle: %d polygons, %d queries, %zu hits, %zu mismatches\n", NPOLY, NQ,
	        hits_total, mismatches);
	/* the Merkle tree over the log: tiles give the RFC 6962 head of the
	 * stored leaves, and proofs from the register verify */
	{
		uint64_t n = 0;
		unsigned char *leaves, root[32], want[32], proof[HR_MERKLE_PROOF_MAX], r2[32];
		size_t plen = 0;
		hr_merkle_mem m;
		HR_CHECK_INT_EQ(hr_register_log_size(reg, &n), 0);
		leaves = malloc(32 * n + 1);
		for (uint64_t i = 0; i < n; i++)
			HR_CHECK_INT_EQ(hr_register_log_get(reg, i, NULL, leaves + 32 * i), 0);
		m.leaves = leaves;
		m.count = n;
		HR_CHECK_INT_EQ(hr_merkle_root(want, n, hr_merkle_mem_subtree, &m), 0);
		HR_CHECK_INT_EQ(hr_register_root(reg, n, root), 0);
		HR_CHECK(memcmp(root, want, 32) == 0);
		for (uint64_t size = 1; size <= n; size += 37)
			for (uint64_t i = 0; i < size; i += 11) {
				HR_CHECK_INT_EQ(hr_register_root(reg, size, r2), 0);
				HR_CHECK_INT_EQ(hr_register_inclusion_proof(reg, i, size, proof, &plen), 0);
				HR_CHECK_INT_EQ(hr_merkle_verify_inclusion(leaves + 32 * i, i, size, proof,
				                                           plen, r2), 0);
			}
		for (uint64_t old = 0; old <= n; old += 29) {
			unsigned char r1[32];
			HR_CHECK_INT_EQ(hr_register_root(reg, old, r1), 0);
			HR_CHECK_INT_EQ(hr_register_consistency_proof(reg, old, n, proof, &plen), 0);
			HR_CHECK_INT_EQ(hr_merkle_verify_consistency(old, n, r1, root, proof, plen), 0);
		}
		HR_CHECK_INT_EQ(hr_register_root(reg, n + 1, r2), HR_EINVAL);
		/* after a rebuild the tiles give the same head */
		HR_CHECK_INT_EQ(hr_register_rebuild(reg, NULL, NULL), 0);
		HR_CHECK_INT_EQ(hr_register_root(reg, n, r2), 0);
		HR_CHECK(memcmp(r2, want, 32) == 0);
		free(leaves);
	}
	for (int i = 0; i < NPOLY; i++)
		if (geoms[i])
			GEOSGeom_destroy_r(ctx, geoms[i]);
	GEOSWKBReader_destroy_r(ctx, rd);
	GEOS_finish_r(ctx);
	hr_register_close(reg);
}

/* A catalogue class as the register's own catalogue writes it, with
 * the conservative self-destruct failure rate given. */
static hr_record *device_class(const char *id, const char *doi, double fail_cons)
{
	hr_record *r = NULL;
	hr_record_new(&r, HR_KIND_CLASS);
	hr_record_set_text(r, HR_F_ID, id);
	hr_record_set_text(r, HR_F_ORG, "hazreg default catalogue");
	hr_record_set_time(r, HR_F_DOI, T(doi));
	hr_record_set_text(r, HR_F_NAME, "Non-persistent, designed self-destruct after 15 days");
	hr_record_set_int(r, HR_F_PERSISTENT, 0);
	hr_record_set_text(r, HR_F_SOURCE, "test figures");
	hr_record_set_real(r, HR_F_SD_MIN_H, 360);
	hr_record_set_real(r, HR_F_SD_MAX_H, 360);
	hr_record_set_real(r, HR_F_SD_FAIL_OPT, 6e-6);
	hr_record_set_real(r, HR_F_SD_FAIL_CONS, fail_cons);
	hr_record_set_real(r, HR_F_SDA_BY_H, 120 * 24);
	hr_record_set_real(r, HR_F_SDA_LIVE_OPT, 6e-6);
	hr_record_set_real(r, HR_F_SDA_LIVE_CONS, fail_cons / 10);
	return r;
}

/* The conservative expected number of live devices at the point, as the
 * handle answers it (-1 when it finds no area). */
static double expected_at(hr_register *reg, double lon, double lat, const char *at)
{
	hr_hits *h = NULL;
	hr_point p = {lon, lat};
	double e = -1;
	HR_CHECK_INT_EQ(hr_query_point(reg, p, T(at), &h), 0);
	if (h && h->n == 1)
		e = h->hits[0].risk.expected[HR_CONSERVATIVE];
	hr_hits_free(h);
	return e;
}

/* The same through a handle opened afresh: no cache can be stale. */
static double expected_fresh(const char *path, double lon, double lat, const char *at)
{
	hr_register *reg = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	double e;
	o.readonly = 1;
	HR_CHECK_INT_EQ(hr_register_open(&reg, hr_test_db(path), &o), 0);
	e = expected_at(reg, lon, lat, at);
	hr_register_close(reg);
	return e;
}

/*
 * A handle keeps the class catalogue and the parsed contamination of the
 * areas between queries while the store is unchanged. A change by another
 * handle (the server's writer, another process) or by the handle itself
 * must show in its next answer.
 */
static void test_read_caches(void)
{
	char path[600];
	hr_register *w = NULL, *r = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT, ro = HR_OPEN_OPTIONS_INIT;
	hr_contam c = {"np-sd-15d", 10, 1, 0, 0};
	hr_record *rec;
	const char *at = "2025-03-01T00:00:00Z"; /* after the SD window, before the SDA deadline */
	double e1, e2, e3;

	snprintf(path, sizeof path, "%s.caches", dbpath);
	unlink(path);
	o.create = 1;
	ro.readonly = 1;
	HR_CHECK_INT_EQ(hr_register_open(&w, hr_test_db(path), &o), 0);
	rec = area("HA-C", "2025-01-01", 30.0, 50.0, 30.01, 50.01);
	c.emplaced_earliest = T("2025-01-01");
	c.emplaced_latest = T("2025-01-02");
	hr_record_add_contam(rec, &c);
	HR_CHECK_INT_EQ(hr_register_append(w, rec, NULL), 0);
	hr_record_free(rec);
	HR_CHECK_INT_EQ(hr_register_open(&r, hr_test_db(path), &ro), 0);

	e1 = expected_at(r, 30.005, 50.005, at);
	HR_CHECK(e1 > 0);
	HR_CHECK(expected_at(r, 30.005, 50.005, at) == e1); /* from the caches */
	HR_CHECK(expected_at(w, 30.005, 50.005, at) == e1);

	/* the catalogue changes through the writer: both handles see it */
	rec = device_class("np-sd-15d", "2025-02-01", 0.5);
	HR_CHECK_INT_EQ(hr_register_append(w, rec, NULL), 0);
	hr_record_free(rec);
	e2 = expected_fresh(path, 30.005, 50.005, at);
	HR_CHECK(e2 > e1);
	HR_CHECK(expected_at(r, 30.005, 50.005, at) == e2);
	HR_CHECK(expected_at(w, 30.005, 50.005, at) == e2);

	/* the area's contamination changes: the new count is used */
	rec = area("HA-C", "2025-02-02", 30.0, 50.0, 30.01, 50.01);
	c.count = 40;
	hr_record_add_contam(rec, &c);
	HR_CHECK_INT_EQ(hr_register_append(w, rec, NULL), 0);
	hr_record_free(rec);
	e3 = expected_fresh(path, 30.005, 50.005, at);
	HR_CHECK(e3 > e2 * 3.9 && e3 < e2 * 4.1);
	HR_CHECK(expected_at(r, 30.005, 50.005, at) == e3);
	HR_CHECK(expected_at(w, 30.005, 50.005, at) == e3);

	/* and the reader's timeline input too */
	{
		hr_risk risk;
		HR_CHECK_INT_EQ(hr_area_risk(r, "HA-C", T(at), 1.0, &risk), 0);
		HR_CHECK(risk.expected[HR_CONSERVATIVE] == e3);
	}
	hr_register_close(r);
	hr_register_close(w);
	unlink(path);
}

int main(void)
{
	const char *tmp = getenv("HR_TEST_TMP");
	if (sodium_init() < 0)
		return 1;
	if (!tmp)
		tmp = "/tmp";
	mkdir(tmp, 0777);
	snprintf(dbpath, sizeof dbpath, "%s/test_register.gpkg", tmp);
	unlink(dbpath);
	test_basics();
	test_oracle();
	test_read_caches();
	return HR_TEST_DONE();
}
