/*
 * fuzz_record.c - fuzz target for the canonical record decoder: whatever
 * decodes must encode back to the very same bytes, and validating it must
 * not crash.
 */
#include <stdlib.h>
#include <string.h>

#include "hazreg/hazreg.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	hr_record *rec = NULL;
	unsigned char *again = NULL;
	size_t len = 0;
	char err[256];
	if (hr_record_decode(&rec, data, size, err, sizeof err) != 0)
		return 0;
	if (hr_record_encode(&again, &len, rec) != 0 || len != size || memcmp(again, data, size) != 0)
		abort(); /* decode then encode must give the same bytes */
	(void)hr_record_validate(rec, err, sizeof err);
	hr_free(again);
	hr_record_free(rec);
	return 0;
}
