/*
 * cmd_admin.c - the commands that look after the register as a whole:
 * init (create it with the catalogue), rebuild (re-derive every layer from
 * the log), check (verify log and layers) and digest (the state digest
 * that tells whether two registers hold the same derived state).
 */
#include "cli.h"
#include "quality.h"

#include <stdlib.h>
#include <string.h>

int cli_cmd_init(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	uint64_t n = 0;
	int rc = cli_parse_simple(ctx, argc, argv, 1, NULL, 0, NULL);
	int err;

	if (rc != 0)
		return CLI_STATUS(rc);
	if (cli_db_exists(ctx->db)) {
		cli_err("%s: a register (or another file) is here already; init never overwrites "
		        "one (name a new file with --db)",
		        cli_db_shown(ctx));
		return CLI_FAIL;
	}
	rc = cli_open(ctx, &reg, 1, 0);
	if (rc != CLI_OK) {
		cli_db_remove(ctx->db);
		goto done;
	}
	err = hr_register_log_size(reg, &n);
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "cannot read the log size");
		goto done;
	}
	if (ctx->json) {
		fputs("{\"register\":", stdout);
		cli_json_str(stdout, cli_db_shown(ctx));
		printf(",\"log_size\":%llu}\n", (unsigned long long)n);
	} else {
		printf("created register %s\n", cli_db_shown(ctx));
		printf("it starts with %llu records: the device-class catalogue (log size %llu)\n",
		       (unsigned long long)n, (unsigned long long)n);
	}
done:
	hr_register_close(reg);
	return rc;
}

/* The state digest in hex into hex (65 bytes). */
static int state_digest(cli_ctx *ctx, hr_register *reg, char *hex)
{
	unsigned char d[32];
	int err = hr_register_state_digest(reg, d);
	if (err != 0)
		return cli_lib_err(ctx, reg, err, "cannot compute the state digest");
	cli_hex(hex, d, sizeof d);
	return CLI_OK;
}

int cli_cmd_rebuild(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	cli_progress prog;
	uint64_t n = 0;
	char hex[65];
	int rc = cli_parse_simple(ctx, argc, argv, 1, NULL, 0, NULL);
	int err;

	if (rc != 0)
		return CLI_STATUS(rc);
	rc = cli_open(ctx, &reg, 0, 0);
	if (rc != CLI_OK)
		goto done;
	cli_progress_start(&prog, "rebuilding", 0, "records");
	err = hr_register_rebuild(reg, cli_progress_cb, &prog);
	cli_progress_end(&prog);
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "rebuild failed; the layers are as they were");
		goto done;
	}
	err = hr_register_log_size(reg, &n);
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "cannot read the log size");
		goto done;
	}
	rc = state_digest(ctx, reg, hex);
	if (rc != CLI_OK)
		goto done;
	if (ctx->json)
		printf("{\"log_size\":%llu,\"state_digest\":\"%s\"}\n", (unsigned long long)n, hex);
	else
		printf("rebuilt the derived layers from %llu log records\nstate digest %s\n",
		       (unsigned long long)n, hex);
done:
	hr_register_close(reg);
	return rc;
}

static void print_check(cli_ctx *ctx, int ok, uint64_t n, const char *report)
{
	size_t len = report ? strlen(report) : 0;

	if (ctx->json) {
		printf("{\"consistent\":%s,\"log_size\":%llu,\"report\":", ok ? "true" : "false",
		       (unsigned long long)n);
		cli_json_str(stdout, report ? report : "");
		fputs("}\n", stdout);
		return;
	}
	if (len) {
		fputs(report, stdout);
		if (report[len - 1] != '\n')
			fputc('\n', stdout);
		return;
	}
	if (ok)
		printf("consistent: %llu log records\n", (unsigned long long)n);
	else
		printf("NOT consistent\n");
}

int cli_cmd_check_register(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	cli_progress prog;
	char *report = NULL;
	uint64_t n = 0;
	int rc = cli_parse_simple(ctx, argc, argv, 1, NULL, 0, NULL);
	int err;

	if (rc != 0)
		return CLI_STATUS(rc);
	rc = cli_open(ctx, &reg, 0, 1);
	if (rc != CLI_OK)
		goto done;
	cli_progress_start(&prog, "checking", 0, "records");
	err = hr_register_check(reg, &report, cli_progress_cb, &prog);
	cli_progress_end(&prog);
	if (err != 0 && err != HR_ECORRUPT) {
		rc = cli_lib_err(ctx, reg, err, "check could not run");
		goto done;
	}
	if (hr_register_log_size(reg, &n) != 0)
		n = 0;
	if (err == HR_ECORRUPT && (!report || !*report)) {
		hr_free(report);
		report = NULL;
		print_check(ctx, 0, n, hr_errmsg(reg));
	} else {
		print_check(ctx, err == 0, n, report);
	}
	rc = err == 0 ? CLI_OK : CLI_CHECKFAIL;
	if (rc == CLI_CHECKFAIL)
		cli_err("%s: check failed: the register is not consistent", cli_db_shown(ctx));
done:
	hr_free(report);
	hr_register_close(reg);
	return rc;
}

int cli_cmd_digest(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	char hex[65];
	int rc = cli_parse_simple(ctx, argc, argv, 1, NULL, 0, NULL);

	if (rc != 0)
		return CLI_STATUS(rc);
	rc = cli_open(ctx, &reg, 0, 1);
	if (rc != CLI_OK)
		goto done;
	rc = state_digest(ctx, reg, hex);
	if (rc != CLI_OK)
		goto done;
	if (ctx->json)
		printf("{\"state_digest\":\"%s\"}\n", hex);
	else
		printf("%s\n", hex);
done:
	hr_register_close(reg);
	return rc;
}
