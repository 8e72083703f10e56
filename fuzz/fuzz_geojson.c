/*
 * fuzz_geojson.c - fuzz target for the GeoJSON reader: any bytes, as a
 * FeatureCollection, a bare Feature or an RFC 8142 sequence, drained
 * feature by feature. Besides memory errors it checks the reader's
 * promises: a refusal always says why, an accepted record validates and
 * its canonical bytes decode back to the same bytes, and the outcome does
 * not depend on how the input is cut into chunks (the input is read once
 * in 64 KiB chunks and once in chunks of a few bytes, and both readings
 * must give the same records, refusals and fatal error, word for word,
 * except the line and column of a syntax error: yajl's error offset may
 * move by a byte when the bad token straddles two chunks).
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
	fprintf(stderr, "fuzz_geojson: %s: %s\n", what, detail);
	abort();
}


static uint64_t fnv(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* A record as text, leaving out the random salts of private fields. */
static void describe(hr_buf *log, const hr_record *rec)
{
	hr_buf_printf(log, "record kind %d:", (int)rec->kind);
	for (size_t i = 0; i < rec->n; i++) {
		const hr_value *v = &rec->v[i];
		hr_buf_printf(log, " %d/%d=", v->tag, v->type);
		switch (v->type) {
		case HR_FT_TEXT:
		case HR_FT_ENUM:
			hr_buf_json_str(log, v->u.text);
			break;
		case HR_FT_INT:
		case HR_FT_BOOL:
		case HR_FT_TIME:
			hr_buf_printf(log, "%lld", (long long)v->u.i);
			break;
		case HR_FT_REAL:
			hr_buf_printf(log, "%a", v->u.r);
			break;
		case HR_FT_GEOM:
			hr_buf_printf(log, "%zu:%llx", v->u.geom.len,
			              (unsigned long long)fnv(v->u.geom.wkb, v->u.geom.len));
			break;
		case HR_FT_CONTAM:
			hr_buf_json_str(log, v->u.contam.device_class);
			hr_buf_printf(log, ",%lld,%d,%lld,%lld", (long long)v->u.contam.count,
			              v->u.contam.confirmed, (long long)v->u.contam.emplaced_earliest,
			              (long long)v->u.contam.emplaced_latest);
			break;
		case HR_FT_PRIVATE:
			hr_buf_json_str(log, v->u.priv.value);
			break;
		default:
			break;
		}
	}
	hr_buf_putc(log, '\n');
}

/* Drain a reader over data, cut in chunks of `chunk` bytes, into a log. */
static void drain(hr_buf *log, const uint8_t *data, size_t size, size_t chunk, int check)
{
	hr_reader *rd = NULL;
	char err[256];
	uint64_t done = 0, total = 0;
	int rc;
	if (hr_reader__geojson_mem(&rd, data, size, chunk, err, sizeof err) != 0)
		fail("cannot open a reader", err);
	for (;;) {
		hr_record *rec = NULL;
		hr_read_error e;
		rc = rd->next(rd, &rec, &e);
		if (rc < 0) {
			if (e.reason[0] == '\0')
				fail("fatal error without a reason", "");
			hr_buf_printf(log, "fatal %d at %llu [%s] %s\n", rc, (unsigned long long)e.index,
			              e.field, e.reason);
			break;
		}
		if (rc == 0)
			break;
		if (!rd->raw(rd))
			fail("raw() gave NULL", "");
		if (rec) {
			if (check)
				fuzz_check_record("fuzz_geojson", rec);
			describe(log, rec);
			hr_record_free(rec);
		} else {
			if (e.reason[0] == '\0')
				fail("refusal without a reason", e.field);
			hr_buf_printf(log, "refused %llu [%s] [%s] %s\n", (unsigned long long)e.index,
			              e.id, e.field, e.reason);
		}
	}
	rd->progress(rd, &done, &total);
	if (total != size || done > total)
		fail("progress out of range", "");
	rd->close(rd);
}

/* Replace the numbers after "line " and "column " by one '#'. */
static void mask_positions(hr_buf *log)
{
	char *in, *out;
	if (!log->p)
		return;
	in = out = (char *)log->p;
	while (*in) {
		/* look back in what was written: words are copied as they are */
		size_t done = (size_t)(out - (char *)log->p);
		int after_word = (done >= 5 && strncmp(out - 5, "line ", 5) == 0) ||
		                 (done >= 7 && strncmp(out - 7, "column ", 7) == 0);
		if (after_word && *in >= '0' && *in <= '9') {
			while (*in >= '0' && *in <= '9')
				in++;
			*out++ = '#';
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
	log->len = (size_t)(out - (char *)log->p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hr_buf whole = {0}, pieces = {0};
	drain(&whole, data, size, 0, 1);
	drain(&pieces, data, size, 4 + size % 61, 0);
	if (whole.oom || pieces.oom)
		fail("out of memory", "");
	mask_positions(&whole);
	mask_positions(&pieces);
	if (whole.len != pieces.len || (whole.len && memcmp(whole.p, pieces.p, whole.len) != 0)) {
		fprintf(stderr, "--- 64 KiB chunks:\n%s--- %zu-byte chunks:\n%s",
		        whole.p ? (char *)whole.p : "", 4 + size % 61,
		        pieces.p ? (char *)pieces.p : "");
		fail("outcome depends on the chunk size", "");
	}
	hr_buf_free(&whole);
	hr_buf_free(&pieces);
	return 0;
}
