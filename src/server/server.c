/*
 * server.c - the HTTP server: libmicrohttpd in its event-driven mode
 * (epoll) with a pool of worker threads, and the hard limits a public
 * server needs: an idle timeout, connections per client address and in
 * all, the size of the request head (431 beyond) and of the body (413
 * beyond, decided from Content-Length before a byte of the body is read,
 * and again while reading a body of unknown length). Only JSON bodies are
 * read: there is no form or multipart parser to attack.
 *
 * Each connection becomes an srv_request; router.c answers it. One JSON
 * line per request goes to the access log. SIGTERM or SIGINT stops the
 * server gracefully: no new connection is accepted, the requests in flight
 * finish (a write is acknowledged only after its transaction committed),
 * then the process returns. On PostgreSQL a thread listens for the
 * register's commits meanwhile (listen.c).
 */
#include "server/srv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* What one connection's request accumulates between callbacks. */
typedef struct {
	char *body;
	size_t len, cap;
	int too_large;          /* the body went past the limit: 413 */
	int status;             /* answered with, for the access log */
	size_t bytes;           /* body bytes answered */
	srv_role role;
	struct timespec start;
	char method[8];
	char path[256];
} conn_state;

static double since_us(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e6 + (double)(t.tv_nsec - t0->tv_nsec) / 1e3;
}

static enum MHD_Result queue(struct MHD_Connection *c, conn_state *cs, srv_response *rs,
                             int head)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)head; /* libmicrohttpd sends no body for HEAD itself */
	r = MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : (void *)"",
	                                    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	                        rs->private_data ? "no-store" : "no-cache");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	for (size_t i = 0; i < rs->nheaders; i++)
		MHD_add_response_header(r, rs->hname[i], rs->hvalue[i]);
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	if (cs) {
		cs->status = rs->status;
		cs->bytes = rs->len;
	}
	return ret;
}

static enum MHD_Result queue_error(struct MHD_Connection *c, conn_state *cs, int status,
                                   const char *msg)
{
	srv_response rs;
	enum MHD_Result ret;

	srv_response_init(&rs);
	srv_error(&rs, status, "%s", msg);
	ret = queue(c, cs, &rs, 0);
	srv_response_free(&rs);
	return ret;
}

typedef struct {
	srv_request *rq;
	size_t head_bytes;
} collect_ctx;

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
	collect_ctx *cc = cls;
	(void)kind;
	if (cc->rq->nargs < SRV_MAX_ARGS) {
		cc->rq->args[cc->rq->nargs].key = key;
		cc->rq->args[cc->rq->nargs].value = value;
		cc->rq->nargs++;
	}
	return MHD_YES;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	collect_ctx *cc = cls;
	(void)kind;
	cc->head_bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
	if (cc->rq->nheaders < SRV_MAX_HEADERS) {
		cc->rq->headers[cc->rq->nheaders].key = key;
		cc->rq->headers[cc->rq->nheaders].value = value ? value : "";
		cc->rq->nheaders++;
	}
	return MHD_YES;
}

