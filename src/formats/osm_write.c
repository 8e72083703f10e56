/*
 * osm_write.c - the open hazardous areas of a profile as OSM XML 0.6, for
 * mappers and for OSM-based tools (JOSM, GDAL's OSM driver, osmium).
 *
 * Only hazardous areas whose status is not closed (open, worked_on), from
 * the areas layer as the profile shows it (profile.c decides). Tags, from
 * the OSM wiki's documented keys only:
 *
 *   hazard=minefield         (Key:hazard)
 *   area=yes                 on a closed way, so that it is an area
 *   name=...                 the area's place name, when it has one
 *   ref=...                  the hazardous area's id in the register
 *   source=...               the reporting organisation (via hazreg)
 *   check_date=YYYY-MM-DD    the date of information
 *   start_date=YYYY-MM-DD    when the hazard is known from (hazard_from)
 *   description=...          "Confirmed hazardous area (CHA); status: open"
 *
 * Geometry: every distinct position is one node (negative ids from -1),
 * shared by every ring that passes through it; each ring is one way whose
 * last node is its first. A polygon with one ring is a closed way carrying
 * the tags; a polygon with holes, or a MultiPolygon, is a relation
 * type=multipolygon with its rings as outer and inner members and the
 * tags. Nodes come first, then ways, then relations, as OSM files order
 * them. The root says upload="never": these are a register's copies, not
 * surveyed OSM edits.
 */
#include "core/register_int.h"
#include "core/layers.h"
#include "formats/formats_int.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	double lon, lat;
} node;

typedef struct {
	size_t first, n;    /* in refs */
	size_t tag_at, tag_len; /* its tags in waytags (a simple polygon's), or 0 bytes */
} way;

typedef struct {
	hr_register *reg;
	/* nodes, and a hash of their positions (open addressing, ids + 1) */
	node *nodes;
	size_t nnodes, capnodes;
	size_t *slot;
	size_t nslot;
	size_t *refs; /* node indexes of every way, one after another */
	size_t nrefs, caprefs;
	way *ways;
	size_t nways, capways;
	hr_buf rel;  /* relations, written as they come */
	hr_buf waytags;
	hr_buf tags; /* tags of the area being written */
	long nrel;
	int rc;
} osm;

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *np;
	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if (!(np = hr__realloc(*p, c * size)))
		return HR_ENOMEM;
	*p = np;
	*cap = c;
	return 0;
}

static size_t hash_pos(double lon, double lat)
{
	unsigned char b[16];
	uint64_t h = 1469598103934665603ull;
	if (lon == 0)
		lon = 0; /* -0 and 0 are one place */
	if (lat == 0)
		lat = 0;
	memcpy(b, &lon, 8);
	memcpy(b + 8, &lat, 8);
	for (int i = 0; i < 16; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return (size_t)h;
}

static int rehash(osm *o)
{
	size_t n = o->nslot ? o->nslot * 2 : 1024;
	size_t *s = hr__calloc(n, sizeof *s);
	if (!s)
		return HR_ENOMEM;
	for (size_t i = 0; i < o->nnodes; i++) {
		size_t h = hash_pos(o->nodes[i].lon, o->nodes[i].lat) & (n - 1);
		while (s[h])
			h = (h + 1) & (n - 1);
		s[h] = i + 1;
	}
	hr_free(o->slot);
	o->slot = s;
	o->nslot = n;
	return 0;
}

/* The node at a position, made when new. @return its index, or (size_t)-1 */
static size_t node_at(osm *o, double lon, double lat)
{
	size_t h;
	if ((o->nnodes + 1) * 2 > o->nslot && rehash(o))
		return (size_t)-1;
	h = hash_pos(lon, lat) & (o->nslot - 1);
	while (o->slot[h]) {
		const node *n = &o->nodes[o->slot[h] - 1];
		if (n->lon == lon && n->lat == lat)
			return o->slot[h] - 1;
		h = (h + 1) & (o->nslot - 1);
	}
	if (grow((void **)&o->nodes, &o->capnodes, o->nnodes + 1, sizeof *o->nodes))
		return (size_t)-1;
	o->nodes[o->nnodes].lon = lon;
	o->nodes[o->nnodes].lat = lat;
	o->slot[h] = ++o->nnodes;
	return o->nnodes - 1;
}

/* One ring (a JSON array of positions) as a way. @return its index or -1 */
static long ring_way(osm *o, const json_t *ring)
{
	size_t n = json_array_size(ring);
	if (grow((void **)&o->ways, &o->capways, o->nways + 1, sizeof *o->ways) ||
	    grow((void **)&o->refs, &o->caprefs, o->nrefs + n, sizeof *o->refs))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(ring, i);
		size_t id = node_at(o, json_number_value(json_array_get(p, 0)),
		                    json_number_value(json_array_get(p, 1)));
		if (id == (size_t)-1)
			return -1;
		o->refs[o->nrefs + i] = id;
	}
	o->ways[o->nways].first = o->nrefs;
	o->ways[o->nways].n = n;
	o->ways[o->nways].tag_at = o->ways[o->nways].tag_len = 0;
	o->nrefs += n;
	return (long)o->nways++;
}

