/*
 * token.c - bearer tokens of the HTTP API (token.h): made from the system's
 * random source, shown once, kept as a hash beside the log through the
 * backend (never in the log), checked by id and a constant-time comparison.
 *
 * The text of a token:
 *
 *   "hzt_" base64url-nopad( id[8] || secret[32] )      58 characters
 *
 * The id is public (token list, revoke); the hash kept is
 * BLAKE2b-256( "hazreg token v1" || id || secret ), so that a hash read from
 * a copy of the file can be neither presented as a token nor moved to
 * another id.
 */
#include "core/register_int.h"

#include <sodium.h>
#include <string.h>

#define TOKEN_PREFIX "hzt_"
#define ID_BYTES 8
#define SECRET_BYTES 32
#define HASH_CONTEXT "hazreg token v1"

static const char *const role_names[] = {NULL, "reporter", "analyst", "admin"};

const char *hr_role_name(int role)
{
	return role >= HR_ROLE_REPORTER && role <= HR_ROLE_ADMIN ? role_names[role] : NULL;
}

int hr_role_from_name(const char *name)
{
	for (int r = HR_ROLE_REPORTER; name && r <= HR_ROLE_ADMIN; r++)
		if (strcmp(role_names[r], name) == 0)
			return r;
	return 0;
}

static void token_hash(unsigned char out[32], const unsigned char id[ID_BYTES],
                       const unsigned char secret[SECRET_BYTES])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)HASH_CONTEXT, strlen(HASH_CONTEXT));
	crypto_generichash_update(&st, id, ID_BYTES);
	crypto_generichash_update(&st, secret, SECRET_BYTES);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof st);
}

/* Text that may go into the table: NULL, or UTF-8 of 1 to max bytes. */
static int text_ok(const char *s, size_t max)
{
	size_t len = s ? strlen(s) : 0;
	return !s || (len > 0 && len <= max && hr_record__utf8_ok(s, len));
}

