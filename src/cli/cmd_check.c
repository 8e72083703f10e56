/*
 * cmd_check.c - "hazreg check FILE...": the data-quality checks of every
 * import (docs/quality.md) run on files without importing them; and the
 * options and printing of those checks that "hazreg import" shares.
 *
 * With no FILE, "hazreg check" is the register's consistency check
 * (cmd_admin.c). With files, the register is only read: opened read-only
 * when it exists, so that the checks against registered areas run; when it
 * does not, they are skipped and the output says so. Exit status: 0 no
 * finding, 3 errors (an import would refuse the file), 6 warnings only (an
 * import would take it; --strict would refuse it).
 */
#include "quality.h"

#include <stdlib.h>
#include <string.h>

#define CLI_WARNINGS 6 /* hazreg check FILE: warnings only */
#define OUTLINE_MAX (64u << 20)

/* ---- options shared with import -------------------------------------- */

int cli_quality_option(cli_ctx *ctx, cli_args *a, const char *arg, cli_quality *q)
{
	const char *v;

	if (cli_opt_is(a, arg, "--country")) {
		if (!(q->country = cli_opt_value(ctx, a, "--country")))
			return CLI_USAGE;
		return 0;
	}
	if (cli_opt_is(a, arg, "--max-edge-km")) {
		if (!(v = cli_opt_value(ctx, a, "--max-edge-km")) ||
		    cli_parse_double(ctx, "--max-edge-km", v, 0.001, 20000, &q->max_edge_km))
			return CLI_USAGE;
		return 0;
	}
	if (cli_opt_is(a, arg, "--overlap")) {
		if (!(v = cli_opt_value(ctx, a, "--overlap")) ||
		    cli_parse_double(ctx, "--overlap", v, 1, 100, &q->overlap_pct))
			return CLI_USAGE;
		return 0;
	}
	if (cli_opt_is(a, arg, "--strict")) {
		if (cli_opt_flag(ctx, a, "--strict"))
			return CLI_USAGE;
		q->strict = 1;
		return 0;
	}
	return -1;
}

int cli_quality_prepare(cli_ctx *ctx, cli_quality *q, hr_check_options *opts)
{
	char why[512], *text = NULL;
	size_t len = 0;
	int rc;

	(void)ctx;
	opts->max_edge_m = q->max_edge_km * 1000.0;
	opts->overlap = q->overlap_pct / 100.0;
	if (!q->country)
		return CLI_OK;
	if (cli_read_file(q->country, OUTLINE_MAX, &text, &len, why, sizeof why) != 0) {
		cli_err("%s: cannot read the country outline: %s", q->country, why);
		return CLI_FAIL;
	}
	rc = hr_geojson_read_outline(&q->country_wkb, &q->country_len, text, len, why,
	                             sizeof why);
	free(text);
	if (rc == HR_ENOMEM) {
		cli_err("%s: out of memory", q->country);
		return CLI_FAIL;
	}
	if (rc) {
		cli_err("%s: not a country outline: %s", q->country, why);
		return CLI_REFUSED;
	}
	opts->country_wkb = q->country_wkb;
	opts->country_len = q->country_len;
	opts->country_name = q->country;
	return CLI_OK;
}

void cli_quality_free(cli_quality *q)
{
	hr_free(q->country_wkb);
	q->country_wkb = NULL;
}

static void as_error(hr_read_error *e, const hr_check_finding *f)
{
	memset(e, 0, sizeof *e);
	e->index = f->index;
	snprintf(e->id, sizeof e->id, "%s", f->id);
	snprintf(e->field, sizeof e->field, "%s", f->code);
	snprintf(e->reason, sizeof e->reason, "%s", f->message);
	e->line = f->line;
	e->column = f->column;
}

void cli_quality_print(const cli_chain *ch, const hr_check_findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		hr_read_error e;
		as_error(&e, &f->v[i]);
		cli_chain_print_error(ch, &e);
	}
}

static void json_u64_or_null(int present, uint64_t v)
{
	if (present)
		printf("%llu", (unsigned long long)v);
	else
		fputs("null", stdout);
}

