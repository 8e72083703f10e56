/*
 * mapping.c - field mapping files: how another tool's columns become
 * hazreg's import properties, for any reader.
 *
 * A reader builds each input feature as a GeoJSON Feature (a jansson
 * object) with the source's own property names; the mapping renames them,
 * adds constants and translates values, and only then does
 * hr_gj__feature_record() validate the feature, so that every format is
 * held to the same rules by the same code. A column the mapping does not
 * name refuses the feature unless the mapping ignores it: nothing is
 * silently dropped.
 *
 * The text, line by line (docs/formats.md, "Field mapping files"):
 *
 *   # a comment, from '#' to the end of the line (outside quotes)
 *   layer = hazards                      which layer of a GeoPackage to read
 *   id = Area_Code                       property = column
 *   org = "HALO Trust"                   property = "constant"
 *   classification = Hazard_Type
 *   classification: "Suspected" -> SHA   value map: a column's value -> property value
 *   date_of_information = `Survey Date`  a column name with spaces, in backquotes
 *   ignore = OBJECTID, Shape_Area        columns read and left out
 *
 * A bare name is a run of bytes other than blanks and = : , # " ` (and
 * stops before "->"); a "string" takes \" and \\ escapes. The text is
 * UTF-8. Errors name the line and the column (1-based, in bytes).
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A mapping file larger than this is refused: mappings are a few lines. */
#define MAPPING_MAX (1u << 20)

typedef struct {
	char *prop;
	char *column;   /* the source column, or NULL for a constant */
	char *constant; /* the constant, or NULL */
	unsigned long line;
} rule;

typedef struct {
	char *prop;
	char *from, *to;
	unsigned long line;
} vmap;

struct hr_mapping {
	char *layer;
	rule *rules;
	size_t nrules;
	vmap *maps;
	size_t nmaps;
	char **ignore;
	size_t nignore;
};

void hr_mapping__free(hr_mapping *m)
{
	if (!m)
		return;
	hr_free(m->layer);
	for (size_t i = 0; i < m->nrules; i++) {
		hr_free(m->rules[i].prop);
		hr_free(m->rules[i].column);
		hr_free(m->rules[i].constant);
	}
	for (size_t i = 0; i < m->nmaps; i++) {
		hr_free(m->maps[i].prop);
		hr_free(m->maps[i].from);
		hr_free(m->maps[i].to);
	}
	for (size_t i = 0; i < m->nignore; i++)
		hr_free(m->ignore[i]);
	hr_free(m->rules);
	hr_free(m->maps);
	hr_free(m->ignore);
	hr_free(m);
}

const char *hr_mapping__layer(const hr_mapping *m)
{
	return m ? m->layer : NULL;
}

/* ---- parsing -------------------------------------------------------- */

typedef struct {
	const char *p, *end;   /* the rest of the line */
	const char *start;     /* the line's first byte */
	unsigned long line;
	hr_read_error *err;
} lexer;

