/*
 * check.c - data-quality checks on records (docs/quality.md), run by every
 * import after the reader and by "hazreg check FILE" without importing.
 *
 * Each check reads the record, the options and, for the duplicate and
 * emplacement checks, the register (read only: a bbox query and the
 * subject's records) and the earlier records of the same input, which the
 * checker remembers. None of them writes. Faults the reader or the record
 * validator already refuses (invalid geometry, negative counts, emplacement
 * dates out of order) are not checked twice: hr_check_refusal_code() gives
 * those refusals their code.
 */
#include "core/geos_int.h"
#include "core/register_int.h"

#include <hazreg/check.h>
#include <hazreg/geom.h>
#include <hazreg/query.h>
#include <hazreg/route.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

/* ---- codes and findings --------------------------------------------- */

static const hr_check_code codes[] = {
	{HR_Q_GEOM_INVALID, HR_CHECK_ERROR, "the geometry is not valid (GEOS's reason and place)"},
	{HR_Q_DUP_AREA, HR_CHECK_WARNING,
	 "an area of the same organisation overlaps this one almost entirely"},
	{HR_Q_VERTEX_DUP, HR_CHECK_WARNING, "two consecutive vertices are the same point"},
	{HR_Q_EDGE_LONG, HR_CHECK_WARNING, "two consecutive vertices are too far apart"},
	{HR_Q_OUTSIDE, HR_CHECK_WARNING, "the geometry lies outside the country of operation"},
	{HR_Q_DATE_FUTURE, HR_CHECK_WARNING, "a date is later than now plus one day"},
	{HR_Q_DATE_EMPLACEMENT, HR_CHECK_WARNING,
	 "an item found before its area's earliest emplacement"},
	{HR_Q_DATE_RELEASE, HR_CHECK_ERROR, "land released before its area's earliest emplacement"},
	{HR_Q_DATE_ORDER, HR_CHECK_ERROR,
	 "emplacement dates out of order, or after the date of information"},
	{HR_Q_COUNT_NEGATIVE, HR_CHECK_ERROR, "a count is negative"},
	{HR_Q_COUNT_ABSURD, HR_CHECK_WARNING, "a count is beyond its plausible maximum"},
	{HR_Q_REFUSED, HR_CHECK_ERROR,
	 "any other refusal: a field missing, unknown or malformed; a signature"},
};

const hr_check_code *hr_check_codes(size_t *n)
{
	if (n)
		*n = sizeof codes / sizeof codes[0];
	return codes;
}

const char *hr_check_code_name(const char *code)
{
	for (size_t i = 0; code && i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(codes[i].code, code) == 0)
			return codes[i].code;
	return NULL;
}

void hr_check_findings_clear(hr_check_findings *f)
{
	if (!f)
		return;
	hr_free(f->v);
	memset(f, 0, sizeof *f);
}

/* v with room for one element after its n (its capacity doubled when
 * full): v itself, a new block, or NULL (v is kept) when out of memory. */
static void *room(void *v, size_t n, size_t *cap, size_t size)
{
	size_t nc;
	void *nv;
	if (n < *cap)
		return v;
	nc = *cap ? 2 * *cap : 16;
	if (!(nv = hr__realloc(v, nc * size)))
		return NULL;
	*cap = nc;
	return nv;
}

static hr_check_finding *grow(hr_check_findings *out)
{
	hr_check_finding *v = room(out->v, out->n, &out->cap, sizeof *v);
	if (!v)
		return NULL;
	out->v = v;
	return &out->v[out->n++];
}

int hr_check_findings_append(hr_check_findings *f, const hr_check_finding *one)
{
	hr_check_finding *slot;
	if (!f || !one)
		return HR_EINVAL;
	if (!(slot = grow(f)))
		return HR_ENOMEM;
	*slot = *one;
	return 0;
}

/* A finding of a code, with the code's severity from the table. */
static int add(hr_check_findings *out, const hr_record *rec, const char *code, const char *fmt,
               ...) __attribute__((format(printf, 4, 5)));
static int add(hr_check_findings *out, const hr_record *rec, const char *code, const char *fmt,
               ...)
{
	int severity = HR_CHECK_ERROR;
	hr_check_finding *f;
	const char *id = rec ? hr_record_text(rec, HR_F_ID) : NULL;
	va_list ap;
	if (!(f = grow(out)))
		return HR_ENOMEM;
	memset(f, 0, sizeof *f);
	hr__fmt(f->code, sizeof f->code, "%s", code);
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(codes[i].code, code) == 0)
			severity = codes[i].severity;
	f->severity = severity;
	hr__fmt(f->id, sizeof f->id, "%s", id ? id : "");
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof f->message, fmt, ap);
	va_end(ap);
	return 0;
}

