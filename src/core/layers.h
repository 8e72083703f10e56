/*
 * layers.h - the derived layers: what the store keeps besides the log.
 * Column order is fixed by the enums below; the backend sees only the
 * hr_layer tables.
 */
#ifndef HR_LAYERS_H
#define HR_LAYERS_H

#include "core/core_int.h"

enum { A_ID, A_NAME, A_CLASSIFICATION, A_STATUS, A_ORG, A_PCODE, A_DOI, A_FIRST_REPORTED,
       A_HAZARD_FROM, A_EVIDENCE_TYPE, A_EVIDENCE, A_DEVICES, A_CONTAMINATION, A_BENCH_LON,
       A_BENCH_LAT, A_AREA_M2, A_BENEFICIARIES, A_RECORDS, A_LAST_INDEX, A_NCOLS };
enum { R_ID, R_AREA_ID, R_RELEASE, R_METHOD, R_DEPTH_CM, R_RELEASED_AT, R_ITEMS_FOUND, R_ORG,
       R_PCODE, R_DOI, R_AREA_M2, R_RECORDS, R_LAST_INDEX, R_NCOLS };
enum { I_ID, I_AREA_ID, I_CATEGORY, I_DEVICE_CLASS, I_CONDITION, I_DEPTH_CM, I_FOUND_AT,
       I_QUANTITY, I_ORG, I_PCODE, I_DOI, I_RECORDS, I_LAST_INDEX, I_NCOLS };
enum { X_ID, X_AREA_ID, X_CATEGORY, X_OCCURRED_AT, X_DEMINING, X_KILLED, X_INJURED, X_VICTIMS,
       X_ORG, X_PCODE, X_DOI, X_RECORDS, X_LAST_INDEX, X_NCOLS };
enum { E_ID, E_HELD_AT, E_GIRLS, E_BOYS, E_WOMEN, E_MEN, E_TOTAL, E_ORG, E_PCODE, E_DOI,
       E_RECORDS, E_LAST_INDEX, E_NCOLS };
enum { C_ID, C_NAME, C_PERSISTENT, C_SD_MIN_H, C_SD_MAX_H, C_SD_FAIL_OPT, C_SD_FAIL_CONS,
       C_SDA_BY_H, C_SDA_LIVE_OPT, C_SDA_LIVE_CONS, C_SOURCE, C_ORG, C_DOI, C_RECORDS,
       C_LAST_INDEX, C_NCOLS };
enum { K_ID, K_NAME, K_KEY_ID, K_STATUS, K_ORG, K_DOI, K_RECORDS, K_LAST_INDEX, K_NCOLS };
enum { P_ID, P_STATUS, P_RECEIVED, P_ORG, P_DOI, P_RECORDS, P_LAST_INDEX, P_NCOLS };
enum { B_ID, B_LEVEL, B_NAME, B_NAME_UK, B_PARENT, B_AREA_M2, B_ORG, B_DOI, B_RECORDS,
       B_LAST_INDEX, B_NCOLS };
#define HR_MAX_COLS 24

extern const hr_layer hr_layer_areas, hr_layer_releases, hr_layer_items, hr_layer_accidents,
	hr_layer_eore, hr_layer_classes, hr_layer_org_keys, hr_layer_reports,
	hr_layer_adm_areas;

/* All layers, in digest order. */
extern const hr_layer *const hr_layers_all[];
#define HR_NLAYERS 9

/* The layer a record kind derives into. */
const hr_layer *hr_layer_for_kind(int kind);
/* The record kind a layer derives from. */
int hr_layer_kind(const hr_layer *l);
/* Short names used by export ("areas", "releases", ...). */
const char *hr_layer_short(const hr_layer *l);
const hr_layer *hr_layer_by_short(const char *name);

#endif
