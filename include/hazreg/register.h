/*
 * hazreg/register.h - the register: open it, append records, rebuild and
 * check derived state, read the log.
 *
 * There is one write path: hr_register_append() / hr_batch_add(). Each
 * append validates the record, writes its canonical bytes and leaf hash to
 * the log and re-derives the layers it touches, in one transaction.
 */
#ifndef HAZREG_REGISTER_H
#define HAZREG_REGISTER_H

#include "common.h"
#include "merkle.h"
#include "record.h"

HR_BEGIN_DECL

/**
 * A register handle. It may move between threads but is used by one
 * thread at a time (like an SQLite connection opened with
 * SQLITE_OPEN_NOMUTEX): a program that reads from several threads opens
 * one handle per thread, as `hazreg serve` does.
 */
typedef struct hr_register hr_register;

/** Options for hr_register_open(). */
typedef struct {
	unsigned version;  /**< HR_OPEN_OPTIONS_VERSION */
	int create;        /**< create the register when the file is missing */
	int readonly;      /**< refuse writes */
	/**
	 * (version 2) How long a write waits for another process's write to
	 * end before failing with HR_EBUSY, in milliseconds; 0: as long as it
	 * takes. For writers that must answer soon (an API server behind a
	 * long import). PostgreSQL only: a GeoPackage waits 5 s whatever this
	 * says.
	 */
	unsigned lock_wait_ms;
} hr_open_options;
#define HR_OPEN_OPTIONS_VERSION 2
#define HR_OPEN_OPTIONS_INIT {HR_OPEN_OPTIONS_VERSION, 0, 0, 0}

/**
 * Open a register. A plain path (or "gpkg:PATH") is a GeoPackage file.
 * A new register starts with the shipped device-class catalogue as its
 * first records.
 * @param out receives the handle, even on failure when it could be made
 *        (so hr_errmsg() can say why); close it with hr_register_close()
 * @param uri where the register is
 * @param opts NULL for defaults
 * @return 0 or a negative HR_E* code
 */
HR_EXTERN(int) hr_register_open(hr_register **out, const char *uri, const hr_open_options *opts);

/** Nonzero when uri is a PostgreSQL address (postgresql:// or
 * postgres://), which hr_register_open() hands to libpq. */
HR_EXTERN(int) hr_register_uri_is_postgresql(const char *uri);

/** Close a register. NULL is harmless. */
HR_EXTERN(void) hr_register_close(hr_register *reg);

/**
 * The message of the last failure on this handle, borrowed until the next
 * call. Never NULL.
 */
HR_EXTERN(const char *) hr_errmsg(const hr_register *reg);

/** What an append did. */
typedef struct {
	uint64_t index;           /**< log index given to the record */
	unsigned char leaf[32];   /**< its RFC 6962 leaf hash */
	int stale;                /**< 1: its date of information is older than
	                               the state's; kept in history, newer facts won */
	char note[256];           /**< when stale: which facts newer records keep */
} hr_append_info;

/**
 * Append one record in its own transaction.
 * @param rec borrowed; its `appended` time is set
 * @param info receives what happened (may be NULL)
 * @return 0, HR_EVALIDATE (the reason in hr_errmsg()), HR_EIO, HR_EREADONLY...
 */
HR_EXTERN(int) hr_register_append(hr_register *reg, hr_record *rec, hr_append_info *info);

/**
 * Batches: many appends in one transaction, all or nothing.
 * Begin, add records, then commit or abort. Only one batch at a time.
 * @{ */
HR_EXTERN(int) hr_batch_begin(hr_register *reg);
HR_EXTERN(int) hr_batch_add(hr_register *reg, hr_record *rec, hr_append_info *info);
HR_EXTERN(int) hr_batch_commit(hr_register *reg);
HR_EXTERN(void) hr_batch_abort(hr_register *reg);
/** @} */

/** Progress callback for long work: done of total units. Return nonzero to cancel. */
typedef int (*hr_progress_cb)(void *ctx, uint64_t done, uint64_t total);

/**
 * Re-derive every layer from the log alone, in one transaction.
 * @return 0 or an error
 */
HR_EXTERN(int) hr_register_rebuild(hr_register *reg, hr_progress_cb cb, void *ctx);

