/*
 * core_int.h - internals shared by the files of src/core (and the readers
 * and writers in src/formats, which are part of the library).
 */
#ifndef HR_CORE_INT_H
#define HR_CORE_INT_H

#include <stdarg.h>
#include <stddef.h>

#include "hazreg/hazreg.h"
#include "hazreg/sys/backend.h"

/* Allocation goes through these so that tests can fail the k-th call. */
void *hr__malloc(size_t n);
void *hr__calloc(size_t n, size_t size);
void *hr__realloc(void *p, size_t n);
char *hr__strdup(const char *s);
char *hr__strndup(const char *s, size_t n);
/* Test hook: fail the k-th allocation from now (0 disables). */
void hr__alloc_fail_after(long k);
/* Test hook: allocations made so far through the functions above. */
long hr__alloc_calls(void);

/* printf into a fixed buffer, always NUL-terminated, never overflowing. */
void hr__fmt(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A growable byte buffer. */
typedef struct {
	unsigned char *p;
	size_t len, cap;
	int oom;
} hr_buf;
int hr_buf_put(hr_buf *b, const void *data, size_t n);
int hr_buf_putc(hr_buf *b, unsigned char c);
int hr_buf_printf(hr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append a C string as it is. */
int hr_buf_puts(hr_buf *b, const char *s);
/* Append x as printf's "%.*f" with 1 to 9 digits would, without printf
 * where the result cannot differ (see alloc.c). */
int hr_buf_fixed(hr_buf *b, double x, int digits);
/* Append x as printf's "%.*g" with 1 to 15 digits would, the same way. */
int hr_buf_sig(hr_buf *b, double x, int digits);
/* Append an integer in decimal. */
int hr_buf_int(hr_buf *b, long long v);
/* Make room for n more bytes. */
int hr_buf_reserve(hr_buf *b, size_t n);
/* Append JSON string literal (quoted, escaped). */
int hr_buf_json_str(hr_buf *b, const char *s);
void hr_buf_free(hr_buf *b);

/* schema.c */
int hr_schema__enum_ok(const hr_field_def *f, const char *word);

/* record.c */
int hr_record__utf8_ok(const char *s, size_t len);
int hr_record__append_raw(hr_record *rec, const hr_value *v); /* takes ownership of v's members */
void hr_value__clear(hr_value *v);
int hr_value__copy(hr_value *dst, const hr_value *src);

void hr_record__commit(unsigned char out[32], const unsigned char salt[16], const char *value);

#endif