/* XML text for an attribute value: escaped; control bytes as spaces. */
static void put_xml(hr_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': hr_buf_puts(b, "&amp;"); break;
		case '<': hr_buf_puts(b, "&lt;"); break;
		case '>': hr_buf_puts(b, "&gt;"); break;
		case '"': hr_buf_puts(b, "&quot;"); break;
		case '\'': hr_buf_puts(b, "&apos;"); break;
		case '\n': hr_buf_puts(b, "&#10;"); break;
		case '\t': hr_buf_puts(b, "&#9;"); break;
		default: hr_buf_putc(b, c < 0x20 || c == 0x7F ? ' ' : c);
		}
	}
}

static void put_tag(hr_buf *b, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	hr_buf_printf(b, "    <tag k=\"%s\" v=\"", k);
	put_xml(b, v);
	hr_buf_puts(b, "\"/>\n");
}

/* The date part (YYYY-MM-DD) of a TIME cell, or NULL. */
static const char *date_of(char *buf, const hr_cell *c)
{
	if (c->is_null)
		return NULL;
	hr_time_format(buf, c->i);
	buf[10] = '\0';
	return buf;
}

static void area_tags(hr_buf *b, const hr_row *row)
{
	const hr_cell *c = row->cells;
	const char *cls = c[A_CLASSIFICATION].is_null ? NULL : c[A_CLASSIFICATION].s;
	char d1[HR_CELL_TEXT_BUFSZ], d2[HR_CELL_TEXT_BUFSZ], desc[256], src[160];
	b->len = 0;
	hr__fmt(desc, sizeof desc, "%s hazardous area%s%s%s; status: %s",
	        cls && !strcmp(cls, "CHA") ? "Confirmed" : cls && !strcmp(cls, "SHA") ? "Suspected"
	                                                                              : "A",
	        cls ? " (" : "", cls ? cls : "", cls ? ")" : "",
	        c[A_STATUS].is_null ? "open" : c[A_STATUS].s);
	if (!c[A_ORG].is_null)
		hr__fmt(src, sizeof src, "%s via hazreg", c[A_ORG].s);
	else
		hr__fmt(src, sizeof src, "hazreg");
	put_tag(b, "hazard", "minefield");
	put_tag(b, "name", c[A_NAME].is_null ? NULL : c[A_NAME].s);
	put_tag(b, "ref", c[A_ID].s);
	put_tag(b, "source", src);
	put_tag(b, "check_date", date_of(d1, &c[A_DOI]));
	put_tag(b, "start_date", date_of(d2, &c[A_HAZARD_FROM]));
	put_tag(b, "description", desc);
}

static int add_area(void *ctx, const hr_row *row)
{
	osm *o = ctx;
	const hr_cell *status = &row->cells[A_STATUS];
	char *text = NULL;
	json_t *g = NULL, *polys;
	size_t np, nrings = 0;
	int rc = 0;
	if (!row->wkb || (!status->is_null && strcmp(status->s, "closed") == 0))
		return 0;
	if ((rc = hr_geom_to_geojson(&text, row->wkb, row->wkb_len)))
		return rc;
	if (!(g = json_loads(text, 0, NULL))) {
		hr_free(text);
		return HR_ENOMEM;
	}
	hr_free(text);
	polys = json_object_get(g, "coordinates");
	if (!strcmp(json_string_value(json_object_get(g, "type")), "Polygon")) {
		json_t *one = json_array();
		if (!one || json_array_append(one, polys)) {
			json_decref(one);
			json_decref(g);
			return HR_ENOMEM;
		}
		json_object_set_new(g, "coordinates", one);
		polys = one;
	}
	np = json_array_size(polys);
	for (size_t i = 0; i < np; i++)
		nrings += json_array_size(json_array_get(polys, i));
	area_tags(&o->tags, row);
	if (nrings == 1) {
		long w = ring_way(o, json_array_get(json_array_get(polys, 0), 0));
		if (w < 0) {
			rc = HR_ENOMEM;
		} else {
			o->ways[w].tag_at = o->waytags.len;
			o->ways[w].tag_len = o->tags.len;
			hr_buf_put(&o->waytags, o->tags.p, o->tags.len);
		}
	} else {
		hr_buf m = {0};
		for (size_t i = 0; i < np && rc == 0; i++) {
			const json_t *rings = json_array_get(polys, i);
			for (size_t r = 0; r < json_array_size(rings); r++) {
				long w = ring_way(o, json_array_get(rings, r));
				if (w < 0) {
					rc = HR_ENOMEM;
					break;
				}
				hr_buf_printf(&m, "    <member type=\"way\" ref=\"%ld\" role=\"%s\"/>\n",
				              -(w + 1), r == 0 ? "outer" : "inner");
			}
		}
		if (rc == 0) {
			hr_buf_printf(&o->rel, "  <relation id=\"%ld\" version=\"1\">\n", -(++o->nrel));
			hr_buf_put(&o->rel, m.p, m.len);
			hr_buf_puts(&o->rel, "    <tag k=\"type\" v=\"multipolygon\"/>\n");
			hr_buf_put(&o->rel, o->tags.p, o->tags.len);
			hr_buf_puts(&o->rel, "  </relation>\n");
		}
		hr_buf_free(&m);
	}
	json_decref(g);
	if (rc == 0 && (o->rel.oom || o->tags.oom || o->waytags.oom))
		rc = HR_ENOMEM;
	return rc;
}

