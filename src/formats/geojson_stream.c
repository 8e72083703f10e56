/*
 * geojson_stream.c - the streaming half of the GeoJSON reader: bytes in,
 * one feature (a jansson tree) out at a time.
 *
 * Two inputs, told apart by the first byte that is not white space:
 *  - 0x1E (RS): an RFC 8142 GeoJSON text sequence. Each text runs from an
 *    RS to the next RS (or the end) and is parsed alone with jansson.
 *  - anything else: one JSON value, which must be a FeatureCollection or a
 *    single Feature. It is fed to yajl in 64 KiB chunks; the callbacks
 *    build each element of the top-level "features" array as its own tree
 *    and queue it when it closes, so memory follows the largest feature,
 *    never the file. Members of the top-level object other than "features"
 *    are kept (a bare Feature is the whole top-level object).
 *
 * Both paths hold JSON to the same rules so that a collection and the
 * equivalent sequence yield the same features: duplicate object keys,
 * "\u0000" in strings, integers beyond 64 bits, reals that overflow and
 * nesting deeper than MAX_DEPTH are syntax errors, and syntax errors are
 * fatal, reported with a line, a column (in bytes) and the feature index.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#define CHUNK (64 * 1024)
#define RS 0x1E
/* Same as jansson's own parser limit, so both paths agree. */
#define MAX_DEPTH 2048

enum { MODE_UNKNOWN = 0, MODE_COLLECTION, MODE_SEQUENCE };

struct hr_gj_stream {
	/* input: a FILE or bytes in memory */
	FILE *fp;
	int owns_fp;
	const unsigned char *mem;
	size_t memlen, mempos;
	size_t chunk;         /* bytes per read: CHUNK, or less for tests */
	uint64_t total, done; /* bytes in all (0: unknown) and read so far */

	unsigned char *buf; /* the current chunk */
	size_t len, pos;
	int eof;
	uint64_t line, col; /* position of buf[pos], 1-based */

	int mode;
	int finished;
	int fatal_rc; /* sticky fatal error, with its report */
	hr_read_error fatal;
	uint64_t nfeat; /* features found so far = index of the next one */

	/* the current feature, for raw() */
	json_t *cur;
	char *cur_text; /* json_dumps of cur, made on demand (jansson's allocator) */
	hr_buf txt;     /* sequence: the current text */

	/* collection: yajl and the tree being built */
	yajl_handle yh;
	json_t *top;      /* the top-level object (owned) */
	json_t **stack;   /* open containers; stack[0] is top */
	size_t depth, stack_cap;
	char *key;        /* pending object key */
	int in_features;  /* inside the top-level "features" array */
	int seen_features;
	int cb_rc;        /* set by a callback that stops the parse */
	char cb_field[64];
	char cb_reason[256];
	json_t **q;       /* finished features waiting for next() */
	uint64_t *qidx;
	size_t qhead, qn, qcap;
};

/* ---- input ---------------------------------------------------------- */

static int refill(hr_gj_stream *s)
{
	size_t n;
	s->pos = s->len = 0;
	if (s->eof)
		return 0;
	if (s->fp) {
		n = fread(s->buf, 1, s->chunk, s->fp);
		if (n < s->chunk) {
			if (ferror(s->fp))
				return HR_EIO;
			s->eof = 1;
		}
	} else {
		n = s->memlen - s->mempos;
		if (n > s->chunk)
			n = s->chunk;
		memcpy(s->buf, s->mem + s->mempos, n);
		s->mempos += n;
		if (s->mempos == s->memlen)
			s->eof = 1;
	}
	s->len = n;
	s->done += n;
	return 0;
}

/* Line and column after the bytes p[0..n), starting from *line, *col. */
static void count_pos(const unsigned char *p, size_t n, uint64_t *line, uint64_t *col)
{
	const unsigned char *end = p + n, *nl;
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		(*line)++;
		*col = 1;
		p = nl + 1;
	}
	*col += (uint64_t)(end - p);
}