static int json_type(const char *ct)
{
	size_t n;
	if (!ct)
		return 0;
	n = strcspn(ct, ";");
	while (n && ct[n - 1] == ' ')
		n--;
	return (n == 16 && strncasecmp(ct, "application/json", 16) == 0) ||
	       (n == 20 && strncasecmp(ct, "application/geo+json", 20) == 0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
	srv_app *app = cls;
	conn_state *cs = *con_cls;
	srv_request rq;
	srv_response rs;
	collect_ctx cc;
	const union MHD_ConnectionInfo *ci;
	char addr[INET6_ADDRSTRLEN] = "?";
	int is_post = strcmp(method, "POST") == 0, is_head = strcmp(method, "HEAD") == 0;
	enum MHD_Result ret;

	(void)version;
	if (!cs) {
		const char *cl;
		if (!(cs = calloc(1, sizeof *cs)))
			return MHD_NO;
		*con_cls = cs;
		clock_gettime(CLOCK_MONOTONIC, &cs->start);
		snprintf(cs->method, sizeof cs->method, "%s", method);
		snprintf(cs->path, sizeof cs->path, "%s", url);
		if (!is_post && strcmp(method, "GET") != 0 && !is_head)
			return queue_error(c, cs, 405, "only GET, HEAD and POST are served");
		if (is_post) {
			cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
			                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
			if (cl && strtoull(cl, NULL, 10) > app->limits.body_bytes) {
				char msg[128];
				snprintf(msg, sizeof msg, "the body is larger than %zu bytes",
				         app->limits.body_bytes);
				return queue_error(c, cs, 413, msg);
			}
			if (!json_type(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
			                                           MHD_HTTP_HEADER_CONTENT_TYPE)))
				return queue_error(c, cs, 415, "request bodies must be JSON "
				                               "(Content-Type: application/json or "
				                               "application/geo+json)");
		}
		return MHD_YES;
	}
	if (cs->status)
		return MHD_YES; /* answered already (413, 415): the rest is discarded */
	if (*upload_size) {
		if (!cs->too_large) {
			if (cs->len + *upload_size > app->limits.body_bytes) {
				cs->too_large = 1;
			} else {
				if (cs->len + *upload_size + 1 > cs->cap) {
					size_t cap = cs->cap ? cs->cap : 4096;
					char *nb;
					while (cap < cs->len + *upload_size + 1)
						cap *= 2;
					if (!(nb = realloc(cs->body, cap)))
						return MHD_NO;
					cs->body = nb;
					cs->cap = cap;
				}
				memcpy(cs->body + cs->len, upload, *upload_size);
				cs->len += *upload_size;
				cs->body[cs->len] = '\0';
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (cs->too_large) {
		char msg[128];
		snprintf(msg, sizeof msg, "the body is larger than %zu bytes", app->limits.body_bytes);
		return queue_error(c, cs, 413, msg);
	}
	memset(&rq, 0, sizeof rq);
	cc.rq = &rq;
	cc.head_bytes = strlen(url) + strlen(method) + 12;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &cc);
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &cc);
	if (cc.head_bytes > app->limits.header_bytes)
		return queue_error(c, cs, 431, "the request's head is too large");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr,
			          sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr,
			          sizeof addr);
	}
	rq.method = is_head ? "GET" : method;
	rq.path = url;
	rq.body = cs->body ? cs->body : "";
	rq.body_len = cs->len;
	rq.client = addr;
	srv_response_init(&rs);
	srv_handle(app, &rq, &rs);
	cs->role = rq.role;
	ret = queue(c, cs, &rs, is_head);
	srv_response_free(&rs);
	return ret;
}

/* One JSON line per request, written with one write(2): lines from the
 * threads never interleave (an O_APPEND file or stderr takes each write
 * whole), so no lock is taken. A line that cannot be written is lost,
 * never the request. */
