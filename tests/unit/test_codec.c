/*
 * test_codec.c - canonical record bytes: round trips, strictness, leaf
 * hashes against RFC 6962 values, private commitments.
 */
#define _GNU_SOURCE
#include <sodium.h>
#include <string.h>

#include "core/core_int.h"
#include "test.h"

static hr_record *sample_area(void)
{
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0;
	double xy[] = {37.0, 48.0, 37.01, 48.0, 37.01, 48.01, 37.0, 48.01, 37.0, 48.0};
	size_t npts[] = {5}, nr[] = {1};
	hr_contam c = {"np-sd-48h", 12, 1, 1732060800, 1732147200};
	hr_contam u = {"persistent", HR_COUNT_UNKNOWN, 0, HR_TIME_NONE, HR_TIME_NONE};
	char err[256];
	hr_record_new(&r, HR_KIND_AREA);
	hr_record_set_text(r, HR_F_ID, "HA-1");
	hr_record_set_text(r, HR_F_ORG, "Demo Org");
	hr_record_set_time(r, HR_F_DOI, 1732147200);
	hr_record_set_text(r, HR_F_CLASSIFICATION, "CHA");
	hr_record_set_text(r, HR_F_STATUS, "open");
	HR_CHECK_INT_EQ(hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, sizeof err), 0);
	hr_record_set_geom(r, HR_F_GEOM, wkb, len);
	hr_record_add_contam(r, &c);
	hr_record_add_contam(r, &u);
	hr_record_set_private(r, HR_F_INFORMANT, "Invented Person, +380 00 000 0000");
	hr_record_set_int(r, HR_F_BENEFICIARIES, 250);
	hr_free(wkb);
	r->appended = 1750000000;
	return r;
}

static void test_roundtrip(void)
{
	hr_record *r = sample_area(), *d = NULL;
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	char err[256];
	HR_CHECK_INT_EQ(hr_record_validate(r, err, sizeof err), 0);
	HR_CHECK_INT_EQ(hr_record_encode(&a, &alen, r), 0);
	HR_CHECK_INT_EQ(hr_record_decode(&d, a, alen, err, sizeof err), 0);
	HR_CHECK_INT_EQ(hr_record_encode(&b, &blen, d), 0);
	HR_CHECK_INT_EQ(alen, blen);
	HR_CHECK(memcmp(a, b, alen) == 0);
	HR_CHECK_STR_EQ(hr_record_text(d, HR_F_ID), "HA-1");
	HR_CHECK_INT_EQ(d->appended, 1750000000);
	HR_CHECK_STR_EQ(hr_record_get(d, HR_F_CONTAM, 1)->u.contam.device_class, "persistent");
	HR_CHECK_INT_EQ(hr_record_get(d, HR_F_CONTAM, 1)->u.contam.count, HR_COUNT_UNKNOWN);
	/* the private value is not in the bytes, only its commitment */
	HR_CHECK(memmem(a, alen, "Invented", 8) == NULL);
	HR_CHECK(hr_record_get(d, HR_F_INFORMANT, 0)->u.priv.value == NULL);
	{
		const hr_value *p = hr_record_get(r, HR_F_INFORMANT, 0);
		unsigned char h[32];
		hr_record__commit(h, p->u.priv.salt, "Invented Person, +380 00 000 0000");
		HR_CHECK(memcmp(h, hr_record_get(d, HR_F_INFORMANT, 0)->u.priv.hash, 32) == 0);
	}
	/* every single-byte change is refused or decodes to other bytes */
	for (size_t i = 0; i < alen; i++) {
		hr_record *x = NULL;
		unsigned char *y = NULL;
		size_t ylen = 0;
		a[i] ^= 0x01;
		if (hr_record_decode(&x, a, alen, err, sizeof err) == 0) {
			HR_CHECK_INT_EQ(hr_record_encode(&y, &ylen, x), 0);
			HR_CHECK(ylen == alen && memcmp(y, a, alen) == 0);
		}
		a[i] ^= 0x01;
		hr_free(y);
		hr_record_free(x);
	}
	/* every truncation is refused or shorter-but-canonical */
	for (size_t n = 0; n < alen; n++) {
		hr_record *x = NULL;
		int rc = hr_record_decode(&x, a, n, err, sizeof err);
		if (rc == 0) {
			/* a prefix ending on a field boundary decodes; it must lack fields */
			HR_CHECK(x->n < r->n);
		}
		hr_record_free(x);
	}
	hr_free(a);
	hr_free(b);
	hr_record_free(r);
	hr_record_free(d);
}

