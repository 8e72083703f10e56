/*
 * layers.c - definitions of the derived layers (feature and attribute
 * tables) that the store keeps and that QGIS and GDAL show.
 */
#include "core/layers.h"

#include <string.h>

#define T HR_COL_TEXT
#define I HR_COL_INT
#define R HR_COL_REAL
#define D HR_COL_TIME

static const hr_column c_areas[A_NCOLS] = {
	{"area_id", T, 1},      {"name", T, 0},          {"classification", T, 0},
	{"status", T, 0},       {"org", T, 1},           {"pcode", T, 1},
	{"date_of_information", D, 0}, {"first_reported", D, 0}, {"hazard_from", D, 0},
	{"evidence_type", T, 0}, {"evidence", T, 0},     {"devices", T, 0},
	{"contamination", T, 0}, {"benchmark_lon", R, 0}, {"benchmark_lat", R, 0},
	{"area_m2", R, 0},      {"beneficiaries", I, 0}, {"records", I, 0},
	{"last_index", I, 0},
};
static const hr_column c_releases[R_NCOLS] = {
	{"part_id", T, 1},  {"area_id", T, 1}, {"release", T, 0},     {"method", T, 0},
	{"depth_cm", I, 0}, {"released_at", D, 0}, {"items_found", I, 0}, {"org", T, 1},
	{"pcode", T, 0},    {"date_of_information", D, 0}, {"area_m2", R, 0}, {"records", I, 0},
	{"last_index", I, 0},
};
static const hr_column c_items[I_NCOLS] = {
	{"item_id", T, 1},  {"area_id", T, 1},  {"category", T, 0}, {"device_class", T, 0},
	{"condition", T, 0}, {"depth_cm", I, 0}, {"found_at", D, 0}, {"quantity", I, 0},
	{"org", T, 1},      {"pcode", T, 0},    {"date_of_information", D, 0}, {"records", I, 0},
	{"last_index", I, 0},
};
static const hr_column c_accidents[X_NCOLS] = {
	{"accident_id", T, 1}, {"area_id", T, 1}, {"category", T, 0}, {"occurred_at", D, 0},
	{"demining", I, 0},    {"killed", I, 0},  {"injured", I, 0},  {"victims", I, 0},
	{"org", T, 1},         {"pcode", T, 0},   {"date_of_information", D, 0}, {"records", I, 0},
	{"last_index", I, 0},
};
static const hr_column c_eore[E_NCOLS] = {
	{"session_id", T, 1}, {"held_at", D, 0}, {"girls", I, 0}, {"boys", I, 0},
	{"women", I, 0},      {"men", I, 0},     {"total", I, 0}, {"org", T, 1},
	{"pcode", T, 0},      {"date_of_information", D, 0}, {"records", I, 0},
	{"last_index", I, 0},
};
static const hr_column c_classes[C_NCOLS] = {
	{"class_id", T, 1},       {"name", T, 0},          {"persistent", I, 0},
	{"sd_min_h", R, 0},       {"sd_max_h", R, 0},      {"sd_fail_optimistic", R, 0},
	{"sd_fail_conservative", R, 0}, {"sda_by_h", R, 0}, {"sda_live_optimistic", R, 0},
	{"sda_live_conservative", R, 0}, {"source", T, 0}, {"org", T, 0},
	{"date_of_information", D, 0}, {"records", I, 0}, {"last_index", I, 0},
};

static const hr_column c_org_keys[K_NCOLS] = {
	{"verifier_key", T, 1}, {"key_name", T, 0}, {"key_id", T, 0}, {"key_status", T, 0},
	{"org", T, 1},          {"date_of_information", D, 0}, {"records", I, 0},
	{"last_index", I, 0},
};

/* Public reports: the point and the status only; what the reporter wrote
 * stays in the private table. date_of_information is when it last changed. */
static const hr_column c_reports[P_NCOLS] = {
	{"report_id", T, 1}, {"report_status", T, 1}, {"received", D, 0},
	{"org", T, 0},       {"date_of_information", D, 0}, {"records", I, 0},
	{"last_index", I, 0},
};

