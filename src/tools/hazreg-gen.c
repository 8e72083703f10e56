/*
 * hazreg-gen.c - the fictional data generator.
 *
 * Writes hazardous areas, release parts, items found, accidents and EORE
 * sessions as GeoJSON in hazreg's import schema (src/core/schema.c), for
 * demonstrations, tests and benchmarks, and query points for the
 * benchmarks. Everything it writes is invented and says so: site names,
 * organisations, people, phone numbers and evidence.
 *
 * The same seed and options give the same bytes on every machine. Hence:
 * its own PRNG (xoshiro256** seeded through splitmix64), never rand(); no
 * libm transcendental function on the output path, because their last bit
 * differs between C libraries: the sine, cosine and exponential below use
 * only + - * / (which IEEE 754 rounds identically everywhere) and floor();
 * and coordinates are rounded to whole units of 1e-7 degree (the register's
 * own grid) before they are printed with integer arithmetic.
 *
 * Memory stays bounded whatever the number of areas: every area draws from
 * PRNG streams keyed by (seed, stream, area number), so each record is
 * written as soon as it is made, and the updates at the end of the file
 * regenerate what they need from the area's stream instead of keeping it.
 *
 * Shapes are valid by construction. A "star" polygon takes sorted angles
 * around a centre, at most 0.4 turn apart, and a positive radius for each:
 * the boundary is then a single-valued function of the angle, so the ring
 * cannot cross itself, and the centre sees all of it. Shrinking a star
 * toward its centre (or taking a wedge of it) stays inside it, which is how
 * release parts are drawn inside their area.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fused multiply-add rounds once where a multiply then an add rounds twice,
 * so contracting one changes last bits, and sometimes a printed digit: keep
 * every product rounded, whatever the compiler flags. */
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

/* ------------------------------------------------------------------ */
/* PRNG: xoshiro256** with splitmix64 seeding, one stream per purpose  */

typedef struct {
	uint64_t s[4];
} rng;

