/*
 * test_time.c - ISO 8601 parsing and formatting, data-driven; and the
 * fixed-point number formatting of the answers (hr_buf_fixed), checked
 * against printf.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core_int.h"
#include "hazreg/hazreg.h"
#include "test.h"

/* hr_time_format against the C library's gmtime_r + strftime. */
static void format_matches_libc(void)
{
	char buf[HR_TIME_BUFSZ], ref[64];
	unsigned long long x = 88172645463325252ULL;
	size_t bad = 0;
	for (int i = 0; i < 200000; i++) {
		time_t t;
		struct tm tm;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		/* years 0001 to 9999 */
		t = (time_t)(-62135596800LL + (long long)(x % 315537897600ULL));
		if (!gmtime_r(&t, &tm))
			continue;
		snprintf(ref, sizeof ref, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
		         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		hr_time_format(buf, (hr_time)t);
		if (strcmp(buf, ref) != 0 && bad++ < 5)
			fprintf(stderr, "time %lld: %s, libc %s\n", (long long)t, buf, ref);
	}
	HR_CHECK_INT_EQ(bad, 0);
	HR_CHECK_STR_EQ(hr_time_format(buf, 253402300799LL), "9999-12-31T23:59:59Z");
	HR_CHECK_STR_EQ(hr_time_format(buf, -62135596800LL), "0001-01-01T00:00:00Z");
	HR_CHECK_STR_EQ(hr_time_format(buf, 253402300800LL), "@253402300800");
}

/* hr_buf_fixed (conv 'f') or hr_buf_sig (conv 'g') against printf. */
static int same_as_printf(char conv, double v, int digits)
{
	char ref[512];
	hr_buf b = {0};
	int same;
	if (conv == 'f') {
		snprintf(ref, sizeof ref, "%.*f", digits, v);
		hr_buf_fixed(&b, v, digits);
	} else {
		snprintf(ref, sizeof ref, "%.*g", digits, v);
		hr_buf_sig(&b, v, digits);
	}
	same = b.p && strcmp((const char *)b.p, ref) == 0;
	if (!same)
		fprintf(stderr, "%%.%d%c of %.17g: %s, printf %s\n", digits, conv, v,
		        b.p ? (const char *)b.p : "(null)", ref);
	hr_buf_free(&b);
	return same;
}

static int fixed_one(double v, int digits)
{
	return same_as_printf('f', v, digits);
}

static int sig_one(double v, int digits)
{
	return same_as_printf('g', v, digits);
}

/* hr_buf_fixed writes what printf writes, digit for digit. */
static void fixed_matches_printf(void)
{
	static const double edge[] = {0.0, -0.0, 0.5, -0.5, 1.5, 2.5, 0.05, 0.15, 0.25, 1e-8,
	                              -1e-8, 4.99999995e-8, 5e-8, 5.00000005e-8, 180.0, -180.0,
	                              179.99999995, -179.99999995, 90.0, 214.7483647,
	                              214.7483648, 1e300, -1e300, 123456789.123456789};
	unsigned long long x = 2463534242ULL;
	size_t bad = 0;
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		for (int d = 1; d <= 9; d++)
			bad += !fixed_one(edge[i], d);
	bad += !fixed_one(NAN, 7) + !fixed_one(INFINITY, 7) + !fixed_one(-INFINITY, 3);
	bad += !fixed_one(1.5, 0) + !fixed_one(1.5, 12);
	for (int i = 0; i < 1000000 && bad < 5; i++) {
		double v;
		int d = 1 + i % 9;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		switch (i % 4) {
		case 0: v = ((double)(x % 3600000000ULL) / 1e7) - 180.0; break; /* degrees */
		case 1: v = (double)(x % 2000000000ULL) / 1e3; break;        /* metres */
		case 2: v = ((double)(x >> 11) / 9007199254740992.0 - 0.5) * 400.0; break;
		default: /* halves at the last digit, and their neighbours */
			v = ((double)(x % 20000000ULL) + 0.5) / 1e7;
			if (x & 1)
				v = nextafter(v, (x & 2) ? 1e9 : -1e9);
			d = 7;
		}
		bad += !fixed_one(v, d);
	}
	HR_CHECK_INT_EQ(bad, 0);
}

/* hr_buf_sig writes what printf's %g writes, digit for digit: powers of
 * ten and their neighbours, halves at the last digit, every exponent
 * form, and random numbers over the whole range of doubles. */
static void sig_matches_printf(void)
{
	static const double edge[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1e-4, 9.99999999995e-5,
	                              1e-5, 0.0001234567891, 123456789, 1234567890, 12345678901,
	                              9999999999.5, 9999999999.4, 99999.999995, 0.059, 0.000354,
	                              0.0003599362874, 0.05826373778, 1e22, 1e23, 1e-22, 1e-300,
	                              4.9e-324, 1.7976931348623157e308, 2.5, 0.125, 1e100};
	unsigned long long x = 88172645463325252ULL;
	size_t bad = 0;
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		for (int d = 1; d <= 15; d++) {
			bad += !sig_one(edge[i], d);
			bad += !sig_one(-edge[i], d);
			bad += !sig_one(nextafter(edge[i], 0), d);
			bad += !sig_one(nextafter(edge[i], 1e308), d);
		}
	bad += !sig_one(NAN, 10) + !sig_one(INFINITY, 10) + !sig_one(-INFINITY, 10);
	bad += !sig_one(1.5, 0) + !sig_one(1.5, 16);
	for (int i = 0; i < 1000000 && bad < 5; i++) {
		double v, m;
		int d = 1 + i % 15, e;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		switch (i % 3) {
		case 0: /* any finite double */
			memcpy(&v, &x, sizeof v);
			if (!isfinite(v))
				v = 1.0;
			break;
		case 1: /* probabilities and counts, log-uniform */
			v = pow(10.0, (double)(x % 2000000) / 1e5 - 12.0);
			break;
		default: /* halves at the d-th digit, and their neighbours */
			e = (int)(x % 40) - 20;
			m = fmod((double)(x >> 20 & 0xfffff), pow(10.0, d > 6 ? 6 : d - 1));
			v = (pow(10.0, d - 1) + m + 0.5) * pow(10.0, e - d + 1);
			if (x & 1)
				v = nextafter(v, (x & 2) ? 1e308 : -1e308);
		}
		bad += !sig_one(v, d);
	}
	HR_CHECK_INT_EQ(bad, 0);
}

static const struct {
	const char *in;
	int ok;
	long long t;
} cases[] = {
	{"1970-01-01T00:00:00Z", 1, 0},
	{"1970-01-01", 1, 0},
	{"2024-11-20T10:30:00Z", 1, 1732098600},
	{"2024-11-20T12:30:00+02:00", 1, 1732098600},
	{"2024-11-20T12:30+0200", 1, 1732098600},
	{"2024-11-20T07:30:00.999-03:00", 1, 1732098600},
	{"2024-11-20 10:30:00Z", 1, 1732098600},
	{"2024-02-29T00:00:00Z", 1, 1709164800},
	{"2000-02-29", 1, 951782400},
	{"1969-12-31T23:59:59Z", 1, -1},
	{"2016-12-31T23:59:60Z", 1, 1483228799},
	{"2023-02-29", 0, 0},
	{"1900-02-29", 0, 0},
	{"2024-11-20T10:30:00", 0, 0},   /* no zone */
	{"2024-11-20T24:00:00Z", 0, 0},
	{"2024-13-01", 0, 0},
	{"2024-11-31", 0, 0},
	{"2024-1-01", 0, 0},
	{"24-11-20", 0, 0},
	{"2024-11-20T10:30:00Zjunk", 0, 0},
	{"2024-11-20T10:30:00+2", 0, 0},
	{"2024-11-20T10:61Z", 0, 0},
	{"", 0, 0},
	{"0000-01-01", 0, 0},
	{"2024-11-20T10:30:00.Z", 0, 0},
	{"0001-01-01T00:00:00Z", 1, -62135596800LL},
	{"0001-01-01T00:00+0100", 0, 0}, /* before year 1 in UTC */
	{"9999-12-31T23:59:59Z", 1, 253402300799LL},
	{"9999-12-31T23:59-01:00", 0, 0}, /* after year 9999 in UTC */
};

int main(void)
{
	char buf[HR_TIME_BUFSZ];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hr_time t = 12345;
		int rc = hr_time_parse(&t, cases[i].in, strlen(cases[i].in));
		if (cases[i].ok) {
			HR_CHECK_INT_EQ(rc, 0);
			HR_CHECK_INT_EQ(t, cases[i].t);
		} else {
			if (rc == 0)
				fprintf(stderr, "accepted: %s\n", cases[i].in);
			HR_CHECK_INT_EQ(rc, HR_EINVAL);
		}
	}
	HR_CHECK_STR_EQ(hr_time_format(buf, 1732098600), "2024-11-20T10:30:00Z");
	HR_CHECK_STR_EQ(hr_time_format(buf, -1), "1969-12-31T23:59:59Z");
	HR_CHECK_STR_EQ(hr_time_format(buf, HR_TIME_NONE), "");
	/* round trip over a wide range, including leap days */
	for (hr_time t = -2208988800LL; t < 4102444800LL; t += 86399 * 7 + 13) {
		hr_time back;
		hr_time_format(buf, t);
		HR_CHECK_INT_EQ(hr_time_parse(&back, buf, strlen(buf)), 0);
		if (back != t) {
			HR_CHECK_INT_EQ(back, t);
			break;
		}
	}
	format_matches_libc();
	fixed_matches_printf();
	sig_matches_printf();
	return HR_TEST_DONE();
}
