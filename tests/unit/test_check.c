/* Check: verdicts per destination under the workload policy and CRIU's
 * policies. */
#include "test_util.h"

#include "check/check.h"

static migcheck_requirements *requirements(const char *json)
{
	char path[128];
	write_temp(path, sizeof path, ".json", json);
	migcheck_requirements *r;
	migcheck_error err;
	int rc = migcheck_requirements_load(path, &r, &err);
	unlink(path);
	if (rc)
		fail_msg("%s", err.message);
	return r;
}

static const struct verdict *verdict_of(const migcheck_verdicts *v,
					const char *name)
{
	for (size_t i = 0; i < v->count; i++)
		if (!strcmp(v->verdict[i].dest->name, name))
			return &v->verdict[i];
	fail_msg("no verdict for %s", name);
	return NULL;
}

static void test_requirements_against_libvirt(void **state)
{
	(void)state;
	REQUIRE_PATH(LIBVIRT_CPU_MAP "/x86_features.xml");
	migcheck_requirements *r = requirements(
	    "{\"schema\":\"migcheck/requirements/v1\","
	    "\"isa_sets\":[\"AVX2\",\"BMI2\"],\"flags\":[\"avx2\",\"bmi2\"],"
	    "\"xsave_components\":[\"avx\"],\"evidence\":{},\"unknowns\":[]}");
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	assert_int_equal(migcheck_catalog_add_default(c, &err), MIGCHECK_OK);
	migcheck_verdicts *v;
	assert_int_equal(
	    migcheck_check(r, c, MIGCHECK_POLICY_WORKLOAD, &v, &err),
	    MIGCHECK_OK);
	assert_int_equal(verdict_of(v, "Haswell")->verdict,
			 MIGCHECK_COMPATIBLE);
	const struct verdict *w = verdict_of(v, "Westmere");
	assert_int_equal(w->verdict, MIGCHECK_INCOMPATIBLE);
	assert_true(feature_set_has(&w->missing_isa, (size_t)isa_find("AVX2")));
	assert_true(feature_set_has(&w->missing_isa, (size_t)isa_find("BMI2")));
	assert_int_equal(w->missing_xsave, 0); /* explained by AVX2 */
	assert_true(v->compatible > 0 && v->compatible < v->count);
	enum migcheck_verdict out;
	assert_int_equal(migcheck_verdicts_find(v, "Haswell", &out), 0);
	assert_int_equal(out, MIGCHECK_COMPATIBLE);
	assert_int_equal(migcheck_verdicts_find(v, "NoSuchCPU", &out), -1);
	migcheck_verdicts_free(v);
	migcheck_catalog_free(c);
	migcheck_requirements_free(r);
}

static void test_unknowns_make_verdicts_unknown(void **state)
{
	(void)state;
	REQUIRE_PATH(LIBVIRT_CPU_MAP "/x86_features.xml");
	migcheck_requirements *r = requirements(
	    "{\"schema\":\"migcheck/requirements/v1\",\"isa_sets\":[],"
	    "\"flags\":[],\"unknowns\":[{\"kind\":\"unreadable\","
	    "\"detail\":\"0x7f00 (no ELF file)\"}]}");
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	assert_int_equal(migcheck_catalog_add_default(c, &err), MIGCHECK_OK);
	migcheck_verdicts *v;
	assert_int_equal(
	    migcheck_check(r, c, MIGCHECK_POLICY_WORKLOAD, &v, &err),
	    MIGCHECK_OK);
	assert_int_equal(v->compatible, 0);
	assert_int_equal(verdict_of(v, "Haswell")->verdict, MIGCHECK_UNKNOWN);
	migcheck_verdicts_free(v);
	migcheck_catalog_free(c);
	migcheck_requirements_free(r);
}

