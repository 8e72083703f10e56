/*
 * csv_rows.c - the CSV row layer under every reader of delimited text (the
 * CSV/HXL reader, field-form submissions): bytes in, one row of fields at
 * a time out, each field with the line it starts on and its number.
 *
 * libcsv does the quoting, in strict mode: a '"' inside a field that does
 * not start with one, text after a closing quote, and a quoted field left
 * open at the end of the input are errors. It does not say where a field
 * starts, so the bytes are handed to it one at a time and the position of
 * each field's first byte is noted here (a field ends inside libcsv's
 * callback; the next byte that is not a blank line between rows starts the
 * next one). Fields keep their bytes exactly: no space is trimmed.
 *
 * Before the first row: a UTF-8 byte order mark is dropped, and unless the
 * caller names the delimiter it is chosen from the header line (up to the
 * first line end outside quotes): the most frequent of ',' ';' and tab
 * outside quotes, ',' on a tie or when there is none. The header row sets
 * how many fields a row may have; a row with more is refused (not fatal:
 * the caller may go on to the next). Blank lines between rows are skipped.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <csv.h>

#define CHUNK (64 * 1024)
/* No row of a register's layer has this many fields; a file that does is
 * not one, and the bound keeps memory in proportion. */
#define MAX_FIELDS 4096

struct hr_csv {
	/* input: a FILE or bytes in memory */
	FILE *fp;
	int owns_fp;
	const unsigned char *mem;
	size_t memlen;
	uint64_t total, done;
	unsigned char *chunk;
	hr_buf head; /* bytes read while looking for the header line's end */
	const unsigned char *p;
	size_t n, pos; /* the bytes being parsed and the next one */
	int head_used, eof, finished;

	struct csv_parser csv;
	int csv_ok;
	char delim;
	int sniffed;

	/* position of the next byte: line and character (not byte) on it */
	uint64_t line, col;
	int prev_cr;

	/* the row being built */
	hr_buf text;    /* the fields' bytes, each followed by a NUL */
	size_t nf, cap; /* fields so far and room */
	size_t *off;
	size_t *len;
	uint64_t *fline;
	int at_field, at_row; /* the next byte starts a field, a row */
	uint64_t fstart_line, fstart_col;
	int fquoted; /* the current field starts with '"' */
	int row_done;
	uint64_t row_line;
	hr_buf raw;
	int cb_oom;

	size_t header_n; /* fields of the header row (0 before it) */
	uint64_t nrows;
	hr_csv_row row;
	char **fields;
	size_t fields_cap;

	int fatal_rc;
	hr_read_error fatal;
};

static void *csv_realloc(void *p, size_t n)
{
	return hr__realloc(p, n);
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void set_err(hr_read_error *e, uint64_t index, uint64_t line, uint32_t col, const char *fmt,
                    ...) __attribute__((format(printf, 5, 6)));
static void set_err(hr_read_error *e, uint64_t index, uint64_t line, uint32_t col, const char *fmt,
                    ...)
{
	va_list ap;
	memset(e, 0, sizeof *e);
	e->index = index;
	e->line = line;
	e->column = col;
	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof e->reason, fmt, ap);
	va_end(ap);
}

static void cb_field(void *data, size_t n, void *ctx)
{
	hr_csv *c = ctx;
	if (c->nf == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		size_t *off = hr__realloc(c->off, cap * sizeof *off);
		size_t *len = off ? hr__realloc(c->len, cap * sizeof *len) : NULL;
		uint64_t *fl = len ? hr__realloc(c->fline, cap * sizeof *fl) : NULL;
		if (off)
			c->off = off;
		if (len)
			c->len = len;
		if (!fl) {
			c->cb_oom = 1;
			return;
		}
		c->fline = fl;
		c->cap = cap;
	}
	c->off[c->nf] = c->text.len;
	c->len[c->nf] = n;
	c->fline[c->nf] = c->fstart_line;
	if (hr_buf_put(&c->text, data ? data : "", n) != 0 || hr_buf_putc(&c->text, 0) != 0) {
		c->cb_oom = 1;
		return;
	}
	c->nf++;
	c->at_field = 1;
}

