/*
 * note.c - Ed25519 note keys and signed notes (C2SP signed-note), the
 * envelope in which the register publishes its checkpoints. An auditor who
 * holds the register's verifier key checks a note here before believing
 * anything its text says.
 *
 * Wire formats, byte by byte:
 *
 *   key ID     = SHA-256(NAME || 0x0A || 0x01 || PUB32)[0..4), read as a
 *                big-endian uint32 and printed as 8 lowercase hex digits.
 *   verifier   = NAME "+" KEYID "+" BASE64(0x01 || PUB32)        (44 chars)
 *   signer     = "PRIVATE+KEY+" NAME "+" KEYID "+" BASE64(0x01 || SEED32)
 *   signed note:
 *                TEXT                 any UTF-8 lines, each ending in 0x0A,
 *                                     no control byte but 0x0A, may hold
 *                                     empty lines
 *                0x0A                 the blank line: the LAST "\n\n" of the
 *                                     note ends the text
 *                then 1..100 lines of
 *                E2 80 94 20          U+2014 EM DASH, SPACE
 *                NAME 20              key name, SPACE
 *                BASE64(KEYID4 || SIG) standard alphabet, '=' padding
 *                0A
 *   The Ed25519 signature SIG (64 bytes) covers TEXT, final newline
 *   included, blank line excluded.
 *
 * Base64 is strict: a byte string has exactly one accepted spelling, so a
 * changed byte anywhere in a note either changes what is verified or makes
 * the note malformed.
 */
#include "log/note_int.h"

#include <sodium.h>
#include <string.h>

#define ALG_ED25519 0x01
#define ED25519_SIG_LEN 64

static const char em_dash_space[] = "\xE2\x80\x94 ";
#define EM_DASH_SPACE_LEN 4

/* ---- text rules and base64 (shared with checkpoint.c) ---- */

/*
 * Length of the UTF-8 sequence at p (n bytes available) and its code
 * point, or 0 when the bytes are not a well-formed sequence.
 */
static size_t utf8_next(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char c = p[0];
	size_t k;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		k = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return k;
}

int hr_note__check_utf8(const char *text, size_t len, char *err, size_t errsz)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t line = 1, i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_next(p + i, len - i, &cp);
		if (k == 0) {
			hr__fmt(err, errsz, "line %zu: invalid UTF-8 at byte %zu", line, i);
			return HR_EINVAL;
		}
		if (cp == '\n') {
			line++;
		} else if (cp < 0x20) {
			hr__fmt(err, errsz, "line %zu: control character 0x%02x", line, (unsigned)cp);
			return HR_EINVAL;
		}
		i += k;
	}
	return 0;
}

int hr_note__b64_decode(uint8_t *out, size_t outmax, size_t *outlen, const char *s, size_t len)
{
	char again[64];
	size_t n = 0, want = len / 4 * 3;
	/* Canonical length first: a multiple of 4, decoded size within bounds. */
	if (len == 0 || len % 4 != 0 || want - (s[len - 1] == '=') - (s[len - 2] == '=') > outmax)
		return -1;
	if (sodium_base642bin(out, outmax, s, len, NULL, &n, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	/*
	 * libsodium already refuses stray bits in the last character; compare
	 * the re-encoding anyway, by pieces, so that "canonical" is checked
	 * here rather than assumed of the library.
	 */
	for (size_t i = 0; i < n; i += 45) {
		size_t m = n - i < 45 ? n - i : 45;
		size_t el = hr_note__b64_encode(again, sizeof again, out + i, m);
		if (el > len - i / 3 * 4 || memcmp(again, s + i / 3 * 4, el) != 0)
			return -1;
	}
	if (sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL) - 1 != len)
		return -1;
	*outlen = n;
	return 0;
}

size_t hr_note__b64_encode(char *buf, size_t bufsz, const uint8_t *p, size_t n)
{
	sodium_bin2base64(buf, bufsz, p, n, sodium_base64_VARIANT_ORIGINAL);
	return strlen(buf);
}

/* ---- keys ---- */

/* Unicode White_Space, which key names must not contain. */
static int is_space(uint32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

int hr_key_name_check(const char *name, size_t len)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t i = 0;
	if (!name || len == 0)
		return HR_EINVAL;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_next(p + i, len - i, &cp);
		if (k == 0 || cp == '+' || is_space(cp) || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return HR_EINVAL;
		i += k;
	}
	return 0;
}

uint32_t hr_key_id(const char *name, size_t len, const uint8_t pub[HR_KEY_PUBLIC_LEN])
{
	static const uint8_t sep[2] = {0x0A, ALG_ED25519};
	crypto_hash_sha256_state st;
	uint8_t h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)name, len);
	crypto_hash_sha256_update(&st, sep, sizeof sep);
	crypto_hash_sha256_update(&st, pub, HR_KEY_PUBLIC_LEN);
	crypto_hash_sha256_final(&st, h);
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
}

