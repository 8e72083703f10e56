/*
 * srv.h - the HTTP API's inside: requests and responses as plain values,
 * the route tables of each part of the API, and the helpers handlers
 * share. Nothing here knows libmicrohttpd: server.c turns a connection
 * into an srv_request and an srv_response back into bytes, so handlers
 * (and the fuzz target) run without a socket.
 *
 * A handler gets the request with the caller's role and organisation
 * already decided (auth.c) and this thread's read-only register handle;
 * writes go through srv_writer(), which serialises them on one handle.
 * It fills the response and returns 0; a nonzero return is a bug and
 * answers 500.
 */
#ifndef HR_SRV_H
#define HR_SRV_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "hazreg/hazreg.h"

/* Roles, in increasing power: each may do what the ones before it may. */
typedef enum {
	SRV_ROLE_PUBLIC = 0,   /* read the public profile, submit public reports */
	SRV_ROLE_REPORTER = 1, /* append its own organisation's signed records */
	SRV_ROLE_ANALYST = 2,  /* review reports, read restricted collections and private fields */
	SRV_ROLE_ADMIN = 3,    /* keys, tokens */
} srv_role;

const char *srv_role_name(srv_role r);
/* Role from its name; -1 when unknown. */
int srv_role_from_name(const char *name);

typedef struct {
	const char *key;
	const char *value;
} srv_kv;

#define SRV_MAX_ARGS 32
#define SRV_MAX_HEADERS 32
#define SRV_MAX_PARAMS 4

/* Limits; every one has a default (srv_limits_default) and a --option. */
typedef struct {
	unsigned threads;          /* worker threads */
	unsigned timeout_s;        /* idle connection timeout */
	unsigned per_ip;           /* connections per client address */
	unsigned connections;      /* connections in all */
	size_t header_bytes;       /* request line and headers (431 beyond) */
	size_t body_bytes;         /* request body (413 beyond, before reading) */
	unsigned max_limit;        /* largest `limit` of a page of features */
	unsigned reports_per_min;  /* public reports per client address a minute (429 beyond) */
} srv_limits;

void srv_limits_default(srv_limits *l);

typedef struct srv_app srv_app;
typedef struct srv_web srv_web;

typedef struct {
	const char *method;             /* "GET", "POST", ... */
	const char *path;               /* decoded path, no query string */
	srv_kv args[SRV_MAX_ARGS];      /* query arguments, decoded */
	size_t nargs;
	srv_kv headers[SRV_MAX_HEADERS];
	size_t nheaders;
	const char *params[SRV_MAX_PARAMS]; /* {x} segments of the matched route */
	size_t nparams;
	const char *body;               /* request body (POST), NUL-terminated */
	size_t body_len;
	const char *client;             /* client address, for logs */
	srv_role role;                  /* decided by auth.c */
	char org[128];                  /* the token's organisation, "" when none */
	hr_register *reg;               /* this thread's read-only handle */
	srv_app *app;
} srv_request;

#define SRV_MAX_RESP_HEADERS 8

typedef struct {
	int status;
	char content_type[64];
	char *body;                     /* owned; free with srv_response_free */
	size_t len, cap;
	int oom;
	char *hname[SRV_MAX_RESP_HEADERS]; /* extra headers, owned */
	char *hvalue[SRV_MAX_RESP_HEADERS];
	size_t nheaders;
	int private_data;               /* holds data not for the public: no-store */
} srv_response;

void srv_response_init(srv_response *rs);
void srv_response_free(srv_response *rs);