void cli_quality_json(const cli_chain *ch, const hr_check_findings *f)
{
	fputc('[', stdout);
	for (size_t i = 0; i < f->n; i++) {
		const hr_check_finding *x = &f->v[i];
		uint64_t local;
		const char *file = cli_chain_locate(ch, x->index, &local);
		fputs(i ? ",{\"code\":" : "{\"code\":", stdout);
		cli_json_str(stdout, x->code);
		printf(",\"severity\":\"%s\",\"file\":",
		       x->severity == HR_CHECK_ERROR ? "error" : "warning");
		cli_json_str(stdout, file);
		fputs(",\"line\":", stdout);
		json_u64_or_null(x->line > 0, x->line);
		fputs(",\"column\":", stdout);
		json_u64_or_null(x->line > 0 && x->column > 0, x->column);
		printf(",\"feature\":%llu,\"id\":", (unsigned long long)local);
		cli_json_str(stdout, x->id);
		fputs(",\"message\":", stdout);
		cli_json_str(stdout, x->message);
		fputc('}', stdout);
	}
	fputc(']', stdout);
}

void cli_quality_json_code(const char *code)
{
	if (code)
		cli_json_str(stdout, code);
	else
		fputs("null", stdout);
}

/* ---- hazreg check FILE... --------------------------------------------- */

typedef struct {
	char **files;
	size_t nfiles;
	hr_reader_options ropts;
	cli_quality q;
} check_args;

static int parse_check(cli_ctx *ctx, int argc, char **argv, check_args *ca)
{
	cli_args a;
	const char *arg;
	int is_opt, r, stdin_seen = 0;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt || strcmp(arg, "-") == 0) {
			if (strcmp(arg, "-") == 0 && stdin_seen++)
				return cli_usage_err(ctx, "standard input ('-') given twice");
			ca->files[ca->nfiles++] = (char *)arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--format")) {
			if (!(ca->ropts.format = cli_opt_value(ctx, &a, "--format")))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--mapping")) {
			if (!(ca->ropts.mapping = cli_opt_value(ctx, &a, "--mapping")))
				return CLI_USAGE;
			continue;
		}
		r = cli_quality_option(ctx, &a, arg, &ca->q);
		if (r >= 0) {
			if (r != 0)
				return r;
			continue;
		}
		if ((r = cli_other_opt(ctx, &a, arg)) != 0)
			return r;
	}
	return 0;
}

/* Any positional argument: the files form of the command. */
static int has_files(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1 < argc;
		if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)
			/* the value of an option that takes one is no file */
			if (i == 0 || argv[i - 1][0] != '-' || strchr(argv[i - 1], '=') ||
			    (strcmp(argv[i - 1], "--db") && strcmp(argv[i - 1], "--format") &&
			     strcmp(argv[i - 1], "--mapping") && strcmp(argv[i - 1], "--country") &&
			     strcmp(argv[i - 1], "--max-edge-km") && strcmp(argv[i - 1], "--overlap") &&
			     strcmp(argv[i - 1], "--known-at") && strcmp(argv[i - 1], "--log-size")))
				return 1;
	}
	return 0;
}

/* A feature the reader refused, as a finding with its code. */
static int refusal_finding(hr_check_findings *f, const hr_read_error *e)
{
	hr_check_finding x;
	memset(&x, 0, sizeof x);
	snprintf(x.code, sizeof x.code, "%s", hr_check_refusal_code(e->field, e->reason));
	x.severity = HR_CHECK_ERROR;
	x.index = e->index;
	snprintf(x.id, sizeof x.id, "%s", e->id);
	x.line = e->line;
	x.column = e->column;
	if (e->field[0])
		snprintf(x.message, sizeof x.message, "%.63s: %.310s", e->field, e->reason);
	else
		snprintf(x.message, sizeof x.message, "%s", e->reason);
	return hr_check_findings_append(f, &x);
}

static int run_checks(cli_ctx *ctx, cli_chain *ch, hr_checker *ck, hr_check_findings *f,
                      uint64_t *read)
{
	hr_reader *rd = cli_chain_reader(ch);
	int rc;

	for (;;) {
		hr_record *rec = NULL;
		hr_read_error e;
		memset(&e, 0, sizeof e);
		rc = rd->next(rd, &rec, &e);
		if (rc <= 0)
			return rc;
		(*read)++;
		if (!rec)
			rc = refusal_finding(f, &e);
		else
			rc = hr_checker_record(ck, rec, *read - 1, e.line, e.column, f);
		hr_record_free(rec);
		if (rc) {
			cli_lib_err(ctx, NULL, rc, "check failed");
			return rc;
		}
	}
}

