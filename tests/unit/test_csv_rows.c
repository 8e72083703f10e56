/*
 * test_csv_rows.c - the CSV row layer (src/formats/csv_rows.c): fields with
 * their bytes kept exactly, the line each starts on, the delimiter chosen
 * from the header line, BOM, CRLF, quoted line ends, strict quoting with the
 * place of the fault, rows longer than the header, files read in chunks,
 * and failing allocations.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

/* All rows of `text` joined as "f1|f2|...@line" per row, "\n" between rows. */
static int rows_of(const char *text, size_t len, char delim, char *out, size_t outlen,
                   hr_read_error *err, char *got_delim)
{
	hr_csv *c = NULL;
	const hr_csv_row *row;
	size_t n = 0;
	int rc;

	out[0] = '\0';
	if ((rc = hr_csv__open_mem(&c, (const unsigned char *)text, len, delim)) != 0)
		return rc;
	while ((rc = hr_csv__next(c, &row, err)) == 1) {
		for (size_t i = 0; i < row->nfields; i++)
			n += (size_t)snprintf(out + n, outlen - n, "%s%s@%llu", i ? "|" : "",
			                      row->field[i], (unsigned long long)row->line[i]);
		n += (size_t)snprintf(out + n, outlen - n, "\n");
	}
	if (got_delim)
		*got_delim = hr_csv__delim(c);
	hr_csv__close(c);
	return rc;
}

static void test_basic(void)
{
	char out[1024], d = 0;
	hr_read_error e;
	/* BOM, CRLF, a quoted line end, a doubled quote, spaces kept, a blank line */
	const char *t = "\xEF\xBB\xBFid,name,note\r\n"
	                "a1, x ,\"line one\r\nline \"\"two\"\"\"\r\n"
	                "\r\n"
	                "a2,,\n"
	                "a3";
	HR_CHECK_INT_EQ(rows_of(t, strlen(t), 0, out, sizeof out, &e, &d), 0);
	HR_CHECK_STR_EQ(out, "id@1|name@1|note@1\n"
	                     "a1@2| x @2|line one\r\nline \"two\"@2\n"
	                     "a2@5|@5|@5\n"
	                     "a3@6\n");
	HR_CHECK_INT_EQ(d, ',');
}

static void test_delimiters(void)
{
	char out[1024], d = 0;
	hr_read_error e;
	/* a spreadsheet in Ukrainian: ';' outside quotes wins over the commas inside */
	const char *t = "\xEF\xBB\xBF\"назва, повна\";статус;\"a,b,c\"\n"
	                "Поле біля школи;cancelled;1,5\n";
	HR_CHECK_INT_EQ(rows_of(t, strlen(t), 0, out, sizeof out, &e, &d), 0);
	HR_CHECK_INT_EQ(d, ';');
	HR_CHECK_STR_EQ(out, "назва, повна@1|статус@1|a,b,c@1\nПоле біля школи@2|cancelled@2|1,5@2\n");
	t = "a\tb,c\td\n1\t2,3\t4\n";
	HR_CHECK_INT_EQ(rows_of(t, strlen(t), 0, out, sizeof out, &e, &d), 0);
	HR_CHECK_INT_EQ(d, '\t');
	HR_CHECK_STR_EQ(out, "a@1|b,c@1|d@1\n1@2|2,3@2|4@2\n");
	/* given: no guess */
	t = "a;b,c\n";
	HR_CHECK_INT_EQ(rows_of(t, strlen(t), ',', out, sizeof out, &e, &d), 0);
	HR_CHECK_STR_EQ(out, "a;b@1|c@1\n");
	/* one column: ',' */
	t = "only\nx\n";
	HR_CHECK_INT_EQ(rows_of(t, strlen(t), 0, out, sizeof out, &e, &d), 0);
	HR_CHECK_INT_EQ(d, ',');
	HR_CHECK_INT_EQ(hr_csv__open_mem(&(hr_csv *){NULL}, (const unsigned char *)"", 0, '|'),
	                HR_EINVAL);
	/* empty input, BOM only */
	HR_CHECK_INT_EQ(rows_of("", 0, 0, out, sizeof out, &e, NULL), 0);
	HR_CHECK_STR_EQ(out, "");
	HR_CHECK_INT_EQ(rows_of("\xEF\xBB\xBF", 3, 0, out, sizeof out, &e, NULL), 0);
	HR_CHECK_STR_EQ(out, "");
}

static void test_broken_quotes(void)
{
	char out[1024];
	hr_read_error e;
	const char *t = "a,b,c\n1,2,3\n4,x\"y,6\n";
	HR_CHECK_INT_EQ(rows_of(t, strlen(t), 0, out, sizeof out, &e, NULL), HR_EINVAL);
	HR_CHECK_INT_EQ(e.line, 3);
	HR_CHECK_INT_EQ(e.column, 2);
	HR_CHECK_INT_EQ(e.index, 2);
	HR_CHECK_STR_EQ(e.reason, "a '\"' inside a field that does not start with one, at "
	                          "character 4 (a field holding '\"' is quoted whole and each "
	                          "'\"' in it written twice)");
	t = "a,b\n\"x\ny\"z,2\n";
	HR_CHECK_INT_EQ(rows_of(t, strlen(t), 0, out, sizeof out, &e, NULL), HR_EINVAL);
	HR_CHECK_INT_EQ(e.line, 3);
	HR_CHECK_INT_EQ(e.column, 1);
	HR_CHECK_STR_EQ(e.reason, "text after the closing quote of a quoted field, at character 3 "
	                          "(a '\"' inside a quoted field is written twice)");
	t = "a,b\n1,\"open\nstill open\n";
	HR_CHECK_INT_EQ(rows_of(t, strlen(t), 0, out, sizeof out, &e, NULL), HR_EINVAL);
	HR_CHECK_INT_EQ(e.line, 2);
	HR_CHECK_INT_EQ(e.column, 2);
	HR_CHECK_STR_EQ(e.reason, "a quoted field starting at character 3 is never closed");
}

