/*
 * test_signature.c - organisations' signatures of records: what is signed
 * (not the append time, not the signature; private values as their
 * commitments), the codec of the signature field, the register's rule
 * with registered, foreign and revoked keys, and the register refusing
 * what the rule refuses while keeping what it accepted before.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hazreg/hazreg.h"
#include "test.h"

static hr_key_signer alice, mallory;
static hr_key_verifier alice_v, mallory_v;

static hr_record *area(const char *id, const char *org)
{
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0, npts[] = {5}, nr[] = {1};
	double xy[] = {36.0, 49.0, 36.01, 49.0, 36.01, 49.01, 36.0, 49.01, 36.0, 49.0};
	char err[256];
	hr_record_new(&r, HR_KIND_AREA);
	hr_record_set_text(r, HR_F_ID, id);
	hr_record_set_text(r, HR_F_ORG, org);
	hr_record_set_time(r, HR_F_DOI, 1732147200);
	hr_record_set_text(r, HR_F_CLASSIFICATION, "SHA");
	if (hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, sizeof err) == 0)
		hr_record_set_geom(r, HR_F_GEOM, wkb, len);
	hr_free(wkb);
	hr_record_set_private(r, HR_F_INFORMANT, "Invented Person");
	return r;
}

static hr_org_key key_of(const hr_key_verifier *v, int active)
{
	hr_org_key k;
	k.key_id = v->id;
	memcpy(k.pub, v->pub, 32);
	k.name = v->name;
	k.active = active;
	return k;
}

static void test_sign_verify(void)
{
	hr_record *r = area("HA-1", "Alice Org"), *d = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0;
	char err[256];
	const hr_value *s;

	HR_CHECK_INT_EQ(hr_record_verify(r, alice.id, alice.pub), HR_ENOTFOUND);
	HR_CHECK_INT_EQ(hr_record_sign(r, alice.id, alice.seed), 0);
	s = hr_record_get(r, HR_F_SIGNATURE, 0);
	HR_CHECK(s != NULL && s->u.sig.key_id == alice.id);
	HR_CHECK_INT_EQ(hr_record_validate(r, err, sizeof err), 0);
	HR_CHECK_INT_EQ(hr_record_verify(r, alice.id, alice.pub), 0);
	HR_CHECK_INT_EQ(hr_record_verify(r, mallory.id, mallory.pub), HR_EVALIDATE);
	HR_CHECK_INT_EQ(hr_record_verify(r, alice.id, mallory.pub), HR_EVALIDATE);
	/* The register sets the append time after signing: not signed. */
	r->appended = 1750000000;
	HR_CHECK_INT_EQ(hr_record_verify(r, alice.id, alice.pub), 0);
	/* Through the log's bytes and back: the commitment, not the value, is
	 * signed, so the decoded record (value unknown) still verifies. */
	HR_CHECK_INT_EQ(hr_record_encode(&bytes, &len, r), 0);
	HR_CHECK_INT_EQ(hr_record_decode(&d, bytes, len, err, sizeof err), 0);
	HR_CHECK(d && hr_record_get(d, HR_F_INFORMANT, 0)->u.priv.value == NULL);
	HR_CHECK_INT_EQ(hr_record_verify(d, alice.id, alice.pub), 0);
	/* Any change to a signed field breaks it. */
	hr_record_set_text(d, HR_F_CLASSIFICATION, "CHA");
	HR_CHECK_INT_EQ(hr_record_verify(d, alice.id, alice.pub), HR_EVALIDATE);
	hr_record_free(d);
	d = NULL;
	/* Every byte of the stored signature field flipped: refused or undecodable. */
	{
		const unsigned char *p = NULL;
		size_t off = 0, flips = 0, caught = 0;
		for (size_t i = 0; i + 69 < len; i++)
			if (bytes[i] == HR_F_SIGNATURE && bytes[i + 1] == 68) {
				p = bytes + i;
				off = i + 2;
			}
		HR_CHECK(p != NULL);
		for (size_t i = off; p && i < off + 68; i++) {
			bytes[i] ^= 0x01;
			flips++;
			if (hr_record_decode(&d, bytes, len, err, sizeof err) != 0 ||
			    hr_record_verify(d, alice.id, alice.pub) != 0)
				caught++;
			hr_record_free(d);
			d = NULL;
			bytes[i] ^= 0x01;
		}
		HR_CHECK_INT_EQ(caught, flips);
		HR_CHECK_INT_EQ(flips, 68);
	}
	/* A signature field of the wrong size does not decode. */
	{
		unsigned char bad[4096];
		size_t i;
		for (i = 0; i + 1 < len && !(bytes[i] == HR_F_SIGNATURE && bytes[i + 1] == 68); i++)
			;
		memcpy(bad, bytes, i + 1);
		bad[i + 1] = 67;
		memcpy(bad + i + 2, bytes + i + 2, 67);
		memcpy(bad + i + 69, bytes + i + 70, len - i - 70);
		HR_CHECK(hr_record_decode(&d, bad, len - 1, err, sizeof err) == HR_ECORRUPT);
		HR_CHECK(strstr(err, "signature is not 68 bytes") != NULL);
	}
	hr_free(bytes);
	hr_record_free(r);
}

