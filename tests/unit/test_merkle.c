/*
 * test_merkle.c - the Merkle tree math (src/log/merkle.c, tiles.c) against
 * a second, deliberately naive implementation written here from the text
 * of RFC 6962 §2.1 and RFC 9162 §2.1.3-2.1.4 (plain recursion over leaf
 * ranges, no callbacks), against the published RFC 6962 reference data,
 * and tiles against the in-memory provider around tile boundaries.
 *
 * With HR_MERKLE_VECTORS=FILE set, it only writes its vectors for sizes
 * 1..64 to FILE (one line each, see dump_vectors()) for
 * tests/scripts/merkle_oracle.sh to compare with tests/data/merkle_oracle.py.
 */
#include "hazreg/hazreg.h"
#include "test.h"

#include <sodium.h>
#include <stdlib.h>

/* ---- the naive reference, straight from the RFC text ---- */

static void ref_sha(unsigned char out[32], const unsigned char *a, size_t alen,
                    const unsigned char *b, size_t blen, const unsigned char *c, size_t clen)
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, a, alen);
	crypto_hash_sha256_update(&st, b, blen);
	crypto_hash_sha256_update(&st, c, clen);
	crypto_hash_sha256_final(&st, out);
}

static void ref_node(unsigned char out[32], const unsigned char l[32], const unsigned char r[32])
{
	static const unsigned char one = 1;
	ref_sha(out, &one, 1, l, 32, r, 32);
}

/* largest power of two smaller than n, n > 1 */
static uint64_t ref_k(uint64_t n)
{
	uint64_t k = 1;
	while (k * 2 < n)
		k *= 2;
	return k;
}

/* MTH(D[lo:hi]) over leaf hashes */
static void ref_mth(unsigned char out[32], const unsigned char *leaves, uint64_t lo, uint64_t hi)
{
	unsigned char l[32], r[32];
	uint64_t n = hi - lo, k;
	if (n == 0) {
		crypto_hash_sha256(out, (const unsigned char *)"", 0);
		return;
	}
	if (n == 1) {
		memcpy(out, leaves + 32 * lo, 32);
		return;
	}
	k = ref_k(n);
	ref_mth(l, leaves, lo, lo + k);
	ref_mth(r, leaves, lo + k, hi);
	ref_node(out, l, r);
}

typedef struct {
	unsigned char h[70][32];
	size_t n;
} ref_list;

static void ref_push_mth(ref_list *p, const unsigned char *leaves, uint64_t lo, uint64_t hi)
{
	ref_mth(p->h[p->n++], leaves, lo, hi);
}

/* PATH(m, D[lo:hi]) */
static void ref_path(ref_list *p, const unsigned char *leaves, uint64_t m, uint64_t lo,
                     uint64_t hi)
{
	uint64_t n = hi - lo, k;
	if (n <= 1)
		return;
	k = ref_k(n);
	if (m < k) {
		ref_path(p, leaves, m, lo, lo + k);
		ref_push_mth(p, leaves, lo + k, hi);
	} else {
		ref_path(p, leaves, m - k, lo + k, hi);
		ref_push_mth(p, leaves, lo, lo + k);
	}
}

/* SUBPROOF(m, D[lo:hi], b) */
static void ref_subproof(ref_list *p, const unsigned char *leaves, uint64_t m, uint64_t lo,
                         uint64_t hi, int b)
{
	uint64_t n = hi - lo, k;
	if (m == n) {
		if (!b)
			ref_push_mth(p, leaves, lo, hi);
		return;
	}
	k = ref_k(n);
	if (m <= k) {
		ref_subproof(p, leaves, m, lo, lo + k, b);
		ref_push_mth(p, leaves, lo + k, hi);
	} else {
		ref_subproof(p, leaves, m - k, lo + k, hi, 0);
		ref_push_mth(p, leaves, lo, lo + k);
	}
}

static void ref_proof(ref_list *p, const unsigned char *leaves, uint64_t m, uint64_t n)
{
	p->n = 0;
	if (m > 0 && m < n)
		ref_subproof(p, leaves, m, 0, n, 1);
}

static void ref_incl(ref_list *p, const unsigned char *leaves, uint64_t m, uint64_t n)
{
	p->n = 0;
	ref_path(p, leaves, m, 0, n);
}

/* the number of hashes in PATH(m, D[n]), without hashing */
static size_t ref_path_len(uint64_t m, uint64_t n)
{
	uint64_t k;
	if (n <= 1)
		return 0;
	k = ref_k(n);
	return 1 + (m < k ? ref_path_len(m, k) : ref_path_len(m - k, n - k));
}

/* ---- helpers ---- */

