/*
 * tree.c - the Merkle tree over the log (RFC 6962 / 9162 section 2.1),
 * kept as C2SP tlog-tiles in the store.
 *
 * At every batch commit the tiles are brought up to the log's size, in the
 * same transaction as the records, so opening a register of any size
 * needs no re-hashing and a root or proof costs O(log n) tile reads. The
 * meta key "merkle_tiles_size" says how many leaves the tiles cover. A
 * register read-only and without tiles (written before they existed)
 * falls back to hashing its leaves in memory.
 */
#include "core/register_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TILES_KEY "merkle_tiles_size"
#define CHUNK 65536

static int tiles_size(hr_register *reg, uint64_t *out)
{
	char *v = NULL;
	int rc = reg->be->meta_get(reg->be, TILES_KEY, &v);
	*out = 0;
	if (rc == HR_ENOTFOUND)
		return 0;
	if (rc)
		return hr_reg__be_err(reg, rc, "reading the tree size of the tiles");
	*out = strtoull(v, NULL, 10);
	hr_free(v);
	return 0;
}

typedef struct {
	unsigned char *leaves;
	uint64_t from, n;
} leafbuf;

static int collect_cb(void *ctx, const hr_log_row *row)
{
	leafbuf *b = ctx;
	if (row->idx != b->from + b->n)
		return HR_ECORRUPT;
	memcpy(b->leaves + 32 * b->n, row->leaf, 32);
	b->n++;
	return 0;
}

/* Leaf hashes [from, to) from the log. */
static int load_leaves(hr_register *reg, uint64_t from, uint64_t to, leafbuf *b)
{
	int rc;
	b->from = from;
	b->n = 0;
	b->leaves = hr__malloc((size_t)(to - from) * 32 + 1);
	if (!b->leaves)
		return HR_ENOMEM;
	rc = reg->be->log_range(reg->be, from, to, collect_cb, b);
	if (rc == 0 && b->n != to - from)
		rc = HR_ECORRUPT;
	if (rc == HR_ECORRUPT)
		hr_reg__err(reg, "the log has a gap before entry %llu",
		            (unsigned long long)(from + b->n));
	else if (rc && rc != HR_ENOMEM)
		hr_reg__be_err(reg, rc, "reading leaf hashes");
	return rc;
}

static int leaf_cb(void *ctx, uint64_t index, unsigned char out[32])
{
	leafbuf *b = ctx;
	if (index < b->from || index >= b->from + b->n)
		return HR_EINVAL;
	memcpy(out, b->leaves + 32 * (index - b->from), 32);
	return 0;
}

static int read_cb(void *ctx, unsigned level, uint64_t index, unsigned width, unsigned char *out)
{
	hr_register *reg = ctx;
	return reg->be->tile_get(reg->be, level, index, width, out);
}

static int emit_cb(void *ctx, const hr_tile *t, const unsigned char *hashes)
{
	hr_register *reg = ctx;
	return reg->be->tile_put(reg->be, t->level, t->index, t->width, hashes);
}

int hr_tree__sync(hr_register *reg, uint64_t size)
{
	uint64_t have;
	int rc;
	char v[32];
	if ((rc = tiles_size(reg, &have)))
		return rc;
	if (have > size) {
		hr_reg__err(reg, "the tiles cover %llu records but the log holds %llu",
		            (unsigned long long)have, (unsigned long long)size);
		return HR_ECORRUPT;
	}
	while (have < size) {
		uint64_t to = size - have > CHUNK ? have + CHUNK : size;
		leafbuf b = {0};
		rc = load_leaves(reg, have, to, &b);
		if (rc == 0)
			rc = hr_tile_append(have, to, leaf_cb, &b, read_cb, reg, emit_cb, reg);
		hr_free(b.leaves);
		if (rc) {
			if (rc != HR_ENOMEM && rc != HR_ECORRUPT)
				hr_reg__be_err(reg, rc, "writing Merkle tiles");
			return rc;
		}
		have = to;
	}
	snprintf(v, sizeof v, "%llu", (unsigned long long)have);
	if ((rc = reg->be->meta_set(reg->be, TILES_KEY, v)))
		return hr_reg__be_err(reg, rc, "writing the tree size of the tiles");
	return 0;
}

