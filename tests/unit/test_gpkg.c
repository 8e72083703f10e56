/*
 * test_gpkg.c - the GeoPackage backend: a new store, its layers, the
 * append-only log, rows put and queried through the R-tree, transactions,
 * reopening, read-only use, files that are not ours, and the geometry
 * blobs. Leaves $HR_TEST_TMP/gpkg/keep.gpkg behind for a look with ogrinfo.
 */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hazreg/sys/backend.h"
#include "store/gpkg_int.h"
#include "test.h"

static char dir[1024];

static const hr_column item_cols[] = {
	{"item_id", HR_COL_TEXT, 1}, {"area_id", HR_COL_TEXT, 1}, {"depth_cm", HR_COL_INT, 0},
	{"weight_kg", HR_COL_REAL, 0}, {"found_at", HR_COL_TIME, 0},
};
static const hr_layer items = {"test_items", "Test items", "POINT", "item_id", 5, item_cols};

static const hr_column area_cols[] = {
	{"area_id", HR_COL_TEXT, 1}, {"status", HR_COL_TEXT, 1}, {"area_m2", HR_COL_REAL, 0},
	{"date_of_information", HR_COL_TIME, 0},
};
static const hr_layer areas = {"test_areas", "Test areas", "MULTIPOLYGON", "area_id", 4,
                               area_cols};

static const hr_column class_cols[] = {
	{"class_id", HR_COL_TEXT, 1}, {"name", HR_COL_TEXT, 0}, {"persistent", HR_COL_INT, 0},
};
static const hr_layer classes = {"test_classes", "Test classes", NULL, "class_id", 3,
                                 class_cols};

static const hr_layer *const all_layers[] = {&items, &areas, &classes};

/* ---- helpers ------------------------------------------------------------------ */

static void path_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static void put_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put_f64(unsigned char *p, double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(u >> (8 * i));
}

/* 2D little-endian WKB point: 21 bytes. */
static size_t wkb_point(unsigned char *p, double x, double y)
{
	p[0] = 1;
	put_u32(p + 1, 1);
	put_f64(p + 5, x);
	put_f64(p + 13, y);
	return 21;
}

/* A multipolygon of one rectangle. */
static size_t wkb_rect(unsigned char *p, double w, double s, double e, double n)
{
	const double xy[5][2] = {{w, s}, {e, s}, {e, n}, {w, n}, {w, s}};
	size_t o = 0;
	p[o++] = 1;
	put_u32(p + o, 6), o += 4;
	put_u32(p + o, 1), o += 4;
	p[o++] = 1;
	put_u32(p + o, 3), o += 4;
	put_u32(p + o, 1), o += 4;
	put_u32(p + o, 5), o += 4;
	for (int i = 0; i < 5; i++) {
		put_f64(p + o, xy[i][0]), o += 8;
		put_f64(p + o, xy[i][1]), o += 8;
	}
	return o;
}

static int put_item(hr_backend *be, const char *id, const char *area, double x, double y,
                    int64_t depth, hr_time found)
{
	unsigned char wkb[32];
	hr_cell c[5];
	hr_row r;
	memset(c, 0, sizeof c);
	memset(&r, 0, sizeof r);
	c[0].s = id;
	c[1].s = area;
	c[1].is_null = area == NULL;
	c[2].i = depth;
	c[3].is_null = 1;
	c[4].i = found;
	r.layer = &items;
	r.cells = c;
	r.wkb_len = wkb_point(wkb, x, y);
	r.wkb = wkb;
	r.env.west = r.env.east = x;
	r.env.south = r.env.north = y;
	return be->row_put(be, &r);
}

static int put_area(hr_backend *be, const char *id, const char *status, double w, double s,
                    double e, double n)
{
	unsigned char wkb[128];
	hr_cell c[4];
	hr_row r;
	memset(c, 0, sizeof c);
	memset(&r, 0, sizeof r);
	c[0].s = id;
	c[1].s = status;
	c[2].r = (e - w) * (n - s);
	c[3].i = 1700000000;
	r.layer = &areas;
	r.cells = c;
	r.wkb_len = wkb_rect(wkb, w, s, e, n);
	r.wkb = wkb;
	r.env.west = w;
	r.env.south = s;
	r.env.east = e;
	r.env.north = n;
	return be->row_put(be, &r);
}

static hr_log_row log_row(uint64_t idx, int kind, const char *subject, const char *area)
{
	hr_log_row r;
	memset(&r, 0, sizeof r);
	r.idx = idx;
	r.kind = kind;
	r.subject = subject;
	r.area_ref = area;
	r.doi = 1700000000 + (hr_time)idx;
	r.appended = 1700100000 + (hr_time)idx;
	r.bytes = (const unsigned char *)subject;
	r.len = strlen(subject);
	memset(r.leaf, (int)idx + 1, sizeof r.leaf);
	return r;
}

/* Collects what the callbacks see. */
typedef struct {
	char keys[512];
	int n;
	int stop_at; /* return 7 at this row (1-based), 0 never */
	/* last row */
	char s1[64];
	int64_t i2;
	int null3;
	int64_t t4;
	double x, y;
	hr_bbox env;
	size_t wkb_len;
} seen;