static void test_strict(void)
{
	/* fields out of order, non-minimal varint, bad bool, unknown tag */
	static const unsigned char hdr[13] = {'H', 'Z', 'R', 1, HR_KIND_EORE, 0, 0, 0, 0, 0, 0, 0, 0};
	unsigned char buf[64];
	hr_record *x = NULL;
	char err[256];
	memcpy(buf, hdr, 13);
	/* org (2) before id (1) */
	memcpy(buf + 13, "\x02\x01o\x01\x01i", 6);
	HR_CHECK_INT_EQ(hr_record_decode(&x, buf, 19, err, sizeof err), HR_ECORRUPT);
	HR_CHECK(strstr(err, "out of order") != NULL);
	/* id with non-minimal length 0x81 0x00 */
	memcpy(buf + 13, "\x01\x81\x00", 3);
	HR_CHECK_INT_EQ(hr_record_decode(&x, buf, 16, err, sizeof err), HR_ECORRUPT);
	/* tag 16 (classification) is not part of an eore record */
	memcpy(buf + 13, "\x10\x03SHA", 5);
	HR_CHECK_INT_EQ(hr_record_decode(&x, buf, 18, err, sizeof err), HR_ECORRUPT);
	HR_CHECK(strstr(err, "offset 13") != NULL);
	/* bad magic */
	buf[0] = 'X';
	HR_CHECK_INT_EQ(hr_record_decode(&x, buf, 13, err, sizeof err), HR_ECORRUPT);
	HR_CHECK(x == NULL);
}

static void test_leaf(void)
{
	/* RFC 6962: the leaf hash of an empty entry is SHA-256(0x00) */
	unsigned char h[32];
	char hex[65];
	hr_leaf_hash(h, (const unsigned char *)"", 0);
	sodium_bin2hex(hex, sizeof hex, h, 32);
	HR_CHECK_STR_EQ(hex, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
	/* first leaf of RFC 6962 reference test data (one byte 0x00) */
	hr_leaf_hash(h, (const unsigned char *)"\0", 1);
	sodium_bin2hex(hex, sizeof hex, h, 32);
	HR_CHECK_STR_EQ(hex, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
}

static void test_validate(void)
{
	hr_record *r = sample_area();
	char err[256];
	HR_CHECK_INT_EQ(hr_record_set_text(r, HR_F_CLASSIFICATION, "XHA"), 0);
	HR_CHECK_INT_EQ(hr_record_validate(r, err, sizeof err), HR_EVALIDATE);
	HR_CHECK(strstr(err, "classification: \"XHA\" is not one of: SHA, CHA") == err);
	hr_record_set_text(r, HR_F_CLASSIFICATION, "SHA");
	/* a setter refuses a tag of another kind */
	HR_CHECK_INT_EQ(hr_record_set_int(r, HR_F_KILLED, 1), HR_EINVAL);
	hr_record_free(r);
	hr_record_new(&r, HR_KIND_RELEASE);
	hr_record_set_text(r, HR_F_ID, "RP-1");
	HR_CHECK_INT_EQ(hr_record_validate(r, err, sizeof err), HR_EVALIDATE);
	HR_CHECK_STR_EQ(err, "org: required for a release record");
	hr_record_free(r);
}

/* The worked example of docs/log-format.md, byte for byte. */
static void test_worked_example(void)
{
	static const char want[] = /* as dumped from a register with sqlite3 */
		"485a5201050000000067c42c200106454f52452d31020844656d6f204e474f03080000000067"
		"c24e00051501010000000000000000c042400000000000204840510800000000000000"
		"0c52080000000000000009";
	hr_record *r = NULL;
	unsigned char *wkb = NULL, *bytes = NULL, leaf[32];
	size_t wlen = 0, len = 0;
	char hex[512], err[128];
	hr_record_new(&r, HR_KIND_EORE);
	hr_record_set_text(r, HR_F_ID, "EORE-1");
	hr_record_set_text(r, HR_F_ORG, "Demo NGO");
	hr_record_set_time(r, HR_F_DOI, 1740787200);
	hr_geom_point(&wkb, &wlen, 37.5, 48.25, err, sizeof err);
	hr_record_set_geom(r, HR_F_GEOM, wkb, wlen);
	hr_record_set_int(r, HR_F_GIRLS, 12);
	hr_record_set_int(r, HR_F_BOYS, 9);
	r->appended = 1740909600;
	HR_CHECK_INT_EQ(hr_record_encode(&bytes, &len, r), 0);
	HR_CHECK_INT_EQ(len, 84);
	sodium_bin2hex(hex, sizeof hex, bytes, len);
	HR_CHECK_STR_EQ(hex, want);
	hr_leaf_hash(leaf, bytes, len);
	sodium_bin2hex(hex, sizeof hex, leaf, 32);
	HR_CHECK_STR_EQ(hex, "054a6494384a338d1cfd8e39c501f119084feace227cbb794e105394b3129f36");
	hr_free(wkb);
	hr_free(bytes);
	hr_record_free(r);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	test_roundtrip();
	test_strict();
	test_leaf();
	test_validate();
	test_worked_example();
	return HR_TEST_DONE();
}
