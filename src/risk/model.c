/*
 * model.c - the residual-risk model of non-persistent devices: the live
 * fraction of one device as its self-destruct (SD) and self-deactivation
 * (SDA) timers run out, and the answer for a hazardous area (expected live
 * devices, probability that any is live, phase, threshold time), each with
 * an optimistic and a conservative bound. docs/risk-model.md gives the
 * equations and their sources; this file must agree with it exactly.
 *
 * Pure functions of (contamination, catalogue, time): this file includes
 * nothing that could reach the store, so the model can inform warnings
 * and priorities but cannot change an area's status or release land
 * (tests/doctrine links it alone to prove that).
 */
#include "hazreg/common.h"
#include "hazreg/risk.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define SECONDS_PER_HOUR 3600.0

/*
 * A class made safe to compute with. The catalogue is user-editable, so a
 * class is read defensively and always towards more danger, never less:
 * a window that is not a number makes the class persistent; a negative
 * start is 0; an end before the start is the start; an SDA deadline inside
 * the SD window is moved to its end; a probability that is not a number is
 * 1, others are clamped to [0, 1]; and of the two bounds given, the larger
 * probability is the conservative one, so "conservative >= optimistic"
 * holds whatever order the catalogue stored them in.
 */
typedef struct {
	int persistent;
	double sd_min, sd_max; /* seconds after emplacement */
	int has_sda;
	double sda_by;         /* seconds; meaningful when has_sda */
	double fail[2];        /* P(SD fails), [optimistic, conservative] */
	double final[2];       /* level once every timer has run out */
} dclass;

static double lesser(double a, double b)
{
	return a < b ? a : b;
}

static double greater(double a, double b)
{
	return a > b ? a : b;
}

static double prob(double p)
{
	if (isnan(p) || p > 1.0)
		return 1.0;
	return p < 0.0 ? 0.0 : p;
}

static void normalise(dclass *d, const hr_risk_class *c)
{
	double f0, f1, l0, l1;
	*d = (dclass){0};
	if (!c || c->persistent || isnan(c->sd_min_h) || isnan(c->sd_max_h)) {
		d->persistent = 1;
		return;
	}
	d->sd_min = c->sd_min_h > 0 ? c->sd_min_h * SECONDS_PER_HOUR : 0.0;
	d->sd_max = c->sd_max_h * SECONDS_PER_HOUR;
	if (!(d->sd_max >= d->sd_min))
		d->sd_max = d->sd_min;
	f0 = prob(c->sd_fail[HR_OPTIMISTIC]);
	f1 = prob(c->sd_fail[HR_CONSERVATIVE]);
	d->fail[HR_OPTIMISTIC] = lesser(f0, f1);
	d->fail[HR_CONSERVATIVE] = greater(f0, f1);
	d->final[HR_OPTIMISTIC] = d->fail[HR_OPTIMISTIC];
	d->final[HR_CONSERVATIVE] = d->fail[HR_CONSERVATIVE];
	d->has_sda = c->sda_by_h > 0; /* false for NaN too: no SDA */
	if (d->has_sda) {
		d->sda_by = c->sda_by_h * SECONDS_PER_HOUR;
		if (d->sda_by < d->sd_max)
			d->sda_by = d->sd_max;
		l0 = prob(c->sda_live[HR_OPTIMISTIC]);
		l1 = prob(c->sda_live[HR_CONSERVATIVE]);
		/* min(f, sda_live): the backup can only remove live devices, so
		 * the curve never rises when the SDA deadline passes. */
		d->final[HR_OPTIMISTIC] = lesser(d->fail[HR_OPTIMISTIC], lesser(l0, l1));
		d->final[HR_CONSERVATIVE] = lesser(d->fail[HR_CONSERVATIVE], greater(l0, l1));
	}
}

/*
 * S(a) of a non-persistent class for a device of age a seconds, bound b.
 * Inside the window the line 1 - (1-f)(a-sd_min)/(sd_max-sd_min) is
 * computed as f + (1-f)(sd_max-a)/(sd_max-sd_min): the same line, but in
 * floating point it cannot dip below f just before sd_max, so S stays
 * non-increasing to the last bit (the threshold search relies on it).
 */
static double decay(const dclass *d, int b, double age)
{
	if (d->persistent || age < d->sd_min)
		return 1.0;
	if (age < d->sd_max) {
		double f = d->fail[b];
		return fmin(1.0, f + (1.0 - f) * ((d->sd_max - age) / (d->sd_max - d->sd_min)));
	}
	if (d->has_sda && age >= d->sda_by)
		return d->final[b];
	return d->fail[b];
}

/* t - e in seconds, as a double: exact for any realistic time, and free
 * of the signed overflow an int64 subtraction of extreme values has. */