int hr_tree__reset(hr_register *reg)
{
	int rc = reg->be->tiles_clear(reg->be);
	if (rc == 0)
		rc = reg->be->meta_set(reg->be, TILES_KEY, "0");
	return rc ? hr_reg__be_err(reg, rc, "clearing Merkle tiles") : 0;
}

/* A subtree source for a tree of `size` leaves: the tiles when they cover
 * it, otherwise the leaves in memory (buf keeps them). */
typedef struct {
	hr_tile_reader tiles;
	hr_merkle_mem mem;
	leafbuf buf;
	hr_merkle_subtree_fn fn;
	void *ctx;
} source;

static int open_source(hr_register *reg, uint64_t size, source *s)
{
	uint64_t log = 0, have = 0;
	int rc;
	memset(s, 0, sizeof *s);
	if ((rc = hr_register_log_size(reg, &log)))
		return rc;
	if (size > log) {
		hr_reg__err(reg, "tree size %llu is beyond the log's %llu records",
		            (unsigned long long)size, (unsigned long long)log);
		return HR_EINVAL;
	}
	if ((rc = tiles_size(reg, &have)))
		return rc;
	if (have >= size) {
		s->tiles.read = read_cb;
		s->tiles.ctx = reg;
		s->tiles.size = size;
		s->fn = hr_tile_subtree;
		s->ctx = &s->tiles;
		return 0;
	}
	if ((rc = load_leaves(reg, 0, size, &s->buf)))
		return rc;
	s->mem.leaves = s->buf.leaves;
	s->mem.count = size;
	s->fn = hr_merkle_mem_subtree;
	s->ctx = &s->mem;
	return 0;
}

static int tree_err(hr_register *reg, int rc, const char *what)
{
	if (rc && rc != HR_ENOMEM && rc != HR_EINVAL)
		hr_reg__err(reg, "%s: %s (Merkle tiles missing or damaged: run 'hazreg rebuild')",
		            what, hr_strerror(rc));
	else if (rc == HR_EINVAL && !reg->err[0])
		hr_reg__err(reg, "%s: invalid sizes", what);
	return rc;
}

int hr_register_root(hr_register *reg, uint64_t size, unsigned char out[32])
{
	source s;
	int rc;
	if (!reg || !out)
		return HR_EINVAL;
	reg->err[0] = '\0';
	if ((rc = open_source(reg, size, &s)))
		return rc;
	rc = hr_merkle_root(out, size, s.fn, s.ctx);
	hr_free(s.buf.leaves);
	return tree_err(reg, rc, "computing the tree head");
}

int hr_register_inclusion_proof(hr_register *reg, uint64_t index, uint64_t size,
                                unsigned char *proof, size_t *len)
{
	source s;
	int rc;
	if (!reg || !proof || !len)
		return HR_EINVAL;
	reg->err[0] = '\0';
	if (index >= size) {
		hr_reg__err(reg, "index %llu is not below the tree size %llu",
		            (unsigned long long)index, (unsigned long long)size);
		return HR_EINVAL;
	}
	if ((rc = open_source(reg, size, &s)))
		return rc;
	rc = hr_merkle_inclusion_proof(proof, len, index, size, s.fn, s.ctx);
	hr_free(s.buf.leaves);
	return tree_err(reg, rc, "computing an inclusion proof");
}

int hr_register_consistency_proof(hr_register *reg, uint64_t old_size, uint64_t new_size,
                                  unsigned char *proof, size_t *len)
{
	source s;
	int rc;
	if (!reg || !proof || !len)
		return HR_EINVAL;
	reg->err[0] = '\0';
	if (old_size > new_size) {
		hr_reg__err(reg, "old size %llu is larger than new size %llu",
		            (unsigned long long)old_size, (unsigned long long)new_size);
		return HR_EINVAL;
	}
	if ((rc = open_source(reg, new_size, &s)))
		return rc;
	rc = hr_merkle_consistency_proof(proof, len, old_size, new_size, s.fn, s.ctx);
	hr_free(s.buf.leaves);
	return tree_err(reg, rc, "computing a consistency proof");
}

