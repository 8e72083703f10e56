/*
 * rebuild.c - state is derived: rebuild the layers from the log alone,
 * digest the derived state, and check a register end to end.
 */
#include "core/register_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The distinct (kind, subject) pairs of the log. */
typedef struct {
	int kind;
	char *subject;
} subj;
typedef struct {
	subj *v;
	size_t n, cap;
	hr_register *reg;
	/* check mode */
	int checking;
	uint64_t expect;
	char *problem;
	hr_progress_cb cb;
	void *cb_ctx;
	uint64_t total;
	unsigned char *leaves; /* check mode: every leaf hash, for the tree head */
} scan;

static int by_kind_subject(const void *a, const void *b)
{
	const subj *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return strcmp(x->subject, y->subject);
}

static void scan_free(scan *s)
{
	for (size_t i = 0; i < s->n; i++)
		hr_free(s->v[i].subject);
	hr_free(s->v);
	hr_free(s->problem);
	hr_free(s->leaves);
}

static int problem(scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int problem(scan *s, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!s->problem)
		s->problem = hr__strdup(msg);
	hr_reg__err(s->reg, "%s", msg);
	return HR_ECORRUPT;
}

/* Check one log entry the way an auditor would, then remember its subject. */
static int scan_cb(void *ctx, const hr_log_row *row)
{
	scan *s = ctx;
	if (s->checking) {
		unsigned char leaf[32], *again = NULL;
		size_t len = 0;
		hr_record *rec = NULL;
		char err[256] = "";
		const char *ref;
		int rc = 0;
		if (row->idx != s->expect)
			return problem(s, "log entry %llu: index out of sequence (expected %llu)",
			               (unsigned long long)row->idx, (unsigned long long)s->expect);
		hr_leaf_hash(leaf, row->bytes, row->len);
		if (sodium_memcmp(leaf, row->leaf, 32) != 0)
			return problem(s, "log entry %llu: leaf hash does not match its bytes",
			               (unsigned long long)row->idx);
		if ((rc = hr_record_decode(&rec, row->bytes, row->len, err, sizeof err))) {
			if (rc == HR_ENOMEM)
				return rc;
			return problem(s, "log entry %llu: %s", (unsigned long long)row->idx, err);
		}
		ref = rec->kind == HR_KIND_AREA ? hr_record_text(rec, HR_F_ID)
		                                : hr_record_text(rec, HR_F_AREA_ID);
		if ((rc = hr_record_encode(&again, &len, rec)) == HR_ENOMEM)
			; /* reported as it is */
		else if (rc || len != row->len || memcmp(again, row->bytes, len) != 0)
			rc = problem(s, "log entry %llu: bytes are not canonical",
			             (unsigned long long)row->idx);
		else if ((int)rec->kind != row->kind ||
		         strcmp(hr_record_text(rec, HR_F_ID) ? hr_record_text(rec, HR_F_ID) : "",
		                row->subject) != 0 ||
		         hr_record_time(rec, HR_F_DOI) != row->doi || rec->appended != row->appended ||
		         (ref == NULL) != (row->area_ref == NULL) ||
		         (ref && strcmp(ref, row->area_ref) != 0))
			rc = problem(s, "log entry %llu: index columns disagree with the record",
			             (unsigned long long)row->idx);
		else if ((rc = hr_record_validate(rec, err, sizeof err)) == HR_ENOMEM)
			; /* reported as it is */
		else if (rc)
			rc = problem(s, "log entry %llu: record no longer validates: %s",
			             (unsigned long long)row->idx, err);
		hr_free(again);
		hr_record_free(rec);
		if (rc)
			return rc;
		if (s->leaves)
			memcpy(s->leaves + 32 * row->idx, row->leaf, 32);
		s->expect++;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		subj *nv = hr__realloc(s->v, cap * sizeof *nv);
		if (!nv)
			return HR_ENOMEM;
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n].kind = row->kind;
	s->v[s->n].subject = hr__strdup(row->subject);
	if (!s->v[s->n].subject)
		return HR_ENOMEM;
	s->n++;
	if (s->cb && (row->idx & 1023) == 0 && s->cb(s->cb_ctx, row->idx, s->total * 2))
		return HR_ERROR;
	return 0;
}

