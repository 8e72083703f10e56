/*
 * alloc.c - the library's allocator, byte buffers and bounded formatting.
 *
 * Every allocation in src/core goes through hr__malloc and friends so that
 * tests can make the k-th allocation fail and check that each failure is
 * reported cleanly (see tests/unit/test_alloc_fail.c).
 */
#include "core/core_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Failure injection for tests only. It is process-wide on purpose: it is
 * a test hook, never set by the library itself.
 */
static long fail_after;
static long calls;

void hr__alloc_fail_after(long k)
{
	fail_after = k;
}

long hr__alloc_calls(void)
{
	return calls;
}

static int should_fail(void)
{
	calls++;
	if (fail_after <= 0)
		return 0;
	return --fail_after == 0;
}

void *hr__malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *hr__calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *hr__realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

char *hr__strndup(const char *s, size_t n)
{
	char *d = hr__malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *hr__strdup(const char *s)
{
	return s ? hr__strndup(s, strlen(s)) : NULL;
}

void hr_free(void *p)
{
	free(p);
}

void hr__fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	if (!buf || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static int buf_grow(hr_buf *b, size_t extra)
{
	size_t want;
	unsigned char *p;
	if (b->oom)
		return HR_ENOMEM;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	want = b->cap ? b->cap * 2 : 1024;
	while (want < b->len + extra + 1)
		want *= 2;
	p = hr__realloc(b->p, want);
	if (!p) {
		b->oom = 1;
		return HR_ENOMEM;
	}
	b->p = p;
	b->cap = want;
	return 0;
}

int hr_buf_put(hr_buf *b, const void *data, size_t n)
{
	if (buf_grow(b, n))
		return HR_ENOMEM;
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int hr_buf_putc(hr_buf *b, unsigned char c)
{
	return hr_buf_put(b, &c, 1);
}

int hr_buf_puts(hr_buf *b, const char *s)
{
	return hr_buf_put(b, s, strlen(s));
}

/*
 * "%.*f" for coordinates and distances, the answers' most frequent
 * numbers, without the cost of printf's exact decimal expansion. The
 * product p = x * 10^digits is within half an ulp of the exact one, so
 * rounding p to the nearest integer gives printf's digits unless p lies
 * within 1e-6 of a half (where the exact value could fall on the other
 * side) or beyond 2^31, where half an ulp is no longer far below that;
 * those few numbers, NaN and the infinities go to printf.
 * The unit test compares both ways over random and edge values.
 */
int hr_buf_fixed(hr_buf *b, double x, int digits)
{
	static const double scale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	char tmp[32], *e = tmp + sizeof tmp, *q = e;
	double p, f, ip;
	uint64_t n;
	int neg;
	if (digits < 1 || digits > 9)
		return hr_buf_printf(b, "%.*f", digits, x);
	p = x * scale[digits];
	if (!(fabs(p) < 2147483648.0)) /* 2^31: an ulp of p is below 2.5e-7; also NaN, inf */
		return hr_buf_printf(b, "%.*f", digits, x);
	neg = signbit(p) != 0;
	p = fabs(p);
	f = modf(p, &ip);
	if (fabs(f - 0.5) < 1e-6)
		return hr_buf_printf(b, "%.*f", digits, x);
	n = (uint64_t)ip + (f > 0.5);
	for (int i = 0; i < digits; i++) {
		*--q = (char)('0' + n % 10);
		n /= 10;
	}
	*--q = '.';
	do {
		*--q = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	if (neg)
		*--q = '-';
	return hr_buf_put(b, q, (size_t)(e - q));
}

int hr_buf_printf(hr_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	char small[256];
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return HR_EINVAL;
	if ((size_t)n < sizeof small)
		return hr_buf_put(b, small, (size_t)n);
	if (buf_grow(b, (size_t)n))
		return HR_ENOMEM;
	va_start(ap, fmt);
	vsnprintf((char *)b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int hr_buf_json_str(hr_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *run;
	if (!s)
		return hr_buf_put(b, "null", 4);
	hr_buf_putc(b, '"');
	while (*p) {
		unsigned char c;
		/* the characters that need no escape go out as one run */
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
			;
		if (p > run)
			hr_buf_put(b, run, (size_t)(p - run));
		if (!(c = *p))
			break;
		p++;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			hr_buf_put(b, e, 2);
		} else if (c == '\n') {
			hr_buf_put(b, "\\n", 2);
		} else if (c == '\r') {
			hr_buf_put(b, "\\r", 2);
		} else if (c == '\t') {
			hr_buf_put(b, "\\t", 2);
		} else {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			hr_buf_put(b, u, 6);
		}
	}
	return hr_buf_putc(b, '"');
}

void hr_buf_free(hr_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

char *hr_json_real(char *buf, double v)
{
	if (!isfinite(v)) {
		memcpy(buf, "null", 5);
		return buf;
	}
	if (v == 0)
		v = 0.0; /* a negative zero is zero */
	snprintf(buf, HR_REAL_BUFSZ, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, HR_REAL_BUFSZ, "%.17g", v);
	return buf;
}
