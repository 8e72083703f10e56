/*
 * test_csv_read.c - the CSV reader (src/formats/csv_read.c) and the HXL
 * table (hxl.c): every schema field has a tag and docs/formats.md lists the
 * table as it is; HXL tags compare as HXL says; a CSV row gives the same
 * record, byte for byte, as the GeoJSON feature with the same values; the
 * header forms; refusals name the line and column of the cell at fault; and
 * failing allocations end in an error, never a crash or a leak.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static char src_dir[1024] = ".";

static void test_table(void)
{
	char path[1200], *doc = NULL, row[256];
	size_t n = 0, cap = 0;
	FILE *f;

	/* every field of every kind has a tag */
	for (int k = 1; k <= HR_KIND_MAX; k++) {
		size_t nf = 0;
		const hr_field_def *defs = hr_schema_fields(k, &nf);
		for (size_t i = 0; i < nf; i++) {
			const char *tag = hr_hxl__tag(defs[i].name);
			if (!tag)
				fprintf(stderr, "no HXL tag for %s\n", defs[i].name);
			HR_CHECK(tag != NULL);
		}
	}
	/* docs/formats.md lists every row of the table */
	snprintf(path, sizeof path, "%s/docs/formats.md", src_dir);
	f = fopen(path, "rb");
	HR_CHECK(f != NULL);
	if (!f)
		return;
	for (;;) {
		if (n + 4096 > cap && !(doc = realloc(doc, cap = cap * 2 + 8192)))
			break;
		size_t got = fread(doc + n, 1, 4096, f);
		if (!got)
			break;
		n += got;
	}
	fclose(f);
	HR_CHECK(doc != NULL);
	if (!doc)
		return;
	doc[n] = '\0';
	for (size_t i = 0; i < hr_hxl__count(); i++) {
		const char *name, *tag;
		hr_hxl__entry(i, &name, &tag);
		snprintf(row, sizeof row, "| `%s` | `%s` |", name, tag);
		if (!strstr(doc, row))
			fprintf(stderr, "docs/formats.md lacks the row %s\n", row);
		HR_CHECK(strstr(doc, row) != NULL);
	}
	free(doc);
}

static void test_tags(void)
{
	const char *name = NULL;
	int level = -1;
	char close[256];

	HR_CHECK_INT_EQ(hr_hxl__lookup("#Reached +children+F", &name, &level, close, sizeof close), 0);
	HR_CHECK_STR_EQ(name, "girls");
	HR_CHECK_INT_EQ(hr_hxl__lookup("#loc+name+i_uk", &name, NULL, close, sizeof close), 0);
	HR_CHECK_STR_EQ(name, "name");
	HR_CHECK_INT_EQ(hr_hxl__lookup("#adm2+code", &name, &level, close, sizeof close), 0);
	HR_CHECK_STR_EQ(name, "pcode");
	HR_CHECK_INT_EQ(level, 2);
	HR_CHECK_INT_EQ(hr_hxl__lookup("#reached+f", &name, NULL, close, sizeof close), -1);
	HR_CHECK_STR_EQ(close, "#reached+f+children, #reached+m+children, #reached+f+adults, "
	                       "#reached+m+adults");
	HR_CHECK_INT_EQ(hr_hxl__lookup("#stat", &name, NULL, close, sizeof close), -1);
	HR_CHECK_STR_EQ(close, "#status");
	HR_CHECK_INT_EQ(hr_hxl__lookup("not a tag", &name, NULL, close, sizeof close), -1);
	HR_CHECK_INT_EQ(hr_hxl__column("latitude", &name, NULL, close, sizeof close), 0);
	HR_CHECK_STR_EQ(name, "lat");
	HR_CHECK_INT_EQ(hr_hxl__column("depth", &name, NULL, close, sizeof close), -1);
	HR_CHECK_STR_EQ(close, "depth_cm");
}

/* Read all of `csv`: records encoded one a line as hex lengths, and the refusals. */
typedef struct {
	int nrec, nref, end_rc;
	hr_record *rec[8];
	hr_read_error ref[8], fatal;
} got;

static void read_all(const char *csv, got *g)
{
	hr_reader *rd = NULL;
	char err[256];
	memset(g, 0, sizeof *g);
	g->end_rc = hr_reader__csv_mem(&rd, (const unsigned char *)csv, strlen(csv), err, sizeof err);
	if (g->end_rc)
		return;
	for (;;) {
		hr_record *rec = NULL;
		hr_read_error e;
		int rc = rd->next(rd, &rec, &e);
		if (rc <= 0) {
			g->end_rc = rc;
			if (rc < 0)
				g->fatal = e;
			break;
		}
		if (rec && g->nrec < 8)
			g->rec[g->nrec++] = rec;
		else if (rec)
			hr_record_free(rec);
		else if (g->nref < 8)
			g->ref[g->nref++] = e;
	}
	rd->close(rd);
}

