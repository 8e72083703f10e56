/*
 * test_report.c - public reports in the register (tracking ids, a report
 * starts received with its point and description and only moves forward,
 * nothing private in its layer or the public export, a rebuild gives the
 * same state), and records written as GeoJSON features read back to the
 * same canonical bytes, private values and signatures included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hazreg/hazreg.h"
#include "test.h"

static char path[512];

static hr_record *report(const char *id, const char *status, int with_point, const char *desc)
{
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0;
	hr_record_new(&r, HR_KIND_REPORT);
	hr_record_set_text(r, HR_F_ID, id);
	hr_record_set_text(r, HR_F_ORG, "public");
	hr_record_set_time(r, HR_F_DOI, hr_time_now());
	hr_record_set_text(r, HR_F_REPORT_STATUS, status);
	if (with_point && hr_geom_point(&wkb, &len, 36.05, 49.05, NULL, 0) == 0)
		hr_record_set_geom(r, HR_F_GEOM, wkb, len);
	hr_free(wkb);
	if (desc)
		hr_record_set_private(r, HR_F_DESCRIPTION, desc);
	return r;
}

static int append(hr_register *reg, hr_record *r)
{
	int rc = hr_register_append(reg, r, NULL);
	hr_record_free(r);
	return rc;
}

static void test_ids(void)
{
	char a[HR_REPORT_ID_BUFSZ], b[HR_REPORT_ID_BUFSZ];
	hr_report_id_new(a);
	hr_report_id_new(b);
	HR_CHECK_INT_EQ(strlen(a), 26);
	HR_CHECK(strspn(a, "abcdefghijklmnopqrstuvwxyz234567") == 26);
	HR_CHECK(strcmp(a, b) != 0);
	HR_CHECK_INT_EQ(hr_report_status_rank("received"), 0);
	HR_CHECK_INT_EQ(hr_report_status_rank("closed"), 3);
	HR_CHECK_INT_EQ(hr_report_status_rank("open"), -1);
	HR_CHECK_INT_EQ(hr_report_status_rank(NULL), -1);
}

typedef struct {
	char status[16];
	hr_time received, changed;
	uint64_t records;
	int n;
} got;

static int got_cb(void *ctx, const hr_report_row *r)
{
	got *g = ctx;
	snprintf(g->status, sizeof g->status, "%s", r->status);
	g->received = r->received;
	g->changed = r->last_changed;
	g->records = r->records;
	g->n++;
	return 0;
}

static void test_lifecycle(void)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	hr_record *r = NULL;
	unsigned char d1[32], d2[32];
	char long_text[2100 * 2 + 1], *exp = NULL;
	size_t explen = 0;
	FILE *f;
	got g;

	o.create = 1;
	HR_CHECK_INT_EQ(hr_register_open(&reg, hr_test_db(path), &o), 0);
	/* the first record: a point, a description, "received" */
	HR_CHECK_INT_EQ(append(reg, report("r1", "received", 0, "a shell")), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "geometry:") != NULL);
	HR_CHECK_INT_EQ(append(reg, report("r1", "received", 1, NULL)), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "description:") != NULL);
	HR_CHECK_INT_EQ(append(reg, report("r1", "tasked", 1, "a shell")), HR_EVALIDATE);
	/* what the public wrote is bounded: 2000 characters, not bytes */
	memset(long_text, 0, sizeof long_text);
	for (int i = 0; i < 2000; i++)
		memcpy(long_text + 2 * i, "\xd1\x96", 2); /* Ukrainian i, two bytes */
	HR_CHECK_INT_EQ(append(reg, report("r2", "received", 1, long_text)), 0);
	memcpy(long_text + 4000, "x", 1);
	HR_CHECK_INT_EQ(append(reg, report("r3", "received", 1, long_text)), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "2001") != NULL);
	HR_CHECK_INT_EQ(append(reg, report("r1", "received", 1, "a shell by the well")), 0);
	/* forward only */
	HR_CHECK_INT_EQ(append(reg, report("r1", "received", 0, NULL)), HR_EVALIDATE);
	HR_CHECK_INT_EQ(append(reg, report("r1", "reviewed", 0, NULL)), 0);
	HR_CHECK_INT_EQ(append(reg, report("r1", "reviewed", 0, NULL)), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "only moves forward") != NULL);
	HR_CHECK_INT_EQ(append(reg, report("r1", "closed", 0, NULL)), 0);
	HR_CHECK_INT_EQ(append(reg, report("r1", "tasked", 0, NULL)), HR_EVALIDATE);
	memset(&g, 0, sizeof g);
	HR_CHECK_INT_EQ(hr_report_get(reg, "r1", got_cb, &g), 0);
	HR_CHECK_STR_EQ(g.status, "closed");
	HR_CHECK_INT_EQ(g.records, 3);
	HR_CHECK_INT_EQ(hr_report_get(reg, "nope", got_cb, &g), HR_ENOTFOUND);
	memset(&g, 0, sizeof g);
	HR_CHECK_INT_EQ(hr_report_list(reg, "received", got_cb, &g), 0);
	HR_CHECK_INT_EQ(g.n, 1);
	HR_CHECK_INT_EQ(hr_report_list(reg, "open", got_cb, &g), HR_EINVAL);
	/* reports are not the organisations': no signature is asked of them */
	r = report("r4", "received", 1, "seen from the road");
	hr_record_set_text(r, HR_F_ORG, "DEMO-NGO");
	HR_CHECK_INT_EQ(append(reg, r), 0);
	/* the private values stay beside the log; the public export has no report */
	HR_CHECK_INT_EQ(hr_register_log_get(reg, 5, &r, NULL), 0);
	HR_CHECK(r && hr_record_get(r, HR_F_DESCRIPTION, 0)->u.priv.value == NULL);
	HR_CHECK_INT_EQ(hr_register_private_values(reg, 5, r), 0);
	HR_CHECK_STR_EQ(hr_record_get(r, HR_F_DESCRIPTION, 0)->u.priv.value, "a shell by the well");
	hr_record_free(r);
	f = open_memstream(&exp, &explen);
	HR_CHECK_INT_EQ(hr_export_geojson(reg, f, NULL, HR_PROFILE_PUBLIC), 0);
	fclose(f);
	HR_CHECK(strstr(exp, "\"report\"") == NULL && strstr(exp, "r1") == NULL);
	free(exp);
	f = open_memstream(&exp, &explen);
	HR_CHECK_INT_EQ(hr_export_geojson(reg, f, "reports", HR_PROFILE_INTERNAL), 0);
	fclose(f);
	HR_CHECK(strstr(exp, "\"kind\":\"report\"") != NULL && strstr(exp, "shell") == NULL);
	free(exp);
	HR_CHECK_INT_EQ(hr_export_geojson(reg, stdout, "reports", HR_PROFILE_PUBLIC), HR_EINVAL);
	/* state is derived: a rebuild gives the same */
	HR_CHECK_INT_EQ(hr_register_state_digest(reg, d1), 0);
	HR_CHECK_INT_EQ(hr_register_rebuild(reg, NULL, NULL), 0);
	HR_CHECK_INT_EQ(hr_register_state_digest(reg, d2), 0);
	HR_CHECK(memcmp(d1, d2, 32) == 0);
	hr_register_close(reg);
	unlink(path);
}