/* Administrative areas (boundaries with p-codes): public, as OCHA
 * publishes them; "hazreg summary --by adm1|adm2" counts by them. */
static const hr_column c_adm_areas[B_NCOLS] = {
	{"pcode", T, 1},        {"adm_level", I, 1}, {"name", T, 0},
	{"name_uk", T, 0},      {"parent_pcode", T, 1}, {"area_m2", R, 0},
	{"org", T, 0},          {"date_of_information", D, 0}, {"records", I, 0},
	{"last_index", I, 0},
};

const hr_layer hr_layer_areas = {"hazardous_areas", "Hazardous areas (SHA/CHA)", "MULTIPOLYGON",
                                 "area_id", A_NCOLS, c_areas};
const hr_layer hr_layer_releases = {"release_parts", "Land-release parts", "MULTIPOLYGON",
                                    "part_id", R_NCOLS, c_releases};
const hr_layer hr_layer_items = {"eo_items", "Explosive ordnance items found", "POINT", "item_id",
                                 I_NCOLS, c_items};
const hr_layer hr_layer_accidents = {"accidents", "Accidents (no personal data)", "POINT",
                                     "accident_id", X_NCOLS, c_accidents};
const hr_layer hr_layer_eore = {"eore_sessions", "EORE sessions", "POINT", "session_id", E_NCOLS,
                                c_eore};
const hr_layer hr_layer_classes = {"device_classes", "Device-class catalogue", NULL, "class_id",
                                   C_NCOLS, c_classes};
const hr_layer hr_layer_org_keys = {"org_keys", "Organisations' record-signing keys", NULL,
                                    "verifier_key", K_NCOLS, c_org_keys};
const hr_layer hr_layer_reports = {"public_reports", "Public reports of suspicious items (no personal data)",
                                   "POINT", "report_id", P_NCOLS, c_reports};

const hr_layer hr_layer_adm_areas = {"admin_areas", "Administrative areas (OCHA p-codes)",
                                    "MULTIPOLYGON", "pcode", B_NCOLS, c_adm_areas};

const hr_layer *const hr_layers_all[HR_NLAYERS] = {
	&hr_layer_areas, &hr_layer_releases, &hr_layer_items,
	&hr_layer_accidents, &hr_layer_eore, &hr_layer_classes, &hr_layer_org_keys,
	&hr_layer_reports, &hr_layer_adm_areas,
};

static const char *const shorts[HR_NLAYERS] = {"areas", "releases", "items",
                                               "accidents", "eore", "classes", "keys",
                                               "reports", "admin"};

const hr_layer *hr_layer_for_kind(int kind)
{
	switch (kind) {
	case HR_KIND_AREA: return &hr_layer_areas;
	case HR_KIND_RELEASE: return &hr_layer_releases;
	case HR_KIND_ITEM: return &hr_layer_items;
	case HR_KIND_ACCIDENT: return &hr_layer_accidents;
	case HR_KIND_EORE: return &hr_layer_eore;
	case HR_KIND_CLASS: return &hr_layer_classes;
	case HR_KIND_ORG_KEY: return &hr_layer_org_keys;
	case HR_KIND_REPORT: return &hr_layer_reports;
	case HR_KIND_ADM_AREA: return &hr_layer_adm_areas;
	default: return NULL;
	}
}

int hr_layer_kind(const hr_layer *l)
{
	for (int k = 1; k <= HR_KIND_MAX; k++)
		if (hr_layer_for_kind(k) == l)
			return k;
	return 0;
}

const char *hr_layer_short(const hr_layer *l)
{
	for (int i = 0; i < HR_NLAYERS; i++)
		if (hr_layers_all[i] == l)
			return shorts[i];
	return NULL;
}

const hr_layer *hr_layer_by_short(const char *name)
{
	for (int i = 0; name && i < HR_NLAYERS; i++)
		if (strcmp(shorts[i], name) == 0)
			return hr_layers_all[i];
	return NULL;
}
