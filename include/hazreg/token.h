/*
 * hazreg/token.h - bearer tokens for the HTTP API: who may append an
 * organisation's records, review public reports, read private fields.
 *
 * A token is 256 random bits with a public id of 64 random bits, written
 * "hzt_" + base64url(id || secret) without padding. It is shown once, when
 * made; the register keeps only a BLAKE2b-256 hash of id and secret, the
 * role, the organisation, and when the token expires or was revoked, in a
 * table of its own beside the log (tokens are secrets and operational
 * state, not facts of the register: they never enter the log). A token is
 * looked up by its id and its secret compared in constant time, so that
 * the time an answer takes says nothing about the secret.
 */
#ifndef HAZREG_TOKEN_H
#define HAZREG_TOKEN_H

#include "common.h"
#include "register.h"

HR_BEGIN_DECL

/** Roles a token gives, in increasing power: each may do what those before it may. */
typedef enum {
	HR_ROLE_REPORTER = 1, /**< append its own organisation's signed records */
	HR_ROLE_ANALYST = 2,  /**< review public reports, read private fields */
	HR_ROLE_ADMIN = 3,    /**< everything the API offers */
} hr_role;

/** Name of a role ("reporter", "analyst", "admin"), or NULL when unknown. */
HR_EXTERN(const char *) hr_role_name(int role);
/** Role from its name; 0 when unknown. */
HR_EXTERN(int) hr_role_from_name(const char *name);

/** A token's text: "hzt_", 54 base64url characters, the NUL. */
#define HR_TOKEN_BUFSZ 59
/** A token's id: 16 lower-case hex digits and the NUL. */
#define HR_TOKEN_ID_BUFSZ 17
/** Longest organisation a token carries, in bytes. */
#define HR_TOKEN_ORG_MAX 127
/** Longest note, in bytes. */
#define HR_TOKEN_NOTE_MAX 255

/** What a new token may do. */
typedef struct {
	unsigned version;  /**< HR_TOKEN_OPTIONS_VERSION */
	int role;          /**< hr_role */
	const char *org;   /**< organisation: required for a reporter, else optional (NULL) */
	hr_time expires;   /**< when it stops working; must be after now */
	const char *note;  /**< whom it was given to, or NULL */
} hr_token_options;
#define HR_TOKEN_OPTIONS_VERSION 1
#define HR_TOKEN_OPTIONS_INIT {HR_TOKEN_OPTIONS_VERSION, 0, NULL, HR_TIME_NONE, NULL}

/**
 * Make a token and keep its hash in the register.
 * @param token receives the token's text: show it once, keep it nowhere
 * @param id receives its id (for "token revoke" and "token list")
 * @return 0, HR_EINVAL (bad role, missing organisation, an expiry not in
 *         the future, text too long; why in hr_errmsg()), HR_EREADONLY or an error
 */
HR_EXTERN(int) hr_token_new(hr_register *reg, const hr_token_options *opts,
                            char token[HR_TOKEN_BUFSZ], char id[HR_TOKEN_ID_BUFSZ]);

/**
 * Revoke a token: it stops working at once, and stays listed.
 * @return 0, HR_ENOTFOUND, HR_EEXISTS (revoked already) or an error
 */
HR_EXTERN(int) hr_token_revoke(hr_register *reg, const char *id);

/** A token as the register keeps it; never its secret. Borrowed in the callback. */
typedef struct {
	const char *id;
	int role;          /**< hr_role */
	const char *org;   /**< or NULL */
	const char *note;  /**< or NULL */
	hr_time created;
	hr_time expires;
	hr_time revoked;   /**< HR_TIME_NONE while not revoked */
} hr_token_info;

/** Called once per token; a nonzero return stops the walk and is returned. */
typedef int (*hr_token_cb)(void *ctx, const hr_token_info *t);

/** Every token, in id order. Works on a read-only register. @return 0 or an error */
HR_EXTERN(int) hr_token_list(hr_register *reg, hr_token_cb cb, void *ctx);

/** What a presented token turned out to be. */
typedef enum {
	HR_TOKEN_VALID = 0,     /**< known, secret right, not revoked, not expired */
	HR_TOKEN_MALFORMED = 1, /**< not the text of a token */
	HR_TOKEN_UNKNOWN = 2,   /**< no such token, or a wrong secret (not told apart) */
	HR_TOKEN_REVOKED = 3,   /**< the right secret of a revoked token */
	HR_TOKEN_EXPIRED = 4,   /**< the right secret of an expired token */
} hr_token_verdict;

/** Who presents a valid token: a value, copied out. */
typedef struct {
	char id[HR_TOKEN_ID_BUFSZ];
	int role;                        /**< hr_role */
	char org[HR_TOKEN_ORG_MAX + 1];  /**< "" when the token names none */
	hr_time expires;
} hr_token_bearer;

/**
 * Check a presented token. Works on a read-only register.
 * @param text the token's text (need not be NUL-terminated)
 * @param now the time to judge expiry at (hr_time_now())
 * @param verdict receives what the token is
 * @param who when the verdict is HR_TOKEN_VALID, receives whose it is (may be NULL)
 * @return 0 (see verdict) or an error reading the register
 */
HR_EXTERN(int) hr_token_check(hr_register *reg, const char *text, size_t len, hr_time now,
                              hr_token_verdict *verdict, hr_token_bearer *who);

HR_END_DECL

#endif