static int row_cb(void *ctx, const hr_row *r)
{
	seen *s = ctx;
	size_t len = strlen(s->keys);
	snprintf(s->keys + len, sizeof s->keys - len, "%s%s", len ? "," : "", r->cells[0].s);
	s->n++;
	s->env = r->env;
	s->wkb_len = r->wkb_len;
	if (r->layer == &items) {
		snprintf(s->s1, sizeof s->s1, "%s", r->cells[1].is_null ? "(null)" : r->cells[1].s);
		s->i2 = r->cells[2].i;
		s->null3 = r->cells[3].is_null;
		s->t4 = r->cells[4].i;
		if (r->wkb && r->wkb_len == 21) {
			uint64_t u = 0;
			for (int i = 0; i < 8; i++)
				u |= (uint64_t)r->wkb[5 + i] << (8 * i);
			memcpy(&s->x, &u, sizeof s->x);
			u = 0;
			for (int i = 0; i < 8; i++)
				u |= (uint64_t)r->wkb[13 + i] << (8 * i);
			memcpy(&s->y, &u, sizeof s->y);
		}
	}
	return s->stop_at && s->n == s->stop_at ? 7 : 0;
}

static int log_cb(void *ctx, const hr_log_row *r)
{
	seen *s = ctx;
	size_t len = strlen(s->keys);
	snprintf(s->keys + len, sizeof s->keys - len, "%s%llu:%s", len ? "," : "",
	         (unsigned long long)r->idx, r->subject);
	s->n++;
	s->i2 = r->doi;
	s->t4 = r->appended;
	s->null3 = r->area_ref == NULL;
	s->wkb_len = r->len;
	s->x = r->leaf[31];
	return 0;
}

static int priv_cb(void *ctx, const hr_private_row *r)
{
	seen *s = ctx;
	size_t len = strlen(s->keys);
	snprintf(s->keys + len, sizeof s->keys - len, "%s%d.%d=%s", len ? "," : "", r->tag, r->seq,
	         r->value);
	s->n++;
	s->x = r->salt[15];
	return 0;
}

static int bbox_keys(hr_backend *be, const hr_layer *l, double w, double s, double e, double n,
                     char *out, size_t outlen)
{
	hr_bbox box = {w, s, e, n};
	seen sn;
	int rc;
	memset(&sn, 0, sizeof sn);
	rc = be->rows_bbox(be, l, &box, row_cb, &sn);
	snprintf(out, outlen, "%s", sn.keys);
	return rc;
}

/* One integer from raw SQL on a separate connection. */
static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -999;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		fprintf(stderr, "sql_int(%s): %s\n", sql, db ? sqlite3_errmsg(db) : "no db");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static double sql_double(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	double v = NAN;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Run raw SQL as a writer; returns the SQLite result code. */
static int sql_exec(const char *path, const char *sql, char *msg, size_t msglen)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	snprintf(msg, msglen, "%s", err ? err : "");
	sqlite3_free(err);
	sqlite3_close(db);
	return rc;
}

