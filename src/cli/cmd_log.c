/*
 * cmd_log.c - "hazreg log list": the append-only log itself, one line per
 * record (index, appended, kind, id, date of information, leaf hash), read
 * with hr_register_log_get. It is what an auditor compares with a
 * published checkpoint.
 */
#include "cli.h"

#include <string.h>

typedef struct {
	uint64_t from, to;
	int to_given;
} log_range;

static int parse_log(cli_ctx *ctx, int argc, char **argv, log_range *r)
{
	cli_args a;
	const char *arg, *v;
	int is_opt, c;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		if (cli_opt_is(&a, arg, "--from") || cli_opt_is(&a, arg, "--to")) {
			int from = arg[2] == 'f';
			const char *name = from ? "--from" : "--to";
			if (!(v = cli_opt_value(ctx, &a, name)))
				return CLI_USAGE;
			if (cli_parse_u64(ctx, name, v, from ? &r->from : &r->to) != 0)
				return CLI_USAGE;
			if (!from)
				r->to_given = 1;
			continue;
		}
		c = cli_common_opt(ctx, &a, arg, 1);
		if (c < 0)
			return CLI_USAGE;
		if (c == 2)
			return CLI_DONE;
		if (c == 0)
			return cli_usage_err(ctx, "unknown option '%s'", arg);
	}
	if (r->to_given && r->from > r->to)
		return cli_usage_err(ctx, "--from %llu is after --to %llu",
		                     (unsigned long long)r->from, (unsigned long long)r->to);
	return 0;
}

static void line_text(uint64_t idx, const hr_record *rec, const unsigned char *leaf)
{
	char t1[HR_TIME_BUFSZ], t2[HR_TIME_BUFSZ], hex[65];
	const char *kind = hr_kind_name(rec->kind);
	const char *id = hr_record_text(rec, HR_F_ID);

	printf("%6llu  %-20s  %-8s  %-20s  %-20s  %.16s\n", (unsigned long long)idx,
	       cli_time(t1, rec->appended), kind ? kind : "?", id ? id : "-",
	       cli_time(t2, hr_record_time(rec, HR_F_DOI)), cli_hex(hex, leaf, 32));
}

static void line_json(uint64_t idx, const hr_record *rec, const unsigned char *leaf, int first)
{
	char t[HR_TIME_BUFSZ], hex[65];
	hr_time doi = hr_record_time(rec, HR_F_DOI);

	printf("%s\n{\"index\":%llu,\"appended\":", first ? "" : ",", (unsigned long long)idx);
	if (rec->appended == HR_TIME_NONE)
		fputs("null", stdout);
	else
		cli_json_str(stdout, hr_time_format(t, rec->appended));
	fputs(",\"kind\":", stdout);
	cli_json_str(stdout, hr_kind_name(rec->kind));
	fputs(",\"id\":", stdout);
	cli_json_str(stdout, hr_record_text(rec, HR_F_ID));
	fputs(",\"date_of_information\":", stdout);
	if (doi == HR_TIME_NONE)
		fputs("null", stdout);
	else
		cli_json_str(stdout, hr_time_format(t, doi));
	printf(",\"leaf_hash\":\"%s\"}", cli_hex(hex, leaf, 32));
}

static int list(cli_ctx *ctx, hr_register *reg, const log_range *r, uint64_t size)
{
	unsigned char leaf[32];
	uint64_t last = size ? size - 1 : 0;
	int err;

	if (r->to_given && r->to < last)
		last = r->to;
	if (ctx->json)
		fputs("[", stdout);
	else
		printf("%6s  %-20s  %-8s  %-20s  %-20s  %s\n", "index", "appended", "kind", "id",
		       "date of information", "leaf hash");
	for (uint64_t i = r->from; size > 0 && i <= last; i++) {
		hr_record *rec = NULL;
		err = hr_register_log_get(reg, i, &rec, leaf);
		if (err != 0) {
			if (ctx->json)
				fputs("]\n", stdout);
			fflush(stdout);
			cli_err("%s: %s", cli_db_shown(ctx), hr_errmsg(reg));
			return CLI_FAIL;
		}
		if (ctx->json)
			line_json(i, rec, leaf, i == r->from);
		else
			line_text(i, rec, leaf);
		hr_record_free(rec);
	}
	if (ctx->json)
		fputs("\n]\n", stdout);
	return CLI_OK;
}

int cli_cmd_log_list(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	log_range r = {0, 0, 0};
	uint64_t size = 0;
	int rc = parse_log(ctx, argc, argv, &r);
	int err;

	if (rc != 0)
		return CLI_STATUS(rc);
	rc = cli_open(ctx, &reg, 0, 1);
	if (rc != CLI_OK)
		goto done;
	err = hr_register_log_size(reg, &size);
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "cannot read the log size");
		goto done;
	}
	rc = list(ctx, reg, &r, size);
done:
	hr_register_close(reg);
	return rc;
}
