/* Collecting the profile of the CPU we run on: raw CPUID, XCR0, and the
 * model name and microcode revision that only the kernel knows. */
#include <cpuid.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/profile.h"
#include "util/error.h"

/* Leaves with subleaves, and how many to read: "count from EAX of subleaf
 * 0" where the SDM says so, else a fixed count (SDM Vol. 2A, CPUID). */
enum subleaf_rule { ONE, FIXED, EAX_MAX, UNTIL_ZERO_EAX };
static const struct {
	uint32_t leaf;
	enum subleaf_rule rule;
	uint32_t count;
} subleaf_rules[] = {
    {0x4, UNTIL_ZERO_EAX, 16},	     /* deterministic cache parameters */
    {0x7, EAX_MAX, 8},		     /* structured extended features */
    {0xB, FIXED, 4},		     /* x2APIC topology */
    {0xD, FIXED, 64},		     /* XSAVE state components */
    {0xF, FIXED, 4},		     /* RDT monitoring */
    {0x10, FIXED, 4},		     /* RDT allocation */
    {0x12, FIXED, 4},		     /* SGX */
    {0x14, EAX_MAX, 4},		     /* processor trace */
    {0x17, EAX_MAX, 4},		     /* SoC vendor */
    {0x18, EAX_MAX, 8},		     /* TLB parameters */
    {0x1D, EAX_MAX, 4},		     /* AMX tile information */
    {0x1E, FIXED, 2},		     /* AMX TMUL information and extensions */
    {0x1F, FIXED, 6},		     /* V2 extended topology */
    {0x20, EAX_MAX, 4},		     /* HRESET */
    {0x23, FIXED, 4},		     /* architectural performance monitoring */
    {0x24, FIXED, 2},		     /* AVX10 converged vector ISA */
    {0x8000001D, UNTIL_ZERO_EAX, 8}, /* AMD cache topology */
    {0x80000020, FIXED, 4},	     /* AMD platform QoS */
    {0x80000026, FIXED, 4},	     /* AMD extended topology */
};

static int add_leaf(migcheck_profile *p, uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_leaf *l =
	    realloc(p->leaves, (p->leaf_count + 1) * sizeof *l);
	if (!l)
		return -1;
	p->leaves = l;
	l = &l[p->leaf_count++];
	l->leaf = leaf;
	l->subleaf = subleaf;
	__cpuid_count(leaf, subleaf, l->reg[CPUID_EAX], l->reg[CPUID_EBX],
		      l->reg[CPUID_ECX], l->reg[CPUID_EDX]);
	return 0;
}

static int read_leaf(migcheck_profile *p, uint32_t leaf)
{
	size_t first = p->leaf_count;
	if (add_leaf(p, leaf, 0) < 0)
		return -1;
	for (size_t r = 0; r < sizeof subleaf_rules / sizeof subleaf_rules[0];
	     r++) {
		if (subleaf_rules[r].leaf != leaf)
			continue;
		uint32_t count = subleaf_rules[r].count;
		if (subleaf_rules[r].rule == EAX_MAX &&
		    p->leaves[first].reg[CPUID_EAX] + 1 < count)
			count = p->leaves[first].reg[CPUID_EAX] + 1;
		for (uint32_t s = 1; s < count; s++) {
			if (subleaf_rules[r].rule == UNTIL_ZERO_EAX &&
			    p->leaves[p->leaf_count - 1].reg[CPUID_EAX] == 0)
				break;
			if (add_leaf(p, leaf, s) < 0)
				return -1;
		}
	}
	return 0;
}

static int read_range(migcheck_profile *p, uint32_t base, uint32_t *max)
{
	uint32_t a, b, c, d;
	__cpuid(base, a, b, c, d);
	/* A range that does not exist echoes garbage: accept only maxima
	 * inside the range and below a sane bound. */
	if (a < base || a > base + 0xFF) {
		*max = 0;
		return 0;
	}
	*max = a;
	for (uint32_t leaf = base; leaf <= a; leaf++)
		if (read_leaf(p, leaf) < 0)
			return -1;
	return 0;
}

/* Features the CPU has but user code may use only once the kernel enables
 * them, which the kernel reports in the auxiliary vector rather than in
 * CPUID (Linux arch/x86/include/uapi/asm/hwcap2.h). Without the bit, the
 * instructions raise #UD in user mode. */
static const struct {
	const char *flag;
	unsigned long auxv_type, bit;
} os_enabled_by_hwcap[] = {
    {"fsgsbase", AT_HWCAP2, 1u << 1}, /* HWCAP2_FSGSBASE, CR4.FSGSBASE */
};

static void apply_os_enabling(migcheck_profile *p)
{
	for (size_t i = 0;
	     i < sizeof os_enabled_by_hwcap / sizeof os_enabled_by_hwcap[0];
	     i++) {
		int f = flag_find(os_enabled_by_hwcap[i].flag);
		if (f >= 0 && !(getauxval(os_enabled_by_hwcap[i].auxv_type) &
				os_enabled_by_hwcap[i].bit))
			feature_set_add(&p->os_disabled, (size_t)f);
	}
}

/* The kernel knows the model name and the microcode revision. */
static void read_proc_cpuinfo(migcheck_profile *p)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return;
	char line[512];
	bool have_name = false, have_microcode = false;
	while ((!have_name || !have_microcode) && fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		char *value = colon + 1 + (colon[1] == ' ');
		value[strcspn(value, "\n")] = '\0';
		if (!have_name && strncmp(line, "model name", 10) == 0) {
			snprintf(p->model_name, sizeof p->model_name, "%s",
				 value);
			have_name = true;
		} else if (!have_microcode &&
			   strncmp(line, "microcode", 9) == 0) {
			snprintf(p->microcode, sizeof p->microcode, "%s",
				 value);
			have_microcode = true;
		}
	}
	fclose(f);
}

int migcheck_host_collect(migcheck_profile **out, migcheck_error *err)
{
	if (!__get_cpuid_max(0, NULL))
		return set_error(err, MIGCHECK_ERR_UNSUPPORTED,
				 "this CPU has no CPUID instruction");
	migcheck_profile *p = calloc(1, sizeof *p);
	if (!p)
		return set_error(err, MIGCHECK_ERR_NOMEM,
				 "host: out of memory");
	uint32_t centaur_max;
	if (read_range(p, 0, &p->max_basic_leaf) < 0 ||
	    read_range(p, 0x80000000, &p->max_extended_leaf) < 0 ||
	    read_range(p, 0xC0000000, &centaur_max) < 0) {
		migcheck_profile_free(p);
		return set_error(err, MIGCHECK_ERR_NOMEM,
				 "host: out of memory");
	}
	p->has_cpuid = true;

	/* XGETBV faults unless the OS set CR4.OSXSAVE (CPUID.1:ECX[27]). */
	const struct cpuid_leaf *l1 = profile_cpuid(p, 1, 0);
	if (l1 && (l1->reg[CPUID_ECX] >> 27 & 1)) {
		uint32_t lo, hi;
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		p->xcr0 = (uint64_t)hi << 32 | lo;
	} else {
		p->xcr0 = XMASK(XFEATURE_X87) | XMASK(XFEATURE_SSE);
	}
	p->has_xcr0 = true;

	if (gethostname(p->name, sizeof p->name) != 0)
		snprintf(p->name, sizeof p->name, "localhost");
	p->name[sizeof p->name - 1] = '\0';
	read_proc_cpuinfo(p);
	apply_os_enabling(p);
	profile_derive(p);
	*out = p;
	return MIGCHECK_OK;
}
