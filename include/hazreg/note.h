/*
 * hazreg/note.h - signed notes, Ed25519 note keys and log checkpoints, in
 * the formats of C2SP signed-note and C2SP tlog-checkpoint, so that the
 * register's checkpoints can be checked with tools nobody here wrote.
 *
 * Everything here is a pure function over bytes: no handle, no I/O, no
 * global state. Failures return a negative HR_E* code and, when the caller
 * passes an err buffer, a message naming the line and the reason.
 *
 *   - HR_EINVAL    malformed input (note, key, checkpoint) or bad argument
 *   - HR_EVALIDATE a well-formed note that does not verify
 *   - HR_ENOMEM    out of memory
 */
#ifndef HAZREG_NOTE_H
#define HAZREG_NOTE_H

#include "common.h"

HR_BEGIN_DECL

/** Longest key name hazreg keeps in a key struct, in bytes. */
#define HR_KEY_NAME_MAX 255
/** Ed25519 public key and seed lengths. */
#define HR_KEY_PUBLIC_LEN 32
#define HR_KEY_SEED_LEN 32
/** Buffer for a formatted verifier key: name, '+', 8 hex, '+', 44 base64, NUL. */
#define HR_KEY_VERIFIER_BUFSZ (HR_KEY_NAME_MAX + 1 + 8 + 1 + 44 + 1)
/** Buffer for a formatted signer key: "PRIVATE+KEY+" then as a verifier key. */
#define HR_KEY_SIGNER_BUFSZ (12 + HR_KEY_VERIFIER_BUFSZ)

/** Longest note text accepted, in bytes (1 MiB). */
#define HR_NOTE_TEXT_MAX (1024 * 1024)
/** Most signature lines accepted in one note. */
#define HR_NOTE_SIGS_MAX 100
/** Longest decoded signature accepted, key ID included (room for post-quantum ones). */
#define HR_NOTE_SIG_MAX 8192
/** Longest whole note accepted: the text plus 100 maximal signature lines. */
#define HR_NOTE_SIZE_MAX (HR_NOTE_TEXT_MAX + HR_NOTE_SIGS_MAX * (HR_NOTE_SIG_MAX * 2))

/** Length of a checkpoint root hash (RFC 6962 SHA-256). */
#define HR_CHECKPOINT_ROOT_LEN 32

/**
 * A verifier (public) key: what an auditor trusts. A plain value.
 * Text form: "NAME+KEYID+BASE64(0x01 || pub)", KEYID 8 lowercase hex digits.
 */
typedef struct {
	char name[HR_KEY_NAME_MAX + 1]; /**< NUL-terminated key name */
	uint32_t id;                    /**< key ID, see hr_key_id() */
	uint8_t pub[HR_KEY_PUBLIC_LEN]; /**< Ed25519 public key */
} hr_key_verifier;

/**
 * A signer (private) key. Holds secret bytes: wipe it with
 * hr_key_signer_wipe() when done. Text form:
 * "PRIVATE+KEY+NAME+KEYID+BASE64(0x01 || seed)".
 */
typedef struct {
	char name[HR_KEY_NAME_MAX + 1];  /**< NUL-terminated key name */
	uint32_t id;                     /**< key ID, see hr_key_id() */
	uint8_t pub[HR_KEY_PUBLIC_LEN];  /**< Ed25519 public key */
	uint8_t seed[HR_KEY_SEED_LEN];   /**< Ed25519 secret seed (RFC 8032) */
} hr_key_signer;

/**
 * Check a key name: non-empty, valid UTF-8, no '+', no Unicode space, no
 * control character. Length is not limited here.
 * @param name the name, need not be NUL-terminated
 * @param len its length in bytes
 * @return 0, or HR_EINVAL
 */
HR_EXTERN(int) hr_key_name_check(const char *name, size_t len);

/**
 * The key ID of an Ed25519 note key: the first 4 bytes, big-endian, of
 * SHA-256(name || 0x0A || 0x01 || pub).
 * @param name key name (not checked here)
 * @param len length of name
 * @param pub 32-byte public key
 * @return the key ID
 */
HR_EXTERN(uint32_t) hr_key_id(const char *name, size_t len, const uint8_t pub[HR_KEY_PUBLIC_LEN]);

/**
 * Make a new signer key from libsodium's random generator.
 * @param out receives the key; wipe it with hr_key_signer_wipe()
 * @param name NUL-terminated key name, at most HR_KEY_NAME_MAX bytes
 * @return 0, HR_EINVAL for a bad name, HR_ERROR if libsodium cannot start
 */
