/*
 * cmd_export_log.c - "hazreg log export DIR": the log as static files in
 * the C2SP tlog-tiles layout, so that anyone can mirror the register's log
 * with a plain web server and check it with tools nobody here wrote; and
 * the reading side that "hazreg verify --dir DIR" uses (cmd_tlog.c).
 *
 * Files written, all relative to DIR:
 *   checkpoint            the C2SP tlog-checkpoint of the whole log: a signed
 *                         note with --key, else the plain note text
 *                         (ORIGIN "\n" SIZE "\n" BASE64(root) "\n")
 *   tile/<L>/<N>[.p/<W>]  hash tiles, W × 32 bytes (see merkle.h)
 *   tile/entries/<N>[.p/<W>]
 *                         entry bundles: the W records of level-0 tile N,
 *                         each framed as
 *                           offset 0..1   length n, big-endian (n < 65536)
 *                           offset 2..n+1 the record's canonical bytes
 *                         and nothing else. Canonical bytes hold private
 *                         fields as salted commitments only, never values.
 * Every file goes to a temporary name first and is renamed into place.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Largest signer key file read. */
#define SIGNER_FILE_MAX 4096

/* Make every directory above the file DIR/rel. @return 0 or -1 (errno) */
static int make_parents(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* Write DIR/rel atomically: a temporary file beside it, fsync, rename. */
static int write_atomic(const char *dir, const char *rel, const void *data, size_t len)
{
	char path[4096], tmp[4200];
	FILE *f;
	int bad;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, rel) >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	if (make_parents(path) != 0)
		return -1;
	if (!(f = fopen(tmp, "wb")))
		return -1;
	bad = len > 0 && fwrite(data, 1, len, f) != len;
	bad = fflush(f) != 0 || bad;
	bad = fsync(fileno(f)) != 0 || bad;
	bad = fclose(f) != 0 || bad;
	if (bad || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

/* Read DIR/rel (rel alone when dir is NULL) whole; *out freed with free(). @return 0 or -1 (errno) */
static int read_whole(const char *dir, const char *rel, size_t max, unsigned char **out,
                      size_t *len)
{
	char path[4096];
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;
	FILE *f;

	*out = NULL;
	if ((size_t)snprintf(path, sizeof path, "%s%s%s", dir ? dir : "", dir ? "/" : "", rel) >=
	    sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!(f = fopen(path, "rb")))
		return -1;
	for (;;) {
		if (n == cap) {
			unsigned char *nb;
			cap = cap ? cap * 2 : 65536;
			if (cap > max + 1)
				cap = max + 1;
			if (!(nb = realloc(buf, cap + 1))) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return -1;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0 || n > max)
			break;
	}
	if (ferror(f) || n > max) {
		free(buf);
		fclose(f);
		errno = n > max ? EFBIG : EIO;
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* ---- hazreg log export DIR [--key FILE] [--origin NAME] ---- */

typedef struct {
	cli_ctx *ctx;
	const char *dir;
	const unsigned char *leaves;
	uint64_t ntiles;
} export_state;

static int leaf_of(void *ctx, uint64_t index, unsigned char out[32])
{
	const export_state *st = ctx;

	memcpy(out, st->leaves + 32 * index, 32);
	return 0;
}

static int emit_tile(void *ctx, const hr_tile *tile, const unsigned char *hashes)
{
	export_state *st = ctx;
	char rel[HR_TILE_PATH_BUFSZ];

	if (hr_tile_path(rel, sizeof rel, tile) != 0)
		return HR_EINVAL;
	if (write_atomic(st->dir, rel, hashes, (size_t)tile->width * 32) != 0) {
		cli_fail(st->ctx, "%s/%s: %s", st->dir, rel, strerror(errno));
		return HR_EIO;
	}
	st->ntiles++;
	return 0;
}

/* DIR must be missing (it is made) or an empty directory. */
static int prepare_dir(cli_ctx *ctx, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		if (errno != ENOENT)
			return cli_fail(ctx, "%s: %s", dir, strerror(errno));
		if (mkdir(dir, 0755) != 0)
			return cli_fail(ctx, "%s: %s", dir, strerror(errno));
		return 0;
	}
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			closedir(d);
			return cli_fail(ctx, "%s: not empty; export into a new or empty directory", dir);
		}
	}
	closedir(d);
	return 0;
}

/* The signer key of a file. */
static int load_signer(cli_ctx *ctx, const char *file, hr_key_signer *sk)
{
	unsigned char *text = NULL;
	char err[256];
	size_t len = 0;
	int e;

	if (read_whole(NULL, file, SIGNER_FILE_MAX, &text, &len) != 0)
		return cli_fail(ctx, "--key %s: cannot read: %s", file, strerror(errno));
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	err[0] = '\0';
	e = hr_key_signer_parse(sk, (const char *)text, len, err, sizeof err);
	memset(text, 0, len);
	free(text);
	if (e != 0)
		return cli_usage_err(ctx, "--key %s does not hold a signer key: %s", file, err);
	return 0;
}

/* Read every record, check its stored leaf, write the entry bundles. */
static int export_entries(cli_ctx *ctx, hr_register *reg, const char *dir, uint64_t n,
                          unsigned char *leaves, uint64_t *nbundles)
{
	unsigned char *bundle = NULL;
	size_t blen = 0, bcap = 0;
	int rc = CLI_OK;

	*nbundles = 0;
	for (uint64_t i = 0; i < n; i++) {
		hr_record *rec = NULL;
		unsigned char stored[32], *bytes = NULL;
		size_t len = 0;
		int e = hr_register_log_get(reg, i, &rec, stored);

		if (e != 0) {
			rc = cli_lib_err(ctx, reg, e, "cannot read the log");
			break;
		}
		e = hr_record_encode(&bytes, &len, rec);
		hr_record_free(rec);
		if (e != 0) {
			rc = cli_fail(ctx, "record %llu: does not encode: %s", (unsigned long long)i,
			          hr_strerror(e));
			break;
		}
		hr_leaf_hash(leaves + 32 * i, bytes, len);
		if (memcmp(leaves + 32 * i, stored, 32) != 0 || len > 0xffff) {
			hr_free(bytes);
			rc = cli_fail(ctx, "record %llu: %s", (unsigned long long)i,
			          len > 0xffff ? "longer than 65535 bytes, cannot be framed"
			                       : "leaf hash does not match its bytes; run 'hazreg check'");
			break;
		}
		if (blen + 2 + len > bcap) {
			size_t ncap = (blen + 2 + len) * 2;
			unsigned char *nb = realloc(bundle, ncap);
			if (!nb) {
				hr_free(bytes);
				rc = cli_fail(ctx, "out of memory");
				break;
			}
			bundle = nb;
			bcap = ncap;
		}
		bundle[blen++] = (unsigned char)(len >> 8);
		bundle[blen++] = (unsigned char)(len & 0xff);
		memcpy(bundle + blen, bytes, len);
		blen += len;
		hr_free(bytes);
		if ((i + 1) % HR_TILE_WIDTH == 0 || i + 1 == n) {
			char rel[HR_TILE_PATH_BUFSZ];
			unsigned w = (unsigned)(i % HR_TILE_WIDTH) + 1;
			hr_tile_entries_path(rel, sizeof rel, i / HR_TILE_WIDTH, w);
			if (write_atomic(dir, rel, bundle, blen) != 0) {
				rc = cli_fail(ctx, "%s/%s: %s", dir, rel, strerror(errno));
				break;
			}
			(*nbundles)++;
			blen = 0;
		}
	}
	free(bundle);
	return rc;
}

int cli_cmd_log_export(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	hr_key_signer sk;
	hr_checkpoint cp;
	export_state st;
	cli_args a;
	const char *arg, *v, *dir = NULL, *keyfile = NULL, *origin = NULL;
	unsigned char *leaves = NULL, head[32];
	char *note = NULL, obuf[512], err[256];
	size_t notelen = 0;
	uint64_t n = 0, nbundles = 0;
	int is_opt, rc, e;

	memset(&sk, 0, sizeof sk);
	memset(&cp, 0, sizeof cp);
	memset(&st, 0, sizeof st);
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (dir)
				return cli_usage_err(ctx, "unexpected argument '%s'", arg);
			dir = arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--key") || cli_opt_is(&a, arg, "--origin")) {
			int is_key = arg[2] == 'k';
			if (!(v = cli_opt_value(ctx, &a, is_key ? "--key" : "--origin")))
				return CLI_USAGE;
			*(is_key ? &keyfile : &origin) = v;
			continue;
		}
		if ((rc = cli_other_opt(ctx, &a, arg)) != 0)
			return CLI_STATUS(rc);
	}
	if (!dir)
		return cli_usage_err(ctx, "a directory to export into is needed");
	if (origin && (strchr(origin, '\n') || !*origin))
		return cli_usage_err(ctx, "--origin must be one non-empty line");
	if (keyfile && (rc = load_signer(ctx, keyfile, &sk)) != 0)
		goto done;
	if (!origin) {
		cli_default_origin(obuf, sizeof obuf, ctx->db);
		origin = obuf;
	}
	if ((rc = cli_open(ctx, &reg, 0, 1)) != CLI_OK)
		goto done;
	if ((e = hr_register_log_size(reg, &n)) != 0) {
		rc = cli_lib_err(ctx, reg, e, "cannot read the log size");
		goto done;
	}
	if (n > SIZE_MAX / 32 || !(leaves = malloc(n ? n * 32 : 1))) {
		rc = cli_fail(ctx, "out of memory for %llu leaf hashes", (unsigned long long)n);
		goto done;
	}
	if ((rc = prepare_dir(ctx, dir)) != 0)
		goto done;

	/* Entry bundles, then the hash tiles from the leaves they hash to. */
	if ((rc = export_entries(ctx, reg, dir, n, leaves, &nbundles)) != 0)
		goto done;
	st.ctx = ctx;
	st.dir = dir;
	st.leaves = leaves;
	e = hr_tile_append(0, n, leaf_of, &st, NULL, NULL, emit_tile, &st);
	if (e != 0) {
		rc = e == HR_EIO ? CLI_FAIL : cli_fail(ctx, "cannot compute the tiles: %s", hr_strerror(e));
		goto done;
	}

	/* The checkpoint: the tree head from the leaves, held to the register's. */
	{
		hr_merkle_mem mem = {leaves, n};
		if ((e = hr_merkle_root(head, n, hr_merkle_mem_subtree, &mem)) != 0 ||
		    (e = hr_register_root(reg, n, cp.root)) != 0) {
			rc = cli_lib_err(ctx, reg, e, "cannot compute the tree head");
			goto done;
		}
		if (memcmp(head, cp.root, 32) != 0) {
			rc = cli_fail(ctx, "the register's tree head differs from its records'; run "
			               "'hazreg check'");
			goto done;
		}
	}
	cp.origin = origin;
	cp.origin_len = strlen(origin);
	cp.size = n;
	err[0] = '\0';
	e = keyfile ? hr_checkpoint_sign(&note, &notelen, &cp, &sk, 1, err, sizeof err)
	            : hr_checkpoint_format(&note, &notelen, &cp, err, sizeof err);
	if (e != 0) {
		rc = cli_fail(ctx, "cannot make the checkpoint: %s", err[0] ? err : hr_strerror(e));
		goto done;
	}
	if (write_atomic(dir, "checkpoint", note, notelen) != 0) {
		rc = cli_fail(ctx, "%s/checkpoint: %s", dir, strerror(errno));
		goto done;
	}

	if (ctx->json) {
		char hex[65];
		printf("{\"dir\":");
		cli_json_str(stdout, dir);
		printf(",\"origin\":");
		cli_json_str(stdout, origin);
		printf(",\"size\":%llu,\"root\":\"%s\",\"entry_bundles\":%llu,\"tiles\":%llu,"
		       "\"signed\":%s}\n",
		       (unsigned long long)n, cli_hex(hex, head, 32), (unsigned long long)nbundles,
		       (unsigned long long)st.ntiles, keyfile ? "true" : "false");
	} else {
		printf("exported: %llu records of %s to %s\n", (unsigned long long)n, origin, dir);
		printf("files: %llu entry bundles, %llu hash tiles\n", (unsigned long long)nbundles,
		       (unsigned long long)st.ntiles);
		if (keyfile)
			printf("checkpoint: signed note, signed by %s\n", sk.name);
		else
			printf("checkpoint: unsigned (plain checkpoint text; give --key to sign it)\n");
	}
	rc = CLI_OK;
