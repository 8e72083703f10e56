/*
 * ogc_params.c - the query parameters of OGC API - Features items: bbox,
 * datetime, limit and offset, parsed strictly. Each failure says which
 * parameter is wrong and what would be right; the handlers answer it
 * with 400.
 */
#include "server/ogc_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One number of a bbox: the text between separators, all of it a finite
 * number. */
static int bbox_number(const char *s, size_t len, double *out)
{
	char buf[64], *end;
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (buf[0] == ' ' || buf[0] == '\t' || buf[0] == '\n')
		return -1;
	errno = 0;
	*out = strtod(buf, &end);
	return *end || errno || !isfinite(*out) ? -1 : 0;
}

int ogc_parse_bbox(const char *s, hr_bbox *out, char *why, size_t whylen)
{
	double v[6];
	size_t n = 0;
	const char *p = s;

	for (;;) {
		size_t len = strcspn(p, ",");
		if (n == 6 || bbox_number(p, len, &v[n]) != 0) {
			snprintf(why, whylen,
			         "bbox '%s': give four numbers west,south,east,north in degrees "
			         "(e.g. bbox=36.1,48.2,36.5,48.6)",
			         s);
			return -1;
		}
		n++;
		if (!p[len])
			break;
		p += len + 1;
	}
	if (n == 6) {
		snprintf(why, whylen, "bbox '%s': six numbers (with heights) are not supported; give "
		                      "west,south,east,north", s);
		return -1;
	}
	if (n != 4) {
		snprintf(why, whylen, "bbox '%s': give four numbers west,south,east,north, not %zu", s,
		         n);
		return -1;
	}
	out->west = v[0];
	out->south = v[1];
	out->east = v[2];
	out->north = v[3];
	if (out->west < -180 || out->east > 180 || out->west > 180 || out->east < -180 ||
	    out->south < -90 || out->north > 90 || out->south > 90 || out->north < -90) {
		snprintf(why, whylen, "bbox '%s': longitudes must be within -180..180 and latitudes "
		                      "within -90..90 (CRS84: longitude first)", s);
		return -1;
	}
	if (out->south > out->north) {
		snprintf(why, whylen, "bbox '%s': south (the 2nd number) is above north (the 4th)", s);
		return -1;
	}
	if (out->west > out->east) {
		snprintf(why, whylen, "bbox '%s': west (the 1st number) is east of east (the 3rd); a "
		                      "box across the antimeridian is not supported, ask for each "
		                      "side", s);
		return -1;
	}
	return 0;
}

/* A calendar date alone, YYYY-MM-DD? */
static int is_date(const char *s, size_t len)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* One end (or the instant): ".." or "" is open (HR_TIME_NONE); a date
 * stands for its first second, or its last when end is nonzero. */
static int datetime_end(const char *s, size_t len, int end, hr_time *out)
{
	if (len == 0 || (len == 2 && s[0] == '.' && s[1] == '.')) {
		*out = HR_TIME_NONE;
		return 0;
	}
	if (memchr(s, 'T', len) == NULL && memchr(s, 't', len) == NULL && !is_date(s, len))
		return -1;
	if (hr_time_parse(out, s, len) != 0)
		return -1;
	if (end && is_date(s, len))
		*out += 86400 - 1;
	return 0;
}

int ogc_parse_datetime(const char *s, hr_time *from, hr_time *to, char *why, size_t whylen)
{
	const char *slash = strchr(s, '/');
	static const char form[] =
		"give an RFC 3339 time (2025-03-01T12:00:00Z), a date (2025-03-01), or an interval "
		"a/b with '..' for an open end (2025-01-01T00:00:00Z/.., ../2025-03-01)";

	if (!slash) {
		if (!*s || datetime_end(s, strlen(s), 0, from) != 0 || *from == HR_TIME_NONE) {
			snprintf(why, whylen, "datetime '%s': %s", s, form);
			return -1;
		}
		if (datetime_end(s, strlen(s), 1, to) != 0)
			return -1; /* parsed once already */
		return 0;
	}
	if (strchr(slash + 1, '/') || datetime_end(s, (size_t)(slash - s), 0, from) != 0 ||
	    datetime_end(slash + 1, strlen(slash + 1), 1, to) != 0) {
		snprintf(why, whylen, "datetime '%s': %s", s, form);
		return -1;
	}
	if (*from == HR_TIME_NONE && *to == HR_TIME_NONE) {
		snprintf(why, whylen, "datetime '%s': both ends are open; give at least one time, "
		                      "or leave datetime out", s);
		return -1;
	}
	if (*from != HR_TIME_NONE && *to != HR_TIME_NONE && *from > *to) {
		snprintf(why, whylen, "datetime '%s': the interval ends before it begins", s);
		return -1;
	}
	return 0;
}

int ogc_parse_count(const char *name, const char *s, uint64_t lo, uint64_t hi, uint64_t *out,
                    char *why, size_t whylen)
{
	uint64_t v = 0;
	const char *p = s;
	if (!*p)
		goto bad;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10) {
			v = UINT64_MAX;
			break;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v < lo || v > hi) {
		snprintf(why, whylen, "%s %s is out of range: give %llu to %llu", name, s,
		         (unsigned long long)lo, (unsigned long long)hi);
		return -1;
	}
	*out = v;
	return 0;
bad:
	snprintf(why, whylen, "%s '%s' is not a whole number (give %llu to %llu)", name, s,
	         (unsigned long long)lo, (unsigned long long)hi);
	return -1;
}