static void cb_row(int term, void *ctx)
{
	hr_csv *c = ctx;
	(void)term;
	c->row_done = 1;
	c->at_field = 1;
	c->at_row = 1;
}

/* The next chunk of input into c->p; 0, or HR_EIO. At the end c->eof is set. */
static int refill(hr_csv *c)
{
	size_t got;
	c->pos = c->n = 0;
	if (!c->head_used) {
		c->head_used = 1;
		if (c->head.len) {
			c->p = c->head.p;
			c->n = c->head.len;
			return 0;
		}
	}
	if (c->mem) {
		c->p = c->mem;
		c->n = c->memlen;
		c->mem = NULL;
		c->done += c->n;
		if (!c->n)
			c->eof = 1;
		return 0;
	}
	if (!c->fp) {
		c->eof = 1;
		return 0;
	}
	got = fread(c->chunk, 1, CHUNK, c->fp);
	if (got == 0) {
		if (ferror(c->fp))
			return HR_EIO;
		c->eof = 1;
		return 0;
	}
	c->p = c->chunk;
	c->n = got;
	c->done += got;
	return 0;
}

/* Read one more chunk of a file into c->head: 1, 0 at the end, or HR_E*. */
static int head_more(hr_csv *c)
{
	size_t got = fread(c->chunk, 1, CHUNK, c->fp);
	if (got == 0)
		return ferror(c->fp) ? HR_EIO : 0;
	c->done += got;
	return hr_buf_put(&c->head, c->chunk, got) != 0 ? HR_ENOMEM : 1;
}

/*
 * Drop a BOM and, unless the delimiter was given, choose it from the header
 * line. Memory is scanned in place; a file is read into c->head until the
 * header line ends (outside quotes) or the file does, and parsing starts
 * with those bytes.
 */
static int sniff(hr_csv *c)
{
	static const char cand[3] = {',', ';', '\t'};
	size_t count[3] = {0, 0, 0}, i, n;
	const unsigned char *p;
	int inq = 0, rc = 1;

	if (c->mem) {
		if (c->memlen >= 3 && memcmp(c->mem, "\xEF\xBB\xBF", 3) == 0) {
			c->mem += 3;
			c->memlen -= 3;
		}
		c->head_used = 1; /* refill() serves the memory */
	} else {
		while (c->head.len < 3 && (rc = head_more(c)) > 0)
			;
		if (rc < 0)
			return rc;
		if (c->head.len >= 3 && memcmp(c->head.p, "\xEF\xBB\xBF", 3) == 0) {
			memmove(c->head.p, c->head.p + 3, c->head.len - 3);
			c->head.len -= 3;
		}
	}
	for (i = 0;; i++) {
		unsigned char b;
		if (c->mem) {
			p = c->mem;
			n = c->memlen;
		} else {
			if (i == c->head.len && rc > 0 && (rc = head_more(c)) < 0)
				return rc;
			p = c->head.p;
			n = c->head.len;
		}
		if (i >= n)
			break;
		b = p[i];
		if (b == '"')
			inq = !inq;
		else if (!inq && (b == '\n' || b == '\r'))
			break;
		else if (!inq)
			for (int k = 0; k < 3; k++)
				count[k] += b == (unsigned char)cand[k];
	}
	if (!c->delim) {
		int best = 0;
		for (int k = 1; k < 3; k++)
			if (count[k] > count[best])
				best = k;
		c->delim = cand[best];
	}
	csv_set_delim(&c->csv, (unsigned char)c->delim);
	c->sniffed = 1;
	return 0;
}

