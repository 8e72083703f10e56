/*
 * coord.c - coordinates as field teams write them (decimal degrees,
 * degrees-minutes-seconds, UTM zones 34N-38N, MGRS grid references), read
 * to WGS84 lon/lat, and lon/lat written back as UTM or MGRS.
 *
 * UTM <-> geographic is PROJ's (EPSG:326ZZ <-> EPSG:4326). The MGRS
 * letters are not in PROJ and are written here by hand from the MGRS
 * definition (NGA.STND.0037): latitude bands C..X of 8 degrees (X: 12),
 * 100 km column letters in three sets of eight by zone, row letters A..V
 * repeating every 2000 km, shifted by five in even zones (the "AA" scheme
 * of WGS84). The grammar is in docs/formats.md, "Coordinates".
 */
#include "core/core_int.h"
#include "hazreg/coord.h"

#include <locale.h>
#include <math.h>
#include <proj.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZONE_MIN 34
#define ZONE_MAX 38
#define NZONES (ZONE_MAX - ZONE_MIN + 1)

static const char BANDS[] = "CDEFGHJKLMNPQRSTUVWX";
static const char ROWS[] = "ABCDEFGHJKLMNPQRSTUV";
static const char *const COLUMNS[3] = {"STUVWXYZ", "ABCDEFGH", "JKLMNPQR"}; /* zone % 3 */

/* ---- PROJ: one context and one transformation per zone, per thread ----
 *
 * A PJ object may only be used by one thread at a time, and making one
 * reads proj.db (milliseconds), so each thread keeps its own, made on first
 * use and freed when the thread ends. The key is made once. */

typedef struct {
	PJ_CONTEXT *ctx;
	PJ *utm[NZONES];
} proj_cache;

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_made;

static void cache_free(void *v)
{
	proj_cache *c = v;
	if (!c)
		return;
	for (int i = 0; i < NZONES; i++)
		if (c->utm[i])
			proj_destroy(c->utm[i]);
	if (c->ctx)
		proj_context_destroy(c->ctx);
	hr_free(c);
}

static void cache_init(void)
{
	cache_key_made = pthread_key_create(&cache_key, cache_free) == 0;
}

static int utm_pj(PJ **out, int zone, char *err, size_t errlen)
{
	proj_cache *c;
	PJ *t, *n;
	char crs[16];

	pthread_once(&cache_once, cache_init);
	if (!cache_key_made) {
		hr__fmt(err, errlen, "cannot keep PROJ objects per thread");
		return HR_ERROR;
	}
	if (!(c = pthread_getspecific(cache_key))) {
		if (!(c = hr__calloc(1, sizeof *c)))
			return HR_ENOMEM;
		if (!(c->ctx = proj_context_create())) {
			hr_free(c);
			return HR_ENOMEM;
		}
		proj_log_level(c->ctx, PJ_LOG_NONE);
		if (pthread_setspecific(cache_key, c) != 0) {
			cache_free(c);
			return HR_ENOMEM;
		}
	}
	if (!c->utm[zone - ZONE_MIN]) {
		snprintf(crs, sizeof crs, "EPSG:326%02d", zone);
		t = proj_create_crs_to_crs(c->ctx, "EPSG:4326", crs, NULL);
		n = t ? proj_normalize_for_visualization(c->ctx, t) : NULL;
		if (t)
			proj_destroy(t);
		if (!n) {
			hr__fmt(err, errlen, "PROJ cannot make EPSG:4326 -> %s: %s", crs,
			        proj_context_errno_string(c->ctx, proj_context_errno(c->ctx)));
			return HR_ERROR;
		}
		c->utm[zone - ZONE_MIN] = n;
	}
	*out = c->utm[zone - ZONE_MIN];
	return 0;
}