/* ---- refusals the reader already makes ------------------------------ */

const char *hr_check_refusal_code(const char *field, const char *reason)
{
	/* The validators' wording (record.c, geom.c), tied to the codes by
	 * tests/unit/test_check.c so that a change of words is noticed. */
	static const struct {
		const char *text;
		const char *code;
	} table[] = {
		{"invalid geometry", HR_Q_GEOM_INVALID},
		{"must not be negative", HR_Q_COUNT_NEGATIVE},
		{"count must be >= 0", HR_Q_COUNT_NEGATIVE},
		{"emplaced_earliest is after emplaced_latest", HR_Q_DATE_ORDER},
		{"is after the date_of_information", HR_Q_DATE_ORDER},
		{"is before the earliest evidence of contamination", HR_Q_DATE_RELEASE},
	};
	const char *named = hr_check_code_name(field);
	if (named)
		return named; /* a check's own refusal: the code is the field */
	for (size_t i = 0; reason && i < sizeof table / sizeof table[0]; i++)
		if (strstr(reason, table[i].text))
			return table[i].code;
	return HR_Q_REFUSED;
}

/* ---- vertices ------------------------------------------------------- */

typedef struct {
	size_t dups, long_edges;
	char first_dup[160];
	double longest_m;
	char longest[200];
} ring_stats;

static int ring_scan(hr_geos *g, const GEOSGeometry *ring, size_t poly, size_t k,
                     double max_edge_m, ring_stats *st)
{
	const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(g->ctx, ring);
	unsigned n = 0;
	double px = 0, py = 0;
	if (!seq || !GEOSCoordSeq_getSize_r(g->ctx, seq, &n))
		return HR_ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		double x, y, d;
		hr_point a, b;
		if (!GEOSCoordSeq_getXY_r(g->ctx, seq, i, &x, &y))
			return HR_ENOMEM;
		if (i == 0)
			goto next;
		if (x == px && y == py) {
			if (st->dups++ == 0)
				hr__fmt(st->first_dup, sizeof st->first_dup,
				        "vertices %u and %u of polygon %zu ring %zu are the same point "
				        "(%.7f %.7f)", i - 1, i, poly, k, x, y);
			goto next;
		}
		a.lon = px, a.lat = py, b.lon = x, b.lat = y;
		if (hr_geodesic_distance(a, b, &d) == 0 && d > max_edge_m) {
			st->long_edges++;
			if (d > st->longest_m) {
				st->longest_m = d;
				hr__fmt(st->longest, sizeof st->longest,
				        "vertices %u and %u of polygon %zu ring %zu are %.2f km apart "
				        "(%.7f %.7f to %.7f %.7f)", i - 1, i, poly, k, d / 1000.0, px, py,
				        x, y);
			}
		}
	next:
		px = x, py = y;
	}
	return 0;
}

static int polygon_scan(hr_geos *g, const GEOSGeometry *p, size_t poly, double max_edge_m,
                        ring_stats *st)
{
	int nholes = GEOSGetNumInteriorRings_r(g->ctx, p);
	const GEOSGeometry *ext = GEOSGetExteriorRing_r(g->ctx, p);
	int rc;
	if (!ext || nholes < 0)
		return HR_ENOMEM;
	if ((rc = ring_scan(g, ext, poly, 0, max_edge_m, st)))
		return rc;
	for (int h = 0; h < nholes; h++) {
		const GEOSGeometry *r = GEOSGetInteriorRingN_r(g->ctx, p, h);
		if (!r)
			return HR_ENOMEM;
		if ((rc = ring_scan(g, r, poly, (size_t)h + 1, max_edge_m, st)))
			return rc;
	}
	return 0;
}

