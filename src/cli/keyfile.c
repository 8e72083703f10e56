/*
 * keyfile.c - reading files and keys for the commands that take them:
 * verifier keys (a .pub file or the key itself) and signer keys (a .key
 * file, whose text is wiped from memory once parsed).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Read a whole file (at most max bytes) into a NUL-terminated buffer; free(). */
int cli_read_file(const char *path, size_t max, char **out, size_t *outlen, char *why,
                     size_t whysz)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	*out = NULL;
	if (!f) {
		snprintf(why, whysz, "%s", strerror(errno));
		return -1;
	}
	for (;;) {
		size_t got;
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			char *nb;
			if (ncap > max + 1)
				ncap = max + 1;
			if (ncap <= cap) {
				snprintf(why, whysz, "longer than %zu bytes", max);
				goto fail;
			}
			nb = realloc(buf, ncap + 1);
			if (!nb) {
				snprintf(why, whysz, "out of memory");
				goto fail;
			}
			buf = nb;
			cap = ncap;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(why, whysz, "%s", strerror(errno));
		goto fail;
	}
	if (len > max) {
		snprintf(why, whysz, "longer than %zu bytes", max);
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
fail:
	if (f != stdin)
		fclose(f);
	free(buf);
	return -1;
}

/* The length of s without its trailing newline (one "\n" or "\r\n"). */
size_t cli_chomp(const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\n')
		n--;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

/* A --key value: a verifier key, or a file holding one. */
int cli_load_verifier(cli_ctx *ctx, const char *opt, const char *arg, hr_key_verifier *out)
{
	char err[256], why[128];
	char *text = NULL;
	const char *s = arg;
	size_t n = strlen(arg);
	struct stat st;
	int rc;

	if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
		if (cli_read_file(arg, CLI_KEY_FILE_MAX, &text, &n, why, sizeof why) != 0) {
			cli_err("%s: %s %s: cannot read: %s", ctx->cmd, opt, arg, why);
			return CLI_FAIL;
		}
		s = text;
		n = cli_chomp(text, n);
	}
	if (n >= 12 && strncmp(s, "PRIVATE+KEY+", 12) == 0) {
		free(text);
		return cli_usage_err(ctx, "%s %s is a private signer key: give the verifier key "
		                          "(the .pub file)",
		                     opt, s == arg ? "(the value)" : arg);
	}
	rc = hr_key_verifier_parse(out, s, n, err, sizeof err);
	free(text);
	if (rc != 0)
		return cli_usage_err(ctx, "%s '%s' is not a verifier key%s: %s", opt, arg,
		                     s == arg ? " nor a file" : "", err);
	return 0;
}


/* A signer key file ("PRIVATE+KEY+..."); its text is wiped once parsed. */
int cli_load_signer(cli_ctx *ctx, const char *opt, const char *path, hr_key_signer *out)
{
	char err[256], why[128], *text = NULL;
	size_t len = 0;
	int e;

	if (cli_read_file(path, CLI_KEY_FILE_MAX, &text, &len, why, sizeof why) != 0) {
		cli_err("%s: %s %s: cannot read: %s", ctx->cmd, opt, path, why);
		return CLI_FAIL;
	}
	e = hr_key_signer_parse(out, text, cli_chomp(text, len), err, sizeof err);
	memset(text, 0, len);
	free(text);
	if (e != 0)
		return cli_usage_err(ctx, "%s %s does not hold a signer key: %s", opt, path, err);
	return 0;
}
