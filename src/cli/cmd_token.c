/*
 * cmd_token.c - bearer tokens of the HTTP API: "token new" makes one and
 * prints it once (the register keeps only its hash), "token revoke" stops
 * one at once, "token list" shows them all without any secret (token.h).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_DAYS 90

/* --expires: a time, or a duration from now ("90d", "12h", "30m", "45s"). */
static int parse_expires(cli_ctx *ctx, const char *v, hr_time *out)
{
	static const struct {
		char unit;
		int64_t seconds;
	} units[] = {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};
	size_t len = strlen(v);
	uint64_t n;
	char num[32];

	for (size_t i = 0; len > 1 && len < sizeof num && i < sizeof units / sizeof units[0]; i++) {
		if (v[len - 1] != units[i].unit || v[0] < '0' || v[0] > '9')
			continue;
		memcpy(num, v, len - 1);
		num[len - 1] = '\0';
		if (cli_parse_u64(ctx, "--expires", num, &n) != 0)
			return CLI_USAGE;
		if (n == 0 || n > (uint64_t)100 * 366 * 86400 / (uint64_t)units[i].seconds)
			return cli_usage_err(ctx, "--expires '%s': a duration of 1 second to 100 years",
			                     v);
		*out = hr_time_now() + (int64_t)n * units[i].seconds;
		return 0;
	}
	return cli_parse_time(ctx, "--expires", v, out) != 0 ? CLI_USAGE : 0;
}

/* A JSON string, or null for NULL. */
static void json_text_or_null(const char *s)
{
	if (s)
		cli_json_str(stdout, s);
	else
		fputs("null", stdout);
}

/* The value of one of the options named in names (each "--x"), if arg is one. */
static int text_option(cli_ctx *ctx, cli_args *a, const char *arg, const char *const *names,
                       const char **values, int *rc)
{
	for (size_t i = 0; names[i]; i++) {
		if (!cli_opt_is(a, arg, names[i]))
			continue;
		*rc = (values[i] = cli_opt_value(ctx, a, names[i])) ? 0 : CLI_USAGE;
		return 1;
	}
	return 0;
}

/* ---- hazreg token new --role R [--org O] [--expires T] [--note TEXT] ---- */

int cli_cmd_token_new(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const names[] = {"--role", "--org", "--expires", "--note", NULL};
	hr_token_options o = HR_TOKEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	const char *v[4] = {NULL, NULL, NULL, NULL}, *arg;
	char token[HR_TOKEN_BUFSZ], id[HR_TOKEN_ID_BUFSZ], t[HR_TIME_BUFSZ];
	cli_args a;
	int is_opt, rc, e;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		if (text_option(ctx, &a, arg, names, v, &rc)) {
			if (rc)
				return rc;
			continue;
		}
		if ((rc = cli_other_opt(ctx, &a, arg)) != 0)
			return CLI_STATUS(rc);
	}
	if (!v[0])
		return cli_usage_err(ctx, "option --role is needed: reporter, analyst or admin");
	if (!(o.role = hr_role_from_name(v[0])))
		return cli_usage_err(ctx, "--role '%s' is not a role: reporter, analyst or admin", v[0]);
	if (o.role == HR_ROLE_REPORTER && !v[1])
		return cli_usage_err(ctx, "a reporter's token needs --org: the organisation whose "
		                          "records it may append");
	o.org = v[1];
	o.note = v[3];
	o.expires = hr_time_now() + (hr_time)DEFAULT_DAYS * 86400;
	if (v[2] && (rc = parse_expires(ctx, v[2], &o.expires)) != 0)
		return rc;
	if (o.expires <= hr_time_now())
		return cli_usage_err(ctx, "--expires %s is not in the future", v[2]);
	if ((rc = cli_open(ctx, &reg, 0, 0)) != CLI_OK)
		return rc;
	e = hr_token_new(reg, &o, token, id);
	if (e == HR_EINVAL) {
		rc = cli_usage_err(ctx, "%s", hr_errmsg(reg));
		goto done;
	}
	if (e != 0) {
		rc = cli_lib_err(ctx, reg, e, "cannot make the token");
		goto done;
	}
	if (ctx->json) {
		printf("{\"token\":\"%s\",\"id\":\"%s\",\"role\":\"%s\",\"org\":", token, id, v[0]);
		json_text_or_null(o.org);
		printf(",\"expires\":\"%s\",\"note\":", hr_time_format(t, o.expires));
		json_text_or_null(o.note);
		fputs("}\n", stdout);
	} else {
		printf("token    %s\nid       %s\nrole     %s\n", token, id, v[0]);
		if (o.org)
			printf("org      %s\n", o.org);
		printf("expires  %s\n", hr_time_format(t, o.expires));
	}
	fflush(stdout);
	fputs("hazreg: the token is shown this once; the register keeps only its hash. Give it "
	      "to its holder over a safe channel; 'hazreg token revoke ID' stops it.\n",
	      stderr);
	memset(token, 0, sizeof token);
	rc = CLI_OK;
