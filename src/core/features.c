/*
 * features.c - the derived layers as collections of features for the OGC
 * API (src/server/ogc_items.c): which collections a profile shows, their
 * extents, and pages of features.
 *
 * A page streams each of its features to the caller as soon as it is
 * written, so memory is that of one feature. Without a box, and without a
 * time or with one that is a plain range of the collection's time column
 * (every collection but the hazardous areas), the store counts the
 * matching rows and hands only those of the page (row_count and rows_page,
 * or rows_page_during): a page costs what it holds and the rows it skips
 * in the key index, not the layer. Otherwise the page walks the layer in
 * key order, through the R-tree when a box is given (rows_bbox); the
 * features before and after the page are only tested and counted, never
 * written, and numberMatched comes from the same pass. Whether a hazardous
 * area matches a time is query.c's rule (hr_query__area_during), not a
 * second one, so a time on that collection always takes the walk.
 */
#include "core/register_int.h"

#include <string.h>

typedef struct {
	hr_collection pub;
	const hr_layer *layer;
	int time_col; /* the column that dates a feature */
} coll_def;

static const coll_def colls[] = {
	{{"hazardous_areas", "Hazardous areas (SHA/CHA)",
	  "Suspected and confirmed hazardous areas. With datetime, the areas the register holds "
	  "hazardous at that time (an instant) or at some time of the interval: from the "
	  "earliest evidence of contamination (hazard_from) until release parts cover all of "
	  "the area. Without datetime, every area in the register.",
	  "MultiPolygon", "hazard_from"},
	 &hr_layer_areas, A_HAZARD_FROM},
	{{"release_parts", "Land-release parts",
	  "Parts of hazardous areas cancelled by non-technical survey, reduced by technical "
	  "survey or cleared. With datetime, the parts released (released_at) within it.",
	  "MultiPolygon", "released_at"},
	 &hr_layer_releases, R_RELEASED_AT},
	{{"eo_items", "Explosive ordnance items found",
	  "Items of explosive ordnance found, with their condition. With datetime, the items "
	  "found (found_at) within it.",
	  "Point", "found_at"},
	 &hr_layer_items, I_FOUND_AT},
	{{"accidents", "Accidents (no personal data)",
	  "Explosive ordnance accidents (IMAS 10.60), without personal data; not public. With "
	  "datetime, the accidents that occurred (occurred_at) within it.",
	  "Point", "occurred_at"},
	 &hr_layer_accidents, X_OCCURRED_AT},
};
#define NCOLLS (sizeof colls / sizeof colls[0])

static const coll_def *def_of(const hr_collection *c, hr_profile p)
{
	for (size_t i = 0; i < NCOLLS; i++)
		if (c == &colls[i].pub)
			return hr_profile__layer_visible(p, colls[i].layer) ? &colls[i] : NULL;
	return NULL;
}

const hr_collection *hr_collection_nth(size_t i, hr_profile profile)
{
	for (size_t k = 0; k < NCOLLS; k++)
		if (hr_profile__layer_visible(profile, colls[k].layer) && i-- == 0)
			return &colls[k].pub;
	return NULL;
}

const hr_collection *hr_collection_find(const char *id, hr_profile profile)
{
	for (size_t k = 0; id && k < NCOLLS; k++)
		if (strcmp(colls[k].pub.id, id) == 0)
			return hr_profile__layer_visible(profile, colls[k].layer) ? &colls[k].pub : NULL;
	return NULL;
}

/* A backend failure gets the backend's message; ours already have one. */
static int read_err(hr_register *reg, int rc, const char *doing)
{
	if (rc < 0 && rc != HR_ENOMEM && rc != HR_ECORRUPT && rc != HR_ERROR)
		hr_reg__be_err(reg, rc, doing);
	else if (rc == HR_ENOMEM)
		hr_reg__err(reg, "out of memory");
	return rc;
}

/* ---- extent ---------------------------------------------------------------- */