/* Independent streams; the numbers are part of the output's definition. */
enum {
	S_BASE = 1,    /* an area's first-report facts and its update */
	S_BODY = 2,    /* an area's shape, contamination and dependent records */
	S_CLUSTER = 3, /* the demo's cluster centres */
	S_QUERY = 4,   /* query points */
};

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static uint64_t splitmix64(uint64_t *x)
{
	*x += 0x9E3779B97F4A7C15u;
	return mix64(*x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Seed a stream. mix64 is a bijection, so for one seed and stream every
 * index gets its own starting point. */
static void rng_seed(rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
	uint64_t x = mix64(mix64(mix64(seed) ^ stream) ^ index);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1;
}

/* Uniform in [0, 1), 53 bits. */
static double rng_u01(rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static double rng_range(rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_u01(r);
}

/* Uniform integer in [0, n); n > 0. The bias of the modulo is far below
 * anything a generated data set could show. */
static uint64_t rng_below(rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

/* Uniform integer in [lo, hi]. */
static int64_t rng_int(rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

static int rng_chance(rng *r, double p)
{
	return rng_u01(r) < p;
}

/* ------------------------------------------------------------------ */
/* Deterministic elementary functions (+ - * / and floor only)         */

#define PI 3.14159265358979323846
#define PIO2_HI 1.5707963267948966
#define PIO2_LO 6.123233995736766e-17

/* Taylor coefficients, highest degree first; the divisions are folded at
 * compile time, exactly as IEEE 754 rounds them. */
static const double sin_coef[] = {
	1.0 / 355687428096000.0, -1.0 / 1307674368000.0, 1.0 / 6227020800.0,
	-1.0 / 39916800.0,       1.0 / 362880.0,         -1.0 / 5040.0,
	1.0 / 120.0,             -1.0 / 6.0,             1.0,
};
static const double cos_coef[] = {
	1.0 / 20922789888000.0, -1.0 / 87178291200.0, 1.0 / 479001600.0,
	-1.0 / 3628800.0,       1.0 / 40320.0,        -1.0 / 720.0,
	1.0 / 24.0,             -1.0 / 2.0,           1.0,
};

/* Sine and cosine for the modest angles used here (|a| < 100): reduce to
 * |x| <= pi/4 around a multiple of pi/2, then Horner's rule in x^2. */
static void d_sincos(double a, double *s, double *c)
{
	double k = floor(a / PIO2_HI + 0.5);
	double x = (a - k * PIO2_HI) - k * PIO2_LO;
	double x2 = x * x, sn = 0.0, cs = 0.0;
	for (size_t i = 0; i < sizeof sin_coef / sizeof sin_coef[0]; i++) {
		sn = sn * x2 + sin_coef[i];
		cs = cs * x2 + cos_coef[i];
	}
	sn *= x;
	int64_t q = (int64_t)k % 4;
	if (q < 0)
		q += 4;
	switch (q) {
	case 0:
		*s = sn;
		*c = cs;
		break;
	case 1:
		*s = cs;
		*c = -sn;
		break;
	case 2:
		*s = -sn;
		*c = -cs;
		break;
	default:
		*s = -cs;
		*c = sn;
		break;
	}
}

/* e^x for 0 <= x <= 8: Taylor series of x/64, squared six times. */
static double d_exp(double x)
{
	double y = x / 64.0, sum = 1.0, term = 1.0;
	for (int i = 1; i <= 10; i++) {
		term = term * y / (double)i;
		sum += term;
	}
	for (int i = 0; i < 6; i++)
		sum *= sum;
	return sum;
}

/* ------------------------------------------------------------------ */
/* Time: whole seconds since 1970-01-01T00:00:00Z, as hr_time          */

#define DAY 86400
#define HOUR 3600

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t utc(int64_t y, int m, int d)
{
	return days_from_civil(y, m, d) * DAY;
}

/* ------------------------------------------------------------------ */
/* Output: a buffer in front of the FILE, integer-only number printing */

typedef struct {
	FILE *f;
	int err; /* errno of the first failed write, or 0 */
	size_t n;
	char buf[1 << 16];
} out_t;

static void o_flush(out_t *o)
{
	if (o->n && !o->err && fwrite(o->buf, 1, o->n, o->f) != o->n)
		o->err = errno ? errno : EIO;
	o->n = 0;
}

static void o_mem(out_t *o, const char *p, size_t len)
{
	while (len) {
		size_t room = sizeof o->buf - o->n;
		size_t k = len < room ? len : room;
		memcpy(o->buf + o->n, p, k);
		o->n += k;
		p += k;
		len -= k;
		if (o->n == sizeof o->buf)
			o_flush(o);
	}
}

static void o_s(out_t *o, const char *s)
{
	o_mem(o, s, strlen(s));
}

static void o_c(out_t *o, char c)
{
	if (o->n == sizeof o->buf)
		o_flush(o);
	o->buf[o->n++] = c;
}

static void o_i64(out_t *o, int64_t v)
{
	char tmp[24];
	int k = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		o_c(o, '-');
	while (k)
		o_c(o, tmp[--k]);
}

/* Zero-padded decimal of `width` digits. */
static void o_pad(out_t *o, int64_t v, int width)
{
	char tmp[24];
	int k = 0;
	do {
		tmp[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && k < 23);
	while (k < width)
		tmp[k++] = '0';
	while (k)
		o_c(o, tmp[--k]);
}

/* A coordinate held in units of 1e-7 degree, printed with 7 decimals. */
static void o_coord(out_t *o, int64_t e7)
{
	uint64_t u = e7 < 0 ? (uint64_t)0 - (uint64_t)e7 : (uint64_t)e7;
	if (e7 < 0)
		o_c(o, '-');
	o_i64(o, (int64_t)(u / 10000000u));
	o_c(o, '.');
	o_pad(o, (int64_t)(u % 10000000u), 7);
}

static void o_time(out_t *o, int64_t t)
{
	int64_t days = t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
	int64_t sec = t - days * DAY, y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	o_pad(o, y, 4);
	o_c(o, '-');
	o_pad(o, m, 2);
	o_c(o, '-');
	o_pad(o, d, 2);
	o_c(o, 'T');
	o_pad(o, sec / HOUR, 2);
	o_c(o, ':');
	o_pad(o, sec / 60 % 60, 2);
	o_c(o, ':');
	o_pad(o, sec % 60, 2);
	o_c(o, 'Z');
}

/* A JSON string literal. Every text here is ASCII from this file, but
 * quotes and backslashes are escaped all the same. */
static void o_jstr(out_t *o, const char *s)
{
	o_c(o, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			o_c(o, '\\');
		o_c(o, *s);
	}
	o_c(o, '"');
}

/* ------------------------------------------------------------------ */
/* Features and properties                                             */

enum { FMT_FC, FMT_SEQ };
enum { PROFILE_DEMO, PROFILE_BENCH };

typedef struct {
	uint64_t seed;
	uint64_t areas;
	uint64_t invalid;
	int format;
	int profile;
	uint64_t features; /* written so far */
	out_t *o;
} gen;

/* Starts a feature up to the opening of its geometry member. */
static void feat_begin(gen *g, const char *id)
{
	out_t *o = g->o;
	if (g->format == FMT_SEQ)
		o_c(o, '\x1e');
	else if (g->features)
		o_s(o, ",\n");
	o_s(o, "{\"type\":\"Feature\",\"id\":");
	o_jstr(o, id);
	o_s(o, ",\"geometry\":");
}

/* Closes the geometry and opens the properties with kind and id. */
static void feat_props(gen *g, const char *kind, const char *id)
{
	o_s(g->o, ",\"properties\":{\"kind\":");
	o_jstr(g->o, kind);
	o_s(g->o, ",\"id\":");
	o_jstr(g->o, id);
}

static void feat_end(gen *g)
{
	o_s(g->o, "}}");
	if (g->format == FMT_SEQ)
		o_c(g->o, '\n');
	g->features++;
}

static void p_key(gen *g, const char *key)
{
	o_c(g->o, ',');
	o_jstr(g->o, key);
	o_c(g->o, ':');
}

static void p_str(gen *g, const char *key, const char *val)
{
	p_key(g, key);
	o_jstr(g->o, val);
}

static void p_int(gen *g, const char *key, int64_t v)
{
	p_key(g, key);
	o_i64(g->o, v);
}

static void p_time(gen *g, const char *key, int64_t t)
{
	p_key(g, key);
	o_c(g->o, '"');
	o_time(g->o, t);
	o_c(g->o, '"');
}

static void p_bool(gen *g, const char *key, int v)
{
	p_key(g, key);
	o_s(g->o, v ? "true" : "false");
}

/* ------------------------------------------------------------------ */
/* Geometry                                                            */

#define MAXV 40 /* most vertices of one generated ring, closing one apart */

static int64_t to_e7(double deg)
{
	return (int64_t)floor(deg * 1e7 + 0.5);
}

/* A closed ring in 1e-7 degree units; n counts the closing position. */
typedef struct {
	int n;
	int64_t x[MAXV + 2], y[MAXV + 2];
} ring;

static void ring_close(ring *rg)
{
	rg->x[rg->n] = rg->x[0];
	rg->y[rg->n] = rg->y[0];
	rg->n++;
}

static void o_ring(out_t *o, const ring *rg)
{
	o_c(o, '[');
	for (int i = 0; i < rg->n; i++) {
		if (i)
			o_c(o, ',');
		o_c(o, '[');
		o_coord(o, rg->x[i]);
		o_c(o, ',');
		o_coord(o, rg->y[i]);
		o_c(o, ']');
	}
	o_c(o, ']');
}

/* Polygon (k == 1 and !multi) or MultiPolygon of k single-ring polygons. */
static void o_polygons(out_t *o, const ring *rings, int k, int multi)
{
	if (!multi) {
		o_s(o, "{\"type\":\"Polygon\",\"coordinates\":[");
		o_ring(o, &rings[0]);
		o_s(o, "]}");
		return;
	}
	o_s(o, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
	for (int i = 0; i < k; i++) {
		if (i)
			o_c(o, ',');
		o_c(o, '[');
		o_ring(o, &rings[i]);
		o_c(o, ']');
	}
	o_s(o, "]}");
}

static void o_point_e7(out_t *o, int64_t x, int64_t y)
{
	o_s(o, "{\"type\":\"Point\",\"coordinates\":[");
	o_coord(o, x);
	o_c(o, ',');
	o_coord(o, y);
	o_s(o, "]}");
}

/* Metres per degree near a latitude (spherical approximation; only the
 * generated sizes depend on it, not validity). */
static void metres_per_degree(double lat, double *mx, double *my)
{
	double s, c;
	d_sincos(lat * (PI / 180.0), &s, &c);
	*mx = 111320.0 * c;
	*my = 110574.0;
}

/* A star-shaped polygon: vertex i at offset (dx[i], dy[i]) metres from the
 * centre, at increasing angles. */
typedef struct {
	double cx, cy; /* centre, degrees */
	double mx, my; /* metres per degree there */
	double radius; /* largest vertex distance, metres */
	int n;
	double dx[MAXV], dy[MAXV];
} star;

/*
 * Angles are stratified: vertex i lies in the sector [i, i+1) * turn/n,
 * between 10% and 90% of it, so neighbours are less than 1.8/n turn apart
 * (below half a turn for n >= 5) and never closer than 0.2/n turn. Radii
 * lie in [0.45, 1] of the largest, so every vertex is well away from the
 * centre and from its neighbours on the 1e-7 degree grid.
 */
static void star_make(star *st, rng *r, double cx, double cy, double across_m, int n)
{
	double phase = rng_range(r, 0.0, 2.0 * PI);
	st->cx = cx;
	st->cy = cy;
	metres_per_degree(cy, &st->mx, &st->my);
	st->radius = across_m / 2.0;
	st->n = n;
	for (int i = 0; i < n; i++) {
		double a = phase + ((double)i + rng_range(r, 0.1, 0.9)) * (2.0 * PI / (double)n);
		double rad = st->radius * rng_range(r, 0.45, 1.0);
		double s, c;
		d_sincos(a, &s, &c);
		st->dx[i] = rad * c;
		st->dy[i] = rad * s;
	}
}

static void star_vertex(const star *st, int i, double scale, int64_t *x, int64_t *y)
{
	*x = to_e7(st->cx + scale * st->dx[i] / st->mx);
	*y = to_e7(st->cy + scale * st->dy[i] / st->my);
}

/* The whole star, scaled about its centre (scale <= 1 stays inside). */
static void star_ring(const star *st, double scale, ring *rg)
{
	rg->n = st->n;
	for (int i = 0; i < st->n; i++)
		star_vertex(st, i, scale, &rg->x[i], &rg->y[i]);
	ring_close(rg);
}

/* A wedge: the centre, then vertices i0..i1 (i1 - i0 >= 1) scaled. */
static void star_wedge(const star *st, double scale, int i0, int i1, ring *rg)
{
	rg->n = 0;
	rg->x[rg->n] = to_e7(st->cx);
	rg->y[rg->n] = to_e7(st->cy);
	rg->n++;
	for (int i = i0; i <= i1; i++) {
		star_vertex(st, i, scale, &rg->x[rg->n], &rg->y[rg->n]);
		rg->n++;
	}
	ring_close(rg);
}

/* A point inside the star: on the segment from the centre to a vertex. */
static void star_inside(const star *st, rng *r, int64_t *x, int64_t *y)
{
	int i = (int)rng_below(r, (uint64_t)st->n);
	star_vertex(st, i, rng_range(r, 0.1, 0.85), x, y);
}

/* A point outside the star, `dist` metres beyond its largest radius. */
static void star_outside(const star *st, rng *r, double dist, int64_t *x, int64_t *y)
{
	double s, c, d = st->radius + dist;
	d_sincos(rng_range(r, 0.0, 2.0 * PI), &s, &c);
	*x = to_e7(st->cx + d * c / st->mx);
	*y = to_e7(st->cy + d * s / st->my);
}

/* A self-intersecting "bow tie" around a centre, for --invalid. */
static void bowtie(ring *rg, double cx, double cy, double half_m)
{
	double mx, my;
	metres_per_degree(cy, &mx, &my);
	double hx = half_m / mx, hy = half_m / my;
	static const int sx[4] = {-1, 1, 1, -1}, sy[4] = {-1, 1, -1, 1};
	rg->n = 4;
	for (int i = 0; i < 4; i++) {
		rg->x[i] = to_e7(cx + sx[i] * hx);
		rg->y[i] = to_e7(cy + sy[i] * hy);
	}
	ring_close(rg);
}

/* Width across, log-uniform between 50 m and 3 km. */
static double across_metres(rng *r)
{
	static const double ln60 = 4.0943445622221004; /* ln(3000 / 50) */
	return 50.0 * d_exp(rng_u01(r) * ln60);
}

/* Whether area i (0-based) is one of the K deliberately invalid ones:
 * exactly K of N, spread evenly through the file. */
static int area_invalid(const gen *g, uint64_t i)
{
	if (!g->invalid)
		return 0;
	return (i * g->invalid) / g->areas != ((i + 1) * g->invalid) / g->areas;
}

/* ------------------------------------------------------------------ */
/* Contamination                                                       */

static const char *const device_classes[] = {"persistent", "np-sd-4h", "np-sd-48h", "np-sd-15d"};

typedef struct {
	const char *cls;
	int64_t count; /* < 0: unknown */
	int confirmed;
	int64_t earliest, latest; /* INT64_MIN: absent */
} contam;

#define T_NONE INT64_MIN

static void p_contam(gen *g, const contam *c, int n)
{
	out_t *o = g->o;
	p_key(g, "contamination");
	o_c(o, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			o_c(o, ',');
		o_s(o, "{\"class\":");
		o_jstr(o, c[i].cls);
		o_s(o, ",\"count\":");
		if (c[i].count < 0)
			o_s(o, "\"unknown\"");
		else
			o_i64(o, c[i].count);
		o_s(o, ",\"confirmed\":");
		o_s(o, c[i].confirmed ? "true" : "false");
		if (c[i].earliest != T_NONE) {
			o_s(o, ",\"emplaced_earliest\":\"");
			o_time(o, c[i].earliest);
			o_c(o, '"');
		}
		if (c[i].latest != T_NONE) {
			o_s(o, ",\"emplaced_latest\":\"");
			o_time(o, c[i].latest);
			o_c(o, '"');
		}
		o_c(o, '}');
	}
	o_c(o, ']');
}

/* ------------------------------------------------------------------ */
/* Demo profile                                                        */

/* The demo's window: eastern Ukraine; information dated 2024-2026. */
#define DEMO_W 34.0
#define DEMO_E 40.0
#define DEMO_S 46.0
#define DEMO_N 50.5
#define DEMO_CLUSTERS 12

static const char *const demo_orgs[] = {
	"Demo Survey Team A",   "Demo Clearance Org B", "Demo NTS Team C",
	"Demo Authority Unit D", "Demo Clearance Org E", "Demo Survey Team F",
};
#define N_ORGS (sizeof demo_orgs / sizeof demo_orgs[0])
static const char *const clearance_orgs[] = {"Demo Clearance Org B", "Demo Clearance Org E"};
static const char *const eore_orgs[] = {"Demo EORE Team G", "Demo EORE Team H"};

static const char *const statuses[] = {"open", "worked_on", "closed"};

/* What the first report of an area and its later update say; drawn from
 * the area's S_BASE stream, so the update pass can draw it again. */
typedef struct {
	int cha;
	int status;
	int org;
	int64_t doi;
	int updated;         /* gets a second area record at the end */
	int64_t update_gap;  /* seconds between the two dates of information */
	int upgrade;         /* the update turns an SHA into a CHA */
} demo_base;

static void demo_base_draw(const gen *g, uint64_t i, demo_base *b)
{
	rng r;
	rng_seed(&r, g->seed, S_BASE, i);
	double u = rng_u01(&r);
	b->cha = rng_chance(&r, 0.4);
	b->status = u < 0.7 ? 0 : u < 0.9 ? 1 : 2;
	b->org = (int)rng_below(&r, N_ORGS);
	b->doi = rng_int(&r, utc(2024, 1, 1), utc(2026, 3, 31) - 1);
	b->updated = !area_invalid(g, i) && rng_chance(&r, 0.03);
	b->update_gap = rng_int(&r, 30 * DAY, 200 * DAY);
	b->upgrade = !b->cha && rng_chance(&r, 0.3);
}

/* A p-code shaped like OCHA's (UA, two-digit oblast, raion, hromada),
 * picked by rough position; the raion and hromada digits are invented. */
static void demo_pcode(rng *r, double lon, double lat, char *buf, size_t len)
{
	int oblast;
	if (lat >= 49.0)
		oblast = lon >= 38.0 ? 44 : 63;
	else if (lat >= 47.5)
		oblast = lon >= 37.0 ? 14 : lon >= 35.0 ? 12 : 48;
	else
		oblast = lon >= 35.0 ? 23 : 65;
	int raion = (int)rng_int(r, 1, 9);
	int hromada = (int)rng_int(r, 1, 60);
	snprintf(buf, len, "UA%02d%02d%03d", oblast, raion, hromada);
}

static void demo_centre(const gen *g, rng *r, double *lon, double *lat)
{
	if (rng_chance(r, 0.65)) {
		rng cr;
		rng_seed(&cr, g->seed, S_CLUSTER, rng_below(r, DEMO_CLUSTERS));
		double clon = rng_range(&cr, DEMO_W + 0.5, DEMO_E - 0.5);
		double clat = rng_range(&cr, DEMO_S + 0.5, DEMO_N - 0.5);
		/* Triangular spread around the cluster's centre. */
		double u1 = rng_u01(r), u2 = rng_u01(r), u3 = rng_u01(r), u4 = rng_u01(r);
		*lon = clon + (u1 + u2 - 1.0) * 0.45;
		*lat = clat + (u3 + u4 - 1.0) * 0.30;
	} else {
		*lon = rng_range(r, DEMO_W + 0.05, DEMO_E - 0.05);
		*lat = rng_range(r, DEMO_S + 0.05, DEMO_N - 0.05);
	}
}

static void invented_person(char *buf, size_t len, uint64_t n)
{
	snprintf(buf, len, "Invented Person %" PRIu64, n);
}

static const struct {
	const char *type;
	const char *text;
} evidence_cha[] = {
	{"direct", "Fictional: devices seen on the surface along a field track (demo)"},
	{"item_found", "Fictional: an item reported by a farmer near a tree line (demo)"},
	{"accident", "Fictional: an accident reported at the edge of a field (demo)"},
}, evidence_sha[] = {
	{"indirect", "Fictional: craters and scattered packaging near a road (demo)"},
	{"local_report", "Fictional: residents report fighting positions here (demo)"},
	{"military_record", "Fictional: an invented record of emplacement (demo)"},
	{"remote_sensing", "Fictional: disturbed ground seen on imagery (demo)"},
};

static int demo_contam(rng *r, const demo_base *b, contam *c)
{
	int n = (int)rng_int(r, 1, 3);
	int pick[4] = {0, 1, 2, 3};
	for (int i = 3; i > 0; i--) { /* shuffle, take the first n */
		int j = (int)rng_below(r, (uint64_t)i + 1);
		int t = pick[i];
		pick[i] = pick[j];
		pick[j] = t;
	}
	for (int i = 0; i < n; i++) {
		c[i].cls = device_classes[pick[i]];
		c[i].count = rng_chance(r, 0.55) ? rng_int(r, 1, 150) : -1;
		c[i].confirmed = b->cha && (i == 0 || rng_chance(r, 0.5));
		double u = rng_u01(r);
		c[i].earliest = c[i].latest = T_NONE;
		if (u < 0.15)
			continue; /* emplacement unknown */
		int64_t e = b->doi - rng_int(r, 2 * DAY, 600 * DAY);
		c[i].earliest = e;
		if (u < 0.25)
			continue; /* only "not before" known */
		int64_t room = b->doi - e;
		int64_t span = rng_int(r, 0, 45 * DAY);
		c[i].latest = e + (span < room ? span : room);
	}
	return n;
}

static void demo_release_parts(gen *g, rng *r, const char *area_id, uint64_t i,
                               const demo_base *b, const star *st)
{
	static const int depths[] = {10, 13, 20, 25, 30, 50};
	int k = (int)rng_int(r, 1, 3);
	if (k > st->n / 2)
		k = st->n / 2;
	int64_t when = b->doi;
	for (int j = 0; j < k; j++) {
		char id[64];
		ring rg;
		snprintf(id, sizeof id, "DEMO-RP-%05" PRIu64 "-%d", i + 1, j + 1);
		if (k == 1) {
			star_ring(st, rng_range(r, 0.3, 0.85), &rg);
		} else {
			/* Disjoint wedges: part j takes vertices [j n/k, (j+1) n/k - 1]. */
			int i0 = j * st->n / k, i1 = (j + 1) * st->n / k - 1;
			star_wedge(st, rng_range(r, 0.5, 0.9), i0, i1, &rg);
		}
		int m = (int)rng_below(r, 3);
		static const char *const release[] = {"cancelled", "reduced", "cleared"};
		static const char *const method[] = {"nts", "ts", "clearance"};
		when += rng_int(r, 7 * DAY, 60 * DAY);
		feat_begin(g, id);
		o_polygons(g->o, &rg, 1, 0);
		feat_props(g, "release", id);
		p_str(g, "org", m == 0 ? demo_orgs[b->org] : clearance_orgs[rng_below(r, 2)]);
		p_time(g, "date_of_information", when + rng_int(r, 0, 14 * DAY));
		p_str(g, "area_id", area_id);
		p_str(g, "release", release[m]);
		p_str(g, "method", method[m]);
		if (m == 2)
			p_int(g, "depth_cm", depths[rng_below(r, 6)]);
		p_time(g, "released_at", when);
		if (m > 0)
			p_int(g, "items_found", rng_chance(r, 0.5) ? 0 : rng_int(r, 1, 12));
		p_str(g, "note", "Fictional demo data (demo)");
		feat_end(g);
	}
}

static void demo_items(gen *g, rng *r, const char *area_id, uint64_t i, const demo_base *b,
                       const star *st, const contam *c, int nc)
{
	static const char *const cats[] = {"uxo", "uxo", "ap_mine", "ap_mine", "at_mine",
	                                   "submunition", "axo", "ied", "other"};
	static const char *const np_cond[] = {"live", "sd_functioned", "sda_inert", "inert"};
	static const char *const cond[] = {"live", "inert", "unknown"};
	int k = (int)rng_int(r, 1, 4);
	for (int j = 0; j < k; j++) {
		char id[64], who[96];
		int64_t x, y;
		snprintf(id, sizeof id, "DEMO-IT-%05" PRIu64 "-%d", i + 1, j + 1);
		star_inside(st, r, &x, &y);
		const char *cat = cats[rng_below(r, sizeof cats / sizeof cats[0])];
		int64_t found = b->doi + rng_int(r, -30 * DAY, 150 * DAY);
		feat_begin(g, id);
		o_point_e7(g->o, x, y);
		feat_props(g, "item", id);
		p_str(g, "org", demo_orgs[b->org]);
		p_time(g, "date_of_information", found + rng_int(r, 0, 3 * DAY));
		p_str(g, "area_id", area_id);
		p_int(g, "depth_cm", rng_chance(r, 0.4) ? 0 : rng_int(r, 1, 40));
		p_str(g, "category", cat);
		if (strcmp(cat, "ap_mine") == 0) {
			const char *cls = c[rng_below(r, (uint64_t)nc)].cls;
			p_str(g, "device_class", cls);
			p_str(g, "condition", strcmp(cls, "persistent") == 0
			                          ? cond[rng_below(r, 3)]
			                          : np_cond[rng_below(r, 4)]);
		} else {
			p_str(g, "condition", cond[rng_below(r, 3)]);
		}
		p_time(g, "found_at", found);
		if (rng_chance(r, 0.3))
			p_int(g, "quantity", rng_int(r, 2, 6));
		if (rng_chance(r, 0.5)) {
			char name[64];
			invented_person(name, sizeof name, i * 100 + 50 + (uint64_t)j);
			snprintf(who, sizeof who, "%s, +380 00 000 0000", name);
			p_str(g, "finder", who);
		}
		p_str(g, "note", "Fictional demo data (demo)");
		feat_end(g);
	}
}

static void demo_accident(gen *g, rng *r, const char *area_id, uint64_t i, const demo_base *b,
                          const star *st)
{
	static const char *const cats[] = {"ap_mine", "at_mine", "uxo", "submunition"};
	static const char *const activities[] = {"farming", "collecting_firewood", "travelling",
	                                         "herding", "playing", "tending_garden"};
	char id[64];
	int64_t x, y;
	snprintf(id, sizeof id, "DEMO-AC-%05" PRIu64 "-1", i + 1);
	star_inside(st, r, &x, &y);
	int demining = rng_chance(r, 0.15);
	int nv = (int)rng_int(r, 1, 3);
	int killed = 0, injured = 0;
	int outcome[3], age[3];
	char sex[3];
	const char *act[3];
	for (int v = 0; v < nv; v++) {
		outcome[v] = rng_chance(r, 0.3); /* 1 killed, 0 injured */
		killed += outcome[v];
		injured += !outcome[v];
		age[v] = demining ? (int)rng_int(r, 21, 58) : (int)rng_int(r, 6, 80);
		sex[v] = demining ? (rng_chance(r, 0.8) ? 'm' : 'f') : (rng_chance(r, 0.7) ? 'm' : 'f');
		act[v] = demining ? "demining" : activities[rng_below(r, 6)];
	}
	int64_t when = b->doi + rng_int(r, -60 * DAY, 150 * DAY);
	feat_begin(g, id);
	o_point_e7(g->o, x, y);
	feat_props(g, "accident", id);
	p_str(g, "org", demo_orgs[b->org]);
	p_time(g, "date_of_information", when + rng_int(r, 1 * DAY, 10 * DAY));
	p_str(g, "area_id", area_id);
	p_str(g, "category", cats[rng_below(r, 4)]);
	p_time(g, "occurred_at", when);
	p_bool(g, "demining", demining);
	p_int(g, "killed", killed);
	p_int(g, "injured", injured);
	p_key(g, "victims");
	o_c(g->o, '[');
	for (int v = 0; v < nv; v++) {
		char name[64];
		invented_person(name, sizeof name, i * 100 + 80 + (uint64_t)v);
		o_s(g->o, v ? ",{\"name\":" : "{\"name\":");
		o_jstr(g->o, name);
		o_s(g->o, sex[v] == 'm' ? ",\"sex\":\"m\",\"age\":" : ",\"sex\":\"f\",\"age\":");
		o_i64(g->o, age[v]);
		o_s(g->o, outcome[v] ? ",\"outcome\":\"killed\"" : ",\"outcome\":\"injured\"");
		o_s(g->o, ",\"activity\":");
		o_jstr(g->o, act[v]);
		o_c(g->o, '}');
	}
	o_c(g->o, ']');
	p_str(g, "note", "Fictional demo data (demo)");
	feat_end(g);
}

static void demo_eore(gen *g, rng *r, uint64_t i, const demo_base *b, const star *st)
{
	char id[64];
	int64_t x, y;
	snprintf(id, sizeof id, "DEMO-EO-%05" PRIu64, i + 1);
	star_outside(st, r, rng_range(r, 1500.0, 5000.0), &x, &y);
	int64_t held = b->doi + rng_int(r, 1 * DAY, 120 * DAY);
	feat_begin(g, id);
	o_point_e7(g->o, x, y);
	feat_props(g, "eore", id);
	p_str(g, "org", eore_orgs[rng_below(r, 2)]);
	p_time(g, "date_of_information", held + rng_int(r, 0, 5 * DAY));
	p_time(g, "held_at", held);
	p_int(g, "girls", rng_int(r, 0, 40));
	p_int(g, "boys", rng_int(r, 0, 40));
	p_int(g, "women", rng_int(r, 0, 60));
	p_int(g, "men", rng_int(r, 0, 50));
	p_str(g, "note", "Fictional demo data (demo)");
	feat_end(g);
}

static void demo_area(gen *g, uint64_t i)
{
	demo_base b;
	rng r;
	char id[64], name[80], pcode[16];
	double lon, lat;
	int invalid = area_invalid(g, i);
	demo_base_draw(g, i, &b);
	rng_seed(&r, g->seed, S_BODY, i);
	snprintf(id, sizeof id, "DEMO-HA-%05" PRIu64, i + 1);
	snprintf(name, sizeof name, "Fictional site %04" PRIu64 " (demo)", i + 1);
	demo_centre(g, &r, &lon, &lat);
	demo_pcode(&r, lon, lat, pcode, sizeof pcode);

	/* Shape: one star, or two or three disjoint ones (a MultiPolygon). */
	star st[3];
	ring rg[3];
	int nparts = 1, multi = !invalid && rng_chance(&r, 0.04);
	double across = across_metres(&r);
	if (invalid) {
		bowtie(&rg[0], lon, lat, across / 2.0);
	} else if (!multi) {
		star_make(&st[0], &r, lon, lat, across, (int)rng_int(&r, 5, MAXV));
		star_ring(&st[0], 1.0, &rg[0]);
	} else {
		/* Parts sit 120 or 180 degrees apart at 1.3 times the largest
		 * radius from a common point: more than two radii apart. */
		double mx, my, phase = rng_range(&r, 0.0, 2.0 * PI);
		nparts = (int)rng_int(&r, 2, 3);
		metres_per_degree(lat, &mx, &my);
		for (int p = 0; p < nparts; p++) {
			double s, c, d = 1.3 * across / 2.0;
			double part_across = across * rng_range(&r, 0.5, 1.0);
			int nv = (int)rng_int(&r, 5, MAXV);
			d_sincos(phase + (double)p * 2.0 * PI / (double)nparts, &s, &c);
			star_make(&st[p], &r, lon + d * c / mx, lat + d * s / my, part_across, nv);
			star_ring(&st[p], 1.0, &rg[p]);
		}
	}

	contam c[4];
	int nc = demo_contam(&r, &b, c);
	int ev = b.cha ? (int)rng_below(&r, 3) : (int)rng_below(&r, 4);
	int64_t bx, by;
	if (invalid) {
		bx = to_e7(lon);
		by = to_e7(lat);
	} else {
		star_outside(&st[0], &r, rng_range(&r, 20.0, 200.0), &bx, &by);
	}

	feat_begin(g, id);
	o_polygons(g->o, rg, nparts, multi);
	feat_props(g, "area", id);
	p_str(g, "name", name);
	p_str(g, "org", demo_orgs[b.org]);
	p_time(g, "date_of_information", b.doi);
	p_str(g, "classification", b.cha ? "CHA" : "SHA");
	p_str(g, "status", statuses[b.status]);
	p_str(g, "pcode", pcode);
	p_str(g, "evidence_type", b.cha ? evidence_cha[ev].type : evidence_sha[ev].type);
	p_str(g, "evidence", b.cha ? evidence_cha[ev].text : evidence_sha[ev].text);
	p_key(g, "benchmark");
	o_point_e7(g->o, bx, by);
	p_contam(g, c, nc);
	if (rng_chance(&r, 0.6))
		p_int(g, "beneficiaries", rng_int(&r, 10, 3000));
	if (rng_chance(&r, 0.2)) {
		char who[96], person[64];
		invented_person(person, sizeof person, i * 100 + 1);
		snprintf(who, sizeof who, "%s, +380 00 000 0000", person);
		p_str(g, "informant", who);
	}
	p_str(g, "note", invalid ? "Fictional demo data, deliberately invalid polygon (demo)"
	                         : "Fictional demo data; not a real hazardous area (demo)");
	feat_end(g);
	if (invalid)
		return; /* its first report is refused; nothing may refer to it */

	/* Records about the area, each from the same body stream. */
	int has_release = rng_chance(&r, 0.15);
	int has_items = rng_chance(&r, 0.2);
	int has_accident = rng_chance(&r, 0.04);
	int has_eore = rng_chance(&r, 0.08);
	if (has_release)
		demo_release_parts(g, &r, id, i, &b, &st[0]);
	if (has_items)
		demo_items(g, &r, id, i, &b, &st[0], c, nc);
	if (has_accident)
		demo_accident(g, &r, id, i, &b, &st[0]);
	if (has_eore)
		demo_eore(g, &r, i, &b, &st[0]);
}

/*
 * Second area records, after all first reports. The first two carry an
 * older date of information than the first report, to exercise "older
 * information does not overwrite newer facts"; the others a later one.
 */
static void demo_updates(gen *g)
{
	uint64_t nth = 0;
	for (uint64_t i = 0; i < g->areas; i++) {
		demo_base b;
		char id[64];
		demo_base_draw(g, i, &b);
		if (!b.updated)
			continue;
		int stale = nth++ < 2;
		int status = (b.status + 1) % 3;
		snprintf(id, sizeof id, "DEMO-HA-%05" PRIu64, i + 1);
		feat_begin(g, id);
		o_s(g->o, "null");
		feat_props(g, "area", id);
		p_str(g, "org", demo_orgs[b.org]);
		p_time(g, "date_of_information", stale ? b.doi - b.update_gap : b.doi + b.update_gap);
		if (b.upgrade)
			p_str(g, "classification", "CHA");
		p_str(g, "status", statuses[status]);
		p_str(g, "note", stale ? "Fictional late report of older information (demo)"
		                       : "Fictional update after survey (demo)");
		feat_end(g);
	}
}

/* ------------------------------------------------------------------ */
/* Bench profile                                                       */

/* Ukraine's bounding box, and the east where 70% of everything lies. */
#define UA_W 22.0
#define UA_E 40.3
#define UA_S 44.3
#define UA_N 52.4
#define EAST_W 34.0
#define EAST_E 40.0
#define EAST_S 46.0
#define EAST_N 50.5

static void bench_place(rng *r, double *lon, double *lat)
{
	if (rng_chance(r, 0.7)) {
		*lon = rng_range(r, EAST_W, EAST_E);
		*lat = rng_range(r, EAST_S, EAST_N);
	} else {
		*lon = rng_range(r, UA_W, UA_E);
		*lat = rng_range(r, UA_S, UA_N);
	}
}

/* Emplacement times of the bench, and the query times around them. */
static int64_t bench_t0(void)
{
	return utc(2024, 1, 1);
}

static int64_t bench_t1(void)
{
	return utc(2026, 7, 1);
}

/*
 * One bench area. 60% open-ended: a persistent class emplaced at S with no
 * end to the interval, hazardous from S on. The rest valid for hours to
 * two weeks: a non-persistent class emplaced exactly at S (earliest ==
 * latest), whose self-destruct period then bounds the hazard.
 */
static void bench_area(gen *g, uint64_t i)
{
	static const char *const np[] = {"np-sd-4h", "np-sd-48h", "np-sd-15d"};
	rng r;
	char id[64];
	double lon, lat;
	ring rg;
	rng_seed(&r, g->seed, S_BODY, i);
	snprintf(id, sizeof id, "BENCH-HA-%07" PRIu64, i + 1);
	bench_place(&r, &lon, &lat);
	double across = across_metres(&r);
	if (area_invalid(g, i)) {
		bowtie(&rg, lon, lat, across / 2.0);
	} else {
		star st;
		star_make(&st, &r, lon, lat, across, (int)rng_int(&r, 5, MAXV));
		star_ring(&st, 1.0, &rg);
	}
	int cha = rng_chance(&r, 0.4);
	contam c;
	int64_t s = rng_int(&r, bench_t0(), bench_t1() - 1);
	c.count = rng_chance(&r, 0.5) ? rng_int(&r, 1, 200) : -1;
	c.confirmed = cha;
	c.earliest = s;
	if (rng_chance(&r, 0.6)) {
		c.cls = "persistent";
		c.latest = T_NONE;
	} else {
		c.cls = np[rng_below(&r, 3)];
		c.latest = s;
	}
	feat_begin(g, id);
	o_polygons(g->o, &rg, 1, 0);
	feat_props(g, "area", id);
	p_str(g, "org", "Bench Org");
	p_time(g, "date_of_information", s + rng_int(&r, HOUR, 7 * DAY));
	p_str(g, "classification", cha ? "CHA" : "SHA");
	p_str(g, "status", "open");
	p_contam(g, &c, 1);
	feat_end(g);
}

/* Query points: "lon lat time" lines, same distribution as the areas. */
static void queries(gen *g, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		rng r;
		double lon, lat;
		int64_t t;
		rng_seed(&r, g->seed, S_QUERY, i);
		if (g->profile == PROFILE_BENCH) {
			bench_place(&r, &lon, &lat);
			t = rng_int(&r, bench_t0(), bench_t1() + 14 * DAY);
		} else {
			lon = rng_range(&r, DEMO_W, DEMO_E);
			lat = rng_range(&r, DEMO_S, DEMO_N);
			t = rng_int(&r, utc(2024, 1, 1), utc(2026, 10, 1));
		}
		o_coord(g->o, to_e7(lon));
		o_c(g->o, ' ');
		o_coord(g->o, to_e7(lat));
		o_c(g->o, ' ');
		o_time(g->o, t);
		o_c(g->o, '\n');
	}
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */

static const char usage_text[] =
	"NAME\n"
	"    hazreg-gen - write fictional register data for demos, tests, benchmarks\n"
	"\n"
	"SYNOPSIS\n"
	"    hazreg-gen [--seed N] [--areas N] [--profile demo|bench] [--format fc|seq]\n"
	"               [--invalid K] [-o FILE]\n"
	"    hazreg-gen [--profile demo|bench] --queries N [--seed N] [-o FILE]\n"
	"\n"
	"DESCRIPTION\n"
	"    Writes GeoJSON that `hazreg import` reads: hazardous areas and, in the\n"
	"    demo profile, release parts, items found, accidents and EORE sessions.\n"
	"    Every name, organisation, person, phone number and piece of evidence is\n"
	"    invented and marked as such; the data describe no real place.\n"
	"\n"
	"    Output is deterministic: the same options and seed give the same bytes\n"
	"    on every machine with IEEE 754 doubles. Memory use does not grow with\n"
	"    --areas: records are written as they are made.\n"
	"\n"
	"    Polygons are simple and valid (star-shaped, 5 to 40 vertices, closed,\n"
	"    counter-clockwise), 50 m to 3 km across (log-uniform). Coordinates\n"
	"    carry 7 decimals; times are ISO 8601 in UTC (\"Z\").\n"
	"\n"
	"PROFILES\n"
	"    demo (default)\n"
	"        A clearly fictional register over eastern Ukraine (lon 34-40,\n"
	"        lat 46-50.5): 2,000 areas unless --areas says otherwise, with ids\n"
	"        \"DEMO-HA-00001\"... and names \"Fictional site 0001 (demo)\"...;\n"
	"        SHA/CHA about 60/40; status open, worked_on or closed; dated\n"
	"        2024-2026; with a p-code, evidence, a benchmark point and 1-3\n"
	"        contamination entries of the shipped classes (persistent,\n"
	"        np-sd-4h, np-sd-48h, np-sd-15d). A few are MultiPolygons. About 15%\n"
	"        of areas have 1-3 release parts inside them; some have items\n"
	"        found, accidents with invented victims (private fields) and EORE\n"
	"        sessions nearby. About 3% of areas get a second area record at the\n"
	"        end of the file with a later date of information and a changed\n"
	"        status; the first two of these carry an older date instead, which\n"
	"        the register must keep in history without letting it overwrite\n"
	"        newer facts.\n"
	"\n"
	"    bench\n"
	"        The performance workload: 100,000 areas unless --areas says\n"
	"        otherwise, \"BENCH-HA-0000001\"..., over Ukraine's bounding box\n"
	"        (lon 22.0-40.3, lat 44.3-52.4), 70% of them drawn from the east\n"
	"        (lon 34-40, lat 46-50.5). Each area is open, from \"Bench Org\",\n"
	"        with one contamination entry emplaced at a time S in\n"
	"        2024-01-01..2026-06-30: 60% a persistent class with no end to the\n"
	"        interval (hazardous from S on), 40% a non-persistent class (4 hours\n"
	"        to about two weeks) emplaced exactly at S.\n"
	"\n"
	"OPTIONS\n"
	"    --seed N        PRNG seed, 0 to 2^64-1 (default 1).\n"
	"    --areas N       number of hazardous areas (default: demo 2000,\n"
	"                    bench 100000).\n"
	"    --profile P     demo or bench (default demo).\n"
	"    --format F      fc: one FeatureCollection, one feature per line\n"
	"                    (default); seq: GeoJSON text sequences (RFC 8142),\n"
	"                    each feature as 0x1E, the JSON text, a newline.\n"
	"    --invalid K     make K of the areas (evenly spread) self-intersecting\n"
	"                    \"bow ties\", to test that an import is all or nothing.\n"
	"                    Nothing else in the file refers to them.\n"
	"    --queries N     instead of areas, write N query lines \"LON LAT TIME\"\n"
	"                    drawn like the profile's areas (bench: 70% in the\n"
	"                    east), with times over the profile's period.\n"
	"    -o FILE         write to FILE instead of standard output (\"-\").\n"
	"    -h, --help      show this text.\n"
	"\n"
	"    Options also take the form --name=value.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 on success, 1 when the output cannot be written, 2 on a usage error.\n"
	"\n"
	"EXAMPLES\n"
	"    hazreg-gen -o demo.geojson && hazreg import demo.geojson\n"
	"    hazreg-gen --profile bench --areas 1000000 --format seq -o bench.geojsons\n"
	"    hazreg-gen --profile bench --queries 1000000 --seed 2 > queries.txt\n"
	"    hazreg-gen --areas 50 --invalid 3 -o broken.geojson\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "hazreg-gen: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'hazreg-gen --help'.\n");
	return 2;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

int main(int argc, char **argv)
{
	static out_t out;
	gen g = {.seed = 1, .format = FMT_FC, .profile = PROFILE_DEMO, .o = &out};
	const char *path = "-";
	uint64_t nqueries = 0;
	int have_areas = 0, query_mode = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		char name[32];
		const char *eq = strchr(a, '=');
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (strncmp(a, "--", 2) == 0 && eq && (size_t)(eq - a) < sizeof name) {
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = 0;
			val = eq + 1;
			a = name;
		}
		int takes = strcmp(a, "--seed") == 0 || strcmp(a, "--areas") == 0 ||
		            strcmp(a, "--profile") == 0 || strcmp(a, "--format") == 0 ||
		            strcmp(a, "--invalid") == 0 || strcmp(a, "--queries") == 0 ||
		            strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0;
		if (!takes)
			return usage_error("unknown option '%s'", argv[i]);
		if (!val) {
			if (i + 1 >= argc)
				return usage_error("option '%s' needs a value", a);
			val = argv[++i];
		}
		if (strcmp(a, "--seed") == 0) {
			if (parse_u64(val, &g.seed))
				return usage_error("--seed: '%s' is not a whole number", val);
		} else if (strcmp(a, "--areas") == 0) {
			if (parse_u64(val, &g.areas) || g.areas > 999999999u)
				return usage_error("--areas: '%s' is not a number of areas", val);
			have_areas = 1;
		} else if (strcmp(a, "--invalid") == 0) {
			if (parse_u64(val, &g.invalid))
				return usage_error("--invalid: '%s' is not a whole number", val);
		} else if (strcmp(a, "--queries") == 0) {
			if (parse_u64(val, &nqueries))
				return usage_error("--queries: '%s' is not a whole number", val);
			query_mode = 1;
		} else if (strcmp(a, "--profile") == 0) {
			if (strcmp(val, "demo") == 0)
				g.profile = PROFILE_DEMO;
			else if (strcmp(val, "bench") == 0)
				g.profile = PROFILE_BENCH;
			else
				return usage_error("--profile: '%s' is not demo or bench", val);
		} else if (strcmp(a, "--format") == 0) {
			if (strcmp(val, "fc") == 0)
				g.format = FMT_FC;
			else if (strcmp(val, "seq") == 0)
				g.format = FMT_SEQ;
			else
				return usage_error("--format: '%s' is not fc or seq", val);
		} else {
			path = val;
		}
	}
	if (!have_areas)
		g.areas = g.profile == PROFILE_BENCH ? 100000 : 2000;
	if (g.invalid > g.areas)
		return usage_error("--invalid: more invalid areas than areas (%s)", "see --areas");

	if (strcmp(path, "-") == 0) {
		out.f = stdout;
	} else if (!(out.f = fopen(path, "wb"))) {
		fprintf(stderr, "hazreg-gen: cannot create %s: %s\n", path, strerror(errno));
		return 1;
	}

	if (query_mode) {
		queries(&g, nqueries);
	} else {
		if (g.format == FMT_FC)
			o_s(&out, "{\"type\":\"FeatureCollection\",\"features\":[\n");
		for (uint64_t i = 0; i < g.areas && !out.err; i++) {
			if (g.profile == PROFILE_BENCH)
				bench_area(&g, i);
			else
				demo_area(&g, i);
		}
		if (g.profile == PROFILE_DEMO)
			demo_updates(&g);
		if (g.format == FMT_FC)
			o_s(&out, g.features ? "\n]}\n" : "]}\n");
	}
	o_flush(&out);
	if (!out.err && fflush(out.f))
		out.err = errno ? errno : EIO;
	if (out.f != stdout && fclose(out.f) && !out.err)
		out.err = errno ? errno : EIO;
	if (out.err) {
		fprintf(stderr, "hazreg-gen: cannot write %s: %s\n",
		        strcmp(path, "-") == 0 ? "standard output" : path, strerror(out.err));
		return 1;
	}
	return 0;
}
