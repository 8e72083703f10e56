/*
 * signature.c - organisations' signatures of their records.
 *
 * An organisation that reports to the register holds an Ed25519 key; the
 * register knows its public half from an org_key record in the log. A
 * record the organisation submits carries a signature over its canonical
 * bytes (appended time zeroed, signature field left out, private values
 * as their commitments), so anyone can check from the public log alone
 * that the organisation named in a record really said it. The rule that
 * decides whether a record is acceptable lives here once, for the
 * register's write path and for the auditor's verifier alike.
 */
#include "core/core_int.h"

#include <sodium.h>
#include <string.h>

int hr_record_sign(hr_record *rec, uint32_t key_id, const unsigned char seed[32])
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	unsigned char *msg = NULL;
	size_t len = 0;
	hr_value v = {0};
	int rc;
	if (!rec || !seed || !hr_schema_field((int)rec->kind, HR_F_SIGNATURE))
		return HR_EINVAL;
	if (sodium_init() < 0)
		return HR_ERROR;
	if ((rc = hr_record_signed_message(&msg, &len, rec)))
		return rc;
	crypto_sign_seed_keypair(pk, sk, seed);
	v.tag = HR_F_SIGNATURE;
	v.type = HR_FT_SIG;
	v.u.sig.key_id = key_id;
	crypto_sign_detached(v.u.sig.sig, NULL, msg, len, sk);
	sodium_memzero(sk, sizeof sk);
	hr_free(msg);
	return hr_record__append_raw(rec, &v);
}

int hr_record_verify(const hr_record *rec, uint32_t key_id, const unsigned char pub[32])
{
	const hr_value *v = hr_record_get(rec, HR_F_SIGNATURE, 0);
	unsigned char *msg = NULL;
	size_t len = 0;
	int rc;
	if (!rec || !pub)
		return HR_EINVAL;
	if (!v)
		return HR_ENOTFOUND;
	if (v->u.sig.key_id != key_id)
		return HR_EVALIDATE;
	if (sodium_init() < 0)
		return HR_ERROR;
	if ((rc = hr_record_signed_message(&msg, &len, rec)))
		return rc;
	rc = crypto_sign_verify_detached(v->u.sig.sig, msg, len, pub) == 0 ? 0 : HR_EVALIDATE;
	hr_free(msg);
	return rc;
}

int hr_record_check_org_signature(const hr_record *rec, const hr_org_key *keys, size_t nkeys,
                                  int *signed_out, char *err, size_t errlen)
{
	const hr_value *sig;
	const char *org;
	size_t active = 0;
	int rc;
	if (signed_out)
		*signed_out = 0;
	if (!rec || (nkeys && !keys))
		return HR_EINVAL;
	/* Key registrations are the authority's; public reports come from the
	 * public (and their reviews from the register's own staff), who hold no
	 * organisation's key. Neither can change a hazardous area. */
	if (rec->kind == HR_KIND_ORG_KEY || rec->kind == HR_KIND_REPORT)
		return 0;
	org = hr_record_text(rec, HR_F_ORG);
	sig = hr_record_get(rec, HR_F_SIGNATURE, 0);
	for (size_t i = 0; i < nkeys; i++)
		active += keys[i].active != 0;
	if (!sig) {
		if (active == 0)
			return 0;
		hr__fmt(err, errlen, "signature: organisation '%s' has a registered key, so its "
		                     "records must be signed (hazreg import --sign)",
		        org ? org : "");
		return HR_EVALIDATE;
	}
	if (nkeys == 0) {
		hr__fmt(err, errlen, "signature: organisation '%s' has no registered key to check it "
		                     "with (hazreg keys register)",
		        org ? org : "");
		return HR_EVALIDATE;
	}
	for (size_t i = 0; i < nkeys; i++) {
		if (keys[i].key_id != sig->u.sig.key_id)
			continue;
		if (!keys[i].active) {
			hr__fmt(err, errlen, "signature: by key %s, which organisation '%s' has revoked",
			        keys[i].name ? keys[i].name : "", org ? org : "");
			return HR_EVALIDATE;
		}
		rc = hr_record_verify(rec, keys[i].key_id, keys[i].pub);
		if (rc == 0) {
			if (signed_out)
				*signed_out = 1;
			return 0;
		}
		if (rc != HR_EVALIDATE)
			return rc;
		hr__fmt(err, errlen, "signature: does not verify with key %s of organisation '%s'",
		        keys[i].name ? keys[i].name : "", org ? org : "");
		return HR_EVALIDATE;
	}
	hr__fmt(err, errlen, "signature: key ID %08x is not a registered key of organisation '%s'",
	        (unsigned)sig->u.sig.key_id, org ? org : "");
	return HR_EVALIDATE;
}

char *hr_signature_text(char out[HR_SIGNATURE_TEXT_BUFSZ], const hr_value *v)
{
	unsigned char raw[68];
	raw[0] = (unsigned char)(v->u.sig.key_id >> 24);
	raw[1] = (unsigned char)(v->u.sig.key_id >> 16);
	raw[2] = (unsigned char)(v->u.sig.key_id >> 8);
	raw[3] = (unsigned char)v->u.sig.key_id;
	memcpy(raw + 4, v->u.sig.sig, 64);
	return sodium_bin2base64(out, HR_SIGNATURE_TEXT_BUFSZ, raw, sizeof raw,
	                         sodium_base64_VARIANT_ORIGINAL);
}