int hr_register_prove_inclusion(hr_register *reg, uint64_t index, uint64_t size,
                                hr_inclusion *out)
{
	int rc;
	if (!reg || !out)
		return HR_EINVAL;
	memset(out, 0, sizeof *out);
	out->index = index;
	out->size = size;
	if ((rc = hr_register_inclusion_proof(reg, index, size, out->proof, &out->proof_len)))
		return rc;
	if ((rc = hr_register_log_get(reg, index, NULL, out->leaf)))
		return rc;
	return hr_register_root(reg, size, out->root);
}

int hr_register_prove_consistency(hr_register *reg, uint64_t old_size, uint64_t new_size,
                                  hr_consistency *out)
{
	int rc;
	if (!reg || !out)
		return HR_EINVAL;
	memset(out, 0, sizeof *out);
	out->old_size = old_size;
	out->new_size = new_size;
	if ((rc = hr_register_consistency_proof(reg, old_size, new_size, out->proof,
	                                        &out->proof_len)))
		return rc;
	if ((rc = hr_register_root(reg, old_size, out->old_root)))
		return rc;
	return hr_register_root(reg, new_size, out->new_root);
}

/* ---- tiles as files: GET /tile/..., "hazreg log export" ---- */

typedef struct {
	hr_register *reg;
	hr_buf b;
	uint64_t next;
} bundle_ctx;

static int bundle_cb(void *ctx, const hr_log_row *row)
{
	bundle_ctx *c = ctx;
	unsigned char frame[2];
	if (row->idx != c->next) {
		hr_reg__err(c->reg, "the log has a gap before entry %llu", (unsigned long long)c->next);
		return HR_ECORRUPT;
	}
	if (row->len > HR_BUNDLE_ENTRY_MAX) {
		hr_reg__err(c->reg, "record %llu: longer than %u bytes, cannot be framed in an entry "
		                    "bundle",
		            (unsigned long long)row->idx, HR_BUNDLE_ENTRY_MAX);
		return HR_ERROR;
	}
	frame[0] = (unsigned char)(row->len >> 8);
	frame[1] = (unsigned char)(row->len & 0xff);
	hr_buf_put(&c->b, frame, 2);
	hr_buf_put(&c->b, row->bytes, row->len);
	c->next++;
	return c->b.oom ? HR_ENOMEM : 0;
}

/* The W records of level-0 tile N, framed, as the log stores them. */
static int read_bundle(hr_register *reg, const hr_tile *t, unsigned char **out, size_t *len)
{
	bundle_ctx c = {reg, {0}, t->index * HR_TILE_WIDTH};
	int rc = reg->be->log_range(reg->be, c.next, c.next + t->width, bundle_cb, &c);
	if (rc == 0 && c.next != t->index * HR_TILE_WIDTH + t->width) {
		hr_reg__err(reg, "the log has a gap before entry %llu", (unsigned long long)c.next);
		rc = HR_ECORRUPT;
	}
	if (rc) {
		if (rc == HR_ENOMEM)
			hr_reg__err(reg, "out of memory");
		else if (rc != HR_ECORRUPT && rc != HR_ERROR)
			hr_reg__be_err(reg, rc, "reading the log");
		hr_buf_free(&c.b);
		return rc;
	}
	*out = c.b.p ? c.b.p : hr__calloc(1, 1);
	*len = c.b.len;
	return *out ? 0 : HR_ENOMEM;
}

/* The W hashes of tile (L, N) of the tree of `size`: the stored tile, or
 * for a register without tiles, each hash from the leaves. */
static int read_hashes(hr_register *reg, uint64_t size, const hr_tile *t, unsigned char **out,
                       size_t *len)
{
	unsigned char *h = hr__malloc((size_t)t->width * 32);
	source s;
	int rc;
	if (!h)
		return HR_ENOMEM;
	if ((rc = open_source(reg, size, &s))) {
		hr_free(h);
		return rc;
	}
	if (s.fn == hr_tile_subtree) {
		rc = reg->be->tile_get(reg->be, t->level, t->index, t->width, h);
	} else {
		for (unsigned j = 0; j < t->width && rc == 0; j++)
			rc = s.fn(s.ctx, HR_TILE_HEIGHT * t->level, t->index * HR_TILE_WIDTH + j,
			          h + 32 * j);
	}
	hr_free(s.buf.leaves);
	if ((rc = tree_err(reg, rc, "reading a tile"))) {
		hr_free(h);
		return rc;
	}
	*out = h;
	*len = (size_t)t->width * 32;
	return 0;
}

