/*
 * fuzz_time.c - fuzz target for hr_time_parse(): any bytes (not
 * NUL-terminated). Whatever parses must format and parse back to the same
 * moment, so that every time the register prints can be read again.
 */
#include "hazreg/hazreg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hr_time t, again;
	char buf[HR_TIME_BUFSZ];
	if (hr_time_parse(&t, (const char *)data, size) != 0)
		return 0;
	if (t == HR_TIME_NONE) {
		fprintf(stderr, "fuzz_time: parsed to HR_TIME_NONE: %.*s\n", (int)size, data);
		abort();
	}
	hr_time_format(buf, t);
	if (hr_time_parse(&again, buf, strlen(buf)) != 0 || again != t) {
		fprintf(stderr, "fuzz_time: \"%.*s\" -> %lld -> \"%s\" does not parse back\n", (int)size,
		        data, (long long)t, buf);
		abort();
	}
	return 0;
}
