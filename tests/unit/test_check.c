/*
 * test_check.c - the pure data-quality checks (check.h): each finding's
 * code, severity and numbers, the overlap measure, the codes given to the
 * validators' refusals (so that a change of their words is noticed), and a
 * checker comparing a record with earlier ones of the same input.
 */
#include <string.h>

#include "core/core_int.h"
#include "hazreg/hazreg.h"
#include "test.h"

static hr_record *area(const char *id, const char *org, const double *xy, size_t n)
{
	hr_record *rec = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0, npts[1] = {n}, nr[1] = {1};
	char err[256] = "";
	hr_time doi = 0;
	HR_CHECK_INT_EQ(hr_record_new(&rec, HR_KIND_AREA), 0);
	HR_CHECK_INT_EQ(hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, sizeof err), 0);
	HR_CHECK_INT_EQ(hr_record_set_geom(rec, HR_F_GEOM, wkb, len), 0);
	HR_CHECK_INT_EQ(hr_record_set_text(rec, HR_F_ID, id), 0);
	HR_CHECK_INT_EQ(hr_record_set_text(rec, HR_F_ORG, org), 0);
	HR_CHECK_INT_EQ(hr_time_parse(&doi, "2025-04-01", 10), 0);
	HR_CHECK_INT_EQ(hr_record_set_time(rec, HR_F_DOI, doi), 0);
	hr_free(wkb);
	return rec;
}

static const hr_check_finding *only(const hr_check_findings *f, const char *code)
{
	HR_CHECK_INT_EQ(f->n, 1);
	if (f->n != 1)
		return NULL;
	HR_CHECK_STR_EQ(f->v[0].code, code);
	return &f->v[0];
}

static void vertices(void)
{
	/* a repeated vertex (equal after the snap) and a 5.9 km edge at 48.5 N */
	double dup[] = {36.7, 48.5, 36.71, 48.5, 36.7100000001, 48.5, 36.71, 48.51, 36.7, 48.51,
	                36.7, 48.5};
	double lng[] = {36.8, 48.5, 36.88, 48.5, 36.88, 48.51, 36.8, 48.51, 36.8, 48.5};
	hr_check_findings f = {0, 0, NULL};
	hr_record *a = area("V", "O", dup, 6), *b = area("E", "O", lng, 5);
	const hr_check_finding *x;

	HR_CHECK_INT_EQ(hr_check_vertices(a, 0, &f), 0);
	x = only(&f, HR_Q_VERTEX_DUP);
	HR_CHECK(x && x->severity == HR_CHECK_WARNING && strcmp(x->id, "V") == 0);
	HR_CHECK(x && strstr(x->message, "vertices 1 and 2 of polygon 0 ring 0") != NULL);
	hr_check_findings_clear(&f);

	HR_CHECK_INT_EQ(hr_check_vertices(b, 0, &f), 0);
	x = only(&f, HR_Q_EDGE_LONG);
	HR_CHECK(x && strstr(x->message, "2 edges longer than 5.00 km") != NULL);
	HR_CHECK(x && strstr(x->message, "5.91 km apart") != NULL);
	hr_check_findings_clear(&f);
	/* loosened: 6 km */
	HR_CHECK_INT_EQ(hr_check_vertices(b, 6000, &f), 0);
	HR_CHECK_INT_EQ(f.n, 0);
	hr_check_findings_clear(&f);
	hr_record_free(a);
	hr_record_free(b);
}

