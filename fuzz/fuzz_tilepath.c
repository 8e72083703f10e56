/*
 * fuzz_tilepath.c - fuzz target for hr_tile_path_parse(), the parser of
 * GET /tile/... paths, and hr_bundle_next() over the same bytes: any
 * bytes (not NUL-terminated). Whatever parses as a tile path must be the
 * very text the writers make of the tile it names, so that every tile has
 * one name; the bundle reader must stay inside its buffer.
 */
#include "hazreg/hazreg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char again[HR_TILE_PATH_BUFSZ];
	const unsigned char *entry;
	size_t off = 0, elen, total = 0;
	hr_tile t;
	int entries, rc;

	if (hr_tile_path_parse((const char *)data, size, &t, &entries) == 0) {
		rc = entries ? hr_tile_entries_path(again, sizeof again, t.index, t.width)
		             : hr_tile_path(again, sizeof again, &t);
		if (rc != 0 || strlen(again) != size || memcmp(again, data, size) != 0 ||
		    t.width < 1 || t.width > HR_TILE_WIDTH || (entries && t.level != 0)) {
			fprintf(stderr, "fuzz_tilepath: \"%.*s\" parsed but is not its own name\n",
			        (int)size, data);
			abort();
		}
	}
	while ((rc = hr_bundle_next(data, size, &off, &entry, &elen)) == 1) {
		if (entry < data || entry + elen > data + size || off > size) {
			fprintf(stderr, "fuzz_tilepath: a bundle entry reaches outside the buffer\n");
			abort();
		}
		total += 2 + elen;
	}
	if (rc == 0 && total != size) {
		fprintf(stderr, "fuzz_tilepath: a whole bundle of %zu bytes framed %zu\n", size, total);
		abort();
	}
	return 0;
}