/* A destination equal to this host, and three altered copies. */
static void test_criu_policies(void **state)
{
	(void)state;
	migcheck_profile *p;
	migcheck_error err;
	assert_int_equal(migcheck_host_collect(&p, &err), MIGCHECK_OK);
	migcheck_requirements *r;
	assert_int_equal(migcheck_requirements_from_profile(p, &r, &err),
			 MIGCHECK_OK);
	migcheck_catalog *c = migcheck_catalog_create();
	assert_int_equal(migcheck_catalog_add_profile(c, p, "same", &err), 0);

	migcheck_profile *q = profile_clone(p);
	q->xsave_size += 64; /* fpu: sizes must be equal */
	assert_int_equal(migcheck_catalog_add_profile(c, q, "xsave-size", &err),
			 0);
	migcheck_profile_free(q);

	/* ins: drop SSSE3 (CPUID.1:ECX[9]) from the destination. */
	q = profile_clone(p);
	for (size_t i = 0; i < q->leaf_count; i++)
		if (q->leaves[i].leaf == 1)
			q->leaves[i].reg[CPUID_ECX] &= ~(1u << 9);
	profile_derive(q);
	assert_int_equal(migcheck_catalog_add_profile(c, q, "no-ssse3", &err),
			 0);
	migcheck_profile_free(q);

	/* cpu: a thermal bit (CPUID.6:EAX[2], ARAT) differs; no instruction. */
	q = profile_clone(p);
	for (size_t i = 0; i < q->leaf_count; i++)
		if (q->leaves[i].leaf == 6)
			q->leaves[i].reg[CPUID_EAX] ^= 1u << 2;
	profile_derive(q);
	assert_int_equal(migcheck_catalog_add_profile(c, q, "arat", &err), 0);
	migcheck_profile_free(q);

	static const struct {
		enum migcheck_policy policy;
		enum migcheck_verdict same, xsave_size, no_ssse3, arat;
	} expect[] = {
	    {MIGCHECK_POLICY_CRIU_FPU, MIGCHECK_COMPATIBLE,
	     MIGCHECK_INCOMPATIBLE, MIGCHECK_COMPATIBLE, MIGCHECK_COMPATIBLE},
	    {MIGCHECK_POLICY_CRIU_INS, MIGCHECK_COMPATIBLE, MIGCHECK_COMPATIBLE,
	     MIGCHECK_INCOMPATIBLE, MIGCHECK_COMPATIBLE},
	    {MIGCHECK_POLICY_CRIU_FPU_INS, MIGCHECK_COMPATIBLE,
	     MIGCHECK_INCOMPATIBLE, MIGCHECK_INCOMPATIBLE, MIGCHECK_COMPATIBLE},
	    {MIGCHECK_POLICY_CRIU_CPU, MIGCHECK_COMPATIBLE, MIGCHECK_COMPATIBLE,
	     MIGCHECK_INCOMPATIBLE, MIGCHECK_INCOMPATIBLE},
	    {MIGCHECK_POLICY_WORKLOAD, MIGCHECK_COMPATIBLE, MIGCHECK_COMPATIBLE,
	     MIGCHECK_INCOMPATIBLE, MIGCHECK_COMPATIBLE},
	};
	for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
		migcheck_verdicts *v;
		assert_int_equal(
		    migcheck_check(r, c, expect[i].policy, &v, &err), 0);
		const char *policy = migcheck_policy_name(expect[i].policy);
		if (verdict_of(v, "same")->verdict != expect[i].same ||
		    verdict_of(v, "xsave-size")->verdict !=
			expect[i].xsave_size ||
		    verdict_of(v, "no-ssse3")->verdict != expect[i].no_ssse3 ||
		    verdict_of(v, "arat")->verdict != expect[i].arat)
			fail_msg("policy %s: unexpected verdicts", policy);
		migcheck_verdicts_free(v);
	}
	migcheck_catalog_free(c);
	migcheck_requirements_free(r);
	migcheck_profile_free(p);
}

/* A destination without raw CPUID: CRIU's rules approximated on what
 * it tells, in CRIU's favour; a source without raw CPUID: unknown. */