typedef struct {
	const coll_def *d;
	hr_collection_extent *e;
} ext_ctx;

static int extent_row(void *ctx, const hr_row *row)
{
	ext_ctx *x = ctx;
	hr_collection_extent *e = x->e;
	const hr_cell *t = &row->cells[x->d->time_col];
	e->count++;
	if (row->wkb) {
		if (!e->has_bbox) {
			e->bbox = row->env;
			e->has_bbox = 1;
		} else {
			if (row->env.west < e->bbox.west) e->bbox.west = row->env.west;
			if (row->env.south < e->bbox.south) e->bbox.south = row->env.south;
			if (row->env.east > e->bbox.east) e->bbox.east = row->env.east;
			if (row->env.north > e->bbox.north) e->bbox.north = row->env.north;
		}
	}
	if (!t->is_null && t->i != HR_TIME_NONE) {
		if (e->begin == HR_TIME_NONE || t->i < e->begin)
			e->begin = t->i;
		if (e->end == HR_TIME_NONE || t->i > e->end)
			e->end = t->i;
	}
	return 0;
}

int hr_collection_extent_get(hr_register *reg, const hr_collection *c,
                             hr_collection_extent *out)
{
	const coll_def *d;
	ext_ctx x;
	int rc;
	if (!reg || !c || !out || !(d = def_of(c, HR_PROFILE_INTERNAL)))
		return HR_EINVAL;
	memset(out, 0, sizeof *out);
	out->begin = out->end = HR_TIME_NONE;
	x.d = d;
	x.e = out;
	rc = reg->be->rows_all(reg->be, d->layer, extent_row, &x);
	if (rc)
		return read_err(reg, rc, c->id);
	if (d->layer == &hr_layer_areas)
		out->end = HR_TIME_NONE; /* hazardous until released: open */
	return 0;
}

/* ---- features ------------------------------------------------------------- */

typedef struct {
	hr_register *reg;
	const coll_def *d;
	hr_profile profile;
	const hr_items_query *q;
	GEOSGeometry *box; /* the bbox as a polygon, for the exact test */
	hr_feature_cb cb;
	void *ctx;
	uint64_t matched;
	hr_buf json;
	const char *names[HR_MAX_COLS];
	const char *values[HR_MAX_COLS];
	char text[HR_MAX_COLS][HR_CELL_TEXT_BUFSZ];
} walk;

/* A walk over collection c for the profile; HR_ENOTFOUND when the profile
 * does not show it. */
static int walk_init(walk *w, hr_register *reg, const hr_collection *c, hr_profile profile,
                     hr_feature_cb cb, void *ctx)
{
	memset(w, 0, sizeof *w);
	if (!(w->d = def_of(c, profile))) {
		hr_reg__err(reg, "no collection %s", c->id);
		return HR_ENOTFOUND;
	}
	w->reg = reg;
	w->profile = profile;
	w->cb = cb;
	w->ctx = ctx;
	return 0;
}

/*
 * A hazardous area asked about at an instant carries the residual-risk
 * model at that instant as well ("phase" and "risk", as /risk/point gives
 * them), for maps that colour areas by phase. Beside the answer, never
 * it: the area is in the page because it is hazardous at that instant.
 */