/* The row just ended, as pointers for the caller. */
static int publish(hr_csv *c)
{
	if (c->fields_cap < c->nf + 1) {
		size_t cap = c->nf + 1;
		char **f = hr__realloc(c->fields, cap * sizeof *f);
		if (!f)
			return HR_ENOMEM;
		c->fields = f;
		c->fields_cap = cap;
	}
	for (size_t i = 0; i < c->nf; i++)
		c->fields[i] = (char *)c->text.p + c->off[i];
	c->fields[c->nf] = NULL;
	c->row.nfields = c->nf;
	c->row.field = c->fields;
	c->row.len = c->len;
	c->row.line = c->fline;
	c->row.index = c->nrows++;
	c->row.first_line = c->row_line;
	/* the raw text without the line end */
	while (c->raw.len && (c->raw.p[c->raw.len - 1] == '\n' || c->raw.p[c->raw.len - 1] == '\r'))
		c->raw.len--;
	if (hr_buf_putc(&c->raw, 0) != 0)
		return HR_ENOMEM;
	c->raw.len--;
	return 0;
}

static int fail(hr_csv *c, int rc)
{
	c->fatal_rc = rc;
	if (rc == HR_ENOMEM && !c->fatal.reason[0])
		set_err(&c->fatal, c->nrows, c->line, 0, "out of memory");
	return rc;
}

/* A strict-mode refusal by libcsv at the byte just fed. */
static int syntax_error(hr_csv *c)
{
	uint32_t fieldno = (uint32_t)c->nf + 1;
	if (c->fquoted)
		set_err(&c->fatal, c->nrows, c->line, fieldno,
		        "text after the closing quote of a quoted field, at character %llu "
		        "(a '\"' inside a quoted field is written twice)",
		        (unsigned long long)c->col);
	else
		set_err(&c->fatal, c->nrows, c->line, fieldno,
		        "a '\"' inside a field that does not start with one, at character %llu "
		        "(a field holding '\"' is quoted whole and each '\"' in it written twice)",
		        (unsigned long long)c->col);
	return fail(c, HR_EINVAL);
}

/* Feed one byte: note where a field starts, keep the raw row, move the position. */
static int feed(hr_csv *c, unsigned char b)
{
	if (c->at_field && !(c->at_row && (b == '\r' || b == '\n'))) {
		if (c->at_row) {
			c->row_line = c->line;
			c->raw.len = 0;
			c->at_row = 0;
		}
		c->at_field = 0;
		c->fstart_line = c->line;
		c->fstart_col = c->col;
		c->fquoted = b == '"';
	}
	if (!c->at_row && hr_buf_putc(&c->raw, b) != 0)
		return fail(c, HR_ENOMEM);
	if (csv_parse(&c->csv, &b, 1, cb_field, cb_row, c) != 1) {
		if (csv_error(&c->csv) == CSV_EPARSE)
			return syntax_error(c);
		if (csv_error(&c->csv) == CSV_ENOMEM)
			return fail(c, HR_ENOMEM);
		set_err(&c->fatal, c->nrows, c->line, (uint32_t)c->nf + 1, "%s",
		        csv_strerror(csv_error(&c->csv)));
		return fail(c, HR_EINVAL);
	}
	if (c->cb_oom)
		return fail(c, HR_ENOMEM);
	if (c->nf > MAX_FIELDS) {
		set_err(&c->fatal, c->nrows, c->line, (uint32_t)c->nf,
		        "more than %d fields in a row", MAX_FIELDS);
		return fail(c, HR_EINVAL);
	}
	/* the position of the next byte */
	if (b == '\n') {
		if (!c->prev_cr)
			c->line++;
		c->col = 1;
	} else if (b == '\r') {
		c->line++;
		c->col = 1;
	} else if ((b & 0xC0) != 0x80) {
		c->col++;
	}
	c->prev_cr = b == '\r';
	return 0;
}

