/*
 * summary_csv.c - the summary by administrative area (summary.h) as CSV
 * with an HXL hashtag row, for humanitarian data portals: fields quoted
 * as the layer export quotes them (hr_csv__put_field, csv_write.c).
 */
#include "formats/formats_int.h"
#include "hazreg/summary.h"

#include "core/core_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NCOLS 15

static void put_num(hr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_num(hr_buf *b, const char *fmt, ...)
{
	char num[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(num, sizeof num, fmt, ap);
	va_end(ap);
	hr_csv__put_field(b, num, 0);
}

static void put_row(hr_buf *b, const hr_summary_row *r)
{
	hr_csv__put_field(b, r->pcode ? r->pcode : "", 1);
	hr_csv__put_field(b, r->pcode ? (r->name ? r->name : "") : "outside every boundary", 0);
	hr_csv__put_field(b, r->name_uk ? r->name_uk : "", 0);
	hr_csv__put_field(b, r->parent_pcode ? r->parent_pcode : "", 0);
	put_num(b, "%llu", (unsigned long long)r->sha);
	put_num(b, "%.6f", r->sha_km2);
	put_num(b, "%llu", (unsigned long long)r->cha);
	put_num(b, "%.6f", r->cha_km2);
	for (int m = 0; m < 3; m++)
		put_num(b, "%.6f", r->released_km2[m]);
	put_num(b, "%lld", (long long)r->items);
	put_num(b, "%llu", (unsigned long long)r->accidents);
	put_num(b, "%lld", (long long)r->killed);
	put_num(b, "%lld", (long long)r->injured);
	hr_buf_put(b, "\r\n", 2);
}

int hr_summary_csv(char **out, const hr_summary *s)
{
	static const char *const head[NCOLS] = {
		"pcode", "name", "name_uk", "parent_pcode", "sha_open", "sha_open_km2", "cha_open",
		"cha_open_km2", "released_nts_km2", "released_ts_km2", "released_clearance_km2",
		"items_found", "accidents", "killed", "injured"};
	static const char *const methods[3] = {"nts", "ts", "clearance"};
	hr_buf b = {0};
	char tag[64];
	int a, p;
	if (!out || !s || (s->level != 1 && s->level != 2) || (s->n && !s->rows))
		return HR_EINVAL;
	*out = NULL;
	a = s->level;
	p = s->level - 1;
	for (int c = 0; c < NCOLS; c++)
		hr_csv__put_field(&b, head[c], c == 0);
	hr_buf_put(&b, "\r\n", 2);
	hr__fmt(tag, sizeof tag, "#adm%d+code", a);
	hr_csv__put_field(&b, tag, 1);
	hr__fmt(tag, sizeof tag, "#adm%d+name", a);
	hr_csv__put_field(&b, tag, 0);
	hr__fmt(tag, sizeof tag, "#adm%d+name+i_uk", a);
	hr_csv__put_field(&b, tag, 0);
	hr__fmt(tag, sizeof tag, "#adm%d+code", p);
	hr_csv__put_field(&b, tag, 0);
	hr_csv__put_field(&b, "#indicator+sha+num", 0);
	hr_csv__put_field(&b, "#indicator+sha+area_km2", 0);
	hr_csv__put_field(&b, "#indicator+cha+num", 0);
	hr_csv__put_field(&b, "#indicator+cha+area_km2", 0);
	for (int m = 0; m < 3; m++) {
		hr__fmt(tag, sizeof tag, "#indicator+released+%s+area_km2", methods[m]);
		hr_csv__put_field(&b, tag, 0);
	}
	hr_csv__put_field(&b, "#indicator+items+num", 0);
	hr_csv__put_field(&b, "#indicator+accidents+num", 0);
	hr_csv__put_field(&b, "#affected+killed", 0);
	hr_csv__put_field(&b, "#affected+injured", 0);
	hr_buf_put(&b, "\r\n", 2);
	for (size_t i = 0; i < s->n; i++)
		put_row(&b, &s->rows[i]);
	put_row(&b, &s->outside);
	if (b.oom) {
		hr_buf_free(&b);
		return HR_ENOMEM;
	}
	*out = (char *)b.p;
	return 0;
}
