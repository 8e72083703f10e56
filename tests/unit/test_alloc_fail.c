/*
 * test_alloc_fail.c - failure injection: make the k-th allocation of the
 * library fail, for every k over a workload (open, imports, queries, a
 * route, a decay curve, the data-quality checks of an import, tiles and a
 * proof, export, a summary by oblast and its chart, check, a record out as
 * GeoJSON with its private values and back, a public report, rebuild, a
 * snapshot and a query on it). Each run must fail cleanly with HR_ENOMEM (or
 * succeed when the failure hit an allocation it can do without), and the
 * store must then open and pass hr_register_check: nothing half written.
 * The same on PostgreSQL (pg.unit.test_alloc_fail), with fewer runs
 * (HR_ALLOC_FAIL_RUNS): libpq's own allocations are not made to fail, the
 * backend's and the core's are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_int.h"
#include "test.h"

static const char *files[] = {"areas", "release", "item", "accident", "update_older",
                              "update_newer", "adm_boundaries", NULL};
static char dir[512], db[600], lastmsg[1100];
/* the register: db itself, or the database hr_test_db() names after it
 * (pg.unit.test_alloc_fail), made anew by wipe() */
static const char *addr;

static void wipe(void)
{
	char p[700];
	hr_test_db_forget(db);
	addr = hr_test_db(db);
	unlink(db);
	snprintf(p, sizeof p, "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db);
	unlink(p);
}

static int workload(void)
{
	hr_register *reg = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	int rc;
	char path[700], err[256];
	o.create = 1;
	if (!addr)
		return HR_EIO;
	if ((rc = hr_register_open(&reg, addr, &o)))
		goto out;
	for (int i = 0; files[i]; i++) {
		hr_reader *rd = NULL;
		hr_import_result *res = NULL;
		hr_import_options io = HR_IMPORT_OPTIONS_INIT;
		hr_check_options co = HR_CHECK_OPTIONS_INIT;
		FILE *rej = fopen("/dev/null", "w");
		io.skip_invalid = i % 2; /* both paths */
		io.checks = i < 3 ? &co : NULL; /* the data-quality checks, reading the register */
		io.rejects = rej;
		snprintf(path, sizeof path, "%s/%s.geojson", dir, files[i]);
		rc = hr_reader_geojson(&rd, path, err, sizeof err);
		if (rc == 0) {
			rc = hr_register_import(reg, rd, &io, &res);
			rd->close(rd);
		}
		hr_import_result_free(res);
		fclose(rej);
		if (rc)
			goto out;
	}
	{
		hr_hits *h = NULL;
		hr_point p = {36.01, 49.01};
		hr_bbox b = {35.9, 48.9, 36.2, 49.2};
		char *js = NULL;
		if ((rc = hr_query_point(reg, p, 1800000000, &h)))
			goto out;
		rc = hr_hits_to_json(&js, h, "point", &p, NULL);
		hr_free(js);
		hr_hits_free(h);
		if (rc)
			goto out;
		h = NULL;
		rc = hr_query_bbox(reg, &b, 1800000000, &h);
		hr_hits_free(h);
		if (rc)
			goto out;
	}
	{
		/* a route past the areas, and its JSON */
		hr_point r[2] = {{35.95, 49.05}, {36.6, 49.05}};
		hr_route_hits *rh = NULL;
		char *js = NULL;
		if ((rc = hr_query_route(reg, r, 2, 50, 1800000000, &rh)))
			goto out;
		rc = hr_route_to_json(&js, rh);
		hr_free(js);
		hr_route_hits_free(rh);
		if (rc)
			goto out;
	}
	{
		/* a decay curve, and its JSON */
		hr_risk_inputs *in = NULL;
		hr_timeline *tl = NULL;
		char *js = NULL;
		if ((rc = hr_area_risk_inputs(reg, "DEMO-HA-001", &in)))
			goto out;
		rc = hr_risk_timeline(&tl, in, HR_TIME_NONE, HR_TIME_NONE, 0, NULL);
		if (rc == 0)
			rc = hr_timeline_to_json(&js, in, tl);
		hr_free(js);
		hr_timeline_free(tl);
		hr_risk_inputs_free(in);
		if (rc)
			goto out;
	}
	{
		/* the log's files and a proof, as the server serves them */
		hr_tile t = {0, 0, 0};
		hr_inclusion pr;
		unsigned char *bytes = NULL;
		size_t len = 0;
		uint64_t n = 0;
		char *js = NULL;
		if ((rc = hr_register_log_size(reg, &n)))
			goto out;
		t.width = (unsigned)n;
		rc = hr_tile_entries_path(path, sizeof path, 0, t.width);
		if (rc == 0)
			rc = hr_register_tile_read(reg, n, path, &bytes, &len);
		hr_free(bytes);
		bytes = NULL;
		if (rc == 0)
			rc = hr_tile_path(path, sizeof path, &t);
		if (rc == 0)
			rc = hr_register_tile_read(reg, n, path, &bytes, &len);
		hr_free(bytes);
		if (rc == 0)
			rc = hr_register_prove_inclusion(reg, 1, n, &pr);
		if (rc == 0)
			rc = hr_inclusion_to_json(&js, &pr);
		hr_free(js);
		if (rc)
			goto out;
	}
	{
		FILE *f = fopen("/dev/null", "w");
		rc = hr_export_geojson(reg, f, NULL, HR_PROFILE_PUBLIC);
		fclose(f);
		if (rc)
			goto out;
	}
	{
		/* the summary by oblast, and its chart */
		hr_summary *s = NULL;
		char *svg = NULL;
		rc = hr_summary_by_adm(reg, 1, 1800000000, &s);
		if (rc == 0)
			rc = hr_summary_svg(&svg, s);
		hr_free(svg);
		hr_summary_free(s);
		if (rc)
			goto out;
	}
	{
		char *rep = NULL;
		rc = hr_register_check(reg, &rep, NULL, NULL);
		hr_free(rep);
		if (rc)
			goto out;
	}
	{
		/* a record out as GeoJSON with its private values, and back in */
		hr_record *rec = NULL, *back = NULL;
		hr_read_error e;
		char *text = NULL;
		if ((rc = hr_register_log_get(reg, 8, &rec, NULL)) == 0 &&
		    (rc = hr_register_private_values(reg, 8, rec)) == 0 &&
		    (rc = hr_record_to_geojson(&text, rec, HR_GEOJSON_PRIVATE)) == 0)
			rc = hr_geojson_read_feature(&back, text, strlen(text), &e);
		hr_free(text);
		hr_record_free(back);
		hr_record_free(rec);
		if (rc)
			goto out;
	}
	{
		/* a public report and a change of its status */
		hr_record *r = NULL;
		unsigned char *wkb = NULL;
		size_t len = 0;
		const char *status[] = {"received", "reviewed"};
		for (int i = 0; i < 2 && rc == 0; i++) {
			if ((rc = hr_record_new(&r, HR_KIND_REPORT)) == 0 &&
			    (rc = hr_record_set_text(r, HR_F_ID, "report-1")) == 0 &&
			    (rc = hr_record_set_text(r, HR_F_ORG, "public")) == 0 &&
			    (rc = hr_record_set_time(r, HR_F_DOI, 1767225600)) == 0 &&
			    (rc = hr_record_set_text(r, HR_F_REPORT_STATUS, status[i])) == 0 && i == 0 &&
			    (rc = hr_geom_point(&wkb, &len, 36.05, 49.05, NULL, 0)) == 0 &&
			    (rc = hr_record_set_geom(r, HR_F_GEOM, wkb, len)) == 0)
				rc = hr_record_set_private(r, HR_F_DESCRIPTION, "a shell");
			if (rc == 0)
				rc = hr_register_append(reg, r, NULL);
			hr_record_free(r);
			hr_free(wkb);
			r = NULL;
			wkb = NULL;
		}
		if (rc)
			goto out;
	}
	if ((rc = hr_register_rebuild(reg, NULL, NULL)))
		goto out;
	{
		/* the register as it stood after the first import */
		hr_register *snap = NULL;
		hr_hits *h = NULL;
		hr_point p = {36.01, 49.01};
		if ((rc = hr_register_snapshot(reg, 7, &snap)))
			goto out;
		rc = hr_query_point(snap, p, 1800000000, &h);
		hr_hits_free(h);
		if (rc) {
			snprintf(lastmsg, sizeof lastmsg, "%s", hr_errmsg(snap));
			hr_register_close(snap);
			hr_register_close(reg);
			return rc;
		}
		hr_register_close(snap);
	}
out:
	snprintf(lastmsg, sizeof lastmsg, "%s", rc ? hr_errmsg(reg) : "");
	hr_register_close(reg);
	return rc;
}

int main(void)
{
	const char *src = getenv("HR_SRC"), *tmp = getenv("HR_TEST_TMP");
	const char *budget = getenv("HR_ALLOC_FAIL_RUNS");
	long total, step, runs = 0, failed_cleanly = 0, bad_code = 0, inconsistent = 0, most;
	if (!src || !tmp) {
		fprintf(stderr, "HR_SRC and HR_TEST_TMP must be set\n");
		return 1;
	}
	mkdir(tmp, 0777);
	snprintf(dir, sizeof dir, "%s/tests/cli/data", src);
	snprintf(db, sizeof db, "%s/alloc_fail.gpkg", tmp);
	wipe();
	{
		long before = hr__alloc_calls();
		HR_CHECK_INT_EQ(workload(), 0);
		total = hr__alloc_calls() - before;
	}
	/* every k when the workload is small; a fixed stride otherwise. A
	 * database costs far more to make than a file: fewer runs there. */
	most = budget ? atol(budget) : addr != db ? 40 : 4000;
	if (most < 1)
		most = 1;
	step = total > most ? total / most + 1 : 1;
	for (long k = 1; k <= total; k += step) {
		int rc;
		wipe();
		hr__alloc_fail_after(k);
		rc = workload();
		hr__alloc_fail_after(0);
		runs++;
		if (rc == HR_ENOMEM)
			failed_cleanly++;
		else if (rc != 0) {
			bad_code++;
			fprintf(stderr, "k=%ld: failed with %d (%s), not HR_ENOMEM: %s\n", k, rc,
			        hr_strerror(rc), lastmsg);
		}
		/* the store, if any, opens and is consistent */
		if (addr && (addr != db || access(db, F_OK) == 0)) {
			hr_register *reg = NULL;
			hr_open_options o = HR_OPEN_OPTIONS_INIT;
			char *rep = NULL;
			if (hr_register_open(&reg, addr, &o) == 0 &&
			    hr_register_check(reg, &rep, NULL, NULL) != 0) {
				inconsistent++;
				fprintf(stderr, "k=%ld: store inconsistent after the failure: %s\n", k,
				        rep ? rep : hr_errmsg(reg));
			}
			hr_free(rep);
			hr_register_close(reg);
		}
	}
	fprintf(stderr, "allocations in the workload: %ld; runs: %ld (every %ld); failed with "
	                "HR_ENOMEM: %ld\n", total, runs, step, failed_cleanly);
	HR_CHECK(total > 100);
	HR_CHECK_INT_EQ(bad_code, 0);
	HR_CHECK_INT_EQ(inconsistent, 0);
	HR_CHECK(failed_cleanly > runs / 2);
	return HR_TEST_DONE();
}
