/*
 * fuzz_ogc_params.c - fuzz target for the OGC API query parameters
 * (src/server/ogc_params.c): any bytes as a bbox, a datetime and a count.
 * Whatever is accepted must be what the handlers rely on: a box within
 * WGS84 bounds with west <= east and south <= north; an interval with at
 * least one end and from <= to; a count within its range. A refusal must
 * say why.
 */
#include "server/ogc_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void refused_with_reason(const char *what, const char *why, const char *s)
{
	if (!why[0]) {
		fprintf(stderr, "fuzz_ogc_params: %s \"%s\" refused without a reason\n", what, s);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), why[512];
	hr_bbox b;
	hr_time from, to;
	uint64_t n;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	why[0] = '\0';
	if (ogc_parse_bbox(s, &b, why, sizeof why) == 0) {
		if (!(b.west <= b.east && b.south <= b.north && b.west >= -180 && b.east <= 180 &&
		      b.south >= -90 && b.north <= 90)) {
			fprintf(stderr, "fuzz_ogc_params: bbox \"%s\" accepted as %g,%g,%g,%g\n", s,
			        b.west, b.south, b.east, b.north);
			abort();
		}
	} else {
		refused_with_reason("bbox", why, s);
	}
	why[0] = '\0';
	if (ogc_parse_datetime(s, &from, &to, why, sizeof why) == 0) {
		if ((from == HR_TIME_NONE && to == HR_TIME_NONE) ||
		    (from != HR_TIME_NONE && to != HR_TIME_NONE && from > to)) {
			fprintf(stderr, "fuzz_ogc_params: datetime \"%s\" accepted as %lld/%lld\n", s,
			        (long long)from, (long long)to);
			abort();
		}
	} else {
		refused_with_reason("datetime", why, s);
	}
	why[0] = '\0';
	if (ogc_parse_count("limit", s, 1, 10000, &n, why, sizeof why) == 0) {
		if (n < 1 || n > 10000) {
			fprintf(stderr, "fuzz_ogc_params: limit \"%s\" accepted as %llu\n", s,
			        (unsigned long long)n);
			abort();
		}
	} else {
		refused_with_reason("limit", why, s);
	}
	free(s);
	return 0;
}
