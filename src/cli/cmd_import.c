/*
 * cmd_import.c - "hazreg import FILE...": GeoJSON reports into the
 * register through hr_register_import, all files in one transaction.
 *
 * All or nothing by default: one refused feature and nothing is written,
 * and every reason is printed as "FILE: feature INDEX (id ID): FIELD:
 * REASON" so that the sender can fix the file. With --skip-invalid the
 * valid features go in and the refused ones are kept in a
 * rejects file. Stale records (an older date of information) are kept in
 * the history and their notes printed, never silently dropped. Every
 * record is checked (docs/quality.md): a check's error refuses the feature
 * like any refusal, its warnings are printed after the summary (and refuse
 * it with --strict).
 */
#include "quality.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char **files;
	size_t nfiles;
	const char *rejects;
	uint64_t max_errors;
	const char *sign; /* signer key file, or NULL */
	hr_reader_options ropts; /* --format, --mapping */
	cli_quality q;           /* --country, --max-edge-km, --overlap, --strict */
} import_args;

static int import_option(cli_ctx *ctx, cli_args *a, const char *arg, import_args *ia)
{
	const char *v;

	if (cli_opt_is(a, arg, "--skip-invalid")) {
		if (!(ia->rejects = cli_opt_value(ctx, a, "--skip-invalid")))
			return CLI_USAGE;
		return 0;
	}
	if (cli_opt_is(a, arg, "--sign")) {
		if (!(ia->sign = cli_opt_value(ctx, a, "--sign")))
			return CLI_USAGE;
		return 0;
	}
	if (cli_opt_is(a, arg, "--format")) {
		if (!(ia->ropts.format = cli_opt_value(ctx, a, "--format")))
			return CLI_USAGE;
		return 0;
	}
	if (cli_opt_is(a, arg, "--mapping")) {
		if (!(ia->ropts.mapping = cli_opt_value(ctx, a, "--mapping")))
			return CLI_USAGE;
		return 0;
	}
	if (cli_opt_is(a, arg, "--max-errors")) {
		if (!(v = cli_opt_value(ctx, a, "--max-errors")))
			return CLI_USAGE;
		if (cli_parse_u64(ctx, "--max-errors", v, &ia->max_errors) != 0)
			return CLI_USAGE;
		if (ia->max_errors == 0 || ia->max_errors > 1000000)
			return cli_usage_err(ctx, "--max-errors '%s' is out of range 1..1000000", v);
		return 0;
	}
	return -1;
}

static int parse_import(cli_ctx *ctx, int argc, char **argv, import_args *ia)
{
	cli_args a;
	const char *arg;
	int is_opt, r, stdin_seen = 0;

	ia->files = calloc((size_t)argc + 1, sizeof *ia->files);
	if (!ia->files) {
		cli_err("import: out of memory");
		return CLI_FAIL;
	}
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt || strcmp(arg, "-") == 0) {
			if (strcmp(arg, "-") == 0 && stdin_seen++)
				return cli_usage_err(ctx, "standard input ('-') given twice");
			ia->files[ia->nfiles++] = (char *)arg;
			continue;
		}
		r = import_option(ctx, &a, arg, ia);
		if (r < 0)
			r = cli_quality_option(ctx, &a, arg, &ia->q);
		if (r >= 0) {
			if (r != 0)
				return r;
			continue;
		}
		if ((r = cli_other_opt(ctx, &a, arg)) != 0)
			return r;
	}
	if (ia->nfiles == 0)
		return cli_usage_err(ctx, "no FILE to import");
	return 0;
}

static void print_errors(const cli_chain *ch, const hr_import_result *res)
{
	for (size_t i = 0; i < res->nerrors; i++)
		cli_chain_print_error(ch, &res->errors[i]);
	if (res->rejected > res->nerrors)
		cli_err("... and %llu more refused feature%s not listed (raise --max-errors)",
		        (unsigned long long)(res->rejected - res->nerrors),
		        res->rejected - res->nerrors == 1 ? "" : "s");
}

static void print_summary(cli_ctx *ctx, const import_args *ia, const hr_import_result *res)
{
	printf("imported %llu of %llu feature%s from %zu file%s into %s\n",
	       (unsigned long long)res->imported, (unsigned long long)res->read,
	       res->read == 1 ? "" : "s", ia->nfiles, ia->nfiles == 1 ? "" : "s",
	       cli_db_shown(ctx));
	if (res->imported == 1)
		printf("log index %llu\n", (unsigned long long)res->first_index);
	else if (res->imported > 1)
		printf("log indexes %llu to %llu\n", (unsigned long long)res->first_index,
		       (unsigned long long)res->last_index);
	printf("stale records: %llu", (unsigned long long)res->stale);
	if (res->stale > 0)
		fputs(" (older date of information: kept in history, newer facts stay in force)",
		      stdout);
	fputc('\n', stdout);
	for (size_t i = 0; i < res->nnotes; i++)
		printf("  %s\n", res->notes[i]);
}

