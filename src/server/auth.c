/*
 * auth.c - who is asking. Without an Authorization header the caller is
 * the public. "Authorization: Bearer TOKEN" names a token of the register
 * (token.h, made with "hazreg token new"), looked up on this thread's
 * read-only handle, so a revocation takes effect with the next request.
 * Anything else is answered 401 before any route is tried: a malformed
 * header, an unknown token or a wrong secret (told apart from each other
 * by nothing, not even the time the answer takes), a revoked or an
 * expired one (told only to whoever holds the right secret).
 */
#include "server/srv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int srv_authenticate(srv_request *rq, char *why, size_t whylen)
{
	const char *h = srv_header(rq, "Authorization"), *tok;
	hr_token_verdict verdict;
	hr_token_bearer who;
	size_t len;
	int rc, role;

	rq->role = SRV_ROLE_PUBLIC;
	rq->org[0] = '\0';
	if (!h)
		return 0;
	if (strncasecmp(h, "Bearer ", 7) != 0) {
		snprintf(why, whylen, "malformed Authorization header: expected \"Bearer TOKEN\"");
		return 401;
	}
	for (tok = h + 7; *tok == ' '; tok++)
		;
	len = strlen(tok);
	while (len && tok[len - 1] == ' ')
		len--;
	if (!rq->reg && !(rq->reg = srv_reader(rq->app, why, whylen)))
		return 503;
	rc = hr_token_check(rq->reg, tok, len, hr_time_now(), &verdict, &who);
	if (rc != 0) {
		snprintf(why, whylen, "the register's tokens cannot be read: %s", hr_errmsg(rq->reg));
		return 503;
	}
	switch (verdict) {
	case HR_TOKEN_VALID:
		break;
	case HR_TOKEN_MALFORMED:
		snprintf(why, whylen, "malformed bearer token: a token is \"hzt_\" and 54 base64url "
		                      "characters, as 'hazreg token new' prints it");
		return 401;
	case HR_TOKEN_REVOKED:
		snprintf(why, whylen, "this token was revoked");
		return 401;
	case HR_TOKEN_EXPIRED:
		snprintf(why, whylen, "this token has expired");
		return 401;
	default:
		snprintf(why, whylen, "unknown token");
		return 401;
	}
	role = srv_role_from_name(hr_role_name(who.role));
	if (role <= SRV_ROLE_PUBLIC) {
		snprintf(why, whylen, "unknown token");
		return 401;
	}
	rq->role = (srv_role)role;
	snprintf(rq->org, sizeof rq->org, "%s", who.org);
	return 0;
}
