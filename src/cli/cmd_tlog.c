/*
 * cmd_tlog.c - the verifiable log on the command line: "hazreg log root",
 * "log prove", "log consistency" and "log checkpoint" read the register's
 * Merkle tree (RFC 6962 / RFC 9162 section 2.1) through the public API;
 * "log check inclusion|consistency|note" are the auditor's checks of what
 * someone handed over (a proof, a signed note), needing no register;
 * "verify" holds a whole register to signed checkpoints, recomputing every
 * leaf and tree head itself.
 *
 * Hashes are written as 64 lower-case hex digits and read strictly (64
 * digits per hash, either case); proofs as hashes joined by commas, in
 * the order of RFC 9162. A private key only ever goes to a file of mode
 * 0600 that the user names; never to the register, never to stdout.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Most --key options of "log check note" and "verify". */
#define KEYS_MAX 64

/* ---- small helpers ---- */

/* Standard base64 (RFC 4648 section 4) of 32 bytes: 44 characters. */
static void b64_32(char out[45], const unsigned char in[32])
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;

	for (i = 0; i + 3 <= 32; i += 3) {
		unsigned long v = ((unsigned long)in[i] << 16) | ((unsigned long)in[i + 1] << 8) |
		                  in[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = tab[(v >> 6) & 63];
		out[o++] = tab[v & 63];
	}
	/* 32 = 30 + 2: two bytes left, one '=' of padding. */
	{
		unsigned long v = ((unsigned long)in[30] << 16) | ((unsigned long)in[31] << 8);
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = tab[(v >> 6) & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly 64 hex digits in s[0..n) into out. @return 0 or -1 */
static int hex32(unsigned char out[32], const char *s, size_t n)
{
	if (n != 64)
		return -1;
	for (size_t i = 0; i < 32; i++) {
		int hi = hex_digit((unsigned char)s[2 * i]), lo = hex_digit((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* A hash option: usage error naming the option when it is not 64 hex digits. */
static int parse_hash(cli_ctx *ctx, const char *what, const char *s, unsigned char out[32])
{
	if (hex32(out, s, strlen(s)) != 0)
		return cli_usage_err(ctx, "%s '%s' is not a hash: give 64 hex digits", what, s);
	return 0;
}

/* A proof "HEX,HEX,..." (or "" for none) into buf, HR_MERKLE_PROOF_MAX bytes. */
static int parse_proof(cli_ctx *ctx, const char *what, const char *s, unsigned char *buf,
                       size_t *len)
{
	size_t n = 0;
	const char *p = s;

	*len = 0;
	if (*s == '\0')
		return 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t k = comma ? (size_t)(comma - p) : strlen(p);
		n++;
		if (n > HR_MERKLE_PROOF_MAX_HASHES)
			return cli_usage_err(ctx, "%s has more than %d hashes", what,
			                     HR_MERKLE_PROOF_MAX_HASHES);
		if (hex32(buf + *len, p, k) != 0)
			return cli_usage_err(ctx, "%s: hash %zu '%.*s' is not 64 hex digits", what, n,
			                     (int)(k > 80 ? 80 : k), p);
		*len += 32;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

static void print_proof_text(const unsigned char *proof, size_t len)
{
	char hex[65];

	fputs("proof:", stdout);
	for (size_t i = 0; i < len; i += 32)
		printf("%s%s", i == 0 ? " " : ",", cli_hex(hex, proof + i, 32));
	fputs("\n", stdout);
}

/* A proof's JSON from the library, on its own line. */
static int print_json(cli_ctx *ctx, int err, char *json)
{
	if (err != 0 || !json)
		return cli_fail(ctx, "cannot write the proof as JSON: %s", hr_strerror(err));
	puts(json);
	hr_free(json);
	return CLI_OK;
}

/* Open the register read-only and read its log size. */
static int open_log(cli_ctx *ctx, hr_register **reg, uint64_t *size)
{
	int rc = cli_open(ctx, reg, 0, 1), err;

	if (rc != CLI_OK)
		return rc;
	err = hr_register_log_size(*reg, size);
	if (err != 0)
		return cli_lib_err(ctx, *reg, err, "cannot read the log size");
	return CLI_OK;
}

/* A size option: at most the log size. */
static int check_size(cli_ctx *ctx, const char *what, uint64_t v, uint64_t logsize)
{
	if (v > logsize)
		return cli_usage_err(ctx, "%s %llu is beyond the log, which holds %llu records", what,
		                     (unsigned long long)v, (unsigned long long)logsize);
	return 0;
}

/* ---- hazreg log root [--size N] ---- */

int cli_cmd_log_root(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	cli_args a;
	const char *arg, *v;
	unsigned char root[32];
	char hex[65], b64[45];
	uint64_t size = 0, logsize = 0;
	int is_opt, given = 0, rc, err;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		if (cli_opt_is(&a, arg, "--size")) {
			if (!(v = cli_opt_value(ctx, &a, "--size")) ||
			    cli_parse_u64(ctx, "--size", v, &size) != 0)
				return CLI_USAGE;
			given = 1;
			continue;
		}
		if ((rc = cli_other_opt(ctx, &a, arg)) != 0)
			return CLI_STATUS(rc);
	}
	rc = open_log(ctx, &reg, &logsize);
	if (rc != CLI_OK)
		goto done;
	if (!given)
		size = logsize;
	else if ((rc = check_size(ctx, "--size", size, logsize)) != 0)
		goto done;
	err = hr_register_root(reg, size, root);
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "cannot compute the tree head");
		goto done;
	}
	cli_hex(hex, root, 32);
	b64_32(b64, root);
	if (ctx->json)
		printf("{\"size\":%llu,\"root\":\"%s\",\"root_base64\":\"%s\"}\n",
		       (unsigned long long)size, hex, b64);
	else
		printf("size: %llu\nroot: %s\nroot (base64): %s\n", (unsigned long long)size, hex,
		       b64);
	rc = CLI_OK;
done:
	hr_register_close(reg);
	return rc;
}

/* ---- hazreg log prove INDEX [--size N] ---- */

int cli_cmd_log_prove(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	cli_args a;
	const char *arg, *v, *index_arg = NULL;
	hr_inclusion pr;
	char hex[65], hex2[65];
	uint64_t index = 0, size = 0, logsize = 0;
	int is_opt, given = 0, rc, err;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (index_arg)
				return cli_usage_err(ctx, "unexpected argument '%s'", arg);
			index_arg = arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--size")) {
			if (!(v = cli_opt_value(ctx, &a, "--size")) ||
			    cli_parse_u64(ctx, "--size", v, &size) != 0)
				return CLI_USAGE;
			given = 1;
			continue;
		}
		if ((rc = cli_other_opt(ctx, &a, arg)) != 0)
			return CLI_STATUS(rc);
	}
	if (!index_arg)
		return cli_usage_err(ctx, "INDEX is needed: the log index of the record");
	if (cli_parse_u64(ctx, "INDEX", index_arg, &index) != 0)
		return CLI_USAGE;
	rc = open_log(ctx, &reg, &logsize);
	if (rc != CLI_OK)
		goto done;
	if (!given)
		size = logsize;
	else if ((rc = check_size(ctx, "--size", size, logsize)) != 0)
		goto done;
	if (index >= size) {
		rc = cli_usage_err(ctx, "INDEX %llu is not below the tree size %llu",
		                   (unsigned long long)index, (unsigned long long)size);
		goto done;
	}
	err = hr_register_prove_inclusion(reg, index, size, &pr);
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "cannot make the inclusion proof");
		goto done;
	}
	if (ctx->json) {
		char *json = NULL;
		err = hr_inclusion_to_json(&json, &pr);
		rc = print_json(ctx, err, json);
		goto done;
	}
	printf("index: %llu\nleaf hash: %s\nsize: %llu\nroot: %s\n", (unsigned long long)index,
	       cli_hex(hex, pr.leaf, 32), (unsigned long long)size, cli_hex(hex2, pr.root, 32));
	print_proof_text(pr.proof, pr.proof_len);
	rc = CLI_OK;
done:
	hr_register_close(reg);
	return rc;
}

/* ---- hazreg log consistency OLD NEW ---- */

int cli_cmd_log_consistency(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	const char *pos[2];
	hr_consistency pr;
	char hex[65], hex2[65];
	uint64_t old_size, new_size, logsize = 0;
	size_t got = 0;
	int rc, err;

	rc = cli_parse_simple(ctx, argc, argv, 1, pos, 2, &got);
	if (rc != 0)
		return CLI_STATUS(rc);
	if (got < 2)
		return cli_usage_err(ctx, "%s is needed: the sizes of the older and the newer tree",
		                     got == 0 ? "OLD" : "NEW");
	if (cli_parse_u64(ctx, "OLD", pos[0], &old_size) != 0 ||
	    cli_parse_u64(ctx, "NEW", pos[1], &new_size) != 0)
		return CLI_USAGE;
	if (old_size > new_size)
		return cli_usage_err(ctx, "OLD %llu is larger than NEW %llu",
		                     (unsigned long long)old_size, (unsigned long long)new_size);
	rc = open_log(ctx, &reg, &logsize);
	if (rc != CLI_OK)
		goto done;
	if ((rc = check_size(ctx, "NEW", new_size, logsize)) != 0)
		goto done;
	err = hr_register_prove_consistency(reg, old_size, new_size, &pr);
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "cannot make the consistency proof");
		goto done;
	}
	if (ctx->json) {
		char *json = NULL;
		err = hr_consistency_to_json(&json, &pr);
		rc = print_json(ctx, err, json);
		goto done;
	}
	printf("old size: %llu\nold root: %s\nnew size: %llu\nnew root: %s\n",
	       (unsigned long long)old_size, cli_hex(hex, pr.old_root, 32),
	       (unsigned long long)new_size, cli_hex(hex2, pr.new_root, 32));
	print_proof_text(pr.proof, pr.proof_len);
	rc = CLI_OK;