static void json_u64_or_null(int present, uint64_t v)
{
	if (present)
		printf("%llu", (unsigned long long)v);
	else
		fputs("null", stdout);
}

/* ,"line":L,"column":C — null when the reader does not know them. */
static void json_where(const hr_read_error *e)
{
	fputs(",\"line\":", stdout);
	json_u64_or_null(e->line > 0, e->line);
	fputs(",\"column\":", stdout);
	json_u64_or_null(e->line > 0 && e->column > 0, e->column);
}

static void print_json(const import_args *ia, const cli_chain *ch, const hr_import_result *res,
                       int written)
{
	printf("{\"read\":%llu,\"imported\":%llu,\"rejected\":%llu,\"stale\":%llu,"
	       "\"written\":%s,\"first_index\":",
	       (unsigned long long)res->read, (unsigned long long)res->imported,
	       (unsigned long long)res->rejected, (unsigned long long)res->stale,
	       written ? "true" : "false");
	json_u64_or_null(written && res->imported > 0, res->first_index);
	fputs(",\"last_index\":", stdout);
	json_u64_or_null(written && res->imported > 0, res->last_index);
	fputs(",\"notes\":[", stdout);
	for (size_t i = 0; i < res->nnotes; i++) {
		if (i)
			fputc(',', stdout);
		cli_json_str(stdout, res->notes[i]);
	}
	fputs("],\"errors\":[", stdout);
	for (size_t i = 0; i < res->nerrors; i++) {
		const hr_read_error *e = &res->errors[i];
		uint64_t local;
		const char *file = cli_chain_locate(ch, e->index, &local);
		fputs(i ? ",{\"file\":" : "{\"file\":", stdout);
		cli_json_str(stdout, file);
		json_where(e);
		printf(",\"feature\":%llu,\"id\":", (unsigned long long)local);
		cli_json_str(stdout, e->id);
		fputs(",\"field\":", stdout);
		cli_json_str(stdout, e->field);
		fputs(",\"reason\":", stdout);
		cli_json_str(stdout, e->reason);
		fputs(",\"code\":", stdout);
		cli_quality_json_code(res->error_codes[i]);
		fputc('}', stdout);
	}
	fputs("],\"warnings\":", stdout);
	cli_quality_json(ch, &res->findings);
	fputs(",\"rejects\":", stdout);
	if (ia->rejects && written && res->rejected > 0)
		cli_json_str(stdout, ia->rejects);
	else
		fputs("null", stdout);
	fputs("}\n", stdout);
}

/* A file could not be read to its end (syntax, I/O): nothing was written.
 * The reader's reason already says where (line, column, feature). */
static int report_fatal(cli_ctx *ctx, const cli_chain *ch)
{
	const char *file;
	const hr_read_error *e;
	int code = cli_chain_fatal(ch, &file, &e);

	if (ctx->json) {
		printf("{\"read\":%llu,\"imported\":0,\"written\":false,\"errors\":[{\"file\":",
		       (unsigned long long)cli_chain_features(ch));
		cli_json_str(stdout, file);
		json_where(e);
		printf(",\"feature\":%llu,\"id\":", (unsigned long long)e->index);
		cli_json_str(stdout, e->id);
		fputs(",\"field\":", stdout);
		cli_json_str(stdout, e->field);
		fputs(",\"reason\":", stdout);
		cli_json_str(stdout, e->reason[0] ? e->reason : hr_strerror(code));
		fputs("}]}\n", stdout);
	}
	fflush(stdout);
	fprintf(stderr, "hazreg: %s: ", file);
	if (e->line)
		fprintf(stderr, "line %llu, column %lu: ", (unsigned long long)e->line,
		        (unsigned long)e->column);
	if (e->field[0])
		fprintf(stderr, "%s: ", e->field);
	fprintf(stderr, "%s\n", e->reason[0] ? e->reason : hr_strerror(code));
	cli_err("%s cannot be read further; nothing was written", file);
	return code == HR_EIO || code == HR_ENOMEM ? CLI_FAIL : CLI_REFUSED;
}