/* Nodes, ways, relations, into out; the buffer `b` is flushed as it fills. */
static int write_osm(osm *o, FILE *out)
{
	hr_buf b = {0};
	int rc = 0;
	hr_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                "<osm version=\"0.6\" generator=\"hazreg\" upload=\"never\">\n");
	for (size_t i = 0; i < o->nnodes && rc == 0; i++) {
		hr_buf_printf(&b, "  <node id=\"%ld\" version=\"1\" lat=\"", -(long)(i + 1));
		hr_buf_fixed(&b, o->nodes[i].lat, 7);
		hr_buf_puts(&b, "\" lon=\"");
		hr_buf_fixed(&b, o->nodes[i].lon, 7);
		hr_buf_puts(&b, "\"/>\n");
		if (b.len > 60000) {
			if (fwrite(b.p, 1, b.len, out) != b.len)
				rc = HR_EIO;
			b.len = 0;
		}
	}
	for (size_t i = 0; i < o->nways && rc == 0; i++) {
		const way *w = &o->ways[i];
		hr_buf_printf(&b, "  <way id=\"%ld\" version=\"1\">\n", -(long)(i + 1));
		for (size_t k = 0; k < w->n; k++)
			hr_buf_printf(&b, "    <nd ref=\"%ld\"/>\n", -(long)(o->refs[w->first + k] + 1));
		if (w->tag_len) {
			hr_buf_put(&b, o->waytags.p + w->tag_at, w->tag_len);
			hr_buf_puts(&b, "    <tag k=\"area\" v=\"yes\"/>\n");
		}
		hr_buf_puts(&b, "  </way>\n");
		if (b.len > 60000) {
			if (fwrite(b.p, 1, b.len, out) != b.len)
				rc = HR_EIO;
			b.len = 0;
		}
	}
	if (rc == 0) {
		hr_buf_put(&b, o->rel.p, o->rel.len);
		hr_buf_puts(&b, "</osm>\n");
	}
	if (rc == 0 && b.oom)
		rc = HR_ENOMEM;
	if (rc == 0 && fwrite(b.p, 1, b.len, out) != b.len)
		rc = HR_EIO;
	hr_buf_free(&b);
	return rc;
}

int hr_export_osm(hr_register *reg, const char *path, hr_profile profile)
{
	osm o;
	FILE *out = NULL;
	char *tmp = NULL, msg[512];
	int fd, rc;
	if (!reg || !path)
		return HR_EINVAL;
	if (!hr_profile__layer_visible(profile, &hr_layer_areas)) {
		hr_reg__err(reg, "the hazardous areas are not in this profile");
		return HR_EINVAL;
	}
	memset(&o, 0, sizeof o);
	o.reg = reg;
	rc = reg->be->rows_all(reg->be, &hr_layer_areas, add_area, &o);
	if (rc && rc != HR_ENOMEM)
		rc = hr_reg__be_err(reg, rc, "reading derived state");
	if (rc)
		goto done;
	if ((rc = hr_out__begin(path, &tmp, &fd, msg, sizeof msg))) {
		hr_reg__err(reg, "%s", msg);
		goto done;
	}
	if (!(out = fdopen(fd, "w"))) {
		close(fd);
		rc = HR_EIO;
	} else {
		rc = write_osm(&o, out);
		if (fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0)
			rc = rc ? rc : HR_EIO;
		if (fclose(out) != 0 && rc == 0)
			rc = HR_EIO;
	}
	if (rc == HR_EIO)
		hr_reg__err(reg, "writing %s failed", path);
	if ((fd = hr_out__finish(path, tmp, rc == 0, msg, sizeof msg)) && rc == 0) {
		hr_reg__err(reg, "%s", msg);
		rc = fd;
	}
done:
	hr_free(o.nodes);
	hr_free(o.slot);
	hr_free(o.refs);
	hr_free(o.ways);
	hr_buf_free(&o.rel);
	hr_buf_free(&o.tags);
	hr_buf_free(&o.waytags);
	return rc;
}