static void dates_and_counts(void)
{
	hr_record *rec = NULL;
	hr_check_findings f = {0, 0, NULL};
	hr_time now = 0, t = 0;
	const hr_check_finding *x;

	HR_CHECK_INT_EQ(hr_time_parse(&now, "2026-01-01", 10), 0);
	HR_CHECK_INT_EQ(hr_record_new(&rec, HR_KIND_ACCIDENT), 0);
	/* within a day of now: no finding; a day and a second: an error */
	HR_CHECK_INT_EQ(hr_record_set_time(rec, HR_F_OCCURRED_AT, now + 86400), 0);
	HR_CHECK_INT_EQ(hr_check_dates(rec, now, &f), 0);
	HR_CHECK_INT_EQ(f.n, 0);
	HR_CHECK_INT_EQ(hr_record_set_time(rec, HR_F_OCCURRED_AT, now + 86401), 0);
	HR_CHECK_INT_EQ(hr_check_dates(rec, now, &f), 0);
	x = only(&f, HR_Q_DATE_FUTURE);
	HR_CHECK(x && x->severity == HR_CHECK_WARNING);
	HR_CHECK(x && strcmp(x->message, "occurred_at 2026-01-02T00:00:01Z is later than now "
	                                 "(2026-01-01T00:00:00Z) plus 1 day") == 0);
	hr_check_findings_clear(&f);

	HR_CHECK_INT_EQ(hr_record_set_int(rec, HR_F_KILLED, 200), 0);
	HR_CHECK_INT_EQ(hr_check_counts(rec, &f), 0);
	HR_CHECK_INT_EQ(f.n, 0);
	HR_CHECK_INT_EQ(hr_record_set_int(rec, HR_F_KILLED, 201), 0);
	HR_CHECK_INT_EQ(hr_record_set_int(rec, HR_F_INJURED, -3), 0);
	HR_CHECK_INT_EQ(hr_check_counts(rec, &f), 0);
	HR_CHECK_INT_EQ(f.n, 2);
	if (f.n == 2) {
		HR_CHECK_STR_EQ(f.v[0].code, HR_Q_COUNT_ABSURD);
		HR_CHECK_STR_EQ(f.v[0].message,
		                "killed 201 is beyond the plausible maximum of 200 for one accident");
		HR_CHECK_STR_EQ(f.v[1].code, HR_Q_COUNT_NEGATIVE);
		HR_CHECK_INT_EQ(f.v[1].severity, HR_CHECK_ERROR);
	}
	hr_check_findings_clear(&f);
	hr_record_free(rec);
	(void)t;
}

static void overlap(void)
{
	double a[] = {36.5, 48.5, 36.51, 48.5, 36.51, 48.51, 36.5, 48.51, 36.5, 48.5};
	double b[] = {36.5005, 48.5, 36.5105, 48.5, 36.5105, 48.51, 36.5005, 48.51, 36.5005, 48.5};
	double in[] = {36.502, 48.502, 36.504, 48.502, 36.504, 48.504, 36.502, 48.504, 36.502, 48.502};
	hr_record *ra = area("A", "O", a, 5), *rb = area("B", "O", b, 5), *ri = area("I", "O", in, 5);
	const hr_value *ga = hr_record_get(ra, HR_F_GEOM, 0), *gb = hr_record_get(rb, HR_F_GEOM, 0),
	               *gi = hr_record_get(ri, HR_F_GEOM, 0);
	double r = -1;
	HR_CHECK_INT_EQ(hr_check_overlap(&r, ga->u.geom.wkb, ga->u.geom.len, gb->u.geom.wkb,
	                                 gb->u.geom.len), 0);
	HR_CHECK(r > 0.949 && r < 0.951);
	/* a small area inside a large one: all of the smaller */
	HR_CHECK_INT_EQ(hr_check_overlap(&r, ga->u.geom.wkb, ga->u.geom.len, gi->u.geom.wkb,
	                                 gi->u.geom.len), 0);
	HR_CHECK(r > 0.999 && r <= 1.0);
	hr_record_free(ra);
	hr_record_free(rb);
	hr_record_free(ri);
}

