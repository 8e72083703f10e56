/*
 * hxl.c - the one table of HXL hashtags (Humanitarian Exchange Language,
 * hxlstandard.org) hazreg reads and writes, and the column names of CSV
 * files: the CSV reader maps a header cell to an import name here, the CSV
 * writer takes each column's hashtag from here, and docs/formats.md lists
 * the same table ("CSV and HXL"); test_csv_read checks that every field of
 * the schema has a hashtag.
 *
 * HXL compares a tag as its hashtag and its set of attributes: case, space
 * and the order of attributes do not matter. Language attributes (+i_uk,
 * +i_en) say what language a column is in, not what it holds, and are left
 * out of the comparison.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
 * name: the import name (docs/formats.md) or one of the CSV reader's own
 * columns (kind, id, geometry as WKT, lon, lat, coord); tag: its HXL tag.
 * The first row of a name is the tag the writer uses. level: for pcode,
 * how fine the administrative level is (a row's p-code is taken from the
 * finest column that has one).
 */
static const struct {
	const char *name;
	const char *tag;
	int level;
} hxl[] = {
	{"kind", "#meta+kind", 0},
	{"id", "#meta+id", 0},
	{"org", "#org+impl", 0},
	{"date_of_information", "#date+reported", 0},
	{"note", "#description+note", 0},
	{"geometry", "#geo+wkt", 0},
	{"lon", "#geo+lon", 0},
	{"lat", "#geo+lat", 0},
	{"coord", "#geo+coord", 0},
	{"pcode", "#loc+code", 6},
	{"pcode", "#adm1+code", 1},
	{"pcode", "#adm2+code", 2},
	{"pcode", "#adm3+code", 3},
	{"pcode", "#adm4+code", 4},
	{"pcode", "#adm5+code", 5},
	{"name", "#loc+name", 0},
	{"area_id", "#loc+area+id", 0},
	{"signature", "#meta+signature", 0},
	/* hazardous areas */
	{"classification", "#loc+type", 0},
	{"status", "#status", 0},
	{"benchmark", "#geo+benchmark", 0},
	{"contamination", "#item+contamination", 0},
	{"evidence_type", "#description+evidence+type", 0},
	{"evidence", "#description+evidence", 0},
	{"informant", "#contact+informant", 0},
	{"beneficiaries", "#beneficiary+num", 0},
	/* release parts */
	{"release", "#status+release", 0},
	{"method", "#activity+method", 0},
	{"depth_cm", "#value+depth+cm", 0},
	{"released_at", "#date+released", 0},
	{"items_found", "#item+found+num", 0},
	/* items and accidents */
	{"category", "#item+type", 0},
	{"device_class", "#item+class", 0},
	{"condition", "#item+condition", 0},
	{"found_at", "#date+found", 0},
	{"finder", "#contact+finder", 0},
	{"quantity", "#item+num", 0},
	{"occurred_at", "#date+occurred", 0},
	{"demining", "#event+demining", 0},
	{"killed", "#affected+killed", 0},
	{"injured", "#affected+injured", 0},
	{"victims", "#affected+victims", 0},
	/* EORE sessions: people reached */
	{"held_at", "#date+held", 0},
	{"girls", "#reached+f+children", 0},
	{"boys", "#reached+m+children", 0},
	{"women", "#reached+f+adults", 0},
	{"men", "#reached+m+adults", 0},
	/* the device-class catalogue */
	{"persistent", "#meta+persistent", 0},
	{"sd_min_h", "#meta+sd_min_h", 0},
	{"sd_max_h", "#meta+sd_max_h", 0},
	{"sd_fail_optimistic", "#meta+sd_fail_optimistic", 0},
	{"sd_fail_conservative", "#meta+sd_fail_conservative", 0},
	{"sda_by_h", "#meta+sda_by_h", 0},
	{"sda_live_optimistic", "#meta+sda_live_optimistic", 0},
	{"sda_live_conservative", "#meta+sda_live_conservative", 0},
	{"source", "#meta+source", 0},
	/* organisations' keys and public reports */
	{"key_status", "#status+key", 0},
	{"report_status", "#status+report", 0},
	{"description", "#description+report", 0},
	{"contact", "#contact+reporter", 0},
	{"review_note", "#description+review", 0},
	/* administrative area */
	{"adm_level", "#meta+adm_level", 0},
	{"name_uk", "#loc+name_uk", 0},
	{"parent_pcode", "#loc+parent_pcode", 0},
};
#define NHXL (sizeof hxl / sizeof hxl[0])

/* Column names besides the import names: other spellings of the reader's own columns. */
static const struct {
	const char *alias, *name;
} aliases[] = {{"wkt", "geometry"}, {"longitude", "lon"}, {"latitude", "lat"}};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The canonical form of an HXL tag: lower case, no space, language
 * attributes left out, the other attributes sorted: "#reached+children+f".
 * @return 0, or -1 when `tag` is not an HXL tag ("#" then a letter)
 */
