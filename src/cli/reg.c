/*
 * reg.c - opening the register named by --db / HAZREG_DB for a command,
 * with messages that say where and why when it cannot be opened; with
 * --known-at or --log-size, the register as it stood (asof.c) instead.
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

/* Whether a database server holds a register: a read-only open that
 * succeeds. A server that cannot be reached holds none as far as this
 * goes; the open that follows says why. */
static int server_has_register(const char *db)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	int rc;
	o.readonly = 1;
	rc = hr_register_open(&reg, db, &o);
	hr_register_close(reg);
	return rc == 0;
}

int cli_db_exists(const char *db)
{
	const char *f = db_file(db);
	if (!f)
		return server_has_register(db);
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

/*
 * A server's address with any password masked: the part between "//" and
 * "@" after its first ':' and the value of password= parameters. Only a
 * mask for messages: the address itself goes to libpq untouched.
 */
const char *cli_db_shown(cli_ctx *ctx)
{
	const char *db = ctx->db, *at, *slash, *colon, *p;
	char *out = ctx->db_shown;
	size_t n = sizeof ctx->db_shown, k = 0;

	if (db_file(db) || !strstr(db, "://")) {
		return db;
	}
	p = strstr(db, "://") + 3;
	slash = strchr(p, '/');
	at = strchr(p, '@');
	colon = strchr(p, ':');
	if (at && (!slash || at < slash) && colon && colon < at) {
		snprintf(out, n, "%.*s:***%s", (int)(colon - db), db, at);
	} else {
		snprintf(out, n, "%s", db);
	}
	/* password=VALUE in the parameters */
	while ((p = strstr(out + k, "password=")) != NULL) {
		char *v = (char *)p + 9, *end = v + strcspn(v, "&");
		k = (size_t)(v - out) + 3;
		if (k >= n)
			break;
		memmove(v + 3, end, strlen(end) + 1);
		memcpy(v, "***", 3);
	}
	return out;
}

void cli_default_origin(char *buf, size_t bufsz, const char *db)
{
	const char *f = db_file(db);
	const char *slash;

	/* a server's address is libpq's to read, not ours: a fixed name, which
	 * a register on a server should replace with --origin */
	if (!f) {
		snprintf(buf, bufsz, "hazreg/postgresql");
		return;
	}
	slash = strrchr(f, '/');

	snprintf(buf, bufsz, "hazreg/%s", slash ? slash + 1 : f);
}

int cli_open(cli_ctx *ctx, hr_register **reg, int create, int readonly)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *now = NULL;
	int rc;

	*reg = NULL;
	/* the commands that write refuse the options while parsing; this is
	 * the last guard that nothing is ever written "as the register stood" */
	if (ctx->asof.option && (create || !readonly))
		return cli_usage_err(ctx, "%s: this command would write to the register; only "
		                          "a read can answer as the register stood",
		                     ctx->asof.option);
	/* on a server, the open below says what is missing */
	if (!create && db_file(ctx->db) && !cli_db_exists(ctx->db)) {
		cli_err("%s: no register here; create one with 'hazreg init' or 'hazreg import' "
		        "(or name another with --db or HAZREG_DB)",
		        cli_db_shown(ctx));
		return CLI_FAIL;
	}
	o.create = create;
	o.readonly = readonly;
	rc = hr_register_open(&now, ctx->db, &o);
	if (rc != 0) {
		cli_lib_err(ctx, now, rc, "cannot open the register");
		hr_register_close(now);
		return CLI_FAIL;
	}
	if (ctx->asof.option)
		return cli_asof_snapshot(ctx, now, reg);
	*reg = now;
	return CLI_OK;
}