/* A byte of the file's header (18: 1 rollback journal, 2 WAL). */
static int header_byte(const char *path, long off)
{
	FILE *f = fopen(path, "rb");
	int c = -1;
	if (f && fseek(f, off, SEEK_SET) == 0)
		c = fgetc(f);
	if (f)
		fclose(f);
	return c;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* ---- tests -------------------------------------------------------------------- */

static void test_geom(void)
{
	unsigned char wkb[128], blob[200];
	gpkg_geom g;
	hr_bbox env;
	int empty = 0;
	size_t n = wkb_rect(wkb, 30.5, -2.25, 31.75, -1.0), h;

	HR_CHECK_INT_EQ(gpkg__wkb_envelope(wkb, n, &env, &empty), 0);
	HR_CHECK_INT_EQ(empty, 0);
	HR_CHECK(env.west == 30.5 && env.south == -2.25 && env.east == 31.75 && env.north == -1.0);
	HR_CHECK_INT_EQ(gpkg__wkb_envelope(wkb, n - 1, &env, &empty), -1); /* truncated */

	h = gpkg__geom_header(blob, &env, 0);
	HR_CHECK_INT_EQ(h, GPKG_HEADER_LEN);
	HR_CHECK(blob[0] == 'G' && blob[1] == 'P' && blob[2] == 0 && blob[3] == 0x03);
	HR_CHECK_INT_EQ(blob[4] | blob[5] << 8, 4326);
	memcpy(blob + h, wkb, n);
	HR_CHECK_INT_EQ(gpkg__geom_parse(blob, h + n, &g), 0);
	HR_CHECK_INT_EQ(g.srs_id, 4326);
	HR_CHECK(g.wkb == blob + 40 && g.wkb_len == n);
	HR_CHECK(g.env.west == 30.5 && g.env.east == 31.75 && g.env.north == -1.0);

	/* no envelope in the header: computed from the WKB */
	blob[3] = 0x01;
	memmove(blob + 8, wkb, n);
	HR_CHECK_INT_EQ(gpkg__geom_parse(blob, 8 + n, &g), 0);
	HR_CHECK(!g.empty && g.env.west == 30.5 && g.env.south == -2.25);

	/* an empty point (NaN coordinates) */
	n = wkb_point(wkb, NAN, NAN);
	HR_CHECK_INT_EQ(gpkg__wkb_envelope(wkb, n, &env, &empty), 0);
	HR_CHECK_INT_EQ(empty, 1);
	h = gpkg__geom_header(blob, NULL, 1);
	HR_CHECK_INT_EQ(h, 8);
	HR_CHECK_INT_EQ(blob[3], 0x11);
	memcpy(blob + h, wkb, n);
	HR_CHECK_INT_EQ(gpkg__geom_parse(blob, h + n, &g), 0);
	HR_CHECK_INT_EQ(g.empty, 1);

	/* not ours */
	HR_CHECK_INT_EQ(gpkg__geom_parse((const unsigned char *)"GQ\0\3", 4, &g), -1);
	HR_CHECK_INT_EQ(gpkg__geom_parse(wkb, n, &g), -1);
}

static void test_not_found_and_foreign(void)
{
	hr_backend *be = NULL;
	char path[1200], err[512], msg[256];
	int rc;

	path_of(path, sizeof path, "missing.gpkg");
	unlink(path);
	rc = hr_backend_gpkg_open(&be, path, 0, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, HR_ENOTFOUND);
	HR_CHECK(be == NULL);
	HR_CHECK(strstr(err, "missing.gpkg") != NULL);

	path_of(path, sizeof path, "text.gpkg");
	HR_CHECK_INT_EQ(write_file(path, "this is not a database, just some text that is long "
	                                 "enough to look like a header of something else\n"),
	                0);
	rc = hr_backend_gpkg_open(&be, path, 0, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, HR_EVERSION);
	HR_CHECK(strstr(err, "not a GeoPackage") != NULL);
	rc = hr_backend_gpkg_open(&be, path, 1, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, HR_EVERSION);

	/* an SQLite database that is no GeoPackage, left untouched */
	path_of(path, sizeof path, "plain.sqlite");
	unlink(path);
	{
		sqlite3 *db = NULL;
		sqlite3_open(path, &db);
		sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
		sqlite3_close(db);
	}
	rc = hr_backend_gpkg_open(&be, path, 1, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, HR_EVERSION);
	HR_CHECK(strstr(err, "application_id") != NULL);
	HR_CHECK_INT_EQ(header_byte(path, 18), 1); /* still a rollback journal */

	/* a GeoPackage that is not a hazreg store */
	HR_CHECK_INT_EQ(sql_exec(path, "PRAGMA application_id = 1196444487", msg, sizeof msg), 0);
	rc = hr_backend_gpkg_open(&be, path, 0, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, HR_EVERSION);
	HR_CHECK(strstr(err, "not a hazreg store") != NULL);

	/* an empty file is made a store only when asked */
	path_of(path, sizeof path, "empty.gpkg");
	HR_CHECK_INT_EQ(write_file(path, ""), 0);
	rc = hr_backend_gpkg_open(&be, path, 0, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, HR_EVERSION);
	rc = hr_backend_gpkg_open(&be, path, 1, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, 0);
	if (be)
		be->close(be);
	be = NULL;
	/* a store of another version */
	HR_CHECK_INT_EQ(sql_exec(path, "UPDATE hr_meta SET value = '99'"
	                               " WHERE key = 'hazreg_store_version'",
	                         msg, sizeof msg),
	                0);
	rc = hr_backend_gpkg_open(&be, path, 0, 1, err, sizeof err);
	HR_CHECK_INT_EQ(rc, HR_EVERSION);
	HR_CHECK(strstr(err, "version 99") != NULL);
}

static void test_log(hr_backend *be, const char *path)
{
	hr_log_row r;
	hr_private_row p;
	unsigned char salt[16];
	uint64_t size = 99;
	seen s;
	char msg[256], *v = NULL;

	HR_CHECK_INT_EQ(be->log_size(be, &size), 0);
	HR_CHECK_INT_EQ(size, 0);
	HR_CHECK_INT_EQ(be->begin(be), 0);
	HR_CHECK_INT_EQ(be->begin(be), HR_EINVAL);
	r = log_row(0, 1, "HA-001", NULL);
	HR_CHECK_INT_EQ(be->log_append(be, &r), 0);
	r = log_row(1, 3, "IT-001", "HA-001");
	HR_CHECK_INT_EQ(be->log_append(be, &r), 0);
	r = log_row(2, 1, "HA-002", NULL);
	HR_CHECK_INT_EQ(be->log_append(be, &r), 0);
	r = log_row(3, 1, "HA-001", NULL);
	r.len = 0; /* empty bytes are kept as an empty blob */
	HR_CHECK_INT_EQ(be->log_append(be, &r), 0);
	/* a gap, and a repeat, are refused */
	r = log_row(6, 1, "HA-009", NULL);
	HR_CHECK_INT_EQ(be->log_append(be, &r), HR_EINVAL);
	HR_CHECK(strstr(be->errmsg(be), "entry 6 refused") != NULL);
	r = log_row(2, 1, "HA-009", NULL);
	HR_CHECK_INT_EQ(be->log_append(be, &r), HR_EINVAL);
	HR_CHECK_INT_EQ(be->commit(be), 0);
	HR_CHECK_INT_EQ(be->commit(be), HR_EINVAL);

	HR_CHECK_INT_EQ(be->log_size(be, &size), 0);
	HR_CHECK_INT_EQ(size, 4);

	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->log_range(be, 1, 3, log_cb, &s), 0);
	HR_CHECK_STR_EQ(s.keys, "1:IT-001,2:HA-002");
	HR_CHECK_INT_EQ(s.i2, 1700000002);
	HR_CHECK_INT_EQ(s.t4, 1700100002);
	HR_CHECK_INT_EQ(s.wkb_len, 6);
	HR_CHECK_INT_EQ((int)s.x, 3);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->log_range(be, 0, UINT64_MAX, log_cb, &s), 0);
	HR_CHECK_INT_EQ(s.n, 4);
	HR_CHECK_INT_EQ(s.wkb_len, 0);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->log_subject(be, 1, "HA-001", log_cb, &s), 0);
	HR_CHECK_STR_EQ(s.keys, "0:HA-001,3:HA-001");
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->log_subject(be, 3, "HA-001", log_cb, &s), 0);
	HR_CHECK_INT_EQ(s.n, 0);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->log_area(be, "HA-001", log_cb, &s), 0);
	HR_CHECK_STR_EQ(s.keys, "0:HA-001,1:IT-001,3:HA-001");

	/* append-only against any SQL */
	HR_CHECK(sql_exec(path, "UPDATE hr_log SET subject = 'x' WHERE idx = 0", msg, sizeof msg) ==
	         SQLITE_CONSTRAINT);
	HR_CHECK(strstr(msg, "append-only") != NULL);
	HR_CHECK(sql_exec(path, "DELETE FROM hr_log WHERE idx = 3", msg, sizeof msg) ==
	         SQLITE_CONSTRAINT);
	HR_CHECK(sql_exec(path, "INSERT OR REPLACE INTO hr_log SELECT * FROM hr_log WHERE idx = 1",
	                  msg, sizeof msg) == SQLITE_CONSTRAINT);
	HR_CHECK(sql_exec(path, "INSERT INTO hr_log VALUES (9, 1, 's', NULL, 0, 0, x'00',"
	                        " zeroblob(32))",
	                  msg, sizeof msg) == SQLITE_CONSTRAINT);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM hr_log"), 4);

	/* private values */
	memset(salt, 0xab, sizeof salt);
	memset(&p, 0, sizeof p);
	p.idx = 1;
	p.tag = 40;
	p.seq = 1;
	p.salt = salt;
	p.value = "Jane Doe";
	HR_CHECK_INT_EQ(be->private_put(be, &p), 0);
	p.seq = 0;
	p.value = "+255 700 000 000";
	HR_CHECK_INT_EQ(be->private_put(be, &p), 0);
	HR_CHECK_INT_EQ(be->private_put(be, &p), HR_EEXISTS);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->private_get(be, 1, priv_cb, &s), 0);
	HR_CHECK_STR_EQ(s.keys, "40.0=+255 700 000 000,40.1=Jane Doe");
	HR_CHECK_INT_EQ((int)s.x, 0xab);
	HR_CHECK(sql_exec(path, "DELETE FROM hr_private", msg, sizeof msg) == SQLITE_CONSTRAINT);

	/* meta */
	HR_CHECK_INT_EQ(be->meta_get(be, "origin", &v), HR_ENOTFOUND);
	HR_CHECK(v == NULL);
	HR_CHECK_INT_EQ(be->meta_set(be, "origin", "ab12"), 0);
	HR_CHECK_INT_EQ(be->meta_set(be, "origin", "cd34"), 0);
	HR_CHECK_INT_EQ(be->meta_get(be, "origin", &v), 0);
	HR_CHECK_STR_EQ(v, "cd34");
	hr_free(v);
	v = NULL;
	HR_CHECK_INT_EQ(be->meta_get(be, "hazreg_store_version", &v), 0);
	HR_CHECK_STR_EQ(v, "1");
	hr_free(v);
}