done:
	hr_key_signer_wipe(&sk);
	hr_free(note);
	free(leaves);
	hr_register_close(reg);
	return CLI_STATUS(rc);
}

/* ---- reading an export back, for "hazreg verify --dir DIR" ---- */

int cli_tlog_dir_leaves(cli_ctx *ctx, const char *dir, uint64_t n, unsigned char *leaves,
                        cli_sigcheck *sc)
{
	for (uint64_t t = 0; t * HR_TILE_WIDTH < n; t++) {
		uint64_t first = t * HR_TILE_WIDTH, left = n - first;
		unsigned w = left < HR_TILE_WIDTH ? (unsigned)left : HR_TILE_WIDTH;
		char rel[HR_TILE_PATH_BUFSZ], why[256];
		unsigned char *buf = NULL;
		size_t len = 0, off = 0;
		unsigned k;

		hr_tile_entries_path(rel, sizeof rel, t, w);
		if (read_whole(dir, rel, (size_t)w * (2 + 0xffff), &buf, &len) != 0)
			return cli_fail(ctx, "%s/%s: cannot read: %s", dir, rel, strerror(errno));
		for (k = 0; k < w && off + 2 <= len; k++) {
			size_t el = (size_t)buf[off] << 8 | buf[off + 1];
			hr_record *rec = NULL;
			unsigned char *again = NULL;
			size_t alen = 0;

			off += 2;
			if (el > len - off)
				break;
			why[0] = '\0';
			if (hr_record_decode(&rec, buf + off, el, why, sizeof why) != 0) {
				free(buf);
				return cli_fail(ctx, "%s/%s: record %llu: does not decode: %s", dir, rel,
				            (unsigned long long)(first + k), why);
			}
			int e = hr_record_encode(&again, &alen, rec);
			if (e == 0 && sc && cli_sigcheck_feed(ctx, sc, first + k, rec) != 0) {
				hr_record_free(rec);
				hr_free(again);
				free(buf);
				return CLI_FAIL;
			}
			hr_record_free(rec);
			if (e != 0 || alen != el || memcmp(again, buf + off, el) != 0) {
				hr_free(again);
				free(buf);
				return cli_fail(ctx, "%s/%s: record %llu: not in canonical form", dir, rel,
				            (unsigned long long)(first + k));
			}
			hr_free(again);
			hr_leaf_hash(leaves + 32 * (first + k), buf + off, el);
			off += el;
		}
		free(buf);
		if (k < w || off != len)
			return cli_fail(ctx, "%s/%s: holds %s than %u framed entries", dir, rel,
			            k < w ? "fewer" : "more", w);
	}
	return 0;
}

