/*
 * pg_notify.c - a register's commits as they happen, for a server that
 * keeps its in-memory index current between requests (the backend's
 * wait_commit()).
 *
 * Every write commit adds one to hr_head.version, and a trigger on hr_head
 * (migration 3, pg_schema.c) sends the new version on the channel
 * "hazreg" with NOTIFY, which PostgreSQL delivers to the listening
 * sessions when, and only when, the transaction commits. The payload is
 * "<version> <schema>": registers in other schemas of the same database
 * notify the same channel and are told apart by the schema.
 *
 * Nothing may be missed: this session first LISTENs, then reads hr_head,
 * so that every commit is either in the version read or notified after
 * it. A connection that is lost is made again by the next call, which
 * listens and reads the version again; the caller compares it with the
 * last one it knew. After a quiet while (timeout_ms without a
 * notification) the version is read again: that also finds a connection
 * that died without a word.
 *
 * The listening session is named "hazreg listener" (application_name in
 * pg_stat_activity).
 *
 * LISTEN works only on a primary: a server reading from a hot standby
 * listens on the primary and waits for the standby to replay the version
 * (read_begin_least() in pg.c). Waiting on a standby itself (a server
 * given only the standby), the version is read every timeout_ms instead.
 */
#include "store/pg_int.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int lost(pg_be *be, const char *op)
{
	char msg[300];
	snprintf(msg, sizeof msg, "%s", PQerrorMessage(be->conn));
	msg[strcspn(msg, "\n")] = '\0';
	be->listening = 0;
	return pg__errf(be, HR_EIO, "%s: the connection to the %s was lost: %s", op, be->addr,
	                msg[0] ? msg : "closed");
}

/* LISTEN, then read the version (the order that misses nothing). */
static int start_listening(pg_be *be, uint64_t *version, const char *op)
{
	PGresult *res = NULL;
	int rc;
	if (PQstatus(be->conn) != CONNECTION_OK && (rc = pg__reconnect(be, op)))
		return rc;
	/* named, so that an administrator sees which session listens */
	if ((rc = pg__exec(be, "SET application_name = 'hazreg listener'", op)))
		return rc;
	rc = pg__exec(be, "LISTEN hazreg", op);
	be->polling = rc == HR_EREADONLY; /* "cannot execute LISTEN during recovery" */
	if (rc && !be->polling)
		return rc;
	be->listening = 1;
	if ((rc = pg__run(be, "SELECT version, current_schema()::text FROM hr_head", NULL, &res,
	                  op)))
		return rc;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return pg__errf(be, HR_ECORRUPT, "%s: hr_head has no row (%s)", op, be->addr);
	}
	*version = (uint64_t)pg__int(res, 0, 0) + 1; /* read_begin's numbering */
	snprintf(be->schema, sizeof be->schema, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if (!be->listening) /* the SELECT made the connection again: LISTEN is gone */
		return pg__errf(be, HR_EIO, "%s: the connection to the %s was lost and made again",
		                op, be->addr);
	return 0;
}

/* The newest version notified for this register's schema, 0 when none. */
static uint64_t notified(pg_be *be)
{
	PGnotify *n;
	uint64_t newest = 0;
	while ((n = PQnotifies(be->conn))) {
		char *sp = NULL;
		unsigned long long v = strtoull(n->extra, &sp, 10);
		if (strcmp(n->relname, "hazreg") == 0 && sp && *sp == ' ' &&
		    strcmp(sp + 1, be->schema) == 0 && v + 1 > newest)
			newest = v + 1;
		PQfreemem(n);
	}
	return newest;
}

int pg__wait_commit(hr_backend *b, int timeout_ms, uint64_t *version)
{
	pg_be *be = PG_BE(b);
	const char *op = "waiting for commits";
	int64_t end = pg__now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	PGresult *res = NULL;
	int rc;
	if (!version)
		return pg__errf(be, HR_EINVAL, "%s: no version", op);
	if (be->in_tx || be->reading)
		return pg__errf(be, HR_EINVAL, "%s: a transaction is open on this handle", op);
	if (!be->listening || PQstatus(be->conn) != CONNECTION_OK)
		return start_listening(be, version, op);
	while (!be->polling) {
		struct pollfd pfd = {PQsocket(be->conn), POLLIN, 0};
		int64_t left;
		uint64_t v;
		if (!PQconsumeInput(be->conn) || PQstatus(be->conn) != CONNECTION_OK)
			return lost(be, op);
		if ((v = notified(be)) > *version) {
			*version = v;
			return 0;
		}
		if ((left = end - pg__now_ms()) <= 0)
			break;
		if (pfd.fd < 0)
			return lost(be, op);
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
			return lost(be, op);
	}
	if (be->polling) {
		int64_t left = end - pg__now_ms();
		struct timespec nap = {left / 1000, (left % 1000) * 1000000};
		if (left > 0)
			nanosleep(&nap, NULL);
	}
	/* a quiet while: read the version, which also tries the connection */
	if ((rc = pg__run(be, "SELECT version FROM hr_head", NULL, &res, op))) {
		be->listening = 0;
		return rc;
	}
	if (PQntuples(res) == 1 && be->listening) {
		uint64_t v = (uint64_t)pg__int(res, 0, 0) + 1;
		if (v > *version)
			*version = v;
	}
	PQclear(res);
	if (!be->listening) /* made again inside the SELECT */
		return start_listening(be, version, op);
	return 0;
}