int hr_check_vertices(const hr_record *rec, double max_edge_m, hr_check_findings *out)
{
	const hr_value *v = rec ? hr_record_get(rec, HR_F_GEOM, 0) : NULL;
	hr_geos g;
	GEOSGeometry *geom = NULL;
	ring_stats st;
	int rc = 0, type;
	if (!rec || !out)
		return HR_EINVAL;
	if (!v)
		return 0;
	if (max_edge_m <= 0)
		max_edge_m = HR_CHECK_MAX_EDGE_M_DEFAULT;
	memset(&st, 0, sizeof st);
	if ((rc = hr_geos__init(&g)))
		return rc;
	if (!(geom = hr_geos__read(&g, v->u.geom.wkb, v->u.geom.len))) {
		rc = HR_EVALIDATE;
		goto done;
	}
	type = GEOSGeomTypeId_r(g.ctx, geom);
	if (type == GEOS_POLYGON) {
		rc = polygon_scan(&g, geom, 0, max_edge_m, &st);
	} else if (type == GEOS_MULTIPOLYGON) {
		int n = GEOSGetNumGeometries_r(g.ctx, geom);
		for (int i = 0; i < n && !rc; i++)
			rc = polygon_scan(&g, GEOSGetGeometryN_r(g.ctx, geom, i), (size_t)i, max_edge_m,
			                  &st);
	}
	if (rc)
		goto done;
	if (st.dups && (rc = add(out, rec, HR_Q_VERTEX_DUP,
	                         "%s after the 1e-7 degree snap%s", st.first_dup,
	                         st.dups > 1 ? " (and more: see the ring)" : "")))
		goto done;
	if (st.long_edges)
		rc = add(out, rec, HR_Q_EDGE_LONG,
		         "%zu edge%s longer than %.2f km; the longest: %s", st.long_edges,
		         st.long_edges == 1 ? "" : "s", max_edge_m / 1000.0, st.longest);
done:
	if (geom)
		GEOSGeom_destroy_r(g.ctx, geom);
	hr_geos__finish(&g);
	return rc;
}

/* ---- dates and counts ----------------------------------------------- */

int hr_check_dates(const hr_record *rec, hr_time now, hr_check_findings *out)
{
	static const int tags[] = {HR_F_DOI, HR_F_RELEASED_AT, HR_F_FOUND_AT, HR_F_OCCURRED_AT,
	                           HR_F_HELD_AT};
	char tb[HR_TIME_BUFSZ], nb[HR_TIME_BUFSZ];
	int rc;
	if (!rec || !out)
		return HR_EINVAL;
	if (now == HR_TIME_NONE)
		now = hr_time_now();
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		const hr_field_def *f = hr_schema_field((int)rec->kind, tags[i]);
		hr_time t = f ? hr_record_time(rec, tags[i]) : HR_TIME_NONE;
		if (t == HR_TIME_NONE || t <= now + DAY)
			continue;
		if ((rc = add(out, rec, HR_Q_DATE_FUTURE,
		              "%s %s is later than now (%s) plus 1 day", f->name, hr_time_format(tb, t),
		              hr_time_format(nb, now))))
			return rc;
	}
	return 0;
}