/* Every feature of a file: written as GeoJSON, read back, same bytes. */
static void round_trip_file(const char *file, const hr_key_signer *sk)
{
	hr_reader *rd = NULL;
	hr_record *rec = NULL, *back = NULL;
	hr_read_error e;
	char err[256], *text = NULL, *plain = NULL;
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	int n = 0;

	HR_CHECK_INT_EQ(hr_reader_geojson(&rd, file, err, sizeof err), 0);
	while (rd && rd->next(rd, &rec, &e) == 1) {
		if (!rec)
			continue;
		n++;
		if (sk)
			HR_CHECK_INT_EQ(hr_record_sign(rec, sk->id, sk->seed), 0);
		HR_CHECK_INT_EQ(hr_record_to_geojson(&text, rec, HR_GEOJSON_PRIVATE), 0);
		HR_CHECK_INT_EQ(hr_geojson_read_feature(&back, text, strlen(text), &e), 0);
		if (!back) {
			fprintf(stderr, "%s: %s: %s\n  %s\n", file, e.field, e.reason, text);
		} else {
			HR_CHECK_INT_EQ(hr_record_encode(&a, &alen, rec), 0);
			HR_CHECK_INT_EQ(hr_record_encode(&b, &blen, back), 0);
			HR_CHECK(alen == blen && memcmp(a, b, alen) == 0);
			if (sk)
				HR_CHECK_INT_EQ(hr_record_verify(back, sk->id, sk->pub), 0);
		}
		/* without the flag, no private value is written */
		HR_CHECK_INT_EQ(hr_record_to_geojson(&plain, rec, 0), 0);
		HR_CHECK(plain && !strstr(plain, "\"salt\"") && !strstr(plain, "Example"));
		hr_free(a);
		hr_free(b);
		hr_free(text);
		hr_free(plain);
		a = b = NULL;
		text = plain = NULL;
		hr_record_free(back);
		hr_record_free(rec);
		back = rec = NULL;
	}
	HR_CHECK(n > 0);
	if (rd)
		rd->close(rd);
}