static void got_free(got *g)
{
	for (int i = 0; i < g->nrec; i++)
		hr_record_free(g->rec[i]);
}

/* The record of a CSV row and of its GeoJSON feature: the same bytes. */
static void test_same_as_geojson(void)
{
	const char *csv =
		"id;org;date_of_information;classification;status;name;contamination;beneficiaries;"
		"benchmark;geometry\r\n"
		"HA-1;DEMO-NMAC;2025-01-10;CHA; worked_on ;\"Поле, біля школи\";"
		"\"[{\"\"class\"\":\"\"np-sd-48h\"\",\"\"count\"\":12,\"\"confirmed\"\":true}]\";350;"
		"POINT (36.02 49.05);POLYGON ((36 49, 36.1 49, 36.1 49.1, 36 49.1, 36 49))\r\n"
		"\"I-1\";DEMO;2025-05-20;;gone;;;;;\r\n";
	const char *gj =
		"{\"type\":\"Feature\",\"id\":\"HA-1\",\"geometry\":{\"type\":\"Polygon\","
		"\"coordinates\":[[[36,49],[36.1,49],[36.1,49.1],[36,49.1],[36,49]]]},"
		"\"properties\":{\"org\":\"DEMO-NMAC\",\"date_of_information\":\"2025-01-10\","
		"\"classification\":\"CHA\",\"status\":\"worked_on\",\"name\":\"Поле, біля школи\","
		"\"contamination\":[{\"class\":\"np-sd-48h\",\"count\":12,\"confirmed\":true}],"
		"\"beneficiaries\":350,\"benchmark\":[36.02,49.05]}}";
	hr_record *want = NULL;
	hr_read_error e;
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	got g;

	read_all(csv, &g);
	HR_CHECK_INT_EQ(g.nrec, 1);
	HR_CHECK_INT_EQ(g.nref, 1);
	HR_CHECK_INT_EQ(g.end_rc, 0);
	HR_CHECK_INT_EQ(hr_geojson_read_feature(&want, gj, strlen(gj), &e), 0);
	if (g.nrec == 1 && want) {
		HR_CHECK_INT_EQ(hr_record_encode(&a, &alen, g.rec[0]), 0);
		HR_CHECK_INT_EQ(hr_record_encode(&b, &blen, want), 0);
		HR_CHECK(alen == blen && a && b && memcmp(a, b, alen) == 0);
	}
	/* the second row: a word the schema does not have, refused by the mapping */
	HR_CHECK_INT_EQ(g.ref[0].index, 1);
	HR_CHECK_STR_EQ(g.ref[0].id, "I-1");
	HR_CHECK_STR_EQ(g.ref[0].field, "status");
	HR_CHECK_STR_EQ(g.ref[0].reason, "\"gone\" is not one of open, worked_on, closed");
	HR_CHECK_INT_EQ(g.ref[0].line, 3);
	HR_CHECK_INT_EQ(g.ref[0].column, 5);
	hr_free(a);
	hr_free(b);
	hr_record_free(want);
	got_free(&g);
}

