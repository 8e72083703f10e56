/*
 * geojson_read.c - the GeoJSON reader: features in, records out.
 *
 * geojson_stream.c hands over one feature at a time as a jansson tree;
 * this file holds it to RFC 7946 and maps it to a record through the schema
 * table (src/core/schema.c), so that a property is accepted exactly when
 * the schema names it for the record's kind. Nothing is silently dropped:
 * an unknown property, a value of the wrong type or an unusable geometry
 * refuses the feature with the property's name and a reason, and reading
 * goes on with the next one. Finally the core's validator has its say.
 *
 * Property values (see docs/formats.md):
 *   TEXT, ENUM   JSON string (ENUM: one of the schema's words)
 *   INT          JSON integer            REAL  JSON number
 *   BOOL         true or false           TIME  ISO 8601 string
 *   SIG          base64 string: key ID (4 bytes) and Ed25519 signature (64)
 *   PRIVATE      string (committed with a fresh salt), or {"value": string,
 *                "salt": 32 hex digits} (the commitment a signer signed);
 *                an element of victims may also be another object (stored
 *                as compact JSON with sorted keys)
 *   repeated     an array of values (victims, contamination)
 *   contamination  {"class", "count" (integer or "unknown"), "confirmed",
 *                   "emplaced_earliest", "emplaced_latest"}
 *   benchmark    [lon, lat] or a GeoJSON Point
 *   null         the property is absent
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define CRS_REASON                                                                             \
	"a \"crs\" member is not allowed: RFC 7946 GeoJSON is always WGS84 longitude/latitude "     \
	"(section 4)"
#define TIME_FORMAT                                                                            \
	"expected an ISO 8601 date-time with a zone (2025-03-01T06:30:00Z, "                       \
	"2025-03-01T08:30+02:00) or a date (2025-03-01)"
/* Ids longer than this are refused here; the validator holds ids to its own limit. */
#define ID_BUF 256
#define POSITION_RULE "a position is an array of 2 or 3 numbers [longitude, latitude(, altitude)]"

