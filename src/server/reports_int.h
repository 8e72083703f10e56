/*
 * reports_int.h - what the two files of the "records in" part of the API
 * share: reports.c holds the route table and the public reports,
 * records.c the organisations' signed records and the log entries with
 * their private fields.
 */
#ifndef HR_SRV_REPORTS_INT_H
#define HR_SRV_REPORTS_INT_H

#include "server/srv.h"

/* POST /records: one signed GeoJSON Feature of the caller's organisation. */
int srv_records_post(srv_request *rq, srv_response *rs);
/* GET /records/{index}: a log entry with its private values (analyst, admin). */
int srv_records_get(srv_request *rq, srv_response *rs);

/*
 * A refusal naming the field at fault: the error object of srv_error()
 * with a "field" member besides. "field: reason" text (the register's and
 * the reader's messages) is split at its first ": " when field is NULL.
 * Returns 0, as srv_error() does.
 */
int srv_refuse(srv_response *rs, int status, const char *field, const char *reason);

/* The status of an append the register refused, and its answer: 503 with
 * Retry-After when another writer held the register too long (HR_EBUSY). */
int srv_append_refused(srv_response *rs, hr_register *w, int rc);

#endif