static void test_rule(void)
{
	hr_record *u = area("HA-1", "Alice Org"), *s = area("HA-2", "Alice Org");
	hr_record *m = area("HA-3", "Alice Org");
	hr_org_key keys[2];
	char err[256];
	int sg = -1;

	hr_record_sign(s, alice.id, alice.seed);
	hr_record_sign(m, mallory.id, mallory.seed);
	/* No key registered: unsigned accepted, signed refused (nothing to check with). */
	HR_CHECK_INT_EQ(hr_record_check_org_signature(u, NULL, 0, &sg, err, sizeof err), 0);
	HR_CHECK_INT_EQ(sg, 0);
	HR_CHECK_INT_EQ(hr_record_check_org_signature(s, NULL, 0, &sg, err, sizeof err),
	                HR_EVALIDATE);
	HR_CHECK(strstr(err, "no registered key") != NULL);
	/* An active key: its signature accepted, others and none refused. */
	keys[0] = key_of(&alice_v, 1);
	HR_CHECK_INT_EQ(hr_record_check_org_signature(s, keys, 1, &sg, err, sizeof err), 0);
	HR_CHECK_INT_EQ(sg, 1);
	HR_CHECK_INT_EQ(hr_record_check_org_signature(u, keys, 1, &sg, err, sizeof err),
	                HR_EVALIDATE);
	HR_CHECK(strstr(err, "must be signed") != NULL);
	HR_CHECK_INT_EQ(hr_record_check_org_signature(m, keys, 1, &sg, err, sizeof err),
	                HR_EVALIDATE);
	HR_CHECK(strstr(err, "is not a registered key") != NULL);
	/* A key with the right ID but another public key: does not verify. */
	keys[1] = key_of(&mallory_v, 1);
	keys[1].key_id = alice.id;
	HR_CHECK_INT_EQ(hr_record_check_org_signature(s, keys + 1, 1, &sg, err, sizeof err),
	                HR_EVALIDATE);
	HR_CHECK(strstr(err, "does not verify") != NULL);
	/* Revoked: its signature refused; no active key left, unsigned accepted. */
	keys[0].active = 0;
	HR_CHECK_INT_EQ(hr_record_check_org_signature(s, keys, 1, &sg, err, sizeof err),
	                HR_EVALIDATE);
	HR_CHECK(strstr(err, "revoked") != NULL);
	HR_CHECK_INT_EQ(hr_record_check_org_signature(u, keys, 1, &sg, err, sizeof err), 0);
	hr_record_free(u);
	hr_record_free(s);
	hr_record_free(m);
}

static hr_record *key_record(const hr_key_verifier *v, const char *org, const char *status)
{
	hr_record *r = NULL;
	char text[HR_KEY_VERIFIER_BUFSZ];
	hr_key_verifier_format(text, sizeof text, v);
	hr_record_new(&r, HR_KIND_ORG_KEY);
	hr_record_set_text(r, HR_F_ID, text);
	hr_record_set_text(r, HR_F_ORG, org);
	hr_record_set_time(r, HR_F_DOI, 1732147200);
	hr_record_set_text(r, HR_F_KEY_STATUS, status);
	return r;
}

static int append(hr_register *reg, hr_record *r)
{
	int rc = hr_register_append(reg, r, NULL);
	hr_record_free(r);
	return rc;
}