static void test_rows(hr_backend *be, const char *path)
{
	const hr_time t0 = 1732098600; /* 2024-11-20T10:30:00Z */
	char keys[512];
	seen s;
	hr_cell c[3];
	hr_row r;
	long long fid;

	HR_CHECK_INT_EQ(be->begin(be), 0);
	HR_CHECK_INT_EQ(put_item(be, "IT-002", "HA-001", 36.8219, -1.2921, 30, t0), 0);
	HR_CHECK_INT_EQ(put_item(be, "IT-001", "HA-001", 36.80, -1.30, 10, t0 + 60), 0);
	HR_CHECK_INT_EQ(put_item(be, "IT-003", NULL, 37.10, -1.10, 0, HR_TIME_NONE), 0);
	HR_CHECK_INT_EQ(put_area(be, "HA-001", "sha", 36.79, -1.31, 36.83, -1.28), 0);
	HR_CHECK_INT_EQ(put_area(be, "HA-002", "cha", 38.0, 0.5, 38.5, 1.0), 0);
	memset(c, 0, sizeof c);
	memset(&r, 0, sizeof r);
	c[0].s = "APM";
	c[1].s = "Anti-personnel mine";
	c[2].i = 1;
	r.layer = &classes;
	r.cells = c;
	HR_CHECK_INT_EQ(be->row_put(be, &r), 0);
	c[0].s = "UXO";
	c[1].s = "Unexploded ordnance";
	HR_CHECK_INT_EQ(be->row_put(be, &r), 0);
	HR_CHECK_INT_EQ(be->commit(be), 0);

	/* get: every type back */
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->row_get(be, &items, "IT-002", row_cb, &s), 0);
	HR_CHECK_INT_EQ(s.n, 1);
	HR_CHECK_STR_EQ(s.s1, "HA-001");
	HR_CHECK_INT_EQ(s.i2, 30);
	HR_CHECK_INT_EQ(s.null3, 1);
	HR_CHECK_INT_EQ(s.t4, t0);
	HR_CHECK(s.x == 36.8219 && s.y == -1.2921);
	HR_CHECK(s.env.west == 36.8219 && s.env.east == 36.8219 && s.env.south == -1.2921);
	HR_CHECK_INT_EQ(s.wkb_len, 21);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->row_get(be, &items, "IT-003", row_cb, &s), 0);
	HR_CHECK_STR_EQ(s.s1, "(null)");
	HR_CHECK_INT_EQ(s.t4, HR_TIME_NONE);
	HR_CHECK_INT_EQ(be->row_get(be, &items, "IT-999", row_cb, &s), HR_ENOTFOUND);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM test_items"
	                              " WHERE found_at = '2024-11-20T10:30:00.000Z'"),
	                1);

	/* all, in key order; where; a callback that stops */
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->rows_all(be, &items, row_cb, &s), 0);
	HR_CHECK_STR_EQ(s.keys, "IT-001,IT-002,IT-003");
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->rows_where(be, &items, "area_id", "HA-001", row_cb, &s), 0);
	HR_CHECK_STR_EQ(s.keys, "IT-001,IT-002");
	HR_CHECK_INT_EQ(be->rows_where(be, &items, "depth_cm", "1", row_cb, &s), HR_EINVAL);
	memset(&s, 0, sizeof s);
	s.stop_at = 2;
	HR_CHECK_INT_EQ(be->rows_all(be, &items, row_cb, &s), 7);
	HR_CHECK_INT_EQ(s.n, 2);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->rows_all(be, &classes, row_cb, &s), 0);
	HR_CHECK_STR_EQ(s.keys, "APM,UXO");
	HR_CHECK_INT_EQ(be->rows_bbox(be, &classes, &(hr_bbox){0, 0, 1, 1}, row_cb, &s), HR_EINVAL);

	/* bbox, boundary included, exact despite the R-tree's floats */
	HR_CHECK_INT_EQ(bbox_keys(be, &items, 36.0, -2.0, 37.0, 0.0, keys, sizeof keys), 0);
	HR_CHECK_STR_EQ(keys, "IT-001,IT-002");
	HR_CHECK_INT_EQ(bbox_keys(be, &items, 36.8219, -1.2921, 36.8219, -1.2921, keys, sizeof keys),
	                0);
	HR_CHECK_STR_EQ(keys, "IT-002");
	HR_CHECK_INT_EQ(bbox_keys(be, &items, 36.81, -1.5, nextafter(36.8219, 0), 0.0, keys,
	                          sizeof keys),
	                0);
	HR_CHECK_STR_EQ(keys, "");
	HR_CHECK_INT_EQ(bbox_keys(be, &areas, 36.83, -1.28, 40, 40, keys, sizeof keys), 0);
	HR_CHECK_STR_EQ(keys, "HA-001,HA-002");
	HR_CHECK_INT_EQ(bbox_keys(be, &areas, 36.8300001, -1.28, 37.9999999, 40, keys, sizeof keys),
	                0);
	HR_CHECK_STR_EQ(keys, "");

	/* extent in gpkg_contents: exact */
	HR_CHECK(sql_double(path, "SELECT min_x FROM gpkg_contents WHERE table_name = 'test_items'")
	         == 36.80);
	HR_CHECK(sql_double(path, "SELECT max_x FROM gpkg_contents WHERE table_name = 'test_items'")
	         == 37.10);
	HR_CHECK(sql_double(path, "SELECT max_y FROM gpkg_contents WHERE table_name = 'test_items'")
	         == -1.10);

	/* upsert that moves a point: same fid, R-tree follows, extent shrinks */
	fid = sql_int(path, "SELECT fid FROM test_items WHERE item_id = 'IT-003'");
	HR_CHECK_INT_EQ(put_item(be, "IT-003", "HA-002", 36.85, -1.25, 5, t0), 0);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT fid FROM test_items WHERE item_id = 'IT-003'"), fid);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM test_items"), 3);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM rtree_test_items_geom"), 3);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM rtree_test_items_geom WHERE id = (SELECT"
	                              " fid FROM test_items WHERE item_id = 'IT-003')"
	                              " AND minx > 36.84 AND maxx < 36.86"),
	                1);
	HR_CHECK_INT_EQ(bbox_keys(be, &items, 37.0, -1.2, 37.2, -1.0, keys, sizeof keys), 0);
	HR_CHECK_STR_EQ(keys, "");
	HR_CHECK_INT_EQ(bbox_keys(be, &items, 36.85, -1.25, 36.85, -1.25, keys, sizeof keys), 0);
	HR_CHECK_STR_EQ(keys, "IT-003");
	HR_CHECK(sql_double(path, "SELECT max_x FROM gpkg_contents WHERE table_name = 'test_items'")
	         == 36.85);
	HR_CHECK(sql_double(path, "SELECT max_y FROM gpkg_contents WHERE table_name = 'test_items'")
	         == -1.25);
	HR_CHECK(sql_double(path, "SELECT min_y FROM gpkg_contents WHERE table_name = 'test_items'")
	         == -1.30);
	/* a geometry taken away drops out of the R-tree */
	{
		hr_cell cc[5];
		hr_row rr;
		memset(cc, 0, sizeof cc);
		memset(&rr, 0, sizeof rr);
		cc[0].s = "IT-001";
		cc[1].is_null = cc[2].is_null = cc[3].is_null = cc[4].is_null = 1;
		rr.layer = &items;
		rr.cells = cc;
		HR_CHECK_INT_EQ(be->row_put(be, &rr), 0);
		HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM rtree_test_items_geom"), 2);
		memset(&s, 0, sizeof s);
		HR_CHECK_INT_EQ(be->row_get(be, &items, "IT-001", row_cb, &s), 0);
		HR_CHECK_INT_EQ(s.wkb_len, 0);
		HR_CHECK(sql_double(path, "SELECT min_x FROM gpkg_contents"
		                          " WHERE table_name = 'test_items'") == 36.8219);
		HR_CHECK_INT_EQ(put_item(be, "IT-001", "HA-001", 36.80, -1.30, 10, t0 + 60), 0);
	}

	/* rollback leaves nothing */
	{
		hr_log_row lr = log_row(4, 1, "HA-003", NULL);
		uint64_t size = 0;
		HR_CHECK_INT_EQ(be->begin(be), 0);
		HR_CHECK_INT_EQ(be->log_append(be, &lr), 0);
		HR_CHECK_INT_EQ(put_area(be, "HA-003", "sha", -10, -10, -9, -9), 0);
		HR_CHECK_INT_EQ(put_item(be, "IT-002", "HA-003", 0, 0, 1, t0), 0);
		HR_CHECK_INT_EQ(be->layer_clear(be, &classes), 0);
		HR_CHECK_INT_EQ(be->rollback(be), 0);
		HR_CHECK_INT_EQ(be->log_size(be, &size), 0);
		HR_CHECK_INT_EQ(size, 4);
		HR_CHECK_INT_EQ(be->row_get(be, &areas, "HA-003", row_cb, &s), HR_ENOTFOUND);
		memset(&s, 0, sizeof s);
		HR_CHECK_INT_EQ(be->row_get(be, &items, "IT-002", row_cb, &s), 0);
		HR_CHECK(s.x == 36.8219);
		HR_CHECK_INT_EQ(bbox_keys(be, &areas, -11, -11, 0, 0, keys, sizeof keys), 0);
		HR_CHECK_STR_EQ(keys, "");
		memset(&s, 0, sizeof s);
		HR_CHECK_INT_EQ(be->rows_all(be, &classes, row_cb, &s), 0);
		HR_CHECK_INT_EQ(s.n, 2);
		HR_CHECK(sql_double(path, "SELECT min_x FROM gpkg_contents"
		                          " WHERE table_name = 'test_areas'") == 36.79);
		HR_CHECK_INT_EQ(be->rollback(be), 0); /* nothing open: harmless */
	}

	/* clear */
	HR_CHECK_INT_EQ(be->layer_clear(be, &classes), 0);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->rows_all(be, &classes, row_cb, &s), 0);
	HR_CHECK_INT_EQ(s.n, 0);
	c[0].s = "APM";
	c[1].s = "Anti-personnel mine";
	HR_CHECK_INT_EQ(be->row_put(be, &r), 0);
}