static void hex(char *out, const unsigned char *b, size_t n)
{
	static const char d[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = 0;
}

static void unhex(unsigned char *out, const char *s)
{
	for (size_t i = 0; s[2 * i]; i++) {
		unsigned v;
		sscanf(s + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
}

static int same_list(const unsigned char *proof, size_t len, const ref_list *p)
{
	if (len != 32 * p->n)
		return 0;
	for (size_t i = 0; i < p->n; i++)
		if (memcmp(proof + 32 * i, p->h[i], 32) != 0)
			return 0;
	return 1;
}

#define CHECK_HEX(bytes, want)                                                                 \
	do {                                                                                     \
		char got_[65];                                                                   \
		hex(got_, (bytes), 32);                                                          \
		HR_CHECK_STR_EQ(got_, (want));                                                   \
	} while (0)

/* ---- RFC 6962 reference data ---- */

static const char *const rfc_inputs[8] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};
/* tree heads of the first 1..8 inputs */
static const char *const rfc_roots[8] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

typedef struct {
	uint64_t a, b;
	const char *hashes[3];
} rfc_proof;

/* inclusion (leaf a, size b) and consistency (old a, new b) proofs */
static const rfc_proof rfc_incl[] = {
	{0, 1, {NULL}},
	{0, 8, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
	{5, 8, {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
	{2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
	{1, 5, {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
};
static const rfc_proof rfc_cons[] = {
	{1, 1, {NULL}},
	{1, 8, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
	{6, 8, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
	{2, 5, {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
};

static void check_proof_hex(const unsigned char *proof, size_t len, const rfc_proof *want)
{
	size_t n = 0;
	while (n < 3 && want->hashes[n])
		n++;
	HR_CHECK_INT_EQ(len, 32 * n);
	for (size_t i = 0; i < n && 32 * i < len; i++)
		CHECK_HEX(proof + 32 * i, want->hashes[i]);
}

static void test_rfc6962_data(void)
{
	unsigned char leaves[8 * 32], root[32], proof[HR_MERKLE_PROOF_MAX], data[16];
	hr_merkle_mem mem = {leaves, 0};
	size_t len;
	for (int i = 0; i < 8; i++) {
		size_t dlen = strlen(rfc_inputs[i]) / 2;
		unhex(data, rfc_inputs[i]);
		hr_leaf_hash(leaves + 32 * i, data, dlen);
	}
	CHECK_HEX(leaves, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
	hr_merkle_empty_root(root);
	CHECK_HEX(root, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	HR_CHECK_INT_EQ(hr_merkle_root(root, 0, hr_merkle_mem_subtree, &mem), 0);
	CHECK_HEX(root, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	mem.count = 8;
	for (uint64_t n = 1; n <= 8; n++) {
		HR_CHECK_INT_EQ(hr_merkle_root(root, n, hr_merkle_mem_subtree, &mem), 0);
		CHECK_HEX(root, rfc_roots[n - 1]);
	}
	for (size_t i = 0; i < sizeof rfc_incl / sizeof *rfc_incl; i++) {
		const rfc_proof *t = &rfc_incl[i];
		unsigned char r[32];
		HR_CHECK_INT_EQ(hr_merkle_inclusion_proof(proof, &len, t->a, t->b,
		                                          hr_merkle_mem_subtree, &mem), 0);
		check_proof_hex(proof, len, t);
		unhex(r, rfc_roots[t->b - 1]);
		HR_CHECK_INT_EQ(hr_merkle_verify_inclusion(leaves + 32 * t->a, t->a, t->b, proof, len,
		                                           r), 0);
	}
	for (size_t i = 0; i < sizeof rfc_cons / sizeof *rfc_cons; i++) {
		const rfc_proof *t = &rfc_cons[i];
		unsigned char r1[32], r2[32];
		HR_CHECK_INT_EQ(hr_merkle_consistency_proof(proof, &len, t->a, t->b,
		                                            hr_merkle_mem_subtree, &mem), 0);
		check_proof_hex(proof, len, t);
		unhex(r1, rfc_roots[t->a - 1]);
		unhex(r2, rfc_roots[t->b - 1]);
		HR_CHECK_INT_EQ(hr_merkle_verify_consistency(t->a, t->b, r1, r2, proof, len), 0);
	}
	/* the RFC's own worked example trees: all 7-leaf proofs, checked
	 * against the naive recursion and the published 7-leaf head */
	for (uint64_t m = 0; m < 7; m++) {
		ref_list p;
		unsigned char r[32];
		unhex(r, rfc_roots[6]);
		ref_incl(&p, leaves, m, 7);
		HR_CHECK_INT_EQ(hr_merkle_inclusion_proof(proof, &len, m, 7, hr_merkle_mem_subtree,
		                                          &mem), 0);
		HR_CHECK(same_list(proof, len, &p));
		HR_CHECK_INT_EQ(hr_merkle_verify_inclusion(leaves + 32 * m, m, 7, proof, len, r), 0);
	}
}

/* ---- every size 0..64 against the naive recursion ---- */

#define SMALL 64

static void synth_leaves(unsigned char *leaves, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		char buf[32];
		int len = snprintf(buf, sizeof buf, "hazreg leaf %llu", (unsigned long long)i);
		hr_leaf_hash(leaves + 32 * i, (const unsigned char *)buf, (size_t)len);
	}
}

/* every single-bit change, truncation and extension of a valid proof is
 * refused; the number that were accepted */
static int mutants_accepted_incl(const unsigned char *leaf, uint64_t m, uint64_t n,
                                 const unsigned char *proof, size_t len,
                                 const unsigned char root[32])
{
	unsigned char buf[HR_MERKLE_PROOF_MAX + 32];
	int bad = 0;
	memcpy(buf, proof, len);
	for (size_t bit = 0; bit < 8 * len; bit++) {
		buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		bad += hr_merkle_verify_inclusion(leaf, m, n, buf, len, root) != HR_EVALIDATE;
		buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
	}
	for (size_t cut = 1; cut <= len; cut++) /* shorter by any number of bytes */
		bad += hr_merkle_verify_inclusion(leaf, m, n, buf, len - cut, root) != HR_EVALIDATE;
	memcpy(buf + len, root, 32); /* one hash too many */
	bad += hr_merkle_verify_inclusion(leaf, m, n, buf, len + 32, root) != HR_EVALIDATE;
	bad += hr_merkle_verify_inclusion(leaf, m, n, buf, len + 1, root) != HR_EVALIDATE;
	memmove(buf + 32, buf, len); /* and in front */
	memcpy(buf, leaf, 32);
	bad += hr_merkle_verify_inclusion(leaf, m, n, buf, len + 32, root) != HR_EVALIDATE;
	return bad;
}

static int mutants_accepted_cons(uint64_t m, uint64_t n, const unsigned char r1[32],
                                 const unsigned char r2[32], const unsigned char *proof,
                                 size_t len)
{
	unsigned char buf[HR_MERKLE_PROOF_MAX + 32];
	int bad = 0;
	memcpy(buf, proof, len);
	for (size_t bit = 0; bit < 8 * len; bit++) {
		buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		bad += hr_merkle_verify_consistency(m, n, r1, r2, buf, len) != HR_EVALIDATE;
		buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
	}
	for (size_t cut = 1; cut <= len; cut++)
		bad += hr_merkle_verify_consistency(m, n, r1, r2, buf, len - cut) != HR_EVALIDATE;
	memcpy(buf + len, r2, 32);
	bad += hr_merkle_verify_consistency(m, n, r1, r2, buf, len + 32) != HR_EVALIDATE;
	bad += hr_merkle_verify_consistency(m, n, r1, r2, buf, len + 1) != HR_EVALIDATE;
	memmove(buf + 32, buf, len);
	memcpy(buf, r1, 32);
	bad += hr_merkle_verify_consistency(m, n, r1, r2, buf, len + 32) != HR_EVALIDATE;
	return bad;
}

static void test_small_trees(void)
{
	static unsigned char leaves[SMALL * 32], roots[SMALL + 1][32];
	hr_merkle_mem mem = {leaves, SMALL};
	unsigned char proof[HR_MERKLE_PROOF_MAX], root[32];
	size_t len;
	long incl = 0, cons = 0, mutants = 0;
	int bad_incl = 0, bad_cons = 0, bad_mut = 0, bad_size = 0;
	synth_leaves(leaves, SMALL);
	for (uint64_t n = 0; n <= SMALL; n++) {
		ref_mth(roots[n], leaves, 0, n);
		HR_CHECK_INT_EQ(hr_merkle_root(root, n, hr_merkle_mem_subtree, &mem), 0);
		HR_CHECK(memcmp(root, roots[n], 32) == 0);
	}
	for (uint64_t n = 0; n <= SMALL; n++) {
		/* inclusion: every leaf */
		for (uint64_t m = 0; m < n; m++) {
			ref_list p;
			ref_incl(&p, leaves, m, n);
			incl++;
			if (hr_merkle_inclusion_proof(proof, &len, m, n, hr_merkle_mem_subtree, &mem) ||
			    !same_list(proof, len, &p) ||
			    hr_merkle_verify_inclusion(leaves + 32 * m, m, n, proof, len, roots[n])) {
				bad_incl++;
				continue;
			}
			bad_mut += mutants_accepted_incl(leaves + 32 * m, m, n, proof, len, roots[n]);
			mutants += 8 * (long)len + (long)len + 3;
			/* the same proof under another leaf, index or size */
			if (!hr_merkle_verify_inclusion(leaves + 32 * ((m + 1) % SMALL), m, n, proof,
			                                len, roots[n]))
				bad_size++;
			for (uint64_t n2 = 0; n2 <= SMALL + 1; n2++) {
				if (n2 == n)
					continue;
				if (m < n2 && ref_path_len(m, n2) == p.n)
					continue; /* same shape: only the root tells */
				if (hr_merkle_verify_inclusion(leaves + 32 * m, m, n2, proof, len,
				                               roots[n]) != HR_EVALIDATE)
					bad_size++;
			}
			for (uint64_t m2 = 0; m2 < n; m2++)
				if (m2 != m && !hr_merkle_verify_inclusion(leaves + 32 * m, m2, n, proof,
				                                           len, roots[n]))
					bad_size++;
		}
		HR_CHECK_INT_EQ(hr_merkle_inclusion_proof(proof, &len, n, n, hr_merkle_mem_subtree,
		                                          &mem), HR_EINVAL);
		HR_CHECK_INT_EQ(hr_merkle_verify_inclusion(leaves, n, n, NULL, 0, roots[n]),
		                HR_EVALIDATE);
		/* consistency: every old size 0..n */
		for (uint64_t m = 0; m <= n; m++) {
			ref_list p;
			ref_proof(&p, leaves, m, n);
			cons++;
			if (hr_merkle_consistency_proof(proof, &len, m, n, hr_merkle_mem_subtree,
			                                &mem) ||
			    !same_list(proof, len, &p) ||
			    hr_merkle_verify_consistency(m, n, roots[m], roots[n], proof, len)) {
				bad_cons++;
				continue;
			}
			bad_mut += mutants_accepted_cons(m, n, roots[m], roots[n], proof, len);
			mutants += 8 * (long)len + (long)len + 3;
			/* wrong roots (the empty tree is a prefix of any, so with
			 * m = 0 only its own root is checked), swapped sizes */
			{
				unsigned char other[32];
				memcpy(other, roots[m], 32);
				other[31] ^= 1;
				if (hr_merkle_verify_consistency(m, n, other, roots[n], proof, len) !=
				    HR_EVALIDATE)
					bad_size++;
				memcpy(other, roots[n], 32);
				other[0] ^= 0x80;
				if (m && hr_merkle_verify_consistency(m, n, roots[m], other, proof, len) !=
				             HR_EVALIDATE)
					bad_size++;
			}
			if (m < n && hr_merkle_verify_consistency(n, m, roots[n], roots[m], proof,
			                                          len) != HR_EVALIDATE)
				bad_size++;
		}
		HR_CHECK_INT_EQ(hr_merkle_consistency_proof(proof, &len, n + 1, n,
		                                            hr_merkle_mem_subtree, &mem), HR_EINVAL);
	}
	HR_CHECK_INT_EQ(bad_incl, 0);
	HR_CHECK_INT_EQ(bad_cons, 0);
	HR_CHECK_INT_EQ(bad_mut, 0);
	HR_CHECK_INT_EQ(bad_size, 0);
	HR_CHECK_INT_EQ(incl, SMALL * (SMALL + 1) / 2);
	HR_CHECK_INT_EQ(cons, (SMALL + 1) * (SMALL + 2) / 2);
	fprintf(stderr, "sizes 0..%d: %ld inclusion, %ld consistency proofs, %ld mutants refused\n",
	        SMALL, incl, cons, mutants);
}

static void test_edges(void)
{
	unsigned char leaf[32] = {0}, root[32], empty[32], proof[HR_MERKLE_PROOF_MAX];
	hr_merkle_mem mem = {leaf, 1};
	size_t len = 99;
	hr_merkle_empty_root(empty);
	/* a one-leaf tree: the root is the leaf, the proof empty */
	HR_CHECK_INT_EQ(hr_merkle_root(root, 1, hr_merkle_mem_subtree, &mem), 0);
	HR_CHECK(memcmp(root, leaf, 32) == 0);
	HR_CHECK_INT_EQ(hr_merkle_verify_inclusion(leaf, 0, 1, NULL, 0, leaf), 0);
	HR_CHECK_INT_EQ(hr_merkle_verify_inclusion(leaf, 0, 0, NULL, 0, leaf), HR_EVALIDATE);
	/* old == 0: empty proof and the empty root, whatever the new root */
	HR_CHECK_INT_EQ(hr_merkle_consistency_proof(proof, &len, 0, 1, hr_merkle_mem_subtree, &mem),
	                0);
	HR_CHECK_INT_EQ(len, 0);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(0, 1, empty, leaf, NULL, 0), 0);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(0, 1, leaf, leaf, NULL, 0), HR_EVALIDATE);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(0, 1, empty, leaf, leaf, 32), HR_EVALIDATE);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(0, 0, empty, empty, NULL, 0), 0);
	/* old == new: equal roots, nothing more */
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(1, 1, leaf, leaf, NULL, 0), 0);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(1, 1, leaf, empty, NULL, 0), HR_EVALIDATE);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(1, 1, leaf, leaf, leaf, 32), HR_EVALIDATE);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(2, 1, leaf, leaf, NULL, 0), HR_EVALIDATE);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(1, 2, leaf, leaf, NULL, 0), HR_EVALIDATE);
	/* caller mistakes */
	HR_CHECK_INT_EQ(hr_merkle_verify_inclusion(NULL, 0, 1, NULL, 0, leaf), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_merkle_verify_inclusion(leaf, 0, 1, NULL, 32, leaf), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(1, 2, NULL, leaf, leaf, 32), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_merkle_root(NULL, 1, hr_merkle_mem_subtree, &mem), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_merkle_root(root, 1, NULL, &mem), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_merkle_root(root, 2, hr_merkle_mem_subtree, &mem), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_merkle_mem_subtree(&mem, 64, 0, root), HR_EINVAL);
	/* huge sizes: verification runs, refuses, never overflows */
	HR_CHECK_INT_EQ(hr_merkle_verify_inclusion(leaf, UINT64_MAX - 1, UINT64_MAX, NULL, 0, leaf),
	                HR_EVALIDATE);
	HR_CHECK_INT_EQ(hr_merkle_verify_consistency(UINT64_MAX - 1, UINT64_MAX, leaf, leaf, leaf,
	                                             32), HR_EVALIDATE);
}

/* ---- a subtree callback that only knows size 2^63 + 5 ---- */

/* every subtree is SHA-256(height || index): enough to see that the walk
 * over a 64-bit size asks only for subtrees inside the tree, and how many */
typedef struct {
	uint64_t size;
	long calls;
	int outside;
} fake_tree;

static int fake_subtree(void *ctx, unsigned height, uint64_t index, unsigned char out[32])
{
	fake_tree *f = ctx;
	unsigned char b[9];
	f->calls++;
	if (height > 63 || index >= (f->size >> height))
		f->outside++;
	b[0] = (unsigned char)height;
	for (int i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(index >> (8 * i));
	crypto_hash_sha256(out, b, sizeof b);
	return 0;
}

static void test_huge_sizes(void)
{
	fake_tree f = {((uint64_t)1 << 63) + 5, 0, 0};
	unsigned char root[32], proof[HR_MERKLE_PROOF_MAX];
	size_t len;
	uint64_t idx[] = {0, 1, 12345, ((uint64_t)1 << 63) - 1, ((uint64_t)1 << 63),
	                  ((uint64_t)1 << 63) + 4};
	HR_CHECK_INT_EQ(hr_merkle_root(root, f.size, fake_subtree, &f), 0);
	HR_CHECK_INT_EQ(f.calls, 3); /* bits 63, 2 and 0 */
	for (size_t i = 0; i < sizeof idx / sizeof *idx; i++) {
		f.calls = 0;
		HR_CHECK_INT_EQ(hr_merkle_inclusion_proof(proof, &len, idx[i], f.size, fake_subtree,
		                                          &f), 0);
		HR_CHECK(f.calls <= 2 * 64);
		HR_CHECK(len <= 32 * 64);
		f.calls = 0;
		if (idx[i]) {
			HR_CHECK_INT_EQ(hr_merkle_consistency_proof(proof, &len, idx[i], f.size,
			                                            fake_subtree, &f), 0);
			HR_CHECK(f.calls <= 2 * 64 + 1);
			HR_CHECK(len <= HR_MERKLE_PROOF_MAX);
		}
	}
	/* the largest proofs: size 2^64 - 1 */
	f.size = UINT64_MAX;
	f.calls = 0;
	HR_CHECK_INT_EQ(hr_merkle_root(root, f.size, fake_subtree, &f), 0);
	HR_CHECK_INT_EQ(f.calls, 64);
	HR_CHECK_INT_EQ(hr_merkle_inclusion_proof(proof, &len, UINT64_MAX - 2, f.size, fake_subtree,
	                                          &f), 0);
	HR_CHECK_INT_EQ(len, 32 * 64);
	HR_CHECK_INT_EQ(hr_merkle_consistency_proof(proof, &len, UINT64_MAX - 2, f.size,
	                                            fake_subtree, &f), 0);
	HR_CHECK(len <= HR_MERKLE_PROOF_MAX);
	HR_CHECK_INT_EQ(f.outside, 0);
}

/* ---- tiles ---- */

#define BIG 70000
#define MAXTILES 300

typedef struct {
	unsigned char *data[8][MAXTILES];
	unsigned width[8][MAXTILES];
	long reads, emits;
	int bad;          /* a rewritten hash, or a read of a tile not held */
	int fail_read_at; /* > 0: the k-th read fails */
} tile_store;

static int store_emit(void *ctx, const hr_tile *t, const unsigned char *hashes)
{
	tile_store *s = ctx;
	if (t->level >= 8 || t->index >= MAXTILES || t->width < 1 || t->width > 256) {
		s->bad++;
		return HR_EINVAL;
	}
	if (!s->data[t->level][t->index] && !(s->data[t->level][t->index] = malloc(256 * 32)))
		return HR_ENOMEM;
	/* hashes once in a tile never change */
	if (t->width <= s->width[t->level][t->index] ||
	    memcmp(s->data[t->level][t->index], hashes, 32 * s->width[t->level][t->index]))
		s->bad++;
	memcpy(s->data[t->level][t->index], hashes, 32 * t->width);
	s->width[t->level][t->index] = t->width;
	s->emits++;
	return 0;
}

static int store_read(void *ctx, unsigned level, uint64_t index, unsigned width,
                      unsigned char *out)
{
	tile_store *s = ctx;
	s->reads++;
	if (s->fail_read_at && s->reads == s->fail_read_at)
		return HR_EIO;
	if (level >= 8 || index >= MAXTILES || width > s->width[level][index]) {
		s->bad++;
		return HR_ENOTFOUND;
	}
	memcpy(out, s->data[level][index], 32 * width);
	return 0;
}

static void store_free(tile_store *s)
{
	for (int l = 0; l < 8; l++)
		for (int i = 0; i < MAXTILES; i++)
			free(s->data[l][i]);
}

static int leaf_from(void *ctx, uint64_t index, unsigned char out[32])
{
	memcpy(out, (const unsigned char *)ctx + 32 * index, 32);
	return 0;
}

/* a precomputed pyramid of every level, built with the naive node hash:
 * O(1) subtree answers for the large sizes */
typedef struct {
	unsigned char *level[18];
	uint64_t count[18];
	long calls;
} pyramid;

static void pyramid_build(pyramid *p, const unsigned char *leaves, uint64_t n)
{
	p->level[0] = malloc(32 * n);
	memcpy(p->level[0], leaves, 32 * n);
	p->count[0] = n;
	for (int h = 1; h < 18; h++) {
		p->count[h] = p->count[h - 1] / 2;
		p->level[h] = malloc(32 * (p->count[h] ? p->count[h] : 1));
		for (uint64_t i = 0; i < p->count[h]; i++)
			ref_node(p->level[h] + 32 * i, p->level[h - 1] + 64 * i,
			         p->level[h - 1] + 64 * i + 32);
	}
	p->calls = 0;
}

static int pyramid_subtree(void *ctx, unsigned height, uint64_t index, unsigned char out[32])
{
	pyramid *p = ctx;
	p->calls++;
	if (height >= 18 || index >= p->count[height])
		return HR_EINVAL;
	memcpy(out, p->level[height] + 32 * index, 32);
	return 0;
}

/* counts the calls that go through the tile reader */
typedef struct {
	hr_tile_reader rd;
	long calls;
} counted_reader;

static int counted_subtree(void *ctx, unsigned height, uint64_t index, unsigned char out[32])
{
	counted_reader *c = ctx;
	c->calls++;
	return hr_tile_subtree(&c->rd, height, index, out);
}

/* every stored tile of size holds what the pyramid says */
static int tiles_match(tile_store *s, pyramid *p, uint64_t size)
{
	int bad = 0;
	for (unsigned l = 0; l < 3; l++) {
		for (uint64_t i = 0; i < MAXTILES; i++) {
			hr_tile t;
			if (hr_tile_at(&t, size, l, i)) {
				bad += s->width[l][i] != 0;
				continue;
			}
			if (s->width[l][i] != t.width) {
				bad++;
				continue;
			}
			for (unsigned j = 0; j < t.width; j++)
				bad += memcmp(s->data[l][i] + 32 * j,
				              p->level[8 * l] + 32 * (i * 256 + j), 32) != 0;
		}
	}
	return bad;
}

/* the tile reader at size gives the pyramid's root and proofs */
static int reader_matches(tile_store *s, pyramid *p, uint64_t size)
{
	counted_reader c = {{store_read, s, size}, 0};
	unsigned char r1[32], r2[32], p1[HR_MERKLE_PROOF_MAX], p2[HR_MERKLE_PROOF_MAX];
	size_t l1, l2;
	int bad = 0;
	uint64_t picks[] = {0, 1, 255, 256, 257, size / 3, size / 2, size - 2, size - 1};
	long reads0 = s->reads;
	if (hr_merkle_root(r1, size, pyramid_subtree, p) ||
	    hr_merkle_root(r2, size, counted_subtree, &c) || memcmp(r1, r2, 32))
		bad++;
	for (size_t i = 0; i < sizeof picks / sizeof *picks; i++) {
		uint64_t m = picks[i];
		if (m >= size)
			continue;
		if (hr_merkle_inclusion_proof(p1, &l1, m, size, pyramid_subtree, p) ||
		    hr_merkle_inclusion_proof(p2, &l2, m, size, counted_subtree, &c) || l1 != l2 ||
		    memcmp(p1, p2, l1) ||
		    hr_merkle_verify_inclusion(p->level[0] + 32 * m, m, size, p2, l2, r1))
			bad++;
		if (hr_merkle_consistency_proof(p1, &l1, m, size, pyramid_subtree, p) ||
		    hr_merkle_consistency_proof(p2, &l2, m, size, counted_subtree, &c) || l1 != l2 ||
		    memcmp(p1, p2, l1))
			bad++;
	}
	/* one tile read per subtree, O(log n) subtrees per proof */
	if (s->reads - reads0 != c.calls || c.calls > (long)(sizeof picks / sizeof *picks) * 2 * 140)
		bad++;
	return bad;
}

static void test_tiles(void)
{
	static const uint64_t steps[] = {1,   2,   255, 256, 257, 300,   511,   512,
	                                 513, 1000, 65535, 65536, 65539, 66000, BIG};
	static const uint64_t history[] = {1, 7, 255, 256, 257, 511, 512, 65536, 65539};
	unsigned char *leaves = malloc(32 * BIG);
	tile_store *inc = calloc(1, sizeof *inc), *bulk = calloc(1, sizeof *bulk);
	pyramid p;
	uint64_t old = 0;
	synth_leaves(leaves, BIG);
	pyramid_build(&p, leaves, BIG);
	/* append step by step, as a register would */
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		HR_CHECK_INT_EQ(hr_tile_append(old, steps[i], leaf_from, leaves, store_read, inc,
		                               store_emit, inc), 0);
		old = steps[i];
		HR_CHECK_INT_EQ(tiles_match(inc, &p, old), 0);
		HR_CHECK_INT_EQ(reader_matches(inc, &p, old), 0);
	}
	HR_CHECK_INT_EQ(inc->bad, 0);
	/* one bulk append gives the same tiles, each emitted once */
	HR_CHECK_INT_EQ(hr_tile_append(0, BIG, leaf_from, leaves, NULL, NULL, store_emit, bulk), 0);
	HR_CHECK_INT_EQ(bulk->emits, 274 + 2 + 1); /* 273 full + 1 partial, 2, 1 */
	HR_CHECK_INT_EQ(bulk->reads, 0);
	HR_CHECK_INT_EQ(tiles_match(bulk, &p, BIG), 0);
	/* and the big tree read at earlier sizes: prefixes of the wider tiles */
	for (size_t i = 0; i < sizeof history / sizeof *history; i++)
		HR_CHECK_INT_EQ(reader_matches(bulk, &p, history[i]), 0);
	HR_CHECK_INT_EQ(bulk->bad, 0);
	/* nothing to do, bad arguments, failures passed through */
	HR_CHECK_INT_EQ(hr_tile_append(BIG, BIG, leaf_from, leaves, store_read, bulk, store_emit,
	                               bulk), 0);
	HR_CHECK_INT_EQ(hr_tile_append(5, 4, leaf_from, leaves, store_read, bulk, store_emit, bulk),
	                HR_EINVAL);
	HR_CHECK_INT_EQ(hr_tile_append(5, 6, leaf_from, leaves, NULL, NULL, store_emit, bulk),
	                HR_EINVAL);
	{
		unsigned char r[32];
		hr_tile_reader rd = {store_read, bulk, BIG};
		bulk->reads = 0;
		bulk->fail_read_at = 2;
		HR_CHECK_INT_EQ(hr_merkle_root(r, BIG, hr_tile_subtree, &rd), HR_EIO);
		HR_CHECK_INT_EQ(hr_tile_subtree(&rd, 0, BIG, r), HR_EINVAL);
		HR_CHECK_INT_EQ(hr_tile_subtree(&rd, 17, 0, r), HR_EINVAL);
		bulk->fail_read_at = 0;
	}
	store_free(inc);
	store_free(bulk);
	free(inc);
	free(bulk);
	for (int h = 0; h < 18; h++)
		free(p.level[h]);
	free(leaves);
}

static void test_tile_geometry(void)
{
	hr_tile t;
	HR_CHECK_INT_EQ(hr_tile_at(&t, 0, 0, 0), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_tile_at(&t, 1, 0, 0), 0);
	HR_CHECK_INT_EQ(t.width, 1);
	HR_CHECK_INT_EQ(hr_tile_at(&t, 256, 0, 0), 0);
	HR_CHECK_INT_EQ(t.width, 256);
	HR_CHECK_INT_EQ(hr_tile_at(&t, 256, 0, 1), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_tile_at(&t, 256, 1, 0), 0);
	HR_CHECK_INT_EQ(t.width, 1);
	HR_CHECK_INT_EQ(hr_tile_at(&t, 65536 + 3, 2, 0), 0);
	HR_CHECK_INT_EQ(t.width, 1);
	HR_CHECK_INT_EQ(hr_tile_at(&t, 65536 + 3, 1, 0), 0);
	HR_CHECK_INT_EQ(t.width, 256);
	HR_CHECK_INT_EQ(hr_tile_at(&t, 65536 + 3, 0, 256), 0);
	HR_CHECK_INT_EQ(t.width, 3);
	HR_CHECK_INT_EQ(hr_tile_at(&t, UINT64_MAX, 7, 0), 0);
	HR_CHECK_INT_EQ(t.width, 255);
	HR_CHECK_INT_EQ(hr_tile_at(&t, UINT64_MAX, 8, 0), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_tile_at(&t, UINT64_MAX, 0, UINT64_MAX / 256), 0);
	HR_CHECK_INT_EQ(t.width, 255);
}

static void test_tile_paths(void)
{
	char buf[HR_TILE_PATH_BUFSZ];
	hr_tile t = {0, 1234067, 256};
	HR_CHECK_INT_EQ(hr_tile_path(buf, sizeof buf, &t), 0);
	HR_CHECK_STR_EQ(buf, "tile/0/x001/x234/067");
	t.width = 8;
	HR_CHECK_INT_EQ(hr_tile_path(buf, sizeof buf, &t), 0);
	HR_CHECK_STR_EQ(buf, "tile/0/x001/x234/067.p/8");
	t = (hr_tile){1, 0, 1};
	HR_CHECK_INT_EQ(hr_tile_path(buf, sizeof buf, &t), 0);
	HR_CHECK_STR_EQ(buf, "tile/1/000.p/1");
	t = (hr_tile){2, 1000, 256};
	HR_CHECK_INT_EQ(hr_tile_path(buf, sizeof buf, &t), 0);
	HR_CHECK_STR_EQ(buf, "tile/2/x001/000");
	t = (hr_tile){0, 1234, 256};
	HR_CHECK_INT_EQ(hr_tile_path(buf, sizeof buf, &t), 0);
	HR_CHECK_STR_EQ(buf, "tile/0/x001/234");
	t = (hr_tile){63, UINT64_MAX, 255};
	HR_CHECK_INT_EQ(hr_tile_path(buf, sizeof buf, &t), 0);
	HR_CHECK_STR_EQ(buf, "tile/63/x018/x446/x744/x073/x709/x551/615.p/255");
	HR_CHECK_INT_EQ(hr_tile_entries_path(buf, sizeof buf, 1234067, 256), 0);
	HR_CHECK_STR_EQ(buf, "tile/entries/x001/x234/067");
	HR_CHECK_INT_EQ(hr_tile_entries_path(buf, sizeof buf, 48, 13), 0);
	HR_CHECK_STR_EQ(buf, "tile/entries/048.p/13");
	/* refusals */
	t = (hr_tile){0, 5, 0};
	HR_CHECK_INT_EQ(hr_tile_path(buf, sizeof buf, &t), HR_EINVAL);
	t.width = 257;
	HR_CHECK_INT_EQ(hr_tile_path(buf, sizeof buf, &t), HR_EINVAL);
	t = (hr_tile){64, 5, 1};
	HR_CHECK_INT_EQ(hr_tile_path(buf, sizeof buf, &t), HR_EINVAL);
	t = (hr_tile){0, 1234067, 256};
	HR_CHECK_INT_EQ(hr_tile_path(buf, 20, &t), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_tile_path(buf, 21, &t), 0);
	HR_CHECK_INT_EQ(hr_tile_entries_path(buf, sizeof buf, 1, 0), HR_EINVAL);
}

/*
 * Vectors for the outside oracle, one line each, hashes in lowercase hex,
 * leaf i being hr_leaf_hash("hazreg leaf <i>"):
 *   root N HEX
 *   inclusion M N HEX,HEX,...   ("-" for an empty proof)
 *   consistency M N HEX,...     for 1 <= M <= N
 */
static int dump_vectors(const char *path)
{
	static unsigned char leaves[SMALL * 32];
	hr_merkle_mem mem = {leaves, SMALL};
	unsigned char root[32], proof[HR_MERKLE_PROOF_MAX];
	char h[65];
	size_t len;
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	synth_leaves(leaves, SMALL);
	for (uint64_t n = 1; n <= SMALL; n++) {
		hr_merkle_root(root, n, hr_merkle_mem_subtree, &mem);
		hex(h, root, 32);
		fprintf(f, "root %llu %s\n", (unsigned long long)n, h);
		for (int kind = 0; kind < 2; kind++) {
			for (uint64_t m = kind ? 1 : 0; kind ? m <= n : m < n; m++) {
				if (kind)
					hr_merkle_consistency_proof(proof, &len, m, n,
					                            hr_merkle_mem_subtree, &mem);
				else
					hr_merkle_inclusion_proof(proof, &len, m, n,
					                          hr_merkle_mem_subtree, &mem);
				fprintf(f, "%s %llu %llu ", kind ? "consistency" : "inclusion",
				        (unsigned long long)m, (unsigned long long)n);
				if (!len)
					fputc('-', f);
				for (size_t i = 0; i < len; i += 32) {
					hex(h, proof + i, 32);
					fprintf(f, "%s%s", i ? "," : "", h);
				}
				fputc('\n', f);
			}
		}
	}
	return fclose(f) ? 1 : 0;
}

int main(void)
{
	const char *vec = getenv("HR_MERKLE_VECTORS");
	if (sodium_init() < 0)
		return 1;
	if (vec && *vec)
		return dump_vectors(vec);
	test_rfc6962_data();
	test_edges();
	test_small_trees();
	test_huge_sizes();
	test_tile_geometry();
	test_tile_paths();
	test_tiles();
	return HR_TEST_DONE();
}