/* The checker, without a register: duplicates within the input. */
static void checker(void)
{
	double a[] = {36.5, 48.5, 36.51, 48.5, 36.51, 48.51, 36.5, 48.51, 36.5, 48.5};
	double b[] = {36.5005, 48.5, 36.5105, 48.5, 36.5105, 48.51, 36.5005, 48.51, 36.5005, 48.5};
	double far[] = {21.0, 50.0, 21.01, 50.0, 21.01, 50.01, 21.0, 50.01, 21.0, 50.0};
	hr_check_options o = HR_CHECK_OPTIONS_INIT;
	hr_checker *c = NULL;
	hr_check_findings f = {0, 0, NULL};
	hr_record *ra = area("A", "O", a, 5), *rb = area("B", "O", b, 5),
	          *rc = area("C", "OTHER", b, 5), *ra2 = area("A", "O", b, 5),
	          *rf = area("F", "O", far, 5);
	const hr_check_finding *x;

	HR_CHECK_INT_EQ(hr_time_parse(&o.now, "2026-01-01", 10), 0);
	HR_CHECK_INT_EQ(hr_checker_new(&c, NULL, &o), 0);
	HR_CHECK_INT_EQ(hr_checker_record(c, ra, 0, 0, 0, &f), 0);
	HR_CHECK_INT_EQ(f.n, 0);
	HR_CHECK_INT_EQ(hr_checker_record(c, rc, 1, 0, 0, &f), 0); /* another organisation */
	HR_CHECK_INT_EQ(f.n, 0);
	HR_CHECK_INT_EQ(hr_checker_record(c, rb, 2, 7, 3, &f), 0);
	x = only(&f, HR_Q_DUP_AREA);
	HR_CHECK(x && x->index == 2 && x->line == 7 && x->column == 3);
	HR_CHECK(x && strstr(x->message, "near-duplicate of area A of the same organisation (O), "
	                                 "feature 0 of this input: the intersection is 95.0%") != NULL);
	hr_check_findings_clear(&f);
	/* the same area updated is no duplicate of itself */
	HR_CHECK_INT_EQ(hr_checker_record(c, ra2, 3, 0, 0, &f), 0);
	x = only(&f, HR_Q_DUP_AREA); /* of B, not of A */
	HR_CHECK(x && strstr(x->message, "area B ") != NULL);
	hr_check_findings_clear(&f);
	HR_CHECK_INT_EQ(hr_checker_record(c, rf, 4, 0, 0, &f), 0);
	x = only(&f, HR_Q_OUTSIDE);
	HR_CHECK(x && strstr(x->message, "100.0% of the perimeter's area") != NULL);
	HR_CHECK(x && strstr(x->message, "default: Ukraine's bounding box") != NULL);
	hr_check_findings_clear(&f);
	hr_checker_free(c);

	/* areas over many cells of the checker's grid, and one crossing cells */
	{
		double big1[] = {30, 45, 31, 45, 31, 46, 30, 46, 30, 45};
		double big2[] = {30.05, 45, 31.05, 45, 31.05, 46, 30.05, 46, 30.05, 45};
		double small[] = {30.049, 45.049, 30.051, 45.049, 30.051, 45.051, 30.049, 45.051,
		                  30.049, 45.049};
		hr_record *b1 = area("BIG1", "G", big1, 5), *b2 = area("BIG2", "G", big2, 5),
		          *s1 = area("S1", "G", small, 5), *s2 = area("S2", "G", small, 5);
		o.max_edge_m = 500000;
		HR_CHECK_INT_EQ(hr_checker_new(&c, NULL, &o), 0);
		o.max_edge_m = 0;
		HR_CHECK_INT_EQ(hr_checker_record(c, s1, 0, 0, 0, &f), 0);
		HR_CHECK_INT_EQ(hr_checker_record(c, b1, 1, 0, 0, &f), 0);
		/* S1 lies inside BIG1: the intersection is all of the smaller area */
		x = only(&f, HR_Q_DUP_AREA);
		HR_CHECK(x && strstr(x->message, "area S1 ") && strstr(x->message, "100.0%"));
		hr_check_findings_clear(&f);
		HR_CHECK_INT_EQ(hr_checker_record(c, b2, 2, 0, 0, &f), 0); /* half of S1 */
		x = only(&f, HR_Q_DUP_AREA);
		HR_CHECK(x && strstr(x->message, "area BIG1 ") && strstr(x->message, "95.0%"));
		hr_check_findings_clear(&f);
		/* S2, on four cells of the grid, finds S1 and BIG1 (100% of S2), not
		 * BIG2 (50%) */
		HR_CHECK_INT_EQ(hr_checker_record(c, s2, 3, 0, 0, &f), 0);
		HR_CHECK_INT_EQ(f.n, 2);
		if (f.n == 2) {
			HR_CHECK(strstr(f.v[0].message, "area S1 ") != NULL);
			HR_CHECK(strstr(f.v[1].message, "area BIG1 ") != NULL);
		}
		hr_check_findings_clear(&f);
		hr_checker_free(c);
		hr_record_free(b1);
		hr_record_free(b2);
		hr_record_free(s1);
		hr_record_free(s2);
	}

	/* loosened: 96% */
	o.overlap = 0.96;
	HR_CHECK_INT_EQ(hr_checker_new(&c, NULL, &o), 0);
	HR_CHECK_INT_EQ(hr_checker_record(c, ra, 0, 0, 0, &f), 0);
	HR_CHECK_INT_EQ(hr_checker_record(c, rb, 1, 0, 0, &f), 0);
	HR_CHECK_INT_EQ(f.n, 0);
	hr_checker_free(c);
	/* an outline that is not a polygon */
	o.country_wkb = (const unsigned char *)"x";
	o.country_len = 1;
	HR_CHECK_INT_EQ(hr_checker_new(&c, NULL, &o), HR_EINVAL);
	HR_CHECK(c == NULL);
	hr_record_free(ra);
	hr_record_free(rb);
	hr_record_free(rc);
	hr_record_free(ra2);
	hr_record_free(rf);
}

/* The validators' refusals get the checks' codes: their words, from the
 * validators themselves. */
