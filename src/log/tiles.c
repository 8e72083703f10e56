/*
 * tiles.c - the log's Merkle tree cut into C2SP tlog-tiles: which tiles an
 * append changes and what they hold (so a store persists complete-subtree
 * hashes once and never re-hashes the log), their paths for a static
 * export, and a subtree provider that answers merkle.c from stored tiles
 * with one tile read per call.
 *
 * Tile bytes, as the spec's "tile/<L>/<N>[.p/<W>]" files:
 *   W × 32 bytes: hash N·256+j at height 8·L for j = 0..W-1, in order,
 *   no header, no separator. Level-0 tiles hold the leaf hashes.
 */
#include "hazreg/merkle.h"
#include "log/log_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TILE_BYTES (HR_TILE_WIDTH * 32)
/* levels a 64-bit size can reach: level 7 holds hashes of height 56 */
#define TILE_LEVELS 8

int hr_tile_at(hr_tile *out, uint64_t size, unsigned level, uint64_t index)
{
	uint64_t count, tiles, rest;
	if (!out || level >= TILE_LEVELS)
		return HR_EINVAL;
	count = size >> (HR_TILE_HEIGHT * level);
	tiles = count / HR_TILE_WIDTH + (count % HR_TILE_WIDTH != 0);
	if (index >= tiles)
		return HR_EINVAL;
	rest = count - index * HR_TILE_WIDTH;
	out->level = level;
	out->index = index;
	out->width = rest >= HR_TILE_WIDTH ? HR_TILE_WIDTH : (unsigned)rest;
	return 0;
}

/*
 * "<N>[.p/<W>]": N in groups of three digits, most significant first,
 * each but the last written "xDDD/", the last "DDD".
 */
static int index_path(char *buf, size_t bufsz, const char *prefix, uint64_t index,
                      unsigned width)
{
	unsigned groups[8];
	int ngroups = 0, n;
	size_t used;
	if (!buf || width < 1 || width > HR_TILE_WIDTH)
		return HR_EINVAL;
	do {
		groups[ngroups++] = (unsigned)(index % 1000);
		index /= 1000;
	} while (index);
	n = snprintf(buf, bufsz, "%s", prefix);
	if (n < 0 || (size_t)n >= bufsz)
		return HR_EINVAL;
	used = (size_t)n;
	while (ngroups-- > 0) {
		n = snprintf(buf + used, bufsz - used, ngroups ? "x%03u/" : "%03u", groups[ngroups]);
		if (n < 0 || (size_t)n >= bufsz - used)
			return HR_EINVAL;
		used += (size_t)n;
	}
	if (width < HR_TILE_WIDTH) {
		n = snprintf(buf + used, bufsz - used, ".p/%u", width);
		if (n < 0 || (size_t)n >= bufsz - used)
			return HR_EINVAL;
	}
	return 0;
}

int hr_tile_path(char *buf, size_t bufsz, const hr_tile *tile)
{
	char prefix[16];
	if (!buf || !tile || tile->level > 63)
		return HR_EINVAL;
	snprintf(prefix, sizeof prefix, "tile/%u/", tile->level);
	return index_path(buf, bufsz, prefix, tile->index, tile->width);
}

int hr_tile_entries_path(char *buf, size_t bufsz, uint64_t index, unsigned width)
{
	return index_path(buf, bufsz, "tile/entries/", index, width);
}

/*
 * Level by level: the new hashes of level L are [old >> 8L, new >> 8L);
 * at level 0 they are the new leaves, above they are the roots of the
 * level below's tiles that became full, collected in order while that
 * level was emitted. The tile that was partial at old_size begins with
 * hashes the store already has; they are read back once.
 */
int hr_tile_append(uint64_t old_size, uint64_t new_size, hr_tile_leaf_fn leaf, void *leaf_ctx,
                   hr_tile_read_fn read_old, void *read_ctx, hr_tile_emit_fn emit,
                   void *emit_ctx)
{
	unsigned char *tile = NULL, *below = NULL, *above = NULL;
	int rc = 0;
	if (old_size > new_size || !emit || (new_size > old_size && !leaf))
		return HR_EINVAL;
	if (old_size == new_size)
		return 0;
	if (!(tile = malloc(TILE_BYTES)))
		return HR_ENOMEM;
	for (unsigned level = 0; level < TILE_LEVELS; level++) {
		unsigned shift = HR_TILE_HEIGHT * level;
		uint64_t oc = old_size >> shift, nc = new_size >> shift;
		uint64_t first = oc / HR_TILE_WIDTH, last, nfull;
		if (nc == oc)
			break; /* and no level above changes either */
		last = (nc - 1) / HR_TILE_WIDTH;
		/* tiles first .. nc/256-1 become full; their roots feed the next level */
		nfull = nc / HR_TILE_WIDTH - first;
		if (nfull && !(above = malloc((size_t)nfull * 32))) {
			rc = HR_ENOMEM;
			goto done;
		}
		for (uint64_t idx = first; idx <= last; idx++) {
			hr_tile t;
			uint64_t start = idx * HR_TILE_WIDTH, from = start;
			hr_tile_at(&t, new_size, level, idx);
			if (oc > start) {
				if (!read_old) {
					rc = HR_EINVAL;
					goto done;
				}
				if ((rc = read_old(read_ctx, level, idx, (unsigned)(oc - start), tile)))
					goto done;
				from = oc;
			}
			for (uint64_t i = from; i < start + t.width; i++) {
				unsigned char *dst = tile + 32 * (i - start);
				if (level == 0) {
					if ((rc = leaf(leaf_ctx, i, dst)))
						goto done;
				} else {
					memcpy(dst, below + 32 * (i - oc), 32);
				}
			}
			if ((rc = emit(emit_ctx, &t, tile)))
				goto done;
			if (t.width == HR_TILE_WIDTH)
				hr_merkle__hash_up(above + 32 * (idx - first), tile, HR_TILE_WIDTH);
		}
		free(below);
		below = above;
		above = NULL;
	}
done:
	free(tile);
	free(below);
	free(above);
	return rc;
}