static int add_risk(walk *w, const hr_row *row)
{
	const hr_items_query *q = w->q;
	hr_time reported;
	hr_risk_inputs *in = NULL;
	hr_risk risk;
	int owned = 0, rc;
	if (!q || w->d->layer != &hr_layer_areas || !q->has_time || q->from != q->to ||
	    q->from == HR_TIME_NONE)
		return 0;
	reported = !row->cells[A_FIRST_REPORTED].is_null ? row->cells[A_FIRST_REPORTED].i
	                                                  : row->cells[A_HAZARD_FROM].i;
	rc = hr_risk__contamination(w->reg, row->cells[A_ID].s,
	                            row->cells[A_CONTAMINATION].is_null
	                                    ? NULL
	                                    : row->cells[A_CONTAMINATION].s,
	                            &in, &owned);
	if (rc)
		return rc;
	hr_risk_eval(&risk, in->entries, in->n, reported, q->from, 1.0);
	if (owned)
		hr_risk_inputs_free(in);
	/* into the properties: before the closing "}}" of the feature */
	w->json.len -= 2;
	hr_buf_puts(&w->json, ",\"phase\":\"");
	hr_buf_puts(&w->json, hr_phase_name(risk.phase));
	hr_buf_puts(&w->json, "\",\"risk\":");
	hr_geojson__risk(&w->json, &risk);
	hr_buf_put(&w->json, "}}", 2);
	return w->json.oom ? HR_ENOMEM : 0;
}

/* Write the row as a feature and hand it over. */
static int emit(walk *w, const hr_row *row)
{
	const hr_layer *l = row->layer;
	hr_feature f;
	size_t n = 0;
	int rc;
	w->json.len = 0;
	if ((rc = hr_geojson__feature(&w->json, row, w->profile)) || (rc = add_risk(w, row)))
		return rc;
	for (size_t i = 1; i < l->ncols && n < HR_MAX_COLS; i++) {
		if (!hr_profile__column_visible(w->profile, l, i))
			continue;
		w->names[n] = l->cols[i].name;
		w->values[n] = hr_cell__text(w->text[n], &l->cols[i], &row->cells[i]);
		n++;
	}
	memset(&f, 0, sizeof f);
	f.id = row->cells[0].s;
	f.json = (const char *)w->json.p;
	f.json_len = w->json.len;
	f.nprops = n;
	f.names = w->names;
	f.values = w->values;
	return w->cb(w->ctx, &f);
}

/* Does the row meet the query's time? 1, 0 or an error. */
static int time_matches(walk *w, const hr_row *row)
{
	const hr_items_query *q = w->q;
	const hr_cell *t;
	int hz;
	int rc;
	if (!q->has_time)
		return 1;
	if (w->d->layer == &hr_layer_areas) {
		rc = hr_query__area_during(w->reg, row, q->from, q->to, &hz);
		return rc ? rc : hz;
	}
	t = &row->cells[w->d->time_col];
	if (t->is_null || t->i == HR_TIME_NONE)
		return 0;
	return (q->from == HR_TIME_NONE || t->i >= q->from) &&
	       (q->to == HR_TIME_NONE || t->i <= q->to);
}

/* Does the row's geometry intersect the bbox? The store matched its
 * envelope; only a geometry reaching outside the box needs GEOS. */
static int box_matches(walk *w, const hr_row *row)
{
	const hr_bbox *b = &w->q->bbox;
	if (!w->q->has_bbox)
		return 1;
	if (!row->wkb)
		return 0;
	if (row->env.west >= b->west && row->env.east <= b->east && row->env.south >= b->south &&
	    row->env.north <= b->north)
		return 1;
	return hr_query__meets(w->reg, row, w->box, 0, NULL);
}

static int walk_row(void *ctx, const hr_row *row)
{
	walk *w = ctx;
	uint64_t i;
	int m = box_matches(w, row);
	if (m > 0)
		m = time_matches(w, row);
	if (m <= 0)
		return m;
	i = w->matched++;
	if (i >= w->q->offset && i - w->q->offset < w->q->limit)
		return emit(w, row);
	return 0;
}

static int item_row(void *ctx, const hr_row *row)
{
	return emit(ctx, row);
}

/* Can the store select the page itself? Not with a box (the exact test is
 * GEOS's) nor with a time on the hazardous areas (their rule is query.c's). */
static int store_pages(const walk *w)
{
	return !w->q->has_bbox && (!w->q->has_time || w->d->layer != &hr_layer_areas);
}

/* The page and numberMatched from the store. time_matches()'s test of a
 * time column, a range with open ends, is the backend's rows_page_during. */
