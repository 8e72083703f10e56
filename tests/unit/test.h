/*
 * test.h - the unit tests' few assertions: typed checks that print both
 * sides with file:line, a failure counter, and HR_TEST_DONE() for main's
 * exit code. Header-only; each test program includes it once.
 */
#ifndef HR_TEST_H
#define HR_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int hr_test_failures;
static int hr_test_checks;

#define HR_CHECK(cond)                                                                         \
	do {                                                                                     \
		hr_test_checks++;                                                                \
		if (!(cond)) {                                                                   \
			hr_test_failures++;                                                      \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                                \
	} while (0)

#define HR_CHECK_INT_EQ(a, b)                                                                  \
	do {                                                                                     \
		long long hr_a_ = (long long)(a), hr_b_ = (long long)(b);                        \
		hr_test_checks++;                                                                \
		if (hr_a_ != hr_b_) {                                                            \
			hr_test_failures++;                                                      \
			fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__,     \
			        __LINE__, #a, #b, hr_a_, hr_b_);                                 \
		}                                                                                \
	} while (0)

#define HR_CHECK_STR_EQ(a, b)                                                                  \
	do {                                                                                     \
		const char *hr_a_ = (a), *hr_b_ = (b);                                           \
		hr_test_checks++;                                                                \
		if (!hr_a_ || !hr_b_ || strcmp(hr_a_, hr_b_) != 0) {                             \
			hr_test_failures++;                                                      \
			fprintf(stderr, "%s:%d: %s == %s failed:\n  \"%s\"\n  \"%s\"\n",        \
			        __FILE__, __LINE__, #a, #b, hr_a_ ? hr_a_ : "(null)",            \
			        hr_b_ ? hr_b_ : "(null)");                                       \
		}                                                                                \
	} while (0)

/* Summary line and exit code for main(). */
#define HR_TEST_DONE()                                                                         \
	(fprintf(stderr, "%d checks, %d failed\n", hr_test_checks, hr_test_failures),         \
	 hr_test_failures ? 1 : 0)

#endif