static void test_reopen(const char *path)
{
	hr_backend *be = NULL;
	char err[512], wal[1300];
	struct stat sb;
	seen s;
	uint64_t size = 0;
	hr_log_row lr = log_row(4, 1, "HA-003", NULL);
	int rc;

	/* closed: the .gpkg alone holds everything */
	snprintf(wal, sizeof wal, "%s-wal", path);
	HR_CHECK(stat(wal, &sb) != 0);

	rc = hr_backend_gpkg_open(&be, path, 0, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, 0);
	if (rc)
		return;
	HR_CHECK_INT_EQ(be->ensure_layers(be, all_layers, 3), 0);
	HR_CHECK_INT_EQ(be->log_size(be, &size), 0);
	HR_CHECK_INT_EQ(size, 4);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->rows_all(be, &items, row_cb, &s), 0);
	HR_CHECK_STR_EQ(s.keys, "IT-001,IT-002,IT-003");
	be->close(be);
	be = NULL;

	rc = hr_backend_gpkg_open(&be, path, 0, 1, err, sizeof err);
	HR_CHECK_INT_EQ(rc, 0);
	if (rc)
		return;
	HR_CHECK_STR_EQ(be->name, "gpkg");
	HR_CHECK_INT_EQ(be->version, HR_BACKEND_VERSION);
	HR_CHECK_INT_EQ(be->ensure_layers(be, all_layers, 3), 0);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->log_range(be, 0, 10, log_cb, &s), 0);
	HR_CHECK_INT_EQ(s.n, 4);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(be->rows_where(be, &areas, "status", "cha", row_cb, &s), 0);
	HR_CHECK_STR_EQ(s.keys, "HA-002");
	HR_CHECK_INT_EQ(be->begin(be), HR_EREADONLY);
	HR_CHECK(strstr(be->errmsg(be), "read-only") != NULL);
	HR_CHECK_INT_EQ(be->log_append(be, &lr), HR_EREADONLY);
	HR_CHECK_INT_EQ(put_item(be, "IT-009", NULL, 1, 1, 0, 0), HR_EREADONLY);
	HR_CHECK_INT_EQ(be->meta_set(be, "k", "v"), HR_EREADONLY);
	HR_CHECK_INT_EQ(be->layer_clear(be, &items), HR_EREADONLY);
	{
		static const hr_column nc[] = {{"note_id", HR_COL_TEXT, 0}};
		static const hr_layer notes = {"test_notes", "Notes", NULL, "note_id", 1, nc};
		const hr_layer *nl[] = {&notes};
		HR_CHECK_INT_EQ(be->ensure_layers(be, nl, 1), HR_EREADONLY);
	}
	be->close(be);
	HR_CHECK(stat(wal, &sb) != 0);

	HR_CHECK_INT_EQ(sql_int(path, "PRAGMA application_id"), 0x47504B47);
	HR_CHECK_INT_EQ(sql_int(path, "PRAGMA user_version"), 10300);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM gpkg_spatial_ref_sys"
	                              " WHERE srs_id IN (-1, 0, 4326)"),
	                3);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM gpkg_contents"), 3);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM gpkg_contents"
	                              " WHERE data_type = 'attributes' AND srs_id IS NULL"),
	                1);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM gpkg_geometry_columns"), 2);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM gpkg_extensions"
	                              " WHERE extension_name = 'gpkg_rtree_index'"),
	                2);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
	                              " AND name LIKE 'rtree_test_%'"),
	                12);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
	                              " AND name IN ('uk_test_items_item_id',"
	                              " 'idx_test_items_area_id', 'idx_test_areas_status')"),
	                3);
}

