/* Compare: one workload's destinations under every policy at once. */
#ifndef MIGCHECK_CHECK_COMPARE_H
#define MIGCHECK_CHECK_COMPARE_H

#include "check/check.h"

enum compare_policy {
	COMPARE_CRIU_FPU_INS, /* CRIU's default, on the source host */
	COMPARE_CRIU_CPU,
	COMPARE_FULL,
	COMPARE_PATH,
	COMPARE_OBSERVED, /* only with an observation */
	COMPARE_POLICIES
};

extern const char *const compare_policy_names[COMPARE_POLICIES];

/* A static method allowed the destination; the observation refused it
 * for `observed`'s missing features. */
struct compare_failure {
	enum compare_policy policy;
	const struct verdict *observed;
};

struct migcheck_comparison {
	const migcheck_catalog *catalog;
	const migcheck_requirements *observed; /* borrowed, or NULL */
	char source[768];
	migcheck_verdicts *verdicts[COMPARE_POLICIES]; /* observed: or NULL */
	struct compare_failure *failures;
	size_t failure_count;
};

#endif