static int perr(lexer *lx, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A syntax error at `at` on the current line. @return HR_EINVAL */
static int perr(lexer *lx, const char *at, const char *fmt, ...)
{
	va_list ap;
	lx->err->line = lx->line;
	lx->err->column = (uint32_t)(at - lx->start) + 1;
	va_start(ap, fmt);
	vsnprintf(lx->err->reason, sizeof lx->err->reason, fmt, ap);
	va_end(ap);
	return HR_EINVAL;
}

static void skip_blanks(lexer *lx)
{
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
		lx->p++;
}

/* At the end of the line, or at a comment. */
static int at_end(lexer *lx)
{
	skip_blanks(lx);
	return lx->p == lx->end || *lx->p == '#';
}

static int bare_byte(const char *p, const char *end)
{
	if (strchr(" \t\r=:,#\"`", *p))
		return 0;
	return !(p[0] == '-' && p + 1 < end && p[1] == '>');
}

/*
 * A word: bare, "quoted" (with \" and \\) or `backquoted`. *quoted is set
 * to 1 for a "string" (a constant where a column could stand).
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
static int word(lexer *lx, char **out, int *quoted, const char *what)
{
	const char *s;
	hr_buf b = {0};
	*out = NULL;
	if (quoted)
		*quoted = 0;
	skip_blanks(lx);
	s = lx->p;
	if (lx->p < lx->end && (*lx->p == '"' || *lx->p == '`')) {
		char q = *lx->p++;
		for (;;) {
			if (lx->p == lx->end) {
				hr_buf_free(&b);
				return perr(lx, s, "%s: the %s is not closed on this line",
				            q == '"' ? "string" : "backquoted name",
				            q == '"' ? "quote" : "backquote");
			}
			if (*lx->p == q) {
				lx->p++;
				break;
			}
			if (q == '"' && *lx->p == '\\') {
				if (lx->p + 1 == lx->end || (lx->p[1] != '"' && lx->p[1] != '\\')) {
					hr_buf_free(&b);
					return perr(lx, lx->p, "only \\\" and \\\\ are escapes in a string");
				}
				lx->p++;
			}
			hr_buf_putc(&b, (unsigned char)*lx->p++);
		}
		if (b.len == 0 && q == '`') {
			hr_buf_free(&b);
			return perr(lx, s, "an empty column name");
		}
		if (quoted)
			*quoted = q == '"';
	} else {
		while (lx->p < lx->end && bare_byte(lx->p, lx->end))
			hr_buf_putc(&b, (unsigned char)*lx->p++);
		if (b.len == 0) {
			hr_buf_free(&b);
			if (lx->p == lx->end || *lx->p == '#')
				return perr(lx, lx->p, "expected %s; the line ends", what);
			return perr(lx, lx->p, "expected %s, not '%c'", what, *lx->p);
		}
	}
	hr_buf_putc(&b, 0);
	if (b.oom) {
		hr_buf_free(&b);
		return HR_ENOMEM;
	}
	*out = (char *)b.p;
	return 0;
}

/* Whether some record kind has a property of this name. */
static const hr_field_def *known_property(const char *name)
{
	for (int k = 1; k <= HR_KIND_MAX; k++) {
		const hr_field_def *f = hr_schema_field_by_name(k, name);
		if (f)
			return f;
	}
	return NULL;
}

static int grow(void **p, size_t n, size_t size)
{
	void *np;
	if (n & (n - 1)) /* room for n+1 is there while n is not a power of two */
		return 0;
	np = hr__realloc(*p, (n ? 2 * n : 1) * size);
	if (!np)
		return HR_ENOMEM;
	*p = np;
	return 0;
}

static const rule *rule_for(const hr_mapping *m, const char *prop)
{
	for (size_t i = 0; i < m->nrules; i++)
		if (strcmp(m->rules[i].prop, prop) == 0)
			return &m->rules[i];
	return NULL;
}

/* "ignore = a, b, `c d`" after the '='. */
static int parse_ignore(hr_mapping *m, lexer *lx)
{
	int rc;
	for (;;) {
		char *name = NULL;
		if ((rc = word(lx, &name, NULL, "a column name")))
			return rc;
		if ((rc = grow((void **)&m->ignore, m->nignore, sizeof *m->ignore))) {
			hr_free(name);
			return rc;
		}
		m->ignore[m->nignore++] = name;
		if (at_end(lx))
			return 0;
		if (*lx->p != ',')
			return perr(lx, lx->p, "expected ',' between the columns to ignore");
		lx->p++;
	}
}

/* "property = column" or "property = "constant"" after the '='. */
static int parse_rule(hr_mapping *m, lexer *lx, char *prop, const char *key_at)
{
	const rule *prev = rule_for(m, prop);
	char *src = NULL;
	int quoted, rc;
	if (prev)
		return perr(lx, key_at, "%s is already given on line %lu", prop, prev->line);
	if ((rc = word(lx, &src, &quoted, "a column name or a \"constant\"")))
		return rc;
	if ((rc = grow((void **)&m->rules, m->nrules, sizeof *m->rules))) {
		hr_free(src);
		return rc;
	}
	m->rules[m->nrules].prop = prop;
	m->rules[m->nrules].column = quoted ? NULL : src;
	m->rules[m->nrules].constant = quoted ? src : NULL;
	m->rules[m->nrules].line = lx->line;
	m->nrules++;
	return 0;
}

/* "property: from -> to" after the ':'. */
static int parse_vmap(hr_mapping *m, lexer *lx, char *prop)
{
	char *from = NULL, *to = NULL;
	const char *at;
	int rc;
	if ((rc = word(lx, &from, NULL, "the column's value")))
		goto fail;
	skip_blanks(lx);
	if (lx->end - lx->p < 2 || lx->p[0] != '-' || lx->p[1] != '>') {
		rc = perr(lx, lx->p, "expected '->' between a column's value and the property's");
		goto fail;
	}
	lx->p += 2;
	skip_blanks(lx);
	at = lx->p;
	if ((rc = word(lx, &to, NULL, "the property's value")))
		goto fail;
	for (size_t i = 0; i < m->nmaps; i++)
		if (!strcmp(m->maps[i].prop, prop) && !strcmp(m->maps[i].from, from)) {
			rc = perr(lx, at, "this value of %s is already mapped on line %lu", prop,
			          m->maps[i].line);
			goto fail;
		}
	if ((rc = grow((void **)&m->maps, m->nmaps, sizeof *m->maps)))
		goto fail;
	m->maps[m->nmaps].prop = prop;
	m->maps[m->nmaps].from = from;
	m->maps[m->nmaps].to = to;
	m->maps[m->nmaps].line = lx->line;
	m->nmaps++;
	return 0;
fail:
	hr_free(from);
	hr_free(to);
	hr_free(prop);
	return rc;
}

/* One line. 0, HR_EINVAL (err filled) or HR_ENOMEM */
static int parse_line(hr_mapping *m, lexer *lx)
{
	const char *key_at;
	char *key = NULL;
	char sep;
	int rc;
	if (at_end(lx))
		return 0;
	key_at = lx->p;
	if ((rc = word(lx, &key, NULL, "a property name")))
		return rc;
	skip_blanks(lx);
	if (lx->p == lx->end || (*lx->p != '=' && *lx->p != ':')) {
		rc = perr(lx, lx->p, "expected '=' (property = column) or ':' (a value map) after %s",
		          key);
		goto fail;
	}
	sep = *lx->p++;
	if (sep == '=' && !strcmp(key, "layer")) {
		if (m->layer) {
			rc = perr(lx, key_at, "the layer is already given");
			goto fail;
		}
		hr_free(key);
		key = NULL;
		rc = word(lx, &m->layer, NULL, "a layer name");
	} else if (sep == '=' && !strcmp(key, "ignore")) {
		rc = parse_ignore(m, lx);
	} else {
		const hr_field_def *f = known_property(key);
		if (!f && strcmp(key, "kind") != 0) {
			rc = perr(lx, key_at, "unknown property '%s' (the import properties are in "
			                      "docs/formats.md)", key);
			goto fail;
		}
		if (f && f->type == HR_FT_GEOM && !strcmp(key, "geometry")) {
			rc = perr(lx, key_at, "the geometry comes from the layer's geometry column; "
			                      "it is not mapped");
			goto fail;
		}
		if (sep == '=') {
			if ((rc = parse_rule(m, lx, key, key_at)))
				goto fail;
		} else if ((rc = parse_vmap(m, lx, key))) {
			return rc; /* it freed the key */
		}
		key = NULL;
	}
	if (rc == 0 && !at_end(lx))
		rc = perr(lx, lx->p, "unexpected text after the rule (a '#' starts a comment)");
fail:
	hr_free(key);
	return rc;
}

/* Every value map belongs to a property filled from a column. */
static int check_maps(const hr_mapping *m, hr_read_error *err)
{
	for (size_t i = 0; i < m->nmaps; i++) {
		const rule *r = rule_for(m, m->maps[i].prop);
		if (!r || !r->column) {
			err->line = m->maps[i].line;
			err->column = 1;
			hr__fmt(err->reason, sizeof err->reason,
			        "a value map for %s, which no rule '%s = COLUMN' fills", m->maps[i].prop,
			        m->maps[i].prop);
			return HR_EINVAL;
		}
	}
	return 0;
}

int hr_mapping__parse(hr_mapping **out, const char *text, size_t len, hr_read_error *err)
{
	hr_mapping *m;
	const char *p = text, *end = text + len;
	lexer lx = {0};
	int rc = 0;
	if (!out || !err || (!text && len))
		return HR_EINVAL;
	*out = NULL;
	memset(err, 0, sizeof *err);
	if (!(m = hr__calloc(1, sizeof *m)))
		return HR_ENOMEM;
	lx.err = err;
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *nul = memchr(p, '\0', (size_t)(eol - p));
		lx.start = lx.p = p;
		lx.end = eol;
		lx.line++;
		if (nul)
			rc = perr(&lx, nul, "a NUL byte: a mapping file is text");
		else if (!hr_record__utf8_ok(p, (size_t)(eol - p)))
			rc = perr(&lx, p, "the line is not UTF-8");
		else
			rc = parse_line(m, &lx);
		p = nl ? nl + 1 : end;
	}
	if (rc == 0)
		rc = check_maps(m, err);
	if (rc == HR_ENOMEM)
		hr__fmt(err->reason, sizeof err->reason, "out of memory");
	if (rc) {
		hr_mapping__free(m);
		return rc;
	}
	*out = m;
	return 0;
}