/* lon/lat -> easting/northing in zone (34..38 north). */
static int utm_fwd(int zone, hr_point p, double *e, double *n, char *err, size_t errlen)
{
	PJ *pj;
	PJ_COORD c;
	int rc;
	if ((rc = utm_pj(&pj, zone, err, errlen)))
		return rc;
	c = proj_trans(pj, PJ_FWD, proj_coord(p.lon, p.lat, 0, 0));
	if (!isfinite(c.xy.x) || !isfinite(c.xy.y)) {
		hr__fmt(err, errlen, "PROJ cannot put %.6f,%.6f in UTM zone %dN", p.lat, p.lon, zone);
		return HR_EINVAL;
	}
	*e = c.xy.x;
	*n = c.xy.y;
	return 0;
}

static int utm_inv(int zone, double e, double n, hr_point *p, char *err, size_t errlen)
{
	PJ *pj;
	PJ_COORD c;
	int rc;
	if ((rc = utm_pj(&pj, zone, err, errlen)))
		return rc;
	c = proj_trans(pj, PJ_INV, proj_coord(e, n, 0, 0));
	if (!isfinite(c.lp.lam) || !isfinite(c.lp.phi)) {
		hr__fmt(err, errlen, "PROJ cannot read %.3f %.3f in UTM zone %dN", e, n, zone);
		return HR_EINVAL;
	}
	p->lon = c.lp.lam;
	p->lat = c.lp.phi;
	return 0;
}

/* ---- zones and bands ---- */

/* The latitude band letter of lat (-80..84), or 0. */
static char band_of(double lat)
{
	int i;
	if (!(lat >= -80 && lat <= 84))
		return 0;
	i = (int)floor((lat + 80) / 8);
	return BANDS[i > 19 ? 19 : i];
}

static double band_south(char b)
{
	return -80 + 8 * (double)(strchr(BANDS, b) - BANDS);
}

static double band_north(char b)
{
	return b == 'X' ? 84 : band_south(b) + 8;
}

/* The UTM zone of a point, with the exceptions of Norway and Svalbard. */
static int zone_of(hr_point p)
{
	int z = (int)floor((p.lon + 180) / 6) + 1;
	if (z > 60)
		z = 60;
	if (z < 1)
		z = 1;
	if (p.lat >= 56 && p.lat < 64 && p.lon >= 3 && p.lon < 12)
		z = 32;
	if (p.lat >= 72 && p.lat <= 84 && p.lon >= 0 && p.lon < 42)
		z = p.lon < 9 ? 31 : p.lon < 21 ? 33 : p.lon < 33 ? 35 : 37;
	return z;
}

/* The longitudes a grid zone spans; 0 when the grid zone does not exist
 * (32X, 34X, 36X). */
static int zone_span(int zone, char band, double *west, double *east)
{
	*west = (zone - 1) * 6 - 180;
	*east = *west + 6;
	if (band == 'X') {
		if (zone == 32 || zone == 34 || zone == 36)
			return 0;
		if (zone == 33 || zone == 35) {
			*west -= 3;
			*east += 3;
		} else if (zone == 31) {
			*east = 9;
		} else if (zone == 37) {
			*west = 33;
		}
	} else if (band == 'V' && zone == 31) {
		*east = 3;
	} else if (band == 'V' && zone == 32) {
		*west = 3;
	}
	return 1;
}

/* ---- the text cursor ---- */

typedef struct {
	const char *s;
	size_t i;
	char *err;
	size_t errlen;
	int comma_decimal; /* "48,5 37,2": a comma before a digit is a decimal comma */
} cur;

/* 1-based column of byte i, counting characters (UTF-8), not bytes. */
static size_t col_at(const char *s, size_t i)
{
	size_t col = 1;
	for (size_t k = 0; k < i && s[k]; k++)
		if (((unsigned char)s[k] & 0xC0) != 0x80)
			col++;
	return col;
}

