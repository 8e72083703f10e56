/*
 * report.c - public reports as the register holds them: tracking ids, the
 * order of their statuses, and the rows of the public_reports layer read
 * back without anything private (report.h). The rule that a report starts
 * "received" and only moves forward is kept on append (register.c).
 */
#include "core/register_int.h"

#include <sodium.h>
#include <string.h>

char *hr_report_id_new(char out[HR_REPORT_ID_BUFSZ])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char raw[16];
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	randombytes_buf(raw, sizeof raw);
	for (size_t i = 0; i < sizeof raw; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = alphabet[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	sodium_memzero(raw, sizeof raw);
	return out;
}

int hr_report_status_rank(const char *status)
{
	const hr_field_def *f = hr_schema_field(HR_KIND_REPORT, HR_F_REPORT_STATUS);
	for (int i = 0; status && f->words[i]; i++)
		if (strcmp(f->words[i], status) == 0)
			return i;
	return -1;
}

typedef struct {
	hr_report_cb cb;
	void *ctx;
} report_walk;

static int report_row_cb(void *ctx, const hr_row *row)
{
	report_walk *w = ctx;
	hr_report_row r;
	hr_bbox env;
	memset(&r, 0, sizeof r);
	r.id = row->cells[P_ID].s;
	r.status = row->cells[P_STATUS].s;
	if (row->wkb && hr_geom_bbox(&env, row->wkb, row->wkb_len) == 0) {
		r.at.lon = env.west;
		r.at.lat = env.south;
	}
	r.received = row->cells[P_RECEIVED].is_null ? HR_TIME_NONE : row->cells[P_RECEIVED].i;
	r.last_changed = row->cells[P_DOI].is_null ? HR_TIME_NONE : row->cells[P_DOI].i;
	r.records = (uint64_t)row->cells[P_RECORDS].i;
	r.last_index = (uint64_t)row->cells[P_LAST_INDEX].i;
	return w->cb(w->ctx, &r);
}

int hr_report_get(hr_register *reg, const char *id, hr_report_cb cb, void *ctx)
{
	report_walk w = {cb, ctx};
	int rc;
	if (!reg || !id || !cb)
		return HR_EINVAL;
	reg->err[0] = '\0';
	rc = reg->be->row_get(reg->be, &hr_layer_reports, id, report_row_cb, &w);
	if (rc == HR_ENOTFOUND) {
		hr_reg__err(reg, "no report \"%s\" in the register", id);
		return rc;
	}
	if (rc < 0 && !reg->err[0])
		return hr_reg__be_err(reg, rc, "reading the report");
	return rc;
}

int hr_report_list(hr_register *reg, const char *status, hr_report_cb cb, void *ctx)
{
	report_walk w = {cb, ctx};
	int rc;
	if (!reg || !cb)
		return HR_EINVAL;
	reg->err[0] = '\0';
	if (status && hr_report_status_rank(status) < 0) {
		hr_reg__err(reg, "\"%s\" is not a report status (received, reviewed, tasked, closed)",
		            status);
		return HR_EINVAL;
	}
	rc = status ? reg->be->rows_where(reg->be, &hr_layer_reports, "report_status", status,
	                                  report_row_cb, &w)
	            : reg->be->rows_all(reg->be, &hr_layer_reports, report_row_cb, &w);
	if (rc < 0 && !reg->err[0])
		return hr_reg__be_err(reg, rc, "reading the reports");
	return rc;
}
