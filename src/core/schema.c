/*
 * schema.c - the one table of record kinds and their fields.
 *
 * The canonical encoder, the validator, every importer and exporter and the
 * docs read this table; adding a field here is how a field comes to exist.
 * Tags and types are part of the log format (docs/log-format.md): never
 * renumber one, only add.
 */
#include "core/core_int.h"

#include <string.h>

static const char *const w_classification[] = {"SHA", "CHA", NULL};
static const char *const w_status[] = {"open", "worked_on", "closed", NULL};
static const char *const w_evidence[] = {"direct", "indirect", "accident", "item_found",
                                         "local_report", "military_record", "remote_sensing",
                                         NULL};
static const char *const w_release[] = {"cancelled", "reduced", "cleared", NULL};
static const char *const w_method[] = {"nts", "ts", "clearance", NULL};
static const char *const w_category[] = {"ap_mine", "at_mine", "uxo", "axo", "submunition",
                                         "ied", "other", NULL};
static const char *const w_key_status[] = {"active", "revoked", NULL};
static const char *const w_condition[] = {"live", "sd_functioned", "sda_inert", "inert",
                                          "unknown", NULL};
/* In the order a report moves through them (report.h: hr_report_status_rank). */
static const char *const w_report_status[] = {"received", "reviewed", "tasked", "closed", NULL};

#define REQ HR_FIELD_REQUIRED
#define REP HR_FIELD_REPEAT
#define PRIV HR_FIELD_PRIVATE

/* Fields every kind carries. */
#define COMMON_ID(doc) {HR_F_ID, "id", HR_FT_TEXT, REQ, NULL, doc}
#define COMMON_ORG {HR_F_ORG, "org", HR_FT_TEXT, REQ, NULL, "reporting organisation"}
#define COMMON_DOI                                                                               \
	{HR_F_DOI, "date_of_information", HR_FT_TIME, REQ, NULL,                                 \
	 "date the facts in this record were true; later information wins"}
#define COMMON_NOTE {HR_F_NOTE, "note", HR_FT_TEXT, 0, NULL, "free remark"}
#define COMMON_PCODE {HR_F_PCODE, "pcode", HR_FT_TEXT, 0, NULL, "OCHA p-code of the admin area"}
#define COMMON_SIG                                                                               \
	{HR_F_SIGNATURE, "signature", HR_FT_SIG, 0, NULL,                                        \
	 "the organisation's Ed25519 signature of the record (base64 of key ID and signature)"}

static const hr_field_def f_area[] = {
	COMMON_ID("hazardous area id, stable across updates"),
	COMMON_ORG,
	COMMON_DOI,
	COMMON_NOTE,
	{HR_F_GEOM, "geometry", HR_FT_GEOM, 0, NULL,
	 "perimeter: Polygon or MultiPolygon (required in the first report)"},
	COMMON_PCODE,
	{HR_F_NAME, "name", HR_FT_TEXT, 0, NULL, "place name"},
	COMMON_SIG,
	{HR_F_CLASSIFICATION, "classification", HR_FT_ENUM, 0, w_classification,
	 "SHA (indirect evidence) or CHA (direct evidence); required in the first report"},
	{HR_F_STATUS, "status", HR_FT_ENUM, 0, w_status, "lifecycle: open, worked_on, closed"},
	{HR_F_BENCHMARK, "benchmark", HR_FT_GEOM, 0, NULL, "benchmark point (lon, lat)"},
	{HR_F_CONTAM, "contamination", HR_FT_CONTAM, REP, NULL,
	 "device classes suspected/confirmed, counts or unknown, emplacement interval"},
	{HR_F_EVIDENCE_TYPE, "evidence_type", HR_FT_ENUM, 0, w_evidence, "kind of evidence"},
	{HR_F_EVIDENCE, "evidence", HR_FT_TEXT, 0, NULL, "evidence and where it was seen"},
	{HR_F_INFORMANT, "informant", HR_FT_PRIVATE, PRIV, NULL,
	 "informant's name and contact (private)"},
	{HR_F_BENEFICIARIES, "beneficiaries", HR_FT_INT, 0, NULL, "people who benefit from release"},
};

