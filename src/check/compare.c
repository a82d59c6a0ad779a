/* Compare: one workload, every policy, side by side (migcheck compare).
 *
 * CRIU's host-level policies judge the source host's profile; migcheck's
 * full and path scans and, when there is one, the observation judge what
 * the workload needs. The observation is a lower bound on the need: a
 * destination it refuses lacks something the workload executed, so a
 * destination that a static method allows and the observation refuses
 * is a soundness failure of that method. The observation's unknowns
 * (code it could not watch) only make the bound lower: they do not make
 * its verdicts unknown. */
#include "check/compare.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

const char *const compare_policy_names[COMPARE_POLICIES] = {
    [COMPARE_CRIU_FPU_INS] = "criu-fpu-ins",
    [COMPARE_CRIU_CPU] = "criu-cpu",
    [COMPARE_FULL] = "full",
    [COMPARE_PATH] = "path",
    [COMPARE_OBSERVED] = "observed",
};

static int judge(migcheck_comparison *c, enum compare_policy p,
		 const migcheck_requirements *req, enum migcheck_policy policy,
		 migcheck_error *err)
{
	return migcheck_check(req, c->catalog, policy, &c->verdicts[p], err);
}

/* Destinations a static method allows and the observation refuses. */
static void find_failures(migcheck_comparison *c, enum compare_policy p)
{
	const migcheck_verdicts *s = c->verdicts[p],
				*o = c->verdicts[COMPARE_OBSERVED];
	for (size_t i = 0; i < s->count; i++) {
		if (s->verdict[i].verdict != MIGCHECK_COMPATIBLE ||
		    o->verdict[i].verdict == MIGCHECK_COMPATIBLE)
			continue;
		struct compare_failure *f =
		    realloc(c->failures, (c->failure_count + 1) * sizeof *f);
		if (!f)
			return; /* the count below still tells */
		c->failures = f;
		c->failures[c->failure_count++] =
		    (struct compare_failure){p, &o->verdict[i]};
	}
}

int migcheck_compare(const migcheck_requirements *full,
		     const migcheck_requirements *path,
		     const migcheck_requirements *observed,
		     const migcheck_catalog *catalog, migcheck_comparison **out,
		     migcheck_error *err)
{
	if (!path->source_profile)
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "compare: the path requirements do not say "
				 "which host they came from");
	migcheck_comparison *c = calloc(1, sizeof *c);
	migcheck_requirements *host = NULL;
	if (!c)
		return set_error(err, MIGCHECK_ERR_NOMEM, "out of memory");
	c->catalog = catalog;
	c->observed = observed;
	snprintf(c->source, sizeof c->source, "%s", path->source);
	int rc = migcheck_requirements_from_profile(path->source_profile, &host,
						    err);
	if (!rc)
		rc = judge(c, COMPARE_CRIU_FPU_INS, host,
			   MIGCHECK_POLICY_CRIU_FPU_INS, err);
	if (!rc)
		rc = judge(c, COMPARE_CRIU_CPU, host, MIGCHECK_POLICY_CRIU_CPU,
			   err);
	if (!rc)
		rc =
		    judge(c, COMPARE_FULL, full, MIGCHECK_POLICY_WORKLOAD, err);
	if (!rc)
		rc =
		    judge(c, COMPARE_PATH, path, MIGCHECK_POLICY_WORKLOAD, err);
	if (!rc && observed) {
		migcheck_requirements bound = *observed;
		bound.unknowns = json_object_new_array();
		rc = bound.unknowns
			 ? judge(c, COMPARE_OBSERVED, &bound,
				 MIGCHECK_POLICY_WORKLOAD, err)
			 : set_error(err, MIGCHECK_ERR_NOMEM, "out of memory");
		json_object_put(bound.unknowns);
		if (!rc) {
			find_failures(c, COMPARE_PATH);
			find_failures(c, COMPARE_FULL);
		}
	}
	migcheck_requirements_free(host);
	if (rc) {
		migcheck_comparison_free(c);
		return rc;
	}
	*out = c;
	return MIGCHECK_OK;
}

size_t migcheck_comparison_failures(const migcheck_comparison *c)
{
	return c->failure_count;
}

void migcheck_comparison_free(migcheck_comparison *c)
{
	if (!c)
		return;
	for (int p = 0; p < COMPARE_POLICIES; p++)
		migcheck_verdicts_free(c->verdicts[p]);
	free(c->failures);
	free(c);
}