static double age_of(hr_time t, hr_time e)
{
	return (double)t - (double)e;
}

/* The conservative (latest possible) emplacement: the latest given, else
 * the first report (the devices were there by then), never before the
 * earliest; HR_TIME_NONE when neither is known. */
static hr_time emplaced_cons(hr_time earliest, hr_time latest, hr_time reported)
{
	hr_time e = latest != HR_TIME_NONE ? latest : reported;
	if (e != HR_TIME_NONE && earliest != HR_TIME_NONE && e < earliest)
		e = earliest;
	return e;
}

/* Both bounds of S(t) for one device of a normalised class. */
static void fraction(double out[2], const dclass *d, hr_time earliest, hr_time latest,
                     hr_time reported, hr_time t)
{
	hr_time e;
	if (earliest != HR_TIME_NONE && t < earliest) {
		/* not there yet, in either bound */
		out[HR_OPTIMISTIC] = out[HR_CONSERVATIVE] = 0.0;
		return;
	}
	if (d->persistent) {
		out[HR_OPTIMISTIC] = out[HR_CONSERVATIVE] = 1.0;
		return;
	}
	/* Conservative: as new as it can be. Before its latest emplacement a
	 * device may already lie there, live: the age is negative, S is 1.
	 * With no latest emplacement and no report, it is new for ever. */
	e = emplaced_cons(earliest, latest, reported);
	out[HR_CONSERVATIVE] = e == HR_TIME_NONE ? 1.0 : decay(d, HR_CONSERVATIVE, age_of(t, e));
	/* Optimistic: as old as it can be; with no earliest emplacement,
	 * arbitrarily old, so every timer has run out. */
	out[HR_OPTIMISTIC] = earliest == HR_TIME_NONE ? d->final[HR_OPTIMISTIC]
	                                              : decay(d, HR_OPTIMISTIC, age_of(t, earliest));
	/* Exact arithmetic already gives conservative >= optimistic (later
	 * emplacement, larger probabilities); this guards the last bit. */
	if (out[HR_CONSERVATIVE] < out[HR_OPTIMISTIC])
		out[HR_CONSERVATIVE] = out[HR_OPTIMISTIC];
}

const char *hr_phase_name(int phase)
{
	switch (phase) {
	case HR_PHASE_RESIDUAL:
		return "residual";
	case HR_PHASE_DECAYING:
		return "decaying";
	case HR_PHASE_ACTIVE:
		return "active";
	case HR_PHASE_PERSISTENT:
		return "persistent";
	default:
		return "unknown";
	}
}

void hr_risk_live_fraction(double out[2], const hr_risk_class *cls, hr_time earliest,
                           hr_time latest, hr_time reported, hr_time t)
{
	dclass d;
	if (!out)
		return;
	normalise(&d, cls);
	fraction(out, &d, earliest, latest, reported, t);
}

/* ---- the threshold time ----------------------------------------------- */

/* The first whole second at or after e + x seconds (x >= 0), saturating at
 * INT64_MAX. Ages are whole seconds, so a device of age a is past a
 * breakpoint x exactly when a >= ceil(x): this is the moment its S steps
 * or changes slope. */
static hr_time at_or_after(hr_time e, double x)
{
	double cx = ceil(x);
	double sum = (double)e + cx;
	if (!(sum < 9.2e18))
		return INT64_MAX;
	if (cx < 9007199254740992.0) /* 2^53: cx is an exact integer */
		return e + (int64_t)cx;
	return (int64_t)sum;
}

/*
 * The conservative expected number of live devices at t: Σ n·S over the
 * entries with a known, non-zero count, summed in entry order exactly as
 * hr_risk_eval sums expected[HR_CONSERVATIVE], so that the time found
 * here and the expected number reported at that time agree to the bit.
 */
static double expected_cons(const hr_risk_entry *en, size_t n, hr_time reported, hr_time t)
{
	double sum = 0.0, s[2];
	dclass d;
	for (size_t i = 0; i < n; i++) {
		if (en[i].count <= 0)
			continue;
		normalise(&d, en[i].cls);
		fraction(s, &d, en[i].earliest, en[i].latest, reported, t);
		sum += (double)en[i].count * s[HR_CONSERVATIVE];
	}
	return sum;
}

/* The first breakpoint second strictly after `after`: an entry's
 * conservative emplacement plus sd_min, sd_max or sda_by. HR_TIME_NONE
 * when none is left, so the expected number is constant from `after` on. */
