/* CRIU's host-level policies, as `criu cpuinfo check --cpu-cap=...`
 * decides them (criu/arch/x86/cpu.c, cpu_validate_features), so that users
 * can compare them with the workload-aware check side by side:
 *
 * - fpu: the destination has fpu, fxsr, osxsave and xsaves wherever the
 *   source has them; the source's XSAVE feature mask (CPUID.(0DH,0)
 *   EDX:EAX) is a subset of the destination's; xsave_size and
 *   xsave_size_max (CPUID.(0DH,0) EBX and ECX) are exactly equal.
 * - ins: the instruction capability words, masked to CRIU's instruction
 *   bits (x86_ins_capability_mask), are a subset.
 * - cpu: every capability word is equal.
 *
 * CRIU compares the kernel's x86_capability words; the words below are the
 * CPUID registers those words are read from. Linux-defined synthetic words
 * have no CPUID source and are left out. */
#include <stdio.h>
#include <string.h>

#include "check/check.h"

/* The CPUID registers behind Linux's x86_capability words
 * (arch/x86/include/asm/cpufeatures.h, word comments). */
static const struct {
	uint32_t leaf, subleaf;
	uint8_t reg;
} capability_words[] = {
    {0x00000001, 0, CPUID_EDX}, /* word 0 */
    {0x80000001, 0, CPUID_EDX}, /* word 1 */
    {0x00000001, 0, CPUID_ECX}, /* word 4 */
    {0xC0000001, 0, CPUID_EDX}, /* word 5 */
    {0x80000001, 0, CPUID_ECX}, /* word 6 */
    {0x00000007, 0, CPUID_EBX}, /* word 9 */
    {0x0000000D, 1, CPUID_EAX}, /* word 10 */
    {0x80000008, 0, CPUID_EBX}, /* word 13 */
    {0x00000006, 0, CPUID_EAX}, /* word 14 */
    {0x8000000A, 0, CPUID_EDX}, /* word 15 */
    {0x00000007, 0, CPUID_ECX}, /* word 16 */
    {0x80000007, 0, CPUID_EBX}, /* word 17 */
    {0x00000007, 0, CPUID_EDX}, /* word 18 */
    {0x00000007, 1, CPUID_EAX}, /* word 12 in newer kernels */
};

/* The flags CRIU's x86_ins_capability_mask keeps, by Linux name. */
static const char *const criu_instruction_flags[] = {
    /* CPUID_1_EDX */
    "fpu",
    "tsc",
    "cx8",
    "sep",
    "cmov",
    "clflush",
    "mmx",
    "fxsr",
    "sse",
    "sse2",
    /* CPUID_8000_0001_EDX */
    "syscall",
    "mmxext",
    "rdtscp",
    "3dnowext",
    "3dnow",
    /* CPUID_1_ECX */
    "pni",
    "pclmulqdq",
    "monitor",
    "ssse3",
    "cx16",
    "sse4_1",
    "sse4_2",
    "movbe",
    "popcnt",
    "aes",
    "xsave",
    "osxsave",
    "avx",
    "f16c",
    "rdrand",
    /* CPUID_8000_0001_ECX */
    "abm",
    "sse4a",
    "misalignsse",
    "3dnowprefetch",
    "xop",
    "fma4",
    "tbm",
    /* CPUID_7_0_EBX */
    "fsgsbase",
    "bmi1",
    "hle",
    "avx2",
    "bmi2",
    "erms",
    "rtm",
    "mpx",
    "avx512f",
    "avx512dq",
    "rdseed",
    "adx",
    "clflushopt",
    "avx512pf",
    "avx512er",
    "avx512cd",
    "sha_ni",
    "avx512bw",
    "avx512vl",
    /* CPUID_D_1_EAX */
    "xsaveopt",
    "xsavec",
    "xgetbv1",
    "xsaves",
    /* CPUID_7_0_ECX and CPUID_7_0_EDX (newer CRIU) */
    "avx512vbmi",
    "avx512_vbmi2",
    "gfni",
    "vaes",
    "vpclmulqdq",
    "avx512_vnni",
    "avx512_bitalg",
    "avx512_vpopcntdq",
    "rdpid",
    "avx512_4vnniw",
    "avx512_4fmaps",
};

