/*
 * hazreg/merkle.h - the Merkle tree over the log (RFC 6962 §2.1, RFC 9162
 * §2.1): tree heads, inclusion and consistency proofs and their
 * verification, and the C2SP tlog-tiles layout in which a store keeps the
 * tree's complete-subtree hashes.
 *
 * These are pure functions over bytes. They never read the log
 * themselves: a root or a proof is computed through a caller-supplied
 * hr_merkle_subtree_fn that answers "the hash of the complete subtree of
 * height h whose leftmost leaf is k·2^h". A store holding tiles answers
 * each such call with one tile read (hr_tile_subtree()), so a root or a
 * proof costs O(log n) calls, whatever the size of the log.
 *
 * Hashes are SHA-256, 32 bytes:
 *   leaf     SHA-256(0x00 || record bytes)   (hr_leaf_hash(), record.h)
 *   node     SHA-256(0x01 || left || right)  (hr_merkle_node_hash())
 *   empty    SHA-256("")                     (hr_merkle_empty_root())
 * A proof is a byte string: its hashes concatenated, 32 bytes each, in the
 * order of RFC 9162 (from the leaf, or the old tree, upwards).
 */
#ifndef HAZREG_MERKLE_H
#define HAZREG_MERKLE_H

#include "common.h"

HR_BEGIN_DECL

/** Bytes in one hash. */
#define HR_MERKLE_HASH_SIZE 32
/** Most hashes in a proof for any 64-bit tree size. */
#define HR_MERKLE_PROOF_MAX_HASHES 65
/** Bytes a proof buffer must hold: every proof fits. */
#define HR_MERKLE_PROOF_MAX (HR_MERKLE_PROOF_MAX_HASHES * HR_MERKLE_HASH_SIZE)

/**
 * Where the tree's hashes come from: write into out the hash of the
 * complete, aligned subtree of the given height whose leaves are
 * [index·2^height, (index+1)·2^height). Height 0 is a leaf hash.
 * The library only asks for subtrees wholly inside the tree it works on.
 * @param ctx the caller's context, passed through
 * @param height 0..63
 * @param index which subtree of that height, counted from the left
 * @param out receives 32 bytes
 * @return 0, or a negative HR_E* code, which the caller of the library
 *         function gets back unchanged
 */
typedef int (*hr_merkle_subtree_fn)(void *ctx, unsigned height, uint64_t index,
                                    unsigned char out[32]);

/**
 * An interior node: SHA-256(0x01 || left || right).
 * @param out receives 32 bytes; may alias left or right
 * @param left 32 bytes
 * @param right 32 bytes
 */
HR_EXTERN(void) hr_merkle_node_hash(unsigned char out[32], const unsigned char left[32],
                                    const unsigned char right[32]);

/**
 * The root of the empty tree: SHA-256("") =
 * e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.
 * @param out receives 32 bytes
 */
HR_EXTERN(void) hr_merkle_empty_root(unsigned char out[32]);

/**
 * The tree head of the first size leaves, RFC 6962 §2.1: one call of fn
 * per set bit of size (the complete subtrees the tree splits into), then
 * the node hashes that join them.
 * @param out receives 32 bytes
 * @param size number of leaves; 0 gives the empty root without calling fn
 * @param fn the subtree hashes; borrowed for the call
 * @param ctx passed to fn
 * @return 0, HR_EINVAL when out or fn is NULL, or fn's error
 */
HR_EXTERN(int) hr_merkle_root(unsigned char out[32], uint64_t size, hr_merkle_subtree_fn fn,
                              void *ctx);

/**
 * The inclusion proof (audit path) of leaf index in the tree of size
 * leaves, RFC 9162 §2.1.3.1. At most 64 hashes; fn is called O(log size)
 * times.
 * @param out at least HR_MERKLE_PROOF_MAX bytes; receives the proof
 * @param out_len receives the proof's length in bytes (a multiple of 32)
 * @param index 0-based leaf index, < size
 * @param size tree size
 * @param fn the subtree hashes; borrowed for the call
 * @param ctx passed to fn
 * @return 0, HR_EINVAL when index >= size or a pointer is NULL, or fn's error
 */