int hr_csv__next(hr_csv *c, const hr_csv_row **row, hr_read_error *err)
{
	int rc;
	*row = NULL;
	if (c->fatal_rc)
		goto fatal;
	if (c->finished)
		return 0;
	if (!c->sniffed && (rc = sniff(c)) != 0) {
		if (rc == HR_EIO)
			set_err(&c->fatal, 0, 0, 0, "read failed: %s", strerror(errno));
		fail(c, rc);
		goto fatal;
	}
	c->nf = 0;
	c->text.len = 0;
	c->row_done = 0;
	while (!c->row_done) {
		if (c->pos == c->n) {
			if (c->eof) {
				/* the last row may end without a line end */
				if (csv_fini(&c->csv, cb_field, cb_row, c) != 0) {
					set_err(&c->fatal, c->nrows, c->fstart_line, (uint32_t)c->nf + 1,
					        "a quoted field starting at character %llu is never "
					        "closed",
					        (unsigned long long)c->fstart_col);
					fail(c, HR_EINVAL);
					goto fatal;
				}
				if (c->cb_oom) {
					fail(c, HR_ENOMEM);
					goto fatal;
				}
				if (!c->row_done) {
					c->finished = 1;
					return 0;
				}
				break;
			}
			if ((rc = refill(c)) != 0) {
				set_err(&c->fatal, c->nrows, c->line, 0, "read failed: %s",
				        strerror(errno));
				fail(c, rc);
				goto fatal;
			}
			continue;
		}
		if (feed(c, c->p[c->pos++]) != 0)
			goto fatal;
	}
	if ((rc = publish(c)) != 0) {
		fail(c, rc);
		goto fatal;
	}
	*row = &c->row;
	if (!c->header_n) {
		c->header_n = c->nf;
	} else if (c->nf > c->header_n) {
		set_err(err, c->row.index, c->fline[c->header_n], (uint32_t)c->header_n + 1,
		        "this row has %zu fields, the header row %zu", c->nf, c->header_n);
		return HR_EVALIDATE;
	}
	return 1;
fatal:
	*err = c->fatal;
	return c->fatal_rc;
}

char hr_csv__delim(const hr_csv *c)
{
	return c->delim;
}

const char *hr_csv__raw(const hr_csv *c)
{
	return c->row.field && c->raw.p ? (const char *)c->raw.p : "";
}

void hr_csv__progress(const hr_csv *c, uint64_t *done, uint64_t *total)
{
	if (done)
		*done = c->done;
	if (total)
		*total = c->total;
}

static int csv_new(hr_csv **out, char delim)
{
	hr_csv *c;
	*out = NULL;
	if (delim && delim != ',' && delim != ';' && delim != '\t')
		return HR_EINVAL;
	if (!(c = hr__calloc(1, sizeof *c)))
		return HR_ENOMEM;
	if (csv_init(&c->csv, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		hr_free(c);
		return HR_ENOMEM;
	}
	c->csv_ok = 1;
	csv_set_realloc_func(&c->csv, csv_realloc);
	csv_set_free_func(&c->csv, hr_free);
	csv_set_space_func(&c->csv, no_space);
	c->delim = delim;
	c->line = c->col = 1;
	c->at_field = c->at_row = 1;
	*out = c;
	return 0;
}

int hr_csv__open_file(hr_csv **out, FILE *fp, int owns, uint64_t total, char delim)
{
	int rc;
	if (!out || !fp)
		return HR_EINVAL;
	if ((rc = csv_new(out, delim)) != 0)
		return rc;
	if (!((*out)->chunk = hr__malloc(CHUNK))) {
		hr_csv__close(*out);
		*out = NULL;
		return HR_ENOMEM;
	}
	(*out)->fp = fp;
	(*out)->owns_fp = owns;
	(*out)->total = total;
	return 0;
}

int hr_csv__open_mem(hr_csv **out, const unsigned char *data, size_t len, char delim)
{
	int rc;
	if (!out || (!data && len))
		return HR_EINVAL;
	if ((rc = csv_new(out, delim)) != 0)
		return rc;
	(*out)->mem = data ? data : (const unsigned char *)"";
	(*out)->memlen = len;
	(*out)->total = len;
	return 0;
}

void hr_csv__close(hr_csv *c)
{
	if (!c)
		return;
	if (c->csv_ok)
		csv_free(&c->csv);
	if (c->fp && c->owns_fp)
		fclose(c->fp);
	hr_free(c->chunk);
	hr_buf_free(&c->head);
	hr_buf_free(&c->text);
	hr_buf_free(&c->raw);
	hr_free(c->off);
	hr_free(c->len);
	hr_free(c->fline);
	hr_free(c->fields);
	hr_free(c);
}
