/*
 * app.c - the server's register handles: one read-only handle per worker
 * thread (SQLite connections are not shared between threads; WAL lets
 * them read while the writer writes) answering points from one in-memory
 * index they share, and one writer handle behind a mutex, opened on the
 * first write, so appends are serialised and each is committed before its
 * answer goes out. On PostgreSQL the readers may read from a standby
 * (db_read) while the writer writes to the primary; each commit is noted
 * on the share, so that the readers wait for the standby to replay it
 * rather than answer without it.
 */
#include "server/srv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void close_reader(void *p)
{
	hr_register_close(p);
}

int srv_app_init(srv_app *app, const char *db, const srv_limits *limits, char *err,
                 size_t errlen)
{
	memset(app, 0, sizeof *app);
	if (!(app->db = strdup(db))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (limits)
		app->limits = *limits;
	else
		srv_limits_default(&app->limits);
	if (pthread_key_create(&app->reader_key, close_reader) != 0) {
		free(app->db);
		snprintf(err, errlen, "cannot make a thread key");
		return -1;
	}
	if (!(app->report_rate = srv_rate_new(app->limits.reports_per_min)) ||
	    hr_index_share_new(&app->index) != 0) {
		srv_rate_free(app->report_rate);
		pthread_key_delete(app->reader_key);
		free(app->db);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pthread_mutex_init(&app->writer_lock, NULL);
	snprintf(app->base_url, sizeof app->base_url, "http://127.0.0.1");
	return 0;
}

void srv_app_free(srv_app *app)
{
	hr_register *own = pthread_getspecific(app->reader_key);

	srv_listen_stop(app);
	if (own) {
		hr_register_close(own);
		pthread_setspecific(app->reader_key, NULL);
	}
	pthread_key_delete(app->reader_key);
	hr_register_close(app->writer);
	srv_rate_free(app->report_rate);
	hr_index_share_free(app->index); /* after every reader: their threads have ended */
	free(app->db_read);
	srv_web_free(app->web);
	pthread_mutex_destroy(&app->writer_lock);
	free(app->db);
	memset(app, 0, sizeof *app);
}

int srv_app_read_from(srv_app *app, const char *db_read, char *err, size_t errlen)
{
	free(app->db_read);
	app->db_read = NULL;
	if (db_read && !(app->db_read = strdup(db_read))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

hr_register *srv_reader(srv_app *app, char *err, size_t errlen)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = pthread_getspecific(app->reader_key);
	int rc;

	if (reg)
		return reg;
	o.readonly = 1;
	rc = hr_register_open(&reg, app->db_read ? app->db_read : app->db, &o);
	if (rc != 0) {
		snprintf(err, errlen, "%s", reg ? hr_errmsg(reg) : hr_strerror(rc));
		hr_register_close(reg);
		return NULL;
	}
	hr_register_share_index(reg, app->index);
	pthread_setspecific(app->reader_key, reg);
	return reg;
}

hr_register *srv_writer(srv_app *app, srv_response *rs)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	struct timespec until;
	int rc;

	/* bounded waits: a POST behind a long write is answered, not kept */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SRV_WRITE_WAIT_S;
	if ((rc = pthread_mutex_timedlock(&app->writer_lock, &until)) != 0) {
		char why[128];
		snprintf(why, sizeof why, "another write of this server has been under way for "
		                          "more than %d s; try again later", SRV_WRITE_WAIT_S);
		if (rc == ETIMEDOUT)
			srv_write_busy(rs, why);
		else
			srv_error(rs, 503, "the register cannot be written: %s", strerror(rc));
		return NULL;
	}
	if (app->writer)
		return app->writer;
	o.lock_wait_ms = SRV_WRITE_WAIT_S * 1000;
	rc = hr_register_open(&app->writer, app->db, &o);
	if (rc != 0) {
		srv_error(rs, 503, "the register cannot be written: %s",
		          app->writer ? hr_errmsg(app->writer) : hr_strerror(rc));
		hr_register_close(app->writer);
		app->writer = NULL;
		pthread_mutex_unlock(&app->writer_lock);
		return NULL;
	}
	return app->writer;
}

void srv_writer_done(srv_app *app)
{
	if (app->writer)
		hr_index_share_note_commit(app->index, app->writer);
	pthread_mutex_unlock(&app->writer_lock);
}
