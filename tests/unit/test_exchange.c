/*
 * test_exchange.c - field mapping files and the GeoPackage and OSM
 * exports, below the CLI: the mapping's faults name their line and column,
 * its rules do what docs/formats.md says; and with the k-th allocation
 * made to fail, for every k, an export either completes or fails cleanly
 * leaving no file at all (neither its name nor a temporary one), and the
 * GeoPackage reader fails cleanly too.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_int.h"
#include "formats/formats_int.h"
#include "test.h"

static char dir[512];

/* A mapping refused at line:column, with a reason containing `what`. */
static void refused_n(const char *text, size_t len, unsigned long line, unsigned col,
                      const char *what)
{
	hr_mapping *m = NULL;
	hr_read_error e;
	HR_CHECK_INT_EQ(hr_mapping__parse(&m, text, len, &e), HR_EINVAL);
	HR_CHECK(m == NULL);
	HR_CHECK_INT_EQ(e.line, line);
	HR_CHECK_INT_EQ(e.column, col);
	if (!strstr(e.reason, what))
		HR_CHECK_STR_EQ(e.reason, what);
}

static void refused(const char *text, unsigned long line, unsigned col, const char *what)
{
	refused_n(text, strlen(text), line, col, what);
}

static void test_mapping_errors(void)
{
	refused("id = a\nid = b\n", 2, 1, "already given on line 1");
	refused("ignore = a,\n", 1, 12, "expected a column name");
	refused("name = \"open\n", 1, 8, "not closed");
	refused("name = `\n", 1, 8, "not closed");
	refused("name = ``\n", 1, 8, "empty column name");
	refused("Nom = a\n", 1, 1, "unknown property 'Nom'");
	refused("geometry = geom\n", 1, 1, "comes from the layer");
	refused("name a\n", 1, 6, "expected '='");
	refused("name = a b\n", 1, 10, "unexpected text");
	refused("status = s\nstatus: x - open\n", 2, 11, "expected '->'");
	refused("status = s\nstatus: x -> open\nstatus: x -> closed\n", 3, 14, "already mapped");
	refused("status: x -> open\n", 1, 1, "no rule 'status = COLUMN'");
	refused("note = \"a\\n\"\n", 1, 10, "escapes");
	refused("layer = a\nlayer = b\n", 2, 1, "already given");
	refused("# ok\nname = \"\xff\"\n", 2, 1, "not UTF-8");
	refused_n("name = a\0b\n", 11, 1, 9, "NUL");
}