static int canon(char *out, size_t n, const char *tag)
{
	char buf[256], *attr[32], *p;
	size_t len = 0, na = 0, w;

	for (const char *s = tag; *s && len + 1 < sizeof buf; s++)
		if (!isspace((unsigned char)*s))
			buf[len++] = (char)tolower((unsigned char)*s);
	buf[len] = '\0';
	if (buf[0] != '#' || !isalpha((unsigned char)buf[1]))
		return -1;
	p = strchr(buf, '+');
	if (p) {
		*p++ = '\0';
		while (p && na < sizeof attr / sizeof attr[0]) {
			char *next = strchr(p, '+');
			if (next)
				*next++ = '\0';
			if (*p && strncmp(p, "i_", 2) != 0)
				attr[na++] = p;
			p = next;
		}
	}
	qsort(attr, na, sizeof attr[0], cmp_str);
	w = (size_t)snprintf(out, n, "%s", buf);
	for (size_t i = 0; i < na && w < n; i++)
		w += (size_t)snprintf(out + w, n - w, "+%s", attr[i]);
	return 0;
}

/* Levenshtein distance, for "did you mean"; strings of up to 63 bytes. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];
	if (la > 63 || lb > 63)
		return 64;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

/* Append `s` to the list in `buf` unless it is there already. */
static void list_add(char *buf, size_t n, const char *s)
{
	size_t len = strlen(buf), sl = strlen(s);
	for (const char *p = buf; (p = strstr(p, s)); p += sl)
		if ((p == buf || p[-1] == ' ') && (p[sl] == ',' || p[sl] == '\0'))
			return;
	if (len + sl + 3 < n)
		snprintf(buf + len, n - len, "%s%s", len ? ", " : "", s);
}

int hr_hxl__lookup(const char *tag, const char **name, int *level, char *close, size_t closelen)
{
	char want[256], have[256], hashtag[64];
	size_t hl;

	if (close && closelen)
		close[0] = '\0';
	if (canon(want, sizeof want, tag) != 0)
		return -1;
	for (size_t i = 0; i < NHXL; i++) {
		canon(have, sizeof have, hxl[i].tag);
		if (strcmp(want, have) == 0) {
			*name = hxl[i].name;
			if (level)
				*level = hxl[i].level;
			return 0;
		}
	}
	if (!close || !closelen)
		return -1;
	/* close ones: the same hashtag, else a small edit */
	hl = strcspn(want, "+");
	hr__fmt(hashtag, sizeof hashtag, "%.*s", (int)hl, want);
	for (size_t i = 0; i < NHXL; i++) {
		canon(have, sizeof have, hxl[i].tag);
		if (strncmp(have, hashtag, hl) == 0 && (have[hl] == '+' || have[hl] == '\0'))
			list_add(close, closelen, hxl[i].tag);
	}
	if (!close[0])
		for (size_t i = 0; i < NHXL; i++)
			if (distance(want, hxl[i].tag) <= 3)
				list_add(close, closelen, hxl[i].tag);
	return -1;
}

int hr_hxl__column(const char *label, const char **name, int *level, char *close,
                   size_t closelen)
{
	if (close && closelen)
		close[0] = '\0';
	if (level)
		*level = 0;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(label, aliases[i].alias) == 0)
			label = aliases[i].name;
	for (size_t i = 0; i < NHXL; i++)
		if (strcmp(label, hxl[i].name) == 0) {
			*name = hxl[i].name;
			if (level && strcmp(hxl[i].name, "pcode") == 0)
				*level = hxl[i].level;
			return 0;
		}
	if (!close || !closelen)
		return -1;
	for (size_t i = 0; i < NHXL; i++)
		if (distance(label, hxl[i].name) <= 3 ||
		    (strlen(label) >= 3 && strstr(hxl[i].name, label)))
			list_add(close, closelen, hxl[i].name);
	return -1;
}

const char *hr_hxl__tag(const char *name)
{
	for (size_t i = 0; i < NHXL; i++)
		if (strcmp(name, hxl[i].name) == 0)
			return hxl[i].tag;
	return NULL;
}

int hr_hxl__is_tag_row(char *const *cells, size_t n)
{
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		const char *c = cells[i];
		while (*c == ' ')
			c++;
		if (!*c)
			continue;
		if (c[0] != '#' || !isalpha((unsigned char)c[1]))
			return 0;
		any = 1;
	}
	return any;
}

size_t hr_hxl__count(void)
{
	return NHXL;
}

void hr_hxl__entry(size_t i, const char **name, const char **tag)
{
	*name = i < NHXL ? hxl[i].name : NULL;
	*tag = i < NHXL ? hxl[i].tag : NULL;
}
