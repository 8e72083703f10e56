/*
 * args.c - hand-written argument parsing for the hazreg command: options
 * with "--opt VALUE" or "--opt=VALUE", positionals (a negative number such
 * as a western longitude is a positional, not an option), and strict
 * number and time parsing that names the bad argument.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void cli_args_init(cli_args *a, int argc, char **argv)
{
	a->argc = argc;
	a->argv = argv;
	a->i = 0;
	a->opts_done = 0;
	a->value = NULL;
}

/* "-12.5", "-.5": a number, hence a positional. */
static int looks_negative_number(const char *s)
{
	return s[0] == '-' && (isdigit((unsigned char)s[1]) || (s[1] == '.' &&
	                                                        isdigit((unsigned char)s[2])));
}

const char *cli_args_next(cli_args *a, int *is_opt)
{
	while (a->i < a->argc) {
		const char *s = a->argv[a->i++];
		a->value = NULL;
		if (!a->opts_done && strcmp(s, "--") == 0) {
			a->opts_done = 1;
			continue;
		}
		*is_opt = !a->opts_done && s[0] == '-' && s[1] != '\0' && !looks_negative_number(s);
		if (*is_opt && s[1] == '-') {
			const char *eq = strchr(s, '=');
			if (eq)
				a->value = eq + 1;
		}
		return s;
	}
	return NULL;
}

int cli_opt_is(const cli_args *a, const char *arg, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '\0')
		return 1;
	return arg[n] == '=' && a->value == arg + n + 1;
}

const char *cli_opt_value(cli_ctx *ctx, cli_args *a, const char *name)
{
	const char *v = a->value;
	if (!v) {
		if (a->i >= a->argc) {
			cli_usage_err(ctx, "option %s needs a value", name);
			return NULL;
		}
		v = a->argv[a->i++];
	}
	if (v[0] == '\0') {
		cli_usage_err(ctx, "option %s needs a value, got an empty one", name);
		return NULL;
	}
	return v;
}

int cli_opt_flag(cli_ctx *ctx, cli_args *a, const char *name)
{
	if (a->value) {
		cli_usage_err(ctx, "option %s takes no value", name);
		return -1;
	}
	return 0;
}

int cli_common_opt(cli_ctx *ctx, cli_args *a, const char *arg, int json_ok)
{
	int r;
	if (strcmp(arg, "-h") == 0 || cli_opt_is(a, arg, "--help")) {
		if (cli_opt_flag(ctx, a, "--help"))
			return -1;
		cli_help_usage(stdout, ctx->cmd);
		return 2;
	}
	if (cli_opt_is(a, arg, "--db")) {
		const char *v = cli_opt_value(ctx, a, "--db");
		if (!v)
			return -1;
		ctx->db = v;
		return 1;
	}
	if ((r = cli_asof_option(ctx, a, arg)) != 0)
		return r;
	if (json_ok && cli_opt_is(a, arg, "--json")) {
		if (cli_opt_flag(ctx, a, "--json"))
			return -1;
		ctx->json = 1;
		return 1;
	}
	return 0;
}

int cli_other_opt(cli_ctx *ctx, cli_args *a, const char *arg)
{
	int r = cli_common_opt(ctx, a, arg, 1);
	if (r < 0)
		return CLI_USAGE;
	if (r == 2)
		return CLI_DONE;
	if (r == 0)
		return cli_usage_err(ctx, "unknown option '%s'", arg);
	return 0;
}

int cli_parse_double(cli_ctx *ctx, const char *what, const char *s, double min, double max,
                     double *out)
{
	char *end = NULL;
	double d;

	/* Decimal only: strtod would also take hex, "inf" and "nan". */
	if (s[0] == '\0' || s[strspn(s, "0123456789+-.eE")] != '\0')
		return cli_usage_err(ctx, "%s '%s' is not a decimal number", what, s);
	errno = 0;
	d = strtod(s, &end);
	if (end == s || *end != '\0')
		return cli_usage_err(ctx, "%s '%s' is not a decimal number", what, s);
	if (isnan(d) || isinf(d) || errno == ERANGE)
		return cli_usage_err(ctx, "%s '%s' is not a finite number", what, s);
	if (d < min || d > max)
		return cli_usage_err(ctx, "%s '%s' is out of range %g..%g", what, s, min, max);
	*out = d;
	return 0;
}

int cli_parse_u64(cli_ctx *ctx, const char *what, const char *s, uint64_t *out)
{
	char *end = NULL;
	unsigned long long v;

	if (!isdigit((unsigned char)s[0]))
		return cli_usage_err(ctx, "%s '%s' is not a whole number", what, s);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0')
		return cli_usage_err(ctx, "%s '%s' is not a whole number", what, s);
	if (errno == ERANGE)
		return cli_usage_err(ctx, "%s '%s' is too large", what, s);
	*out = (uint64_t)v;
	return 0;
}

int cli_parse_time(cli_ctx *ctx, const char *what, const char *s, hr_time *out)
{
	if (strcmp(s, "now") == 0) {
		*out = hr_time_now();
		return 0;
	}
	if (hr_time_parse(out, s, strlen(s)) != 0)
		return cli_usage_err(ctx,
		                     "%s '%s' is not a time: give ISO 8601 with a zone "
		                     "(2025-06-01T00:00:00Z, 2025-06-01T03:00+03:00), a date "
		                     "(2025-06-01) or 'now'",
		                     what, s);
	return 0;
}

int cli_parse_simple(cli_ctx *ctx, int argc, char **argv, int json_ok, const char **pos,
                     size_t npos, size_t *got)
{
	cli_args a;
	const char *arg;
	int is_opt, r;
	size_t n = 0;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (n >= npos)
				return cli_usage_err(ctx, "unexpected argument '%s'", arg);
			pos[n++] = arg;
			continue;
		}
		r = cli_common_opt(ctx, &a, arg, json_ok);
		if (r < 0)
			return CLI_USAGE;
		if (r == 2)
			return CLI_DONE;
		if (r == 0)
			return cli_usage_err(ctx, "unknown option '%s'", arg);
	}
	if (got)
		*got = n;
	return 0;
}
