/*
 * merkle.c - the Merkle tree over the log: tree heads, inclusion and
 * consistency proofs (RFC 6962 §2.1, RFC 9162 §2.1.3-2.1.4) and their
 * verification. The tree is never held here; every hash comes from the
 * caller's subtree callback, so the same code serves an in-memory list of
 * leaves (hr_merkle_mem) and a store of tiles (tiles.c).
 *
 * The RFC defines each proof recursively over ranges D[k:n]. Walking that
 * recursion from the top, every range the walk steps into starts at a
 * multiple of the largest power of two not below its length, so the hash
 * of a range is the fold of the complete subtrees of its binary
 * decomposition, and once the walk steps into a left half the rest lies in
 * a perfect tree. Hence each proof costs at most one such fold plus one
 * callback per level: O(log n) calls.
 */
#include "hazreg/merkle.h"
#include "log/log_int.h"

#include <sodium.h>
#include <string.h>

void hr_merkle_node_hash(unsigned char out[32], const unsigned char left[32],
                         const unsigned char right[32])
{
	crypto_hash_sha256_state st;
	static const unsigned char one = 0x01;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &one, 1);
	crypto_hash_sha256_update(&st, left, 32);
	crypto_hash_sha256_update(&st, right, 32);
	crypto_hash_sha256_final(&st, out);
}

void hr_merkle_empty_root(unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)"", 0);
}

void hr_merkle__hash_up(unsigned char out[32], unsigned char *hashes, size_t count)
{
	for (; count > 1; count /= 2)
		for (size_t i = 0; i < count / 2; i++)
			hr_merkle_node_hash(hashes + 32 * i, hashes + 64 * i, hashes + 64 * i + 32);
	memcpy(out, hashes, 32);
}

/* The largest power of two strictly below n (n >= 2). */
static uint64_t split_point(uint64_t n)
{
	uint64_t k = n - 1;
	while (k & (k - 1))
		k &= k - 1;
	return k;
}

/* log2 of a power of two. */
static unsigned log2_pow2(uint64_t k)
{
	unsigned h = 0;
	while (k > 1) {
		k >>= 1;
		h++;
	}
	return h;
}

/*
 * MTH(D[start:start+len]) for len >= 1 and start a multiple of the
 * smallest power of two >= len: the complete subtrees of len's set bits,
 * largest first from start, joined from the right (RFC 6962 splits off the
 * largest power of two on the left at every step).
 */
static int range_hash(unsigned char out[32], uint64_t start, uint64_t len,
                      hr_merkle_subtree_fn fn, void *ctx)
{
	unsigned char sub[32];
	int have = 0, rc;
	for (unsigned b = 0; b < 64; b++) {
		uint64_t bit = (uint64_t)1 << b, above;
		if (!(len & bit))
			continue;
		/* leaves covered by the larger subtrees to the left; the mask
		 * wraps to 0 for b = 63, as it should */
		above = len & ~(((uint64_t)2 << b) - 1);
		if ((rc = fn(ctx, b, (start + above) >> b, have ? sub : out)))
			return rc;
		if (have)
			hr_merkle_node_hash(out, sub, out);
		have = 1;
	}
	return 0;
}

int hr_merkle_root(unsigned char out[32], uint64_t size, hr_merkle_subtree_fn fn, void *ctx)
{
	if (!out || !fn)
		return HR_EINVAL;
	if (size == 0) {
		hr_merkle_empty_root(out);
		return 0;
	}
	return range_hash(out, 0, size, fn, ctx);
}

/* Write the count hashes of top-down order into out bottom-up (RFC order). */
static void emit_reversed(unsigned char *out, size_t *out_len, unsigned char (*path)[32],
                          size_t count)
{
	for (size_t i = 0; i < count; i++)
		memcpy(out + 32 * i, path[count - 1 - i], 32);
	*out_len = 32 * count;
}

/*
 * PATH(m, D[n]) of RFC 9162 §2.1.3.1, unrolled: at each level the sibling
 * range's hash is collected top-down, then the list is reversed.
 */
int hr_merkle_inclusion_proof(unsigned char *out, size_t *out_len, uint64_t index,
                              uint64_t size, hr_merkle_subtree_fn fn, void *ctx)
{
	unsigned char path[HR_MERKLE_PROOF_MAX_HASHES][32];
	uint64_t start = 0, n = size, m = index;
	size_t count = 0;
	int rc;
	if (!out || !out_len || !fn || index >= size)
		return HR_EINVAL;
	*out_len = 0;
	while (n > 1) {
		uint64_t k = split_point(n);
		if (m < k) {
			rc = range_hash(path[count], start + k, n - k, fn, ctx);
			n = k;
		} else {
			rc = fn(ctx, log2_pow2(k), start / k, path[count]);
			start += k;
			m -= k;
			n -= k;
		}
		if (rc)
			return rc;
		count++;
	}
	emit_reversed(out, out_len, path, count);
	return 0;
}

/*
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, unrolled
 * the same way. `whole` is the RFC's b: still on the path of the old
 * tree's own root, whose hash the verifier already has.
 */