int hr_check_counts(const hr_record *rec, hr_check_findings *out)
{
	static const struct {
		int tag;
		int64_t max;
		const char *of;
	} limits[] = {
		{HR_F_BENEFICIARIES, HR_CHECK_MAX_BENEFICIARIES, "one area"},
		{HR_F_DEPTH_CM, HR_CHECK_MAX_DEPTH_CM, "a find or a clearance"},
		{HR_F_ITEMS_FOUND, HR_CHECK_MAX_ITEMS, "one release part"},
		{HR_F_QUANTITY, HR_CHECK_MAX_ITEMS, "one find"},
		{HR_F_KILLED, HR_CHECK_MAX_CASUALTIES, "one accident"},
		{HR_F_INJURED, HR_CHECK_MAX_CASUALTIES, "one accident"},
		{HR_F_GIRLS, HR_CHECK_MAX_SESSION, "one EORE session"},
		{HR_F_BOYS, HR_CHECK_MAX_SESSION, "one EORE session"},
		{HR_F_WOMEN, HR_CHECK_MAX_SESSION, "one EORE session"},
		{HR_F_MEN, HR_CHECK_MAX_SESSION, "one EORE session"},
	};
	const hr_value *c;
	int rc;
	if (!rec || !out)
		return HR_EINVAL;
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		const hr_field_def *f = hr_schema_field((int)rec->kind, limits[i].tag);
		const hr_value *v = f ? hr_record_get(rec, limits[i].tag, 0) : NULL;
		if (!v || v->type != HR_FT_INT)
			continue;
		if (v->u.i < 0)
			rc = add(out, rec, HR_Q_COUNT_NEGATIVE, "%s %lld is negative",
			         f->name, (long long)v->u.i);
		else if (v->u.i > limits[i].max)
			rc = add(out, rec, HR_Q_COUNT_ABSURD,
			         "%s %lld is beyond the plausible maximum of %lld for %s", f->name,
			         (long long)v->u.i, (long long)limits[i].max, limits[i].of);
		else
			continue;
		if (rc)
			return rc;
	}
	for (size_t i = 0; (c = hr_record_get(rec, HR_F_CONTAM, i)); i++) {
		int64_t n = c->u.contam.count;
		if (n < HR_COUNT_UNKNOWN)
			rc = add(out, rec, HR_Q_COUNT_NEGATIVE,
			         "contamination %zu (%s): count %lld is negative", i,
			         c->u.contam.device_class, (long long)n);
		else if (n > HR_CHECK_MAX_DEVICES)
			rc = add(out, rec, HR_Q_COUNT_ABSURD,
			         "contamination %zu (%s): count %lld is beyond the plausible maximum of "
			         "%d devices for one entry", i, c->u.contam.device_class, (long long)n,
			         HR_CHECK_MAX_DEVICES);
		else
			continue;
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- overlap -------------------------------------------------------- */

static int overlap_geos(hr_geos *g, double *out, const GEOSGeometry *a, const GEOSGeometry *b)
{
	double aa = 0, ab = 0, ai = 0, small;
	GEOSGeometry *i;
	*out = 0;
	if (!GEOSArea_r(g->ctx, a, &aa) || !GEOSArea_r(g->ctx, b, &ab))
		return HR_EVALIDATE;
	small = aa < ab ? aa : ab;
	if (small <= 0 || !GEOSIntersects_r(g->ctx, a, b))
		return 0;
	if (!(i = GEOSIntersection_r(g->ctx, a, b)))
		return HR_EVALIDATE;
	GEOSArea_r(g->ctx, i, &ai);
	GEOSGeom_destroy_r(g->ctx, i);
	*out = ai / small > 1 ? 1 : ai / small;
	return 0;
}

int hr_check_overlap(double *out, const unsigned char *a, size_t alen, const unsigned char *b,
                     size_t blen)
{
	hr_geos g;
	GEOSGeometry *ga = NULL, *gb = NULL;
	int rc;
	if (!out || !a || !b)
		return HR_EINVAL;
	if ((rc = hr_geos__init(&g)))
		return rc;
	ga = hr_geos__read(&g, a, alen);
	gb = hr_geos__read(&g, b, blen);
	rc = ga && gb ? overlap_geos(&g, out, ga, gb) : HR_EVALIDATE;
	if (ga)
		GEOSGeom_destroy_r(g.ctx, ga);
	if (gb)
		GEOSGeom_destroy_r(g.ctx, gb);
	hr_geos__finish(&g);
	return rc;
}

/* ---- the checker ---------------------------------------------------- */

/* An area an earlier record of this input reported. */
typedef struct {
	char *id, *org;
	GEOSGeometry *geom; /* NULL when the record had none */
	hr_bbox box;
	hr_time earliest;   /* earliest emplacement of its contamination, or NONE */
	uint64_t index;
	uint64_t stamp;     /* the last grid query that found it */
} seen_area;

#define GRID_CELL 0.05
#define GRID_MAX_CELLS 64
#define GRID_BUCKETS 65536u

typedef struct {
	uint64_t key;  /* the cell */
	size_t area;   /* index in areas */
	size_t next;   /* 1 + index of the next entry of the bucket, 0 end */
} grid_ent;

struct hr_checker {
	hr_register *reg;
	hr_check_options opts;
	hr_geos g;
	GEOSGeometry *country;  /* NULL: the default box */
	char country_name[200];
	seen_area *areas;
	size_t nareas, cap;
	size_t *slots;          /* id hash -> 1 + index in areas, 0 empty */
	size_t nslots;
	/* the areas' envelopes on a grid of GRID_CELL degrees, so that a file
	 * is compared with itself in about n steps, not n^2/2 */
	grid_ent *ents;
	size_t nents, capents;
	size_t *heads;          /* GRID_BUCKETS chains: 1 + index in ents, 0 end */
	size_t *big, nbig, capbig; /* areas over more than GRID_MAX_CELLS cells */
	size_t *cand, ncand, capcand;
	uint64_t query;         /* stamp of the current query */
};

static const hr_bbox default_box = HR_CHECK_COUNTRY_DEFAULT_BBOX;

int hr_checker_new(hr_checker **out, hr_register *reg, const hr_check_options *opts)
{
	hr_check_options def = HR_CHECK_OPTIONS_INIT;
	hr_checker *c;
	int rc;
	if (!out)
		return HR_EINVAL;
	*out = NULL;
	if (!opts)
		opts = &def;
	if (opts->version != HR_CHECK_OPTIONS_VERSION)
		return HR_EVERSION;
	if (!(c = hr__calloc(1, sizeof *c)))
		return HR_ENOMEM;
	c->reg = reg;
	c->opts = *opts;
	if (c->opts.overlap <= 0)
		c->opts.overlap = HR_CHECK_OVERLAP_DEFAULT;
	if (c->opts.max_edge_m <= 0)
		c->opts.max_edge_m = HR_CHECK_MAX_EDGE_M_DEFAULT;
	if (c->opts.now == HR_TIME_NONE)
		c->opts.now = hr_time_now();
	if ((rc = hr_geos__init(&c->g))) {
		hr_free(c);
		return rc;
	}
	if (opts->country_wkb) {
		int t;
		c->country = hr_geos__read(&c->g, opts->country_wkb, opts->country_len);
		t = c->country ? GEOSGeomTypeId_r(c->g.ctx, c->country) : -1;
		if ((t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON) ||
		    GEOSisValid_r(c->g.ctx, c->country) != 1) {
			hr_checker_free(c);
			return HR_EINVAL;
		}
		hr__fmt(c->country_name, sizeof c->country_name, "the outline %s",
		        opts->country_name ? opts->country_name : "given");
	} else {
		hr__fmt(c->country_name, sizeof c->country_name,
		        "default: Ukraine's bounding box lon %.1f to %.1f, lat %.1f to %.1f",
		        default_box.west, default_box.east, default_box.south, default_box.north);
	}
	c->opts.country_wkb = NULL; /* borrowed: not kept past this call */
	c->opts.country_name = NULL;
	*out = c;
	return 0;
}

void hr_checker_free(hr_checker *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nareas; i++) {
		hr_free(c->areas[i].id);
		hr_free(c->areas[i].org);
		if (c->areas[i].geom)
			GEOSGeom_destroy_r(c->g.ctx, c->areas[i].geom);
	}
	if (c->country)
		GEOSGeom_destroy_r(c->g.ctx, c->country);
	hr_free(c->areas);
	hr_free(c->slots);
	hr_free(c->ents);
	hr_free(c->heads);
	hr_free(c->big);
	hr_free(c->cand);
	hr_geos__finish(&c->g);
	hr_free(c);
}