static void test_too_many_fields(void)
{
	hr_csv *c = NULL;
	const hr_csv_row *row;
	hr_read_error e;
	const char *t = "a,b\n1,2\n3,4,5\n6\n";
	HR_CHECK_INT_EQ(hr_csv__open_mem(&c, (const unsigned char *)t, strlen(t), 0), 0);
	HR_CHECK_INT_EQ(hr_csv__next(c, &row, &e), 1);
	HR_CHECK_INT_EQ(hr_csv__next(c, &row, &e), 1);
	HR_CHECK_STR_EQ(hr_csv__raw(c), "1,2");
	HR_CHECK_INT_EQ(hr_csv__next(c, &row, &e), HR_EVALIDATE);
	HR_CHECK_INT_EQ(e.line, 3);
	HR_CHECK_INT_EQ(e.column, 3);
	HR_CHECK_INT_EQ(e.index, 2);
	HR_CHECK_STR_EQ(e.reason, "this row has 3 fields, the header row 2");
	HR_CHECK_STR_EQ(hr_csv__raw(c), "3,4,5");
	/* reading goes on; fewer fields than the header are taken */
	HR_CHECK_INT_EQ(hr_csv__next(c, &row, &e), 1);
	HR_CHECK_INT_EQ(row->nfields, 1);
	HR_CHECK_INT_EQ(row->index, 3);
	HR_CHECK_INT_EQ(row->first_line, 4);
	HR_CHECK_INT_EQ(hr_csv__next(c, &row, &e), 0);
	HR_CHECK_INT_EQ(hr_csv__next(c, &row, &e), 0);
	hr_csv__close(c);
}

static void test_nul_and_cr(void)
{
	char out[256];
	hr_read_error e;
	hr_csv *c = NULL;
	const hr_csv_row *row;
	static const char t[] = "a,b\rx\0y,2\r";
	HR_CHECK_INT_EQ(hr_csv__open_mem(&c, (const unsigned char *)t, sizeof t - 1, 0), 0);
	HR_CHECK_INT_EQ(hr_csv__next(c, &row, &e), 1);
	HR_CHECK_INT_EQ(hr_csv__next(c, &row, &e), 1);
	HR_CHECK_INT_EQ(row->len[0], 3);
	HR_CHECK(memcmp(row->field[0], "x\0y", 4) == 0);
	HR_CHECK_INT_EQ(row->line[1], 2);
	hr_csv__close(c);
	HR_CHECK_INT_EQ(rows_of("x\r\r\ny", 5, 0, out, sizeof out, &e, NULL), 0);
	HR_CHECK_STR_EQ(out, "x@1\ny@3\n");
}

/* A file read in chunks, with a header line longer than one chunk. */
static void test_file(void)
{
	size_t ncol = 4000, n = 0;
	char *t = malloc(ncol * 24 + 64);
	FILE *fp = tmpfile();
	hr_csv *c = NULL;
	const hr_csv_row *row;
	hr_read_error e;
	int rows = 0;

	HR_CHECK(t && fp);
	if (!t || !fp)
		return;
	n += (size_t)sprintf(t, "\xEF\xBB\xBF");
	for (size_t i = 0; i < ncol; i++)
		n += (size_t)sprintf(t + n, "%scolumn_name_%05zu", i ? "\t" : "", i);
	n += (size_t)sprintf(t + n, "\n1,5\t\"two\nlines\"\n");
	fwrite(t, 1, n, fp);
	rewind(fp);
	HR_CHECK_INT_EQ(hr_csv__open_file(&c, fp, 1, n, 0), 0);
	while (hr_csv__next(c, &row, &e) == 1) {
		if (rows == 0) {
			HR_CHECK_INT_EQ(row->nfields, ncol);
			HR_CHECK_STR_EQ(row->field[0], "column_name_00000");
		} else {
			HR_CHECK_INT_EQ(row->nfields, 2);
			HR_CHECK_STR_EQ(row->field[0], "1,5");
			HR_CHECK_STR_EQ(row->field[1], "two\nlines");
			HR_CHECK_INT_EQ(row->line[1], 2);
		}
		rows++;
	}
	HR_CHECK_INT_EQ(rows, 2);
	HR_CHECK(n > 65536);
	HR_CHECK_INT_EQ(hr_csv__delim(c), '\t');
	hr_csv__close(c);
	free(t);
}

/* Every allocation failing in turn: an error or the right rows, never a crash or leak. */
static void test_alloc_fail(void)
{
	const char *t = "id;name\n1;\"a\nb\"\n2;c\n";
	char out[256];
	hr_read_error e;
	int ok = 0;
	for (long k = 1; k < 60; k++) {
		hr__alloc_fail_after(k);
		int rc = rows_of(t, strlen(t), 0, out, sizeof out, &e, NULL);
		hr__alloc_fail_after(0);
		HR_CHECK(rc == 0 || rc == HR_ENOMEM);
		if (rc == 0) {
			HR_CHECK_STR_EQ(out, "id@1|name@1\n1@2|a\nb@2\n2@4|c@4\n");
			ok++;
		}
	}
	HR_CHECK(ok > 0);
}

int main(void)
{
	test_basic();
	test_delimiters();
	test_broken_quotes();
	test_too_many_fields();
	test_nul_and_cr();
	test_file();
	test_alloc_fail();
	return HR_TEST_DONE();
}
