/*
 * record.c - records as values: make, set, get, free, validate.
 *
 * Fields stay sorted by tag (repeats in the order added), which is also the
 * order of the canonical encoding, so encoding is a single pass.
 */
#include "core/core_int.h"
#include "hazreg/note.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

int hr_record_new(hr_record **out, hr_kind kind)
{
	hr_record *r;
	if (!out)
		return HR_EINVAL;
	*out = NULL;
	if (!hr_kind_name((int)kind))
		return HR_EINVAL;
	r = hr__calloc(1, sizeof *r);
	if (!r)
		return HR_ENOMEM;
	r->kind = kind;
	r->appended = HR_TIME_NONE;
	*out = r;
	return 0;
}

void hr_value__clear(hr_value *v)
{
	switch (v->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM:
		hr_free(v->u.text);
		break;
	case HR_FT_GEOM:
		hr_free(v->u.geom.wkb);
		break;
	case HR_FT_CONTAM:
		hr_free(v->u.contam.device_class);
		break;
	case HR_FT_PRIVATE:
		if (v->u.priv.value)
			sodium_memzero(v->u.priv.value, strlen(v->u.priv.value));
		hr_free(v->u.priv.value);
		break;
	default:
		break;
	}
	memset(v, 0, sizeof *v);
}

void hr_record_free(hr_record *rec)
{
	if (!rec)
		return;
	for (size_t i = 0; i < rec->n; i++)
		hr_value__clear(&rec->v[i]);
	hr_free(rec->v);
	hr_free(rec);
}

int hr_value__copy(hr_value *dst, const hr_value *src)
{
	*dst = *src;
	switch (src->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM:
		dst->u.text = hr__strdup(src->u.text);
		return dst->u.text ? 0 : HR_ENOMEM;
	case HR_FT_GEOM:
		dst->u.geom.wkb = hr__malloc(src->u.geom.len);
		if (!dst->u.geom.wkb)
			return HR_ENOMEM;
		memcpy(dst->u.geom.wkb, src->u.geom.wkb, src->u.geom.len);
		return 0;
	case HR_FT_CONTAM:
		dst->u.contam.device_class = hr__strdup(src->u.contam.device_class);
		return dst->u.contam.device_class ? 0 : HR_ENOMEM;
	case HR_FT_PRIVATE:
		if (src->u.priv.value) {
			dst->u.priv.value = hr__strdup(src->u.priv.value);
			return dst->u.priv.value ? 0 : HR_ENOMEM;
		}
		return 0;
	default:
		return 0;
	}
}

/* Insert v (taking ownership of its members) keeping tag order. A
 * non-repeated tag replaces the existing value. */
static int put(hr_record *rec, hr_value *v, int repeat)
{
	size_t at = rec->n;
	for (size_t i = 0; i < rec->n; i++) {
		if (rec->v[i].tag == v->tag && !repeat) {
			hr_value__clear(&rec->v[i]);
			rec->v[i] = *v;
			return 0;
		}
		if (rec->v[i].tag > v->tag) {
			at = i;
			break;
		}
	}
	if (rec->n == rec->cap) {
		size_t cap = rec->cap ? rec->cap * 2 : 8;
		hr_value *nv = hr__realloc(rec->v, cap * sizeof *nv);
		if (!nv) {
			hr_value__clear(v);
			return HR_ENOMEM;
		}
		rec->v = nv;
		rec->cap = cap;
	}
	memmove(&rec->v[at + 1], &rec->v[at], (rec->n - at) * sizeof *rec->v);
	rec->v[at] = *v;
	rec->n++;
	return 0;
}

int hr_record__append_raw(hr_record *rec, const hr_value *v)
{
	const hr_field_def *f = hr_schema_field((int)rec->kind, v->tag);
	hr_value copy = *v;
	return put(rec, &copy, f && (f->flags & HR_FIELD_REPEAT));
}

/* The field definition for tag in rec's kind, if it has type `type`. */
static const hr_field_def *field_of(const hr_record *rec, int tag, hr_ftype type)
{
	const hr_field_def *f;
	if (!rec)
		return NULL;
	f = hr_schema_field((int)rec->kind, tag);
	if (!f)
		return NULL;
	if (f->type != type && !(type == HR_FT_TEXT && f->type == HR_FT_ENUM))
		return NULL;
	return f;
}