/* ---- the grid of envelopes ------------------------------------------ */

static int64_t cell_of(double v)
{
	return (int64_t)floor(v / GRID_CELL);
}

static uint64_t cell_key(int64_t x, int64_t y)
{
	return ((uint64_t)(uint32_t)x << 32) | (uint32_t)y;
}

static size_t bucket_of(uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15u) >> 48) & (GRID_BUCKETS - 1);
}

/* Cells the box covers, or 0 when more than GRID_MAX_CELLS. */
static int grid_span(const hr_bbox *b, int64_t *x0, int64_t *y0, int64_t *x1, int64_t *y1)
{
	*x0 = cell_of(b->west), *x1 = cell_of(b->east);
	*y0 = cell_of(b->south), *y1 = cell_of(b->north);
	return (*x1 - *x0 + 1) * (*y1 - *y0 + 1) <= GRID_MAX_CELLS;
}

static int push(size_t **v, size_t *n, size_t *cap, size_t x)
{
	size_t *nv = room(*v, *n, cap, sizeof *nv);
	if (!nv)
		return HR_ENOMEM;
	*v = nv;
	nv[(*n)++] = x;
	return 0;
}

static int grid_add(hr_checker *c, size_t area)
{
	const hr_bbox *b = &c->areas[area].box;
	int64_t x0, y0, x1, y1;
	if (!grid_span(b, &x0, &y0, &x1, &y1))
		return push(&c->big, &c->nbig, &c->capbig, area);
	if (!c->heads && !(c->heads = hr__calloc(GRID_BUCKETS, sizeof *c->heads)))
		return HR_ENOMEM;
	for (int64_t x = x0; x <= x1; x++)
		for (int64_t y = y0; y <= y1; y++) {
			grid_ent *e = room(c->ents, c->nents, &c->capents, sizeof *e);
			size_t bk;
			if (!e)
				return HR_ENOMEM;
			c->ents = e;
			e = &c->ents[c->nents];
			e->key = cell_key(x, y);
			e->area = area;
			bk = bucket_of(e->key);
			e->next = c->heads[bk];
			c->heads[bk] = ++c->nents;
		}
	return 0;
}