done:
	hr_register_close(reg);
	return rc;
}

/* ---- hazreg log check inclusion|consistency|note ---- */

static unsigned bit_len(uint64_t x)
{
	unsigned n = 0;
	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

static unsigned ones(uint64_t x)
{
	unsigned n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

/*
 * Hashes an inclusion proof of index in a tree of size has (RFC 9162
 * section 2.1.3.2): one per level below the node where the paths to index
 * and to the last leaf part, plus one per right border subtree above it.
 */
static size_t inclusion_hashes(uint64_t index, uint64_t size)
{
	unsigned inner = bit_len(index ^ (size - 1));
	return inner + ones(index >> inner);
}

/* Hashes of a consistency proof, 0 < old < new (RFC 9162 section 2.1.4.2). */
static size_t consistency_hashes(uint64_t old_size, uint64_t new_size)
{
	unsigned inner = bit_len((old_size - 1) ^ (new_size - 1));
	unsigned border = ones((old_size - 1) >> inner);
	unsigned shift = 0;

	while (!((old_size >> shift) & 1))
		shift++;
	/* When the old tree is a complete subtree its root starts the path. */
	return (old_size == (uint64_t)1 << shift ? 0 : 1) + (inner > shift ? inner - shift : 0) +
	       border;
}

static int not_verified(cli_ctx *ctx, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "does not verify: REASON" on stderr; exit status 1. */
static int not_verified(cli_ctx *ctx, const char *check, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "hazreg: %s %s: does not verify: ", ctx->cmd, check);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_FAIL;
}

/* The options of the proof checks, in the order given on the command line. */
typedef struct {
	const char *name;
	const char *value;
} check_opt;

/* Take the named options of a check; each exactly once, all required. */
static int check_options(cli_ctx *ctx, int argc, char **argv, check_opt *opts, size_t n)
{
	cli_args a;
	const char *arg;
	int is_opt, rc;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		size_t i;
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		for (i = 0; i < n; i++)
			if (cli_opt_is(&a, arg, opts[i].name))
				break;
		if (i < n) {
			const char *v = a.value;
			if (opts[i].value)
				return cli_usage_err(ctx, "option %s is given twice", opts[i].name);
			if (!v) {
				if (a.i >= a.argc)
					return cli_usage_err(ctx, "option %s needs a value", opts[i].name);
				v = a.argv[a.i++];
			}
			/* Only a proof may be empty (RFC 9162 allows empty proofs). */
			if (*v == '\0' && strcmp(opts[i].name, "--proof") != 0)
				return cli_usage_err(ctx, "option %s needs a value, got an empty one",
				                     opts[i].name);
			opts[i].value = v;
			continue;
		}
		rc = cli_common_opt(ctx, &a, arg, 0);
		if (rc < 0)
			return CLI_USAGE;
		if (rc == 2)
			return CLI_DONE;
		if (rc == 0 || cli_opt_is(&a, arg, "--db"))
			return cli_usage_err(ctx, "unknown option '%s'", arg);
	}
	for (size_t i = 0; i < n; i++)
		if (!opts[i].value)
			return cli_usage_err(ctx, "option %s is needed%s", opts[i].name,
			                     strcmp(opts[i].name, "--proof") == 0 ?
			                             " (--proof \"\" for an empty proof)" :
			                             "");
	return 0;
}

static int check_inclusion(cli_ctx *ctx, int argc, char **argv)
{
	check_opt o[] = {{"--leaf-hash", NULL}, {"--index", NULL}, {"--size", NULL},
	                 {"--root", NULL},      {"--proof", NULL}};
	unsigned char leaf[32], root[32], proof[HR_MERKLE_PROOF_MAX];
	uint64_t index, size;
	size_t plen, want;
	int rc = check_options(ctx, argc, argv, o, 5);

	if (rc != 0)
		return CLI_STATUS(rc);
	if (parse_hash(ctx, "--leaf-hash", o[0].value, leaf) != 0 ||
	    cli_parse_u64(ctx, "--index", o[1].value, &index) != 0 ||
	    cli_parse_u64(ctx, "--size", o[2].value, &size) != 0 ||
	    parse_hash(ctx, "--root", o[3].value, root) != 0 ||
	    parse_proof(ctx, "--proof", o[4].value, proof, &plen) != 0)
		return CLI_USAGE;
	if (index >= size)
		return cli_usage_err(ctx, "--index %llu is not below --size %llu",
		                     (unsigned long long)index, (unsigned long long)size);
	rc = hr_merkle_verify_inclusion(leaf, index, size, proof, plen, root);
	if (rc == 0) {
		printf("verified: leaf %llu is in the tree of size %llu\n",
		       (unsigned long long)index, (unsigned long long)size);
		return CLI_OK;
	}
	if (rc != HR_EVALIDATE)
		return not_verified(ctx, "inclusion", "%s", hr_strerror(rc));
	want = inclusion_hashes(index, size);
	if (plen / 32 != want)
		return not_verified(ctx, "inclusion",
		                    "the proof has %zu hash%s; leaf %llu of a tree of size %llu "
		                    "needs %zu",
		                    plen / 32, plen == 32 ? "" : "es", (unsigned long long)index,
		                    (unsigned long long)size, want);
	return not_verified(ctx, "inclusion",
	                    "the root computed from the leaf hash and the proof is not --root");
}

static int check_consistency(cli_ctx *ctx, int argc, char **argv)
{
	check_opt o[] = {{"--old", NULL},
	                 {"--new", NULL},
	                 {"--old-root", NULL},
	                 {"--new-root", NULL},
	                 {"--proof", NULL}};
	unsigned char old_root[32], new_root[32], empty[32], proof[HR_MERKLE_PROOF_MAX];
	uint64_t old_size, new_size;
	size_t plen, want;
	int rc = check_options(ctx, argc, argv, o, 5);

	if (rc != 0)
		return CLI_STATUS(rc);
	if (cli_parse_u64(ctx, "--old", o[0].value, &old_size) != 0 ||
	    cli_parse_u64(ctx, "--new", o[1].value, &new_size) != 0 ||
	    parse_hash(ctx, "--old-root", o[2].value, old_root) != 0 ||
	    parse_hash(ctx, "--new-root", o[3].value, new_root) != 0 ||
	    parse_proof(ctx, "--proof", o[4].value, proof, &plen) != 0)
		return CLI_USAGE;
	if (old_size > new_size)
		return cli_usage_err(ctx, "--old %llu is larger than --new %llu",
		                     (unsigned long long)old_size, (unsigned long long)new_size);
	rc = hr_merkle_verify_consistency(old_size, new_size, old_root, new_root, proof, plen);
	if (rc == 0) {
		printf("verified: the tree of size %llu is a prefix of the tree of size %llu\n",
		       (unsigned long long)old_size, (unsigned long long)new_size);
		return CLI_OK;
	}
	if (rc != HR_EVALIDATE)
		return not_verified(ctx, "consistency", "%s", hr_strerror(rc));
	want = old_size == 0 || old_size == new_size ? 0 : consistency_hashes(old_size, new_size);
	if (plen / 32 != want)
		return not_verified(ctx, "consistency",
		                    "the proof has %zu hash%s; sizes %llu and %llu need %zu",
		                    plen / 32, plen == 32 ? "" : "es", (unsigned long long)old_size,
		                    (unsigned long long)new_size, want);
	if (old_size == new_size)
		return not_verified(ctx, "consistency",
		                    "the sizes are equal but --old-root and --new-root differ");
	hr_merkle_empty_root(empty);
	if (old_size == 0 && memcmp(empty, old_root, 32) != 0)
		return not_verified(ctx, "consistency", "--old-root is not the root of the empty tree");
	return not_verified(ctx, "consistency",
	                    "the roots computed from the proof are not --old-root and --new-root");
}

/* One --key VKEY option: a trusted verifier key added to keys[*n]. */
static int key_option(cli_ctx *ctx, cli_args *a, hr_key_verifier *keys, size_t *n)
{
	const char *v = cli_opt_value(ctx, a, "--key");
	int rc;
	if (!v)
		return CLI_USAGE;
	if (*n == KEYS_MAX)
		return cli_usage_err(ctx, "more than %d --key options", KEYS_MAX);
	if ((rc = cli_load_verifier(ctx, "--key", v, &keys[*n])) != 0)
		return rc;
	(*n)++;
	return 0;
}

static int check_note(cli_ctx *ctx, int argc, char **argv)
{
	hr_key_verifier *keys = NULL;
	unsigned char ok[KEYS_MAX];
	hr_note note;
	cli_args a;
	const char *arg, *file = NULL;
	char *msg = NULL, err[512], why[128];
	size_t nkeys = 0, len = 0;
	int is_opt, rc, first = 1;

	keys = calloc(KEYS_MAX, sizeof *keys);
	if (!keys) {
		cli_err("%s: out of memory", ctx->cmd);
		return CLI_FAIL;
	}
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (file) {
				rc = cli_usage_err(ctx, "unexpected argument '%s'", arg);
				goto done;
			}
			file = arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--key")) {
			if ((rc = key_option(ctx, &a, keys, &nkeys)) != 0)
				goto done;
			continue;
		}
		rc = cli_common_opt(ctx, &a, arg, 0);
		if (rc == 1 && cli_opt_is(&a, arg, "--db"))
			rc = 0;
		if (rc != 1) {
			rc = rc < 0 ? CLI_USAGE : rc == 2 ? CLI_DONE :
			                                  cli_usage_err(ctx, "unknown option '%s'", arg);
			goto done;
		}
	}
	if (nkeys == 0) {
		rc = cli_usage_err(ctx, "option --key is needed: the verifier key to trust");
		goto done;
	}
	if (!file) {
		rc = cli_usage_err(ctx, "FILE is needed: the signed note ('-' for standard input)");
		goto done;
	}
	if (cli_read_file(file, HR_NOTE_SIZE_MAX, &msg, &len, why, sizeof why) != 0) {
		cli_err("%s: %s: cannot read: %s", ctx->cmd, file, why);
		rc = CLI_FAIL;
		goto done;
	}
	rc = hr_note_open(&note, msg, len, keys, nkeys, ok, err, sizeof err);
	if (rc != 0) {
		rc = not_verified(ctx, "note", "%s: %s", file, err[0] ? err : hr_strerror(rc));
		goto done;
	}
	fputs("verified by:", stdout);
	for (size_t i = 0; i < nkeys; i++) {
		if (ok[i]) {
			printf("%s %s", first ? "" : ",", keys[i].name);
			first = 0;
		}
	}
	fputs("\n", stdout);
	fwrite(note.text, 1, note.text_len, stdout);
	rc = CLI_OK;