void hr_gj__copy_utf8(char *dst, size_t n, const char *src)
{
	size_t len;
	if (!dst || n == 0)
		return;
	len = src ? strlen(src) : 0;
	if (len >= n) {
		len = n - 1;
		/* do not cut a multi-byte character in two */
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

#define refuse hr_gj__refuse

int hr_gj__refuse(hr_read_error *err, const char *field, const char *fmt, ...)
{
	va_list ap;
	hr_gj__copy_utf8(err->field, sizeof err->field, field);
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof err->reason, fmt, ap);
	va_end(ap);
	return 1;
}

/* What a JSON value is, in words for reasons. */
static const char *json_what(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number with a fraction or exponent";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* A string for a reason: quoted, cut to about 60 bytes, control bytes shown as '?'. */
static const char *quoted(char *buf, size_t n, const char *s)
{
	size_t len = strlen(s), cut = len, o = 0;
	size_t max = n > 70 ? 60 : n - 10; /* room for quotes, "..." and NUL */
	if (cut > max) {
		cut = max;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--; /* do not split a character */
	}
	buf[o++] = '"';
	for (size_t i = 0; i < cut; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[o++] = c < 0x20 || c == 0x7F ? '?' : (char)c;
	}
	if (cut < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

/* "a, b, c": the allowed words of an ENUM field. */
static const char *word_list(char *buf, size_t n, const char *const *words)
{
	size_t o = 0;
	buf[0] = '\0';
	for (const char *const *w = words; w && *w && o < n; w++)
		o += (size_t)snprintf(buf + o, n - o, "%s%s", w == words ? "" : ", ", *w);
	return buf;
}

/* ---- geometry ------------------------------------------------------- */

/* Coordinates of all rings of all polygons, flattened for hr_geom_polygon(). */
typedef struct {
	double *xy;
	size_t nxy, capxy; /* in positions */
	size_t *ring;
	size_t nring, capring;
	size_t *poly;
	size_t npoly, cappoly;
} flat;

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 16;
	void *np;
	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	np = hr__realloc(*p, c * size);
	if (!np)
		return HR_ENOMEM;
	*p = np;
	*cap = c;
	return 0;
}

static void flat_free(flat *f)
{
	hr_free(f->xy);
	hr_free(f->ring);
	hr_free(f->poly);
}

/* A position: array of 2 or 3 numbers. @return 0 or -1 */
static int position(const json_t *p, double *lon, double *lat)
{
	size_t n = json_array_size(p);
	if (!json_is_array(p) || n < 2 || n > 3)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!json_is_number(json_array_get(p, i)))
			return -1;
	*lon = json_number_value(json_array_get(p, 0));
	*lat = json_number_value(json_array_get(p, 1));
	return 0; /* an altitude is dropped: the register is 2D */
}

/* One polygon's rings at `path` (e.g. "geometry.coordinates[2]"). 0, 1 refused, HR_ENOMEM */
static int add_polygon(flat *f, const json_t *rings, const char *path, hr_read_error *err)
{
	size_t nr = json_array_size(rings);
	if (!json_is_array(rings))
		return refuse(err, "geometry", "%s: a polygon is an array of linear rings, not %s", path,
		              json_what(rings));
	if (nr == 0)
		return refuse(err, "geometry", "%s: a polygon needs an exterior ring", path);
	if (grow((void **)&f->poly, &f->cappoly, f->npoly + 1, sizeof *f->poly) ||
	    grow((void **)&f->ring, &f->capring, f->nring + nr, sizeof *f->ring))
		return HR_ENOMEM;
	for (size_t i = 0; i < nr; i++) {
		const json_t *ring = json_array_get(rings, i);
		size_t np = json_array_size(ring);
		if (!json_is_array(ring))
			return refuse(err, "geometry", "%s[%zu]: a linear ring is an array of positions, not %s",
			              path, i, json_what(ring));
		if (np == 0) /* shorter rings are left to GEOS, which says what is wrong */
			return refuse(err, "geometry", "%s[%zu]: a linear ring has no positions", path, i);
		if (grow((void **)&f->xy, &f->capxy, (f->nxy + np) * 2, sizeof *f->xy))
			return HR_ENOMEM;
		for (size_t j = 0; j < np; j++) {
			double *xy = f->xy + 2 * (f->nxy + j);
			if (position(json_array_get(ring, j), &xy[0], &xy[1]))
				return refuse(err, "geometry", "%s[%zu][%zu]: " POSITION_RULE, path, i, j);
		}
		f->nxy += np;
		f->ring[f->nring++] = np;
	}
	f->poly[f->npoly++] = nr;
	return 0;
}

/* The geometry's GEOS-checked WKB into *wkb. 0, 1 refused, HR_ENOMEM */
static int geometry_wkb(unsigned char **wkb, size_t *len, const json_t *g, const char *field,
                        hr_read_error *err)
{
	const json_t *type = json_object_get(g, "type");
	const json_t *coords = json_object_get(g, "coordinates");
	const char *t;
	char gerr[256] = "", path[64];
	flat f = {0};
	int rc;
	if (!json_is_object(g))
		return refuse(err, field, "%s must be a GeoJSON geometry object or null, not %s", field,
		              json_what(g));
	if (json_object_get(g, "crs"))
		return refuse(err, field, CRS_REASON);
	if (!json_is_string(type))
		return refuse(err, field, "%s has no \"type\" string", field);
	t = json_string_value(type);
	if (strcmp(t, "Point") && strcmp(t, "Polygon") && strcmp(t, "MultiPolygon")) {
		char q[80];
		return refuse(err, field,
		              "geometry type %s is not accepted: the register takes Polygon or "
		              "MultiPolygon (areas, release parts) and Point (items, accidents, EORE)",
		              quoted(q, sizeof q, t));
	}
	if (!coords)
		return refuse(err, field, "%s has no \"coordinates\" member", field);
	hr__fmt(path, sizeof path, "%s.coordinates", field);
	if (strcmp(t, "Point") == 0) {
		double lon, lat;
		if (position(coords, &lon, &lat))
			return refuse(err, field, "%s: " POSITION_RULE, path);
		rc = hr_geom_point(wkb, len, lon, lat, gerr, sizeof gerr);
	} else if (strcmp(t, "Polygon") == 0) {
		if ((rc = add_polygon(&f, coords, path, err)))
			goto done;
		rc = hr_geom_polygon(wkb, len, f.xy, f.ring, f.nring, f.poly, f.npoly, 0, gerr,
		                     sizeof gerr);
	} else {
		size_t n = json_array_size(coords);
		if (!json_is_array(coords) || n == 0) {
			rc = refuse(err, field, "%s: a MultiPolygon needs an array of one or more polygons",
			            path);
			goto done;
		}
		for (size_t i = 0; i < n; i++) {
			char sub[80];
			hr__fmt(sub, sizeof sub, "%s[%zu]", path, i);
			if ((rc = add_polygon(&f, json_array_get(coords, i), sub, err)))
				goto done;
		}
		rc = hr_geom_polygon(wkb, len, f.xy, f.ring, f.nring, f.poly, f.npoly, 1, gerr,
		                     sizeof gerr);
	}
	if (rc == HR_ENOMEM)
		goto done;
	if (rc < 0)
		rc = refuse(err, field, "%s", gerr[0] ? gerr : hr_strerror(rc));
done:
	flat_free(&f);
	return rc;
}

static int set_geometry(hr_record *rec, int tag, const json_t *g, const char *field,
                        hr_read_error *err)
{
	unsigned char *wkb = NULL;
	size_t len = 0;
	int rc = geometry_wkb(&wkb, &len, g, field, err);
	if (rc == 0)
		rc = hr_record_set_geom(rec, tag, wkb, len);
	hr_free(wkb);
	return rc;
}

/* ---- properties ----------------------------------------------------- */

static int set_rc(int rc, hr_read_error *err, const char *field)
{
	if (rc == 0 || rc == HR_ENOMEM || rc == 1)
		return rc;
	return refuse(err, field, "not accepted for this kind (%s)", hr_strerror(rc));
}

/* A TIME value; `pre` starts the reason ("" or "contamination[0].emplaced_latest: "). */
static int parse_time(hr_time *t, const json_t *v, const char *field, const char *pre,
                      hr_read_error *err)
{
	char q[80];
	if (!json_is_string(v))
		return refuse(err, field, "%s" TIME_FORMAT ", not %s", pre, json_what(v));
	if (hr_time_parse(t, json_string_value(v), json_string_length(v)))
		return refuse(err, field, "%s%s is not a time; " TIME_FORMAT, pre,
		              quoted(q, sizeof q, json_string_value(v)));
	return 0;
}

/*
 * One contamination entry (an object). `pre` starts reasons about the entry
 * ("" or "contamination[1]: "), `at` those about a member ("" or "contamination[1].").
 */
static int set_contam(hr_record *rec, const json_t *v, const char *field, const char *pre,
                      const char *at, hr_read_error *err)
{
	hr_contam c = {NULL, HR_COUNT_UNKNOWN, 0, HR_TIME_NONE, HR_TIME_NONE};
	const char *key;
	json_t *m;
	char q[80];
	int rc;
	if (!json_is_object(v))
		return refuse(err, field,
		              "%sa contamination entry is an object {\"class\", \"count\", "
		              "\"confirmed\", \"emplaced_earliest\", \"emplaced_latest\"}, not %s",
		              pre, json_what(v));
	json_object_foreach((json_t *)v, key, m) {
		if (strcmp(key, "class") == 0) {
			if (!json_is_string(m))
				return refuse(err, field, "%sclass: a device-class id string is required",
				              at);
			c.device_class = (char *)json_string_value(m);
		} else if (strcmp(key, "count") == 0) {
			if (json_is_null(m) || (json_is_string(m) && !strcmp(json_string_value(m), "unknown")))
				c.count = HR_COUNT_UNKNOWN;
			else if (json_is_integer(m) && json_integer_value(m) >= 0)
				c.count = json_integer_value(m);
			else
				return refuse(err, field,
				              "%scount: a number of devices (integer >= 0) or \"unknown\"",
				              at);
		} else if (strcmp(key, "confirmed") == 0) {
			if (json_is_boolean(m))
				c.confirmed = json_is_true(m);
			else if (!json_is_null(m))
				return refuse(err, field, "%sconfirmed: expected true or false, not %s",
				              at, json_what(m));
		} else if (strcmp(key, "emplaced_earliest") == 0 || strcmp(key, "emplaced_latest") == 0) {
			hr_time *t = key[9] == 'e' ? &c.emplaced_earliest : &c.emplaced_latest;
			char sub[96];
			hr__fmt(sub, sizeof sub, "%s%s: ", at, key);
			if (!json_is_null(m) && (rc = parse_time(t, m, field, sub, err)))
				return rc;
		} else {
			return refuse(err, field,
			              "%sunknown member %s (a contamination entry has class, count, "
			              "confirmed, emplaced_earliest, emplaced_latest)",
			              pre, quoted(q, sizeof q, key));
		}
	}
	if (!c.device_class)
		return refuse(err, field, "%sclass: a device-class id string is required", at);
	return set_rc(hr_record_add_contam(rec, &c), err, field);
}

/* A signature: standard base64 (with padding) of the key ID (4 bytes,
 * big-endian) and the Ed25519 signature (64 bytes), spelled canonically. */
static int set_signature(hr_record *rec, const char *text, const char *name, hr_read_error *err)
{
	unsigned char raw[68];
	char again[sodium_base64_ENCODED_LEN(68, sodium_base64_VARIANT_ORIGINAL)];
	size_t len = 0;
	const char *end = NULL;
	hr_value v = {0};
	if (sodium_base642bin(raw, sizeof raw, text, strlen(text), NULL, &len, &end,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    *end != '\0' || len != sizeof raw ||
	    strcmp(sodium_bin2base64(again, sizeof again, raw, sizeof raw,
	                             sodium_base64_VARIANT_ORIGINAL),
	           text) != 0)
		return refuse(err, name, "expected the base64 of 68 bytes (key ID and Ed25519 "
		                         "signature), %zu characters", sizeof again - 1);
	v.tag = HR_F_SIGNATURE;
	v.type = HR_FT_SIG;
	v.u.sig.key_id = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 | (uint32_t)raw[2] << 8 |
	                 raw[3];
	memcpy(v.u.sig.sig, raw + 4, 64);
	return hr_record__append_raw(rec, &v);
}

/*
 * A private value sent with the salt of its commitment, {"value": TEXT,
 * "salt": 32 hex digits}: what a signer signed (hazreg sign), so that the
 * commitment, and with it the signature, comes out the same here.
 */
static int set_salted(hr_record *rec, const hr_field_def *f, const json_t *v, const char *pre,
                      hr_read_error *err)
{
	const json_t *value = json_object_get(v, "value"), *salt = json_object_get(v, "salt");
	unsigned char raw[16];
	size_t got = 0;
	const char *end = NULL;
	if (json_object_size(v) != 2 || !json_is_string(value) || !json_is_string(salt))
		return refuse(err, f->name, "%sa salted private value is {\"value\": a string, "
		                            "\"salt\": 32 hex digits} and nothing else", pre);
	if (json_string_length(salt) != 32 ||
	    sodium_hex2bin(raw, sizeof raw, json_string_value(salt), 32, NULL, &got, &end) != 0 ||
	    got != sizeof raw || *end != '\0')
		return refuse(err, f->name, "%ssalt: expected 32 hex digits (16 bytes)", pre);
	return set_rc(hr_record_set_private_salted(rec, f->tag, json_string_value(value), raw), err,
	              f->name);
}

/*
 * One value of a property, or one element of a repeated one at `path`
 * ("victims[1]"); reasons about an element start with its path.
 */
static int set_one(hr_record *rec, const hr_field_def *f, const json_t *v, const char *path,
                   hr_read_error *err)
{
	const char *name = f->name;
	char q[80], words[256], pre[112], at[112];
	if (strcmp(path, name) == 0) {
		pre[0] = at[0] = '\0';
	} else {
		hr__fmt(pre, sizeof pre, "%s: ", path);
		hr__fmt(at, sizeof at, "%s.", path);
	}
	switch (f->type) {
	case HR_FT_TEXT:
		if (!json_is_string(v))
			return refuse(err, name, "%sexpected a string, not %s", pre, json_what(v));
		return set_rc(hr_record_set_text(rec, f->tag, json_string_value(v)), err, name);
	case HR_FT_ENUM:
		word_list(words, sizeof words, f->words);
		if (!json_is_string(v))
			return refuse(err, name, "%sexpected one of %s, not %s", pre, words,
			              json_what(v));
		for (const char *const *w = f->words; w && *w; w++)
			if (strcmp(*w, json_string_value(v)) == 0)
				return set_rc(hr_record_set_text(rec, f->tag, *w), err, name);
		return refuse(err, name, "%s%s is not one of %s", pre,
		              quoted(q, sizeof q, json_string_value(v)), words);
	case HR_FT_INT:
		if (!json_is_integer(v))
			return refuse(err, name, "%sexpected an integer, not %s", pre, json_what(v));
		return set_rc(hr_record_set_int(rec, f->tag, json_integer_value(v)), err, name);
	case HR_FT_REAL:
		if (!json_is_number(v))
			return refuse(err, name, "%sexpected a number, not %s", pre, json_what(v));
		return set_rc(hr_record_set_real(rec, f->tag, json_number_value(v)), err, name);
	case HR_FT_BOOL:
		if (!json_is_boolean(v))
			return refuse(err, name, "%sexpected true or false, not %s", pre, json_what(v));
		return set_rc(hr_record_set_int(rec, f->tag, json_is_true(v)), err, name);
	case HR_FT_TIME: {
		hr_time t;
		int rc = parse_time(&t, v, name, pre, err);
		return rc ? rc : set_rc(hr_record_set_time(rec, f->tag, t), err, name);
	}
	case HR_FT_GEOM:
		/* benchmark: [lon, lat] or a Point */
		if (json_is_array(v)) {
			double lon, lat;
			unsigned char *wkb = NULL;
			size_t len = 0;
			char gerr[256] = "";
			int rc;
			if (position(v, &lon, &lat))
				return refuse(err, name, "%s" POSITION_RULE, pre);
			rc = hr_geom_point(&wkb, &len, lon, lat, gerr, sizeof gerr);
			if (rc == 0)
				rc = hr_record_set_geom(rec, f->tag, wkb, len);
			else if (rc != HR_ENOMEM)
				rc = refuse(err, name, "%s", gerr[0] ? gerr : hr_strerror(rc));
			hr_free(wkb);
			return set_rc(rc, err, name);
		}
		return set_rc(set_geometry(rec, f->tag, v, name, err), err, name);
	case HR_FT_CONTAM:
		return set_contam(rec, v, name, pre, at, err);
	case HR_FT_SIG:
		if (!json_is_string(v))
			return refuse(err, name, "%sexpected a base64 string, not %s", pre, json_what(v));
		return set_rc(set_signature(rec, json_string_value(v), name, err), err, name);
	case HR_FT_PRIVATE: {
		char *text;
		int rc;
		if (json_is_string(v))
			return set_rc(hr_record_set_private(rec, f->tag, json_string_value(v)), err, name);
		if (json_is_object(v) && json_object_get(v, "salt"))
			return set_salted(rec, f, v, pre, err);
		if (!json_is_object(v) || !(f->flags & HR_FIELD_REPEAT))
			return refuse(err, name, "%sexpected a string%s, not %s", pre,
			              f->flags & HR_FIELD_REPEAT ? " or an object" : "", json_what(v));
		text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		if (!text)
			return HR_ENOMEM;
		rc = hr_record_set_private(rec, f->tag, text);
		{
			/* the text held personal data: wipe it before handing it back */
			volatile char *p = text;
			while (*p)
				*p++ = 0;
			hr_gj__json_free(text);
		}
		return set_rc(rc, err, name);
	}
	default:
		return refuse(err, name, "%sthis field cannot be imported", pre);
	}
}

/* A property: one value, or for a repeated field an array of them. */
static int set_property(hr_record *rec, const hr_field_def *f, const json_t *v,
                        hr_read_error *err)
{
	char path[96];
	int rc;
	if (!(f->flags & HR_FIELD_REPEAT))
		return set_one(rec, f, v, f->name, err);
	if (!json_is_array(v))
		return refuse(err, f->name, "expected an array (one entry each), not %s",
		              json_what(v));
	for (size_t i = 0; i < json_array_size(v); i++) {
		hr__fmt(path, sizeof path, "%s[%zu]", f->name, i);
		if ((rc = set_one(rec, f, json_array_get(v, i), path, err)))
			return rc;
	}
	return 0;
}

/* ---- the feature ---------------------------------------------------- */

/* An id value: string or integer, as text. @return 0, or -1 for another type */
static int id_text(char *buf, size_t n, const json_t *v)
{
	if (json_is_string(v)) {
		hr__fmt(buf, n, "%s", json_string_value(v));
		return strlen(json_string_value(v)) < n ? 0 : -1;
	}
	if (json_is_integer(v)) {
		hr__fmt(buf, n, "%lld", (long long)json_integer_value(v));
		return 0;
	}
	return -1;
}

/* The kind named by properties.kind (default "area"). 0, or 1 refused. */
static int feature_kind(int *kind, const json_t *props, hr_read_error *err)
{
	const json_t *k = json_is_object(props) ? json_object_get(props, "kind") : NULL;
	char q[80], kinds[128];
	size_t o = 0;
	*kind = HR_KIND_AREA;
	if (!k || json_is_null(k))
		return 0;
	for (int i = 1; i <= HR_KIND_MAX && o < sizeof kinds; i++)
		o += (size_t)snprintf(kinds + o, sizeof kinds - o, "%s%s", i > 1 ? ", " : "",
		                      hr_kind_name(i));
	if (!json_is_string(k))
		return refuse(err, "kind", "kind must be a string, one of %s; not %s", kinds,
		              json_what(k));
	*kind = hr_kind_from_name(json_string_value(k));
	if (*kind == 0)
		return refuse(err, "kind", "unknown kind %s; expected one of %s",
		              quoted(q, sizeof q, json_string_value(k)), kinds);
	return 0;
}

/*
 * The record's id: the Feature's "id" or properties.id (string or integer);
 * both may be given if they agree. `id` receives "" when there is none.
 */
static int feature_id(char *id, size_t n, const json_t *feat, const json_t *props,
                      hr_read_error *err)
{
	const json_t *fid = json_object_get(feat, "id");
	const json_t *pid = json_is_object(props) ? json_object_get(props, "id") : NULL;
	char a[ID_BUF], b[ID_BUF], qa[80], qb[80];
	id[0] = '\0';
	if (json_is_null(fid))
		fid = NULL;
	if (json_is_null(pid))
		pid = NULL;
	if (fid && id_text(a, sizeof a, fid))
		return refuse(err, "id", "the Feature's id must be a string or an integer of at most "
		                         "%d bytes, not %s", ID_BUF - 1, json_what(fid));
	if (pid && id_text(b, sizeof b, pid))
		return refuse(err, "id", "properties.id must be a string or an integer of at most "
		                         "%d bytes, not %s", ID_BUF - 1, json_what(pid));
	if (fid && pid && strcmp(a, b) != 0)
		return refuse(err, "id", "the Feature's id %s and properties.id %s differ",
		              quoted(qa, sizeof qa, a), quoted(qb, sizeof qb, b));
	if (fid || pid)
		hr__fmt(id, n, "%s", fid ? a : b);
	return 0;
}

/* The feature's members, per RFC 7946 section 3.2. 0, or 1 refused. */
static int feature_shape(const json_t *feat, hr_read_error *err)
{
	const json_t *type = json_object_get(feat, "type");
	const json_t *props = json_object_get(feat, "properties");
	char q[80];
	if (!type)
		return refuse(err, "type", "the feature has no \"type\" member; expected "
		                           "\"type\": \"Feature\"");
	if (!json_is_string(type))
		return refuse(err, "type", "the feature's \"type\" must be \"Feature\", not %s",
		              json_what(type));
	if (strcmp(json_string_value(type), "Feature") != 0)
		return refuse(err, "type", "the feature's \"type\" must be \"Feature\", not %s",
		              quoted(q, sizeof q, json_string_value(type)));
	if (json_object_get(feat, "crs"))
		return refuse(err, "crs", CRS_REASON);
	if (!json_object_get(feat, "geometry"))
		return refuse(err, "geometry", "the feature has no \"geometry\" member (RFC 7946 "
		                               "section 3.2; use null for none)");
	if (!props)
		return refuse(err, "properties", "the feature has no \"properties\" member (RFC 7946 "
		                                 "section 3.2; use null for none)");
	if (!json_is_object(props) && !json_is_null(props))
		return refuse(err, "properties", "properties must be an object or null, not %s",
		              json_what(props));
	return 0;
}

/* Split the validator's "field: reason" into err. */
static int refuse_invalid(hr_read_error *err, const char *msg)
{
	const char *sep = strstr(msg, ": ");
	char field[64];
	if (!sep)
		return refuse(err, "", "%s", msg);
	hr__fmt(field, sizeof field, "%.*s", (int)(sep - msg < 63 ? sep - msg : 63), msg);
	return refuse(err, field, "%s", sep + 2);
}

int hr_gj__feature_record(hr_record **out, json_t *feat, hr_read_error *err)
{
	hr_record *rec = NULL;
	const json_t *props, *geom;
	const char *key;
	json_t *v;
	char id[ID_BUF], vmsg[384], q[80];
	int kind, rc;
	if (!out || !feat || !err)
		return HR_EINVAL;
	*out = NULL;
	if (!json_is_object(feat)) {
		rc = refuse(err, "", "a feature must be an object with \"type\": \"Feature\", not %s",
		            json_what(feat));
		goto done;
	}
	props = json_object_get(feat, "properties");
	geom = json_object_get(feat, "geometry");
	if ((rc = feature_id(id, sizeof id, feat, props, err)))
		goto done;
	hr_gj__copy_utf8(err->id, sizeof err->id, id);
	if ((rc = feature_shape(feat, err)) || (rc = feature_kind(&kind, props, err)))
		goto done;
	if ((rc = hr_record_new(&rec, (hr_kind)kind)))
		goto done;
	if (id[0] && (rc = set_rc(hr_record_set_text(rec, HR_F_ID, id), err, "id")))
		goto done;
	if (json_is_object(props)) {
		json_object_foreach((json_t *)props, key, v) {
			const hr_field_def *f;
			if (!strcmp(key, "kind") || !strcmp(key, "id") || json_is_null(v))
				continue;
			f = hr_schema_field_by_name(kind, key);
			if (f && f->tag == HR_F_GEOM) {
				rc = refuse(err, "geometry", "the geometry goes in the Feature's \"geometry\" "
				                             "member, not in properties");
				goto done;
			}
			if (!f) {
				rc = refuse(err, key, "unknown property %s for a%s %s record",
				            quoted(q, sizeof q, key), kind == HR_KIND_AREA ||
				            kind == HR_KIND_ITEM || kind == HR_KIND_ACCIDENT ||
				            kind == HR_KIND_EORE ? "n" : "", hr_kind_name(kind));
				goto done;
			}
			if ((rc = set_property(rec, f, v, err)))
				goto done;
		}
	}
	if (!json_is_null(geom)) {
		if (!hr_schema_field(kind, HR_F_GEOM)) {
			rc = refuse(err, "geometry", "a %s record takes no geometry; use null",
			            hr_kind_name(kind));
			goto done;
		}
		if ((rc = set_geometry(rec, HR_F_GEOM, geom, "geometry", err)))
			goto done;
	}
	vmsg[0] = '\0';
	rc = hr_record_validate(rec, vmsg, sizeof vmsg);
	if (rc == HR_EVALIDATE)
		rc = refuse_invalid(err, vmsg[0] ? vmsg : "invalid record");
	else if (rc < 0 && rc != HR_ENOMEM)
		rc = refuse(err, "", "%s", hr_strerror(rc));
	if (rc == 0) {
		*out = rec;
		rec = NULL;
	}
done:
	hr_record_free(rec);
	return rc;
}

/* ---- the reader ----------------------------------------------------- */

typedef struct {
	hr_reader base;
	hr_gj_stream *s;
	hr_mapping *map; /* or NULL */
} gj_reader;

static int gj_next(hr_reader *r, hr_record **rec, hr_read_error *err)
{
	gj_reader *g = (gj_reader *)r;
	json_t *feat;
	uint64_t index = 0;
	int rc;
	if (!r || !rec || !err)
		return HR_EINVAL;
	*rec = NULL;
	memset(err, 0, sizeof *err);
	rc = hr_gj__stream_next(g->s, &feat, &index, err);
	if (rc <= 0)
		return rc;
	err->index = index;
	rc = hr_mapping__feature_record(rec, g->map, feat, err);
	if (rc == 0)
		memset(err, 0, sizeof *err);
	else if (rc == HR_ENOMEM)
		hr__fmt(err->reason, sizeof err->reason, "out of memory");
	return rc < 0 ? rc : 1;
}

static const char *gj_raw(hr_reader *r)
{
	return r ? hr_gj__stream_raw(((gj_reader *)r)->s) : "";
}

static void gj_progress(hr_reader *r, uint64_t *done, uint64_t *total)
{
	hr_gj__stream_progress(r ? ((gj_reader *)r)->s : NULL, done, total);
}

static void gj_close(hr_reader *r)
{
	if (!r)
		return;
	hr_gj__stream_close(((gj_reader *)r)->s);
	hr_mapping__free(((gj_reader *)r)->map);
	hr_free(r);
}

static int reader_new(hr_reader **out, gj_reader **g)
{
	*g = hr__calloc(1, sizeof **g);
	if (!*g)
		return HR_ENOMEM;
	(*g)->base.version = HR_READER_VERSION;
	(*g)->base.next = gj_next;
	(*g)->base.raw = gj_raw;
	(*g)->base.progress = gj_progress;
	(*g)->base.close = gj_close;
	*out = &(*g)->base;
	return 0;
}

int hr_reader_geojson(hr_reader **out, const char *path, char *err, size_t errlen)
{
	return hr_reader__geojson_mapped(out, path, NULL, err, errlen);
}

int hr_reader__geojson_mapped(hr_reader **out, const char *path, hr_mapping *m, char *err,
                              size_t errlen)
{
	gj_reader *g = NULL;
	FILE *fp = NULL;
	uint64_t total = 0;
	int rc, is_stdin;
	if (out)
		*out = NULL;
	if (!out || !path) {
		hr__fmt(err, errlen, "no reader or path given");
		return HR_EINVAL;
	}
	is_stdin = strcmp(path, "-") == 0;
	if ((rc = hr_fmt__open_input(&fp, &total, path, err, errlen)))
		return rc;
	if ((rc = reader_new(out, &g)))
		goto done;
	if ((rc = hr_gj__stream_file(&g->s, fp, !is_stdin, total)))
		goto done;
	fp = NULL; /* the stream has it */
	g->map = m;
	m = NULL;
	g = NULL;
done:
	if (rc) {
		if (rc == HR_ENOMEM)
			hr__fmt(err, errlen, "out of memory");
		*out = NULL;
	}
	if (fp && fp != stdin)
		fclose(fp);
	hr_free(g);
	hr_mapping__free(m);
	return rc;
}

int hr_geojson_read_feature(hr_record **out, const char *text, size_t len, hr_read_error *err)
{
	hr_reader *rd = NULL;
	hr_record *extra = NULL;
	hr_read_error more;
	int rc;
	if (!out || !err || (!text && len))
		return HR_EINVAL;
	*out = NULL;
	memset(err, 0, sizeof *err);
	if ((rc = hr_reader__geojson_mem(&rd, (const unsigned char *)text, len, 0, err->reason,
	                                 sizeof err->reason)))
		return rc;
	rc = rd->next(rd, out, err);
	if (rc == 1 && !*out) {
		rc = HR_EVALIDATE; /* refused: err says why */
	} else if (rc == 0) {
		hr__fmt(err->reason, sizeof err->reason, "expected a GeoJSON Feature; found none");
		rc = HR_EINVAL;
	} else if (rc == 1) {
		rc = rd->next(rd, &extra, &more);
		if (rc != 0) {
			hr_record_free(*out);
			*out = NULL;
			*err = more; /* what follows the feature is not JSON */
			if (rc == 1) {
				memset(err, 0, sizeof *err);
				hr__fmt(err->reason, sizeof err->reason,
				        "expected one GeoJSON Feature; found more");
			}
			rc = rc == HR_ENOMEM ? rc : HR_EINVAL;
		}
	} else if (rc != HR_ENOMEM) {
		rc = HR_EINVAL; /* not JSON, or not GeoJSON: err says where */
	}
	hr_record_free(extra);
	rd->close(rd);
	return rc;
}

int hr_reader__geojson_mem(hr_reader **out, const unsigned char *data, size_t len, size_t chunk,
                           char *err, size_t errlen)
{
	gj_reader *g = NULL;
	int rc;
	if (out)
		*out = NULL;
	if (!out || (!data && len)) {
		hr__fmt(err, errlen, "no reader or data given");
		return HR_EINVAL;
	}
	if ((rc = reader_new(out, &g)) || (rc = hr_gj__stream_mem(&g->s, data, len, chunk))) {
		hr__fmt(err, errlen, "out of memory");
		*out = NULL;
		hr_free(g);
		return rc;
	}
	return 0;
}
