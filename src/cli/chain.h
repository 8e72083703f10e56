/*
 * chain.h - one hr_reader over the several files of "hazreg import", so
 * that they enter the register in one transaction (see chain.c).
 */
#ifndef HR_CLI_CHAIN_H
#define HR_CLI_CHAIN_H

#include "cli.h"

typedef struct cli_chain cli_chain;

/*
 * Open a reader on each file ("-" is standard input), of the format that
 * `opts` names or that each file shows (hr_reader_open()).
 * @param cmd the command, for messages
 * @param opts NULL for the defaults
 * @param prog drawn as features go by (may be NULL)
 * @return CLI_OK, or CLI_FAIL after a message naming the file
 */
int cli_chain_open(cli_chain **out, const char *cmd, char **paths, size_t n,
                   const hr_reader_options *opts, cli_progress *prog);
/* The chain as a reader, borrowed from it. */
hr_reader *cli_chain_reader(cli_chain *c);
/* Sign every record read with this key (hazreg import --sign); borrowed. */
void cli_chain_sign(cli_chain *c, const hr_key_signer *signer);
/* The file and the index within it of a feature counted across files. */
const char *cli_chain_locate(const cli_chain *c, uint64_t index, uint64_t *local);
/* One refused feature on stderr, as "hazreg: FILE: feature I (id ID): FIELD: REASON",
 * with "line L, column C, " before "feature" when the reader knows them. */
void cli_chain_print_error(const cli_chain *c, const hr_read_error *e);
/* When a file could not be read further: its code, file and error (each
 * out may be NULL); else 0. */
int cli_chain_fatal(const cli_chain *c, const char **path, const hr_read_error **err);
/* Features read in all. */
uint64_t cli_chain_features(const cli_chain *c);
/* A file's name for messages ("standard input" for "-"). */
const char *cli_chain_name(const char *path);
/* Close every file and free the chain. NULL is harmless. */
void cli_chain_free(cli_chain *c);

#endif