HR_EXTERN(int) hr_merkle_inclusion_proof(unsigned char *out, size_t *out_len, uint64_t index,
                                         uint64_t size, hr_merkle_subtree_fn fn, void *ctx);

/**
 * The consistency proof between the tree of old_size leaves and the tree
 * of new_size leaves, RFC 9162 §2.1.4.1. Empty when old_size is 0 or
 * equals new_size. At most 65 hashes; fn is called O(log new_size) times.
 * @param out at least HR_MERKLE_PROOF_MAX bytes; receives the proof
 * @param out_len receives the proof's length in bytes (a multiple of 32)
 * @param old_size the older tree's size
 * @param new_size the newer tree's size, >= old_size
 * @param fn the subtree hashes of the newer tree; borrowed for the call
 * @param ctx passed to fn
 * @return 0, HR_EINVAL when old_size > new_size or a pointer is NULL, or
 *         fn's error
 */
HR_EXTERN(int) hr_merkle_consistency_proof(unsigned char *out, size_t *out_len, uint64_t old_size,
                                           uint64_t new_size, hr_merkle_subtree_fn fn, void *ctx);

/**
 * Verify an inclusion proof, RFC 9162 §2.1.3.2. Everything but the
 * pointers may come from someone else, so every flaw of the claim is a
 * refusal, not a caller mistake.
 * @param leaf the leaf hash (hr_leaf_hash() of the record bytes), 32 bytes
 * @param index 0-based leaf index
 * @param size tree size
 * @param proof the hashes, 32 bytes each; may be NULL when proof_len is 0
 * @param proof_len bytes in proof
 * @param root the tree head to check against, 32 bytes
 * @return 0 when the proof shows the leaf at index in the tree of that
 *         size and root; HR_EVALIDATE when it does not (proof_len not a
 *         multiple of 32, index >= size, hashes missing or left over, root
 *         mismatch); HR_EINVAL when a pointer is NULL
 */
HR_EXTERN(int) hr_merkle_verify_inclusion(const unsigned char leaf[32], uint64_t index,
                                          uint64_t size, const unsigned char *proof,
                                          size_t proof_len, const unsigned char root[32]);

/**
 * Verify a consistency proof, RFC 9162 §2.1.4.2: the tree of old_size
 * leaves with head old_root is a prefix of the tree of new_size leaves
 * with head new_root. When old_size equals new_size the proof must be
 * empty and the roots equal; when old_size is 0 the proof must be empty
 * and old_root must be the empty root (every tree extends the empty one).
 * @param old_size the older tree's size
 * @param new_size the newer tree's size
 * @param old_root 32 bytes
 * @param new_root 32 bytes
 * @param proof the hashes, 32 bytes each; may be NULL when proof_len is 0
 * @param proof_len bytes in proof
 * @return 0 when consistent; HR_EVALIDATE when not (old_size > new_size,
 *         proof_len not a multiple of 32, hashes missing or left over, a
 *         root mismatch); HR_EINVAL when a pointer is NULL
 */
HR_EXTERN(int) hr_merkle_verify_consistency(uint64_t old_size, uint64_t new_size,
                                            const unsigned char old_root[32],
                                            const unsigned char new_root[32],
                                            const unsigned char *proof, size_t proof_len);

/**
 * An hr_merkle_subtree_fn over leaf hashes held in memory, for tests and
 * small logs: hashes every subtree from its leaves, O(2^height) per call.
 * Pass hr_merkle_mem_subtree with a pointer to this struct as ctx.
 */
typedef struct {
	const unsigned char *leaves; /**< count × 32 bytes, borrowed */
	uint64_t count;              /**< number of leaf hashes */
} hr_merkle_mem;

/**
 * The hr_merkle_subtree_fn of an hr_merkle_mem.
 * @param ctx a const hr_merkle_mem *
 * @return 0, or HR_EINVAL when the subtree reaches past count leaves
 */
HR_EXTERN(int) hr_merkle_mem_subtree(void *ctx, unsigned height, uint64_t index,
                                     unsigned char out[32]);