static hr_time next_breakpoint(const hr_risk_entry *en, size_t n, hr_time reported,
                               hr_time after)
{
	hr_time best = HR_TIME_NONE;
	dclass d;
	for (size_t i = 0; i < n; i++) {
		hr_time e, c[3];
		if (en[i].count <= 0)
			continue;
		normalise(&d, en[i].cls);
		e = emplaced_cons(en[i].earliest, en[i].latest, reported);
		if (d.persistent || e == HR_TIME_NONE)
			continue;
		c[0] = at_or_after(e, d.sd_min);
		c[1] = at_or_after(e, d.sd_max);
		c[2] = d.has_sda ? at_or_after(e, d.sda_by) : c[1];
		for (int j = 0; j < 3; j++)
			if (c[j] > after && (best == HR_TIME_NONE || c[j] < best))
				best = c[j];
	}
	return best;
}

/* Slope (devices per second) of the conservative expected number on the
 * linear piece that starts at whole second c: every entry inside its SD
 * window loses n(1-f)/(sd_max-sd_min) live devices a second. */
static double slope_at(const hr_risk_entry *en, size_t n, hr_time reported, hr_time c)
{
	double s = 0.0;
	dclass d;
	for (size_t i = 0; i < n; i++) {
		hr_time e;
		double a;
		if (en[i].count <= 0)
			continue;
		normalise(&d, en[i].cls);
		e = emplaced_cons(en[i].earliest, en[i].latest, reported);
		if (d.persistent || e == HR_TIME_NONE)
			continue;
		a = age_of(c, e);
		if (a >= d.sd_min && a < d.sd_max)
			s -= (double)en[i].count * (1.0 - d.fail[HR_CONSERVATIVE]) /
			     (d.sd_max - d.sd_min);
	}
	return s;
}

/*
 * The smallest whole second T in (lo, hi] with E(T) < thr, knowing that
 * E(lo) = elo >= thr, E(hi) < thr, and that every second of [lo, hi) lies
 * on one straight piece of E. The line gives T at once (on a flat piece,
 * T = hi); the guess and its neighbour are then checked against E itself,
 * and a bisection over what is left of the bracket finishes the rare case
 * where rounding put the guess a second off. E is non-increasing, so the
 * answer is exact whatever the guess.
 */