/* A callback may call the backend again, even the query it is in. */
typedef struct {
	hr_backend *be;
	int inner;
	int rc;
} nest;

static int nested_cb(void *ctx, const hr_row *r)
{
	nest *n = ctx;
	seen s;
	memset(&s, 0, sizeof s);
	if (!n->rc)
		n->rc = n->be->rows_all(n->be, r->layer, row_cb, &s);
	if (!n->rc)
		n->rc = n->be->row_get(n->be, r->layer, r->cells[0].s, row_cb, &s);
	n->inner += s.n;
	return 0;
}

static void test_nested(hr_backend *be)
{
	nest n = {be, 0, 0};
	HR_CHECK_INT_EQ(be->rows_all(be, &items, nested_cb, &n), 0);
	HR_CHECK_INT_EQ(n.rc, 0);
	HR_CHECK_INT_EQ(n.inner, 3 * 3 + 3);
}

/* Two handles on one file: a reader sees what a writer commits, when it
 * commits. */
static void test_two_handles(const char *path)
{
	hr_backend *a = NULL, *b = NULL;
	char err[512];
	seen s;
	uint64_t size = 0;
	hr_log_row lr = log_row(4, 1, "HA-004", NULL);

	HR_CHECK_INT_EQ(hr_backend_gpkg_open(&a, path, 1, 0, err, sizeof err), 0);
	HR_CHECK_INT_EQ(hr_backend_gpkg_open(&b, path, 0, 1, err, sizeof err), 0);
	if (!a || !b)
		goto done;
	HR_CHECK_INT_EQ(a->begin(a), 0);
	HR_CHECK_INT_EQ(a->log_append(a, &lr), 0);
	HR_CHECK_INT_EQ(put_area(a, "HA-004", "sha", 20, 20, 21, 21), 0);
	HR_CHECK_INT_EQ(b->log_size(b, &size), 0);
	HR_CHECK_INT_EQ(size, 4);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(b->row_get(b, &areas, "HA-004", row_cb, &s), HR_ENOTFOUND);
	HR_CHECK_INT_EQ(a->commit(a), 0);
	HR_CHECK_INT_EQ(b->log_size(b, &size), 0);
	HR_CHECK_INT_EQ(size, 5);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(b->row_get(b, &areas, "HA-004", row_cb, &s), 0);
	HR_CHECK(s.env.east == 21.0);
done:
	if (a)
		a->close(a);
	if (b)
		b->close(b);
}