static int scan_log(hr_register *reg, scan *s)
{
	int rc;
	s->reg = reg;
	if ((rc = reg->be->log_size(reg->be, &s->total)))
		return hr_reg__be_err(reg, rc, "reading the log size");
	if (s->checking && !(s->leaves = hr__malloc((size_t)s->total * 32 + 1)))
		return HR_ENOMEM;
	rc = reg->be->log_range(reg->be, 0, s->total, scan_cb, s);
	if (rc == HR_ECORRUPT || rc == HR_ENOMEM)
		return rc;
	if (rc)
		return hr_reg__be_err(reg, rc, "reading the log");
	if (s->checking && s->expect != s->total)
		return problem(s, "log holds %llu entries but its size says %llu",
		               (unsigned long long)s->expect, (unsigned long long)s->total);
	if (s->n > 1) {
		size_t w = 1;
		qsort(s->v, s->n, sizeof *s->v, by_kind_subject);
		for (size_t i = 1; i < s->n; i++) {
			if (by_kind_subject(&s->v[i], &s->v[w - 1]) == 0)
				hr_free(s->v[i].subject);
			else
				s->v[w++] = s->v[i];
		}
		s->n = w;
	}
	return 0;
}

static int sink_put(void *ctx, const hr_row *row)
{
	hr_register *reg = ctx;
	int rc = reg->be->row_put(reg->be, row);
	return rc ? hr_reg__be_err(reg, rc, "writing derived state") : 0;
}

/* Derive every subject, layer by layer in digest order, into a sink. */
static int derive_all(hr_register *reg, scan *s, hr_row_sink sink, void *ctx)
{
	for (int l = 0; l < HR_NLAYERS; l++) {
		for (size_t i = 0; i < s->n; i++) {
			int rc;
			if (hr_layer_for_kind(s->v[i].kind) != hr_layers_all[l])
				continue;
			rc = hr_derive__subject(reg, s->v[i].kind, s->v[i].subject, sink, ctx,
			                        UINT64_MAX, NULL);
			if (rc)
				return rc;
			if (s->cb && (i & 1023) == 0 && s->cb(s->cb_ctx, s->total + i, s->total * 2))
				return HR_ERROR;
		}
	}
	return 0;
}

int hr_register_rebuild(hr_register *reg, hr_progress_cb cb, void *ctx)
{
	scan s = {0};
	int rc;
	if (!reg)
		return HR_EINVAL;
	s.cb = cb;
	s.cb_ctx = ctx;
	if ((rc = hr_batch_begin(reg)))
		return rc;
	for (int l = 0; l < HR_NLAYERS; l++)
		if ((rc = reg->be->layer_clear(reg->be, hr_layers_all[l]))) {
			hr_reg__be_err(reg, rc, "clearing derived state");
			goto done;
		}
	if ((rc = hr_tree__reset(reg)))
		goto done; /* the tiles are rebuilt at commit */
	if ((rc = scan_log(reg, &s)))
		goto done;
	if ((rc = derive_all(reg, &s, sink_put, reg)))
		goto done;
	rc = hr_batch_commit(reg);
	if (cb && rc == 0)
		cb(ctx, s.total * 2, s.total * 2);
done:
	if (rc)
		hr_batch_abort(reg);
	scan_free(&s);
	return rc;
}

/* Digest: SHA-256 over each row's canonical bytes, layer by layer in key
 * order. The stored rows come back in key order from rows_all; derived
 * rows come out of derive_all in the same order because subjects are
 * sorted by the same byte comparison. */
typedef struct {
	crypto_hash_sha256_state st;
	hr_buf b;
	uint64_t rows;
} digest;