static int by_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* The earlier areas whose envelope may meet the box, in input order, into c->cand. */
static int grid_query(hr_checker *c, const hr_bbox *b)
{
	int64_t x0, y0, x1, y1;
	int rc;
	c->ncand = 0;
	c->query++;
	if (!grid_span(b, &x0, &y0, &x1, &y1)) {
		for (size_t i = 0; i < c->nareas; i++)
			if ((rc = push(&c->cand, &c->ncand, &c->capcand, i)))
				return rc;
		return 0;
	}
	for (size_t i = 0; i < c->nbig; i++)
		if ((rc = push(&c->cand, &c->ncand, &c->capcand, c->big[i])))
			return rc;
	for (int64_t x = x0; x <= x1 && c->heads; x++)
		for (int64_t y = y0; y <= y1; y++) {
			uint64_t key = cell_key(x, y);
			for (size_t k = c->heads[bucket_of(key)]; k; k = c->ents[k - 1].next) {
				const grid_ent *e = &c->ents[k - 1];
				if (e->key != key || c->areas[e->area].stamp == c->query)
					continue;
				c->areas[e->area].stamp = c->query;
				if ((rc = push(&c->cand, &c->ncand, &c->capcand, e->area)))
					return rc;
			}
		}
	if (c->ncand > 1)
		qsort(c->cand, c->ncand, sizeof *c->cand, by_index);
	return 0;
}

/* The latest area seen in this input with this id, or NULL. */
static seen_area *seen_find(const hr_checker *c, const char *id)
{
	size_t h;
	if (!c->nslots)
		return NULL;
	for (h = hr__text_hash(id) % c->nslots; c->slots[h]; h = (h + 1) % c->nslots)
		if (strcmp(c->areas[c->slots[h] - 1].id, id) == 0)
			return &c->areas[c->slots[h] - 1];
	return NULL;
}

/* Point the id's slot at areas[i] (the latest record of an id wins). */
static void slot_put(size_t *slots, size_t nslots, const seen_area *areas, size_t i)
{
	size_t h = hr__text_hash(areas[i].id) % nslots;
	while (slots[h] && strcmp(areas[slots[h] - 1].id, areas[i].id) != 0)
		h = (h + 1) % nslots;
	slots[h] = i + 1;
}

static int seen_index(hr_checker *c, size_t i)
{
	if (2 * c->nareas > c->nslots) {
		size_t n = c->nslots ? 2 * c->nslots : 64;
		size_t *s = hr__calloc(n, sizeof *s);
		if (!s)
			return HR_ENOMEM;
		hr_free(c->slots);
		c->slots = s;
		c->nslots = n;
		for (size_t k = 0; k < c->nareas; k++)
			slot_put(s, n, c->areas, k);
		return 0;
	}
	slot_put(c->slots, c->nslots, c->areas, i);
	return 0;
}

static hr_time earliest_emplacement(const hr_record *rec)
{
	hr_time e = HR_TIME_NONE;
	const hr_value *v;
	for (size_t i = 0; (v = hr_record_get(rec, HR_F_CONTAM, i)); i++)
		if (v->u.contam.emplaced_earliest != HR_TIME_NONE &&
		    (e == HR_TIME_NONE || v->u.contam.emplaced_earliest < e))
			e = v->u.contam.emplaced_earliest;
	return e;
}

static int remember_area(hr_checker *c, const hr_record *rec, GEOSGeometry *geom,
                         const hr_bbox *box, uint64_t index)
{
	seen_area *a;
	const char *id = hr_record_text(rec, HR_F_ID), *org = hr_record_text(rec, HR_F_ORG);
	int rc;
	if (!id)
		return 0;
	if (!(a = room(c->areas, c->nareas, &c->cap, sizeof *a)))
		return HR_ENOMEM;
	c->areas = a;
	a = &c->areas[c->nareas];
	memset(a, 0, sizeof *a);
	a->id = hr__strdup(id);
	a->org = hr__strdup(org ? org : "");
	if (!a->id || !a->org) {
		hr_free(a->id);
		hr_free(a->org);
		return HR_ENOMEM;
	}
	a->geom = geom;
	if (box)
		a->box = *box;
	a->earliest = earliest_emplacement(rec);
	a->index = index;
	c->nareas++;
	if (geom && (rc = grid_add(c, c->nareas - 1)))
		return rc;
	return seen_index(c, c->nareas - 1);
}

/* The register's latest record of an area (by date of information), borrowed from s. */
static const hr_record *register_area(hr_checker *c, const char *id, hr_subject *s)
{
	const hr_subject_rec *best = NULL;
	memset(s, 0, sizeof *s);
	if (!c->reg || hr_subject__load(c->reg, HR_KIND_AREA, id, s) != 0)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (!best || s->v[i].doi > best->doi ||
		    (s->v[i].doi == best->doi && s->v[i].idx > best->idx))
			best = &s->v[i];
	return best ? best->rec : NULL;
}

