/*
 * fuzz_merkle.c - fuzz target for Merkle proof verification
 * (hr_merkle_verify_inclusion/consistency): arbitrary sizes, hashes and
 * proof bytes must never crash, and must never verify unless no hash had
 * to match (a one-leaf tree, equal sizes, the empty tree): anything else
 * would be a SHA-256 preimage, i.e. a bug. A second pass builds a real
 * small tree, mixes the input into a genuine proof, and checks that the
 * proof verifies exactly when it was left unchanged.
 *
 * Input bytes (missing bytes read as zero):
 *   0        mode: even = inclusion, odd = consistency
 *   1..8     a, little-endian u64: leaf index, or old size
 *   9..16    b, little-endian u64: tree size, or new size
 *   17..48   first hash: the leaf hash, or the old root
 *   49..80   second hash: the root, or the new root
 *   81..     the proof
 */
#include "hazreg/hazreg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEAD 81
#define SMALL_TREE 40

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* arbitrary claims: never crash, never verify by chance */
static void claim(const unsigned char *head, const uint8_t *proof, size_t plen)
{
	uint64_t a = le64(head + 1), b = le64(head + 9);
	const unsigned char *h1 = head + 17, *h2 = head + 49;
	unsigned char empty[32];
	int rc, trivial;
	hr_merkle_empty_root(empty);
	if (!(head[0] & 1)) {
		rc = hr_merkle_verify_inclusion(h1, a, b, proof, plen, h2);
		trivial = a == 0 && b == 1 && plen == 0 && memcmp(h1, h2, 32) == 0;
	} else {
		rc = hr_merkle_verify_consistency(a, b, h1, h2, proof, plen);
		trivial = plen == 0 && ((a == b && memcmp(h1, h2, 32) == 0) ||
		                        (a == 0 && memcmp(h1, empty, 32) == 0));
	}
	if (rc != 0 && rc != HR_EVALIDATE) {
		fprintf(stderr, "fuzz_merkle: unexpected return %d\n", rc);
		abort();
	}
	if (rc == 0 && !trivial) {
		fprintf(stderr, "fuzz_merkle: a made-up proof verified (mode %u, %llu, %llu, %zu bytes)\n",
		        head[0], (unsigned long long)a, (unsigned long long)b, plen);
		abort();
	}
}

/* a genuine proof of a small tree, XORed with the input: verifies iff unchanged */
static void mutated(const unsigned char *head, const uint8_t *mask, size_t mlen)
{
	unsigned char leaves[SMALL_TREE * 32], r1[32], r2[32], proof[HR_MERKLE_PROOF_MAX];
	hr_merkle_mem mem = {leaves, 0};
	uint64_t n = 1 + le64(head + 9) % SMALL_TREE, m;
	size_t len, changed = 0;
	int rc;
	for (uint64_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)i;
		hr_leaf_hash(leaves + 32 * i, &b, 1);
	}
	mem.count = n;
	if (!(head[0] & 1)) {
		m = le64(head + 1) % n;
		if (hr_merkle_root(r2, n, hr_merkle_mem_subtree, &mem) ||
		    hr_merkle_inclusion_proof(proof, &len, m, n, hr_merkle_mem_subtree, &mem))
			abort();
	} else {
		m = le64(head + 1) % (n + 1);
		if (hr_merkle_root(r1, m, hr_merkle_mem_subtree, &mem) ||
		    hr_merkle_root(r2, n, hr_merkle_mem_subtree, &mem) ||
		    hr_merkle_consistency_proof(proof, &len, m, n, hr_merkle_mem_subtree, &mem))
			abort();
	}
	for (size_t i = 0; i < len && i < mlen; i++) {
		proof[i] ^= mask[i];
		changed |= mask[i];
	}
	if (!(head[0] & 1))
		rc = hr_merkle_verify_inclusion(leaves + 32 * m, m, n, proof, len, r2);
	else
		rc = hr_merkle_verify_consistency(m, n, r1, r2, proof, len);
	if ((rc == 0) != (changed == 0)) {
		fprintf(stderr, "fuzz_merkle: %s proof (%llu, %llu) %s\n",
		        head[0] & 1 ? "consistency" : "inclusion", (unsigned long long)m,
		        (unsigned long long)n, changed ? "changed yet verified" : "refused");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char head[HEAD] = {0};
	const uint8_t *proof = size > HEAD ? data + HEAD : NULL;
	size_t plen = size > HEAD ? size - HEAD : 0;
	memcpy(head, data, size < HEAD ? size : HEAD);
	claim(head, proof, plen);
	mutated(head, proof, plen);
	return 0;
}
