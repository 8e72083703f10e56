/*
 * geojson_record.c - one record as a GeoJSON Feature, written so that the
 * GeoJSON reader (geojson_read.c) reads it back to the same record, byte
 * for byte in canonical form: what "hazreg sign" hands to POST /records,
 * and how the HTTP API shows a record of the log to those allowed to see
 * its private fields.
 *
 * The round trip holds because every value is written exactly: reals with
 * 17 significant digits, coordinates with 7 decimals on the register's
 * 1e-7 degree grid, times to the second as the log keeps them, private
 * values with the salts of their commitments, the signature as the base64
 * the reader takes.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <sodium.h>
#include <string.h>

static int put_geom(hr_buf *b, const hr_value *v)
{
	char *g = NULL;
	int rc = hr_geom_to_geojson(&g, v->u.geom.wkb, v->u.geom.len);
	if (rc)
		return rc;
	hr_buf_put(b, g, strlen(g));
	hr_free(g);
	return 0;
}

static void put_time_member(hr_buf *b, const char *name, hr_time t)
{
	char s[HR_TIME_BUFSZ];
	if (t != HR_TIME_NONE)
		hr_buf_printf(b, ",\"%s\":\"%s\"", name, hr_time_format(s, t));
}

static void put_contam(hr_buf *b, const hr_contam *c)
{
	hr_buf_put(b, "{\"class\":", 9);
	hr_buf_json_str(b, c->device_class);
	if (c->count == HR_COUNT_UNKNOWN)
		hr_buf_printf(b, ",\"count\":\"unknown\"");
	else
		hr_buf_printf(b, ",\"count\":%lld", (long long)c->count);
	hr_buf_printf(b, ",\"confirmed\":%s", c->confirmed ? "true" : "false");
	put_time_member(b, "emplaced_earliest", c->emplaced_earliest);
	put_time_member(b, "emplaced_latest", c->emplaced_latest);
	hr_buf_putc(b, '}');
}

static void put_private(hr_buf *b, const hr_value *v)
{
	char salt[33];
	hr_buf_put(b, "{\"value\":", 9);
	hr_buf_json_str(b, v->u.priv.value);
	hr_buf_printf(b, ",\"salt\":\"%s\"}",
	              sodium_bin2hex(salt, sizeof salt, v->u.priv.salt, sizeof v->u.priv.salt));
}

/* One value as the reader takes it for its field. */
static int put_value(hr_buf *b, const hr_value *v)
{
	char t[HR_TIME_BUFSZ];
	switch (v->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM:
		hr_buf_json_str(b, v->u.text);
		return 0;
	case HR_FT_INT:
		hr_buf_printf(b, "%lld", (long long)v->u.i);
		return 0;
	case HR_FT_BOOL:
		hr_buf_printf(b, "%s", v->u.i ? "true" : "false");
		return 0;
	case HR_FT_REAL:
		hr_buf_printf(b, "%.17g", v->u.r);
		return 0;
	case HR_FT_TIME:
		hr_buf_printf(b, "\"%s\"", hr_time_format(t, v->u.t));
		return 0;
	case HR_FT_GEOM:
		return put_geom(b, v);
	case HR_FT_CONTAM:
		put_contam(b, &v->u.contam);
		return 0;
	case HR_FT_SIG: {
		char text[HR_SIGNATURE_TEXT_BUFSZ];
		hr_buf_json_str(b, hr_signature_text(text, v));
		return 0;
	}
	case HR_FT_PRIVATE:
		put_private(b, v);
		return 0;
	default:
		return HR_EINVAL;
	}
}

/* Whether the value is written at all. */
static int shown(const hr_value *v, unsigned flags)
{
	if (v->tag == HR_F_ID || v->tag == HR_F_GEOM)
		return 0; /* the Feature's own members */
	if (v->type == HR_FT_PRIVATE)
		return (flags & HR_GEOJSON_PRIVATE) && v->u.priv.value;
	return 1;
}

int hr_record_to_geojson(char **out, const hr_record *rec, unsigned flags)
{
	const hr_value *geom;
	hr_buf b = {0};
	int rc = 0;
	if (out)
		*out = NULL;
	if (!out || !rec || !hr_kind_name((int)rec->kind) || !hr_record_text(rec, HR_F_ID))
		return HR_EINVAL;
	hr_buf_put(&b, "{\"type\":\"Feature\",\"id\":", 23);
	hr_buf_json_str(&b, hr_record_text(rec, HR_F_ID));
	hr_buf_put(&b, ",\"geometry\":", 12);
	if ((geom = hr_record_get(rec, HR_F_GEOM, 0)))
		rc = put_geom(&b, geom);
	else
		hr_buf_put(&b, "null", 4);
	hr_buf_printf(&b, ",\"properties\":{\"kind\":\"%s\"", hr_kind_name((int)rec->kind));
	for (size_t i = 0; i < rec->n && rc == 0;) {
		const hr_field_def *f = hr_schema_field((int)rec->kind, rec->v[i].tag);
		int repeat = f && (f->flags & HR_FIELD_REPEAT), first = 1;
		size_t j = i;
		if (!f) {
			rc = HR_EINVAL;
			break;
		}
		for (; j < rec->n && rec->v[j].tag == rec->v[i].tag; j++) {
			if (!shown(&rec->v[j], flags))
				continue;
			if (first)
				hr_buf_printf(&b, ",\"%s\":%s", f->name, repeat ? "[" : "");
			else
				hr_buf_putc(&b, ',');
			first = 0;
			rc = put_value(&b, &rec->v[j]);
		}
		if (repeat && !first)
			hr_buf_putc(&b, ']');
		i = j;
	}
	hr_buf_put(&b, "}}", 2);
	if (rc == 0 && b.oom)
		rc = HR_ENOMEM;
	if (rc == 0) {
		*out = (char *)b.p; /* hr_buf keeps its bytes NUL-terminated */
		return 0;
	}
	hr_buf_free(&b);
	return rc;
}