int hr_mapping__load(hr_mapping **out, const char *path, char *err, size_t errlen)
{
	hr_read_error e;
	hr_buf b = {0};
	FILE *fp;
	char chunk[4096];
	size_t n;
	int rc;
	*out = NULL;
	if (!(fp = fopen(path, "rb"))) {
		hr__fmt(err, errlen, "cannot open the mapping file %s: %s", path, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? HR_ENOTFOUND : HR_EIO;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && b.len <= MAPPING_MAX)
		hr_buf_put(&b, chunk, n);
	rc = ferror(fp) ? HR_EIO : b.oom ? HR_ENOMEM : 0;
	fclose(fp);
	if (rc == 0 && b.len > MAPPING_MAX) {
		hr__fmt(err, errlen, "%s: a mapping file is at most %u bytes", path, MAPPING_MAX);
		rc = HR_EINVAL;
	} else if (rc) {
		hr__fmt(err, errlen, "cannot read the mapping file %s: %s", path, hr_strerror(rc));
	} else if ((rc = hr_mapping__parse(out, (const char *)b.p, b.len, &e))) {
		hr__fmt(err, errlen, "%s: line %llu, column %lu: %s", path,
		        (unsigned long long)e.line, (unsigned long)e.column, e.reason);
	}
	hr_buf_free(&b);
	return rc;
}

/* ---- applying -------------------------------------------------------- */

static int is_ignored(const hr_mapping *m, const char *column)
{
	for (size_t i = 0; i < m->nignore; i++)
		if (strcmp(m->ignore[i], column) == 0)
			return 1;
	return 0;
}

static int is_source(const hr_mapping *m, const char *column)
{
	for (size_t i = 0; i < m->nrules; i++)
		if (m->rules[i].column && strcmp(m->rules[i].column, column) == 0)
			return 1;
	return 0;
}

/* A text the mapping gives (a constant, or a value map's TO) as the JSON
 * value the property takes: an integer, number or true/false when the
 * property is one and the whole text reads as one (adm_level = "1"), else
 * the text, for the validator to judge. A new reference. */
static json_t *typed_text(const char *prop, const char *text)
{
	const hr_field_def *f = known_property(prop);
	char *end = NULL;
	if (f && *text && (f->type == HR_FT_INT || f->type == HR_FT_REAL)) {
		errno = 0;
		if (f->type == HR_FT_INT) {
			long long i = strtoll(text, &end, 10);
			if (!*end && !errno)
				return json_integer(i);
		} else {
			double r = strtod(text, &end);
			if (!*end && !errno)
				return json_real(r);
		}
	}
	if (f && f->type == HR_FT_BOOL && (!strcmp(text, "true") || !strcmp(text, "false")))
		return json_boolean(text[0] == 't');
	return json_string(text);
}

/* The value of a column through the property's value map (a new reference). */
static json_t *mapped_value(const hr_mapping *m, const char *prop, json_t *v)
{
	char num[32];
	const char *text = NULL;
	if (json_is_string(v)) {
		text = json_string_value(v);
	} else if (json_is_integer(v)) {
		hr__fmt(num, sizeof num, "%lld", (long long)json_integer_value(v));
		text = num;
	}
	for (size_t i = 0; text && i < m->nmaps; i++)
		if (!strcmp(m->maps[i].prop, prop) && !strcmp(m->maps[i].from, text))
			return typed_text(prop, m->maps[i].to);
	return json_incref(v);
}

int hr_mapping__apply(const hr_mapping *m, json_t *feat, hr_read_error *err)
{
	json_t *props, *out, *v;
	const char *key;
	if (!m || !json_is_object(feat))
		return 0; /* the feature's own faults are the validator's to name */
	props = json_object_get(feat, "properties");
	if (json_is_object(props)) {
		json_object_foreach(props, key, v) {
			const rule *idr = rule_for(m, "id");
			json_t *idv;
			if (is_source(m, key) || is_ignored(m, key))
				continue;
			idv = idr && idr->column ? json_object_get(props, idr->column) : NULL;
			if (json_is_string(idv))
				hr_gj__copy_utf8(err->id, sizeof err->id, json_string_value(idv));
			else if (json_is_integer(idv))
				hr__fmt(err->id, sizeof err->id, "%lld", (long long)json_integer_value(idv));
			hr_gj__copy_utf8(err->field, sizeof err->field, key);
			hr__fmt(err->reason, sizeof err->reason,
			        "the mapping does not name this column: map it (PROPERTY = %s) or add it "
			        "to 'ignore = ...'", key);
			return 1;
		}
	}
	if (!(out = json_object()))
		return HR_ENOMEM;
	for (size_t i = 0; i < m->nrules; i++) {
		const rule *r = &m->rules[i];
		json_t *nv;
		if (r->constant) {
			nv = typed_text(r->prop, r->constant);
		} else {
			v = json_is_object(props) ? json_object_get(props, r->column) : NULL;
			if (!v || json_is_null(v))
				continue;
			nv = mapped_value(m, r->prop, v);
		}
		if (!nv || json_object_set_new(out, r->prop, nv)) {
			json_decref(out);
			return HR_ENOMEM;
		}
	}
	if (json_object_set_new(feat, "properties", out))
		return HR_ENOMEM;
	return 0;
}

int hr_mapping__feature_record(hr_record **out, const hr_mapping *m, json_t *feat,
                               hr_read_error *err)
{
	const rule *r;
	char reason[sizeof err->reason];
	int rc;
	*out = NULL;
	if ((rc = hr_mapping__apply(m, feat, err)))
		return rc;
	rc = hr_gj__feature_record(out, feat, err);
	if (rc != 1 || !m || !(r = rule_for(m, err->field)))
		return rc;
	/* name the place in the source: the column (or the mapping's constant) */
	hr__fmt(reason, sizeof reason, "%s", err->reason);
	if (r->column) {
		hr__fmt(err->reason, sizeof err->reason, "mapped to %s: %s", r->prop, reason);
		hr_gj__copy_utf8(err->field, sizeof err->field, r->column);
	} else {
		hr__fmt(err->reason, sizeof err->reason, "the mapping's constant (line %lu): %s",
		        r->line, reason);
	}
	return rc;
}