typedef struct {
	cli_ctx *ctx;
	const char *dir;
	const unsigned char *leaves;
	int bad;
} check_state;

static int check_leaf(void *ctx, uint64_t index, unsigned char out[32])
{
	const check_state *st = ctx;

	memcpy(out, st->leaves + 32 * index, 32);
	return 0;
}

static int check_tile(void *ctx, const hr_tile *tile, const unsigned char *hashes)
{
	check_state *st = ctx;
	char rel[HR_TILE_PATH_BUFSZ];
	unsigned char *buf = NULL;
	size_t len = 0, want = (size_t)tile->width * 32;

	if (hr_tile_path(rel, sizeof rel, tile) != 0)
		return HR_EINVAL;
	if (read_whole(st->dir, rel, want, &buf, &len) != 0) {
		cli_fail(st->ctx, "%s/%s: cannot read: %s", st->dir, rel, strerror(errno));
		return HR_EIO;
	}
	if (len != want || memcmp(buf, hashes, want) != 0) {
		free(buf);
		cli_fail(st->ctx, "%s/%s: differs from the tile recomputed from the entries", st->dir,
		     rel);
		return HR_EIO;
	}
	free(buf);
	return 0;
}

int cli_tlog_dir_tiles(cli_ctx *ctx, const char *dir, uint64_t n, const unsigned char *leaves)
{
	check_state st = {ctx, dir, leaves, 0};
	int e = hr_tile_append(0, n, check_leaf, &st, NULL, NULL, check_tile, &st);

	if (e == HR_EIO)
		return CLI_FAIL;
	if (e != 0)
		return cli_fail(ctx, "cannot compute the tiles: %s", hr_strerror(e));
	return 0;
}
