/*
 * hazreg/record.h - records: the only thing that ever enters the register.
 *
 * A record is a kind plus a list of tagged fields. Which fields a kind
 * takes, their types, which are required, repeated or private, and their
 * names in GeoJSON/CSV all come from one schema table (hr_schema_*), so that
 * the canonical encoder, the importers, the exporters and the docs agree.
 * Records are values: no I/O, no handle.
 */
#ifndef HAZREG_RECORD_H
#define HAZREG_RECORD_H

#include "common.h"

HR_BEGIN_DECL

/** Record kinds (IMAS vocabulary). Values are part of the log format. */
typedef enum {
	HR_KIND_AREA = 1,     /**< hazardous area reported or updated (SHA/CHA) */
	HR_KIND_RELEASE = 2,  /**< land-release part: cancelled, reduced, cleared */
	HR_KIND_ITEM = 3,     /**< explosive-ordnance item found */
	HR_KIND_ACCIDENT = 4, /**< accident, with victims (private) */
	HR_KIND_EORE = 5,     /**< explosive ordnance risk education session */
	HR_KIND_CLASS = 6,    /**< device-class catalogue entry */
	HR_KIND_ORG_KEY = 7,  /**< an organisation's record-signing key, registered or revoked */
	HR_KIND_REPORT = 8,   /**< a member of the public's report of a suspicious item, and
	                           its review (received, reviewed, tasked, closed) */
	HR_KIND_ADM_AREA = 9, /**< an administrative area (boundary), its id the OCHA p-code */
} hr_kind;
#define HR_KIND_MAX 9

/** Field value types. Values are part of the log format. */
typedef enum {
	HR_FT_TEXT = 1,   /**< UTF-8 text */
	HR_FT_ENUM = 2,   /**< one of the schema's words */
	HR_FT_INT = 3,    /**< signed 64-bit integer */
	HR_FT_REAL = 4,   /**< finite binary64 */
	HR_FT_TIME = 5,   /**< hr_time */
	HR_FT_BOOL = 6,   /**< 0 or 1 */
	HR_FT_GEOM = 7,   /**< WGS84 geometry as 2D little-endian WKB */
	HR_FT_CONTAM = 8, /**< contamination entry (hr_contam) */
	HR_FT_PRIVATE = 9, /**< private text, entering the log as a salted commitment */
	HR_FT_SIG = 10     /**< Ed25519 signature of the record by its organisation */
} hr_ftype;

/**
 * Field tags. One number space for all kinds; a tag keeps its meaning in
 * every kind that takes it. Values are part of the log format.
 */