/**
 * Check the register: every log entry decodes, re-encodes to the same
 * bytes and hashes to its stored leaf hash; indexes are gap-free; the
 * derived layers equal a rebuild from the log (computed in memory, nothing
 * written).
 * @param report receives a text report; caller frees with hr_free() (may be NULL)
 * @return 0 when all holds, HR_ECORRUPT naming the first problem otherwise
 */
HR_EXTERN(int) hr_register_check(hr_register *reg, char **report, hr_progress_cb cb, void *ctx);

/**
 * SHA-256 over the canonical content of all derived layers (key order):
 * equal digests mean equal derived state.
 */
HR_EXTERN(int) hr_register_state_digest(hr_register *reg, unsigned char out[32]);

/** Number of records in the log. */
HR_EXTERN(int) hr_register_log_size(hr_register *reg, uint64_t *out);

/**
 * Read one log entry.
 * @param rec receives the decoded record (private values not filled);
 *        caller frees with hr_record_free(); may be NULL
 * @param leaf receives the stored leaf hash (may be NULL)
 * @return 0, HR_ENOTFOUND or HR_ECORRUPT
 */
HR_EXTERN(int) hr_register_log_get(hr_register *reg, uint64_t idx, hr_record **rec,
                                   unsigned char leaf[32]);

/** A log entry handed to a history callback; everything borrowed. */
typedef struct {
	uint64_t idx;
	const hr_record *rec;
	const unsigned char *leaf;
	hr_time appended;
} hr_entry;
typedef int (*hr_entry_cb)(void *ctx, const hr_entry *e);

/**
 * Every record about a hazardous area (its reports, release parts, items,
 * accidents), in log order.
 * @return 0, HR_ENOTFOUND (no such area) or an error
 */
HR_EXTERN(int) hr_register_history(hr_register *reg, const char *area_id, hr_entry_cb cb, void *ctx);

/**
 * Every record of one subject (a report, a device class, an item...), in
 * log order.
 * @param kind the subject's kind (hr_kind)
 * @return 0, HR_ENOTFOUND (no record of that kind and id) or an error
 */
HR_EXTERN(int) hr_register_subject_history(hr_register *reg, int kind, const char *id,
                                           hr_entry_cb cb, void *ctx);

/**
 * Fill in the private values (and their salts) of a record read from the
 * log, from the table beside the log; each is checked against the
 * commitment the log holds. Personal data: for the authority's own use,
 * never for a public output.
 * @param idx the record's log index
 * @param rec the record as hr_register_log_get() gave it; its private
 *        fields whose value is kept receive it (others stay NULL)
 * @return 0, HR_ECORRUPT (a kept value does not match its commitment) or an error
 */
HR_EXTERN(int) hr_register_private_values(hr_register *reg, uint64_t idx, hr_record *rec);

/**
 * @name The Merkle tree over the log (RFC 6962 / RFC 9162 section 2.1).
 * Complete-subtree hashes are kept as C2SP tlog-tiles in the store, updated
 * in the transaction that appends, so a root or a proof costs O(log n)
 * reads whatever the size of the log. @{ */

/**
 * Tree head of the first `size` records.
 * @param size 0 ... log size
 * @return 0, HR_EINVAL (size beyond the log) or an error
 */
HR_EXTERN(int) hr_register_root(hr_register *reg, uint64_t size, unsigned char out[32]);

/**
 * Inclusion proof of record `index` in the tree of `size` records.
 * @param proof buffer of HR_MERKLE_PROOF_MAX bytes (merkle.h); receives the hashes
 * @param len receives the proof's length in bytes (a multiple of 32)
 */
HR_EXTERN(int) hr_register_inclusion_proof(hr_register *reg, uint64_t index, uint64_t size,
                                           unsigned char *proof, size_t *len);

/** Consistency proof between the trees of `old_size` and `new_size` records. */
HR_EXTERN(int) hr_register_consistency_proof(hr_register *reg, uint64_t old_size,
                                             uint64_t new_size, unsigned char *proof,
                                             size_t *len);