HR_EXTERN(int) hr_key_generate(hr_key_signer *out, const char *name);

/**
 * Make the signer key of a given seed (tests, known keys).
 * @param out receives the key
 * @param name NUL-terminated key name, at most HR_KEY_NAME_MAX bytes
 * @param seed 32-byte Ed25519 secret seed
 * @return 0, HR_EINVAL for a bad name
 */
HR_EXTERN(int) hr_key_from_seed(hr_key_signer *out, const char *name,
                                const uint8_t seed[HR_KEY_SEED_LEN]);

/**
 * The verifier key of a signer key.
 * @param out receives the public half
 * @param sk the signer key
 */
HR_EXTERN(void) hr_key_verifier_of(hr_key_verifier *out, const hr_key_signer *sk);

/** Zero a signer key's bytes so the seed does not linger in memory. NULL is harmless. */
HR_EXTERN(void) hr_key_signer_wipe(hr_key_signer *sk);

/**
 * Format a verifier key as "NAME+KEYID+BASE64".
 * @param buf receives the NUL-terminated text
 * @param bufsz size of buf; HR_KEY_VERIFIER_BUFSZ always suffices
 * @param vk the key
 * @return 0, or HR_EINVAL (bad name, buffer too small)
 */
HR_EXTERN(int) hr_key_verifier_format(char *buf, size_t bufsz, const hr_key_verifier *vk);

/**
 * Format a signer key as "PRIVATE+KEY+NAME+KEYID+BASE64". The text is a
 * secret: wipe buf after use.
 * @param buf receives the NUL-terminated text
 * @param bufsz size of buf; HR_KEY_SIGNER_BUFSZ always suffices
 * @param sk the key
 * @return 0, or HR_EINVAL (bad name, buffer too small)
 */
HR_EXTERN(int) hr_key_signer_format(char *buf, size_t bufsz, const hr_key_signer *sk);

/**
 * Parse a verifier key. Checks the name, the key ID against the name and
 * public key, the algorithm byte (0x01, Ed25519) and that the public key
 * is a valid Ed25519 point.
 * @param out receives the key
 * @param s the text, need not be NUL-terminated, no trailing newline
 * @param len its length in bytes
 * @param err receives the reason on failure; may be NULL
 * @param errsz size of err
 * @return 0, or HR_EINVAL
 */
HR_EXTERN(int) hr_key_verifier_parse(hr_key_verifier *out, const char *s, size_t len, char *err,
                                     size_t errsz);

/**
 * Parse a signer key. Checks as hr_key_verifier_parse(), the key ID being
 * that of the public key derived from the seed.
 * @param out receives the key; wipe it with hr_key_signer_wipe()
 * @param s the text, need not be NUL-terminated, no trailing newline
 * @param len its length in bytes
 * @param err receives the reason on failure; may be NULL
 * @param errsz size of err
 * @return 0, or HR_EINVAL
 */
HR_EXTERN(int) hr_key_signer_parse(hr_key_signer *out, const char *s, size_t len, char *err,
                                   size_t errsz);

/**
 * Check that a text can be the text of a note: non-empty, at most
 * HR_NOTE_TEXT_MAX bytes, valid UTF-8, no ASCII control character other
 * than newline, ending in a newline.
 * @param text the text
 * @param len its length
 * @param err receives "line N: reason" on failure; may be NULL
 * @param errsz size of err
 * @return 0, or HR_EINVAL
 */
HR_EXTERN(int) hr_note_text_check(const char *text, size_t len, char *err, size_t errsz);

/**
 * Sign a text with one or more signer keys:
 * "TEXT" "\n" then, per signer, U+2014 " " NAME " " BASE64(keyid || sig) "\n".
 * @param out receives the NUL-terminated note; caller frees with hr_free()
 * @param outlen receives its length without the NUL; may be NULL
 * @param text the text, checked as by hr_note_text_check()
 * @param len its length
 * @param signers the keys, at least one, at most HR_NOTE_SIGS_MAX, no two
 *        with the same name and key ID
 * @param nsigners how many
 * @param err receives the reason on failure; may be NULL
 * @param errsz size of err
 * @return 0, HR_EINVAL, or HR_ENOMEM
 */
HR_EXTERN(int) hr_note_sign(char **out, size_t *outlen, const char *text, size_t len,
                            const hr_key_signer *signers, size_t nsigners, char *err,
                            size_t errsz);

