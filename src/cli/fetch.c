/*
 * fetch.c - where "hazreg verify" reads a C2SP tlog-tiles log from: a
 * "log export" directory (--dir DIR) or a running "hazreg serve" (URL).
 * Both answer one question, "the bytes at this relative path", so the
 * checks in cmd_tlog.c and cmd_export_log.c are written once and know
 * nothing of files or sockets.
 *
 * Over HTTP every fetch has limits: 10 s to connect, 60 s in all, no
 * redirects, http and https only, and no more bytes than the caller says
 * the file can hold (a hash tile is W × 32 bytes, a bundle at most
 * W × 65537, a checkpoint HR_NOTE_SIZE_MAX); a longer answer is cut off
 * and refused, never buffered whole.
 */
#include "cli.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#define CONNECT_TIMEOUT_S 10L
#define FETCH_TIMEOUT_S 60L

/* ---- a directory ---- */

static int dir_get(cli_source *s, const char *rel, size_t max, char **out, size_t *len,
                   char *why, size_t whylen)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof path, "%s/%s", s->where, rel) >= sizeof path) {
		snprintf(why, whylen, "the path is too long");
		return -1;
	}
	return cli_read_file(path, max, out, len, why, whylen);
}

/* ---- a server ---- */

typedef struct {
	char *buf;
	size_t len, cap, max;
	int too_long;
} body;

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	body *b = ctx;
	size_t add = size * n;

	if (add > b->max - b->len) {
		b->too_long = 1;
		return 0; /* stops the transfer */
	}
	if (b->len + add + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 65536;
		char *nb;
		while (cap < b->len + add + 1)
			cap *= 2;
		if (!(nb = realloc(b->buf, cap)))
			return 0;
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, p, add);
	b->len += add;
	b->buf[b->len] = '\0';
	return add;
}

/* The "description" of an error answer (srv_error's JSON), else its start. */
static void error_words(char *why, size_t whylen, long status, const body *b)
{
	const char *d = b->buf ? strstr(b->buf, "\"description\":\"") : NULL;
	size_t n = 0;

	if (d) {
		d += 15;
		while (d[n] && d[n] != '"' && n < 300)
			n += d[n] == '\\' && d[n + 1] ? 2 : 1;
	} else if (b->buf) {
		d = b->buf;
		n = strcspn(d, "\r\n");
		if (n > 300)
			n = 300;
	}
	snprintf(why, whylen, "HTTP %ld%s%.*s", status, n ? ": " : "", (int)n, d ? d : "");
}

static int http_get(cli_source *s, const char *rel, size_t max, char **out, size_t *len,
                    char *why, size_t whylen)
{
	CURL *c = s->curl;
	char url[4096];
	body b = {NULL, 0, 0, max, 0};
	long status = 0;
	CURLcode e;

	*out = NULL;
	if ((size_t)snprintf(url, sizeof url, "%s/%s", s->where, rel) >= sizeof url) {
		snprintf(why, whylen, "the URL is too long");
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	e = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (b.too_long || e == CURLE_FILESIZE_EXCEEDED) {
		snprintf(why, whylen, "the answer is longer than %zu bytes", max);
	} else if (e != CURLE_OK) {
		snprintf(why, whylen, "%s", s->curl_err[0] ? s->curl_err : curl_easy_strerror(e));
	} else if (status != 200) {
		error_words(why, whylen, status, &b);
	} else {
		*out = b.buf ? b.buf : calloc(1, 1);
		*len = b.len;
		if (*out)
			return 0;
		snprintf(why, whylen, "out of memory");
	}
	free(b.buf);
	return -1;
}

int cli_source_dir(cli_source **out, const char *dir)
{
	cli_source *s = calloc(1, sizeof *s);

	*out = s;
	if (!s)
		return -1;
	s->where = dir;
	s->checkpoint = "checkpoint";
	s->get = dir_get;
	return 0;
}

int cli_source_url(cli_source **out, const char *url, char *why, size_t whylen)
{
	cli_source *s = calloc(1, sizeof *s);
	size_t n = strlen(url);

	*out = s;
	if (!s) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	while (n > 0 && url[n - 1] == '/')
		n--;
	s->url = strndup(url, n);
	if (!s->url || curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		snprintf(why, whylen, "cannot start libcurl");
		return -1;
	}
	s->curl_global = 1;
	if (!(s->curl = curl_easy_init())) {
		snprintf(why, whylen, "cannot start libcurl");
		return -1;
	}
	s->where = s->url;
	s->checkpoint = "log/checkpoint";
	s->is_url = 1;
	s->get = http_get;
	curl_easy_setopt(s->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(s->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT, FETCH_TIMEOUT_S);
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_USERAGENT, "hazreg-verify/" HAZREG_VERSION);
	curl_easy_setopt(s->curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(s->curl, CURLOPT_ERRORBUFFER, s->curl_err);
	return 0;
}

void cli_source_close(cli_source *s)
{
	if (!s)
		return;
	if (s->curl)
		curl_easy_cleanup(s->curl);
	if (s->curl_global)
		curl_global_cleanup();
	free(s->url);
	free(s);
}