/**
 * The bytes of one C2SP tlog-tiles file of the log at a tree size, as
 * "hazreg log export" writes them and GET /tile/... serves them: a hash
 * tile from the stored tiles (W × 32 bytes), or an entry bundle of the
 * records' stored bytes, each framed as hr_bundle_next() reads it. The
 * bytes are served as stored: holding them to the leaf hashes and tree
 * heads is the auditor's check ("hazreg verify"). Canonical record bytes
 * carry private fields only as salted commitments.
 * A tile of the tree of `size` may be asked for at its width at that size
 * or, being a prefix, at any narrower partial width.
 * @param size the tree size (at most the log size)
 * @param path a tile path, as hr_tile_path_parse() accepts it
 * @param out receives the bytes; caller frees with hr_free()
 * @param len receives their number
 * @return 0, HR_EINVAL (not a tile path, or size beyond the log),
 *         HR_ENOTFOUND (that tree has no such tile, or not that wide; why
 *         in hr_errmsg()), HR_ENOMEM or another error
 */
HR_EXTERN(int) hr_register_tile_read(hr_register *reg, uint64_t size, const char *path,
                                     unsigned char **out, size_t *len);

/** An inclusion proof with everything an auditor checks it against. */
typedef struct {
	uint64_t index;                           /**< the record's log index */
	uint64_t size;                            /**< the tree size, > index */
	unsigned char leaf[32];                   /**< the record's stored leaf hash */
	unsigned char root[32];                   /**< the tree head at size */
	unsigned char proof[HR_MERKLE_PROOF_MAX]; /**< the hashes, RFC 9162 order */
	size_t proof_len;                         /**< bytes in proof, a multiple of 32 */
} hr_inclusion;

/**
 * The inclusion proof of record `index` in the tree of `size` records,
 * with the leaf hash and the tree head ("hazreg log prove").
 * @return 0, HR_EINVAL (index >= size, or size beyond the log; why in
 *         hr_errmsg()) or an error
 */
HR_EXTERN(int) hr_register_prove_inclusion(hr_register *reg, uint64_t index, uint64_t size,
                                           hr_inclusion *out);

/**
 * An inclusion proof as JSON, hashes in lower-case hex:
 * {"index":I,"leaf_hash":H,"size":N,"root":H,"proof":[H,...]}, no newline.
 * @param out caller frees with hr_free()
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_inclusion_to_json(char **out, const hr_inclusion *p);

/** A consistency proof with the two tree heads it links. */
typedef struct {
	uint64_t old_size, new_size;
	unsigned char old_root[32], new_root[32];
	unsigned char proof[HR_MERKLE_PROOF_MAX];
	size_t proof_len;
} hr_consistency;

/**
 * The consistency proof between the trees of old_size and new_size
 * records, with both tree heads ("hazreg log consistency").
 * @return 0, HR_EINVAL (old_size > new_size, or new_size beyond the log)
 *         or an error
 */
HR_EXTERN(int) hr_register_prove_consistency(hr_register *reg, uint64_t old_size,
                                             uint64_t new_size, hr_consistency *out);

/**
 * A consistency proof as JSON, hashes in lower-case hex:
 * {"old_size":M,"old_root":H,"new_size":N,"new_root":H,"proof":[H,...]}, no newline.
 * @param out caller frees with hr_free()
 */
HR_EXTERN(int) hr_consistency_to_json(char **out, const hr_consistency *p);
/** @} */

/**
 * @name Organisations' record-signing keys (org_key records, folded). @{ */

/** A registered key as the register holds it now. */
typedef struct {
	const char *verifier; /**< the verifier key, NAME+KEYID+BASE64 */
	const char *org;      /**< the organisation whose records it signs */
	const char *status;   /**< "active" or "revoked" */
	hr_time doi;          /**< date of information of its latest record */
	uint64_t last_index;  /**< log index of its latest record */
} hr_org_key_row;

/** Called once per key; a nonzero return stops the walk and is returned. */
typedef int (*hr_org_key_cb)(void *ctx, const hr_org_key_row *row);

/**
 * The registered keys of one organisation, or of all when org is NULL.
 * @return 0 or an error
 */
HR_EXTERN(int) hr_register_org_keys(hr_register *reg, const char *org, hr_org_key_cb cb,
                                    void *ctx);
/** @} */

/**
 * @name Signed checkpoints the register issued. The register keeps every
 * checkpoint note it hands out (append-only), so the file itself carries
 * the tree heads it has signed. @{ */

/** A stored checkpoint. */
typedef struct {
	uint64_t seq;     /**< order of issue, from 1 */
	uint64_t size;    /**< the tree size it signs */
	hr_time stored;   /**< when it was stored */
	const char *note; /**< the whole signed note, borrowed for the callback */
	size_t len;       /**< its length in bytes */
} hr_checkpoint_row;