static const hr_field_def f_release[] = {
	COMMON_ID("release part id"),
	COMMON_ORG,
	COMMON_DOI,
	COMMON_NOTE,
	{HR_F_GEOM, "geometry", HR_FT_GEOM, REQ, NULL, "perimeter of the released part"},
	COMMON_PCODE,
	{HR_F_AREA_ID, "area_id", HR_FT_TEXT, REQ, NULL, "hazardous area the part belongs to"},
	COMMON_SIG,
	{HR_F_RELEASE, "release", HR_FT_ENUM, REQ, w_release,
	 "cancelled (by NTS), reduced (by TS) or cleared (by clearance)"},
	{HR_F_METHOD, "method", HR_FT_ENUM, REQ, w_method, "activity: nts, ts, clearance"},
	{HR_F_DEPTH_CM, "depth_cm", HR_FT_INT, 0, NULL, "clearance depth in centimetres"},
	{HR_F_RELEASED_AT, "released_at", HR_FT_TIME, 0, NULL,
	 "when the part was released (default: date_of_information)"},
	{HR_F_ITEMS_FOUND, "items_found", HR_FT_INT, 0, NULL, "items found in the part"},
};

static const hr_field_def f_item[] = {
	COMMON_ID("item id"),
	COMMON_ORG,
	COMMON_DOI,
	COMMON_NOTE,
	{HR_F_GEOM, "geometry", HR_FT_GEOM, REQ, NULL, "location (Point)"},
	COMMON_PCODE,
	{HR_F_AREA_ID, "area_id", HR_FT_TEXT, 0, NULL, "hazardous area where found"},
	COMMON_SIG,
	{HR_F_DEPTH_CM, "depth_cm", HR_FT_INT, 0, NULL, "depth found at, centimetres"},
	{HR_F_CATEGORY, "category", HR_FT_ENUM, REQ, w_category, "EO category"},
	{HR_F_DEVICE_CLASS, "device_class", HR_FT_TEXT, 0, NULL, "catalogue class id"},
	{HR_F_CONDITION, "condition", HR_FT_ENUM, REQ, w_condition,
	 "live, sd_functioned, sda_inert, inert or unknown"},
	{HR_F_FOUND_AT, "found_at", HR_FT_TIME, 0, NULL, "when found (default: date_of_information)"},
	{HR_F_FINDER, "finder", HR_FT_PRIVATE, PRIV, NULL, "finder's name and contact (private)"},
	{HR_F_QUANTITY, "quantity", HR_FT_INT, 0, NULL, "number of items (default 1)"},
};

static const hr_field_def f_accident[] = {
	COMMON_ID("accident id"),
	COMMON_ORG,
	COMMON_DOI,
	COMMON_NOTE,
	{HR_F_GEOM, "geometry", HR_FT_GEOM, REQ, NULL, "location (Point)"},
	COMMON_PCODE,
	{HR_F_AREA_ID, "area_id", HR_FT_TEXT, 0, NULL, "hazardous area where it happened"},
	COMMON_SIG,
	{HR_F_CATEGORY, "category", HR_FT_ENUM, 0, w_category, "device category"},
	{HR_F_OCCURRED_AT, "occurred_at", HR_FT_TIME, REQ, NULL, "when it happened"},
	{HR_F_DEMINING, "demining", HR_FT_BOOL, 0, NULL, "during demining"},
	{HR_F_KILLED, "killed", HR_FT_INT, 0, NULL, "people killed"},
	{HR_F_INJURED, "injured", HR_FT_INT, 0, NULL, "people injured"},
	{HR_F_VICTIM, "victims", HR_FT_PRIVATE, PRIV | REP, NULL,
	 "one victim's particulars (name, sex, age, outcome, activity); private"},
};

