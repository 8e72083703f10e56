/*
 * submission_read.c - field-form submissions in, records out: the
 * "kobo-json" format (KoBoToolbox's JSON export and its API's /data.json).
 *
 * The forms hazreg ships (forms/, docs/formats.md "Field forms") name their
 * fields after the import's properties, so a submission maps by name: the
 * last part of a key ("group_place/classification" -> classification) is
 * the property. Each submission is turned into one GeoJSON feature (and one
 * more per entry of an `item` repeat group) and handed to
 * hr_gj__feature_record(), so that a submission is validated exactly as a
 * GeoJSON feature is. This file only undoes what the form tools do to
 * values: every value arrives as text ("12", "yes", "48.1 37.5 0 5").
 *
 *   geopoint  "lat lon alt acc"           -> Point; also a coordinate as
 *                                            people write it (DD, DMS, UTM,
 *                                            MGRS: the square's centre),
 *                                            read by hr_coord_parse()
 *   geoshape  "lat lon alt acc;..."       -> Polygon (must close: the last
 *                                            point repeats the first)
 *   integer, decimal, yes/no              -> JSON integer, number, boolean
 *   repeat `contamination`, `victims`     -> arrays of objects
 *   repeat `item`                         -> item records (area_id, org and
 *                                            date_of_information inherited)
 *
 * Record ids derive from the submission's instance id, so that a re-import
 * of the same export makes the same records: the instance id without its
 * "uuid:" prefix (meta/instanceID, else _uuid), or the submission's own
 * `id` field when the form has one (an update of a known area); the n-th
 * entry of an item repeat is ID-item-n (1-based).
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A geometry is at most this many points; a form tool never sends more. */
#define MAX_POINTS 100000
/* Ids as the validator holds them (src/core/record.c). */
#define ID_MAX 128

typedef struct {
	hr_reader base;
	json_t *subs;      /* the array of submissions */
	size_t next;       /* the next submission */
	uint64_t total;    /* input bytes */
	hr_sub_batch batch; /* the records of the current submission */
	char *raw;         /* the current submission as JSON text */
} kobo_reader;

#define refuse hr_gj__refuse

/* The last part of a group path: "grp/sub/name" -> "name". */
static const char *leaf(const char *key)
{
	const char *s = strrchr(key, '/');
	return s ? s + 1 : key;
}

/* Keys the form tools add that are no property of a record. */
static int is_metadata(const char *key)
{
	static const char *const meta[] = {"start", "end", "today", "deviceid", "username",
	                                   "simserial", "subscriberid", "phonenumber", "audit",
	                                   "__version__", "instanceID", "instanceName",
	                                   "deprecatedID", "rootUuid", NULL};
	const char *l = leaf(key);
	if (key[0] == '_' || strncmp(key, "meta/", 5) == 0 || strncmp(key, "formhub/", 8) == 0)
		return 1;
	for (const char *const *m = meta; *m; m++)
		if (strcmp(l, *m) == 0)
			return 1;
	return 0;
}

/* ---- values --------------------------------------------------------- */

/* Parse the points of a geopoint/geotrace/geoshape into [[lon, lat], ...]. */
static int parse_points(json_t **out, const char *text, const char *path, hr_read_error *err)
{
	json_t *pts = json_array();
	const char *p = text;
	size_t n = 0;
	*out = NULL;
	if (!pts)
		return HR_ENOMEM;
	while (*p) {
		double v[4];
		int nv = 0;
		char *end;
		while (*p == ' ')
			p++;
		while (*p && *p != ';') {
			if (nv == 4)
				goto bad;
			errno = 0;
			v[nv] = strtod(p, &end);
			if (end == p || errno || !isfinite(v[nv]))
				goto bad;
			nv++;
			p = end;
			while (*p == ' ')
				p++;
		}
		if (nv < 2)
			goto bad;
		if (v[0] < -90 || v[0] > 90 || v[1] < -180 || v[1] > 180) {
			json_decref(pts);
			return refuse(err, path, "point %zu: latitude %g, longitude %g is not on the "
			                         "Earth (a form tool writes \"latitude longitude altitude "
			                         "accuracy\")", n + 1, v[0], v[1]);
		}
		if (++n > MAX_POINTS || json_array_append_new(pts, json_pack("[ff]", v[1], v[0]))) {
			json_decref(pts);
			return n > MAX_POINTS ? refuse(err, path, "more than %d points", MAX_POINTS)
			                      : HR_ENOMEM;
		}
		if (*p == ';')
			p++;
	}
	if (n == 0)
		goto bad;
	*out = pts;
	return 0;
bad:
	json_decref(pts);
	return refuse(err, path, "not a form tool's location: expected \"latitude longitude "
	                         "altitude accuracy\" points (altitude and accuracy optional), "
	                         "separated by ';'");
}