static int boxes_meet(const hr_bbox *a, const hr_bbox *b)
{
	return a->west <= b->east && b->west <= a->east && a->south <= b->north &&
	       b->south <= a->north;
}

static int dup_in_register(hr_checker *c, const hr_record *rec, const GEOSGeometry *geom,
                           const hr_bbox *box, hr_check_findings *out)
{
	const char *id = hr_record_text(rec, HR_F_ID), *org = hr_record_text(rec, HR_F_ORG);
	hr_hits *hits = NULL;
	int rc;
	if (!c->reg || !org)
		return 0;
	if ((rc = hr_query_bbox(c->reg, box, c->opts.now, &hits)))
		return rc == HR_ENOTFOUND ? 0 : rc;
	for (size_t i = 0; i < hits->n && !rc; i++) {
		const hr_area_hit *h = &hits->hits[i];
		const hr_record *other;
		const hr_value *v;
		GEOSGeometry *og;
		hr_subject s;
		double ratio = 0;
		/* the same area updated is no duplicate; areas of this input are
		 * compared as the input has them */
		if ((id && strcmp(h->area_id, id) == 0) || strcmp(h->org ? h->org : "", org) != 0 ||
		    seen_find(c, h->area_id))
			continue;
		other = register_area(c, h->area_id, &s);
		v = other ? hr_record_get(other, HR_F_GEOM, 0) : NULL;
		og = v ? hr_geos__read(&c->g, v->u.geom.wkb, v->u.geom.len) : NULL;
		if (og) {
			rc = overlap_geos(&c->g, &ratio, geom, og);
			GEOSGeom_destroy_r(c->g.ctx, og);
		}
		hr_subject__free(&s);
		if (!rc && ratio >= c->opts.overlap)
			rc = add(out, rec, HR_Q_DUP_AREA,
			         "near-duplicate of area %s of the same organisation (%s) in the "
			         "register: the intersection is %.1f%% of the smaller area (threshold "
			         "%.0f%%)", h->area_id, org, 100.0 * ratio, 100.0 * c->opts.overlap);
	}
	hr_hits_free(hits);
	return rc;
}

static int dup_in_input(hr_checker *c, const hr_record *rec, const GEOSGeometry *geom,
                        const hr_bbox *box, hr_check_findings *out)
{
	const char *id = hr_record_text(rec, HR_F_ID), *org = hr_record_text(rec, HR_F_ORG);
	int rc = 0;
	if (!org || (rc = grid_query(c, box)))
		return rc;
	for (size_t k = 0; k < c->ncand && !rc; k++) {
		const seen_area *a = &c->areas[c->cand[k]];
		double ratio = 0;
		/* the envelopes first: the cheap test rules out nearly all */
		if (!a->geom || !boxes_meet(&a->box, box) || (id && strcmp(a->id, id) == 0) ||
		    strcmp(a->org, org) != 0 || seen_find(c, a->id) != a)
			continue;
		if ((rc = overlap_geos(&c->g, &ratio, geom, a->geom)))
			break;
		if (ratio >= c->opts.overlap)
			rc = add(out, rec, HR_Q_DUP_AREA,
			         "near-duplicate of area %s of the same organisation (%s), feature %llu "
			         "of this input: the intersection is %.1f%% of the smaller area "
			         "(threshold %.0f%%)", a->id, org, (unsigned long long)a->index,
			         100.0 * ratio, 100.0 * c->opts.overlap);
	}
	return rc;
}

static int outside_country(hr_checker *c, const hr_record *rec, const GEOSGeometry *geom,
                           const hr_bbox *box, hr_check_findings *out)
{
	int is_point = GEOSGeomTypeId_r(c->g.ctx, geom) == GEOS_POINT;
	double share = 0;
	if (!c->country) {
		const hr_bbox *d = &default_box;
		if (box->west >= d->west && box->east <= d->east && box->south >= d->south &&
		    box->north <= d->north)
			return 0;
		if (!is_point) {
			GEOSGeometry *env = GEOSGeom_createRectangle_r(c->g.ctx, d->west, d->south,
			                                               d->east, d->north);
			if (!env)
				return HR_ENOMEM;
			overlap_geos(&c->g, &share, geom, env);
			GEOSGeom_destroy_r(c->g.ctx, env);
		}
	} else {
		char inside = GEOSCovers_r(c->g.ctx, c->country, geom);
		if (inside == 1)
			return 0;
		if (inside != 0)
			return HR_ENOMEM;
		if (!is_point)
			overlap_geos(&c->g, &share, geom, c->country);
	}
	if (is_point)
		return add(out, rec, HR_Q_OUTSIDE,
		           "the point %.7f %.7f lies outside the country of operation (%s)",
		           box->west, box->south, c->country_name);
	/* the intersection over the smaller of the two: for a country, the area */
	return add(out, rec, HR_Q_OUTSIDE,
	           "%.1f%% of the perimeter's area (bbox %.7f %.7f to %.7f %.7f) lies outside the "
	           "country of operation (%s)", 100.0 * (1.0 - share), box->west, box->south,
	           box->east, box->north, c->country_name);
}

