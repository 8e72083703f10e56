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

/*
 * "%.*g" with 1 to 15 significant digits, for the model's numbers, the
 * same way: q = |x| scaled by one exact power of ten into [10^(d-1), 10^d)
 * is within half an ulp of the exact product (one correctly rounded
 * operation), so rounding q gives printf's digits unless q lies near a
 * half; those numbers, zero, NaN, the infinities and scales beyond 10^22
 * go to printf. Trailing zeros go as %g drops them; exponents as %g
 * writes them (e-05, e+12).
 */
int hr_buf_sig(hr_buf *b, double x, int digits)
{
	static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	char dig[24], out[48], *o = out;
	double a = fabs(x), q, f, ip;
	int k, s, nd;
	uint64_t n;
	if (digits < 1 || digits > 15 || !isfinite(x) || a == 0 || a < 1e-290)
		return hr_buf_printf(b, "%.*g", digits, x);
	k = (int)floor(log10(a)); /* the decimal exponent, perhaps one off */
	for (int tries = 0;; tries++) {
		s = digits - 1 - k; /* q = a * 10^s */
		if (s > 22 || s < -22 || tries > 2)
			return hr_buf_printf(b, "%.*g", digits, x);
		q = s >= 0 ? a * p10[s] : a / p10[-s];
		if (q < p10[digits - 1])
			k--;
		else if (q >= p10[digits])
			k++;
		else
			break;
	}
	/* q's error is at most half an ulp, about q * 2^-53: keep four such
	 * margins from a half */
	f = modf(q, &ip);
	if (fabs(f - 0.5) <= ldexp(q, -51))
		return hr_buf_printf(b, "%.*g", digits, x);
	n = (uint64_t)ip + (f > 0.5);
	if (n == (uint64_t)p10[digits]) { /* 9.99...96 rounded up to the next power */
		n /= 10;
		k++;
	}
	for (int i = digits - 1; i >= 0; i--) {
		dig[i] = (char)('0' + n % 10);
		n /= 10;
	}
	for (nd = digits; nd > 1 && dig[nd - 1] == '0'; nd--)
		; /* %g drops trailing zeros */
	if (signbit(x))
		*o++ = '-';
	if (k < -4 || k >= digits) { /* d.ddde+XX */
		int e = k < 0 ? -k : k;
		*o++ = dig[0];
		if (nd > 1) {
			*o++ = '.';
			memcpy(o, dig + 1, (size_t)nd - 1);
			o += nd - 1;
		}
		*o++ = 'e';
		*o++ = k < 0 ? '-' : '+';
		if (e >= 100)
			*o++ = (char)('0' + e / 100);
		*o++ = (char)('0' + e / 10 % 10);
		*o++ = (char)('0' + e % 10);
	} else if (k >= 0) { /* ddd.ddd */
		int whole = k + 1;
		for (int i = 0; i < whole; i++)
			*o++ = i < nd ? dig[i] : '0';
		if (nd > whole) {
			*o++ = '.';
			memcpy(o, dig + whole, (size_t)(nd - whole));
			o += nd - whole;
		}
	} else { /* 0.000ddd */
		*o++ = '0';
		*o++ = '.';
		for (int i = 0; i < -k - 1; i++)
			*o++ = '0';
		memcpy(o, dig, (size_t)nd);
		o += nd;
	}
	return hr_buf_put(b, out, (size_t)(o - out));
}

/* An integer in decimal. */
int hr_buf_int(hr_buf *b, long long v)
{
	char tmp[24], *e = tmp + sizeof tmp, *q = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--q = '-';
	return hr_buf_put(b, q, (size_t)(e - q));
}

/* Room for n more bytes, so that a writer of a known size grows once. */
int hr_buf_reserve(hr_buf *b, size_t n)
{
	return buf_grow(b, n);
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
