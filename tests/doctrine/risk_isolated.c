/*
 * risk_isolated.c - proof by linking that the residual-risk model cannot
 * reach the store: this program is built from the files of src/risk alone, with
 * libc, libm and GSL, and no hazreg library. Were the model to call
 * anything that writes (the register, a backend, SQLite), it would not
 * link, and the test could not pass.
 */
#include <stdio.h>

#include "hazreg/risk.h"

int main(void)
{
	hr_risk_class c = {"np-sd-48h", 0, 48, 48, {6e-6, 0.10}, 2880, {6e-6, 0.001}};
	hr_risk_entry e = {&c, 10, 0, 0};
	hr_risk r;
	double mean, lo, hi;
	hr_risk_eval(&r, &e, 1, 0, 100 * 3600, 1.0);
	if (hr_risk_posterior(&mean, &lo, &hi, 10, 1) != 0)
		return 1;
	printf("phase %s, expected %.4g..%.4g\n", hr_phase_name(r.phase), r.expected[0],
	       r.expected[1]);
	return r.phase == HR_PHASE_DECAYING ? 0 : 1;
}