/* Q-DATE-RELEASE (the register refuses it too) and Q-DATE-EMPLACEMENT: a
 * release or a find before the area's earliest emplacement. */
static int before_emplacement(hr_checker *c, const hr_record *rec, hr_check_findings *out)
{
	const char *area = hr_record_text(rec, HR_F_AREA_ID);
	int tag = rec->kind == HR_KIND_RELEASE ? HR_F_RELEASED_AT : HR_F_FOUND_AT;
	hr_time t = hr_record_time(rec, tag), e = HR_TIME_NONE;
	const char *where = "in this input";
	char tb[HR_TIME_BUFSZ], eb[HR_TIME_BUFSZ];
	seen_area *a;
	if (rec->kind != HR_KIND_RELEASE && rec->kind != HR_KIND_ITEM)
		return 0;
	if (!area)
		return 0;
	if (t == HR_TIME_NONE)
		t = hr_record_time(rec, HR_F_DOI);
	if ((a = seen_find(c, area))) {
		e = a->earliest;
	} else {
		hr_subject s;
		const hr_record *r = register_area(c, area, &s);
		if (r)
			e = earliest_emplacement(r);
		hr_subject__free(&s);
		where = "in the register";
	}
	if (t == HR_TIME_NONE || e == HR_TIME_NONE || t >= e)
		return 0;
	return add(out, rec, rec->kind == HR_KIND_RELEASE ? HR_Q_DATE_RELEASE : HR_Q_DATE_EMPLACEMENT,
	           "%s %s is before the earliest emplacement of area %s's contamination (%s, %s)",
	           hr_schema_field((int)rec->kind, tag)->name, hr_time_format(tb, t), area,
	           hr_time_format(eb, e), where);
}

int hr_checker_record(hr_checker *c, const hr_record *rec, uint64_t index, uint64_t line,
                      uint32_t column, hr_check_findings *out)
{
	const hr_value *gv;
	GEOSGeometry *geom = NULL;
	hr_bbox box;
	size_t first;
	int rc, kept = 0;
	if (!c || !rec || !out)
		return HR_EINVAL;
	first = out->n;
	if ((rc = hr_check_dates(rec, c->opts.now, out)) || (rc = hr_check_counts(rec, out)) ||
	    /* a boundary's edges are generalised lines, not a surveyor's marks */
	    (rec->kind != HR_KIND_ADM_AREA &&
	     (rc = hr_check_vertices(rec, c->opts.max_edge_m, out))) ||
	    (rc = before_emplacement(c, rec, out)))
		goto done;
	gv = hr_record_get(rec, HR_F_GEOM, 0);
	if (gv && hr_geom_bbox(&box, gv->u.geom.wkb, gv->u.geom.len) == 0 &&
	    (geom = hr_geos__read(&c->g, gv->u.geom.wkb, gv->u.geom.len))) {
		if ((rc = outside_country(c, rec, geom, &box, out)))
			goto done;
		if (rec->kind == HR_KIND_AREA && c->opts.overlap <= 1 &&
		    ((rc = dup_in_register(c, rec, geom, &box, out)) ||
		     (rc = dup_in_input(c, rec, geom, &box, out))))
			goto done;
	}
	if (rec->kind == HR_KIND_AREA) {
		size_t before = c->nareas;
		rc = remember_area(c, rec, geom, geom ? &box : NULL, index);
		kept = c->nareas > before; /* the geometry is the checker's now */
	}
done:
	if (geom && !kept)
		GEOSGeom_destroy_r(c->g.ctx, geom);
	for (size_t i = first; i < out->n; i++) {
		out->v[i].index = index;
		out->v[i].line = line;
		out->v[i].column = line ? column : 0;
	}
	return rc;
}