static void advance(hr_gj_stream *s, size_t n)
{
	count_pos(s->buf + s->pos, n, &s->line, &s->col);
	s->pos += n;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void hr_gj__json_free(void *p)
{
	json_malloc_t m;
	json_free_t f;
	if (!p)
		return;
	json_get_alloc_funcs(&m, &f);
	f(p);
}

static void set_fatal(hr_gj_stream *s, int rc, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set_fatal(hr_gj_stream *s, int rc, const char *field, const char *fmt, ...)
{
	va_list ap;
	memset(&s->fatal, 0, sizeof s->fatal);
	s->fatal.index = s->nfeat;
	hr_gj__copy_utf8(s->fatal.field, sizeof s->fatal.field, field ? field : "");
	va_start(ap, fmt);
	vsnprintf(s->fatal.reason, sizeof s->fatal.reason, fmt, ap);
	va_end(ap);
	s->fatal_rc = rc;
}

/* ", in feature 3", ", after feature 3" or "": where a fatal error happened. */
static void where_feature(const hr_gj_stream *s, char *buf, size_t n)
{
	if (s->mode == MODE_COLLECTION && s->in_features && s->depth > 1)
		hr__fmt(buf, n, ", in feature %llu", (unsigned long long)s->nfeat);
	else if (s->nfeat > 0)
		hr__fmt(buf, n, ", after feature %llu", (unsigned long long)(s->nfeat - 1));
	else
		buf[0] = '\0';
}

/* ---- collection: yajl callbacks building trees ------------------------ */

static int cb_fail(hr_gj_stream *s, int rc, const char *field, const char *reason)
{
	s->cb_rc = rc;
	hr_gj__copy_utf8(s->cb_field, sizeof s->cb_field, field);
	hr_gj__copy_utf8(s->cb_reason, sizeof s->cb_reason, reason);
	return 0;
}

static int enqueue(hr_gj_stream *s, json_t *v)
{
	if (s->qn == s->qcap) {
		size_t cap = s->qcap ? s->qcap * 2 : 64;
		json_t **q = hr__realloc(s->q, cap * sizeof *q);
		uint64_t *qi;
		if (!q) {
			json_decref(v);
			return cb_fail(s, HR_ENOMEM, "", "out of memory");
		}
		s->q = q;
		qi = hr__realloc(s->qidx, cap * sizeof *qi);
		if (!qi) {
			json_decref(v);
			return cb_fail(s, HR_ENOMEM, "", "out of memory");
		}
		s->qidx = qi;
		s->qcap = cap;
	}
	s->q[s->qn] = v;
	s->qidx[s->qn] = s->nfeat++;
	s->qn++;
	return 1;
}

static int push(hr_gj_stream *s, json_t *v)
{
	if (s->depth >= MAX_DEPTH)
		return cb_fail(s, HR_EVALIDATE, "", "JSON nested deeper than 2048 levels");
	if (s->depth == s->stack_cap) {
		size_t cap = s->stack_cap ? s->stack_cap * 2 : 32;
		json_t **st = hr__realloc(s->stack, cap * sizeof *st);
		if (!st)
			return cb_fail(s, HR_ENOMEM, "", "out of memory");
		s->stack = st;
		s->stack_cap = cap;
	}
	s->stack[s->depth++] = v;
	return 1;
}

/* A member of the top-level object: "features" starts streaming, "type" is checked. */
static int top_member(hr_gj_stream *s, json_t *v, int container)
{
	const char *type;
	if (strcmp(s->key, "features") == 0) {
		json_t *t = json_object_get(s->top, "type");
		if (s->seen_features)
			return cb_fail(s, HR_EVALIDATE, "features", "duplicate object key \"features\"");
		if (!container || !json_is_array(v))
			return cb_fail(s, HR_EVALIDATE, "features",
			               "the \"features\" member must be an array of features");
		if (json_is_string(t) && strcmp(json_string_value(t), "Feature") == 0)
			return cb_fail(s, HR_EVALIDATE, "features",
			               "a Feature cannot have a \"features\" member");
		s->in_features = s->seen_features = 1;
		return 2; /* v is not kept */
	}
	if (strcmp(s->key, "type") != 0)
		return 1;
	type = json_is_string(v) ? json_string_value(v) : "";
	if (strcmp(type, "FeatureCollection") != 0 && strcmp(type, "Feature") != 0)
		return cb_fail(s, HR_EVALIDATE, "type",
		               "the top-level \"type\" must be \"FeatureCollection\" or \"Feature\"");
	if (strcmp(type, "Feature") == 0 && s->seen_features)
		return cb_fail(s, HR_EVALIDATE, "features",
		               "a Feature cannot have a \"features\" member");
	return 1;
}

/*
 * Place a new value: the top-level object, a feature's root, or a child of
 * the innermost open container. Containers are then opened. Takes `v`.
 */
static int add_value(hr_gj_stream *s, json_t *v, int container)
{
	json_t *parent;
	int rc;
	if (!v)
		return cb_fail(s, HR_ENOMEM, "", "out of memory");
	if (s->depth == 0) {
		if (!json_is_object(v) || s->top) {
			json_decref(v);
			return cb_fail(s, HR_EVALIDATE, "",
			               "the top level must be a GeoJSON FeatureCollection or Feature object");
		}
		s->top = v;
		return push(s, v);
	}
	if (s->in_features && s->depth == 1) {
		/* an element of "features": kept by the stack (or the queue) alone */
		if (!container)
			return enqueue(s, v);
		if (!push(s, v)) {
			json_decref(v);
			return 0;
		}
		return 1;
	}
	parent = s->stack[s->depth - 1];
	if (json_is_object(parent)) {
		if (s->depth == 1) {
			rc = top_member(s, v, container);
			if (rc != 1) {
				json_decref(v);
				hr_free(s->key);
				s->key = NULL;
				return rc ? 1 : 0;
			}
		}
		if (json_object_get(parent, s->key)) {
			char reason[160];
			json_decref(v);
			hr__fmt(reason, sizeof reason, "duplicate object key \"%.100s\"", s->key);
			return cb_fail(s, HR_EVALIDATE, "", reason);
		}
		rc = json_object_set_new(parent, s->key, v);
		hr_free(s->key);
		s->key = NULL;
	} else {
		rc = json_array_append_new(parent, v);
	}
	if (rc)
		return cb_fail(s, HR_ENOMEM, "", "out of memory");
	return container ? push(s, v) : 1;
}

static int cb_null(void *ctx)
{
	return add_value(ctx, json_null(), 0);
}

static int cb_boolean(void *ctx, int b)
{
	return add_value(ctx, json_boolean(b), 0);
}

/*
 * Numbers as jansson reads them: an integer unless there is a fraction or
 * an exponent; integers must fit 64 bits, reals must not overflow.
 */
static int cb_number(void *ctx, const char *n, size_t len)
{
	hr_gj_stream *s = ctx;
	char small[64], *text = small;
	int is_int = !memchr(n, '.', len) && !memchr(n, 'e', len) && !memchr(n, 'E', len);
	json_t *v;
	if (len >= sizeof small) {
		if (is_int)
			return cb_fail(s, HR_EVALIDATE, "", "integer out of range (beyond 64 bits)");
		text = hr__strndup(n, len);
		if (!text)
			return cb_fail(s, HR_ENOMEM, "", "out of memory");
	} else {
		memcpy(small, n, len);
		small[len] = '\0';
	}
	errno = 0;
	if (is_int) {
		long long i = strtoll(text, NULL, 10);
		if (errno == ERANGE)
			return cb_fail(s, HR_EVALIDATE, "", "integer out of range (beyond 64 bits)");
		v = json_integer(i);
	} else {
		/* strtod follows LC_NUMERIC; JSON's decimal point is always '.' */
		const char *dp = localeconv()->decimal_point;
		char *dot = strchr(text, '.');
		double r;
		if (dot && dp && dp[0] && dp[0] != '.' && !dp[1])
			*dot = dp[0];
		r = strtod(text, NULL);
		if (text != small)
			free(text);
		if (errno == ERANGE && (r > 1.0 || r < -1.0))
			return cb_fail(s, HR_EVALIDATE, "", "real number overflow");
		v = json_real(r);
	}
	return add_value(s, v, 0);
}

static int cb_string(void *ctx, const unsigned char *str, size_t len)
{
	if (memchr(str, '\0', len))
		return cb_fail(ctx, HR_EVALIDATE, "", "\\u0000 is not allowed in strings");
	return add_value(ctx, json_stringn((const char *)str, len), 0);
}

static int cb_start_map(void *ctx)
{
	return add_value(ctx, json_object(), 1);
}

static int cb_map_key(void *ctx, const unsigned char *key, size_t len)
{
	hr_gj_stream *s = ctx;
	if (memchr(key, '\0', len))
		return cb_fail(s, HR_EVALIDATE, "", "\\u0000 is not allowed in object keys");
	hr_free(s->key);
	s->key = hr__malloc(len + 1);
	if (!s->key)
		return cb_fail(s, HR_ENOMEM, "", "out of memory");
	memcpy(s->key, key, len);
	s->key[len] = '\0';
	if (s->depth == 1 && strcmp(s->key, "crs") == 0)
		return cb_fail(s, HR_EVALIDATE, "crs",
		               "a \"crs\" member is not allowed: RFC 7946 GeoJSON is always WGS84 "
		               "longitude/latitude (section 4)");
	return 1;
}

/* The top-level object closed: decide what it was. */
static int top_closed(hr_gj_stream *s)
{
	json_t *t = json_object_get(s->top, "type");
	if (!t)
		return cb_fail(s, HR_EVALIDATE, "type",
		               "the top-level object has no \"type\" member; expected "
		               "\"FeatureCollection\" or \"Feature\"");
	if (strcmp(json_string_value(t), "Feature") == 0) {
		json_t *f = s->top;
		s->top = NULL;
		return enqueue(s, f);
	}
	if (!s->seen_features)
		return cb_fail(s, HR_EVALIDATE, "features",
		               "a FeatureCollection needs a \"features\" member");
	return 1;
}

static int cb_end(void *ctx)
{
	hr_gj_stream *s = ctx;
	json_t *closed;
	if (s->in_features && s->depth == 1) {
		s->in_features = 0; /* the "features" array */
		return 1;
	}
	closed = s->stack[--s->depth];
	if (s->depth == 0)
		return top_closed(s);
	if (s->in_features && s->depth == 1)
		return enqueue(s, closed);
	return 1;
}

static int cb_start_array(void *ctx)
{
	return add_value(ctx, json_array(), 1);
}

static const yajl_callbacks callbacks = {
	cb_null, cb_boolean, NULL, NULL, cb_number, cb_string, cb_start_map,
	cb_map_key, cb_end, cb_start_array, cb_end,
};

/* A yajl error or a stop by a callback, at offset `at` of the current chunk. */
static void collection_error(hr_gj_stream *s, size_t at)
{
	uint64_t line = s->line, col = s->col;
	char where[64], msg[256];
	where_feature(s, where, sizeof where);
	/* yajl counts the offending byte as consumed; report that byte (as jansson does) */
	if (at > s->len - s->pos)
		at = s->len - s->pos;
	if (at > 0)
		at--;
	count_pos(s->buf + s->pos, at, &line, &col);
	if (s->cb_rc) {
		set_fatal(s, s->cb_rc, s->cb_field, "%s (line %llu, column %llu%s)", s->cb_reason,
		          (unsigned long long)line, (unsigned long long)col, where);
		return;
	}
	{
		unsigned char *e = yajl_get_error(s->yh, 0, s->buf + s->pos, s->len - s->pos);
		const char *m = e ? (const char *)e : "syntax error";
		size_t n;
		if (strncmp(m, "parse error: ", 13) == 0)
			m += 13;
		else if (strncmp(m, "lexical error: ", 15) == 0)
			m += 15;
		hr__fmt(msg, sizeof msg, "%s", m);
		n = strlen(msg);
		while (n > 0 && (is_ws((unsigned char)msg[n - 1]) || msg[n - 1] == '.'))
			msg[--n] = '\0';
		if (e)
			yajl_free_error(s->yh, e);
	}
	set_fatal(s, HR_EVALIDATE, "", "JSON syntax error at line %llu, column %llu%s: %s",
	          (unsigned long long)line, (unsigned long long)col, where, msg);
}

/* Parse more of a collection until a feature is queued, the end or an error. */
static void collection_fill(hr_gj_stream *s)
{
	int rc;
	yajl_status st;
	while (s->qhead == s->qn && !s->fatal_rc && !s->finished) {
		s->qhead = s->qn = 0;
		if (s->pos == s->len) {
			if ((rc = refill(s))) {
				set_fatal(s, rc, "", "read error: %s", strerror(errno));
				break;
			}
			if (s->len == 0 && s->eof) {
				st = yajl_complete_parse(s->yh);
				if (st != yajl_status_ok)
					collection_error(s, 0);
				else
					s->finished = 1;
				break;
			}
		}
		st = yajl_parse(s->yh, s->buf + s->pos, s->len - s->pos);
		if (st != yajl_status_ok) {
			collection_error(s, yajl_get_bytes_consumed(s->yh));
			break;
		}
		advance(s, s->len - s->pos);
	}
}

/* ---- sequence: RS-separated texts ------------------------------------ */

static int all_ws(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_ws(p[i]))
			return 0;
	return 1;
}

/* Read one non-empty text into s->txt and parse it; 1, 0 at the end, or fatal. */
static int sequence_next(hr_gj_stream *s, json_t **out)
{
	json_error_t je;
	uint64_t tline, tcol;
	int rc;
	for (;;) {
		/* here s->buf[s->pos] is an RS, or the input is over */
		if (s->pos == s->len) {
			if ((rc = refill(s))) {
				set_fatal(s, rc, "", "read error: %s", strerror(errno));
				return rc;
			}
			if (s->len == 0)
				return 0;
		}
		advance(s, 1); /* the RS */
		tline = s->line;
		tcol = s->col;
		s->txt.len = 0;
		for (;;) {
			const unsigned char *p, *rs;
			size_t n;
			if (s->pos == s->len) {
				if ((rc = refill(s))) {
					set_fatal(s, rc, "", "read error: %s", strerror(errno));
					return rc;
				}
				if (s->len == 0)
					break;
			}
			p = s->buf + s->pos;
			rs = memchr(p, RS, s->len - s->pos);
			n = rs ? (size_t)(rs - p) : s->len - s->pos;
			if (hr_buf_put(&s->txt, p, n)) {
				set_fatal(s, HR_ENOMEM, "", "out of memory");
				return HR_ENOMEM;
			}
			advance(s, n);
			if (rs)
				break;
		}
		if (all_ws(s->txt.p, s->txt.len))
			continue; /* RFC 7464: consecutive RS are no empty elements */
		*out = json_loadb((const char *)s->txt.p, s->txt.len,
		                  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
		if (!*out) {
			uint64_t line = tline + (je.line > 0 ? (uint64_t)je.line - 1 : 0);
			uint64_t col = je.line <= 1 ? tcol + (je.column > 0 ? (uint64_t)je.column - 1 : 0)
			                            : (uint64_t)je.column;
			set_fatal(s, HR_EVALIDATE, "",
			          "JSON syntax error at line %llu, column %llu, in feature %llu: %s",
			          (unsigned long long)line, (unsigned long long)col,
			          (unsigned long long)s->nfeat, je.text);
			return HR_EVALIDATE;
		}
		/* the raw text without its ending LF */
		while (s->txt.len > 0 && is_ws(s->txt.p[s->txt.len - 1]))
			s->txt.p[--s->txt.len] = '\0';
		return 1;
	}
}

/* ---- the stream ------------------------------------------------------- */

/* Find the first byte that is not white space (after a UTF-8 BOM) and pick the mode. */
static int sniff(hr_gj_stream *s)
{
	int rc;
	if ((rc = refill(s))) {
		set_fatal(s, rc, "", "read error: %s", strerror(errno));
		return rc;
	}
	if (s->len >= 3 && memcmp(s->buf, "\xEF\xBB\xBF", 3) == 0)
		s->pos = 3; /* RFC 8259 section 8.1: a parser may ignore a BOM */
	for (;;) {
		while (s->pos < s->len && is_ws(s->buf[s->pos]))
			advance(s, 1);
		if (s->pos < s->len)
			break;
		if ((rc = refill(s))) {
			set_fatal(s, rc, "", "read error: %s", strerror(errno));
			return rc;
		}
		if (s->len == 0) {
			set_fatal(s, HR_EVALIDATE, "",
			          "empty input: expected a GeoJSON FeatureCollection, a Feature or an "
			          "RFC 8142 sequence of features");
			return HR_EVALIDATE;
		}
	}
	if (s->buf[s->pos] == RS) {
		s->mode = MODE_SEQUENCE;
		return 0;
	}
	s->mode = MODE_COLLECTION;
	s->yh = yajl_alloc(&callbacks, NULL, s);
	if (!s->yh) {
		set_fatal(s, HR_ENOMEM, "", "out of memory");
		return HR_ENOMEM;
	}
	return 0;
}

static void drop_current(hr_gj_stream *s)
{
	hr_gj__json_free(s->cur_text);
	s->cur_text = NULL;
	json_decref(s->cur);
	s->cur = NULL;
	if (s->txt.p)
		s->txt.p[0] = '\0';
	s->txt.len = 0;
}

int hr_gj__stream_next(hr_gj_stream *s, json_t **feat, uint64_t *index, hr_read_error *err)
{
	int rc;
	if (!s || !feat || !index || !err)
		return HR_EINVAL;
	*feat = NULL;
	drop_current(s);
	if (s->mode == MODE_UNKNOWN && !s->fatal_rc && sniff(s))
		goto fatal;
	if (s->mode == MODE_SEQUENCE && !s->fatal_rc) {
		rc = sequence_next(s, &s->cur);
		if (rc < 0)
			goto fatal;
		if (rc == 0)
			return 0;
		*index = s->nfeat++;
		*feat = s->cur;
		return 1;
	}
	if (s->mode == MODE_COLLECTION)
		collection_fill(s);
	if (s->qhead < s->qn) {
		s->cur = s->q[s->qhead];
		*index = s->qidx[s->qhead];
		s->qhead++;
		*feat = s->cur;
		return 1;
	}
	if (!s->fatal_rc)
		return 0;
fatal:
	*err = s->fatal;
	return s->fatal_rc;
}

const char *hr_gj__stream_raw(hr_gj_stream *s)
{
	if (!s)
		return "";
	if (s->mode == MODE_SEQUENCE)
		return s->txt.p && s->cur ? (const char *)s->txt.p : "";
	if (!s->cur)
		return "";
	/* the fewest digits that read back the same numbers (48.1, not 48.100000000000001) */
	for (int prec = 15; !s->cur_text && prec <= 17; prec++) {
		char *t = json_dumps(s->cur, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(prec));
		json_t *back = t && prec < 17 ? json_loads(t, JSON_DECODE_ANY, NULL) : NULL;
		if (t && (prec == 17 || json_equal(back, s->cur)))
			s->cur_text = t;
		else if (t)
			hr_gj__json_free(t);
		json_decref(back);
	}
	return s->cur_text ? s->cur_text : "";
}

void hr_gj__stream_progress(const hr_gj_stream *s, uint64_t *done, uint64_t *total)
{
	if (done)
		*done = s ? s->done : 0;
	if (total)
		*total = s ? s->total : 0;
}

static int stream_new(hr_gj_stream **out)
{
	hr_gj_stream *s = hr__calloc(1, sizeof *s);
	if (!s)
		return HR_ENOMEM;
	s->buf = hr__malloc(CHUNK);
	if (!s->buf) {
		hr_free(s);
		return HR_ENOMEM;
	}
	s->line = s->col = 1;
	s->chunk = CHUNK;
	*out = s;
	return 0;
}

int hr_gj__stream_file(hr_gj_stream **out, FILE *fp, int owns, uint64_t total)
{
	int rc;
	if (!out || !fp)
		return HR_EINVAL;
	if ((rc = stream_new(out)))
		return rc;
	(*out)->fp = fp;
	(*out)->owns_fp = owns;
	(*out)->total = total;
	return 0;
}

int hr_gj__stream_mem(hr_gj_stream **out, const unsigned char *data, size_t len, size_t chunk)
{
	int rc;
	if (!out || (!data && len))
		return HR_EINVAL;
	if ((rc = stream_new(out)))
		return rc;
	if (chunk >= 4 && chunk < CHUNK)
		(*out)->chunk = chunk;
	(*out)->mem = data;
	(*out)->memlen = len;
	(*out)->total = len;
	(*out)->eof = len == 0;
	return 0;
}

void hr_gj__stream_close(hr_gj_stream *s)
{
	if (!s)
		return;
	drop_current(s);
	if (s->yh)
		yajl_free(s->yh);
	/* features being built are owned by the stack only */
	if (s->in_features && s->depth > 1)
		json_decref(s->stack[1]);
	json_decref(s->top);
	for (size_t i = s->qhead; i < s->qn; i++)
		json_decref(s->q[i]);
	hr_free(s->q);
	hr_free(s->qidx);
	hr_free(s->stack);
	hr_free(s->key);
	hr_buf_free(&s->txt);
	if (s->fp && s->owns_fp)
		fclose(s->fp);
	hr_free(s->buf);
	hr_free(s);
}
