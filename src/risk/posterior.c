/*
 * posterior.c - what clearance evidence says about a class's live
 * fraction: after k of n devices found past their SD window were still
 * live, the posterior under a uniform prior is Beta(1 + k, 1 + n - k).
 * `hazreg reliability` sets its mean and 95% credible interval beside the
 * catalogue's bounds, so a class that does worse in the field than the
 * conservative bound shows up as a headline.
 *
 * GSL computes the beta distribution function. GSL reports errors through
 * a process-wide handler that aborts by default, and switching it off
 * (gsl_set_error_handler_off) would change global state behind the
 * caller's back. So instead the inputs are validated so that GSL is only
 * ever asked what it can answer:
 *
 *  - n is at most HR_POSTERIOR_MAX_N. gsl_cdf_beta_P and gsl_cdf_beta_Q
 *    (GSL 2.7) were swept over n up to 1e7, k across its range and x
 *    across +-8 standard deviations: no error anywhere, and a number in
 *    [0, 1] up to about 1.4 million, above which some inputs give NaN.
 *  - x passed to them is always strictly inside (0, 1) and a, b >= 1.
 *
 * gsl_cdf_beta_Pinv is not used: in GSL 2.7 its Newton iteration fails to
 * converge, and so calls the aborting handler, for inputs as small as
 * n = 259, k = 2 (upper quantile). The quantiles are found here by
 * bisection of GSL's distribution function instead, which always
 * converges; tests/unit/test_risk.c checks them against closed forms, and
 * against gsl_cdf_beta_Pinv where that converges.
 */
#include "hazreg/common.h"
#include "hazreg/risk.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>

/* Largest n accepted; see above for why. */
#define HR_POSTERIOR_MAX_N 1000000u

/* Lower tail mass of each side of the 95% equal-tailed interval. */
#define TAIL 0.025

/*
 * The x with P(X <= x) = TAIL for X ~ Beta(a, b), by bisection on
 * gsl_cdf_beta_P: it stops when the bracket is two adjacent doubles (a
 * few dozen steps for the smallest quantile of n <= HR_POSTERIOR_MAX_N,
 * about 2.5e-8). Only the lower tail is ever inverted; the upper quantile
 * of Beta(a, b) is 1 minus this of Beta(b, a), which keeps full relative
 * precision on whichever side of the interval lies near 0.
 * @return 0, or -1 if GSL answered something that is not a probability
 */
static int lower_quantile(double *out, double a, double b)
{
	double lo = 0.0, hi = 1.0;
	for (int i = 0; i < 1100; i++) {
		double mid = lo + (hi - lo) / 2, p;
		if (mid <= lo || mid >= hi)
			break;
		p = gsl_cdf_beta_P(mid, a, b);
		if (!(p >= 0.0 && p <= 1.0))
			return -1;
		if (p < TAIL)
			lo = mid;
		else
			hi = mid;
	}
	*out = lo + (hi - lo) / 2;
	return 0;
}

int hr_risk_posterior(double *mean, double *lo, double *hi, uint64_t n, uint64_t k)
{
	double a, b, qlo, qhi;
	if (!mean || !lo || !hi || k > n || n > HR_POSTERIOR_MAX_N)
		return HR_EINVAL;
	a = 1.0 + (double)k;
	b = 1.0 + (double)(n - k);
	if (lower_quantile(&qlo, a, b) || lower_quantile(&qhi, b, a))
		return HR_ERROR;
	*mean = a / (a + b); /* (1 + k) / (2 + n) */
	*lo = qlo;
	*hi = 1.0 - qhi;
	return 0;
}