static void test_headers_and_refusals(void)
{
	got g;
	/* names only; the second row is data; a pcode from the finest column */
	read_all("kind,id,org,date_of_information,lon,lat,category,condition,#adm1+code\n"
	         "item,I-1,O,2025-01-01,36.1,49.1,uxo,live,UA63\n",
	         &g);
	HR_CHECK_INT_EQ(g.end_rc, HR_EINVAL); /* '#adm1+code' is not a column name */
	HR_CHECK_INT_EQ(g.fatal.column, 9);
	got_free(&g);
	read_all("Вид,Код,Орг,Дата,Довгота,Широта,Категорія,Стан,Область,Громада,Примітка\n"
	         "#meta+kind,#meta+id,#org+impl,#date+reported,#geo+lon,#geo+lat,#item+type,"
	         "#item+condition,#adm1+code,#adm3+code,\n"
	         "item,I-1,O,2025-01-01,36.1,49.1,uxo,live,UA63,UA6302,\n"
	         "item,I-2,O,2025-01-01,36.1,49.1,uxo,live,UA63,,\n"
	         "item,I-3,O,2025-01-01,36.1,49.1,uxo,live,,,a note\n"
	         "item,I-4,O,2025-01-01,36.1,49.1,uxo,broken,,,\n"
	         "item,I-5,O,2025-01-01,36.1,,uxo,live,,,\n"
	         "item,I-6,O,2025-01-01,36.1,49.1,uxo,live,,,,\n",
	         &g);
	HR_CHECK_INT_EQ(g.end_rc, 0);
	HR_CHECK_INT_EQ(g.nrec, 2);
	if (g.nrec == 2) {
		HR_CHECK_STR_EQ(hr_record_text(g.rec[0], HR_F_PCODE), "UA6302");
		HR_CHECK_STR_EQ(hr_record_text(g.rec[1], HR_F_PCODE), "UA63");
	}
	HR_CHECK_INT_EQ(g.nref, 4);
	/* a value under a label without a tag */
	HR_CHECK_INT_EQ(g.ref[0].line, 5);
	HR_CHECK_INT_EQ(g.ref[0].column, 11);
	HR_CHECK_STR_EQ(g.ref[0].reason, "a value in column 11, which has no HXL tag (tag it, or "
	                                 "empty the column)");
	/* the mapping's refusal, traced to its column */
	HR_CHECK_STR_EQ(g.ref[1].field, "condition");
	HR_CHECK_INT_EQ(g.ref[1].line, 6);
	HR_CHECK_INT_EQ(g.ref[1].column, 8);
	HR_CHECK_STR_EQ(g.ref[2].reason, "lon without lat: give both, or neither");
	HR_CHECK_INT_EQ(g.ref[2].column, 5);
	HR_CHECK_STR_EQ(g.ref[3].reason, "this row has 12 fields, the header row 11");
	HR_CHECK_STR_EQ(g.ref[3].id, "I-6");
	HR_CHECK_INT_EQ(g.ref[3].index, 5);
	got_free(&g);

	/* tags only, typed cells */
	read_all("#meta+kind,#meta+id,#org+impl,#date+reported,#geo+coord,#date+occurred,"
	         "#event+demining,#affected+killed\n"
	         "accident,A-1,O,2025-01-01,\"49.1, 36.1\",2025-01-01T10:00:00+02:00,так,0\n"
	         "accident,A-2,O,2025-01-01,\"49.1, 36.1\",2025-01-01,maybe,0\n"
	         "accident,A-3,O,2025-01-01,\"49.1, 36.1\",2025-01-01,no,-1\n"
	         "accident,A-4,O,2025-01-01,\"49.1, 36.1\",2025-01-01,no,1.5\n",
	         &g);
	HR_CHECK_INT_EQ(g.nrec, 1);
	HR_CHECK_INT_EQ(g.nref, 3);
	HR_CHECK_STR_EQ(g.ref[0].reason,
	                "expected true or false (yes/no, 1/0, так/ні), not \"maybe\"");
	HR_CHECK_INT_EQ(g.ref[0].column, 7);
	HR_CHECK_STR_EQ(g.ref[1].field, "killed");
	HR_CHECK_STR_EQ(g.ref[2].reason, "expected an integer, not \"1.5\"");
	got_free(&g);

	/* the header's own faults */
	read_all("", &g);
	HR_CHECK_INT_EQ(g.end_rc, HR_EINVAL);
	HR_CHECK_STR_EQ(g.fatal.reason,
	                "no header row: a CSV file starts with a row of column names or HXL tags");
	read_all("id,org,#meta+id\n", &g);
	HR_CHECK_INT_EQ(g.end_rc, HR_EINVAL);
	read_all("#meta+id,#adm1+code,#adm1+code\nX,A,B\n", &g);
	HR_CHECK_INT_EQ(g.end_rc, HR_EINVAL);
	HR_CHECK_STR_EQ(g.fatal.reason,
	                "columns 2 (#adm1+code) and 3 (#adm1+code) both give pcode");
	read_all("id,wkt,geometry\n", &g);
	HR_CHECK_INT_EQ(g.end_rc, HR_EINVAL);
	HR_CHECK_INT_EQ(g.fatal.column, 3);
}

/* Every allocation failing in turn. */
static void test_alloc_fail(void)
{
	const char *csv = "kind,id,org,date_of_information,lon,lat,category,condition\n"
	                  "item,I-1,O,2025-01-01,36.1,49.1,uxo,live\n"
	                  "item,I-2,O,2025-01-01,36.1,49.1,uxo,gone\n";
	int ok = 0;
	for (long k = 1; k < 400; k++) {
		got g;
		hr__alloc_fail_after(k);
		read_all(csv, &g);
		hr__alloc_fail_after(0);
		HR_CHECK(g.end_rc == 0 || g.end_rc == HR_ENOMEM);
		if (g.end_rc == 0 && g.nrec == 1 && g.nref == 1)
			ok++;
		got_free(&g);
	}
	HR_CHECK(ok > 0);
}

int main(void)
{
	const char *s = getenv("HR_SRC");
	if (s)
		snprintf(src_dir, sizeof src_dir, "%s", s);
	test_table();
	test_tags();
	test_same_as_geojson();
	test_headers_and_refusals();
	test_alloc_fail();
	return HR_TEST_DONE();
}
