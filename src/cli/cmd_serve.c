/*
 * cmd_serve.c - "hazreg serve": the HTTP API over a
 * register, until SIGTERM or SIGINT. On PostgreSQL, --db-read (or
 * HAZREG_DB_READ) names a streaming-replication standby of --db that the
 * server reads from, while it writes to --db.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/srv.h"

static const char *web_served; /* the map page's directory, for ready() */

static void ready(void *ctx, const char *base_url)
{
	cli_ctx *c = ctx;
	if (c->json)
		printf("{\"serving\":\"%s\",\"db\":\"%s\",\"map\":%s}\n", base_url, cli_db_shown(c),
		       web_served ? "true" : "false");
	else if (web_served)
		printf("hazreg: serving %s (register %s; the map at %s/); stop with Ctrl-C or "
		       "SIGTERM\n",
		       base_url, cli_db_shown(c), base_url);
	else
		printf("hazreg: serving %s (register %s; no map page: see --web); stop with Ctrl-C "
		       "or SIGTERM\n",
		       base_url, cli_db_shown(c));
	fflush(stdout);
}

/* Without --web: $HAZREG_WEB, else web/ beside the executable when it
 * holds the page (build/web for build/hazreg); NULL when neither. */
static const char *default_web(char *buf, size_t len)
{
	const char *env = getenv("HAZREG_WEB");
	char exe[4096], *slash;
	ssize_t n;
	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return NULL;
	*slash = '\0';
	if (snprintf(buf, len, "%s/web/index.html", exe) >= (int)len || access(buf, R_OK) != 0)
		return NULL;
	buf[strlen(buf) - strlen("/index.html")] = '\0';
	return buf;
}

/* --list-routes: every route the server answers and the least role it
 * needs, one a line ("GET /reports/{} public"), or as JSON; for tests and
 * for whoever configures a proxy in front of the server. */
static int list_routes(cli_ctx *ctx)
{
	size_t n, k = 0;
	const srv_route *const *t = srv_route_tables(&n);

	if (ctx->json)
		fputs("[", stdout);
	for (size_t i = 0; i < n; i++)
		for (const srv_route *r = t[i]; r->pattern; r++, k++) {
			if (ctx->json)
				printf("%s{\"method\":\"%s\",\"pattern\":\"%s\",\"min_role\":\"%s\"}",
				       k ? "," : "", r->method, r->pattern, srv_role_name(r->min_role));
			else
				printf("%s %s %s\n", r->method, r->pattern, srv_role_name(r->min_role));
		}
	if (ctx->json)
		fputs("]\n", stdout);
	return CLI_OK;
}

/* A limit option: a whole number in [lo, hi]. */
static int limit_opt(cli_ctx *ctx, cli_args *a, const char *name, uint64_t lo, uint64_t hi,
                     uint64_t *out)
{
	const char *v = cli_opt_value(ctx, a, name);
	if (!v || cli_parse_u64(ctx, name, v, out) != 0)
		return CLI_USAGE;
	if (*out < lo || *out > hi)
		return cli_usage_err(ctx, "%s %s is out of range %llu..%llu", name, v,
		                     (unsigned long long)lo, (unsigned long long)hi);
	return 0;
}