static const hr_field_def f_eore[] = {
	COMMON_ID("EORE session id"),
	COMMON_ORG,
	COMMON_DOI,
	COMMON_NOTE,
	{HR_F_GEOM, "geometry", HR_FT_GEOM, REQ, NULL, "location (Point)"},
	COMMON_PCODE,
	COMMON_SIG,
	{HR_F_HELD_AT, "held_at", HR_FT_TIME, 0, NULL, "when held (default: date_of_information)"},
	{HR_F_GIRLS, "girls", HR_FT_INT, 0, NULL, "beneficiaries: girls under 18"},
	{HR_F_BOYS, "boys", HR_FT_INT, 0, NULL, "beneficiaries: boys under 18"},
	{HR_F_WOMEN, "women", HR_FT_INT, 0, NULL, "beneficiaries: women"},
	{HR_F_MEN, "men", HR_FT_INT, 0, NULL, "beneficiaries: men"},
};

static const hr_field_def f_class[] = {
	COMMON_ID("device-class id, e.g. np-sd-48h"),
	COMMON_ORG,
	COMMON_DOI,
	COMMON_NOTE,
	{HR_F_NAME, "name", HR_FT_TEXT, REQ, NULL, "descriptive name (generic, not a weapon model)"},
	COMMON_SIG,
	{HR_F_PERSISTENT, "persistent", HR_FT_BOOL, REQ, NULL, "no self-destruct or self-deactivation"},
	{HR_F_SD_MIN_H, "sd_min_h", HR_FT_REAL, 0, NULL, "SD window start, hours after emplacement"},
	{HR_F_SD_MAX_H, "sd_max_h", HR_FT_REAL, 0, NULL, "SD window end, hours after emplacement"},
	{HR_F_SD_FAIL_OPT, "sd_fail_optimistic", HR_FT_REAL, 0, NULL,
	 "probability SD fails, optimistic bound"},
	{HR_F_SD_FAIL_CONS, "sd_fail_conservative", HR_FT_REAL, 0, NULL,
	 "probability SD fails, conservative bound"},
	{HR_F_SDA_BY_H, "sda_by_h", HR_FT_REAL, 0, NULL, "backup SDA has acted by, hours"},
	{HR_F_SDA_LIVE_OPT, "sda_live_optimistic", HR_FT_REAL, 0, NULL,
	 "probability still live after SDA, optimistic bound"},
	{HR_F_SDA_LIVE_CONS, "sda_live_conservative", HR_FT_REAL, 0, NULL,
	 "probability still live after SDA, conservative bound"},
	{HR_F_SOURCE, "source", HR_FT_TEXT, 0, NULL, "where the figures come from"},
};

/* An organisation's record-signing key. The id is the verifier key itself
 * (C2SP "NAME+KEYID+BASE64"), so each key is one subject; org is the
 * organisation whose records it signs. */
static const hr_field_def f_org_key[] = {
	COMMON_ID("the verifier key, NAME+KEYID+BASE64 as 'hazreg keys new' writes it"),
	{HR_F_ORG, "org", HR_FT_TEXT, REQ, NULL, "the organisation whose records the key signs"},
	COMMON_DOI,
	COMMON_NOTE,
	{HR_F_KEY_STATUS, "key_status", HR_FT_ENUM, REQ, w_key_status,
	 "active (its signatures are accepted) or revoked (no longer, from this record on)"},
};

/* A member of the public's report of a suspicious item, and each change of
 * its status by the register's reviewers: one subject per report, its id
 * the tracking id handed to the reporter. Whatever the reporter or a
 * reviewer wrote is private (it may name people); the point and the status
 * are not. A report never changes any hazardous area: only the records an
 * organisation makes after its survey do. The first record of a report
 * carries the point, the description and status "received" (register.c). */