/* A full disk, as SQLite sees it when the file may not grow: the write
 * fails with HR_EIO, nothing of the transaction stays, the store is whole. */
static void test_disk_full(const char *path)
{
	hr_backend *be = NULL;
	char err[512], key[32], big[4096];
	uint64_t size = 0, before = 0;
	int rc = 0, i;
	sqlite3 *db;

	HR_CHECK_INT_EQ(hr_backend_gpkg_open(&be, path, 0, 0, err, sizeof err), 0);
	if (!be)
		return;
	db = ((gpkg_be *)be)->db;
	HR_CHECK_INT_EQ(be->log_size(be, &before), 0);
	{
		/* room for a few entries more, not for a thousand */
		sqlite3_stmt *st = NULL;
		char sql[64];
		long long pages = 0;
		if (sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			pages = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", pages + 8);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	HR_CHECK_INT_EQ(be->begin(be), 0);
	for (i = 0; i < 1000 && rc == 0; i++) {
		hr_log_row lr;
		snprintf(key, sizeof key, "HA-F%04d", i);
		lr = log_row(before + (uint64_t)i, 1, key, NULL);
		lr.bytes = (const unsigned char *)big;
		lr.len = sizeof big;
		rc = be->log_append(be, &lr);
	}
	HR_CHECK_INT_EQ(rc, HR_EIO);
	HR_CHECK(i > 2);
	HR_CHECK(strstr(be->errmsg(be), "full") != NULL);
	HR_CHECK_INT_EQ(be->rollback(be), 0);
	sqlite3_exec(db, "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL);
	be->close(be);
	be = NULL;
	HR_CHECK_INT_EQ(hr_backend_gpkg_open(&be, path, 0, 1, err, sizeof err), 0);
	if (be) {
		HR_CHECK_INT_EQ(be->log_size(be, &size), 0);
		HR_CHECK_INT_EQ(size, before);
		be->close(be);
	}
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM pragma_integrity_check"
	                              " WHERE integrity_check = 'ok'"),
	                1);
}

/* A table that lost its index and a column is mended by ensure_layers. */
static void test_ensure_mends(void)
{
	static const hr_column more_cols[] = {
		{"area_id", HR_COL_TEXT, 1}, {"status", HR_COL_TEXT, 1}, {"area_m2", HR_COL_REAL, 0},
		{"date_of_information", HR_COL_TIME, 0}, {"org", HR_COL_TEXT, 1},
	};
	static const hr_layer areas2 = {"test_areas", "Test areas", "MULTIPOLYGON", "area_id", 5,
	                                more_cols};
	const hr_layer *l2[] = {&areas2};
	hr_backend *be = NULL;
	char path[1200], err[512], msg[256];
	int rc;

	path_of(path, sizeof path, "mend.gpkg");
	unlink(path);
	rc = hr_backend_gpkg_open(&be, path, 1, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, 0);
	if (rc)
		return;
	HR_CHECK_INT_EQ(be->ensure_layers(be, all_layers, 3), 0);
	HR_CHECK_INT_EQ(put_area(be, "HA-001", "sha", 1, 2, 3, 4), 0);
	be->close(be);
	be = NULL;
	HR_CHECK_INT_EQ(sql_exec(path, "DROP TABLE rtree_test_areas_geom;"
	                               " UPDATE gpkg_contents SET min_x = NULL",
	                         msg, sizeof msg),
	                0);
	rc = hr_backend_gpkg_open(&be, path, 0, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, 0);
	if (rc)
		return;
	HR_CHECK_INT_EQ(be->ensure_layers(be, l2, 1), 0);
	HR_CHECK_INT_EQ(be->ensure_layers(be, l2, 1), 0);
	be->close(be);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM rtree_test_areas_geom WHERE minx <= 1"
	                              " AND maxx >= 3"),
	                1);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM pragma_table_info('test_areas')"
	                              " WHERE name = 'org'"),
	                1);
	HR_CHECK(sql_double(path, "SELECT min_x FROM gpkg_contents WHERE table_name = 'test_areas'")
	         == 1.0);
	HR_CHECK(sql_double(path, "SELECT max_y FROM gpkg_contents WHERE table_name = 'test_areas'")
	         == 4.0);

	/* triggers brought up to GeoPackage 1.4 by another program are kept */
	HR_CHECK_INT_EQ(sql_exec(path,
	                         "DROP TRIGGER rtree_test_areas_geom_update1;"
	                         "DROP TRIGGER rtree_test_areas_geom_update3;"
	                         "CREATE TRIGGER rtree_test_areas_geom_update6 AFTER UPDATE OF geom"
	                         " ON test_areas WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND"
	                         " NOT ST_IsEmpty(NEW.geom)) AND (OLD.geom NOTNULL AND NOT"
	                         " ST_IsEmpty(OLD.geom)) BEGIN UPDATE rtree_test_areas_geom SET"
	                         " minx = ST_MinX(NEW.geom), maxx = ST_MaxX(NEW.geom),"
	                         " miny = ST_MinY(NEW.geom), maxy = ST_MaxY(NEW.geom)"
	                         " WHERE id = NEW.fid; END;"
	                         "CREATE TRIGGER rtree_test_areas_geom_update7 AFTER UPDATE OF geom"
	                         " ON test_areas WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND"
	                         " NOT ST_IsEmpty(NEW.geom)) AND (OLD.geom ISNULL OR"
	                         " ST_IsEmpty(OLD.geom)) BEGIN INSERT INTO rtree_test_areas_geom"
	                         " VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom),"
	                         " ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;"
	                         "CREATE TRIGGER rtree_test_areas_geom_update5 AFTER UPDATE ON"
	                         " test_areas WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND"
	                         " NOT ST_IsEmpty(NEW.geom)) BEGIN DELETE FROM rtree_test_areas_geom"
	                         " WHERE id = OLD.fid; INSERT OR REPLACE INTO rtree_test_areas_geom"
	                         " VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom),"
	                         " ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;",
	                         msg, sizeof msg),
	                0);
	rc = hr_backend_gpkg_open(&be, path, 0, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, 0);
	if (rc)
		return;
	HR_CHECK_INT_EQ(be->ensure_layers(be, l2, 1), 0);
	HR_CHECK_INT_EQ(put_area(be, "HA-001", "sha", 5, 6, 7, 8), 0);
	be->close(be);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
	                              " AND name LIKE 'rtree_test_areas_geom_update%'"),
	                5);
	HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM rtree_test_areas_geom WHERE minx >= 4.9"
	                              " AND maxy <= 8.1"),
	                1);
	HR_CHECK(sql_double(path, "SELECT min_x FROM gpkg_contents WHERE table_name = 'test_areas'")
	         == 5.0);
}