static int digest_row(void *ctx, const hr_row *row)
{
	digest *d = ctx;
	d->b.len = 0;
	hr_row__digest_bytes(&d->b, row);
	if (d->b.oom)
		return HR_ENOMEM;
	crypto_hash_sha256_update(&d->st, d->b.p, d->b.len);
	d->rows++;
	return 0;
}

static int stored_digest(hr_register *reg, unsigned char out[32], uint64_t *rows)
{
	digest d;
	int rc = 0;
	memset(&d, 0, sizeof d);
	crypto_hash_sha256_init(&d.st);
	for (int l = 0; l < HR_NLAYERS && rc == 0; l++)
		rc = reg->be->rows_all(reg->be, hr_layers_all[l], digest_row, &d);
	if (rc && rc != HR_ENOMEM)
		hr_reg__be_err(reg, rc, "reading derived state");
	crypto_hash_sha256_final(&d.st, out);
	hr_buf_free(&d.b);
	if (rows)
		*rows = d.rows;
	return rc;
}

int hr_register_state_digest(hr_register *reg, unsigned char out[32])
{
	if (!reg || !out)
		return HR_EINVAL;
	return stored_digest(reg, out, NULL);
}

int hr_register_check(hr_register *reg, char **report, hr_progress_cb cb, void *ctx)
{
	scan s = {0};
	digest d;
	unsigned char want[32], have[32], root[32];
	uint64_t stored_rows = 0;
	hr_buf r = {0};
	char hex[65];
	int rc;
	if (!reg)
		return HR_EINVAL;
	if (report)
		*report = NULL;
	memset(&d, 0, sizeof d);
	s.checking = 1;
	s.cb = cb;
	s.cb_ctx = ctx;
	rc = scan_log(reg, &s);
	if (rc == 0) {
		crypto_hash_sha256_init(&d.st);
		rc = derive_all(reg, &s, digest_row, &d);
		crypto_hash_sha256_final(&d.st, want);
	}
	if (rc == 0) {
		char why[256] = "";
		rc = hr_tree__check(reg, s.total, s.leaves, root, why, sizeof why);
		if (rc == HR_ECORRUPT)
			problem(&s, "%s", why);
	}
	if (rc == 0 && (rc = stored_digest(reg, have, &stored_rows)) == 0 &&
	    (d.rows != stored_rows || sodium_memcmp(want, have, 32) != 0)) {
		problem(&s, "derived state differs from a rebuild from the log (%llu rows stored, "
		            "%llu derived): run 'hazreg rebuild'",
		        (unsigned long long)stored_rows, (unsigned long long)d.rows);
		rc = HR_ECORRUPT;
	}
	hr_buf_printf(&r, "log entries: %llu\n", (unsigned long long)s.total);
	if (rc == 0) {
		hr_buf_printf(&r, "leaf hashes: all %llu recompute from the record bytes\n",
		              (unsigned long long)s.total);
		hr_buf_printf(&r, "records: all decode canonically and validate\n");
		sodium_bin2hex(hex, sizeof hex, root, 32);
		hr_buf_printf(&r, "tree head: %s (RFC 6962, %llu leaves); the Merkle tiles agree\n", hex,
		              (unsigned long long)s.total);
		sodium_bin2hex(hex, sizeof hex, have, 32);
		hr_buf_printf(&r, "derived state: %llu rows, equal to a rebuild from the log\n",
		              (unsigned long long)d.rows);
		hr_buf_printf(&r, "state digest: %s\n", hex);
		hr_buf_printf(&r, "result: consistent\n");
	} else {
		hr_buf_printf(&r, "problem: %s\nresult: NOT consistent\n",
		              s.problem ? s.problem : hr_errmsg(reg));
	}
	if (r.oom && rc == 0)
		rc = HR_ENOMEM;
	if (report && !r.oom) {
		*report = (char *)r.p;
		r.p = NULL;
	}
	hr_buf_free(&r);
	hr_buf_free(&d.b);
	scan_free(&s);
	return rc;
}
