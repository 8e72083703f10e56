/*
 * cli.h - pieces shared by the files of the hazreg command: the command
 * table, argument parsing, messages, output helpers and the progress bar.
 *
 * The command speaks to the register through the public API only
 * (hazreg/hazreg.h); nothing here reaches into the library's internals.
 */
#ifndef HR_CLI_H
#define HR_CLI_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "hazreg/hazreg.h"

/* Exit status of the command (documented in --help and hazreg(1)). */
enum {
	CLI_OK = 0,        /* success */
	CLI_FAIL = 1,      /* I/O failure, corrupt store, anything unexpected */
	CLI_USAGE = 2,     /* bad command line */
	CLI_REFUSED = 3,   /* input refused by validation */
	CLI_NOTFOUND = 4,  /* no such area */
	CLI_CHECKFAIL = 5, /* check found the register inconsistent */
	CLI_DONE = -1,     /* internal: stop now with status 0 (help was printed) */
};
/* The exit status for what a parser returned. */
#define CLI_STATUS(rc) ((rc) == CLI_DONE ? CLI_OK : (rc))

/* Whether a command takes --known-at and --log-size (asof.c). */
enum {
	CLI_ASOF_NO = 0,    /* a read that answers no question about hazards */
	CLI_ASOF_YES = 1,   /* answers about hazards: can answer as the register stood */
	CLI_ASOF_WRITE = 2, /* writes to the register: only the present can be written */
};

/* --known-at TIME / --log-size N, and once the register is open, the state
 * the answer comes from and the checkpoint that commits to it. */
typedef struct {
	const char *option;  /* "--known-at" or "--log-size" as given; NULL: neither */
	hr_time known_at;    /* --known-at, else HR_TIME_NONE */
	uint64_t size;       /* --log-size, or the records appended by --known-at */
	hr_time last;        /* when record size - 1 was appended; HR_TIME_NONE at size 0 */
	unsigned char root[32]; /* tree head of the first size records */
	char *checkpoint;    /* the signed note of this size, or the unsigned checkpoint text */
	uint64_t seq;        /* the signed note's number among the stored ones; 0: unsigned */
	uint64_t later_seq;  /* the nearest later signed checkpoint; 0: none */
	uint64_t later_size;
	char *later_note;
} cli_asof;

/* What every command receives: the global options. */
typedef struct {
	const char *db;    /* where the register is */
	char db_shown[512]; /* db as messages show it (cli_db_shown) */
	int json;          /* --json given */
	const char *cmd;   /* command name, for messages ("query point") */
	int asof_mode;     /* CLI_ASOF_* of the command */
	cli_asof asof;     /* --known-at / --log-size */
} cli_ctx;

typedef struct cli_sigcheck cli_sigcheck;

/* One command of the table in main.c; its help texts live in help.c. */
typedef struct {
	const char *name;     /* "init", "query point", ... */
	int (*run)(cli_ctx *ctx, int argc, char **argv);
	int asof;             /* CLI_ASOF_* */
} cli_cmd;

