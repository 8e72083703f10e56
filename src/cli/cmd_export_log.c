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

/*
 * The entry bundles, as the register serves them (hr_register_tile_read),
 * and the leaf of every entry in them, held to the leaf the register
 * stored for it: the hash tiles written next come from these leaves.
 */
static int export_entries(cli_ctx *ctx, hr_register *reg, const char *dir, uint64_t n,
                          unsigned char *leaves, uint64_t *nbundles)
{
	*nbundles = 0;
	for (uint64_t t = 0; t * HR_TILE_WIDTH < n; t++) {
		uint64_t left = n - t * HR_TILE_WIDTH, i = t * HR_TILE_WIDTH;
		unsigned w = left < HR_TILE_WIDTH ? (unsigned)left : HR_TILE_WIDTH;
		char rel[HR_TILE_PATH_BUFSZ];
		unsigned char *bundle = NULL, stored[32];
		const unsigned char *entry;
		size_t len = 0, off = 0, elen;
		int e;

		hr_tile_entries_path(rel, sizeof rel, t, w);
		if ((e = hr_register_tile_read(reg, n, rel, &bundle, &len)) != 0)
			return cli_lib_err(ctx, reg, e, "cannot read the log");
		while (hr_bundle_next(bundle, len, &off, &entry, &elen) == 1) {
			hr_leaf_hash(leaves + 32 * i, entry, elen);
			e = hr_register_log_get(reg, i, NULL, stored);
			if (e != 0 || memcmp(leaves + 32 * i, stored, 32) != 0) {
				hr_free(bundle);
				if (e != 0)
					return cli_lib_err(ctx, reg, e, "cannot read the log");
				return cli_fail(ctx, "record %llu: leaf hash does not match its bytes; run "
				                     "'hazreg check'",
				                (unsigned long long)i);
			}
			i++;
		}
		e = write_atomic(dir, rel, bundle, len);
		hr_free(bundle);
		if (e != 0)
			return cli_fail(ctx, "%s/%s: %s", dir, rel, strerror(errno));
		(*nbundles)++;
	}
	return CLI_OK;
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
	if (keyfile && (rc = cli_load_signer(ctx, "--key", keyfile, &sk)) != 0)
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

/* ---- reading a tlog-tiles log back, for "hazreg verify" ---- */

/* The bundle of entries [first, first + w) decoded, found canonical, fed
 * to the signature replay and hashed into leaves. */
static int check_bundle(cli_ctx *ctx, cli_source *src, const char *rel, const char *buf,
                        size_t len, uint64_t first, unsigned w, unsigned char *leaves,
                        cli_sigcheck *sc)
{
	const unsigned char *entry;
	size_t off = 0, elen;
	unsigned k = 0;
	int more;

	while (k < w && (more = hr_bundle_next((const unsigned char *)buf, len, &off, &entry,
	                                       &elen)) == 1) {
		hr_record *rec = NULL;
		unsigned char *again = NULL;
		size_t alen = 0;
		char why[256] = "";
		int e;

		if (hr_record_decode(&rec, entry, elen, why, sizeof why) != 0)
			return cli_fail(ctx, "%s/%s: record %llu: does not decode: %s", src->where, rel,
			                (unsigned long long)(first + k), why);
		e = hr_record_encode(&again, &alen, rec);
		if (e == 0 && sc && cli_sigcheck_feed(ctx, sc, first + k, rec) != 0) {
			hr_record_free(rec);
			hr_free(again);
			return CLI_FAIL;
		}
		hr_record_free(rec);
		if (e != 0 || alen != elen || memcmp(again, entry, elen) != 0) {
			hr_free(again);
			return cli_fail(ctx, "%s/%s: record %llu: not in canonical form", src->where, rel,
			                (unsigned long long)(first + k));
		}
		hr_free(again);
		hr_leaf_hash(leaves + 32 * (first + k), entry, elen);
		k++;
	}
	if (k < w || off != len)
		return cli_fail(ctx, "%s/%s: holds %s than %u framed entries", src->where, rel,
		                k < w ? "fewer" : "more", w);
	return 0;
}

int cli_tlog_leaves(cli_ctx *ctx, cli_source *src, uint64_t n, unsigned char *leaves,
                    cli_sigcheck *sc)
{
	for (uint64_t t = 0; t * HR_TILE_WIDTH < n; t++) {
		uint64_t first = t * HR_TILE_WIDTH, left = n - first;
		unsigned w = left < HR_TILE_WIDTH ? (unsigned)left : HR_TILE_WIDTH;
		char rel[HR_TILE_PATH_BUFSZ], why[512];
		char *buf = NULL;
		size_t len = 0;
		int rc;

		hr_tile_entries_path(rel, sizeof rel, t, w);
		if (src->get(src, rel, (size_t)w * (2 + HR_BUNDLE_ENTRY_MAX), &buf, &len, why,
		             sizeof why) != 0)
			return cli_fail(ctx, "%s/%s: cannot read: %s", src->where, rel, why);
		rc = check_bundle(ctx, src, rel, buf, len, first, w, leaves, sc);
		free(buf);
		if (rc != 0)
			return rc;
	}
	return 0;
}

typedef struct {
	cli_ctx *ctx;
	cli_source *src;
	const unsigned char *leaves;
} check_state;

static int check_leaf(void *ctx, uint64_t index, unsigned char out[32])
{
	const check_state *st = ctx;

	memcpy(out, st->leaves + 32 * index, 32);
	return 0;
}

/* The tile there must be the one recomputed; at level 0 a difference is
 * a record whose bytes are not the ones the tree was built over. */
static int check_tile(void *ctx, const hr_tile *tile, const unsigned char *hashes)
{
	check_state *st = ctx;
	cli_source *src = st->src;
	char rel[HR_TILE_PATH_BUFSZ], why[512];
	char *buf = NULL;
	size_t len = 0, want = (size_t)tile->width * 32, j = 0;

	if (hr_tile_path(rel, sizeof rel, tile) != 0)
		return HR_EINVAL;
	if (src->get(src, rel, want, &buf, &len, why, sizeof why) != 0) {
		cli_fail(st->ctx, "%s/%s: cannot read: %s", src->where, rel, why);
		return HR_EIO;
	}
	if (len == want && memcmp(buf, hashes, want) == 0) {
		free(buf);
		return 0;
	}
	while (j < tile->width && 32 * (j + 1) <= len && memcmp(buf + 32 * j, hashes + 32 * j, 32) == 0)
		j++;
	free(buf);
	if (len != want)
		cli_fail(st->ctx, "%s/%s: holds %zu bytes, not %zu", src->where, rel, len, want);
	else if (tile->level == 0)
		cli_fail(st->ctx, "%s/%s: differs from the tile recomputed from the entries at the "
		                  "leaf of record %llu",
		         src->where, rel, (unsigned long long)(tile->index * HR_TILE_WIDTH + j));
	else
		cli_fail(st->ctx, "%s/%s: differs from the tile recomputed from the entries, first at "
		                  "hash %zu",
		         src->where, rel, j);
	return HR_EIO;
}

int cli_tlog_tiles(cli_ctx *ctx, cli_source *src, uint64_t n, const unsigned char *leaves)
{
	check_state st = {ctx, src, leaves};
	int e = hr_tile_append(0, n, check_leaf, &st, NULL, NULL, check_tile, &st);

	if (e == HR_EIO)
		return CLI_FAIL;
	if (e != 0)
		return cli_fail(ctx, "cannot compute the tiles: %s", hr_strerror(e));
	return 0;
}