static void test_round_trip(void)
{
	static const char *const files[] = {"areas.geojson", "release.geojson", "item.geojson",
	                                    "accident.geojson", "eore.geojsons"};
	const char *src = getenv("HR_SRC");
	hr_key_signer sk;
	char file[1024];
	hr_record *rec = NULL;
	hr_read_error e;
	static const char salted[] =
		"{\"type\":\"Feature\",\"id\":\"I1\",\"geometry\":{\"type\":\"Point\",\"coordinates\":"
		"[36,49]},\"properties\":{\"kind\":\"item\",\"org\":\"o\",\"date_of_information\":"
		"\"2025-01-01\",\"category\":\"uxo\",\"condition\":\"live\",\"finder\":";

	HR_CHECK_INT_EQ(hr_key_generate(&sk, "test"), 0);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(file, sizeof file, "%s/tests/cli/data/%s", src ? src : ".", files[i]);
		round_trip_file(file, NULL);
		round_trip_file(file, &sk);
	}
	hr_key_signer_wipe(&sk);
	/* salted values: the salt given is the salt kept */
	snprintf(file, sizeof file, "%s{\"value\":\"Finder\",\"salt\":\"000102030405060708090a0b0c0d0e0f\"}}}", salted);
	HR_CHECK_INT_EQ(hr_geojson_read_feature(&rec, file, strlen(file), &e), 0);
	HR_CHECK(rec && hr_record_get(rec, HR_F_FINDER, 0)->u.priv.salt[15] == 0x0f);
	hr_record_free(rec);
	snprintf(file, sizeof file, "%s{\"value\":\"Finder\",\"salt\":\"0001\"}}}", salted);
	HR_CHECK_INT_EQ(hr_geojson_read_feature(&rec, file, strlen(file), &e), HR_EVALIDATE);
	HR_CHECK_STR_EQ(e.field, "finder");
	snprintf(file, sizeof file, "%s{\"value\":\"F\",\"salt\":\"000102030405060708090a0b0c0d0e0f\",\"x\":1}}}", salted);
	HR_CHECK_INT_EQ(hr_geojson_read_feature(&rec, file, strlen(file), &e), HR_EVALIDATE);
	/* one feature, not two, not none, not broken */
	snprintf(file, sizeof file, "{\"type\":\"FeatureCollection\",\"features\":[]}");
	HR_CHECK_INT_EQ(hr_geojson_read_feature(&rec, file, strlen(file), &e), HR_EINVAL);
	snprintf(file, sizeof file, "{\"type\":");
	HR_CHECK_INT_EQ(hr_geojson_read_feature(&rec, file, strlen(file), &e), HR_EINVAL);
	HR_CHECK(rec == NULL);
}

int main(void)
{
	const char *tmp = getenv("HR_TEST_TMP");
	snprintf(path, sizeof path, "%s/report.gpkg", tmp ? tmp : "/tmp");
	unlink(path);
	test_ids();
	test_lifecycle();
	test_round_trip();
	return HR_TEST_DONE();
}
