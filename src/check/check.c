/* Check: each destination against the requirements, under a policy.
 *
 * The workload policy needs, for every destination:
 * - every required ISA set usable there (flags and XCR0 both allow it);
 * - every required flag, where the destination lists flags (an ISA-set
 *   list such as the LiveMigrate-Detector data cannot say; such flags are
 *   reported as unchecked);
 * - every required XSAVE component enabled there: a profile's own XCR0,
 *   else whatever a usable ISA set needs, which proves the OS enables it.
 * Requirements with unknowns make every verdict unknown: what we could not
 * analyse counts as incompatible until shown safe. */
#include "check/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

static const char *const policy_names[] = {
    [MIGCHECK_POLICY_WORKLOAD] = "workload",
    [MIGCHECK_POLICY_CRIU_FPU] = "criu-fpu",
    [MIGCHECK_POLICY_CRIU_INS] = "criu-ins",
    [MIGCHECK_POLICY_CRIU_FPU_INS] = "criu-fpu-ins",
    [MIGCHECK_POLICY_CRIU_CPU] = "criu-cpu",
};

int migcheck_policy_parse(const char *name, enum migcheck_policy *out)
{
	for (size_t i = 0; i < sizeof policy_names / sizeof policy_names[0];
	     i++)
		if (strcmp(name, policy_names[i]) == 0) {
			*out = (enum migcheck_policy)i;
			return 0;
		}
	return -1;
}

const char *migcheck_policy_name(enum migcheck_policy policy)
{
	return policy_names[policy];
}

uint64_t destination_xsave(const struct destination *d)
{
	if (d->kind == DEST_PROFILE)
		return d->xcr0;
	uint64_t enabled = XMASK(XFEATURE_X87) | XMASK(XFEATURE_SSE);
	for (size_t i = 0; i < isa_count; i++)
		if (feature_set_has(&d->isa_sets, i))
			enabled |= isa_table[i].xsave;
	return enabled;
}

static void check_workload(const migcheck_requirements *req,
			   const struct destination *d, struct verdict *v)
{
	struct feature_set explained = {{0}};
	for (size_t i = 0; i < isa_count; i++) {
		if (!feature_set_has(&req->isa_sets, i) ||
		    feature_set_has(&d->isa_sets, i))
			continue;
		feature_set_add(&v->missing_isa, i);
		isa_required_flags(i, &explained);
		if (d->kind == DEST_ISA_LIST && feature_set_has(&d->claimed, i))
			feature_set_add(&v->untrusted, i);
	}
	for (size_t f = 0; f < flag_count; f++) {
		if (!feature_set_has(&req->flags, f) ||
		    feature_set_has(&explained, f))
			continue;
		if (!d->knows_flags)
			feature_set_add(&v->unchecked_flags, f);
		else if (!feature_set_has(&d->flags, f))
			feature_set_add(&v->missing_flags, f);
	}
	/* Components the required ISA sets need are checked with them. */
	uint64_t xsave = req->xsave;
	for (size_t i = 0; i < isa_count; i++)
		if (feature_set_has(&v->missing_isa, i))
			xsave &= ~isa_table[i].xsave;
	v->missing_xsave = xsave & ~destination_xsave(d);

	bool missing = feature_set_count(&v->missing_isa) ||
		       feature_set_count(&v->missing_flags) || v->missing_xsave;
	size_t unknowns = json_object_array_length(req->unknowns);
	if (missing) {
		v->verdict = MIGCHECK_INCOMPATIBLE;
	} else if (unknowns) {
		v->verdict = MIGCHECK_UNKNOWN;
		snprintf(v->reason, sizeof v->reason,
			 "the workload has %zu unknown%s: not shown safe",
			 unknowns, unknowns == 1 ? "" : "s");
	} else {
		v->verdict = MIGCHECK_COMPATIBLE;
	}
}

int migcheck_check(const migcheck_requirements *req,
		   const migcheck_catalog *catalog, enum migcheck_policy policy,
		   migcheck_verdicts **out, migcheck_error *err)
{
	if (catalog->count == 0)
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "the catalog is empty");
	migcheck_verdicts *vs = calloc(1, sizeof *vs);
	if (vs)
		vs->verdict = calloc(catalog->count, sizeof *vs->verdict);
	if (!vs || !vs->verdict) {
		migcheck_verdicts_free(vs);
		return set_error(err, MIGCHECK_ERR_NOMEM,
				 "check: out of memory");
	}
	vs->catalog = catalog;
	vs->policy = policy;
	vs->count = catalog->count;
	vs->groups = catalog->group_count;
	snprintf(vs->source, sizeof vs->source, "%s", req->source);

	bool *group_bad = calloc(catalog->group_count + 1, sizeof *group_bad);
	if (!group_bad) {
		migcheck_verdicts_free(vs);
		return set_error(err, MIGCHECK_ERR_NOMEM,
				 "check: out of memory");
	}
	for (size_t i = 0; i < catalog->count; i++) {
		struct verdict *v = &vs->verdict[i];
		v->dest = &catalog->dest[i];
		if (policy == MIGCHECK_POLICY_WORKLOAD)
			check_workload(req, v->dest, v);
		else
			criu_policy_check(policy, req->source_profile, v->dest,
					  v);
		if (v->verdict == MIGCHECK_COMPATIBLE)
			vs->compatible++;
		else
			group_bad[v->dest->group] = true;
	}
	for (size_t g = 0; g < catalog->group_count; g++)
		vs->groups_compatible += !group_bad[g];
	free(group_bad);
	*out = vs;
	return MIGCHECK_OK;
}

size_t migcheck_verdicts_count(const migcheck_verdicts *v)
{
	return v->count;
}

size_t migcheck_verdicts_compatible(const migcheck_verdicts *v)
{
	return v->compatible;
}

size_t migcheck_verdicts_groups(const migcheck_verdicts *v)
{
	return v->groups;
}

size_t migcheck_verdicts_groups_compatible(const migcheck_verdicts *v)
{
	return v->groups_compatible;
}

int migcheck_verdicts_find(const migcheck_verdicts *v, const char *name,
			   enum migcheck_verdict *out)
{
	for (size_t i = 0; i < v->count; i++)
		if (strcmp(v->verdict[i].dest->name, name) == 0) {
			*out = v->verdict[i].verdict;
			return 0;
		}
	return -1;
}

void migcheck_verdicts_free(migcheck_verdicts *v)
{
	if (!v)
		return;
	free(v->verdict);
	free(v);
}