static void test_register(void)
{
	hr_register *reg = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	const char *tmp = getenv("HR_TEST_TMP");
	char path[512];
	hr_record *r;
	uint64_t before = 0, after = 0;

	snprintf(path, sizeof path, "%s/signature.gpkg", tmp ? tmp : "/tmp");
	unlink(path);
	o.create = 1;
	HR_CHECK_INT_EQ(hr_register_open(&reg, hr_test_db(path), &o), 0);
	/* Before any key: unsigned accepted. */
	HR_CHECK_INT_EQ(append(reg, area("HA-1", "Alice Org")), 0);
	HR_CHECK_INT_EQ(append(reg, key_record(&alice_v, "Alice Org", "active")), 0);
	/* A key is one organisation's: not re-registered for another. */
	HR_CHECK_INT_EQ(append(reg, key_record(&alice_v, "Mallory Org", "active")), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "registered to organisation 'Alice Org'") != NULL);
	/* A key record whose id is not a verifier key. */
	r = key_record(&alice_v, "Alice Org", "active");
	hr_record_set_text(r, HR_F_ID, "not-a-key");
	HR_CHECK_INT_EQ(append(reg, r), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "not a verifier key") != NULL);
	hr_register_log_size(reg, &before);
	HR_CHECK_INT_EQ(append(reg, area("HA-2", "Alice Org")), HR_EVALIDATE);
	r = area("HA-2", "Alice Org");
	hr_record_sign(r, mallory.id, mallory.seed);
	HR_CHECK_INT_EQ(append(reg, r), HR_EVALIDATE);
	hr_register_log_size(reg, &after);
	HR_CHECK_INT_EQ(after, before);
	r = area("HA-2", "Alice Org");
	hr_record_sign(r, alice.id, alice.seed);
	HR_CHECK_INT_EQ(append(reg, r), 0);
	/* Other organisations are not affected. */
	HR_CHECK_INT_EQ(append(reg, area("HA-3", "Bob Org")), 0);
	/* Revoked: refused from now on. */
	HR_CHECK_INT_EQ(append(reg, key_record(&alice_v, "Alice Org", "revoked")), 0);
	r = area("HA-4", "Alice Org");
	hr_record_sign(r, alice.id, alice.seed);
	HR_CHECK_INT_EQ(append(reg, r), HR_EVALIDATE);
	HR_CHECK(strstr(hr_errmsg(reg), "revoked") != NULL);
	/* The rule works from derived state: after a rebuild it holds the same. */
	HR_CHECK_INT_EQ(hr_register_rebuild(reg, NULL, NULL), 0);
	r = area("HA-4", "Alice Org");
	hr_record_sign(r, alice.id, alice.seed);
	HR_CHECK_INT_EQ(append(reg, r), HR_EVALIDATE);
	hr_register_close(reg);
	unlink(path);
}

/* The worked examples of docs/log-format.md ("Signed records",
 * "Checkpoints and signed notes"), byte for byte: RFC 8032 section 7.1
 * test keys 1 and 2 as seeds, so anyone can reproduce them. */
