/* Requirements: what a workload needs from a destination CPU. The public
 * interface between analysis (scan, watch) and check; its JSON form is
 * "migcheck/requirements/v1" (docs/requirements.md). */
#ifndef MIGCHECK_ANALYSIS_REQUIREMENTS_H
#define MIGCHECK_ANALYSIS_REQUIREMENTS_H

#include <json-c/json.h>
#include <sys/types.h>

#include "cpu/profile.h"
#include "util/strlist.h"

struct migcheck_requirements {
	struct feature_set isa_sets; /* never holds baseline sets */
	struct feature_set flags;
	uint64_t xsave; /* XCR0 components whose state it needs */
	/* evidence, keyed by ISA-set name: one JSON object per set */
	json_object *evidence;
	/* unknowns: objects {"kind", "detail"}; any makes verdicts unknown */
	json_object *unknowns;
	char source[768]; /* what it was derived from, for reports */
	bool observed;	  /* from watch: what really executed */
	/* How it was analysed (method, pause, counts), or NULL. */
	json_object *scan;
	/* The source host, when known: CRIU's policies compare it. */
	migcheck_profile *source_profile;
};

migcheck_requirements *requirements_new(void);
/* Adds an ISA set with the flags and XSAVE components it implies. */
void requirements_add_isa(migcheck_requirements *r, size_t isa);
json_object *requirements_to_json(const migcheck_requirements *r);
int requirements_from_json(json_object *obj, const char *where,
			   migcheck_requirements **out, migcheck_error *err);

#endif
