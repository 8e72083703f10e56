/*
 * hazreg/risk.h - the residual-risk model of non-persistent devices:
 * how the expected number of live devices decays as self-destruct (SD)
 * and self-deactivation (SDA) timers run out, with an optimistic and a
 * conservative bound (docs/risk-model.md).
 *
 * Pure functions of (contamination, catalogue, time) -> numbers and
 * phases. Nothing here can reach the store: the model informs warnings
 * and priorities, it never changes an area's status and never releases
 * land. An open area is hazardous whatever these numbers say.
 */
#ifndef HAZREG_RISK_H
#define HAZREG_RISK_H

#include "common.h"

HR_BEGIN_DECL

/** Index of the two bounds in every [2] array of this header. */
#define HR_OPTIMISTIC 0
#define HR_CONSERVATIVE 1

/** A device class, as the catalogue holds it. */
typedef struct {
	const char *id;        /**< class id, borrowed */
	int persistent;        /**< 1: no SD/SDA at all, live until cleared */
	double sd_min_h;       /**< SD window start, hours after emplacement */
	double sd_max_h;       /**< SD window end (>= sd_min_h) */
	double sd_fail[2];     /**< P(SD fails): [optimistic, conservative] */
	double sda_by_h;       /**< backup SDA has acted by, hours (>= sd_max_h); <= 0: none */
	double sda_live[2];    /**< P(still live after SDA): [optimistic, conservative] */
} hr_risk_class;

/** One contamination entry of an area, with its class resolved. */
typedef struct {
	const hr_risk_class *cls; /**< borrowed; NULL: class unknown, treated as persistent */
	int64_t count;            /**< devices, or HR_COUNT_UNKNOWN (-1) */
	hr_time earliest;         /**< earliest possible emplacement, or HR_TIME_NONE */
	hr_time latest;           /**< latest possible emplacement, or HR_TIME_NONE */
} hr_risk_entry;

/** Phases, in order of precedence (a higher value dominates). */
typedef enum {
	HR_PHASE_RESIDUAL = 1,   /**< all SD windows and SDA deadlines have passed */
	HR_PHASE_DECAYING = 2,   /**< some device inside its SD window or before its SDA deadline */
	HR_PHASE_ACTIVE = 3,     /**< some non-persistent device has not reached its SD window */
	HR_PHASE_PERSISTENT = 4, /**< some persistent (or unknown) contamination: it dominates */
} hr_phase;

/** Name of a phase: "residual", "decaying", "active", "persistent". */
HR_EXTERN(const char *) hr_phase_name(int phase);

/**
 * Live fraction S(t) of one device of a class, both bounds.
 * The conservative bound assumes the latest possible emplacement and the
 * conservative probabilities; the optimistic bound the earliest and the
 * optimistic ones. An unknown latest emplacement is taken as `reported`
 * (the devices were there by then); an unknown earliest as "long ago"
 * (fully decayed). Before the earliest emplacement a device contributes 0.
 * @param out receives [optimistic, conservative], each in [0, 1]
 */
HR_EXTERN(void) hr_risk_live_fraction(double out[2], const hr_risk_class *cls, hr_time earliest,
                                      hr_time latest, hr_time reported, hr_time t);

/** The model's answer for one area at one time. */
typedef struct {
	hr_time at;
	hr_phase phase;
	int count_unknown;     /**< some entry has an unknown count */
	double expected[2];    /**< Σ n·S over entries with a known count */
	double p_any[2];       /**< P(at least one live) = 1 − Π(1 − S)^n; an entry of
	                            unknown count counts as (at least) one device */
	int threshold_never;   /**< 1: never falls below the threshold (persistent) */
	hr_time threshold_at;  /**< earliest time the conservative expected number of
	                            live devices is below the threshold; HR_TIME_NONE
	                            when never or not computable (unknown count) */
	hr_time sd_window[2];  /**< earliest SD window start and latest SD window end
	                            over non-persistent entries (conservative), or NONE */
	hr_time sda_deadline;  /**< latest SDA deadline (conservative), or NONE */
} hr_risk;

/**
 * Evaluate an area.
 * @param entries its contamination; none means "not recorded": persistent
 * @param reported when the area was first reported (for unknown emplacement)
 * @param threshold expected live devices to fall below (e.g. 1.0)
 */
HR_EXTERN(void) hr_risk_eval(hr_risk *out, const hr_risk_entry *entries, size_t n,
                             hr_time reported, hr_time t, double threshold);

/**
 * Posterior of a live fraction after observing k live of n devices, with a
 * uniform prior: Beta(1 + k, 1 + n − k). Mean and 95% equal-tailed
 * credible interval (quantiles from GSL).
 * @return 0, or HR_EINVAL when k > n
 */
HR_EXTERN(int) hr_risk_posterior(double *mean, double *lo, double *hi, uint64_t n, uint64_t k);

HR_END_DECL

#endif
