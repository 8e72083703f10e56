/*
 * test_note.c - unit tests of the signed-note, note-key and checkpoint
 * code (src/log/note.c, src/log/checkpoint.c): Ed25519 through libsodium
 * against RFC 8032, the published example key and notes of the Go
 * reference implementation of C2SP signed-note, tampering, malformed
 * input with its reasons, and checkpoints.
 */
#include "hazreg/hazreg.h"
#include "core/core_int.h"

#include <sodium.h>
#include <stdlib.h>

#include "test.h"

/* ---- helpers ---- */

static void unhex(uint8_t *out, const char *hex)
{
	for (size_t i = 0; hex[2 * i]; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

static int contains(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

static int open_str(const char *msg, const hr_key_verifier *keys, size_t nkeys, hr_note *n,
                    char *err, size_t errsz)
{
	return hr_note_open(n, msg, strlen(msg), keys, nkeys, NULL, err, errsz);
}

/* ---- RFC 8032 section 7.1, tests 1-3 ---- */

static const struct {
	const char *seed, *pub, *msg, *sig;
} rfc8032[] = {
	{"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	 "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
	 "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
	{"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	 "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
	 "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
	{"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	 "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
	 "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

static void test_rfc8032(void)
{
	for (size_t t = 0; t < sizeof rfc8032 / sizeof rfc8032[0]; t++) {
		uint8_t seed[32], pub[32], want_pub[32], sk[64], sig[64], want_sig[64], msg[2];
		size_t mlen = strlen(rfc8032[t].msg) / 2;
		hr_key_signer k;
		unhex(seed, rfc8032[t].seed);
		unhex(want_pub, rfc8032[t].pub);
		unhex(msg, rfc8032[t].msg);
		unhex(want_sig, rfc8032[t].sig);
		HR_CHECK_INT_EQ(crypto_sign_seed_keypair(pub, sk, seed), 0);
		HR_CHECK(memcmp(pub, want_pub, 32) == 0);
		HR_CHECK_INT_EQ(crypto_sign_detached(sig, NULL, msg, mlen, sk), 0);
		HR_CHECK(memcmp(sig, want_sig, 64) == 0);
		HR_CHECK_INT_EQ(crypto_sign_verify_detached(want_sig, msg, mlen, pub), 0);
		want_sig[0] ^= 1;
		HR_CHECK(crypto_sign_verify_detached(want_sig, msg, mlen, pub) != 0);
		/* and the library's own key derivation agrees */
		HR_CHECK_INT_EQ(hr_key_from_seed(&k, "rfc8032.example/test", seed), 0);
		HR_CHECK(memcmp(k.pub, want_pub, 32) == 0);
		hr_key_signer_wipe(&k);
	}
}

/* ---- the example key and notes of the Go reference implementation ---- */

#define PETER_VKEY "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
#define PETER_SKEY "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
#define ENOCH_VKEY "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
#define TEXT                                                                                     \
	"If you think cryptography is the answer to your problem,\n"                             \
	"then you don't know what your problem is.\n"
#define PETER_SIG                                                                                \
	"\xE2\x80\x94 PeterNeumann "                                                             \
	"x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
#define ENOCH_SIG                                                                                \
	"\xE2\x80\x94 EnochRoot "                                                                \
	"rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"

static hr_key_verifier peter, enoch;

static void test_example_keys(void)
{
	hr_key_signer sk;
	hr_key_verifier from_sk;
	char buf[HR_KEY_SIGNER_BUFSZ], err[256] = "";
	HR_CHECK_INT_EQ(hr_key_verifier_parse(&peter, PETER_VKEY, strlen(PETER_VKEY), err, sizeof err), 0);
	HR_CHECK_STR_EQ(peter.name, "PeterNeumann");
	HR_CHECK_INT_EQ(peter.id, 0xc74f20a3u);
	HR_CHECK_INT_EQ(hr_key_id("PeterNeumann", 12, peter.pub), 0xc74f20a3u);
	HR_CHECK_INT_EQ(hr_key_verifier_parse(&enoch, ENOCH_VKEY, strlen(ENOCH_VKEY), err, sizeof err), 0);
	HR_CHECK_INT_EQ(enoch.id, 0xaf0cfe78u);
	HR_CHECK_INT_EQ(hr_key_verifier_format(buf, sizeof buf, &peter), 0);
	HR_CHECK_STR_EQ(buf, PETER_VKEY);

	HR_CHECK_INT_EQ(hr_key_signer_parse(&sk, PETER_SKEY, strlen(PETER_SKEY), err, sizeof err), 0);
	HR_CHECK_INT_EQ(sk.id, 0xc74f20a3u);
	hr_key_verifier_of(&from_sk, &sk);
	HR_CHECK(memcmp(&from_sk, &peter, sizeof peter) == 0);
	HR_CHECK_INT_EQ(hr_key_signer_format(buf, sizeof buf, &sk), 0);
	HR_CHECK_STR_EQ(buf, PETER_SKEY);
	HR_CHECK_INT_EQ(hr_key_signer_format(buf, 20, &sk), HR_EINVAL);
	hr_key_signer_wipe(&sk);
	HR_CHECK_INT_EQ(sk.seed[0] | sk.seed[31], 0);
}

static void test_example_note(void)
{
	hr_key_signer sk;
	hr_key_verifier both[2];
	unsigned char ok[2];
	hr_note n;
	char *msg = NULL, err[256] = "";
	size_t len = 0;
	const char *note = TEXT "\n" PETER_SIG;
	const char *two = TEXT "\n" PETER_SIG ENOCH_SIG;

	/* Ed25519 is deterministic: signing reproduces the published note byte for byte. */
	HR_CHECK_INT_EQ(hr_key_signer_parse(&sk, PETER_SKEY, strlen(PETER_SKEY), err, sizeof err), 0);
	HR_CHECK_INT_EQ(hr_note_sign(&msg, &len, TEXT, strlen(TEXT), &sk, 1, err, sizeof err), 0);
	HR_CHECK_STR_EQ(msg, note);
	HR_CHECK_INT_EQ(len, strlen(note));
	hr_free(msg);
	hr_key_signer_wipe(&sk);

	HR_CHECK_INT_EQ(open_str(note, &peter, 1, &n, err, sizeof err), 0);
	HR_CHECK_INT_EQ(n.text_len, strlen(TEXT));
	HR_CHECK(n.text && memcmp(n.text, TEXT, n.text_len) == 0);
	HR_CHECK_INT_EQ(n.nsigs, 1);
	HR_CHECK_INT_EQ(n.nverified, 1);

	/* Two signatures: one known key verifies, the unknown one is ignored. */
	HR_CHECK_INT_EQ(open_str(two, &peter, 1, &n, err, sizeof err), 0);
	HR_CHECK_INT_EQ(n.nsigs, 2);
	HR_CHECK_INT_EQ(n.nverified, 1);
	HR_CHECK_INT_EQ(open_str(two, &enoch, 1, &n, err, sizeof err), 0);
	HR_CHECK_INT_EQ(n.nverified, 1);
	both[0] = peter;
	both[1] = enoch;
	HR_CHECK_INT_EQ(hr_note_open(&n, two, strlen(two), both, 2, ok, err, sizeof err), 0);
	HR_CHECK_INT_EQ(n.nverified, 2);
	HR_CHECK(ok[0] == 1 && ok[1] == 1);
	HR_CHECK_INT_EQ(hr_note_open(&n, note, strlen(note), both, 2, ok, err, sizeof err), 0);
	HR_CHECK(ok[0] == 1 && ok[1] == 0);

	/* No known key: refused even though the note is well formed. */
	HR_CHECK_INT_EQ(open_str(two, NULL, 0, &n, err, sizeof err), HR_EVALIDATE);
	HR_CHECK(contains(err, "no signature by a known key"));
	HR_CHECK_INT_EQ(open_str(note, &enoch, 1, &n, err, sizeof err), HR_EVALIDATE);
	HR_CHECK(n.text == NULL);
}

/* The malformed notes of the reference tests, and a few more. */
static void test_malformed_notes(void)
{
	static const struct {
		const char *msg, *reason;
	} bad[] = {
		{TEXT, "line 2: no blank line"},
		{TEXT "\n", "line 3: no signature line"},
		{"\x01" TEXT "\n" PETER_SIG, "line 1: control character 0x01"},
		{"\xff" TEXT "\n" PETER_SIG, "line 1: invalid UTF-8"},
		{TEXT "\n\xE2\x80\x94 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
		 "line 4: a space in the key name or the signature"},
		{TEXT "\n" PETER_SIG "Unexpected line.\n", "line 5: signature line does not start"},
		{TEXT "\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
		 "line 4: signature line does not start with an em dash"},
		{TEXT "\n\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n",
		 "line 4: signature is not canonical base64"},
		{TEXT "\n\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAN=\n",
		 "line 4: signature is not canonical base64"},
		{TEXT "\n\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM= \n",
		 "line 4: a space"},
		{TEXT "\n\xE2\x80\x94 PeterNeumann\n", "line 4: no space"},
		{TEXT "\n\xE2\x80\x94 PeterNeumann AAAA\n", "line 4: signature shorter"},
		{TEXT "\n\xE2\x80\x94  x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
		 "line 4: bad key name"},
		{TEXT "\n" PETER_SIG "\n" PETER_SIG "\n", "line 7: no signature line"},
		{"", "line 1: empty note"},
		{"\n", "no blank line"},
		{"a\xC0\x80\n\n" PETER_SIG, "line 1: invalid UTF-8"},
		{"a\xED\xA0\x80\n\n" PETER_SIG, "line 1: invalid UTF-8"},
		{"a\r\n\n" PETER_SIG, "line 1: control character 0x0d"},
		{"a\tb\n\n" PETER_SIG, "line 1: control character 0x09"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		hr_note n;
		char err[256] = "";
		int rc = open_str(bad[i].msg, &peter, 1, &n, err, sizeof err);
		HR_CHECK_INT_EQ(rc, HR_EINVAL);
		if (!contains(err, bad[i].reason))
			fprintf(stderr, "case %zu: \"%s\" lacks \"%s\"\n", i, err, bad[i].reason);
		HR_CHECK(contains(err, bad[i].reason));
	}
	/* Truncated by its final newline (the string has a NUL we do not count). */
	{
		const char *note = TEXT "\n" PETER_SIG;
		hr_note n;
		char err[256] = "";
		HR_CHECK_INT_EQ(hr_note_open(&n, note, strlen(note) - 1, &peter, 1, NULL, err, sizeof err),
		                HR_EINVAL);
		HR_CHECK(contains(err, "line 4: note does not end with a newline"));
		/* A NUL byte is a control character. */
		HR_CHECK_INT_EQ(hr_note_open(&n, note, strlen(note) + 1, &peter, 1, NULL, err, sizeof err),
		                HR_EINVAL);
		HR_CHECK(contains(err, "line 5: control character 0x00"));
	}
}

/* A signature by a known key that does not verify rejects the note. */
static void test_bad_known_signature(void)
{
	hr_key_verifier both[2] = {peter, enoch};
	hr_note n;
	char err[256] = "";
	/* 4 base64 characters inserted: still canonical, 3 more bytes. */
	const char *longer = TEXT "\n\xE2\x80\x94 PeterNeumann "
	                          "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FABCDFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
	const char *changed = TEXT "\n\xE2\x80\x94 PeterNeumann "
	                           "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAA=\n";
	HR_CHECK_INT_EQ(open_str(longer, &peter, 1, &n, err, sizeof err), HR_EVALIDATE);
	HR_CHECK(contains(err, "line 4: signature by known key PeterNeumann+c74f20a3 does not verify"));
	HR_CHECK_INT_EQ(open_str(changed, &peter, 1, &n, err, sizeof err), HR_EVALIDATE);
	/* ... unless the key is unknown: then the line is ignored. */
	HR_CHECK_INT_EQ(open_str(longer, &enoch, 1, &n, err, sizeof err), HR_EVALIDATE);
	HR_CHECK(contains(err, "no signature by a known key"));
	{
		char msg[1024];
		snprintf(msg, sizeof msg, "%s\n%s%s", TEXT, ENOCH_SIG, strstr(changed, "\xE2\x80\x94"));
		HR_CHECK_INT_EQ(open_str(msg, &enoch, 1, &n, err, sizeof err), 0);
		HR_CHECK_INT_EQ(open_str(msg, both, 2, &n, err, sizeof err), HR_EVALIDATE);
		HR_CHECK(contains(err, "line 5:"));
	}
	/* A valid signature of another text. */
	{
		const char *other = "If you think cryptography is the answer to your problem,\n"
		                    "then you do not know what your problem is.\n\n" PETER_SIG;
		HR_CHECK_INT_EQ(open_str(other, &peter, 1, &n, err, sizeof err), HR_EVALIDATE);
	}
}

/* Two different trusted keys with one name and key ID cannot be told apart. */
static void test_ambiguous_keys(void)
{
	hr_key_verifier keys[2] = {peter, peter};
	hr_note n;
	char err[256] = "";
	const char *note = TEXT "\n" PETER_SIG;
	HR_CHECK_INT_EQ(open_str(note, keys, 2, &n, err, sizeof err), 0); /* same key twice: fine */
	keys[1].pub[0] ^= 1;
	HR_CHECK_INT_EQ(open_str(note, keys, 2, &n, err, sizeof err), HR_EINVAL);
	HR_CHECK(contains(err, "two different trusted keys"));
}

static void test_signature_limit(void)
{
	hr_buf b = {0};
	hr_note n;
	char err[256] = "";
	hr_buf_put(&b, TEXT "\n", strlen(TEXT) + 1);
	for (int i = 0; i < 100; i++)
		hr_buf_put(&b, PETER_SIG, strlen(PETER_SIG));
	HR_CHECK_INT_EQ(hr_note_open(&n, (char *)b.p, b.len, &peter, 1, NULL, err, sizeof err), 0);
	HR_CHECK_INT_EQ(n.nsigs, 100);
	HR_CHECK_INT_EQ(n.nverified, 1);
	hr_buf_put(&b, PETER_SIG, strlen(PETER_SIG));
	HR_CHECK_INT_EQ(hr_note_open(&n, (char *)b.p, b.len, &peter, 1, NULL, err, sizeof err),
	                HR_EINVAL);
	HR_CHECK(contains(err, "line 104: more than 100 signatures"));
	HR_CHECK_INT_EQ(hr_note_open(&n, (char *)b.p, b.len, NULL, 0, NULL, err, sizeof err),
	                HR_EINVAL);
	hr_buf_free(&b);
}

/* ---- keys ---- */

static void test_key_names(void)
{
	static const char *good[] = {"a", "example.com/log42", "hazreg.example/register",
	                             "\xC3\xBC\x6E\xC3\xAF", "x=y", "-_~"};
	static const char *bad[] = {"", "a b", "a+b", "+", "a\tb", "a\nb", "a\xC2\xA0" "b",
	                            "a\xE3\x80\x80" "b", "a\xE2\x80\xA8" "b", "a\x7f" "b",
	                            "a\xC2\x85" "b", "\xC3", "\xF5\x80\x80\x80"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		HR_CHECK_INT_EQ(hr_key_name_check(good[i], strlen(good[i])), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		hr_key_signer k;
		uint8_t seed[32] = {1};
		HR_CHECK_INT_EQ(hr_key_name_check(bad[i], strlen(bad[i])), HR_EINVAL);
		HR_CHECK_INT_EQ(hr_key_from_seed(&k, bad[i], seed), HR_EINVAL);
	}
	{
		char name[HR_KEY_NAME_MAX + 2];
		hr_key_signer k;
		memset(name, 'n', sizeof name - 1);
		name[sizeof name - 1] = '\0';
		HR_CHECK_INT_EQ(hr_key_generate(&k, name), HR_EINVAL);
		name[HR_KEY_NAME_MAX] = '\0';
		HR_CHECK_INT_EQ(hr_key_generate(&k, name), 0);
		hr_key_signer_wipe(&k);
	}
}

#define PETER_B64 "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"

static int vparse(hr_key_verifier *vk, const char *s, char err[256])
{
	return hr_key_verifier_parse(vk, s, strlen(s), err, 256);
}

/* Every proper substring and every byte+1 of the example key is refused. */
static void test_key_mangling(void)
{
	char b[] = PETER_VKEY, s[] = PETER_SKEY;
	size_t len = strlen(b), slen = strlen(s);
	hr_key_verifier vk;
	hr_key_signer sk;
	char err[256];
	size_t refused = 0, tried = 0;
	for (size_t i = 0; i <= len; i++)
		for (size_t j = i + 1; j <= len; j++)
			if (i != 0 || j != len) {
				tried++;
				refused += hr_key_verifier_parse(&vk, b + i, j - i, err, sizeof err) == HR_EINVAL;
			}
	for (size_t i = 0; i < len; i++) {
		b[i]++;
		tried++;
		refused += hr_key_verifier_parse(&vk, b, len, err, sizeof err) == HR_EINVAL;
		b[i]--;
	}
	for (size_t i = 0; i < slen; i++) {
		s[i]++;
		tried++;
		refused += hr_key_signer_parse(&sk, s, slen, err, sizeof err) == HR_EINVAL;
		s[i]--;
	}
	HR_CHECK_INT_EQ(refused, tried);

	/* The reasons, named. */
	HR_CHECK_INT_EQ(vparse(&vk, "PeterNeumann+c74f20a4+" PETER_B64, err), HR_EINVAL);
	HR_CHECK(contains(err, "key ID c74f20a4 does not match"));
	HR_CHECK_INT_EQ(vparse(&vk, "PeterNeumann+C74F20A3+" PETER_B64, err), HR_EINVAL);
	HR_CHECK(contains(err, "lowercase hex"));
	HR_CHECK_INT_EQ(vparse(&vk, "PeterNeumann+c74f20a+" PETER_B64, err), HR_EINVAL);
	HR_CHECK(contains(err, "not 8 hex digits"));
	HR_CHECK_INT_EQ(vparse(&vk, "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T=",
	                       err), HR_EINVAL);
	HR_CHECK(contains(err, "base64"));
	HR_CHECK_INT_EQ(vparse(&vk, "PeterNeumann+c74f20a3+AhpcMQegwxbzhKqiBfsVkmqq", err), HR_EINVAL);
	HR_CHECK(contains(err, "33 bytes"));
	HR_CHECK_INT_EQ(vparse(&vk, "PeterNeumann", err), HR_EINVAL);
	HR_CHECK(contains(err, "no '+'"));
	HR_CHECK_INT_EQ(vparse(&vk, "Peter Neumann+c74f20a3+" PETER_B64, err), HR_EINVAL);
	HR_CHECK(contains(err, "bad key name"));
	/* A skey is not a vkey and the other way round. */
	HR_CHECK_INT_EQ(vparse(&vk, PETER_SKEY, err), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_key_signer_parse(&sk, PETER_VKEY, strlen(PETER_VKEY), err, 256), HR_EINVAL);
	HR_CHECK(contains(err, "PRIVATE+KEY+"));
	/* An algorithm byte other than 0x01 is named. */
	HR_CHECK_INT_EQ(vparse(&vk, "PeterNeumann+c74f20a3+AhpcMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWZm9vYmF",
	                       err), HR_EINVAL);
	HR_CHECK(contains(err, "signature type 0x02"));
	/* The identity point is a small-order public key. */
	{
		hr_key_verifier id0 = {{0}, 0, {0}};
		char buf[HR_KEY_VERIFIER_BUFSZ];
		memcpy(id0.name, "zero", 5);
		id0.pub[0] = 1;
		id0.id = hr_key_id("zero", 4, id0.pub);
		HR_CHECK_INT_EQ(hr_key_verifier_format(buf, sizeof buf, &id0), 0);
		HR_CHECK_INT_EQ(hr_key_verifier_parse(&vk, buf, strlen(buf), err, sizeof err), HR_EINVAL);
		HR_CHECK(contains(err, "not a valid Ed25519 point"));
	}
}

static void test_generated_keys(void)
{
	hr_key_signer a, b, back;
	hr_key_verifier va, vb;
	char buf[HR_KEY_SIGNER_BUFSZ], err[256] = "";
	HR_CHECK_INT_EQ(hr_key_generate(&a, "hazreg.example/log"), 0);
	HR_CHECK_INT_EQ(hr_key_generate(&b, "hazreg.example/log"), 0);
	HR_CHECK(memcmp(a.seed, b.seed, 32) != 0);
	HR_CHECK(memcmp(a.pub, b.pub, 32) != 0);
	HR_CHECK_INT_EQ(hr_key_signer_format(buf, sizeof buf, &a), 0);
	HR_CHECK_INT_EQ(hr_key_signer_parse(&back, buf, strlen(buf), err, sizeof err), 0);
	HR_CHECK(memcmp(&back, &a, sizeof a) == 0);
	hr_key_verifier_of(&va, &a);
	hr_key_verifier_of(&vb, &b);
	HR_CHECK_INT_EQ(hr_key_verifier_format(buf, sizeof buf, &va), 0);
	HR_CHECK_INT_EQ(strlen(buf), strlen("hazreg.example/log") + 1 + 8 + 1 + 44);
	{
		hr_key_verifier vback;
		HR_CHECK_INT_EQ(hr_key_verifier_parse(&vback, buf, strlen(buf), err, sizeof err), 0);
		HR_CHECK(memcmp(&vback, &va, sizeof va) == 0);
	}
	hr_key_signer_wipe(&a);
	hr_key_signer_wipe(&b);
	hr_key_signer_wipe(&back);
	(void)vb;
}

/* ---- signing, several signers, tampering ---- */

static hr_key_signer signers[3];
static hr_key_verifier verifiers[3];

static void make_keys(void)
{
	static const char *names[3] = {"hazreg.example/log", "witness.example/w1", "witness.example/w2"};
	for (int i = 0; i < 3; i++) {
		uint8_t seed[32];
		memset(seed, 0x40 + i, sizeof seed);
		HR_CHECK_INT_EQ(hr_key_from_seed(&signers[i], names[i], seed), 0);
		hr_key_verifier_of(&verifiers[i], &signers[i]);
	}
}

static void test_sign_open(void)
{
	const char *text = "hazreg.example/log\n42\n\nempty lines are allowed in the text\n\n";
	char *msg = NULL, err[256] = "";
	size_t len = 0;
	hr_note n;
	unsigned char ok[3];
	HR_CHECK_INT_EQ(hr_note_sign(&msg, &len, text, strlen(text), signers, 3, err, sizeof err), 0);
	HR_CHECK(msg && strncmp(msg, text, strlen(text)) == 0);
	HR_CHECK(contains(msg, "\n\xE2\x80\x94 witness.example/w1 "));
	for (unsigned mask = 0; mask < 8; mask++) {
		hr_key_verifier set[3];
		size_t k = 0;
		for (int i = 0; i < 3; i++)
			if (mask & (1u << i))
				set[k++] = verifiers[i];
		int rc = hr_note_open(&n, msg, len, set, k, ok, err, sizeof err);
		HR_CHECK_INT_EQ(rc, k ? 0 : HR_EVALIDATE);
		if (k) {
			HR_CHECK_INT_EQ(n.nverified, k);
			HR_CHECK_INT_EQ(n.nsigs, 3);
			HR_CHECK_INT_EQ(n.text_len, strlen(text));
			HR_CHECK(memcmp(n.text, text, n.text_len) == 0);
		}
	}
	/* A key with a known name but another key ID, and the other way round: ignored. */
	{
		hr_key_verifier same_name = verifiers[0], same_id = verifiers[0];
		hr_key_verifier set[2];
		same_name.id ^= 1;
		memcpy(same_id.name, "hazreg.example/lag", 19);
		set[0] = same_name;
		set[1] = same_id;
		HR_CHECK_INT_EQ(hr_note_open(&n, msg, len, set, 2, NULL, err, sizeof err), HR_EVALIDATE);
		set[1] = verifiers[2];
		HR_CHECK_INT_EQ(hr_note_open(&n, msg, len, set, 2, ok, err, sizeof err), 0);
		HR_CHECK(ok[0] == 0 && ok[1] == 1);
	}
	hr_free(msg);

	/* Bad input to sign. */
	HR_CHECK_INT_EQ(hr_note_sign(&msg, NULL, "no newline", 10, signers, 1, err, sizeof err), HR_EINVAL);
	HR_CHECK(contains(err, "line 1: note text does not end with a newline"));
	HR_CHECK(msg == NULL);
	HR_CHECK_INT_EQ(hr_note_sign(&msg, NULL, "a\nb\x01\n", 5, signers, 1, err, sizeof err), HR_EINVAL);
	HR_CHECK(contains(err, "line 2: control character"));
	HR_CHECK_INT_EQ(hr_note_sign(&msg, NULL, "", 0, signers, 1, err, sizeof err), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_note_sign(&msg, NULL, "a\n", 2, signers, 0, err, sizeof err), HR_EINVAL);
	{
		hr_key_signer twice[2] = {signers[0], signers[0]};
		HR_CHECK_INT_EQ(hr_note_sign(&msg, NULL, "a\n", 2, twice, 2, err, sizeof err), HR_EINVAL);
		HR_CHECK(contains(err, "both hazreg.example/log+"));
	}
	{
		hr_key_signer odd = signers[1];
		odd.id ^= 0x100;
		HR_CHECK_INT_EQ(hr_note_sign(&msg, NULL, "a\n", 2, &odd, 1, err, sizeof err), HR_EINVAL);
		HR_CHECK(contains(err, "signer key 1: seed, public key and key ID disagree"));
		odd = signers[1];
		odd.seed[5] ^= 1;
		HR_CHECK_INT_EQ(hr_note_sign(&msg, NULL, "a\n", 2, &odd, 1, err, sizeof err), HR_EINVAL);
		hr_key_signer_wipe(&odd);
	}
	/* Out of memory is reported, nothing leaks. */
	hr__alloc_fail_after(1);
	HR_CHECK_INT_EQ(hr_note_sign(&msg, NULL, "a\n", 2, signers, 1, err, sizeof err), HR_ENOMEM);
	hr__alloc_fail_after(0);
	HR_CHECK(msg == NULL);

	/* The smallest text: a single newline. */
	HR_CHECK_INT_EQ(hr_note_sign(&msg, &len, "\n", 1, signers, 1, err, sizeof err), 0);
	HR_CHECK_INT_EQ(hr_note_open(&n, msg, len, verifiers, 1, NULL, err, sizeof err), 0);
	HR_CHECK_INT_EQ(n.text_len, 1);
	hr_free(msg);
}

/*
 * Flip each byte (XOR 0x01) of a note signed by two keys, and truncate it
 * at every length: each result is refused, or verifies the very same text.
 */
static void test_tamper(void)
{
	const char *text = "hazreg.example/log\n1234\nA7ceEbDkNW/NzM9LuOQn1ztJzhjmlcGtTKYkdr85Xa0=\n";
	char *msg = NULL, err[256];
	size_t len = 0, refused = 0, same = 0, changed = 0;
	HR_CHECK_INT_EQ(hr_note_sign(&msg, &len, text, strlen(text), signers, 2, err, sizeof err), 0);
	for (size_t setn = 1; setn <= 2; setn++) {
		for (size_t i = 0; i < len; i++) {
			hr_note n;
			int rc;
			msg[i] ^= 0x01;
			rc = hr_note_open(&n, msg, len, verifiers, setn, NULL, err, sizeof err);
			if (rc != 0)
				refused++;
			else if (n.text_len == strlen(text) && memcmp(n.text, text, n.text_len) == 0)
				same++;
			else
				changed++;
			msg[i] ^= 0x01;
		}
		for (size_t k = 0; k < len; k++) {
			hr_note n;
			int rc = hr_note_open(&n, msg, k, verifiers, setn, NULL, err, sizeof err);
			if (rc != 0)
				refused++;
			else if (n.text_len == strlen(text) && memcmp(n.text, text, n.text_len) == 0)
				same++;
			else
				changed++;
		}
	}
	HR_CHECK_INT_EQ(changed, 0);
	/* Flips in the text, the blank line and the known key's line are all refused. */
	HR_CHECK(refused >= len);
	HR_CHECK(same > 0);
	hr_free(msg);
}

/* ---- checkpoints ---- */

static void test_checkpoint_example(void)
{
	/* The example of C2SP tlog-checkpoint. */
	const char *body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
	hr_checkpoint cp;
	char *out = NULL, err[256] = "";
	size_t len = 0;
	HR_CHECK_INT_EQ(hr_checkpoint_parse(&cp, body, strlen(body), err, sizeof err), 0);
	HR_CHECK_INT_EQ(cp.origin_len, strlen("example.com/behind-the-sofa"));
	HR_CHECK(memcmp(cp.origin, "example.com/behind-the-sofa", cp.origin_len) == 0);
	HR_CHECK_INT_EQ(cp.size, 20852163);
	HR_CHECK_INT_EQ(cp.root[0], 0x0a);
	HR_CHECK_INT_EQ(cp.root[31], 0x62);
	HR_CHECK_INT_EQ(cp.ext_len, 0);
	HR_CHECK_INT_EQ(hr_checkpoint_format(&out, &len, &cp, err, sizeof err), 0);
	HR_CHECK_STR_EQ(out, body);
	HR_CHECK_INT_EQ(len, strlen(body));
	hr_free(out);
}

static void test_checkpoint_roundtrip(void)
{
	static const uint64_t sizes[] = {0, 1, 9, 10, 255, 256, 1000000, UINT64_MAX};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		hr_checkpoint cp = {"hazreg.example/log", 18, sizes[i], {0}, NULL, 0}, back;
		char *text = NULL, *note = NULL, err[256] = "";
		size_t len = 0, nlen = 0;
		for (int j = 0; j < 32; j++)
			cp.root[j] = (uint8_t)(i * 31 + (size_t)j * 7);
		if (i % 2) {
			cp.ext = "extension one\nextension \xE2\x80\x94 two\n";
			cp.ext_len = strlen(cp.ext);
		}
		HR_CHECK_INT_EQ(hr_checkpoint_format(&text, &len, &cp, err, sizeof err), 0);
		HR_CHECK_INT_EQ(hr_checkpoint_parse(&back, text, len, err, sizeof err), 0);
		HR_CHECK_INT_EQ(back.size, sizes[i]);
		HR_CHECK(memcmp(back.root, cp.root, 32) == 0);
		HR_CHECK(back.origin_len == 18 && memcmp(back.origin, cp.origin, 18) == 0);
		HR_CHECK(back.ext_len == cp.ext_len && (cp.ext_len == 0 ||
		                                        memcmp(back.ext, cp.ext, cp.ext_len) == 0));
		HR_CHECK_INT_EQ(hr_checkpoint_sign(&note, &nlen, &cp, signers, 2, err, sizeof err), 0);
		HR_CHECK(note && strncmp(note, text, len) == 0);
		HR_CHECK_INT_EQ(hr_checkpoint_open(&back, note, nlen, &verifiers[1], 1, err, sizeof err), 0);
		HR_CHECK_INT_EQ(back.size, sizes[i]);
		HR_CHECK(memcmp(back.root, cp.root, 32) == 0);
		HR_CHECK_INT_EQ(hr_checkpoint_open(&back, note, nlen, &verifiers[2], 1, err, sizeof err),
		                HR_EVALIDATE);
		hr_free(text);
		hr_free(note);
	}
	{
		char buf[128];
		char *text = NULL, err[256] = "";
		hr_checkpoint cp = {"o", 1, UINT64_MAX, {0}, NULL, 0};
		HR_CHECK_INT_EQ(hr_checkpoint_format(&text, NULL, &cp, err, sizeof err), 0);
		snprintf(buf, sizeof buf, "o\n18446744073709551615\n%s\n", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
		HR_CHECK_STR_EQ(text, buf);
		hr_free(text);
		/* What cannot be written is refused. */
		cp.origin_len = 0;
		HR_CHECK_INT_EQ(hr_checkpoint_format(&text, NULL, &cp, err, sizeof err), HR_EINVAL);
		cp.origin = "a\nb";
		cp.origin_len = 3;
		HR_CHECK_INT_EQ(hr_checkpoint_format(&text, NULL, &cp, err, sizeof err), HR_EINVAL);
		cp.origin = "a\x01";
		cp.origin_len = 2;
		HR_CHECK_INT_EQ(hr_checkpoint_format(&text, NULL, &cp, err, sizeof err), HR_EINVAL);
		cp.origin = "o";
		cp.origin_len = 1;
		cp.ext = "no newline";
		cp.ext_len = 10;
		HR_CHECK_INT_EQ(hr_checkpoint_format(&text, NULL, &cp, err, sizeof err), HR_EINVAL);
		cp.ext = "\n";
		cp.ext_len = 1;
		HR_CHECK_INT_EQ(hr_checkpoint_format(&text, NULL, &cp, err, sizeof err), HR_EINVAL);
		HR_CHECK(contains(err, "line 4: empty extension line"));
		HR_CHECK(text == NULL);
	}
}

static void test_checkpoint_malformed(void)
{
#define ROOT "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
	static const struct {
		const char *text, *reason;
	} bad[] = {
		{"", "line 1: empty note text"},
		{"o\n1\n" ROOT, "line 3: note text does not end with a newline"},
		{"o\n", "line 2: checkpoint ends before its tree size line"},
		{"o\n1\n", "line 3: checkpoint ends before its root hash line"},
		{"\n1\n" ROOT "\n", "line 1: empty origin"},
		{"o\n01\n" ROOT "\n", "line 2: tree size"},
		{"o\n00\n" ROOT "\n", "line 2: tree size"},
		{"o\n-1\n" ROOT "\n", "line 2: tree size"},
		{"o\n+1\n" ROOT "\n", "line 2: tree size"},
		{"o\n 1\n" ROOT "\n", "line 2: tree size"},
		{"o\n1 \n" ROOT "\n", "line 2: tree size"},
		{"o\n\n" ROOT "\n", "line 2: tree size"},
		{"o\n0x10\n" ROOT "\n", "line 2: tree size"},
		{"o\n18446744073709551616\n" ROOT "\n", "line 2: tree size"},
		{"o\n99999999999999999999\n" ROOT "\n", "line 2: tree size"},
		{"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n", "line 3: root hash"},
		{"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n", "line 3: root hash"},
		{"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n", "line 3: root hash"},
		{"o\n1\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n", "line 3: root hash"},
		{"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=AAAA\n", "line 3: root hash"},
		{"o\n1\n\n", "line 3: root hash"},
		{"o\n1\n" ROOT "\n\n", "line 4: empty extension line"},
		{"o\n1\n" ROOT "\next\n\n", "line 5: empty extension line"},
		{"o\n1\n" ROOT "\r\n", "line 3: control character 0x0d"},
		{"o\xff\n1\n" ROOT "\n", "line 1: invalid UTF-8"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		hr_checkpoint cp;
		char err[256] = "";
		HR_CHECK_INT_EQ(hr_checkpoint_parse(&cp, bad[i].text, strlen(bad[i].text), err, sizeof err),
		                HR_EINVAL);
		if (!contains(err, bad[i].reason))
			fprintf(stderr, "checkpoint case %zu: \"%s\" lacks \"%s\"\n", i, err, bad[i].reason);
		HR_CHECK(contains(err, bad[i].reason));
	}
	{
		hr_checkpoint cp;
		char err[256] = "";
		const char *ok = "o\n0\n" ROOT "\nx\n";
		HR_CHECK_INT_EQ(hr_checkpoint_parse(&cp, ok, strlen(ok), err, sizeof err), 0);
		HR_CHECK_INT_EQ(cp.size, 0);
		HR_CHECK_INT_EQ(cp.ext_len, 2);
	}
	/* A signed note whose text is no checkpoint. */
	{
		hr_checkpoint cp;
		char err[256] = "";
		const char *note = TEXT "\n" PETER_SIG;
		HR_CHECK_INT_EQ(hr_checkpoint_open(&cp, note, strlen(note), &peter, 1, err, sizeof err),
		                HR_EINVAL);
		HR_CHECK(contains(err, "line 3: checkpoint ends before its root hash line"));
	}
#undef ROOT
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return 1;
	}
	test_rfc8032();
	test_example_keys();
	test_example_note();
	test_malformed_notes();
	test_bad_known_signature();
	test_ambiguous_keys();
	test_signature_limit();
	test_key_names();
	test_key_mangling();
	test_generated_keys();
	make_keys();
	test_sign_open();
	test_tamper();
	test_checkpoint_example();
	test_checkpoint_roundtrip();
	test_checkpoint_malformed();
	return HR_TEST_DONE();
}