typedef enum {
	HR_F_ID = 1,            /**< the subject's id (area, part, item...) */
	HR_F_ORG = 2,           /**< reporting organisation */
	HR_F_DOI = 3,           /**< date of information */
	HR_F_NOTE = 4,          /**< free remark */
	HR_F_GEOM = 5,          /**< perimeter / location */
	HR_F_PCODE = 6,         /**< OCHA p-code of the administrative area */
	HR_F_AREA_ID = 7,       /**< the hazardous area this record is about */
	HR_F_NAME = 8,          /**< place name */
	HR_F_SIGNATURE = 9,     /**< the organisation's signature of the record */
	HR_F_CLASSIFICATION = 16, /**< SHA or CHA */
	HR_F_STATUS = 17,       /**< open, worked_on, closed */
	HR_F_BENCHMARK = 18,    /**< benchmark point */
	HR_F_CONTAM = 19,       /**< contamination entries (repeated) */
	HR_F_EVIDENCE_TYPE = 20,/**< kind of evidence */
	HR_F_EVIDENCE = 21,     /**< evidence, described */
	HR_F_INFORMANT = 22,    /**< informant's name/contact (private) */
	HR_F_BENEFICIARIES = 23,/**< people who benefit from release */
	HR_F_RELEASE = 32,      /**< cancelled, reduced, cleared */
	HR_F_METHOD = 33,       /**< nts, ts, clearance */
	HR_F_DEPTH_CM = 34,     /**< clearance or find depth, centimetres */
	HR_F_RELEASED_AT = 35,  /**< when the part was released (default: doi) */
	HR_F_ITEMS_FOUND = 36,  /**< number of items found in the part */
	HR_F_CATEGORY = 48,     /**< EO category */
	HR_F_DEVICE_CLASS = 49, /**< catalogue class id */
	HR_F_CONDITION = 50,    /**< live, sd_functioned, sda_inert, inert, unknown */
	HR_F_FOUND_AT = 51,     /**< when found (default: doi) */
	HR_F_FINDER = 52,       /**< finder's name/contact (private) */
	HR_F_QUANTITY = 53,     /**< number of items */
	HR_F_OCCURRED_AT = 64,  /**< when the accident happened */
	HR_F_DEMINING = 65,     /**< accident during demining */
	HR_F_KILLED = 66,       /**< people killed */
	HR_F_INJURED = 67,      /**< people injured */
	HR_F_VICTIM = 68,       /**< one victim's particulars (private, repeated) */
	HR_F_HELD_AT = 80,      /**< when the EORE session was held (default: doi) */
	HR_F_GIRLS = 81,        /**< beneficiaries: girls (<18) */
	HR_F_BOYS = 82,         /**< beneficiaries: boys (<18) */
	HR_F_WOMEN = 83,        /**< beneficiaries: women */
	HR_F_MEN = 84,          /**< beneficiaries: men */
	HR_F_PERSISTENT = 96,   /**< class: no self-destruct at all */
	HR_F_SD_MIN_H = 97,     /**< class: SD window start, hours after emplacement */
	HR_F_SD_MAX_H = 98,     /**< class: SD window end, hours */
	HR_F_SD_FAIL_OPT = 99,  /**< class: P(SD fails), optimistic bound */
	HR_F_SD_FAIL_CONS = 100,/**< class: P(SD fails), conservative bound */
	HR_F_SDA_BY_H = 101,    /**< class: backup SDA has acted by, hours */
	HR_F_SDA_LIVE_OPT = 102,/**< class: P(live after SDA), optimistic */
	HR_F_SDA_LIVE_CONS = 103,/**< class: P(live after SDA), conservative */
	HR_F_SOURCE = 104,      /**< class: source of the figures */
	HR_F_KEY_STATUS = 112,  /**< org key: active or revoked */
	HR_F_REPORT_STATUS = 120, /**< public report: received, reviewed, tasked, closed */
	HR_F_DESCRIPTION = 121, /**< public report: what was seen, in the reporter's words (private) */
	HR_F_CONTACT = 122,     /**< public report: how to reach the reporter (private) */
	HR_F_REVIEW_NOTE = 123, /**< public report: the reviewer's note on a status change (private) */
	HR_F_ADM_LEVEL = 128,   /**< administrative area: level (1 oblast, 2 raion) */
	HR_F_NAME_UK = 129,     /**< administrative area: name in Ukrainian */
	HR_F_PARENT_PCODE = 130,/**< administrative area: p-code of the area it lies in */
} hr_tag;

/** Unknown device count in a contamination entry. */
#define HR_COUNT_UNKNOWN (-1)

/** One contamination entry of a hazardous area. */
typedef struct {
	char *device_class;         /**< catalogue class id, owned by the record */
	int64_t count;              /**< devices, or HR_COUNT_UNKNOWN */
	int confirmed;              /**< 1 confirmed (direct evidence), 0 suspected */
	hr_time emplaced_earliest;  /**< or HR_TIME_NONE */
	hr_time emplaced_latest;    /**< or HR_TIME_NONE */
} hr_contam;

/** One field's value. Which member is live follows `type`. */
typedef struct {
	uint8_t tag;   /**< hr_tag */
	uint8_t type;  /**< hr_ftype */
	union {
		char *text;     /**< TEXT, ENUM: owned NUL-terminated UTF-8 */
		int64_t i;      /**< INT, BOOL */
		double r;       /**< REAL */
		hr_time t;      /**< TIME */
		struct {
			unsigned char *wkb;
			size_t len;
		} geom;         /**< GEOM: owned WKB */
		hr_contam contam; /**< CONTAM */
		struct {
			char *value;          /**< plaintext, or NULL when not known */
			unsigned char salt[16];
			unsigned char hash[32]; /**< SHA-256(salt || value) */
		} priv;         /**< PRIVATE */
		struct {
			uint32_t key_id;        /**< C2SP key ID of the signing key */
			unsigned char sig[64];  /**< Ed25519 signature */
		} sig;          /**< SIG */
	} u;
} hr_value;

