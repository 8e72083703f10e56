/*
 * fuzz_coord.c - fuzz target for hr_coord_parse (src/formats/coord.c): any
 * bytes as one coordinate. Besides memory errors it checks the parser's
 * promises: a refusal always says where and why ("column C: ...", C
 * within the text), an accepted coordinate is a WGS84 point, an MGRS
 * square has a side of 1..100000 m (a power of ten), a closed ring of
 * corners and its centre inside the ring's box, and a point that can be
 * written as MGRS or UTM writes without error.
 */
#include "hazreg/coord.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text, const char *detail)
{
	fprintf(stderr, "fuzz_coord: %s: \"%s\": %s\n", what, text, detail);
	abort();
}

static void check_ok(const hr_coord *c, const char *text)
{
	char buf[32];
	if (!(c->p.lat >= -90 && c->p.lat <= 90 && c->p.lon >= -180 && c->p.lon <= 180))
		fail("accepted point outside WGS84", text, "");
	if (c->form < HR_COORD_DD || c->form > HR_COORD_MGRS)
		fail("accepted coordinate without a form", text, "");
	if (c->form == HR_COORD_MGRS) {
		double w = 180, e = -180, s = 90, n = -90, l = log10(c->side_m);
		if (!(l >= 0 && l <= 5 && l == floor(l)))
			fail("MGRS square with a bad side", text, "");
		if (c->ring[0].lon != c->ring[4].lon || c->ring[0].lat != c->ring[4].lat)
			fail("MGRS ring not closed", text, "");
		for (int k = 0; k < 4; k++) {
			w = fmin(w, c->ring[k].lon);
			e = fmax(e, c->ring[k].lon);
			s = fmin(s, c->ring[k].lat);
			n = fmax(n, c->ring[k].lat);
		}
		if (!(c->p.lon >= w && c->p.lon <= e && c->p.lat >= s && c->p.lat <= n))
			fail("MGRS centre outside its square", text, "");
	} else if (c->side_m != 0) {
		fail("a point with a side", text, "");
	}
	/* writing never fails in the zones of operation, nor overflows */
	if (hr_coord_to_utm(buf, sizeof buf, c->p) == 0 && !*buf)
		fail("UTM written empty", text, "");
	for (int d = 0; d <= 5; d++)
		if (hr_coord_to_mgrs(buf, sizeof buf, c->p, d) == 0 && strlen(buf) != 5 + 2 * (size_t)d)
			fail("MGRS written with the wrong length", text, buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[512], err[256];
	hr_coord c;
	size_t chars = 0;
	unsigned long col;
	int rc;

	if (size >= sizeof text)
		size = sizeof text - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; text[i]; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			chars++;
	rc = hr_coord_parse(&c, text, err, sizeof err);
	if (rc == 0) {
		check_ok(&c, text);
		return 0;
	}
	if (rc != HR_EINVAL)
		fail("unexpected error code", text, hr_strerror(rc));
	if (sscanf(err, "column %lu: ", &col) != 1 || !strstr(err, ": ") || strlen(strstr(err, ": ")) < 4)
		fail("refusal without a column and a reason", text, err);
	if (col < 1 || col > chars + 1)
		fail("refusal names a column outside the text", text, err);
	return 0;
}