int hr_merkle_consistency_proof(unsigned char *out, size_t *out_len, uint64_t old_size,
                                uint64_t new_size, hr_merkle_subtree_fn fn, void *ctx)
{
	unsigned char path[HR_MERKLE_PROOF_MAX_HASHES][32];
	uint64_t start = 0, n = new_size, m = old_size;
	size_t count = 0;
	int whole = 1, rc;
	if (!out || !out_len || !fn || old_size > new_size)
		return HR_EINVAL;
	*out_len = 0;
	if (old_size == 0)
		return 0;
	while (m != n) {
		uint64_t k = split_point(n);
		if (m <= k) {
			rc = range_hash(path[count], start + k, n - k, fn, ctx);
			n = k;
		} else {
			rc = fn(ctx, log2_pow2(k), start / k, path[count]);
			start += k;
			m -= k;
			n -= k;
			whole = 0;
		}
		if (rc)
			return rc;
		count++;
	}
	if (!whole) {
		if ((rc = range_hash(path[count], start, n, fn, ctx)))
			return rc;
		count++;
	}
	emit_reversed(out, out_len, path, count);
	return 0;
}

/* Shift fn and sn right together until fn's low bit is set or fn is 0. */
static void shift_to_odd(uint64_t *fn, uint64_t *sn)
{
	while (*fn && !(*fn & 1)) {
		*fn >>= 1;
		*sn >>= 1;
	}
}

int hr_merkle_verify_inclusion(const unsigned char leaf[32], uint64_t index, uint64_t size,
                               const unsigned char *proof, size_t proof_len,
                               const unsigned char root[32])
{
	unsigned char r[32];
	uint64_t fn, sn;
	if (!leaf || !root || (!proof && proof_len))
		return HR_EINVAL;
	if (proof_len % 32 || index >= size)
		return HR_EVALIDATE;
	fn = index;
	sn = size - 1;
	memcpy(r, leaf, 32);
	for (size_t i = 0; i < proof_len; i += 32) {
		const unsigned char *p = proof + i;
		if (sn == 0)
			return HR_EVALIDATE; /* hashes left over */
		if ((fn & 1) || fn == sn) {
			hr_merkle_node_hash(r, p, r);
			if (!(fn & 1))
				shift_to_odd(&fn, &sn);
		} else {
			hr_merkle_node_hash(r, r, p);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || sodium_memcmp(r, root, 32) != 0)
		return HR_EVALIDATE;
	return 0;
}

int hr_merkle_verify_consistency(uint64_t old_size, uint64_t new_size,
                                 const unsigned char old_root[32],
                                 const unsigned char new_root[32], const unsigned char *proof,
                                 size_t proof_len)
{
	unsigned char fr[32], sr[32];
	uint64_t fn, sn;
	size_t i;
	if (!old_root || !new_root || (!proof && proof_len))
		return HR_EINVAL;
	if (proof_len % 32 || old_size > new_size)
		return HR_EVALIDATE;
	if (old_size == new_size) {
		if (proof_len || sodium_memcmp(old_root, new_root, 32) != 0)
			return HR_EVALIDATE;
		return 0;
	}
	if (old_size == 0) {
		hr_merkle_empty_root(fr);
		if (proof_len || sodium_memcmp(old_root, fr, 32) != 0)
			return HR_EVALIDATE;
		return 0;
	}
	if (proof_len == 0)
		return HR_EVALIDATE;
	/* when old_size is a power of two its root is the first hash of the
	 * path, given by the verifier rather than by the proof */
	if ((old_size & (old_size - 1)) == 0) {
		memcpy(fr, old_root, 32);
		i = 0;
	} else {
		memcpy(fr, proof, 32);
		i = 32;
	}
	memcpy(sr, fr, 32);
	fn = old_size - 1;
	sn = new_size - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < proof_len; i += 32) {
		const unsigned char *c = proof + i;
		if (sn == 0)
			return HR_EVALIDATE; /* hashes left over */
		if ((fn & 1) || fn == sn) {
			hr_merkle_node_hash(fr, c, fr);
			hr_merkle_node_hash(sr, c, sr);
			if (!(fn & 1))
				shift_to_odd(&fn, &sn);
		} else {
			hr_merkle_node_hash(sr, sr, c);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || sodium_memcmp(fr, old_root, 32) != 0 || sodium_memcmp(sr, new_root, 32) != 0)
		return HR_EVALIDATE;
	return 0;
}

/* The root of leaves [first, first + 2^height) of an in-memory list. */
static void mem_hash(unsigned char out[32], const unsigned char *leaves, unsigned height,
                     uint64_t first)
{
	unsigned char l[32], r[32];
	if (height == 0) {
		memcpy(out, leaves + 32 * first, 32);
		return;
	}
	mem_hash(l, leaves, height - 1, first);
	mem_hash(r, leaves, height - 1, first + ((uint64_t)1 << (height - 1)));
	hr_merkle_node_hash(out, l, r);
}

int hr_merkle_mem_subtree(void *ctx, unsigned height, uint64_t index, unsigned char out[32])
{
	const hr_merkle_mem *mem = ctx;
	if (!mem || !out || height > 63 || (mem->count && !mem->leaves) ||
	    index >= (mem->count >> height))
		return HR_EINVAL;
	mem_hash(out, mem->leaves, height, index << height);
	return 0;
}