/** What hr_note_open() found in a note that verified. */
typedef struct {
	const char *text; /**< the note text, borrowed from the message */
	size_t text_len;  /**< its length, final newline included */
	size_t nsigs;     /**< signature lines, known keys or not */
	size_t nverified; /**< distinct known keys whose signature verified (>= 1) */
} hr_note;

/**
 * Open a signed note: check its structure, verify every signature by a
 * known key (name and key ID both match), ignore the others. The note is
 * refused when any signature by a known key fails, or when none verifies.
 * @param out receives the text and counts; borrowed from msg
 * @param msg the whole note
 * @param len its length in bytes
 * @param keys the trusted verifier keys
 * @param nkeys how many (0 refuses every note)
 * @param key_ok if not NULL, nkeys bytes: set to 1 for each key that
 *        verified a signature, 0 otherwise
 * @param err receives "line N: reason" on failure; may be NULL
 * @param errsz size of err
 * @return 0; HR_EINVAL for a malformed note or two different trusted keys
 *         sharing name and key ID; HR_EVALIDATE for a bad signature by a
 *         known key or no verified known key
 */
HR_EXTERN(int) hr_note_open(hr_note *out, const char *msg, size_t len, const hr_key_verifier *keys,
                            size_t nkeys, unsigned char *key_ok, char *err, size_t errsz);

/**
 * A log checkpoint (C2SP tlog-checkpoint note text). A plain value; its
 * strings are borrowed.
 */
typedef struct {
	const char *origin;   /**< log identity, non-empty, no newline */
	size_t origin_len;    /**< its length */
	uint64_t size;        /**< tree size: number of leaves */
	uint8_t root[HR_CHECKPOINT_ROOT_LEN]; /**< RFC 6962 root hash */
	const char *ext;      /**< extension lines, each non-empty and ending in
	                           '\n'; NULL or "" for none (the usual case) */
	size_t ext_len;       /**< their length */
} hr_checkpoint;

/**
 * Format a checkpoint as note text: ORIGIN "\n" SIZE "\n" BASE64(root) "\n" EXT.
 * @param out receives the NUL-terminated text; caller frees with hr_free()
 * @param outlen receives its length without the NUL; may be NULL
 * @param cp the checkpoint
 * @param err receives the reason on failure; may be NULL
 * @param errsz size of err
 * @return 0, HR_EINVAL, or HR_ENOMEM
 */
HR_EXTERN(int) hr_checkpoint_format(char **out, size_t *outlen, const hr_checkpoint *cp, char *err,
                                    size_t errsz);

/**
 * Parse checkpoint note text (the text only, not a signed note).
 * @param out receives the checkpoint; its strings are borrowed from text
 * @param text the note text
 * @param len its length
 * @param err receives "line N: reason" on failure; may be NULL
 * @param errsz size of err
 * @return 0, or HR_EINVAL
 */
HR_EXTERN(int) hr_checkpoint_parse(hr_checkpoint *out, const char *text, size_t len, char *err,
                                   size_t errsz);

/**
 * Format a checkpoint and sign it: a signed checkpoint note.
 * @param out receives the NUL-terminated note; caller frees with hr_free()
 * @param outlen receives its length without the NUL; may be NULL
 * @param cp the checkpoint
 * @param signers the keys (see hr_note_sign())
 * @param nsigners how many
 * @param err receives the reason on failure; may be NULL
 * @param errsz size of err
 * @return 0, HR_EINVAL, or HR_ENOMEM
 */
HR_EXTERN(int) hr_checkpoint_sign(char **out, size_t *outlen, const hr_checkpoint *cp,
                                  const hr_key_signer *signers, size_t nsigners, char *err,
                                  size_t errsz);

/**
 * Open a signed checkpoint note: hr_note_open(), then hr_checkpoint_parse()
 * of its text.
 * @param out receives the checkpoint; its strings are borrowed from msg
 * @param msg the whole signed note
 * @param len its length
 * @param keys the trusted verifier keys
 * @param nkeys how many
 * @param err receives the reason on failure; may be NULL
 * @param errsz size of err
 * @return 0, HR_EINVAL or HR_EVALIDATE as hr_note_open()
 */
HR_EXTERN(int) hr_checkpoint_open(hr_checkpoint *out, const char *msg, size_t len,
                                  const hr_key_verifier *keys, size_t nkeys, char *err,
                                  size_t errsz);

HR_END_DECL

#endif
