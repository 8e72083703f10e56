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

#include <hazreg/check.h>

#include <stddef.h>
#include <string.h>

#define DEFAULT_MAX_ERRORS 100
#define MAX_NOTES 1000

static void keep_error(hr_import_result *res, size_t cap, const hr_read_error *e)
{
	if (res->nerrors < cap) {
		res->error_codes[res->nerrors] = hr_check_refusal_code(e->field, e->reason);
		res->errors[res->nerrors++] = *e;
	}
}

/* A check's error (or, when strict, its warning) as the feature's refusal. */
static void keep_check_error(hr_import_result *res, size_t cap, const hr_check_finding *f)
{
	hr_read_error e;
	if (res->nerrors >= cap)
		return;
	memset(&e, 0, sizeof e);
	e.index = f->index;
	hr__fmt(e.id, sizeof e.id, "%s", f->id);
	hr__fmt(e.field, sizeof e.field, "%s", f->code);
	hr__fmt(e.reason, sizeof e.reason, "%s", f->message);
	e.line = f->line;
	e.column = f->column;
	keep_error(res, cap, &e); /* the code is the field */
}

/*
 * Run the checks on one record. @return 1 when they refuse it (its errors
 * kept), 0 when it goes in (its warnings kept), or an error.
 */
static int run_checks(hr_checker *ck, const hr_import_options *opts, hr_import_result *res,
                      size_t cap, const hr_record *rec, uint64_t index, const hr_read_error *where)
{
	hr_check_findings f = {0, 0, NULL};
	int rc, refused = 0;
	if ((rc = hr_checker_record(ck, rec, index, where->line, where->column, &f)))
		goto done;
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].severity == HR_CHECK_ERROR || opts->strict)
			refused = 1;
	for (size_t i = 0; i < f.n; i++) {
		if (refused) {
			keep_check_error(res, cap, &f.v[i]);
			continue;
		}
		res->warnings++;
		if (res->findings.n < cap &&
		    (rc = hr_check_findings_append(&res->findings, &f.v[i])))
			goto done;
	}
	rc = refused;
done:
	hr_check_findings_clear(&f);
	return rc;
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

int hr_register_import(hr_register *reg, hr_reader *rd, const hr_import_options *opts_in,
                       hr_import_result **result)
{
	hr_import_options o = HR_IMPORT_OPTIONS_INIT;
	const hr_import_options *opts = &o;
	hr_import_result *res = NULL;
	hr_checker *ck = NULL;
	size_t cap;
	int rc;
	if (!reg || !rd || !result)
		return HR_EINVAL;
	*result = NULL;
	if (opts_in && opts_in->version == 1)
		memcpy(&o, opts_in, offsetof(hr_import_options, checks)); /* the rest: defaults */
	else if (opts_in && opts_in->version == HR_IMPORT_OPTIONS_VERSION)
		o = *opts_in;
	else if (opts_in)
		return HR_EVERSION;
	o.version = HR_IMPORT_OPTIONS_VERSION;
	if (rd->version != HR_READER_VERSION)
		return HR_EVERSION;
	cap = opts->max_errors ? opts->max_errors : DEFAULT_MAX_ERRORS;
	res = hr__calloc(1, sizeof *res);
	if (!res || !(res->errors = hr__calloc(cap, sizeof *res->errors)) ||
	    !(res->error_codes = hr__calloc(cap, sizeof *res->error_codes))) {
		hr_import_result_free(res);
		return HR_ENOMEM;
	}
	*result = res;
	/* the checks read the register (inside the batch, which may already
	 * hold earlier features of this input: the checker compares with
	 * those as the input has them, and skips them in the register) */
	if (opts->checks && (rc = hr_checker_new(&ck, reg, opts->checks))) {
		hr_reg__err(reg, "the checks' options are not valid");
		return rc;
	}
	if ((rc = hr_batch_begin(reg))) {
		hr_checker_free(ck);
		return rc;
	}
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
		if (ck && (rc = run_checks(ck, opts, res, cap, rec, res->read - 1, &e))) {
			hr_record_free(rec);
			if (rc < 0)
				goto fail;
			res->rejected++;
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
		hr_checker_free(ck);
		return HR_EVALIDATE;
	}
	hr_checker_free(ck);
	ck = NULL;
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
	hr_checker_free(ck);
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
	hr_free(res->error_codes);
	hr_check_findings_clear(&res->findings);
	hr_free(res);
}
