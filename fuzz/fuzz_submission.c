/*
 * fuzz_submission.c - fuzz target for the field-form submission readers:
 * any bytes as a KoBoToolbox JSON export (kobo-json), and as an ODK Central
 * CSV export (odk-csv: the bytes up to the first form feed are the main
 * file, those after it the file of a repeat group "item"), each drained
 * record by record.
 * Besides memory errors it checks the reader's promises: an input that is
 * no export is refused with a reason; a refused submission always says
 * why; every accepted record validates; progress stays within the input.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_submission: %s: %s\n", what, detail);
	abort();
}

/* Drain a reader, holding it to its promises. */
static void drain(hr_reader *rd)
{
	uint64_t done = 0, total = 0;
	int rc;
	for (;;) {
		hr_record *rec = NULL;
		hr_read_error e;
		char msg[384] = "";
		rc = rd->next(rd, &rec, &e);
		if (rc < 0) {
			if (!e.reason[0])
				fail("fatal error without a reason", "");
			break;
		}
		if (rc == 0)
			break;
		if (!rd->raw(rd))
			fail("raw() gave NULL", "");
		if (!rec) {
			if (!e.reason[0])
				fail("refusal without a reason", e.field);
			continue;
		}
		if (hr_record_validate(rec, msg, sizeof msg) != 0)
			fail("accepted record does not validate", msg);
		hr_record_free(rec);
	}
	rd->progress(rd, &done, &total);
	if (done > total)
		fail("progress beyond the total", "");
	rd->close(rd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hr_reader *rd = NULL;
	const uint8_t *ff = size ? memchr(data, '\f', size) : NULL;
	char err[256] = "";
	if (hr_reader__kobo_mem(&rd, data, size, err, sizeof err) == 0)
		drain(rd);
	else if (!err[0])
		fail("kobo-json input refused without a reason", "");
	err[0] = '\0';
	if (hr_reader__odk_mem(&rd, data, ff ? (size_t)(ff - data) : size, ff ? "item" : NULL,
	                       ff ? ff + 1 : NULL, ff ? size - (size_t)(ff - data) - 1 : 0, err,
	                       sizeof err) == 0)
		drain(rd);
	else if (!err[0])
		fail("odk-csv input refused without a reason", "");
	return 0;
}