/** A record. Created with hr_record_new(), freed with hr_record_free(). */
typedef struct {
	hr_kind kind;
	hr_time appended;  /**< set by the register when appended; else HR_TIME_NONE */
	size_t n;          /**< number of fields */
	size_t cap;
	hr_value *v;       /**< fields, kept sorted by tag (stable for repeats) */
} hr_record;

/**
 * Make an empty record of a kind.
 * @param out receives the record; caller frees with hr_record_free()
 * @return 0, HR_EINVAL (unknown kind) or HR_ENOMEM
 */
HR_EXTERN(int) hr_record_new(hr_record **out, hr_kind kind);
/** Free a record and everything it owns. NULL is harmless. */
HR_EXTERN(void) hr_record_free(hr_record *rec);

/** @name Setters. Each copies its input; the record owns the copy.
 * A non-repeated tag replaces a previous value. They check the tag belongs
 * to the kind and has that type (HR_EINVAL otherwise); values themselves
 * are checked by hr_record_validate(). @{ */
HR_EXTERN(int) hr_record_set_text(hr_record *rec, int tag, const char *s);
HR_EXTERN(int) hr_record_set_int(hr_record *rec, int tag, int64_t i);
HR_EXTERN(int) hr_record_set_real(hr_record *rec, int tag, double r);
HR_EXTERN(int) hr_record_set_time(hr_record *rec, int tag, hr_time t);
HR_EXTERN(int) hr_record_set_geom(hr_record *rec, int tag, const unsigned char *wkb, size_t len);
HR_EXTERN(int) hr_record_add_contam(hr_record *rec, const hr_contam *c);
/** Private text: draws a fresh random salt and computes the commitment. */
HR_EXTERN(int) hr_record_set_private(hr_record *rec, int tag, const char *value);
/**
 * Private text with a salt the caller gives: the commitment a signer has
 * already signed (a signed record sent with its salts, docs/formats.md).
 * @param salt 16 bytes, copied
 */
HR_EXTERN(int) hr_record_set_private_salted(hr_record *rec, int tag, const char *value,
                                            const unsigned char salt[16]);
/** @} */

/**
 * Find a field.
 * @param nth 0 for the first value of the tag, 1 for the second (repeats)
 * @return the value, borrowed from rec, or NULL when absent
 */
HR_EXTERN(const hr_value *) hr_record_get(const hr_record *rec, int tag, size_t nth);
/** Text of a TEXT/ENUM field, borrowed, or NULL. */
HR_EXTERN(const char *) hr_record_text(const hr_record *rec, int tag);
/** Time of a TIME field, or HR_TIME_NONE. */
HR_EXTERN(hr_time) hr_record_time(const hr_record *rec, int tag);

/**
 * Check a record against its kind's schema: required fields present, enum
 * words known, text UTF-8, reals finite and in range, geometry of the right
 * type, valid (GEOS) and within WGS84 bounds, times in order.
 * @param errbuf receives the first problem as "field: reason" (may be NULL)
 * @return 0 or HR_EVALIDATE
 */
HR_EXTERN(int) hr_record_validate(const hr_record *rec, char *errbuf, size_t errlen);

/**
 * Encode a record in its canonical byte form (docs/log-format.md).
 * @param out receives the bytes; caller frees with hr_free()
 * @param outlen receives their length
 * @return 0, HR_EINVAL (record lacks a required field) or HR_ENOMEM
 */
HR_EXTERN(int) hr_record_encode(unsigned char **out, size_t *outlen, const hr_record *rec);

/**
 * Decode canonical bytes. Strict: exactly one byte string encodes a
 * record, so decode then encode gives the same bytes. Private fields come
 * back with their commitment only (value NULL).
 * @param out receives the record; caller frees with hr_record_free()
 * @param errbuf receives the reason and byte offset on failure (may be NULL)
 * @return 0 or HR_ECORRUPT
 */
HR_EXTERN(int) hr_record_decode(hr_record **out, const unsigned char *buf, size_t len,
                                char *errbuf, size_t errlen);

/**
 * RFC 6962 leaf hash of canonical bytes: SHA-256(0x00 || bytes).
 */
HR_EXTERN(void) hr_leaf_hash(unsigned char out[32], const unsigned char *bytes, size_t len);