static void test_worked_example(void)
{
	static const unsigned char seed1[32] = {
		0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
		0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
		0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60};
	static const unsigned char seed2[32] = {
		0x4c, 0xcd, 0x08, 0x9b, 0x28, 0xff, 0x96, 0xda, 0x9d, 0xb6, 0xc3,
		0x46, 0xec, 0x11, 0x4e, 0x0f, 0x5b, 0x8a, 0x31, 0x9f, 0x35, 0xab,
		0xa6, 0x24, 0xda, 0x8c, 0xf6, 0xed, 0x4f, 0xb8, 0xa6, 0xfb};
	static const char want_rec[] =
		"485a5201050000000067c42c200106454f52452d31020844656d6f204e474f03080000000067"
		"c24e00051501010000000000000000c04240000000000020484009447ab3771b42db638c966e"
		"8aa1b5de0447b381153f89bba78d6b5bd8fd5a884bf7865da9e1d684024a16c36fdfa13ba403"
		"5496f464434711bd70f1556548ec3f4bba43f8025108000000000000000c5208000000000000"
		"0009";
	static const char want_note[] =
		"example.org/demo-register\n1\nRRJJWDFTKsgvrmYc9TG1iGknfyhByzTwak79jTEH8To=\n\n"
		"\xe2\x80\x94 demo-mac TG+XrfiYsBgfihI9J1QyNzG9S1uiFOwPMREyKVGRrVbT3gVpgSqjr2hhZDJvG"
		"utbeQMLR1HUSYeGCJTFTrq6eiSYCAY=\n";
	hr_key_signer ngo, mac;
	hr_key_verifier v;
	hr_record *r = NULL;
	hr_checkpoint cp;
	unsigned char *wkb = NULL, *bytes = NULL, *msg = NULL, leaf[32];
	size_t wlen = 0, len = 0, mlen = 0;
	char hex[1024], text[HR_KEY_VERIFIER_BUFSZ], err[128], *note = NULL;

	HR_CHECK_INT_EQ(hr_key_from_seed(&ngo, "demo-ngo", seed1), 0);
	HR_CHECK_INT_EQ(hr_key_from_seed(&mac, "demo-mac", seed2), 0);
	hr_key_verifier_of(&v, &ngo);
	hr_key_verifier_format(text, sizeof text, &v);
	HR_CHECK_STR_EQ(text, "demo-ngo+7ab3771b+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea");
	hr_key_verifier_of(&v, &mac);
	hr_key_verifier_format(text, sizeof text, &v);
	HR_CHECK_STR_EQ(text, "demo-mac+4c6f97ad+AT1AF8PoQ4lakrcKp00bfrycmCzPLsSWjMDNVfEq9GYM");
	hr_record_new(&r, HR_KIND_EORE);
	hr_record_set_text(r, HR_F_ID, "EORE-1");
	hr_record_set_text(r, HR_F_ORG, "Demo NGO");
	hr_record_set_time(r, HR_F_DOI, 1740787200);
	hr_geom_point(&wkb, &wlen, 37.5, 48.25, err, sizeof err);
	hr_record_set_geom(r, HR_F_GEOM, wkb, wlen);
	hr_record_set_int(r, HR_F_GIRLS, 12);
	hr_record_set_int(r, HR_F_BOYS, 9);
	HR_CHECK_INT_EQ(hr_record_sign(r, ngo.id, ngo.seed), 0);
	r->appended = 1740909600;
	HR_CHECK_INT_EQ(hr_record_signed_message(&msg, &mlen, r), 0);
	HR_CHECK_INT_EQ(mlen, 111);
	HR_CHECK(mlen > 27 && memcmp(msg, "hazreg record signature v1\n", 27) == 0);
	HR_CHECK_INT_EQ(hr_record_encode(&bytes, &len, r), 0);
	HR_CHECK_INT_EQ(len, 154);
	sodium_bin2hex(hex, sizeof hex, bytes, len);
	HR_CHECK_STR_EQ(hex, want_rec);
	hr_leaf_hash(leaf, bytes, len);
	sodium_bin2hex(hex, sizeof hex, leaf, 32);
	HR_CHECK_STR_EQ(hex, "4512495831532ac82fae661cf531b58869277f2841cb34f06a4efd8d3107f13a");
	memset(&cp, 0, sizeof cp);
	cp.origin = "example.org/demo-register";
	cp.origin_len = strlen(cp.origin);
	cp.size = 1;
	memcpy(cp.root, leaf, 32);
	HR_CHECK_INT_EQ(hr_checkpoint_sign(&note, NULL, &cp, &mac, 1, err, sizeof err), 0);
	HR_CHECK_STR_EQ(note, want_note);
	hr_free(note);
	hr_free(msg);
	hr_free(bytes);
	hr_free(wkb);
	hr_record_free(r);
	hr_key_signer_wipe(&ngo);
	hr_key_signer_wipe(&mac);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	hr_key_generate(&alice, "alice-org");
	hr_key_generate(&mallory, "mallory");
	hr_key_verifier_of(&alice_v, &alice);
	hr_key_verifier_of(&mallory_v, &mallory);
	test_sign_verify();
	test_rule();
	test_register();
	test_worked_example();
	hr_key_signer_wipe(&alice);
	hr_key_signer_wipe(&mallory);
	return HR_TEST_DONE();
}
