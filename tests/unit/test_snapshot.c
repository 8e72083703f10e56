/*
 * test_snapshot.c - the register as it stood: a snapshot of the first N
 * records answers exactly as a register that only ever received those N
 * records (same tree head, same derived state, same query answers), keeps
 * the bytes, appended times and private values, refuses writes and sizes
 * beyond the log; and hr_register_size_at() counts the records appended
 * by a time, including when the clock stepped back.
 *
 * Appended times are fixed with HAZREG_NOW so that a register built again
 * from the same records is byte for byte the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/register_int.h"
#include "hazreg/hazreg.h"
#include "test.h"

static char dir[512];

static hr_time T(const char *s)
{
	hr_time t = HR_TIME_NONE;
	hr_time_parse(&t, s, strlen(s));
	return t;
}

static void path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s.gpkg", dir, name);
	unlink(buf);
	hr_test_db_forget(buf);
}

static hr_register *open_at(const char *file, const char *now)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	o.create = 1;
	setenv("HAZREG_NOW", now, 1);
	HR_CHECK_INT_EQ(hr_register_open(&reg, hr_test_db(file), &o), 0);
	return reg;
}

/* ---- the records of the test log, after the catalogue ---------------- */

typedef struct {
	const char *appended; /* HAZREG_NOW when it is appended */
	int kind;
	const char *id, *area, *doi;
	double box[4];
	const char *informant; /* a private value, or NULL */
} spec;

static const spec log_specs[] = {
	{"2025-01-10T00:00:00Z", HR_KIND_AREA, "A1", NULL, "2025-01-02", {0, 0, 1, 1}, NULL},
	{"2025-01-11T00:00:00Z", HR_KIND_AREA, "A2", NULL, "2025-01-03", {2, 2, 3, 3}, NULL},
	{"2025-01-12T00:00:00Z", HR_KIND_RELEASE, "R1", "A1", "2025-01-12", {0, 0, 1, 1}, NULL},
	{"2025-01-13T00:00:00Z", HR_KIND_AREA, "A3", NULL, "2025-01-13", {0.5, 0.5, 2.5, 2.5},
	 "Ms Example, +380 00 000 0000"},
};
#define NSPECS (sizeof log_specs / sizeof log_specs[0])
#define CATALOGUE 4 /* records a new register starts with */

static hr_record *make(const spec *s)
{
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0, npts[] = {5}, nr[] = {1};
	double x0 = s->box[0], y0 = s->box[1], x1 = s->box[2], y1 = s->box[3];
	double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0};
	char err[256];
	hr_record_new(&r, s->kind);
	hr_record_set_text(r, HR_F_ID, s->id);
	hr_record_set_text(r, HR_F_ORG, "Test Org");
	hr_record_set_time(r, HR_F_DOI, T(s->doi));
	if (hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, sizeof err) == 0)
		hr_record_set_geom(r, HR_F_GEOM, wkb, len);
	hr_free(wkb);
	if (s->kind == HR_KIND_AREA) {
		hr_record_set_text(r, HR_F_CLASSIFICATION, "CHA");
		if (s->informant)
			hr_record_set_private(r, HR_F_INFORMANT, s->informant);
	} else {
		hr_record_set_text(r, HR_F_AREA_ID, s->area);
		hr_record_set_text(r, HR_F_RELEASE, "cleared");
		hr_record_set_text(r, HR_F_METHOD, "clearance");
		hr_record_set_int(r, HR_F_DEPTH_CM, 20);
	}
	return r;
}

/* A register that received the catalogue and the first n specs. */
static hr_register *build(const char *file, size_t n)
{
	hr_register *reg = open_at(file, "2025-01-01T00:00:00Z");
	for (size_t i = 0; reg && i < n; i++) {
		hr_record *r = make(&log_specs[i]);
		setenv("HAZREG_NOW", log_specs[i].appended, 1);
		HR_CHECK_INT_EQ(hr_register_append(reg, r, NULL), 0);
		hr_record_free(r);
	}
	return reg;
}

/* ---- comparing two registers ------------------------------------------- */

static const hr_point places[] = {{0.2, 0.2}, {0.7, 0.7}, {2.2, 2.2}, {2.7, 2.7}, {5, 5}};
static const char *const times[] = {"2025-01-05", "2025-01-12T12:00:00Z", "2026-01-01"};