static const hr_field_def f_report[] = {
	COMMON_ID("tracking id of the report, random, given to the reporter"),
	{HR_F_ORG, "org", HR_FT_TEXT, REQ, NULL,
	 "who recorded it: \"public\" for the report itself, the reviewer's organisation after"},
	COMMON_DOI,
	COMMON_NOTE,
	{HR_F_GEOM, "geometry", HR_FT_GEOM, 0, NULL,
	 "where the item was seen (Point); required in the first record"},
	{HR_F_REPORT_STATUS, "report_status", HR_FT_ENUM, REQ, w_report_status,
	 "received, then reviewed, tasked, closed: only ever forward"},
	{HR_F_DESCRIPTION, "description", HR_FT_PRIVATE, PRIV, NULL,
	 "what was seen, in the reporter's words (private; required in the first record)"},
	{HR_F_CONTACT, "contact", HR_FT_PRIVATE, PRIV, NULL,
	 "how to reach the reporter (private)"},
	{HR_F_REVIEW_NOTE, "review_note", HR_FT_PRIVATE, PRIV, NULL,
	 "the reviewer's note on the status change (private)"},
};

/* An administrative area as OCHA's common operational datasets (COD-AB)
 * publish it: one subject per p-code, its boundary, level and names.
 * Boundaries are public; later information (a redrawn boundary) wins. */
static const hr_field_def f_adm_area[] = {
	COMMON_ID("OCHA p-code of the area, e.g. UA14 (oblast) or UA1402 (raion)"),
	COMMON_ORG,
	COMMON_DOI,
	COMMON_NOTE,
	{HR_F_GEOM, "geometry", HR_FT_GEOM, REQ, NULL, "boundary: Polygon or MultiPolygon"},
	{HR_F_NAME, "name", HR_FT_TEXT, REQ, NULL, "name in English"},
	COMMON_SIG,
	{HR_F_ADM_LEVEL, "adm_level", HR_FT_INT, REQ, NULL,
	 "administrative level: 1 (oblast) or 2 (raion)"},
	{HR_F_NAME_UK, "name_uk", HR_FT_TEXT, 0, NULL, "name in Ukrainian"},
	{HR_F_PARENT_PCODE, "parent_pcode", HR_FT_TEXT, 0, NULL,
	 "p-code of the area it lies in (a raion's oblast, an oblast's country)"},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	const hr_field_def *fields;
	size_t n;
} kinds[HR_KIND_MAX + 1] = {
	{NULL, NULL, 0},
	{"area", f_area, N(f_area)},
	{"release", f_release, N(f_release)},
	{"item", f_item, N(f_item)},
	{"accident", f_accident, N(f_accident)},
	{"eore", f_eore, N(f_eore)},
	{"class", f_class, N(f_class)},
	{"org_key", f_org_key, N(f_org_key)},
	{"report", f_report, N(f_report)},
	{"adm_area", f_adm_area, N(f_adm_area)},
};

const char *hr_kind_name(int kind)
{
	if (kind < 1 || kind > HR_KIND_MAX)
		return NULL;
	return kinds[kind].name;
}

int hr_kind_from_name(const char *name)
{
	if (!name)
		return 0;
	for (int k = 1; k <= HR_KIND_MAX; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return k;
	return 0;
}

const hr_field_def *hr_schema_fields(int kind, size_t *n)
{
	if (kind < 1 || kind > HR_KIND_MAX) {
		if (n)
			*n = 0;
		return NULL;
	}
	if (n)
		*n = kinds[kind].n;
	return kinds[kind].fields;
}

const hr_field_def *hr_schema_field(int kind, int tag)
{
	size_t n;
	const hr_field_def *f = hr_schema_fields(kind, &n);
	for (size_t i = 0; i < n; i++)
		if (f[i].tag == tag)
			return &f[i];
	return NULL;
}

const hr_field_def *hr_schema_field_by_name(int kind, const char *name)
{
	size_t n;
	const hr_field_def *f = hr_schema_fields(kind, &n);
	if (!name)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return &f[i];
	return NULL;
}

int hr_schema__enum_ok(const hr_field_def *f, const char *word)
{
	if (!f->words)
		return 0;
	for (const char *const *w = f->words; *w; w++)
		if (strcmp(*w, word) == 0)
			return 1;
	return 0;
}