int cli_cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *name;
		uint64_t lo, hi;
	} lims[] = {
		{"--threads", 1, 256},        {"--timeout", 1, 3600},
		{"--per-ip", 1, 100000},      {"--max-connections", 1, 1000000},
		{"--max-header-bytes", 1024, 1048576}, {"--max-body-bytes", 1024, 1073741824},
		{"--max-limit", 1, 1000000},
		{"--reports-per-minute", 1, 100000},
	};
	srv_options o;
	cli_args a;
	const char *arg, *log_file = NULL, *web = NULL, *db_read = getenv("HAZREG_DB_READ");
	char web_default[4096];
	char err[512];
	uint64_t v[8];
	int is_opt, rc, list = 0, no_web = 0, given[8] = {0};

	memset(&o, 0, sizeof o);
	o.listen = "127.0.0.1:8080";
	srv_limits_default(&o.limits);
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		size_t i;
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		if (cli_opt_is(&a, arg, "--listen")) {
			if (!(o.listen = cli_opt_value(ctx, &a, "--listen")))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--list-routes")) {
			if (cli_opt_flag(ctx, &a, "--list-routes") != 0)
				return CLI_USAGE;
			list = 1;
			continue;
		}
		if (cli_opt_is(&a, arg, "--no-web")) {
			if (cli_opt_flag(ctx, &a, "--no-web") != 0)
				return CLI_USAGE;
			no_web = 1;
			continue;
		}
		if (cli_opt_is(&a, arg, "--web")) {
			if (!(web = cli_opt_value(ctx, &a, "--web")))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--db-read")) {
			if (!(db_read = cli_opt_value(ctx, &a, "--db-read")))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--access-log")) {
			if (!(log_file = cli_opt_value(ctx, &a, "--access-log")))
				return CLI_USAGE;
			continue;
		}
		for (i = 0; i < sizeof lims / sizeof lims[0]; i++)
			if (cli_opt_is(&a, arg, lims[i].name))
				break;
		if (i < sizeof lims / sizeof lims[0]) {
			if ((rc = limit_opt(ctx, &a, lims[i].name, lims[i].lo, lims[i].hi, &v[i])) != 0)
				return rc;
			given[i] = 1;
			continue;
		}
		if ((rc = cli_other_opt(ctx, &a, arg)) != 0)
			return CLI_STATUS(rc);
	}
	if (given[0])
		o.limits.threads = (unsigned)v[0];
	if (given[1])
		o.limits.timeout_s = (unsigned)v[1];
	if (given[2])
		o.limits.per_ip = (unsigned)v[2];
	if (given[3])
		o.limits.connections = (unsigned)v[3];
	if (given[4])
		o.limits.header_bytes = (size_t)v[4];
	if (given[5])
		o.limits.body_bytes = (size_t)v[5];
	if (given[6])
		o.limits.max_limit = (unsigned)v[6];
	if (given[7])
		o.limits.reports_per_min = (unsigned)v[7];
	if (list)
		return list_routes(ctx);
	if (!cli_db_exists(ctx->db)) {
		cli_err("%s: no register here; create one with 'hazreg init' or 'hazreg import'",
		        cli_db_shown(ctx));
		return CLI_FAIL;
	}
	o.db = ctx->db;
	if (db_read && !*db_read)
		db_read = NULL;
	if (db_read && (!hr_register_uri_is_postgresql(db_read) ||
	                !hr_register_uri_is_postgresql(ctx->db)))
		return cli_usage_err(ctx, "--db-read (HAZREG_DB_READ) names a PostgreSQL standby of a "
		                          "PostgreSQL register: both --db and --db-read are "
		                          "postgresql:// addresses");
	o.db_read = db_read;
	if (no_web && web)
		return cli_usage_err(ctx, "--web and --no-web exclude each other");
	o.web_dir = no_web ? NULL : web ? web : default_web(web_default, sizeof web_default);
	o.access_log = stderr;
	if (log_file && strcmp(log_file, "-") != 0 && !(o.access_log = fopen(log_file, "a"))) {
		cli_err("%s: --access-log %s: %s", ctx->cmd, log_file, strerror(errno));
		return CLI_FAIL;
	}
	o.ready = ready;
	o.ready_ctx = ctx;
	web_served = o.web_dir;
	rc = srv_run(&o, err, sizeof err);
	if (o.access_log && o.access_log != stderr)
		fclose(o.access_log);
	if (rc != 0) {
		cli_err("%s: %s", ctx->cmd, err);
		return CLI_FAIL;
	}
	return CLI_OK;
}