int hr_register_tile_read(hr_register *reg, uint64_t size, const char *path, unsigned char **out,
                          size_t *len)
{
	uint64_t log = 0;
	hr_tile want, have;
	int entries, rc;
	if (!reg || !path || !out || !len)
		return HR_EINVAL;
	*out = NULL;
	*len = 0;
	reg->err[0] = '\0';
	if (hr_tile_path_parse(path, strlen(path), &want, &entries) != 0) {
		hr_reg__err(reg, "'%.80s' is not a tile path (tile/L/N[.p/W] or "
		                 "tile/entries/N[.p/W])",
		            path);
		return HR_EINVAL;
	}
	if ((rc = hr_register_log_size(reg, &log)))
		return rc;
	if (size > log) {
		hr_reg__err(reg, "tree size %llu is beyond the log's %llu records",
		            (unsigned long long)size, (unsigned long long)log);
		return HR_EINVAL;
	}
	/* a tile is served at its width at this size, or as a narrower prefix */
	if (hr_tile_at(&have, size, want.level, want.index) != 0) {
		hr_reg__err(reg, "%s: the tree of size %llu has no such tile", path,
		            (unsigned long long)size);
		return HR_ENOTFOUND;
	}
	if (want.width == HR_TILE_WIDTH ? have.width != HR_TILE_WIDTH : want.width > have.width) {
		hr_reg__err(reg, "%s: in the tree of size %llu this tile holds %u %s", path,
		            (unsigned long long)size, have.width, entries ? "entries" : "hashes");
		return HR_ENOTFOUND;
	}
	return entries ? read_bundle(reg, &want, out, len) : read_hashes(reg, size, &want, out, len);
}

/* For check: every stored tile equals the tile recomputed from the log's
 * leaves (not only those a root happens to read). */
typedef struct {
	hr_register *reg;
	unsigned char *buf;
	int bad;
} cmp_ctx;

static int compare_cb(void *ctx, const hr_tile *t, const unsigned char *hashes)
{
	cmp_ctx *c = ctx;
	int rc = c->reg->be->tile_get(c->reg->be, t->level, t->index, t->width, c->buf);
	if (rc == HR_ENOTFOUND || (rc == 0 && memcmp(c->buf, hashes, 32 * (size_t)t->width) != 0)) {
		c->bad = 1;
		return 0;
	}
	return rc;
}

int hr_tree__check(hr_register *reg, uint64_t size, const unsigned char *leaves,
                   unsigned char root[32], char *problem, size_t plen)
{
	hr_merkle_mem m = {leaves, size};
	leafbuf b = {(unsigned char *)leaves, 0, size};
	cmp_ctx c = {reg, NULL, 0};
	uint64_t have = 0;
	int rc;
	if ((rc = hr_merkle_root(root, size, hr_merkle_mem_subtree, &m)))
		return rc;
	if ((rc = tiles_size(reg, &have)))
		return rc;
	if (have != size) {
		hr__fmt(problem, plen, "Merkle tiles cover %llu records, the log holds %llu: run "
		                       "'hazreg rebuild'",
		        (unsigned long long)have, (unsigned long long)size);
		return HR_ECORRUPT;
	}
	if (!(c.buf = hr__malloc(HR_TILE_WIDTH * 32)))
		return HR_ENOMEM;
	rc = hr_tile_append(0, size, leaf_cb, &b, NULL, NULL, compare_cb, &c);
	hr_free(c.buf);
	if (rc)
		return rc == HR_ENOMEM ? rc : hr_reg__be_err(reg, rc, "reading Merkle tiles");
	if (c.bad) {
		hr__fmt(problem, plen, "the Merkle tiles differ from those of the log's leaves: run "
		                       "'hazreg rebuild'");
		return HR_ECORRUPT;
	}
	return 0;
}
