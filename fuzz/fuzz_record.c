/*
 * fuzz_record.c - fuzz target for the canonical record decoder: whatever
 * decodes must encode back to the very same bytes, and validating it and
 * checking its organisation signature must not crash.
 */
#include <stdlib.h>
#include <string.h>

#include "hazreg/hazreg.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	hr_record *rec = NULL;
	unsigned char *again = NULL;
	size_t len = 0;
	char err[256];
	if (hr_record_decode(&rec, data, size, err, sizeof err) != 0)
		return 0;
	if (hr_record_encode(&again, &len, rec) != 0 || len != size || memcmp(again, data, size) != 0)
		abort(); /* decode then encode must give the same bytes */
	(void)hr_record_validate(rec, err, sizeof err);
	/* The signature rule and check over whatever decoded: a fixed key, so
	 * every path (unsigned, unknown key ID, bad signature) is reached. */
	{
		static const unsigned char pub[32] = {
			0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe,
			0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6,
			0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a}; /* RFC 8032 7.1 */
		const hr_value *sig = hr_record_get(rec, HR_F_SIGNATURE, 0);
		hr_org_key key = {sig ? sig->u.sig.key_id : 0, {0}, "fuzz", 1};
		int is_signed;
		memcpy(key.pub, pub, 32);
		(void)hr_record_check_org_signature(rec, &key, 1, &is_signed, err, sizeof err);
		(void)hr_record_check_org_signature(rec, NULL, 0, &is_signed, err, sizeof err);
	}
	hr_free(again);
	hr_record_free(rec);
	return 0;
}
