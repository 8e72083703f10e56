/*
 * hazreg/report.h - public reports: a member of the public reports a
 * suspicious item and follows what happens to the report by its tracking
 * id, while the register's reviewers move it from received to reviewed,
 * tasked and closed.
 *
 * A report is a subject of kind HR_KIND_REPORT in the log like any other
 * record, so it is tamper-evident and survives a rebuild: its first record
 * holds the point, the status "received" and, as private fields (salted
 * commitments in the log, values beside it), the reporter's description and
 * contact; each change of status is a further record. A report never
 * changes a hazardous area: only an organisation's own records, after its
 * survey, do.
 */
#ifndef HAZREG_REPORT_H
#define HAZREG_REPORT_H

#include "common.h"
#include "register.h"

HR_BEGIN_DECL

/** Longest description, in characters (Unicode code points). */
#define HR_REPORT_DESCRIPTION_MAX 2000
/** Longest contact, in characters. */
#define HR_REPORT_CONTACT_MAX 200
/** A tracking id: 26 base32 characters (128 random bits) and the NUL. */
#define HR_REPORT_ID_BUFSZ 27

/**
 * A new tracking id: 128 bits from the system's random source in lower-case
 * RFC 4648 base32 without padding, so that it cannot be guessed from
 * another report's.
 * @param out HR_REPORT_ID_BUFSZ bytes
 * @return out
 */
HR_EXTERN(char *) hr_report_id_new(char out[HR_REPORT_ID_BUFSZ]);

/**
 * Where a status stands in the order received, reviewed, tasked, closed.
 * A report's status only moves forward along it.
 * @return 0 to 3, or -1 for a word that is not a report status
 */
HR_EXTERN(int) hr_report_status_rank(const char *status);

/** A report as the register holds it now; nothing private. Borrowed in the callback. */
typedef struct {
	const char *id;        /**< tracking id */
	const char *status;    /**< received, reviewed, tasked or closed */
	hr_point at;           /**< where the item was seen */
	hr_time received;      /**< date of information of its first record */
	hr_time last_changed;  /**< date of information of its latest record */
	uint64_t records;      /**< records about it in the log */
	uint64_t last_index;   /**< log index of the latest */
} hr_report_row;

/** Called once per report; a nonzero return stops the walk and is returned. */
typedef int (*hr_report_cb)(void *ctx, const hr_report_row *row);

/**
 * One report.
 * @return 0 (cb called once), HR_ENOTFOUND or an error (hr_errmsg())
 */
HR_EXTERN(int) hr_report_get(hr_register *reg, const char *id, hr_report_cb cb, void *ctx);

/**
 * Reports in tracking-id order.
 * @param status only those with this status, or NULL for all
 * @return 0, HR_EINVAL (status is not a report status) or an error
 */
HR_EXTERN(int) hr_report_list(hr_register *reg, const char *status, hr_report_cb cb,
                              void *ctx);

HR_END_DECL

#endif