/* ---- building responses ---- */
void srv_write(srv_response *rs, const void *p, size_t n);
void srv_puts(srv_response *rs, const char *s);
void srv_printf(srv_response *rs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string literal, escaped; NULL writes null. */
void srv_json_str(srv_response *rs, const char *s);
/* Text escaped for HTML. */
void srv_html_str(srv_response *rs, const char *s);
void srv_set_type(srv_response *rs, const char *content_type);
/* A JSON text the library made as the whole body, with a newline;
 * ownership passes (freed with hr_free). */
void srv_json_body(srv_response *rs, char *json);
void srv_add_header(srv_response *rs, const char *name, const char *value);
/* An error answer: {"code": "...", "description": "..."} (OGC API
 * exception), the status given. Returns 0 so handlers can return it. */
int srv_error(srv_response *rs, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- reading requests ---- */
const char *srv_arg(const srv_request *rq, const char *key);
/* Header by name, case-insensitive; NULL when absent. */
const char *srv_header(const srv_request *rq, const char *name);
/* Whether the client asked for HTML (f=html, or Accept preferring text/html
 * over JSON); f=json or f=geojson force JSON. */
int srv_wants_html(const srv_request *rq);
/* The public base URL of the server ("http://127.0.0.1:8080"), for links. */
const char *srv_base_url(const srv_request *rq);

/* ---- routes ---- */
typedef int (*srv_handler)(srv_request *rq, srv_response *rs);

typedef struct {
	const char *method;  /* "GET" or "POST" */
	const char *pattern; /* "/collections/{id}/items"; "{}" matches one segment,
	                        "{*}" the rest of the path */
	srv_role min_role;   /* callers below it get 401 (no token) or 403 */
	srv_handler fn;
} srv_route;

/* Each part of the API lists its routes, ending with {NULL}. */
extern const srv_route srv_routes_core[];   /* "/", "/api", "/conformance" (ogc.c) */
extern const srv_route srv_routes_ogc[];    /* "/collections..." (ogc.c) */
extern const srv_route srv_routes_risk[];   /* "/risk/..." (risk_api.c) */
extern const srv_route srv_routes_log[];    /* "/log/...", tlog tiles (log_api.c) */
extern const srv_route srv_routes_reports[];/* "/records", "/reports" (reports.c) */
extern const srv_route srv_routes_web[];    /* "/map/..." (web.c) */
extern const srv_route srv_routes_areas[];  /* "/areas/{id}/history" (areas_api.c) */

/* Handle one request: authenticate, route, call. Always fills rs. */
void srv_handle(srv_app *app, srv_request *rq, srv_response *rs);
/* Every route table, in the order routes are tried ("hazreg serve
 * --list-routes", tests); *n receives their number. */
const srv_route *const *srv_route_tables(size_t *n);

/* ---- how often a client may do something (ratelimit.c) ---- */
typedef struct srv_rate srv_rate;
/* At most per_minute times a minute per client address (0: no limit);
 * NULL when out of memory. */
srv_rate *srv_rate_new(unsigned per_minute);
void srv_rate_free(srv_rate *r);
/* Count one more for addr: 1 when allowed; 0 when over the limit, with
 * the seconds until it is allowed again in *retry_after. */
int srv_rate_take(srv_rate *r, const char *addr, unsigned *retry_after);

/* ---- the application ---- */
struct srv_app {
	char *db;                       /* register location; writes go there */
	char *db_read;                  /* where the readers read (a standby), or NULL: db */
	char base_url[256];             /* e.g. http://127.0.0.1:8080 */
	srv_limits limits;
	pthread_key_t reader_key;       /* this thread's read-only hr_register */
	pthread_mutex_t writer_lock;    /* one writer at a time */
	hr_register *writer;            /* opened on first write */
	FILE *access_log;               /* one JSON line per request; NULL: none */
	srv_web *web;                   /* the map page's files (web.c), or NULL */
	srv_rate *report_rate;          /* public reports per client address (reports.c) */
	hr_index_share *index;          /* the readers' one in-memory index */
	pthread_t listener;             /* listen.c, on PostgreSQL */
	int listening;                  /* the listener thread runs */
	int listen_stop;                /* set (atomically) to stop it */
};

int srv_app_init(srv_app *app, const char *db, const srv_limits *limits, char *err,
                 size_t errlen);
void srv_app_free(srv_app *app);
/* Read from db_read (a standby of db) instead of db; NULL: db. Nonzero
 * when out of memory. */
int srv_app_read_from(srv_app *app, const char *db_read, char *err, size_t errlen);
/* This thread's read-only handle (opened on first use, on db_read when
 * given); NULL on failure, with the reason in err. */
hr_register *srv_reader(srv_app *app, char *err, size_t errlen);
/* How long a write waits for another to end, in this server (the writer
 * handle) and in the register (another process's write, e.g. an import,
 * on PostgreSQL): then it is answered 503 with Retry-After. */
#define SRV_WRITE_WAIT_S 5
/* The writer handle, locked: call srv_writer_done() after, before the
 * answer goes out (it notes the commit: the readers' answers include it).
 * NULL on failure, with the refusal written in rs: 503, with Retry-After
 * when another request of this server has held it for SRV_WRITE_WAIT_S. */
hr_register *srv_writer(srv_app *app, srv_response *rs);
/* 503 with Retry-After (SRV_WRITE_WAIT_S): another write held the register
 * too long; why says which. */
int srv_write_busy(srv_response *rs, const char *why);
void srv_writer_done(srv_app *app);

/* ---- kept current by the store (listen.c) ---- */
/* Start the listener thread on a PostgreSQL register: it waits for
 * commits by any process and catches the shared index up at once. Nonzero
 * with the reason in err when the thread cannot start. */
int srv_listen_start(srv_app *app, char *err, size_t errlen);
/* Stop it (after the last request); harmless when it never started. */
void srv_listen_stop(srv_app *app);

/* ---- authentication (auth.c) ---- */
/* Decide rq->role and rq->org from the Authorization header. Returns 0,
 * or an HTTP status (401) with the reason in why. */
int srv_authenticate(srv_request *rq, char *why, size_t whylen);

/* ---- the map page's files (web.c) ---- */
/* Read every file under dir (no hidden ones, no links, at most 4 levels,
 * 512 files, 64 MiB); dir must hold index.html. Nonzero with the reason
 * in err on failure. */
int srv_web_load(srv_web **out, const char *dir, char *err, size_t errlen);
void srv_web_free(srv_web *w);
size_t srv_web_count(const srv_web *w);
/* Answer with the page (index.html). */
int srv_web_index(srv_request *rq, srv_response *rs);

/* ---- serving (server.c) ---- */
typedef struct {
	const char *listen;   /* "127.0.0.1:8080"; port 0 picks one */
	const char *db;
	const char *db_read;  /* a standby of db to read from, or NULL */
	srv_limits limits;
	FILE *access_log;
	const char *web_dir;  /* the map page's files (index.html, ...), or NULL: none */
	/* called once listening, with the port; may print it */
	void (*ready)(void *ctx, const char *base_url);
	void *ready_ctx;
} srv_options;

/* Serve until SIGTERM or SIGINT; then stop accepting, finish the requests
 * in flight (an acknowledged write is committed before its answer), and
 * return 0. Nonzero with the reason in err when it cannot start. */
int srv_run(const srv_options *opt, char *err, size_t errlen);

#endif