done:
	free(msg);
	free(keys);
	return CLI_STATUS(rc);
}

int cli_cmd_log_check(cli_ctx *ctx, int argc, char **argv)
{
	if (argc == 0)
		return cli_usage_err(ctx, "a check is needed: inclusion, consistency or note");
	if (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0) {
		cli_help_usage(stdout, ctx->cmd);
		return CLI_OK;
	}
	if (strcmp(argv[0], "inclusion") == 0)
		return check_inclusion(ctx, argc - 1, argv + 1);
	if (strcmp(argv[0], "consistency") == 0)
		return check_consistency(ctx, argc - 1, argv + 1);
	if (strcmp(argv[0], "note") == 0)
		return check_note(ctx, argc - 1, argv + 1);
	return cli_usage_err(ctx, "unknown check '%s': give inclusion, consistency or note",
	                     argv[0]);
}

/* ---- hazreg log checkpoint --key FILE [--origin NAME] [-o FILE] ---- */

int cli_cmd_log_checkpoint(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	hr_key_signer sk;
	hr_checkpoint cp;
	cli_args a;
	const char *arg, *v, *keyfile = NULL, *origin = NULL, *outfile = NULL;
	char *note = NULL, *stored_origin = NULL, obuf[512], err[256];
	size_t notelen = 0;
	int is_opt, rc, e;

	memset(&sk, 0, sizeof sk);
	memset(&cp, 0, sizeof cp);
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		if (cli_opt_is(&a, arg, "--key")) {
			if (!(v = cli_opt_value(ctx, &a, "--key")))
				return CLI_USAGE;
			keyfile = v;
			continue;
		}
		if (cli_opt_is(&a, arg, "--origin")) {
			if (!(v = cli_opt_value(ctx, &a, "--origin")))
				return CLI_USAGE;
			origin = v;
			continue;
		}
		if (strcmp(arg, "-o") == 0 || cli_opt_is(&a, arg, "--output")) {
			if (!(v = cli_opt_value(ctx, &a, "--output")))
				return CLI_USAGE;
			outfile = v;
			continue;
		}
		rc = cli_common_opt(ctx, &a, arg, 0);
		if (rc < 0)
			return CLI_USAGE;
		if (rc == 2)
			return CLI_OK;
		if (rc == 0)
			return cli_usage_err(ctx, "unknown option '%s'", arg);
	}
	if (!keyfile)
		return cli_usage_err(ctx, "option --key is needed: the file of the signer key");
	if (origin && strchr(origin, '\n'))
		return cli_usage_err(ctx, "--origin must be one line");
	if ((rc = cli_load_signer(ctx, "--key", keyfile, &sk)) != 0)
		goto done;
	rc = cli_open(ctx, &reg, 0, 0);
	if (rc != CLI_OK)
		goto done;
	e = hr_register_log_size(reg, &cp.size);
	if (e != 0) {
		rc = cli_lib_err(ctx, reg, e, "cannot read the log size");
		goto done;
	}
	/* The log keeps the name its first checkpoint gave it. */
	e = hr_register_origin(reg, &stored_origin);
	if (e != 0 && e != HR_ENOTFOUND) {
		rc = cli_lib_err(ctx, reg, e, "cannot read the log's origin");
		goto done;
	}
	if (origin && stored_origin && strcmp(origin, stored_origin) != 0) {
		rc = cli_usage_err(ctx, "--origin '%s': this register's log is named '%s' by its "
		                        "earlier checkpoints",
		                   origin, stored_origin);
		goto done;
	}
	if (!origin && stored_origin) {
		origin = stored_origin;
	} else if (!origin) {
		cli_default_origin(obuf, sizeof obuf, ctx->db);
		origin = obuf;
	}
	e = hr_register_root(reg, cp.size, cp.root);
	if (e != 0) {
		rc = cli_lib_err(ctx, reg, e, "cannot compute the tree head");
		goto done;
	}
	cp.origin = origin;
	cp.origin_len = strlen(origin);
	e = hr_checkpoint_sign(&note, &notelen, &cp, &sk, 1, err, sizeof err);
	if (e != 0) {
		cli_err("%s: cannot sign the checkpoint: %s", ctx->cmd, err[0] ? err : hr_strerror(e));
		rc = e == HR_EINVAL ? CLI_USAGE : CLI_FAIL;
		goto done;
	}
	e = hr_register_checkpoint_store(reg, note, notelen);
	if (e != 0) {
		rc = cli_lib_err(ctx, reg, e, "cannot store the checkpoint in the register");
		goto done;
	}
	if (outfile) {
		FILE *f = fopen(outfile, "wb");
		int bad = !f;
		if (f) {
			bad = fwrite(note, 1, notelen, f) != notelen;
			bad = fclose(f) != 0 || bad;
		}
		if (bad) {
			cli_err("%s: %s: %s", ctx->cmd, outfile, strerror(errno));
			rc = CLI_FAIL;
			goto done;
		}
	} else {
		fwrite(note, 1, notelen, stdout);
	}
	rc = CLI_OK;