static void test_criu_policy_approximated(void **state)
{
	(void)state;
	migcheck_profile *p;
	migcheck_error err;
	assert_int_equal(migcheck_host_collect(&p, &err), MIGCHECK_OK);
	migcheck_requirements *r;
	assert_int_equal(migcheck_requirements_from_profile(p, &r, &err), 0);

	/* Two ISA-set lists: every set this host has, and the same
	 * without SSSE3. */
	static char csv[2][16384];
	for (int k = 0; k < 2; k++) {
		size_t len = 0;
		char *names = csv[k];
		for (size_t i = 0; i < isa_count; i++)
			if (feature_set_has(&p->isa_sets, i) &&
			    !isa_table[i].baseline &&
			    strncmp(isa_table[i].name, "SSSE3", 5) != 0)
				len += (size_t)snprintf(
				    names + len, sizeof csv[k] - len, "%s%s",
				    len ? "," : "", isa_table[i].name);
		len += (size_t)snprintf(names + len, sizeof csv[k] - len,
					",SSSE3\n");
		for (size_t i = 0; i < isa_count; i++)
			if (feature_set_has(&p->isa_sets, i) &&
			    !isa_table[i].baseline &&
			    strncmp(isa_table[i].name, "SSSE3", 5) != 0)
				len += (size_t)snprintf(
				    names + len, sizeof csv[k] - len, "1,");
		snprintf(names + len, sizeof csv[k] - len, "%d\n",
			 k == 0 ? 1 : 0);
	}
	migcheck_catalog *c = migcheck_catalog_create();
	assert_int_equal(lmd_csv_parse(c, "same", csv[0], strlen(csv[0]), &err),
			 0);
	assert_int_equal(
	    lmd_csv_parse(c, "no-ssse3", csv[1], strlen(csv[1]), &err), 0);
	lmd_csv_distrust(c, 0, "test");
	catalog_group(c);
	migcheck_verdicts *v;
	assert_int_equal(
	    migcheck_check(r, c, MIGCHECK_POLICY_CRIU_FPU_INS, &v, &err), 0);
	const struct verdict *same = verdict_of(v, "same"),
			     *other = verdict_of(v, "no-ssse3");
	if (same->verdict != MIGCHECK_COMPATIBLE)
		fail_msg("same ISA sets: %s", same->reason);
	assert_int_equal(other->verdict, MIGCHECK_INCOMPATIBLE);
	assert_true(
	    feature_set_has(&other->missing_flags, (size_t)flag_find("ssse3")));
	assert_non_null(strstr(other->reason, "approximated"));
	migcheck_verdicts_free(v);

	/* Requirements that do not name their host: nothing to compare. */
	migcheck_profile *source = r->source_profile;
	r->source_profile = NULL;
	assert_int_equal(
	    migcheck_check(r, c, MIGCHECK_POLICY_CRIU_CPU, &v, &err), 0);
	assert_int_equal(verdict_of(v, "same")->verdict, MIGCHECK_UNKNOWN);
	assert_non_null(strstr(verdict_of(v, "same")->reason, "raw CPUID"));
	r->source_profile = source;
	migcheck_verdicts_free(v);
	migcheck_catalog_free(c);
	migcheck_requirements_free(r);
	migcheck_profile_free(p);
}

static void test_policy_names(void **state)
{
	(void)state;
	enum migcheck_policy p;
	assert_int_equal(migcheck_policy_parse("criu-fpu-ins", &p), 0);
	assert_int_equal(p, MIGCHECK_POLICY_CRIU_FPU_INS);
	assert_string_equal(migcheck_policy_name(p), "criu-fpu-ins");
	assert_int_equal(migcheck_policy_parse("lenient", &p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_requirements_against_libvirt),
	    cmocka_unit_test(test_unknowns_make_verdicts_unknown),
	    cmocka_unit_test(test_criu_policies),
	    cmocka_unit_test(test_criu_policy_approximated),
	    cmocka_unit_test(test_policy_names),
	};
	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