int hr_record_set_text(hr_record *rec, int tag, const char *s)
{
	const hr_field_def *f = field_of(rec, tag, HR_FT_TEXT);
	hr_value v = {0};
	if (!f || !s)
		return HR_EINVAL;
	v.tag = (uint8_t)tag;
	v.type = (uint8_t)f->type;
	v.u.text = hr__strdup(s);
	if (!v.u.text)
		return HR_ENOMEM;
	return put(rec, &v, f->flags & HR_FIELD_REPEAT);
}

static int set_scalar(hr_record *rec, int tag, hr_ftype type, hr_value *v)
{
	const hr_field_def *f = field_of(rec, tag, type);
	if (!f)
		return HR_EINVAL;
	v->tag = (uint8_t)tag;
	v->type = (uint8_t)type;
	return put(rec, v, f->flags & HR_FIELD_REPEAT);
}

int hr_record_set_int(hr_record *rec, int tag, int64_t i)
{
	hr_value v = {0};
	const hr_field_def *f = rec ? hr_schema_field((int)rec->kind, tag) : NULL;
	v.u.i = i;
	if (f && f->type == HR_FT_BOOL) {
		if (i != 0 && i != 1)
			return HR_EINVAL;
		return set_scalar(rec, tag, HR_FT_BOOL, &v);
	}
	return set_scalar(rec, tag, HR_FT_INT, &v);
}

int hr_record_set_real(hr_record *rec, int tag, double r)
{
	hr_value v = {0};
	v.u.r = r;
	return set_scalar(rec, tag, HR_FT_REAL, &v);
}

int hr_record_set_time(hr_record *rec, int tag, hr_time t)
{
	hr_value v = {0};
	if (t == HR_TIME_NONE)
		return HR_EINVAL;
	v.u.t = t;
	return set_scalar(rec, tag, HR_FT_TIME, &v);
}

int hr_record_set_geom(hr_record *rec, int tag, const unsigned char *wkb, size_t len)
{
	const hr_field_def *f = field_of(rec, tag, HR_FT_GEOM);
	hr_value v = {0};
	if (!f || !wkb || len == 0)
		return HR_EINVAL;
	v.tag = (uint8_t)tag;
	v.type = HR_FT_GEOM;
	v.u.geom.wkb = hr__malloc(len);
	if (!v.u.geom.wkb)
		return HR_ENOMEM;
	memcpy(v.u.geom.wkb, wkb, len);
	v.u.geom.len = len;
	return put(rec, &v, 0);
}

int hr_record_add_contam(hr_record *rec, const hr_contam *c)
{
	const hr_field_def *f = field_of(rec, HR_F_CONTAM, HR_FT_CONTAM);
	hr_value v = {0};
	if (!f || !c || !c->device_class)
		return HR_EINVAL;
	v.tag = HR_F_CONTAM;
	v.type = HR_FT_CONTAM;
	v.u.contam = *c;
	v.u.contam.device_class = hr__strdup(c->device_class);
	if (!v.u.contam.device_class)
		return HR_ENOMEM;
	return put(rec, &v, 1);
}

/* SHA-256(salt || value): the commitment that enters the log instead of a
 * private value. */
void hr_record__commit(unsigned char out[32], const unsigned char salt[16], const char *value)
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, salt, 16);
	crypto_hash_sha256_update(&st, (const unsigned char *)value, strlen(value));
	crypto_hash_sha256_final(&st, out);
}

int hr_record_set_private_salted(hr_record *rec, int tag, const char *value,
                                 const unsigned char salt[16])
{
	const hr_field_def *f = field_of(rec, tag, HR_FT_PRIVATE);
	hr_value v = {0};
	if (!f || !value || !salt)
		return HR_EINVAL;
	v.tag = (uint8_t)tag;
	v.type = HR_FT_PRIVATE;
	v.u.priv.value = hr__strdup(value);
	if (!v.u.priv.value)
		return HR_ENOMEM;
	memcpy(v.u.priv.salt, salt, sizeof v.u.priv.salt);
	hr_record__commit(v.u.priv.hash, v.u.priv.salt, value);
	return put(rec, &v, f->flags & HR_FIELD_REPEAT);
}

int hr_record_set_private(hr_record *rec, int tag, const char *value)
{
	unsigned char salt[16];
	randombytes_buf(salt, sizeof salt);
	return hr_record_set_private_salted(rec, tag, value, salt);
}

const hr_value *hr_record_get(const hr_record *rec, int tag, size_t nth)
{
	if (!rec)
		return NULL;
	for (size_t i = 0; i < rec->n; i++)
		if (rec->v[i].tag == tag && nth-- == 0)
			return &rec->v[i];
	return NULL;
}