/*
 * A location as a GeoJSON geometry for a record of `kind`: a Point for
 * items, accidents, EORE sessions and benchmarks; a Polygon for areas and
 * release parts, from a geoshape, which closes.
 */
static int location(json_t **out, const char *text, int polygon, const char *path,
                    hr_read_error *err)
{
	json_t *pts = NULL;
	size_t n;
	int rc;
	*out = NULL;
	if (!polygon && strchr(text, ';') == NULL) {
		/* one point: a form tool's geopoint, or a coordinate as people write it */
		hr_read_error first = *err;
		hr_coord c;
		char why[256] = "";
		if ((rc = parse_points(&pts, text, path, err)) == 1) {
			*err = first;
			rc = hr_coord_parse(&c, text, why, sizeof why);
			if (rc == HR_ENOMEM)
				return rc;
			if (rc)
				return refuse(err, path, "not a location: expected a geopoint \"latitude "
				                         "longitude altitude accuracy\" or a coordinate "
				                         "(DD, DMS, UTM, MGRS): %s", why);
			*out = json_pack("{s:s,s:[ff]}", "type", "Point", "coordinates", c.p.lon,
			                 c.p.lat);
			return *out ? 0 : HR_ENOMEM;
		}
		if (rc)
			return rc;
	} else if ((rc = parse_points(&pts, text, path, err))) {
		return rc;
	}
	n = json_array_size(pts);
	if (!polygon) {
		if (n != 1) {
			json_decref(pts);
			return refuse(err, path, "a geopoint (one point) is needed here, not a geoshape "
			                         "or geotrace of %zu points", n);
		}
		*out = json_pack("{s:s,s:O}", "type", "Point", "coordinates", json_array_get(pts, 0));
	} else if (n == 1) {
		json_decref(pts);
		return refuse(err, path, "a geoshape (a closed ring of points) is needed here, not a "
		                         "geopoint");
	} else if (!json_equal(json_array_get(pts, 0), json_array_get(pts, n - 1))) {
		json_t *a = json_array_get(pts, 0), *b = json_array_get(pts, n - 1);
		rc = refuse(err, path,
		            "%zu points that do not close (first %.7f %.7f, last %.7f %.7f): a "
		            "perimeter is a geoshape, whose last point repeats its first; a geotrace "
		            "(an open line) or an unfinished shape cannot be one",
		            n, json_real_value(json_array_get(a, 1)), json_real_value(json_array_get(a, 0)),
		            json_real_value(json_array_get(b, 1)), json_real_value(json_array_get(b, 0)));
		json_decref(pts);
		return rc;
	} else {
		*out = json_pack("{s:s,s:[O]}", "type", "Polygon", "coordinates", pts);
	}
	json_decref(pts);
	return *out ? 0 : HR_ENOMEM;
}

/* Digits with an optional sign, and nothing else. */
static int integer_text(const char *s, json_int_t *v)
{
	char *end;
	long long x;
	if (!*s || *s == ' ')
		return -1;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (*end || errno)
		return -1;
	*v = (json_int_t)x;
	return 0;
}

/*
 * One text value of the form as the JSON value the property takes. `polygon`:
 * the record's geometry is a polygon. A value that is not text (a number a
 * tool already typed) is taken as it is. 0 with *out set (new reference),
 * 1 refused, HR_ENOMEM.
 */