/* Command entry points: argv[0] is the first word after the command name. */
int cli_cmd_init(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_import(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_query_point(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_query_bbox(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_show(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_export(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_rebuild(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_migrate(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_check(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_digest(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_log_list(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_log_root(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_log_prove(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_log_consistency(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_log_check(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_log_checkpoint(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_log_export(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_keys_new(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_keys_register(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_keys_revoke(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_keys_list(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_serve(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_sign(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_token_new(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_token_revoke(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_token_list(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_verify(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_risk_timeline(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_plot(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_reliability(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_summary(cli_ctx *ctx, int argc, char **argv);

/* ---- a C2SP tlog-tiles log to read: a directory or a server (fetch.c) ---- */

typedef struct cli_source cli_source;
struct cli_source {
	const char *where;      /* the directory, or the URL without a trailing '/' */
	const char *checkpoint; /* the checkpoint's relative path there */
	int is_url;
	/* Read the file at rel, at most max bytes, into a NUL-terminated
	 * buffer to free(); -1 with why filled when it cannot be had. */
	int (*get)(cli_source *s, const char *rel, size_t max, char **out, size_t *len, char *why,
	           size_t whylen);
	/* the HTTP side's state */
	void *curl;
	int curl_global;
	char *url;
	char curl_err[256];
};
/* A "log export" directory. @return 0, or -1 out of memory */
int cli_source_dir(cli_source **out, const char *dir);
/* A server at url (http:// or https://), fetched with libcurl within
 * timeouts and size limits. @return 0, or -1 with why filled */
int cli_source_url(cli_source **out, const char *url, char *why, size_t whylen);
/* NULL is harmless. */
void cli_source_close(cli_source *s);

/*
 * cmd_export_log.c: read a log in tlog-tiles form back, for "verify".
 * cli_tlog_leaves: the leaf hashes of entries [0, n) from the entry
 * bundles (leaves: n × 32 bytes), each entry decoded and found canonical.
 * cli_tlog_tiles: every hash tile of the tree of n leaves, recomputed
 * from leaves, must be there with the same bytes.
 * Both print the first problem and return CLI_FAIL, else 0.
 */
int cli_tlog_leaves(cli_ctx *ctx, cli_source *src, uint64_t n, unsigned char *leaves,
                    cli_sigcheck *sc);
int cli_tlog_tiles(cli_ctx *ctx, cli_source *src, uint64_t n, const unsigned char *leaves);

/* ---- pictures (cmd_risk.c) ---- */
/* "svg" or "png" from a file name's ending; NULL otherwise. */
const char *cli_image_kind(const char *path);
/* Write SVG text to path as SVG or PNG (by its ending), replacing the file
 * only once complete. Messages printed. @return CLI_OK or CLI_FAIL */
int cli_write_image(const char *path, const char *svg);

/* help.c: the manual of each command and of the whole. */
void cli_help_overview(FILE *out);
/* Short usage of a command (NULL: of hazreg itself). */
void cli_help_usage(FILE *out, const char *cmd);
/* The manual of a command; -1 when there is no such command. */
int cli_help_manual(FILE *out, const char *cmd);

/* ---- argument parsing (args.c) ---- */

/* Walks a command's arguments: options (with "--opt VALUE" or
 * "--opt=VALUE") and positionals; a negative number is a positional. */
typedef struct {
	int argc;
	char **argv;
	int i;
	int opts_done;       /* "--" seen */
	const char *value;   /* the "=VALUE" part of the current option */
} cli_args;

void cli_args_init(cli_args *a, int argc, char **argv);
/* Next argument, or NULL at the end; *is_opt tells options from positionals. */
const char *cli_args_next(cli_args *a, int *is_opt);
/* The option name without its "=VALUE" part compares equal to name. */
int cli_opt_is(const cli_args *a, const char *arg, const char *name);
/* The value of the current option; NULL after a usage message when missing. */
const char *cli_opt_value(cli_ctx *ctx, cli_args *a, const char *name);
/* The current option takes no value: a usage message when "=VALUE" was given. */
int cli_opt_flag(cli_ctx *ctx, cli_args *a, const char *name);
/*
 * Options every command takes: --db FILE, --json (when json_ok), -h/--help,
 * and --known-at / --log-size (refused by the commands that cannot answer
 * as the register stood: cli_asof_allowed).
 * @return 1 handled, 0 not one of them, -1 usage error (message printed),
 *         2 help printed (the command should exit 0)
 */
int cli_common_opt(cli_ctx *ctx, cli_args *a, const char *arg, int json_ok);

/*
 * An option no command-specific branch took: a common one (--db, --json,
 * --help), else a usage error. @return 0 to go on, or the status to return.
 */
int cli_other_opt(cli_ctx *ctx, cli_args *a, const char *arg);

/*
 * Parse arguments that are only common options; positionals go to pos
 * (at most npos; more is a usage error).
 * @return 0, CLI_USAGE (message printed) or CLI_DONE (help printed)
 */
int cli_parse_simple(cli_ctx *ctx, int argc, char **argv, int json_ok, const char **pos,
                     size_t npos, size_t *got);

/* Strict numbers: the whole text, finite, within [min, max]. */
int cli_parse_double(cli_ctx *ctx, const char *what, const char *s, double min, double max,
                     double *out);
int cli_parse_u64(cli_ctx *ctx, const char *what, const char *s, uint64_t *out);
/* A time for --at: ISO 8601 with a zone, a date, or "now". */
int cli_parse_time(cli_ctx *ctx, const char *what, const char *s, hr_time *out);

/* ---- messages (msg.c) ---- */

/* "hazreg: " + text on stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "hazreg: CMD: REASON" on stderr (stdout flushed first); returns CLI_FAIL. */
int cli_fail(cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A usage error: message, then the command's usage; returns CLI_USAGE. */
int cli_usage_err(cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A failure of the library on reg (or with code rc when reg is NULL). */
int cli_lib_err(cli_ctx *ctx, hr_register *reg, int rc, const char *doing);

/* ---- the register (reg.c) ---- */

/* Open ctx->db; with create, make it when missing. Messages printed. */
int cli_open(cli_ctx *ctx, hr_register **reg, int create, int readonly);
/* Whether the register file named by a location exists (unknown: 1). */
int cli_db_exists(const char *db);
/* ctx->db for messages and output: a server's address without its
 * password (borrowed from ctx until the next call). */
const char *cli_db_shown(cli_ctx *ctx);
/* Remove a register file that init has just failed to create. */
void cli_db_remove(const char *db);

/* The log's name when no checkpoint has named it: "hazreg/" and the file's name. */
void cli_default_origin(char *buf, size_t bufsz, const char *db);

/* ---- the register as it stood (asof.c) ---- */

/*
 * --known-at TIME and --log-size N, from cli_common_opt.
 * @return 1 handled, 0 not one of them, -1 usage error (message printed)
 */
int cli_asof_option(cli_ctx *ctx, cli_args *a, const char *arg);
/* Refuse them (usage error, CLI_USAGE) for a command that does not take them; else 0. */
int cli_asof_allowed(cli_ctx *ctx);
/*
 * In place of the open register reg (closed here), a snapshot of it as it
 * stood; ctx->asof receives the state and its checkpoint. Messages printed.
 */
int cli_asof_snapshot(cli_ctx *ctx, hr_register *reg, hr_register **out);
/* The register named in a message: "FILE", or "FILE as it stood at log size N". */
#define CLI_WHERE_BUFSZ 4200 /* a path and the words after it */
const char *cli_asof_where(const cli_ctx *ctx, char *buf, size_t len);
/* The moment a question is asked at by default: --known-at, else now. */
hr_time cli_asof_default_at(const cli_ctx *ctx);
/* After an answer for people: which state it is from (nothing without the options). */
void cli_asof_text(const cli_ctx *ctx, FILE *out);
/* Inside a JSON object: ',"as_of":{...}' (nothing without the options). */
void cli_asof_json(const cli_ctx *ctx, FILE *out);
/*
 * Print an answer made with open_memstream and free it: with the options,
 * as JSON with "as_of" added to its outermost object, else followed by
 * cli_asof_text(). @return as cli_flush_mem
 */
int cli_asof_flush(cli_ctx *ctx, FILE *out, char *buf, size_t len);
/*
 * A seekable file that ends with a JSON object and a newline (an export):
 * add "as_of" to that object. @return 0, or -1 when the end is not "}\n"
 * or the file cannot be rewritten.
 */
int cli_asof_json_file(const cli_ctx *ctx, FILE *f);
/* Free what cli_asof_snapshot kept. */
void cli_asof_free(cli_ctx *ctx);

/* ---- output (out.c) ---- */

/* Lower-case hex of n bytes (n <= 32) into buf (2n+1 bytes). */
char *cli_hex(char *buf, const unsigned char *p, size_t n);
/* A JSON string literal. */
void cli_json_str(FILE *out, const char *s);
/* A time as text; "unknown" for HR_TIME_NONE. */
const char *cli_time(char buf[HR_TIME_BUFSZ], hr_time t);
/* The value of one record field, for people or as JSON. */
void cli_value_text(FILE *out, const hr_value *v);
void cli_value_json(FILE *out, const hr_value *v);
/* Print a buffer built with open_memstream and free it. */
int cli_flush_mem(FILE *out, char *buf, size_t len);

/* ---- progress bar on a terminal (progress.c) ---- */

typedef struct {
	int active;              /* stderr is a terminal */
	int bytes;               /* units are bytes: show MB/s, else units/s */
	const char *what;        /* "importing", "rebuilding" */
	const char *unit;        /* "records" when not bytes */
	struct timespec start;
	struct timespec last;
	int drawn;
	uint64_t done, total;
	uint64_t items;          /* features seen, when units are bytes */
} cli_progress;

void cli_progress_start(cli_progress *p, const char *what, int bytes, const char *unit);
void cli_progress_set(cli_progress *p, uint64_t done, uint64_t total);
void cli_progress_items(cli_progress *p, uint64_t items);
void cli_progress_end(cli_progress *p);
/* An hr_progress_cb whose ctx is a cli_progress. */
int cli_progress_cb(void *ctx, uint64_t done, uint64_t total);

/* ---- files and keys (keyfile.c) ---- */

/* Largest key file read: a verifier or signer key line, with room to spare. */
#define CLI_KEY_FILE_MAX 4096
/* Read a whole file ("-": standard input), at most max bytes, into a
 * NUL-terminated buffer to free(); on failure why says why. */
int cli_read_file(const char *path, size_t max, char **out, size_t *outlen, char *why,
                  size_t whysz);
/* The length of s without its trailing newline (one "\n" or "\r\n"). */
size_t cli_chomp(const char *s, size_t n);
/* A verifier key given to option opt: the key itself, or a file holding it. */
int cli_load_verifier(cli_ctx *ctx, const char *opt, const char *arg, hr_key_verifier *out);
/* A signer key file given to option opt; wipe *out after use. */
int cli_load_signer(cli_ctx *ctx, const char *opt, const char *path, hr_key_signer *out);

/* ---- organisations' signatures, replayed by verify (sigcheck.c) ---- */

cli_sigcheck *cli_sigcheck_new(void);
void cli_sigcheck_free(cli_sigcheck *sc);
/* Feed record idx, in log order: an org_key record registers or revokes a
 * key; any other is held to the register's signature rule. CLI_FAIL names
 * the record and the reason. */
int cli_sigcheck_feed(cli_ctx *ctx, cli_sigcheck *sc, uint64_t idx, const hr_record *rec);
void cli_sigcheck_counts(const cli_sigcheck *sc, uint64_t *nsigned, uint64_t *nunsigned,
                         size_t *nkeys);

/* The residual-risk model's block in human output (query, show). */
void cli_print_model(FILE *out, const hr_risk *r);

#endif