/** @name Tiles, as C2SP tlog-tiles define them
 *
 * Tile (L, N) holds the hashes at height 8·L of the tree (level-0 tiles
 * hold leaf hashes) with indices N·256 .. N·256+W-1: hash i at height 8·L
 * is the root of leaves [i·256^L, (i+1)·256^L). A tree of size s has
 * s >> 8L such hashes at level L, so its tile N at level L has width
 * W = min(256, (s >> 8L) - 256·N); W = 256 is a full tile, 1..255 a
 * partial one. Only complete subtrees are ever in a tile, so a hash, once
 * in a tile, never changes: a wider tile begins with the narrower one.
 *
 * Tile bytes (the file "tile/L/N[.p/W]" of the spec): W hashes of 32 bytes
 * each, in index order, nothing else.
 *   offset 32·j .. 32·j+31   hash N·256+j at height 8·L, for j = 0..W-1
 * @{ */

/** Hashes in a full tile, and the tile height 8 in levels. */
#define HR_TILE_WIDTH 256
#define HR_TILE_HEIGHT 8
/** Bytes a path buffer must hold for any tile path with its NUL. */
#define HR_TILE_PATH_BUFSZ 64

/** One tile: where it is and how wide. */
typedef struct {
	unsigned level;  /**< L: holds hashes at height 8·L; 0..7 for 64-bit sizes */
	uint64_t index;  /**< N */
	unsigned width;  /**< W: 1..256 hashes */
} hr_tile;

/**
 * Read a stored tile: write into out the first width hashes of tile
 * (level, index), width × 32 bytes. A store holding a wider version of the
 * tile answers with its prefix (hashes never change once in a tile).
 * @param ctx the caller's context, passed through
 * @return 0, or a negative HR_E* code (HR_ENOTFOUND when the store lacks
 *         the tile), which the caller of the library function gets back
 */
typedef int (*hr_tile_read_fn)(void *ctx, unsigned level, uint64_t index, unsigned width,
                               unsigned char *out);

/**
 * Take one new or grown tile: called by hr_tile_append() for each tile
 * whose contents changed, so the store can persist it.
 * @param ctx the caller's context, passed through
 * @param tile which tile, with its new width
 * @param hashes tile->width × 32 bytes, the whole tile; borrowed for the call
 * @return 0, or a negative HR_E* code, which stops hr_tile_append()
 */
typedef int (*hr_tile_emit_fn)(void *ctx, const hr_tile *tile, const unsigned char *hashes);

/**
 * The leaf hash at an index, for hr_tile_append().
 * @return 0, or a negative HR_E* code, which stops hr_tile_append()
 */
typedef int (*hr_tile_leaf_fn)(void *ctx, uint64_t index, unsigned char out[32]);

/**
 * Compute the tiles that change when the tree grows from old_size to
 * new_size leaves and hand each, with its whole contents, to emit: at
 * each level, the tile that was partial at old_size (if any) and every
 * tile after it, up to the last one with a hash at new_size. Order: level
 * 0 by index, then level 1, and so on. Memory: one tile and
 * (new_size - old_size) / 8 bytes.
 * @param old_size the size whose tiles the store holds already
 * @param new_size the size after the append, >= old_size
 * @param leaf gives leaf hashes [old_size, new_size); borrowed
 * @param leaf_ctx passed to leaf
 * @param read_old reads the tiles of old_size; called at most once per
 *        level, only for a tile that was partial at old_size; may be NULL
 *        when old_size is 0
 * @param read_ctx passed to read_old
 * @param emit takes each changed tile; borrowed
 * @param emit_ctx passed to emit
 * @return 0, HR_EINVAL for old_size > new_size or a NULL callback that is
 *         needed, HR_ENOMEM, or a callback's error
 */
HR_EXTERN(int) hr_tile_append(uint64_t old_size, uint64_t new_size, hr_tile_leaf_fn leaf,
                              void *leaf_ctx, hr_tile_read_fn read_old, void *read_ctx,
                              hr_tile_emit_fn emit, void *emit_ctx);

/**
 * The tile of a tree of size leaves at a level and index, with its width.
 * @param out receives the tile
 * @param size tree size
 * @param level L
 * @param index N
 * @return 0, or HR_EINVAL when that tree has no hash in that tile
 */