/**
 * @name Organisation signatures. A record may carry the Ed25519 signature
 * of the organisation it names (field `signature`, tag 9). The signed
 * message is HR_RECORD_SIG_CONTEXT followed by the record's canonical bytes
 * with `appended` set to 0 (the register sets it later) and without the
 * signature field; private fields enter as their salted commitments, so a
 * signature can be checked from the public log alone. The signature's key
 * ID is the C2SP note key ID of the signer key (note.h). @{ */
#define HR_RECORD_SIG_CONTEXT "hazreg record signature v1\n"

/**
 * The bytes an organisation signs for a record.
 * @param out receives them; caller frees with hr_free()
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_record_signed_message(unsigned char **out, size_t *outlen,
                                        const hr_record *rec);

/**
 * Sign a record: sets its `signature` field (replacing one there).
 * @param key_id the signer key's C2SP key ID (hr_key_id())
 * @param seed the signer key's 32-byte Ed25519 seed
 * @return 0, HR_EINVAL or HR_ENOMEM
 */
HR_EXTERN(int) hr_record_sign(hr_record *rec, uint32_t key_id, const unsigned char seed[32]);

/**
 * Check a record's signature with one public key.
 * @return 0 when it verifies; HR_ENOTFOUND when the record is unsigned;
 *         HR_EVALIDATE when the key ID differs or the signature is bad
 */
HR_EXTERN(int) hr_record_verify(const hr_record *rec, uint32_t key_id, const unsigned char pub[32]);

/** Length of a signature's text with its NUL (hr_signature_text()). */
#define HR_SIGNATURE_TEXT_BUFSZ 93

/**
 * A signature field as GeoJSON carries it: standard base64, with padding,
 * of the key ID (4 bytes, big-endian) and the Ed25519 signature (64).
 * @param v a value of type HR_FT_SIG
 * @return out
 */
HR_EXTERN(char *) hr_signature_text(char out[HR_SIGNATURE_TEXT_BUFSZ], const hr_value *v);

/** One key an organisation has registered, as the signature rule sees it. */
typedef struct {
	uint32_t key_id;          /**< C2SP key ID */
	unsigned char pub[32];    /**< Ed25519 public key */
	const char *name;         /**< key name, for messages */
	int active;               /**< 0 once revoked */
} hr_org_key;

/**
 * The register's rule for a record and the keys its organisation has
 * registered so far (in log order): a signed record must verify with an
 * active key of that organisation; an unsigned record is refused when the
 * organisation has an active key. Key registrations themselves
 * (HR_KIND_ORG_KEY) and public reports (HR_KIND_REPORT, which come from
 * the public and the register's reviewers, not from an organisation) are
 * not held to the rule.
 * @param signed_out if not NULL, set to 1 when the record carries a
 *        signature that verified, 0 when it is unsigned
 * @param err receives the reason on refusal (may be NULL)
 * @return 0, or HR_EVALIDATE
 */
HR_EXTERN(int) hr_record_check_org_signature(const hr_record *rec, const hr_org_key *keys,
                                             size_t nkeys, int *signed_out, char *err,
                                             size_t errlen);
/** @} */

/** @name The schema, for importers, exporters and docs. @{ */
typedef struct {
	int tag;             /**< hr_tag */
	const char *name;    /**< property name in GeoJSON/CSV */
	hr_ftype type;
	unsigned flags;      /**< HR_FIELD_* */
	const char *const *words; /**< ENUM: NULL-terminated list of words */
	const char *doc;     /**< one line for docs and --help */
} hr_field_def;
#define HR_FIELD_REQUIRED 1u /**< must be present */
#define HR_FIELD_REPEAT 2u   /**< may appear more than once */
#define HR_FIELD_PRIVATE 4u  /**< personal data: never in a public output */

/** Name of a kind ("area", "release", ...), or NULL when unknown. */
HR_EXTERN(const char *) hr_kind_name(int kind);
/** Kind from its name; 0 when unknown. */
HR_EXTERN(int) hr_kind_from_name(const char *name);
/**
 * The fields a kind takes, in tag order.
 * @param n receives their number
 * @return a static table, or NULL for an unknown kind
 */
HR_EXTERN(const hr_field_def *) hr_schema_fields(int kind, size_t *n);
/** One field's definition for a kind, by tag or by name; NULL when absent. */
HR_EXTERN(const hr_field_def *) hr_schema_field(int kind, int tag);
HR_EXTERN(const hr_field_def *) hr_schema_field_by_name(int kind, const char *name);
/** @} */

HR_END_DECL

#endif
