/*
 * cmd_migrate.c - "hazreg migrate FROM TO": a register copied into a new
 * one of either backend (a GeoPackage file into a PostgreSQL database, or
 * back), held to the same tree head and state digest (hr_register_copy).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_cmd_migrate(cli_ctx *ctx, int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL};
	hr_register *reg = NULL;
	unsigned char root[32];
	char hex[65], from[512], to[512];
	uint64_t n = 0;
	size_t got = 0;
	int rc = cli_parse_simple(ctx, argc, argv, 1, pos, 2, &got);
	int err;

	if (rc != 0)
		return CLI_STATUS(rc);
	if (got != 2)
		return cli_usage_err(ctx, "give the register to copy and where the copy goes");
	/* both addresses as messages show them (no password) */
	ctx->db = pos[1];
	snprintf(to, sizeof to, "%s", cli_db_shown(ctx));
	ctx->db = pos[0];
	snprintf(from, sizeof from, "%s", cli_db_shown(ctx));
	if (cli_db_exists(pos[1])) {
		cli_err("%s: a register (or another file) is there already; migrate copies into a "
		        "new one",
		        to);
		return CLI_FAIL;
	}
	rc = cli_open(ctx, &reg, 0, 1);
	if (rc != CLI_OK)
		goto done;
	err = hr_register_copy(reg, pos[1], &n, root);
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "migrate failed");
		cli_db_remove(pos[1]);
		goto done;
	}
	cli_hex(hex, root, sizeof root);
	if (ctx->json) {
		fputs("{\"from\":", stdout);
		cli_json_str(stdout, from);
		fputs(",\"to\":", stdout);
		cli_json_str(stdout, to);
		printf(",\"records\":%llu,\"tree_head\":\"%s\"}\n", (unsigned long long)n, hex);
	} else {
		printf("copied %llu records from %s to %s\n", (unsigned long long)n, from, to);
		printf("tree head %s, the same in both; state digests equal\n", hex);
	}
done:
	hr_register_close(reg);
	return rc;
}
