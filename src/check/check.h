/* Check: requirements x catalog -> one verdict per destination, under a
 * named policy. */
#ifndef MIGCHECK_CHECK_CHECK_H
#define MIGCHECK_CHECK_CHECK_H

#include "analysis/requirements.h"
#include "catalog/catalog.h"

struct verdict {
	const struct destination *dest;
	enum migcheck_verdict verdict;
	struct feature_set missing_isa;	    /* required, not usable there */
	struct feature_set untrusted;	    /* of those: claimed by the data,
					       but not trusted */
	struct feature_set missing_flags;   /* not explained by missing_isa */
	struct feature_set unchecked_flags; /* destination lists no flags */
	uint64_t missing_xsave;
	char reason[256]; /* for unknown verdicts and CRIU policies */
};

struct migcheck_verdicts {
	const migcheck_catalog *catalog;
	enum migcheck_policy policy;
	char source[768];
	struct verdict *verdict;
	size_t count, compatible;
	size_t groups, groups_compatible;
};

/* CRIU's `criu cpuinfo check --cpu-cap` rules (criu.c): fills v->verdict
 * and v->reason for one destination against the source. A destination
 * without raw CPUID is judged by an approximation in CRIU's favour, said
 * so in v->reason. */
void criu_policy_check(enum migcheck_policy policy,
		       const migcheck_profile *source,
		       const struct destination *d, struct verdict *v);

/* XSAVE components a destination enables: a profile's XCR0, else what
 * its usable ISA sets need. */
uint64_t destination_xsave(const struct destination *d);

#endif
