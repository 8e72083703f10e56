/*
 * msg.c - error messages of the hazreg command. Every message goes to
 * stderr, starts with "hazreg: " and names the place (command, file,
 * argument) before the reason, so that a script's log says what failed.
 */
#include "cli.h"

#include <stdarg.h>

void cli_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout); /* what was said before comes first in a shared log */
	fputs("hazreg: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_err(cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("hazreg: ", stderr);
	if (ctx && ctx->cmd)
		fprintf(stderr, "%s: ", ctx->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	cli_help_usage(stderr, ctx ? ctx->cmd : NULL);
	return CLI_USAGE;
}

int cli_lib_err(cli_ctx *ctx, hr_register *reg, int rc, const char *doing)
{
	const char *msg = reg ? hr_errmsg(reg) : "";

	if (!msg || !*msg)
		msg = hr_strerror(rc);
	cli_err("%s: %s: %s", cli_db_shown(ctx), doing, msg);
	return CLI_FAIL;
}

int cli_fail(cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "hazreg: %s: ", ctx->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_FAIL;
}