/* What the import did, told to people or as JSON; the exit status. */
static int report(cli_ctx *ctx, const import_args *ia, const cli_chain *ch,
                  const hr_import_result *res, int err)
{
	int written = err == 0;

	if (ctx->json)
		print_json(ia, ch, res, written);
	else if (written)
		print_summary(ctx, ia, res);
	if (!ctx->json && res->nerrors)
		print_errors(ch, res);
	/* warnings of an import that is refused are in --json and 'hazreg check' */
	if (!ctx->json && written && res->findings.n) {
		cli_quality_print(ch, &res->findings);
		if (res->warnings > res->findings.n)
			cli_err("... and %llu more warning%s not listed (raise --max-errors)",
			        (unsigned long long)(res->warnings - res->findings.n),
			        res->warnings - res->findings.n == 1 ? "" : "s");
	}
	if (written && res->warnings)
		cli_err("%llu warning%s (docs/quality.md); imported all the same (--strict "
		        "refuses them)", (unsigned long long)res->warnings,
		        res->warnings == 1 ? "" : "s");
	if (!written) {
		cli_err("%llu feature%s refused; nothing was written",
		        (unsigned long long)res->rejected, res->rejected == 1 ? "" : "s");
		return CLI_REFUSED;
	}
	if (res->rejected > 0) {
		cli_err("%llu feature%s refused and written to %s; %s",
		        (unsigned long long)res->rejected, res->rejected == 1 ? "" : "s", ia->rejects,
		        res->imported ? "the valid ones were imported" : "nothing was imported");
		/* 3 says "nothing written": only when every feature was refused. */
		return res->imported == 0 ? CLI_REFUSED : CLI_OK;
	}
	return CLI_OK;
}

static int run_import(cli_ctx *ctx, import_args *ia, cli_chain *ch, FILE *rejects,
                      cli_progress *prog)
{
	hr_import_options opts = HR_IMPORT_OPTIONS_INIT;
	hr_check_options copts = HR_CHECK_OPTIONS_INIT;
	hr_import_result *res = NULL;
	hr_register *reg = NULL;
	int existed = cli_db_exists(ctx->db);
	int rc, err;

	rc = cli_quality_prepare(ctx, &ia->q, &copts);
	if (rc != CLI_OK)
		return rc;
	rc = cli_open(ctx, &reg, 1, 0);
	if (rc != CLI_OK)
		goto done;
	cli_progress_start(prog, "importing", 1, NULL);
	opts.checks = &copts;
	opts.strict = ia->q.strict;
	opts.skip_invalid = rejects != NULL;
	opts.rejects = rejects;
	opts.max_errors = (size_t)ia->max_errors;
	opts.progress = cli_progress_cb;
	opts.progress_ctx = prog;
	err = hr_register_import(reg, cli_chain_reader(ch), &opts, &res);
	cli_progress_end(prog);
	if (cli_chain_fatal(ch, NULL, NULL)) {
		rc = report_fatal(ctx, ch);
		goto done;
	}
	if ((err != 0 && err != HR_EVALIDATE) || !res) {
		rc = cli_lib_err(ctx, reg, err ? err : HR_ERROR, "import failed; nothing was written");
		goto done;
	}
	rc = report(ctx, ia, ch, res, err);
done:
	hr_import_result_free(res);
	hr_register_close(reg);
	/* "Nothing was written" holds for a register this import would have made. */
	if (rc != CLI_OK && !existed)
		cli_db_remove(ctx->db);
	return rc;
}

int cli_cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	import_args ia = {NULL, 0, NULL, 0, NULL, HR_READER_OPTIONS_INIT, {NULL, 0, 0, 0, NULL, 0}};
	hr_key_signer sk;
	cli_chain *ch = NULL;
	FILE *rejects = NULL;
	cli_progress prog;
	int rc = parse_import(ctx, argc, argv, &ia);

	memset(&sk, 0, sizeof sk);
	if (rc != 0)
		goto done;
	if (ia.sign && (rc = cli_load_signer(ctx, "--sign", ia.sign, &sk)) != 0)
		goto done;
	cli_progress_start(&prog, "importing", 1, NULL);
	rc = cli_chain_open(&ch, ctx->cmd, ia.files, ia.nfiles, &ia.ropts, &prog);
	if (rc != CLI_OK)
		goto done;
	if (ia.sign)
		cli_chain_sign(ch, &sk);
	if (ia.rejects && !(rejects = fopen(ia.rejects, "w"))) {
		cli_err("%s: cannot write the rejects file: %s", ia.rejects, strerror(errno));
		rc = CLI_FAIL;
		goto done;
	}
	rc = run_import(ctx, &ia, ch, rejects, &prog);
done:
	if (rejects && fclose(rejects) != 0 && rc == CLI_OK) {
		cli_err("%s: write failed: %s", ia.rejects, strerror(errno));
		rc = CLI_FAIL;
	}
	cli_chain_free(ch);
	cli_quality_free(&ia.q);
	hr_key_signer_wipe(&sk);
	free(ia.files);
	return CLI_STATUS(rc);
}