static int value_of(json_t **out, const hr_field_def *f, json_t *v, int polygon,
                    const char *path, hr_read_error *err)
{
	const char *s = json_string_value(v);
	json_int_t i;
	*out = NULL;
	if (!json_is_string(v) || !f) {
		*out = json_incref(v);
		return 0;
	}
	switch (f->type) {
	case HR_FT_INT:
		if (integer_text(s, &i))
			return refuse(err, path, "expected a whole number, not \"%.60s\"", s);
		*out = json_integer(i);
		break;
	case HR_FT_REAL: {
		char *end;
		double d = strtod(s, &end);
		if (!*s || *end || !isfinite(d))
			return refuse(err, path, "expected a number, not \"%.60s\"", s);
		*out = json_real(d);
		break;
	}
	case HR_FT_BOOL:
		if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1"))
			*out = json_true();
		else if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0"))
			*out = json_false();
		else
			return refuse(err, path, "expected yes or no, not \"%.60s\"", s);
		break;
	case HR_FT_GEOM: {
		json_t *g = NULL;
		int rc = location(&g, s, f->tag == HR_F_GEOM && polygon, path, err);
		if (rc)
			return rc;
		if (f->tag != HR_F_GEOM) { /* a benchmark: [lon, lat] */
			*out = json_incref(json_object_get(g, "coordinates"));
			json_decref(g);
		} else {
			*out = g;
		}
		break;
	}
	default:
		*out = json_incref(v);
	}
	return *out ? 0 : HR_ENOMEM;
}

/* ---- one submission ------------------------------------------------- */

/* A feature under construction, with the source key of each property. */
typedef struct {
	int kind;
	json_t *feat, *props, *paths;
} draft;

static void draft_free(draft *d)
{
	json_decref(d->feat);
	json_decref(d->paths);
	memset(d, 0, sizeof *d);
}

static int draft_new(draft *d, int kind, const char *id)
{
	d->kind = kind;
	d->props = json_object();
	d->paths = json_object();
	d->feat = json_pack("{s:s,s:s,s:n,s:o}", "type", "Feature", "id", id, "geometry",
	                    "properties", d->props);
	if (!d->props || !d->paths || !d->feat ||
	    json_object_set_new(d->props, "kind", json_string(hr_kind_name(kind))))
		return HR_ENOMEM;
	return 0;
}

static int is_polygon_kind(int kind)
{
	return kind == HR_KIND_AREA || kind == HR_KIND_RELEASE;
}

/*
 * Put one form field into the draft: `name` is the property, `path` the
 * key it came under (for errors). An empty text is a field left empty.
 */