int hr_token_new(hr_register *reg, const hr_token_options *o, char token[HR_TOKEN_BUFSZ],
                 char id[HR_TOKEN_ID_BUFSZ])
{
	unsigned char raw[ID_BYTES + SECRET_BYTES], hash[32];
	hr_token_row row;
	hr_time now = hr_time_now();
	char t[HR_TIME_BUFSZ];
	int rc;
	if (!reg || !o || !token || !id)
		return HR_EINVAL;
	if (o->version != HR_TOKEN_OPTIONS_VERSION)
		return HR_EVERSION;
	if (!hr_role_name(o->role)) {
		hr_reg__err(reg, "role: a token's role is reporter, analyst or admin");
		return HR_EINVAL;
	}
	if (o->role == HR_ROLE_REPORTER && !o->org) {
		hr_reg__err(reg, "org: a reporter's token names the organisation it appends for");
		return HR_EINVAL;
	}
	if (!text_ok(o->org, HR_TOKEN_ORG_MAX) || !text_ok(o->note, HR_TOKEN_NOTE_MAX)) {
		hr_reg__err(reg, "%s: must be UTF-8 text of 1 to %d bytes",
		            text_ok(o->org, HR_TOKEN_ORG_MAX) ? "note" : "org",
		            text_ok(o->org, HR_TOKEN_ORG_MAX) ? HR_TOKEN_NOTE_MAX : HR_TOKEN_ORG_MAX);
		return HR_EINVAL;
	}
	if (o->expires == HR_TIME_NONE || o->expires <= now) {
		hr_reg__err(reg, "expires: a token must expire after now (%s)", hr_time_format(t, now));
		return HR_EINVAL;
	}
	if (reg->readonly) {
		hr_reg__err(reg, "the register is open read-only");
		return HR_EREADONLY;
	}
	randombytes_buf(raw, sizeof raw);
	token_hash(hash, raw, raw + ID_BYTES);
	sodium_bin2hex(id, HR_TOKEN_ID_BUFSZ, raw, ID_BYTES);
	memcpy(token, TOKEN_PREFIX, strlen(TOKEN_PREFIX));
	sodium_bin2base64(token + strlen(TOKEN_PREFIX), HR_TOKEN_BUFSZ - strlen(TOKEN_PREFIX), raw,
	                  sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	row.t.id = id;
	row.t.role = o->role;
	row.t.org = o->org;
	row.t.note = o->note;
	row.t.created = now;
	row.t.expires = o->expires;
	row.t.revoked = HR_TIME_NONE;
	row.hash = hash;
	if ((rc = reg->be->token_put(reg->be, &row))) {
		sodium_memzero(token, HR_TOKEN_BUFSZ);
		return hr_reg__be_err(reg, rc, "storing the token");
	}
	return 0;
}

int hr_token_revoke(hr_register *reg, const char *id)
{
	int rc;
	if (!reg || !id)
		return HR_EINVAL;
	if (reg->readonly) {
		hr_reg__err(reg, "the register is open read-only");
		return HR_EREADONLY;
	}
	rc = reg->be->token_revoke(reg->be, id, hr_time_now());
	if (rc == HR_ENOTFOUND)
		hr_reg__err(reg, "no token %s in the register", id);
	else if (rc == HR_EEXISTS)
		hr_reg__err(reg, "token %s is revoked already", id);
	else if (rc)
		return hr_reg__be_err(reg, rc, "revoking the token");
	return rc;
}

typedef struct {
	hr_token_cb cb;
	void *ctx;
} list_ctx;

static int list_cb(void *ctx, const hr_token_row *row)
{
	list_ctx *l = ctx;
	return l->cb(l->ctx, &row->t);
}

int hr_token_list(hr_register *reg, hr_token_cb cb, void *ctx)
{
	list_ctx l = {cb, ctx};
	int rc;
	if (!reg || !cb)
		return HR_EINVAL;
	reg->err[0] = '\0';
	rc = reg->be->token_list(reg->be, list_cb, &l);
	if (rc < 0 && !reg->err[0])
		return hr_reg__be_err(reg, rc, "reading the tokens");
	return rc;
}

typedef struct {
	const unsigned char *hash;
	hr_time now;
	hr_token_verdict verdict;
	hr_token_bearer *who;
} check_ctx;

static int check_cb(void *ctx, const hr_token_row *row)
{
	check_ctx *c = ctx;
	/* the secret first: whether a token is revoked or expired is told only
	 * to whoever holds it */
	const hr_token_info *t = &row->t;
	if (sodium_memcmp(row->hash, c->hash, 32) != 0)
		c->verdict = HR_TOKEN_UNKNOWN;
	else if (t->revoked != HR_TIME_NONE)
		c->verdict = HR_TOKEN_REVOKED;
	else if (c->now >= t->expires)
		c->verdict = HR_TOKEN_EXPIRED;
	else if (!hr_role_name(t->role))
		c->verdict = HR_TOKEN_UNKNOWN;
	else {
		c->verdict = HR_TOKEN_VALID;
		if (c->who) {
			hr__fmt(c->who->id, sizeof c->who->id, "%s", t->id);
			hr__fmt(c->who->org, sizeof c->who->org, "%s", t->org ? t->org : "");
			c->who->role = t->role;
			c->who->expires = t->expires;
		}
	}
	return 0;
}

int hr_token_check(hr_register *reg, const char *text, size_t len, hr_time now,
                   hr_token_verdict *verdict, hr_token_bearer *who)
{
	unsigned char raw[ID_BYTES + SECRET_BYTES], hash[32];
	char id[HR_TOKEN_ID_BUFSZ];
	size_t plen = strlen(TOKEN_PREFIX), got = 0;
	const char *end = NULL;
	check_ctx c;
	int rc;
	if (!reg || !verdict || (!text && len))
		return HR_EINVAL;
	*verdict = HR_TOKEN_MALFORMED;
	if (who)
		memset(who, 0, sizeof *who);
	if (len != HR_TOKEN_BUFSZ - 1 || memcmp(text, TOKEN_PREFIX, plen) != 0)
		return 0;
	if (sodium_base642bin(raw, sizeof raw, text + plen, len - plen, NULL, &got, &end,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    got != sizeof raw || end != text + len)
		return 0;
	token_hash(hash, raw, raw + ID_BYTES);
	sodium_bin2hex(id, sizeof id, raw, ID_BYTES);
	sodium_memzero(raw, sizeof raw);
	c.hash = hash;
	c.now = now;
	c.verdict = HR_TOKEN_UNKNOWN;
	c.who = who;
	rc = reg->be->token_get(reg->be, id, check_cb, &c);
	sodium_memzero(hash, sizeof hash);
	if (rc == HR_ENOTFOUND)
		rc = 0;
	else if (rc)
		return hr_reg__be_err(reg, rc, "reading the tokens");
	*verdict = c.verdict;
	return 0;
}
