/*
 * hazreg-forms.c - build the XLSForm workbooks of hazreg's field forms.
 *
 * A form's source is kept as three CSV files that a person can review in
 * git (forms/src/NAME/survey.csv, choices.csv, settings.csv: RFC 4180,
 * UTF-8, the first row naming the columns); this tool writes them as the
 * three sheets of NAME.xlsx, which KoBoToolbox and ODK Central take. The
 * build runs it for every form (build/forms/, see CMakeLists.txt).
 *
 * The same sources give the same bytes (the workbooks are committed under
 * forms/ too, and a test compares): the workbook's creation time is a
 * fixed date, and libxlsxwriter dates every file of the zip 1980-01-01.
 *
 * Usage: hazreg-forms SRC_DIR OUT.xlsx
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

static const char *const sheets[] = {"survey", "choices", "settings"};

/* The creation time every workbook carries: 2025-12-01. */
#define FIXED_CREATED 1764547200

/* A growing text buffer for one CSV field. */
typedef struct {
	char *s;
	size_t n, cap;
} field;

static int field_put(field *f, int c)
{
	if (f->n + 2 > f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 128;
		char *s = realloc(f->s, cap);
		if (!s)
			return -1;
		f->s = s;
		f->cap = cap;
	}
	f->s[f->n++] = (char)c;
	f->s[f->n] = '\0';
	return 0;
}

/*
 * Copy one CSV file into a worksheet, cell for cell. Fields may be quoted
 * ("" is a quote inside quotes) and then hold commas and line breaks.
 * @return 0, or -1 with the reason printed
 */
static int csv_sheet(lxw_worksheet *ws, const char *path)
{
	FILE *fp = fopen(path, "rb");
	field f = {0};
	lxw_row_t row = 0;
	lxw_col_t col = 0;
	unsigned long line = 1;
	int c, quoted = 0, was_quoted = 0, rc = -1;
	if (!fp) {
		fprintf(stderr, "hazreg-forms: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (field_put(&f, 'x'))
		goto done;
	f.n = 0;
	f.s[0] = '\0';
	while ((c = getc(fp)) != EOF) {
		if (quoted) {
			if (c == '"') {
				int d = getc(fp);
				if (d != '"') {
					quoted = 0;
					if (d != EOF)
						ungetc(d, fp);
					continue;
				}
			}
			if (c == '\n')
				line++;
			if (field_put(&f, c))
				goto done;
			continue;
		}
		if (c == '"' && f.n == 0 && !was_quoted) {
			quoted = was_quoted = 1;
		} else if (c == ',' || c == '\n') {
			if (f.n && worksheet_write_string(ws, row, col, f.s, NULL) != LXW_NO_ERROR) {
				fprintf(stderr, "hazreg-forms: %s: line %lu: cannot write the cell\n", path,
				        line);
				goto done;
			}
			f.n = 0;
			f.s[0] = '\0';
			was_quoted = 0;
			if (c == ',') {
				col++;
			} else {
				row++;
				col = 0;
				line++;
			}
		} else if (c != '\r') {
			if (was_quoted) {
				fprintf(stderr, "hazreg-forms: %s: line %lu: text after a closing quote\n",
				        path, line);
				goto done;
			}
			if (field_put(&f, c))
				goto done;
		}
	}
	if (quoted) {
		fprintf(stderr, "hazreg-forms: %s: a quoted field is not closed\n", path);
		goto done;
	}
	if (f.n && worksheet_write_string(ws, row, col, f.s, NULL) != LXW_NO_ERROR)
		goto done;
	rc = 0;
done:
	if (ferror(fp)) {
		fprintf(stderr, "hazreg-forms: cannot read %s\n", path);
		rc = -1;
	}
	fclose(fp);
	free(f.s);
	return rc;
}

int main(int argc, char **argv)
{
	lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_doc_properties props = {0};
	lxw_workbook *wb;
	lxw_error err;
	int rc = 0;
	if (argc != 3) {
		fprintf(stderr, "usage: hazreg-forms SRC_DIR OUT.xlsx\n");
		return 2;
	}
	wb = workbook_new_opt(argv[2], &opts);
	if (!wb) {
		fprintf(stderr, "hazreg-forms: cannot create %s\n", argv[2]);
		return 1;
	}
	props.created = (time_t)FIXED_CREATED;
	workbook_set_properties(wb, &props);
	for (size_t i = 0; i < sizeof sheets / sizeof sheets[0] && rc == 0; i++) {
		char path[4096];
		lxw_worksheet *ws = workbook_add_worksheet(wb, sheets[i]);
		snprintf(path, sizeof path, "%s/%s.csv", argv[1], sheets[i]);
		if (!ws || csv_sheet(ws, path))
			rc = 1;
	}
	err = workbook_close(wb);
	if (err != LXW_NO_ERROR) {
		fprintf(stderr, "hazreg-forms: cannot write %s: %s\n", argv[2], lxw_strerror(err));
		rc = 1;
	}
	if (rc)
		remove(argv[2]);
	return rc;
}