static hr_time solve_piece(const hr_risk_entry *en, size_t n, hr_time reported, double thr,
                           hr_time lo, double elo, hr_time hi)
{
	double s = slope_at(en, n, reported, lo);
	hr_time g = hi, probe;
	if (s < 0.0) {
		double delta = (thr - elo) / s; /* >= 0: seconds until E reaches thr */
		if (delta < (double)hi - (double)lo - 1.0)
			g = lo + (int64_t)floor(delta) + 1;
	}
	if (g < hi) {
		if (expected_cons(en, n, reported, g) < thr) {
			hi = g;
			probe = g - 1;
		} else {
			lo = g;
			probe = g + 1;
		}
	} else {
		probe = hi - 1;
	}
	if (probe > lo && probe < hi) {
		if (expected_cons(en, n, reported, probe) < thr)
			hi = probe;
		else
			lo = probe;
	}
	while ((uint64_t)hi - (uint64_t)lo > 1) {
		hr_time mid = lo + (int64_t)(((uint64_t)hi - (uint64_t)lo) / 2);
		if (expected_cons(en, n, reported, mid) < thr)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/*
 * Earliest whole second T >= T0 with E(T) < thr, or HR_TIME_NONE when E
 * never falls below thr. T0 is the latest earliest emplacement (or the
 * conservative emplacement where the earliest is unknown): from T0 on no
 * device is still to arrive, so E only falls. It is linear between
 * breakpoints and may step at one, so the walk goes breakpoint by
 * breakpoint and solves on the piece where E crosses thr.
 * Cost: O(entries^2), fine for the handful of entries an area holds.
 */
static hr_time threshold_time(const hr_risk_entry *en, size_t n, hr_time reported, hr_time t,
                              double thr)
{
	hr_time t0 = HR_TIME_NONE, c, next;
	double ec, enext;
	for (size_t i = 0; i < n; i++) {
		hr_time s;
		if (en[i].count <= 0)
			continue;
		s = en[i].earliest != HR_TIME_NONE
		        ? en[i].earliest
		        : emplaced_cons(en[i].earliest, en[i].latest, reported);
		if (s != HR_TIME_NONE && (t0 == HR_TIME_NONE || s > t0))
			t0 = s;
	}
	/* No emplacement time anywhere (nor a report): every device is
	 * counted live for ever, E is constant; answer at the asked time. */
	if (t0 == HR_TIME_NONE)
		t0 = t;
	c = t0;
	ec = expected_cons(en, n, reported, c);
	if (ec < thr)
		return c;
	while ((next = next_breakpoint(en, n, reported, c)) != HR_TIME_NONE) {
		enext = expected_cons(en, n, reported, next);
		if (enext < thr)
			return solve_piece(en, n, reported, thr, c, ec, next);
		c = next;
		ec = enext;
	}
	return HR_TIME_NONE;
}

/* ---- an area ---------------------------------------------------------- */

/*
 * Phase of one non-persistent entry at t, from its conservative emplacement
 * e: active before its SD window opens (or before its earliest emplacement,
 * when its timers have not started; the clamp in emplaced_cons already
 * makes that age negative, the test says it in words), decaying until the
 * later of the window's end and the SDA deadline, residual after.
 */
static int entry_phase(const dclass *d, const hr_risk_entry *en, hr_time e, hr_time t)
{
	double a;
	if (e == HR_TIME_NONE || (en->earliest != HR_TIME_NONE && t < en->earliest))
		return HR_PHASE_ACTIVE; /* new for ever, or not there yet */
	a = age_of(t, e);
	if (a < d->sd_min)
		return HR_PHASE_ACTIVE;
	if (a < (d->has_sda ? d->sda_by : d->sd_max))
		return HR_PHASE_DECAYING;
	return HR_PHASE_RESIDUAL;
}

/* Widen the area's SD window and SDA deadline by one entry's (whole
 * seconds at or after each breakpoint, from the conservative emplacement). */
static void entry_windows(hr_risk *out, const dclass *d, hr_time e)
{
	hr_time lo = at_or_after(e, d->sd_min), hi = at_or_after(e, d->sd_max);
	if (out->sd_window[0] == HR_TIME_NONE || lo < out->sd_window[0])
		out->sd_window[0] = lo;
	if (out->sd_window[1] == HR_TIME_NONE || hi > out->sd_window[1])
		out->sd_window[1] = hi;
	if (d->has_sda) {
		hr_time dl = at_or_after(e, d->sda_by);
		if (out->sda_deadline == HR_TIME_NONE || dl > out->sda_deadline)
			out->sda_deadline = dl;
	}
}

void hr_risk_eval(hr_risk *out, const hr_risk_entry *entries, size_t n, hr_time reported,
                  hr_time t, double threshold)
{
	double lp[2] = {0.0, 0.0}; /* Σ n·log(1 - S) = log P(none live) */
	int persistent = 0, recorded = 0, phase = 0;
	if (!out)
		return;
	*out = (hr_risk){0};
	out->at = t;
	out->threshold_at = HR_TIME_NONE;
	out->sd_window[0] = out->sd_window[1] = HR_TIME_NONE;
	out->sda_deadline = HR_TIME_NONE;
	if (!entries)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		const hr_risk_entry *en = &entries[i];
		double s[2];
		dclass d;
		hr_time e;
		int p;
		if (en->count == 0) /* recorded as none of this class */
			continue;
		recorded = 1;
		normalise(&d, en->cls);
		fraction(s, &d, en->earliest, en->latest, reported, t);
		for (int b = 0; b < 2; b++) {
			/* (1 - S)^n as exp(n log1p(-S)): exact enough for
			 * S = 6e-6 and n in the millions, where 1 - S would
			 * already have lost digits to rounding. The sum of
			 * n S has the very form expected_cons() uses. */
			double l = log1p(-s[b]);
			if (en->count < 0) {
				lp[b] += l; /* at least one device */
			} else {
				lp[b] += (double)en->count * l;
				out->expected[b] += (double)en->count * s[b];
			}
		}
		if (en->count < 0)
			out->count_unknown = 1;
		if (d.persistent) {
			persistent = 1;
			continue;
		}
		e = emplaced_cons(en->earliest, en->latest, reported);
		p = entry_phase(&d, en, e, t);
		if (p > phase)
			phase = p;
		if (e != HR_TIME_NONE)
			entry_windows(out, &d, e);
	}
	if (!recorded) {
		/* Contamination not recorded (no entry, or only counts of 0):
		 * assume the worst, one device of unknown class and count,
		 * live (S = 1, so P(any) = 1), persistent. */
		lp[0] = lp[1] = -HUGE_VAL;
		out->count_unknown = 1;
		persistent = 1;
	}
	for (int b = 0; b < 2; b++) {
		double p = -expm1(lp[b]);
		out->p_any[b] = p != p ? 1.0 : p <= 0.0 ? 0.0 : p > 1.0 ? 1.0 : p; /* -0.0 becomes 0; NaN, never expected, reads as danger */
	}
	out->phase = persistent ? HR_PHASE_PERSISTENT : (hr_phase)phase;
	if (persistent)
		out->threshold_never = 1;
	else if (out->count_unknown || isnan(threshold))
		; /* not computable: left HR_TIME_NONE, never = 0 */
	else if ((out->threshold_at = threshold_time(entries, n, reported, t, threshold)) ==
	         HR_TIME_NONE)
		out->threshold_never = 1;
}