done:
	hr_register_close(reg);
	return rc;
}

/* ---- hazreg token revoke ID ---- */

int cli_cmd_token_revoke(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	const char *id = NULL;
	char t[HR_TIME_BUFSZ];
	size_t got = 0;
	int rc, e;

	if ((rc = cli_parse_simple(ctx, argc, argv, 1, &id, 1, &got)) != 0)
		return CLI_STATUS(rc);
	if (got == 0)
		return cli_usage_err(ctx, "the token's ID is needed (hazreg token list)");
	if ((rc = cli_open(ctx, &reg, 0, 0)) != CLI_OK)
		return rc;
	e = hr_token_revoke(reg, id);
	if (e == HR_ENOTFOUND || e == HR_EEXISTS)
		rc = cli_fail(ctx, "%s", hr_errmsg(reg));
	else if (e != 0)
		rc = cli_lib_err(ctx, reg, e, "cannot revoke the token");
	else if (ctx->json)
		printf("{\"id\":\"%s\",\"revoked\":\"%s\"}\n", id, hr_time_format(t, hr_time_now()));
	else
		printf("revoked token %s: it is refused from now on\n", id);
	hr_register_close(reg);
	return rc;
}

/* ---- hazreg token list ---- */

typedef struct {
	cli_ctx *ctx;
	hr_time now;
	uint64_t n;
} list_ctx;

static const char *status_of(const hr_token_info *tk, hr_time now)
{
	if (tk->revoked != HR_TIME_NONE)
		return "revoked";
	return now >= tk->expires ? "expired" : "active";
}

static int list_cb(void *ctx, const hr_token_info *tk)
{
	list_ctx *l = ctx;
	const char *role = hr_role_name(tk->role);
	char t1[HR_TIME_BUFSZ], t2[HR_TIME_BUFSZ];

	if (l->ctx->json) {
		printf("%s{\"id\":\"%s\",\"role\":\"%s\",\"status\":\"%s\",\"org\":", l->n ? "," : "",
		       tk->id, role ? role : "?", status_of(tk, l->now));
		json_text_or_null(tk->org);
		fputs(",\"note\":", stdout);
		json_text_or_null(tk->note);
		printf(",\"created\":\"%s\",\"expires\":\"%s\",\"revoked\":",
		       hr_time_format(t1, tk->created), hr_time_format(t2, tk->expires));
		if (tk->revoked != HR_TIME_NONE)
			printf("\"%s\"}", hr_time_format(t1, tk->revoked));
		else
			fputs("null}", stdout);
	} else {
		printf("%s  %-8s  %-7s  expires %s", tk->id, role ? role : "?", status_of(tk, l->now),
		       hr_time_format(t1, tk->expires));
		if (tk->org)
			printf("  org '%s'", tk->org);
		if (tk->note)
			printf("  (%s)", tk->note);
		fputc('\n', stdout);
	}
	l->n++;
	return 0;
}

int cli_cmd_token_list(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	list_ctx l = {ctx, hr_time_now(), 0};
	int rc, e;

	if ((rc = cli_parse_simple(ctx, argc, argv, 1, NULL, 0, NULL)) != 0)
		return CLI_STATUS(rc);
	if ((rc = cli_open(ctx, &reg, 0, 1)) != CLI_OK)
		return rc;
	if (ctx->json)
		fputs("[", stdout);
	e = hr_token_list(reg, list_cb, &l);
	if (ctx->json)
		fputs("]\n", stdout);
	if (e != 0)
		rc = cli_lib_err(ctx, reg, e, "cannot read the tokens");
	else if (!ctx->json && l.n == 0)
		printf("no tokens\n");
	hr_register_close(reg);
	return rc;
}