HR_EXTERN(int) hr_tile_at(hr_tile *out, uint64_t size, unsigned level, uint64_t index);

/**
 * The path of a hash tile, per C2SP tlog-tiles: "tile/<L>/<N>" for a full
 * tile and "tile/<L>/<N>.p/<W>" for a partial one, where <N> is written in
 * groups of three zero-padded digits, all but the last prefixed with "x":
 * index 1234067 is "x001/x234/067", index 5 is "005".
 * @param buf at least HR_TILE_PATH_BUFSZ bytes; receives the NUL-terminated path
 * @param bufsz size of buf
 * @param tile level 0..63, width 1..256
 * @return 0, or HR_EINVAL for a bad tile or a short buffer
 */
HR_EXTERN(int) hr_tile_path(char *buf, size_t bufsz, const hr_tile *tile);

/**
 * The path of an entry bundle, per C2SP tlog-tiles:
 * "tile/entries/<N>[.p/<W>]", the entries of the leaves of level-0 tile N.
 * @param buf at least HR_TILE_PATH_BUFSZ bytes; receives the NUL-terminated path
 * @param bufsz size of buf
 * @param index N
 * @param width entries in the bundle, 1..256 (256: no suffix)
 * @return 0, or HR_EINVAL for a bad width or a short buffer
 */
HR_EXTERN(int) hr_tile_entries_path(char *buf, size_t bufsz, uint64_t index, unsigned width);

/**
 * Parse a tile path strictly: only the exact text hr_tile_path() or
 * hr_tile_entries_path() writes is accepted ("tile/0/x001/234.p/7",
 * "tile/entries/000"), nothing padded, abbreviated or with a trailing
 * slash, so that every tile has one name. For serving tiles over HTTP.
 * @param path the text, need not be NUL-terminated
 * @param len its length in bytes
 * @param tile receives level (0 for an entry bundle), index and width
 *        (256 for a path without ".p/W")
 * @param entries receives 1 for an entry bundle, 0 for a hash tile
 * @return 0, or HR_EINVAL when path is not a tile path
 */
HR_EXTERN(int) hr_tile_path_parse(const char *path, size_t len, hr_tile *tile, int *entries);

/** Largest record an entry bundle can frame (2-byte length). */
#define HR_BUNDLE_ENTRY_MAX 0xffff

/**
 * The next entry of an entry bundle ("tile/entries/N"): each entry is
 *   offset 0..1   its length n, big-endian
 *   offset 2..n+1 the record's canonical bytes
 * and nothing else between or after entries.
 * @param buf the bundle
 * @param len its length
 * @param off in: where the entry starts (0 for the first); out: past it
 * @param entry receives a pointer into buf
 * @param elen receives the entry's length
 * @return 1 with an entry, 0 at the end of buf, HR_EVALIDATE when the
 *         bytes left do not hold a whole framed entry
 */
HR_EXTERN(int) hr_bundle_next(const unsigned char *buf, size_t len, size_t *off,
                              const unsigned char **entry, size_t *elen);

/**
 * Read complete-subtree hashes from stored tiles. Pass hr_tile_subtree
 * with a pointer to this struct as the ctx of any hr_merkle_* function.
 */
typedef struct {
	hr_tile_read_fn read; /**< borrowed */
	void *ctx;            /**< passed to read */
	uint64_t size;        /**< the tree size the tiles are read at */
} hr_tile_reader;

/**
 * The hr_merkle_subtree_fn of an hr_tile_reader: the subtree of height
 * 8·L + r (r < 8) is the root of 2^r adjacent hashes of one level-L tile,
 * so each call reads exactly one tile (at its width for the reader's size)
 * and hashes at most 255 nodes.
 * @param ctx a const hr_tile_reader *
 * @return 0, HR_EINVAL when the subtree reaches past the reader's size, or
 *         the read callback's error
 */
HR_EXTERN(int) hr_tile_subtree(void *ctx, unsigned height, uint64_t index, unsigned char out[32]);

/** @} */

HR_END_DECL

#endif