static int store_page(walk *w)
{
	hr_backend *be = w->reg->be;
	const hr_items_query *q = w->q;
	const hr_layer *l = w->d->layer;
	int rc;
	if (q->has_time)
		return be->rows_page_during(be, l, l->cols[w->d->time_col].name, q->from, q->to,
		                            q->offset, q->limit, item_row, w, &w->matched);
	if ((rc = be->row_count(be, l, &w->matched)))
		return rc;
	return be->rows_page(be, l, q->offset, q->limit, item_row, w);
}

static int check_query(hr_register *reg, const hr_items_query *q)
{
	const hr_bbox *b = &q->bbox;
	if (q->version != HR_ITEMS_QUERY_VERSION) {
		hr_reg__err(reg, "items query: version %u, this library knows %u", q->version,
		            HR_ITEMS_QUERY_VERSION);
		return HR_EVERSION;
	}
	if (q->has_bbox && !(b->west <= b->east && b->south <= b->north && b->west >= -180 &&
	                     b->east <= 180 && b->south >= -90 && b->north <= 90)) {
		hr_reg__err(reg, "bbox %g,%g,%g,%g is not W,S,E,N within WGS84 bounds", b->west,
		            b->south, b->east, b->north);
		return HR_EINVAL;
	}
	if (q->has_time && q->from != HR_TIME_NONE && q->to != HR_TIME_NONE && q->from > q->to) {
		hr_reg__err(reg, "the time interval ends before it begins");
		return HR_EINVAL;
	}
	return 0;
}

int hr_collection_items(hr_register *reg, const hr_collection *c, hr_profile profile,
                        const hr_items_query *q, hr_feature_cb cb, void *ctx,
                        uint64_t *matched)
{
	static const hr_items_query first = HR_ITEMS_QUERY_INIT;
	walk w;
	int rc;
	if (matched)
		*matched = 0;
	if (!reg || !c || !cb)
		return HR_EINVAL;
	if (!q)
		q = &first;
	if ((rc = check_query(reg, q)))
		return rc;
	if ((rc = walk_init(&w, reg, c, profile, cb, ctx)))
		return rc;
	w.q = q;
	if (q->has_bbox &&
	    !(w.box = GEOSGeom_createRectangle_r(reg->geos.ctx, q->bbox.west, q->bbox.south,
	                                         q->bbox.east, q->bbox.north))) {
		hr_reg__err(reg, "out of memory");
		return HR_ENOMEM;
	}
	/* one snapshot: the count and the page agree, and the release parts
	 * read for each area come from the same state */
	if ((rc = hr_reg__read_begin(reg)) == 0) {
		if (store_pages(&w))
			rc = store_page(&w);
		else if (q->has_bbox)
			rc = reg->be->rows_bbox(reg->be, w.d->layer, &q->bbox, walk_row, &w);
		else
			rc = reg->be->rows_all(reg->be, w.d->layer, walk_row, &w);
		hr_reg__read_end(reg);
		if (rc < 0)
			read_err(reg, rc, c->id);
	}
	if (w.box)
		GEOSGeom_destroy_r(reg->geos.ctx, w.box);
	hr_buf_free(&w.json);
	if (matched && rc == 0)
		*matched = w.matched;
	return rc;
}

int hr_collection_item(hr_register *reg, const hr_collection *c, hr_profile profile,
                       const char *id, hr_feature_cb cb, void *ctx)
{
	walk w;
	int rc;
	if (!reg || !c || !id || !cb)
		return HR_EINVAL;
	if ((rc = walk_init(&w, reg, c, profile, cb, ctx)))
		return rc;
	rc = reg->be->row_get(reg->be, w.d->layer, id, item_row, &w);
	if (rc == HR_ENOTFOUND)
		hr_reg__err(reg, "%s: no feature %s", c->id, id);
	else if (rc < 0)
		read_err(reg, rc, c->id);
	hr_buf_free(&w.json);
	return rc;
}
