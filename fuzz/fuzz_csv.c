/*
 * fuzz_csv.c - fuzz target for the CSV row layer (csv_rows.c) and the CSV
 * reader (csv_read.c) over any bytes. Besides memory errors it checks their
 * promises: the rows read from memory and from a file (read in chunks, the
 * header line gathered across them) are the same; fields are NUL-terminated
 * with their lengths, lines never go back; rows written again with every
 * field quoted (RFC 4180) read back to the same fields; every refusal and
 * fatal error says why; an accepted record validates and its canonical
 * bytes decode back to the same bytes.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include "record_check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_csv: %s: %s\n", what, detail);
	abort();
}

/* Every row as text (fields with lengths and lines) into log, and, when
 * `again` is given, written again with every field quoted. @return the end code */
static int rows(hr_buf *log, hr_csv *c, hr_buf *again)
{
	const hr_csv_row *row;
	hr_read_error e;
	uint64_t last = 0;
	int rc;
	while ((rc = hr_csv__next(c, &row, &e)) == 1 || rc == HR_EVALIDATE) {
		if (rc == HR_EVALIDATE && !e.reason[0])
			fail("long row refused without a reason", "");
		if (row->nfields == 0)
			fail("a row without fields", "");
		if (row->first_line < last)
			fail("lines go back", "");
		last = row->first_line;
		hr_buf_printf(log, "row %llu@%llu:", (unsigned long long)row->index,
		              (unsigned long long)row->first_line);
		for (size_t i = 0; i < row->nfields; i++) {
			if (row->field[i][row->len[i]] != '\0')
				fail("a field without its NUL", "");
			if (row->line[i] < row->first_line || (i && row->line[i] < row->line[i - 1]))
				fail("a field starts before the one before it", "");
			hr_buf_printf(log, " %llu:%zu:", (unsigned long long)row->line[i], row->len[i]);
			hr_buf_put(log, row->field[i], row->len[i]);
			if (again) {
				if (i)
					hr_buf_putc(again, (unsigned char)hr_csv__delim(c));
				hr_buf_putc(again, '"');
				for (size_t k = 0; k < row->len[i]; k++) {
					if (row->field[i][k] == '"')
						hr_buf_putc(again, '"');
					hr_buf_putc(again, (unsigned char)row->field[i][k]);
				}
				hr_buf_putc(again, '"');
			}
		}
		if (again)
			hr_buf_put(again, "\r\n", 2);
		hr_buf_putc(log, '\n');
	}
	if (rc < 0 && !e.reason[0])
		fail("fatal error without a reason", "");
	if (rc < 0)
		hr_buf_printf(log, "fatal %d at line %llu, column %u: %s\n", rc,
		              (unsigned long long)e.line, e.column, e.reason);
	return rc;
}

/* Only the fields of a log, for comparing a reading with its rewriting. */
static void strip_lines(hr_buf *b)
{
	/* rewriting quotes every field and ends rows with CRLF: lines move */
	hr_buf out = {0};
	for (size_t i = 0; i < b->len; i++) {
		if (b->p[i] == '@' || (b->p[i] == ' ' && i + 1 < b->len && b->p[i + 1] >= '0' &&
		                       b->p[i + 1] <= '9')) {
			hr_buf_putc(&out, b->p[i]);
			i++;
			while (i < b->len && b->p[i] >= '0' && b->p[i] <= '9')
				i++;
			i--;
			continue;
		}
		hr_buf_putc(&out, b->p[i]);
	}
	hr_buf_free(b);
	*b = out;
}

static void check_rows(const uint8_t *data, size_t size)
{
	hr_buf mem = {0}, file = {0}, again = {0}, back = {0};
	hr_csv *c = NULL;
	FILE *fp;
	int rc_mem;
	char delim;

	if (hr_csv__open_mem(&c, data, size, 0) != 0)
		fail("cannot open the row layer", "memory");
	rc_mem = rows(&mem, c, &again);
	delim = hr_csv__delim(c);
	hr_csv__close(c);

	fp = size ? fmemopen((void *)data, size, "rb") : NULL;
	if (fp) {
		if (hr_csv__open_file(&c, fp, 1, size, 0) != 0)
			fail("cannot open the row layer", "file");
		rows(&file, c, NULL);
		hr_csv__close(c);
		if (mem.len != file.len || (mem.len && memcmp(mem.p, file.p, mem.len) != 0)) {
			fprintf(stderr, "--- memory:\n%.*s--- file:\n%.*s", (int)mem.len,
			        mem.p ? (char *)mem.p : "", (int)file.len, file.p ? (char *)file.p : "");
			fail("memory and file readings differ", "");
		}
	}
	/* a clean reading, written again quoted, reads back the same */
	if (rc_mem == 0 && again.len) {
		if (hr_csv__open_mem(&c, again.p, again.len, delim) != 0)
			fail("cannot open the row layer", "again");
		if (rows(&back, c, NULL) != 0)
			fail("the rows written again do not read", (char *)back.p);
		hr_csv__close(c);
		strip_lines(&mem);
		strip_lines(&back);
		if (mem.len != back.len || memcmp(mem.p, back.p, mem.len) != 0)
			fail("the rows written again read differently", "");
	}
	hr_buf_free(&mem);
	hr_buf_free(&file);
	hr_buf_free(&again);
	hr_buf_free(&back);
}


static void check_reader(const uint8_t *data, size_t size)
{
	hr_reader *rd = NULL;
	char err[256];
	if (hr_reader__csv_mem(&rd, data, size, err, sizeof err) != 0)
		fail("cannot open a reader", err);
	for (;;) {
		hr_record *rec = NULL;
		hr_read_error e;
		int rc = rd->next(rd, &rec, &e);
		if (rc < 0 && !e.reason[0])
			fail("fatal error without a reason", "");
		if (rc <= 0)
			break;
		if (!rd->raw(rd))
			fail("raw() gave NULL", "");
		if (rec) {
			fuzz_check_record("fuzz_csv", rec);
			hr_record_free(rec);
		} else if (!e.reason[0]) {
			fail("refusal without a reason", e.field);
		} else if (e.column && !e.line) {
			fail("a column without a line", e.reason);
		}
	}
	rd->close(rd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_rows(data, size);
	check_reader(data, size);
	return 0;
}