__attribute__((format(printf, 3, 4))) static int fail(cur *c, size_t at, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->err && c->errlen)
		hr__fmt(c->err, c->errlen, "column %zu: %s", col_at(c->s, at), msg);
	return HR_EINVAL;
}

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static int is_alpha(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static char upper(char ch)
{
	return ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
}

/* Length of the text at s if it starts with one of the NULL-ended words. */
static size_t word_at(const char *s, const char *const *words)
{
	for (; *words; words++) {
		size_t n = strlen(*words);
		if (strncmp(s, *words, n) == 0)
			return n;
	}
	return 0;
}

static size_t space_len(const char *s)
{
	static const char *const sp[] = {" ", "\t", "\xC2\xA0", NULL}; /* NBSP too */
	return word_at(s, sp);
}

static void skip_ws(cur *c)
{
	size_t n;
	while ((n = space_len(c->s + c->i)))
		c->i += n;
}

typedef struct {
	double v;
	size_t at;
	size_t int_digits;
	int frac;
} num;

/* A number without sign: digits, optionally '.' and digits. 1 when read,
 * 0 when there is none at the cursor, < 0 on error. */
static int read_num(cur *c, num *n)
{
	const char *s = c->s;
	size_t i = c->i, k = 0;
	char buf[48];
	const char *dp = localeconv()->decimal_point;

	while (is_digit(s[i])) {
		if (k < 24)
			buf[k++] = s[i];
		i++;
	}
	if (i == c->i)
		return 0;
	n->at = c->i;
	n->frac = 0;
	n->int_digits = i - c->i;
	if (n->int_digits > 24)
		return fail(c, n->at, "number too long");
	if ((s[i] == '.' || (s[i] == ',' && c->comma_decimal)) && is_digit(s[i + 1])) {
		/* strtod follows LC_NUMERIC; here the decimal point is '.' */
		buf[k++] = dp && dp[0] && !dp[1] ? dp[0] : '.';
		i++;
		n->frac = 1;
		while (is_digit(s[i])) {
			if (k < sizeof buf - 1)
				buf[k++] = s[i];
			i++;
		}
	}
	buf[k] = '\0';
	n->v = strtod(buf, NULL);
	c->i = i;
	return 1;
}

/* ---- degrees ---- */

/* A hemisphere at s: N S E W (either case) or the Ukrainian Пн Пд Сх Зх
 * (пн. ш., сх. д.). Returns the length and sets *h to N S E W, or 0. */
static size_t hemi_at(const char *s, char *h)
{
	static const char *const uk_n[] = {"Пн", "пн", "ПН", NULL};
	static const char *const uk_s[] = {"Пд", "пд", "ПД", NULL};
	static const char *const uk_e[] = {"Сх", "сх", "СХ", NULL};
	static const char *const uk_w[] = {"Зх", "зх", "ЗХ", NULL};
	static const char *const uk_tail[] = {"ш.", "ш", "д.", "д", NULL};
	size_t n = 0, t;
	char ch = upper(s[0]);

	if (ch == 'N' || ch == 'S' || ch == 'E' || ch == 'W') {
		if (is_alpha(s[1]))
			return 0; /* a word, not a hemisphere */
		*h = ch;
		return 1;
	}
	if ((n = word_at(s, uk_n)))
		*h = 'N';
	else if ((n = word_at(s, uk_s)))
		*h = 'S';
	else if ((n = word_at(s, uk_e)))
		*h = 'E';
	else if ((n = word_at(s, uk_w)))
		*h = 'W';
	else
		return 0;
	if (s[n] == '.')
		n++;
	t = n;
	while (space_len(s + t))
		t += space_len(s + t);
	if ((t = word_at(s + t, uk_tail)) != 0) {
		while (space_len(s + n))
			n += space_len(s + n);
		n += t;
	}
	return n;
}

static size_t deg_mark(const char *s)
{
	static const char *const m[] = {"\xC2\xB0", "\xC2\xBA", "\xCB\x9A", "d", "D", NULL}; /* ° º ˚ */
	return word_at(s, m);
}

static size_t min_mark(const char *s)
{
	static const char *const m[] = {"'", "\xE2\x80\xB2", "\xE2\x80\x99", "m", "M", NULL}; /* ′ ’ */
	/* '' is seconds, not minutes */
	if (s[0] == '\'' && s[1] == '\'')
		return 0;
	return word_at(s, m);
}

static size_t sec_mark(const char *s)
{
	static const char *const m[] = {"\"", "''", "\xE2\x80\xB3", "\xE2\x80\x9D", "s", NULL}; /* ″ ” */
	return word_at(s, m);
}

typedef struct {
	double deg;
	char hemi;
	int dms;
	size_t at;
} angle;

static int check_minsec(cur *c, const num *whole, const num *part, const char *what)
{
	if (whole->frac)
		return fail(c, part->at, "%s after a fraction", what);
	if (!(part->v < 60))
		return fail(c, part->at, "%s must be less than 60 (got %g)", what, part->v);
	return 0;
}

/* Minutes and seconds after the degrees, written with marks: 48°07'24.2". */
static int read_marked(cur *c, const num *n1, num *n2, num *n3)
{
	size_t save = c->i, k;
	int r;
	skip_ws(c);
	if ((r = read_num(c, n2)) <= 0 || deg_mark(c->s + c->i)) {
		/* none, or the degrees of the other coordinate: "48.5° 37.5°" */
		c->i = save;
		n2->at = 0;
		n2->v = 0;
		return r < 0 ? r : 0;
	}
	if ((r = check_minsec(c, n1, n2, "minutes")))
		return r;
	if (!(k = min_mark(c->s + c->i)))
		return 0;
	c->i += k;
	save = c->i;
	skip_ws(c);
	if ((r = read_num(c, n3)) <= 0 || deg_mark(c->s + c->i)) {
		c->i = save;
		n3->at = 0;
		n3->v = 0;
		return r < 0 ? r : 0;
	}
	if ((r = check_minsec(c, n2, n3, "seconds")))
		return r;
	c->i += sec_mark(c->s + c->i);
	return 0;
}

/* Minutes and seconds after the degrees with spaces only: "48 07 24.2 N".
 * Taken so only when a hemisphere is written (before or after): without
 * one, "48 37" is two whole degrees. */
static int read_spaced(cur *c, const num *n1, num *n2, num *n3, int hemi_before)
{
	size_t save = c->i, after;
	char h;
	int r;

	if (n1->frac)
		return 0;
	skip_ws(c);
	if ((r = read_num(c, n2)) <= 0) {
		c->i = save;
		return r;
	}
	after = c->i;
	skip_ws(c);
	if (read_num(c, n3) > 0)
		after = c->i;
	else
		n3->v = 0, n3->at = 0;
	c->i = after;
	skip_ws(c);
	if (!hemi_before && !hemi_at(c->s + c->i, &h)) {
		c->i = save;
		n2->v = n3->v = 0;
		n2->at = n3->at = 0;
		return 0;
	}
	c->i = after;
	if ((r = check_minsec(c, n1, n2, "minutes")))
		return r;
	if (n3->at && (r = check_minsec(c, n2, n3, "seconds")))
		return r;
	return 0;
}

static int read_angle(cur *c, angle *a)
{
	num n1, n2 = {0, 0, 0, 0}, n3 = {0, 0, 0, 0};
	size_t k, save;
	int sign = 1, r;
	char h;

	memset(a, 0, sizeof *a);
	skip_ws(c);
	a->at = c->i;
	if ((k = hemi_at(c->s + c->i, &h))) {
		a->hemi = h;
		c->i += k;
		skip_ws(c);
	}
	if (c->s[c->i] == '-' || c->s[c->i] == '+' || strncmp(c->s + c->i, "\xE2\x88\x92", 3) == 0) {
		if (a->hemi)
			return fail(c, c->i, "a sign and a hemisphere letter on one coordinate");
		sign = c->s[c->i] == '+' ? 1 : -1;
		c->i += c->s[c->i] == '\xE2' ? 3 : 1;
	}
	if ((r = read_num(c, &n1)) < 0)
		return r;
	if (r == 0)
		return fail(c, c->i, c->s[c->i] ? "expected a number" : "expected a second coordinate");
	if ((k = deg_mark(c->s + c->i))) {
		c->i += k;
		r = read_marked(c, &n1, &n2, &n3);
	} else {
		r = read_spaced(c, &n1, &n2, &n3, a->hemi != 0);
	}
	if (r < 0)
		return r;
	a->dms = n2.at != 0;
	if (!a->hemi) {
		save = c->i;
		skip_ws(c);
		k = hemi_at(c->s + c->i, &h);
		/* after a space, "E37.5" is the next coordinate's letter */
		if (k && c->i > save && (is_digit(c->s[c->i + k]) || c->s[c->i + k] == '-'))
			k = 0;
		if (k && sign < 0) {
			return fail(c, c->i, "a sign and a hemisphere letter on one coordinate");
		} else if (k) {
			a->hemi = h;
			c->i += k;
		} else {
			c->i = save;
		}
	}
	a->deg = sign * (n1.v + n2.v / 60 + n3.v / 3600);
	if (a->hemi == 'S' || a->hemi == 'W')
		a->deg = -a->deg;
	return 0;
}

static int parse_degrees(cur *c, hr_coord *out)
{
	angle a, b;
	const angle *lat, *lon;
	int rc;

	if ((rc = read_angle(c, &a)))
		return rc;
	skip_ws(c);
	if (c->s[c->i] == ',' || c->s[c->i] == ';')
		c->i++;
	if ((rc = read_angle(c, &b)))
		return rc;
	skip_ws(c);
	if (c->s[c->i])
		return fail(c, c->i, "unexpected text after the coordinate");
	if (!a.hemi != !b.hemi)
		return fail(c, a.hemi ? b.at : a.at,
		            "one coordinate has a hemisphere letter and the other has none");
	lat = &a;
	lon = &b;
	if (a.hemi) {
		int a_ns = a.hemi == 'N' || a.hemi == 'S', b_ns = b.hemi == 'N' || b.hemi == 'S';
		if (a_ns == b_ns)
			return fail(c, b.at, "both coordinates are %s", a_ns ? "latitudes (N/S)" : "longitudes (E/W)");
		if (!a_ns) {
			lat = &b;
			lon = &a;
		}
	}
	if (!(lat->deg >= -90 && lat->deg <= 90))
		return fail(c, lat->at, "latitude %g is outside -90..90", lat->deg);
	if (!(lon->deg >= -180 && lon->deg <= 180))
		return fail(c, lon->at, "longitude %g is outside -180..180", lon->deg);
	out->form = a.dms || b.dms ? HR_COORD_DMS : HR_COORD_DD;
	out->p.lon = lon->deg;
	out->p.lat = lat->deg;
	return 0;
}

/* ---- UTM and MGRS ---- */

/* Zone and band/hemisphere letter at the start: "37U". */
static int read_grid_zone(cur *c, int *zone, char *letter, int mgrs)
{
	size_t at = c->i;
	int z = 0;
	char l;
	while (is_digit(c->s[c->i]))
		z = z * 10 + (c->s[c->i++] - '0');
	l = upper(c->s[c->i]);
	if (z < 1 || z > 60)
		return fail(c, at, "%d is not a UTM zone (1-60)", z);
	if (!strchr(BANDS, l) || !l)
		return fail(c, c->i, "'%c' is not a latitude band (C-X without I and O)%s", c->s[c->i],
		            mgrs ? "" : " nor N for the northern hemisphere");
	if (z < ZONE_MIN || z > ZONE_MAX)
		return fail(c, at, "UTM zone %d is outside the zones of operation 34N-38N", z);
	if (l < 'N')
		return fail(c, c->i, "band '%c' is south of the equator; the zones of operation are 34N-38N", l);
	c->i++;
	*zone = z;
	*letter = l;
	return 0;
}

static int parse_utm(cur *c, hr_coord *out)
{
	int zone, rc;
	char l, b, msg[160];
	size_t l_at;
	num e, n;

	skip_ws(c);
	l_at = c->i;
	if ((rc = read_grid_zone(c, &zone, &l, 0)))
		return rc;
	l_at = c->i - 1;
	skip_ws(c);
	if ((rc = read_num(c, &e)) <= 0)
		return rc < 0 ? rc : fail(c, c->i, "expected the UTM easting");
	if (!(e.v >= 100000 && e.v < 900000))
		return fail(c, e.at, "UTM easting %.0f is outside 100000-900000", e.v);
	if (!space_len(c->s + c->i))
		return fail(c, c->i, "expected a space and the UTM northing");
	skip_ws(c);
	if ((rc = read_num(c, &n)) <= 0)
		return rc < 0 ? rc : fail(c, c->i, "expected the UTM northing");
	if (!(n.v >= 0 && n.v <= 9400000))
		return fail(c, n.at, "UTM northing %.0f is outside 0-9400000 (north of the equator)", n.v);
	skip_ws(c);
	if (c->s[c->i])
		return fail(c, c->i, "unexpected text after the coordinate");
	if ((rc = utm_inv(zone, e.v, n.v, &out->p, msg, sizeof msg)))
		return fail(c, e.at, "%s", msg), rc;
	if (l != 'N' && (b = band_of(out->p.lat)) != l)
		return fail(c, l_at,
		            "UTM band '%c' does not match the northing: the point is at %.4f°N, in band "
		            "%c%s",
		            l, out->p.lat, b ? b : '?',
		            l == 'S' ? " (for the southern hemisphere: the zones of operation are 34N-38N)" : "");
	out->form = HR_COORD_UTM;
	return 0;
}

/* Digits of an MGRS reference: "1234556789" or "12345 56789". */
static int read_mgrs_digits(cur *c, long *e, long *n, int *digits)
{
	size_t at, k1, k2, at2;
	const char *s = c->s;
	skip_ws(c);
	at = c->i;
	while (is_digit(s[c->i]))
		c->i++;
	k1 = c->i - at;
	at2 = c->i;
	skip_ws(c);
	if (k1 && is_digit(s[c->i])) {
		at2 = c->i;
		while (is_digit(s[c->i]))
			c->i++;
		k2 = c->i - at2;
		if (k1 != k2)
			return fail(c, at2, "MGRS easting and northing need the same number of digits (%zu and %zu)",
			            k1, k2);
		if (k1 > 5)
			return fail(c, at, "MGRS has at most 5 digits of easting (got %zu)", k1);
	} else {
		c->i = at2;
		if (k1 % 2)
			return fail(c, at, "MGRS needs an even number of digits, easting then northing (got %zu)", k1);
		if (k1 > 10)
			return fail(c, at, "MGRS has at most 10 digits (got %zu)", k1);
		k1 /= 2;
		at2 = at + k1;
	}
	*e = *n = 0;
	for (size_t i = 0; i < k1; i++) {
		*e = *e * 10 + (s[at + i] - '0');
		*n = *n * 10 + (s[at2 + i] - '0');
	}
	*digits = (int)k1;
	return 0;
}

static int parse_mgrs(cur *c, hr_coord *out)
{
	int zone, rc, digits = 0;
	char band, col, row, msg[160];
	size_t band_at, col_at_, row_at;
	const char *set, *pc, *pr;
	long de = 0, dn = 0;
	double side, e, n, nmin, west, east, lat_lo = 90, lat_hi = -90, lon_lo = 180, lon_hi = -180;
	hr_point ring[4];
	static const double cx[4] = {0, 1, 1, 0}, cy[4] = {0, 0, 1, 1};

	skip_ws(c);
	if ((rc = read_grid_zone(c, &zone, &band, 1)))
		return rc;
	band_at = c->i - 1;
	skip_ws(c);
	col_at_ = c->i;
	col = upper(c->s[c->i++]);
	row_at = c->i;
	row = upper(c->s[c->i++]);
	set = COLUMNS[zone % 3];
	if (col == 'I' || col == 'O' || !(pc = strchr(set, col)))
		return fail(c, col_at_, "MGRS column letter '%c' is not used in zone %d (its columns are %s)", col,
		            zone, set);
	if (row == 'W' || row == 'X' || row == 'Y' || row == 'Z' || row == 'I' || row == 'O' ||
	    !(pr = strchr(ROWS, row)))
		return fail(c, row_at, "'%c' is not an MGRS row letter (A-V without I and O)", row);
	if ((rc = read_mgrs_digits(c, &de, &dn, &digits)))
		return rc;
	skip_ws(c);
	if (c->s[c->i])
		return fail(c, c->i, "unexpected text after the coordinate");
	if (!zone_span(zone, band, &west, &east))
		return fail(c, band_at, "grid zone %d%c does not exist (Svalbard's zones are 31X, 33X, 35X, 37X)",
		            zone, band);

	side = pow(10, 5 - digits);
	e = (double)(pc - set + 1) * 100000 + (double)de * side;
	n = (double)(((pr - ROWS) + (zone % 2 ? 0 : 15)) % 20) * 100000 + (double)dn * side;
	/* the 2000 km cycle of the rows: the first square that reaches the
	 * band's southern latitude, whose northing is least on the meridian */
	{
		double cm_e;
		hr_point south = {(zone - 1) * 6 - 177, band_south(band)};
		if ((rc = utm_fwd(zone, south, &cm_e, &nmin, msg, sizeof msg)))
			return fail(c, band_at, "%s", msg), rc;
	}
	while (n + side <= nmin)
		n += 2000000;

	for (int k = 0; k < 4; k++) {
		if ((rc = utm_inv(zone, e + cx[k] * side, n + cy[k] * side, &ring[k], msg, sizeof msg)))
			return fail(c, col_at_, "%s", msg), rc;
		lat_lo = fmin(lat_lo, ring[k].lat);
		lat_hi = fmax(lat_hi, ring[k].lat);
		lon_lo = fmin(lon_lo, ring[k].lon);
		lon_hi = fmax(lon_hi, ring[k].lon);
	}
	if (lat_hi <= band_south(band) || lat_lo >= band_north(band)) {
		char b = band_of((lat_lo + lat_hi) / 2);
		return fail(c, band_at, "MGRS band '%c' does not match the square %c%c: it lies at %.2f°N, in band %c",
		            band, col, row, (lat_lo + lat_hi) / 2, b ? b : '?');
	}
	if (lon_hi <= west || lon_lo >= east)
		return fail(c, col_at_,
		            "MGRS 100 km square '%c%c' does not exist in zone %d%c: it would lie at %.2f°E, "
		            "outside the zone's %g°E-%g°E",
		            col, row, zone, band, (lon_lo + lon_hi) / 2, west, east);
	if ((rc = utm_inv(zone, e + side / 2, n + side / 2, &out->p, msg, sizeof msg)))
		return fail(c, col_at_, "%s", msg), rc;
	for (int k = 0; k < 4; k++)
		out->ring[k] = ring[k];
	out->ring[4] = ring[0];
	out->side_m = side;
	out->form = HR_COORD_MGRS;
	return 0;
}

/* What the text starts with: 'M' (MGRS: zone, band, two letters), 'U'
 * (UTM: zone, letter, space, an easting of 4+ digits) or 'D' (degrees). */
static char grid_kind(const char *s)
{
	size_t i = 0, k;
	while (space_len(s + i))
		i += space_len(s + i);
	k = i;
	while (is_digit(s[i]))
		i++;
	if (i == k || i - k > 2 || !is_alpha(s[i]))
		return 'D';
	i++;
	k = i;
	while (space_len(s + i))
		i += space_len(s + i);
	if (is_alpha(s[i]) && is_alpha(s[i + 1]) && !is_alpha(s[i + 2]))
		return 'M';
	if (i > k) {
		k = i;
		while (is_digit(s[i]))
			i++;
		if (i - k >= 4)
			return 'U';
	}
	return 'D';
}

/* Decimal commas are read when something else separates the two
 * coordinates: a ';' or a space inside the text ("48,5 37,2", "48,5;
 * 37,2", "48,5, 37,2"); "48,37" is two numbers. */
static int comma_decimal(const char *s)
{
	size_t i = 0, end = strlen(s), k;
	while (space_len(s + i))
		i += space_len(s + i);
	while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	for (; i < end; i++)
		if (s[i] == ';' || ((k = space_len(s + i)) && i + k < end))
			return 1;
	return 0;
}

int hr_coord_parse(hr_coord *out, const char *text, char *err, size_t errlen)
{
	cur c = {text, 0, err, errlen, 0};
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!out || !text)
		return HR_EINVAL;
	memset(out, 0, sizeof *out);
	c.comma_decimal = comma_decimal(text);
	skip_ws(&c);
	if (!text[c.i])
		return fail(&c, c.i, "no coordinate");
	switch (grid_kind(text)) {
	case 'M':
		rc = parse_mgrs(&c, out);
		break;
	case 'U':
		rc = parse_utm(&c, out);
		break;
	default:
		rc = parse_degrees(&c, out);
		break;
	}
	if (rc)
		memset(out, 0, sizeof *out);
	return rc;
}

