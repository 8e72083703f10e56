/*
 * import.c - feed whatever a reader yields into the register, all or
 * nothing by default.
 *
 * The batch stays open while the input streams, so memory is bounded by one
 * feature plus SQLite's page cache. Reading continues after a bad feature
 * so that the error lists every bad feature (up to a cap), and the batch is
 * rolled back at the end: the store is left exactly as it was.
 */
#include "core/register_int.h"

#include <string.h>

#define DEFAULT_MAX_ERRORS 100
#define MAX_NOTES 1000

static void keep_error(hr_import_result *res, size_t cap, const hr_read_error *e)
{
	if (res->nerrors < cap)
		res->errors[res->nerrors++] = *e;
}

/* Split "field: reason" (as validators write it) into the error. */
static void split_reason(hr_read_error *e, const char *msg)
{
	const char *colon = strstr(msg, ": ");
	size_t flen = colon ? (size_t)(colon - msg) : 0;
	if (colon && flen < sizeof e->field && !memchr(msg, ' ', flen)) {
		memcpy(e->field, msg, flen);
		e->field[flen] = '\0';
		hr__fmt(e->reason, sizeof e->reason, "%s", colon + 2);
	} else {
		e->field[0] = '\0';
		hr__fmt(e->reason, sizeof e->reason, "%s", msg);
	}
}

static void write_reject(FILE *f, const char *raw)
{
	if (!f || !raw)
		return;
	fputc(0x1e, f);
	fputs(raw, f);
	fputc('\n', f);
}

static int keep_note(hr_import_result *res, const hr_record *rec, const hr_append_info *info)
{
	char buf[512];
	char **nv;
	if (res->nnotes >= MAX_NOTES)
		return 0;
	nv = hr__realloc(res->notes, (res->nnotes + 1) * sizeof *nv);
	if (!nv)
		return HR_ENOMEM;
	res->notes = nv;
	hr__fmt(buf, sizeof buf, "record %llu (%s %s): %s", (unsigned long long)info->index,
	        hr_kind_name((int)rec->kind), hr_record_text(rec, HR_F_ID), info->note);
	res->notes[res->nnotes] = hr__strdup(buf);
	if (!res->notes[res->nnotes])
		return HR_ENOMEM;
	res->nnotes++;
	return 0;
}

int hr_register_import(hr_register *reg, hr_reader *rd, const hr_import_options *opts,
                       hr_import_result **result)
{
	hr_import_options def = HR_IMPORT_OPTIONS_INIT;
	hr_import_result *res = NULL;
	size_t cap;
	int rc;
	if (!reg || !rd || !result)
		return HR_EINVAL;
	*result = NULL;
	if (!opts)
		opts = &def;
	if (opts->version != HR_IMPORT_OPTIONS_VERSION || rd->version != HR_READER_VERSION)
		return HR_EVERSION;
	cap = opts->max_errors ? opts->max_errors : DEFAULT_MAX_ERRORS;
	res = hr__calloc(1, sizeof *res);
	if (!res || !(res->errors = hr__calloc(cap, sizeof *res->errors))) {
		hr_free(res);
		return HR_ENOMEM;
	}
	*result = res;
	if ((rc = hr_batch_begin(reg)))
		return rc;
	for (;;) {
		hr_record *rec = NULL;
		hr_read_error e;
		hr_append_info info;
		memset(&e, 0, sizeof e);
		rc = rd->next(rd, &rec, &e);
		if (rc < 0) {
			keep_error(res, cap, &e);
			hr_reg__err(reg, "feature %llu: %s", (unsigned long long)e.index, e.reason);
			goto fail;
		}
		if (rc == 0)
			break;
		res->read++;
		if (!rec) {
			res->rejected++;
			keep_error(res, cap, &e);
			if (opts->skip_invalid)
				write_reject(opts->rejects, rd->raw(rd));
			goto next;
		}
		rc = hr_batch_add(reg, rec, &info);
		if (rc == HR_EVALIDATE) {
			e.index = res->read - 1;
			hr__fmt(e.id, sizeof e.id, "%s",
			        hr_record_text(rec, HR_F_ID) ? hr_record_text(rec, HR_F_ID) : "");
			split_reason(&e, hr_errmsg(reg));
			res->rejected++;
			keep_error(res, cap, &e);
			if (opts->skip_invalid)
				write_reject(opts->rejects, rd->raw(rd));
		} else if (rc) {
			hr_record_free(rec);
			goto fail;
		} else {
			if (res->imported++ == 0)
				res->first_index = info.index;
			res->last_index = info.index;
			if (info.stale) {
				res->stale++;
				if ((rc = keep_note(res, rec, &info))) {
					hr_record_free(rec);
					goto fail;
				}
			}
		}
		hr_record_free(rec);
	next:
		if (opts->progress && (res->read & 255) == 0) {
			uint64_t done = 0, total = 0;
			rd->progress(rd, &done, &total);
			if (opts->progress(opts->progress_ctx, done, total)) {
				hr_reg__err(reg, "import cancelled");
				rc = HR_ERROR;
				goto fail;
			}
		}
	}
	if (res->rejected && !opts->skip_invalid) {
		hr_batch_abort(reg);
		hr_reg__err(reg, "%llu of %llu features refused; nothing was written",
		            (unsigned long long)res->rejected, (unsigned long long)res->read);
		res->imported = 0;
		res->stale = 0;
		return HR_EVALIDATE;
	}
	if ((rc = hr_batch_commit(reg))) {
		res->imported = 0;
		return rc;
	}
	if (opts->progress) {
		uint64_t done = 0, total = 0;
		rd->progress(rd, &done, &total);
		opts->progress(opts->progress_ctx, total ? total : done, total ? total : done);
	}
	return 0;
fail:
	hr_batch_abort(reg);
	res->imported = 0;
	res->stale = 0;
	return rc;
}

void hr_import_result_free(hr_import_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->nnotes; i++)
		hr_free(res->notes[i]);
	hr_free(res->notes);
	hr_free(res->errors);
	hr_free(res);
}
