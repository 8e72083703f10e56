/*
 * ogc_fixture.h - the register of tests/data/ogc/small.geojson, made anew
 * in $HR_TEST_TMP for the tests of collections and of the OGC API
 * (test_features.c, test_srv_ogc.c), or one of another GeoJSON file
 * (test_pages.c). Header-only, after test.h.
 */
#ifndef HR_OGC_FIXTURE_H
#define HR_OGC_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hazreg/hazreg.h"

/* Create $HR_TEST_TMP/NAME.gpkg (or, in the pg.unit.* tests, the fresh
 * database hr_test_db() names after it) holding the records of the
 * GeoJSON file data, which must be `want` of them; its path or address
 * goes to db. Returns the open register (NULL on failure, with the reason
 * printed); close it with hr_register_close(). */
static hr_register *geojson_register(const char *name, const char *data, uint64_t want,
                                     char *db, size_t dblen)
{
	const char *tmp = getenv("HR_TEST_TMP");
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	hr_reader *rd = NULL;
	hr_import_result *res = NULL;
	char err[256], path[512];
	const char *name_db;
	uint64_t imported = 0;

	if (!tmp) {
		fprintf(stderr, "HR_TEST_TMP must be set\n");
		return NULL;
	}
	mkdir(tmp, 0777);
	snprintf(path, sizeof path, "%s/%s.gpkg", tmp, name);
	unlink(path);
	if (!(name_db = hr_test_db(path)))
		return NULL;
	snprintf(db, dblen, "%s", name_db);
	o.create = 1;
	HR_CHECK_INT_EQ(hr_register_open(&reg, db, &o), 0);
	HR_CHECK_INT_EQ(hr_reader_geojson(&rd, data, err, sizeof err), 0);
	if (reg && rd)
		HR_CHECK_INT_EQ(hr_register_import(reg, rd, NULL, &res), 0);
	if (res)
		imported = res->imported;
	HR_CHECK_INT_EQ(imported, want);
	if (res && res->nerrors)
		fprintf(stderr, "%s: feature %s: %s: %s\n", data, res->errors[0].id,
		        res->errors[0].field, res->errors[0].reason);
	hr_import_result_free(res);
	if (rd)
		rd->close(rd);
	if (imported != want) {
		fprintf(stderr, "the fixture %s did not import: %s\n", data, hr_errmsg(reg));
		hr_register_close(reg);
		return NULL;
	}
	return reg;
}

/* The register of tests/data/ogc/small.geojson (nine records) as
 * $HR_TEST_TMP/NAME.gpkg or its database. (inline: a test that makes its own register
 * does not call it.) */
static inline hr_register *ogc_fixture(const char *name, char *db, size_t dblen)
{
	const char *src = getenv("HR_SRC");
	char data[512];
	if (!src) {
		fprintf(stderr, "HR_SRC must be set\n");
		return NULL;
	}
	snprintf(data, sizeof data, "%s/tests/data/ogc/small.geojson", src);
	return geojson_register(name, data, 9, db, dblen);
}

#endif