/* Apply `map` to a feature with these properties; the result's properties as text. */
static int apply(const char *map, const char *props, char *out, size_t n, hr_read_error *e)
{
	hr_mapping *m = NULL;
	json_t *feat;
	char text[1024], *dump;
	int rc;
	memset(e, 0, sizeof *e);
	HR_CHECK_INT_EQ(hr_mapping__parse(&m, map, strlen(map), e), 0);
	snprintf(text, sizeof text, "{\"type\":\"Feature\",\"geometry\":null,\"properties\":%s}",
	         props);
	feat = json_loads(text, 0, NULL);
	HR_CHECK(feat != NULL);
	rc = hr_mapping__apply(m, feat, e);
	dump = json_dumps(json_object_get(feat, "properties"), JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(out, n, "%s", dump ? dump : "");
	free(dump);
	json_decref(feat);
	hr_mapping__free(m);
	return rc;
}

static void test_mapping_apply(void)
{
	char out[512];
	hr_read_error e;
	/* rename, constant, value maps on text and integer columns, ignore, a column used twice */
	HR_CHECK_INT_EQ(apply("id = Code\nname = `Site name`\nnote = Code\norg = \"NGO \\\"A\\\"\"\n"
	                      "classification = T\nclassification: \"Suspected\" -> SHA\n"
	                      "status = S\nstatus: 1 -> open\nignore = OBJECTID, Empty\n",
	                      "{\"Code\":\"X-1\",\"Site name\":\"Pole\",\"T\":\"Suspected\",\"S\":1,"
	                      "\"OBJECTID\":7,\"Empty\":null}",
	                      out, sizeof out, &e),
	                0);
	HR_CHECK_STR_EQ(out, "{\"classification\":\"SHA\",\"id\":\"X-1\",\"name\":\"Pole\","
	                     "\"note\":\"X-1\",\"org\":\"NGO \\\"A\\\"\",\"status\":\"open\"}");
	/* a value the map does not list passes as it is; a null column is left out */
	HR_CHECK_INT_EQ(apply("classification = T\nclassification: a -> SHA\nname = N\n",
	                      "{\"T\":\"CHA\",\"N\":null}", out, sizeof out, &e),
	                0);
	HR_CHECK_STR_EQ(out, "{\"classification\":\"CHA\"}");
	/* a column the mapping does not name refuses the feature, naming it and the id */
	HR_CHECK_INT_EQ(apply("id = Code\n", "{\"Code\":12,\"Extra\":1}", out, sizeof out, &e), 1);
	HR_CHECK_STR_EQ(e.field, "Extra");
	HR_CHECK_STR_EQ(e.id, "12");
	HR_CHECK(strstr(e.reason, "ignore") != NULL);
}

/* No file in dir starts with `prefix`. */
static int left(const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	while (d && (de = readdir(d)))
		n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	if (d)
		closedir(d);
	return n;
}

typedef int (*export_fn)(hr_register *reg, const char *path);

static int ex_gpkg(hr_register *reg, const char *path)
{
	return hr_export_gpkg(reg, path, NULL, HR_PROFILE_PUBLIC);
}

static int ex_osm(hr_register *reg, const char *path)
{
	return hr_export_osm(reg, path, HR_PROFILE_PUBLIC);
}

/* Every allocation of an export made to fail in turn. */
static void fail_each(hr_register *reg, export_fn fn, const char *name)
{
	char path[700];
	long before, calls;
	int failed = 0;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	before = hr__alloc_calls();
	HR_CHECK_INT_EQ(fn(reg, path), 0);
	calls = hr__alloc_calls() - before;
	HR_CHECK(calls > 0);
	HR_CHECK_INT_EQ(fn(reg, path), HR_EEXISTS); /* never over a file */
	unlink(path);
	for (long k = 1; k <= calls; k++) {
		int rc;
		hr__alloc_fail_after(k);
		rc = fn(reg, path);
		hr__alloc_fail_after(0);
		if (rc == 0) {
			unlink(path);
			continue;
		}
		failed++;
		HR_CHECK(rc == HR_ENOMEM || rc == HR_EIO);
		if (left(name) != 0) {
			fprintf(stderr, "%s: allocation %ld of %ld failed and left a file\n", name, k,
			        calls);
			HR_CHECK_INT_EQ(left(name), 0);
		}
	}
	HR_CHECK(failed > 0);
	printf("%s: %ld allocations, each made to fail: %d failures, no file left\n", name, calls,
	       failed);
}

/* Read a GeoPackage whole with the k-th allocation failing (0: none). @return records */
static int read_all(const char *path, long k)
{
	hr_reader *rd = NULL;
	char err[256];
	int rc, n = 0;
	hr__alloc_fail_after(k);
	rc = hr_reader__gpkg(&rd, path, NULL, err, sizeof err);
	while (rc == 0) {
		hr_record *rec = NULL;
		hr_read_error e;
		if ((rc = rd->next(rd, &rec, &e)) <= 0)
			break;
		if (rec)
			n++;
		else if (k == 0)
			HR_CHECK_STR_EQ(e.reason, "(no refusal expected)");
		hr_record_free(rec);
		rc = 0;
	}
	hr__alloc_fail_after(0);
	if (rd)
		rd->close(rd);
	HR_CHECK(rc == 0 || (k > 0 && rc == HR_ENOMEM));
	return n;
}

/* The GeoPackage reader over an export, with allocations failing in turn. */
static void read_fail_each(const char *path)
{
	long before = hr__alloc_calls(), calls;
	HR_CHECK(read_all(path, 0) > 0);
	calls = hr__alloc_calls() - before;
	for (long k = 1; k <= calls; k++)
		read_all(path, k);
	printf("gpkg reader: %ld allocations, each made to fail\n", calls);
}

int main(void)
{
	const char *src = getenv("HR_SRC"), *tmp = getenv("HR_TEST_TMP");
	hr_register *reg = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	char db[700], path[1100], err[256];
	static const char *files[] = {"areas", "release", "item", NULL};
	if (!src || !tmp) {
		fprintf(stderr, "HR_SRC and HR_TEST_TMP must be set\n");
		return 1;
	}
	test_mapping_errors();
	test_mapping_apply();

	snprintf(dir, sizeof dir, "%s/exchange", tmp);
	mkdir(tmp, 0777);
	snprintf(path, sizeof path, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	HR_CHECK_INT_EQ(system(path), 0);
	snprintf(db, sizeof db, "%s/reg.gpkg", dir);
	o.create = 1;
	HR_CHECK_INT_EQ(hr_register_open(&reg, db, &o), 0);
	for (int i = 0; files[i]; i++) {
		hr_reader *rd = NULL;
		hr_import_result *res = NULL;
		snprintf(path, sizeof path, "%s/tests/cli/data/%s.geojson", src, files[i]);
		HR_CHECK_INT_EQ(hr_reader_geojson(&rd, path, err, sizeof err), 0);
		HR_CHECK_INT_EQ(hr_register_import(reg, rd, NULL, &res), 0);
		rd->close(rd);
		hr_import_result_free(res);
	}
	fail_each(reg, ex_gpkg, "out.gpkg");
	fail_each(reg, ex_osm, "out.osm");
	snprintf(path, sizeof path, "%s/read.gpkg", dir);
	HR_CHECK_INT_EQ(hr_export_gpkg(reg, path, NULL, HR_PROFILE_PUBLIC), 0);
	read_fail_each(path);
	hr_register_close(reg);
	return HR_TEST_DONE();
}