done:
	hr_key_signer_wipe(&sk);
	hr_free(note);
	hr_free(stored_origin);
	hr_register_close(reg);
	return rc;
}

/* ---- hazreg verify --key VKEY... --checkpoint FILE [--old-checkpoint FILE] ---- */

/*
 * The auditor's check of a whole register against checkpoints they trust.
 * Nothing the register stores about its tree is believed: every leaf hash
 * is recomputed from the record (decoded, then encoded again: the encoding
 * is canonical, so these are the stored bytes), compared with the stored
 * leaf, and the tree heads are computed from those leaves alone
 * (hr_merkle_mem), never from the stored tiles.
 */

/* A checkpoint file the auditor trusts: its note opened with the keys. */
typedef struct {
	char *msg;          /* the whole file; free() */
	hr_checkpoint cp;   /* borrowed from msg */
	unsigned char ok[KEYS_MAX]; /* which keys signed it */
	char name[4200];    /* the file or URL it came from */
} trusted_cp;

/* Read a checkpoint: the file the auditor names, or else the log's own
 * (src's checkpoint). *name receives what to call it in messages. */
static int read_checkpoint(cli_ctx *ctx, const char *what, const char *file, cli_source *src,
                           trusted_cp *out, size_t *len)
{
	char why[512];

	if (file) {
		snprintf(out->name, sizeof out->name, "%s", file);
		if (cli_read_file(file, HR_NOTE_SIZE_MAX, &out->msg, len, why, sizeof why) == 0)
			return 0;
	} else {
		snprintf(out->name, sizeof out->name, "%s/%s", src->where, src->checkpoint);
		if (src->get(src, src->checkpoint, HR_NOTE_SIZE_MAX, &out->msg, len, why,
		             sizeof why) == 0)
			return 0;
	}
	return cli_fail(ctx, "%s: %s: cannot read: %s", what, out->name, why);
}