/* A name that fits the key structs and follows the spec's rules. */
static int name_ok(const char *name, size_t len)
{
	return len <= HR_KEY_NAME_MAX && hr_key_name_check(name, len) == 0;
}

int hr_key_from_seed(hr_key_signer *out, const char *name, const uint8_t seed[HR_KEY_SEED_LEN])
{
	uint8_t sk[crypto_sign_SECRETKEYBYTES];
	size_t len;
	if (!out || !name || !seed)
		return HR_EINVAL;
	len = strlen(name);
	if (!name_ok(name, len))
		return HR_EINVAL;
	memset(out, 0, sizeof *out);
	memcpy(out->name, name, len);
	memcpy(out->seed, seed, HR_KEY_SEED_LEN);
	crypto_sign_seed_keypair(out->pub, sk, seed);
	sodium_memzero(sk, sizeof sk);
	out->id = hr_key_id(out->name, len, out->pub);
	return 0;
}

int hr_key_generate(hr_key_signer *out, const char *name)
{
	uint8_t seed[HR_KEY_SEED_LEN];
	int rc;
	if (!out || !name || !name_ok(name, strlen(name)))
		return HR_EINVAL;
	if (sodium_init() < 0)
		return HR_ERROR;
	randombytes_buf(seed, sizeof seed);
	rc = hr_key_from_seed(out, name, seed);
	sodium_memzero(seed, sizeof seed);
	return rc;
}

void hr_key_verifier_of(hr_key_verifier *out, const hr_key_signer *sk)
{
	memset(out, 0, sizeof *out);
	memcpy(out->name, sk->name, sizeof out->name);
	out->id = sk->id;
	memcpy(out->pub, sk->pub, sizeof out->pub);
}

void hr_key_signer_wipe(hr_key_signer *sk)
{
	if (sk)
		sodium_memzero(sk, sizeof *sk);
}