static uint32_t word(const migcheck_profile *p, size_t w)
{
	const struct cpuid_leaf *l = profile_cpuid(p, capability_words[w].leaf,
						   capability_words[w].subleaf);
	return l ? l->reg[capability_words[w].reg] : 0;
}

static bool check_fpu(const migcheck_profile *s, const migcheck_profile *d,
		      struct verdict *v)
{
	static const char *const fpu_bits[] = {"fpu", "fxsr", "osxsave",
					       "xsaves"};
	for (size_t i = 0; i < sizeof fpu_bits / sizeof fpu_bits[0]; i++) {
		int f = flag_find(fpu_bits[i]);
		if (f >= 0 && feature_set_has(&s->flags, (size_t)f) &&
		    !feature_set_has(&d->flags, (size_t)f)) {
			feature_set_add(&v->missing_flags, (size_t)f);
			snprintf(v->reason, sizeof v->reason,
				 "fpu: the destination lacks %s", fpu_bits[i]);
			return false;
		}
	}
	if (s->xsave_supported & ~d->xsave_supported) {
		v->missing_xsave = s->xsave_supported & ~d->xsave_supported;
		snprintf(
		    v->reason, sizeof v->reason,
		    "fpu: XSAVE features 0x%llx are not a subset of 0x%llx",
		    (unsigned long long)s->xsave_supported,
		    (unsigned long long)d->xsave_supported);
		return false;
	}
	if (s->xsave_size != d->xsave_size ||
	    s->xsave_size_max != d->xsave_size_max) {
		snprintf(v->reason, sizeof v->reason,
			 "fpu: XSAVE sizes differ (%u/%u here, %u/%u there)",
			 s->xsave_size, s->xsave_size_max, d->xsave_size,
			 d->xsave_size_max);
		return false;
	}
	return true;
}

static bool check_ins(const migcheck_profile *s, const migcheck_profile *d,
		      struct verdict *v)
{
	for (size_t i = 0; i < sizeof criu_instruction_flags /
				   sizeof criu_instruction_flags[0];
	     i++) {
		int f = flag_find(criu_instruction_flags[i]);
		if (f >= 0 && feature_set_has(&s->flags, (size_t)f) &&
		    !feature_set_has(&d->flags, (size_t)f))
			feature_set_add(&v->missing_flags, (size_t)f);
	}
	if (feature_set_count(&v->missing_flags) == 0)
		return true;
	snprintf(v->reason, sizeof v->reason,
		 "ins: instruction capabilities are not a subset");
	return false;
}

static bool check_cpu(const migcheck_profile *s, const migcheck_profile *d,
		      struct verdict *v)
{
	for (size_t w = 0;
	     w < sizeof capability_words / sizeof capability_words[0]; w++) {
		if (word(s, w) == word(d, w))
			continue;
		for (size_t f = 0; f < flag_count; f++)
			if (feature_set_has(&s->flags, f) !=
			    feature_set_has(&d->flags, f))
				feature_set_add(&v->missing_flags, f);
		snprintf(v->reason, sizeof v->reason,
			 "cpu: capability word CPUID.(%#x,%u):%s differs "
			 "(%#010x here, %#010x there)",
			 capability_words[w].leaf, capability_words[w].subleaf,
			 (const char *[]){"EAX", "EBX", "ECX",
					  "EDX"}[capability_words[w].reg],
			 word(s, w), word(d, w));
		return false;
	}
	return true;
}

/* ------------------------------------------------- the approximation
 *
 * A libvirt model lists flags and an ISA-set list (LiveMigrate-Detector's
 * data) lists ISA sets only: neither has the raw CPUID that CRIU
 * compares. For `migcheck compare` the rules are then applied to what is
 * known, always in CRIU's favour, so that a comparison never overstates
 * what migcheck wins:
 * - a destination's flags are its own, or else those its ISA sets
 *   require, claims not trusted included; a flag that no ISA set named
 *   in its file requires cannot be known and is not compared;
 * - its XSAVE components are those its ISA sets need, claims not
 *   trusted included; a component that no ISA set needs is not
 *   compared; XSAVE sizes are not compared;
 * - cpu compares the knowable flags for equality. */

