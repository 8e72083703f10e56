/*
 * record_check.h - what every reader's fuzz target checks of an accepted
 * record: it validates, and encode -> decode -> encode gives the same
 * canonical bytes. Header-only; aborts (the fuzzer's finding) naming the
 * target.
 */
#ifndef HR_FUZZ_RECORD_CHECK_H
#define HR_FUZZ_RECORD_CHECK_H

#include "core/core_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fuzz_record_fail(const char *who, const char *what, const char *detail)
{
	fprintf(stderr, "%s: %s: %s\n", who, what, detail);
	abort();
}

static void fuzz_check_record(const char *who, const hr_record *rec)
{
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	hr_record *back = NULL;
	char msg[384] = "";
	if (hr_record_validate(rec, msg, sizeof msg) != 0)
		fuzz_record_fail(who, "accepted record does not validate", msg);
	if (hr_record_encode(&a, &alen, rec) != 0)
		fuzz_record_fail(who, "accepted record does not encode", "");
	if (hr_record_decode(&back, a, alen, msg, sizeof msg) != 0)
		fuzz_record_fail(who, "canonical bytes do not decode", msg);
	if (hr_record_encode(&b, &blen, back) != 0)
		fuzz_record_fail(who, "decoded record does not encode", "");
	if (alen != blen || memcmp(a, b, alen) != 0)
		fuzz_record_fail(who, "decode then encode changed the bytes", "");
	hr_record_free(back);
	hr_free(a);
	hr_free(b);
}

#endif