static void access_line(srv_app *app, const conn_state *cs, int completed)
{
	char t[HR_TIME_BUFSZ], line[1536], num[24], *q;
	size_t n = 0, cap = sizeof line - 160; /* room for the tail */
	int fd = fileno(app->access_log);
	unsigned long long v;
	const char *part[] = {"{\"time\":\"", hr_time_format(t, hr_time_now()),
	                      "\",\"method\":\"", cs->method, "\",\"path\":\""};
	double us = since_us(&cs->start);

	/* the head, the path escaped, then the numbers: no printf on the way */
	for (size_t k = 0; k < sizeof part / sizeof *part; k++)
		for (const char *p = part[k]; *p && n < cap; p++)
			line[n++] = *p;
	for (const char *p = cs->path; *p && n + 2 < cap; p++) {
		if (*p == '"' || *p == '\\')
			line[n++] = '\\';
		if ((unsigned char)*p >= 0x20)
			line[n++] = *p;
	}
	for (int k = 0; k < 4; k++) {
		static const char *const name[] = {"\",\"status\":", ",\"bytes\":", ",\"us\":",
		                                   ",\"role\":\""};
		for (const char *p = name[k]; *p; p++)
			line[n++] = *p;
		if (k == 3)
			break;
		v = k == 0 ? (unsigned long long)(cs->status > 0 ? cs->status : 0)
		  : k == 1 ? (unsigned long long)cs->bytes
		           : (unsigned long long)(us > 0 ? us + 0.5 : 0);
		q = num + sizeof num;
		do {
			*--q = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		memcpy(line + n, q, (size_t)(num + sizeof num - q));
		n += (size_t)(num + sizeof num - q);
	}
	for (const char *p = srv_role_name(cs->role); *p; p++)
		line[n++] = *p;
	for (const char *p = completed ? "\"}\n" : "\",\"aborted\":true}\n"; *p; p++)
		line[n++] = *p;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, line + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

/* Percent-decoding of the path and the arguments, as libmicrohttpd does
 * it, except that text holding an encoded NUL ("%00") is left encoded: a
 * decoded NUL would end the C string early, so that "/map/app.js%00.png"
 * would be read as "/map/app.js". Left as it is, it matches nothing. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	if (strstr(s, "%00"))
		return strlen(s);
	return MHD_http_unescape(s);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	srv_app *app = cls;
	conn_state *cs = *con_cls;

	(void)c;
	if (!cs)
		return;
	if (app->access_log)
		access_line(app, cs, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	free(cs->body);
	free(cs);
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, char *err, size_t errlen)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	unsigned long port;

	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof host) {
		snprintf(err, errlen, "--listen '%s': give ADDRESS:PORT, e.g. 127.0.0.1:8080", listen);
		return -1;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port > 65535) {
		snprintf(err, errlen, "--listen '%s': the port must be 0 to 65535", listen);
		return -1;
	}
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
		snprintf(err, errlen, "--listen '%s': '%s' is not an IPv4 address", listen, host);
		return -1;
	}
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

/* Longest wait for requests in flight after SIGTERM, in seconds. */
#define GRACE_S 10

static void drain(struct MHD_Daemon *d, unsigned seconds)
{
	struct timespec t0, nap = {0, 20 * 1000 * 1000};

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		const union MHD_DaemonInfo *i =
			MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!i || i->num_connections == 0 || since_us(&t0) > seconds * 1e6)
			return;
		nanosleep(&nap, NULL);
	}
}

int srv_run(const srv_options *opt, char *err, size_t errlen)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	srv_app app;
	sigset_t sigs, old;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC;
	char host[INET_ADDRSTRLEN];
	int sig = 0;

	if (parse_listen(opt->listen, &sa, err, errlen) != 0)
		return -1;
	if (srv_app_init(&app, opt->db, &opt->limits, err, errlen) != 0)
		return -1;
	app.access_log = opt->access_log;
	if (srv_app_read_from(&app, opt->db_read, err, errlen) != 0) {
		srv_app_free(&app);
		return -1;
	}
	if (opt->web_dir && srv_web_load(&app.web, opt->web_dir, err, errlen) != 0) {
		srv_app_free(&app);
		return -1;
	}
	if (!srv_reader(&app, err, errlen)) {
		srv_app_free(&app);
		return -1;
	}
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
		flags |= MHD_USE_EPOLL;
	/* The workers must not take the signals: the main thread waits for them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, &app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opt->limits.threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)opt->limits.timeout_s,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)opt->limits.per_ip,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)opt->limits.connections,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(opt->limits.header_bytes + 4096),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &app, MHD_OPTION_UNESCAPE_CALLBACK,
		unescape, NULL, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		(unsigned)1024, MHD_OPTION_END);
	if (d && srv_listen_start(&app, err, errlen) != 0) {
		MHD_stop_daemon(d);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		srv_app_free(&app);
		return -1;
	}
	if (!d) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		snprintf(err, errlen, "cannot listen on %s: %s", opt->listen,
		         errno ? strerror(errno) : "libmicrohttpd refused the options");
		srv_app_free(&app);
		return -1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
	snprintf(app.base_url, sizeof app.base_url, "http://%s:%u", host,
	         info ? (unsigned)info->port : (unsigned)ntohs(sa.sin_port));
	if (opt->ready)
		opt->ready(opt->ready_ctx, app.base_url);
	while (sigwait(&sigs, &sig) != 0 || (sig != SIGTERM && sig != SIGINT))
		;
	/* Stop accepting, then let the requests in flight finish: wait for
	 * the open connections to end (an idle keep-alive one ends at its
	 * timeout), at most the grace period. */
	MHD_quiesce_daemon(d);
	drain(d, opt->limits.timeout_s < GRACE_S ? opt->limits.timeout_s : GRACE_S);
	MHD_stop_daemon(d);
	srv_listen_stop(&app);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	srv_app_free(&app);
	return 0;
}