/* ---- writing ---- */

int hr_coord_utm(hr_point p, int *zone, char *band, double *easting, double *northing)
{
	char msg[160];
	int z, rc;
	if (!(p.lat >= 0 && p.lat <= 84 && p.lon >= -180 && p.lon <= 180))
		return HR_EINVAL;
	z = zone_of(p);
	if (z < ZONE_MIN || z > ZONE_MAX)
		return HR_EINVAL;
	if ((rc = utm_fwd(z, p, easting, northing, msg, sizeof msg)))
		return rc;
	*zone = z;
	*band = band_of(p.lat);
	return 0;
}

int hr_coord_to_utm(char *buf, size_t n, hr_point p)
{
	int zone, rc;
	char band;
	double e, no;
	if (!buf || !n)
		return HR_EINVAL;
	buf[0] = '\0';
	if ((rc = hr_coord_utm(p, &zone, &band, &e, &no)))
		return rc;
	if ((size_t)snprintf(buf, n, "%d%c %.0f %.0f", zone, band, e, no) >= n) {
		buf[0] = '\0';
		return HR_EINVAL;
	}
	return 0;
}

int hr_coord_to_mgrs(char *buf, size_t n, hr_point p, int digits)
{
	int zone, rc, ce, cn;
	char band;
	double e, no, scale;
	long de = 0, dn = 0;
	if (!buf || !n || digits < 0 || digits > 5)
		return HR_EINVAL;
	buf[0] = '\0';
	if ((rc = hr_coord_utm(p, &zone, &band, &e, &no)))
		return rc;
	/* to the micrometre first, as GeographicLib does: on a central
	 * meridian PROJ's easting can be 499999.9999999999 */
	e = round(e * 1e6) / 1e6;
	no = round(no * 1e6) / 1e6;
	ce = (int)floor(e / 100000);
	cn = (int)floor(no / 100000);
	if (ce < 1 || ce > 8)
		return HR_EINVAL;
	scale = pow(10, 5 - digits);
	de = (long)floor((e - ce * 100000.0) / scale);
	dn = (long)floor((no - cn * 100000.0) / scale);
	if ((size_t)snprintf(buf, n, "%d%c%c%c%0*ld%0*ld", zone, band, COLUMNS[zone % 3][ce - 1],
	                     ROWS[(cn + (zone % 2 ? 0 : 5)) % 20], digits, de, digits, dn) >= n) {
		buf[0] = '\0';
		return HR_EINVAL;
	}
	if (digits == 0) /* "%0*ld" with width 0 still writes "0" */
		snprintf(buf, n, "%d%c%c%c", zone, band, COLUMNS[zone % 3][ce - 1],
		         ROWS[(cn + (zone % 2 ? 0 : 5)) % 20]);
	return 0;
}
