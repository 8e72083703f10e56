/*
 * router.c - one request through the API: who is asking (auth.c), which
 * route answers, whether the caller's role may use it; and the helpers
 * every handler shares to read the request and write the response.
 */
#include "server/srv.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const role_names[] = {"public", "reporter", "analyst", "admin"};

const char *srv_role_name(srv_role r)
{
	return r <= SRV_ROLE_ADMIN ? role_names[r] : "?";
}

int srv_role_from_name(const char *name)
{
	for (int i = 0; name && i <= SRV_ROLE_ADMIN; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

void srv_limits_default(srv_limits *l)
{
	l->threads = 2;
	l->timeout_s = 15;
	l->per_ip = 64;
	l->connections = 1024;
	l->header_bytes = 16 * 1024;
	l->body_bytes = 1024 * 1024;
	l->max_limit = 10000;
	l->reports_per_min = 10;
}

/* ---- responses ---- */

void srv_response_init(srv_response *rs)
{
	memset(rs, 0, sizeof *rs);
	rs->status = 200;
	snprintf(rs->content_type, sizeof rs->content_type, "application/json");
}

void srv_response_free(srv_response *rs)
{
	free(rs->body);
	for (size_t i = 0; i < rs->nheaders; i++) {
		free(rs->hname[i]);
		free(rs->hvalue[i]);
	}
	memset(rs, 0, sizeof *rs);
}

void srv_write(srv_response *rs, const void *p, size_t n)
{
	if (rs->oom || n == 0)
		return;
	if (rs->len + n + 1 > rs->cap) {
		size_t cap = rs->cap ? rs->cap : 4096;
		char *nb;
		while (cap < rs->len + n + 1)
			cap *= 2;
		if (!(nb = realloc(rs->body, cap))) {
			rs->oom = 1;
			return;
		}
		rs->body = nb;
		rs->cap = cap;
	}
	memcpy(rs->body + rs->len, p, n);
	rs->len += n;
	rs->body[rs->len] = '\0';
}

void srv_puts(srv_response *rs, const char *s)
{
	srv_write(rs, s, strlen(s));
}

void srv_printf(srv_response *rs, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		srv_write(rs, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);
		if (!big) {
			rs->oom = 1;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		srv_write(rs, big, (size_t)n);
		free(big);
	}
}

void srv_json_str(srv_response *rs, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		srv_puts(rs, "null");
		return;
	}
	srv_write(rs, "\"", 1);
	for (; *p; p++) {
		char esc[7];
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			srv_write(rs, esc, 2);
		} else if (*p < 0x20) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[*p >> 4];
			esc[5] = hex[*p & 15];
			srv_write(rs, esc, 6);
		} else {
			srv_write(rs, p, 1);
		}
	}
	srv_write(rs, "\"", 1);
}

void srv_html_str(srv_response *rs, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': srv_puts(rs, "&lt;"); break;
		case '>': srv_puts(rs, "&gt;"); break;
		case '&': srv_puts(rs, "&amp;"); break;
		case '"': srv_puts(rs, "&quot;"); break;
		case '\'': srv_puts(rs, "&#39;"); break;
		default: srv_write(rs, s, 1);
		}
	}
}

void srv_set_type(srv_response *rs, const char *content_type)
{
	snprintf(rs->content_type, sizeof rs->content_type, "%s", content_type);
}

void srv_json_body(srv_response *rs, char *json)
{
	srv_set_type(rs, "application/json");
	srv_puts(rs, json);
	srv_puts(rs, "\n");
	hr_free(json);
}

void srv_add_header(srv_response *rs, const char *name, const char *value)
{
	if (rs->nheaders == SRV_MAX_RESP_HEADERS)
		return;
	rs->hname[rs->nheaders] = strdup(name);
	rs->hvalue[rs->nheaders] = strdup(value);
	if (!rs->hname[rs->nheaders] || !rs->hvalue[rs->nheaders]) {
		free(rs->hname[rs->nheaders]);
		free(rs->hvalue[rs->nheaders]);
		rs->oom = 1;
		return;
	}
	rs->nheaders++;
}

static const char *status_code(int status)
{
	switch (status) {
	case 400: return "InvalidParameterValue";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "NotFound";
	case 405: return "MethodNotAllowed";
	case 406: return "NotAcceptable";
	case 409: return "Conflict";
	case 413: return "PayloadTooLarge";
	case 415: return "UnsupportedMediaType";
	case 422: return "Unprocessable";
	case 429: return "TooManyRequests";
	case 431: return "RequestHeaderFieldsTooLarge";
	case 503: return "ServiceUnavailable";
	default: return status >= 500 ? "ServerError" : "Error";
	}
}

int srv_error(srv_response *rs, int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	free(rs->body);
	rs->body = NULL;
	rs->len = rs->cap = 0;
	rs->oom = 0;
	rs->status = status;
	srv_set_type(rs, "application/json");
	srv_puts(rs, "{\"code\":");
	srv_json_str(rs, status_code(status));
	srv_puts(rs, ",\"description\":");
	srv_json_str(rs, msg);
	srv_puts(rs, "}\n");
	if (status == 401)
		srv_add_header(rs, "WWW-Authenticate", "Bearer realm=\"hazreg\"");
	return 0;
}

