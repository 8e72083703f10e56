/*
 * checkpoint.c - log checkpoints (C2SP tlog-checkpoint): the short text
 * that commits to the whole register log at one size, and that the log
 * signs as a note (note.c) so that anyone can hold the register to it.
 *
 * Note text, byte by byte:
 *
 *   ORIGIN 0A         the log's identity; non-empty, UTF-8, no control
 *                     character (hazreg uses its key name here)
 *   SIZE 0A           tree size in ASCII decimal, no sign, no leading zero
 *                     unless the tree is empty ("0"); fits in 64 bits
 *   ROOT 0A           standard padded base64 of the 32-byte RFC 6962 root
 *                     hash: always 44 characters ending in '='
 *   (EXT 0A)*         optional extension lines, opaque, each non-empty
 *
 * Example: "hazreg.example/log\n3\nXt9KJ...=\n".
 */
#include "log/note_int.h"

#include <sodium.h>
#include <string.h>

/* One line of the text: its start and its length without the newline. */
typedef struct {
	const char *p;
	size_t len;
} line_span;

static int parse_size(uint64_t *out, const char *s, size_t len)
{
	uint64_t v = 0;
	if (len == 0 || (s[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned d;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int hr_checkpoint_parse(hr_checkpoint *out, const char *text, size_t len, char *err, size_t errsz)
{
	line_span l[3];
	size_t pos = 0, n = 0, rootlen;
	uint8_t root[HR_CHECKPOINT_ROOT_LEN];
	int rc;
	if (!out || (!text && len)) {
		hr__fmt(err, errsz, "no checkpoint given");
		return HR_EINVAL;
	}
	memset(out, 0, sizeof *out);
	if ((rc = hr_note_text_check(text, len, err, errsz)))
		return rc;
	/* The three fixed lines, then extension lines to the end. */
	while (n < 3 && pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		l[n].p = text + pos;
		l[n].len = (size_t)(nl - (text + pos));
		pos += l[n].len + 1;
		n++;
	}
	if (n < 3) {
		hr__fmt(err, errsz, "line %zu: checkpoint ends before its %s line", n + 1,
		        n == 1 ? "tree size" : "root hash");
		return HR_EINVAL;
	}
	if (l[0].len == 0) {
		hr__fmt(err, errsz, "line 1: empty origin");
		return HR_EINVAL;
	}
	if (parse_size(&out->size, l[1].p, l[1].len) != 0) {
		hr__fmt(err, errsz, "line 2: tree size is not a decimal number without leading "
		        "zeros that fits in 64 bits");
		return HR_EINVAL;
	}
	if (hr_note__b64_decode(root, sizeof root, &rootlen, l[2].p, l[2].len) != 0 ||
	    rootlen != sizeof root) {
		hr__fmt(err, errsz, "line 3: root hash is not the base64 of 32 bytes");
		return HR_EINVAL;
	}
	for (size_t i = pos, lineno = 4; i < len; lineno++) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (nl == text + i) {
			hr__fmt(err, errsz, "line %zu: empty extension line", lineno);
			return HR_EINVAL;
		}
		i = (size_t)(nl - text) + 1;
	}
	out->origin = l[0].p;
	out->origin_len = l[0].len;
	memcpy(out->root, root, sizeof root);
	out->ext = text + pos;
	out->ext_len = len - pos;
	return 0;
}

int hr_checkpoint_format(char **out, size_t *outlen, const hr_checkpoint *cp, char *err,
                         size_t errsz)
{
	hr_buf b = {0};
	hr_checkpoint check;
	char b64[sodium_base64_ENCODED_LEN(HR_CHECKPOINT_ROOT_LEN, sodium_base64_VARIANT_ORIGINAL)];
	int rc;
	if (!out || !cp || (!cp->origin && cp->origin_len) || (!cp->ext && cp->ext_len)) {
		hr__fmt(err, errsz, "no checkpoint given");
		return HR_EINVAL;
	}
	*out = NULL;
	if (cp->origin_len == 0 || memchr(cp->origin, '\n', cp->origin_len)) {
		hr__fmt(err, errsz, "origin is empty or holds a newline");
		return HR_EINVAL;
	}
	hr_note__b64_encode(b64, sizeof b64, cp->root, HR_CHECKPOINT_ROOT_LEN);
	hr_buf_put(&b, cp->origin, cp->origin_len);
	hr_buf_printf(&b, "\n%llu\n%s\n", (unsigned long long)cp->size, b64);
	if (cp->ext_len)
		hr_buf_put(&b, cp->ext, cp->ext_len);
	if (b.oom) {
		hr_buf_free(&b);
		hr__fmt(err, errsz, "out of memory");
		return HR_ENOMEM;
	}
	/* What we write must read back: the same rules check origin and extensions. */
	if ((rc = hr_checkpoint_parse(&check, (const char *)b.p, b.len, err, errsz))) {
		hr_buf_free(&b);
		return rc;
	}
	*out = (char *)b.p;
	if (outlen)
		*outlen = b.len;
	return 0;
}

int hr_checkpoint_sign(char **out, size_t *outlen, const hr_checkpoint *cp,
                       const hr_key_signer *signers, size_t nsigners, char *err, size_t errsz)
{
	char *text = NULL;
	size_t len = 0;
	int rc;
	if (out)
		*out = NULL;
	if ((rc = hr_checkpoint_format(&text, &len, cp, err, errsz)))
		goto done;
	rc = hr_note_sign(out, outlen, text, len, signers, nsigners, err, errsz);
done:
	hr_free(text);
	return rc;
}

int hr_checkpoint_open(hr_checkpoint *out, const char *msg, size_t len,
                       const hr_key_verifier *keys, size_t nkeys, char *err, size_t errsz)
{
	hr_note note;
	int rc;
	if (!out) {
		hr__fmt(err, errsz, "no checkpoint given");
		return HR_EINVAL;
	}
	memset(out, 0, sizeof *out);
	if ((rc = hr_note_open(&note, msg, len, keys, nkeys, NULL, err, errsz)))
		return rc;
	return hr_checkpoint_parse(out, note.text, note.text_len, err, errsz);
}