static char *answer(hr_register *reg, hr_point p, const char *at)
{
	hr_hits *h = NULL;
	char *s = NULL;
	HR_CHECK_INT_EQ(hr_query_point(reg, p, T(at), &h), 0);
	if (h)
		HR_CHECK_INT_EQ(hr_hits_to_json(&s, h, "point", &p, NULL), 0);
	hr_hits_free(h);
	return s;
}

static void same_answers(hr_register *a, hr_register *b)
{
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
		for (size_t j = 0; j < sizeof times / sizeof times[0]; j++) {
			char *x = answer(a, places[i], times[j]), *y = answer(b, places[i], times[j]);
			HR_CHECK_STR_EQ(x, y);
			hr_free(x);
			hr_free(y);
		}
}

static void same_log(hr_register *a, hr_register *b)
{
	uint64_t na = 0, nb = 0;
	unsigned char ra[32], rb[32], da[32], db[32];
	HR_CHECK_INT_EQ(hr_register_log_size(a, &na), 0);
	HR_CHECK_INT_EQ(hr_register_log_size(b, &nb), 0);
	HR_CHECK_INT_EQ(na, nb);
	HR_CHECK_INT_EQ(hr_register_root(a, na, ra), 0);
	HR_CHECK_INT_EQ(hr_register_root(b, nb, rb), 0);
	HR_CHECK(memcmp(ra, rb, 32) == 0);
	HR_CHECK_INT_EQ(hr_register_state_digest(a, da), 0);
	HR_CHECK_INT_EQ(hr_register_state_digest(b, db), 0);
	HR_CHECK(memcmp(da, db, 32) == 0);
}

/* A snapshot of every size that a register can be built to holds the same
 * log and answers the same as that register. */
static void test_against_rebuilt(void)
{
	char full[600], part[600];
	hr_register *a, *b, *snap = NULL;
	path(full, sizeof full, "snapshot_full");
	a = build(full, NSPECS - 1);
	if (!a)
		return;
	for (size_t n = 0; n < NSPECS; n++) {
		path(part, sizeof part, "snapshot_part");
		b = build(part, n);
		HR_CHECK_INT_EQ(hr_register_snapshot(a, CATALOGUE + n, &snap), 0);
		if (b && snap) {
			char *s = answer(snap, places[0], times[2]);
			same_log(snap, b);
			same_answers(snap, b);
			/* the answers do change with the size: A1 is released by R1 */
			HR_CHECK(s && strstr(s, n == 0   ? "\"count\":0"
			                        : n < 3 ? "\"state\":\"hazardous\""
			                                : "\"state\":\"released\""));
			hr_free(s);
		}
		hr_register_close(snap);
		hr_register_close(b);
		snap = NULL;
	}
	hr_register_close(a);
}

typedef struct {
	int n;
	char value[128];
	unsigned char salt[16];
} priv_seen;

static int on_private(void *ctx, const hr_private_row *p)
{
	priv_seen *s = ctx;
	s->n++;
	snprintf(s->value, sizeof s->value, "%s", p->value);
	memcpy(s->salt, p->salt, 16);
	return 0;
}

