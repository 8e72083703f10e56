/*
 * fuzz_note.c - fuzz target for the signed-note, note-key and checkpoint
 * parsers (src/log): any bytes, opened as a signed note against a fixed set
 * of trusted keys, parsed as checkpoint text and as a verifier key. Besides
 * not crashing, whatever parses must format back to the same bytes, since
 * one checkpoint or key has exactly one accepted spelling.
 *
 * Trusted keys: the example keys of the Go reference implementation
 * (PeterNeumann, EnochRoot) and "hazreg.example/log" made from the seed of
 * 32 bytes 0x2a, which signs the checkpoints of the seed corpus.
 */
#include "hazreg/hazreg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const trusted[] = {
	"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
	"EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop",
};

static void fail(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz_note: %s (input of %zu bytes)\n", what, size);
	(void)data;
	abort();
}

static void load_keys(hr_key_verifier keys[3])
{
	uint8_t seed[HR_KEY_SEED_LEN];
	hr_key_signer sk;
	for (int i = 0; i < 2; i++)
		if (hr_key_verifier_parse(&keys[i], trusted[i], strlen(trusted[i]), NULL, 0) != 0)
			fail("a trusted key does not parse", NULL, 0);
	memset(seed, 0x2a, sizeof seed);
	if (hr_key_from_seed(&sk, "hazreg.example/log", seed) != 0)
		fail("the corpus key cannot be made", NULL, 0);
	hr_key_verifier_of(&keys[2], &sk);
	hr_key_signer_wipe(&sk);
}

/* Parse as checkpoint text; what parses must format to the same bytes. */
static void checkpoint_roundtrip(const char *text, size_t len, const uint8_t *data, size_t size)
{
	hr_checkpoint cp;
	char *out = NULL;
	size_t outlen = 0;
	if (hr_checkpoint_parse(&cp, text, len, NULL, 0) != 0)
		return;
	if (hr_checkpoint_format(&out, &outlen, &cp, NULL, 0) != 0)
		fail("a parsed checkpoint does not format", data, size);
	if (outlen != len || memcmp(out, text, len) != 0)
		fail("a checkpoint does not format back to its bytes", data, size);
	hr_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hr_key_verifier keys[3], vk;
	unsigned char ok[3];
	char err[256], buf[HR_KEY_VERIFIER_BUFSZ];
	const char *s = (const char *)data;
	hr_note n;
	int rc;

	err[0] = '\0';
	load_keys(keys);
	rc = hr_note_open(&n, s, size, keys, 3, ok, err, sizeof err);
	if (rc == 0) {
		if (n.text != s || n.text_len >= size || n.nverified == 0 ||
		    n.nverified > n.nsigs || n.nsigs > HR_NOTE_SIGS_MAX)
			fail("an opened note has impossible fields", data, size);
		if (!ok[0] && !ok[1] && !ok[2])
			fail("a note opened without a verified key", data, size);
		checkpoint_roundtrip(n.text, n.text_len, data, size);
	} else if (rc != HR_EINVAL && rc != HR_EVALIDATE) {
		fail("hr_note_open returned an unexpected code", data, size);
	} else if (err[0] == '\0') {
		fail("a refused note has no reason", data, size);
	}

	checkpoint_roundtrip(s, size, data, size);

	if (hr_key_verifier_parse(&vk, s, size, NULL, 0) == 0) {
		if (hr_key_verifier_format(buf, sizeof buf, &vk) != 0 || strlen(buf) != size ||
		    memcmp(buf, s, size) != 0)
			fail("a verifier key does not format back to its bytes", data, size);
	}
	return 0;
}
