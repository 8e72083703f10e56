/*
 * web.c - the map page's files ("hazreg serve --web DIR"): read once, when
 * the server starts, into memory, and served at /map/<path>; "/" gives the
 * page (index.html) to a browser and the OGC landing page to everyone else.
 *
 * No request touches the file system: a path is looked up among the files
 * read at start, so no path of a request can reach another file, whatever
 * its dots, slashes or encodings. Files are revalidated by their ETag (a
 * hash of the bytes), so a rebuilt page is seen at the next load.
 */
#include "server/srv.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bounds on what is read: the page is a few bundles and a basemap. */
#define WEB_MAX_FILES 512
#define WEB_MAX_BYTES (64u << 20)
#define WEB_MAX_DEPTH 4

typedef struct {
	char *path;          /* relative, '/'-separated: "app.js", "images/marker.png" */
	unsigned char *data;
	size_t len;
	const char *type;
	char etag[36];       /* "\"" + 32 hex digits + "\"" */
} web_file;

struct srv_web {
	web_file *v;
	size_t n;
	size_t bytes;
};

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".geojson", "application/geo+json"},
	{".map", "application/json"},
	{".png", "image/png"},
	{".svg", "image/svg+xml"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t k = strlen(types[i].ext);
		if (n > k && strcmp(name + n - k, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

/* A name a URL can carry as it is: letters, digits, '.', '-', '_', not
 * starting with a dot (no hidden files, no "." or ".."). */
static int name_ok(const char *s)
{
	if (!*s || *s == '.')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const web_file *)a)->path, ((const web_file *)b)->path);
}

static int read_file(srv_web *w, const char *full, const char *rel, size_t size, char *err,
                     size_t errlen)
{
	FILE *f;
	web_file *nv, *wf;
	unsigned char h[16];
	if (w->n == WEB_MAX_FILES || size > WEB_MAX_BYTES - w->bytes) {
		snprintf(err, errlen, "%s: more than %u files or %u MiB", full, WEB_MAX_FILES,
		         WEB_MAX_BYTES >> 20);
		return -1;
	}
	if (!(nv = realloc(w->v, (w->n + 1) * sizeof *nv))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	w->v = nv;
	wf = &w->v[w->n];
	memset(wf, 0, sizeof *wf);
	wf->path = strdup(rel);
	wf->data = malloc(size ? size : 1);
	if (!wf->path || !wf->data) {
		free(wf->path);
		free(wf->data);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	w->n++; /* owned from here: srv_web_free() frees it on failure */
	if (!(f = fopen(full, "rb")) || fread(wf->data, 1, size, f) != size) {
		snprintf(err, errlen, "%s: %s", full, f ? "could not be read whole" : strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	wf->len = size;
	wf->type = type_of(rel);
	w->bytes += size;
	crypto_generichash(h, sizeof h, wf->data, size, NULL, 0);
	wf->etag[0] = '"';
	sodium_bin2hex(wf->etag + 1, sizeof wf->etag - 2, h, sizeof h);
	strcat(wf->etag, "\"");
	return 0;
}

/* Read dir (rel is its path below the top, "" for the top) recursively. */
static int read_dir(srv_web *w, const char *dir, const char *rel, int depth, char *err,
                    size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d))) {
		char full[4096], sub[1024];
		struct stat st;
		if (!name_ok(e->d_name))
			continue; /* hidden, or a name no URL of ours carries */
		if (snprintf(full, sizeof full, "%s/%s", dir, e->d_name) >= (int)sizeof full ||
		    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >=
		            (int)sizeof sub)
			continue;
		if (lstat(full, &st) != 0) {
			snprintf(err, errlen, "%s: %s", full, strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (depth < WEB_MAX_DEPTH)
				rc = read_dir(w, full, sub, depth + 1, err, errlen);
		} else if (S_ISREG(st.st_mode)) {
			rc = read_file(w, full, sub, (size_t)st.st_size, err, errlen);
		} /* symbolic links and the rest are left out */
	}
	closedir(d);
	return rc;
}

void srv_web_free(srv_web *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].path);
		free(w->v[i].data);
	}
	free(w->v);
	free(w);
}

int srv_web_load(srv_web **out, const char *dir, char *err, size_t errlen)
{
	srv_web *w = calloc(1, sizeof *w);
	*out = NULL;
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (read_dir(w, dir, "", 0, err, errlen) != 0) {
		srv_web_free(w);
		return -1;
	}
	if (w->n)
		qsort(w->v, w->n, sizeof *w->v, by_path);
	if (!w->n ||
	    !bsearch(&(web_file){.path = "index.html"}, w->v, w->n, sizeof *w->v, by_path)) {
		snprintf(err, errlen, "%s: no index.html", dir);
		srv_web_free(w);
		return -1;
	}
	*out = w;
	return 0;
}

size_t srv_web_count(const srv_web *w)
{
	return w ? w->n : 0;
}

/* Answer with file path of the page, or 404. */
static int send_file(srv_request *rq, srv_response *rs, const char *path)
{
	const srv_web *w = rq->app->web;
	web_file key = {.path = (char *)path};
	const web_file *f = w ? bsearch(&key, w->v, w->n, sizeof *w->v, by_path) : NULL;
	const char *inm = srv_header(rq, "If-None-Match");
	if (!f)
		return srv_error(rs, 404, "no file %s in the map page", path);
	srv_add_header(rs, "ETag", f->etag);
	srv_add_header(rs, "Cache-Control", "no-cache");
	srv_add_header(rs, "X-Content-Type-Options", "nosniff");
	if (inm && strstr(inm, f->etag)) {
		rs->status = 304;
		return 0;
	}
	srv_set_type(rs, f->type);
	srv_write(rs, f->data, f->len);
	return 0;
}

int srv_web_index(srv_request *rq, srv_response *rs)
{
	return send_file(rq, rs, "index.html");
}

static int web_get(srv_request *rq, srv_response *rs)
{
	return send_file(rq, rs, rq->params[0]);
}

const srv_route srv_routes_web[] = {
	{"GET", "/map/{*}", SRV_ROLE_PUBLIC, web_get},
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
