/*
 * time.c - ISO 8601 times with zones, the register's only clock format.
 *
 * Accepted: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.frac]](Z|+HH:MM|-HH:MM|+HHMM)
 * (a space may stand for T). Years 0001-9999. A date-time without a zone is
 * refused: a record that says "08:00" without saying where is ambiguous by
 * hours, and hours matter for self-destruct windows.
 */
#include "core/core_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * well-known civil-days algorithm, written out from its description). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, size_t len, size_t *pos, int n, int *out)
{
	int v = 0;
	if (*pos + (size_t)n > len)
		return -1;
	for (int i = 0; i < n; i++) {
		char c = s[*pos + (size_t)i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*pos += (size_t)n;
	*out = v;
	return 0;
}

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
#define HR_TIME_MIN_ISO (-62135596800LL)
#define HR_TIME_MAX_ISO (253402300799LL)

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int hr_time_parse(hr_time *out, const char *s, size_t len)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t p = 0;
	int y, mo, d, h = 0, mi = 0, sec = 0, zh = 0, zm = 0, sign = 1;
	hr_time t;
	if (!out || !s)
		return HR_EINVAL;
	if (digits(s, len, &p, 4, &y) || y < 1 || p >= len || s[p++] != '-' ||
	    digits(s, len, &p, 2, &mo) || mo < 1 || mo > 12 || p >= len || s[p++] != '-' ||
	    digits(s, len, &p, 2, &d) || d < 1)
		return HR_EINVAL;
	if (d > mdays[mo - 1] + (mo == 2 && is_leap(y)))
		return HR_EINVAL;
	if (p == len)
		goto done;
	if (s[p] != 'T' && s[p] != 't' && s[p] != ' ')
		return HR_EINVAL;
	p++;
	if (digits(s, len, &p, 2, &h) || h > 23 || p >= len || s[p++] != ':' ||
	    digits(s, len, &p, 2, &mi) || mi > 59)
		return HR_EINVAL;
	if (p < len && s[p] == ':') {
		p++;
		if (digits(s, len, &p, 2, &sec) || sec > 60)
			return HR_EINVAL;
		if (sec == 60) /* a leap second is taken as the next second's start */
			sec = 59;
		if (p < len && (s[p] == '.' || s[p] == ',')) {
			size_t start = ++p;
			while (p < len && s[p] >= '0' && s[p] <= '9')
				p++;
			if (p == start || p - start > 9)
				return HR_EINVAL;
		}
	}
	if (p >= len)
		return HR_EINVAL; /* a time of day needs a zone */
	if (s[p] == 'Z' || s[p] == 'z') {
		p++;
	} else if (s[p] == '+' || s[p] == '-') {
		sign = s[p] == '-' ? -1 : 1;
		p++;
		if (digits(s, len, &p, 2, &zh) || zh > 23)
			return HR_EINVAL;
		if (p < len && s[p] == ':')
			p++;
		if (digits(s, len, &p, 2, &zm) || zm > 59)
			return HR_EINVAL;
	} else {
		return HR_EINVAL;
	}
	if (p != len)
		return HR_EINVAL;
done:
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (zh * 3600 + zm * 60);
	/* the zone may carry a time across the year 0001 or 9999 boundary:
	 * refuse what could not be written back as four-digit years */
	if (t < HR_TIME_MIN_ISO || t > HR_TIME_MAX_ISO)
		return HR_EINVAL;
	*out = t;
	return 0;
}

char *hr_time_format(char *buf, hr_time t)
{
	int64_t days, secs, y;
	unsigned m, d;
	if (t == HR_TIME_NONE) {
		buf[0] = '\0';
		return buf;
	}
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		/* outside ISO 8601's four-digit years: still unambiguous */
		hr__fmt(buf, HR_TIME_BUFSZ, "@%lld", (long long)t);
		return buf;
	}
	/* "%04d-%02u-%02uT%02d:%02d:%02dZ", digit by digit: answers carry
	 * many times, and printf is most of their cost */
	{
		unsigned v[6] = {(unsigned)y, m, d, (unsigned)(secs / 3600),
		                 (unsigned)(secs / 60 % 60), (unsigned)(secs % 60)};
		static const char sep[6] = {'-', '-', 'T', ':', ':', 'Z'};
		char *q = buf;
		*q++ = (char)('0' + v[0] / 1000);
		*q++ = (char)('0' + v[0] / 100 % 10);
		*q++ = (char)('0' + v[0] / 10 % 10);
		*q++ = (char)('0' + v[0] % 10);
		*q++ = sep[0];
		for (int i = 1; i < 6; i++) {
			*q++ = (char)('0' + v[i] / 10);
			*q++ = (char)('0' + v[i] % 10);
			*q++ = sep[i];
		}
		*q = '\0';
	}
	return buf;
}

hr_time hr_time_now(void)
{
	const char *env = getenv("HAZREG_NOW");
	hr_time t;
	if (env && *env && hr_time_parse(&t, env, strlen(env)) == 0)
		return t;
	return (hr_time)time(NULL);
}