int hr_tile_subtree(void *ctx, unsigned height, uint64_t index, unsigned char out[32])
{
	const hr_tile_reader *rd = ctx;
	unsigned char buf[TILE_BYTES];
	unsigned level, r;
	uint64_t first;
	size_t off;
	hr_tile t;
	int rc;
	if (!rd || !rd->read || !out || height > 63 || index >= (rd->size >> height))
		return HR_EINVAL;
	level = height / HR_TILE_HEIGHT;
	r = height % HR_TILE_HEIGHT;
	/* the subtree is the root of 2^r aligned hashes at height 8·level,
	 * all in one tile since 2^r divides 256 */
	first = index << r;
	if ((rc = hr_tile_at(&t, rd->size, level, first / HR_TILE_WIDTH)))
		return rc;
	if ((rc = rd->read(rd->ctx, t.level, t.index, t.width, buf)))
		return rc;
	off = (size_t)(first % HR_TILE_WIDTH);
	hr_merkle__hash_up(out, buf + 32 * off, (size_t)1 << r);
	return 0;
}

/* Exactly `n` decimal digits at *p into *v. @return 0 or -1 */
static int digits(const char **p, const char *end, int n, uint64_t *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (*p >= end || **p < '0' || **p > '9')
			return -1;
		*v = *v * 10 + (uint64_t)(**p - '0');
	}
	return 0;
}

/* A decimal number of 1 to 3 digits at *p (its form is checked by the
 * round trip through the writer). @return 0 or -1 */
static int small_number(const char **p, const char *end, unsigned *v)
{
	int n = 0;
	*v = 0;
	while (*p < end && **p >= '0' && **p <= '9' && n < 3) {
		*v = *v * 10 + (unsigned)(**p - '0');
		(*p)++;
		n++;
	}
	return n ? 0 : -1;
}

/*
 * Read the parts loosely but within bounds, then write the path again
 * from them and demand the very same text: the writer's form is the only
 * one accepted, whatever the reading let through.
 */
int hr_tile_path_parse(const char *path, size_t len, hr_tile *tile, int *entries)
{
	const char *p = path, *end = path + len;
	char again[HR_TILE_PATH_BUFSZ];
	uint64_t index = 0, group;
	unsigned level = 0, width = HR_TILE_WIDTH;
	int is_entries, ngroups = 0, rc;

	if (!path || !tile || !entries || len < 8 || len >= sizeof again ||
	    memcmp(p, "tile/", 5) != 0)
		return HR_EINVAL;
	p += 5;
	is_entries = (size_t)(end - p) > 8 && memcmp(p, "entries/", 8) == 0;
	if (is_entries) {
		p += 8;
	} else {
		if (small_number(&p, end, &level) != 0 || level > 63 || p >= end || *p != '/')
			return HR_EINVAL;
		p++;
	}
	for (;;) {
		int more = p < end && *p == 'x';
		p += more;
		if (digits(&p, end, 3, &group) != 0 || ++ngroups > 7 ||
		    index > (UINT64_MAX - group) / 1000)
			return HR_EINVAL;
		index = index * 1000 + group;
		if (!more)
			break;
		if (p >= end || *p != '/')
			return HR_EINVAL;
		p++;
	}
	if (p < end) {
		if ((size_t)(end - p) < 4 || memcmp(p, ".p/", 3) != 0)
			return HR_EINVAL;
		p += 3;
		if (small_number(&p, end, &width) != 0 || width < 1 || width >= HR_TILE_WIDTH)
			return HR_EINVAL;
	}
	if (p != end)
		return HR_EINVAL;
	tile->level = level;
	tile->index = index;
	tile->width = width;
	rc = is_entries ? hr_tile_entries_path(again, sizeof again, index, width)
	                : hr_tile_path(again, sizeof again, tile);
	if (rc != 0 || strlen(again) != len || memcmp(again, path, len) != 0)
		return HR_EINVAL;
	*entries = is_entries;
	return 0;
}

int hr_bundle_next(const unsigned char *buf, size_t len, size_t *off,
                   const unsigned char **entry, size_t *elen)
{
	size_t n;
	if (!off || !entry || !elen || (!buf && len))
		return HR_EINVAL;
	if (*off >= len)
		return *off == len ? 0 : HR_EVALIDATE;
	if (len - *off < 2)
		return HR_EVALIDATE;
	n = (size_t)buf[*off] << 8 | buf[*off + 1];
	if (n > len - *off - 2)
		return HR_EVALIDATE;
	*entry = buf + *off + 2;
	*elen = n;
	*off += 2 + n;
	return 1;
}