/* A checkpoint opened with the trusted keys; with none (verify --dir or
 * URL without --key) its signatures are not checked: the note text is
 * what precedes the blank line, or the whole text. */
static int open_checkpoint(cli_ctx *ctx, const char *what, const char *file, cli_source *src,
                           const hr_key_verifier *keys, size_t nkeys, trusted_cp *out)
{
	hr_note note;
	char err[512] = "";
	const char *text;
	size_t len = 0;
	int rc;

	if ((rc = read_checkpoint(ctx, what, file, src, out, &len)) != 0)
		return rc;
	if (nkeys > 0) {
		rc = hr_note_open(&note, out->msg, len, keys, nkeys, out->ok, err, sizeof err);
		if (rc != 0)
			return cli_fail(ctx, "%s: %s: not signed by a trusted key: %s", what, out->name,
			                err[0] ? err : hr_strerror(rc));
		text = note.text;
		len = note.text_len;
	} else {
		const char *blank = strstr(out->msg, "\n\n");
		text = out->msg;
		if (blank)
			len = (size_t)(blank - out->msg) + 1;
	}
	err[0] = '\0';
	rc = hr_checkpoint_parse(&out->cp, text, len, err, sizeof err);
	if (rc != 0)
		return cli_fail(ctx, "%s: %s: not a checkpoint: %s", what, out->name,
		                err[0] ? err : hr_strerror(rc));
	return 0;
}

