/*
 * codec.c - the canonical byte form of a record and its RFC 6962 leaf hash.
 *
 * These bytes are what the log stores and what the Merkle tree commits to,
 * so they are specified exactly (docs/log-format.md) and decoded strictly:
 * for every record there is exactly one byte string, and decode followed
 * by encode gives back the same bytes.
 *
 *   offset size  content
 *   0      4     magic "HZR" 0x01 (format version 1)
 *   4      1     kind (hr_kind)
 *   5      8     appended: hr_time, signed 64-bit big-endian
 *   13     ...   fields, in ascending tag order (repeats in order):
 *                  1 byte   tag (hr_tag)
 *                  varint   length L of the value (unsigned LEB128, minimal)
 *                  L bytes  value:
 *                    TEXT, ENUM  UTF-8, no NUL, L >= 1
 *                    INT, TIME   8 bytes, signed big-endian
 *                    BOOL        1 byte, 0x00 or 0x01
 *                    REAL        8 bytes, IEEE 754 binary64 big-endian, finite
 *                    GEOM        2D WKB (little-endian, as GEOS writes it)
 *                    CONTAM      1 byte confirmed (0/1), 8 count (-1 unknown),
 *                                8 emplaced_earliest, 8 emplaced_latest
 *                                (INT64_MIN: not known), then the class id (UTF-8)
 *                    PRIVATE     32 bytes SHA-256(salt(16) || value): the
 *                                value and salt live outside the log
 *                    SIG         68 bytes: key ID (4, big-endian) then the
 *                                Ed25519 signature (64)
 */
#include "core/core_int.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

static const unsigned char magic[4] = {'H', 'Z', 'R', 0x01};
#define HEADER_LEN 13
#define CONTAM_FIXED 25

static void be64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static int put64(hr_buf *b, int64_t v)
{
	unsigned char x[8];
	be64(x, (uint64_t)v);
	return hr_buf_put(b, x, 8);
}

static int put_varint(hr_buf *b, uint64_t v)
{
	do {
		unsigned char c = v & 0x7f;
		v >>= 7;
		if (v)
			c |= 0x80;
		hr_buf_putc(b, c);
	} while (v);
	return b->oom ? HR_ENOMEM : 0;
}

static int encode_value(hr_buf *b, const hr_value *v)
{
	size_t len;
	hr_buf_putc(b, v->tag);
	switch (v->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM:
		len = strlen(v->u.text);
		put_varint(b, len);
		return hr_buf_put(b, v->u.text, len);
	case HR_FT_INT:
		put_varint(b, 8);
		return put64(b, v->u.i);
	case HR_FT_TIME:
		put_varint(b, 8);
		return put64(b, v->u.t);
	case HR_FT_BOOL:
		put_varint(b, 1);
		return hr_buf_putc(b, v->u.i ? 1 : 0);
	case HR_FT_REAL: {
		uint64_t bits;
		memcpy(&bits, &v->u.r, 8);
		put_varint(b, 8);
		return put64(b, (int64_t)bits);
	}
	case HR_FT_GEOM:
		put_varint(b, v->u.geom.len);
		return hr_buf_put(b, v->u.geom.wkb, v->u.geom.len);
	case HR_FT_CONTAM:
		len = strlen(v->u.contam.device_class);
		put_varint(b, CONTAM_FIXED + len);
		hr_buf_putc(b, v->u.contam.confirmed ? 1 : 0);
		put64(b, v->u.contam.count);
		put64(b, v->u.contam.emplaced_earliest);
		put64(b, v->u.contam.emplaced_latest);
		return hr_buf_put(b, v->u.contam.device_class, len);
	case HR_FT_PRIVATE:
		put_varint(b, 32);
		return hr_buf_put(b, v->u.priv.hash, 32);
	case HR_FT_SIG: {
		unsigned char id[4] = {(unsigned char)(v->u.sig.key_id >> 24),
		                       (unsigned char)(v->u.sig.key_id >> 16),
		                       (unsigned char)(v->u.sig.key_id >> 8),
		                       (unsigned char)v->u.sig.key_id};
		put_varint(b, 68);
		hr_buf_put(b, id, 4);
		return hr_buf_put(b, v->u.sig.sig, 64);
	}
	default:
		return HR_EINVAL;
	}
}

