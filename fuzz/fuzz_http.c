/*
 * fuzz_http.c - fuzz target for request handling: any bytes, read as a
 * request ("METHOD TARGET" line, header lines, a blank line, the body),
 * go through the whole of srv_handle - authentication, routing, every
 * handler's parameter parsing and JSON body parsing - against a small
 * register made once. The answer must be a well-formed response: a status
 * from 200 to 599, a content type, a body of the length it says, and an
 * error answer must be JSON.
 */
#include "server/srv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static srv_app app;
static int ready;

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_http: %s\n", what);
	abort();
}

static char path[64];

/* At exit: close the handles, remove the register and its WAL files. */
static void cleanup(void)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char f[80];

	srv_app_free(&app);
	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(f, sizeof f, "%s%s", path, sfx[i]);
		unlink(f);
	}
}

/* A register with the catalogue and one area, in a temporary file. */
static void setup(void)
{
	hr_register *reg = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0, npts[] = {5}, nr[] = {1};
	double xy[] = {36.0, 49.0, 36.01, 49.0, 36.01, 49.01, 36.0, 49.01, 36.0, 49.0};
	char err[256];
	srv_limits lim;

	snprintf(path, sizeof path, "/tmp/hazreg-fuzz-http-%d.gpkg", (int)getpid());
	unlink(path);
	o.create = 1;
	if (hr_register_open(&reg, path, &o) != 0)
		fail("cannot make the register");
	hr_record_new(&r, HR_KIND_AREA);
	hr_record_set_text(r, HR_F_ID, "FZ-1");
	hr_record_set_text(r, HR_F_ORG, "Fuzz Org");
	hr_record_set_time(r, HR_F_DOI, 1732147200);
	hr_record_set_text(r, HR_F_CLASSIFICATION, "SHA");
	hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, sizeof err);
	hr_record_set_geom(r, HR_F_GEOM, wkb, len);
	if (hr_register_append(reg, r, NULL) != 0)
		fail("cannot append the area");
	hr_free(wkb);
	hr_record_free(r);
	hr_register_close(reg);
	srv_limits_default(&lim);
	if (srv_app_init(&app, path, &lim, err, sizeof err) != 0)
		fail(err);
	atexit(cleanup);
	ready = 1;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	                                      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decode %XX and '+' in place, as the server's HTTP layer does. */
static void url_decode(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			*o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 2;
		} else {
			*o++ = *s == '+' ? ' ' : *s;
		}
	}
	*o = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	srv_request rq;
	srv_response rs;
	char *buf, *line, *next, *q, *sp, *body;

	if (!ready)
		setup();
	if (!(buf = malloc(size + 1)))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	memset(&rq, 0, sizeof rq);
	/* the body: after the first blank line */
	body = strstr(buf, "\n\n");
	if (body) {
		*body = '\0';
		body += 2;
	}
	line = buf;
	next = strchr(line, '\n');
	if (next)
		*next++ = '\0';
	sp = strchr(line, ' ');
	if (!sp) {
		free(buf);
		return 0;
	}
	*sp = '\0';
	rq.method = line;
	rq.path = sp + 1;
	if ((q = strchr(sp + 1, '?'))) {
		*q++ = '\0';
		while (q && *q && rq.nargs < SRV_MAX_ARGS) {
			char *amp = strchr(q, '&'), *eq;
			if (amp)
				*amp++ = '\0';
			eq = strchr(q, '=');
			if (eq)
				*eq++ = '\0';
			url_decode(q);
			if (eq)
				url_decode(eq);
			rq.args[rq.nargs].key = q;
			rq.args[rq.nargs].value = eq;
			rq.nargs++;
			q = amp;
		}
	}
	url_decode(sp + 1);
	for (line = next; line && *line && rq.nheaders < SRV_MAX_HEADERS; line = next) {
		char *colon;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!(colon = strchr(line, ':')))
			continue;
		*colon = '\0';
		rq.headers[rq.nheaders].key = line;
		rq.headers[rq.nheaders].value = colon[1] == ' ' ? colon + 2 : colon + 1;
		rq.nheaders++;
	}
	rq.body = body ? body : "";
	rq.body_len = body ? size - (size_t)(body - buf) : 0;
	rq.body_len = strlen(rq.body) < rq.body_len ? strlen(rq.body) : rq.body_len;
	rq.client = "127.0.0.1";
	srv_response_init(&rs);
	srv_handle(&app, &rq, &rs);
	if (rs.status < 200 || rs.status > 599 || !rs.content_type[0])
		fail("an answer without a valid status or content type");
	if (rs.body && strlen(rs.body) > rs.len)
		fail("a body longer than its length");
	if (rs.status >= 400 && strncmp(rs.content_type, "application/json", 16) == 0 &&
	    (!rs.body || rs.body[0] != '{'))
		fail("an error answer that is not a JSON object");
	srv_response_free(&rs);
	free(buf);
	return 0;
}