/* The message of a record that did not decode, without the library's "log entry N: ". */
static const char *decode_reason(hr_register *reg)
{
	const char *m = hr_errmsg(reg);

	if (strncmp(m, "log entry ", 10) == 0) {
		const char *colon = strstr(m, ": ");
		if (colon)
			return colon + 2;
	}
	return m;
}

/* Recompute leaves [0, n) from the records, each held to the signature
 * rule with the keys registered before it; the first bad record fails. */
static int recompute_leaves(cli_ctx *ctx, hr_register *reg, uint64_t n, unsigned char *leaves,
                            cli_sigcheck *sc)
{
	cli_progress prog;
	int rc = CLI_OK;

	cli_progress_start(&prog, "verifying", 0, "records");
	for (uint64_t i = 0; i < n; i++) {
		hr_record *rec = NULL;
		unsigned char stored[32], *bytes = NULL;
		size_t blen = 0;
		int e = hr_register_log_get(reg, i, &rec, stored);

		if (e == HR_ECORRUPT) {
			rc = cli_fail(ctx, "record %llu: does not decode: %s", (unsigned long long)i,
			                 decode_reason(reg));
			break;
		}
		if (e == HR_ENOTFOUND) {
			rc = cli_fail(ctx, "record %llu: missing from the log", (unsigned long long)i);
			break;
		}
		if (e != 0) {
			rc = cli_lib_err(ctx, reg, e, "cannot read the log");
			break;
		}
		e = hr_record_encode(&bytes, &blen, rec);
		if (e == 0 && (rc = cli_sigcheck_feed(ctx, sc, i, rec)) != 0) {
			hr_record_free(rec);
			hr_free(bytes);
			break;
		}
		hr_record_free(rec);
		if (e != 0) {
			rc = cli_fail(ctx, "record %llu: does not encode again: %s",
			                 (unsigned long long)i, hr_strerror(e));
			break;
		}
		hr_leaf_hash(leaves + 32 * i, bytes, blen);
		hr_free(bytes);
		if (memcmp(leaves + 32 * i, stored, 32) != 0) {
			rc = cli_fail(ctx, "record %llu: leaf hash does not match its bytes",
			                 (unsigned long long)i);
			break;
		}
		if ((i & 1023) == 0)
			cli_progress_set(&prog, i, n);
	}
	cli_progress_end(&prog);
	return rc;
}

/* The tree head of the first n leaves, from the leaves alone. */
static int head_of(cli_ctx *ctx, const unsigned char *leaves, uint64_t n, unsigned char out[32])
{
	hr_merkle_mem mem = {leaves, n};
	int e = hr_merkle_root(out, n, hr_merkle_mem_subtree, &mem);

	if (e != 0) {
		cli_err("%s: cannot compute the tree head: %s", ctx->cmd, hr_strerror(e));
		return CLI_FAIL;
	}
	return 0;
}

static void print_signers(FILE *out, const hr_key_verifier *keys, size_t nkeys,
                          const unsigned char *ok, int json)
{
	int first = 1;

	for (size_t i = 0; i < nkeys; i++) {
		if (!ok[i])
			continue;
		if (json) {
			fputs(first ? "" : ",", out);
			cli_json_str(out, keys[i].name);
		} else {
			fprintf(out, "%s%s", first ? " " : ", ", keys[i].name);
		}
		first = 0;
	}
}

/* The stored checkpoints, checked against the recomputed leaves. */
typedef struct {
	cli_ctx *ctx;
	const hr_key_verifier *keys;
	size_t nkeys;
	const hr_checkpoint *cur;
	const unsigned char *leaves;
	uint64_t logsize;
	uint64_t n;
} stored_ctx;

static int stored_cb(void *arg, const hr_checkpoint_row *row)
{
	stored_ctx *st = arg;
	hr_checkpoint cp;
	unsigned char head[32];
	char err[512] = "";
	unsigned long long seq = (unsigned long long)row->seq;
	int e = hr_checkpoint_open(&cp, row->note, row->len, st->keys, st->nkeys, err, sizeof err);

	if (e != 0)
		return cli_fail(st->ctx, "stored checkpoint %llu: not a checkpoint signed by a trusted "
		                         "key: %s",
		                seq, err[0] ? err : hr_strerror(e));
	if (cp.size != row->size)
		return cli_fail(st->ctx, "stored checkpoint %llu: signs size %llu but is filed under "
		                         "size %llu",
		                seq, (unsigned long long)cp.size, (unsigned long long)row->size);
	if (cp.origin_len != st->cur->origin_len ||
	    memcmp(cp.origin, st->cur->origin, cp.origin_len) != 0)
		return cli_fail(st->ctx, "stored checkpoint %llu: of another log ('%.*s')", seq,
		                (int)cp.origin_len, cp.origin);
	if (cp.size > st->logsize)
		return cli_fail(st->ctx, "stored checkpoint %llu: size %llu is beyond the log, which "
		                         "holds %llu records: the log lost records",
		                seq, (unsigned long long)cp.size, (unsigned long long)st->logsize);
	if (head_of(st->ctx, st->leaves, cp.size, head) != 0)
		return CLI_FAIL;
	if (memcmp(head, cp.root, 32) != 0)
		return cli_fail(st->ctx, "stored checkpoint %llu: the first %llu records no longer have "
		                         "its tree head: the register was rewritten",
		                seq, (unsigned long long)cp.size);
	st->n++;
	return 0;
}

