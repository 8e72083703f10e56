/*
 * quality.h - the data-quality checks' options and findings as "hazreg
 * import" and "hazreg check FILE" take and print them (cmd_check.c).
 */
#ifndef HR_CLI_QUALITY_H
#define HR_CLI_QUALITY_H

#include "chain.h"

#include <hazreg/check.h>

typedef struct {
	const char *country;   /* --country FILE, or NULL: the default box */
	double max_edge_km;    /* --max-edge-km N, or 0: the default */
	double overlap_pct;    /* --overlap PCT, or 0: the default */
	int strict;            /* --strict: warnings refuse too */
	unsigned char *country_wkb; /* read by cli_quality_prepare(); hr_free() */
	size_t country_len;
} cli_quality;

/* --country, --max-edge-km, --overlap, --strict. @return 0 taken, -1 not
 * one of them, CLI_USAGE after a message. */
int cli_quality_option(cli_ctx *ctx, cli_args *a, const char *arg, cli_quality *q);
/* Read the outline and fill the check options. @return CLI_OK, or CLI_REFUSED
 * / CLI_FAIL after a message naming the file. */
int cli_quality_prepare(cli_ctx *ctx, cli_quality *q, hr_check_options *opts);
void cli_quality_free(cli_quality *q);
/* Each finding as "hazreg: FILE: feature I (id X): Q-CODE: message" on stderr. */
void cli_quality_print(const cli_chain *ch, const hr_check_findings *f);
/* The findings as a JSON array of {code, severity, file, line, column,
 * feature, id, message}. */
void cli_quality_json(const cli_chain *ch, const hr_check_findings *f);
/* The code of error i of an import's result as JSON: "Q-..." or null. */
void cli_quality_json_code(const char *code);

/* "hazreg check" with no FILE: the register's consistency (cmd_admin.c). */
int cli_cmd_check_register(cli_ctx *ctx, int argc, char **argv);

#endif