/** Called once per stored checkpoint; a nonzero return stops the walk and is returned. */
typedef int (*hr_checkpoint_cb)(void *ctx, const hr_checkpoint_row *row);

/**
 * Store a signed checkpoint note. Its text must be a C2SP checkpoint
 * whose size is within the log and whose root hash is the register's tree
 * head at that size; signatures are the verifier's business (the register
 * does not hold the trusted keys), but the note must be well-formed. The
 * first stored checkpoint fixes the log's origin; later ones must name it.
 * @param note the whole signed note
 * @param len its length
 * @return 0, HR_EINVAL (not a signed checkpoint note), HR_EVALIDATE (it does
 *         not match the log; why in hr_errmsg()), HR_EREADONLY, or an error
 */
HR_EXTERN(int) hr_register_checkpoint_store(hr_register *reg, const char *note, size_t len);

/**
 * The log's origin (its name in checkpoints), fixed by the first stored
 * checkpoint.
 * @param out receives a copy; free with hr_free()
 * @return 0, HR_ENOTFOUND (no checkpoint stored yet) or an error
 */
HR_EXTERN(int) hr_register_origin(hr_register *reg, char **out);

/** Every stored checkpoint, in the order stored. */
HR_EXTERN(int) hr_register_checkpoints(hr_register *reg, hr_checkpoint_cb cb, void *ctx);
/** @} */

/**
 * @name The register as it stood. The log only grows, so every state the
 * register was ever in is a prefix of it: the first N records. A snapshot
 * answers every query exactly as the register did when its log held those
 * N records, and hr_register_root() of N is the tree head that commits to
 * them. @{ */

/**
 * The number of records appended at or before a time: the length of the
 * longest prefix of the log whose appended times are all <= t. Appended
 * times come from the register's clock and are normally in log order;
 * should the clock have stepped back, a record stamped at or before t that
 * follows one stamped after t is not counted, so the answer is always a
 * state the log really had, never one mixing records from both sides of t.
 * @param t the time
 * @param size receives the count: 0 before the first record, the log size
 *        at or after the last
 * @return 0 or an error (the reason in hr_errmsg())
 */
HR_EXTERN(int) hr_register_size_at(hr_register *reg, hr_time t, uint64_t *size);

/**
 * A read-only register holding the first `size` records of reg: the same
 * record bytes, leaf hashes, appended times and private values, in the
 * same order, with the derived layers rebuilt from them alone, so that
 * queries, history, exports and the risk model answer as reg did when its
 * log held those records. It also keeps reg's log origin; the checkpoints
 * stored in reg are not copied (read them on reg). It lives in a temporary
 * store that is removed when it is closed, and it is independent of reg,
 * which may be closed first. Writes to it fail with HR_EREADONLY.
 * Building it reads the `size` records and rebuilds the layers: its cost
 * is that of hr_register_rebuild() on a register of that size.
 * @param reg the register; no batch may be open on it
 * @param size 0 ... log size
 * @param out receives the snapshot; close it with hr_register_close().
 *        NULL on failure, the reason then in hr_errmsg(reg)
 * @return 0, HR_EINVAL (size beyond the log, or a batch is open),
 *         HR_ECORRUPT, HR_EIO, HR_ENOMEM or another error
 */
HR_EXTERN(int) hr_register_snapshot(hr_register *reg, uint64_t size, hr_register **out);

/**
 * Copy a register into a new one at another address, of the same backend
 * or another (a GeoPackage path, a postgresql:// address): the log byte
 * for byte with its private values, the log's origin, the signed
 * checkpoints and the access tokens; the layers and Merkle tiles derived
 * again there. The copy must then have from's tree head and state digest,
 * or it is refused. The destination is left as the copy made it, or
 * partly written on failure: remove it then.
 * @param from the register; no batch may be open on it; nothing is written to it
 * @param to_uri where the copy goes: a new file, or a database without a register
 * @param size receives the number of records copied (may be NULL)
 * @param root receives the tree head both hold (may be NULL)
 * @return 0, HR_EEXISTS (the destination holds a register), HR_ECORRUPT
 *         (the copy differs), HR_EIO, HR_ENOMEM or another error; the
 *         reason in hr_errmsg(from)
 */
HR_EXTERN(int) hr_register_copy(hr_register *from, const char *to_uri, uint64_t *size,
                                unsigned char root[32]);
/** @} */

HR_END_DECL

#endif