static int count_checkpoints(void *ctx, const hr_checkpoint_row *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

/* A signed checkpoint of the whole log, stored: fixes the log's origin. */
static void store_checkpoint(hr_register *reg, uint64_t size)
{
	static const uint8_t seed[HR_KEY_SEED_LEN] = {1};
	hr_key_signer sk;
	hr_checkpoint cp;
	char *note = NULL, err[256];
	size_t len = 0;
	memset(&cp, 0, sizeof cp);
	HR_CHECK_INT_EQ(hr_key_from_seed(&sk, "test-org", seed), 0);
	cp.origin = "example.org/test-register";
	cp.origin_len = strlen(cp.origin);
	cp.size = size;
	HR_CHECK_INT_EQ(hr_register_root(reg, size, cp.root), 0);
	HR_CHECK_INT_EQ(hr_checkpoint_sign(&note, &len, &cp, &sk, 1, err, sizeof err), 0);
	HR_CHECK_INT_EQ(hr_register_checkpoint_store(reg, note, len), 0);
	hr_free(note);
	hr_key_signer_wipe(&sk);
}

/* The whole log: the very bytes and private values, the origin, no
 * checkpoint, and a handle of its own that refuses writes. */
static void test_whole_log(void)
{
	char file[600];
	hr_register *a, *snap = NULL;
	hr_record *r = NULL;
	priv_seen pa = {0}, ps = {0};
	char *origin = NULL;
	uint64_t n = CATALOGUE + NSPECS;
	int ncp = 0;
	path(file, sizeof file, "snapshot_whole");
	a = build(file, NSPECS);
	if (!a)
		return;
	store_checkpoint(a, n);
	HR_CHECK_INT_EQ(hr_register_snapshot(a, n, &snap), 0);
	if (!snap) {
		hr_register_close(a);
		return;
	}
	same_log(a, snap);
	same_answers(a, snap);
	for (uint64_t i = 0; i < n; i++) {
		unsigned char la[32], ls[32];
		HR_CHECK_INT_EQ(hr_register_log_get(a, i, NULL, la), 0);
		HR_CHECK_INT_EQ(hr_register_log_get(snap, i, NULL, ls), 0);
		HR_CHECK(memcmp(la, ls, 32) == 0);
	}
	/* the private value of the last record, with its salt */
	HR_CHECK_INT_EQ(a->be->private_get(a->be, n - 1, on_private, &pa), 0);
	HR_CHECK_INT_EQ(snap->be->private_get(snap->be, n - 1, on_private, &ps), 0);
	HR_CHECK_INT_EQ(pa.n, 1);
	HR_CHECK_INT_EQ(ps.n, 1);
	HR_CHECK_STR_EQ(ps.value, log_specs[NSPECS - 1].informant);
	HR_CHECK(memcmp(pa.salt, ps.salt, 16) == 0);
	HR_CHECK_INT_EQ(hr_register_origin(snap, &origin), 0);
	HR_CHECK_STR_EQ(origin, "example.org/test-register");
	hr_free(origin);
	HR_CHECK_INT_EQ(hr_register_checkpoints(snap, count_checkpoints, &ncp), 0);
	HR_CHECK_INT_EQ(ncp, 0);
	/* independent of the register it came from */
	hr_register_close(a);
	HR_CHECK_INT_EQ(hr_register_log_get(snap, n - 1, &r, NULL), 0);
	HR_CHECK(r && r->appended == T(log_specs[NSPECS - 1].appended));
	HR_CHECK_INT_EQ(hr_register_append(snap, r, NULL), HR_EREADONLY);
	HR_CHECK_INT_EQ(hr_register_rebuild(snap, NULL, NULL), HR_EREADONLY);
	hr_record_free(r);
	hr_register_close(snap);
}

/* Size 0, a prefix of the catalogue, and sizes beyond the log. */
static void test_edges(void)
{
	static const unsigned char empty[32] = {
		0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
		0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
		0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};
	char file[600], *s;
	hr_register *a, *snap = (hr_register *)&snap;
	unsigned char root[32];
	uint64_t n = 99;
	path(file, sizeof file, "snapshot_edges");
	a = build(file, 1);
	if (!a)
		return;
	HR_CHECK_INT_EQ(hr_register_snapshot(a, 0, &snap), 0);
	HR_CHECK_INT_EQ(hr_register_log_size(snap, &n), 0);
	HR_CHECK_INT_EQ(n, 0);
	HR_CHECK_INT_EQ(hr_register_root(snap, 0, root), 0);
	HR_CHECK(memcmp(root, empty, 32) == 0);
	s = answer(snap, places[0], times[2]);
	HR_CHECK(s && strstr(s, "\"count\":0"));
	hr_free(s);
	hr_register_close(snap);
	/* no catalogue is added to a snapshot that lacks part of it */
	HR_CHECK_INT_EQ(hr_register_snapshot(a, 2, &snap), 0);
	HR_CHECK_INT_EQ(hr_register_log_size(snap, &n), 0);
	HR_CHECK_INT_EQ(n, 2);
	hr_register_close(snap);
	snap = (hr_register *)&snap;
	HR_CHECK_INT_EQ(hr_register_snapshot(a, CATALOGUE + 2, &snap), HR_EINVAL);
	HR_CHECK(snap == NULL);
	HR_CHECK(strstr(hr_errmsg(a), "size 6 is beyond the log, which holds 5 records") != NULL);
	HR_CHECK_INT_EQ(hr_register_snapshot(a, UINT64_MAX, &snap), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_register_snapshot(NULL, 0, &snap), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_register_snapshot(a, 0, NULL), HR_EINVAL);
	/* not while a batch is open */
	HR_CHECK_INT_EQ(hr_batch_begin(a), 0);
	HR_CHECK_INT_EQ(hr_register_snapshot(a, 1, &snap), HR_EINVAL);
	hr_batch_abort(a);
	hr_register_close(a);
}

/* ---- hr_register_size_at ----------------------------------------------- */

static uint64_t size_at(hr_register *reg, const char *t)
{
	uint64_t n = 999;
	HR_CHECK_INT_EQ(hr_register_size_at(reg, T(t), &n), 0);
	return n;
}

static void test_size_at(void)
{
	char file[600];
	hr_register *a;
	path(file, sizeof file, "snapshot_size_at");
	a = build(file, NSPECS);
	if (!a)
		return;
	HR_CHECK_INT_EQ(size_at(a, "2024-12-31T23:59:59Z"), 0);
	HR_CHECK_INT_EQ(size_at(a, "2025-01-01T00:00:00Z"), CATALOGUE);
	HR_CHECK_INT_EQ(size_at(a, "2025-01-09T23:59:59Z"), CATALOGUE);
	HR_CHECK_INT_EQ(size_at(a, "2025-01-10T00:00:00Z"), CATALOGUE + 1);
	HR_CHECK_INT_EQ(size_at(a, "2025-01-10T12:00:00Z"), CATALOGUE + 1);
	HR_CHECK_INT_EQ(size_at(a, "2025-01-12T00:00:00Z"), CATALOGUE + 3);
	HR_CHECK_INT_EQ(size_at(a, "2025-01-13T00:00:00Z"), CATALOGUE + NSPECS);
	HR_CHECK_INT_EQ(size_at(a, "2030-01-01"), CATALOGUE + NSPECS);
	HR_CHECK_INT_EQ(hr_register_size_at(a, 0, NULL), HR_EINVAL);
	hr_register_close(a);
}

/* The clock stepped back between two appends: the count stops at the first
 * record appended after t, whatever follows it. */
static void test_size_at_clock_back(void)
{
	static const char *const when[] = {"2025-02-10T00:00:00Z", "2025-02-05T00:00:00Z",
	                                   "2025-02-20T00:00:00Z"};
	char file[600];
	hr_register *a;
	path(file, sizeof file, "snapshot_clock");
	a = open_at(file, "2025-02-01T00:00:00Z");
	if (!a)
		return;
	for (size_t i = 0; i < 3; i++) {
		spec s = log_specs[i == 2 ? 1 : 0];
		hr_record *r;
		s.id = i == 0 ? "B1" : i == 1 ? "B2" : "B3";
		r = make(&s);
		setenv("HAZREG_NOW", when[i], 1);
		HR_CHECK_INT_EQ(hr_register_append(a, r, NULL), 0);
		hr_record_free(r);
	}
	HR_CHECK_INT_EQ(size_at(a, "2025-02-05T00:00:00Z"), CATALOGUE);
	HR_CHECK_INT_EQ(size_at(a, "2025-02-09T00:00:00Z"), CATALOGUE);
	HR_CHECK_INT_EQ(size_at(a, "2025-02-10T00:00:00Z"), CATALOGUE + 2);
	HR_CHECK_INT_EQ(size_at(a, "2025-02-19T00:00:00Z"), CATALOGUE + 2);
	HR_CHECK_INT_EQ(size_at(a, "2025-02-20T00:00:00Z"), CATALOGUE + 3);
	hr_register_close(a);
}

int main(void)
{
	const char *tmp = getenv("HR_TEST_TMP");
	if (!tmp)
		tmp = "/tmp";
	mkdir(tmp, 0777);
	snprintf(dir, sizeof dir, "%s", tmp);
	test_against_rebuilt();
	test_whole_log();
	test_edges();
	test_size_at();
	test_size_at_clock_back();
	unsetenv("HAZREG_NOW");
	return HR_TEST_DONE();
}
