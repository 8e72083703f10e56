/*
 * reg.c - opening the register named by --db / HAZREG_DB for a command,
 * with messages that say where and why when it cannot be opened.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The file behind a location, or NULL when it is not a file (a server). */
static const char *db_file(const char *db)
{
	if (strncmp(db, "gpkg:", 5) == 0)
		return db + 5;
	if (strstr(db, "://") || strncmp(db, "postgresql:", 11) == 0 ||
	    strncmp(db, "pg:", 3) == 0)
		return NULL;
	return db;
}

int cli_db_exists(const char *db)
{
	const char *f = db_file(db);
	if (!f)
		return 1;
	return access(f, F_OK) == 0;
}

void cli_db_remove(const char *db)
{
	static const char *const sidecars[] = {"", "-journal", "-wal", "-shm"};
	const char *f = db_file(db);
	char path[4096];

	if (!f)
		return;
	for (size_t i = 0; i < sizeof sidecars / sizeof sidecars[0]; i++) {
		if ((size_t)snprintf(path, sizeof path, "%s%s", f, sidecars[i]) < sizeof path)
			unlink(path);
	}
}

int cli_open(cli_ctx *ctx, hr_register **reg, int create, int readonly)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	int rc;

	*reg = NULL;
	if (!create && !cli_db_exists(ctx->db)) {
		cli_err("%s: no register here; create one with 'hazreg init' or 'hazreg import' "
		        "(or name another with --db or HAZREG_DB)",
		        ctx->db);
		return CLI_FAIL;
	}
	o.create = create;
	o.readonly = readonly;
	rc = hr_register_open(reg, ctx->db, &o);
	if (rc != 0) {
		cli_lib_err(ctx, *reg, rc, "cannot open the register");
		hr_register_close(*reg);
		*reg = NULL;
		return CLI_FAIL;
	}
	return CLI_OK;
}