/* The canonical bytes; for_signing: appended 0 and no signature field,
 * after the signature context (the message an organisation signs). */
static int encode(unsigned char **out, size_t *outlen, const hr_record *rec, int for_signing)
{
	hr_buf b = {0};
	unsigned char hdr[HEADER_LEN];
	if (!out || !outlen || !rec || !hr_kind_name((int)rec->kind))
		return HR_EINVAL;
	*out = NULL;
	*outlen = 0;
	if (for_signing)
		hr_buf_put(&b, HR_RECORD_SIG_CONTEXT, strlen(HR_RECORD_SIG_CONTEXT));
	memcpy(hdr, magic, 4);
	hdr[4] = (unsigned char)rec->kind;
	be64(hdr + 5, for_signing ? 0 : (uint64_t)rec->appended);
	hr_buf_put(&b, hdr, sizeof hdr);
	for (size_t i = 0; i < rec->n; i++) {
		int rc;
		if (for_signing && rec->v[i].type == HR_FT_SIG)
			continue;
		rc = encode_value(&b, &rec->v[i]);
		if (rc && rc != HR_ENOMEM) {
			hr_buf_free(&b);
			return rc;
		}
	}
	if (b.oom) {
		hr_buf_free(&b);
		return HR_ENOMEM;
	}
	*out = b.p;
	*outlen = b.len;
	return 0;
}

int hr_record_encode(unsigned char **out, size_t *outlen, const hr_record *rec)
{
	return encode(out, outlen, rec, 0);
}

int hr_record_signed_message(unsigned char **out, size_t *outlen, const hr_record *rec)
{
	return encode(out, outlen, rec, 1);
}

/* A decoder over a byte string that reports the offset of what it rejects. */
typedef struct {
	const unsigned char *p;
	size_t len, pos;
	char *err;
	size_t errlen;
} reader;

static int bad(reader *r, const char *what)
{
	hr__fmt(r->err, r->errlen, "record bytes: %s at offset %zu", what, r->pos);
	return HR_ECORRUPT;
}

static int get_varint(reader *r, uint64_t *out)
{
	uint64_t v = 0;
	size_t start = r->pos;
	for (int shift = 0; shift < 64; shift += 7) {
		unsigned char c;
		if (r->pos >= r->len)
			return bad(r, "truncated length");
		c = r->p[r->pos++];
		if (shift == 63 && (c & 0xfe))
			return bad(r, "length overflows 64 bits");
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			if (c == 0 && r->pos - start > 1) {
				r->pos = start;
				return bad(r, "length not minimally encoded");
			}
			*out = v;
			return 0;
		}
	}
	return bad(r, "length too long");
}