int main(void)
{
	const char *tmp = getenv("HR_TEST_TMP");
	hr_backend *be = NULL;
	char path[1200], err[512];
	int rc;

	if (!tmp || !*tmp)
		tmp = "/tmp/hazreg-test";
	mkdir(tmp, 0777);
	snprintf(dir, sizeof dir, "%s/gpkg", tmp);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "cannot make %s\n", dir);
		return 1;
	}

	test_geom();
	test_not_found_and_foreign();

	path_of(path, sizeof path, "keep.gpkg");
	unlink(path);
	rc = hr_backend_gpkg_open(&be, path, 1, 0, err, sizeof err);
	HR_CHECK_INT_EQ(rc, 0);
	if (rc == 0) {
		HR_CHECK_INT_EQ(be->ensure_layers(be, all_layers, 3), 0);
		HR_CHECK_INT_EQ(be->ensure_layers(be, all_layers, 3), 0);
		test_log(be, path);
		test_rows(be, path);
		test_nested(be);
		be->close(be);
		HR_CHECK_INT_EQ(header_byte(path, 18), 2); /* WAL */
		test_reopen(path);
		test_two_handles(path);
		test_disk_full(path);
		HR_CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM pragma_integrity_check"
		                              " WHERE integrity_check = 'ok'"),
		                1);
	} else {
		fprintf(stderr, "open: %s\n", err);
	}
	test_ensure_mends();
	be = NULL;
	HR_CHECK_INT_EQ(hr_backend_gpkg_open(&be, NULL, 1, 0, err, sizeof err), HR_EINVAL);
	return HR_TEST_DONE();
}
