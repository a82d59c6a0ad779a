/* The host collector: agreement with the kernel's /proc/cpuinfo, the
 * profile's JSON round trip, and respect for the maximum CPUID leaf. */
#include "test_util.h"

#include <sys/wait.h>

#include "cpu/profile.h"

/* The first "flags" line of /proc/cpuinfo, space separated. */
static char *kernel_flags(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return NULL;
	static char line[8192];
	char *found = NULL;
	while (!found && fgets(line, sizeof line, f))
		if (!strncmp(line, "flags", 5))
			found = strchr(line, ':');
	fclose(f);
	if (!found)
		return NULL;
	found[strcspn(found, "\n")] = ' ';
	return found + 1;
}

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* Flags whose cpuinfo entry is the kernel's business, not the CPU's: the
 * kernel hides the bit, shows it only when it uses the feature itself, or
 * has no name for it. Only the AVX10 fields name instructions user code
 * can execute; the kernel cannot tell us anything about them. */
static const char *const kernel_decides[] = {
    /* hidden: per-task state in Linux; supervisor-mode protections; the
     * kernel enables them, or not; supervisor XSAVE, shown when the
     * kernel uses it; Linux shows constant_tsc/nonstop_tsc for invtsc */
    "osxsave",
    "smep",
    "smap",
    "umip",
    "la57",
    "pks",
    "lass",
    "xsaves",
    "invtsc",
    /* behaviour and hint bits, hidden or absent */
    "wrmsr_xx_base_ns",
    "lfence_rdtsc",
    "null_sel_clr_base",
    "prefetchi",
    /* emulated by hypervisors for the guest kernel */
    "hypervisor",
    "x2apic",
    "tsc_deadline_timer",
    "topoext",
    /* system features: MTRRs, page sizes, machine checks, debug */
    "mtrr",
    "pdpe1gb",
    "bpext",
    "pge",
    "pat",
    "pse36",
    "mce",
    "mca",
    /* kernel-managed state, speculation control, string-operation speed
     * hints and a prefetch hint (a NOP where absent), all hidden */
    "xfd",
    "intel_psfd",
    "fzrm",
    "fsrs",
    "fsrc",
    "prefetchiti",
    /* AVX10 version fields: names of migcheck's own, for which Linux
     * 6.18 has no cpuinfo name (seen on a Xeon guest) */
    "avx10",
    "avx10_1",
    "avx10_2",
    "avx10_128",
    "avx10_256",
    "avx10_512",
};

static bool kernel_decides_flag(const char *flag)
{
	for (size_t i = 0; i < sizeof kernel_decides / sizeof kernel_decides[0];
	     i++)
		if (!strcmp(flag, kernel_decides[i]))
			return true;
	return false;
}

/* Where CPUID and the kernel disagree about an instruction, running it
 * decides: a guest kernel may be shown less than user code gets (seen
 * under PVM-style hypervisors). Each probe runs in a child, so SIGILL
 * only ends the child. Returns 1 if the instruction works, 0 if not, -1
 * if there is no probe. */
static int probe_lzcnt(void)
{
	unsigned in = 0x10, out;
	__asm__ volatile("lzcnt %1, %0" : "=r"(out) : "r"(in));
	return out == 27; /* as BSR it would give 4 */
}

static int probe_extrq(void)
{
	__asm__ volatile("pxor %%xmm0, %%xmm0\n\textrq $8, $0, %%xmm0" ::
			     : "xmm0");
	return 1;
}

static int run_probe(const char *flag)
{
	static const struct {
		const char *flag;
		int (*probe)(void);
	} probes[] = {{"abm", probe_lzcnt}, {"sse4a", probe_extrq}};
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		if (strcmp(flag, probes[i].flag))
			continue;
		pid_t pid = fork();
		if (pid == 0)
			_exit(probes[i].probe() ? 0 : 1);
		int status;
		waitpid(pid, &status, 0);
		return WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	return -1;
}