static void approximate(enum migcheck_policy policy, const migcheck_profile *s,
			const struct destination *d, struct verdict *v)
{
	struct feature_set flags = d->flags, knowable;
	if (d->knows_flags) {
		for (size_t f = 0; f < flag_count; f++)
			feature_set_add(&knowable, f);
	} else {
		/* Claims not trusted count too: in CRIU's favour. */
		memset(&knowable, 0, sizeof knowable);
		for (size_t i = 0; i < isa_count; i++) {
			if (feature_set_has(&d->mentioned, i))
				isa_required_flags(i, &knowable);
			if (feature_set_has(&d->isa_sets, i) ||
			    feature_set_has(&d->claimed, i))
				isa_required_flags(i, &flags);
		}
	}
	bool fpu = policy == MIGCHECK_POLICY_CRIU_FPU ||
		   policy == MIGCHECK_POLICY_CRIU_FPU_INS;
	bool ins = policy == MIGCHECK_POLICY_CRIU_INS ||
		   policy == MIGCHECK_POLICY_CRIU_FPU_INS;
	const char *rule = NULL;
	for (size_t f = 0; f < flag_count; f++) {
		if (!feature_set_has(&knowable, f))
			continue;
		bool here = feature_set_has(&s->flags, f),
		     there = feature_set_has(&flags, f);
		bool compared = policy == MIGCHECK_POLICY_CRIU_CPU;
		for (size_t k = 0; !compared && ins &&
				   k < sizeof criu_instruction_flags /
					   sizeof criu_instruction_flags[0];
		     k++)
			compared = !strcmp(flag_table[f].name,
					   criu_instruction_flags[k]);
		if (compared &&
		    (policy == MIGCHECK_POLICY_CRIU_CPU ? here != there
							: here && !there)) {
			feature_set_add(&v->missing_flags, f);
			rule =
			    policy == MIGCHECK_POLICY_CRIU_CPU ? "cpu" : "ins";
		}
	}
	if (fpu) {
		/* claims not trusted count here too, in CRIU's favour (an
		 * AMX claim the catalog distrusts still names its state) */
		uint64_t comparable = 0, there = destination_xsave(d);
		for (size_t i = 0; i < isa_count; i++) {
			comparable |= isa_table[i].xsave;
			if (!d->knows_flags && feature_set_has(&d->claimed, i))
				there |= isa_table[i].xsave;
		}
		v->missing_xsave = s->xsave_supported & comparable & ~there;
		if (v->missing_xsave && !rule)
			rule = "fpu";
	}
	v->verdict = rule ? MIGCHECK_INCOMPATIBLE : MIGCHECK_COMPATIBLE;
	/* docs/policies.md says what is compared: the destination's flags,
	 * or without them its ISA sets */
	snprintf(v->reason, sizeof v->reason,
		 "%s%s (approximated, no raw CPUID)", rule ? rule : "",
		 rule ? ": not a subset" : "compatible");
}

void criu_policy_check(enum migcheck_policy policy,
		       const migcheck_profile *source,
		       const struct destination *d, struct verdict *v)
{
	const migcheck_profile *dest = d->profile;
	if (source && source->has_cpuid && (!dest || !dest->has_cpuid)) {
		approximate(policy, source, d, v);
		return;
	}
	if (!source || !dest || !source->has_cpuid || !dest->has_cpuid) {
		v->verdict = MIGCHECK_UNKNOWN;
		snprintf(v->reason, sizeof v->reason,
			 "%s needs raw CPUID of both hosts (use --like-host "
			 "and migcheck profiles)",
			 migcheck_policy_name(policy));
		return;
	}
	bool ok = true;
	if (policy == MIGCHECK_POLICY_CRIU_FPU ||
	    policy == MIGCHECK_POLICY_CRIU_FPU_INS)
		ok = check_fpu(source, dest, v);
	if (ok && (policy == MIGCHECK_POLICY_CRIU_INS ||
		   policy == MIGCHECK_POLICY_CRIU_FPU_INS))
		ok = check_ins(source, dest, v);
	if (ok && policy == MIGCHECK_POLICY_CRIU_CPU)
		ok = check_cpu(source, dest, v);
	v->verdict = ok ? MIGCHECK_COMPATIBLE : MIGCHECK_INCOMPATIBLE;
}
