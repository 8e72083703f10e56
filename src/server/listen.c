/*
 * listen.c - a server on PostgreSQL kept current between requests. One
 * thread waits for the register's commits by any process
 * (hr_register_wait_commit: LISTEN/NOTIFY on the primary, db), catches
 * the readers' shared index up at once, reading where the readers read
 * (db_read: a standby, whose replay of the version it waits for, or the
 * primary), and vouches for the newest version, so that a request may
 * answer from the snapshot its thread read last without asking the
 * database (hr_index_share_set_current). An idle server thus holds every
 * acknowledged record in its index before the next request comes.
 *
 * When the listening connection is lost, the word is withdrawn (requests
 * ask the database again) and the thread tries again every RETRY_MS; the
 * version read after listening again is compared with the last one seen,
 * so no commit is missed.
 *
 * The server log (stderr) gets one JSON line per event, written whole:
 *   {"time":T,"event":"listening","version":V}        listening (again)
 *   {"time":T,"event":"index","version":V,"log_size":N}  caught up
 *   {"time":T,"event":"listener","error":"..."}       a failure, retried
 * No endpoint shows any of it.
 */
#include "server/srv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Longest wait for a commit before the version is read again (which also
 * tries the connection), and the pause before trying again after a
 * failure, in milliseconds. */
#define WAIT_MS 500
#define RETRY_MS 200

static int stopping(srv_app *app)
{
	return __atomic_load_n(&app->listen_stop, __ATOMIC_ACQUIRE);
}

/* One line to stderr with one write(2): lines never interleave. */
static void event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void event(const char *fmt, ...)
{
	char t[HR_TIME_BUFSZ], line[1024];
	va_list ap;
	int n = snprintf(line, sizeof line, "{\"time\":\"%s\",", hr_time_format(t, hr_time_now()));
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof line - (size_t)n - 2, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof line - 3)
		n = (int)sizeof line - 3;
	line[n++] = '}';
	line[n++] = '\n';
	for (int off = 0; off < n;) {
		ssize_t w = write(2, line + off, (size_t)(n - off));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += (int)w;
	}
}

/* An error message fit for a JSON string: quotes and controls dropped. */
static void failed(const char *doing, const char *why)
{
	char msg[600];
	size_t k = 0;
	for (const char *p = why; *p && k < sizeof msg - 1; p++)
		if (*p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
			msg[k++] = *p;
	msg[k] = '\0';
	event("\"event\":\"listener\",\"error\":\"%s: %s\"", doing, msg);
}

static void pause_ms(srv_app *app, int ms)
{
	struct timespec nap = {0, 20 * 1000 * 1000};
	for (int i = 0; i < ms / 20 && !stopping(app); i++)
		nanosleep(&nap, NULL);
}

/* A read-only handle on db; on the share when share is given. */
static hr_register *open_on(const char *db, hr_index_share *share, const char *doing)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	int rc;
	o.readonly = 1;
	if ((rc = hr_register_open(&reg, db, &o)) != 0) {
		failed(doing, reg ? hr_errmsg(reg) : hr_strerror(rc));
		hr_register_close(reg);
		return NULL;
	}
	if (share)
		hr_register_share_index(reg, share);
	return reg;
}

static void *listener_main(void *arg)
{
	srv_app *app = arg;
	hr_register *wait = NULL, *read = NULL;
	uint64_t v = 0, seen = 0, size = 0;
	int up = 0;

	while (!stopping(app)) {
		if ((!wait && !(wait = open_on(app->db, NULL, "opening the listening connection"))) ||
		    (!read && !(read = open_on(app->db_read ? app->db_read : app->db, app->index,
		                               "opening the catching-up connection")))) {
			pause_ms(app, RETRY_MS);
			continue;
		}
		if (hr_register_wait_commit(wait, WAIT_MS, &v) != 0) {
			hr_index_share_set_current(app->index, 0);
			if (up)
				failed("listening", hr_errmsg(wait));
			up = 0;
			pause_ms(app, RETRY_MS);
			continue;
		}
		hr_index_share_set_current(app->index, v);
		if (!up)
			event("\"event\":\"listening\",\"version\":%llu", (unsigned long long)v);
		up = 1;
		if (v == seen)
			continue;
		if (hr_index_share_catch_up(app->index, read, v, &size) != 0) {
			failed("catching up", hr_errmsg(read));
			pause_ms(app, RETRY_MS);
			continue;
		}
		seen = v;
		event("\"event\":\"index\",\"version\":%llu,\"log_size\":%llu", (unsigned long long)v,
		      (unsigned long long)size);
	}
	hr_index_share_set_current(app->index, 0);
	hr_register_close(read);
	hr_register_close(wait);
	return NULL;
}

int srv_listen_start(srv_app *app, char *err, size_t errlen)
{
	int rc;
	if (!hr_register_uri_is_postgresql(app->db))
		return 0;
	__atomic_store_n(&app->listen_stop, 0, __ATOMIC_RELEASE);
	if ((rc = pthread_create(&app->listener, NULL, listener_main, app)) != 0) {
		snprintf(err, errlen, "cannot start the thread that listens for commits: %s",
		         strerror(rc));
		return -1;
	}
	app->listening = 1;
	return 0;
}

void srv_listen_stop(srv_app *app)
{
	if (!app->listening)
		return;
	__atomic_store_n(&app->listen_stop, 1, __ATOMIC_RELEASE);
	pthread_join(app->listener, NULL);
	app->listening = 0;
}