static int draft_put(draft *d, const char *name, json_t *v, const char *path,
                     hr_read_error *err)
{
	const hr_field_def *f = hr_schema_field_by_name(d->kind, name);
	json_t *val = NULL;
	int rc;
	if (json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
		return 0;
	if (!strcmp(name, "geometry"))
		f = hr_schema_field(d->kind, HR_F_GEOM);
	if (json_object_get(d->props, name) || (!strcmp(name, "geometry") &&
	                                        !json_is_null(json_object_get(d->feat, "geometry"))))
		return refuse(err, path, "the field %s is given twice in one submission", name);
	if ((rc = value_of(&val, f, v, is_polygon_kind(d->kind), path, err)))
		return rc;
	if (!strcmp(name, "geometry"))
		rc = json_object_set_new(d->feat, "geometry", val);
	else
		rc = json_object_set_new(d->props, name, val);
	if (rc || json_object_set_new(d->paths, name, json_string(path)))
		return HR_ENOMEM;
	return 0;
}

/* A repeat group's entries as an array of objects keyed by leaf name. */
static int repeat_array(draft *d, const char *name, json_t *entries, const char *key,
                        hr_read_error *err)
{
	json_t *arr = json_array();
	size_t i;
	json_t *e;
	if (!arr)
		return HR_ENOMEM;
	json_array_foreach(entries, i, e) {
		json_t *obj = json_object(), *m;
		const char *k;
		char path[160];
		if (!obj || json_array_append_new(arr, obj))
			goto nomem;
		if (!json_is_object(e)) {
			json_decref(arr);
			return refuse(err, key, "%s[%zu]: a repeat group's entry is an object", key,
			              i + 1);
		}
		json_object_foreach(e, k, m) {
			const char *l = leaf(k);
			json_t *val = m;
			json_int_t n;
			if (is_metadata(k) || json_is_null(m) ||
			    (json_is_string(m) && json_string_length(m) == 0))
				continue;
			hr__fmt(path, sizeof path, "%s[%zu]/%s", key, i + 1, l);
			if (!strcmp(name, "contamination") && json_is_string(m)) {
				const char *s = json_string_value(m);
				if (!strcmp(l, "count") && integer_text(s, &n) == 0)
					val = json_integer(n);
				else if (!strcmp(l, "confirmed") && (!strcmp(s, "yes") || !strcmp(s, "no")))
					val = json_boolean(s[0] == 'y');
			}
			if (json_object_set_new(obj, l, val == m ? json_incref(m) : val))
				goto nomem;
		}
	}
	if (json_object_set_new(d->props, name, arr) ||
	    json_object_set_new(d->paths, name, json_string(key)))
		return HR_ENOMEM;
	return 0;
nomem:
	json_decref(arr);
	return HR_ENOMEM;
}

/* The instance id without "uuid:", or NULL. */
static const char *instance_id(json_t *sub)
{
	const char *id = json_string_value(json_object_get(sub, "meta/instanceID"));
	if (!id || !*id)
		id = json_string_value(json_object_get(sub, "_uuid"));
	if (id && strncmp(id, "uuid:", 5) == 0)
		id += 5;
	return id && *id ? id : NULL;
}

/* Turn a feature into a record; a refusal names the key the field came from. */
static int draft_record(hr_record **rec, draft *d, hr_read_error *err)
{
	int rc = hr_gj__feature_record(rec, d->feat, err);
	if (rc == 1) {
		const char *path = json_string_value(json_object_get(d->paths, err->field));
		if (path)
			hr_gj__copy_utf8(err->field, sizeof err->field, path);
	}
	return rc;
}

static int queue_push(hr_sub_batch *b, hr_record *rec)
{
	hr_record **q = hr__realloc(b->rec, (b->n + 1) * sizeof *q);
	if (!q) {
		hr_record_free(rec);
		return HR_ENOMEM;
	}
	b->rec = q;
	b->rec[b->n++] = rec;
	return 0;
}

/* The kind of a submission: its `kind` field (a calculate in every form). */
static int submission_kind(int *kind, json_t *sub, hr_read_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(sub, key, v) {
		if (strcmp(leaf(key), "kind") != 0 || is_metadata(key))
			continue;
		if (!json_is_string(v) || !(*kind = hr_kind_from_name(json_string_value(v))) ||
		    !(*kind == HR_KIND_AREA || *kind == HR_KIND_RELEASE || *kind == HR_KIND_ITEM ||
		      *kind == HR_KIND_ACCIDENT || *kind == HR_KIND_EORE))
			return refuse(err, key, "the form's kind must be area, release, item, accident "
			                        "or eore");
		return 0;
	}
	return refuse(err, "kind", "the submission has no kind field (every hazreg form "
	                           "calculates one: area, release, item, accident or eore)");
}

/* The records of the item repeat group: one item record per entry. */
static int item_records(hr_sub_batch *k, json_t *entries, const char *key, const draft *parent,
                        const char *id, hr_read_error *err)
{
	static const char *const inherited[] = {"org", "date_of_information", "area_id", NULL};
	size_t i;
	json_t *e;
	json_array_foreach(entries, i, e) {
		draft d = {0};
		hr_record *rec = NULL;
		char cid[ID_MAX + 64], path[160];
		const char *k2;
		json_t *m;
		int rc;
		hr__fmt(cid, sizeof cid, "%s-item-%zu", id, i + 1);
		hr_gj__copy_utf8(err->id, sizeof err->id, cid);
		if (!json_is_object(e))
			return refuse(err, key, "%s[%zu]: a repeat group's entry is an object", key,
			              i + 1);
		if ((rc = draft_new(&d, HR_KIND_ITEM, cid)))
			goto next;
		json_object_foreach(e, k2, m) {
			if (is_metadata(k2))
				continue;
			hr__fmt(path, sizeof path, "%s[%zu]/%s", key, i + 1, leaf(k2));
			if ((rc = draft_put(&d, leaf(k2), m, path, err)))
				goto next;
		}
		for (const char *const *p = inherited; *p; p++) {
			json_t *v = json_object_get(parent->props, *p);
			if (v && !json_object_get(d.props, *p) &&
			    json_object_set(d.props, *p, v)) {
				rc = HR_ENOMEM;
				goto next;
			}
		}
		if ((rc = draft_record(&rec, &d, err)) == 0)
			rc = queue_push(k, rec);
	next:
		draft_free(&d);
		if (rc)
			return rc;
	}
	return 0;
}

/* Every record of one submission into the queue. 0, 1 refused, HR_ENOMEM. */
static int submission_records(hr_sub_batch *k, json_t *sub, hr_read_error *err)
{
	draft d = {0};
	hr_record *rec = NULL;
	json_t *v, *items = NULL;
	const char *key, *items_key = NULL, *iid = NULL, *rid;
	char idbuf[ID_MAX + 1];
	int kind = 0, rc;
	if (!json_is_object(sub))
		return refuse(err, "", "a submission is a JSON object, not %s",
		              json_is_array(sub) ? "an array" : "a value");
	iid = instance_id(sub);
	hr_gj__copy_utf8(err->id, sizeof err->id, iid ? iid : "");
	if (!iid)
		return refuse(err, "_uuid", "the submission has no instance id (meta/instanceID or "
		                            "_uuid): records are named after it");
	if ((rc = submission_kind(&kind, sub, err)))
		return rc;
	rid = iid;
	json_object_foreach(sub, key, v) {
		if (!strcmp(leaf(key), "id") && !is_metadata(key) && json_is_string(v) &&
		    json_string_length(v) > 0) {
			hr__fmt(idbuf, sizeof idbuf, "%s", json_string_value(v));
			rid = idbuf;
		}
	}
	if ((rc = draft_new(&d, kind, rid)))
		goto done;
	json_object_foreach(sub, key, v) {
		const char *l = leaf(key);
		if (is_metadata(key) || !strcmp(l, "kind") || !strcmp(l, "id"))
			continue;
		if (json_is_array(v) && kind == HR_KIND_RELEASE && !strcmp(l, "item")) {
			items = v;
			items_key = key;
			continue;
		}
		if (json_is_array(v) && (!strcmp(l, "contamination") || !strcmp(l, "victims")))
			rc = repeat_array(&d, l, v, key, err);
		else if (json_is_array(v) || json_is_object(v))
			rc = refuse(err, key, "a repeat group %s is not one hazreg's forms have (item in "
			                      "a clearance, contamination, victims)", l);
		else
			rc = draft_put(&d, l, v, key, err);
		if (rc)
			goto done;
	}
	hr_gj__copy_utf8(err->id, sizeof err->id, rid);
	if ((rc = draft_record(&rec, &d, err)) || (rc = queue_push(k, rec)))
		goto done;
	if (items)
		rc = item_records(k, items, items_key, &d, rid, err);
done:
	draft_free(&d);
	return rc;
}

/* ---- the reader ----------------------------------------------------- */

static void batch_clear(hr_sub_batch *b)
{
	for (size_t i = b->pos; i < b->n; i++)
		hr_record_free(b->rec[i]);
	b->n = b->pos = 0;
	b->err_set = 0;
}

int hr_sub__fill(hr_sub_batch *b, json_t *sub, uint64_t index)
{
	int rc;
	batch_clear(b);
	memset(&b->err, 0, sizeof b->err);
	b->err.index = index;
	rc = submission_records(b, sub, &b->err);
	if (rc) {
		batch_clear(b); /* a refused submission gives no record at all */
		b->err_set = rc == 1;
	}
	return rc == 1 ? 0 : rc;
}

int hr_sub__take(hr_sub_batch *b, hr_record **rec, hr_read_error *err)
{
	if (b->pos < b->n) {
		*rec = b->rec[b->pos++];
		return 1;
	}
	if (b->err_set) {
		*err = b->err;
		b->err_set = 0;
		return 1;
	}
	return 0;
}

void hr_sub__batch_free(hr_sub_batch *b)
{
	batch_clear(b);
	hr_free(b->rec);
	b->rec = NULL;
}

static int kobo_next(hr_reader *r, hr_record **rec, hr_read_error *err)
{
	kobo_reader *k = (kobo_reader *)r;
	json_t *sub;
	char *t;
	int rc;
	if (!r || !rec || !err)
		return HR_EINVAL;
	*rec = NULL;
	memset(err, 0, sizeof *err);
	while (!hr_sub__take(&k->batch, rec, err)) {
		if (k->next >= json_array_size(k->subs))
			return 0;
		sub = json_array_get(k->subs, k->next);
		hr_free(k->raw);
		k->raw = NULL;
		t = json_dumps(sub, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		if (t) {
			k->raw = hr__strdup(t);
			hr_gj__json_free(t);
		}
		if ((rc = hr_sub__fill(&k->batch, sub, k->next++))) {
			hr__fmt(err->reason, sizeof err->reason, "out of memory");
			return rc;
		}
	}
	return 1;
}

static const char *kobo_raw(hr_reader *r)
{
	kobo_reader *k = (kobo_reader *)r;
	return k && k->raw ? k->raw : "";
}

static void kobo_progress(hr_reader *r, uint64_t *done, uint64_t *total)
{
	kobo_reader *k = (kobo_reader *)r;
	size_t n = k ? json_array_size(k->subs) : 0;
	if (total)
		*total = k ? k->total : 0;
	if (done)
		*done = k && n ? (uint64_t)((double)k->total * (double)k->next / (double)n) : 0;
}

static void kobo_close(hr_reader *r)
{
	kobo_reader *k = (kobo_reader *)r;
	if (!k)
		return;
	hr_sub__batch_free(&k->batch);
	hr_free(k->raw);
	json_decref(k->subs);
	hr_free(k);
}

/* The submissions of a parsed export: an array, or {"results": array}. */
static int take_export(kobo_reader *k, json_t *root, char *err, size_t errlen,
                       const char *name)
{
	json_t *subs = root;
	if (json_is_object(root))
		subs = json_object_get(root, "results");
	if (!json_is_array(subs)) {
		hr__fmt(err, errlen, "%s: not a KoBoToolbox export: expected an array of "
		                     "submissions or {\"results\": [...]}", name);
		return HR_EINVAL;
	}
	k->subs = json_incref(subs);
	return 0;
}

static int reader_new(hr_reader **out, kobo_reader **k)
{
	*k = hr__calloc(1, sizeof **k);
	if (!*k)
		return HR_ENOMEM;
	(*k)->base.version = HR_READER_VERSION;
	(*k)->base.next = kobo_next;
	(*k)->base.raw = kobo_raw;
	(*k)->base.progress = kobo_progress;
	(*k)->base.close = kobo_close;
	*out = &(*k)->base;
	return 0;
}

#define JSON_FLAGS JSON_REJECT_DUPLICATES

int hr_reader__kobo_mem(hr_reader **out, const unsigned char *data, size_t len, char *err,
                        size_t errlen)
{
	kobo_reader *k = NULL;
	json_error_t je;
	json_t *root = NULL;
	int rc;
	if (out)
		*out = NULL;
	if (!out || (!data && len)) {
		hr__fmt(err, errlen, "no reader or data given");
		return HR_EINVAL;
	}
	root = json_loadb((const char *)data, len, JSON_FLAGS, &je);
	if (!root) {
		hr__fmt(err, errlen, "input: line %d, column %d: %s", je.line, je.column, je.text);
		return HR_EINVAL;
	}
	if ((rc = reader_new(out, &k)) || (rc = take_export(k, root, err, errlen, "input"))) {
		if (rc == HR_ENOMEM)
			hr__fmt(err, errlen, "out of memory");
		hr_free(k);
		*out = NULL;
	}
	json_decref(root);
	return rc;
}

int hr_reader__kobo_json(hr_reader **out, const char *path, char *err, size_t errlen)
{
	kobo_reader *k = NULL;
	json_error_t je;
	json_t *root = NULL;
	FILE *fp = NULL;
	uint64_t total = 0;
	int rc = 0;
	if (out)
		*out = NULL;
	if (!out || !path) {
		hr__fmt(err, errlen, "no reader or path given");
		return HR_EINVAL;
	}
	if ((rc = hr_fmt__open_input(&fp, &total, path, err, errlen)))
		return rc;
	root = json_loadf(fp, JSON_FLAGS, &je);
	if (!root) {
		hr__fmt(err, errlen, "%s: line %d, column %d: %s", path, je.line, je.column, je.text);
		rc = HR_EINVAL;
		goto done;
	}
	if ((rc = reader_new(out, &k)) || (rc = take_export(k, root, err, errlen, path)))
		goto done;
	k->total = total;
	k = NULL;
done:
	if (rc) {
		if (rc == HR_ENOMEM)
			hr__fmt(err, errlen, "out of memory");
		if (out)
			*out = NULL;
	}
	hr_free(k);
	json_decref(root);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

int hr_reader__kobo_sniff(const char *path)
{
	char buf[512];
	size_t n, i = 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if (n >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
	    (unsigned char)buf[2] == 0xBF)
		i = 3;
	i += strspn(buf + i, " \t\r\n");
	if (buf[i] == '[')
		return 1; /* GeoJSON is never an array */
	if (buf[i] != '{')
		return 0;
	i++;
	i += strspn(buf + i, " \t\r\n");
	return !strncmp(buf + i, "\"count\"", 7) || !strncmp(buf + i, "\"results\"", 9) ||
	       !strncmp(buf + i, "\"next\"", 6);
}
