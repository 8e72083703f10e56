/*
 * main.c - the hazreg command's entry: global options (--db, --json,
 * --known-at, --log-size, --help, --version), the command table and
 * dispatch to the files that implement each command group (cmd_*.c).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Those that answer about hazards can answer as the register stood
 * (--known-at, --log-size); those that write cannot. */
static const cli_cmd commands[] = {
	{"init", cli_cmd_init, CLI_ASOF_WRITE},
	{"import", cli_cmd_import, CLI_ASOF_WRITE},
	{"query point", cli_cmd_query_point, CLI_ASOF_YES},
	{"query bbox", cli_cmd_query_bbox, CLI_ASOF_YES},
	{"show", cli_cmd_show, CLI_ASOF_YES},
	{"export", cli_cmd_export, CLI_ASOF_YES},
	{"rebuild", cli_cmd_rebuild, CLI_ASOF_WRITE},
	{"check", cli_cmd_check, CLI_ASOF_NO},
	{"digest", cli_cmd_digest, CLI_ASOF_NO},
	{"migrate", cli_cmd_migrate, CLI_ASOF_NO},
	{"log list", cli_cmd_log_list, CLI_ASOF_NO},
	{"log root", cli_cmd_log_root, CLI_ASOF_NO},
	{"log prove", cli_cmd_log_prove, CLI_ASOF_NO},
	{"log consistency", cli_cmd_log_consistency, CLI_ASOF_NO},
	{"log check", cli_cmd_log_check, CLI_ASOF_NO},
	{"log checkpoint", cli_cmd_log_checkpoint, CLI_ASOF_WRITE},
	{"log export", cli_cmd_log_export, CLI_ASOF_NO},
	{"keys new", cli_cmd_keys_new, CLI_ASOF_NO},
	{"keys register", cli_cmd_keys_register, CLI_ASOF_WRITE},
	{"keys revoke", cli_cmd_keys_revoke, CLI_ASOF_WRITE},
	{"keys list", cli_cmd_keys_list, CLI_ASOF_NO},
	{"sign", cli_cmd_sign, CLI_ASOF_NO},
	{"verify", cli_cmd_verify, CLI_ASOF_NO},
	{"serve", cli_cmd_serve, CLI_ASOF_NO},
	{"token new", cli_cmd_token_new, CLI_ASOF_WRITE},
	{"token revoke", cli_cmd_token_revoke, CLI_ASOF_WRITE},
	{"token list", cli_cmd_token_list, CLI_ASOF_NO},
	{"risk timeline", cli_cmd_risk_timeline, CLI_ASOF_YES},
	{"plot", cli_cmd_plot, CLI_ASOF_YES},
	{"reliability", cli_cmd_reliability, CLI_ASOF_YES},
	{"summary", cli_cmd_summary, CLI_ASOF_YES},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const cli_cmd *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Whether word is a group ("query", "log") and which subcommands it has. */
static int is_group(const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strncmp(commands[i].name, word, n) == 0 && commands[i].name[n] == ' ')
			return 1;
	return 0;
}

/* A group without its subcommand: name the subcommands. */
static int group_usage(const char *group)
{
	size_t n = strlen(group), total = 0, k = 0;

	for (size_t i = 0; i < NCOMMANDS; i++)
		total += strncmp(commands[i].name, group, n) == 0 && commands[i].name[n] == ' ';
	fflush(stdout);
	fprintf(stderr, "hazreg: %s: a subcommand is needed:", group);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strncmp(commands[i].name, group, n) == 0 && commands[i].name[n] == ' ') {
			k++;
			fprintf(stderr, "%s %s", k == 1 ? "" : k == total ? " or" : ",",
			        commands[i].name + n + 1);
		}
	}
	fprintf(stderr, "; run 'hazreg help %s'\n", group);
	return CLI_USAGE;
}

/* hazreg help [COMMAND [SUBCOMMAND]] */
static int run_help(int argc, char **argv)
{
	char name[64];

	if (argc == 0) {
		cli_help_overview(stdout);
		return CLI_OK;
	}
	if (argc > 2 || strlen(argv[0]) + (argc > 1 ? strlen(argv[1]) : 0) + 2 > sizeof name) {
		cli_err("help: too many arguments");
		cli_help_usage(stderr, "help");
		return CLI_USAGE;
	}
	if (argc == 2)
		snprintf(name, sizeof name, "%s %s", argv[0], argv[1]);
	else
		snprintf(name, sizeof name, "%s", argv[0]);
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0)
		snprintf(name, sizeof name, "help");
	if (cli_help_manual(stdout, name) != 0) {
		cli_err("help: no command '%s'; run 'hazreg --help' for the commands", name);
		return CLI_USAGE;
	}
	return CLI_OK;
}

/* Global options before the command. @return 1 go on, 0 exit 0, -1 exit 2 */
static int global_options(cli_ctx *ctx, int argc, char **argv, int *i)
{
	cli_args a;
	const char *arg;
	int is_opt, r;

	cli_args_init(&a, argc, argv);
	a.i = *i;
	while (a.i < argc && argv[a.i][0] == '-' && strcmp(argv[a.i], "--") != 0) {
		arg = cli_args_next(&a, &is_opt);
		if (strcmp(arg, "-h") == 0 || cli_opt_is(&a, arg, "--help")) {
			cli_help_overview(stdout);
			return 0;
		}
		if (cli_opt_is(&a, arg, "--version")) {
			printf("hazreg %s\n", HAZREG_VERSION);
			return 0;
		}
		r = cli_common_opt(ctx, &a, arg, 1);
		if (r < 0)
			return -1;
		if (r == 0) {
			cli_err("unknown option '%s'; run 'hazreg --help' for the options", arg);
			return -1;
		}
	}
	*i = a.i;
	return 1;
}

int main(int argc, char **argv)
{
	cli_ctx ctx;
	const cli_cmd *cmd;
	const char *env = getenv("HAZREG_DB");
	char name[64];
	int i = 1, r;

	memset(&ctx, 0, sizeof ctx);
	ctx.asof.known_at = HR_TIME_NONE;
	ctx.db = env && *env ? env : "hazreg.gpkg";
	r = global_options(&ctx, argc, argv, &i);
	if (r <= 0)
		return r == 0 ? CLI_OK : CLI_USAGE;
	if (i >= argc) {
		cli_err("no command given");
		cli_help_overview(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[i], "help") == 0)
		return run_help(argc - i - 1, argv + i + 1);
	if (is_group(argv[i])) {
		if (i + 1 >= argc || argv[i + 1][0] == '-') {
			if (i + 1 < argc && (strcmp(argv[i + 1], "-h") == 0 ||
			                     strcmp(argv[i + 1], "--help") == 0))
				return cli_help_manual(stdout, argv[i]) == 0 ? CLI_OK : CLI_USAGE;
			return group_usage(argv[i]);
		}
		snprintf(name, sizeof name, "%s %s", argv[i], argv[i + 1]);
		i += 2;
	} else {
		snprintf(name, sizeof name, "%s", argv[i]);
		i += 1;
	}
	cmd = find_command(name);
	if (!cmd) {
		cli_err("unknown command '%s'; run 'hazreg --help' for the commands", name);
		return CLI_USAGE;
	}
	ctx.cmd = cmd->name;
	ctx.asof_mode = cmd->asof;
	/* --known-at or --log-size before the command */
	if (cli_asof_allowed(&ctx) != 0)
		return CLI_USAGE;
	r = cmd->run(&ctx, argc - i, argv + i);
	cli_asof_free(&ctx);
	return r;
}
