/*
 * fuzz_outline.c - fuzz target for the country outline reader of the
 * data-quality checks (hr_geojson_read_outline(), hazreg check --country):
 * any bytes. Besides memory errors it checks the reader's promises: a
 * refusal always says why; an accepted outline is a valid Polygon or
 * MultiPolygon on the grid, a checker takes it, and checking an area and a
 * point against it gives at most one Q-OUTSIDE-COUNTRY finding each.
 */
#include "core/core_int.h"

#include <hazreg/hazreg.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_outline: %s: %s\n", what, detail);
	abort();
}

static hr_record *probe(int kind, const unsigned char *wkb, size_t len)
{
	hr_record *rec = NULL;
	if (hr_record_new(&rec, (hr_kind)kind) || hr_record_set_text(rec, HR_F_ID, "P") ||
	    hr_record_set_text(rec, HR_F_ORG, "O") || hr_record_set_time(rec, HR_F_DOI, 0) ||
	    hr_record_set_geom(rec, HR_F_GEOM, wkb, len))
		fail("cannot build a probe record", "");
	return rec;
}

/* An area and an item against the outline: one finding at most each. */
static void check_with(const unsigned char *wkb, size_t len)
{
	static const double sq[] = {36.5, 48.5, 36.51, 48.5, 36.51, 48.51, 36.5, 48.51, 36.5, 48.5};
	size_t npts[1] = {5}, nr[1] = {1};
	unsigned char *a = NULL, *p = NULL;
	size_t alen = 0, plen = 0;
	hr_check_options o = HR_CHECK_OPTIONS_INIT;
	hr_checker *c = NULL;
	hr_check_findings f = {0, 0, NULL};
	hr_record *ra, *rp;
	char err[256];
	if (hr_geom_polygon(&a, &alen, sq, npts, 1, nr, 1, 0, err, sizeof err) ||
	    hr_geom_point(&p, &plen, 36.505, 48.505, err, sizeof err))
		fail("cannot build the probes", err);
	ra = probe(HR_KIND_AREA, a, alen);
	rp = probe(HR_KIND_ITEM, p, plen);
	o.now = 0;
	o.country_wkb = wkb;
	o.country_len = len;
	o.country_name = "fuzz";
	if (hr_checker_new(&c, NULL, &o) != 0)
		fail("a checker refuses an accepted outline", "");
	if (hr_checker_record(c, ra, 0, 0, 0, &f) != 0 || f.n > 1)
		fail("area against the outline", f.n ? f.v[0].message : "error");
	hr_check_findings_clear(&f);
	if (hr_checker_record(c, rp, 1, 0, 0, &f) != 0 || f.n > 1)
		fail("point against the outline", f.n ? f.v[0].message : "error");
	for (size_t i = 0; i < f.n; i++)
		if (strcmp(f.v[i].code, HR_Q_OUTSIDE) != 0)
			fail("unexpected finding", f.v[i].code);
	hr_check_findings_clear(&f);
	hr_checker_free(c);
	hr_record_free(ra);
	hr_record_free(rp);
	hr_free(a);
	hr_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *wkb = NULL;
	size_t len = 0;
	char err[512] = "";
	int type = 0;
	int rc = hr_geojson_read_outline(&wkb, &len, (const char *)data, size, err, sizeof err);
	if (rc == HR_EVALIDATE) {
		if (!err[0])
			fail("refused without a reason", "");
		return 0;
	}
	if (rc == HR_ENOMEM)
		return 0;
	if (rc != 0)
		fail("unexpected return", hr_strerror(rc));
	if (hr_geom_check(wkb, len, &type, err, sizeof err) != 0)
		fail("accepted outline does not check", err);
	if (type != HR_GEOM_POLYGON && type != HR_GEOM_MULTIPOLYGON)
		fail("accepted outline is not polygonal", "");
	check_with(wkb, len);
	hr_free(wkb);
	return 0;
}