static int decode_value(reader *r, hr_record *rec, const hr_field_def *f, size_t L)
{
	hr_value v = {0};
	const unsigned char *p = r->p + r->pos;
	v.tag = (uint8_t)f->tag;
	v.type = (uint8_t)f->type;
	switch (f->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM:
		if (L == 0 || !hr_record__utf8_ok((const char *)p, L))
			return bad(r, "text empty or not UTF-8");
		v.u.text = hr__strndup((const char *)p, L);
		if (!v.u.text)
			return HR_ENOMEM;
		if (f->type == HR_FT_ENUM && !hr_schema__enum_ok(f, v.u.text)) {
			hr_free(v.u.text);
			return bad(r, "unknown enumeration word");
		}
		break;
	case HR_FT_INT:
	case HR_FT_TIME:
		if (L != 8)
			return bad(r, "integer is not 8 bytes");
		v.u.i = (int64_t)rd64(p);
		break;
	case HR_FT_BOOL:
		if (L != 1 || p[0] > 1)
			return bad(r, "boolean is not one byte 0 or 1");
		v.u.i = p[0];
		break;
	case HR_FT_REAL: {
		uint64_t bits;
		if (L != 8)
			return bad(r, "real is not 8 bytes");
		bits = rd64(p);
		memcpy(&v.u.r, &bits, 8);
		if (!isfinite(v.u.r))
			return bad(r, "real is not finite");
		break;
	}
	case HR_FT_GEOM:
		if (L < 5)
			return bad(r, "geometry too short");
		v.u.geom.wkb = hr__malloc(L);
		if (!v.u.geom.wkb)
			return HR_ENOMEM;
		memcpy(v.u.geom.wkb, p, L);
		v.u.geom.len = L;
		break;
	case HR_FT_CONTAM:
		if (L <= CONTAM_FIXED || p[0] > 1)
			return bad(r, "contamination entry malformed");
		if (!hr_record__utf8_ok((const char *)p + CONTAM_FIXED, L - CONTAM_FIXED))
			return bad(r, "contamination class not UTF-8");
		v.u.contam.confirmed = p[0];
		v.u.contam.count = (int64_t)rd64(p + 1);
		v.u.contam.emplaced_earliest = (int64_t)rd64(p + 9);
		v.u.contam.emplaced_latest = (int64_t)rd64(p + 17);
		v.u.contam.device_class =
			hr__strndup((const char *)p + CONTAM_FIXED, L - CONTAM_FIXED);
		if (!v.u.contam.device_class)
			return HR_ENOMEM;
		break;
	case HR_FT_PRIVATE:
		if (L != 32)
			return bad(r, "private commitment is not 32 bytes");
		memcpy(v.u.priv.hash, p, 32);
		break;
	case HR_FT_SIG:
		if (L != 68)
			return bad(r, "signature is not 68 bytes");
		v.u.sig.key_id = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
		                 p[3];
		memcpy(v.u.sig.sig, p + 4, 64);
		break;
	default:
		return bad(r, "unknown field type");
	}
	r->pos += L;
	return hr_record__append_raw(rec, &v);
}

int hr_record_decode(hr_record **out, const unsigned char *buf, size_t len, char *err,
                     size_t errlen)
{
	reader r = {buf, len, 0, err, errlen};
	hr_record *rec = NULL;
	int rc, last_tag = 0;
	if (!out || (!buf && len))
		return HR_EINVAL;
	*out = NULL;
	if (len < HEADER_LEN || memcmp(buf, magic, 4) != 0)
		return bad(&r, "not a hazreg record (magic)");
	r.pos = 4;
	if (!hr_kind_name(buf[4]))
		return bad(&r, "unknown kind");
	if ((rc = hr_record_new(&rec, (hr_kind)buf[4])))
		return rc;
	rec->appended = (hr_time)rd64(buf + 5);
	r.pos = HEADER_LEN;
	while (r.pos < len) {
		size_t at = r.pos;
		int tag = buf[r.pos++];
		const hr_field_def *f = hr_schema_field((int)rec->kind, tag);
		uint64_t L = 0;
		if (!f) {
			r.pos = at;
			rc = bad(&r, "field tag not part of this kind");
			goto done;
		}
		if (tag < last_tag || (tag == last_tag && !(f->flags & HR_FIELD_REPEAT))) {
			r.pos = at;
			rc = bad(&r, "fields out of order or repeated");
			goto done;
		}
		last_tag = tag;
		if ((rc = get_varint(&r, &L)))
			goto done;
		if (L > len - r.pos) {
			rc = bad(&r, "value runs past the end");
			goto done;
		}
		if ((rc = decode_value(&r, rec, f, (size_t)L)))
			goto done;
	}
	*out = rec;
	rec = NULL;
	rc = 0;
done:
	hr_record_free(rec);
	return rc;
}

void hr_leaf_hash(unsigned char out[32], const unsigned char *bytes, size_t len)
{
	crypto_hash_sha256_state st;
	static const unsigned char zero = 0x00;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &zero, 1);
	crypto_hash_sha256_update(&st, bytes, len);
	crypto_hash_sha256_final(&st, out);
}