static int report(cli_ctx *ctx, const check_args *ca, const cli_chain *ch,
                  const hr_check_findings *f, uint64_t read, int with_reg)
{
	size_t errors = 0, warnings = 0;

	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].severity == HR_CHECK_ERROR || ca->q.strict)
			errors++;
		else
			warnings++;
	}
	if (ctx->json) {
		printf("{\"read\":%llu,\"files\":%zu,\"register\":", (unsigned long long)read,
		       ca->nfiles);
		if (with_reg)
			cli_json_str(stdout, cli_db_shown(ctx));
		else
			fputs("null", stdout);
		printf(",\"errors\":%zu,\"warnings\":%zu,\"findings\":", errors, warnings);
		cli_quality_json(ch, f);
		fputs("}\n", stdout);
	} else {
		printf("checked %llu feature%s from %zu file%s: %zu error%s, %zu warning%s\n",
		       (unsigned long long)read, read == 1 ? "" : "s", ca->nfiles,
		       ca->nfiles == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
		       warnings == 1 ? "" : "s");
		if (with_reg)
			printf("compared with the register %s (read only; nothing was written)\n",
			       cli_db_shown(ctx));
		else
			printf("no register at %s: areas and emplacement dates were compared within "
			       "the input only\n", cli_db_shown(ctx));
		cli_quality_print(ch, f);
	}
	if (errors)
		return CLI_REFUSED;
	return warnings ? CLI_WARNINGS : CLI_OK;
}

static int check_files(cli_ctx *ctx, check_args *ca)
{
	hr_check_options copts = HR_CHECK_OPTIONS_INIT;
	hr_check_findings f = {0, 0, NULL};
	hr_register *reg = NULL;
	hr_checker *ck = NULL;
	cli_chain *ch = NULL;
	cli_progress prog;
	uint64_t read = 0;
	int rc, err;

	if ((rc = cli_quality_prepare(ctx, &ca->q, &copts)) != CLI_OK)
		goto done;
	if (cli_db_exists(ctx->db) && (rc = cli_open(ctx, &reg, 0, 1)) != CLI_OK)
		goto done;
	if ((err = hr_checker_new(&ck, reg, &copts))) {
		rc = cli_lib_err(ctx, NULL, err, "the checks cannot start");
		goto done;
	}
	cli_progress_start(&prog, "checking", 1, NULL);
	rc = cli_chain_open(&ch, ctx->cmd, ca->files, ca->nfiles, &ca->ropts, &prog);
	if (rc != CLI_OK)
		goto done;
	err = run_checks(ctx, ch, ck, &f, &read);
	cli_progress_end(&prog);
	if (cli_chain_fatal(ch, NULL, NULL)) {
		const char *file;
		const hr_read_error *e;
		int code = cli_chain_fatal(ch, &file, &e);
		fflush(stdout);
		fprintf(stderr, "hazreg: %s: ", file);
		if (e->line)
			fprintf(stderr, "line %llu, column %lu: ", (unsigned long long)e->line,
			        (unsigned long)e->column);
		fprintf(stderr, "%s\n", e->reason[0] ? e->reason : hr_strerror(code));
		cli_err("%s cannot be read further", file);
		rc = code == HR_EIO || code == HR_ENOMEM ? CLI_FAIL : CLI_REFUSED;
		goto done;
	}
	if (err) {
		rc = CLI_FAIL;
		goto done;
	}
	rc = report(ctx, ca, ch, &f, read, reg != NULL);
done:
	hr_check_findings_clear(&f);
	hr_checker_free(ck);
	cli_chain_free(ch);
	hr_register_close(reg);
	cli_quality_free(&ca->q);
	return rc;
}

int cli_cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	check_args ca;
	int rc;

	if (!has_files(argc, argv))
		return cli_cmd_check_register(ctx, argc, argv);
	memset(&ca, 0, sizeof ca);
	ca.ropts = (hr_reader_options)HR_READER_OPTIONS_INIT;
	if (!(ca.files = calloc((size_t)argc + 1, sizeof *ca.files))) {
		cli_err("check: out of memory");
		return CLI_FAIL;
	}
	rc = parse_check(ctx, argc, argv, &ca);
	if (rc == 0)
		rc = check_files(ctx, &ca);
	free(ca.files);
	return CLI_STATUS(rc);
}
