/*
 * cmd_sign.c - "hazreg sign --key KEYFILE FILE...": an organisation signs
 * its records before sending them, so that the register (hazreg import, or
 * the HTTP API's POST /records) takes them as its own.
 *
 * Each feature is read as the import reads it, signed, and written back
 * as the GeoJSON reader reads it again to the same record: private values
 * go out with the salts of the commitments the signature covers. Nothing
 * touches a register. All or nothing, as the import: one refused feature
 * and nothing is written.
 */
#include "chain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Read, sign and write every feature into mem; CLI_REFUSED after the
 * reasons when any feature is refused. */
static int sign_all(cli_ctx *ctx, cli_chain *ch, FILE *mem, uint64_t *n)
{
	hr_reader *rd = cli_chain_reader(ch);
	hr_read_error e;
	uint64_t refused = 0;
	const char *file;
	const hr_read_error *fe;
	int rc;

	fputs("{\"type\":\"FeatureCollection\",\"features\":[", mem);
	for (;;) {
		hr_record *rec = NULL;
		char *text = NULL;
		rc = rd->next(rd, &rec, &e);
		if (rc <= 0)
			break;
		if (!rec) {
			cli_chain_print_error(ch, &e);
			refused++;
			continue;
		}
		rc = hr_record_to_geojson(&text, rec, HR_GEOJSON_PRIVATE);
		hr_record_free(rec);
		if (rc != 0)
			return cli_fail(ctx, "cannot write a signed feature: %s", hr_strerror(rc));
		fprintf(mem, "%s\n%s", *n ? "," : "", text);
		hr_free(text);
		(*n)++;
	}
	fputs("\n]}\n", mem);
	if (cli_chain_fatal(ch, &file, &fe)) {
		cli_err("%s: %s%s%s", file, fe->field, fe->field[0] ? ": " : "", fe->reason);
		cli_err("%s cannot be read further; nothing was written", file);
		return CLI_REFUSED;
	}
	if (refused) {
		cli_err("%llu feature%s refused; nothing was written", (unsigned long long)refused,
		        refused == 1 ? "" : "s");
		return CLI_REFUSED;
	}
	return CLI_OK;
}

/* The whole text to path ("-" or NULL: standard output). */
static int write_out(cli_ctx *ctx, const char *path, const char *text, size_t len)
{
	FILE *f = path && strcmp(path, "-") != 0 ? fopen(path, "w") : stdout;
	int bad;

	if (!f)
		return cli_fail(ctx, "%s: cannot write: %s", path, strerror(errno));
	bad = fwrite(text, 1, len, f) != len || fflush(f) != 0;
	if (f != stdout)
		bad |= fclose(f) != 0;
	if (bad)
		return cli_fail(ctx, "%s: write failed: %s", f == stdout ? "standard output" : path,
		                strerror(errno));
	return CLI_OK;
}

int cli_cmd_sign(cli_ctx *ctx, int argc, char **argv)
{
	hr_key_signer sk;
	cli_chain *ch = NULL;
	cli_args a;
	const char *arg, *key = NULL, *output = NULL;
	char **files = calloc((size_t)argc + 1, sizeof *files), *buf = NULL;
	size_t nfiles = 0, len = 0;
	uint64_t n = 0;
	FILE *mem = NULL;
	int is_opt, rc;

	memset(&sk, 0, sizeof sk);
	if (!files)
		return cli_fail(ctx, "out of memory");
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt || strcmp(arg, "-") == 0) {
			files[nfiles++] = (char *)arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--key")) {
			if (!(key = cli_opt_value(ctx, &a, "--key"))) {
				rc = CLI_USAGE;
				goto done;
			}
			continue;
		}
		if (strcmp(arg, "-o") == 0 || cli_opt_is(&a, arg, "--output")) {
			if (!(output = cli_opt_value(ctx, &a, arg[1] == 'o' ? "-o" : "--output"))) {
				rc = CLI_USAGE;
				goto done;
			}
			continue;
		}
		if ((rc = cli_other_opt(ctx, &a, arg)) != 0)
			goto done;
	}
	if (!key) {
		rc = cli_usage_err(ctx, "option --key is needed: the organisation's signer key file");
		goto done;
	}
	if (nfiles == 0) {
		rc = cli_usage_err(ctx, "no FILE to sign");
		goto done;
	}
	if ((rc = cli_load_signer(ctx, "--key", key, &sk)) != 0)
		goto done;
	if ((rc = cli_chain_open(&ch, ctx->cmd, files, nfiles, NULL, NULL)) != CLI_OK)
		goto done;
	cli_chain_sign(ch, &sk);
	if (!(mem = open_memstream(&buf, &len))) {
		rc = cli_fail(ctx, "out of memory");
		goto done;
	}
	rc = sign_all(ctx, ch, mem, &n);
	if (fclose(mem) != 0 && rc == CLI_OK)
		rc = cli_fail(ctx, "out of memory");
	mem = NULL;
	if (rc == CLI_OK)
		rc = write_out(ctx, output, buf, len);
	if (rc == CLI_OK && output && strcmp(output, "-") != 0)
		fprintf(stderr, "hazreg: signed %llu feature%s with key %s+%08x into %s\n",
		        (unsigned long long)n, n == 1 ? "" : "s", sk.name, (unsigned)sk.id, output);
done:
	if (buf) {
		memset(buf, 0, len); /* it held private values */
		free(buf);
	}
	cli_chain_free(ch);
	hr_key_signer_wipe(&sk);
	free(files);
	return CLI_STATUS(rc);
}
