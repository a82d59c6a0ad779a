/* A CPU profile: what one CPU is and what it offers to user space.
 * Collected from this host (host.c) or read from JSON (profile_json.c). */
#ifndef MIGCHECK_CPU_PROFILE_H
#define MIGCHECK_CPU_PROFILE_H

#include <json-c/json.h>

#include "cpu/feature_model.h"
#include "migcheck/migcheck.h"

struct migcheck_profile {
	char name[128];	 /* host name, or the file's own "name" */
	char vendor[16]; /* "GenuineIntel", "AuthenticAMD", ... */
	unsigned family, model, stepping;
	char model_name[64];
	char microcode[32];

	/* Raw CPUID, so that nothing is lost. The maximum basic and extended
	 * leaves bound what is real: Intel answers a leaf above the maximum
	 * with the data of the highest basic leaf. */
	bool has_cpuid;
	uint32_t max_basic_leaf, max_extended_leaf;
	struct cpuid_leaf *leaves;
	size_t leaf_count;

	/* XCR0: which state components the OS enabled. Unknown (assumed all
	 * enabled) for a profile written by hand without it. */
	bool has_xcr0;
	uint64_t xcr0;
	/* CPUID.(0DH,0): EBX = XSAVE area size for the enabled XCR0, ECX = for
	 * every supported component; EDX:EAX = the supported components. */
	uint32_t xsave_size, xsave_size_max;
	uint64_t xsave_supported;

	/* Flags CPUID reports but the OS has not enabled for user code
	 * (fsgsbase without HWCAP2_FSGSBASE): cleared from `flags`. */
	struct feature_set os_disabled;
	struct feature_set flags;
	struct feature_set isa_sets; /* usable: flags and XCR0 both allow */
};

/* Raw CPUID answer for (leaf, subleaf), or NULL when the leaf is above the
 * maximum of its range or was not recorded. */
const struct cpuid_leaf *profile_cpuid(const migcheck_profile *p, uint32_t leaf,
				       uint32_t subleaf);

/* Fills vendor/family/model/stepping/flags/xsave fields and isa_sets
 * from the raw leaves and xcr0. */
void profile_derive(migcheck_profile *p);

/* The XCR0 to judge ISA sets by: the real one, or "everything" when the
 * profile does not know it. */
uint64_t profile_effective_xcr0(const migcheck_profile *p);

/* JSON (schema "migcheck/profile/v1"). `where` names the input in errors. */
json_object *profile_to_json(const migcheck_profile *p);
int profile_from_json(json_object *obj, const char *where,
		      migcheck_profile **out, migcheck_error *err);

/* JSON arrays of the names in a feature set (sorted, baseline ISA sets
 * left out) and of the XSAVE components in a mask ("bitN" for a bit
 * without a name). */
json_object *feature_names_json(const struct feature_set *s,
				enum feature_kind kind);
json_object *xsave_names_json(uint64_t mask);

migcheck_profile *profile_clone(const migcheck_profile *p);

#endif