static void test_flags_match_proc_cpuinfo(void **state)
{
	(void)state;
	char *kernel = kernel_flags();
	if (!kernel) {
		print_message("skipped: no flags line in /proc/cpuinfo\n");
		skip();
	}
	migcheck_profile *p;
	migcheck_error err;
	assert_int_equal(migcheck_host_collect(&p, &err), MIGCHECK_OK);
	size_t compared = 0, disagreements = 0;
	for (size_t f = 0; f < flag_count; f++) {
		const char *name = flag_table[f].name;
		bool ours = feature_set_has(&p->flags, f);
		bool theirs = has_word(kernel, name);
		/* Compare only flags that both know: a name absent from the
		 * kernel's list may be one it never prints. */
		if (!theirs && !ours)
			continue;
		if (kernel_decides_flag(name))
			continue;
		compared++;
		int works = ours != theirs ? run_probe(name) : -1;
		if (works == (int)ours) {
			print_message("flag %s: /proc/cpuinfo says %d, but the "
				      "instruction %s here: CPUID is right\n",
				      name, theirs, ours ? "runs" : "faults");
		} else if (ours != theirs) {
			print_error("flag %s: CPUID says %d, /proc/cpuinfo "
				    "says %d\n",
				    name, ours, theirs);
			disagreements++;
		}
	}
	print_message("compared %zu flags with /proc/cpuinfo\n", compared);
	assert_true(compared > 20);
	assert_int_equal(disagreements, 0);
	migcheck_profile_free(p);
}

static void test_profile_json_round_trip(void **state)
{
	(void)state;
	migcheck_profile *p, *q;
	migcheck_error err;
	assert_int_equal(migcheck_host_collect(&p, &err), MIGCHECK_OK);
	json_object *o = profile_to_json(p);
	int rc = profile_from_json(o, "round-trip", &q, &err);
	if (rc)
		fail_msg("%s", err.message);
	assert_memory_equal(&p->flags, &q->flags, sizeof p->flags);
	assert_memory_equal(&p->isa_sets, &q->isa_sets, sizeof p->isa_sets);
	assert_int_equal(p->xcr0, q->xcr0);
	assert_int_equal(p->xsave_size, q->xsave_size);
	assert_int_equal(p->leaf_count, q->leaf_count);
	assert_string_equal(p->vendor, q->vendor);
	json_object_put(o);
	migcheck_profile_free(p);
	migcheck_profile_free(q);
}

/* Intel answers a leaf above the maximum with the highest basic leaf's
 * data; a profile must not read that as real. */
static void test_leaf_above_maximum_is_not_read(void **state)
{
	(void)state;
	struct cpuid_leaf leaves[] = {
	    {0x0, 0, {0x16, 0x756e6547, 0x6c65746e, 0x49656e69}},
	    {0x7, 0, {0, 0, 0, 0}},
	    /* stale data a collector recorded for leaf 0x1E and 0x24 */
	    {0x1E, 1, {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}},
	    {0x24, 0, {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}},
	};
	migcheck_profile p = {.has_cpuid = true,
			      .max_basic_leaf = 0x16,
			      .leaves = leaves,
			      .leaf_count = 4,
			      .has_xcr0 = true,
			      .xcr0 = UINT64_MAX};
	assert_null(profile_cpuid(&p, 0x1E, 1));
	assert_non_null(profile_cpuid(&p, 0x7, 0));
	profile_derive(&p);
	for (size_t f = 0; f < flag_count; f++)
		if (flag_table[f].leaf == 0x1E || flag_table[f].leaf == 0x24)
			assert_false(feature_set_has(&p.flags, f));
	assert_string_equal(p.vendor, "GenuineIntel");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flags_match_proc_cpuinfo),
	    cmocka_unit_test(test_profile_json_round_trip),
	    cmocka_unit_test(test_leaf_above_maximum_is_not_read),
	};
	return cmocka_run_group_tests_name("host", tests, NULL, NULL);
}
