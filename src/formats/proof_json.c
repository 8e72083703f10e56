/*
 * proof_json.c - Merkle proofs as JSON, the form "hazreg log prove --json",
 * "hazreg log consistency --json" and GET /log/proof/... share: sizes as
 * numbers, every hash as 64 lower-case hex digits, the proof as an array
 * of hashes in the order of RFC 9162.
 */
#include "core/core_int.h"

#include <sodium.h>

static void put_hash(hr_buf *b, const char *name, const unsigned char h[32])
{
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, h, 32);
	hr_buf_printf(b, ",\"%s\":\"%s\"", name, hex);
}

static int finish(hr_buf *b, const unsigned char *proof, size_t len, char **out)
{
	char hex[65];
	hr_buf_printf(b, ",\"proof\":[");
	for (size_t i = 0; i + 32 <= len; i += 32) {
		sodium_bin2hex(hex, sizeof hex, proof + i, 32);
		hr_buf_printf(b, "%s\"%s\"", i ? "," : "", hex);
	}
	hr_buf_printf(b, "]}");
	if (b->oom) {
		hr_buf_free(b);
		return HR_ENOMEM;
	}
	*out = (char *)b->p;
	return 0;
}

int hr_inclusion_to_json(char **out, const hr_inclusion *p)
{
	hr_buf b = {0};
	if (!out || !p || p->proof_len > HR_MERKLE_PROOF_MAX)
		return HR_EINVAL;
	*out = NULL;
	hr_buf_printf(&b, "{\"index\":%llu", (unsigned long long)p->index);
	put_hash(&b, "leaf_hash", p->leaf);
	hr_buf_printf(&b, ",\"size\":%llu", (unsigned long long)p->size);
	put_hash(&b, "root", p->root);
	return finish(&b, p->proof, p->proof_len, out);
}

int hr_consistency_to_json(char **out, const hr_consistency *p)
{
	hr_buf b = {0};
	if (!out || !p || p->proof_len > HR_MERKLE_PROOF_MAX)
		return HR_EINVAL;
	*out = NULL;
	hr_buf_printf(&b, "{\"old_size\":%llu", (unsigned long long)p->old_size);
	put_hash(&b, "old_root", p->old_root);
	hr_buf_printf(&b, ",\"new_size\":%llu", (unsigned long long)p->new_size);
	put_hash(&b, "new_root", p->new_root);
	return finish(&b, p->proof, p->proof_len, out);
}