static void refusal_codes(void)
{
	double bow[] = {36.5, 48.6, 36.51, 48.61, 36.51, 48.6, 36.5, 48.61, 36.5, 48.6};
	unsigned char *wkb = NULL;
	size_t len = 0, npts[1] = {5}, nr[1] = {1};
	char err[384] = "";
	hr_record *rec = NULL;

	HR_CHECK_INT_EQ(hr_geom_polygon(&wkb, &len, bow, npts, 1, nr, 1, 0, err, sizeof err),
	                HR_EVALIDATE);
	HR_CHECK_STR_EQ(hr_check_refusal_code("geometry", err), HR_Q_GEOM_INVALID);

	{
		/* the reader's refusals, with the validator's words */
		static const char *const cases[][2] = {
			{"{\"type\":\"Feature\",\"id\":\"C\",\"properties\":{\"kind\":\"accident\","
			 "\"org\":\"O\",\"date_of_information\":\"2025-05-01\",\"occurred_at\":"
			 "\"2025-04-30T00:00:00Z\",\"killed\":-1},\"geometry\":{\"type\":\"Point\","
			 "\"coordinates\":[36.5,48.5]}}", HR_Q_COUNT_NEGATIVE},
			{"{\"type\":\"Feature\",\"id\":\"D\",\"properties\":{\"kind\":\"area\","
			 "\"org\":\"O\",\"date_of_information\":\"2025-05-01\",\"classification\":"
			 "\"SHA\",\"status\":\"open\",\"evidence_type\":\"local_report\","
			 "\"contamination\":[{\"class\":\"persistent\",\"count\":1,\"confirmed\":true,"
			 "\"emplaced_earliest\":\"2025-03-05\",\"emplaced_latest\":\"2025-03-02\"}]},"
			 "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[36.5,48.5],[36.51,48.5],"
			 "[36.51,48.51],[36.5,48.5]]]}}", HR_Q_DATE_ORDER},
		};
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			hr_read_error e;
			HR_CHECK_INT_EQ(hr_geojson_read_feature(&rec, cases[i][0], strlen(cases[i][0]), &e),
			                HR_EVALIDATE);
			HR_CHECK_STR_EQ(hr_check_refusal_code(e.field, e.reason), cases[i][1]);
			hr_record_free(rec);
			rec = NULL;
		}
	}
	HR_CHECK_STR_EQ(hr_check_refusal_code("org", "required for an area record"), HR_Q_REFUSED);
	HR_CHECK_STR_EQ(hr_check_refusal_code(HR_Q_DATE_FUTURE, "anything"), HR_Q_DATE_FUTURE);
	{
		size_t n = 0;
		const hr_check_code *codes = hr_check_codes(&n);
		HR_CHECK_INT_EQ(n, 12);
		for (size_t i = 0; i < n; i++)
			HR_CHECK(hr_check_code_name(codes[i].code) == codes[i].code);
	}
}

/* Failure injection: the k-th allocation fails; the checker fails cleanly
 * (HR_ENOMEM) or does without, and leaks nothing (ASan). */
static void alloc_fail(void)
{
	double a[] = {36.5, 48.5, 36.51, 48.5, 36.51, 48.51, 36.5, 48.51, 36.5, 48.5};
	double b[] = {36.5005, 48.5, 36.5105, 48.5, 36.5105, 48.51, 36.5005, 48.51, 36.5005, 48.5};
	hr_record *ra = area("A", "O", a, 5), *rb = area("B", "O", b, 5);
	int done = 0;
	for (long k = 1; k < 200; k++) {
		hr_check_options o = HR_CHECK_OPTIONS_INIT;
		hr_check_findings f = {0, 0, NULL};
		hr_checker *c = NULL;
		int rc;
		hr__alloc_fail_after(k);
		rc = hr_checker_new(&c, NULL, &o);
		if (rc == 0)
			rc = hr_checker_record(c, ra, 0, 0, 0, &f);
		if (rc == 0)
			rc = hr_checker_record(c, rb, 1, 0, 0, &f);
		hr__alloc_fail_after(0);
		HR_CHECK(rc == 0 || rc == HR_ENOMEM);
		if (rc == 0) {
			HR_CHECK_INT_EQ(f.n, 1);
			done = 1; /* past the workload's allocations, or one it does without */
		}
		hr_check_findings_clear(&f);
		hr_checker_free(c);
	}
	HR_CHECK(done);
	hr_record_free(ra);
	hr_record_free(rb);
}

int main(void)
{
	vertices();
	dates_and_counts();
	overlap();
	checker();
	refusal_codes();
	alloc_fail();
	return HR_TEST_DONE();
}