const char *hr_record_text(const hr_record *rec, int tag)
{
	const hr_value *v = hr_record_get(rec, tag, 0);
	if (!v || (v->type != HR_FT_TEXT && v->type != HR_FT_ENUM))
		return NULL;
	return v->u.text;
}

hr_time hr_record_time(const hr_record *rec, int tag)
{
	const hr_value *v = hr_record_get(rec, tag, 0);
	return v && v->type == HR_FT_TIME ? v->u.t : HR_TIME_NONE;
}

int hr_record__utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		size_t n;
		uint32_t cp;
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (p[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* Times must be writable back as ISO 8601 four-digit years. */
static int time_ok(hr_time t)
{
	return t >= -62135596800LL && t <= 253402300799LL;
}

/* Longest text a field may hold: generous for descriptions, bounded so a
 * hostile import cannot make one record enormous. */
#define HR_TEXT_MAX 65536
#define HR_ID_MAX 128

static int check_value(const hr_record *rec, const hr_field_def *f, const hr_value *v, char *err,
                       size_t errlen)
{
	switch (f->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM: {
		size_t len = strlen(v->u.text);
		if (len == 0) {
			hr__fmt(err, errlen, "%s: must not be empty", f->name);
			return HR_EVALIDATE;
		}
		if (len > (f->tag == HR_F_ID || f->tag == HR_F_AREA_ID ? HR_ID_MAX : HR_TEXT_MAX)) {
			hr__fmt(err, errlen, "%s: too long (%zu bytes)", f->name, len);
			return HR_EVALIDATE;
		}
		if (!hr_record__utf8_ok(v->u.text, len)) {
			hr__fmt(err, errlen, "%s: not valid UTF-8 text", f->name);
			return HR_EVALIDATE;
		}
		if (f->type == HR_FT_ENUM && !hr_schema__enum_ok(f, v->u.text)) {
			char words[256] = "";
			size_t o = 0;
			for (const char *const *w = f->words; *w && o < sizeof words; w++)
				o += (size_t)snprintf(words + o, sizeof words - o, "%s%s",
				                      w == f->words ? "" : ", ", *w);
			hr__fmt(err, errlen, "%s: \"%s\" is not one of: %s", f->name, v->u.text, words);
			return HR_EVALIDATE;
		}
		return 0;
	}
	case HR_FT_TIME:
		if (!time_ok(v->u.t)) {
			hr__fmt(err, errlen, "%s: outside the years 0001 to 9999", f->name);
			return HR_EVALIDATE;
		}
		return 0;
	case HR_FT_INT:
		if (v->u.i < 0) {
			hr__fmt(err, errlen, "%s: must not be negative", f->name);
			return HR_EVALIDATE;
		}
		return 0;
	case HR_FT_REAL:
		if (!isfinite(v->u.r) || v->u.r < 0) {
			hr__fmt(err, errlen, "%s: must be a finite number >= 0", f->name);
			return HR_EVALIDATE;
		}
		if ((f->tag == HR_F_SD_FAIL_OPT || f->tag == HR_F_SD_FAIL_CONS ||
		     f->tag == HR_F_SDA_LIVE_OPT || f->tag == HR_F_SDA_LIVE_CONS) &&
		    v->u.r > 1) {
			hr__fmt(err, errlen, "%s: a probability must lie in [0, 1]", f->name);
			return HR_EVALIDATE;
		}
		return 0;
	case HR_FT_GEOM: {
		int type = 0, rc;
		char gerr[256] = "";
		if ((rc = hr_geom_check(v->u.geom.wkb, v->u.geom.len, &type, gerr, sizeof gerr))) {
			if (rc == HR_ENOMEM) {
				hr__fmt(err, errlen, "%s: out of memory", f->name);
				return rc;
			}
			hr__fmt(err, errlen, "%s: %s", f->name, gerr);
			return HR_EVALIDATE;
		}
		if (f->tag == HR_F_BENCHMARK ||
		    (f->tag == HR_F_GEOM && rec->kind != HR_KIND_AREA && rec->kind != HR_KIND_RELEASE &&
		     rec->kind != HR_KIND_ADM_AREA)) {
			if (type != HR_GEOM_POINT) {
				hr__fmt(err, errlen, "%s: must be a Point", f->name);
				return HR_EVALIDATE;
			}
		} else if (type != HR_GEOM_POLYGON && type != HR_GEOM_MULTIPOLYGON) {
			hr__fmt(err, errlen, "%s: must be a Polygon or MultiPolygon", f->name);
			return HR_EVALIDATE;
		}
		return 0;
	}
	case HR_FT_CONTAM: {
		const hr_contam *c = &v->u.contam;
		size_t len = strlen(c->device_class);
		if (len == 0 || len > HR_ID_MAX || !hr_record__utf8_ok(c->device_class, len)) {
			hr__fmt(err, errlen, "%s: class must be a non-empty id", f->name);
			return HR_EVALIDATE;
		}
		if (c->count < HR_COUNT_UNKNOWN) {
			hr__fmt(err, errlen, "%s: count must be >= 0 or unknown", f->name);
			return HR_EVALIDATE;
		}
		if (c->confirmed != 0 && c->confirmed != 1) {
			hr__fmt(err, errlen, "%s: confirmed must be true or false", f->name);
			return HR_EVALIDATE;
		}
		if ((c->emplaced_earliest != HR_TIME_NONE && !time_ok(c->emplaced_earliest)) ||
		    (c->emplaced_latest != HR_TIME_NONE && !time_ok(c->emplaced_latest))) {
			hr__fmt(err, errlen, "%s: emplacement time outside the years 0001 to 9999",
			        f->name);
			return HR_EVALIDATE;
		}
		if (c->emplaced_earliest != HR_TIME_NONE && c->emplaced_latest != HR_TIME_NONE &&
		    c->emplaced_earliest > c->emplaced_latest) {
			hr__fmt(err, errlen, "%s: emplaced_earliest is after emplaced_latest", f->name);
			return HR_EVALIDATE;
		}
		return 0;
	}
	default:
		return 0;
	}
}

/* An org key's id is a C2SP verifier key, spelled exactly as hazreg
 * formats it, so that one key is one subject. */
static int check_org_key(const hr_record *rec, char *err, size_t errlen)
{
	hr_key_verifier vk;
	char why[256] = "", again[HR_KEY_VERIFIER_BUFSZ];
	const char *id = hr_record_text(rec, HR_F_ID);
	if (hr_key_verifier_parse(&vk, id, strlen(id), why, sizeof why) != 0) {
		hr__fmt(err, errlen, "id: not a verifier key (NAME+KEYID+BASE64): %s", why);
		return HR_EVALIDATE;
	}
	if (hr_key_verifier_format(again, sizeof again, &vk) != 0 || strcmp(again, id) != 0) {
		hr__fmt(err, errlen, "id: the verifier key is not in its canonical spelling");
		return HR_EVALIDATE;
	}
	return 0;
}

/* Characters (code points) of valid UTF-8 text. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* What a member of the public wrote, when the record holds it: text of a
 * bounded length (report.h). */
static int check_report_text(const hr_record *rec, char *err, size_t errlen)
{
	static const struct {
		int tag;
		size_t max;
	} limits[] = {{HR_F_DESCRIPTION, HR_REPORT_DESCRIPTION_MAX},
	              {HR_F_CONTACT, HR_REPORT_CONTACT_MAX},
	              {HR_F_REVIEW_NOTE, HR_REPORT_DESCRIPTION_MAX}};
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		const hr_value *v = hr_record_get(rec, limits[i].tag, 0);
		const char *name = hr_schema_field(HR_KIND_REPORT, limits[i].tag)->name;
		size_t len, n;
		if (!v || !v->u.priv.value)
			continue;
		len = strlen(v->u.priv.value);
		if (!hr_record__utf8_ok(v->u.priv.value, len)) {
			hr__fmt(err, errlen, "%s: not valid UTF-8 text", name);
			return HR_EVALIDATE;
		}
		n = utf8_chars(v->u.priv.value);
		if (n == 0 || n > limits[i].max) {
			hr__fmt(err, errlen, "%s: must be 1 to %zu characters, not %zu", name,
			        limits[i].max, n);
			return HR_EVALIDATE;
		}
	}
	return 0;
}

int hr_record_validate(const hr_record *rec, char *err, size_t errlen)
{
	size_t nf;
	const hr_field_def *defs;
	int rc;
	if (!rec)
		return HR_EINVAL;
	defs = hr_schema_fields((int)rec->kind, &nf);
	if (!defs) {
		hr__fmt(err, errlen, "kind: unknown record kind %d", (int)rec->kind);
		return HR_EVALIDATE;
	}
	for (size_t i = 0; i < nf; i++)
		if ((defs[i].flags & HR_FIELD_REQUIRED) && !hr_record_get(rec, defs[i].tag, 0)) {
			hr__fmt(err, errlen, "%s: required for a%s %s record", defs[i].name,
			        strchr("aeiou", hr_kind_name((int)rec->kind)[0]) ? "n" : "",
			        hr_kind_name((int)rec->kind));
			return HR_EVALIDATE;
		}
	for (size_t i = 0; i < rec->n; i++) {
		const hr_field_def *f = hr_schema_field((int)rec->kind, rec->v[i].tag);
		if (!f || f->type != rec->v[i].type) {
			hr__fmt(err, errlen, "tag_%d: not a field of a %s record", rec->v[i].tag,
			        hr_kind_name((int)rec->kind));
			return HR_EVALIDATE;
		}
		if ((rc = check_value(rec, f, &rec->v[i], err, errlen)))
			return rc; /* HR_EVALIDATE, or HR_ENOMEM */
	}
	if (rec->kind == HR_KIND_AREA) {
		/* the facts of a report are true as of its date of information: a
		 * device cannot be known to have been emplaced after it */
		hr_time doi = hr_record_time(rec, HR_F_DOI);
		const hr_value *c;
		for (size_t i = 0; (c = hr_record_get(rec, HR_F_CONTAM, i)); i++)
			if (c->u.contam.emplaced_earliest != HR_TIME_NONE &&
			    c->u.contam.emplaced_earliest > doi) {
				hr__fmt(err, errlen, "contamination: emplaced_earliest of %s is after the "
				                     "date_of_information", c->u.contam.device_class);
				return HR_EVALIDATE;
			}
	}
	if (rec->kind == HR_KIND_ORG_KEY && (rc = check_org_key(rec, err, errlen)))
		return rc;
	if (rec->kind == HR_KIND_REPORT && (rc = check_report_text(rec, err, errlen)))
		return rc;
	if (rec->kind == HR_KIND_ADM_AREA) {
		const hr_value *l = hr_record_get(rec, HR_F_ADM_LEVEL, 0);
		if (l && l->u.i != 1 && l->u.i != 2) {
			hr__fmt(err, errlen, "adm_level: must be 1 (oblast) or 2 (raion), not %lld",
			        (long long)l->u.i);
			return HR_EVALIDATE;
		}
	}
	if (rec->kind == HR_KIND_RELEASE) {
		/* IMAS 07.11: land is cancelled by non-technical survey, reduced
		 * by technical survey, cleared by clearance */
		static const char *const pairs[][2] = {
			{"cancelled", "nts"}, {"reduced", "ts"}, {"cleared", "clearance"}};
		const char *rel = hr_record_text(rec, HR_F_RELEASE);
		const char *meth = hr_record_text(rec, HR_F_METHOD);
		for (int i = 0; i < 3 && rel && meth; i++)
			if (strcmp(rel, pairs[i][0]) == 0 && strcmp(meth, pairs[i][1]) != 0) {
				hr__fmt(err, errlen, "method: land is %s by %s, not by %s", rel,
				        pairs[i][1], meth);
				return HR_EVALIDATE;
			}
	}
	if (rec->kind == HR_KIND_CLASS) {
		const hr_value *p = hr_record_get(rec, HR_F_PERSISTENT, 0);
		const hr_value *a = hr_record_get(rec, HR_F_SD_MIN_H, 0);
		const hr_value *b = hr_record_get(rec, HR_F_SD_MAX_H, 0);
		const hr_value *fo = hr_record_get(rec, HR_F_SD_FAIL_OPT, 0);
		const hr_value *fc = hr_record_get(rec, HR_F_SD_FAIL_CONS, 0);
		const hr_value *sda = hr_record_get(rec, HR_F_SDA_BY_H, 0);
		if (p && p->u.i == 0) {
			if (!a || !b || !fo || !fc) {
				hr__fmt(err, errlen, "sd_min_h: a non-persistent class needs sd_min_h, "
				                     "sd_max_h, sd_fail_optimistic and sd_fail_conservative");
				return HR_EVALIDATE;
			}
			if (a->u.r > b->u.r) {
				hr__fmt(err, errlen, "sd_max_h: must not be before sd_min_h");
				return HR_EVALIDATE;
			}
			if (fo->u.r > fc->u.r) {
				hr__fmt(err, errlen, "sd_fail_optimistic: must not exceed the conservative bound");
				return HR_EVALIDATE;
			}
			if (sda && sda->u.r < b->u.r) {
				hr__fmt(err, errlen, "sda_by_h: must not be before sd_max_h");
				return HR_EVALIDATE;
			}
		}
	}
	return 0;
}