int cli_cmd_verify(cli_ctx *ctx, int argc, char **argv)
{
	hr_key_verifier *keys = NULL;
	hr_register *reg = NULL;
	trusted_cp cur, old;
	unsigned char *leaves = NULL, head[32], old_head[32], proof[HR_MERKLE_PROOF_MAX];
	cli_args a;
	const char *arg, *v, *cp_file = NULL, *old_file = NULL, *dir = NULL, *url = NULL;
	char hex[65], why[512];
	uint64_t logsize = 0, n, m = 0, total, nsigned = 0, nunsigned = 0, nstored = 0;
	size_t nkeys = 0, plen = 0, norgkeys = 0;
	cli_sigcheck *sc = NULL;
	cli_source *src = NULL;
	int is_opt, rc, e;

	memset(&cur, 0, sizeof cur);
	memset(&old, 0, sizeof old);
	keys = calloc(KEYS_MAX, sizeof *keys);
	if (!keys) {
		cli_err("%s: out of memory", ctx->cmd);
		return CLI_FAIL;
	}
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (url || (strncmp(arg, "http://", 7) != 0 && strncmp(arg, "https://", 8) != 0)) {
				rc = cli_usage_err(ctx, "unexpected argument '%s'%s", arg,
				                   url ? "" : " (a server's URL starts with http:// or "
				                              "https://)");
				goto done;
			}
			url = arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--key")) {
			if ((rc = key_option(ctx, &a, keys, &nkeys)) != 0)
				goto done;
			continue;
		}
		if (cli_opt_is(&a, arg, "--checkpoint") || cli_opt_is(&a, arg, "--old-checkpoint")) {
			int is_old = arg[2] == 'o';
			const char *name = is_old ? "--old-checkpoint" : "--checkpoint";
			const char **slot = is_old ? &old_file : &cp_file;
			if (!(v = cli_opt_value(ctx, &a, name))) {
				rc = CLI_USAGE;
				goto done;
			}
			if (*slot) {
				rc = cli_usage_err(ctx, "option %s is given twice", name);
				goto done;
			}
			*slot = v;
			continue;
		}
		if (cli_opt_is(&a, arg, "--dir")) {
			if (!(v = cli_opt_value(ctx, &a, "--dir"))) {
				rc = CLI_USAGE;
				goto done;
			}
			dir = v;
			continue;
		}
		if ((rc = cli_other_opt(ctx, &a, arg)) != 0) {
			rc = CLI_STATUS(rc);
			goto done;
		}
	}
	if (dir && url) {
		rc = cli_usage_err(ctx, "give --dir DIR or a URL, not both");
		goto done;
	}
	/* A log read as tlog-tiles: an export's directory or a server. */
	if (dir && cli_source_dir(&src, dir) != 0) {
		cli_err("%s: out of memory", ctx->cmd);
		rc = CLI_FAIL;
		goto done;
	}
	if (url && cli_source_url(&src, url, why, sizeof why) != 0) {
		cli_err("%s: %s: %s", ctx->cmd, url, why);
		rc = CLI_FAIL;
		goto done;
	}
	if (nkeys == 0 && !src) {
		rc = cli_usage_err(ctx, "option --key is needed: the verifier key to trust");
		goto done;
	}
	if (!cp_file && !src) {
		rc = cli_usage_err(ctx, "option --checkpoint is needed: the signed checkpoint to "
		                        "hold the register to");
		goto done;
	}

	/* 1. The checkpoints, by the trusted keys only (the log's own, unless
	 * the auditor brings one). */
	if ((rc = open_checkpoint(ctx, "checkpoint", cp_file, src, keys, nkeys, &cur)) != 0)
		goto done;
	n = cur.cp.size;
	if (old_file) {
		if ((rc = open_checkpoint(ctx, "old checkpoint", old_file, src, keys, nkeys, &old)) != 0)
			goto done;
		m = old.cp.size;
		if (old.cp.origin_len != cur.cp.origin_len ||
		    memcmp(old.cp.origin, cur.cp.origin, cur.cp.origin_len) != 0) {
			rc = cli_fail(ctx, "the old checkpoint is of another log ('%.*s', not '%.*s')",
			                 (int)old.cp.origin_len, old.cp.origin, (int)cur.cp.origin_len,
			                 cur.cp.origin);
			goto done;
		}
		if (m > n) {
			rc = cli_fail(ctx, "the old checkpoint's size %llu is larger than the "
			                      "checkpoint's size %llu: the log shrank",
			                 (unsigned long long)m, (unsigned long long)n);
			goto done;
		}
	}

	/* 2. Every record up to the checkpoint's size, its leaf recomputed:
	 * from the register, or from the entry bundles of an export or a
	 * server, whose hash tiles must then be the ones recomputed from
	 * those leaves. */
	if (src) {
		logsize = n;
	} else {
		if ((rc = open_log(ctx, &reg, &logsize)) != CLI_OK)
			goto done;
		if (logsize < n) {
			rc = cli_fail(ctx, "record %llu: missing: the register holds %llu records, "
			                      "the checkpoint covers %llu",
			                 (unsigned long long)logsize, (unsigned long long)logsize,
			                 (unsigned long long)n);
			goto done;
		}
	}
	/* A register's records past the checkpoint are recomputed too: its
	 * stored checkpoints may cover them. */
	total = src ? n : logsize;
	if (total > SIZE_MAX / 32 || !(leaves = malloc(total ? total * 32 : 1)) ||
	    !(sc = cli_sigcheck_new())) {
		cli_err("%s: out of memory for %llu leaf hashes", ctx->cmd,
		        (unsigned long long)total);
		rc = CLI_FAIL;
		goto done;
	}
	if (src)
		rc = cli_tlog_leaves(ctx, src, n, leaves, sc);
	else
		rc = recompute_leaves(ctx, reg, total, leaves, sc);
	if (rc != 0 || (src && (rc = cli_tlog_tiles(ctx, src, n, leaves)) != 0))
		goto done;

	/* 3. The tree head, from those leaves alone. */
	if ((rc = head_of(ctx, leaves, n, head)) != 0)
		goto done;
	if (memcmp(head, cur.cp.root, 32) != 0) {
		rc = cli_fail(ctx, "tree head of the first %llu records differs from the "
		                      "checkpoint",
		                 (unsigned long long)n);
		goto done;
	}

	/* 4. The old checkpoint: its head, and the log only grew since. */
	if (old_file) {
		hr_merkle_mem mem = {leaves, n};
		if ((rc = head_of(ctx, leaves, m, old_head)) != 0)
			goto done;
		if (memcmp(old_head, old.cp.root, 32) != 0) {
			rc = cli_fail(ctx, "the register was rewritten between the two checkpoints: "
			                      "the first %llu records no longer have the tree head of "
			                      "the old checkpoint",
			                 (unsigned long long)m);
			goto done;
		}
		e = hr_merkle_consistency_proof(proof, &plen, m, n, hr_merkle_mem_subtree, &mem);
		if (e == 0)
			e = hr_merkle_verify_consistency(m, n, old.cp.root, cur.cp.root, proof, plen);
		if (e != 0) {
			rc = cli_fail(ctx, "the register was rewritten between the two checkpoints: "
			                      "no consistency between sizes %llu and %llu (%s)",
			                 (unsigned long long)m, (unsigned long long)n, hr_strerror(e));
			goto done;
		}
	}

	/* 5. Every checkpoint the register stored: signed by a trusted key,
	 * of this log, and a tree head of these very records. */
	if (reg) {
		stored_ctx st = {ctx, keys, nkeys, &cur.cp, leaves, logsize, 0};
		e = hr_register_checkpoints(reg, stored_cb, &st);
		if (e != 0) {
			rc = e == CLI_FAIL ? CLI_FAIL
			                   : cli_lib_err(ctx, reg, e, "cannot read the stored checkpoints");
			goto done;
		}
		nstored = st.n;
	}
	cli_sigcheck_counts(sc, &nsigned, &nunsigned, &norgkeys);

	/* 6. The report. */
	cli_hex(hex, head, 32);
	if (ctx->json) {
		char *o = malloc(cur.cp.origin_len + 1);
		if (!o) {
			cli_err("%s: out of memory", ctx->cmd);
			rc = CLI_FAIL;
			goto done;
		}
		memcpy(o, cur.cp.origin, cur.cp.origin_len);
		o[cur.cp.origin_len] = '\0';
		fputs("{\"verified\":true,\"origin\":", stdout);
		cli_json_str(stdout, o);
		free(o);
		if (src) {
			printf(",\"%s\":", src->is_url ? "url" : "dir");
			cli_json_str(stdout, src->where);
			printf(",\"signatures_checked\":%s", nkeys ? "true" : "false");
		}
		printf(",\"records_checked\":%llu,\"log_size\":%llu,\"root\":\"%s\","
		       "\"records_signed\":%llu,\"records_unsigned\":%llu,\"org_keys\":%zu",
		       (unsigned long long)n, (unsigned long long)logsize, hex,
		       (unsigned long long)nsigned, (unsigned long long)nunsigned, norgkeys);
		if (reg)
			printf(",\"stored_checkpoints_checked\":%llu", (unsigned long long)nstored);
		fputs(",\"signed_by\":[", stdout);
		print_signers(stdout, keys, nkeys, cur.ok, 1);
		fputs("]", stdout);
		if (old_file) {
			printf(",\"old_size\":%llu,\"old_signed_by\":[", (unsigned long long)m);
			print_signers(stdout, keys, nkeys, old.ok, 1);
			fputs("]", stdout);
		}
		fputs("}\n", stdout);
	} else {
		printf("verified: %llu %s match the checkpoint of %.*s\n", (unsigned long long)n,
		       !src ? "records" : src->is_url ? "served entries and their tiles"
		                                      : "exported entries and their tiles",
		       (int)cur.cp.origin_len,
		       cur.cp.origin);
		printf("tree head: %s\n", hex);
		if (nkeys == 0) {
			fputs("signed by: not checked (no --key given)\n", stdout);
		} else {
			fputs("signed by:", stdout);
			print_signers(stdout, keys, nkeys, cur.ok, 0);
			fputs("\n", stdout);
		}
		if (old_file) {
			printf("old checkpoint: size %llu, a prefix of this log (signed by:",
			       (unsigned long long)m);
			print_signers(stdout, keys, nkeys, old.ok, 0);
			fputs(")\n", stdout);
		}
		printf("organisations' signatures: %llu records signed, %llu unsigned (their "
		       "organisation had no registered key), %zu keys registered\n",
		       (unsigned long long)nsigned, (unsigned long long)nunsigned, norgkeys);
		if (reg)
			printf("stored checkpoints: %llu, each signed by a trusted key and a tree head "
			       "of this log\n",
			       (unsigned long long)nstored);
		if (logsize > n)
			printf("not covered: %llu later records, in no checkpoint given (their "
			       "bytes, leaves and signatures were checked)\n",
			       (unsigned long long)(logsize - n));
	}
	rc = CLI_OK;
done:
	hr_register_close(reg);
	cli_source_close(src);
	cli_sigcheck_free(sc);
	free(leaves);
	free(cur.msg);
	free(old.msg);
	free(keys);
	return CLI_STATUS(rc);
}