/* NAME "+" KEYID "+" BASE64(0x01 || key32) into buf. */
static int key_format(char *buf, size_t bufsz, const char *prefix, const char *name,
                      uint32_t id, const uint8_t key[32])
{
	uint8_t raw[33];
	char b64[45];
	size_t plen = strlen(prefix), nlen;
	if (!buf || !name)
		return HR_EINVAL;
	nlen = strnlen(name, HR_KEY_NAME_MAX + 1);
	if (!name_ok(name, nlen) || bufsz < plen + nlen + 1 + 8 + 1 + 44 + 1)
		return HR_EINVAL;
	raw[0] = ALG_ED25519;
	memcpy(raw + 1, key, 32);
	hr_note__b64_encode(b64, sizeof b64, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
	hr__fmt(buf, bufsz, "%s%s+%08x+%s", prefix, name, (unsigned)id, b64);
	sodium_memzero(b64, sizeof b64);
	return 0;
}

int hr_key_verifier_format(char *buf, size_t bufsz, const hr_key_verifier *vk)
{
	return vk ? key_format(buf, bufsz, "", vk->name, vk->id, vk->pub) : HR_EINVAL;
}

int hr_key_signer_format(char *buf, size_t bufsz, const hr_key_signer *sk)
{
	return sk ? key_format(buf, bufsz, "PRIVATE+KEY+", sk->name, sk->id, sk->seed) : HR_EINVAL;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Split "NAME+KEYID+BASE64(0x01 || key32)": name, key ID and the 32 key
 * bytes. what is "verifier key" or "signer key", for messages.
 */
static int key_split(const char *s, size_t len, const char *what, const char **name,
                     size_t *nlen, uint32_t *id, uint8_t key[32], char *err, size_t errsz)
{
	const char *plus = memchr(s, '+', len), *hex, *b64;
	uint8_t raw[33];
	size_t rawlen;
	uint32_t v = 0;
	if (!plus) {
		hr__fmt(err, errsz, "%s: no '+' after the key name", what);
		return HR_EINVAL;
	}
	*name = s;
	*nlen = (size_t)(plus - s);
	if (!name_ok(s, *nlen)) {
		hr__fmt(err, errsz, "%s: bad key name (empty, longer than %d bytes, or with a "
		        "space, '+' or control character)", what, HR_KEY_NAME_MAX);
		return HR_EINVAL;
	}
	hex = plus + 1;
	if ((size_t)(s + len - hex) < 9 || hex[8] != '+') {
		hr__fmt(err, errsz, "%s: key ID is not 8 hex digits followed by '+'", what);
		return HR_EINVAL;
	}
	for (int i = 0; i < 8; i++) {
		int d = hex_digit(hex[i]);
		if (d < 0) {
			hr__fmt(err, errsz, "%s: key ID is not 8 lowercase hex digits", what);
			return HR_EINVAL;
		}
		v = v << 4 | (uint32_t)d;
	}
	*id = v;
	b64 = hex + 9;
	if (hr_note__b64_decode(raw, sizeof raw, &rawlen, b64, (size_t)(s + len - b64)) != 0 ||
	    rawlen != sizeof raw) {
		sodium_memzero(raw, sizeof raw);
		hr__fmt(err, errsz, "%s: key data is not the base64 of 33 bytes", what);
		return HR_EINVAL;
	}
	if (raw[0] != ALG_ED25519) {
		hr__fmt(err, errsz, "%s: signature type 0x%02x is not Ed25519 (0x01)", what, raw[0]);
		sodium_memzero(raw, sizeof raw);
		return HR_EINVAL;
	}
	memcpy(key, raw + 1, 32);
	sodium_memzero(raw, sizeof raw);
	return 0;
}

int hr_key_verifier_parse(hr_key_verifier *out, const char *s, size_t len, char *err,
                          size_t errsz)
{
	const char *name;
	size_t nlen;
	uint32_t id;
	uint8_t pub[32];
	int rc;
	if (!out || (!s && len)) {
		hr__fmt(err, errsz, "verifier key: no key given");
		return HR_EINVAL;
	}
	if ((rc = key_split(s ? s : "", len, "verifier key", &name, &nlen, &id, pub, err, errsz)))
		return rc;
	if (crypto_core_ed25519_is_valid_point(pub) != 1) {
		hr__fmt(err, errsz, "verifier key: public key is not a valid Ed25519 point");
		return HR_EINVAL;
	}
	if (hr_key_id(name, nlen, pub) != id) {
		hr__fmt(err, errsz, "verifier key: key ID %08x does not match the name and key "
		        "(want %08x)", (unsigned)id, (unsigned)hr_key_id(name, nlen, pub));
		return HR_EINVAL;
	}
	memset(out, 0, sizeof *out);
	memcpy(out->name, name, nlen);
	out->id = id;
	memcpy(out->pub, pub, 32);
	return 0;
}

int hr_key_signer_parse(hr_key_signer *out, const char *s, size_t len, char *err, size_t errsz)
{
	static const char prefix[] = "PRIVATE+KEY+";
	const char *name;
	char nbuf[HR_KEY_NAME_MAX + 1];
	size_t nlen;
	uint32_t id;
	uint8_t seed[32];
	hr_key_signer k;
	int rc;
	if (!out || (!s && len)) {
		hr__fmt(err, errsz, "signer key: no key given");
		return HR_EINVAL;
	}
	if (len < sizeof prefix - 1 || memcmp(s, prefix, sizeof prefix - 1) != 0) {
		hr__fmt(err, errsz, "signer key: does not start with PRIVATE+KEY+");
		return HR_EINVAL;
	}
	s += sizeof prefix - 1;
	len -= sizeof prefix - 1;
	if ((rc = key_split(s, len, "signer key", &name, &nlen, &id, seed, err, errsz)))
		return rc;
	memcpy(nbuf, name, nlen);
	nbuf[nlen] = '\0';
	rc = hr_key_from_seed(&k, nbuf, seed);
	sodium_memzero(seed, sizeof seed);
	if (rc)
		return rc;
	if (k.id != id) {
		hr__fmt(err, errsz, "signer key: key ID %08x does not match the name and key "
		        "(want %08x)", (unsigned)id, (unsigned)k.id);
		hr_key_signer_wipe(&k);
		return HR_EINVAL;
	}
	*out = k;
	hr_key_signer_wipe(&k);
	return 0;
}

/* ---- signed notes ---- */

int hr_note_text_check(const char *text, size_t len, char *err, size_t errsz)
{
	int rc;
	if (!text || len == 0) {
		hr__fmt(err, errsz, "line 1: empty note text");
		return HR_EINVAL;
	}
	if (len > HR_NOTE_TEXT_MAX) {
		hr__fmt(err, errsz, "note text longer than %d bytes", HR_NOTE_TEXT_MAX);
		return HR_EINVAL;
	}
	if ((rc = hr_note__check_utf8(text, len, err, errsz)))
		return rc;
	if (text[len - 1] != '\n') {
		size_t line = 1;
		for (size_t i = 0; i < len; i++)
			line += text[i] == '\n';
		hr__fmt(err, errsz, "line %zu: note text does not end with a newline", line);
		return HR_EINVAL;
	}
	return 0;
}

int hr_note_sign(char **out, size_t *outlen, const char *text, size_t len,
                 const hr_key_signer *signers, size_t nsigners, char *err, size_t errsz)
{
	hr_buf b = {0};
	uint8_t sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t sig[4 + ED25519_SIG_LEN];
	char b64[sodium_base64_ENCODED_LEN(sizeof sig, sodium_base64_VARIANT_ORIGINAL)];
	int rc;
	if (!out) {
		hr__fmt(err, errsz, "no output given");
		return HR_EINVAL;
	}
	*out = NULL;
	if ((rc = hr_note_text_check(text, len, err, errsz)))
		return rc;
	if (!signers || nsigners == 0 || nsigners > HR_NOTE_SIGS_MAX) {
		hr__fmt(err, errsz, "need 1 to %d signer keys, have %zu", HR_NOTE_SIGS_MAX,
		        signers ? nsigners : 0);
		return HR_EINVAL;
	}
	for (size_t i = 0; i < nsigners; i++) {
		size_t nlen = strnlen(signers[i].name, HR_KEY_NAME_MAX + 1);
		if (!name_ok(signers[i].name, nlen)) {
			hr__fmt(err, errsz, "signer key %zu: bad key name", i + 1);
			return HR_EINVAL;
		}
		/* A key whose parts disagree would sign under a false key ID. */
		crypto_sign_seed_keypair(pk, sk, signers[i].seed);
		sodium_memzero(sk, sizeof sk);
		if (memcmp(pk, signers[i].pub, sizeof pk) != 0 ||
		    hr_key_id(signers[i].name, nlen, pk) != signers[i].id) {
			hr__fmt(err, errsz, "signer key %zu: seed, public key and key ID disagree",
			        i + 1);
			return HR_EINVAL;
		}
		for (size_t j = 0; j < i; j++) {
			if (signers[j].id == signers[i].id &&
			    strcmp(signers[j].name, signers[i].name) == 0) {
				hr__fmt(err, errsz, "signer keys %zu and %zu are both %s+%08x", j + 1,
				        i + 1, signers[i].name, (unsigned)signers[i].id);
				return HR_EINVAL;
			}
		}
	}
	hr_buf_put(&b, text, len);
	hr_buf_putc(&b, '\n');
	for (size_t i = 0; i < nsigners; i++) {
		const hr_key_signer *k = &signers[i];
		crypto_sign_seed_keypair(pk, sk, k->seed);
		sig[0] = (uint8_t)(k->id >> 24);
		sig[1] = (uint8_t)(k->id >> 16);
		sig[2] = (uint8_t)(k->id >> 8);
		sig[3] = (uint8_t)k->id;
		crypto_sign_detached(sig + 4, NULL, (const uint8_t *)text, len, sk);
		sodium_memzero(sk, sizeof sk);
		hr_note__b64_encode(b64, sizeof b64, sig, sizeof sig);
		hr_buf_put(&b, em_dash_space, EM_DASH_SPACE_LEN);
		hr_buf_put(&b, k->name, strlen(k->name));
		hr_buf_putc(&b, ' ');
		hr_buf_put(&b, b64, strlen(b64));
		hr_buf_putc(&b, '\n');
	}
	if (b.oom) {
		hr_buf_free(&b);
		hr__fmt(err, errsz, "out of memory");
		return HR_ENOMEM;
	}
	*out = (char *)b.p;
	if (outlen)
		*outlen = b.len;
	return 0;
}

/* Keys verified so far, so that nverified counts each key once. */
typedef struct {
	const char *name;
	size_t len;
	uint32_t id;
} seen_key;

/*
 * The trusted key for (name, id), or NULL when there is none. Two trusted
 * keys with the same name and ID but different public keys make *ambiguous.
 */
static const hr_key_verifier *find_key(const hr_key_verifier *keys, size_t nkeys,
                                       const char *name, size_t nlen, uint32_t id,
                                       int *ambiguous)
{
	const hr_key_verifier *found = NULL;
	*ambiguous = 0;
	for (size_t i = 0; i < nkeys; i++) {
		const hr_key_verifier *k = &keys[i];
		if (k->id != id || strnlen(k->name, sizeof k->name) != nlen ||
		    memcmp(k->name, name, nlen) != 0)
			continue;
		if (found && memcmp(found->pub, k->pub, sizeof k->pub) != 0)
			*ambiguous = 1;
		if (!found)
			found = k;
	}
	return found;
}

/*
 * Check and verify one signature line, line[0..len) without its newline.
 * Returns 0 (unknown key: *vk stays NULL; or verified: *vk set), or an error.
 */
static int open_sig_line(const char *line, size_t len, size_t lineno, const char *text,
                         size_t text_len, const hr_key_verifier *keys, size_t nkeys,
                         const hr_key_verifier **vk, const char **name, size_t *nlen,
                         uint32_t *id, char *err, size_t errsz)
{
	uint8_t sig[HR_NOTE_SIG_MAX];
	const char *sp;
	size_t siglen;
	int ambiguous;
	*vk = NULL;
	if (len < EM_DASH_SPACE_LEN || memcmp(line, em_dash_space, EM_DASH_SPACE_LEN) != 0) {
		hr__fmt(err, errsz, "line %zu: signature line does not start with an em dash "
		        "(U+2014) and a space", lineno);
		return HR_EINVAL;
	}
	line += EM_DASH_SPACE_LEN;
	len -= EM_DASH_SPACE_LEN;
	sp = memchr(line, ' ', len);
	if (!sp) {
		hr__fmt(err, errsz, "line %zu: no space between key name and signature", lineno);
		return HR_EINVAL;
	}
	*name = line;
	*nlen = (size_t)(sp - line);
	if (hr_key_name_check(line, *nlen) != 0) {
		hr__fmt(err, errsz, "line %zu: bad key name", lineno);
		return HR_EINVAL;
	}
	sp++;
	if (memchr(sp, ' ', (size_t)(line + len - sp))) {
		hr__fmt(err, errsz, "line %zu: a space in the key name or the signature", lineno);
		return HR_EINVAL;
	}
	if (hr_note__b64_decode(sig, sizeof sig, &siglen, sp, (size_t)(line + len - sp)) != 0) {
		hr__fmt(err, errsz, "line %zu: signature is not canonical base64 of at most %d "
		        "bytes", lineno, HR_NOTE_SIG_MAX);
		return HR_EINVAL;
	}
	if (siglen < 5) {
		hr__fmt(err, errsz, "line %zu: signature shorter than a key ID and one byte", lineno);
		return HR_EINVAL;
	}
	*id = (uint32_t)sig[0] << 24 | (uint32_t)sig[1] << 16 | (uint32_t)sig[2] << 8 | sig[3];
	*vk = find_key(keys, nkeys, *name, *nlen, *id, &ambiguous);
	if (!*vk)
		return 0;
	if (ambiguous) {
		hr__fmt(err, errsz, "line %zu: two different trusted keys are %.*s+%08x", lineno,
		        (int)*nlen, *name, (unsigned)*id);
		return HR_EINVAL;
	}
	if (siglen != 4 + ED25519_SIG_LEN ||
	    crypto_sign_verify_detached(sig + 4, (const uint8_t *)text, text_len, (*vk)->pub) != 0) {
		hr__fmt(err, errsz, "line %zu: signature by known key %.*s+%08x does not verify",
		        lineno, (int)*nlen, *name, (unsigned)*id);
		return HR_EVALIDATE;
	}
	return 0;
}

int hr_note_open(hr_note *out, const char *msg, size_t len, const hr_key_verifier *keys,
                 size_t nkeys, unsigned char *key_ok, char *err, size_t errsz)
{
	seen_key seen[HR_NOTE_SIGS_MAX];
	size_t nseen = 0, nsigs = 0, split, text_len, lineno, pos;
	int rc;
	if (!out || (!msg && len) || (!keys && nkeys)) {
		hr__fmt(err, errsz, "no note or keys given");
		return HR_EINVAL;
	}
	memset(out, 0, sizeof *out);
	if (key_ok && nkeys)
		memset(key_ok, 0, nkeys);
	if (len == 0) {
		hr__fmt(err, errsz, "line 1: empty note");
		return HR_EINVAL;
	}
	if (len > HR_NOTE_SIZE_MAX) {
		hr__fmt(err, errsz, "note longer than %d bytes", HR_NOTE_SIZE_MAX);
		return HR_EINVAL;
	}
	if ((rc = hr_note__check_utf8(msg, len, err, errsz)))
		return rc;
	lineno = 1;
	for (size_t i = 0; i < len; i++)
		lineno += msg[i] == '\n';
	if (msg[len - 1] != '\n') {
		hr__fmt(err, errsz, "line %zu: note does not end with a newline", lineno);
		return HR_EINVAL;
	}
	/* The text ends at the last "\n\n"; signature lines follow it. */
	split = len;
	for (size_t i = len - 1; i > 0; i--) {
		if (msg[i] == '\n' && msg[i - 1] == '\n') {
			split = i - 1;
			break;
		}
	}
	if (split == len) {
		hr__fmt(err, errsz, "line %zu: no blank line between the text and the signatures",
		        lineno - 1);
		return HR_EINVAL;
	}
	text_len = split + 1;
	lineno = 1; /* ends as the number of the blank line */
	for (size_t i = 0; i < text_len; i++)
		lineno += msg[i] == '\n';
	if (text_len > HR_NOTE_TEXT_MAX) {
		hr__fmt(err, errsz, "line %zu: note text longer than %d bytes", lineno - 1,
		        HR_NOTE_TEXT_MAX);
		return HR_EINVAL;
	}
	pos = text_len + 1;
	if (pos == len) {
		hr__fmt(err, errsz, "line %zu: no signature line after the blank line", lineno);
		return HR_EINVAL;
	}
	while (pos < len) {
		const char *line = msg + pos, *nl = memchr(line, '\n', len - pos), *name;
		const hr_key_verifier *vk;
		size_t llen = (size_t)(nl - line), nlen, j;
		uint32_t id;
		lineno++;
		if (++nsigs > HR_NOTE_SIGS_MAX) {
			hr__fmt(err, errsz, "line %zu: more than %d signatures", lineno,
			        HR_NOTE_SIGS_MAX);
			return HR_EINVAL;
		}
		rc = open_sig_line(line, llen, lineno, msg, text_len, keys, nkeys, &vk, &name, &nlen,
		                   &id, err, errsz);
		if (rc)
			return rc;
		pos += llen + 1;
		if (!vk)
			continue;
		if (key_ok) {
			for (size_t k = 0; k < nkeys; k++)
				if (keys[k].id == vk->id && strcmp(keys[k].name, vk->name) == 0)
					key_ok[k] = 1;
		}
		for (j = 0; j < nseen; j++)
			if (seen[j].id == id && seen[j].len == nlen && memcmp(seen[j].name, name, nlen) == 0)
				break;
		if (j == nseen)
			seen[nseen++] = (seen_key){name, nlen, id};
	}
	if (nseen == 0) {
		hr__fmt(err, errsz, "no signature by a known key (%zu signature%s, all by unknown "
		        "keys)", nsigs, nsigs == 1 ? "" : "s");
		return HR_EVALIDATE;
	}
	out->text = msg;
	out->text_len = text_len;
	out->nsigs = nsigs;
	out->nverified = nseen;
	return 0;
}