/* ---- requests ---- */

const char *srv_arg(const srv_request *rq, const char *key)
{
	for (size_t i = 0; i < rq->nargs; i++)
		if (strcmp(rq->args[i].key, key) == 0)
			return rq->args[i].value ? rq->args[i].value : "";
	return NULL;
}

const char *srv_header(const srv_request *rq, const char *name)
{
	for (size_t i = 0; i < rq->nheaders; i++)
		if (strcasecmp(rq->headers[i].key, name) == 0)
			return rq->headers[i].value;
	return NULL;
}

/* The q value a media range gets in an Accept header (0 when absent). */
static double accept_q(const char *accept, const char *type)
{
	const char *p = accept;
	size_t tl = strlen(type);

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *semi;
		while (len && isspace((unsigned char)*p)) {
			p++;
			len--;
		}
		semi = memchr(p, ';', len);
		if ((size_t)((semi ? semi : p + len) - p) == tl && strncasecmp(p, type, tl) == 0) {
			const char *q = semi ? strstr(semi, "q=") : NULL;
			if (q && q < p + len)
				return atof(q + 2);
			return 1.0;
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

int srv_wants_html(const srv_request *rq)
{
	const char *f = srv_arg(rq, "f"), *accept;
	double html, json;

	if (f)
		return strcmp(f, "html") == 0;
	accept = srv_header(rq, "Accept");
	if (!accept)
		return 0;
	html = accept_q(accept, "text/html");
	json = accept_q(accept, "application/json");
	if (accept_q(accept, "application/geo+json") > json)
		json = accept_q(accept, "application/geo+json");
	return html > 0 && html > json;
}

const char *srv_base_url(const srv_request *rq)
{
	return rq->app->base_url;
}

/* ---- routing ---- */

static const srv_route *const tables[] = {srv_routes_core, srv_routes_ogc, srv_routes_risk,
                                          srv_routes_log, srv_routes_reports, srv_routes_web,
                                          srv_routes_areas};

const srv_route *const *srv_route_tables(size_t *n)
{
	*n = sizeof tables / sizeof tables[0];
	return tables;
}

/* Match path against pattern; {} segments go to rq->params, copied into
 * buf (which must outlive the call). */
static int match(const char *pattern, const char *path, srv_request *rq, char *buf, size_t bufsz)
{
	const char *p = pattern, *s = path;
	size_t used = 0, n = 0;

	while (*p && *s) {
		if (p[0] == '{' && p[1] == '*' && p[2] == '}') {
			size_t len = strlen(s);
			if (n == SRV_MAX_PARAMS || used + len + 1 > bufsz || len == 0)
				return 0;
			memcpy(buf + used, s, len + 1);
			rq->params[n++] = buf + used;
			used += len + 1;
			s += len;
			p += 3;
			continue;
		}
		if (p[0] == '{' && p[1] == '}') {
			size_t len = strcspn(s, "/");
			if (len == 0 || n == SRV_MAX_PARAMS || used + len + 1 > bufsz)
				return 0;
			memcpy(buf + used, s, len);
			buf[used + len] = '\0';
			rq->params[n++] = buf + used;
			used += len + 1;
			s += len;
			p += 2;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	rq->nparams = n;
	return 1;
}

void srv_handle(srv_app *app, srv_request *rq, srv_response *rs)
{
	char why[256] = "", params[1024];
	const srv_route *found = NULL;
	int other_method = 0, st;

	rq->app = app;
	rs->status = 200;
	st = srv_authenticate(rq, why, sizeof why);
	if (st) {
		srv_error(rs, st, "%s", why);
		return;
	}
	for (size_t t = 0; t < sizeof tables / sizeof tables[0] && !found; t++)
		for (const srv_route *r = tables[t]; r->pattern && !found; r++) {
			rq->nparams = 0;
			if (!match(r->pattern, rq->path, rq, params, sizeof params))
				continue;
			if (strcmp(r->method, rq->method) == 0 ||
			    (strcmp(rq->method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
				found = r;
			else
				other_method = 1;
		}
	if (!found) {
		if (other_method)
			srv_error(rs, 405, "%s is not allowed on %s", rq->method, rq->path);
		else
			srv_error(rs, 404, "no such resource: %s", rq->path);
		return;
	}
	if (rq->role < found->min_role) {
		if (rq->role == SRV_ROLE_PUBLIC)
			srv_error(rs, 401, "%s needs a bearer token of role %s or above", rq->path,
			          srv_role_name(found->min_role));
		else
			srv_error(rs, 403, "%s needs role %s or above; this token's role is %s",
			          rq->path, srv_role_name(found->min_role), srv_role_name(rq->role));
		return;
	}
	if (!rq->reg && !(rq->reg = srv_reader(app, why, sizeof why))) {
		srv_error(rs, 503, "the register cannot be read: %s", why);
		return;
	}
	if (found->fn(rq, rs) != 0 && rs->status < 500)
		srv_error(rs, 500, "internal error while answering %s", rq->path);
	if (rs->oom)
		srv_error(rs, 503, "out of memory while answering %s", rq->path);
}
